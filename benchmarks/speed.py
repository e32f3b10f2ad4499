#!/usr/bin/env python3
"""Speed and scale of `armur scan` (SAST), with Bandit alongside when it is installed.

usage:
  benchmarks/speed.py cold PATH            cold scan (--no-cache) of PATH: armur vs Bandit, wall time
  benchmarks/speed.py warm PATH            warm re-scan after changing one file (a copy of PATH is used)
  benchmarks/speed.py replicate TREE [--copies 1,2,5,10]
                                           scans 1, 2, 5, 10 copies of one tree side by side: the same
                                           code at every size, so any growth beyond linear is the scanner's
  benchmarks/speed.py scale CORPUS [--steps 100000,250000,500000,1000000]
                                           scans growing subsets of CORPUS (a tree of real Python code),
                                           reporting wall time, lines/s and peak memory (RSS of armur and
                                           its workers) per step

CORPUS can be made from wheels of large PyPI packages: `pip download --no-deps sympy django ...`
then unzip each into its own folder under CORPUS. Each step takes the same fraction of every
package's files (in path order), so the mix of code is the same at every size. Nothing here is
committed. Bandit is looked up on PATH and in BENCH_VENV/bin (default /work/bench-venv/bin).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def armur_cmd() -> list[str]:
    exe = ROOT / ".venv" / "bin" / "armur"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "armur.cli"]


def bandit_cmd() -> list[str] | None:
    found = shutil.which("bandit")
    if not found:
        cand = Path(os.environ.get("BENCH_VENV", "/work/bench-venv")) / "bin" / "bandit"
        found = str(cand) if cand.exists() else None
    return [found] if found else None


def _tree_rss_kib(root: int) -> int:
    """Sum of VmRSS of a process and all its descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(d))
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        stack.extend(children.get(pid, []))
        try:
            with open(f"/proc/{pid}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            continue
    return total


def timed(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, int]:
    """Run a command; return (wall seconds, peak total RSS in MiB of the command and all its processes).

    The resident memory of the whole process tree (main process and workers together) is sampled
    every 0.1 s, so the figure is the peak of their sum, not of one process.
    """
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_rss_kib(proc.pid))
        time.sleep(0.1)
    return time.perf_counter() - t, peak // 1024


def count_lines(files: list[Path]) -> int:
    n = 0
    for f in files:
        try:
            with f.open("rb") as fh:
                n += sum(1 for _ in fh)
        except OSError:
            pass
    return n


def cold(path: Path) -> None:
    files = list(path.rglob("*.py"))
    print(f"{len(files)} Python files, {count_lines(files)} lines in {path}")
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "ARMUR_CACHE_DIR": cache}
        wall, mem = timed([*armur_cmd(), "scan", str(path), "--no-cache", "--analyzers", "sast", "--format", "json",
                           "--fail-on", "none", "--no-progress"], env)
        print(f"armur (cold, --no-cache):  {wall:6.2f} s   peak RSS {mem} MiB")
    b = bandit_cmd()
    if b:
        wall, mem = timed([*b, "-r", str(path), "-f", "json", "-q"])
        print(f"bandit:                    {wall:6.2f} s   peak RSS {mem} MiB")
    else:
        print("bandit: not installed, skipped")


