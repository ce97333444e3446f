"""Self-checks of the generated truth: every intended finding is exactly what the regulations
(shared/spec/regimes.md) and the integrity checks imply from the stated facts, and nothing
unintended slips in. The generator refuses to write a truth file that fails these."""

from __future__ import annotations

import datetime as dt

import ids
import render

# (rule, metric, op, threshold, severity) per regime; promotion-center per (variant, level).
RULES = {
    "tech-base-platform": [
        ("tbp.staff", "staff.total", ">=", 50, "fail"),
        ("tbp.staff-qualified", "staff.masters_or_mid_title_pct", ">=", 50, "fail"),
        ("tbp.staff-credentials", "staff.qualified_pct", ">=", 60, "fail"),
        ("tbp.business-share", "business.tech_base_pct", ">=", 60, "fail"),
        ("tbp.service-years", "service.years", ">=", 1, "fail"),
        ("tbp.service-cases", "service.cases", ">=", 3, "fail"),
        ("tbp.projects", "projects.national_or_provincial_3y", ">=", 1, "fail"),
    ],
    "quality-standards-lab": [
        ("qsl.area", "facility.area_m2", ">=", 3000, "warn"),
        ("qsl.equipment", "equipment.current_value", ">=", 50_000_000, "fail"),
        ("qsl.operating-years", "operation.years", ">=", 2, "warn"),
    ],
    "iia-lab": [
        ("iia-lab.director-age", "director.age", "<=", 60, "warn"),
        ("iia-lab.director-time", "director.months_per_year", ">=", 3, "warn"),
    ],
    "iia-training-base": [
        ("itb.capacity", "training.capacity", ">=", 20, "fail"),
        ("itb.director-age", "director.age", "<=", 60, "warn"),
        ("itb.director-time", "director.months_per_year", ">=", 3, "warn"),
    ],
}
PC = {  # regimes.md, promotion-center table
    ("comprehensive", "national"): {"staff.operating": 100, "outputs.ip_total": 100,
        "products.incubated_classes": 3, "products.adopters": 1000, "consulting.regions": 10,
        "consulting.industries": 10, "matchmaking.events_last_year": 10, "events.held": 5,
        "training.trainees_last_year": 2000, "enterprises.served_last_year": 1000,
        "sme.partners": 5000},
    ("industry", "provincial"): {"staff.operating": 25, "outputs.ip_total": 50,
        "matchmaking.events_last_year": 2, "training.trainees_last_year": 300,
        "enterprises.served_last_year": 150, "sme.partners": 300, "models.industry": 500},
    ("tech", "national"): {"staff.operating": 50, "outputs.ip_total": 300, "tech_fields.leading": 5,
        "partners.universities_institutes": 5, "partners.national_labs": 3,
        "research.open_topics_last_year": 5, "opensource.communities": 1},
    ("talent", "provincial"): {"staff.operating": 25, "training.capacity": 50,
        "training.trainees_last_year": 10000, "industry_education.cooperations_last_year": 15,
        "competition.teams": 1000},
    ("incubation", "provincial"): {"staff.operating": 25, "products.incubated_classes": 2,
        "products.adopters": 500, "suppliers.partners": 50, "suppliers.specialized": 10},
}


def _values(facts, metric):
    return [f["value"] for f in facts if f["metric"] == metric]


def expected_rule_findings(rec):
    """(rule, kind, severity) the thresholds imply from the record's facts."""
    out = set()
    facts = rec["facts"]
    rules = list(RULES.get(rec["regime"], []))
    if rec["regime"] == "promotion-center":
        rules = [(f"pc.{m}", m, ">=", t, "fail")
                 for m, t in PC[(rec["variant"], rec["level"])].items()]
    for rule, metric, op, thr, sev in rules:
        vals = _values(facts, metric)
        if not vals:
            out.add((rule, "threshold_missing", "warn"))  # a missing figure is never a fail
        elif any((v < thr) if op == ">=" else (v > thr) for v in vals):
            out.add((rule, "threshold_unmet", sev))
    if rec["regime"] == "tech-base-platform":
        eq = _values(facts, "equipment.original_value")
        rev = _values(facts, "revenue.service_annual")
        if not (any(v >= 10_000_000 for v in eq) or any(v > 10_000_000 for v in rev)):
            out.add(("tbp.equipment-or-revenue", "threshold_unmet", "fail"))
    if rec["regime"] == "quality-standards-lab":
        p = _values(facts, "projects.national_5y")
        a = _values(facts, "projects.national_amount_5y")
        if not (any(v >= 15 for v in p) or any(v >= 20_000_000 for v in a)):
            out.add(("qsl.projects", "threshold_unmet", "fail"))
    if rec["regime"] in ("iia-lab", "iia-training-base", "tech-base-platform"):
        if True not in _values(facts, "org.legal_entity"):
            out.add(("legal-entity", "threshold_missing", "warn"))
    if rec["regime"] == "iia-lab" and "高等学校" in _values(facts, "org.kind"):
        if not (_values(facts, "staff.phd") or _values(facts, "staff.masters")):
            out.add(("iia-lab.university-researchers", "threshold_unmet", "fail"))
    return out


