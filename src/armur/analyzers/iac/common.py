"""Helpers shared by the IaC checks: secret-looking names and values, image references."""

from __future__ import annotations

import re

_SECRET_NAME = re.compile(
    r"(?i)(passw(or)?d|passwd|(^|_)pwd($|_)|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|"
    r"client[_-]?secret|credential|auth[_-]?key|encryption[_-]?key|signing[_-]?key|(^|_)dsn$)"
)
# Names that hold a reference to a secret rather than the secret itself.
_REFERENCE_NAME = re.compile(
    r"(?i)(_file|_path|_dir|_url|_uri|_endpoint|_host|_name|_id|_type|_version|_length|_ttl|_expir\w*|"
    r"_header|_enabled|_required|_mode|_env|_ref|_arn|_secret_name|_prefix|_suffix)$"
)
_PLACEHOLDER = re.compile(r"^(\$|\{\{|<|%|\*+$)|^(none|null|true|false|yes|no|changeme_in_env)$", re.IGNORECASE)


def is_secret_name(name: str) -> bool:
    """True for variable names that normally hold a secret (DB_PASSWORD, API_TOKEN, ...)."""
    return bool(_SECRET_NAME.search(name)) and not _REFERENCE_NAME.search(name)


def is_literal_secret(value: str) -> bool:
    """True when a value is a literal worth reporting: not empty, not a ${VAR} or template reference."""
    v = value.strip().strip("\"'")
    if len(v) < 4 or _PLACEHOLDER.search(v):
        return False
    if v.startswith("/") or v.startswith("./"):  # a path to a secret file
        return False
    return "${" not in v and "{{" not in v


def split_image(image: str) -> tuple[str, str, str]:
    """Split an image reference into (name, tag, digest); tag/digest are '' when absent."""
    digest = ""
    if "@" in image:
        image, digest = image.split("@", 1)
    tag = ""
    last = image.rsplit("/", 1)[-1]
    if ":" in last:
        image, tag = image.rsplit(":", 1)
    return image, tag, digest


def mask(value: str) -> str:
    """A secret value shortened so it is never printed whole."""
    v = value.strip().strip("\"'")
    return (v[:2] + "…") if len(v) > 2 else "…"
