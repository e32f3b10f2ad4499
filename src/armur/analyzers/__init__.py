"""Analyzers. Importing this package registers every analyzer's rules in the registry."""

from __future__ import annotations

from armur.core.analyzer import Analyzer
from armur.core.rules import REGISTRY


def all_analyzers() -> list[Analyzer]:
    """One instance of every analyzer, in report order. Their rules are registered as a side effect."""
    from armur.analyzers.deps import DepsAnalyzer
    from armur.analyzers.iac import IacAnalyzer
    from armur.analyzers.sast import SastAnalyzer
    from armur.analyzers.secrets import SecretsAnalyzer

    analyzers: list[Analyzer] = [SastAnalyzer(), SecretsAnalyzer(), IacAnalyzer(), DepsAnalyzer()]
    for a in analyzers:
        REGISTRY.register(*a.rules())
    return analyzers


all_analyzers()
