"""Shared records of the dependency analyzer: a pinned dependency and name normalisation."""

from __future__ import annotations

import re
from dataclasses import dataclass

# OSV ecosystem names armur reads manifests for.
PYPI, NPM, GO, CARGO, PACKAGIST = "PyPI", "npm", "Go", "crates.io", "Packagist"
ECOSYSTEMS = (PYPI, NPM, GO, CARGO, PACKAGIST)

_PEP503 = re.compile(r"[-_.]+")


def normalise_name(ecosystem: str, name: str) -> str:
    """Canonical package name: PEP 503 for PyPI, lower case for Packagist, unchanged elsewhere.

    npm, Go module paths and crate names are compared exactly as OSV spells them.
    """
    name = name.strip()
    if ecosystem == PYPI:
        return _PEP503.sub("-", name).lower()
    if ecosystem == PACKAGIST:
        return name.lower()
    return name


@dataclass(frozen=True, slots=True)
class Dependency:
    """One exactly pinned dependency read from a manifest or lockfile."""

    ecosystem: str
    name: str  # normalised with normalise_name
    version: str
    path: str  # display path of the manifest
    line: int  # 1-based line that names the dependency
    text: str = ""  # that line, stripped, for the snippet
