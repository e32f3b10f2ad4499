"""Version semantics per ecosystem and evaluation of OSV affected ranges.

PyPI versions follow PEP 440 (through ``packaging.version``). npm, crates.io, Go and Packagist
versions are compared with a lenient Semantic Versioning 2.0 key written here: any number of
numeric release components (missing ones count as 0), pre-release identifiers compared per
SemVer section 11 (numeric < alphanumeric, a version with a pre-release sorts before the release)
and build metadata (``+incompatible`` for Go) ignored. Go pseudo-versions such as
``v0.0.0-20200101000000-abcdef123456`` are SemVer pre-releases and sort correctly under that key.

Also here: the conversion of Cargo version requirements (RustSec ``patched``/``unaffected``
lists) into OSV ``SEMVER`` events.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import total_ordering
from typing import Any

from packaging.version import InvalidVersion, Version


class BadVersion(ValueError):
    """A version string the ecosystem's scheme cannot parse."""


_SEMVER = re.compile(
    r"^\s*[vV]?(?P<rel>\d+(?:\.\d+)*)(?:-(?P<pre>[0-9A-Za-z.-]+))?(?:\+(?P<build>[0-9A-Za-z.+-]*))?\s*$"
)
# Composer allows a pre-release glued to the release (1.0.0beta1, 1.0.0-RC1, 2.0.0.0-dev).
_COMPOSER = re.compile(
    r"^\s*[vV]?(?P<rel>\d+(?:\.\d+)*)[-._]?(?P<pre>(?:dev|alpha|a|beta|b|rc|patch|pl|p)[.-]?\d*)?"
    r"(?:\+(?P<build>[0-9A-Za-z.+-]*))?\s*$",
    re.IGNORECASE,
)
_COMPOSER_STABILITY = {"dev": 0, "alpha": 1, "a": 1, "beta": 2, "b": 2, "rc": 3, "": 4, "patch": 5, "pl": 5, "p": 5}


@total_ordering
@dataclass(frozen=True, slots=True)
class SemVer:
    """A lenient Semantic Version: release numbers, pre-release identifiers; build metadata is dropped."""

    release: tuple[int, ...]
    pre: tuple[int | str, ...] = ()

    @classmethod
    def parse(cls, text: str) -> SemVer:
        """Parse ``1.2.3``, ``v1.2.3-rc.1+build``, ``1.2`` (missing parts are 0); raise BadVersion."""
        m = _SEMVER.match(text)
        if not m:
            raise BadVersion(f"not a semantic version: {text!r}")
        rel = tuple(int(p) for p in m.group("rel").split("."))
        pre_text = m.group("pre")
        pre: tuple[int | str, ...] = ()
        if pre_text:
            pre = tuple(int(p) if p.isdigit() else p for p in pre_text.split("."))
        return cls(_pad(rel), pre)

    def _key(self) -> tuple[Any, ...]:
        # Identifiers: numeric ones sort before alphanumeric ones; a release sorts after its pre-releases.
        pre_key = tuple((0, p, "") if isinstance(p, int) else (1, 0, p) for p in self.pre)
        return (self.release, 0 if self.pre else 1, pre_key)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, SemVer):
            return NotImplemented
        a, b = _pad_pair(self.release, other.release)
        if a != b:
            return a < b
        return self._key()[1:] < other._key()[1:]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SemVer):
            return NotImplemented
        a, b = _pad_pair(self.release, other.release)
        return a == b and self.pre == other.pre

    def __hash__(self) -> int:
        rel = list(self.release)
        while len(rel) > 3 and rel[-1] == 0:
            rel.pop()
        return hash((tuple(rel), self.pre))

    def next_after(self) -> SemVer:
        """The smallest version greater than this one (used to express ``> v`` as ``>= next``)."""
        if self.pre:
            return SemVer(self.release, (*self.pre, 0))
        rel = list(self.release)
        rel[-1] += 1
        return SemVer(tuple(rel), (0,))

    def __str__(self) -> str:
        s = ".".join(str(p) for p in self.release)
        return s + ("-" + ".".join(str(p) for p in self.pre) if self.pre else "")


