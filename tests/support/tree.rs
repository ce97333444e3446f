//! A folder tree's listing and contents, to assert that a refused or recovered run touched
//! nothing: every entry (names as raw bytes) with its kind, and the bytes of every regular file
//! or the target of every link. Special files (FIFOs, sockets) are listed, never opened.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

/// Files larger than this are compared by size and modification time.
const BIG: u64 = 16 << 20;

/// One entry: its kind and, for a file or link, its bytes or target.
pub type Tree = BTreeMap<Vec<u8>, (String, Vec<u8>)>;

/// Everything below `root` (not following links), keyed by the path relative to `root`.
pub fn snapshot(root: &Path) -> Tree {
    let mut tree = Tree::new();
    walk(root, root, &mut tree);
    tree
}

fn walk(root: &Path, dir: &Path, tree: &mut Tree) {
    for e in std::fs::read_dir(dir).unwrap() {
        let path = e.unwrap().path();
        let rel = path
            .strip_prefix(root)
            .unwrap()
            .as_os_str()
            .as_bytes()
            .to_vec();
        let t = std::fs::symlink_metadata(&path).unwrap().file_type();
        if t.is_symlink() {
            let target = std::fs::read_link(&path).unwrap();
            tree.insert(rel, ("link".into(), target.as_os_str().as_bytes().to_vec()));
        } else if t.is_dir() {
            tree.insert(rel, ("dir".into(), Vec::new()));
            walk(root, &path, tree);
        } else if t.is_file() {
            let meta = std::fs::metadata(&path).unwrap();
            // Huge (sparse) test files: their size and modification time, not 3 GB of zeros.
            let bytes = if meta.len() > BIG {
                format!(
                    "{} bytes, modified {:?}",
                    meta.len(),
                    meta.modified().unwrap()
                )
                .into_bytes()
            } else {
                std::fs::read(&path).unwrap()
            };
            tree.insert(rel, ("file".into(), bytes));
        } else {
            tree.insert(rel, ("special".into(), Vec::new()));
        }
    }
}

/// The names in `tree` (lossy, for messages).
pub fn names(tree: &Tree) -> Vec<String> {
    tree.keys()
        .map(|k| String::from_utf8_lossy(k).into_owned())
        .collect()
}
