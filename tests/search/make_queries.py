#!/usr/bin/env python3
"""Make tests/search/queries.json: Chinese queries over corpora/demo with their expected hits.

Queries: every applicant's name, plus, for every document, two 6-character runs of its text
(seeded choice) that occur in at most three documents of the batch. Expected hits are every
(submission, document, page) whose text holds the query as a substring: within a
table cell or paragraph, and across PDF lines (which wrap inside words), never across table
cells or DOCX/TXT paragraphs, where no reader would look for one phrase; page is null for DOCX and TXT. Text comes from
`intake extract --json`, the same text `intake run` indexes.

Usage: python3 tests/search/make_queries.py target/debug/intake
"""
import json, os, random, re, subprocess, sys

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
intake = sys.argv[1]
batch = os.path.join(root, "corpora", "demo")
pages = []  # (submission, document, page or None, normalised text)
for sub in sorted(os.listdir(batch)):
    for dirpath, _, files in os.walk(os.path.join(batch, sub)):
        for name in sorted(files):
            path = os.path.join(dirpath, name)
            doc = os.path.relpath(path, os.path.join(batch, sub))
            out = json.loads(subprocess.check_output([intake, "extract", "--json", path]))
            for p in out["document"]["pages"]:
                # PDF blocks are lines (joined: a wrap); DOCX/TXT blocks are paragraphs (kept apart).
                joiner = "" if p["number"] is not None else "\t"
                text = joiner.join(re.sub(r"[ \n\r\u3000]+", "", b["text"]) for b in p["blocks"])
                pages.append((sub, doc, p["number"], text))

def hits(q):
    return sorted({(s, d, n) for s, d, n, t in pages if q in t}, key=lambda h: (h[0], h[1], h[2] or 0))

queries = []
truth = json.load(open(os.path.join(root, "corpora", "demo-truth.json")))
for s in truth["submissions"]:
    if s["org_name"] not in queries:
        queries.append(s["org_name"])
rng = random.Random(20261122)
docs = sorted({(s, d) for s, d, _, _ in pages})
for s, d in docs:
    text = "".join(t for s2, d2, _, t in pages if (s2, d2) == (s, d))
    runs = [m.group() for m in re.finditer(r"[\u4e00-\u9fff]{6,}", text)]
    cands = sorted({r[i:i + 6] for r in runs for i in range(len(r) - 5)})
    rng.shuffle(cands)
    picked = 0
    for c in cands:
        n_docs = len({(h[0], h[1]) for h in hits(c)})
        if 1 <= n_docs <= 3 and c not in queries:
            queries.append(c)
            picked += 1
            if picked == 2:
                break
out = [{"query": q, "expected": [{"submission": s, "document": d, "page": n} for s, d, n in hits(q)]} for q in queries]
json.dump(out, open(os.path.join(root, "tests", "search", "queries.json"), "w"), ensure_ascii=False, indent=1)
print(len(out), "queries,", sum(len(q["expected"]) for q in out), "expected hits")
