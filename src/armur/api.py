"""The Python API: `scan(paths, config) -> Report` and `scan_source(path, text)`.

The CLI is a thin layer over these functions.
"""

from __future__ import annotations

import errno
import hashlib
import os
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from pathlib import Path

from armur import __version__
from armur.analyzers import all_analyzers
from armur.core.analyzer import Analyzer, FileResult, SourceFile
from armur.core.baseline import read_baseline
from armur.core.cache import Cache, default_cache_dir
from armur.core.config import Config
from armur.core.discovery import Candidate, discover, display_path, looks_minified, repo_root
from armur.core.findings import Finding, assign_fingerprints
from armur.core.gitdiff import changed_lines
from armur.core.results import Report, Skip
from armur.core.rules import REGISTRY, Rule
from armur.core.suppress import is_suppressed

ProgressFn = Callable[[int, int], None]


@dataclass(frozen=True)
class ScanOptions:
    """Per-run options that are not part of the configuration file."""

    baseline: str | None = None
    diff_ref: str | None = None
    # Also scan git history for secrets: None = no; "" = all history; else a revision range.
    history: str | None = None
    progress: ProgressFn | None = None


def _selected_analyzers(config: Config) -> list[Analyzer]:
    analyzers = all_analyzers()
    if config.analyzers:
        known = {a.name for a in analyzers}
        for name in config.analyzers:
            if name not in known:
                raise ValueError(f"unknown analyzer '{name}' (known: {', '.join(sorted(known))})")
        analyzers = [a for a in analyzers if a.name in config.analyzers]
    return analyzers


def enabled_rules(config: Config, analyzers: Iterable[Analyzer]) -> list[Rule]:
    """Rules of the selected analyzers after enable/disable filters and severity overrides."""
    import fnmatch

    rules = [r for a in analyzers for r in a.rules()]
    ids = {r.id for r in rules} | {r.id for r in REGISTRY}
    where = f"{config.source}: " if config.source else ""
    for pat in (*config.enable, *config.disable, *(rid for rid, _ in config.severity)):
        if not any(fnmatch.fnmatchcase(i, pat) for i in ids):
            raise ValueError(f"{where}unknown rule '{pat}' (see `armur rules`)")
    if config.enable:
        rules = [r for r in rules if any(fnmatch.fnmatchcase(r.id, p) for p in config.enable)]
    if config.disable:
        rules = [r for r in rules if not any(fnmatch.fnmatchcase(r.id, p) for p in config.disable)]
    out = []
    for r in rules:
        sev = config.severity_for(r.id)
        out.append(replace(r, severity=sev) if sev else r)
    return sorted(out, key=lambda r: r.id)


def _read(c: Candidate, max_size: int) -> tuple[bytes | None, str | None, Skip | None]:
    """Read and decode a file; return (raw, text, None) or (None, None, skip)."""
    try:
        st = os.stat(c.path)
    except FileNotFoundError:
        return None, None, Skip(c.display, "vanished", "file no longer exists")
    except OSError as e:
        reason = "symlink-loop" if e.errno == errno.ELOOP else "unreadable"
        return None, None, Skip(c.display, reason, e.strerror or "")
    if st.st_size > max_size:
        return None, None, Skip(c.display, "too-large", f"{st.st_size} bytes > limit of {max_size}")
    try:
        with open(c.path, "rb") as fh:
            raw = fh.read(max_size + 1)
    except FileNotFoundError:
        return None, None, Skip(c.display, "vanished", "file disappeared before it could be read")
    except OSError as e:
        return None, None, Skip(c.display, "unreadable", e.strerror or "")
    if len(raw) > max_size:
        return None, None, Skip(c.display, "too-large", f"more than the limit of {max_size} bytes")
    if b"\0" in raw:
        # Mostly-printable content with NULs is a damaged text file; the rest is binary.
        sample = raw[:8192]
        printable = sum(1 for b in sample if 32 <= b < 127 or b in (9, 10, 13))
        if printable / max(1, len(sample)) > 0.9:
            return None, None, Skip(c.display, "nul-bytes", "text file contains NUL bytes")
        return None, None, Skip(c.display, "binary", "contains NUL bytes")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        return None, None, Skip(c.display, "undecodable", f"invalid UTF-8 at byte {e.start}")
    text = text.removeprefix("\ufeff")
    if looks_minified(c.display, text):
        return None, None, Skip(c.display, "minified", "very long lines: minified or generated")
    return raw, text, None


