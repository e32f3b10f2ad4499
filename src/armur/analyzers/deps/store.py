"""The local advisory store: a SQLite file of OSV advisories, filled offline or from OSV's archives.

Location: ``$ARMUR_DATA_DIR/advisories.sqlite3`` when that variable is set, else the user data
directory (``platformdirs.user_data_dir("armur")``). Each import replaces the advisories of its
source (a directory, or one OSV ecosystem archive) in one transaction.
"""

from __future__ import annotations

import io
import json
import os
import re
import sqlite3
import time
import tomllib
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs
import yaml  # type: ignore[import-untyped,unused-ignore]

from armur.analyzers.deps.model import ECOSYSTEMS, normalise_name
from armur.analyzers.deps.severity import advisory_severity
from armur.analyzers.deps.versions import BadVersion, requirements_to_events

DB_FILE = "advisories.sqlite3"
OSV_BASE_URL = "https://osv-vulnerabilities.storage.googleapis.com"
SCHEMA_VERSION = "1"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sources(
    name TEXT PRIMARY KEY, location TEXT NOT NULL, imported_at REAL NOT NULL, advisories INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS advisories(
    id TEXT PRIMARY KEY, source TEXT NOT NULL, aliases TEXT NOT NULL, summary TEXT NOT NULL,
    severity TEXT NOT NULL, informational TEXT NOT NULL, modified TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS affected(
    advisory_id TEXT NOT NULL, ecosystem TEXT NOT NULL, name TEXT NOT NULL,
    ranges TEXT NOT NULL, versions TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS affected_package ON affected(ecosystem, name);
CREATE INDEX IF NOT EXISTS affected_advisory ON affected(advisory_id);
CREATE INDEX IF NOT EXISTS advisories_source ON advisories(source);
"""


class StoreError(Exception):
    """The advisory store cannot be read or written, or an import/update failed."""


def data_dir() -> Path:
    """armur's data directory (honours ARMUR_DATA_DIR)."""
    env = os.environ.get("ARMUR_DATA_DIR")
    return Path(env) if env else Path(platformdirs.user_data_dir("armur"))


def default_db_path() -> Path:
    """Path of the advisory database."""
    return data_dir() / DB_FILE


@dataclass(frozen=True, slots=True)
class Advisory:
    """One advisory as imported: what the matcher needs, not the whole OSV record."""

    id: str
    aliases: tuple[str, ...]
    summary: str
    severity: str  # critical/high/medium/low, or "" when the source gives none
    informational: str  # RustSec "unmaintained"/"unsound"/"notice"; "" for vulnerabilities
    modified: str
    affected: tuple[tuple[str, str, str, str], ...]  # (ecosystem, name, ranges JSON, versions JSON)


@dataclass(slots=True)
class ImportStats:
    """Outcome of one import."""

    source: str
    files: int = 0
    advisories: int = 0
    affected: int = 0
    skipped: int = 0  # files that are not advisories (or are withdrawn)
    errors: list[str] = field(default_factory=list)  # unreadable advisories, first few with reasons
    error_count: int = 0
    seconds: float = 0.0


@dataclass(frozen=True, slots=True)
class SourceStatus:
    """One imported source, for `armur db status`."""

    name: str
    location: str
    imported_at: float
    advisories: int


@dataclass(frozen=True, slots=True)
class StoredAffected:
    """An affected-package row joined with its advisory."""

    advisory_id: str
    aliases: tuple[str, ...]
    summary: str
    severity: str
    informational: str
    ranges: list[dict[str, Any]]
    versions: list[str]


# --- parsing advisory files ------------------------------------------------------------------------

def _osv_ecosystem(raw: str) -> str:
    """OSV ecosystem without a release suffix (``Debian:11`` -> ``Debian``), in armur's spelling."""
    base = raw.split(":", 1)[0]
    for eco in ECOSYSTEMS:
        if base.lower() == eco.lower():
            return eco
    return base


def advisory_from_osv(record: Any) -> Advisory | None:
    """An Advisory from a parsed OSV record; None when it is not one or is withdrawn."""
    if not isinstance(record, dict) or not isinstance(record.get("id"), str):
        return None
    if record.get("withdrawn") or not isinstance(record.get("affected"), list):
        return None
    rows = []
    for aff in record["affected"]:
        if not isinstance(aff, dict):
            continue
        pkg = aff.get("package") or {}
        if not isinstance(pkg, dict) or not pkg.get("name") or not pkg.get("ecosystem"):
            continue
        eco = _osv_ecosystem(str(pkg["ecosystem"]))
        ranges = [r for r in aff.get("ranges") or [] if isinstance(r, dict)]
        versions = [str(v) for v in aff.get("versions") or []]
        rows.append((eco, normalise_name(eco, str(pkg["name"])), json.dumps(ranges), json.dumps(versions)))
    severity = advisory_severity(record.get("severity") or [], record.get("database_specific"))
    if not severity:
        for aff in record["affected"]:
            if isinstance(aff, dict):
                severity = advisory_severity(aff.get("severity") or [], aff.get("database_specific"))
                if severity:
                    break
    return Advisory(
        id=record["id"],
        aliases=tuple(str(a) for a in record.get("aliases") or []),
        summary=str(record.get("summary") or record.get("details") or "").strip().splitlines()[0][:200]
        if (record.get("summary") or record.get("details")) else "",
        severity=severity,
        informational="",
        modified=str(record.get("modified", "")),
        affected=tuple(rows),
    )


_TOML_FENCE = re.compile(r"\A\s*```toml\s*\n(?P<toml>.*?)\n```\s*\n?(?P<body>.*)\Z", re.DOTALL)


def advisory_from_rustsec(text: str) -> Advisory | None:
    """An Advisory from a RustSec Markdown file (TOML front matter in a fenced block).

    ``[versions] patched`` and ``unaffected`` are Cargo requirement lists; a version matching
    none of them is affected. They are converted to one OSV SEMVER range.
    """
    m = _TOML_FENCE.match(text)
    if not m:
        return None
    data = tomllib.loads(m.group("toml"))
    adv = data.get("advisory")
    if not isinstance(adv, dict) or "id" not in adv or "package" not in adv or adv.get("withdrawn"):
        return None
    versions = data.get("versions") or {}
    safe = [str(r) for r in (versions.get("patched") or []) + (versions.get("unaffected") or [])]
    try:
        events = requirements_to_events(safe)
    except BadVersion as e:
        raise StoreError(f"{adv['id']}: {e}") from None
    title = next((ln[2:].strip() for ln in m.group("body").splitlines() if ln.startswith("# ")), "")
    info = str(adv.get("informational") or "")
    severity = advisory_severity([], None, str(adv.get("cvss") or ""))
    name = normalise_name("crates.io", str(adv["package"]))
    ranges = [{"type": "SEMVER", "events": events}]
    return Advisory(
        id=str(adv["id"]),
        aliases=tuple(str(a) for a in adv.get("aliases") or []),
        summary=title[:200],
        severity=severity,
        informational=info,
        modified=str(adv.get("date", "")),
        affected=(("crates.io", name, json.dumps(ranges), "[]"),),
    )


_YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_advisory_file(name: str, data: bytes) -> Advisory | None:
    """Parse one advisory file by its name's extension; None when it is not an advisory."""
    lower = name.lower()
    if lower.endswith(".json"):
        return advisory_from_osv(json.loads(data))
    if lower.endswith((".yaml", ".yml")):
        return advisory_from_osv(yaml.load(data, Loader=_YAML_LOADER))  # noqa: S506 (safe loader)
    if lower.endswith(".md"):
        return advisory_from_rustsec(data.decode("utf-8"))
    return None


def _walk(directory: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for f in sorted(files):
            if f.lower().endswith((".json", ".yaml", ".yml", ".md")):
                yield Path(root) / f


# --- the store -------------------------------------------------------------------------------------

class AdvisoryStore:
    """The SQLite advisory database."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_db_path()

    def exists(self) -> bool:
        """Whether the database file exists."""
        return self.path.is_file()

    def _connect(self, create: bool) -> sqlite3.Connection:
        if create:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                raise StoreError(f"cannot create {self.path.parent}: {e.strerror or e}") from None
        elif not self.exists():
            raise StoreError(f"no advisory database at {self.path}")
        try:
            con = sqlite3.connect(self.path)
            con.executescript(_SCHEMA)
        except sqlite3.Error as e:
            raise StoreError(f"cannot open advisory database {self.path}: {e}") from None
        return con

    # import ---------------------------------------------------------------------------------------

    def import_directory(self, directory: Path) -> ImportStats:
        """Import every OSV (JSON/YAML) and RustSec (Markdown) advisory under `directory`, recursively."""
        if not directory.is_dir():
            raise StoreError(f"not a directory: {directory}")
        loc = str(directory.resolve())

        def files() -> Iterator[tuple[str, bytes]]:
            for p in _walk(directory):
                try:
                    yield str(p), p.read_bytes()
                except OSError as e:
                    yield str(p), f"\0{e.strerror}".encode()

        return self.import_files(f"dir:{loc}", loc, files())

    def import_files(self, source: str, location: str, files: Iterable[tuple[str, bytes]]) -> ImportStats:
        """Import (name, content) advisory files as `source`, replacing that source's previous import."""
        started = time.perf_counter()
        stats = ImportStats(source)
        advisories: list[Advisory] = []
        for name, data in files:
            stats.files += 1
            try:
                if data.startswith(b"\0"):
                    raise StoreError(data[1:].decode())
                adv = parse_advisory_file(name, data)
            except (StoreError, ValueError, yaml.YAMLError, tomllib.TOMLDecodeError, UnicodeDecodeError,
                    IndexError, AttributeError, TypeError) as e:
                stats.error_count += 1
                if len(stats.errors) < 10:
                    stats.errors.append(f"{name}: {type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}")
                continue
            if adv is None:
                stats.skipped += 1
                continue
            advisories.append(adv)
        self._write(source, location, advisories, stats)
        stats.seconds = time.perf_counter() - started
        return stats

    def _write(self, source: str, location: str, advisories: list[Advisory], stats: ImportStats) -> None:
        con = self._connect(create=True)
        try:
            with con:
                old = [r[0] for r in con.execute("SELECT id FROM advisories WHERE source = ?", (source,))]
                ids = old + [a.id for a in advisories]
                con.executemany("DELETE FROM affected WHERE advisory_id = ?", ((i,) for i in ids))
                con.execute("DELETE FROM advisories WHERE source = ?", (source,))
                con.executemany(
                    "INSERT OR REPLACE INTO advisories VALUES (?, ?, ?, ?, ?, ?, ?)",
                    ((a.id, source, json.dumps(a.aliases), a.summary, a.severity, a.informational, a.modified)
                     for a in advisories),
                )
                rows = [(a.id, *row) for a in advisories for row in a.affected]
                con.executemany("INSERT INTO affected VALUES (?, ?, ?, ?, ?)", rows)
                count = con.execute("SELECT COUNT(*) FROM advisories WHERE source = ?", (source,)).fetchone()[0]
                con.execute("INSERT OR REPLACE INTO sources VALUES (?, ?, ?, ?)",
                            (source, location, time.time(), count))
                con.execute("INSERT OR REPLACE INTO meta VALUES ('last_import', ?)", (repr(time.time()),))
                con.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
                stats.advisories = count
                stats.affected = len(rows)
        except sqlite3.Error as e:
            raise StoreError(f"cannot write advisory database {self.path}: {e}") from None
        finally:
            con.close()

    # update ---------------------------------------------------------------------------------------

    def update(self, ecosystems: Iterable[str] = ECOSYSTEMS, base_url: str | None = None,
               timeout: float = 60.0) -> list[ImportStats]:
        """Download OSV's ``<ECOSYSTEM>/all.zip`` archives and import each as source ``osv:<ECOSYSTEM>``.

        `base_url` defaults to ARMUR_OSV_URL or OSV's public bucket. Raises StoreError with a
        clear message when the network is unreachable.
        """
        base = (base_url or os.environ.get("ARMUR_OSV_URL") or OSV_BASE_URL).rstrip("/")
        out = []
        for eco in ecosystems:
            url = f"{base}/{urllib.parse.quote(eco)}/all.zip"
            try:
                with urllib.request.urlopen(url, timeout=timeout) as resp:  # noqa: S310 (https/http only)
                    payload = resp.read()
            except (urllib.error.URLError, OSError, ValueError) as e:
                reason = getattr(e, "reason", e)
                raise StoreError(
                    f"cannot download {url}: {reason}. `armur db update` needs network access; "
                    "offline, copy the advisory databases and run `armur db import DIR`"
                ) from None
            try:
                zf = zipfile.ZipFile(io.BytesIO(payload))
                files = ((n, zf.read(n)) for n in zf.namelist() if not n.endswith("/"))
                out.append(self.import_files(f"osv:{eco}", url, files))
            except zipfile.BadZipFile as e:
                raise StoreError(f"{url} is not a zip archive: {e}") from None
        return out

    # queries --------------------------------------------------------------------------------------

    def stamp(self) -> str:
        """The last-import stamp ('' when the database is missing or empty)."""
        if not self.exists():
            return ""
        con = self._connect(create=False)
        try:
            row = con.execute("SELECT value FROM meta WHERE key = 'last_import'").fetchone()
            return str(row[0]) if row else ""
        finally:
            con.close()

    def sources(self) -> list[SourceStatus]:
        """Imported sources, by name."""
        if not self.exists():
            return []
        con = self._connect(create=False)
        try:
            return [SourceStatus(*r) for r in con.execute("SELECT * FROM sources ORDER BY name")]
        finally:
            con.close()

    def counts_by_ecosystem(self) -> dict[str, int]:
        """Number of distinct advisories per ecosystem."""
        if not self.exists():
            return {}
        con = self._connect(create=False)
        try:
            q = "SELECT ecosystem, COUNT(DISTINCT advisory_id) FROM affected GROUP BY ecosystem ORDER BY ecosystem"
            return {e: n for e, n in con.execute(q)}
        finally:
            con.close()

    def lookup(self, packages: Iterable[tuple[str, str]]) -> dict[tuple[str, str], list[StoredAffected]]:
        """Affected entries for each (ecosystem, normalised name)."""
        wanted = sorted(set(packages))
        out: dict[tuple[str, str], list[StoredAffected]] = {k: [] for k in wanted}
        if not wanted or not self.exists():
            return out
        con = self._connect(create=False)
        try:
            q = ("SELECT f.ecosystem, f.name, a.id, a.aliases, a.summary, a.severity, a.informational, "
                 "f.ranges, f.versions FROM affected f JOIN advisories a ON a.id = f.advisory_id "
                 "WHERE f.ecosystem = ? AND f.name = ?")
            for key in wanted:
                for eco, name, aid, aliases, summary, sev, info, ranges, versions in con.execute(q, key):
                    out[(eco, name)].append(StoredAffected(aid, tuple(json.loads(aliases)), summary, sev, info,
                                                           json.loads(ranges), json.loads(versions)))
        except sqlite3.Error as e:
            raise StoreError(f"cannot read advisory database {self.path}: {e}") from None
        finally:
            con.close()
        return out
