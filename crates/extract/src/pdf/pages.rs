//! The page tree (ISO 32000-1 §7.7.3), walked by us rather than by lopdf: lopdf's
//! `get_pages` collects through an iterator whose size hint is the root's `/Count`, so a file
//! claiming `/Count 1099511627776` asks for terabytes before a single page is read (an abort,
//! not an error), and shared kids are listed once per parent.
//!
//! This walk trusts no number the file states: `/Count` is never read; each node (page or
//! intermediate) is taken once, so a cycle or a node shared by two parents (a diamond) cannot
//! repeat work; the stack of unfinished `/Kids` arrays holds at most [`MAX_BRANCH_DEPTH`]
//! arrays; and everything it allocates is bounded by what the file really holds: the visited
//! set by the number of objects, the page list by `max_pages`.

use std::collections::HashSet;

use lopdf::{Dictionary, Object, ObjectId};

/// Most unfinished `/Kids` arrays kept while descending. A single-kid chain does not count
/// (its parent is finished when the child is entered), so the 2,000-level chain of the
/// hostile fixtures is followed; real trees branch fewer than ten levels deep.
pub(crate) const MAX_BRANCH_DEPTH: usize = 256;

/// The pages found by [`walk`].
#[derive(Debug, Default)]
pub(crate) struct PageList {
    /// The first `max_pages` page ids in document order.
    pub(crate) ids: Vec<ObjectId>,
    /// Every distinct page found (≥ `ids.len()`; bounded by the file's objects and kid lists).
    pub(crate) total: usize,
    /// Nodes reached a second time (cycles, shared kids) and skipped.
    pub(crate) repeated: usize,
}

fn kids<'a>(doc: &'a lopdf::Document, node: &'a Dictionary) -> &'a [Object] {
    match node.get(b"Kids").map(|o| doc.dereference(o)) {
        Ok(Ok((_, Object::Array(a)))) => a,
        _ => &[],
    }
}

/// Lists the pages of `doc` in document order: the first `max_pages` ids, and the count of
/// every distinct page. A kid that is not a dictionary (dangling or broken reference) counts
/// as a page, which the reader shows blank, as lopdf and MuPDF do; a node typed neither
/// `/Page` nor `/Pages` is a page when it has no `/Kids`. Work is linear in the file: each
/// object is entered at most once.
pub(crate) fn walk(doc: &lopdf::Document, max_pages: usize) -> PageList {
    let mut out = PageList::default();
    let Some(root) = doc
        .catalog()
        .ok()
        .and_then(|c| c.get(b"Pages").ok())
        .and_then(|o| o.as_reference().ok())
    else {
        return out;
    };
    let Ok(root_dict) = doc.get_dictionary(root) else {
        return out;
    };
    let mut seen: HashSet<ObjectId> = HashSet::from([root]);
    // Unfinished /Kids arrays, each with the index of its next kid.
    let mut stack: Vec<(&[Object], usize)> = vec![(kids(doc, root_dict), 0)];
    while let Some((list, at)) = stack.last_mut() {
        let list: &[Object] = list;
        let Some(kid) = list.get(*at) else {
            stack.pop();
            continue;
        };
        *at += 1;
        let finished = *at >= list.len();
        let Ok(id) = kid.as_reference() else {
            continue; // a direct object in /Kids is not a node (§7.7.3.2 requires references)
        };
        if !seen.insert(id) {
            out.repeated += 1;
            continue;
        }
        let node = doc.get_dictionary(id).ok();
        let is_tree_node = node.is_some_and(|d| match d.get_type() {
            Ok(t) => t == b"Pages",
            Err(_) => d.has(b"Kids"),
        });
        match node {
            Some(d) if is_tree_node => {
                let next = kids(doc, d);
                if finished {
                    stack.pop(); // a chain of single kids does not deepen the stack
                }
                if !next.is_empty() && stack.len() < MAX_BRANCH_DEPTH {
                    stack.push((next, 0));
                }
            }
            _ => {
                out.total += 1;
                if out.ids.len() < max_pages {
                    out.ids.push(id);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A document from `(id, dictionary source)` pairs; object 1 is the catalog.
    fn doc(objs: &[(u32, &str)]) -> lopdf::Document {
        let mut out = b"%PDF-1.7\n".to_vec();
        let mut offsets = Vec::new();
        for (n, body) in objs {
            offsets.push((*n, out.len()));
            out.extend_from_slice(format!("{n} 0 obj\n{body}\nendobj\n").as_bytes());
        }
        let size = objs.iter().map(|o| o.0).max().unwrap() + 1;
        let xref = out.len();
        out.extend_from_slice(format!("xref\n0 {size}\n").as_bytes());
        for n in 0..size {
            match offsets.iter().find(|o| o.0 == n) {
                Some((_, off)) => out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes()),
                None => out.extend_from_slice(b"0000000000 65535 f \n"),
            }
        }
        out.extend_from_slice(
            format!("trailer\n<< /Size {size} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n")
                .as_bytes(),
        );
        lopdf::Document::load_mem(&out).unwrap()
    }

    const CATALOG: (u32, &str) = (1, "<< /Type /Catalog /Pages 2 0 R >>");

    #[test]
    fn a_huge_count_is_not_trusted() {
        let d = doc(&[
            CATALOG,
            (
                2,
                "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 1099511627776 >>",
            ),
            (3, "<< /Type /Pages /Kids [5 0 R] /Count 1099511627775 >>"),
            (4, "<< /Type /Page /Parent 2 0 R >>"),
            (5, "<< /Type /Page /Parent 3 0 R >>"),
        ]);
        let p = walk(&d, 100);
        assert_eq!(p.ids, [(5, 0), (4, 0)]);
        assert_eq!(p.total, 2);
    }

    #[test]
    fn shared_kids_are_walked_once() {
        // A diamond: 3 and 4 both list node 5, whose two pages would otherwise double at each
        // level; and a cycle back to the root.
        let d = doc(&[
            CATALOG,
            (2, "<< /Type /Pages /Kids [3 0 R 4 0 R 2 0 R] /Count 8 >>"),
            (3, "<< /Type /Pages /Kids [5 0 R 5 0 R] /Count 4 >>"),
            (4, "<< /Type /Pages /Kids [5 0 R 6 0 R] /Count 4 >>"),
            (5, "<< /Type /Pages /Kids [7 0 R 8 0 R] /Count 2 >>"),
            (6, "<< /Type /Page >>"),
            (7, "<< /Type /Page >>"),
            (8, "<< /Type /Page >>"),
        ]);
        let p = walk(&d, 100);
        assert_eq!(p.ids, [(7, 0), (8, 0), (6, 0)]);
        assert_eq!(p.repeated, 3);
    }

    #[test]
    fn pages_past_the_limit_are_counted_not_listed() {
        let d = doc(&[
            CATALOG,
            (2, "<< /Type /Pages /Kids [3 0 R 4 0 R 9 0 R] >>"),
            (3, "<< /Type /Page >>"),
            (4, "<< /Type /Page >>"),
        ]);
        let p = walk(&d, 1);
        assert_eq!(p.ids, [(3, 0)]);
        // 9 0 R dangles: a blank stand-in page, as lopdf and MuPDF count it.
        assert_eq!(p.total, 3);
    }
}
