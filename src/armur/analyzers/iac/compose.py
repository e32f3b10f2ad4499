"""docker compose checks."""

from __future__ import annotations

from armur.analyzers.iac.catalog import finding
from armur.analyzers.iac.common import is_literal_secret, is_secret_name, mask
from armur.analyzers.iac.yamltree import (
    Node, col, get, is_map, is_scalar, is_seq, items, key_node, line, pairs, scalar, truthy,
)
from armur.core.findings import Finding

_SOCKETS = (
    "/var/run/docker.sock", "/run/docker.sock", "/var/run/containerd/containerd.sock", "/run/podman/podman.sock",
)


def is_compose(doc: Node) -> bool:
    """A compose file: top-level `services` mapping whose entries have image or build."""
    services = get(doc, "services") if is_map(doc) else None
    if services is None or not is_map(services):
        return False
    return any(get(s, "image") is not None or get(s, "build") is not None for _, s in pairs(services))


def check(path: str, doc: Node, lines: list[str]) -> list[Finding]:
    """Every compose rule over one compose document."""
    out: list[Finding] = []

    def add(rule: str, node: Node, msg: str) -> None:
        out.append(finding(rule, path, line(node), msg, lines, col(node)))

    for k, svc in pairs(get(doc, "services")):
        name = scalar(k) or "?"
        if truthy(get(svc, "privileged")) is True:
            add("iac.compose.privileged", key_node(svc, "privileged"), f"Service '{name}' runs privileged.")
        for key in ("network_mode", "pid", "ipc"):
            if scalar(get(svc, key)) == "host":
                add("iac.compose.host-network", key_node(svc, key), f"Service '{name}' uses {key}: host.")
        for vol in items(get(svc, "volumes")):
            source = scalar(vol)
            if source is None:
                source = scalar(get(vol, "source"))
            else:
                source = source.split(":", 1)[0]
            if source and source.rstrip("/") in _SOCKETS:
                add("iac.compose.docker-socket", vol, f"Service '{name}' mounts the container runtime socket {source}.")
        env = get(svc, "environment")
        if env is not None and is_map(env):
            for ek, ev in pairs(env):
                value = scalar(ev)
                if is_scalar(ek) and value is not None and is_secret_name(ek.value) and is_literal_secret(value):
                    add("iac.compose.secret-in-env", ek,
                        f"Service '{name}' sets {ek.value} to a literal secret ('{mask(value)}').")
        elif env is not None and is_seq(env):
            for item in items(env):
                text = scalar(item) or ""
                ename, eq, value = text.partition("=")
                if eq and is_secret_name(ename) and is_literal_secret(value):
                    add("iac.compose.secret-in-env", item,
                        f"Service '{name}' sets {ename} to a literal secret ('{mask(value)}').")
    return out
