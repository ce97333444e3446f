//! Passages about another entity. An annual report profiles its subsidiaries and investees one
//! by one — a numbered heading naming the company, a line saying what it is to the reporting
//! company, then its founding date, capital and revenue:
//!
//! ```text
//! 2.NTTANK（HK）LIMITED
//! 公司全资子公司。
//! 营业收入：人民币 503,660.88 元
//! ```
//!
//! Those figures are the subsidiary's. Read as the applicant's, they contradict the applicant's
//! own (`inconsistent_value` between 117,530.10 万元 and 503,660.88 元 of 营业收入) and can meet a
//! threshold the applicant does not. [`Scope`] tells the reader which paragraphs to pass over.

/// Paragraphs (PDF lines) a profile may run to when no numbered heading ends it first.
const PROFILE_BLOCKS: usize = 24;

/// Longest heading (characters) taken as a company's name.
const NAME_MAX: usize = 40;

/// Follows a document's paragraphs in order and says which belong to a subsidiary's profile.
#[derive(Debug, Default)]
pub(crate) struct Scope {
    /// The last non-empty paragraph was a numbered heading naming a company.
    after_name: bool,
    /// Paragraphs of the current profile still to pass over (0: not in a profile).
    left: usize,
}

impl Scope {
    /// Whether the passage being read is about another entity, so a table met now (the
    /// controlling shareholder's 名称 | 成立日期 form) is that entity's too.
    pub(crate) fn in_profile(&self) -> bool {
        self.left > 0
    }

    /// Takes the next paragraph; `true` when it belongs to a subsidiary's or investee's
    /// profile: the line right after a numbered company heading that calls the company a
    /// subsidiary (公司全资子公司, 控股子公司, 参股公司), and the lines after it up to the next
    /// numbered heading, at most [`PROFILE_BLOCKS`] of them.
    pub(crate) fn other_entity(&mut self, text: &str) -> bool {
        let t = text.trim();
        if t.is_empty() {
            return self.left > 0;
        }
        if let Some(rest) = after_ordinal(t) {
            self.left = 0;
            if opens_profile(rest) {
                self.left = PROFILE_BLOCKS - 1;
                return true;
            }
            // 控股股东情况 / 实际控制人情况: the shareholder's name, founding date and code follow.
            if ["控股股东", "实际控制人"].iter().any(|w| rest.contains(w)) {
                self.left = PROFILE_BLOCKS;
                return false;
            }
            self.after_name = names_company(rest);
            return false;
        }
        if std::mem::take(&mut self.after_name) && calls_it_subsidiary(t) {
            self.left = PROFILE_BLOCKS;
        }
        if self.left > 0 {
            self.left -= 1;
            return true;
        }
        false
    }
}

/// The text after a heading's ordinal (`2.` `3、` `（四）` `(5)` `第六节` `七、`), if it opens with
/// one. A figure (`1.5亿元`) is not an ordinal: the mark must not be followed by a digit.
pub(crate) fn after_ordinal(t: &str) -> Option<&str> {
    let numeral = |c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c);
    // The first 8 characters are all it looks at: kept on the stack (this runs on every line).
    let mut first = [(0usize, '\0'); 8];
    let mut len = 0;
    for (slot, ci) in first.iter_mut().zip(t.char_indices()) {
        *slot = ci;
        len += 1;
    }
    let chars = &first[..len];
    let rest_at = |i: usize| chars.get(i).map_or(t.len(), |&(b, _)| b);
    // （四） (5)
    if let Some(&(_, '（' | '(')) = chars.first() {
        let n = chars[1..].iter().take_while(|(_, c)| numeral(*c)).count();
        if (1..=3).contains(&n) && matches!(chars.get(1 + n), Some((_, '）' | ')'))) {
            return Some(t[rest_at(2 + n)..].trim_start());
        }
        return None;
    }
    // 第六节
    if let Some(&(_, '第')) = chars.first() {
        let n = chars[1..].iter().take_while(|(_, c)| numeral(*c)).count();
        if (1..=3).contains(&n) && matches!(chars.get(1 + n), Some((_, '节' | '章' | '部'))) {
            return Some(t[rest_at(2 + n)..].trim_start());
        }
        return None;
    }
    // 2. 3、 七、
    let n = chars.iter().take_while(|(_, c)| numeral(*c)).count();
    if (1..=3).contains(&n)
        && matches!(chars.get(n), Some((_, '、' | '.' | '．')))
        && !chars.get(n + 1).is_some_and(|(_, c)| c.is_ascii_digit())
    {
        return Some(t[rest_at(n + 1)..].trim_start());
    }
    None
}

/// Whether a heading's text is a company's name (南通四方节能科技有限公司, NTTANK（HK）LIMITED):
/// short, no sentence punctuation, ending in a company word.
pub(crate) fn names_company(rest: &str) -> bool {
    let lower = rest.to_lowercase();
    !rest.is_empty()
        && rest.chars().count() <= NAME_MAX
        && !rest.contains(['，', '。', '；', ',', ';', '：', ':'])
        && (rest.ends_with("公司")
            || ["limited", "ltd", "ltd.", "inc", "inc.", "gmbh", "co."]
                .iter()
                .any(|w| lower.ends_with(w)))
}