def _run_one(analyzer: Analyzer, src: SourceFile) -> FileResult:
    try:
        return analyzer.analyze(src)
    except RecursionError:
        return FileResult(skip=Skip(src.display, "too-deep", f"{analyzer.name}: nesting too deep"))
    except Exception as e:  # noqa: BLE001  (an analyzer bug must not lose the rest of the scan)
        return FileResult(skip=Skip(src.display, "analyzer-error", f"{analyzer.name}: {type(e).__name__}: {e}"))


_WORKER_ANALYZERS: dict[str, Analyzer] = {}


def _init_worker(analyzers: dict[str, Analyzer]) -> None:
    """Give a worker process the prepared analyzers once, instead of with every file."""
    _WORKER_ANALYZERS.clear()
    _WORKER_ANALYZERS.update(analyzers)


def _worker(job: tuple[list[str], SourceFile]) -> list[FileResult]:
    names, src = job
    return [_run_one(_WORKER_ANALYZERS[n], src) for n in names]


def _isolated(names: list[str], src: SourceFile, by_name: dict[str, Analyzer]) -> list[FileResult]:
    """Analyse one file in its own worker process; a crash of that process becomes a skip."""
    try:
        with ProcessPoolExecutor(max_workers=1, initializer=_init_worker, initargs=(by_name,)) as pool:
            return pool.submit(_worker, (names, src)).result()
    except BrokenProcessPool:
        skip = Skip(src.display, "analyzer-error", "the analysing process crashed on this file")
        return [FileResult(skip=skip) for _ in names]


def _salt(analyzers: list[Analyzer], settings: dict[str, str]) -> str:
    h = hashlib.sha256(__version__.encode())
    for a in analyzers:
        h.update(f"{a.name}:{a.version}:{settings.get(a.name, '')}:".encode())
        for r in a.rules():
            h.update(r.id.encode() + b",")
    return h.hexdigest()


