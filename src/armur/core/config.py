"""Configuration: `[tool.armur]` in pyproject.toml or a `.armur.toml` file, overridden by CLI flags."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from armur.core.findings import Severity

DEFAULT_MAX_FILE_SIZE = 2 * 1024 * 1024


class ConfigError(Exception):
    """A configuration file or value is invalid. The message names the key."""


@dataclass(frozen=True)
class Config:
    """Everything that changes what a scan looks at and reports."""

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    enable: tuple[str, ...] = ()  # rule ids or globs; empty means all rules
    disable: tuple[str, ...] = ()
    severity: tuple[tuple[str, Severity], ...] = ()  # rule id -> overridden severity
    fail_on: Severity | None = Severity.LOW  # None: never fail on findings
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    analyzers: tuple[str, ...] = ()  # empty means all
    jobs: int = 0  # 0: one worker per core
    use_cache: bool = True
    cache_dir: str | None = None
    respect_gitignore: bool = True
    source: str = ""  # file the config came from, for messages
    base_dir: str = ""  # include/exclude globs are relative to this directory ("" = the working directory)
    # Which inputs the taint analysis takes as attacker-controlled: "remote" (network requests) and,
    # with "local", operator input too (command line, environment, standard input).
    threat_model: tuple[str, ...] = ("remote",)

    def with_overrides(self, **kw: Any) -> Config:
        """Copy with the given fields replaced (CLI flags win over the file)."""
        return replace(self, **{k: v for k, v in kw.items() if v is not None})

    def severity_for(self, rule_id: str) -> Severity | None:
        """Overridden severity for a rule, if any."""
        for rid, sev in self.severity:
            if rid == rule_id:
                return sev
        return None


_KEYS = {
    "include", "exclude", "enable", "disable", "severity", "fail-on", "max-file-size", "analyzers",
    "jobs", "respect-gitignore", "threat-model",
}
THREAT_MODELS = ("remote", "local")


def parse_fail_on(value: str) -> Severity | None:
    """Parse a fail-on level; 'none' or 'never' means never fail."""
    if value.strip().lower() in ("none", "never", "off"):
        return None
    return Severity.parse(value)


def parse_threat_model(values: tuple[str, ...] | list[str], where: str) -> tuple[str, ...]:
    """Validate threat model names; "remote" is always included (a local attacker has it too)."""
    names = {v.strip().lower() for v in values if v.strip()}
    bad = sorted(names - set(THREAT_MODELS))
    if bad:
        raise ConfigError(f"{where}: unknown threat model '{bad[0]}' (known: {', '.join(THREAT_MODELS)})")
    return tuple(t for t in THREAT_MODELS if t in names or t == "remote")


def _str_list(key: str, value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: '{key}' must be a list of strings")
    return tuple(value)


def config_from_mapping(data: dict[str, Any], where: str, base_dir: str = "") -> Config:
    """Validate a `[tool.armur]` table. Unknown keys and bad values raise ConfigError naming them."""
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: armur configuration must be a table")
    for key in data:
        if key not in _KEYS:
            known = ", ".join(sorted(_KEYS))
            raise ConfigError(f"{where}: unknown key '{key}' (known keys: {known})")
    kw: dict[str, Any] = {"source": where, "base_dir": base_dir}
    for key in ("include", "exclude", "enable", "disable", "analyzers"):
        if key in data:
            kw[key] = _str_list(key, data[key], where)
    if "severity" in data:
        table = data["severity"]
        if not isinstance(table, dict):
            raise ConfigError(f"{where}: 'severity' must be a table of rule id = severity")
        pairs = []
        for rid, sev in table.items():
            if not isinstance(sev, str):
                raise ConfigError(f"{where}: 'severity.{rid}' must be a severity name (string)")
            try:
                pairs.append((rid, Severity.parse(sev)))
            except ValueError as e:
                raise ConfigError(f"{where}: 'severity.{rid}': {e}") from None
        kw["severity"] = tuple(pairs)
    if "fail-on" in data:
        v = data["fail-on"]
        if not isinstance(v, str):
            raise ConfigError(f"{where}: 'fail-on' must be a string")
        try:
            kw["fail_on"] = parse_fail_on(v)
        except ValueError as e:
            raise ConfigError(f"{where}: 'fail-on': {e}") from None
    if "max-file-size" in data:
        v = data["max-file-size"]
        if not isinstance(v, int) or isinstance(v, bool) or v <= 0:
            raise ConfigError(f"{where}: 'max-file-size' must be a positive integer (bytes)")
        kw["max_file_size"] = v
    if "jobs" in data:
        v = data["jobs"]
        if not isinstance(v, int) or isinstance(v, bool) or v < 0:
            raise ConfigError(f"{where}: 'jobs' must be a non-negative integer")
        kw["jobs"] = v
    if "respect-gitignore" in data:
        v = data["respect-gitignore"]
        if not isinstance(v, bool):
            raise ConfigError(f"{where}: 'respect-gitignore' must be true or false")
        kw["respect_gitignore"] = v
    if "threat-model" in data:
        kw["threat_model"] = parse_threat_model(_str_list("threat-model", data["threat-model"], where), where)
    return Config(**kw)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: invalid TOML: {e}") from None
    except OSError as e:
        raise ConfigError(f"{path}: cannot read: {e.strerror}") from None


def _armur_table(data: dict[str, Any], where: Path) -> Any:
    tool = data.get("tool", {})
    if not isinstance(tool, dict):
        raise ConfigError(f"{where}: 'tool' must be a table")
    return tool.get("armur")


def load_config(explicit: str | None = None, start: Path | None = None) -> Config:
    """Load configuration.

    With `explicit`, read that file (a `.armur.toml`-style file, or a pyproject.toml whose
    `[tool.armur]` is used). Otherwise look for `.armur.toml`, then `pyproject.toml` with a
    `[tool.armur]` table, in `start` (default: the current directory) and its parents, stopping
    at the top of the git repository. Include/exclude globs are relative to the file's directory.
    """
    if explicit:
        p = Path(explicit)
        if not p.is_file():
            raise ConfigError(f"config file not found: {explicit}")
        data = _read_toml(p)
        base = str(p.absolute().parent)
        if p.name == "pyproject.toml":
            table = _armur_table(data, p)
            return config_from_mapping(table if table is not None else {}, f"{p} [tool.armur]", base)
        return config_from_mapping(data, str(p), base)
    here = (start or Path.cwd()).absolute()
    for d in [here, *here.parents]:
        dot = d / ".armur.toml"
        if dot.is_file():
            return config_from_mapping(_read_toml(dot), str(dot), str(d))
        pp = d / "pyproject.toml"
        if pp.is_file():
            table = _armur_table(_read_toml(pp), pp)
            if table is not None:
                return config_from_mapping(table, f"{pp} [tool.armur]", str(d))
        if (d / ".git").exists():
            break
    return Config()
