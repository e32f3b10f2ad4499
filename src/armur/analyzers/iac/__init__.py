"""Infrastructure-as-code analyzer: Dockerfiles, Kubernetes, docker compose, Terraform and GitHub Actions.

`accepts` sees only a file name, so it takes every YAML/JSON/Terraform/Dockerfile-like name; `analyze`
then decides by content (a Kubernetes object has apiVersion and kind, a compose file has services with
image or build, a workflow has `on` and jobs with runs-on or steps) and returns nothing for other files.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from armur.analyzers.iac import actions, compose, dockerfile, kubernetes, terraform
from armur.analyzers.iac.catalog import RULES
from armur.analyzers.iac.yamltree import YamlError, documents
from armur.core.analyzer import Analyzer, FileResult, SourceFile
from armur.core.findings import Finding
from armur.core.results import Skip
from armur.core.rules import Rule

_YAML_EXT = (".yml", ".yaml", ".json")
_LOOKS_K8S = re.compile(r"^\s*\"?apiVersion\"?\s*:.*$", re.MULTILINE)
_LOOKS_WORKFLOW = re.compile(r"^jobs\s*:", re.MULTILINE)
_LOOKS_COMPOSE = re.compile(r"^services\s*:", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class TerraformFacts:
    """What the module pass needs from one .tf file: its text and the findings already reported for it."""

    text: str
    reported: frozenset[tuple[str, int, str]]


class IacAnalyzer(Analyzer):
    """Checks infrastructure-as-code files for insecure configuration."""

    name = "iac"
    version = "2"

    def rules(self) -> Sequence[Rule]:
        """Every IaC rule."""
        return RULES

    def accepts(self, display: str) -> bool:
        """YAML, JSON, Terraform and Dockerfile-like names (the content decides in analyze)."""
        base = os.path.basename(display)
        low = base.lower()
        return low.endswith(_YAML_EXT + (".tf",)) or dockerfile.looks_like_dockerfile_name(base)

    def analyze(self, src: SourceFile) -> FileResult:
        """Classify one file by name and content, then run the matching family's rules."""
        base = os.path.basename(src.display)
        low = base.lower()
        lines = src.lines
        if low.endswith(".tf"):
            found = terraform.check(src.display, src.text, lines)
            facts = TerraformFacts(src.text, frozenset(terraform.finding_key(f) for f in found))
            return FileResult(findings=found, facts=facts)
        if low.endswith(_YAML_EXT):
            return self._yaml(src, lines)
        if dockerfile.looks_like_dockerfile_name(base) and dockerfile.is_dockerfile(src.text):
            return FileResult(findings=dockerfile.check(src.display, src.text))
        return FileResult()

    def finish(self, results: Mapping[str, FileResult]) -> list[Finding]:
        """Terraform module pass: the .tf files of one directory share variables, locals and resources."""
        modules: dict[str, list[tuple[str, str, set[tuple[str, int, str]]]]] = {}
        for display, res in sorted(results.items()):
            if isinstance(res.facts, TerraformFacts):
                modules.setdefault(terraform.module_dir(display), []).append(
                    (display, res.facts.text, set(res.facts.reported)))
        out: list[Finding] = []
        for files in modules.values():
            out.extend(terraform.check_module(files))
        return out

    def _yaml(self, src: SourceFile, lines: list[str]) -> FileResult:
        text = src.text
        k8s = "apiVersion" in text and "kind" in text
        wf = "jobs" in text
        svc = "services" in text
        if not (k8s or wf or svc):
            return FileResult()
        if src.display.lower().endswith(".json") and not k8s:
            return FileResult()
        try:
            docs = documents(text)
        except YamlError as e:
            looks = bool(_LOOKS_K8S.search(text) and "kind" in text) or bool(
                _LOOKS_WORKFLOW.search(text) and "runs-on" in text) or bool(_LOOKS_COMPOSE.search(text))
            if looks:
                return FileResult(skip=Skip(src.display, "parse-error", f"iac: {e}"))
            return FileResult()
        findings: list[Finding] = []
        findings.extend(kubernetes.check(src.display, docs, lines))
        for doc in docs:
            if compose.is_compose(doc):
                findings.extend(compose.check(src.display, doc, lines))
            elif actions.is_workflow(doc):
                findings.extend(actions.check(src.display, doc, lines))
        return FileResult(findings=findings)


__all__ = ["IacAnalyzer", "TerraformFacts"]
