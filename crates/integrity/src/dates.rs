//! `date_implausible`: dates out of order with the application.

use intake_model::key;
use intake_model::{Decimal, Finding, FindingKind, Severity};

use crate::common::{Ctx, date_of, evidence, label};
use intake_model::Date;

/// Founding against claimed years of service, figures counted in a 近N年 window from outside
/// it, documents dated after the application, annual reports for a year not yet over.
pub(crate) fn check(ctx: &Ctx) -> Vec<Finding> {
    let mut out = Vec::new();
    let Some((app, app_fact)) = ctx.app else {
        return out;
    };
    let founded = ctx
        .facts_of(key::ORG_FOUNDED)
        .find_map(|f| date_of(f).map(|d| (d, f)));
    if let Some((founded, ff)) = founded {
        if founded > app {
            out.push(ctx.finding(
                "integrity.date_implausible",
                FindingKind::DateImplausible,
                Severity::Fail,
                Some(key::ORG_FOUNDED),
                format!("成立日期 {founded} 晚于申报日期 {app}"),
                vec![evidence(ff), evidence(app_fact)],
            ));
        }
        // tbp 第六条(四) and qsl 第十二条 years can only be served since the applicant exists.
        for metric in [key::SERVICE_YEARS, key::OPERATION_YEARS] {
            for f in ctx.facts_of(metric).filter(|f| !f.approx) {
                let Some(years) = f.number() else { continue };
                let months = founded.months_until(app);
                if years
                    .checked_mul(Decimal::from(12))
                    .is_some_and(|claimed| Decimal::from(months) < claimed)
                {
                    out.push(ctx.finding(
                        "integrity.date_implausible",
                        FindingKind::DateImplausible,
                        Severity::Fail,
                        Some(metric),
                        format!(
                            "{}填报 {} 年，但单位成立于 {founded}，到申报日期 {app} 仅 {} 年 {} 个月",
                            label(metric),
                            years.normalize(),
                            months.div_euclid(12),
                            months.rem_euclid(12)
                        ),
                        vec![evidence(f), evidence(ff), evidence(app_fact)],
                    ));
                }
            }
        }
    }
    window(ctx, app, &mut out);
    later_documents(ctx, app, app_fact, &mut out);
    out
}

/// Figures of a `_3y` / `_5y` metric whose stated years reach outside 近N年 of the application:
/// more than N calendar years, before year A−N, or after the application year A.
fn window(ctx: &Ctx, app: Date, out: &mut Vec<Finding>) {
    for f in ctx.input.facts {
        let n = if f.metric.ends_with("_3y") {
            3
        } else if f.metric.ends_with("_5y") {
            5
        } else {
            continue;
        };
        let Some(p) = &f.period else { continue };
        let (Some(from), Some(to)) = (p.from_year, p.to_year) else {
            continue;
        };
        let (from, to) = (from.min(to), from.max(to));
        // i64: stated years are not trusted to be near the present.
        if i64::from(to) - i64::from(from) < i64::from(n)
            && from >= app.year() - n
            && to <= app.year()
        {
            continue;
        }
        out.push(ctx.finding(
            "integrity.date_implausible",
            FindingKind::DateImplausible,
            Severity::Warn,
            Some(&f.metric),
            format!(
                "{}按近{n}年计，但所述期间为 {from}—{to} 年，超出申报日期 {app} 前的近{n}年（{}—{} 年）",
                label(&f.metric),
                app.year() - n,
                app.year()
            ),
            vec![evidence(f)],
        ));
    }
}

/// Dates stated in attachments after the application date, and annual reports for a year that
/// had not ended when the application was signed.
fn later_documents(ctx: &Ctx, app: Date, app_fact: &intake_model::Fact, out: &mut Vec<Finding>) {
    for f in ctx.facts_of(key::APPLICATION_DATE) {
        let Some(d) = date_of(f) else { continue };
        if d > app {
            out.push(ctx.finding(
                "integrity.date_implausible",
                FindingKind::DateImplausible,
                Severity::Warn,
                Some(key::APPLICATION_DATE),
                format!("{} 落款日期为 {d}，晚于申报日期 {app}", f.document),
                vec![evidence(f), evidence(app_fact)],
            ));
        }
    }
    for (doc, (year, f)) in &ctx.report_year {
        if *year >= app.year() {
            out.push(ctx.finding(
                "integrity.date_implausible",
                FindingKind::DateImplausible,
                Severity::Warn,
                Some(key::REPORT_YEAR),
                format!("{doc} 为 {year} 年度报告，但申报日期为 {app}，该年度尚未结束"),
                vec![evidence(f), evidence(app_fact)],
            ));
        }
    }
}