def integrity_problems(rec, sub):
    """(kind, metric) of integrity problems visible in the facts and metadata."""
    out = set()
    facts = rec["facts"]
    by_metric = {}
    for f in facts:
        by_metric.setdefault(f["metric"], set()).add(
            f["value"] if not isinstance(f["value"], float) else round(f["value"], 1))
    for m, vals in by_metric.items():
        # a birth date read from a 身份证号 against the stated 出生年月 is the ID check below
        if len(vals) > 1 and m != "director.birth_date":
            out.add(("inconsistent_value", m))
    one = {m: next(iter(v)) for m, v in by_metric.items() if len(v) == 1}
    if "staff.masters_or_mid_title_pct" in one and "staff.masters_or_mid_title" in one:
        real = 100 * one["staff.masters_or_mid_title"] / one["staff.total"]
        if abs(real - one["staff.masters_or_mid_title_pct"]) > 0.5:
            out.add(("arithmetic_mismatch", "staff.masters_or_mid_title_pct"))
    parts = [one.get(k) for k in ("outputs.patents", "outputs.software_copyrights", "outputs.standards")]
    if None not in parts and sum(parts) != one.get("outputs.ip_total"):
        out.add(("arithmetic_mismatch", "outputs.ip_total"))
    for d in sub["docs"]:
        for b in d["blocks"]:
            if b[0] == "table" and b[2] == ["类别", "人数"]:
                rows = [[render.plain(c) for c in r] for r in b[3]]
                total = int(rows[-1][1])
                if sum(int(r[1]) for r in rows[:-1]) != total:
                    metric = "staff.operating" if rec["regime"] == "promotion-center" else "staff.total"
                    out.add(("arithmetic_mismatch", metric))
        if d["role"] == "application" and d["modified"] is not None:
            if d["modified"].date() > sub["application_date"]:
                out.add(("metadata_anomaly", "application.date"))
        if d["role"] == "annual_report" and d["created"] is not None:
            assert d["created"].date() < sub["application_date"]
    if not ids.credit_code_valid(rec["credit_code"]):
        out.add(("invalid_identifier", "org.credit_code"))
    director = rec["identifiers"].get("director", {})
    if "id_number" in director:
        idn = director["id_number"]
        assert ids.id_number_valid(idn), idn
        birth = dt.date(int(idn[6:10]), int(idn[10:12]), int(idn[12:14]))
        age = ids.age_on(birth, sub["application_date"])
        stated_ages = _values(facts, "director.age")
        stated_births = _values(facts, "director.birth_date")
        if any(a != age for a in stated_ages) or any(b[:7] != birth.isoformat()[:7]
                                                     for b in stated_births):
            out.add(("invalid_identifier", "director.birth_date"))
    return out


def check(records, subs):
    problems = []
    by_id = {s["submission"]: s for s in subs}
    for rec in records:
        sub = by_id[rec["submission"]]
        intended = rec["findings"]
        want_rules = {(f["rule"], f["kind"], f["severity"]) for f in intended
                      if not f["rule"].startswith("integrity.") and f["kind"] != "eligibility"}
        got_rules = expected_rule_findings(rec)
        if want_rules != got_rules:
            problems.append(f"{rec['submission']}: rules intended {sorted(want_rules)} "
                            f"but facts imply {sorted(got_rules)}")
        want_int = {(f["kind"], f["metric"]) for f in intended if f["rule"].startswith("integrity.")
                    and f["kind"] != "duplicate_text"}
        got_int = integrity_problems(rec, sub)
        if want_int != got_int:
            problems.append(f"{rec['submission']}: integrity intended {sorted(want_int)} "
                            f"but facts imply {sorted(got_int)}")
    # one responsible unit, one training base per cycle (实训基地 第八条)
    itb = {}
    for rec in records:
        if rec["regime"] == "iia-training-base":
            itb.setdefault(rec["credit_code"], []).append(rec["submission"])
    for rec in records:
        flagged = any(f["kind"] == "eligibility" for f in rec["findings"])
        shared = rec["regime"] == "iia-training-base" and len(itb[rec["credit_code"]]) > 1
        if flagged != shared:
            problems.append(f"{rec['submission']}: eligibility flagged={flagged} shared={shared}")
    if problems:
        raise SystemExit("truth self-check failed:\n  " + "\n  ".join(problems))
