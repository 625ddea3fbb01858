#!/usr/bin/env python3
"""Build a synthetic scale corpus for gloss (issue 7: scale).

Recombines the body sentences of a small source corpus (default
../shared/corpus: full-text .txt papers and references.bib) into N synthetic
papers with swapped names and perturbed figures, so that every paper differs.

Layout written under --out (and nowhere else):

    OUT/corpus/paperNNNN.txt      one synthetic paper each (~75 KB)
    OUT/corpus/references.bib     one entry per paper, with file = {paperNNNN.txt}
    OUT/big-NNNNN.bib             with --bib-entries N: the paper entries (no
                                  file field) padded with synthetic entries
    OUT/manifest.tsv              index, key, file, first author, year, title

With --zotero, the same papers again as a Zotero user has them, for pairing
by `file` field and by content at scale (no Zotero database is written):

    OUT/zotero/storage/KEY/Author - Year - Title.txt   two thirds of the papers,
                                  in Zotero's storage folders (KEY: 8 characters)
    OUT/zotero/papers/Author - Year - Title.txt        the rest, in one folder
    OUT/bbt-NNNNN.bib             with --bbt-entries N: a Better BibTeX export of
                                  N entries (the papers first, then synthetic
                                  ones) with `file` fields in mixed forms:
                                  relative to the .bib, absolute, `storage:KEY/name`,
                                  several attachments with escaped colons; one
                                  paper in ten has no `file` field (paired by
                                  content), and most synthetic entries name
                                  attachments the corpus does not hold.

`file` fields name the PDF (`--attachments pdf`, the default: the text of the
same name beside it pairs) or the text itself (`--attachments txt`).

The bibliographies padded with extra entries sit outside OUT/corpus because
gloss reads a corpus folder recursively (every .bib in it would be loaded).

Usage:
    python3 scripts/scale/make_corpus.py --papers 1000 --out target/scale/c1000 \
        [--source ../shared/corpus] [--seed 1] [--bib-entries 70000]... \
        [--zotero] [--bbt-entries 70000]... [--attachments pdf|txt]

Python 3 standard library only; deterministic given --seed.
"""

import argparse
import os
import random
import re
import sys

# --------------------------------------------------------------------------
# Safety: write only under --out, never inside the source corpus or ../shared,
# and never inside a git work tree except under its target/ folder.


def real(p):
    return os.path.realpath(os.path.abspath(p))


def is_under(path, parent):
    path, parent = real(path), real(parent)
    return path == parent or path.startswith(parent.rstrip(os.sep) + os.sep)


def git_root(start):
    d = real(start)
    while True:
        if os.path.exists(os.path.join(d, ".git")):
            return d
        up = os.path.dirname(d)
        if up == d:
            return None
        d = up


def check_out(out, source):
    if is_under(out, source) or is_under(source, out):
        sys.exit(f"make_corpus: --out {out} overlaps the source corpus {source}")
    shared = real(os.path.join(source, ".."))
    if os.path.basename(shared) == "shared" and is_under(out, shared):
        sys.exit(f"make_corpus: refusing to write inside {shared}")
    # The nearest existing ancestor decides which work tree we are in.
    probe = real(out)
    while not os.path.exists(probe):
        probe = os.path.dirname(probe)
    root = git_root(probe)
    if root is not None and not is_under(out, os.path.join(root, "target")):
        sys.exit(
            f"make_corpus: --out {out} is inside the git work tree {root} but not under "
            f"{root}/target; synthetic text (recombined from the source corpus) must not "
            "enter the repository"
        )


# --------------------------------------------------------------------------
# Reading the source corpus.

END_OF_BODY = re.compile(r"^\s*(NOTES|Notes|REFERENCES|References|BIBLIOGRAPHY|Bibliography)\s*$")
SENT_SPLIT = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[A-Z\"“(])")
CAP_WORD = re.compile(r"\b[A-Z][a-z]{2,}(?:-[A-Z][a-z]+)?\b")
ACRONYM = re.compile(r"\b[A-Z]{2,5}s?\b")
ROMAN = re.compile(r"^[IVXLC]+$")


