//! Tesseract's TSV (one row per word, with its box and confidence) into intake's blocks.
//!
//! The words are joined by their geometry, not by the spaces the engine prints: `chi_sim`
//! prints a space between most CJK characters and between the digits of a number ("人员总数:
//! 1 6 9人"), which would break every figure and every search. A space is kept only where two
//! Latin letters or digits stand a real gap apart (about a third of the line's height).

use intake_model::{Block, BlockKind};

/// One recognised word: its box in pixels (origin top-left) and confidence 0–100.
#[derive(Debug, Clone, PartialEq)]
struct Word {
    left: f32,
    top: f32,
    right: f32,
    bottom: f32,
    conf: f32,
    text: String,
}

/// One line as Tesseract found it, with the paragraph it belongs to.
#[derive(Debug, Clone, PartialEq)]
struct Line {
    /// (block, paragraph) numbers.
    para: (u32, u32),
    words: Vec<Word>,
}

/// How pixels map to the page: points per pixel, and the page box `[x0, y0, x1, y1]` in PDF user
/// space (for a DOCX image, `None`: its blocks have no box).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Placement {
    /// PDF points per image pixel, horizontally and vertically.
    pub(crate) scale: (f32, f32),
    /// The page's MediaBox.
    pub(crate) media: [f32; 4],
}

fn parse(tsv: &str) -> Vec<Line> {
    let mut lines: Vec<Line> = Vec::new();
    let mut key = None;
    for row in tsv.lines() {
        let c: Vec<&str> = row.splitn(12, '\t').collect();
        if c.len() < 12 || c[0] != "5" {
            continue;
        }
        let n = |i: usize| c[i].trim().parse::<f32>().ok();
        let (Some(left), Some(top), Some(w), Some(h), Some(conf)) = (n(6), n(7), n(8), n(9), n(10))
        else {
            continue;
        };
        let text = c[11].trim();
        if text.is_empty() || conf < 0.0 {
            continue;
        }
        let id = |i: usize| c[i].trim().parse::<u32>().unwrap_or(0);
        let this = (id(2), id(3), id(4));
        let word = Word {
            left,
            top,
            right: left + w,
            bottom: top + h,
            conf,
            text: text.to_string(),
        };
        if key == Some(this)
            && let Some(l) = lines.last_mut()
        {
            l.words.push(word);
        } else {
            lines.push(Line {
                para: (this.0, this.1),
                words: vec![word],
            });
            key = Some(this);
        }
    }
    lines
}

/// A Chinese character (not a full-width mark).
fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF)
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x303F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF)
}

/// Chinese punctuation as the page prints it: `chi_sim` gives ASCII `, : ; ! ? ( )` for most
/// full-width marks. A mark after a Chinese character (or a full-width mark) becomes full-width,
/// and so does a bracket around Chinese text; between digits and Latin letters (8,300.00,
/// ISO 9001:2015) everything stays as read.
fn full_width_punctuation(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    // Whether each open bracket on the stack was widened, so its partner is too.
    let mut opened: Vec<bool> = Vec::new();
    // The last mark written, as written (a widened bracket counts as full-width).
    let mut prev: Option<char> = None;
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied();
        let after_cjk = prev.is_some_and(is_cjk);
        let wide = match c {
            // 、 read as a full stop or a backslash between two characters (更简短.通俗).
            '.' | '\\' if prev.is_some_and(is_han) && next.is_some_and(is_han) => '、',
            ',' if after_cjk => '，',
            ':' if after_cjk => '：',
            ';' if after_cjk => '；',
            '!' if after_cjk => '！',
            '?' if after_cjk => '？',
            '(' => {
                let w = after_cjk || next.is_some_and(is_cjk);
                opened.push(w);
                if w { '（' } else { '(' }
            }
            ')' => {
                let w = opened.pop().unwrap_or(false) || after_cjk;
                if w { '）' } else { ')' }
            }
            _ => c,
        };
        out.push(wide);
        if wide != ' ' {
            prev = Some(wide);
        }
    }
    out
}

