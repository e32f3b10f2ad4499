#!/usr/bin/env python3
"""False-positive pressure and throughput of armur's SAST for one language, with Semgrep alongside.

usage:
  benchmarks/lang_pressure.py --language LANG PATH... [--semgrep-rules DIR] [--sample N] [--seed S]
                              [--json OUT] [--jobs N] [--max-file-bytes B]

LANG is an armur language name (python, javascript, typescript, go, rust, solidity); `javascript`
also takes the TypeScript files. Every file of that language under the PATHs (at most
--max-file-bytes each, minified files skipped) is copied into one temporary tree, so that both tools
see exactly the same files with nothing ignored (`node_modules` components are renamed; no
.gitignore applies). Then, in the same run:

- armur: `armur scan TREE --analyzers sast --no-cache --no-gitignore --format json`;
- Semgrep (when `semgrep` is on PATH or in BENCH_VENV/bin and --semgrep-rules is given, for example
  the language's folder of semgrep-rules with its test files removed): `semgrep scan --config DIR
  --json --no-git-ignore --metrics=off` with the same number of jobs.

Reported per tool: wall seconds, lines per second (all lines of the copied files, blank and comment
lines included, the same count for both tools), findings and findings per 10k lines; for armur also
the findings per rule and a reproducible random sample of each rule's findings (file, line, the line
of code), to be judged by hand in docs/benchmarks.md. Nothing here is committed and no tool runs the
scanned code.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from armur.lang import language_of  # noqa: E402

FAMILY = {"javascript": ("javascript", "typescript"), "typescript": ("typescript",)}


def armur_cmd() -> list[str]:
    exe = ROOT / ".venv" / "bin" / "armur"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "armur.cli"]


def find_tool(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    cand = Path(os.environ.get("BENCH_VENV", "/work/bench-venv")) / "bin" / name
    return str(cand) if cand.exists() else None


def collect(paths: list[Path], langs: tuple[str, ...], max_bytes: int) -> list[tuple[Path, str]]:
    """(source file, relative name in the copy) for every file of the languages under the paths."""
    out: list[tuple[Path, str]] = []
    seen: set[Path] = set()
    for i, root in enumerate(paths):
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for f in files:
            real = f.resolve()
            if real in seen or language_of(f.name) not in langs or ".min." in f.name:
                continue
            try:
                if f.stat().st_size > max_bytes:
                    continue
            except OSError:
                continue
            seen.add(real)
            rel = f.name if root.is_file() else str(f.relative_to(root))
            rel = "/".join("nm" if part == "node_modules" else part for part in Path(rel).parts)
            out.append((f, f"{i}-{root.name}/{rel}"))
    return out


def count_lines(path: Path) -> int:
    with open(path, "rb") as fh:
        data = fh.read()
    return data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)


def run_armur(tree: Path, out: Path, jobs: int) -> tuple[float, list[dict]]:
    t = time.perf_counter()
    subprocess.run([*armur_cmd(), "scan", str(tree), "--analyzers", "sast", "--no-cache", "--no-gitignore",
                    "--format", "json", "--output", str(out), "--fail-on", "none", "--no-progress",
                    "--jobs", str(jobs)], check=True)
    took = time.perf_counter() - t
    report = json.loads(out.read_text())
    for w in report.get("warnings", []):
        print(f"  armur warning: {w}", file=sys.stderr)
    if report.get("skipped"):
        reasons = Counter(s.get("reason", "?") for s in report["skipped"])
        print(f"  armur skipped: {dict(reasons)}", file=sys.stderr)
    return took, report["findings"]


def run_semgrep(tree: Path, rules: Path, out: Path, jobs: int) -> tuple[float, list[dict]] | None:
    exe = find_tool("semgrep")
    if not exe:
        return None
    t = time.perf_counter()
    subprocess.run([exe, "scan", "--config", str(rules), "--json", "--output", str(out), "--metrics=off",
                    "--disable-version-check", "--no-git-ignore", "--jobs", str(jobs), "--timeout", "30",
                    "--max-target-bytes", "0", str(tree)],
                   check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    took = time.perf_counter() - t
    if not out.exists():
        return None
    data = json.loads(out.read_text())
    errors = [e for e in data.get("errors", []) if e.get("level") == "error"]
    if errors:
        print(f"  semgrep: {len(errors)} errors (e.g. {errors[0].get('type')})", file=sys.stderr)
    return took, data.get("results", [])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--language", required=True)
    ap.add_argument("paths", nargs="+", type=Path)
    ap.add_argument("--semgrep-rules", type=Path)
    ap.add_argument("--sample", type=int, default=5, help="findings shown per armur rule (default 5)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--max-file-bytes", type=int, default=1_000_000)
    ap.add_argument("--json", type=Path, help="write armur's findings and the figures here")
    args = ap.parse_args()

    langs = FAMILY.get(args.language, (args.language,))
    files = collect(args.paths, langs, args.max_file_bytes)
    if not files:
        print(f"no {args.language} files under {', '.join(map(str, args.paths))}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="armur-pressure-") as tmp:
        tree = Path(tmp) / "tree"
        lines = 0
        for src, rel in files:
            dest = tree / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dest)
            lines += count_lines(dest)
        print(f"{args.language}: {len(files)} files, {lines:,} lines, jobs={args.jobs}")

        a_took, a_findings = run_armur(tree, Path(tmp) / "armur.json", args.jobs)
        rows = [("armur", a_took, len(a_findings))]
        s = None
        if args.semgrep_rules:
            s = run_semgrep(tree, args.semgrep_rules, Path(tmp) / "semgrep.json", args.jobs)
            if s is not None:
                rows.append((f"semgrep ({args.semgrep_rules.name})", s[0], len(s[1])))

        print(f"\n{'tool':34}{'seconds':>9}{'lines/s':>10}{'findings':>10}{'per 10k':>9}")
        for name, took, n in rows:
            print(f"{name:34}{took:9.2f}{lines / took:10,.0f}{n:10}{n * 10_000 / lines:9.2f}")

        by_rule: dict[str, list[dict]] = defaultdict(list)
        for f in a_findings:
            by_rule[f["rule_id"]].append(f)
        print("\narmur findings by rule (confidence counts):")
        for rid, fs in sorted(by_rule.items(), key=lambda kv: -len(kv[1])):
            conf = Counter(f["confidence"] for f in fs)
            print(f"  {rid:40}{len(fs):6}   {dict(conf)}")
        if s is not None and s[1]:
            sc = Counter(r["check_id"].rsplit(".", 1)[-1] for r in s[1])
            print("\nsemgrep findings by rule (top 15):")
            for rid, n in sc.most_common(15):
                print(f"  {rid:40}{n:6}")

        rng = random.Random(args.seed)
        print(f"\nsample of armur findings (up to {args.sample} per rule, seed {args.seed}):")
        for rid, fs in sorted(by_rule.items()):
            pick = fs if len(fs) <= args.sample else rng.sample(fs, args.sample)
            print(f"  {rid}")
            for f in sorted(pick, key=lambda f: (f["location"]["path"], f["location"]["start_line"])):
                loc = f["location"]
                path = loc["path"].split("/tree/", 1)[-1]
                print(f"    {path}:{loc['start_line']}  [{f['confidence']}]  {(f.get('snippet') or '').strip()[:110]}")

        if args.json:
            args.json.write_text(json.dumps({
                "language": args.language, "files": len(files), "lines": lines,
                "tools": [{"name": n, "seconds": t, "findings": k} for n, t, k in rows],
                "armur_findings": a_findings}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