def read_source(src):
    """Body sentences of every source text (notes and references dropped)."""
    texts = []
    for name in sorted(os.listdir(src)):
        if not name.endswith((".txt", ".md")):
            continue
        with open(os.path.join(src, name), encoding="utf-8", errors="replace") as f:
            lines = f.read().split("\n")
        body = []
        for i, line in enumerate(lines):
            if i > 10 and END_OF_BODY.match(line):
                break
            body.append(line)
        texts.append("\n".join(body))
    if not texts:
        sys.exit(f"make_corpus: no .txt/.md texts in {src}")
    sentences = []
    for text in texts:
        # Paragraphs: blank-line separated; rejoin the page-break splits crudely.
        paras, carry = [], ""
        for para in re.split(r"\n\s*\n", text):
            para = " ".join(para.split())
            if len(para) < 80 and not carry:
                continue  # headings, affiliations, page furniture
            if para.startswith(("©", "*", "Key words", "Keywords")):
                continue  # notes and front matter, also where they split a paragraph
            para = (carry + " " + para).strip() if carry else para
            # A paragraph cut by a page break ends without punctuation: join it.
            if not re.search(r"[.!?][\"”’)]?$", para) and len(para) < 6000:
                carry = para
                continue
            carry = ""
            paras.append(para)
        for para in paras:
            for s in SENT_SPLIT.split(para):
                s = s.strip()
                if 40 <= len(s) <= 900 and not s.isupper():
                    sentences.append(s)
    return texts, sentences


def swappable_names(texts):
    """Capitalised words whose lower-case form never occurs (names), and acronyms."""
    joined = "\n".join(texts)
    lower = set(re.findall(r"\b[a-z][a-z-]+\b", joined))
    names, acronyms = set(), set()
    for w in CAP_WORD.findall(joined):
        if w.lower() not in lower and len(w) >= 3:
            names.add(w)
    for a in ACRONYM.findall(joined):
        base = a[:-1] if a.endswith("s") and len(a) > 2 else a
        if not ROMAN.match(base) and len(base) >= 2:
            acronyms.add(base)
    return sorted(names), sorted(acronyms)


# --------------------------------------------------------------------------
# Pseudo-names and synthetic metadata.

ONSETS = ["b", "br", "c", "ch", "d", "dr", "f", "g", "gr", "h", "j", "k", "kr", "l", "m",
          "n", "p", "pr", "r", "s", "sh", "st", "t", "tr", "v", "w", "z"]
VOWELS = ["a", "e", "i", "o", "u", "ai", "ea", "io", "ou", "y"]
CODAS = ["", "", "n", "r", "l", "s", "th", "m", "nd", "rk", "x", "v"]
NAME_ENDS = ["", "a", "ia", "on", "er", "ell", "berg", "ton", "ova", "ez", "ard", "ini", "sen"]
FIRM_SUFFIX = ["", "", " Group", " Holdings", " Electronics", " Systems", " Technologies",
               " Co.", " Ltd.", " Corporation", " Semiconductor", " Telecom"]
GIVEN = ["Anna", "Ben", "Carla", "David", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jun",
         "Karin", "Luis", "Mei", "Nadia", "Omar", "Priya", "Qin", "Rafael", "Sara", "Tomas",
         "Ulla", "Victor", "Wen", "Xavier", "Yuki", "Zofia", "Ahmed", "Birgit", "Chen", "Dmitri"]
