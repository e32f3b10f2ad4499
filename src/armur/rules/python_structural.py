"""Structural Python checks on the tree-sitter tree (no dataflow)."""

from __future__ import annotations

from tree_sitter import Node, Tree

from armur.core.analyzer import SourceFile
from armur.core.findings import Confidence, Finding, Location, Severity
from armur.core.rules import Rule, RuleDoc
from armur.lang.treesitter import text, walk

EVAL = Rule(
    id="python.eval-dynamic",
    title="eval/exec of a non-constant string",
    severity=Severity.HIGH,
    confidence=Confidence.MEDIUM,
    cwe=(95,),
    owasp="A03",
    languages=("python",),
    analyzer="sast",
    doc=RuleDoc(
        what="Calls to eval() or exec() whose argument is not a string literal.",
        why="If any part of the evaluated text comes from outside the program, an attacker can run "
            "arbitrary Python code with the privileges of the process.",
        example="eval(request.args['expr'])",
        fix="Parse the data instead of evaluating it: ast.literal_eval for literals, json.loads for JSON, "
            "or a dispatch table for a fixed set of operations.",
    ),
)

RULES: list[Rule] = [EVAL]


def _finding(rule: Rule, node: Node, src: SourceFile, message: str) -> Finding:
    start, end = node.start_point, node.end_point
    line = src.text.splitlines()[start[0]] if start[0] < len(src.text.splitlines()) else ""
    return Finding(
        rule_id=rule.id,
        message=message,
        severity=rule.severity,
        confidence=rule.confidence,
        location=Location(src.display, start[0] + 1, start[1] + 1, end[0] + 1, end[1] + 1),
        analyzer="sast",
        cwe=rule.cwe,
        owasp=rule.owasp,
        snippet=line.strip(),
        fix=rule.doc.fix,
    )


def check(tree: Tree, src: SourceFile) -> list[Finding]:
    """Run the structural checks over one parsed file."""
    out = []
    for node in walk(tree.root_node):
        if node.type != "call":
            continue
        fn = node.child_by_field_name("function")
        if fn is None or text(fn) not in ("eval", "exec"):
            continue
        args = node.child_by_field_name("arguments")
        first = args.named_children[0] if args is not None and args.named_children else None
        if first is not None and first.type not in ("string", "concatenated_string"):
            out.append(_finding(EVAL, node, src, f"{text(fn)}() of a non-constant value"))
    return out
