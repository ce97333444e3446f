//! The metric registry: `pipelines/metrics.tsv` with `pipelines/metric-names.tsv`, turned into a
//! static table and one constant per key by `build.rs` at build time.

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

/// One row of `metrics.tsv`, with its name and display precision from `metric-names.tsv`.
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
    /// The one Chinese name reviewers read (从业人员 for `staff.total`), in the regulation's
    /// wording where it names the metric (硕士或中级职称以上专业人员比例, 办法 of the platform).
    pub name: &'static str,
    /// The most decimals a figure is shown with, in its display unit (万元 for CNY).
    pub precision: u32,
}

include!(concat!(env!("OUT_DIR"), "/metrics.rs"));

/// Every metric of `pipelines/metrics.tsv`, in file order.
pub fn metrics() -> &'static [MetricDef] {
    &METRICS
}

/// The metric with this key, if it is one of `metrics.tsv`.
pub fn metric(key: &str) -> Option<&'static MetricDef> {
    METRICS.iter().find(|m| m.key == key)
}

/// The Chinese name of a `metrics.tsv` key (从业人员 for `staff.total`), `None` for a key that is
/// not one.
pub fn metric_name(key: &str) -> Option<&'static str> {
    metric(key).map(|m| m.name)
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
        assert_eq!(super::key::STAFF_TOTAL, "staff.total");
        for m in super::metrics() {
            assert!(
                m.name
                    .chars()
                    .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{}",
                m.key
            );
        }
        assert_eq!(super::metric_name("staff.total"), Some("从业人员"));
        assert_eq!(
            super::metric_name(super::key::STAFF_MASTERS_OR_MID_TITLE_PCT),
            Some("硕士或中级职称以上专业人员比例")
        );
        assert_eq!(super::metric_name("floor_area"), None);
    }
}
