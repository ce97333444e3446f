//! Page layout: placed glyphs → lines → blocks in reading order.
//!
//! Glyphs are first brought upright (page `/Rotate`, ISO 32000-1 §7.7.3.3) and grouped by
//! writing direction (rotated and vertical text are read along their own baseline). Lines come
//! from baseline clustering of stream-order runs; spaces are inserted where the gap between
//! glyphs exceeds a fraction of the font size, never guessed. A line whose pieces are separated
//! by wide gaps is split into cells; consecutive such lines form a table whose rows stay one
//! block each with `\t` between cells. Two-column pages are detected by a gutter that few lines
//! cross and read column by column between full-width lines.

use intake_model::{Block, BlockKind};

use super::interp::PageText;

/// Gap (in font sizes) above which two glyphs on a line are separated by a space.
const WORD_GAP: f32 = 0.15;
/// Gap (in font sizes) above which two pieces of a line are separate cells.
const CELL_GAP: f32 = 1.5;

#[derive(Debug, Clone, Copy)]
struct G {
    /// Position along the baseline (reading direction).
    u: f32,
    /// Baseline position across lines (downwards in reading order).
    v: f32,
    /// Advance along the baseline.
    w: f32,
    size: f32,
    dir: u8,
    idx: usize,
    /// Bounding box in user space.
    bbox: [f32; 4],
}

#[derive(Debug)]
struct Seg {
    glyphs: Vec<G>,
    u0: f32,
    u1: f32,
}

#[derive(Debug)]
struct Line {
    v: f32,
    size: f32,
    segs: Vec<Seg>,
}

/// Lays out one page's glyphs. `mediabox` is `[x0 y0 x1 y1]`, `rotate` the page's `/Rotate`
/// in degrees. `table_base` is the number of tables in earlier pages (for table indices).
pub(crate) fn layout(
    pt: &PageText,
    mediabox: [f32; 4],
    rotate: i32,
    table_base: &mut u32,
) -> Vec<Block> {
    let [x0, y0, x1, y1] = mediabox;
    let rot = rotate.rem_euclid(360) / 90;
    // User space → upright display space (y downwards).
    let to_disp = |x: f32, y: f32| -> (f32, f32) {
        match rot {
            1 => (y - y0, x - x0),
            2 => (x1 - x, y - y0),
            3 => (y1 - y, x1 - x),
            _ => (x - x0, y1 - y),
        }
    };
    let lin = |dx: f32, dy: f32| -> (f32, f32) {
        match rot {
            1 => (dy, dx),
            2 => (-dx, dy),
            3 => (-dy, -dx),
            _ => (dx, -dy),
        }
    };
    let mut gs: Vec<G> = Vec::with_capacity(pt.glyphs.len());
    for (idx, g) in pt.glyphs.iter().enumerate() {
        // Glyphs off the page are not shown (poppler drops them too).
        let slack = g.size.max(1.0);
        if g.x < x0 - slack || g.x > x1 + slack || g.y < y0 - slack || g.y > y1 + slack {
            continue;
        }
        let (dx, dy) = to_disp(g.x, g.y);
        let (ax, ay) = lin(g.dx, g.dy);
        let w = ax.hypot(ay);
        let dir = if w < 1e-3 || (ax.abs() >= ay.abs() && ax >= 0.0) {
            0
        } else if ay.abs() > ax.abs() && ay > 0.0 {
            1
        } else if ax < 0.0 && ax.abs() >= ay.abs() {
            2
        } else {
            3
        };
        let (u, v) = match dir {
            1 => (dy, -dx),
            2 => (-dx, -dy),
            3 => (-dy, dx),
            _ => (dx, dy),
        };
        let size = g.size.max(0.1);
        // The glyph box: origin to origin + advance, from 0.2 em below the baseline to 0.8 em
        // above it (the "up" vector is the advance turned a quarter counter-clockwise).
        let (ex, ey) = (g.x + g.dx, g.y + g.dy);
        let glen = g.dx.hypot(g.dy);
        let (nx, ny) = if glen > 1e-3 {
            (-g.dy / glen * size, g.dx / glen * size)
        } else {
            (0.0, size)
        };
        let xs = [g.x - 0.2 * nx, ex - 0.2 * nx, g.x + 0.8 * nx, ex + 0.8 * nx];
        let ys = [g.y - 0.2 * ny, ey - 0.2 * ny, g.y + 0.8 * ny, ey + 0.8 * ny];
        let bbox = [
            xs.iter().copied().fold(f32::MAX, f32::min),
            ys.iter().copied().fold(f32::MAX, f32::min),
            xs.iter().copied().fold(f32::MIN, f32::max),
            ys.iter().copied().fold(f32::MIN, f32::max),
        ];
        gs.push(G {
            u,
            v,
            w,
            size,
            dir,
            idx,
            bbox,
        });
    }
    let mut blocks = Vec::new();
    for dir in [0u8, 1, 3, 2] {
        let part: Vec<G> = gs.iter().filter(|g| g.dir == dir).copied().collect();
        if part.is_empty() {
            continue;
        }
        let lines = lines(pt, part);
        emit(pt, lines, table_base, &mut blocks);
    }
    blocks
}

