#!/usr/bin/env python3
"""Print every seed line a scenario file cites beside the number citing it.

Usage: python3 scripts/check-citations.py [--seeds DIR] [--brief] [FILE...]

FILE defaults to every scenarios/*.json and scenarios/*.csv.  For each
note (source, assumption, note; the CSV's source column) that cites a
seed, as "002 L528" or "000 L8746-L8759, L8775" (a bare "L123" after a
seed cites the same seed), it prints the file, the JSON path, the value the
note belongs to and each cited line, so a reader can check that the line
says what the note claims.  A mark before the value says whether the value
appears in a cited line as written ("=", also as a percentage or with
thousands separators) or not ("?": derived, scaled, or a wrong line; read
it).  --brief prints only the "?" rows and the errors.

Exit status: 0, or 1 when a citation names a line the seed does not have
or an empty line, or a seed that is not there (the errors are printed
last).  The seeds are /work/shared/seeds by default (the project's data
README names them), or --seeds DIR, or $UECSIM_SEEDS.
"""
import csv
import glob
import json
import os
import re
import sys

SEEDS = {
    "000": "000_d53a6b1a7f5e4993.txt",
    "001": "001_670205554d3ae8a4.txt",
    "002": "002_dd7327a3c56bfa2b.txt",
    "003": "003_c7a61b9daaacef94.txt",
    "004": "004_c7ff002edf65fe3e.txt",
}
NOTE_KEYS = ("source", "assumption", "note")
# A seed named before a line number, and line numbers or ranges.
TOKEN = re.compile(r"\b(00[0-4])(?=\s+L\d)|\bL(\d+)(?:\s*[-\u2013]\s*L?(\d+))?")
MAX_RANGE = 40   # a wider range is printed as its first and last lines
WIDTH = 150      # characters of each cited line printed


def load_seeds(d):
    out = {}
    for k, f in SEEDS.items():
        p = os.path.join(d, f)
        if os.path.exists(p):
            with open(p, encoding="utf-8", errors="replace") as fh:
                out[k] = fh.read().split("\n")
    return out


def citations(text):
    """(seed, first, last) for every line or range the text cites."""
    seed = None
    for m in TOKEN.finditer(text):
        if m.group(1):
            seed = m.group(1)
        elif seed:
            a = int(m.group(2))
            b = int(m.group(3)) if m.group(3) else a
            yield seed, a, max(a, b)


def forms(v):
    """How a value may be written in a seed line."""
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return []
    out = set()
    for x in (v, v * 100):
        if x == int(x):
            i = int(x)
            out |= {str(i), "{:,}".format(i)}
        out |= {("%.1f" % x).rstrip("0").rstrip("."), ("%.2f" % x).rstrip("0").rstrip(".")}
    return [f for f in out if f not in ("0", "1")]


def walk(node, path, notes):
    """Yield (path, value, note text) for every note in a scenario."""
    if isinstance(node, dict):
        value = node.get("value")
        for k in NOTE_KEYS:
            if isinstance(node.get(k), str):
                notes.append((path, value, node[k]))
        for k, v in node.items():
            if k in NOTE_KEYS:
                continue
            if isinstance(v, list):
                for i, e in enumerate(v):
                    tag = e.get("name") if isinstance(e, dict) and "name" in e else i
                    walk(e, "%s.%s[%s]" % (path, k, tag), notes)
            else:
                walk(v, "%s.%s" % (path, k), notes)


def main(argv):
    seeds_dir = os.environ.get("UECSIM_SEEDS", "/work/shared/seeds")
    brief = False
    files = []
    it = iter(argv)
    for a in it:
        if a == "--seeds":
            seeds_dir = next(it)
        elif a == "--brief":
            brief = True
        else:
            files.append(a)
    if not files:
        files = sorted(glob.glob("scenarios/*.json")) + sorted(glob.glob("scenarios/*.csv"))
    seeds = load_seeds(seeds_dir)
    if not seeds:
        print("check-citations: no seeds in %s" % seeds_dir, file=sys.stderr)
        return 1
    errors = []
    n_cites = 0
    for f in files:
        notes = []
        if f.endswith(".csv"):
            with open(f, encoding="utf-8") as fh:
                for row in csv.DictReader(fh):
                    v = float(row["target"]) if row.get("target") else None
                    notes.append(("%s %s" % (row.get("kpi"), row.get("month")), v, row.get("source", "")))
        else:
            with open(f, encoding="utf-8") as fh:
                walk(json.load(fh), "$", notes)
        for path, value, text in notes:
            cites = list(citations(text))
            if not cites:
                continue
            lines = []
            for seed, a, b in cites:
                n_cites += 1
                if seed not in seeds:
                    errors.append("%s %s: seed %s is not in %s" % (f, path, seed, seeds_dir))
                    continue
                src = seeds[seed]
                if a < 1 or b > len(src):
                    errors.append("%s %s: %s L%d is past the end (%d lines)" % (
                        f, path, seed, b, len(src)))
                    continue
                rng = range(a, b + 1) if b - a < MAX_RANGE else (a, b)
                # Blank lines inside a range are paragraph breaks; a
                # citation of blank lines only is wrong.
                got = [(seed, ln, src[ln - 1].strip()) for ln in rng if src[ln - 1].strip()]
                if not got:
                    errors.append("%s %s: %s L%d%s is empty" % (
                        f, path, seed, a, "-L%d" % b if b > a else ""))
                lines.extend(got)
            shown = value if isinstance(value, (int, float, str)) else "-"
            found = any(re.search(r"(?<![\d.,])" + re.escape(x) + r"(?![\d])", t)
                        for x in forms(value) for _, _, t in lines)
            mark = "=" if found else ("?" if forms(value) else " ")
            if brief and mark != "?":
                continue
            print("%s %s %s %s" % (f, path, mark, json.dumps(shown) if isinstance(shown, str) and shown != "-" else shown))
            print("    note: %s" % (text if len(text) <= 300 else text[:297] + "..."))
            for seed, ln, t in lines:
                print("    %s L%d: %s" % (seed, ln, t if len(t) <= WIDTH else t[:WIDTH - 3] + "..."))
    for e in errors:
        print("check-citations: " + e, file=sys.stderr)
    print("check-citations: %d citations in %d files, %d errors" % (n_cites, len(files), len(errors)),
          file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
