#!/usr/bin/env python3
"""Generate the demo batch `corpora/demo/` and its answer key `corpora/demo-truth.json`.

Usage (from the repository root):  python3 corpora/gen/generate.py
Needs python-docx (PyPI), LibreOffice (`soffice`), fonts-noto-cjk and poppler-utils
(pdftotext, pdfinfo, pdffonts). See corpora/README.md.

Everything is deterministic: there is no randomness at all (every organisation, person and
figure is written out in the content_*.py modules), document dates come from the content, zip
entry times and the PDF /CreationDate and /ID are fixed, so a rerun gives the same bytes.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # keep corpora/gen free of __pycache__

import content_iia  # noqa: E402
import content_pc  # noqa: E402
import content_qsl  # noqa: E402
import check  # noqa: E402
import content_tbp  # noqa: E402
import ids  # noqa: E402
import render  # noqa: E402

CORPORA = os.path.dirname(HERE)
REPO = os.path.dirname(CORPORA)
OUT = os.path.join(CORPORA, "demo")
SOURCES = os.path.join(CORPORA, "demo-sources")
TRUTH = os.path.join(CORPORA, "demo-truth.json")
METRICS_CANDIDATES = [os.path.join(REPO, "pipelines", "metrics.tsv"),
                      os.path.join(REPO, "..", "shared", "spec", "metrics.tsv")]
DUP_MIN = 40  # no run of this many characters may be shared by two submissions unless intended


def load_units() -> dict[str, str]:
    for p in METRICS_CANDIDATES:
        if os.path.exists(p):
            rows = [ln.split("\t") for ln in open(p, encoding="utf-8").read().splitlines()[1:] if ln]
            return {r[0]: r[1] for r in rows}
    sys.exit("metrics.tsv not found (pipelines/metrics.tsv or ../shared/spec/metrics.tsv)")


def all_submissions():
    subs = []
    for mod in (content_tbp, content_qsl, content_iia, content_pc):
        subs += [f() for f in mod.SUBMISSIONS]
    return subs


def program_name(blocks) -> str | None:
    for b in blocks:
        if b[0] == "center":
            t = render.plain(b[1])
            for label in ("平台名称：", "实验室名称：", "实训基地名称：", "促进中心名称："):
                if t.startswith(label):
                    return t[len(label):]
    return None


def iso(x):
    """Core-property times are written as UTC (W3CDTF with Z) by python-docx."""
    return x.isoformat() + "Z" if x is not None else None


def write_documents(subs, tmp):
    """Write DOCX and TXT in place; DOCX for PDFs into tmp, converted in one soffice run."""
    pending = []  # (tmp docx, final pdf path, doc)
    for s in subs:
        for i, d in enumerate(s["docs"]):
            path = os.path.join(OUT, s["submission"], d["path"])
            os.makedirs(os.path.dirname(path), exist_ok=True)
            props = {"author": d["author"], "last_modified_by": d["last_modified_by"],
                     "created": d["created"], "modified": d["modified"],
                     "title": render.plain(d["blocks"][0][1])}
            if d["format"] == "docx":
                render.write_docx(path, d["blocks"], props)
            elif d["format"] == "txt":
                render.write_txt(path, d["blocks"], d["encoding"])
            elif d["format"] == "pdf":
                src = os.path.join(tmp, f"{s['submission']}-{i}.docx")
                render.write_docx(src, d["blocks"], props)
                pending.append((src, path, d, f"{s['submission']}/{d['path']}"))
    if pending:
        render.convert_pdfs([p[0] for p in pending], tmp, os.path.join(tmp, "lo-profile"))
    for src, path, d, seed in pending:
        pdf = src[:-5] + ".pdf"
        render.fix_pdf(pdf, d["created"], seed)
        shutil.move(pdf, path)
        # Keep the DOCX each PDF was exported from, so tests can check that intake reads the
        # same facts from the PDF as from its source (corpora/demo-sources/, outside the batch).
        keep = os.path.join(SOURCES, seed[:-4] + ".docx")
        os.makedirs(os.path.dirname(keep), exist_ok=True)
        shutil.copyfile(src, keep)


def doc_facts(s, d, units):
    """Facts and non-claims of one document, with PDF pages located in pdftotext output."""
    path = os.path.join(OUT, s["submission"], d["path"])
    page_texts = render.pdf_pages(path) if d["format"] == "pdf" else []
    loc = render.PageLocator(page_texts) if d["format"] == "pdf" else None
    facts, nonclaims = [], []
    for block in d["blocks"]:
        items, kinds = [], []
        for string, label in render.block_strings(block):
            f, n = render.marks(string)
            for metric, value, quote in f:
                items.append((quote, label))
                kinds.append(("fact", metric, value, quote, label))
            for metric, quote in n:
                items.append((quote, label))
                kinds.append(("non", metric, None, quote, label))
        if loc is not None and block[0] != "pagebreak":
            pages = loc.locate_block(block, items)
            for (quote, _), page in zip(items, pages):
                # a quote must lie wholly on the page it is attributed to
                if render.norm(quote) not in render.norm(page_texts[page - 1]):
                    raise SystemExit(f"{path}: {quote!r} not wholly on page {page}")
        else:
            pages = [None] * len(items)
        in_table = block[0] in ("kv", "table")
        for (k, metric, value, quote, label), page in zip(kinds, pages):
            if metric not in units:
                raise SystemExit(f"{s['submission']}/{d['path']}: unknown metric {metric}")
            rec = {"metric": metric, "value": value, "unit": units[metric],
                   "document": d["path"], "page": page, "quote": quote}
            if in_table and d["format"] != "txt":
                rec["location"] = "table_cell"
                rec["row_label"] = label
            else:
                rec["location"] = "text"
            (facts if k == "fact" else nonclaims).append(rec)
    return facts, nonclaims


def doc_text(s, d) -> tuple[str, list[str] | None]:
    path = os.path.join(OUT, s["submission"], d["path"])
    if d["format"] == "pdf":
        pages = render.pdf_pages(path)
        return "".join(pages), pages
    return "\n".join(render.txt_lines(d["blocks"])), None


def resolve_evidence(subs_by_id, s, f):
    out = []
    for ev in f["evidence"]:
        sid, path, quote = ev if len(ev) == 3 else (s["submission"], *ev)
        owner = subs_by_id[sid]
        d = next(x for x in owner["docs"] if x["path"] == path)
        text, pages = doc_text(owner, d)
        page = None
        if pages is not None:
            hits = [i + 1 for i, p in enumerate(pages) if render.norm(quote) in render.norm(p)]
            if not hits:
                raise SystemExit(f"evidence not found: {sid}/{path}: {quote}")
            page = hits[0]
        elif quote not in text:
            raise SystemExit(f"evidence not found: {sid}/{path}: {quote}")
        item = {"document": path, "page": page, "quote": quote}
        if len(ev) == 3:
            item = {"submission": sid, **item}
        out.append(item)
    return out


def verdict(findings) -> str:
    sev = {f["severity"] for f in findings}
    return "fail" if "fail" in sev else "review" if "warn" in sev else "pass"


def doc_record(s, d):
    path = os.path.join(OUT, s["submission"], d["path"])
    rec = {"document": d["path"], "format": d["format"], "role": d["role"],
           "report_year": d["report_year"], "encoding": d["encoding"], "bytes": os.path.getsize(path)}
    if d["format"] in ("docx", "pdf"):
        rec["core_properties"] = {"author": d["author"], "last_modified_by": d["last_modified_by"],
                                  "created": iso(d["created"]), "modified": iso(d["modified"])}
    if d["format"] == "pdf":
        rec["pages"] = len(render.pdf_pages(path))
        fonts = subprocess.run(["pdffonts", path], capture_output=True, text=True,
                               check=True).stdout.splitlines()[2:]
        assert fonts and all(" yes " in ln for ln in fonts), f"font not embedded in {path}"
        rec["fonts"] = sorted({ln.split()[0] for ln in fonts})
    return rec


def check_no_accidental_duplicates(subs, intended):
    """No DUP_MIN-character run (whitespace removed, over every block including tables and
    covers) is shared by two submissions, except the intended duplicate_text pair."""
    grams = {}
    for s in subs:
        text = "".join(render.norm("".join(render.txt_lines(d["blocks"]))) for d in s["docs"])
        grams[s["submission"]] = {text[i:i + DUP_MIN] for i in range(len(text) - DUP_MIN + 1)}
    ids_ = sorted(grams)
    for i, a in enumerate(ids_):
        for b in ids_[i + 1:]:
            shared = grams[a] & grams[b]
            if shared and frozenset((a, b)) not in intended:
                raise SystemExit(f"accidental shared text {a} {b}: {sorted(shared)[0]}")


def main():
    units = load_units()
    subs = all_submissions()
    for folder in (OUT, SOURCES):
        if os.path.exists(folder):
            shutil.rmtree(folder)
    os.makedirs(OUT)
    with tempfile.TemporaryDirectory(prefix="intake-demo-") as tmp:
        write_documents(subs, tmp)
    by_id = {s["submission"]: s for s in subs}
    intended_dups = {frozenset(e[0] for e in f["evidence"])
                     for s in subs for f in s["findings"] if f["kind"] == "duplicate_text"}
    check_no_accidental_duplicates(subs, intended_dups)
    records = []
    for s in subs:
        facts, nonclaims = [], []
        for d in s["docs"]:
            f, n = doc_facts(s, d, units)
            facts += f
            nonclaims += n
        findings = []
        for f in s["findings"]:
            findings.append({k: f[k] for k in ("rule", "kind", "severity", "metric", "regime",
                                               "article", "message")}
                            | {"evidence": resolve_evidence(by_id, s, f)})
        code = s["credit_code"]
        app = next(d for d in s["docs"] if d["role"] == "application")
        records.append({
            "submission": s["submission"], "regime": s["regime"], "level": s["level"],
            "variant": s["variant"], "org_name": s["org_name"], "credit_code": code,
            "credit_code_valid": ids.credit_code_valid(code),
            "program_name": program_name(app["blocks"]),
            "application_date": s["application_date"].isoformat(),
            "verdict": verdict(s["findings"]), "purpose": s["purpose"],
            "identifiers": s["identifiers"],
            "documents": [doc_record(s, d) for d in s["docs"]],
            "facts": facts, "non_claims": nonclaims, "findings": findings,
        })
    check.check(records, subs)
    truth = {
        "batch": "corpora/demo",
        "generator": "corpora/gen/generate.py",
        "notes": "Values in canonical units (CNY yuan, m2, persons, percent 0-100); page is 1-based "
                 "for PDF (located with pdftotext), null for DOCX/TXT. director.birth_date is "
                 "YYYY-MM where only 出生年月 is stated. non_claims are quoted requirements that "
                 "must not be read as facts. Integrity findings carry regime null.",
        "submissions": records,
    }
    with open(TRUTH, "w", encoding="utf-8") as fh:
        json.dump(truth, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    n = {}
    for r in records:
        for d in r["documents"]:
            key = d["format"] + (f"/{d['encoding']}" if d["encoding"] else "")
            n[key] = n.get(key, 0) + 1
    print(f"{len(records)} submissions; documents by format: "
          + ", ".join(f"{k} {v}" for k, v in sorted(n.items())))
    print("verdicts: " + ", ".join(f"{r['submission']} {r['verdict']}" for r in records))


if __name__ == "__main__":
    main()
