"""Fixtures for the dependency analyzer tests: an isolated data dir and a store loaded with fixture advisories."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from armur.analyzers.deps.store import AdvisoryStore

FIXTURES = Path(__file__).parent / "fixtures"
ADVISORIES = FIXTURES / "advisories"
MANIFESTS = FIXTURES / "manifests"


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test gets its own ARMUR_DATA_DIR so the user's real database is never touched."""
    d = tmp_path / "data"
    monkeypatch.setenv("ARMUR_DATA_DIR", str(d))
    monkeypatch.delenv("ARMUR_OSV_URL", raising=False)
    yield d


@pytest.fixture
def loaded_store(data_dir: Path) -> AdvisoryStore:
    """The default store with every fixture advisory imported."""
    store = AdvisoryStore()
    stats = store.import_directory(ADVISORIES)
    assert stats.error_count == 0, stats.errors
    return store
