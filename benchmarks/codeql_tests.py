"""Held-out benchmark: armur on the security query tests of GitHub's CodeQL, scored per query as Youden's J.

Usage: python benchmarks/codeql_tests.py PATH --language javascript
           [--split dev|test|all] [--show N] [--cases] [--jobs N] [--json OUT]

PATH is an export of a CodeQL language's `ql/test/query-tests/Security` directory (or any directory
above it, e.g. the export root). docs/benchmarks.md names the repository and commit used; nothing of
it is kept in this repository.

Queries and categories. Every directory holding `<Query>.qlref` files is the test directory of those
queries. A source file of such a directory (or of its sub-directories, `node_modules` left out) is
attributed to the queries of that directory whose `<Query>.expected` names it (the expected output is
used for this attribution only, never as a label); a file no `.expected` names is attributed to all
the directory's queries. The case's category is its query, or `Q1+Q2` when a file is attributed to
several. MAPPING[language] gives, per query, the armur rules of the same vulnerability class (chosen
from the query's CWE tags and its description, never from file names); a category is in scope when at
least one of its queries is mapped, and then every rule mapped from any of its queries answers for it.
Categories with no mapped query are listed as out of scope with their counts.

Labels (the test authors' own, taken mechanically from their comments):

* a `//` comment whose text starts with `NOT OK`, `not ok`, `BAD` or `Bad`, or holds an inline
  expectation `$ Alert`, `$ MISSING:` or `$ hasTaintFlow=`/`$ hasValueFlow=`, marks a vulnerable case;
* one whose text starts with `OK`, `ok`, `GOOD` or `Good`, or holds `$ SPURIOUS:`, marks a safe case
  (SPURIOUS is the authors saying the line is safe although their query flags it).

A marker after code on a line starts its case on that line; a marker on a line of its own starts it
at the next line of code. The case runs from there until the brackets opened on it are closed again
(one statement, or a whole function when the marker stands above one). Two markers starting at one
line make one case; a vulnerable verdict wins. Files without any marker are whole-file cases only when
their name is the query's own example pair: `<Query>.<ext>` or a stem holding `Bad` is vulnerable,
`<Query>Good*.<ext>` or a stem holding `Good` safe; other unmarked files (helpers, stubs) are scanned
but are no cases.

Scoring. A case is reported when armur gives a finding of a rule mapped to the case's category one of
whose lines (the reported expression can span several: a sink call whose argument, where the tests put
the marker, stands on a later line), or whose trace's sink line, falls inside the case's lines in the
case's file. (Until session 5 only the first line counted: dev 0.299 -> 0.326, test 0.224 -> 0.225.) Findings outside
every case count neither way. Per category: TP / FN / FP / TN, TPR, FPR, J = TPR - FPR, the mean over
in-scope categories, and a second mean counting out-of-scope categories as J = 0.

Split (fixed before any result was looked at): a case is in `dev` when zlib.crc32 of
"<file path relative to Security>::<top-level statement holding the case's first line>" is even, in
`test` when odd, so the cases of one top-level function, class or route handler stay in one half (the
statement is named by its declared name, or else by the text of its first line). Whole-file cases use
the path alone. `--show` prints, for the chosen
split only, the source of missed and falsely reported cases with armur's findings and traces.

armur scans every query test directory as one project (SAST analyzer, no cache), each named by its path
relative to the Security directory (see run_scan for why).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from armur import scan
from armur.core.config import Config

sys.path.insert(0, str(Path(__file__).resolve().parent))
from heldout import SPLITS, Tally, blank_strings, by_relative_path, category_table, show_cases, split_of  # noqa: E402

# Per language: source suffixes of the cases, and CodeQL query -> armur rules of the same class.
SUFFIXES: dict[str, tuple[str, ...]] = {
    "javascript": (".js", ".mjs", ".cjs", ".jsx", ".ts", ".tsx"),
}

MAPPING: dict[str, dict[str, tuple[str, ...]]] = {
    "javascript": {
        # CWE-020: checks of URLs and host names, each query with the armur rule of its own pattern.
        "IncompleteUrlSubstringSanitization": ("javascript.url-substring-check",),
        "MissingRegExpAnchor": ("javascript.regex-missing-anchor",),
        "IncompleteHostnameRegExp": ("javascript.regex-unescaped-host-dot",),
        "UselessRegExpCharacterEscape": ("javascript.regex-escape-lost",),
        "IncompleteUrlSchemeCheck": ("javascript.incomplete-url-scheme-check",),
        "IncorrectSuffixCheck": ("javascript.incorrect-suffix-check",),
        "TaintedPath": ("javascript.path-traversal",),
        "ZipSlip": ("javascript.path-traversal",),
        "CommandInjection": ("javascript.command-injection",),
        "IndirectCommandInjection": ("javascript.command-injection",),
        "ShellCommandInjectionFromEnvironment": ("javascript.command-injection",),
        # Parameters of a package's exported functions written into a shell command (library input).
        "UnsafeShellCommandConstruction": ("javascript.command-injection",
                                           "javascript.shell-command-from-library-input"),
        "Xss": ("javascript.xss", "javascript.template-autoescape-off"),
        "ExceptionXss": ("javascript.xss",),
        "ReflectedXss": ("javascript.xss", "javascript.template-autoescape-off"),
        "StoredXss": ("javascript.xss",),
        "UnsafeJQueryPlugin": ("javascript.xss",),
        "XssThroughDom": ("javascript.xss",),
        # CodeQL's SqlInjection covers NoSQL (MongoDB) queries as well.
        "SqlInjection": ("javascript.sql-injection", "javascript.nosql-injection"),
        "CodeInjection": ("javascript.code-injection", "javascript.template-injection"),
        "LogInjection": ("javascript.log-injection",),
        "DisablingCertificateValidation": ("javascript.tls-verify-disabled",),
        "BrokenCryptoAlgorithm": ("javascript.weak-hash",),
        "InsecureRandomness": ("javascript.insecure-random",),
        "CorsMisconfigurationForCredentials": ("javascript.cors-any-origin-with-credentials",),
        "UnsafeDeserialization": ("javascript.unsafe-deserialization",),
        # Tagged CWE-601 and CWE-79: a `javascript:` URL navigated to runs script.
        "ClientSideUrlRedirect": ("javascript.open-redirect", "javascript.xss"),
        "ServerSideUrlRedirect": ("javascript.open-redirect",),
        "Xxe": ("javascript.xxe",),
        "InsecureCookies": ("javascript.insecure-cookie",),
        "RegExpInjection": ("javascript.regex-injection",),
        "HardcodedCredentials": ("javascript.hardcoded-credential", "javascript.hardcoded-secret"),
        "PrototypePollutingAssignment": ("javascript.prototype-pollution",),
        "PrototypePollutingFunction": ("javascript.prototype-pollution", "javascript.prototype-polluting-function"),
        "PrototypePollutingMergeCall": ("javascript.prototype-pollution",),
        "RequestForgery": ("javascript.ssrf",),
    },
}

_BAD = re.compile(r"^(NOT OK|not ok|Not OK|not OK|BAD|Bad)\b|\$\s*(Alert\b|MISSING:|hasTaintFlow=|hasValueFlow=)")
_GOOD = re.compile(r"^(OK|ok|Ok|GOOD|Good)\b|\$\s*SPURIOUS:")
_OPEN = {"(": 1, "{": 1, "[": 1, ")": -1, "}": -1, "]": -1}
_DECL = re.compile(
    r"^(?:export\s+)?(?:default\s+)?(?:async\s+)?"
    r"(?:function\s*\*?\s*([A-Za-z_$][\w$]*)|class\s+([A-Za-z_$][\w$]*)|(?:const|let|var)\s+([A-Za-z_$][\w$]*))"
    r"|^([A-Za-z_$][\w$.]*)\s*=\s*(?:async\s+)?(?:function|\()"
)


@dataclass(frozen=True)
class Case:
    path: str  # relative to the Security directory
    category: str  # query name, or "Q1+Q2"
    vulnerable: bool
    first: int
    last: int
    owner: str  # top-level declaration holding the first line ("" for whole-file cases)

    @property
    def key(self) -> str:
        return f"{self.path}::{self.owner}" if self.owner else self.path

    @property
    def split(self) -> str:
        return split_of(self.key)


def _comments(line: str) -> tuple[str, list[str]]:
    """The code before the first `//` outside quotes, and the text after every such `//`."""
    starts = [m.start() for m in re.finditer("//", blank_strings(line))]
    return (line[:starts[0]] if starts else line), [line[k + 2:].strip() for k in starts]


def _balance(code: str) -> int:
    return sum(_OPEN.get(ch, 0) for ch in blank_strings(code))


def _extent(codes: list[str], start: int) -> int:
    """Last line index of the statement or block that starts at `start` (its brackets closed again)."""
    depth = 0
    for i in range(start, min(len(codes), start + 400)):
        depth += _balance(codes[i])
        if depth <= 0 and codes[i].strip():
            return i
    return start


def _owner(lines: list[str], codes: list[str], index: int) -> str:
    """First line of the top-level statement (a line of code at column 0 whose brackets close at or after
    `index`) holding line `index`: a function, a class, a route handler, or the statement itself."""
    for i in range(index, -1, -1):
        code = codes[i]
        if not code.strip() or code[0].isspace() or code.lstrip()[0] in "})].":
            continue
        if _extent(codes, i) >= index:
            m = _DECL.match(code)
            return next(g for g in m.groups() if g) if m else code.strip()[:80]
    return ""


def _verdict(texts: list[str]) -> bool | None:
    for text in texts:
        if _BAD.search(text):
            return True
        if _GOOD.search(text):
            return False
    return None


def _markers(lines: list[str]) -> list[tuple[int, bool]]:
    out = []
    for i, line in enumerate(lines):
        code, texts = _comments(line)
        verdict = _verdict(texts)
        if verdict is None:
            continue
        if code.strip():
            out.append((i, verdict))
            continue
        j = i + 1  # a marker on its own line: the case is the next line of code
        while j < len(lines) and (not lines[j].strip() or lines[j].strip().startswith(("//", "/*", "*"))):
            j += 1
        if j < len(lines):
            out.append((j, verdict))
    return out


def security_dir(root: Path, language: str) -> Path:
    for cand in (root, root / "ql/test/query-tests/Security", root / f"{language}/ql/test/query-tests/Security"):
        if cand.is_dir() and any(cand.glob("CWE-*")):
            return cand
    raise SystemExit(f"armur: error: no CWE-* test directories under {root}")


def query_dirs(sec: Path) -> dict[Path, list[str]]:
    out: dict[Path, list[str]] = {}
    for ref in sorted(sec.rglob("*.qlref")):
        out.setdefault(ref.parent, []).append(ref.stem)
    return out


def _attribution(qdir: Path, queries: list[str]) -> dict[str, list[str]]:
    """Source path (relative to qdir) -> the queries whose .expected output names it."""
    named: dict[str, list[str]] = defaultdict(list)
    for q in queries:
        exp = qdir / f"{q}.expected"
        if not exp.is_file():
            continue
        seen = set(re.findall(r"\|\s+([^\s|:]+\.[A-Za-z]+):\d+:\d+", exp.read_text(encoding="utf-8", errors="replace")))
        for rel in seen:
            named[rel].append(q)
    return named


def load_cases(sec: Path, language: str) -> tuple[list[Case], list[str]]:
    suffixes = SUFFIXES[language]
    cases: list[Case] = []
    unmarked: list[str] = []
    qdirs = query_dirs(sec)
    for qdir, queries in qdirs.items():
        named = _attribution(qdir, queries)
        for path in sorted(qdir.rglob("*")):
            if path.suffix not in suffixes or not path.is_file():
                continue
            inner = path.relative_to(qdir)
            if "node_modules" in inner.parts:
                continue
            # a nested directory with its own .qlref files is a query directory of its own
            if any(p in qdirs and p != qdir for p in path.parents if qdir in p.parents):
                continue
            rel = path.relative_to(sec).as_posix()
            attributed = named.get(inner.as_posix()) or queries
            category = "+".join(sorted(set(attributed)))
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
            codes = [_comments(line)[0] for line in lines]
            marks = _markers(lines)
            if not marks:
                stem = path.stem
                base = re.sub(r"Good\d*$", "", stem)
                if stem in queries or ("Bad" in stem and "Good" not in stem):
                    cases.append(Case(rel, category, True, 1, len(lines), ""))
                elif base in queries or "Good" in stem:
                    cases.append(Case(rel, category, False, 1, len(lines), ""))
                else:
                    unmarked.append(rel)
                continue
            seen: dict[int, Case] = {}
            for index, vulnerable in marks:
                old = seen.get(index)
                if old is not None:
                    if vulnerable and not old.vulnerable:
                        seen[index] = Case(rel, category, True, old.first, old.last, old.owner)
                    continue
                seen[index] = Case(rel, category, vulnerable, index + 1, _extent(codes, index) + 1,
                                   _owner(lines, codes, index))
            cases.extend(seen[k] for k in sorted(seen))
    return cases, unmarked


def run_scan(sec: Path, jobs: int) -> tuple[dict[str, list], float]:
    """Scan every query directory, named relative to the Security directory: the export lives under
    CodeQL's `ql/test/` tree, and armur skips some checks (hard-coded credentials) in files whose path
    has a test directory in it, which would otherwise hold for every case."""
    sec = sec.resolve()
    dirs = sorted(d.relative_to(sec).as_posix() for d in query_dirs(sec))
    config = Config(analyzers=("sast",), use_cache=False, jobs=jobs)
    here = os.getcwd()
    os.chdir(sec)
    try:
        started = time.perf_counter()
        report = scan(dirs, config)
        took = time.perf_counter() - started
        per_file = by_relative_path(report.findings, sec)  # relative paths resolve from here
    finally:
        os.chdir(here)
    return per_file, took


def rules_for(category: str, language: str) -> tuple[str, ...] | None:
    mapping = MAPPING[language]
    rules: list[str] = []
    for q in category.split("+"):
        rules.extend(r for r in mapping.get(q, ()) if r not in rules)
    return tuple(rules) or None


def _sink_lines(f) -> set[int]:
    # Every line of the reported expression: a sink call written over several lines carries its
    # argument, which is where the query tests put the marker, on a later line than the call's first.
    lines = set(range(f.location.start_line, f.location.end_line + 1))
    for step in getattr(f, "trace", ()) or ():
        if step.kind == "sink":
            lines.add(step.location.start_line)
    return lines


def score(cases: list[Case], per_file: dict[str, list],
          language: str) -> tuple[dict[str, Tally], dict[str, list[int]]]:
    """Per-query tallies of (case, findings) items, and per-query out-of-scope counts."""
    stats: dict[str, Tally] = defaultdict(Tally)
    out_of_scope: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for case in cases:
        rules = rules_for(case.category, language)
        if rules is None:
            out_of_scope[case.category][0 if case.vulnerable else 1] += 1
            continue
        hits = [f for f in per_file.get(case.path, [])
                if f.rule_id in rules and any(case.first <= n <= case.last for n in _sink_lines(f))]
        stats[case.category].add(case.vulnerable, bool(hits), (case, hits))
    return stats, out_of_scope


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", type=Path)
    ap.add_argument("--language", choices=sorted(MAPPING), default="javascript")
    ap.add_argument("--split", choices=SPLITS, default="all")
    ap.add_argument("--show", type=int, default=0, help="print up to N misses and N false alarms per category")
    ap.add_argument("--cases", action="store_true", help="only list the cases of the split (no scan)")
    ap.add_argument("--jobs", type=int, default=2, help="armur worker processes (default 2)")
    ap.add_argument("--json", type=Path, help="write the figures as JSON")
    args = ap.parse_args()
    sec = security_dir(args.path, args.language)
    every, unmarked = load_cases(sec, args.language)
    cases = [c for c in every if args.split == "all" or c.split == args.split]
    if args.cases:
        for c in cases:
            label = "vuln" if c.vulnerable else "safe"
            print(f"{c.split:5} {label} {c.category:30} {c.path}:{c.first}-{c.last}  {c.owner}")
        print(f"{len(cases)} cases; unmarked files (not cases): {len(unmarked)}")
        return 0
    per_file, took = run_scan(sec, args.jobs)
    stats, oos = score(cases, per_file, args.language)
    print(f"{sec}: {len(cases)} cases, split {args.split}, scanned in {took:.1f}s")
    text, figures = category_table(stats, oos, 38, pooled=True, clip=True)
    print(text)
    if args.show:
        show_cases(stats, sec, args.show)
    if args.json:
        figures.update({"split": args.split, "cases": len(cases), "scan_s": took})
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
