//! `metadata_anomaly` within one submission: documents created or modified after the application
//! date (with incremental updates named), PDF Info against XMP (ISO 32000-1 §14.3.3: the two
//! should agree), producers that contradict each other.

use intake_model::key;
use intake_model::{DocMeta, Document, Evidence, Finding, FindingKind, Severity};

use crate::common::{Ctx, day, evidence};

/// Info and XMP dates further apart than this many days contradict each other (a day covers
/// time-zone differences between the two clocks a producer writes).
const DATE_SLACK_DAYS: i64 = 1;

/// Metadata evidence: the document, no page, the field as stored.
fn meta_evidence(path: &str, field: &str, value: &str) -> Evidence {
    Evidence {
        submission: None,
        document: path.to_string(),
        page: None,
        quote: format!("{field}: {value}"),
    }
}

/// Every metadata check over every document of the submission, in document order.
pub(crate) fn check(ctx: &Ctx) -> Vec<Finding> {
    let mut out = Vec::new();
    for (path, doc) in &ctx.input.documents {
        after_application(ctx, path, doc, &mut out);
        info_vs_xmp(ctx, path, &doc.meta, &mut out);
    }
    out
}

fn anomaly(ctx: &Ctx, metric: Option<&str>, message: String, evidence: Vec<Evidence>) -> Finding {
    ctx.finding(
        "integrity.metadata_anomaly",
        FindingKind::MetadataAnomaly,
        Severity::Warn,
        metric,
        message,
        evidence,
    )
}

fn after_application(ctx: &Ctx, path: &str, doc: &Document, out: &mut Vec<Finding>) {
    let Some((app, app_fact)) = ctx.app else {
        return;
    };
    let m = &doc.meta;
    let created = m.created.as_deref().or(m.xmp_created.as_deref());
    if let Some(raw) = created
        && day(raw).is_some_and(|d| d > app)
    {
        out.push(anomaly(
                ctx,
                Some(key::APPLICATION_DATE),
                format!("{path} 的创建时间 {raw} 晚于申报日期 {app}：文件在申报签署后才生成，请核实是否为事后补制"),
                vec![meta_evidence(path, "created", raw), evidence(app_fact)],
            ));
        return;
    }
    let modified = m.modified.as_deref().or(m.xmp_modified.as_deref());
    if let Some(raw) = modified
        && day(raw).is_some_and(|d| d > app)
    {
        let updates = if m.revisions > 0 {
            format!("，文件含 {} 次增量更新（签署后追加的修改）", m.revisions)
        } else {
            String::new()
        };
        let mut ev = vec![meta_evidence(path, "modified", raw), evidence(app_fact)];
        if m.revisions > 0 {
            ev.push(meta_evidence(
                path,
                "incremental updates",
                &m.revisions.to_string(),
            ));
        }
        out.push(anomaly(
            ctx,
            Some(key::APPLICATION_DATE),
            format!(
                "{path} 的修改时间 {raw} 晚于申报日期 {app}{updates}，请核实申报后是否改动过内容"
            ),
            ev,
        ));
    }
}

fn info_vs_xmp(ctx: &Ctx, path: &str, m: &DocMeta, out: &mut Vec<Finding>) {
    let pairs = [
        (
            "创建时间",
            "created",
            &m.created,
            "xmp:CreateDate",
            &m.xmp_created,
        ),
        (
            "修改时间",
            "modified",
            &m.modified,
            "xmp:ModifyDate",
            &m.xmp_modified,
        ),
    ];
    for (name, info_field, info, xmp_field, xmp) in pairs {
        let (Some(a), Some(b)) = (info.as_deref(), xmp.as_deref()) else {
            continue;
        };
        let (Some(da), Some(db)) = (day(a), day(b)) else {
            continue;
        };
        if (da.days() - db.days()).abs() > DATE_SLACK_DAYS {
            out.push(anomaly(
                ctx,
                None,
                format!("{path} 的{name}在文档信息字典中为 {a}，在 XMP 元数据中为 {b}，两处记录相互矛盾，可能经过改动"),
                vec![meta_evidence(path, info_field, a), meta_evidence(path, xmp_field, b)],
            ));
        }
    }
    if let (Some(a), Some(b)) = (m.producer.as_deref(), m.xmp_producer.as_deref()) {
        let (na, nb) = (norm(a), norm(b));
        if !na.is_empty() && !nb.is_empty() && !na.contains(&nb) && !nb.contains(&na) {
            out.push(anomaly(
                ctx,
                None,
                format!("{path} 的生成软件在文档信息字典中为“{a}”，在 XMP 元数据中为“{b}”，两处记录相互矛盾"),
                vec![meta_evidence(path, "Producer", a), meta_evidence(path, "pdf:Producer", b)],
            ));
        }
    }
}

/// Producer strings compared without case, spaces or the ®/™ marks some producers add in one place.
fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}
