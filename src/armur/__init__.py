"""armur: a security scanner for code written by people and by AI assistants."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from armur.core.config import Config
    from armur.core.results import Report

__all__ = ["__version__", "scan", "scan_source"]


def scan(paths: list[str], config: Config | None = None, **kw: Any) -> Report:
    """Scan paths; see :func:`armur.api.scan`."""
    from armur.api import ScanOptions
    from armur.api import scan as _scan

    return _scan(paths, config, ScanOptions(**kw) if kw else None)


def scan_source(path: str, text: str, config: Config | None = None) -> Report:
    """Scan in-memory text as if it were `path`; see :func:`armur.api.scan_source`."""
    from armur.api import scan_source as _scan_source

    return _scan_source(path, text, config)
