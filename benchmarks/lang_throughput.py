#!/usr/bin/env python3
"""Throughput of armur's SAST per language next to Semgrep's, in one run.

usage: benchmarks/lang_throughput.py CONFIG.json [--jobs N]

CONFIG maps a language to the code to scan and the Semgrep rules to run on it:

    {"python":     {"paths": ["/work/bench/corpus/Django"], "semgrep": "/work/bench/semgrep-python-rules"},
     "javascript": {"paths": ["/work/bench/jsset"],         "semgrep": "/work/bench/semgrep-javascript-rules"},
     ...}

Each language is measured with benchmarks/lang_pressure.py (same files for both tools, copied into
one tree; see its docstring), one language after the other, so the tools never compete with each
other. The table gives lines per second for each tool, armur's speed relative to its own Python
speed in the same run (the issue's target: within 1.5x), and armur's speed relative to Semgrep's.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("config", type=Path)
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    config = json.loads(args.config.read_text())
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for lang, spec in config.items():
            out = Path(tmp) / f"{lang}.json"
            cmd = [sys.executable, str(HERE / "lang_pressure.py"), "--language", lang, *spec["paths"],
                   "--jobs", str(args.jobs), "--sample", "0", "--json", str(out)]
            if spec.get("semgrep"):
                cmd += ["--semgrep-rules", spec["semgrep"]]
            print(f"== {lang}", flush=True)
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
            data = json.loads(out.read_text())
            tools = {t["name"].split(" ")[0]: t for t in data["tools"]}
            rows.append((lang, data["lines"], tools["armur"], tools.get("semgrep")))
    base = next((r[1] / r[2]["seconds"] for r in rows if r[0] == "python"), None)
    print(f"\n{'language':12}{'lines':>11}{'armur s':>9}{'armur l/s':>11}{'vs Python':>11}"
          f"{'semgrep s':>11}{'semgrep l/s':>13}{'armur/semgrep':>15}")
    for lang, lines, a, s in rows:
        a_rate = lines / a["seconds"]
        s_rate = lines / s["seconds"] if s else None
        rel = f"{a_rate / base:.2f}x" if base else "-"
        print(f"{lang:12}{lines:11,}{a['seconds']:9.1f}{a_rate:11,.0f}{rel:>11}"
              f"{(s['seconds'] if s else 0):11.1f}{(s_rate or 0):13,.0f}"
              f"{(f'{a_rate / s_rate:.1f}x' if s_rate else '-'):>15}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
