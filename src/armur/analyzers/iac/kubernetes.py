"""Kubernetes manifest checks (plain or Helm-rendered, multi-document YAML)."""

from __future__ import annotations

from dataclasses import dataclass

from armur.analyzers.iac.catalog import finding
from armur.analyzers.iac.common import is_literal_secret, is_secret_name, mask, split_image
from armur.analyzers.iac.yamltree import Node, get, is_map, items, key_node, line, pairs, scalar, truthy
from armur.core.findings import Finding

# Path from the document root to the pod spec, per workload kind.
POD_SPEC_PATHS: dict[str, tuple[str, ...]] = {
    "Pod": ("spec",),
    "Deployment": ("spec", "template", "spec"),
    "StatefulSet": ("spec", "template", "spec"),
    "DaemonSet": ("spec", "template", "spec"),
    "ReplicaSet": ("spec", "template", "spec"),
    "ReplicationController": ("spec", "template", "spec"),
    "Job": ("spec", "template", "spec"),
    "CronJob": ("spec", "jobTemplate", "spec", "template", "spec"),
    "DeploymentConfig": ("spec", "template", "spec"),  # OpenShift
    "PodTemplate": ("template", "spec"),
}
_DANGEROUS_CAPS = frozenset(
    "ALL SYS_ADMIN NET_ADMIN SYS_PTRACE SYS_MODULE NET_RAW DAC_READ_SEARCH SYS_RAWIO SYS_BOOT BPF "
    "PERFMON SYS_TIME MAC_ADMIN MAC_OVERRIDE SETFCAP".split()
)
# Capabilities the Pod Security Standards "baseline" profile lets a container add; anything else breaks it.
_BASELINE_CAPS = frozenset(
    "AUDIT_WRITE CHOWN DAC_OVERRIDE FOWNER FSETID KILL MKNOD NET_BIND_SERVICE SETFCAP SETGID SETPCAP SETUID "
    "SYS_CHROOT".split()
)


def is_manifest(doc: Node) -> bool:
    """A Kubernetes object: a mapping with scalar apiVersion and kind."""
    return is_map(doc) and scalar(get(doc, "apiVersion")) is not None and scalar(get(doc, "kind")) is not None


@dataclass
class _Ctx:
    path: str
    lines: list[str]
    out: list[Finding]

    def add(self, rule: str, node: Node, message: str) -> None:
        self.out.append(finding(rule, self.path, line(node), message, self.lines, int(node.start_mark.column) + 1))


def check(path: str, docs: list[Node], lines: list[str]) -> list[Finding]:
    """Every Kubernetes rule over the manifests among `docs`."""
    ctx = _Ctx(path, lines, [])
    for doc in docs:
        _check_object(ctx, doc)
    return ctx.out


def _check_object(ctx: _Ctx, doc: Node) -> None:
    if not is_manifest(doc):
        return
    kind = scalar(get(doc, "kind")) or ""
    name = scalar(get(doc, "metadata", "name")) or "<unnamed>"
    if kind.endswith("List"):
        for item in items(get(doc, "items")):
            _check_object(ctx, item)
        return
    if kind in ("Role", "ClusterRole"):
        _check_rbac(ctx, doc, kind, name)
        return
    spec_path = POD_SPEC_PATHS.get(kind)
    if spec_path is None:
        return
    spec = get(doc, *spec_path)
    if spec is None or not is_map(spec):
        return
    _check_pod(ctx, spec, f"{kind} '{name}'", doc)


def _pod_flag(ctx: _Ctx, spec: Node, key: str) -> Node | None:
    k = key_node(spec, key)
    return k if k is not None and truthy(get(spec, key)) is True else None


def _check_pod(ctx: _Ctx, spec: Node, owner: str, doc: Node) -> None:
    for key in ("hostNetwork", "hostPID", "hostIPC"):
        k = _pod_flag(ctx, spec, key)
        if k is not None:
            ctx.add("iac.k8s.host-namespace", k, f"{owner} sets {key}: true and shares the host's namespace.")
    for vol in items(get(spec, "volumes")):
        hp = key_node(vol, "hostPath")
        if hp is not None:
            where = scalar(get(vol, "hostPath", "path")) or "?"
            ctx.add("iac.k8s.host-path", hp,
                    f"{owner} mounts the node path '{where}' (volume '{scalar(get(vol, 'name')) or '?'}').")
    automount = truthy(get(spec, "automountServiceAccountToken"))
    if automount is not False:
        anchor = key_node(spec, "automountServiceAccountToken") or _anchor(doc)
        ctx.add("iac.k8s.sa-token-automount", anchor,
                f"{owner} mounts a service-account token (automountServiceAccountToken is not false).")
    pod_sc = get(spec, "securityContext")
    pod_nonroot = truthy(get(pod_sc, "runAsNonRoot")) if pod_sc is not None else None
    pod_uid = scalar(get(pod_sc, "runAsUser")) if pod_sc is not None else None
    for field in ("initContainers", "containers", "ephemeralContainers"):
        for c in items(get(spec, field)):
            if is_map(c):
                _check_container(ctx, c, owner, pod_nonroot, pod_uid)


