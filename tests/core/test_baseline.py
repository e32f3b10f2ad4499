"""Baselines and fingerprint stability, through the real scan and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from armur.cli import main
from armur.core.config import Config

from .util import FLAW, RULE, hits, run_scan, write


def cli(*args: str) -> tuple[int, str, str]:
    res = CliRunner().invoke(main, list(args))
    return res.exit_code, res.stdout, res.stderr


def fingerprints(**kw: str) -> list[str]:
    return [f.fingerprint for f in run_scan(**kw).findings if f.rule_id == RULE]


def test_fingerprint_is_stable_when_lines_are_inserted_above(project: Path) -> None:
    write("app.py", "import os\n\n" + FLAW)
    before = fingerprints()
    write("app.py", "import os\nimport sys\n\n\ndef helper():\n    return 1\n\n" + FLAW)
    after = run_scan()
    assert hits(after) == [("app.py", 8)]
    assert [f.fingerprint for f in after.findings] == before
    assert len(before[0]) == 32


def test_fingerprint_changes_when_the_flagged_code_changes(project: Path) -> None:
    write("app.py", FLAW)
    before = fingerprints()
    write("app.py", "eval(other_code)\n")
    assert fingerprints() != before


def test_identical_lines_get_distinct_fingerprints(project: Path) -> None:
    write("app.py", FLAW * 3)
    fps = fingerprints()
    assert len(fps) == 3 and len(set(fps)) == 3


def test_fingerprint_does_not_depend_on_the_working_directory(project: Path, monkeypatch: object) -> None:
    (project / ".git").mkdir()
    write("src/app.py", FLAW)
    from_top = fingerprints()
    import os

    os.chdir(project / "src")
    assert fingerprints() == from_top
    os.chdir(project.parent)
    assert [f.fingerprint for f in run_scan([str(project)]).findings] == from_top


def test_baseline_round_trip(project: Path) -> None:
    write("app.py", "import os\n" + FLAW)
    code, _, err = cli("baseline", "--output", "base.json", "--enable", RULE, ".")
    assert code == 0 and "recorded 1 findings in base.json" in err
    doc = json.loads(Path("base.json").read_text())
    assert doc["armur_baseline"] == 1 and doc["findings"][0]["rule_id"] == RULE

    # Unchanged: nothing to report.
    code, out, _ = cli("scan", "--baseline", "base.json", "--enable", RULE, "-f", "json", ".")
    assert code == 0 and json.loads(out)["findings"] == []

    # Unrelated lines above the old finding, and a new flaw: only the new one is reported.
    write("app.py", "import os\nimport sys\n\n# comment\n" + FLAW + "x = 1\nexec(payload)\n")
    code, out, _ = cli("scan", "--baseline", "base.json", "--enable", RULE, "-f", "json", ".")
    assert code == 1
    reported = json.loads(out)["findings"]
    assert [(f["location"]["path"], f["location"]["start_line"]) for f in reported] == [("app.py", 7)]

    report = run_scan(baseline="base.json")
    assert hits(report) == [("app.py", 7)] and report.baseline_filtered == 1


def test_baseline_errors_are_exit_2(project: Path) -> None:
    write("app.py", FLAW)
    write("bad.json", "{not json")
    write("other.json", '{"something": 1}')
    for path, needle in (("missing.json", "baseline file not found"), ("bad.json", "cannot read baseline"),
                         ("other.json", "is not an armur baseline")):
        code, _, err = cli("scan", "--baseline", path, ".")
        assert code == 2 and needle in err and err.count("\n") == 1, err


def test_baseline_cannot_be_written(project: Path) -> None:
    write("app.py", FLAW)
    code, _, err = cli("baseline", "--output", "no/such/dir/base.json", ".")
    assert code == 2 and err.startswith("armur: error: cannot write") and err.count("\n") == 1


def test_baseline_with_config_filters(project: Path) -> None:
    write("app.py", FLAW)
    cfg = Config(disable=(RULE,))
    assert run_scan(config=cfg).findings == ()
