"""`armur db import / update / status` through click's CliRunner (no network: update hits a closed local port)."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from armur.analyzers.deps.store import AdvisoryStore
from armur.cli_db import db

ADVISORIES = Path(__file__).parent / "fixtures" / "advisories"


def closed_port() -> int:
    """A 127.0.0.1 port with nothing listening on it."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = int(s.getsockname()[1])
    s.close()
    return port


def test_status_without_data_says_the_scan_cannot_run(data_dir: Path) -> None:
    out = CliRunner().invoke(db, ["status"])
    assert out.exit_code == 0
    assert str(data_dir / "advisories.sqlite3") in out.output
    assert "no advisories imported: the dependency scan cannot run" in out.output


def test_import_then_status(data_dir: Path) -> None:
    runner = CliRunner()
    out = runner.invoke(db, ["import", str(ADVISORIES)])
    assert out.exit_code == 0, out.output
    assert "8 advisories" in out.output and "3 skipped" in out.output  # withdrawn, index.json, README.md
    assert "0 unreadable" in out.output
    assert (data_dir / "advisories.sqlite3").is_file()
    counts = AdvisoryStore().counts_by_ecosystem()
    assert counts == {"Go": 1, "Packagist": 1, "PyPI": 3, "crates.io": 2, "npm": 1}
    # importing again replaces, it does not duplicate
    assert runner.invoke(db, ["import", str(ADVISORIES)]).exit_code == 0
    assert AdvisoryStore().counts_by_ecosystem() == counts
    out = runner.invoke(db, ["status"])
    assert out.exit_code == 0
    assert f"dir:{ADVISORIES.resolve()}: 8 advisories, imported" in out.output
    assert "  PyPI: 3" in out.output and "  crates.io: 2" in out.output


def test_import_separate_sources_and_explicit_db(tmp_path: Path) -> None:
    target = tmp_path / "custom.sqlite3"
    out = CliRunner().invoke(db, ["--db", str(target), "import", str(ADVISORIES / "rustsec"),
                                  str(ADVISORIES / "osv")])
    assert out.exit_code == 0, out.output
    store = AdvisoryStore(target)
    assert [s.advisories for s in store.sources()] == [3, 2]  # osv (3), rustsec (2); sorted by name
    out = CliRunner().invoke(db, ["--db", str(target), "status"])
    assert "no advisories for: PyPI" in out.output


def test_import_reports_unreadable_files(tmp_path: Path, data_dir: Path) -> None:
    (tmp_path / "bad.json").write_text("{broken")
    (tmp_path / "bad.yaml").write_text("id: [unclosed")
    (tmp_path / "RUSTSEC-X.md").write_text('```toml\n[advisory]\nid = "X"\npackage = "p"\n[versions]\n'
                                            'patched = ["not a version"]\n```\n')
    out = CliRunner().invoke(db, ["import", str(tmp_path)])
    assert out.exit_code == 0
    assert "3 unreadable" in out.output
    assert "bad.json" in out.output and "RUSTSEC-X.md" in out.output


def test_import_missing_directory_is_a_usage_error(tmp_path: Path) -> None:
    out = CliRunner().invoke(db, ["import", str(tmp_path / "nope")])
    assert out.exit_code == 2


def test_update_offline_fails_clearly(data_dir: Path) -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    out = CliRunner().invoke(db, ["update", "--ecosystem", "PyPI", "--base-url", url, "--timeout", "5"])
    assert out.exit_code == 2
    assert f"armur: error: cannot download {url}/PyPI/all.zip" in out.output
    assert "needs network access" in out.output and "armur db import DIR" in out.output
    assert AdvisoryStore().sources() == []


def test_update_url_from_environment(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"http://127.0.0.1:{closed_port()}/mirror"
    monkeypatch.setenv("ARMUR_OSV_URL", url)
    out = CliRunner().invoke(db, ["update", "--ecosystem", "crates.io", "--timeout", "5"])
    assert out.exit_code == 2
    assert f"{url}/crates.io/all.zip" in out.output


def test_update_imports_a_served_archive(data_dir: Path, tmp_path: Path) -> None:
    """A real HTTP server on 127.0.0.1 serving an OSV-style all.zip."""
    import http.server
    import threading
    import zipfile

    root = tmp_path / "bucket" / "npm"
    root.mkdir(parents=True)
    with zipfile.ZipFile(root / "all.zip", "w") as zf:
        zf.write(ADVISORIES / "osv" / "GHSA-test-npm.json", "GHSA-test-lodash.json")

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a: object, **kw: object) -> None:
            super().__init__(*a, directory=str(tmp_path / "bucket"), **kw)  # type: ignore[arg-type]

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        out = CliRunner().invoke(db, ["update", "--ecosystem", "npm", "--base-url", base])
    finally:
        server.shutdown()
        server.server_close()
    assert out.exit_code == 0, out.output
    assert "osv:npm: 1 advisories" in out.output
    assert AdvisoryStore().counts_by_ecosystem() == {"npm": 1}
