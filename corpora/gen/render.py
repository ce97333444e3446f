"""Rendering of the demo documents: block lists → DOCX, TXT, and PDF (DOCX via LibreOffice).

A document is a list of blocks:
  ("title", text) ("center", text) ("h1", text) ("h2", text) ("p", text) ("pagebreak",)
  ("kv", [[label, value], ...])               two-column form table (单位名称 | …)
  ("table", caption, [header...], [[cell, ...], ...])
Text may carry markers that the generator turns into the truth file:
  [[metric=value|quote]]  a stated fact; the document shows `quote`
  {{metric|quote}}        text naming a metric that is NOT a claim (a quoted requirement)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import subprocess
import zipfile

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

FONT = "Noto Serif CJK SC"  # fonts-noto-cjk; LibreOffice embeds a subset in the PDF
FACT_RE = re.compile(r"\[\[([a-z_.0-9]+)=([^|\]]*)\|([^\]]+)\]\]")
NONCLAIM_RE = re.compile(r"\{\{([a-z_.0-9]+)\|([^}]+)\}\}")


def plain(s: str) -> str:
    """The text as the document shows it (markers replaced by their quotes)."""
    return NONCLAIM_RE.sub(lambda m: m.group(2), FACT_RE.sub(lambda m: m.group(3), s))


def parse_value(raw: str):
    if raw in ("true", "false"):
        return raw == "true"
    if re.fullmatch(r"-?\d+", raw):
        return int(raw)
    if re.fullmatch(r"-?\d+\.\d+", raw):
        return float(raw)
    return raw


def marks(s: str):
    """(facts, nonclaims) in a string: [(metric, value, quote)], [(metric, quote)]."""
    facts = [(m.group(1), parse_value(m.group(2)), m.group(3)) for m in FACT_RE.finditer(s)]
    non = [(m.group(1), m.group(2)) for m in NONCLAIM_RE.finditer(s)]
    return facts, non


def block_strings(block):
    """Every marked-up string of a block, each with its table context (label or None)."""
    kind = block[0]
    if kind in ("title", "center", "h1", "h2", "p"):
        return [(block[1], None)]
    if kind == "kv":
        return [(v, plain(k)) for k, v in block[1]]
    if kind == "table":
        out = []
        for row in block[3]:
            out += [(c, plain(row[0])) for c in row]
        return out
    return []


# ---------------------------------------------------------------- DOCX

def _set_font(style) -> None:
    """Point a style at the CJK font for every script, dropping theme fonts that would win."""
    rpr = style.element.get_or_add_rPr()
    rf = rpr.find(qn("w:rFonts"))
    if rf is None:
        rf = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, rf)
    for a in list(rf.attrib):
        if a.endswith("Theme"):
            del rf.attrib[a]
    for a in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rf.set(qn(a), FONT)
    style.font.color.rgb = None


def write_docx(path: str, blocks, props: dict) -> None:
    """Write blocks as a DOCX with fixed core properties and fixed zip timestamps."""
    d = docx.Document()
    sec = d.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.left_margin = sec.right_margin = Mm(28)
    sec.top_margin = sec.bottom_margin = Mm(25)
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Table Grid"):
        _set_font(d.styles[name])
    d.styles["Normal"].font.size = Pt(12)
    d.styles["Title"].font.size = Pt(22)
    for kind, *rest in blocks:
        if kind == "title":
            p = d.add_paragraph(plain(rest[0]), style="Title")
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            for _ in range(3):
                d.add_paragraph("")
        elif kind == "center":
            p = d.add_paragraph(plain(rest[0]))
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif kind == "h1":
            d.add_heading(plain(rest[0]), 1)
        elif kind == "h2":
            d.add_heading(plain(rest[0]), 2)
        elif kind == "p":
            p = d.add_paragraph(plain(rest[0]))
            p.paragraph_format.first_line_indent = Pt(24)
        elif kind == "pagebreak":
            d.add_page_break()
        elif kind == "kv":
            rows = rest[0]
            t = d.add_table(rows=len(rows), cols=2)
            t.style = "Table Grid"
            for i, (k, v) in enumerate(rows):
                t.cell(i, 0).text = plain(k)
                t.cell(i, 1).text = plain(v)
        elif kind == "table":
            caption, header, rows = rest
            d.add_paragraph(plain(caption)).alignment = WD_ALIGN_PARAGRAPH.CENTER
            t = d.add_table(rows=len(rows) + 1, cols=len(header))
            t.style = "Table Grid"
            for j, h in enumerate(header):
                t.cell(0, j).text = plain(h)
            for i, row in enumerate(rows, 1):
                for j, c in enumerate(row):
                    t.cell(i, j).text = plain(c)
        else:
            raise ValueError(kind)
    cp = d.core_properties
    cp.author = props["author"]
    cp.last_modified_by = props["last_modified_by"]
    cp.created = props["created"]
    cp.modified = props["modified"]
    cp.last_printed = props["created"]
    cp.title = props.get("title", "")
    cp.revision = props.get("revision", 3)
    cp.comments = ""
    buf = io.BytesIO()
    d.save(buf)
    _rezip(buf.getvalue(), path, props["modified"])


def _rezip(data: bytes, path: str, when: dt.datetime) -> None:
    """python-docx stamps zip entries with the clock; rewrite them with the document's own date."""
    src = zipfile.ZipFile(io.BytesIO(data))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=when.timetuple()[:6])
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            out.writestr(zi, src.read(info.filename))


