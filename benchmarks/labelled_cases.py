"""Held-out score of armur on externally labelled one-file test cases, per category, as Youden's J.

Usage: python benchmarks/labelled_cases.py PATH --language rust|go|javascript
           [--split dev|test|all] [--show N] [--trace CASE] [--primary-only]

PATH holds one or more datasets laid out the way OWASP-style benchmarks are: a directory with an
`expectedresults.csv` (`name,category,isVulnerable,cwe[,...]`, `#` comments allowed) and a `testcode/`
directory with one source file `<name>.<ext>` per case. A dataset belongs to the language whose source
suffix its `testcode/` holds, so one PATH may mix languages; the others are ignored. The sets this was
written for are cogniumhq/sast-benchmarks' `rust-synthetic`, `cwe-bench-rust`, `go-synthetic`,
`nodejs-synthetic` and `html-js-synthetic` (docs/benchmarks.md says how they were obtained; nothing of
them is kept in this repository).

Every case is scanned on its own (its file copied alone into a temporary directory, armur's SAST
analyzer, no cache, default confidence). A case counts as reported when armur gives at least one finding
of an armur rule mapped to the case's vulnerability class, which is decided by its CWE (never by file or
case names). Categories whose CWE armur has no rule for in that language are listed as out of scope, with
their case counts, and left out of the average. `--primary-only` keeps only the first (taint) rule of each
class, leaving out the broader "value from outside the program" rules some classes also map to.

HTML cases (browser code) are scanned for `javascript` through their inline `<script>` blocks: the file
is rewritten as a `.js` file holding the text of every `<script>` element without a `src` attribute, at
its original lines (everything else blanked), since armur reads no HTML. Script in HTML attributes
(`onclick="..."`) is not read.

The split is fixed before any result is looked at: a case is in `dev` when zlib.crc32 of
"<dataset>/<name>" is even, in `test` when it is odd. Youden's J = TPR - FPR per category; the headline
is the mean over in-scope categories.
"""

from __future__ import annotations

import argparse
import csv
import re
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from armur import scan
from armur.core.config import Config

sys.path.insert(0, str(Path(__file__).resolve().parent))
from heldout import SPLITS, Tally, mean, split_of, trace_lines  # noqa: E402

# Per language: CWE -> the armur rules whose findings answer for it (the first is the taint rule of the
# class; any others are the same class's broader rules). Taken from each rule's CWE list
# (`armur rules --language <lang>`).
CWE_RULES: dict[str, dict[int, tuple[str, ...]]] = {
    "rust": {
        78: ("rust.command-injection",),
        89: ("rust.sql-injection",),
        22: ("rust.path-traversal",),
        23: ("rust.path-traversal",),
        918: ("rust.ssrf",),
        79: ("rust.xss",),
        601: ("rust.open-redirect",),
        330: ("rust.insecure-random",),
        338: ("rust.insecure-random",),
        327: ("rust.weak-hash",),
        328: ("rust.weak-hash",),
        295: ("rust.tls-verify-disabled",),
        798: ("rust.hardcoded-secret",),
    },
    # The same classes as benchmarks/go_heldout.py counts.
    "go": {
        78: ("go.command-injection", "go.command-dynamic"),
        77: ("go.command-injection", "go.command-dynamic"),
        89: ("go.sql-injection",),
        22: ("go.path-traversal", "go.file-path-dynamic", "go.zip-slip"),
        23: ("go.path-traversal", "go.file-path-dynamic", "go.zip-slip"),
        918: ("go.ssrf", "go.http-url-dynamic"),
        79: ("go.xss", "go.template-unescaped-dynamic"),
        601: ("go.open-redirect",),
        117: ("go.log-injection",),
        327: ("go.weak-cipher",),
        328: ("go.weak-hash",),
        330: ("go.insecure-random",),
        338: ("go.insecure-random",),
        295: ("go.tls-insecure",),
        798: ("go.hardcoded-credentials",),
        409: ("go.decompression-bomb",),
    },
    # The same classes as benchmarks/js_heldout.py counts.
    "javascript": {
        78: ("javascript.command-injection",),
        89: ("javascript.sql-injection",),
        943: ("javascript.nosql-injection",),
        22: ("javascript.path-traversal",),
        23: ("javascript.path-traversal",),
        918: ("javascript.ssrf",),
        79: ("javascript.xss", "javascript.template-autoescape-off"),
        94: ("javascript.code-injection", "javascript.template-injection"),
        95: ("javascript.code-injection", "javascript.template-injection"),
        601: ("javascript.open-redirect",),
        117: ("javascript.log-injection",),
        502: ("javascript.unsafe-deserialization",),
        611: ("javascript.xxe",),
        1321: ("javascript.prototype-pollution",),
        1333: ("javascript.regex-injection",),
        730: ("javascript.regex-injection",),
        327: ("javascript.weak-hash",),
        328: ("javascript.weak-hash",),
        330: ("javascript.insecure-random",),
        338: ("javascript.insecure-random",),
        295: ("javascript.tls-verify-disabled",),
        347: ("javascript.jwt-unverified",),
        798: ("javascript.hardcoded-secret", "javascript.hardcoded-credential"),
    },
}