def scan(paths: list[str], config: Config | None = None, options: ScanOptions | None = None) -> Report:
    """Scan files and directories and return the Report.

    Raises DiscoveryError for unusable paths, ValueError for bad configuration,
    BaselineError/DiffError for a bad baseline or git ref.
    """
    config = config or Config()
    options = options or ScanOptions()
    started = time.perf_counter()
    analyzers = _selected_analyzers(config)
    rules = enabled_rules(config, analyzers)
    baseline = read_baseline(options.baseline) if options.baseline else None
    diff = changed_lines(options.diff_ref, Path(paths[0]) if paths else Path.cwd()) if options.diff_ref else None

    candidates, skips = discover(paths, config)
    settings = {a.name: a.configure(config) for a in analyzers}
    cache = Cache(Path(config.cache_dir) if config.cache_dir else default_cache_dir(), _salt(analyzers, settings))
    use_cache = config.use_cache and cache.enabled

    results: dict[str, dict[str, FileResult]] = {a.name: {} for a in analyzers}
    files_scanned = lines_scanned = cache_hits = 0
    total = len(candidates)
    done = 0
    # 1. Read every file once (the content hashes validate cached results and their dependencies).
    readable: list[tuple[SourceFile, bytes, list[Analyzer]]] = []
    hashes: dict[str, str] = {}
    for c in candidates:
        wanted = [a for a in analyzers if a.accepts(c.display)]
        if not wanted:
            done += 1
            continue
        raw, text, skip = _read(c, config.max_file_size)
        if skip or raw is None or text is None:
            skips.append(skip or Skip(c.display, "unreadable"))
            done += 1
            continue
        files_scanned += 1
        lines_scanned += text.count("\n") + (0 if text.endswith("\n") or not text else 1)
        hashes[c.display] = hashlib.sha256(text.encode("utf-8")).hexdigest()
        readable.append((SourceFile(c.path, c.display, text), raw, wanted))
    file_map = {src.display: src.path for src, _, _ in readable}
    for a in analyzers:
        a.prepare(file_map)

    # 2. Serve what the cache has; queue the rest.
    pending: list[tuple[list[str], SourceFile, list[str]]] = []  # analyzer names still to run, src, keys
    for src, raw, wanted in readable:
        missing: list[str] = []
        keys: list[str] = []
        for a in wanted:
            key = cache.key(raw, a.name, src.display)
            hit = cache.get(key) if use_cache else None
            if isinstance(hit, FileResult) and all(hashes.get(p) == h for p, h in hit.deps.items()):
                results[a.name][src.display] = hit
                cache_hits += 1
            else:
                missing.append(a.name)
                keys.append(key)
        if missing:
            pending.append((missing, src, keys))
        else:
            done += 1
        if options.progress:
            options.progress(done, total)

    # 3. Analyse the rest, in parallel when it pays.
    by_name = {a.name: a for a in analyzers}
    jobs = config.jobs or os.cpu_count() or 1
    jobs = min(jobs, max(1, len(pending)))

    def collect(item: tuple[list[str], SourceFile, list[str]], outs: list[FileResult]) -> None:
        nonlocal done
        missing, src, keys = item
        for name, key, res in zip(missing, keys, outs, strict=True):
            results[name][src.display] = res
            if use_cache and res.skip is None:
                cache.put(key, res)
        done += 1
        if options.progress:
            options.progress(done, total)

    if jobs <= 1 or len(pending) < 8:
        _init_worker(by_name)
        for item in pending:
            collect(item, _worker((item[0], item[1])))
    else:
        finished = 0
        try:
            with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(by_name,)) as pool:
                chunk = max(1, min(16, len(pending) // (jobs * 8)))
                outs = pool.map(_worker, [(m, s) for m, s, _ in pending], chunksize=chunk)
                for item, out in zip(pending, outs, strict=True):
                    collect(item, out)
                    finished += 1
        except BrokenProcessPool:
            # A worker died (killed for memory, or a crash in native code). Redo the rest one file
            # per fresh worker, so only the file that kills a worker is lost, as a listed skip.
            for item in pending[finished:]:
                collect(item, _isolated(item[0], item[1], by_name))

    findings: list[Finding] = []
    warnings: list[str] = []
    for a in analyzers:
        for res in results[a.name].values():
            if res.skip:
                skips.append(res.skip)
            findings.extend(res.findings)
        findings.extend(a.finish(results[a.name]))
        warnings.extend(a.warnings)
    if options.history is not None and any(a.name == "secrets" for a in analyzers):
        from armur.analyzers.secrets.history import scan_history

        findings.extend(scan_history(paths[0] if paths else ".", options.history or None))

    flagged = {f.path for f in findings}
    sources = {src.display: src.lines for src, _, _ in readable if src.display in flagged}
    return _finalise(findings, rules, skips, config, baseline, diff, files_scanned, lines_scanned,
                     paths, started, cache_hits, [a.name for a in analyzers], sources, file_map, warnings)


def _finalise(
    findings: list[Finding],
    rules: list[Rule],
    skips: list[Skip],
    config: Config,
    baseline: set[str] | None,
    diff: dict[str, set[int] | None] | None,
    files_scanned: int,
    lines_scanned: int,
    roots: list[str],
    started: float,
    cache_hits: int,
    analyzer_names: list[str],
    sources: dict[str, list[str]] | None = None,
    real_paths: dict[str, str] | None = None,
    warnings: list[str] | None = None,
) -> Report:
    by_id = {r.id: r for r in rules}
    traced: dict[tuple[str, int], set[int]] = {}
    for f in findings:
        if f.trace and f.rule_id in by_id:
            traced.setdefault((f.path, f.line), set()).update(f.cwe)
    # Keep only enabled rules; apply severity overrides; de-duplicate identical reports.
    kept: dict[tuple[str, str, int, int], Finding] = {}
    for f in findings:
        rule = by_id.get(f.rule_id)
        if rule is None:
            continue
        if not f.trace and _superseded(f, traced):
            continue  # a dataflow finding of an enabled rule with a shared CWE stands on the same line
        if f.severity != rule.severity and config.severity_for(f.rule_id):
            f = replace(f, severity=rule.severity)
        k = (f.rule_id, f.path, f.location.start_line, f.location.start_col)
        if k not in kept or len(f.trace) > len(kept[k].trace):
            kept[k] = f
    sources = dict(sources or {})
    real_paths = real_paths or {}
    for path in {f.path for f in kept.values()}:
        if path not in sources:
            sources[path] = _lines_of(real_paths.get(path, path))
    path_keys = _stable_paths({f.path for f in kept.values()}, real_paths)
    fingerprinted = assign_fingerprints(kept.values(), sources, path_keys)

    visible: list[Finding] = []
    suppressed: list[Finding] = []
    baseline_filtered = diff_filtered = 0
    for f in fingerprinted:
        if is_suppressed(f, sources.get(f.path)):
            suppressed.append(f)
        elif baseline is not None and f.fingerprint in baseline:
            baseline_filtered += 1
        elif diff is not None and not _in_diff(f, diff):
            diff_filtered += 1
        else:
            visible.append(f)
    visible.sort(key=Finding.sort_key)
    skips_sorted = sorted(set(skips), key=lambda s: (s.path, s.reason))
    return Report(
        findings=tuple(visible),
        rules=tuple(rules),
        skipped=tuple(skips_sorted),
        suppressed=tuple(sorted(suppressed, key=Finding.sort_key)),
        baseline_filtered=baseline_filtered,
        diff_filtered=diff_filtered,
        files_scanned=files_scanned,
        lines_scanned=lines_scanned,
        roots=tuple(roots),
        version=__version__,
        duration_s=time.perf_counter() - started,
        cache_hits=cache_hits,
        analyzers=tuple(analyzer_names),
        warnings=tuple(dict.fromkeys(warnings or ())),
        sources={p: sources[p] for p in {f.path for f in visible} if p in sources},
    )


def _stable_paths(displays: set[str], real_paths: dict[str, str]) -> dict[str, str]:
    """Display path -> path relative to its git repository's top (display path outside a repository).

    Fingerprints hash this path, so a baseline recorded from the repository root still matches
    a scan run from a subdirectory or with absolute paths.
    """
    tops: dict[Path, Path | None] = {}
    out: dict[str, str] = {}
    for display in displays:
        p = Path(real_paths.get(display, display)).absolute()
        if p.parent not in tops:
            tops[p.parent] = repo_root(p.parent)
        top = tops[p.parent]
        out[display] = display
        if top is not None:
            try:
                out[display] = p.relative_to(top).as_posix()
            except ValueError:
                pass
    return out


def _superseded(f: Finding, traced: dict[tuple[str, int], set[int]]) -> bool:
    """A finding without a trace says less than a dataflow finding with a shared CWE on the same line."""
    return bool(set(f.cwe) & traced.get((f.path, f.line), set()))


def _lines_of(display: str) -> list[str]:
    try:
        return Path(display).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []


def _in_diff(f: Finding, diff: dict[str, set[int] | None]) -> bool:
    key = str(Path(f.path).resolve())
    if key not in diff:
        return False
    lines = diff[key]
    if lines is None:
        return True
    return any(n in lines for n in range(f.location.start_line, max(f.location.end_line, f.location.start_line) + 1))


def scan_source(path: str, text: str, config: Config | None = None) -> Report:
    """Scan text held in memory as if it were the file `path` (nothing is read from or written to disk)."""
    config = config or Config()
    started = time.perf_counter()
    analyzers = _selected_analyzers(config)
    rules = enabled_rules(config, analyzers)
    display = display_path(Path(path)) if os.path.isabs(path) else path
    src = SourceFile(path, display, text)
    findings: list[Finding] = []
    warnings: list[str] = []
    skips: list[Skip] = []
    for a in analyzers:
        a.configure(config)
    for a in analyzers:
        if not a.accepts(display):
            continue
        res = _run_one(a, src)
        if res.skip:
            skips.append(res.skip)
        findings.extend(res.findings)
        findings.extend(a.finish({display: res}))
        warnings.extend(a.warnings)
    return _finalise(findings, rules, skips, config, None, None, 1, len(text.splitlines()), [path], started, 0,
                     [a.name for a in analyzers], sources={display: text.splitlines()}, warnings=warnings)