def _pad(rel: tuple[int, ...]) -> tuple[int, ...]:
    return rel + (0,) * (3 - len(rel)) if len(rel) < 3 else rel


def _pad_pair(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    n = max(len(a), len(b))
    return a + (0,) * (n - len(a)), b + (0,) * (n - len(b))


def parse_composer(text: str) -> SemVer:
    """Parse a Composer (Packagist) version; stability suffixes order dev < alpha < beta < RC < stable < patch."""
    m = _COMPOSER.match(text)
    if not m:
        raise BadVersion(f"not a Composer version: {text!r}")
    rel = tuple(int(p) for p in m.group("rel").split("."))
    pre_text = (m.group("pre") or "").lower()
    word = re.match(r"[a-z]*", pre_text)
    stab = word.group(0) if word else ""
    num_text = pre_text[len(stab):].lstrip(".-")
    num = int(num_text) if num_text.isdigit() else 0
    rank = _COMPOSER_STABILITY.get(stab, 4)
    if rank == 4:
        return SemVer(_pad(rel))
    if rank == 5:  # patch releases sort after the release: model as a fourth+ component
        return SemVer(_pad(rel) + (0, num + 1))
    return SemVer(_pad(rel), (rank, num))


def parse_pep440(text: str) -> Version:
    """Parse a PEP 440 version; raise BadVersion."""
    try:
        return Version(text)
    except InvalidVersion as e:
        raise BadVersion(str(e)) from None


Parser = Callable[[str], Any]

_PARSERS: dict[str, Parser] = {
    "PyPI": parse_pep440,
    "npm": SemVer.parse,
    "crates.io": SemVer.parse,
    "Go": SemVer.parse,
    "Packagist": parse_composer,
}


def parser_for(ecosystem: str) -> Parser:
    """The version parser of an OSV ecosystem (SemVer for unknown ones)."""
    return _PARSERS.get(ecosystem, SemVer.parse)


def is_exact(ecosystem: str, version: str) -> bool:
    """Whether a version string is a concrete version of the ecosystem (not a range or a URL)."""
    try:
        parser_for(ecosystem)(version)
    except BadVersion:
        return False
    return True


@dataclass(frozen=True, slots=True)
class Match:
    """Why a version is affected: the matching range's fixed versions (lowest first), if any."""

    fixed: tuple[str, ...]


def _event_kind(event: dict[str, str]) -> tuple[str, str] | None:
    for kind in ("introduced", "fixed", "last_affected", "limit"):
        if kind in event:
            return kind, str(event[kind])
    return None


def _in_range(v: Any, events: Sequence[dict[str, str]], parse: Parser) -> tuple[bool, list[str]]:
    """Evaluate one OSV range (its events) for the parsed version `v`.

    Returns (affected, fixed versions of the range). Follows the OSV evaluation algorithm: events
    sorted by version ("0" first); ``introduced`` turns affected on at or above it, ``fixed`` off at
    or above it, ``last_affected`` off above it; ``limit`` caps the whole range (at or above it is
    never affected).
    """
    parsed: list[tuple[int, Any, str, str]] = []
    fixed: list[str] = []
    limits: list[Any] = []
    for i, e in enumerate(events):
        ke = _event_kind(e)
        if ke is None:
            continue
        kind, raw = ke
        if kind == "introduced" and raw == "0":
            parsed.append((i, None, kind, raw))
            continue
        try:
            pv = parse(raw)
        except BadVersion:
            continue
        if kind == "limit":
            if raw != "*":
                limits.append(pv)
            continue
        if kind == "fixed":
            fixed.append(raw)
        parsed.append((i, pv, kind, raw))
    # Stable sort by version; "introduced: 0" first. Events with equal versions keep their order.
    parsed.sort(key=lambda t: (t[1] is not None, _SortKey(t[1]), t[0]))
    affected = False
    for _, pv, kind, _raw in parsed:
        if kind == "introduced":
            if pv is None or v >= pv:
                affected = True
        elif kind == "fixed":
            if v >= pv:
                affected = False
        elif kind == "last_affected":
            if v > pv:
                affected = False
    if affected and any(v >= lim for lim in limits):
        affected = False
    return affected, fixed


@total_ordering
class _SortKey:
    """Wraps a parsed version so None (the "0" event) and versions sort together."""

    __slots__ = ("v",)

    def __init__(self, v: Any) -> None:
        self.v = v

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _SortKey) and (self.v is None) == (other.v is None) and (
            self.v is None or bool(self.v == other.v))

    def __lt__(self, other: _SortKey) -> bool:
        if self.v is None:
            return other.v is not None
        if other.v is None:
            return False
        return bool(self.v < other.v)


