//! Generates the metric registry from `pipelines/metrics.tsv` (key, unit, type, the spec's
//! labels) and `pipelines/metric-names.tsv` (the one Chinese name and the display precision):
//! `OUT_DIR/metrics.rs` holds the table and a `key` module with one constant per key
//! (`key::STAFF_TOTAL = "staff.total"`), so crates name metrics by constant, never by literal.
//! A key without a name, a name without a key, or two keys with one constant name stop the build.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../pipelines");
    let (spec, names) = (root.join("metrics.tsv"), root.join("metric-names.tsv"));
    println!("cargo:rerun-if-changed={}", spec.display());
    println!("cargo:rerun-if-changed={}", names.display());
    let spec = std::fs::read_to_string(&spec).expect("pipelines/metrics.tsv");
    let names = std::fs::read_to_string(&names).expect("pipelines/metric-names.tsv");
    let names: Vec<Vec<&str>> = names
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1)
        .map(|l| l.split('\t').collect())
        .collect();
    let mut table = String::new();
    let mut keys = String::new();
    let mut consts = BTreeSet::new();
    let mut seen = BTreeSet::new();
    let mut n = 0;
    for line in spec.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (key, unit, kind, labels) = (cols[0], cols[1], cols[2], cols.get(3).unwrap_or(&""));
        let kind = match kind {
            "date" => "Date",
            "bool" => "Bool",
            "count" => "Count",
            "number" => "Number",
            "money" => "Money",
            "int" => "Int",
            "text" => "Text",
            other => panic!("metrics.tsv: {key} has unknown type {other}"),
        };
        let row = names
            .iter()
            .find(|r| r[0] == key)
            .unwrap_or_else(|| panic!("metric-names.tsv has no row for {key}"));
        let (name, precision) = (row[1], row[2].trim().parse::<u32>().expect("precision"));
        writeln!(
            table,
            "    MetricDef {{ key: {key:?}, unit: {unit:?}, kind: MetricType::{kind}, labels: {labels:?}, name: {name:?}, precision: {precision} }},"
        )
        .unwrap();
        let konst = key.replace('.', "_").to_uppercase();
        assert!(consts.insert(konst.clone()), "two keys make {konst}");
        writeln!(
            keys,
            "    /// `{key}`: {name}.\n    pub const {konst}: &str = {key:?};"
        )
        .unwrap();
        seen.insert(key);
        n += 1;
    }
    for r in &names {
        assert!(
            seen.contains(r[0]),
            "metric-names.tsv names {} that metrics.tsv lacks",
            r[0]
        );
    }
    let out = format!(
        "/// Every metric of `pipelines/metrics.tsv`, in file order.\n\
         static METRICS: [MetricDef; {n}] = [\n{table}];\n\n\
         /// One constant per metric key, named after it (`staff.total` → `STAFF_TOTAL`).\n\
         pub mod key {{\n{keys}}}\n"
    );
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("metrics.rs");
    std::fs::write(dest, out).unwrap();
}
