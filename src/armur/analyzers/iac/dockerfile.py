"""Dockerfile checks. A small parser of our own: instructions with continuation lines joined."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass

from armur.analyzers.iac.catalog import finding
from armur.analyzers.iac.common import is_literal_secret, is_secret_name, mask, split_image
from armur.core.findings import Finding

_INSTRUCTIONS = frozenset(
    "FROM RUN CMD LABEL MAINTAINER EXPOSE ENV ADD COPY ENTRYPOINT VOLUME USER WORKDIR ARG ONBUILD "
    "STOPSIGNAL HEALTHCHECK SHELL".split()
)
_DIRECTIVE = re.compile(r"^#\s*(syntax|escape|check)\s*=", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Instruction:
    """One Dockerfile instruction: keyword, argument text (continuations joined) and position."""

    keyword: str
    args: str
    line: int
    col: int


def looks_like_dockerfile_name(basename: str) -> bool:
    """Conventional Dockerfile / Containerfile names: Dockerfile, Dockerfile.prod, api.Dockerfile, x.dockerfile."""
    b = basename.lower()
    if b.endswith((".md", ".txt", ".py", ".sh", ".json", ".yml", ".yaml", ".j2", ".tpl", ".template", ".erb")):
        return False
    return "dockerfile" in b or "containerfile" in b


def parse(text: str) -> list[Instruction]:
    """Instructions of a Dockerfile, with line continuations joined and comments dropped."""
    out: list[Instruction] = []
    escape = "\\"
    lines = text.splitlines()
    for ln in lines[:5]:
        m = re.match(r"^#\s*escape\s*=\s*(\S)", ln, re.IGNORECASE)
        if m:
            escape = m.group(1)
    i = 0
    heredoc_end: str | None = None
    while i < len(lines):
        raw = lines[i]
        stripped = raw.strip()
        if heredoc_end is not None:
            if stripped == heredoc_end:
                heredoc_end = None
            i += 1
            continue
        if not stripped or stripped.startswith("#"):
            i += 1
            continue
        start, col = i + 1, len(raw) - len(raw.lstrip()) + 1
        parts = [stripped]
        while parts[-1].endswith(escape) and i + 1 < len(lines):
            parts[-1] = parts[-1][:-1]
            i += 1
            nxt = lines[i].strip()
            if nxt.startswith("#"):
                parts.append("")
                continue
            parts.append(nxt)
        i += 1
        joined = " ".join(p for p in parts if p)
        keyword, _, args = joined.partition(" ")
        kw = keyword.upper()
        if kw not in _INSTRUCTIONS:
            continue
        m = re.search(r"<<-?\s*[\"']?(\w+)[\"']?", args) if kw in ("RUN", "COPY") else None
        if m:
            heredoc_end = m.group(1)
        out.append(Instruction(kw, args.strip(), start, col))
    return out


def is_dockerfile(text: str) -> bool:
    """Content check: the first instruction is FROM (or ARG before FROM) and a FROM exists."""
    ins = parse(text)
    if not ins or ins[0].keyword not in ("FROM", "ARG"):
        return False
    return any(i.keyword == "FROM" for i in ins)


def _words(args: str) -> list[str]:
    try:
        return shlex.split(args, posix=True)
    except ValueError:
        return args.split()


def _strip_flags(words: list[str]) -> list[str]:
    return [w for w in words if not w.startswith("--")]


def _exec_or_shell(args: str) -> str:
    """RUN/CMD argument as a command string (JSON exec form joined with spaces)."""
    a = args.strip()
    if a.startswith("["):
        return " ".join(re.findall(r'"((?:[^"\\]|\\.)*)"', a))
    return a


_PIPE_SHELL = re.compile(
    r"\b(curl|wget)\b[^|;&]*\|\s*(sudo\s+)?(-?\w+=\S+\s+)*(ba|z|da|k|fi)?sh\b|"
    r"\b(curl|wget)\b[^|;&]*\|\s*(sudo\s+)?(python\d?|perl|ruby|node|php)\b|"
    r"\b(ba|z)?sh\s+(-c\s+)?[\"']?\$\(\s*(curl|wget)\b|"
    r"\b(ba|z)?sh\s+<\(\s*(curl|wget)\b"
)
_SUDO = re.compile(r"(^|[;&|(]\s*|\s)sudo\s")
_APT_INSTALL = re.compile(r"\bapt(-get)?\s+(-\S+\s+)*install\b")
_PIP_INSTALL = re.compile(r"\bpip[0-9.]*\s+install\b([^;&|]*)")
_SECRET_FILE = re.compile(
    r"(?i)(^|/)(id_rsa|id_dsa|id_ecdsa|id_ed25519|\.env|\.env\.[\w.-]+|credentials(\.json)?|\.npmrc|\.pypirc|"
    r"\.netrc|\.git-credentials|\.dockercfg|\.docker/config\.json|[\w.-]+\.pem|[\w.-]+\.key|[\w.-]+\.p12|"
    r"[\w.-]+\.pfx|service[-_]?account[\w.-]*\.json|htpasswd|\.htpasswd|\.aws/?|\.ssh/?)$"
)
_SECRET_FILE_OK = re.compile(r"(?i)(\.env\.(example|sample|template|dist)|\.pub)$")


def _stages(ins: list[Instruction]) -> list[list[Instruction]]:
    stages: list[list[Instruction]] = []
    for i in ins:
        if i.keyword == "FROM" or not stages:
            stages.append([])
        stages[-1].append(i)
    return stages


def check(path: str, text: str) -> list[Finding]:
    """Every Dockerfile rule over one file."""
    lines = text.splitlines()
    ins = parse(text)
    out: list[Finding] = []
    stage_names: set[str] = set()
    args_defaults: dict[str, str] = {}
    for i in ins:
        if i.keyword == "FROM":
            words = _strip_flags(_words(i.args))
            if not words:
                continue
            image = words[0]
            if len(words) >= 3 and words[1].lower() == "as":
                stage_names.add(words[2].lower())
            if image.lower() in stage_names or image.lower() == "scratch":
                continue
            if "$" in image:
                resolved = re.sub(r"\$\{?(\w+)\}?", lambda m: args_defaults.get(m.group(1), "$"), image)
                if "$" in resolved:
                    continue
                image = resolved
            _, tag, digest = split_image(image)
            if not digest and tag in ("", "latest"):
                what = "the `latest` tag" if tag else "no tag (defaults to latest)"
                out.append(finding("iac.dockerfile.unpinned-base-image", path, i.line,
                                   f"Base image '{image}' uses {what}; builds are not reproducible.", lines, i.col))
        elif i.keyword == "ARG":
            for w in _words(i.args):
                name, eq, value = w.partition("=")
                if eq:
                    args_defaults.setdefault(name, value)
        if i.keyword in ("ENV", "ARG"):
            out.extend(_check_env(path, i, lines))
        elif i.keyword == "ADD":
            srcs = _strip_flags(_words(i.args))[:-1]
            if any(s.startswith(("http://", "https://")) for s in srcs) and "--checksum" not in i.args:
                out.append(finding("iac.dockerfile.add-from-url", path, i.line,
                                   "ADD downloads a remote URL without integrity verification.", lines, i.col))
        if i.keyword in ("COPY", "ADD"):
            srcs = _strip_flags(_words(i.args))[:-1]
            for s in srcs:
                name = s.rstrip("/") if s.endswith("/") and s.strip("/") in (".ssh", ".aws") else s
                if _SECRET_FILE.search(name) and not _SECRET_FILE_OK.search(name):
                    out.append(finding("iac.dockerfile.secret-file-copied", path, i.line,
                                       f"{i.keyword} copies the credential file '{s}' into an image layer.",
                                       lines, i.col))
                    break
        elif i.keyword == "RUN":
            out.extend(_check_run(path, i, lines))
        elif i.keyword == "EXPOSE":
            ports = [w.split("/")[0] for w in _words(i.args)]
            if "22" in ports:
                out.append(finding("iac.dockerfile.exposed-ssh", path, i.line,
                                   "EXPOSE 22 publishes an SSH port.", lines, i.col))
    stages = _stages(ins)
    if stages and stages[-1] and stages[-1][0].keyword == "FROM":
        final = stages[-1]
        users = [i for i in final if i.keyword == "USER"]
        if not users:
            # A USER set in the stage this one is built FROM carries over.
            base = (_strip_flags(_words(final[0].args)) or [""])[0].lower()
            inherited = [i for s in stages[:-1] if s and s[0].keyword == "FROM" and
                         base in [w.lower() for w in _words(s[0].args)[-1:]] for i in s if i.keyword == "USER"]
            users = inherited
        if not users:
            out.append(finding("iac.dockerfile.root-user", path, final[0].line,
                               "The final stage sets no USER, so the container runs as root.", lines, final[0].col))
        else:
            last = users[-1]
            user = (_words(last.args) or [""])[0].split(":")[0]
            if user in ("root", "0") and last in final:
                out.append(finding("iac.dockerfile.root-user", path, last.line,
                                   f"The final stage's last USER is '{user}'; the container runs as root.",
                                   lines, last.col))
        if not any(i.keyword == "HEALTHCHECK" for s in stages for i in s):
            out.append(finding("iac.dockerfile.missing-healthcheck", path, final[0].line,
                               "The image declares no HEALTHCHECK.", lines, final[0].col))
    return out


def _check_env(path: str, i: Instruction, lines: list[str]) -> list[Finding]:
    words = _words(i.args)
    pairs: list[tuple[str, str]] = []
    if i.keyword == "ENV" and words and "=" not in words[0]:
        pairs.append((words[0], " ".join(words[1:])))  # legacy `ENV KEY value`
    else:
        for w in words:
            name, eq, value = w.partition("=")
            if eq:
                pairs.append((name, value))
    for name, value in pairs:
        if is_secret_name(name) and is_literal_secret(value):
            return [finding("iac.dockerfile.secret-in-env", path, i.line,
                            f"{i.keyword} {name} holds a literal secret ('{mask(value)}') that is stored in the "
                            "image.", lines, i.col)]
    return []


def _check_run(path: str, i: Instruction, lines: list[str]) -> list[Finding]:
    out: list[Finding] = []
    cmd = _exec_or_shell(i.args)
    if _PIPE_SHELL.search(cmd):
        out.append(finding("iac.dockerfile.curl-pipe-shell", path, i.line,
                           "RUN pipes a downloaded script straight into an interpreter.", lines, i.col))
    if _SUDO.search(" " + cmd):
        out.append(finding("iac.dockerfile.sudo", path, i.line, "RUN uses sudo.", lines, i.col))
    if _APT_INSTALL.search(cmd):
        missing = []
        if "--no-install-recommends" not in cmd and "APT::Install-Recommends" not in cmd:
            missing.append("--no-install-recommends")
        if not re.search(r"rm\s+-(r?f|f?r)\w*\s+[^;&]*/var/lib/apt/lists", cmd) and "--mount=type=cache" not in cmd:
            missing.append("rm -rf /var/lib/apt/lists/*")
        if missing:
            out.append(finding("iac.dockerfile.apt-hygiene", path, i.line,
                               f"apt-get install without {' and '.join(missing)}.", lines, i.col))
    for m in _PIP_INSTALL.finditer(cmd):
        pkgs = [w for w in m.group(1).split() if not w.startswith("-") and w not in (".", "..")]
        if "-r" in m.group(1).split() or "--requirement" in m.group(1) or "-e" in m.group(1).split():
            pkgs = [p for p in pkgs if not p.endswith((".txt", ".in"))]
        loose = [p for p in pkgs if re.match(r"^[A-Za-z0-9][\w.\-\[\],]*$", p) and "==" not in p
                 and not p.endswith((".whl", ".txt", ".tar.gz", ".zip")) and "/" not in p and "$" not in p
                 and p.lower() not in ("pip", "setuptools", "wheel", "install")]
        if loose:
            out.append(finding("iac.dockerfile.pip-unpinned", path, i.line,
                               f"pip install of {', '.join(loose[:3])} without version pins.", lines, i.col))
            break
    return out
