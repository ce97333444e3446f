//! Embeds every `pipelines/regimes/*.toml` and every `pipelines/regulations/*.txt` in the
//! library: writes `$OUT_DIR/builtin.rs` holding two sorted `&[(file name, contents)]` of
//! `include_str!`s, so adding a rulebook and its regulation needs no code.

use std::{env, fs, path::PathBuf};

/// `(file name, include_str!(path))` lines for every file of `dir` ending in `.ext`, sorted.
fn embed(dir: &PathBuf, ext: &str, out: &mut String) {
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == ext))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let name = f
            .file_name()
            .and_then(|n| n.to_str())
            .expect("UTF-8 file name");
        let abs = fs::canonicalize(f).expect("embedded file path");
        out.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            abs.display().to_string()
        ));
    }
}

fn main() {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let pipelines = manifest.join("../../pipelines");
    let mut out =
        String::from("/// The rulebooks of `pipelines/regimes/`, by file name, sorted.\n");
    out.push_str("pub(crate) static BUILTIN: &[(&str, &str)] = &[\n");
    embed(&pipelines.join("regimes"), "toml", &mut out);
    out.push_str("];\n\n");
    out.push_str("/// The regulations of `pipelines/regulations/`, by file name, sorted.\n");
    out.push_str("pub(crate) static REGULATIONS: &[(&str, &str)] = &[\n");
    embed(&pipelines.join("regulations"), "txt", &mut out);
    out.push_str("];\n");
    let dest = PathBuf::from(env::var("OUT_DIR").expect("OUT_DIR")).join("builtin.rs");
    fs::write(dest, out).expect("write builtin.rs");
}