def warm(path: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp, tempfile.TemporaryDirectory() as cache:
        copy = Path(tmp) / "tree"
        shutil.copytree(path, copy, ignore=shutil.ignore_patterns(".git"))
        env = {**os.environ, "ARMUR_CACHE_DIR": cache}
        base = [*armur_cmd(), "scan", str(copy), "--analyzers", "sast", "--format", "json", "--fail-on", "none",
                "--no-progress"]
        first, _ = timed(base, env)
        print(f"first scan (fills the cache):        {first:6.2f} s")
        again, _ = timed(base, env)
        print(f"re-scan, nothing changed:            {again:6.2f} s")
        target = sorted(copy.rglob("*.py"))[len(list(copy.rglob("*.py"))) // 2]
        with target.open("a", encoding="utf-8") as fh:
            fh.write("\n# touched by benchmarks/speed.py\n")
        changed, _ = timed(base, env)
        print(f"re-scan after changing one file:     {changed:6.2f} s   ({target.relative_to(copy)})")


def scale(corpus: Path, steps: list[int]) -> None:
    # Interleave the top-level folders (one per package) so that every step has the same mix of
    # code: each package contributes the same fraction of its files, in path order.
    by_top: dict[str, list[Path]] = {}
    for f in sorted(corpus.rglob("*.py")):
        by_top.setdefault(f.relative_to(corpus).parts[0], []).append(f)
    keyed = [((i + 0.5) / len(group), str(f), f) for group in by_top.values() for i, f in enumerate(group)]
    files = [f for _, _, f in sorted(keyed)]
    sizes = [(f, count_lines([f])) for f in files]
    total = sum(n for _, n in sizes)
    print(f"corpus: {len(files)} files, {total} lines")
    print(f"{'lines':>10} {'files':>7} {'wall s':>8} {'lines/s':>9} {'peak MiB':>9}")
    for step in steps:
        if step > total:
            print(f"{step:>10}  (corpus too small)")
            continue
        with tempfile.TemporaryDirectory() as tmp, tempfile.TemporaryDirectory() as cache:
            lst = Path(tmp) / "files"
            chosen: list[str] = []
            n = 0
            for f, k in sizes:
                if n >= step:
                    break
                chosen.append(str(f))
                n += k
            # Scan the chosen files by linking them into one tree (paths keep their package layout).
            tree = Path(tmp) / "tree"
            for f in chosen:
                rel = Path(f).relative_to(corpus)
                dest = tree / rel
                dest.parent.mkdir(parents=True, exist_ok=True)
                os.symlink(f, dest)
            lst.write_text("\n".join(chosen))
            env = {**os.environ, "ARMUR_CACHE_DIR": cache}
            wall, mem = timed([*armur_cmd(), "scan", str(tree), "--no-cache", "--analyzers", "sast", "--format",
                               "json", "--fail-on", "none", "--no-progress"], env)
            print(f"{n:>10} {len(chosen):>7} {wall:8.2f} {n / wall:9.0f} {mem:9d}")


def replicate(tree: Path, copies: list[int]) -> None:
    files = sorted(tree.rglob("*.py"))
    base = count_lines(files)
    print(f"tree: {len(files)} files, {base} lines")
    print(f"{'copies':>7} {'lines':>10} {'wall s':>8} {'lines/s':>9} {'peak MiB':>9}")
    for k in copies:
        with tempfile.TemporaryDirectory() as tmp, tempfile.TemporaryDirectory() as cache:
            root = Path(tmp) / "tree"
            for i in range(k):
                for f in files:
                    dest = root / f"copy{i}" / f.relative_to(tree)
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(f, dest)  # real copies: links to one file are scanned once
            env = {**os.environ, "ARMUR_CACHE_DIR": cache}
            wall, mem = timed([*armur_cmd(), "scan", str(root), "--no-cache", "--analyzers", "sast", "--format",
                               "json", "--fail-on", "none", "--no-progress"], env)
            print(f"{k:>7} {base * k:>10} {wall:8.2f} {base * k / wall:9.0f} {mem:9d}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("mode", choices=["cold", "warm", "scale", "replicate"])
    ap.add_argument("path", type=Path)
    ap.add_argument("--steps", default="100000,250000,500000,1000000")
    ap.add_argument("--copies", default="1,2,5,10")
    args = ap.parse_args()
    if args.mode == "cold":
        cold(args.path)
    elif args.mode == "warm":
        warm(args.path)
    elif args.mode == "replicate":
        replicate(args.path, [int(x) for x in args.copies.split(",")])
    else:
        scale(args.path, [int(x) for x in args.steps.split(",")])
    return 0


if __name__ == "__main__":
    sys.exit(main())
