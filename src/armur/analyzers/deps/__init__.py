"""Dependency analysis: manifests and lockfiles matched against OSV advisories from a local store."""

from armur.analyzers.deps.analyzer import RULES, DepsAnalyzer

__all__ = ["RULES", "DepsAnalyzer"]
