"""GitHub Actions workflow checks."""

from __future__ import annotations

import re

from armur.analyzers.iac.catalog import finding
from armur.analyzers.iac.yamltree import (
    Node, col, get, is_map, is_scalar, is_seq, items, key_node, keys, line, pairs, scalar,
)
from armur.core.findings import Finding

# Attacker-controlled contexts (after `github.`), as regular expressions.
_UNTRUSTED = re.compile(
    r"github\.(?:"
    r"event\.(?:issue|pull_request|discussion)\.(?:title|body)|"
    r"event\.(?:comment|review|review_comment)\.body|"
    r"event\.pages\b[^}]*\.page_name|"
    r"event\.commits\b[^}]*\.(?:message|author\.email|author\.name)|"
    r"event\.head_commit\.(?:message|author\.email|author\.name)|"
    r"event\.pull_request\.head\.(?:ref|label|repo\.default_branch)|"
    r"event\.workflow_run\.(?:head_branch|head_commit\.message|head_commit\.author\.\w+|display_title|"
    r"pull_requests\b[^}]*\.head\.ref)|"
    r"event\.(?:check_suite|check_run)\.\w*head_branch|"
    r"event\.release\.(?:name|body)|"
    r"event\.inputs\.[\w-]+|"
    r"event\.client_payload\b[^}]*|"
    r"head_ref)"
)
_EXPR = re.compile(r"\$\{\{(.*?)\}\}", re.DOTALL)
_SHA = re.compile(r"^[0-9a-f]{40}$")
_PR_HEAD = re.compile(
    r"github\.event\.pull_request\.head\.(sha|ref)|github\.head_ref|refs/pull/|"
    r"github\.event\.workflow_run\.head_(sha|branch)|merge_commit_sha|github\.event\.number"
)
_PUBLIC_TRIGGERS = frozenset(
    {"pull_request", "pull_request_target", "issue_comment", "issues", "discussion", "discussion_comment",
     "pull_request_review", "pull_request_review_comment", "fork", "watch"}
)
_SECRET_PRINT = re.compile(r"\b(echo|printf|print|cat|tee|Write-Host|Write-Output)\b[^\n]*\$\{\{\s*secrets\.")


def is_workflow(doc: Node) -> bool:
    """A workflow: `on` (any spelling PyYAML composes) plus a `jobs` mapping of jobs with runs-on/steps/uses."""
    if not is_map(doc):
        return False
    jobs = get(doc, "jobs")
    if jobs is None or not is_map(jobs) or _on_node(doc) is None:
        return False
    return any(get(j, "runs-on") is not None or get(j, "steps") is not None or get(j, "uses") is not None
               for _, j in pairs(jobs))


def _on_node(doc: Node) -> Node | None:
    for k, v in pairs(doc):
        if is_scalar(k) and k.value in ("on", "On", "ON", "true", "True"):
            return v
    return None


def triggers(doc: Node) -> set[str]:
    """Event names that trigger the workflow."""
    on = _on_node(doc)
    if on is None:
        return set()
    if is_scalar(on):
        return {on.value}
    if is_seq(on):
        return {s for s in (scalar(n) for n in items(on)) if s}
    return set(keys(on))


def _source_line(lines: list[str], node: Node, needle: str) -> tuple[int, int]:
    """Line/column of `needle` inside a scalar node's source span (block scalars included)."""
    start = int(node.start_mark.line)
    end = int(node.end_mark.line)
    compact = needle.replace(" ", "")
    for n in range(start, min(end + 1, len(lines))):
        text = lines[n]
        pos = text.find(needle)
        if pos < 0:
            pos = text.replace(" ", "").find(compact)
            pos = 0 if pos >= 0 else -1
        if pos >= 0:
            return n + 1, pos + 1
    return line(node), col(node)


def _action_owner(uses: str) -> tuple[str, str]:
    ref = uses.split("@", 1)[1] if "@" in uses else ""
    return uses.split("@", 1)[0], ref