TOPIC_WORDS = [
    "Upgrading", "Latecomer Firms", "Global Value Chains", "Industrial Clusters", "Capabilities",
    "Technology Transfer", "Export Orientation", "Import Substitution", "Regional Development",
    "Innovation Systems", "Supplier Networks", "Offshoring", "State Policy", "Learning",
    "Production Networks", "Venture Capital", "Machine Tools", "Software Services",
    "Electronics Manufacturing", "Indigenous Innovation", "Market Size", "Standards",
]
TITLE_TEMPLATES = [
    "{A} and {B}: Evidence from {P}",
    "{A} in {P}: The Case of {F}",
    "Beyond {A}: {B} and {C} in {P}",
    "{A}, {B} and the Rise of {F}",
    "Rethinking {A}: {B} in {P}, {y1}--{y2}",
    "{A} Without {B}? Lessons from {P}",
    "The Political Economy of {A} in {P}",
    "From {A} to {B}: {F} and {C}",
]
JOURNALS = [
    "World Development", "Research Policy", "Regional Studies", "Economic Geography",
    "Journal of Economic Geography", "Industrial and Corporate Change",
    "Environment and Planning A", "Review of International Political Economy",
    "Journal of Development Studies", "Technovation", "Asian Survey",
    "International Journal of Technology and Globalisation", "Cambridge Journal of Economics",
    "Studies in Comparative International Development", "Journal of International Business Studies",
]
PUBLISHERS = ["Oxford University Press", "Cambridge University Press", "Routledge", "Edward Elgar",
              "Palgrave Macmillan", "Springer", "MIT Press", "Princeton University Press"]
HEADINGS = ["INTRODUCTION", "LITERATURE AND FRAMEWORK", "DATA AND METHODS", "THE CASES",
            "FINDINGS", "DISCUSSION", "POLICY IMPLICATIONS", "CONCLUSION"]
STOP_TITLE = {"and", "the", "of", "in", "from", "to", "a", "an", "beyond", "without",
              "rethinking", "political", "economy", "rise", "case", "evidence", "lessons"}
ACCENTS = [("o", "{\\\"o}"), ("e", "{\\'e}"), ("a", "{\\`a}"), ("u", "{\\\"u}"), ("c", "{\\c c}")]


def pseudo_word(rng, syllables=None):
    n = syllables or rng.choice([1, 2, 2, 3])
    w = "".join(rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS) for _ in range(n))
    return (w + rng.choice(NAME_ENDS)).capitalize()


def make_pool(rng, size, avoid):
    pool, seen = [], set(avoid)
    while len(pool) < size:
        w = pseudo_word(rng)
        if 4 <= len(w) <= 14 and w not in seen:
            seen.add(w)
            pool.append(w)
    return pool


def make_acronyms(rng, size, avoid):
    out, seen = [], set(avoid)
    letters = "ABCDEFGHJKLMNPRSTVWXZ"
    while len(out) < size:
        a = "".join(rng.choice(letters) for _ in range(rng.choice([2, 3, 3, 4])))
        if a not in seen and not ROMAN.match(a):
            seen.add(a)
            out.append(a)
    return out


def make_title(rng, pool):
    a, b, c = rng.sample(TOPIC_WORDS, 3)
    y1 = rng.randint(1960, 2000)
    return rng.choice(TITLE_TEMPLATES).format(
        A=a, B=b, C=c, P=rng.choice(pool), F=rng.choice(pool) + rng.choice(FIRM_SUFFIX),
        y1=y1, y2=y1 + rng.randint(5, 25))


def key_for(surname, year, title, used):
    base = re.sub(r"[^a-z]", "", surname.lower()) or "anon"
    word = next((w for w in re.findall(r"[a-z]+", title.lower()) if w not in STOP_TITLE), "work")
    key = f"{base}{year}{word}"
    k, n = key, 0
    while k in used:
        n += 1
        k = key + "abcdefghijklmnopqrstuvwxyz"[(n - 1) % 26] + ("" if n <= 26 else str(n // 26))
    used.add(k)
    return k


def make_authors(rng, pool):
    return [(rng.choice(pool), rng.choice(GIVEN)) for _ in range(rng.choice([1, 1, 2, 2, 3, 4]))]


def bib_authors(authors, rng=None):
    parts = []
    for sur, given in authors:
        if rng is not None and rng.random() < 0.05:
            vowel, acc = rng.choice(ACCENTS)
            sur = sur.replace(vowel, acc, 1)
        parts.append(f"{sur}, {given}")
    return " and ".join(parts)


# --------------------------------------------------------------------------
# Perturbing sentences.

NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w])")


