#!/usr/bin/env python3
"""SmartBugs curated: recall of armur's Solidity rules by vulnerability category.

usage: benchmarks/solidity.py PATH [--json OUT] [--jobs N] [--slither] [--show-misses]

PATH is a checkout of smartbugs/smartbugs-curated (never committed here). Its vulnerabilities.json
lists, per file, annotated lines and their DASP category. armur scans PATH/dataset with the SAST
analyzer only (`armur scan --analyzers sast -f json`, cache off, so the timing is honest); each
armur rule is mapped to the categories it is meant to find (RULE_CATEGORIES below). An annotation
(file, line, category) counts as found when a finding of a rule mapped to that category reports a
line range [start_line, end_line] that contains the line. Ranges are the findings' own: this script
never widens them.

Printed: recall per category and overall, the number of findings and how many of them hit no
annotation of their categories (a precision signal: the dataset annotates only the flaw each file
was collected for, so an unmatched finding is not necessarily wrong, but it is not confirmed either),
and wall time. With --slither, Slither is run per file when it is installed (BENCH_VENV) together
with a solc it can use; otherwise the reason it could not run is printed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

# armur rule -> SmartBugs categories it is meant to find. A rule may serve two categories when the
# dataset files one flaw under either (e.g. timestamps used as randomness are filed under both).
RULE_CATEGORIES: dict[str, tuple[str, ...]] = {
    "solidity.reentrancy": ("reentrancy",),
    "solidity.reentrancy-send-transfer": ("reentrancy",),
    "solidity.tx-origin-auth": ("access_control",),
    "solidity.missing-access-control": ("access_control",),
    "solidity.delegatecall-user-controlled": ("access_control",),
    "solidity.unchecked-call": ("unchecked_low_level_calls",),
    "solidity.integer-overflow": ("arithmetic",),
    "solidity.unchecked-arithmetic": ("arithmetic",),
    "solidity.weak-randomness": ("bad_randomness", "time_manipulation"),
    "solidity.timestamp-dependence": ("time_manipulation",),
    "solidity.dos-gas-limit": ("denial_of_service",),
    "solidity.dos-failed-call": ("denial_of_service",),
    "solidity.front-running": ("front_running",),
    "solidity.signature-replay": ("access_control",),
    "solidity.ecrecover-zero-address": ("access_control",),
    "solidity.uninitialized-storage-pointer": ("other", "access_control"),
    "solidity.shadowed-state-variable": ("other", "access_control"),
    "solidity.locked-ether": ("other",),
}
CATEGORIES = ("access_control", "arithmetic", "bad_randomness", "denial_of_service", "front_running", "other",
              "reentrancy", "short_addresses", "time_manipulation", "unchecked_low_level_calls")


def armur_cmd() -> list[str]:
    exe = ROOT / ".venv" / "bin" / "armur"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "armur"]


def run_armur(dataset: Path, jobs: int) -> tuple[list[dict], float, list[dict]]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        cmd = [*armur_cmd(), "scan", str(dataset), "--analyzers", "sast", "-f", "json", "-o", str(out),
               "--no-cache", "--no-progress", "--fail-on", "none", "-j", str(jobs)]
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True)
        elapsed = time.perf_counter() - t0
        if proc.returncode not in (0, 1) or not out.exists():
            sys.exit(f"armur failed ({proc.returncode}): {proc.stderr.strip()[:2000]}")
        report = json.loads(out.read_text())
    return report.get("findings", []), elapsed, report.get("skipped", [])


def rel(path: str, checkout: Path) -> str:
    p = Path(path)
    if not p.is_absolute():
        p = (Path.cwd() / p).resolve()
    try:
        return p.resolve().relative_to(checkout.resolve()).as_posix()
    except ValueError:
        return path


def score(checkout: Path, findings: list[dict]) -> dict:
    vulns = json.loads((checkout / "vulnerabilities.json").read_text())
    annotations = [(e["path"], line, v["category"]) for e in vulns for v in e["vulnerabilities"] for line in v["lines"]]
    by_file: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    for f in findings:
        rid = f["rule_id"]
        if rid not in RULE_CATEGORIES:
            continue
        loc = f["location"]
        by_file[rel(loc["path"], checkout)].append((rid, loc["start_line"], loc.get("end_line") or loc["start_line"]))
    found, total = Counter(), Counter()
    misses = []
    for path, line, cat in annotations:
        total[cat] += 1
        if any(cat in RULE_CATEGORIES[rid] and s <= line <= max(s, e) for rid, s, e in by_file.get(path, [])):
            found[cat] += 1
        else:
            misses.append((path, line, cat))
    ann_by_file: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for path, line, cat in annotations:
        ann_by_file[path].append((line, cat))
    unmatched = Counter()
    n_findings = Counter()
    for path, fs in by_file.items():
        for rid, s, e in fs:
            n_findings[rid] += 1
            if not any(cat in RULE_CATEGORIES[rid] and s <= line <= max(s, e) for line, cat in ann_by_file.get(path, [])):
                unmatched[rid] += 1
    return {"found": dict(found), "total": dict(total), "misses": misses, "findings": dict(n_findings),
            "unmatched": dict(unmatched), "files": len(vulns)}


def slither_status() -> str:
    venv = Path(os.environ.get("BENCH_VENV", "/work/bench-venv"))
    exe = shutil.which("slither") or (str(venv / "bin" / "slither") if (venv / "bin" / "slither").exists() else None)
    if exe is None:
        return "slither not installed (pip install slither-analyzer into BENCH_VENV)"
    if not (shutil.which("solc") or os.environ.get("SOLC")):
        return ("slither is installed but no solc binary is available: solc-select downloads compilers from "
                "binaries.soliditylang.org, which this environment cannot reach")
    return ""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("path", type=Path)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--slither", action="store_true")
    ap.add_argument("--show-misses", action="store_true")
    args = ap.parse_args()
    checkout: Path = args.path
    if not (checkout / "vulnerabilities.json").exists():
        sys.exit(f"{checkout} is not a smartbugs-curated checkout (no vulnerabilities.json)")
    findings, elapsed, skipped = run_armur(checkout / "dataset", args.jobs)
    res = score(checkout, findings)
    found, total = res["found"], res["total"]
    print(f"SmartBugs curated: {res['files']} files, {sum(total.values())} annotated lines; armur {elapsed:.1f}s, "
          f"{len(skipped)} files skipped")
    print(f"{'category':28} {'found':>6} {'total':>6} {'recall':>7}")
    for cat in CATEGORIES:
        t = total.get(cat, 0)
        if t:
            print(f"{cat:28} {found.get(cat, 0):6d} {t:6d} {found.get(cat, 0) / t:7.1%}")
    f_all, t_all = sum(found.values()), sum(total.values())
    print(f"{'overall':28} {f_all:6d} {t_all:6d} {f_all / t_all:7.1%}")
    print()
    print(f"{'rule':42} {'findings':>8} {'hit no annotation':>18}")
    for rid in sorted(res["findings"]):
        print(f"{rid:42} {res['findings'][rid]:8d} {res['unmatched'].get(rid, 0):18d}")
    n, u = sum(res["findings"].values()), sum(res["unmatched"].values())
    print(f"{'all':42} {n:8d} {u:18d}  ({u / max(n, 1):.0%} unmatched, {n / res['files']:.1f} findings per file)")
    if args.show_misses:
        print("\nmissed annotations:")
        for path, line, cat in sorted(res["misses"]):
            print(f"  {cat:26} {path}:{line}")
    if args.slither:
        status = slither_status()
        print("\nslither:", status or "available (run it with the solc matching each file's pragma)")
    if args.json:
        res["elapsed_s"] = elapsed
        args.json.write_text(json.dumps(res, indent=1))


if __name__ == "__main__":
    main()
