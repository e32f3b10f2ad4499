#!/usr/bin/env python3
"""SmartBugs curated: recall of armur's Solidity rules by vulnerability category.

usage: benchmarks/solidity.py PATH [--json OUT] [--jobs N] [--show-misses] [--slither --solcjs DIR]

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
and wall time. With --slither, Slither (from PATH or BENCH_VENV) is run on each file in the same run,
compiled by solc-js (`npm install solc@0.4.25`, passed as --solcjs node_modules/solc) through a small
`solc` stand-in that speaks crytic-compile's --combined-json; its detectors are mapped to categories in
SLITHER_CATEGORIES and scored the same way, on the lines of their statement-level elements.
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
from collections.abc import Container
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from heldout import Tally  # noqa: E402

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


def findings_by_file(findings: list[dict], checkout: Path, rules: Container[str] | None = None
                     ) -> dict[str, list[tuple[str, int, int]]]:
    """(rule id, first line, last line) of each finding (of the given rules), by path relative to checkout."""
    by_file: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    for f in findings:
        rid = f["rule_id"]
        if rules is not None and rid not in rules:
            continue
        loc = f["location"]
        by_file[rel(loc["path"], checkout)].append((rid, loc["start_line"], loc.get("end_line") or loc["start_line"]))
    return by_file


def score_units(cases: list, by_file: dict[str, list[tuple[str, int, int]]],
                rules: dict[str, Container[str]]) -> tuple[list[dict], list[str]]:
    """Per category (in the order of `rules`): TP/FN/FP/TN, TPR, FPR and J of cases that are line ranges
    of a file (case.path, .start, .end, .vulnerable, .category, .split, .unit), a case being flagged by a
    finding of one of the category's rules inside its range; and one line per miss and false alarm.
    TPR is None without vulnerable cases, FPR None without safe ones, J None without vulnerable cases."""
    rows, detail = [], []
    for cat, cat_rules in rules.items():
        t = Tally()
        for c in cases:
            if c.category != cat:
                continue
            hits = [(r, s) for r, s, _ in by_file.get(c.path, []) if r in cat_rules and c.start <= s <= c.end]
            outcome = t.add(c.vulnerable, bool(hits))
            if outcome == "FN":
                detail.append(f"FN [{c.split}] {cat}: {c.path} {c.unit} (lines {c.start}-{c.end})")
            elif outcome == "FP":
                detail.append(f"FP [{c.split}] {cat}: {c.path} {c.unit} " + ", ".join(f"{r}@{s}" for r, s in hits))
        tp, fn, fp, tn = t.counts
        rows.append({"category": cat, "tp": tp, "fn": fn, "fp": fp, "tn": tn, "tpr": t.tpr, "fpr": t.fpr,
                     "youden": t.youden})
    return rows, detail


def score(checkout: Path, findings: list[dict], mapping: dict[str, tuple[str, ...]] | None = None) -> dict:
    vulns = json.loads((checkout / "vulnerabilities.json").read_text())
    annotations = [(e["path"], line, v["category"]) for e in vulns for v in e["vulnerabilities"] for line in v["lines"]]
    mapping = mapping or RULE_CATEGORIES
    by_file = findings_by_file(findings, checkout, mapping)
    found, total = Counter(), Counter()
    misses = []
    for path, line, cat in annotations:
        total[cat] += 1
        if any(cat in mapping[rid] and s <= line <= max(s, e) for rid, s, e in by_file.get(path, [])):
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
            if not any(cat in mapping[rid] and s <= line <= max(s, e) for line, cat in ann_by_file.get(path, [])):
                unmatched[rid] += 1
    return {"found": dict(found), "total": dict(total), "misses": misses, "findings": dict(n_findings),
            "unmatched": dict(unmatched), "files": len(vulns)}


# Slither detector -> SmartBugs categories, the same judgement as RULE_CATEGORIES for armur.
SLITHER_CATEGORIES: dict[str, tuple[str, ...]] = {
    "reentrancy-eth": ("reentrancy",), "reentrancy-no-eth": ("reentrancy",), "reentrancy-benign": ("reentrancy",),
    "reentrancy-events": ("reentrancy",), "reentrancy-unlimited-gas": ("reentrancy",),
    "unchecked-lowlevel": ("unchecked_low_level_calls",), "unchecked-send": ("unchecked_low_level_calls",),
    "tx-origin": ("access_control",), "suicidal": ("access_control",), "arbitrary-send-eth": ("access_control",),
    "controlled-delegatecall": ("access_control",), "unprotected-upgrade": ("access_control",),
    "controlled-array-length": ("access_control",), "protected-vars": ("access_control",),
    "weak-prng": ("bad_randomness", "time_manipulation"), "timestamp": ("time_manipulation",),
    "calls-loop": ("denial_of_service",), "costly-loop": ("denial_of_service",),
    "msg-value-loop": ("denial_of_service",),
    "uninitialized-storage": ("other", "access_control"), "shadowing-state": ("other", "access_control"),
    "locked-ether": ("other",),
}

# A `solc` stand-in for crytic-compile, backed by solc-js from npm (binaries.soliditylang.org, where
# solc-select downloads compilers, is not reachable here). It relaxes `pragma solidity` to ^0.4.0 in
# memory (the line count is unchanged) so 0.4.x files compile with the one solc-js version installed.
SOLC_WRAPPER = r'''#!/usr/bin/env python3
import json, re, subprocess, sys
SOLCJS, VERSION = sys.argv[0] + ".js", "@VERSION@"
args = sys.argv[1:]
if "--version" in args:
    print("solc, the solidity compiler commandline interface\nVersion: " + VERSION + "+commit.0.Linux.g++")
    sys.exit(0)
sources = {}
for f in [a for a in args if a.endswith(".sol") and not a.startswith("--")]:
    text = open(f, encoding="utf-8", errors="replace").read()
    sources[f] = {"content": re.sub(r"pragma\s+solidity[^;]*;", "pragma solidity ^0.4.0;", text)}
want = ["abi", "evm.bytecode.object", "evm.deployedBytecode.object", "evm.bytecode.sourceMap",
        "evm.deployedBytecode.sourceMap", "evm.methodIdentifiers", "userdoc", "devdoc"]
inp = {"language": "Solidity", "sources": sources,
       "settings": {"outputSelection": {"*": {"*": want, "": ["legacyAST"]}}}}
p = subprocess.run(["node", SOLCJS], input=json.dumps(inp), capture_output=True, text=True)
out = json.loads(p.stdout or "{}")
errs = [e for e in out.get("errors", []) if e.get("severity") == "error"]
if errs or not p.stdout:
    sys.stderr.write("\n".join(e.get("formattedMessage", "") for e in errs) or p.stderr)
    sys.exit(1)
contracts = {}
for fname, cs in out.get("contracts", {}).items():
    for name, c in cs.items():
        evm = c.get("evm", {})
        contracts[fname + ":" + name] = {
            "abi": json.dumps(c.get("abi", [])), "bin": evm.get("bytecode", {}).get("object", ""),
            "bin-runtime": evm.get("deployedBytecode", {}).get("object", ""),
            "srcmap": evm.get("bytecode", {}).get("sourceMap", ""),
            "srcmap-runtime": evm.get("deployedBytecode", {}).get("sourceMap", ""),
            "hashes": evm.get("methodIdentifiers", {}), "userdoc": json.dumps(c.get("userdoc", {})),
            "devdoc": json.dumps(c.get("devdoc", {}))}
srcs = {f: {"AST": s.get("legacyAST", s.get("ast"))} for f, s in out.get("sources", {}).items()}
print(json.dumps({"contracts": contracts, "sources": srcs, "sourceList": list(srcs), "version": VERSION}))
'''
SOLC_JS = """const solc = require(process.env.ARMUR_SOLCJS);
let d = ''; process.stdin.on('data', c => d += c);
process.stdin.on('end', () => process.stdout.write((solc.compileStandardWrapper || solc.compile)(d)));
"""


def find_slither() -> str | None:
    venv = Path(os.environ.get("BENCH_VENV", "/work/bench-venv"))
    exe = shutil.which("slither") or (str(venv / "bin" / "slither") if (venv / "bin" / "slither").exists() else None)
    return exe


def run_slither(dataset: Path, solcjs: Path, jobs: int) -> tuple[list[dict], float, int, int]:
    """Slither on every file; returns (results as armur-like findings, seconds, files ok, files failed)."""
    from concurrent.futures import ThreadPoolExecutor

    exe = find_slither()
    assert exe is not None
    version = json.loads((solcjs / "package.json").read_text())["version"]
    with tempfile.TemporaryDirectory() as tmp:
        wrap = Path(tmp) / "solc"
        wrap.write_text(SOLC_WRAPPER.replace("@VERSION@", version))
        wrap.chmod(0o755)
        (Path(tmp) / "solc.js").write_text(SOLC_JS)
        env = dict(os.environ, PATH=f"{tmp}:{os.environ.get('PATH', '')}", ARMUR_SOLCJS=str(solcjs))
        files = sorted(dataset.rglob("*.sol"))

        def one(f: Path) -> tuple[Path, dict | None]:
            proc = subprocess.run([exe, str(f), "--json", "-", "--disable-color"], capture_output=True, text=True,
                                  env=env, cwd=tmp, timeout=600)
            try:
                out = json.loads(proc.stdout)
            except json.JSONDecodeError:
                return f, None
            return f, out if out.get("success") else None

        t0 = time.perf_counter()
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            results = list(pool.map(one, files))
        elapsed = time.perf_counter() - t0
    findings: list[dict] = []
    ok = bad = 0
    for f, out in results:
        if out is None:
            bad += 1
            continue
        ok += 1
        for det in out.get("results", {}).get("detectors", []) or []:
            cats = SLITHER_CATEGORIES.get(det.get("check", ""))
            if not cats:
                continue
            elems = det.get("elements", [])
            # statement-level elements when there are any (the result's own lines), else the first element
            nodes = [e for e in elems if e.get("type") == "node"] or elems[:1]
            for e in nodes:
                lines = e.get("source_mapping", {}).get("lines") or []
                if lines:
                    findings.append({"rule_id": "slither." + det["check"], "location": {
                        "path": str(f), "start_line": min(lines), "end_line": max(lines)}})
    return findings, elapsed, ok, bad


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("path", type=Path)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--slither", action="store_true", help="also run Slither (needs --solcjs)")
    ap.add_argument("--solcjs", type=Path, help="an npm-installed solc-js package folder, e.g. node_modules/solc")
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
        if find_slither() is None:
            print("\nslither: not installed (pip install slither-analyzer into BENCH_VENV)")
        elif args.solcjs is None or not (args.solcjs / "package.json").exists():
            print("\nslither: needs --solcjs (solc-select cannot download compilers here)")
        else:
            sfind, selapsed, ok, bad = run_slither(checkout / "dataset", args.solcjs, args.jobs)
            sres = score(checkout, sfind, {f"slither.{k}": v for k, v in SLITHER_CATEGORIES.items()})
            print(f"\nslither ({ok} files analysed, {bad} failed to compile with solc-js, {selapsed:.0f}s)")
            print(f"{'category':28} {'found':>6} {'total':>6} {'recall':>7}")
            for cat in CATEGORIES:
                t = sres["total"].get(cat, 0)
                if t:
                    print(f"{cat:28} {sres['found'].get(cat, 0):6d} {t:6d} {sres['found'].get(cat, 0) / t:7.1%}")
            sf, st = sum(sres["found"].values()), sum(sres["total"].values())
            n, u = sum(sres["findings"].values()), sum(sres["unmatched"].values())
            print(f"{'overall':28} {sf:6d} {st:6d} {sf / st:7.1%}")
            print(f"slither results in mapped detectors: {n}, hit no annotation: {u} "
                  f"({u / max(n, 1):.0%} unmatched, {n / res['files']:.1f} per file)")
            res["slither"] = sres
    if args.json:
        res["elapsed_s"] = elapsed
        args.json.write_text(json.dumps(res, indent=1))


if __name__ == "__main__":
    main()