def perturb_numbers(s, rng):
    def sub(m):
        t = m.group(1)
        if "," in t:
            v = int(t.replace(",", ""))
            v = max(1, int(v * rng.uniform(0.6, 1.5)))
            return f"{v:,}"
        if "." in t:
            whole, frac = t.split(".")
            v = float(t) * rng.uniform(0.6, 1.5)
            return f"{v:.{len(frac)}f}"
        v = int(t)
        if 1900 <= v <= 2030 and len(t) == 4:
            return str(min(2030, max(1900, v + rng.randint(-6, 6))))
        if v < 10 and rng.random() < 0.5:
            return t  # small ordinals/counts often structural; keep half
        return str(max(1, int(round(v * rng.uniform(0.6, 1.5)))))
    return NUMBER.sub(sub, s)


class Renamer:
    def __init__(self, names, acronyms):
        self.names = names
        self.acronyms = acronyms
        alts = sorted(names + acronyms, key=len, reverse=True)
        self.rx = re.compile(r"\b(" + "|".join(map(re.escape, alts)) + r")\b") if alts else None

    def mapping(self, rng, pool, acr_pool, swap=0.7):
        m = {}
        for n in self.names:
            if rng.random() < swap:
                m[n] = rng.choice(pool)
        for a in self.acronyms:
            if rng.random() < swap:
                m[a] = rng.choice(acr_pool)
        return m

    def apply(self, s, m):
        if self.rx is None or not m:
            return s
        return self.rx.sub(lambda x: m.get(x.group(1), x.group(1)), s)


# --------------------------------------------------------------------------
# Writing.


def paper_meta(n, seed, pool):
    metas, used = [], set()
    for i in range(n):
        rng = random.Random(f"meta-{seed}-{i}")
        authors = make_authors(rng, pool)
        year = rng.randint(1985, 2024)
        title = make_title(rng, pool)
        key = key_for(authors[0][0], year, title, used)
        metas.append({
            "i": i, "key": key, "authors": authors, "year": year, "title": title,
            "journal": rng.choice(JOURNALS), "volume": rng.randint(1, 60),
            "number": rng.randint(1, 12), "first_page": rng.randint(1, 2400),
            "file": f"paper{i:04d}.txt",
            "keywords": rng.sample(TOPIC_WORDS, 4),
        })
    return metas


def wrap_para(sentences):
    return " ".join(sentences)


def ref_line(m):
    names = ", ".join(f"{s}, {g[0]}." for s, g in m["authors"])
    last = m["first_page"] + 17
    return (f"{names} ({m['year']}). {m['title']}. {m['journal']}, "
            f"{m['volume']}({m['number']}), {m['first_page']}–{last}.")


def write_paper(path, m, metas, sentences, renamer, pool, acr_pool, seed):
    rng = random.Random(f"paper-{seed}-{m['i']}")
    mapping = renamer.mapping(rng, pool, acr_pool)
    n_body = rng.randint(300, 500)
    body = [perturb_numbers(renamer.apply(s, mapping), rng) for s in rng.sample(sentences, min(n_body, len(sentences)))]
    if n_body > len(sentences):
        body += [perturb_numbers(renamer.apply(rng.choice(sentences), mapping), rng)
                 for _ in range(n_body - len(sentences))]
    abstract = [perturb_numbers(renamer.apply(s, mapping), rng) for s in rng.sample(sentences, rng.randint(3, 5))]
    out = [m["title"], "", ", ".join(f"{g} {s}".upper() for s, g in m["authors"]), "",
           f"{rng.choice(pool)} University, {rng.choice(pool)}", "",
           "Summary. — " + wrap_para(abstract), "",
           "Key words — " + ", ".join(k.lower() for k in m["keywords"]), ""]
    n_sections = rng.randint(4, 7)
    heads = [HEADINGS[0]] + sorted(rng.sample(HEADINGS[1:-1], n_sections - 2), key=HEADINGS.index) + [HEADINGS[-1]]
    cuts = sorted(rng.sample(range(1, len(body)), n_sections - 1))
    bounds = [0] + cuts + [len(body)]
    for k, head in enumerate(heads):
        out += [f"{k + 1}. {head}", ""]
        chunk = body[bounds[k]:bounds[k + 1]]
        j = 0
        while j < len(chunk):
            step = rng.randint(3, 8)
            out += [wrap_para(chunk[j:j + step]), ""]
            j += step
    out += ["REFERENCES", ""]
    cited = rng.sample(metas, min(len(metas), rng.randint(8, 20)))
    for c in sorted(cited, key=lambda c: (c["authors"][0][0], c["year"])):
        if c is not m:
            out.append(ref_line(c))
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