/// A round bracket read as an angle bracket (`面积〈平方米)`): 〈 closed by a round bracket, or
/// 〉 opened by one, within a few characters, is the round bracket. Matched pairs 〈…〉 (a
/// title inside 《》) are left alone.
fn angle_brackets(text: &str) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for i in 0..chars.len() {
        let near = |range: std::ops::Range<usize>, want: &[char]| {
            chars[range].iter().any(|c| want.contains(c))
        };
        if chars[i] == '〈' && near(i + 1..chars.len().min(i + 9), &[')', '）']) {
            chars[i] = '（';
        } else if chars[i] == '〉' && near(i.saturating_sub(8)..i, &['(', '（']) {
            chars[i] = '）';
        }
    }
    chars.into_iter().collect()
}

/// The dash of a standard's number or a range (GB/T 15834—2011, 2021—2023) read as the
/// character 一: between two digits it is the dash.
fn dash_between_digits(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let digit = |k: Option<&char>| k.is_some_and(|c| c.is_ascii_digit());
            if c == '一' && i > 0 && digit(chars.get(i - 1)) && digit(chars.get(i + 1)) {
                '—'
            } else {
                c
            }
        })
        .collect()
}

/// A colon read twice, once as a semicolon (`名称;:`, `名称：;`): the lower dot of a colon
/// beside a stroke of the character before it. The semicolon is dropped.
fn one_colon(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let colon = |c: Option<&char>| matches!(c, Some(':' | '：'));
    chars
        .iter()
        .enumerate()
        .filter(|&(i, c)| {
            !(matches!(c, ';' | '；')
                && (colon(chars.get(i + 1)) || i > 0 && colon(chars.get(i - 1))))
        })
        .map(|(_, c)| *c)
        .collect()
}

