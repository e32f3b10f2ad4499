"""Held-out Go benchmark: armur on the Go security query tests of GitHub's CodeQL, scored per CWE as Youden's J.

Usage: python benchmarks/codeql_go.py PATH [--split dev|test|all] [--show N] [--cases] [--json OUT]

PATH is an export of `ql/test/query-tests/Security` from github/codeql-go (the Go analysis's own
repository before it moved into github/codeql; docs/benchmarks.md names the commit), either the export
root or that Security directory itself. Nothing of it is kept in this repository.

Cases. Every `.go` file outside `vendor/` directories is read; its category is the CWE of the
`CWE-NNN` directory it sits in. The test authors' verdicts are taken mechanically from their comments:

* a comment whose text starts with `BAD`, `Bad`, `NOT OK`, `Not OK` or `not OK`, or an inline
  expectation `$ hasTaintFlow=`, `$ hasValueFlow=`, `$ Alert` or `$ MISSING:` marks a vulnerable case;
* a comment whose text starts with `GOOD`, `Good`, `OK` or `ok`, or an expectation `$ SPURIOUS:`,
  marks a safe case.

A marker written after code on a line starts its case on that line; a marker on a line of its own
starts its case at the next line of code. The case's lines run from there until the brackets opened on
them are closed again (one statement, a block, or a whole function when the marker stands above a
`func`). Files without any marker are cases only when they are the example pair of a query's help
text: `<Query>.go` (the query named by a `.qlref` beside it) is one vulnerable case, and
`<Query>Good.go` / `<Query>Good2.go` one safe case, each spanning the whole file. Other unmarked files
(helpers, stubs, build-constraint variants) are scanned but are not cases.

Scoring. A case is reported when armur gives, in the case's file, a finding whose reported expression
overlaps the case's lines, or whose trace's sink line falls in them (as in codeql_tests.py; added in
session 6 when weak-random findings moved to the generator's call), of a rule mapped to the case's CWE
(MAPPING, by vulnerability class).
Findings outside every case are not counted either way. Per category: TP / FN / FP / TN, TPR, FPR, J =
TPR - FPR, and the mean over the categories armur has rules for; categories without an armur rule are
listed as out of scope with their counts, and a second mean counts them as J = 0.

Split (fixed before any result was looked at): a case belongs to `dev` when zlib.crc32 of
"<file path relative to Security>::<name of the top-level declaration holding the case's first line>"
is even, to `test` when it is odd, so every function's cases stay in one half. Whole-file cases use the
path alone. `--show` prints, for the chosen split only, the source lines of missed and falsely reported
cases with armur's findings and traces.

armur scans every CWE directory (vendored stubs included, as a real module would have them) with its
SAST analyzer and no cache.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from typing import Any
from pathlib import Path

from armur import scan
from armur.core.config import Config

sys.path.insert(0, str(Path(__file__).resolve().parent))
from heldout import SPLITS, Tally, blank_strings, by_relative_path, category_table, show_cases, split_of  # noqa: E402

# CWE category of the tests -> armur rules of that vulnerability class.
MAPPING: dict[str, tuple[str, ...]] = {
    "CWE-22": ("go.path-traversal", "go.file-path-dynamic", "go.zip-slip"),
    "CWE-78": ("go.command-injection", "go.command-dynamic"),
    "CWE-79": ("go.xss", "go.template-unescaped-dynamic"),
    "CWE-89": ("go.sql-injection",),
    "CWE-117": ("go.log-injection",),
    "CWE-190": ("go.integer-overflow", "go.allocation-size-overflow"),
    "CWE-681": ("go.integer-overflow",),
    "CWE-295": ("go.tls-insecure",),
    "CWE-326": ("go.weak-key-size", "go.tls-insecure"),
    "CWE-327": ("go.weak-cipher", "go.weak-hash", "go.tls-insecure"),
    "CWE-338": ("go.insecure-random",),
    "CWE-601": ("go.open-redirect", "go.bad-redirect-check"),
    "CWE-798": ("go.hardcoded-credentials",),
    "CWE-918": ("go.ssrf", "go.http-url-dynamic"),
    "CWE-643": ("go.xpath-injection",),
    "CWE-322": ("go.ssh-insecure-host-key",),
    "CWE-352": ("go.oauth2-constant-state",),
    "CWE-312": ("go.cleartext-logging",),
    "CWE-20": ("go.regex-missing-anchor", "go.regex-unescaped-host-dot", "go.regex-control-character",
               "go.incomplete-url-scheme-check"),
    "CWE-209": ("go.stack-trace-exposure",),
    "CWE-640": ("go.email-injection",),
}

NAMES = {
    "CWE-20": "input validation", "CWE-22": "path traversal", "CWE-78": "command injection", "CWE-79": "XSS",
    "CWE-89": "SQL injection", "CWE-117": "log injection", "CWE-190": "integer overflow",
    "CWE-209": "stack trace exposure", "CWE-295": "certificate check", "CWE-312": "cleartext logging",
    "CWE-322": "SSH host key", "CWE-326": "key size", "CWE-327": "broken crypto", "CWE-338": "weak random",
    "CWE-352": "CSRF (OAuth2 state)", "CWE-601": "open redirect", "CWE-640": "email injection",
    "CWE-643": "XPath injection", "CWE-681": "int conversion", "CWE-798": "hard-coded credentials",
    "CWE-918": "SSRF",
}

_BAD = re.compile(r"^(BAD|Bad|NOT OK|Not OK|not OK)\b|\$\s*(hasTaintFlow=|hasValueFlow=|Alert\b|MISSING:)")
_GOOD = re.compile(r"^(GOOD|Good|OK|ok)\b|\$\s*SPURIOUS:")
_OPEN = {"(": 1, "{": 1, "[": 1, ")": -1, "}": -1, "]": -1}


@dataclass(frozen=True)
class Case:
    path: str  # relative to the Security directory
    cwe: str
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


def _code_and_comment(line: str) -> tuple[str, str | None]:
    """The code part of a line and the text of its `//` comment (None without one); quotes respected."""
    at = blank_strings(line, raw="`").find("//")
    return (line, None) if at < 0 else (line[:at], line[at + 2:].strip())


def _balance(code: str) -> int:
    return sum(_OPEN.get(ch, 0) for ch in blank_strings(code, raw="`"))


def _extent(codes: list[str], start: int) -> int:
    """Last line index of the statement or block that starts at `start` (brackets closed again)."""
    depth = 0
    for i in range(start, len(codes)):
        depth += _balance(codes[i])
        if depth <= 0 and codes[i].strip():
            return i
    return len(codes) - 1


def _owner(lines: list[str], index: int) -> str:
    for i in range(index, -1, -1):
        m = re.match(r"^func\s+(\([^)]*\)\s*)?([A-Za-z_]\w*)", lines[i])
        if m:
            return (m.group(1) or "").replace(" ", "") + m.group(2)
        if re.match(r"^(var|const|type)\b", lines[i]):
            return lines[i].split()[1] if len(lines[i].split()) > 1 else lines[i].strip()
    return ""


def _markers(text: str) -> list[tuple[int, bool]]:
    """(line index where the case starts, vulnerable) for every verdict comment of a file."""
    lines = text.splitlines()
    out = []
    for i, line in enumerate(lines):
        code, comment = _code_and_comment(line)
        if comment is None:
            continue
        verdict = True if _BAD.search(comment) else False if _GOOD.search(comment) else None
        if verdict is None:
            continue
        if code.strip():
            out.append((i, verdict))
            continue
        j = i + 1  # a marker on its own line: the case is the next line of code
        while j < len(lines) and (not lines[j].strip() or lines[j].strip().startswith("//")):
            j += 1
        if j < len(lines):
            out.append((j, verdict))
    return out


def security_dir(root: Path) -> Path:
    for cand in (root, root / "ql/test/query-tests/Security", root / "go/ql/test/query-tests/Security"):
        if cand.is_dir() and any(cand.glob("CWE-*")):
            return cand
    raise SystemExit(f"armur: error: no CWE-* test directories under {root}")


def load_cases(sec: Path) -> tuple[list[Case], list[str]]:
    cases: list[Case] = []
    unmarked: list[str] = []
    for path in sorted(sec.rglob("*.go")):
        rel = path.relative_to(sec).as_posix()
        if "/vendor/" in f"/{rel}":
            continue
        cwe = "CWE-" + str(int(rel.split("/")[0].split("-")[1]))
        text = path.read_text(encoding="utf-8", errors="replace")
        lines = text.splitlines()
        codes = [_code_and_comment(line)[0] for line in lines]
        marks = _markers(text)
        if not marks:
            queries = {q.stem for q in path.parent.glob("*.qlref")}
            stem = path.stem
            if stem in queries:
                cases.append(Case(rel, cwe, True, 1, len(lines), ""))
            elif re.sub(r"Good\d*$", "", stem) in queries and stem != re.sub(r"Good\d*$", "", stem):
                cases.append(Case(rel, cwe, False, 1, len(lines), ""))
            else:
                unmarked.append(rel)
            continue
        seen: dict[int, Case] = {}
        for index, vulnerable in marks:
            if index in seen:  # two verdicts on one line: a vulnerable one wins
                if vulnerable and not seen[index].vulnerable:
                    seen[index] = Case(rel, cwe, True, seen[index].first, seen[index].last, seen[index].owner)
                continue
            seen[index] = Case(rel, cwe, vulnerable, index + 1, _extent(codes, index) + 1, _owner(lines, index))
        cases.extend(seen[k] for k in sorted(seen))
    return cases, unmarked


def run_scan(sec: Path, jobs: int) -> tuple[dict[str, list], float]:
    dirs = sorted(str(d) for d in sec.iterdir() if d.is_dir() and d.name.startswith("CWE-"))
    config = Config(analyzers=("sast",), use_cache=False, jobs=jobs)
    started = time.perf_counter()
    report = scan(dirs, config)
    return by_relative_path(report.findings, sec), time.perf_counter() - started


def _sink_lines(f: Any) -> set[int]:
    """The lines of the sinks in a finding's trace (a finding reported at its source, such as a weak
    random generator's call, names the secret it reaches there)."""
    return {step.location.start_line for step in getattr(f, "trace", ()) or () if step.kind == "sink"}


