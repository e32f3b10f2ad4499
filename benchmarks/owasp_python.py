#!/usr/bin/env python3
"""OWASP BenchmarkPython: armur side by side with Bandit and Semgrep, in the same run.

usage: benchmarks/owasp_python.py PATH [--tools armur,bandit,semgrep] [--json OUT] [--keep DIR]

PATH is a checkout of OWASP-Benchmark/BenchmarkPython (never committed here). Each tool writes
SARIF for the whole checkout (helpers included, as a real project would be scanned); results are
scored with OWASP's rule (a test is flagged when a result with its expected CWE lands in its file),
the same rule as ../shared/tools/owasp_score.py. Prints per-category TP, FN, FP, TN, TPR, FPR,
Youden index and each tool's wall time. Bandit and Semgrep are run when found on PATH (or in
BENCH_VENV/bin, default /work/bench-venv/bin).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CWE_RE = re.compile(r"CWE[-_ :]?(\d+)", re.I)
# Tools that report weak hashing as CWE-327 (broken crypto) get credit for CWE-328, as in OWASP's scorecards.
CWE_ALIASES = {327: 328}


def find_tool(name: str) -> str | None:
    """Path of a peer tool: PATH first, then the benchmark venv."""
    found = shutil.which(name)
    if found:
        return found
    venv = Path(os.environ.get("BENCH_VENV", "/work/bench-venv")) / "bin" / name
    return str(venv) if venv.exists() else None


def load_expected(path: Path) -> dict[str, tuple[str, bool, int]]:
    """test name -> (category, is a real vulnerability, CWE)."""
    out = {}
    with path.open() as fh:
        for row in csv.reader(fh):
            if not row or row[0].startswith("#"):
                continue
            out[row[0].strip()] = (row[1].strip(), row[2].strip() == "true", int(row[3]))
    return out


def flagged_from_sarif(sarif: dict) -> dict[str, set[int]]:
    """test name -> CWEs reported in its file (CWEs from the result and from its rule metadata)."""
    flagged: dict[str, set[int]] = defaultdict(set)
    for run in sarif.get("runs", []):
        rules = {r.get("id"): r for r in run.get("tool", {}).get("driver", {}).get("rules", []) or []}
        for res in run.get("results", []):
            texts = [res.get("ruleId", ""), json.dumps(res.get("properties", {}) or {})]
            rule = rules.get(res.get("ruleId"))
            if rule:
                texts.append(json.dumps(rule.get("properties", {})))
                texts.append(json.dumps(rule.get("relationships", [])))
            cwes = {int(m.group(1)) for t in texts for m in CWE_RE.finditer(t)}
            cwes |= {CWE_ALIASES[c] for c in cwes if c in CWE_ALIASES}
            for loc in res.get("locations", []):
                uri = loc.get("physicalLocation", {}).get("artifactLocation", {}).get("uri", "")
                m = re.search(r"(BenchmarkTest\d+)", uri)
                if m:
                    flagged[m.group(1)].update(cwes)
    return flagged


def score(expected: dict[str, tuple[str, bool, int]], flagged: dict[str, set[int]]) -> dict[str, dict[str, float]]:
    """Per-category confusion counts and rates."""
    stats: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for test, (cat, vuln, cwe) in expected.items():
        hit = cwe in flagged.get(test, set())
        s = stats[cat]
        if vuln:
            s[0 if hit else 1] += 1
        else:
            s[2 if hit else 3] += 1
    out = {}
    for cat in sorted(stats):
        tp, fn, fp, tn = stats[cat]
        tpr = tp / (tp + fn) if tp + fn else 0.0
        fpr = fp / (fp + tn) if fp + tn else 0.0
        out[cat] = {"tp": tp, "fn": fn, "fp": fp, "tn": tn, "tpr": tpr, "fpr": fpr, "youden": tpr - fpr}
    return out


def run_armur(bench: Path, out: Path) -> float:
    """Cold scan (no cache) of the checkout; returns wall seconds."""
    armur = ROOT / ".venv" / "bin" / "armur"
    exe = [str(armur)] if armur.exists() else [sys.executable, "-m", "armur.cli"]
    t = time.perf_counter()
    subprocess.run([*exe, "scan", str(bench), "--no-cache", "--format", "sarif", "--output", str(out),
                    "--fail-on", "none", "--analyzers", "sast", "--no-progress"], check=True)
    return time.perf_counter() - t


def run_bandit(bench: Path, out: Path) -> float | None:
    exe = find_tool("bandit")
    if not exe:
        return None
    raw = out.with_suffix(".json")
    t = time.perf_counter()
    subprocess.run([exe, "-r", str(bench), "-f", "json", "-o", str(raw), "-q"], check=False,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    took = time.perf_counter() - t
    if not raw.exists():
        return None
    # Bandit has no SARIF writer of its own: turn its JSON into the few SARIF fields the scorer reads.
    results = []
    for r in json.loads(raw.read_text()).get("results", []):
        cwe = (r.get("issue_cwe") or {}).get("id")
        results.append({"ruleId": r.get("test_id", ""), "properties": {"cwe": f"CWE-{cwe}" if cwe else ""},
                        "locations": [{"physicalLocation": {"artifactLocation": {"uri": r.get("filename", "")}}}]})
    out.write_text(json.dumps({"runs": [{"tool": {"driver": {"name": "bandit", "rules": []}}, "results": results}]}))
    return took


def run_semgrep(bench: Path, out: Path) -> float | None:
    exe = find_tool("semgrep")
    rules = os.environ.get("SEMGREP_RULES")
    if not exe or not rules:
        return None
    t = time.perf_counter()
    subprocess.run([exe, "scan", "--config", rules, "--sarif", "--output", str(out), "--metrics=off",
                    "--disable-version-check", str(bench)], check=False, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    took = time.perf_counter() - t
    return took if out.exists() else None


def print_table(name: str, table: dict[str, dict[str, float]], wall: float) -> float:
    print(f"\n== {name}  (wall time {wall:.2f} s)")
    print(f"{'category':18}{'TP':>5}{'FN':>5}{'FP':>5}{'TN':>5}{'TPR':>7}{'FPR':>7}{'Youden':>8}")
    for cat, r in table.items():
        print(f"{cat:18}{r['tp']:5}{r['fn']:5}{r['fp']:5}{r['tn']:5}{r['tpr']:7.2f}{r['fpr']:7.2f}{r['youden']:8.2f}")
    avg = sum(r["youden"] for r in table.values()) / max(1, len(table))
    worst = min((r["youden"] for r in table.values()), default=0.0)
    print(f"{'average':18}{'':20}{'':14}{avg:8.3f}   (lowest category {worst:.2f})")
    return avg


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("path", type=Path)
    ap.add_argument("--tools", default="armur,bandit,semgrep")
    ap.add_argument("--json", type=Path, help="write all figures as JSON")
    ap.add_argument("--keep", type=Path, help="keep the SARIF files in this directory")
    args = ap.parse_args()
    bench = args.path.resolve()
    expected_csv = next(iter(sorted(bench.glob("expectedresults-*.csv"))), None)
    if expected_csv is None:
        print(f"error: no expectedresults-*.csv in {bench}", file=sys.stderr)
        return 2
    expected = load_expected(expected_csv)
    outdir = args.keep or Path(tempfile.mkdtemp(prefix="armur-owasp-"))
    outdir.mkdir(parents=True, exist_ok=True)
    runners = {"armur": run_armur, "bandit": run_bandit, "semgrep": run_semgrep}
    report: dict[str, dict[str, object]] = {}
    for tool in args.tools.split(","):
        runner = runners.get(tool)
        if runner is None:
            continue
        out = outdir / f"{tool}.sarif"
        wall = runner(bench, out)
        if wall is None:
            print(f"\n== {tool}: not installed (or no rules configured), skipped")
            continue
        table = score(expected, flagged_from_sarif(json.loads(out.read_text())))
        avg = print_table(tool, table, wall)
        report[tool] = {"wall_s": wall, "average_youden": avg, "categories": table}
    print(f"\n{len(expected)} test cases from {expected_csv.name}; SARIF in {outdir}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