def affected(ecosystem: str, version: str, ranges: Sequence[dict[str, Any]], versions: Sequence[str]) -> Match | None:
    """Whether `version` is affected by an OSV ``affected`` entry (its ranges and explicit versions).

    Only ``ECOSYSTEM`` and ``SEMVER`` ranges are evaluated (``GIT`` ranges name commits, which
    manifests do not record). Returns a :class:`Match` with the fixed versions, or None.
    """
    parse = parser_for(ecosystem)
    try:
        v = parse(version)
    except BadVersion:
        return None
    all_fixed: list[str] = []
    hit = False
    for r in ranges:
        rtype = str(r.get("type", "ECOSYSTEM")).upper()
        if rtype not in ("ECOSYSTEM", "SEMVER"):
            continue
        rparse = parse if rtype == "ECOSYSTEM" else (SemVer.parse if ecosystem != "PyPI" else parse)
        try:
            rv = rparse(version)
        except BadVersion:
            continue
        ok, fixed = _in_range(rv, r.get("events", ()), rparse)
        all_fixed.extend(fixed)
        hit = hit or ok
    if not hit:
        for listed in versions:
            try:
                if parse(listed) == v:
                    hit = True
                    break
            except BadVersion:
                if listed == version:
                    hit = True
                    break
    if not hit:
        return None
    return Match(tuple(sorted_versions(ecosystem, all_fixed, above=version)))


def sorted_versions(ecosystem: str, items: Sequence[str], above: str | None = None) -> list[str]:
    """Distinct parseable versions, lowest first; with `above`, only those greater than it."""
    parse = parser_for(ecosystem)
    keyed: dict[str, Any] = {}
    for s in items:
        try:
            keyed[s] = parse(s)
        except BadVersion:
            continue
    floor = None
    if above is not None:
        try:
            floor = parse(above)
        except BadVersion:
            floor = None
    out = sorted(keyed, key=lambda s: _SortKey(keyed[s]))
    if floor is not None:
        out = [s for s in out if keyed[s] > floor]
    return out


# --- Cargo requirements (RustSec) -> OSV SEMVER events -------------------------------------------

Bound = tuple[SemVer, bool] | None  # (version, inclusive); None is unbounded
Interval = tuple[Bound, Bound]  # (lower, upper)

_CMP = re.compile(r"^\s*(?P<op>\^|~|=|>=|<=|>|<)?\s*(?P<ver>[0-9*xX][0-9A-Za-z.*+-]*)\s*$")


def _partial(ver: str) -> tuple[list[int], tuple[int | str, ...]]:
    """Split a possibly partial version (``1``, ``1.2``, ``1.2.*``, ``1.2.3-rc.1``) into parts and pre."""
    main, _, pre = ver.partition("-")
    main = main.split("+", 1)[0]
    parts: list[int] = []
    for p in main.split("."):
        if p in ("*", "x", "X"):
            break
        if not p.isdigit():
            raise BadVersion(f"bad requirement version {ver!r}")
        parts.append(int(p))
    pre_t: tuple[int | str, ...] = tuple(int(p) if p.isdigit() else p for p in pre.split(".")) if pre else ()
    return parts, pre_t


def _bump(parts: list[int], index: int) -> SemVer:
    rel = [*parts[: index + 1]]
    rel[index] += 1
    return SemVer(_pad(tuple(rel + [0] * (3 - len(rel)))), (0,))


