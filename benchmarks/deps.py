"""Benchmark of the dependency analyzer (``deps``) against an external advisory set.

Usage::

    .venv/bin/python benchmarks/deps.py /work/shared/datasets/advisories \
        [--pip-audit /work/bench-venv/bin/pip-audit]

ADVISORIES is a directory holding copies of advisory databases (for instance ``pypa/`` from
pypa/advisory-database, ``go/`` from golang/vulndb, ``rustsec/`` from rustsec/advisory-db); it is
never committed. The script, in a temporary ARMUR_DATA_DIR:

1. imports the whole directory with the same code as ``armur db import`` and times it;
2. scans hand-pinned manifests (written below) whose expected advisories were worked out by hand
   from those databases, and reports recall and any extra matches;
3. scans "every package" manifests (each package named by the advisories, pinned at 1.0.0);
4. scans generated 2,000-package lockfiles (poetry.lock and Cargo.lock) and checks it takes < 1 s;
5. runs pip-audit on the same Python pins, if given, and records what happens (it queries
   api.osv.dev, so it cannot run offline).

It prints a Markdown section with the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# ---- hand-pinned manifests and the advisories expected in them ------------------------------------
# Expectations were derived by reading each advisory's ranges, not by running armur.

REQUIREMENTS = """\
requests==2.19.0
urllib3==1.24.1
PyYAML==5.3.1
Jinja2==2.10
flask==2.3.0
"""

PYPROJECT = """\
[project]
name = "negative"
version = "0"
dependencies = ["flask==2.2.5", "requests==2.31.0"]
"""

GO_MOD = """\
module example.com/bench

go 1.21

require (
\tgolang.org/x/text v0.3.7
\tgolang.org/x/crypto v0.0.0-20201203163018-be400aefbc4c
\tgithub.com/docker/docker v20.10.7+incompatible
\tgithub.com/gin-gonic/gin v1.7.0
)
"""

CARGO_LOCK = """\
version = 3

[[package]]
name = "smallvec"
version = "0.6.9"
source = "registry+https://github.com/rust-lang/crates.io-index"

[[package]]
name = "time"
version = "0.1.44"
source = "registry+https://github.com/rust-lang/crates.io-index"

[[package]]
name = "time"
version = "0.2.3"
source = "registry+https://github.com/rust-lang/crates.io-index"

[[package]]
name = "tokio"
version = "1.8.1"
source = "registry+https://github.com/rust-lang/crates.io-index"

