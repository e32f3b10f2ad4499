"""The scan pipeline: bad input becomes listed skips, the cache, parallel workers, no execution."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import armur.api
from armur.core.cache import default_cache_dir
from armur.core.config import Config
from armur.core.discovery import Candidate

from .util import FLAW, hits, reasons, run_scan, write


def test_bad_inputs_are_listed_skips_and_the_rest_completes(project: Path) -> None:
    write("good.py", "import os\n" + FLAW)
    write("latin1.py", b"x = '\xe9\xff'\n")
    write("nul.py", b"x = 1\n\x00y = 2\n" + b"z = 3\n" * 20)
    write("blob.py", bytes(range(256)) * 8)
    with open("huge.py", "wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # sparse: instant to create
    write("deep.py", "x = " + "(" * 10000 + "1" + ")" * 10000 + "\n")
    os.symlink("loop_b.py", "loop_a.py")
    os.symlink("loop_a.py", "loop_b.py")
    report = run_scan()
    assert reasons(report) == {
        "blob.py": "binary",
        "deep.py": "too-deep",
        "huge.py": "too-large",
        "latin1.py": "undecodable",
        "loop_a.py": "symlink-loop",
        "loop_b.py": "symlink-loop",
        "nul.py": "nul-bytes",
    }
    assert hits(report) == [("good.py", 2)]
    assert report.summary()["skipped"] == 7
    detail = {s.path: s.detail for s in report.skipped}
    assert "2097152" in detail["huge.py"]


def test_size_limit_is_configurable(project: Path) -> None:
    write("a.py", FLAW + "# padding\n" * 20)
    assert reasons(run_scan(config=Config(max_file_size=50))) == {"a.py": "too-large"}
    assert hits(run_scan(config=Config(max_file_size=10_000))) == [("a.py", 1)]


def test_file_vanishing_between_discovery_and_reading(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write("good.py", FLAW)
    real = armur.api.discover

    def discover(paths: list[str], config: Config) -> tuple[list[Candidate], list[armur.api.Skip]]:
        cands, skips = real(paths, config)
        return [*cands, Candidate(str(Path("gone.py").absolute()), "gone.py")], skips

    monkeypatch.setattr(armur.api, "discover", discover)
    report = run_scan()
    assert reasons(report) == {"gone.py": "vanished"}
    assert hits(report) == [("good.py", 1)]


def test_file_deleted_after_discovery(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write("good.py", FLAW)
    write("doomed.py", FLAW)
    real = armur.api.discover

    def discover(paths: list[str], config: Config) -> tuple[list[Candidate], list[armur.api.Skip]]:
        out = real(paths, config)
        os.unlink("doomed.py")
        return out

    monkeypatch.setattr(armur.api, "discover", discover)
    report = run_scan()
    assert reasons(report) == {"doomed.py": "vanished"}
    assert hits(report) == [("good.py", 1)]


def test_unreadable_file_is_a_listed_skip(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write("good.py", FLAW)
    write("locked.py", FLAW)
    real_open = open

    def fake_open(file: object, *a: object, **k: object) -> object:
        if str(file).endswith("locked.py"):
            raise PermissionError(13, "Permission denied")
        return real_open(file, *a, **k)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", fake_open)
    report = run_scan()
    assert reasons(report) == {"locked.py": "unreadable"}
    assert hits(report) == [("good.py", 1)]


def test_analyzer_crash_is_a_listed_skip(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write("good.py", FLAW)
    write("boom.py", FLAW)
    from armur.analyzers.sast import SastAnalyzer

    real = SastAnalyzer.analyze

    def analyze(self: SastAnalyzer, src: armur.api.SourceFile) -> armur.api.FileResult:
        if src.display == "boom.py":
            raise RuntimeError("kaboom")
        return real(self, src)

    monkeypatch.setattr(SastAnalyzer, "analyze", analyze)
    report = run_scan(config=Config(analyzers=("sast",)))
    assert reasons(report) == {"boom.py": "analyzer-error"}
    assert "kaboom" in report.skipped[0].detail
    assert hits(report) == [("good.py", 1)]


def test_scanned_code_is_never_imported_or_executed(project: Path, tmp_path: Path) -> None:
    marker = tmp_path / "MARKER"
    payload = f"open({str(marker)!r}, 'w').write('ran')\n"
    write("evil.py", payload + "eval(code)\n")
    write("conftest.py", payload)
    write("setup.py", payload)
    write("pkg/__init__.py", payload)
    write("pkg/__main__.py", payload)
    report = run_scan()
    assert hits(report) == [("evil.py", 2)]
    assert not marker.exists()


def test_second_scan_is_served_from_cache_and_changes_are_reanalysed(project: Path, _isolated_cache: Path) -> None:
    write("a.py", FLAW)
    write("b.py", "x = 1\n")
    cfg = Config(analyzers=("sast",))
    first = run_scan(config=cfg)
    assert first.cache_hits == 0
    assert hits(first) == [("a.py", 1)]
    assert default_cache_dir() == _isolated_cache
    assert any((_isolated_cache / "results").rglob("*"))

    second = run_scan(config=cfg)
    assert second.cache_hits == 2
    assert hits(second) == hits(first)
    assert [f.fingerprint for f in second.findings] == [f.fingerprint for f in first.findings]

    write("b.py", "x = 1\n" + FLAW)
    third = run_scan(config=cfg)
    assert third.cache_hits == 1  # a.py from the cache, b.py analysed again
    assert hits(third) == [("a.py", 1), ("b.py", 2)]


def test_no_cache_neither_reads_nor_writes(project: Path, _isolated_cache: Path) -> None:
    write("a.py", FLAW)
    cfg = Config(use_cache=False)
    assert run_scan(config=cfg).cache_hits == 0
    assert not any((_isolated_cache / "results").rglob("*"))
    assert run_scan(config=cfg).cache_hits == 0


def test_cache_dir_option_and_rule_set_in_key(project: Path, tmp_path: Path) -> None:
    write("a.py", FLAW)
    cfg = Config(cache_dir=str(tmp_path / "elsewhere"), analyzers=("sast",))
    run_scan(config=cfg)
    assert any((tmp_path / "elsewhere" / "results").rglob("*"))
    assert run_scan(config=cfg).cache_hits == 1


def test_cache_key_covers_content_path_analyzer_and_salt(tmp_path: Path) -> None:
    c = armur.api.Cache(tmp_path, "v1:rules-a")
    base = c.key(b"x = 1", "sast", "a.py")
    assert base == c.key(b"x = 1", "sast", "a.py")
    assert base != c.key(b"x = 2", "sast", "a.py")
    assert base != c.key(b"x = 1", "secrets", "a.py")
    assert base != c.key(b"x = 1", "sast", "b.py")
    assert base != armur.api.Cache(tmp_path, "v1:rules-b").key(b"x = 1", "sast", "a.py")


def test_identical_content_at_two_paths_keeps_each_path(project: Path) -> None:
    """Regression: the cache key used to ignore the path, so a copy reported the original's path."""
    write("one/a.py", FLAW)
    write("two/a.py", FLAW)
    assert hits(run_scan()) == [("one/a.py", 1), ("two/a.py", 1)]
    assert hits(run_scan()) == [("one/a.py", 1), ("two/a.py", 1)]