/// Stream-order runs, then baseline clustering into lines, then cell segmentation.
fn lines(pt: &PageText, gs: Vec<G>) -> Vec<Line> {
    // 1. Runs in stream order.
    let mut runs: Vec<Vec<G>> = Vec::new();
    for g in gs {
        if let Some(run) = runs.last_mut() {
            let last = run[run.len() - 1];
            let tol = 0.3 * last.size.min(g.size);
            let end = last.u + last.w;
            // The same glyph drawn again at (nearly) the same place — fake bold, shadows —
            // is kept once.
            let text = pt.glyph_text(&pt.glyphs[g.idx]);
            let dup = run.iter().rev().take(4).any(|p| {
                (p.u - g.u).abs() < 0.15 * g.size
                    && (p.v - g.v).abs() < 0.15 * g.size
                    && pt.glyph_text(&pt.glyphs[p.idx]) == text
            });
            if dup {
                continue;
            }
            if (g.v - last.v).abs() < tol
                && g.u > end - 0.5 * g.size
                && g.u - end < CELL_GAP * g.size
            {
                run.push(g);
                continue;
            }
        }
        runs.push(vec![g]);
    }
    // 2. Cluster runs into lines by baseline, in order of baseline.
    runs.sort_by(|a, b| a[0].v.total_cmp(&b[0].v).then(a[0].u.total_cmp(&b[0].u)));
    let mut lines: Vec<(f32, f32, Vec<Vec<G>>)> = Vec::new();
    for run in runs {
        let size = run.iter().map(|g| g.size).fold(0.0f32, f32::max);
        let v = run[0].v;
        let (u0, u1) = (run[0].u, run[run.len() - 1].u + run[run.len() - 1].w);
        let mut target = None;
        for (li, line) in lines.iter().enumerate().rev().take(8) {
            let tol = 0.4 * size.min(line.1);
            let dv = (line.0 - v).abs();
            // Same baseline: one line even where runs interleave (an inline formula drawn
            // after the text around it).
            if dv <= 0.1 * size.min(line.1) {
                target = Some(li);
                break;
            }
            // Vertical overlap of the glyph bands (0.8 em above to 0.2 em below the baseline):
            // superscripts and inline formulas in a smaller size join the line they sit on.
            let overlap = (v + 0.2 * size).min(line.0 + 0.2 * line.1)
                - (v - 0.8 * size).max(line.0 - 0.8 * line.1);
            if dv <= tol || overlap >= 0.6 * size.min(line.1) {
                let overlaps = line.2.iter().any(|r| {
                    let (a0, a1) = (r[0].u, r[r.len() - 1].u + r[r.len() - 1].w);
                    u0 < a1 - 0.3 * size && a0 < u1 - 0.3 * size
                });
                if !overlaps {
                    target = Some(li);
                    break;
                }
            }
        }
        match target {
            Some(li) => {
                lines[li].2.push(run);
                lines[li].1 = lines[li].1.max(size);
            }
            None => lines.push((v, size, vec![run])),
        }
    }
    // 3. Each line: glyphs by position, cut into cells at wide gaps.
    let mut out = Vec::with_capacity(lines.len());
    for (v, size, runs) in lines {
        let mut glyphs: Vec<G> = runs.into_iter().flatten().collect();
        glyphs.sort_by(|a, b| a.u.total_cmp(&b.u));
        let mut segs: Vec<Seg> = Vec::new();
        for g in glyphs {
            if let Some(s) = segs.last_mut()
                && g.u - s.u1 < CELL_GAP * g.size.max(size * 0.5)
            {
                s.u1 = s.u1.max(g.u + g.w);
                s.glyphs.push(g);
                continue;
            }
            segs.push(Seg {
                u0: g.u,
                u1: g.u + g.w,
                glyphs: vec![g],
            });
        }
        out.push(Line { v, size, segs });
    }
    out.sort_by(|a, b| a.v.total_cmp(&b.v));
    out
}

fn seg_text(pt: &PageText, s: &Seg) -> String {
    let mut t = String::new();
    let mut prev: Option<&G> = None;
    for g in &s.glyphs {
        if let Some(p) = prev {
            let gap = g.u - (p.u + p.w);
            if gap > WORD_GAP * g.size.max(p.size) && !t.ends_with(' ') {
                t.push(' ');
            }
        }
        let gt = pt.glyph_text(&pt.glyphs[g.idx]);
        t.extend(gt.chars().map(|c| if c == '\t' { ' ' } else { c }));
        prev = Some(g);
    }
    t.trim().to_string()
}

