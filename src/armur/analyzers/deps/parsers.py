"""Manifest and lockfile parsers: each turns one file's text into exactly pinned dependencies.

Only exact versions are returned (``==``/``===`` pins, lockfile versions, Poetry bare versions).
Ranges (``>=1.0``, ``^1.2``) name no installed version, so they are not matched and are counted
in :attr:`Manifest.unpinned` instead. Nothing here runs, imports or evaluates the scanned project.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from packaging.requirements import InvalidRequirement, Requirement

from armur.analyzers.deps.model import CARGO, GO, NPM, PACKAGIST, PYPI, Dependency, normalise_name
from armur.analyzers.deps.versions import is_exact


@dataclass(slots=True)
class Include:
    """A ``-r``/``-c`` reference from a requirements file, relative to that file."""

    target: str
    constraint: bool
    line: int


@dataclass(slots=True)
class Manifest:
    """What one manifest yields: pinned dependencies, includes to follow, and a count of ranges."""

    kind: str
    dependencies: list[Dependency] = field(default_factory=list)
    includes: list[Include] = field(default_factory=list)
    unpinned: int = 0
    required: list[str] = field(default_factory=list)  # normalised names of every requirement, pinned or not
    error: str = ""


class _Lines:
    """Line lookup helpers over a file's text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = text.splitlines()
        self._starts: list[int] = []
        pos = 0
        for ln in text.splitlines(keepends=True):
            self._starts.append(pos)
            pos += len(ln)

    def line_at(self, offset: int) -> int:
        """1-based line number of a character offset."""
        lo, hi = 0, len(self._starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self._starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo + 1

    def get(self, line: int) -> str:
        """The stripped text of a 1-based line."""
        return self.lines[line - 1].strip() if 0 < line <= len(self.lines) else ""

    def find(self, needle: str, start: int = 0) -> tuple[int, int]:
        """(line, offset) of the first occurrence of `needle` at or after `start`; (1, start) if absent."""
        i = self.text.find(needle, start)
        if i < 0:
            return 1, start
        return self.line_at(i), i


def _dep(eco: str, name: str, version: str, path: str, lines: _Lines, line: int) -> Dependency:
    return Dependency(eco, normalise_name(eco, name), version, path, line, lines.get(line))


# --- Python -----------------------------------------------------------------------------------------

_REQ_OPTION = re.compile(r"^(-r|--requirement|-c|--constraint)(?:\s+|=)(\S+)")
_HASH_OPT = re.compile(r"\s--hash[=\s]\S+")


def _pinned_pep508(spec: str) -> tuple[str, str] | None | bool:
    """(name, version) for an exact PEP 508 pin; False for a valid range; None when not a requirement."""
    try:
        req = Requirement(spec)
    except InvalidRequirement:
        return None
    specs = list(req.specifier)
    if req.url is None and len(specs) == 1 and specs[0].operator in ("==", "===") and "*" not in specs[0].version:
        return req.name, specs[0].version
    return False


def parse_requirements(path: str, text: str) -> Manifest:
    """requirements*.txt: pins, extras, markers, hashes, comments, continuations, -r/-c includes.

    Environment markers are not evaluated (the target environment is unknown), so a pin guarded
    by a marker is still matched.
    """
    m = Manifest("requirements")
    lines = _Lines(text)
    logical: list[tuple[int, str]] = []
    buf, start = "", 0
    for no, raw in enumerate(lines.lines, 1):
        if not buf:
            start = no
        stripped = raw.rstrip()
        if stripped.endswith("\\") and not stripped.lstrip().startswith("#"):
            buf += stripped[:-1] + " "
            continue
        logical.append((start, buf + stripped))
        buf = ""
    if buf:
        logical.append((start, buf))
    for no, entry in logical:
        entry = re.sub(r"(^|\s)#.*$", "", entry).strip()
        if not entry:
            continue
        opt = _REQ_OPTION.match(entry)
        if opt:
            m.includes.append(Include(opt.group(2), opt.group(1) in ("-c", "--constraint"), no))
            continue
        if entry.startswith("-"):
            continue  # -e, -i/--index-url, --extra-index-url, -f, --pre, ...
        entry = _HASH_OPT.sub("", " " + entry).strip()
        entry = re.split(r"\s--?[a-z]", entry, maxsplit=1)[0].strip()
        got = _pinned_pep508(entry)
        if isinstance(got, tuple):
            m.dependencies.append(_dep(PYPI, got[0], got[1], path, lines, no))
            m.required.append(normalise_name(PYPI, got[0]))
        elif got is False:
            m.unpinned += 1
            m.required.append(normalise_name(PYPI, Requirement(entry).name))
    return m


def _find_key_line(lines: _Lines, section: str | None, key: str) -> int:
    """Line of ``key =`` (bare or quoted) inside a TOML table (searched from the table header)."""
    start = 0
    if section is not None:
        hdr = re.search(r"^\s*\[" + re.escape(section) + r"\]\s*$", lines.text, re.MULTILINE)
        if hdr:
            start = hdr.end()
    pat = re.compile(r"^\s*[\"']?" + re.escape(key) + r"[\"']?\s*=", re.MULTILINE | re.IGNORECASE)
    hit = pat.search(lines.text, start)
    return lines.line_at(hit.start()) if hit else 1


def _find_string_line(lines: _Lines, value: str) -> int:
    for q in ('"', "'"):
        i = lines.text.find(q + value)
        if i >= 0:
            return lines.line_at(i)
    return 1


def parse_pyproject(path: str, text: str) -> Manifest:
    """pyproject.toml: PEP 621 ``dependencies``/``optional-dependencies`` with ``==`` pins, and Poetry tables.

    A Poetry version without an operator (``requests = "2.19.0"``) is an exact pin, as in Poetry.
    """
    m = Manifest("pyproject")
    lines = _Lines(text)
    data = tomllib.loads(text)
    project = data.get("project") or {}
    specs: list[str] = [s for s in project.get("dependencies") or [] if isinstance(s, str)]
    for group in (project.get("optional-dependencies") or {}).values():
        specs.extend(s for s in group or [] if isinstance(s, str))
    for group in (data.get("dependency-groups") or {}).values():
        specs.extend(s for s in group or [] if isinstance(s, str))
    for spec in specs:
        got = _pinned_pep508(spec)
        if isinstance(got, tuple):
            m.dependencies.append(_dep(PYPI, got[0], got[1], path, lines, _find_string_line(lines, spec)))
        elif got is False:
            m.unpinned += 1
    poetry = (data.get("tool") or {}).get("poetry") or {}
    tables: list[tuple[str, dict[str, Any]]] = [
        ("tool.poetry.dependencies", poetry.get("dependencies") or {}),
        ("tool.poetry.dev-dependencies", poetry.get("dev-dependencies") or {}),
    ]
    for gname, group in (poetry.get("group") or {}).items():
        tables.append((f"tool.poetry.group.{gname}.dependencies", (group or {}).get("dependencies") or {}))
    for section, table in tables:
        for name, spec in table.items():
            if name.lower() == "python":
                continue
            version = spec.get("version") if isinstance(spec, dict) else spec
            if not isinstance(version, str):
                continue
            v = version.strip()
            v = v[2:].strip() if v.startswith("==") else v
            if re.fullmatch(r"\d[\w.!+-]*", v) and is_exact(PYPI, v):
                m.dependencies.append(_dep(PYPI, name, v, path, lines, _find_key_line(lines, section, name)))
            else:
                m.unpinned += 1
    return m


def _toml_packages(path: str, text: str, eco: str, kind: str,
                   keep: Callable[[dict[str, Any]], bool] = lambda p: True) -> Manifest:
    """Lockfiles made of ``[[package]]`` tables with ``name`` and ``version`` (poetry.lock, uv.lock, Cargo.lock)."""
    m = Manifest(kind)
    lines = _Lines(text)
    data = tomllib.loads(text)
    headers = [h.end() for h in re.finditer(r"^\[\[package\]\]\s*$", text, re.MULTILINE)]
    for i, pkg in enumerate(data.get("package") or []):
        name, version = pkg.get("name"), pkg.get("version")
        if not isinstance(name, str) or not isinstance(version, str) or not keep(pkg):
            continue
        start = headers[i] if i < len(headers) else 0
        hit = re.compile(r"^\s*name\s*=", re.MULTILINE).search(text, start)
        line = lines.line_at(hit.start()) if hit else 1
        if is_exact(eco, version):
            m.dependencies.append(_dep(eco, name, version, path, lines, line))
    return m


def _not_local(pkg: dict[str, Any]) -> bool:
    src = pkg.get("source")
    if isinstance(src, dict):
        if src.get("type") in ("directory", "file") or any(k in src for k in ("editable", "virtual", "directory",
                                                                               "path")):
            return False
    return True


def parse_poetry_lock(path: str, text: str) -> Manifest:
    """poetry.lock (local directory/file packages are skipped)."""
    return _toml_packages(path, text, PYPI, "poetry.lock", _not_local)


def parse_uv_lock(path: str, text: str) -> Manifest:
    """uv.lock (editable, virtual and path packages, i.e. the project itself, are skipped)."""
    return _toml_packages(path, text, PYPI, "uv.lock", _not_local)


def parse_cargo_lock(path: str, text: str) -> Manifest:
    """Cargo.lock (workspace members, which have no ``source``, are skipped)."""
    return _toml_packages(path, text, CARGO, "Cargo.lock", lambda p: "source" in p)


def _json_key_line(lines: _Lines, key: str, start: int = 0) -> tuple[int, int]:
    """(line, offset) of the JSON object key ``"key":`` at or after `start`."""
    quoted = json.dumps(key)
    i = lines.text.find(quoted + ":", start)  # the usual layout; avoids compiling a pattern per key
    if i >= 0:
        return lines.line_at(i), i + len(quoted) + 1
    pat = re.compile(re.escape(quoted) + r"\s*:")
    hit = pat.search(lines.text, start)
    if not hit:
        return 1, start
    return lines.line_at(hit.start()), hit.end()


def parse_pipfile_lock(path: str, text: str) -> Manifest:
    """Pipfile.lock: ``default`` and ``develop`` sections with ``"version": "==x"``."""
    m = Manifest("Pipfile.lock")
    lines = _Lines(text)
    data = json.loads(text)
    for section in ("default", "develop"):
        body = data.get(section) or {}
        _, sec_pos = _json_key_line(lines, section)
        for name, info in body.items():
            version = str((info or {}).get("version", "")) if isinstance(info, dict) else ""
            if not version.startswith("=="):
                m.unpinned += 1
                continue
            line, _ = _json_key_line(lines, name, sec_pos)
            v = version.lstrip("=")
            if is_exact(PYPI, v):
                m.dependencies.append(_dep(PYPI, name, v, path, lines, line))
    return m


# --- JavaScript -------------------------------------------------------------------------------------

def parse_package_lock(path: str, text: str) -> Manifest:
    """package-lock.json / npm-shrinkwrap.json, lockfileVersion 1 (nested ``dependencies``), 2 and 3 (``packages``)."""
    m = Manifest("package-lock.json")
    lines = _Lines(text)
    data = json.loads(text)
    packages = data.get("packages")
    if isinstance(packages, dict) and packages:
        pos = 0  # keys appear in document order: search onwards from the previous one
        for key, info in packages.items():
            if not key or not isinstance(info, dict) or info.get("link") or "node_modules/" not in key:
                continue
            name = info.get("name") or key.rsplit("node_modules/", 1)[1]
            version = info.get("version")
            if isinstance(version, str) and is_exact(NPM, version):
                line, pos = _json_key_line(lines, key, pos)
                m.dependencies.append(_dep(NPM, str(name), version, path, lines, line))
        return m
    cursor = 0

    def walk(deps: Any) -> None:
        nonlocal cursor
        if not isinstance(deps, dict):
            return
        for name, info in deps.items():
            line, cursor = _json_key_line(lines, name, cursor)
            if not isinstance(info, dict):
                continue
            version = info.get("version")
            if isinstance(version, str):
                real = name
                if version.startswith("npm:"):  # alias: "npm:real-name@1.2.3"
                    real, _, version = version[4:].rpartition("@")
                if is_exact(NPM, version):
                    m.dependencies.append(_dep(NPM, real, version, path, lines, line))
            walk(info.get("dependencies"))

    walk(data.get("dependencies"))
    return m


def _split_descriptor(desc: str) -> tuple[str, str]:
    """``@scope/name@npm:^1.0`` -> (``@scope/name``, ``npm:^1.0``)."""
    at = desc.find("@", 1)
    if at < 0:
        return desc, ""
    return desc[:at], desc[at + 1:]


def parse_yarn_lock(path: str, text: str) -> Manifest:
    """yarn.lock, classic (``version "x"``) and berry (``version: x``, ``resolution:``)."""
    m = Manifest("yarn.lock")
    lines = _Lines(text)
    header: tuple[int, str] | None = None
    for no, raw in enumerate(lines.lines, 1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        if not raw[0].isspace():
            header = (no, raw.rstrip().rstrip(":"))
            continue
        vm = re.match(r"^\s+version:?\s+\"?([^\"\s]+)\"?\s*$", raw)
        if not vm or header is None:
            continue
        hno, hdr = header
        header = None
        first = hdr.split(",")[0].strip().strip("\"'")
        if first == "__metadata":
            continue
        name, ref = _split_descriptor(first)
        if ref.startswith(("workspace:", "link:", "portal:", "file:")):
            continue
        if ref.startswith("npm:") and "@" in ref[5:]:  # alias: "x@npm:real@^1"
            name = _split_descriptor(ref[4:])[0]
        version = vm.group(1)
        if version == "0.0.0-use.local" or not is_exact(NPM, version):
            continue
        m.dependencies.append(_dep(NPM, name, version, path, lines, hno))
    return m


def parse_pnpm_lock(path: str, text: str) -> Manifest:
    """pnpm-lock.yaml ``packages:`` keys: v5 ``/name/1.0.0_peer``, v6 ``/name@1.0.0(peer)``, v9 ``name@1.0.0``."""
    m = Manifest("pnpm-lock.yaml")
    lines = _Lines(text)
    in_packages = False
    seen: set[tuple[str, str]] = set()
    for no, raw in enumerate(lines.lines, 1):
        if raw and not raw[0].isspace():
            in_packages = raw.rstrip() == "packages:"
            continue
        if not in_packages:
            continue
        km = re.match(r"^  (\S.*?):\s*(\{.*\})?\s*$", raw)
        if not km or raw.startswith("   "):
            continue
        key = km.group(1).strip("'\"").lstrip("/")
        key = key.split("(", 1)[0]
        prefix, rest = "", key
        if key.startswith("@") and "/" in key:
            prefix, _, rest = key.partition("/")
            prefix += "/"
        slash, at = rest.find("/"), rest.find("@")
        if slash >= 0 and (at < 0 or slash < at):  # v5: name/version_peers
            name, version = prefix + rest[:slash], rest[slash + 1:].split("_", 1)[0]
        elif at > 0:  # v6, v9: name@version
            name, version = prefix + rest[:at], rest[at + 1:]
        else:
            continue
        if not name or not is_exact(NPM, version) or (name, version) in seen:
            continue
        seen.add((name, version))
        m.dependencies.append(_dep(NPM, name, version, path, lines, no))
    return m


# --- Go ---------------------------------------------------------------------------------------------

def parse_go_mod(path: str, text: str) -> Manifest:
    """go.mod ``require`` lines and blocks; ``replace`` with a module version substitutes it, with a path drops it."""
    m = Manifest("go.mod")
    lines = _Lines(text)
    reqs: dict[str, tuple[str, int]] = {}
    replaces: list[tuple[str, str, str, str, int]] = []  # old, old version, new, new version, line
    block = ""
    for no, raw in enumerate(lines.lines, 1):
        line = raw.split("//", 1)[0].strip()
        if not line:
            continue
        if block:
            if line == ")":
                block = ""
                continue
            body = line
        else:
            bm = re.match(r"^(require|replace|exclude|retract)\s*\($", line)
            if bm:
                block = bm.group(1)
                continue
            word, _, body = line.partition(" ")
            if word not in ("require", "replace"):
                continue
            block_kind = word
            _collect(block_kind, body.strip(), no, reqs, replaces)
            continue
        _collect(block, body, no, reqs, replaces)
    resolved: list[tuple[str, str, int]] = []
    for old, old_v, new, new_v, _no in replaces:
        if old not in reqs or (old_v and reqs[old][0] != old_v):
            continue
        _, req_line = reqs.pop(old)
        if new_v and not new.startswith((".", "/")):
            resolved.append((new, new_v, req_line))  # the replacement's code is built at the require line
    resolved.extend((mod, ver, no) for mod, (ver, no) in reqs.items())
    for mod, ver, no in sorted(resolved, key=lambda t: t[2]):
        if is_exact(GO, ver):
            m.dependencies.append(_dep(GO, mod, ver, path, lines, no))
    return m


def _collect(kind: str, body: str, no: int, reqs: dict[str, tuple[str, int]],
             replaces: list[tuple[str, str, str, str, int]]) -> None:
    parts = body.split()
    if kind == "require" and len(parts) >= 2:
        reqs[parts[0].strip('"')] = (parts[1], no)
    elif kind == "replace" and "=>" in parts:
        i = parts.index("=>")
        left, right = parts[:i], parts[i + 1:]
        if left and right:
            replaces.append((left[0], left[1] if len(left) > 1 else "", right[0], right[1] if len(right) > 1 else "",
                             no))


def parse_go_sum(path: str, text: str) -> Manifest:
    """go.sum: per module, the highest version whose code (not only its go.mod) was hashed.

    go.sum also lists versions that minimal version selection did not pick; the highest one is
    the selected version in a tidy module. An adjacent go.mod takes precedence (see the analyzer).
    """
    m = Manifest("go.sum")
    lines = _Lines(text)
    best: dict[str, tuple[str, int]] = {}
    from armur.analyzers.deps.versions import SemVer

    for no, raw in enumerate(lines.lines, 1):
        parts = raw.split()
        if len(parts) < 3 or parts[1].endswith("/go.mod") or not is_exact(GO, parts[1]):
            continue
        mod, ver = parts[0], parts[1]
        if mod not in best or SemVer.parse(ver) > SemVer.parse(best[mod][0]):
            best[mod] = (ver, no)
    for mod, (ver, no) in best.items():
        m.dependencies.append(_dep(GO, mod, ver, path, lines, no))
    return m


# --- PHP --------------------------------------------------------------------------------------------

def parse_composer_lock(path: str, text: str) -> Manifest:
    """composer.lock ``packages`` and ``packages-dev`` (branch versions such as ``dev-main`` are skipped)."""
    m = Manifest("composer.lock")
    lines = _Lines(text)
    data = json.loads(text)
    cursor = 0
    for section in ("packages", "packages-dev"):
        _, cursor = _json_key_line(lines, section, cursor)
        for pkg in data.get(section) or []:
            if not isinstance(pkg, dict) or not isinstance(pkg.get("name"), str):
                continue
            name, version = pkg["name"], str(pkg.get("version", ""))
            quoted = json.dumps(name)
            at = text.find('"name": ' + quoted, cursor)  # Composer's layout; fall back to a pattern
            if at < 0:
                hit = re.compile(r'"name"\s*:\s*' + re.escape(quoted)).search(text, cursor)
                at = hit.start() if hit else -1
            line = lines.line_at(at) if at >= 0 else 1
            if at >= 0:
                cursor = at + 1
            if is_exact(PACKAGIST, version):
                m.dependencies.append(_dep(PACKAGIST, name, version.lstrip("vV"), path, lines, line))
            else:
                m.unpinned += 1
    return m


# --- dispatch ---------------------------------------------------------------------------------------

Parser = Callable[[str, str], Manifest]

_EXACT: dict[str, Parser] = {
    "pyproject.toml": parse_pyproject,
    "poetry.lock": parse_poetry_lock,
    "Pipfile.lock": parse_pipfile_lock,
    "uv.lock": parse_uv_lock,
    "package-lock.json": parse_package_lock,
    "npm-shrinkwrap.json": parse_package_lock,
    "yarn.lock": parse_yarn_lock,
    "pnpm-lock.yaml": parse_pnpm_lock,
    "go.mod": parse_go_mod,
    "go.sum": parse_go_sum,
    "Cargo.lock": parse_cargo_lock,
    "composer.lock": parse_composer_lock,
}


def is_requirements_name(name: str) -> bool:
    """``requirements*.txt`` and ``*-requirements.txt`` (constraints files are read through ``-c``)."""
    low = name.lower()
    return low.endswith(".txt") and "requirements" in low


def parser_for(display: str) -> Parser | None:
    """The parser for a manifest path, by file name; None when it is not a known manifest."""
    p = PurePosixPath(display.replace("\\", "/"))
    name = p.name
    if name in _EXACT:
        return _EXACT[name]
    if is_requirements_name(name) or (p.parent.name == "requirements" and name.endswith((".txt", ".in"))):
        return parse_requirements
    return None


def parse_manifest(display: str, text: str) -> Manifest | None:
    """Parse a manifest by its name; a syntax error yields a Manifest with `error` set."""
    parser = parser_for(display)
    if parser is None:
        return None
    try:
        return parser(display, text)
    except (ValueError, tomllib.TOMLDecodeError, KeyError, TypeError, AttributeError) as e:
        return Manifest(parser.__name__.removeprefix("parse_"), error=f"{type(e).__name__}: {e}")


def iter_dependencies(manifests: dict[str, Manifest]) -> Iterator[Dependency]:
    """All dependencies of several manifests."""
    for man in manifests.values():
        yield from man.dependencies
