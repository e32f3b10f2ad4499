"""The Terraform check context shared by the rule modules: one file's blocks and the module around it."""

from __future__ import annotations

from typing import Any

from armur.analyzers.iac.catalog import finding
from armur.analyzers.iac.hcl import Attr, Block
from armur.core.findings import Finding


class Ctx:
    """Findings of one file. `blocks` are the file's own; `every` the module's (for cross-resource lookups).

    `module` is False in the per-file pass: rules whose answer depends on other files then stay silent.
    """

    def __init__(self, path: str, lines: list[str], blocks: list[Block], every: list[Block], module: bool) -> None:
        self.path = path
        self.lines = lines
        self.blocks = blocks
        self.every = every
        self.module = module
        self.out: list[Finding] = []

    def add(self, rule: str, where: Block | Attr, message: str) -> None:
        """Report `rule` at an attribute or block."""
        self.out.append(finding(rule, self.path, where.line, message, self.lines, where.col))

    def every_resource(self, *types: str) -> list[Block]:
        """The module's resources of the given types (only complete in the module pass)."""
        return [b for b in self.every if b.type == "resource" and len(b.labels) >= 2 and b.labels[0] in types]

    def resources(self, *types: str) -> list[Block]:
        """This file's resources of the given types."""
        return [b for b in self.blocks if b.type == "resource" and len(b.labels) >= 2 and b.labels[0] in types]

    def referenced(self, types: tuple[str, ...], target: Block, attr: str = "bucket") -> list[Block]:
        """Resources of `types` whose `attr` refers to the resource `target` (or to its literal bucket name)."""
        ref = f"{target.labels[0]}.{target.labels[1]}."
        bucket = target.value("bucket")
        out = []
        for b in self.every:
            if b.type != "resource" or len(b.labels) < 2 or b.labels[0] not in types:
                continue
            a = b.attrs.get(attr)
            if a is not None and (ref in a.raw or (isinstance(bucket, str) and a.value == bucket)):
                out.append(b)
        return out


def listify(v: Any) -> list[Any]:
    """A value as a list (None is empty, a scalar is one element)."""
    if isinstance(v, list):
        return v
    return [] if v is None else [v]


def name(b: Block) -> str:
    """`type.name` of a resource, for messages."""
    return f"{b.labels[0]}.{b.labels[1]}" if len(b.labels) >= 2 else b.type