def bib_entry(m, with_file):
    last = m["first_page"] + 17
    lines = [f"@article{{{m['key']},",
             f"  author   = {{{bib_authors(m['authors'])}}},",
             f"  title    = {{{m['title']}}},",
             f"  journal  = {{{m['journal']}}},",
             f"  year     = {{{m['year']}}},",
             f"  volume   = {{{m['volume']}}},",
             f"  number   = {{{m['number']}}},",
             f"  pages    = {{{m['first_page']}--{last}}},",
             f"  keywords = {{{', '.join(m['keywords'])}}},"]
    if with_file:
        lines.append(f"  file     = {{{m['file']}}},")
    lines.append("}")
    return "\n".join(lines) + "\n"


def padding_entry(j, rng, pool, used):
    authors = make_authors(rng, pool)
    year = rng.randint(1950, 2025)
    title = make_title(rng, pool)
    key = key_for(authors[0][0], year, title, used)
    kind = rng.choices(["article", "book", "incollection", "inproceedings", "phdthesis", "techreport", "misc"],
                       weights=[50, 12, 14, 12, 4, 4, 4])[0]
    f = [("author", bib_authors(authors, rng)), ("title", title), ("year", str(year))]
    if kind == "article":
        f += [("journal", rng.choice(JOURNALS)), ("volume", str(rng.randint(1, 80))),
              ("number", str(rng.randint(1, 12)))]
        p = rng.randint(1, 3000)
        f.append(("pages", f"{p}--{p + rng.randint(8, 40)}"))
    elif kind == "book":
        f += [("publisher", rng.choice(PUBLISHERS)), ("address", rng.choice(pool))]
    elif kind in ("incollection", "inproceedings"):
        eds = make_authors(rng, pool)
        f += [("booktitle", ("Proceedings of the " if kind == "inproceedings" else "Handbook of ") + make_title(rng, pool)),
              ("editor", bib_authors(eds)), ("publisher", rng.choice(PUBLISHERS))]
        p = rng.randint(1, 600)
        f.append(("pages", f"{p}--{p + rng.randint(8, 40)}"))
    elif kind == "phdthesis":
        f.append(("school", f"University of {rng.choice(pool)}"))
    elif kind == "techreport":
        f += [("institution", f"{rng.choice(pool)} Institute"), ("number", f"WP-{rng.randint(1, 999)}")]
    else:
        f.append(("howpublished", f"\\url{{https://example.org/{key}}}"))
    if rng.random() < 0.4:
        f.append(("doi", f"10.{rng.randint(1000, 9999)}/{rng.choice(['j', 's', 'x'])}.{year}.{rng.randint(10000, 99999)}"))
    if rng.random() < 0.3:
        f.append(("keywords", ", ".join(rng.sample(TOPIC_WORDS, 3)).lower()))
    if rng.random() < 0.1:
        f.append(("abstract", f"This {kind} examines {rng.choice(TOPIC_WORDS).lower()} in {rng.choice(pool)}."))
    if rng.random() < 0.05:
        f.append(("note", "Forthcoming"))
    width = max(len(k) for k, _ in f)
    body = ",\n".join(f"  {k.ljust(width)} = {{{v}}}" for k, v in f)
    return f"@{kind}{{{key},\n{body}\n}}\n"


# --------------------------------------------------------------------------
# Zotero's layout and Better BibTeX's export.

ZOTERO_KEY = "23456789ABCDEFGHIJKLMNPQRSTUVWXYZ"


