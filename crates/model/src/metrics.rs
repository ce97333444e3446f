//! The metric registry: `pipelines/metrics.tsv`, compiled in.

use std::sync::LazyLock;

/// The value type a metric carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetricType {
    /// A string (names, identifiers, kinds).
    Text,
    /// A `YYYY-MM-DD` date.
    Date,
    /// A boolean.
    Bool,
    /// A whole count (persons, items, years as integers).
    Count,
    /// A decimal number (percent, years, months).
    Number,
    /// A sum of money in CNY yuan.
    Money,
    /// An integer year.
    Int,
}

/// One row of `metrics.tsv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetricDef {
    /// The key, e.g. `staff.total`.
    pub key: &'static str,
    /// The canonical unit: `persons`, `CNY`, `m2`, `percent`, `count`, `years`, `-`, ….
    pub unit: &'static str,
    /// The value type.
    pub kind: MetricType,
    /// Typical Chinese labels, as the spec lists them (not exhaustive).
    pub labels: &'static str,
}

static TSV: &str = include_str!("../../../pipelines/metrics.tsv");

static METRICS: LazyLock<Vec<MetricDef>> = LazyLock::new(|| {
    TSV.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let mut cols = l.split('\t');
            let key = cols.next().unwrap_or_default();
            let unit = cols.next().unwrap_or("-");
            let kind = match cols.next().unwrap_or("text") {
                "date" => MetricType::Date,
                "bool" => MetricType::Bool,
                "count" => MetricType::Count,
                "number" => MetricType::Number,
                "money" => MetricType::Money,
                "int" => MetricType::Int,
                _ => MetricType::Text,
            };
            let labels = cols.next().unwrap_or_default();
            MetricDef {
                key,
                unit,
                kind,
                labels,
            }
        })
        .collect()
});

/// Every metric of `pipelines/metrics.tsv`, in file order.
pub fn metrics() -> &'static [MetricDef] {
    &METRICS
}

/// The metric with this key, if it is one of `metrics.tsv`.
pub fn metric(key: &str) -> Option<&'static MetricDef> {
    METRICS.iter().find(|m| m.key == key)
}

#[cfg(test)]
mod tests {
    #[test]
    fn registry_reads_the_spec() {
        let m = super::metric("equipment.original_value").unwrap();
        assert_eq!(m.unit, "CNY");
        assert_eq!(m.kind, super::MetricType::Money);
        assert_eq!(super::metric("staff.total").unwrap().unit, "persons");
        assert!(super::metrics().len() > 60);
    }
}