def comparator_interval(text: str) -> Interval:
    """The interval of versions one Cargo comparator (``>= 1.2``, ``^0.3``, ``~1``, ``=1.2.3``, ``1.*``) admits.

    Upper bounds exclude the pre-releases of the bound (``< 2.0.0`` is expressed as ``< 2.0.0-0``),
    as Cargo does not select pre-releases of a later version for such a requirement.
    """
    m = _CMP.match(text)
    if not m:
        raise BadVersion(f"bad Cargo requirement {text!r}")
    op = m.group("op") or "^"
    parts, pre = _partial(m.group("ver"))
    if not parts:
        return (None, None)
    low = SemVer(_pad(tuple(parts)), pre)
    exact_len = len(parts)
    if op == "=" or (op == "^" and "*" in m.group("ver")):
        if exact_len >= 3:
            return ((low, True), (low, True))
        return ((low, True), (_bump(parts, exact_len - 1), False))
    if op == ">=":
        return ((low, True), None)
    if op == ">":
        if exact_len >= 3:
            return ((low.next_after(), True), None)
        return ((_bump(parts, exact_len - 1), True), None)
    if op == "<":
        return (None, (SemVer(low.release, pre or (0,)), False))
    if op == "<=":
        if exact_len >= 3:
            return (None, (low, True))
        return (None, (_bump(parts, exact_len - 1), False))
    if op == "~":
        idx = 0 if exact_len == 1 else 1
        return ((low, True), (_bump(parts, idx), False))
    # caret: bump the first non-zero component among those given
    idx = next((i for i, p in enumerate(parts) if p != 0), exact_len - 1)
    idx = min(idx, exact_len - 1)
    return ((low, True), (_bump(parts, idx), False))


def requirement_interval(req: str) -> Interval:
    """The intersection of a comma-separated list of comparators."""
    lo: Bound = None
    hi: Bound = None
    for piece in req.split(","):
        if not piece.strip() or piece.strip() == "*":
            continue
        plo, phi = comparator_interval(piece)
        if plo is not None and (lo is None or plo[0] > lo[0] or (plo[0] == lo[0] and not plo[1])):
            lo = plo
        if phi is not None and (hi is None or phi[0] < hi[0] or (phi[0] == hi[0] and not phi[1])):
            hi = phi
    return (lo, hi)


def _lower_key(b: Bound) -> tuple[int, _SortKey, int]:
    if b is None:
        return (0, _SortKey(None), 0)
    return (1, _SortKey(b[0]), 0 if b[1] else 1)


def _upper_reaches(a: Bound, b: Bound) -> bool:
    """Whether an interval ending at upper bound `a` touches or overlaps one starting at lower bound `b`."""
    if a is None or b is None:
        return True
    if a[0] > b[0]:
        return True
    if a[0] == b[0]:
        return a[1] or b[1]
    return False


def _max_upper(a: Bound, b: Bound) -> Bound:
    if a is None or b is None:
        return None
    if a[0] != b[0]:
        return a if a[0] > b[0] else b
    return (a[0], a[1] or b[1])


def requirements_to_events(safe: Sequence[str]) -> list[dict[str, str]]:
    """OSV SEMVER events for the versions matching none of `safe` (RustSec patched + unaffected).

    The safe requirements become intervals; their union's complement is the affected set, which
    is written as introduced / fixed / last_affected events (an exclusive lower bound ``> v`` is
    written as ``introduced`` of the next version, which is exact under SemVer ordering).
    """
    intervals = sorted((requirement_interval(r) for r in safe), key=lambda iv: _lower_key(iv[0]))
    merged: list[Interval] = []
    for lo, hi in intervals:
        if merged and _upper_reaches(merged[-1][1], lo):
            merged[-1] = (merged[-1][0], _max_upper(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    events: list[dict[str, str]] = []
    cursor: Bound = None  # lower bound of the next affected stretch; None = from the beginning
    start_open = True
    for lo, hi in merged:
        if lo is not None:
            if start_open:
                events.append({"introduced": "0" if cursor is None else _as_lower(cursor)})
            events.append({"fixed": str(lo[0])} if lo[1] else {"last_affected": str(lo[0])})
        if hi is None:
            start_open = False
            break
        cursor = (hi[0], not hi[1])  # affected again from the end of this safe stretch
        start_open = True
    if start_open:
        events.append({"introduced": "0" if cursor is None else _as_lower(cursor)})
    return events


def _as_lower(b: tuple[SemVer, bool]) -> str:
    v, inclusive = b
    return str(v if inclusive else v.next_after())
