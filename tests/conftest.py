"""Shared fixtures: every test gets its own armur cache directory, never the user's real one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point ARMUR_CACHE_DIR at a fresh temporary directory for each test."""
    cache = tmp_path_factory.mktemp("armur-cache")
    monkeypatch.setenv("ARMUR_CACHE_DIR", str(cache))
    monkeypatch.delenv("NO_COLOR", raising=False)
    yield cache


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty project directory that is also the working directory (display paths are relative to it)."""
    root = tmp_path / "proj"
    root.mkdir()
    monkeypatch.chdir(root)
    return root