/// Whether a numbered paragraph opens a passage about another entity on its own line: a named
/// company called a subsidiary at once (（1）某某有限公司为公司全资子公司，…营业收入…), or the units
/// under the company (1、公司下属主要景区具体情况：甲景区…实现营业收入…).
fn opens_profile(rest: &str) -> bool {
    if ["公司下属", "本公司下属", "下属"]
        .iter()
        .any(|w| rest.starts_with(w))
    {
        return true;
    }
    rest.match_indices("公司").any(|(at, w)| {
        let name = &rest[..at + w.len()];
        name.chars().count() >= 5
            && name.chars().count() <= NAME_MAX
            && names_company(name)
            && ["为", "系", "是"]
                .iter()
                .any(|v| rest[at + w.len()..].starts_with(v))
            && calls_it_subsidiary(&rest[at + w.len()..])
    })
}

/// Whether a line opens by calling the company just named the reporting company's subsidiary
/// or investee: (系|为|是)? (本公司|公司)? (的|之)? (全资|控股|全资控股)? (子公司|孙公司), or 参股公司.
fn calls_it_subsidiary(t: &str) -> bool {
    let mut s = t;
    for prefixes in [
        &["系", "为", "是"][..],
        &["本公司", "公司"],
        &["的", "之"],
        &["全资控股", "全资", "控股"],
    ] {
        if let Some(p) = prefixes.iter().find(|p| s.starts_with(*p)) {
            s = &s[p.len()..];
        }
    }
    ["子公司", "孙公司", "参股公司"]
        .iter()
        .any(|w| s.starts_with(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(lines: &[&str]) -> Vec<bool> {
        let mut s = Scope::default();
        lines.iter().map(|l| s.other_entity(l)).collect()
    }

    #[test]
    fn a_subsidiary_profile_is_passed_over_up_to_the_next_heading() {
        let got = scan(&[
            "公司实现营业收入 117,530.10 万元",
            "2.NTTANK（HK）LIMITED",
            "公司全资子公司。",
            "营业收入：人民币 503,660.88 元",
            "4. 南通四方节能科技有限公司",
            "公司全资子公司，成立于 2018 年 3 月 6 日，目前尚在筹备阶段",
            "注册资本：人民币 200,000,000.00 元",
            "（八） 公司控制的结构化主体情况",
            "营业收入 1,000 万元",
        ]);
        assert_eq!(
            got,
            [false, false, true, true, false, true, true, false, false]
        );
    }

    #[test]
    fn a_numbered_paragraph_naming_a_subsidiary_or_the_units_under_the_company_is_theirs() {
        let got = scan(&[
            "（1）青岚动力有限公司为公司全资子公司，主要从事电机的研发与销售，",
            "营业收入 12,300 万元，净利润 800 万元。",
            "（2）橙湾科技有限公司系本公司控股子公司，营业收入 5,100 万元。",
            "（3）公司控股子公司白沙物流有限公司归集资金，营业收入增加",
            "公司实现营业收入 98,000 万元",
            "1、公司下属主要景点情况：甲景区接待游客 30 万人，实现营业收入 4,000 万元，",
            "较上年同期增长 5%。乙酒店实现营业收入 900 万元。",
            "2、收入减少的主要原因是：",
        ]);
        assert_eq!(got, [true, true, true, false, false, true, true, false]);
    }

    #[test]
    fn the_controlling_shareholders_section_is_anothers() {
        let mut s = Scope::default();
        assert!(!s.other_entity("（一）控股股东情况"));
        assert!(s.in_profile());
        assert!(!s.other_entity("五、公司治理"));
        assert!(!s.in_profile());
    }

    #[test]
    fn mentions_of_subsidiaries_elsewhere_stay_the_applicants() {
        // No company heading before: a sentence about the company's own figures.
        let got = scan(&[
            "（1）客户存款净增加额增加主要是公司控股子公司贵州茅台集团财务有限公司归集资金",
            "公司全资子公司贵州茅台酒巴黎贸易有限公司注册地位于法国巴黎",
            "营业收入 1,000 万元",
        ]);
        assert_eq!(got, [false, false, false]);
        // A heading that is a section title, not a company.
        assert_eq!(
            scan(&["三、主要子公司情况", "全资子公司。", "x"]),
            [false, false, false]
        );
    }

    #[test]
    fn ordinals_and_figures_are_told_apart() {
        assert_eq!(
            after_ordinal("2.NTTANK（HK）LIMITED"),
            Some("NTTANK（HK）LIMITED")
        );
        assert_eq!(
            after_ordinal("（八） 公司控制的结构化主体情况"),
            Some("公司控制的结构化主体情况")
        );
        assert_eq!(
            after_ordinal("第四节 经营情况讨论与分析"),
            Some("经营情况讨论与分析")
        );
        assert_eq!(after_ordinal("十二、其他"), Some("其他"));
        assert_eq!(after_ordinal("1.5亿元"), None);
        assert_eq!(after_ordinal("2020 年公司实现营业收入"), None);
        assert!(calls_it_subsidiary("系本公司的全资子公司"));
        assert!(calls_it_subsidiary("公司参股公司"));
        assert!(!calls_it_subsidiary("公司实现营业收入"));
    }
}