# Per language: the case file suffixes it scans (the first one found for a case is used).
SUFFIXES: dict[str, tuple[str, ...]] = {
    "rust": (".rs",),
    "go": (".go",),
    "javascript": (".js", ".mjs", ".cjs", ".jsx", ".ts", ".tsx", ".html", ".htm"),
}


@dataclass
class Case:
    dataset: str
    name: str
    category: str
    vulnerable: bool
    cwe: int
    path: Path

    @property
    def id(self) -> str:
        return f"{self.dataset}/{self.name}"

    @property
    def split(self) -> str:
        return split_of(self.id)


def _case_path(testcode: Path, name: str, suffixes: tuple[str, ...]) -> Path:
    for suffix in suffixes:
        p = testcode / f"{name}{suffix}"
        if p.is_file():
            return p
    return testcode / f"{name}{suffixes[0]}"


def load_cases(root: Path, suffixes: tuple[str, ...]) -> list[Case]:
    """Cases of every dataset under root whose testcode/ holds files with one of the suffixes."""
    cases = []
    for csv_path in sorted(root.rglob("expectedresults*.csv")):
        ds_dir = csv_path.parent
        testcode = ds_dir / "testcode"
        if not any(p.suffix in suffixes for p in testcode.glob("*")):
            continue
        dataset = ds_dir.name
        with csv_path.open(encoding="utf-8") as fh:
            for row in csv.reader(line for line in fh if line.strip() and not line.lstrip().startswith("#")):
                if len(row) < 4 or row[0].strip() in ("name", "test name"):
                    continue
                name, category, vuln, cwe = (x.strip() for x in row[:4])
                digits = re.sub(r"\D", "", cwe)
                cases.append(Case(dataset, name, category, vuln.lower() == "true", int(digits) if digits else 0,
                                  _case_path(testcode, name, suffixes)))
    return cases


_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.I | re.S)


def html_inline_scripts(html: str) -> str:
    """The inline <script> bodies of an HTML page at their own lines and columns, everything else blanked."""
    out = [c if c == "\n" else " " for c in html]
    for m in _SCRIPT.finditer(html):
        if re.search(r"\bsrc\s*=", m.group(1), re.I):
            continue
        start, end = m.span(2)
        out[start:end] = html[start:end]
    return "".join(out)


def scan_case(case: Case, config: Config):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "case"
        folder.mkdir()
        if case.path.suffix in (".html", ".htm"):
            (folder / f"{case.path.stem}.js").write_text(
                html_inline_scripts(case.path.read_text(encoding="utf-8")), encoding="utf-8")
        else:
            shutil.copyfile(case.path, folder / case.path.name)
        return scan([str(folder)], config).findings