/// `m²` as OCR misreads it after an area word: the raised ² is lost or read as a letter
/// (`面积(ni)`, `面积（m2）`, `面积(rn)`). Only a bracketed unit of one to three Latin letters,
/// digits or `?` starting with m, n or r right after 面积 is repaired; 面积(亩) and 面积(万平方米)
/// are left as written.
fn square_metres(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let after_area = i >= 2 && chars[i - 2] == '面' && chars[i - 1] == '积';
        if after_area && matches!(chars[i], '(' | '（') {
            let close = (i + 1..chars.len().min(i + 6)).find(|&k| matches!(chars[k], ')' | '）'));
            if let Some(c) = close {
                let unit: String = chars[i + 1..c].iter().collect();
                let garbled = (1..=3).contains(&unit.chars().count())
                    && unit.starts_with(['m', 'n', 'r'])
                    && unit
                        .chars()
                        .all(|u| u.is_ascii_alphanumeric() || "?²".contains(u))
                    && unit != "m";
                if garbled {
                    out.push(chars[i]);
                    out.push_str("m²");
                    out.push(chars[c]);
                    i = c + 1;
                    continue;
                }
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

impl Line {
    fn height(&self) -> f32 {
        let mut h: Vec<f32> = self.words.iter().map(|w| w.bottom - w.top).collect();
        h.sort_by(f32::total_cmp);
        h[h.len() / 2].max(1.0)
    }

    /// The line's text, words joined by geometry (see the module docs).
    fn text(&self) -> String {
        let gap_for_space = self.height() / 3.0;
        let mut out = String::new();
        let mut prev: Option<&Word> = None;
        for w in &self.words {
            if let (Some(p), Some(a), Some(b)) = (prev, out.chars().last(), w.text.chars().next())
                && a.is_ascii_alphanumeric()
                && b.is_ascii_alphanumeric()
                && w.left - p.right >= gap_for_space
            {
                out.push(' ');
            }
            out.push_str(&w.text);
            prev = Some(w);
        }
        let out = one_colon(&dash_between_digits(&angle_brackets(&out)));
        square_metres(&full_width_punctuation(&out))
    }

    fn left(&self) -> f32 {
        self.words.iter().map(|w| w.left).fold(f32::MAX, f32::min)
    }
    fn right(&self) -> f32 {
        self.words.iter().map(|w| w.right).fold(0.0, f32::max)
    }
    fn top(&self) -> f32 {
        self.words.iter().map(|w| w.top).fold(f32::MAX, f32::min)
    }
    fn bottom(&self) -> f32 {
        self.words.iter().map(|w| w.bottom).fold(0.0, f32::max)
    }
}

/// Lines the engine is less sure of than this (mean over their characters, 0–100) are dropped.
/// On the development set's scans every block of text scores 76 or more; on the real scans the
/// lines below 40 are a seal, an emblem or a photo read as strings of common characters
/// (机, 国人和生生人生人和村…).
const MIN_LINE_CONFIDENCE: f32 = 40.0;

/// A block under construction: its lines' text, box in pixels, and (confidence × chars, chars).
struct Pending {
    text: String,
    bbox: [f32; 4],
    conf: (f32, f32),
}

/// Blocks from TSV, in the engine's reading order, each a paragraph with its box (PDF user
/// space when `place` is given) and confidence (0–100, the mean of its words weighted by
/// characters). `width` is the image width in pixels.
///
/// A line joins the one before it only where that one ran to the paragraph's right edge in a
/// wide paragraph without ending a sentence or a field (a wrapped line of prose); every other
/// line — a form's `标签: 值`, a heading, a short line — stands alone, so one field's value is
/// never run into the next field's label.
pub(crate) fn blocks(tsv: &str, width: f32, place: Option<Placement>) -> Vec<Block> {
    let lines = parse(tsv);
    let mut out: Vec<Block> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        // Lines are joined within the engine's text block, not its paragraph: `chi_sim` often
        // makes an indented first line a paragraph of its own, which would cut every
        // paragraph's first line from the rest.
        let block = lines[i].para.0;
        let j = (i..lines.len())
            .find(|&k| lines[k].para.0 != block)
            .unwrap_or(lines.len());
        let group = &lines[i..j];
        let p_left = group.iter().map(Line::left).fold(f32::MAX, f32::min);
        let p_right = group.iter().map(Line::right).fold(0.0, f32::max);
        let wide = p_right - p_left >= 0.6 * width;
        let mut cur: Option<Pending> = None;
        for line in group {
            let text = line.text();
            let h = line.height();
            let conf: f32 = line
                .words
                .iter()
                .map(|w| w.conf * w.text.chars().count() as f32)
                .sum();
            let chars: f32 = line
                .words
                .iter()
                .map(|w| w.text.chars().count() as f32)
                .sum();
            if conf < MIN_LINE_CONFIDENCE * chars {
                // Not text: a seal, a photo, a watermark read as characters.
                continue;
            }
            let joins = cur.as_ref().is_some_and(|c| {
                let last = c.text.chars().last().unwrap_or('。');
                wide && c.bbox[2] >= p_right - 1.5 * h
                    && line.left() <= p_left + 1.5 * h
                    && (is_cjk(last) && !"。：；！？，、".contains(last)
                        || last == '，'
                        || last == ',')
                    && !is_field(&c.text)
                    && !is_field(&text)
            });
            match cur.as_mut() {
                Some(c) if joins => {
                    c.text.push_str(&text);
                    c.bbox = [
                        c.bbox[0].min(line.left()),
                        c.bbox[1].min(line.top()),
                        c.bbox[2].max(line.right()),
                        c.bbox[3].max(line.bottom()),
                    ];
                    c.conf = (c.conf.0 + conf, c.conf.1 + chars);
                }
                _ => {
                    if let Some(c) = cur.take() {
                        out.push(finish(c, place));
                    }
                    cur = Some(Pending {
                        text,
                        bbox: [line.left(), line.top(), line.right(), line.bottom()],
                        conf: (conf, chars),
                    });
                }
            }
        }
        if let Some(c) = cur.take() {
            out.push(finish(c, place));
        }
        i = j;
    }
    out
}

/// `标签: 值` — a label of at most 16 characters before a colon: a form's line, never the
/// middle of a wrapped sentence.
fn is_field(text: &str) -> bool {
    text.chars().take(17).any(|c| c == ':' || c == '：')
}

fn finish(p: Pending, place: Option<Placement>) -> Block {
    let bbox = place.map(|pl| {
        let [mx0, _, _, my1] = pl.media;
        let (sx, sy) = pl.scale;
        [
            mx0 + p.bbox[0] * sx,
            my1 - p.bbox[3] * sy,
            mx0 + p.bbox[2] * sx,
            my1 - p.bbox[1] * sy,
        ]
    });
    let conf = if p.conf.1 > 0.0 {
        p.conf.0 / p.conf.1
    } else {
        0.0
    };
    Block {
        text: p.text,
        kind: BlockKind::Paragraph,
        bbox,
        ocr_confidence: Some(conf.round().clamp(0.0, 100.0) as u8),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A TSV word row: block, paragraph, line, word number, box, confidence, text.
    fn w(b: u32, p: u32, l: u32, n: u32, bx: [u32; 4], conf: f32, t: &str) -> String {
        format!(
            "5\t1\t{b}\t{p}\t{l}\t{n}\t{}\t{}\t{}\t{}\t{conf}\t{t}",
            bx[0], bx[1], bx[2], bx[3]
        )
    }

    #[test]
    fn digits_and_cjk_printed_apart_are_joined_by_geometry() {
        let tsv = [
            "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext".to_string(),
            "4\t1\t1\t1\t1\t0\t10\t10\t300\t30\t-1\t".to_string(),
            w(1, 1, 1, 1, [10, 10, 60, 30], 96.0, "职工"),
            w(1, 1, 1, 2, [72, 10, 60, 30], 94.0, "总数:"),
            w(1, 1, 1, 3, [150, 10, 14, 30], 90.0, "2"),
            w(1, 1, 1, 4, [166, 10, 14, 30], 88.0, "0"),
            w(1, 1, 1, 5, [182, 10, 14, 30], 91.0, "7"),
            w(1, 1, 1, 6, [198, 10, 30, 30], 95.0, "人"),
            // A second line of the same paragraph: two Latin words a real gap apart.
            w(1, 1, 2, 1, [10, 50, 40, 30], 80.0, "ISO"),
            w(1, 1, 2, 2, [70, 50, 60, 30], 70.0, "9001"),
        ]
        .join("\n");
        let b = blocks(&tsv, 1000.0, None);
        let texts: Vec<&str> = b.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["职工总数：207人", "ISO 9001"]);
        // Confidence weighted by characters: (96·2 + 94·3 + 90 + 88 + 91 + 95) / 9.
        assert_eq!(b[0].ocr_confidence, Some(93));
        assert_eq!(b[1].bbox, None);
    }

    #[test]
    fn wrapped_prose_joins_but_form_fields_stand_alone() {
        let rows = [
            // A wide paragraph: the first line runs to the right edge and ends mid-sentence.
            w(
                1,
                1,
                1,
                1,
                [20, 10, 900, 30],
                90.0,
                "本单位长期从事工业互联网平台研发与推广",
            ),
            w(1, 1, 2, 1, [20, 50, 400, 30], 90.0, "服务，成效显著。"),
            // A form in one paragraph: a full-width field line followed by the next field.
            w(
                2,
                1,
                1,
                1,
                [20, 100, 900, 30],
                90.0,
                "填报单位:某某科技股份有限公司",
            ),
            w(2, 1, 2, 1, [20, 140, 500, 30], 90.0, "报告年度:2025"),
            w(
                2,
                1,
                3,
                1,
                [20, 180, 900, 30],
                90.0,
                "单位地址：某省某市某区某某路某某号某某大厦",
            ),
            w(2, 1, 4, 1, [20, 220, 300, 30], 90.0, "十二层"),
        ];
        let b = blocks(&rows.join("\n"), 1000.0, None);
        let texts: Vec<&str> = b.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "本单位长期从事工业互联网平台研发与推广服务，成效显著。",
                "填报单位：某某科技股份有限公司",
                "报告年度：2025",
                "单位地址：某省某市某区某某路某某号某某大厦",
                "十二层"
            ]
        );
    }

    #[test]
    fn an_indented_first_line_the_engine_set_apart_joins_its_paragraph() {
        let rows = [
            w(
                3,
                1,
                1,
                1,
                [80, 10, 840, 30],
                88.0,
                "为进一步推进工作，我们在全省范围内组织",
            ),
            w(3, 2, 1, 1, [20, 50, 500, 30], 90.0, "开展了专项行动。"),
        ];
        let b = blocks(&rows.join("\n"), 1000.0, None);
        let texts: Vec<&str> = b.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            texts,
            ["为进一步推进工作，我们在全省范围内组织开展了专项行动。"]
        );
    }

    #[test]
    fn punctuation_after_chinese_is_full_width() {
        assert_eq!(
            full_width_punctuation("递给他们;\"亲生的,我的种!\"立刻"),
            "递给他们；\"亲生的，我的种！\"立刻"
        );
        assert_eq!(
            full_width_punctuation("年相关服务收入(万元):8,300.00"),
            "年相关服务收入（万元）：8,300.00"
        );
        assert_eq!(
            full_width_punctuation("ISO 9001:2015 (E)"),
            "ISO 9001:2015 (E)"
        );
        assert_eq!(
            full_width_punctuation("衡辰信息技术(杭州)股份"),
            "衡辰信息技术（杭州）股份"
        );
    }

    #[test]
    fn a_round_bracket_read_as_an_angle_bracket() {
        assert_eq!(
            angle_brackets("实验场地面积 〈平方米) : 1520"),
            "实验场地面积 （平方米) : 1520"
        );
        assert_eq!(angle_brackets("占比(%〉: 64.71"), "占比(%）: 64.71");
        assert_eq!(angle_brackets("《〈资本论〉导读》"), "《〈资本论〉导读》");
    }

    #[test]
    fn a_dash_between_digits_is_a_dash() {
        assert_eq!(dash_between_digits("GB/T 15834一2011"), "GB/T 15834—2011");
        assert_eq!(dash_between_digits("第一章 一是"), "第一章 一是");
    }

    #[test]
    fn lines_the_engine_barely_read_are_dropped() {
        let rows = [
            w(1, 1, 1, 1, [20, 10, 300, 30], 91.0, "标点符号用法"),
            w(
                2,
                1,
                1,
                1,
                [20, 60, 900, 30],
                15.0,
                "国人和生生人生人和村下",
            ),
        ];
        let b = blocks(&rows.join("\n"), 1000.0, None);
        assert_eq!(b.len(), 1);
        assert_eq!(b[0].text, "标点符号用法");
    }

    #[test]
    fn a_colon_read_twice_is_one_colon() {
        assert_eq!(one_colon("名称;:某某研究院"), "名称:某某研究院");
        assert_eq!(one_colon("名称：；某某研究院"), "名称：某某研究院");
        assert_eq!(one_colon("甲;乙:丙"), "甲;乙:丙");
    }

    #[test]
    fn a_misread_square_metre_after_an_area_word_is_repaired() {
        for (ocr, want) in [
            ("科研用房面积(ni) : 5040", "科研用房面积(m²) : 5040"),
            ("建筑面积（m2）：1200", "建筑面积（m²）：1200"),
            ("场地面积(rn):800", "场地面积(m²):800"),
            // Left alone: real units, a bracket not after 面积, a long word.
            ("占地面积(亩): 30", "占地面积(亩): 30"),
            ("面积(万平方米): 3", "面积(万平方米): 3"),
            ("设备(mi): 3", "设备(mi): 3"),
            ("面积(mainly)", "面积(mainly)"),
        ] {
            assert_eq!(square_metres(ocr), want);
        }
    }

    #[test]
    fn boxes_are_placed_in_pdf_user_space() {
        let tsv = w(1, 1, 1, 1, [100, 200, 300, 50], 90.0, "盖章");
        let place = Placement {
            scale: (0.5, 0.5),
            media: [0.0, 0.0, 600.0, 800.0],
        };
        let b = blocks(&tsv, 1200.0, Some(place));
        assert_eq!(b[0].bbox, Some([50.0, 675.0, 200.0, 700.0]));
    }
}
