//! The director's age and working time: soft conditions of the two alliance regimes.
//!
//! 工业互联网产业联盟实验室 and 实训基地 第十四条: 主任 "年龄一般不超过 60 周岁"; 第十五条:
//! "每年在实验室/实训基地工作时间一般不少于 3 个月". 一般 makes both soft: a warning, not a failure.

use intake_model::{Decimal, Finding, FindingKind, Regime, Severity};

use crate::common::{Ctx, evidence};
use crate::identifiers::birth_of;

/// 第十四条: 年龄一般不超过 60 周岁 (不超过 includes 60).
pub const MAX_AGE: i32 = 60;
/// 第十五条: 每年工作时间一般不少于 3 个月 (不少于 includes 3).
pub const MIN_MONTHS: i64 = 3;

/// Director over age (stated, or from the birth date at the application date) and under months.
pub(crate) fn check(ctx: &Ctx) -> Vec<Finding> {
    let prefix = match ctx.input.regime {
        Some(Regime::IiaLab) => "iia-lab",
        Some(Regime::IiaTrainingBase) => "itb",
        _ => return Vec::new(),
    };
    let mut out = Vec::new();
    let stated = ctx
        .facts_of("director.age")
        .filter(|f| !f.approx)
        .find_map(|f| {
            f.number()
                .and_then(|d| i32::try_from(d.trunc()).ok())
                .map(|a| (a, f))
        });
    let from_birth = ctx.app.and_then(|(app, af)| {
        ctx.facts_of("director.birth_date")
            .find_map(|f| birth_of(f).map(|b| (b.age_at(app), f, af, app)))
    });
    let age = match (stated, from_birth) {
        (Some((a, f)), _) => Some((a, format!("负责人年龄填报为 {a} 周岁"), vec![evidence(f)])),
        (None, Some((a, bf, af, app))) => Some((
            a,
            format!("负责人出生日期推算至申报日期 {app} 为 {a} 周岁"),
            vec![evidence(bf), evidence(af)],
        )),
        (None, None) => None,
    };
    if let Some((a, said, ev)) = age
        && a > MAX_AGE
    {
        let mut f = ctx.finding(
            &format!("{prefix}.director-age"),
            FindingKind::ThresholdUnmet,
            Severity::Warn,
            Some("director.age"),
            format!("{said}，超过第十四条“年龄一般不超过 {MAX_AGE} 周岁”的要求"),
            ev,
        );
        f.article = Some("第十四条".into());
        out.push(f);
    }
    for f in ctx
        .facts_of("director.months_per_year")
        .filter(|f| !f.approx)
    {
        let Some(m) = f.number() else { continue };
        if m < Decimal::from(MIN_MONTHS) {
            let mut found = ctx.finding(
                &format!("{prefix}.director-time"),
                FindingKind::ThresholdUnmet,
                Severity::Warn,
                Some("director.months_per_year"),
                format!(
                    "负责人每年工作时间填报为 {} 个月，少于第十五条“一般不少于 {MIN_MONTHS} 个月”的要求",
                    m.normalize()
                ),
                vec![evidence(f)],
            );
            found.article = Some("第十五条".into());
            found.regime = ctx.input.regime.map(|r| r.as_str().to_string());
            out.push(found);
            break;
        }
    }
    out
}