# ---------------------------------------------------------------- TXT

def txt_lines(blocks) -> list[str]:
    lines: list[str] = []
    for kind, *rest in blocks:
        if kind in ("title", "center"):
            lines.append(plain(rest[0]).center(30).rstrip())
        elif kind in ("h1", "h2"):
            lines += ["", plain(rest[0])]
        elif kind == "p":
            lines.append("    " + plain(rest[0]))
        elif kind == "pagebreak":
            lines.append("")
        elif kind == "kv":
            lines += [f"{plain(k)}：{plain(v)}" for k, v in rest[0]]
        elif kind == "table":
            caption, header, rows = rest
            lines.append(plain(caption))
            lines.append("\t".join(plain(h) for h in header))
            lines += ["\t".join(plain(c) for c in row) for row in rows]
    return lines


def write_txt(path: str, blocks, encoding: str) -> None:
    """Write blocks as CRLF text in `encoding` (gbk, utf-8, or utf-16 with BOM)."""
    text = "\r\n".join(txt_lines(blocks)) + "\r\n"
    if encoding == "utf-16":
        data = b"\xff\xfe" + text.encode("utf-16-le")
    else:
        data = text.encode(encoding)
    with open(path, "wb") as f:
        f.write(data)


# ---------------------------------------------------------------- PDF

def convert_pdfs(docx_paths: list[str], outdir: str, profile: str) -> None:
    """DOCX → PDF with LibreOffice headless (one process for all files, private profile)."""
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
         "--convert-to", "pdf", "--outdir", outdir, *docx_paths],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def fix_pdf(path: str, created: dt.datetime, seed: str) -> None:
    """Replace the clock-derived /CreationDate and /ID with document-derived ones of equal
    length, so the xref offsets stay valid and the file is reproducible."""
    data = open(path, "rb").read()
    stamp = created.strftime("D:%Y%m%d%H%M%S").encode()
    data, n = re.subn(rb"\(D:\d{14}", lambda m: b"(" + stamp, data)
    assert n >= 1, path
    digest = hashlib.md5(seed.encode()).hexdigest().upper().encode()
    data, n = re.subn(rb"/ID \[\s*<[0-9A-Fa-f]{32}>\s*<[0-9A-Fa-f]{32}>",
                      lambda m: re.sub(rb"[0-9A-Fa-f]{32}", digest, m.group(0)), data)
    assert n == 1, path
    # LibreOffice's private /DocChecksum hashes bytes that include the clock date.
    data = re.sub(rb"/DocChecksum /[0-9A-Fa-f]{32}", b"/DocChecksum /" + digest, data)
    open(path, "wb").write(data)


def pdf_pages(path: str) -> list[str]:
    """Each page's text as pdftotext gives it."""
    info = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True).stdout
    n = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    return [
        subprocess.run(["pdftotext", "-f", str(i), "-l", str(i), "-enc", "UTF-8", path, "-"],
                       capture_output=True, text=True, check=True).stdout
        for i in range(1, n + 1)
    ]


def norm(s: str) -> str:
    return re.sub(r"\s+", "", s)


class PageLocator:
    """Finds the 1-based page of quotes, walking the document in block order."""

    def __init__(self, pages: list[str]):
        self.starts, acc = [], []
        pos = 0
        for p in pages:
            self.starts.append(pos)
            t = norm(p)
            acc.append(t)
            pos += len(t)
        self.text = "".join(acc)
        self.cursor = 0

    def page_at(self, pos: int) -> int:
        page = 0
        for i, s in enumerate(self.starts):
            if s <= pos:
                page = i
        return page + 1

    def find(self, needle: str, start: int) -> int:
        i = self.text.find(norm(needle), start)
        if i < 0:
            raise LookupError(f"not found in PDF text: {needle!r}")
        return i

    def locate_block(self, block, items):
        """items: [(string, label)] facts/nonclaims of the block → list of pages (same order)."""
        kind = block[0]
        out = []
        if kind in ("kv", "table"):
            start = self.cursor
            for s, label in items:
                lpos = self.find(label, start) if label else start
                qpos = self.find(s, lpos)
                out.append(self.page_at(qpos))
            first = block[1][0][0] if kind == "kv" else block[1]
            bpos = self.find(plain(first), self.cursor)
            self.cursor = bpos + len(norm(plain(first)))
        else:
            btext = plain(block[1])
            bpos = self.find(btext, self.cursor)
            for s, _ in items:
                out.append(self.page_at(self.find(s, bpos)))
            self.cursor = bpos + len(norm(btext))
        return out
