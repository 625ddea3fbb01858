#!/usr/bin/env python3
"""Write OUT/drafts/review.md: a small draft citing 20 keys of the synthetic
corpus in OUT (made by make_corpus.py): mostly sentences taken from the
cited paper (supported), some cited to another paper (misattributed), some
with a changed number. Deterministic.

Usage: python3 scripts/scale/write_draft.py OUT
"""
import os, random, re, sys
out = sys.argv[1]
rows = [l.rstrip("\n").split("\t") for l in open(os.path.join(out, "manifest.tsv"), encoding="utf-8")][1:]
step = max(1, len(rows) // 20)
chosen = rows[::step][:20]
rng = random.Random(7)

def body_sentences(path):
    sents, in_body = [], False
    for para in open(os.path.join(out, path), encoding="utf-8").read().split("\n\n"):
        para = para.strip()
        if re.match(r"^\d+\. [A-Z ]+$", para):
            in_body = True
            continue
        if para == "REFERENCES":
            break
        if in_body:
            sents += [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", para) if 60 <= len(s) <= 300 and s.endswith(".")]
    return sents

lines = ["# A synthetic review for scale measurements", ""]
para = []
for n, (i, key, path, author, year, title) in enumerate(chosen):
    if n % 5 == 3 and len(chosen) > 1:      # misattributed: another paper's sentence
        other = chosen[(n + 7) % len(chosen)]
        s = rng.choice(body_sentences(other[2]))
    else:
        s = rng.choice(body_sentences(path))
        if n % 5 == 4:                        # changed figure, when there is one
            s = re.sub(r"\b(19|20)(\d\d)\b", lambda m: str(int(m.group(0)) + 3), s, count=1)
    para.append(s[:-1] + f" [@{key}].")
    if len(para) == 4:
        lines += [" ".join(para), ""]
        para = []
if para:
    lines += [" ".join(para), ""]
with open(os.path.join(out, "drafts", "review.md"), "w", encoding="utf-8") as f:
    f.write("\n".join(lines))
