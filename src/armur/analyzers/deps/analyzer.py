"""The ``deps`` analyzer: pinned dependencies in manifests and lockfiles, matched against OSV advisories.

``analyze`` only parses the manifest (a pure function of the file, so it is cached by content).
``finish`` follows requirements includes, reads the advisory store and matches; because the
database is read there, importing new advisories never requires invalidating the cache.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Mapping, Sequence
from pathlib import Path

from armur.analyzers.deps.model import GO, Dependency
from armur.analyzers.deps.parsers import Manifest, parse_manifest, parse_requirements, parser_for
from armur.analyzers.deps.store import AdvisoryStore, StoreError, StoredAffected
from armur.analyzers.deps.versions import affected, sorted_versions
from armur.core.analyzer import Analyzer, FileResult, SourceFile
from armur.core.findings import Confidence, Finding, Location, Severity
from armur.core.results import Skip
from armur.core.rules import Rule, RuleDoc

VULNERABLE = "deps.vulnerable-dependency"
NO_DATA = "deps.no-advisory-data"
CWE_VULNERABLE_COMPONENT = 1395
_LANGS = ("python", "javascript", "go", "rust", "php")

RULES = (
    Rule(
        id=VULNERABLE,
        title="Dependency with a known vulnerability",
        severity=Severity.MEDIUM,
        confidence=Confidence.HIGH,
        cwe=(CWE_VULNERABLE_COMPONENT,),
        owasp="A06",
        languages=_LANGS,
        analyzer="deps",
        doc=RuleDoc(
            what=("A manifest or lockfile pins a package version that an advisory (OSV, PyPA, Go, RustSec) "
                  "lists as affected. Each finding names the advisory, its CVE/GHSA aliases and the lowest "
                  "fixed version. The severity comes from the advisory's CVSS score or its database's "
                  "rating; medium when it gives none, low for RustSec informational notices (unmaintained, "
                  "unsound)."),
            why=("Known vulnerabilities in dependencies are exploited with public proof-of-concept code; the "
                 "application is exposed even when its own code is correct."),
            example="requests==2.19.0   # CVE-2018-18074, fixed in 2.20.0",
            fix=("Upgrade the package to the fixed version named in the finding (or later) and regenerate "
                 "the lockfile. When no fix exists, remove or replace the package, or confirm that the "
                 "vulnerable code is unreachable and suppress the finding with a justification."),
            references=("https://osv.dev/", "https://owasp.org/Top10/A06_2021-Vulnerable_and_Outdated_Components/"),
        ),
        tags=("dependencies", "sca"),
    ),
    Rule(
        id=NO_DATA,
        title="Dependency scan could not run: no advisory data",
        severity=Severity.INFO,
        confidence=Confidence.HIGH,
        cwe=(CWE_VULNERABLE_COMPONENT,),
        owasp="A06",
        languages=_LANGS,
        analyzer="deps",
        doc=RuleDoc(
            what=("The scan found pinned dependencies in this manifest but the local advisory database is "
                  "missing, empty, unreadable or holds no advisories for the manifest's ecosystem, so they "
                  "were not checked."),
            why="Without advisory data a dependency scan reports nothing, which must not be read as clean.",
            fix=("Load advisories: `armur db update` (online) or `armur db import DIR` with copies of the OSV, "
                 "PyPA, Go or RustSec advisory databases (offline)."),
            references=("https://osv.dev/",),
        ),
        tags=("dependencies",),
    ),
)


class DepsAnalyzer(Analyzer):
    """Finds dependencies with known vulnerabilities in manifests and lockfiles."""

    name = "deps"
    version = "1"

    def __init__(self, store_path: Path | None = None) -> None:
        self.store_path = store_path
        self.warnings: list[str] = []  # set by finish(): conditions the report should show as warnings

    def rules(self) -> Sequence[Rule]:
        """The dependency rules."""
        return RULES

    def accepts(self, display: str) -> bool:
        """Known manifest and lockfile names."""
        return parser_for(display) is not None

    def analyze(self, src: SourceFile) -> FileResult:
        """Parse one manifest; matching happens in :meth:`finish`."""
        man = parse_manifest(src.display, src.text)
        if man is None:
            return FileResult()
        if man.error:
            return FileResult(skip=Skip(src.display, "parse-error", f"{man.kind}: {man.error}"))
        return FileResult(facts={"path": src.path, "manifest": man})

    # --- whole-scan phase --------------------------------------------------------------------------

    def _store(self) -> AdvisoryStore:
        return AdvisoryStore(self.store_path) if self.store_path else AdvisoryStore()

    def finish(self, results: Mapping[str, FileResult]) -> list[Finding]:
        """Resolve includes, read the advisory store and report vulnerable and unchecked dependencies."""
        self.warnings = []
        manifests: dict[str, Manifest] = {}
        disk: dict[str, str] = {}
        for display, res in results.items():
            facts = res.facts
            if isinstance(facts, dict) and isinstance(facts.get("manifest"), Manifest):
                manifests[display] = facts["manifest"]
                disk[display] = str(facts.get("path", display))
        self._follow_includes(manifests, disk)
        deps = _effective_dependencies(manifests)
        unpinned = sum(m.unpinned for m in manifests.values())
        if unpinned:
            self.warnings.append(f"deps: {unpinned} dependency requirement(s) without an exact version were not "
                                 "checked (pin them or scan the lockfile)")
        if not deps:
            return []
        store = self._store()
        try:
            counts = store.counts_by_ecosystem()
            found = store.lookup({(d.ecosystem, d.name) for d in deps}) if counts else {}
        except StoreError as e:
            return self._no_data(deps, f"the advisory database cannot be read ({e})", None)
        if not counts:
            return self._no_data(deps, f"no advisory data is loaded (looked in {store.path})", None)
        findings = self._no_data(deps, "", counts)
        for d in deps:
            hits: dict[str, tuple[StoredAffected, str]] = {}
            for adv in found.get((d.ecosystem, d.name), []):
                if adv.advisory_id in hits:
                    continue
                hit = affected(d.ecosystem, d.version, adv.ranges, adv.versions)
                if hit is not None:
                    hits[adv.advisory_id] = (adv, hit.fixed[0] if hit.fixed else "")
            if hits:
                findings.append(_vulnerable(d, [hits[k] for k in sorted(hits)]))
        return findings

    def _no_data(self, deps: list[Dependency], reason: str, counts: dict[str, int] | None) -> list[Finding]:
        """Info findings for manifests whose dependencies could not be checked."""
        by_file: dict[str, dict[str, int]] = {}
        for d in deps:
            if counts is None or not counts.get(d.ecosystem):
                eco = by_file.setdefault(d.path, {})
                eco[d.ecosystem] = eco.get(d.ecosystem, 0) + 1
        out = []
        for path, ecos in sorted(by_file.items()):
            n = sum(ecos.values())
            names = ", ".join(sorted(ecos))
            why = reason or f"no advisories are loaded for {names}"
            msg = (f"Dependency scan could not run: {why}; {n} pinned {names} dependenc"
                   f"{'y' if n == 1 else 'ies'} in this file were not checked. "
                   "Load advisories with `armur db update` or `armur db import DIR`.")
            self.warnings.append(f"deps: {path}: {msg}")
            out.append(Finding(rule_id=NO_DATA, message=msg, severity=Severity.INFO, confidence=Confidence.HIGH,
                               location=Location(path, 1), analyzer=self.name, cwe=(CWE_VULNERABLE_COMPONENT,),
                               owasp="A06", fix="armur db update  # or: armur db import DIR",
                               metadata=(("ecosystems", names), ("unchecked", str(n)))))
        return out

    def _follow_includes(self, manifests: dict[str, Manifest], disk: dict[str, str]) -> None:
        """Parse ``-r``/``-c`` targets that the scan did not visit itself (relative to the including file).

        Requirement files (``-r``) contribute all their pins; constraint files (``-c``) only pins of
        packages that some requirements file names, since constraints do not install anything.
        """
        queue = [d for d, m in manifests.items() if m.includes]
        constraints: dict[str, Manifest] = {}
        visited = set(manifests)
        while queue:
            display = queue.pop()
            man = manifests.get(display)
            if man is None:
                continue
            for inc in man.includes:
                target_display = posixpath.normpath(posixpath.join(posixpath.dirname(display), inc.target))
                target_disk = os.path.normpath(os.path.join(os.path.dirname(disk[display]), inc.target))
                if target_display in visited:
                    if inc.constraint and target_display in manifests:
                        constraints[target_display] = manifests.pop(target_display)
                    continue
                visited.add(target_display)
                try:
                    text = Path(target_disk).read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError) as e:
                    self.warnings.append(f"deps: {display}:{inc.line}: cannot read included file "
                                         f"{inc.target}: {getattr(e, 'strerror', None) or e}")
                    continue
                sub = parse_requirements(target_display, text)
                disk[target_display] = target_disk
                if inc.constraint:
                    constraints[target_display] = sub
                else:
                    manifests[target_display] = sub
                queue.append(target_display)
                if inc.constraint:
                    manifests[target_display] = sub  # follow its own includes, then move it aside below
        for display in constraints:
            manifests.pop(display, None)
        required = {n for m in manifests.values() for n in m.required}
        for display, con in constraints.items():
            con.dependencies = [d for d in con.dependencies if d.name in required]
            con.unpinned = 0
            manifests[display] = con


def _effective_dependencies(manifests: Mapping[str, Manifest]) -> list[Dependency]:
    """All dependencies, with go.sum entries dropped when an adjacent go.mod requires the module."""
    go_mod_modules: dict[str, set[str]] = {}
    for display, man in manifests.items():
        if posixpath.basename(display) == "go.mod":
            go_mod_modules[posixpath.dirname(display)] = {d.name for d in man.dependencies}
    out: list[Dependency] = []
    seen: set[tuple[str, str, str, int]] = set()
    for display, man in sorted(manifests.items()):
        mods = go_mod_modules.get(posixpath.dirname(display)) if posixpath.basename(display) == "go.sum" else None
        for d in man.dependencies:
            if mods is not None and d.ecosystem == GO and d.name in mods:
                continue
            key = (d.ecosystem, d.name, d.path, d.line)
            if key not in seen:
                seen.add(key)
                out.append(d)
    return out


_SEVERITIES = {s.value: s for s in Severity}


def _label(adv: StoredAffected) -> str:
    ids = [a for a in adv.aliases if a.startswith(("CVE-", "GHSA-"))] or list(adv.aliases[:3])
    return adv.advisory_id + (f" ({', '.join(ids)})" if ids else "")


def _vulnerable(d: Dependency, hits: list[tuple[StoredAffected, str]]) -> Finding:
    """One finding per vulnerable dependency, naming every advisory that affects its version.

    One finding per dependency (not per advisory) because findings are identified by rule and
    location: several findings on one manifest line would be merged by the report.
    """
    severity = max((Severity.LOW if adv.informational else _SEVERITIES.get(adv.severity, Severity.MEDIUM)
                    for adv, _ in hits), key=lambda s: s.rank)
    fixes = [f for _, f in hits if f]
    unfixed = [adv.advisory_id for adv, f in hits if not f]
    upgrade = sorted_versions(d.ecosystem, fixes)[-1] if fixes else ""
    if len(hits) == 1:
        adv, fixed = hits[0]
        if adv.informational:
            head = f"{d.name} {d.version} has an advisory: {_label(adv)}, {adv.informational}"
        else:
            head = f"{d.name} {d.version} is vulnerable: {_label(adv)}"
        summary = f": {adv.summary.rstrip('.')}" if adv.summary else ""
        tail = f" Fixed in {fixed}." if fixed else " No fixed version is known."
        message = f"{head}{summary}.{tail}"
    else:
        parts = []
        for adv, fixed in hits:
            note = f", {adv.informational}" if adv.informational else ""
            parts.append(f"{_label(adv)}{note} fixed in {fixed}" if fixed else f"{_label(adv)}{note} not fixed")
        message = f"{d.name} {d.version} is affected by {len(hits)} advisories: {'; '.join(parts)}."
        if upgrade:
            message += f" Lowest version fixing all fixable ones: {upgrade}."
    if upgrade:
        fix = f"Upgrade {d.name} to {upgrade} or later."
        if unfixed:
            fix += f" No fix exists for {', '.join(unfixed)}: remove or replace the package, or accept the risk."
    else:
        fix = "No fix is available: remove or replace the package, or accept the risk."
    meta = [("advisory", hits[0][0].advisory_id), ("advisories", ",".join(adv.advisory_id for adv, _ in hits)),
            ("aliases", ",".join(a for adv, _ in hits for a in adv.aliases)), ("ecosystem", d.ecosystem),
            ("package", d.name), ("version", d.version), ("fixed", upgrade)]
    return Finding(
        rule_id=VULNERABLE,
        message=message,
        severity=severity,
        confidence=Confidence.HIGH,
        location=Location(d.path, d.line, 1, d.line, max(1, len(d.text) + 1)),
        analyzer="deps",
        cwe=(CWE_VULNERABLE_COMPONENT,),
        owasp="A06",
        snippet=d.text,
        fix=fix,
        metadata=tuple(sorted(meta)),
    )