def _anchor(doc: Node) -> Node:
    """Where to report a missing pod-level setting: the object's `kind` key."""
    return key_node(doc, "kind") or doc


def _check_container(ctx: _Ctx, c: Node, owner: str, pod_nonroot: bool | None, pod_uid: str | None) -> None:
    cname = scalar(get(c, "name")) or "<unnamed>"
    who = f"container '{cname}' of {owner}"
    anchor = key_node(c, "name") or c
    sc = get(c, "securityContext")
    if truthy(get(sc, "privileged")) is True:
        ctx.add("iac.k8s.privileged", key_node(sc, "privileged"), f"The {who} is privileged.")
    ape = truthy(get(sc, "allowPrivilegeEscalation"))
    if ape is not False:
        node = key_node(sc, "allowPrivilegeEscalation") if ape is True else anchor
        ctx.add("iac.k8s.privilege-escalation", node,
                f"The {who} allows privilege escalation (allowPrivilegeEscalation is {'true' if ape else 'unset'}).")
    for cap in items(get(sc, "capabilities", "add")):
        v = (scalar(cap) or "").upper().removeprefix("CAP_")
        if v in _DANGEROUS_CAPS:
            ctx.add("iac.k8s.dangerous-capabilities", cap, f"The {who} adds the capability {v}.")
        elif v and v not in _BASELINE_CAPS:
            ctx.add("iac.k8s.dangerous-capabilities", cap,
                    f"The {who} adds the capability {v}, outside the Pod Security Standards baseline set.")
    uid = scalar(get(sc, "runAsUser"))
    nonroot = truthy(get(sc, "runAsNonRoot"))
    eff_uid = uid if uid is not None else pod_uid
    eff_nonroot = nonroot if nonroot is not None else pod_nonroot
    if eff_uid == "0":
        node = key_node(sc, "runAsUser") if uid == "0" else anchor
        ctx.add("iac.k8s.run-as-root", node, f"The {who} runs as uid 0 (root).")
    elif eff_nonroot is not True and (eff_uid is None or not eff_uid.isdigit()):
        node = key_node(sc, "runAsNonRoot") if nonroot is False else anchor
        ctx.add("iac.k8s.run-as-root", node, f"The {who} may run as root (runAsNonRoot is not true).")
    if truthy(get(sc, "readOnlyRootFilesystem")) is not True:
        node = key_node(sc, "readOnlyRootFilesystem") or anchor
        ctx.add("iac.k8s.writable-root-fs", node, f"The {who} has a writable root filesystem.")
    limits = get(c, "resources", "limits")
    if limits is None or get(limits, "memory") is None or get(limits, "cpu") is None:
        where = key_node(get(c, "resources"), "limits") or key_node(c, "resources") or anchor
        ctx.add("iac.k8s.no-resource-limits", where, f"The {who} has no cpu/memory limits.")
    image_node = get(c, "image")
    image = scalar(image_node)
    if image is not None and image_node is not None and "{{" not in image:
        _, tag, digest = split_image(image)
        if not digest and tag in ("", "latest"):
            ctx.add("iac.k8s.image-latest", image_node,
                    f"The {who} uses image '{image}' with {'the latest tag' if tag else 'no tag'}.")
        elif not digest:
            ctx.add("iac.k8s.image-no-digest", image_node, f"The {who} uses image '{image}' without a digest.")
    for env in items(get(c, "env")):
        ename = scalar(get(env, "name")) or ""
        value_node = get(env, "value")
        value = scalar(value_node)
        if value is not None and value_node is not None and is_secret_name(ename) and is_literal_secret(value):
            ctx.add("iac.k8s.secret-in-env", value_node,
                    f"The {who} sets {ename} to a literal secret ('{mask(value)}').")


def _check_rbac(ctx: _Ctx, doc: Node, kind: str, name: str) -> None:
    for rule in items(get(doc, "rules")):
        for field in ("apiGroups", "resources", "verbs"):
            for v in items(get(rule, field)):
                if scalar(v) == "*":
                    ctx.add("iac.k8s.rbac-wildcard", v, f"{kind} '{name}' grants '*' in {field}.")
                    break
            else:
                continue
            break


__all__ = ["POD_SPEC_PATHS", "check", "is_manifest", "pairs"]
