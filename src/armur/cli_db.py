"""`armur db`: manage the local advisory database used by the dependency scan.

Attach to the main CLI with ``from armur.cli_db import db; main.add_command(db)``.
Exit codes follow the CLI: 0 success, 2 error (one clear line on stderr).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import NoReturn

import click

from armur.analyzers.deps.model import ECOSYSTEMS
from armur.analyzers.deps.store import AdvisoryStore, ImportStats, StoreError

EXIT_ERROR = 2


def _fail(message: str) -> NoReturn:
    click.echo(f"armur: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


def _store(db_path: str | None) -> AdvisoryStore:
    return AdvisoryStore(Path(db_path)) if db_path else AdvisoryStore()


def _report(stats: ImportStats) -> None:
    click.echo(f"{stats.source}: {stats.advisories} advisories ({stats.affected} affected packages) from "
               f"{stats.files} files in {stats.seconds:.1f}s; {stats.skipped} skipped (not advisories or "
               f"withdrawn), {stats.error_count} unreadable")
    for err in stats.errors:
        click.echo(f"  unreadable: {err}", err=True)


def _age(seconds: float) -> str:
    if seconds < 120:
        return f"{int(seconds)}s"
    if seconds < 7200:
        return f"{int(seconds // 60)}m"
    if seconds < 172800:
        return f"{int(seconds // 3600)}h"
    return f"{int(seconds // 86400)}d"


@click.group(name="db")
@click.option("--db", "db_path", type=click.Path(dir_okay=False), default=None,
              help="Advisory database file (default: $ARMUR_DATA_DIR or the user data dir).")
@click.pass_context
def db(ctx: click.Context, db_path: str | None) -> None:
    """Advisory data for the dependency scan (offline import, online update, status)."""
    ctx.obj = _store(db_path)


@db.command(name="import")
@click.argument("directories", nargs=-1, required=True,
                type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.pass_obj
def import_cmd(store: AdvisoryStore, directories: tuple[Path, ...]) -> None:
    """Import OSV (JSON/YAML) and RustSec (Markdown) advisories from DIRECTORIES, recursively.

    Re-importing a directory replaces what was imported from it before.
    """
    for d in directories:
        try:
            stats = store.import_directory(d)
        except StoreError as e:
            _fail(str(e))
        _report(stats)
    click.echo(f"database: {store.path}")


@db.command()
@click.option("--ecosystem", "ecosystems", multiple=True, type=click.Choice(ECOSYSTEMS),
              help="Ecosystem to download (repeatable; default: all that armur scans).")
@click.option("--base-url", default=None, metavar="URL",
              help="Mirror of OSV's bucket (default: $ARMUR_OSV_URL or osv-vulnerabilities.storage.googleapis.com).")
@click.option("--timeout", default=60.0, show_default=True, help="Network timeout in seconds.")
@click.pass_obj
def update(store: AdvisoryStore, ecosystems: tuple[str, ...], base_url: str | None, timeout: float) -> None:
    """Download OSV's per-ecosystem archives and import them (needs network access)."""
    try:
        results = store.update(ecosystems or ECOSYSTEMS, base_url=base_url, timeout=timeout)
    except StoreError as e:
        _fail(str(e))
    for stats in results:
        _report(stats)
    click.echo(f"database: {store.path}")


@db.command()
@click.pass_obj
def status(store: AdvisoryStore) -> None:
    """Show the database location, imported sources with their ages, and advisory counts per ecosystem."""
    click.echo(f"database: {store.path}")
    try:
        sources = store.sources()
        counts = store.counts_by_ecosystem()
    except StoreError as e:
        _fail(str(e))
    if not sources:
        click.echo("no advisories imported: the dependency scan cannot run. "
                   "Use `armur db update` (online) or `armur db import DIR` (offline).")
        return
    now = time.time()
    click.echo("sources:")
    for s in sources:
        stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(s.imported_at))
        click.echo(f"  {s.name}: {s.advisories} advisories, imported {stamp} ({_age(now - s.imported_at)} ago)")
    click.echo("advisories per ecosystem:")
    for eco, n in counts.items():
        click.echo(f"  {eco}: {n}")
    missing = [e for e in ECOSYSTEMS if e not in counts]
    if missing:
        click.echo(f"no advisories for: {', '.join(missing)} (their dependencies are reported as unchecked)")