def score(cases: list[Case], per_file: dict[str, list]) -> tuple[dict[str, Tally], dict[str, list[int]]]:
    """Per-CWE tallies of (case, findings) items, and per-CWE out-of-scope counts."""
    stats: dict[str, Tally] = defaultdict(Tally)
    out_of_scope: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for case in cases:
        rules = MAPPING.get(case.cwe)
        if rules is None:
            out_of_scope[case.cwe][0 if case.vulnerable else 1] += 1
            continue
        hits = [f for f in per_file.get(case.path, [])
                if f.rule_id in rules and (f.location.start_line <= case.last and case.first <= f.location.end_line
                                           or any(case.first <= n <= case.last for n in _sink_lines(f)))]
        stats[case.cwe].add(case.vulnerable, bool(hits), (case, hits))
    return stats, out_of_scope


def _num(cwe: str) -> int:
    return int(cwe.split("-")[1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", type=Path)
    ap.add_argument("--split", choices=SPLITS, default="all")
    ap.add_argument("--show", type=int, default=0, help="print up to N misses and N false alarms per category")
    ap.add_argument("--cases", action="store_true", help="only list the cases of the split (no scan)")
    ap.add_argument("--jobs", type=int, default=2, help="armur worker processes (default 2)")
    ap.add_argument("--json", type=Path, help="write the figures as JSON")
    args = ap.parse_args()
    sec = security_dir(args.path)
    every, unmarked = load_cases(sec)
    cases = [c for c in every if args.split == "all" or c.split == args.split]
    if args.cases:
        for c in cases:
            print(f"{c.split:5} {'vuln' if c.vulnerable else 'safe'} {c.cwe:8} {c.path}:{c.first}-{c.last}  {c.owner}")
        print(f"{len(cases)} cases; unmarked files (not cases): {len(unmarked)}")
        return 0
    per_file, took = run_scan(sec, args.jobs)
    stats, oos = score(cases, per_file)
    print(f"{sec}: {len(cases)} cases, split {args.split}, scanned in {took:.1f}s")
    text, figures = category_table(stats, oos, 30, label=lambda c: f"{c} {NAMES.get(c, '')}", order=_num)
    print(text)
    if args.show:
        show_cases(stats, sec, args.show, order=_num, no_owner="whole file")
    if args.json:
        figures.update({"split": args.split, "cases": len(cases), "scan_s": took})
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