def check(path: str, doc: Node, lines: list[str]) -> list[Finding]:
    """Every workflow rule over one workflow document."""
    out: list[Finding] = []

    def add(rule: str, ln: int, c: int, msg: str) -> None:
        out.append(finding(rule, path, ln, msg, lines, c))

    def at(rule: str, node: Node, msg: str) -> None:
        add(rule, line(node), col(node), msg)

    trig = triggers(doc)
    privileged = bool(trig & {"pull_request_target", "workflow_run"})
    public = bool(trig & _PUBLIC_TRIGGERS)
    top_perm = get(doc, "permissions")
    if scalar(top_perm) == "write-all":
        at("iac.gha.excessive-permissions", key_node(doc, "permissions"), "The workflow grants write-all permissions.")
    jobs = get(doc, "jobs")
    missing_jobs: list[str] = []
    for jk, job in pairs(jobs):
        jname = scalar(jk) or "?"
        perm = get(job, "permissions")
        if scalar(perm) == "write-all":
            at("iac.gha.excessive-permissions", key_node(job, "permissions"),
               f"Job '{jname}' grants write-all permissions.")
        if perm is None:
            missing_jobs.append(jname)
        runs_on = get(job, "runs-on")
        labels = [scalar(runs_on)] if is_scalar(runs_on) else [scalar(n) for n in items(runs_on)]
        if runs_on is not None and is_map(runs_on):
            labels = [scalar(n) for n in items(get(runs_on, "labels"))] + [scalar(get(runs_on, "labels"))]
        if public and runs_on is not None and any(lb and lb.strip() == "self-hosted" for lb in labels):
            names = ", ".join(sorted(trig & _PUBLIC_TRIGGERS))
            at("iac.gha.self-hosted-public", runs_on,
               f"Job '{jname}' runs on a self-hosted runner for public triggers ({names}).")
        uses_job = get(job, "uses")
        if uses_job is not None:
            _check_uses(out, path, lines, uses_job, jname, has_secrets=get(job, "secrets") is not None)
        for step in items(get(job, "steps")):
            uses_node = get(step, "uses")
            uses = scalar(uses_node) or ""
            if uses_node is not None:
                passes_secret = _mentions_secret(get(step, "with")) or _mentions_secret(get(step, "env"))
                _check_uses(out, path, lines, uses_node, jname, has_secrets=passes_secret)
            if privileged and uses.startswith("actions/checkout"):
                ref = get(step, "with", "ref")
                ref_text = scalar(ref) or ""
                if ref is not None and _PR_HEAD.search(ref_text):
                    kinds = "/".join(sorted(trig & {"pull_request_target", "workflow_run"}))
                    at("iac.gha.untrusted-checkout", ref,
                       f"Job '{jname}' checks out the pull request's code in a {kinds} workflow.")
            run = get(step, "run")
            script_nodes = [run] if run is not None and is_scalar(run) else []
            if uses.startswith("actions/github-script"):
                script = get(step, "with", "script")
                if script is not None and is_scalar(script):
                    script_nodes.append(script)
            for node in script_nodes:
                for m in _EXPR.finditer(node.value):
                    expr = m.group(1)
                    u = _UNTRUSTED.search(expr)
                    if u:
                        ln, c = _source_line(lines, node, m.group(0))
                        add("iac.gha.script-injection", ln, c,
                            f"Job '{jname}' expands the attacker-controlled `{u.group(0)}` directly in a script.")
                for m in _SECRET_PRINT.finditer(node.value):
                    ln, c = _source_line(lines, node, m.group(0))
                    add("iac.gha.secret-echoed", ln, c, f"Job '{jname}' prints a secret in a run step.")
    if top_perm is None and missing_jobs and jobs is not None:
        at("iac.gha.missing-permissions", key_node(doc, "jobs"),
           f"No permissions block at workflow level or on job(s) {', '.join(missing_jobs[:5])}.")
    return out


def _mentions_secret(node: Node | None) -> bool:
    if node is None:
        return False
    return any("secrets." in (scalar(v) or "") for _, v in pairs(node))


def _check_uses(out: list[Finding], path: str, lines: list[str], node: Node, job: str, has_secrets: bool) -> None:
    uses = scalar(node) or ""
    if uses.startswith(("./", "docker://")) or "@" not in uses:
        if uses.startswith("docker://") and "@sha256:" not in uses:
            out.append(finding("iac.gha.unpinned-action", path, line(node), f"Job '{job}' uses the container "
                               f"'{uses}' by tag rather than digest.", lines, col(node)))
        return
    name, ref = _action_owner(uses)
    if _SHA.match(ref):
        return
    owner = name.split("/", 1)[0].lower()
    if owner in ("actions", "github"):
        out.append(finding("iac.gha.unpinned-first-party-action", path, line(node),
                           f"Job '{job}' uses {name} at the mutable ref '{ref}'.", lines, col(node)))
        return
    out.append(finding("iac.gha.unpinned-action", path, line(node),
                       f"Job '{job}' uses the third-party {name} at the mutable ref '{ref}'.", lines, col(node)))
    if has_secrets:
        out.append(finding("iac.gha.secret-to-unpinned-action", path, line(node),
                           f"Job '{job}' passes secrets to {name}@{ref}, which is not pinned.", lines, col(node)))
