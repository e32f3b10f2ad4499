"""Command-line interface. Thin: parses arguments, calls the API, picks a formatter.

Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 usage or runtime error.
"""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path
from typing import Any, NoReturn

import click

from armur import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
FORMAT_NAMES = ["text", "json", "sarif", "html", "markdown", "csv", "junit"]


def _fail(message: str, debug: bool) -> NoReturn:
    if debug:
        traceback.print_exc()
    click.echo(f"armur: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


def _run_guarded(debug: bool, fn: Any, *args: Any, **kw: Any) -> Any:
    """Call fn; turn known and unknown errors into one line on stderr and exit 2."""
    from armur.core.baseline import BaselineError
    from armur.core.config import ConfigError
    from armur.core.discovery import DiscoveryError
    from armur.core.gitdiff import DiffError
    from armur.analyzers.secrets.history import HistoryError

    try:
        return fn(*args, **kw)
    except (ConfigError, DiscoveryError, BaselineError, DiffError, HistoryError, ValueError) as e:
        _fail(str(e), debug)
    except KeyboardInterrupt:
        _fail("interrupted", debug)
    except Exception as e:  # noqa: BLE001  (a bug: still one clear line unless --debug)
        _fail(f"internal error: {type(e).__name__}: {e} (rerun with --debug for details)", debug)


class _Progress:
    """A progress bar on stderr, only when stderr is a terminal."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self._progress: Any = None
        self._task: Any = None

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self._progress is None:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            self._progress = Progress(
                TextColumn("scanning"), BarColumn(), MofNCompleteColumn(),
                console=Console(stderr=True), transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task("scan", total=total)
        self._progress.update(self._task, completed=done, total=total)

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()


class _ArmurGroup(click.Group):
    """A click group whose usage errors are one line on stderr (exit 2), like every other error."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        try:
            rv = super().main(*args, **kwargs)
        except click.exceptions.Exit as e:
            sys.exit(e.exit_code)
        except click.Abort:
            click.echo("armur: error: aborted", err=True)
            sys.exit(EXIT_ERROR)
        except BrokenPipeError:  # `armur scan | head`: the reader left; stop quietly
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(EXIT_ERROR)
        except click.ClickException as e:
            if type(e).__name__ == "NoArgsIsHelpError":  # bare `armur` (click >= 8.2): the help, as click does
                click.echo(e.format_message(), err=True)
                sys.exit(EXIT_ERROR)
            message = " ".join(e.format_message().split())
            ctx = getattr(e, "ctx", None)
            hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
            click.echo(f"armur: error: {message}{hint}", err=True)
            sys.exit(EXIT_ERROR if e.exit_code not in (0, 1) else e.exit_code)
        sys.exit(rv if isinstance(rv, int) else EXIT_OK)


@click.group(cls=_ArmurGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="armur")
def main() -> None:
    """armur: find security flaws in code written by people and by AI assistants."""


def _scan_options(fn: Any) -> Any:
    opts = [
        click.argument("paths", nargs=-1, type=str),
        click.option("--config", "config_path", help="Configuration file (.armur.toml or pyproject.toml)."),
        click.option("--include", multiple=True, help="Only scan files matching this glob (repeatable)."),
        click.option("--exclude", multiple=True, help="Skip files matching this glob (repeatable)."),
        click.option("--enable", multiple=True, help="Only run these rule ids or globs (repeatable)."),
        click.option("--disable", multiple=True, help="Do not run these rule ids or globs (repeatable)."),
        click.option("--analyzers", help="Comma-separated analyzers to run (default: all)."),
        click.option("--jobs", "-j", type=click.IntRange(min=0), help="Worker processes (default: all cores)."),
        click.option("--no-cache", is_flag=True, help="Do not read or write the result cache."),
        click.option("--cache-dir", help="Cache directory (default: the user cache dir)."),
        click.option("--max-file-size", type=click.IntRange(min=1), help="Skip files larger than this (bytes)."),
        click.option("--no-gitignore", is_flag=True, help="Do not honour .gitignore files."),
        click.option("--threat-model", type=click.Choice(["remote", "local"]),
                     help="Untrusted input: 'remote' (network requests, the default) or 'local' "
                          "(also command line, environment and standard input)."),
        click.option("--debug", is_flag=True, help="Show tracebacks on errors."),
    ]
    for o in reversed(opts):
        fn = o(fn)
    return fn


def _build_config(kw: dict[str, Any], fail_on: str | None = None) -> Any:
    from armur.core.config import load_config, parse_fail_on, parse_threat_model

    start = Path(kw["paths"][0]) if kw.get("paths") else None
    if start is not None and start.is_file():
        start = start.parent
    cfg = load_config(kw.get("config_path"), start if start is not None and start.is_dir() else None)
    over: dict[str, Any] = {}
    for key in ("include", "exclude", "enable", "disable"):
        if kw.get(key):
            over[key] = tuple(kw[key])
    if kw.get("analyzers"):
        over["analyzers"] = tuple(a.strip() for a in kw["analyzers"].split(",") if a.strip())
    if kw.get("jobs") is not None:
        over["jobs"] = kw["jobs"]
    if kw.get("max_file_size"):
        over["max_file_size"] = kw["max_file_size"]
    if kw.get("cache_dir"):
        over["cache_dir"] = kw["cache_dir"]
    if kw.get("no_cache"):
        over["use_cache"] = False
    if kw.get("no_gitignore"):
        over["respect_gitignore"] = False
    if kw.get("threat_model"):
        over["threat_model"] = parse_threat_model((kw["threat_model"],), "--threat-model")
    cfg = cfg.with_overrides(**over)
    if fail_on is not None:
        from dataclasses import replace

        try:
            cfg = replace(cfg, fail_on=parse_fail_on(fail_on))
        except ValueError as e:
            raise ValueError(f"--fail-on: {e}") from None
    return cfg


@main.command()
@_scan_options
@click.option("--format", "-f", "fmt", type=click.Choice(FORMAT_NAMES), default="text", show_default=True,
              help="Report format.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the report to FILE.")
@click.option("--fail-on", help="Exit 1 when a finding is at or above this severity (or 'none'). Default: low.")
@click.option("--baseline", "baseline", help="Report only findings whose fingerprint is not in this baseline.")
@click.option("--diff", "diff_ref", help="Report only findings on lines changed since this git ref.")
@click.option("--no-progress", is_flag=True, help="Never show the progress bar.")
@click.option("--history", "history", is_flag=False, flag_value="", default=None, metavar="[REV_RANGE]",
              help="Also scan git history for secrets and report the commit that introduced each.")
def scan(fmt: str, output: str | None, fail_on: str | None, baseline: str | None, diff_ref: str | None,
         no_progress: bool, history: str | None, **kw: Any) -> None:
    """Scan PATHS (default: the current directory) and print a report."""
    debug = bool(kw.get("debug"))
    paths = list(kw.get("paths") or ["."])
    kw["paths"] = paths
    config = _run_guarded(debug, _build_config, kw, fail_on)
    from armur.api import ScanOptions
    from armur.api import scan as api_scan
    from armur.report import render

    progress = _Progress(not no_progress)
    try:
        report = _run_guarded(debug, api_scan, paths, config,
                              ScanOptions(baseline=baseline, diff_ref=diff_ref, progress=progress, history=history))
    finally:
        progress.close()
    color = output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    text = _run_guarded(debug, render, report, fmt, color=color)
    if output:
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as e:
            _fail(f"cannot write {output}: {e.strerror}", debug)
        click.echo(f"armur: wrote {fmt} report to {output} ({len(report.findings)} findings)", err=True)
    else:
        click.echo(text, nl=not text.endswith("\n"))
    sys.exit(EXIT_FINDINGS if report.exceeds(config.fail_on) else EXIT_OK)


@main.command()
@_scan_options
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False), help="Baseline file to write.")
def baseline(output: str, **kw: Any) -> None:
    """Record the fingerprints of today's findings in PATHS, so later scans report only new ones."""
    debug = bool(kw.get("debug"))
    paths = list(kw.get("paths") or ["."])
    kw["paths"] = paths
    config = _run_guarded(debug, _build_config, kw)
    from armur.api import scan as api_scan
    from armur.core.baseline import write_baseline

    report = _run_guarded(debug, api_scan, paths, config)
    try:
        write_baseline(report.findings, output)
    except OSError as e:
        _fail(f"cannot write {output}: {e.strerror}", debug)
    click.echo(f"armur: recorded {len(report.findings)} findings in {output}", err=True)


