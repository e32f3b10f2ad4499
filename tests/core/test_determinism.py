"""The same input gives the same report in every process.

Python salts string hashes per process (PYTHONHASHSEED), so anything that picks "the first" element of a
set can differ between two runs on the same code. The trace chosen to explain a finding must not: a
report that changes between runs churns baselines, SARIF uploads and reviews.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

# Two ways the same request value reaches the sink, through assignments on different lines: the traces
# are equally short and come from the same source, so only a total order can choose between them.
SOURCE = '''\
import os

from flask import request


def view():
    p = request.args["a"]
    if p.startswith("x"):
        p = request.args["a"][1:]
    os.system(p)
'''

PROGRAM = """
import json, sys
from armur import scan_source
report = scan_source("app.py", sys.stdin.read())
print(json.dumps([[f.rule_id, f.line, [[s.kind, s.location.start_line, s.note] for s in f.trace]]
                  for f in report.findings]))
"""


def _run(seed: int) -> list:
    env = {**os.environ, "PYTHONHASHSEED": str(seed)}
    out = subprocess.run([sys.executable, "-c", PROGRAM], input=SOURCE, capture_output=True, text=True,
                         env=env, check=True, timeout=120)
    return json.loads(out.stdout)


def test_trace_does_not_depend_on_hash_seed():
    reports = {seed: _run(seed) for seed in range(6)}
    first = reports[0]
    assert first and first[0][0] == "python.command-injection"
    for seed, report in reports.items():
        assert report == first, f"PYTHONHASHSEED={seed} gave {report}, seed 0 gave {first}"