[[package]]
name = "hyper"
version = "0.13.10"
source = "registry+https://github.com/rust-lang/crates.io-index"
"""

_CRYPTO = ["GO-2021-0227", "GO-2021-0356", "GO-2022-0968", "GO-2023-2402", "GO-2024-2961", "GO-2024-3321",
           "GO-2025-3487", "GO-2025-4116", "GO-2025-4134", "GO-2025-4135", "GO-2026-5005", "GO-2026-5006",
           "GO-2026-5013", "GO-2026-5014", "GO-2026-5015", "GO-2026-5016", "GO-2026-5017", "GO-2026-5018",
           "GO-2026-5019", "GO-2026-5020", "GO-2026-5021", "GO-2026-5023", "GO-2026-5033", "GO-2026-5932"]
_DOCKER = ["GO-2022-0390", "GO-2022-0985", "GO-2022-1107", "GO-2023-1699", "GO-2023-1700", "GO-2023-1701",
           "GO-2024-2500", "GO-2024-2512", "GO-2024-2913", "GO-2024-2914", "GO-2024-3005", "GO-2025-3829",
           "GO-2026-4883", "GO-2026-4887", "GO-2026-5617", "GO-2026-5668", "GO-2026-5746"]

EXPECTED: dict[tuple[str, str, str], set[str]] = {
    ("requirements.txt", "requests", "2.19.0"): {"PYSEC-2018-28", "PYSEC-2023-74"},
    ("requirements.txt", "urllib3", "1.24.1"): {"PYSEC-2019-132", "PYSEC-2019-133", "PYSEC-2020-148",
                                                "PYSEC-2021-108", "PYSEC-2023-192", "PYSEC-2023-207",
                                                "PYSEC-2023-212"},
    ("requirements.txt", "pyyaml", "5.3.1"): {"PYSEC-2021-142"},  # PYSEC-2020-96 is fixed in 5.3.1
    ("requirements.txt", "jinja2", "2.10"): {"PYSEC-2019-217", "PYSEC-2021-66"},
    ("requirements.txt", "flask", "2.3.0"): {"PYSEC-2023-62"},
    ("pyproject.toml", "flask", "2.2.5"): set(),
    ("pyproject.toml", "requests", "2.31.0"): set(),
    ("go.mod", "golang.org/x/text", "v0.3.7"): {"GO-2022-1059", "GO-2026-5970"},  # GO-2021-0113 fixed in 0.3.7
    ("go.mod", "golang.org/x/crypto", "v0.0.0-20201203163018-be400aefbc4c"): set(_CRYPTO),
    ("go.mod", "github.com/docker/docker", "v20.10.7+incompatible"): set(_DOCKER),
    ("go.mod", "github.com/gin-gonic/gin", "v1.7.0"): {"GO-2021-0052", "GO-2023-1737"},
    ("Cargo.lock", "smallvec", "0.6.9"): {"RUSTSEC-2018-0018", "RUSTSEC-2019-0009", "RUSTSEC-2019-0012",
                                          "RUSTSEC-2021-0003"},
    ("Cargo.lock", "time", "0.1.44"): {"RUSTSEC-2020-0071"},
    ("Cargo.lock", "time", "0.2.3"): set(),  # listed as unaffected (=0.2.3)
    ("Cargo.lock", "tokio", "1.8.1"): {"RUSTSEC-2021-0124", "RUSTSEC-2023-0001", "RUSTSEC-2023-0005",
                                       "RUSTSEC-2025-0023"},  # RUSTSEC-2021-0072 patched in 1.8.1
    ("Cargo.lock", "hyper", "0.13.10"): {"RUSTSEC-2021-0078", "RUSTSEC-2021-0079", "RUSTSEC-2022-0022"},
}


def _scan(analyzer: object, files: dict[str, Path]) -> tuple[list[object], float]:
    """analyze() + finish() over manifests on disk; returns (findings, seconds)."""
    from armur.analyzers.deps import DepsAnalyzer
    from armur.core.analyzer import SourceFile

    assert isinstance(analyzer, DepsAnalyzer)
    t = time.perf_counter()
    results = {}
    for display, path in files.items():
        results[display] = analyzer.analyze(SourceFile(str(path), display, path.read_text()))
    findings = analyzer.finish(results)
    return list(findings), time.perf_counter() - t


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the Markdown figures."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("advisories", type=Path, help="directory of advisory databases (pypa/, go/, rustsec/ ...)")
    ap.add_argument("--pip-audit", default="", help="pip-audit executable (in a separate venv) to compare with")
    args = ap.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="armur-deps-bench-"))
    os.environ["ARMUR_DATA_DIR"] = str(work / "data")
    from armur.analyzers.deps import DepsAnalyzer
    from armur.analyzers.deps.store import AdvisoryStore
    from armur.core.findings import Finding

    out: list[str] = []
    store = AdvisoryStore()

    # 1. import
    t = time.perf_counter()
    stats = store.import_directory(args.advisories)
    import_s = time.perf_counter() - t
    counts = store.counts_by_ecosystem()
    out.append(f"- import of `{args.advisories}`: {stats.files} files, {stats.advisories} advisories "
               f"({stats.affected} affected-package rows), {stats.skipped} skipped (withdrawn or not advisories), "
               f"{stats.error_count} unreadable, **{import_s:.2f} s** "
               f"(per ecosystem: {', '.join(f'{k} {v}' for k, v in counts.items())})")

    # 2. hand-pinned manifests
    hand = work / "hand"
    hand.mkdir()
    for name, text in (("requirements.txt", REQUIREMENTS), ("pyproject.toml", PYPROJECT), ("go.mod", GO_MOD),
                       ("Cargo.lock", CARGO_LOCK)):
        (hand / name).write_text(text)
    files = {name: hand / name for name in ("requirements.txt", "pyproject.toml", "go.mod", "Cargo.lock")}
    findings, hand_s = _scan(DepsAnalyzer(), files)
    got: dict[tuple[str, str, str], set[str]] = {}
    for f in findings:
        assert isinstance(f, Finding)
        md = dict(f.metadata)
        if f.rule_id == "deps.vulnerable-dependency":
            got.setdefault((f.path, md["package"], md["version"]), set()).update(md["advisories"].split(","))
    expected_n = sum(len(v) for v in EXPECTED.values())
    found_n = sum(len(v & got.get(k, set())) for k, v in EXPECTED.items())
    extra = {k: sorted(v - EXPECTED.get(k, set())) for k, v in got.items() if v - EXPECTED.get(k, set())}
    missed = {k: sorted(v - got.get(k, set())) for k, v in EXPECTED.items() if v - got.get(k, set())}
    out.append(f"- hand-pinned manifests ({len(EXPECTED)} pins in requirements.txt, pyproject.toml, go.mod, "
               f"Cargo.lock): **{found_n}/{expected_n}** expected advisories found, "
               f"{sum(len(v) for v in extra.values())} unexpected, {hand_s * 1000:.0f} ms")
    for k, v in sorted(missed.items()):
        out.append(f"  - missed {k}: {', '.join(v)}")
    for k, v in sorted(extra.items()):
        out.append(f"  - unexpected {k}: {', '.join(v)}")

    # 3. every package named by the advisories, pinned at 1.0.0
    import sqlite3

    con = sqlite3.connect(store.path)
    names: dict[str, list[str]] = {}
    for eco, name in con.execute("SELECT DISTINCT ecosystem, name FROM affected ORDER BY ecosystem, name"):
        names.setdefault(eco, []).append(name)
    con.close()
    every = work / "every"
    every.mkdir()
    every_files: dict[str, Path] = {}
    if names.get("PyPI"):
        (every / "requirements.txt").write_text("".join(f"{n}==1.0.0\n" for n in names["PyPI"]))
        every_files["every/requirements.txt"] = every / "requirements.txt"
    if names.get("Go"):
        body = "".join(f"\t{n} v1.0.0\n" for n in names["Go"] if " " not in n)
        (every / "go.mod").write_text(f"module example.com/every\n\nrequire (\n{body})\n")
        every_files["every/go.mod"] = every / "go.mod"
    if names.get("crates.io"):
        (every / "Cargo.lock").write_text("".join(
            f'[[package]]\nname = "{n}"\nversion = "1.0.0"\nsource = "registry+x"\n\n' for n in names["crates.io"]))
        every_files["every/Cargo.lock"] = every / "Cargo.lock"
    findings, every_s = _scan(DepsAnalyzer(), every_files)
    n_pkgs = sum(len(v) for k, v in names.items() if k in ("PyPI", "Go", "crates.io"))
    vuln = [f for f in findings if isinstance(f, Finding) and f.rule_id == "deps.vulnerable-dependency"]
    n_adv = sum(len(dict(f.metadata)["advisories"].split(",")) for f in vuln)
    out.append(f"- every package named by the advisories, pinned at 1.0.0 ({n_pkgs} packages in 3 manifests): "
               f"{len(vuln)} vulnerable packages ({n_adv} advisory matches) in **{every_s:.2f} s**")

    # 4. generated 2,000-package lockfiles
    gen = work / "gen"
    gen.mkdir()
    py_names = (names.get("PyPI", []) + [f"generated-package-{i}" for i in range(2000)])[:2000]
    (gen / "poetry.lock").write_text("".join(
        f'[[package]]\nname = "{n}"\nversion = "1.{i % 7}.{i % 13}"\ndescription = ""\noptional = false\n\n'
        for i, n in enumerate(py_names)) + '[metadata]\nlock-version = "2.0"\n')
    rs_names = (names.get("crates.io", []) + [f"generated_crate_{i}" for i in range(2000)])[:2000]
    (gen / "Cargo.lock").write_text("version = 3\n\n" + "".join(
        f'[[package]]\nname = "{n}"\nversion = "0.{i % 9}.{i % 5}"\nsource = "registry+x"\n\n'
        for i, n in enumerate(rs_names)))
    for name in ("poetry.lock", "Cargo.lock"):
        findings, gen_s = _scan(DepsAnalyzer(), {f"gen/{name}": gen / name})
        n_vuln = sum(1 for f in findings if isinstance(f, Finding) and f.rule_id == "deps.vulnerable-dependency")
        n_adv = sum(len(dict(f.metadata)["advisories"].split(",")) for f in findings
                    if isinstance(f, Finding) and f.rule_id == "deps.vulnerable-dependency")
        verdict = "under" if gen_s < 1.0 else "OVER"
        out.append(f"- generated 2,000-package {name} (analyze + match): {n_vuln} vulnerable packages "
                   f"({n_adv} advisory matches) in "
                   f"**{gen_s * 1000:.0f} ms** ({verdict} the 1 s target)")
    # the same through the public API (discovery, read, cache off)
    from armur.api import scan
    from armur.core.config import Config

    t = time.perf_counter()
    report = scan([str(gen)], Config(analyzers=("deps",), use_cache=False))
    api_s = time.perf_counter() - t
    out.append(f"- `armur.scan` of both generated lockfiles (4,000 packages, cache off): "
               f"{len(report.findings)} findings in **{api_s * 1000:.0f} ms**")

    # 5. pip-audit on the same Python pins
    if args.pip_audit:
        cmd = [args.pip_audit, "-r", str(hand / "requirements.txt"), "--no-deps", "--disable-pip",
               "--vulnerability-service", "osv", "-f", "json", "--timeout", "10"]
        t = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300, check=False)
        pa_s = time.perf_counter() - t
        if proc.returncode in (0, 1) and proc.stdout.strip().startswith("{"):
            data = json.loads(proc.stdout)
            ids = {v["id"] for d in data.get("dependencies", []) for v in d.get("vulns", [])}
            py_expected = set().union(*(v for k, v in EXPECTED.items() if k[0] == "requirements.txt"))
            out.append(f"- pip-audit (`{shlex.join(cmd)}`): {len(ids)} advisories, "
                       f"{len(ids & py_expected)}/{len(py_expected)} expected, {pa_s:.2f} s")
        else:
            last = (proc.stderr.strip().splitlines() or ["(no output)"])[-1][:200]
            out.append(f"- pip-audit (`{shlex.join(cmd)}`): **could not run offline** — exit {proc.returncode} "
                       f"after {pa_s:.1f} s: `{last}`")
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
