"""Agreement with gosec's own test samples, for the rules armur shares with gosec.

Usage: python benchmarks/go_gosec.py PATH [--rule GXXX] [--show N] [--json OUT] [--threat-model remote|local]

With --threat-model local, armur also takes operator input (command line, environment, standard input) as
untrusted, as gosec's taint rules do.

PATH is a checkout of github.com/securego/gosec. Its testutils/g*_samples.go files hold Go programs in
backtick strings, each in a `CodeSample{[]string{...}, N, config}` with N the number of issues gosec
expects. This script reads those files itself (no Go toolchain is run), writes each sample's files into
a temporary package directory, scans it with armur's SAST analyzer (armur.scan, no cache, one process),
and for every gosec rule armur shares, counts the samples where armur's number of findings of the
mapped rules equals gosec's expected number.

Samples with a non-default configuration (gosec.NewConfig() altered, audit mode, custom patterns) are
left out and counted as skipped. Like gosec, findings on lines carrying a `#nosec` or `gosec:disable`
directive (or inside a declaration preceded by one) are not counted: the expected numbers assume gosec's
directive, which armur does not read (armur's own is `armur: ignore[...]`).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from armur import scan
from armur.core.config import Config

# gosec rule -> armur rule ids whose findings are counted.
MAPPING: dict[str, tuple[str, ...]] = {
    "G101": ("go.hardcoded-credentials",),
    "G104": ("go.unhandled-error",),
    "G107": ("go.ssrf", "go.http-url-dynamic"),
    "G109": ("go.integer-overflow",),
    "G110": ("go.decompression-bomb",),
    "G112": ("go.http-no-timeouts",),
    "G114": ("go.http-no-timeouts",),
    "G115": ("go.integer-overflow",),
    "G201": ("go.sql-injection",),
    "G202": ("go.sql-injection",),
    "G203": ("go.xss", "go.template-unescaped-dynamic"),
    "G204": ("go.command-injection", "go.command-dynamic"),
    "G301": ("go.file-permissions",),
    "G302": ("go.file-permissions",),
    "G304": ("go.path-traversal", "go.file-path-dynamic"),
    "G305": ("go.zip-slip",),
    "G306": ("go.file-permissions",),
    "G401": ("go.weak-hash",),
    "G402": ("go.tls-insecure",),
    "G404": ("go.insecure-random",),
    "G405": ("go.weak-cipher",),
    "G406": ("go.weak-hash",),
    "G501": ("go.weak-hash",),
    "G502": ("go.weak-cipher",),
    "G503": ("go.weak-cipher",),
    "G505": ("go.weak-hash",),
    "G506": ("go.weak-hash",),
    "G701": ("go.sql-injection",),
    "G702": ("go.command-injection",),
    "G703": ("go.path-traversal",),
    "G704": ("go.ssrf",),
    "G705": ("go.xss",),
    "G706": ("go.log-injection",),
}

_VAR = re.compile(r"\b(SampleCode(G\d{3})\w*)\s*=\s*\[\]CodeSample\{")
_SAMPLE = re.compile(r"\{\s*\[\]string\{((?:\s*`[^`]*`\s*,?)+)\s*\}\s*,\s*(\d+)\s*,\s*([^\n]*?)\}\s*,?\s*\n")
_STRING = re.compile(r"`([^`]*)`")
_NOSEC = re.compile(r"#nosec|gosec:disable")


def parse_samples(path: Path) -> list[tuple[str, str, int, list[str], bool, int]]:
    """(gosec rule, variable, expected count, files, default config, index) for every sample in a file."""
    text = path.read_text(encoding="utf-8")
    marks = [(m.start(), m.group(2), m.group(1)) for m in _VAR.finditer(text)]
    out = []
    counters: dict[str, int] = defaultdict(int)
    for m in _SAMPLE.finditer(text):
        owner = [(r, v) for pos, r, v in marks if pos < m.start()]
        if not owner:
            continue
        rule, var = owner[-1]
        files = _STRING.findall(m.group(1))
        config = m.group(3).strip().rstrip(",").strip()
        out.append((rule, var, int(m.group(2)), files, config == "gosec.NewConfig()", counters[var]))
        counters[var] += 1
    return out


def _opens(code: str) -> int:
    return code.count("{") + code.count("(") - code.count("}") - code.count(")")


def suppressed_lines(src: str) -> set[int]:
    """Lines covered by a gosec directive: the line itself, and a declaration or block after a comment line."""
    lines = src.splitlines()
    out: set[int] = set()
    for i, line in enumerate(lines, 1):
        if not _NOSEC.search(line):
            continue
        out.add(i)
        own_line = line.strip().startswith("//")
        # On its own line the directive covers the next statement or declaration group; at the end of a
        # line that opens a literal or call, the whole of it.
        depth = 0 if own_line else _opens(line.split("//", 1)[0])
        if own_line or depth > 0:
            for j in range(i + 1, len(lines) + 1):
                out.add(j)
                depth += _opens(lines[j - 1])
                if depth <= 0:
                    break
    return out


def run(root: Path, only: str | None, threats: tuple[str, ...] = ("remote",)) -> dict[str, dict]:
    results: dict[str, dict] = {}
    config = Config(analyzers=("sast",), use_cache=False, jobs=1, threat_model=threats)
    files = sorted((root / "testutils").glob("g*_samples.go"))
    for f in files:
        for rule, var, expected, sources, default, idx in parse_samples(f):
            if rule not in MAPPING or (only and rule != only):
                continue
            res = results.setdefault(rule, {"samples": 0, "agree": 0, "skipped": 0, "disagreements": []})
            if not default:
                res["skipped"] += 1
                continue
            res["samples"] += 1
            with tempfile.TemporaryDirectory() as tmp:
                pkg = Path(tmp) / "sample"
                pkg.mkdir()
                sup: dict[str, set[int]] = {}
                for i, src in enumerate(sources):
                    name = "main.go" if i == 0 else f"file{i}.go"
                    (pkg / name).write_text(src, encoding="utf-8")
                    sup[name] = suppressed_lines(src)
                report = scan([str(pkg)], config)
                got = [x for x in report.findings if x.rule_id in MAPPING[rule]
                       and x.line not in sup.get(Path(x.location.path).name, set())]
            if len(got) == expected:
                res["agree"] += 1
            else:
                res["disagreements"].append({"sample": f"{var}[{idx}]", "expected": expected, "armur": len(got),
                                             "lines": sorted(x.line for x in got)})
    return results


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", type=Path)
    ap.add_argument("--rule", help="only this gosec rule (for example G304)")
    ap.add_argument("--show", type=int, default=0, help="list up to N disagreements per rule")
    ap.add_argument("--json", type=Path, help="write the results as JSON")
    ap.add_argument("--threat-model", choices=("remote", "local"), default="remote",
                    help="armur's threat model; gosec's taint rules (G7xx) take command-line arguments and "
                         "the environment as untrusted, which is armur's 'local' (default: remote)")
    args = ap.parse_args()
    if not (args.path / "testutils").is_dir():
        print(f"armur: error: {args.path} is not a gosec checkout (no testutils/)", file=sys.stderr)
        return 2
    started = time.perf_counter()
    results = run(args.path, args.rule, ("remote", args.threat_model))
    total_s = total_a = 0
    print(f"{'gosec':6} {'armur rule(s)':28} {'samples':>7} {'agree':>6} {'%':>6} {'skipped':>7}")
    for rule in sorted(results):
        r = results[rule]
        pct = 100.0 * r["agree"] / r["samples"] if r["samples"] else 0.0
        total_s += r["samples"]
        total_a += r["agree"]
        print(f"{rule:6} {','.join(MAPPING[rule]):28} {r['samples']:7} {r['agree']:6} {pct:6.1f} {r['skipped']:7}")
        for d in r["disagreements"][:args.show]:
            print(f"    {d['sample']}: expected {d['expected']}, armur {d['armur']} at lines {d['lines']}")
    pct = 100.0 * total_a / total_s if total_s else 0.0
    print(f"{'all':6} {'':28} {total_s:7} {total_a:6} {pct:6.1f}   ({time.perf_counter() - started:.1f}s)")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