def zotero_key(rng, used):
    while True:
        k = "".join(rng.choice(ZOTERO_KEY) for _ in range(8))
        if k not in used:
            used.add(k)
            return k


def zotero_name(m):
    """`Smith - 2001 - Title`, `Smith and Lee - ...`, `Smith et al. - ...`,
    as Zotero renames attachments (title cut at 100 characters, characters
    that file systems refuse dropped)."""
    sur = [a[0] for a in m["authors"]]
    who = sur[0] if len(sur) == 1 else f"{sur[0]} and {sur[1]}" if len(sur) == 2 else f"{sur[0]} et al."
    title = re.sub(r'[\\/:*?"<>|]', "", m["title"].replace("--", "–"))[:100].strip()
    return f"{who} - {m['year']} - {title}"


def bbt_escape(path):
    """Better BibTeX escapes `\\`, `:` and `;` in a `file` field's paths."""
    return path.replace("\\", "\\\\").replace(":", "\\:").replace(";", "\\;")


def bbt_file_field(rng, rel, absolute, storage, ext):
    """A `file` field for one paper in one of the forms exports carry."""
    pdf = lambda p: p[: -len(".txt")] + "." + ext
    form = rng.choice(["relative", "absolute", "storage", "several"])
    if form == "storage" and storage:
        return f"storage:{storage}/{os.path.basename(pdf(rel))}"
    if form == "absolute":
        return f"Full Text PDF:{bbt_escape(pdf(absolute))}:application/pdf"
    if form == "several":
        snap = os.path.join(os.path.dirname(rel), "Snapshot.html")
        return (f"Snapshot:{bbt_escape(snap)}:text/html;"
                f"Full Text PDF:{bbt_escape(pdf(rel))}:application/pdf")
    return bbt_escape(pdf(rel))


def write_zotero(args, metas, corpus):
    """Link (or copy) each paper under its Zotero name; returns each paper's
    path relative to OUT and its storage key (None outside storage/)."""
    rng = random.Random(f"zotero-{args.seed}")
    used, out = set(), []
    for m in metas:
        name = zotero_name(m) + ".txt"
        if m["i"] % 3 == 2:
            key = None
            rel = os.path.join("zotero", "papers", name)
        else:
            key = zotero_key(rng, used)
            rel = os.path.join("zotero", "storage", key, name)
        dst = os.path.join(args.out, rel)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        if os.path.exists(dst):
            os.remove(dst)
        src = os.path.join(corpus, m["file"])
        try:
            os.link(src, dst)
        except OSError:
            with open(src, "rb") as a, open(dst, "wb") as b:
                b.write(a.read())
        out.append((rel, key))
    return out


