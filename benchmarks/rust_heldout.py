"""Held-out score for armur's Rust rules on externally labelled test cases, per category, as Youden's J.

Usage: python benchmarks/rust_heldout.py PATH [--split dev|test|all] [--show N] [--trace CASE]

PATH holds one or more datasets laid out the way OWASP-style benchmarks are: a directory with an
`expectedresults.csv` (`name,category,isVulnerable,cwe[,...]`, `#` comments allowed) and a `testcode/`
directory with `<name>.rs` for every case. The datasets this was written for are the two Rust sets of
cogniumhq/sast-benchmarks (`datasets/rust-synthetic`, `datasets/cwe-bench-rust`); see docs/benchmarks.md
for how they were obtained. Nothing of them is kept in this repository.

Every case is scanned on its own (its file copied alone into a temporary directory, armur's SAST
analyzer, no cache, default confidence). A case counts as reported when armur gives at least one finding
of the armur rule mapped to the case's vulnerability class, which is decided by its CWE (never by file
or case names). Categories whose CWE armur has no rule for are listed as out of scope, with their case
counts, and left out of the average.

The split is fixed before any result is looked at: a case is in `dev` when zlib.crc32 of
"<dataset>/<name>" is even, in `test` when it is odd. Rules are tuned on dev only; test is the held-out
figure. Youden's J = TPR - FPR per category; the headline is the mean over in-scope categories.

The scoring itself lives in benchmarks/labelled_cases.py (shared with Go and JavaScript); this is
`labelled_cases.py PATH --language rust`. Datasets under PATH whose testcode/ holds no `.rs` file are
ignored.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from labelled_cases import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main("rust", __doc__.splitlines()[0]))
