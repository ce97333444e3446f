"""Helpers shared by the content modules: markers, covers, dates, submission records."""

from __future__ import annotations

import datetime as dt

from ids import corrupt_credit_code, make_credit_code, make_id_number  # noqa: F401


def F(metric: str, value, quote: str) -> str:
    """A stated fact: the document shows `quote`; the truth file records metric = value."""
    if isinstance(value, bool):
        value = "true" if value else "false"
    return f"[[{metric}={value}|{quote}]]"


def N(metric: str, quote: str) -> str:
    """Text that names a metric without claiming it (a quoted requirement)."""
    return f"{{{{{metric}|{quote}}}}}"


def cn_date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def at(d: dt.date, h: int = 9, m: int = 0) -> dt.datetime:
    return dt.datetime(d.year, d.month, d.day, h, m, 0)


def days(d: dt.date, n: int) -> dt.date:
    return d + dt.timedelta(days=n)


def cover(title: str, lines: list[str], issuer: str) -> list:
    """A cover page: title, the labelled lines, the issuer, then a page break."""
    blocks = [("title", title)]
    blocks += [("center", ln) for ln in lines]
    blocks += [("center", issuer), ("pagebreak",)]
    return blocks


def doc(path, fmt, role, blocks, *, created, modified, author, last_modified_by=None,
        encoding=None, year=None):
    """One document of a submission. created/modified are datetimes (DOCX core properties;
    the PDF /CreationDate is set to `created`)."""
    return {
        "path": path, "format": fmt, "role": role, "blocks": blocks,
        "created": created, "modified": modified, "author": author,
        "last_modified_by": last_modified_by or author,
        "encoding": encoding, "report_year": year,
    }


def finding(rule, kind, severity, metric, message, evidence, *, regime=None, article=None):
    """An intended finding. evidence: [(document, quote)] or [(submission, document, quote)]."""
    return {
        "rule": rule, "kind": kind, "severity": severity, "metric": metric, "regime": regime,
        "article": article, "message": message, "evidence": evidence,
    }


def sub(sid, regime, *, org, code, app_date, purpose, docs, findings=(), level=None,
        variant=None, identifiers=None):
    return {
        "submission": sid, "regime": regime, "level": level, "variant": variant,
        "org_name": org, "credit_code": code, "application_date": app_date,
        "purpose": purpose, "docs": docs, "findings": list(findings),
        "identifiers": identifiers or {},
    }
