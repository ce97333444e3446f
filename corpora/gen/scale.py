#!/usr/bin/env python3
"""Generate a scale batch of N submissions for the throughput bench (issue 9).

Usage (from the repository root):
    python3 corpora/gen/scale.py N OUT [--pool POOL] [--pdf-only] [--shared K]

OUT is deleted and rewritten (never write it inside corpora/: scale batches are not committed;
use target/ or /work/tgt/scale/). POOL (default OUT/../scale-pool) caches what is rendered once.

How it stays fast (5,000 submissions in a couple of minutes, one LibreOffice run in all):
  - The pool is rendered once: every demo document (gen/content_*.py, the 19 demo submissions)
    as a DOCX template via render.write_docx with a 〔BODY〕 paragraph appended, every TXT
    template as text, and PDF_POOL attachment PDFs of 8–30 pages (服务案例汇编, 设备清单) made
    by LibreOffice from generated DOCX in one soffice run.
  - Submission i takes the demo submission i mod 19 as template and is re-labelled: a new
    organisation name, a valid GB 32100 credit code, its own author account and DOCX rsidRoot,
    and in place of 〔BODY〕 10–30 pages of body text made of bigrams of the demo text drawn by
    a seeded generator (so no 13-character run is shared between two submissions by accident:
    the shared parts are the templates, which every 19th applicant carries — boilerplate to the
    duplicate check at any N ≥ 20). The DOCX is patched as XML inside its zip (milliseconds).
  - Every submission gets one attachment PDF from the pool (hard-linked: PDF_POOL files shared
    by N / PDF_POOL applicants each, boilerplate too). The demo's own PDF documents become DOCX.

Deterministic: the same N gives the same batch (seeded by submission index).
With --pdf-only, each submission holds only its attachment PDF (for intake vs pdftotext).
With --shared K, the body text of submission i is the one of submission i mod K (its pages drawn
by a generator seeded with i mod K): a pool-copied batch, every body carried by about N / K
applicants under their own names (issue 23: what a consultancy writing for many applicants, or
a re-uploaded round, looks like). K = 20 makes about 40 distinct documents (two per demo
submission on average) at any N.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import random
import re
import shutil
import sys
import tempfile
import zipfile
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True

import generate  # noqa: E402
import ids  # noqa: E402
import render  # noqa: E402

PDF_POOL = 12
MARK = "〔BODY〕"
CJK = re.compile(r"[\u4e00-\u9fff]{2,}")
PROVINCES = ["110000", "310000", "320500", "330100", "350100", "370200", "420100", "440300",
             "500000", "510100", "610100", "210200"]
CITIES = ["京华", "沪江", "苏湖", "钱塘", "闽江", "胶澳", "江城", "鹏城", "渝州", "蓉城", "长安", "辽海"]
TRADES = ["精密", "智造", "数联", "衡准", "工联", "云链", "启明", "华测", "鼎新", "博远", "通达", "泰和"]
KINDS = ["科技有限公司", "检测技术有限公司", "信息技术股份有限公司", "研究院", "工业互联网有限公司"]
ORG_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
# Characters that make a body bigram read as a figure (counts, units, dates, degrees): left out
# of the generated body so it states no facts of its own.
FIGURE_CHARS = set("人名位项元万亿台套家个件年月日次两一二三四五六七八九十百千零〇平米㎡%％博硕本士师率占比")


def bigrams() -> list[str]:
    """Distinct two-character runs of the demo text: the vocabulary of the generated body."""
    seen: dict[str, None] = {}
    for s in generate.all_submissions():
        for d in s["docs"]:
            for b in d["blocks"]:
                for string, _ in render.block_strings(b):
                    for run in CJK.findall(render.plain(string)):
                        for i in range(0, len(run) - 1, 2):
                            if not FIGURE_CHARS.intersection(run[i:i + 2]):
                                seen.setdefault(run[i:i + 2], None)
    return list(seen)


def body(rng: random.Random, vocab: list[str], pages: int) -> list[str]:
    """About `pages` pages (≈ 720 characters each) of paragraphs of random bigrams."""
    paras = []
    for _ in range(pages * 8):
        sent = []
        for _ in range(rng.randint(3, 6)):
            sent.append("".join(rng.choice(vocab) for _ in range(rng.randint(6, 14))))
        paras.append("，".join(sent) + "。")
    return paras


# ---------------------------------------------------------------- pool

def build_pool(pool: str) -> None:
    """Render the templates and the attachment PDFs once (skipped when POOL is complete)."""
    done = os.path.join(pool, ".complete")
    if os.path.exists(done):
        return
    if os.path.exists(pool):
        shutil.rmtree(pool)
    os.makedirs(os.path.join(pool, "templates"))
    os.makedirs(os.path.join(pool, "pdf"))
    subs = generate.all_submissions()
    for t, s in enumerate(subs):
        for j, d in enumerate(s["docs"]):
            blocks = list(d["blocks"]) + [("p", MARK)]
            base = os.path.join(pool, "templates", f"{t:02}-{j}")
            if d["format"] == "txt":
                render.write_txt(base + ".txt", blocks, d["encoding"])
            else:
                props = {"author": d["author"], "last_modified_by": d["last_modified_by"],
                         "created": d["created"], "modified": d["modified"] or d["created"],
                         "title": render.plain(d["blocks"][0][1])}
                render.write_docx(base + ".docx", blocks, props)
    vocab = bigrams()
    with tempfile.TemporaryDirectory(prefix="intake-scale-") as tmp:
        srcs = []
        for k in range(PDF_POOL):
            rng = random.Random(f"pdf-{k}")
            pages = 8 + (k * 7) % 23
            blocks = [("title", f"附件{k + 1}：服务案例与设备清单汇编"), ("pagebreak",)]
            for sec in range(pages // 4 + 1):
                blocks.append(("h1", f"{sec + 1}. " + "".join(rng.choice(vocab) for _ in range(5))))
                blocks += [("p", p) for p in body(rng, vocab, 2)]
                rows = [[f"{r + 1}", "".join(rng.choice(vocab) for _ in range(4)),
                         f"{rng.randint(1, 900)}", f"{rng.randint(10, 99999):,}"]
                        for r in range(12)]
                blocks.append(("table", f"表{sec + 1} 设备清单", ["序号", "名称", "数量（台）",
                                                                "金额（元）"], rows))
            when = dt.datetime(2026, 1, 5, 9, 0, 0)
            src = os.path.join(tmp, f"att-{k:02}.docx")
            render.write_docx(src, blocks, {"author": "汇编", "last_modified_by": "汇编",
                                            "created": when, "modified": when,
                                            "title": blocks[0][1]})
            srcs.append((src, when))
        render.convert_pdfs([s for s, _ in srcs], tmp, os.path.join(tmp, "lo-profile"))
        for k, (src, when) in enumerate(srcs):
            pdf = src[:-5] + ".pdf"
            render.fix_pdf(pdf, when, f"scale-att-{k}")
            shutil.move(pdf, os.path.join(pool, "pdf", f"附件{k + 1}.pdf"))
    open(done, "w").close()


# ---------------------------------------------------------------- submissions

def identity(i: int) -> tuple[str, str, str]:
    """A distinct organisation name, valid credit code and author account for submission i."""
    name = (CITIES[i % 12] + TRADES[(i // 12) % 12] + TRADES[(i // 144) % 12]
            + f"{i // 1728 + 1}号" * (i >= 1728) + KINDS[i % 5])
    digest = hashlib.sha256(f"org-{i}".encode()).digest()
    org8 = "".join(ORG_CHARS[b % 31] for b in digest[:8])
    code = ids.make_credit_code("9", "1", PROVINCES[i % 12], org8)
    author = f"用户{i:05d}"
    return name, code, author


def patch_docx(src: str, dst: str, repl: list[tuple[str, str]], paras: list[str], rsid: str) -> None:
    """Copy a template DOCX with strings replaced and 〔BODY〕 expanded into paragraphs."""
    zin = zipfile.ZipFile(src)
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename in ("word/document.xml", "docProps/core.xml", "word/settings.xml"):
                text = data.decode("utf-8")
                for a, b in repl:
                    text = text.replace(escape(a), escape(b))
                if info.filename == "word/settings.xml":
                    text = re.sub(r'(rsidRoot w:val=")[0-9A-F]+', r"\g<1>" + rsid, text)
                if info.filename == "word/document.xml":
                    m = re.search(r"<w:p>(?:(?!<w:p>).)*?" + MARK + r".*?</w:p>", text)
                    if m:
                        tpl = m.group(0)
                        text = text.replace(tpl, "".join(tpl.replace(MARK, escape(p)) for p in paras))
                data = text.encode("utf-8")
            zout.writestr(info, data)


def patch_txt(src: str, dst: str, enc: str, repl: list[tuple[str, str]], paras: list[str]) -> None:
    data = open(src, "rb").read()
    text = data[2:].decode("utf-16-le") if enc == "utf-16" else data.decode(enc)
    for a, b in repl:
        text = text.replace(a, b)
    text = text.replace(MARK, "\r\n    ".join(paras))
    out = b"\xff\xfe" + text.encode("utf-16-le") if enc == "utf-16" else text.encode(enc, "replace")
    open(dst, "wb").write(out)


def make_submission(i: int, out: str, pool: str, subs, vocab, pdf_only: bool,
                    shared: int | None = None) -> None:
    sid = f"sub-{i + 1:05d}"
    root = os.path.join(out, sid)
    os.makedirs(os.path.join(root, "附件"))
    k = i % PDF_POOL
    att = os.path.join(pool, "pdf", f"附件{k + 1}.pdf")
    os.link(att, os.path.join(root, "附件", f"附件{k + 1}.pdf"))
    if pdf_only:
        return
    t = i % len(subs)
    s = subs[t]
    name, code, author = identity(i)
    repl = [(s["org_name"], name), (s["credit_code"], code)]
    for d in s["docs"]:
        for who in (d["author"], d["last_modified_by"]):
            if who:
                repl.append((who, author))
    rng = random.Random(f"{sid}")
    rsid = f"{rng.randrange(16 ** 8):08X}"
    if shared:
        # The template follows i mod 19, the body i mod K: the same body also lands in other
        # templates (a document reused whatever form it goes into).
        rng = random.Random(f"shared-{i % shared}")
    for j, d in enumerate(s["docs"]):
        pages = rng.randint(8, 25)
        paras = body(rng, vocab, pages)
        base = os.path.join(pool, "templates", f"{t:02}-{j}")
        name_part = os.path.splitext(d["path"])[0]
        os.makedirs(os.path.dirname(os.path.join(root, d["path"])), exist_ok=True)
        if d["format"] == "txt":
            patch_txt(base + ".txt", os.path.join(root, d["path"]), d["encoding"], repl, paras)
        else:
            patch_docx(base + ".docx", os.path.join(root, name_part + ".docx"), repl, paras, rsid)


def main() -> None:
    args = sys.argv[1:]
    pdf_only = "--pdf-only" in args
    args = [a for a in args if a != "--pdf-only"]
    pool = None
    shared = None
    if "--shared" in args:
        j = args.index("--shared")
        shared = int(args[j + 1])
        del args[j:j + 2]
    if "--pool" in args:
        j = args.index("--pool")
        pool = args[j + 1]
        del args[j:j + 2]
    if len(args) != 2 or not args[0].isdigit():
        sys.exit(__doc__)
    n, out = int(args[0]), os.path.abspath(args[1])
    if os.path.commonpath([out, os.path.join(os.path.dirname(HERE))]) == os.path.dirname(HERE):
        sys.exit("refusing to write a scale batch inside corpora/ (it must not be committed)")
    pool = os.path.abspath(pool or os.path.join(os.path.dirname(out), "scale-pool"))
    build_pool(pool)
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(out)
    subs = generate.all_submissions()
    vocab = bigrams()
    for i in range(n):
        make_submission(i, out, pool, subs, vocab, pdf_only, shared)
    print(f"{n} submissions in {out} (pool {pool})")


if __name__ == "__main__":
    main()