def print_trace(findings) -> None:
    for f in findings:
        print(f"{f.rule_id} line {f.line} [{f.confidence.value}]: {f.message}")
        print("\n".join(trace_lines(f)))


def main(language: str | None = None, description: str | None = None) -> int:
    ap = argparse.ArgumentParser(description=description or __doc__.splitlines()[0])
    ap.add_argument("path", type=Path)
    if language is None:
        ap.add_argument("--language", choices=sorted(CWE_RULES), required=True)
    ap.add_argument("--split", choices=SPLITS, default="all")
    ap.add_argument("--show", type=int, default=0, help="list up to N misses and N false alarms per category")
    ap.add_argument("--trace", help="print the findings (with traces) for this case id (dataset/name)")
    ap.add_argument("--primary-only", action="store_true",
                    help="count only the first (taint) rule of each class")
    args = ap.parse_args()
    language = language or args.language
    cwe_rules = CWE_RULES[language]
    if args.primary_only:
        cwe_rules = {cwe: rules[:1] for cwe, rules in cwe_rules.items()}
    cases = load_cases(args.path, SUFFIXES[language])
    if not cases:
        print(f"armur: error: no expectedresults*.csv with {language} test code under {args.path}",
              file=sys.stderr)
        return 2
    config = Config(analyzers=("sast",), use_cache=False, jobs=1)
    started = time.perf_counter()
    tallies: dict[str, Tally] = {}
    rule_names: dict[str, str] = {}
    out_of_scope: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    missing = []
    for case in cases:
        if args.split != "all" and case.split != args.split:
            continue
        rules = cwe_rules.get(case.cwe)
        if rules is None:
            out_of_scope[f"{case.category} (CWE-{case.cwe})"][0 if case.vulnerable else 1] += 1
            continue
        if not case.path.is_file():
            missing.append(case.id)
            continue
        findings = scan_case(case, config)
        hits = [f for f in findings if f.rule_id in rules]
        if args.trace == case.id:
            print_trace(findings)
        category = f"{case.category} (CWE-{case.cwe})"
        t = tallies.setdefault(category, Tally())
        rule_names[category] = ", ".join(rules)
        if len(rules) > 1:
            where = ",".join(f"{f.line} {f.rule_id}" for f in hits)
        else:
            where = ",".join(str(f.line) for f in hits)
        t.add(case.vulnerable, bool(hits), f"{case.id}" + (f" (line {where})" if where else ""))
    print(f"split: {args.split}")
    print("| category | armur rule | TP | FN | FP | TN | TPR | FPR | Youden |")
    print("|---|---|---|---|---|---|---|---|---|")
    youdens = []
    for cat in sorted(tallies):
        t = tallies[cat]
        # A category with safe cases only counts with TPR 0 (its J is minus its FPR).
        tpr, fpr = t.tpr or 0.0, t.fpr or 0.0
        youdens.append(tpr - fpr)
        tp, fn, fp, tn = t.counts
        print(f"| {cat} | {rule_names[cat]} | {tp} | {fn} | {fp} | {tn} | {tpr:.2f} | {fpr:.2f} | {tpr - fpr:.2f} |")
    total = [sum(t.counts[i] for t in tallies.values()) for i in range(4)]
    print(f"| **mean of {len(youdens)} categories** | | {total[0]} | {total[1]} | {total[2]} "
          f"| {total[3]} | | | **{mean(youdens):.3f}** |")
    if out_of_scope:
        print("out of scope (no armur rule for the CWE): "
              + "; ".join(f"{c}: {v} vulnerable, {s} safe" for c, (v, s) in sorted(out_of_scope.items())))
    if missing:
        print(f"missing test files ({len(missing)}): {', '.join(missing)}")
    if args.show:
        for cat in sorted(tallies):
            t = tallies[cat]
            for kind, items in (("missed", t.fn), ("false alarm", t.fp)):
                for item in items[:args.show]:
                    print(f"  {cat}: {kind}: {item}")
    print(f"({sum(total)} cases scored, "
          f"{time.perf_counter() - started:.1f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
