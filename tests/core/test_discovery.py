"""Discovery: .gitignore, config globs, default excludes, symlinks, bad paths."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from armur.core.config import Config, load_config
from armur.core.discovery import DiscoveryError, discover, looks_minified

from .util import hits, reasons, run_scan, write


def names(config: Config | None = None, paths: list[str] | None = None) -> list[str]:
    cands, _ = discover(paths or ["."], config or Config())
    return sorted(c.display for c in cands)


def test_gitignore_root_and_nested(project: Path) -> None:
    write(".gitignore", "*.log\nbuild/\n")
    write("a.py", "")
    write("x.log", "")
    write("build/gen.py", "")
    write("pkg/.gitignore", "secret_*.py\n!keep.log\n")
    write("pkg/secret_1.py", "")
    write("pkg/ok.py", "")
    write("pkg/keep.log", "")
    write("pkg/drop.log", "")
    write("other/secret_2.py", "")  # the nested rule applies only under pkg/
    assert names() == [".gitignore", "a.py", "other/secret_2.py", "pkg/.gitignore", "pkg/keep.log", "pkg/ok.py"]


def test_gitignore_can_be_turned_off(project: Path) -> None:
    write(".gitignore", "ignored.py\n")
    write("ignored.py", "")
    assert "ignored.py" not in names()
    assert "ignored.py" in names(Config(respect_gitignore=False))


def test_gitignore_of_repository_top_applies_when_scanning_a_subdirectory(project: Path) -> None:
    (project / ".git").mkdir()
    write(".gitignore", "generated/\n")
    write(".git/info/exclude", "local_*.py\n")
    write("src/generated/x.py", "")
    write("src/local_tmp.py", "")
    write("src/real.py", "")
    assert names(paths=["src"]) == ["src/real.py"]


def test_default_excluded_folders_and_minified_files(project: Path) -> None:
    for d in ("node_modules/lib", ".venv/lib", "dist", "venv", "__pycache__", "pkg.egg-info", "target"):
        write(f"{d}/x.py", "")
    write("app.min.js", "var a=1;")
    write("src/main.py", "")
    cands, skips = discover(["."], Config())
    assert [c.display for c in cands] == ["src/main.py"]
    assert [(s.path, s.reason) for s in skips] == [("app.min.js", "minified")]


def test_minified_content_heuristic() -> None:
    assert looks_minified("bundle.js", "var a=1;" * 1000)
    assert not looks_minified("app.js", "var a = 1;\n" * 1000)
    assert not looks_minified("data.py", "x=1;" * 2000)  # only JS/CSS


def test_config_include_and_exclude(project: Path) -> None:
    write("src/a.py", "")
    write("src/b.txt", "")
    write("tests/fixtures/bad.py", "")
    write("tests/test_a.py", "")
    cfg = Config(exclude=("tests/fixtures/",), include=("*.py",))
    assert names(cfg) == ["src/a.py", "tests/test_a.py"]


def test_config_globs_are_relative_to_the_config_file(project: Path) -> None:
    write(".armur.toml", 'exclude = ["tests/fixtures/**"]\n')
    write("tests/fixtures/bad.py", "")
    write("tests/test_a.py", "")
    cfg = load_config(start=project / "tests")
    # Scanning the subdirectory still honours the project-relative glob.
    assert names(cfg, ["tests"]) == ["tests/test_a.py"]


def test_explicit_files_honour_config_excludes(project: Path) -> None:
    """pre-commit passes file names; the configuration's excludes still apply to them."""
    write("vendor/lib.py", "")
    write("app.py", "")
    assert names(Config(exclude=("vendor/",)), ["vendor/lib.py", "app.py"]) == ["app.py"]
    assert names(Config(), ["vendor/lib.py"]) == ["vendor/lib.py"]


def test_symlink_loops_are_listed_skips(project: Path) -> None:
    write("good.py", "eval(code)\n")
    os.symlink("b", "a")
    os.symlink("a", "b")
    (project / "sub").mkdir()
    os.symlink("..", "sub/up")
    report = run_scan()
    r = reasons(report)
    assert r["a"] == "symlink-loop"
    assert r["b"] == "symlink-loop"
    assert r["sub/up"] == "symlink-loop"
    assert hits(report) == [("good.py", 1)]


def test_symlinked_directory_inside_root_is_scanned_once(project: Path) -> None:
    write("real/x.py", "eval(code)\n")
    os.symlink("real", "alias")
    report = run_scan()
    assert hits(report) == [("real/x.py", 1)]
    assert report.skipped == ()


def test_symlink_to_directory_outside_root_is_followed(tmp_path: Path, project: Path) -> None:
    write(tmp_path / "shared/lib.py", "eval(code)\n")
    os.symlink(tmp_path / "shared", "shared")
    assert hits(run_scan()) == [("shared/lib.py", 1)]


def test_explicit_symlink_loop_path_is_a_skip(project: Path) -> None:
    os.symlink("loop", "loop")
    report = run_scan(["loop"])
    assert reasons(report) == {"loop": "symlink-loop"}


def test_nonexistent_path_is_an_error(project: Path) -> None:
    with pytest.raises(DiscoveryError, match="path does not exist: nope"):
        discover(["nope"], Config())


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0,
                    reason="running as root: chmod 000 does not block reads (covered by the monkeypatched test)")
def test_unreadable_directory_is_an_error(project: Path) -> None:
    d = project / "locked"
    d.mkdir()
    d.chmod(0)
    try:
        with pytest.raises(DiscoveryError, match="cannot read directory: locked"):
            discover(["locked"], Config())
    finally:
        d.chmod(0o755)


def test_unreadable_directory_is_an_error_by_access_check(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (project / "locked").mkdir()
    import armur.core.discovery as disc

    monkeypatch.setattr(disc.os, "access", lambda *a, **k: False)
    with pytest.raises(DiscoveryError, match="cannot read directory: locked"):
        discover(["locked"], Config())


def test_unlistable_directory_is_an_error(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (project / "locked").mkdir()
    import armur.core.discovery as disc

    real = disc.os.scandir

    def scandir(path: object) -> object:
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr(disc.os, "scandir", scandir)
    with pytest.raises(DiscoveryError, match="cannot read directory: locked"):
        discover(["locked"], Config())


def test_unreadable_subdirectory_is_a_listed_skip(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write("ok.py", "eval(code)\n")
    (project / "sub").mkdir()
    import armur.core.discovery as disc

    real = disc.os.scandir

    def scandir(path: object) -> object:
        if str(path).endswith("sub"):
            raise PermissionError(13, "Permission denied")
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr(disc.os, "scandir", scandir)
    report = run_scan()
    assert reasons(report) == {"sub": "unreadable"}
    assert hits(report) == [("ok.py", 1)]