@main.group(invoke_without_command=True)
@click.option("--language", "-l", help="Only rules for this language.")
@click.option("--cwe", help="Only rules mapped to this CWE (89 or CWE-89).")
@click.option("--severity", help="Only rules at or above this severity.")
@click.option("--analyzer", help="Only rules of this analyzer.")
@click.pass_context
def rules(ctx: click.Context, language: str | None, cwe: str | None, severity: str | None,
          analyzer: str | None) -> None:
    """List the rule catalogue (filter by language, CWE, severity)."""
    if ctx.invoked_subcommand is not None:
        return
    from armur.core.findings import Severity
    from armur.core.rules import load_all_rules

    registry = load_all_rules()
    cwe_id = None
    if cwe:
        digits = cwe.upper().removeprefix("CWE-")
        if not digits.isdigit():
            _fail(f"--cwe: not a CWE id: {cwe}", False)
        cwe_id = int(digits)
    sev = None
    if severity:
        try:
            sev = Severity.parse(severity)
        except ValueError as e:
            _fail(f"--severity: {e}", False)
    selected = registry.filter(language=language, cwe=cwe_id, severity=sev, analyzer=analyzer)
    width = max((len(r.id) for r in selected), default=10)
    for r in selected:
        cwes = ",".join(f"CWE-{c}" for c in r.cwe)
        click.echo(f"{r.id:<{width}}  {r.severity.value:<8}  {cwes:<16}  {r.title}")
    click.echo(f"{len(selected)} rules", err=True)


@rules.command("show")
@click.argument("rule_id")
def rules_show(rule_id: str) -> None:
    """Print the documentation of one rule."""
    from armur.core.rules import load_all_rules

    registry = load_all_rules()
    rule = registry.get(rule_id)
    if rule is None:
        close = [r.id for r in registry if rule_id.lower() in r.id.lower()]
        hint = f" (did you mean: {', '.join(close[:5])})" if close else ""
        _fail(f"unknown rule '{rule_id}'{hint}", False)
    click.echo(rule.markdown(), nl=False)


def _attach_db() -> None:
    from armur.cli_db import db

    main.add_command(db)


_attach_db()

if __name__ == "__main__":  # pragma: no cover
    main()
