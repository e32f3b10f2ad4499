"""Blind label audit of the test half of flawgarden's go-owasp-converted.

Usage: python benchmarks/go_label_audit.py PATH [--sample]

PATH is the export of go-owasp-converted (as for `benchmarks/go_heldout.py`, truth file PATH/truth.sarif).

The sample is drawn before any file is read: among the test-split cases (go_heldout's split) of the seven
categories armur has Go rules for, per category the first 6 cases labelled vulnerable and the first 6
labelled safe (all of them when fewer) in the order of `zlib.crc32(("audit:" + path).encode())`.
`--sample` prints that list.
"""

from __future__ import annotations

import argparse
import sys
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from go_heldout import load_truth, split_of  # noqa: E402

CATEGORIES = ("CWE-22", "CWE-78", "CWE-79", "CWE-89", "CWE-327", "CWE-328", "CWE-330")
PER_LABEL = 6


def audit_key(uri: str) -> int:
    return zlib.crc32(("audit:" + uri).encode("utf-8"))


def draw_sample(truth: Path) -> list[tuple[str, str, bool]]:
    """(file uri, CWE, labelled vulnerable) of the sampled test-split cases, by category then label."""
    cases = [(uri, cwe, vuln) for uri, cwe, vuln, _ in load_truth(truth)
             if cwe in CATEGORIES and split_of(uri) == "test"]
    sample = []
    for cwe in CATEGORIES:
        for vuln in (True, False):
            group = sorted((c for c in cases if c[1] == cwe and c[2] == vuln), key=lambda c: (audit_key(c[0]), c[0]))
            sample.extend(group[:PER_LABEL])
    return sample


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", type=Path)
    ap.add_argument("--sample", action="store_true", help="print the sampled cases and stop")
    args = ap.parse_args()
    truth = args.path / "truth.sarif"
    sample = draw_sample(truth)
    if args.sample:
        for uri, cwe, vuln in sample:
            print(f"{cwe:8} {'vulnerable' if vuln else 'safe':10} {uri}")
        print(f"{len(sample)} cases")
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