def write_bbt(args, metas, placed, pool, total):
    rng = random.Random(f"bbt-{args.seed}-{total}")
    used = {m["key"] for m in metas}
    path = os.path.join(args.out, f"bbt-{total:05d}.bib")
    out_abs = real(args.out)
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"% Synthetic Better BibTeX export: {total} entries, the first {min(total, len(metas))} "
                "are the corpus papers (scripts/scale/make_corpus.py)\n\n")
        for m, (rel, key) in list(zip(metas, placed))[:total]:
            entry = bib_entry(m, False)
            if m["i"] % 10 != 9:
                field = bbt_file_field(rng, rel, os.path.join(out_abs, rel), key, args.attachments)
                entry = entry[: -len("}\n")] + f"  file     = {{{field}}},\n}}\n"
            f.write(entry + "\n")
        skeys = set()
        for j in range(max(0, total - len(metas))):
            entry = padding_entry(j, rng, pool, used)
            if rng.random() < 0.7:
                # An attachment the corpus does not hold.
                k = zotero_key(rng, skeys)
                name = f"{k.lower()}.{args.attachments}"
                field = bbt_file_field(rng, f"zotero/storage/{k}/{name[:-4]}.txt",
                                       f"{out_abs}/zotero/storage/{k}/{name[:-4]}.txt", k, args.attachments)
                entry = entry[: -len("\n}\n")] + f",\n  file = {{{field}}}\n}}\n"
            f.write(entry + "\n")
    print(f"make_corpus: wrote {path}", file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--papers", type=int, required=True)
    ap.add_argument("--out", required=True, help="output folder (under target/)")
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--source", default=os.path.join(here, "..", "..", "..", "shared", "corpus"))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--bib-entries", type=int, action="append", default=[],
                    help="also write OUT/big-N.bib with N entries (repeatable)")
    ap.add_argument("--zotero", action="store_true",
                    help="also write OUT/zotero/: the papers named and placed as Zotero does")
    ap.add_argument("--bbt-entries", type=int, action="append", default=[],
                    help="with --zotero: write OUT/bbt-N.bib, a Better BibTeX export of N entries (repeatable)")
    ap.add_argument("--attachments", choices=["pdf", "txt"], default="pdf",
                    help="what `file` fields name: the PDF (its text beside it) or the text")
    args = ap.parse_args()
    if args.bbt_entries and not args.zotero:
        sys.exit("make_corpus: --bbt-entries needs --zotero")
    if args.papers < 1:
        sys.exit("make_corpus: --papers must be >= 1")
    src = real(args.source)
    if not os.path.isdir(src):
        sys.exit(f"make_corpus: no source corpus at {src}")
    check_out(args.out, src)

    texts, sentences = read_source(src)
    names, acronyms = swappable_names(texts)
    rng = random.Random(f"pool-{args.seed}")
    pool = make_pool(rng, 4000, names)
    acr_pool = make_acronyms(rng, 600, acronyms)
    renamer = Renamer(names, acronyms)
    metas = paper_meta(args.papers, args.seed, pool)

    corpus = os.path.join(args.out, "corpus")
    os.makedirs(corpus, exist_ok=True)
    for m in metas:
        write_paper(os.path.join(corpus, m["file"]), m, metas, sentences, renamer, pool, acr_pool, args.seed)
        if (m["i"] + 1) % 500 == 0:
            print(f"make_corpus: {m['i'] + 1}/{args.papers} papers", file=sys.stderr)
    with open(os.path.join(corpus, "references.bib"), "w", encoding="utf-8") as f:
        f.write(f"% Synthetic scale corpus: {args.papers} papers, seed {args.seed} (scripts/scale/make_corpus.py)\n\n")
        for m in metas:
            f.write(bib_entry(m, True) + "\n")
    with open(os.path.join(args.out, "manifest.tsv"), "w", encoding="utf-8") as f:
        f.write("index\tkey\tfile\tauthor\tyear\ttitle\n")
        for m in metas:
            f.write(f"{m['i']}\t{m['key']}\tcorpus/{m['file']}\t{m['authors'][0][0]}\t{m['year']}\t{m['title']}\n")

    for total in args.bib_entries:
        used = {m["key"] for m in metas}
        prng = random.Random(f"bib-{args.seed}-{total}")
        path = os.path.join(args.out, f"big-{total:05d}.bib")
        with open(path, "w", encoding="utf-8") as f:
            f.write(f"% Synthetic bibliography: {total} entries, the first {min(total, len(metas))} "
                    "are the corpus papers (scripts/scale/make_corpus.py)\n\n")
            for m in metas[:total]:
                f.write(bib_entry(m, False) + "\n")
            for j in range(max(0, total - len(metas))):
                f.write(padding_entry(j, prng, pool, used) + "\n")
        print(f"make_corpus: wrote {path}", file=sys.stderr)

    if args.zotero:
        placed = write_zotero(args, metas, corpus)
        for total in args.bbt_entries:
            write_bbt(args, metas, placed, pool, total)

    size = sum(os.path.getsize(os.path.join(corpus, m["file"])) for m in metas)
    print(f"make_corpus: {args.papers} papers, {size / 1e6:.1f} MB of text, "
          f"{len(sentences)} source sentences, {len(names)} names and {len(acronyms)} acronyms swappable "
          f"-> {corpus}", file=sys.stderr)


if __name__ == "__main__":
    main()