fn bbox_of<'g>(gs: impl Iterator<Item = &'g G>) -> Option<[f32; 4]> {
    gs.fold(None, |acc: Option<[f32; 4]>, g| {
        Some(match acc {
            None => g.bbox,
            Some(b) => [
                b[0].min(g.bbox[0]),
                b[1].min(g.bbox[1]),
                b[2].max(g.bbox[2]),
                b[3].max(g.bbox[3]),
            ],
        })
    })
}

/// Finds a column gutter: a position few lines cross, with long text runs on both sides.
fn gutter(lines: &[Line]) -> Option<f32> {
    if lines.len() < 6 {
        return None;
    }
    let lo = lines
        .iter()
        .flat_map(|l| l.segs.iter().map(|s| s.u0))
        .fold(f32::MAX, f32::min);
    let hi = lines
        .iter()
        .flat_map(|l| l.segs.iter().map(|s| s.u1))
        .fold(f32::MIN, f32::max);
    if hi - lo < 100.0 {
        return None;
    }
    let mut best: Option<(usize, f32)> = None;
    let steps = 60;
    for k in 15..=45 {
        let x = lo + (hi - lo) * k as f32 / steps as f32;
        let crossing = lines
            .iter()
            .filter(|l| l.segs.iter().any(|s| s.u0 < x && s.u1 > x))
            .count();
        let both = lines
            .iter()
            .filter(|l| {
                l.segs.iter().any(|s| s.u1 <= x && s.glyphs.len() >= 8)
                    && l.segs.iter().any(|s| s.u0 >= x && s.glyphs.len() >= 8)
            })
            .count();
        let left_only = lines
            .iter()
            .filter(|l| {
                l.segs.iter().all(|s| s.u1 <= x)
                    && l.segs.iter().map(|s| s.glyphs.len()).sum::<usize>() >= 8
            })
            .count();
        let right_only = lines
            .iter()
            .filter(|l| {
                l.segs.iter().all(|s| s.u0 >= x)
                    && l.segs.iter().map(|s| s.glyphs.len()).sum::<usize>() >= 8
            })
            .count();
        if crossing * 5 > lines.len()
            || both + left_only.min(right_only) < 4
            || left_only + both < 3
            || right_only + both < 3
        {
            continue;
        }
        if best.is_none_or(|(c, _)| crossing < c) {
            best = Some((crossing, x));
        }
    }
    best.map(|(_, x)| x)
}

fn emit(pt: &PageText, lines: Vec<Line>, table_base: &mut u32, out: &mut Vec<Block>) {
    // Reading order: with a gutter, full-width lines cut the page into sections, and each
    // section is read left column first.
    let mut ordered: Vec<Line> = Vec::with_capacity(lines.len());
    if let Some(x) = gutter(&lines) {
        let mut left: Vec<Line> = Vec::new();
        let mut right: Vec<Line> = Vec::new();
        for mut line in lines {
            if line.segs.iter().any(|s| s.u0 < x && s.u1 > x) {
                ordered.append(&mut left);
                ordered.append(&mut right);
                ordered.push(line);
                continue;
            }
            let r: Vec<Seg> = {
                let (l, r): (Vec<Seg>, Vec<Seg>) = line.segs.drain(..).partition(|s| s.u1 <= x);
                line.segs = l;
                r
            };
            if !r.is_empty() {
                right.push(Line {
                    v: line.v,
                    size: line.size,
                    segs: r,
                });
            }
            if !line.segs.is_empty() {
                left.push(line);
            }
        }
        ordered.append(&mut left);
        ordered.append(&mut right);
    } else {
        ordered = lines;
    }
    let mut in_table = false;
    let mut row = 0u32;
    for line in ordered {
        let cells: Vec<String> = line
            .segs
            .iter()
            .map(|s| seg_text(pt, s))
            .filter(|t| !t.is_empty())
            .collect();
        if cells.is_empty() {
            continue;
        }
        let bbox = bbox_of(line.segs.iter().flat_map(|s| s.glyphs.iter()));
        // Letter-spaced headings ("通    知") are one word, not a row of one-letter cells.
        let spaced_word = cells.iter().all(|c| c.chars().count() == 1);
        if cells.len() >= 2 && !spaced_word {
            if !in_table {
                in_table = true;
                row = 0;
                *table_base += 1;
            }
            out.push(Block {
                text: cells.join("\t"),
                kind: BlockKind::TableRow {
                    table: *table_base - 1,
                    row,
                },
                bbox,
                ocr_confidence: None,
            });
            row += 1;
        } else {
            in_table = false;
            let sep = if spaced_word { " " } else { "" };
            out.push(Block {
                text: cells.join(sep),
                kind: BlockKind::Paragraph,
                bbox,
                ocr_confidence: None,
            });
        }
    }
}
