"""Content-hash cache of per-file analysis results, under the user cache directory."""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

import platformdirs


def default_cache_dir() -> Path:
    """The user's cache directory for armur (honours ARMUR_CACHE_DIR)."""
    env = os.environ.get("ARMUR_CACHE_DIR")
    return Path(env) if env else Path(platformdirs.user_cache_dir("armur"))


class Cache:
    """A directory of pickled results keyed by a hash of (file content, path, armur version, rule set).

    Only armur writes here, under the user's own cache directory; entries that fail to load are
    treated as misses and rewritten.
    """

    def __init__(self, directory: Path, salt: str) -> None:
        self.dir = directory / "results"
        self.salt = salt
        self.enabled = True
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
        except OSError:
            self.enabled = False

    def key(self, content: bytes, analyzer: str, path: str = "") -> str:
        """Cache key for one file's content under one analyzer.

        The path the file is reported under is part of the key: results hold findings whose
        location names the file, so identical content at two paths must not share an entry.
        """
        h = hashlib.sha256()
        h.update(self.salt.encode())
        h.update(b"\0" + analyzer.encode() + b"\0" + path.encode("utf-8", "surrogateescape") + b"\0")
        h.update(content)
        return h.hexdigest()

    def _path(self, key: str) -> Path:
        return self.dir / key[:2] / key[2:]

    def get(self, key: str) -> Any:
        """Cached value or None."""
        if not self.enabled:
            return None
        try:
            with self._path(key).open("rb") as fh:
                return pickle.load(fh)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError):
            return None

    def put(self, key: str, value: Any) -> None:
        """Store a value atomically; failures only disable caching for that entry."""
        if not self.enabled:
            return
        target = self._path(key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, target)
        except (OSError, pickle.PicklingError, RecursionError):
            return