def test_corrupt_cache_entries_are_misses(project: Path, _isolated_cache: Path) -> None:
    write("a.py", FLAW)
    cfg = Config(analyzers=("sast",))
    run_scan(config=cfg)
    for entry in (_isolated_cache / "results").rglob("*"):
        if entry.is_file():
            entry.write_bytes(b"not a pickle")
    report = run_scan(config=cfg)
    assert report.cache_hits == 0
    assert hits(report) == [("a.py", 1)]


def test_parallel_scan_matches_serial(project: Path) -> None:
    for i in range(12):
        write(f"m{i:02}.py", "x = 1\n" * i + FLAW)
    serial = run_scan(config=Config(jobs=1, use_cache=False))
    parallel = run_scan(config=Config(jobs=3, use_cache=False))
    assert hits(parallel) == hits(serial) == [(f"m{i:02}.py", i + 1) for i in range(12)]
    assert [f.fingerprint for f in parallel.findings] == [f.fingerprint for f in serial.findings]
    assert parallel.files_scanned == 12


def test_scan_source_reads_nothing_from_disk(project: Path) -> None:
    report = armur.api.scan_source("virtual.py", FLAW, Config(enable=("python.eval-dynamic",)))
    assert hits(report) == [("virtual.py", 1)]
    assert not Path("virtual.py").exists()


def test_worker_process_crash_loses_only_that_file(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for i in range(10):
        write(f"m{i}.py", FLAW)
    from armur.analyzers.sast import SastAnalyzer

    real = SastAnalyzer.analyze

    def analyze(self: SastAnalyzer, src: armur.api.SourceFile) -> armur.api.FileResult:
        if src.display == "m3.py":
            os._exit(70)  # as if native code crashed the worker
        return real(self, src)

    monkeypatch.setattr(SastAnalyzer, "analyze", analyze)
    report = run_scan(config=Config(jobs=2, use_cache=False, analyzers=("sast",)))
    assert reasons(report) == {"m3.py": "analyzer-error"}
    assert hits(report) == [(f"m{i}.py", 1) for i in range(10) if i != 3]
