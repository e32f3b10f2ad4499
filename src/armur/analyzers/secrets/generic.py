"""Generic detector: high-entropy values assigned to secret-looking names, in any language or config format.

It finds a secret-looking name (password, secret, token, api_key, ...), checks that the name
is a whole word of the identifier (not `tokenizer`, `bypass`), parses the assignment that
follows (`=`, `:=`, `:`, `=>`, `,` after a quoted key, `ENV X value` in Dockerfiles), takes the
quoted value (or the unquoted value in .env/YAML/INI/shell files), and judges it: named
filters first, then an entropy threshold that depends on the value's alphabet and length.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from armur.analyzers.secrets import checks
from armur.analyzers.secrets.engine import LC, MC, M, Dropped, Hit, Text
from armur.analyzers.secrets.redact import redact

RULE = "secrets.generic-high-entropy"

_KEYWORD = re.compile(
    r"pass(?:wd|word|phrase)?|pwd|secret|token|api[_.\-]?key|access[_.\-]?key|private[_.\-]?key|"
    r"priv[_.\-]?key|auth[_.\-]?key|credentials?|signing[_.\-]?key|encryption[_.\-]?key|master[_.\-]?key|"
    r"session[_.\-]?key|app[_.\-]?key|client[_.\-]?key|account[_.\-]?key|conn(?:ection)?[_.\-]?str(?:ing)?",
    re.IGNORECASE,
)
_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-$@")
_TAIL = re.compile(
    r"(?P<closeq>\\?[\"'`])?\]?[ \t]*(?:(?P<ann>:[ \t]*[\w.\[\], |]{1,40}?[ \t]*)?"
    r"(?P<op>:=|=>|\?\?=|\|\|=|\?=|=(?!=)|:(?![:=])|,))[ \t]*")
_QUOTED = re.compile(r"(?P<prefix>[rRbBuUfF]{0,2})(?P<q>\\?[\"'`])")
_UNQUOTED = re.compile(r"[^\s\"'`#;,]+")
_ENV_LOOKUP = re.compile(
    r"os\.environ|getenv|process\.env|System\.getenv|ENV\[|ENV\.fetch|\benv\(|Environment\.GetEnvironment|"
    r"std::env|os\.Getenv|\$_ENV|\$_SERVER|\bconfig\(|secrets\.|vault|keyring|get_secret|getSecret|"
    r"SecretManager|\bSecret\(|settings\.|import\.meta\.env|Deno\.env|Config\[", re.IGNORECASE)
_ENV_CALL_BEFORE = re.compile(r"(?:getenv|environ\.get|environ\.setdefault|\benv|ENV\.fetch|Getenv|get)\(\s*$")
# Last words of a name that say the value is not the secret itself.
_NOT_SECRET_WORDS = frozenset({
    "hash", "hashed", "digest", "length", "len", "count", "file", "filename", "path", "dir", "url", "uri",
    "endpoint", "type", "name", "field", "label", "header", "prefix", "suffix", "pattern", "regex", "re",
    "format", "fmt", "env", "var", "variable", "placeholder", "hint", "help", "prompt", "message", "msg",
    "error", "err", "timeout", "ttl", "expiry", "expires", "expiration", "lifetime", "age", "policy", "id",
    "ids", "mode", "method", "class", "kind", "version", "algorithm", "alg", "param", "parameter", "arg",
    "attr", "attribute", "column", "col", "table", "key_name", "keyname", "location", "provider", "store",
    "storage", "source", "min", "max", "size", "limit", "enabled", "disabled", "required", "validator",
    "validators", "strength", "reset", "confirm", "confirmation", "changed", "auth", "index",
    "position", "pos", "secs", "seconds", "usage", "budget", "estimate", "hasher", "hashers",
    "encoder", "decoder", "parser", "generator", "manager", "service", "handler", "factory", "callback",
    "file_path", "filepath", "ref", "reference", "arn", "kms", "scope", "scopes", "audience", "issuer",
})
_NOT_SECRET_FIRST = frozenset({"is", "has", "use", "no", "show", "hide", "enable", "disable", "require",
                               "allow", "should", "check", "validate", "verify", "reset", "forgot", "confirm",
                               "min", "max", "num", "get", "set", "read", "load", "fetch", "gen", "generate",
                               "make", "create", "new", "default", "example", "sample", "dummy", "fake",
                               "test", "mock"})
_UNQUOTED_SUFFIXES = (".env", ".ini", ".cfg", ".conf", ".properties", ".yaml", ".yml", ".sh", ".bash", ".zsh",
                      ".npmrc", ".pypirc", ".envrc", ".toml", ".tfvars", ".netrc", ".service", ".pgpass")
_UNQUOTED_NAMES = ("dockerfile", "containerfile", ".env", "credentials", ".npmrc", ".pypirc", ".netrc",
                   "makefile", ".envrc", "env")


def allows_unquoted(display: str) -> bool:
    """Whether bare values (`KEY=value`, `key: value`) count in this kind of file."""
    name = display.rsplit("/", 1)[-1].lower()
    return (name.endswith(_UNQUOTED_SUFFIXES) or name.startswith(_UNQUOTED_NAMES) or ".env." in name
            or name.endswith(".env.example"))


def _words(name: str) -> list[str]:
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", name)
    return [w for w in re.split(r"[^A-Za-z0-9]+", spaced.lower()) if w]


def _keyword_is_word(name: str, k_start: int, k_end: int) -> bool:
    """The keyword stands as a word of the identifier: not inside `bypass`, `tokenizer`, `passenger`."""
    upper_name = name.upper() == name
    if k_start > 0:
        prev, first = name[k_start - 1], name[k_start]
        if prev.isalpha() and not upper_name and not (prev.islower() and first.isupper()):
            return False
    if k_end < len(name):
        nxt = name[k_end]
        rest = name[k_end:]
        if nxt.isalpha() and not upper_name and not nxt.isupper():
            if not re.match(r"s(?:$|[^a-z])", rest):
                return False
    return True


def scan(t: Text, taken: list[tuple[int, int]]) -> Iterator[Hit | Dropped]:
    """Generic assignments of secret-looking values. `taken` are spans provider detectors already reported."""
    text = t.text
    unquoted_ok = allows_unquoted(t.display)
    is_docker = t.display.rsplit("/", 1)[-1].lower().startswith(("dockerfile", "containerfile"))
    seen_names: set[int] = set()
    for km in _KEYWORD.finditer(text):
        # Expand to the whole name.
        ns = km.start()
        while ns > 0 and text[ns - 1] in _NAME_CHARS:
            ns -= 1
        ne = km.end()
        while ne < len(text) and text[ne] in _NAME_CHARS:
            ne += 1
        if ns in seen_names:
            continue
        seen_names.add(ns)
        raw_name = text[ns:ne]
        name = raw_name.lstrip("$@.").rstrip(".-")
        if not name:
            continue
        offset = raw_name.find(name)
        k_start, k_end = km.start() - ns - offset, km.end() - ns - offset
        if k_start < 0 or k_end > len(name) or not _keyword_is_word(name, k_start, k_end):
            continue
        words = _words(name)
        if not words or words[-1] in _NOT_SECRET_WORDS or words[0] in _NOT_SECRET_FIRST:
            continue
        name_end = ns + len(raw_name.rstrip(".-"))
        opened = text[ns - 1] if ns > 0 else ""
        tail = _TAIL.match(text, name_end)
        op = tail.group("op") if tail else " "
        if tail is None:
            if is_docker:
                tail = re.compile(r"[ \t]+").match(text, name_end)
                line_start = t.starts[t.line_of(ns) - 1]
                if tail is None or not re.match(r"\s*(?:ENV|ARG)\s", text[line_start:ns]):
                    continue
            else:
                continue
        elif op == "," and not (tail.group("closeq") and opened in "\"'`"
                                and text[max(0, ns - 41):ns - 1].rstrip().endswith("(")):
            continue  # `f("api_key", "...")` is an assignment; `{"a_token", "b"}` is a list
        elif op == ":" and text[tail.end():tail.end() + 2] in ("//", ":"):
            continue
        vstart = tail.end()
        line_no = t.line_of(ns)
        line_end = t.line_span(line_no)[1]
        qm = _QUOTED.match(text, vstart)
        if op == "," and _ENV_CALL_BEFORE.search(text[max(0, ns - 40):ns - 1]):
            if qm:
                yield Dropped(RULE, line_no, "env-lookup", "")
            continue
        value: str
        if qm:
            q = qm.group("q")
            close = text.find(q, qm.end(), line_end)
            if close < 0:
                continue
            value_start, value_end = qm.end(), close
            value = text[value_start:value_end]
            if "f" in qm.group("prefix").lower() and "{" in value:
                yield Dropped(RULE, line_no, "template", "")
                continue
        else:
            rest = text[vstart:line_end]
            if _ENV_LOOKUP.match(rest) or re.match(r"[\w.]*(?:environ|getenv|env)\b", rest, re.IGNORECASE):
                yield Dropped(RULE, line_no, "env-lookup", "")
                continue
            if not unquoted_ok and not is_docker:
                continue
            um = _UNQUOTED.match(text, vstart)
            if um is None or rest[:1] in "|>&*!{[":
                continue
            value_start, value_end = um.start(), um.end()
            value = um.group(0)
        if len(value) < 8 or len(value) > 300:
            continue
        if any(s < value_end and value_start < e for s, e in taken):
            continue
        reason = checks.value_filters(value)
        if reason is None and value.lower() in name.lower():
            reason = "identifier"
        if reason is None:
            reason = _entropy_reason(value, words)
        if reason:
            yield Dropped(RULE, line_no, reason, redact(value))
            continue
        ent = checks.shannon_entropy(value)
        strong = ent >= checks.entropy_threshold(value, 0.9) and len(value) >= 16
        yield Hit(RULE, f"hard-coded value of '{name}'", value_start, value_end, M, MC if strong else LC,
                  (("entropy", f"{ent:.2f}"), ("name", name), ("validated", "entropy")))


def _entropy_reason(value: str, words: list[str]) -> str | None:
    """'low-entropy' unless the value looks random enough for a credential assigned to this name."""
    is_password = any(w.startswith(("pass", "pwd")) for w in words)
    ent = checks.shannon_entropy(value)
    if is_password:
        classes = sum(bool(re.search(p, value)) for p in (r"[a-z]", r"[A-Z]", r"[0-9]", r"[^A-Za-z0-9]"))
        if classes >= 3 and ent >= 2.9 or ent >= checks.entropy_threshold(value, 0.75):
            return None
        return "low-entropy"
    if len(value) < 16:
        return "too-short"
    if not re.search(r"[0-9]", value) and checks.charset_size(value) > 16:
        # Random tokens of 16+ characters almost always contain a digit; words and identifiers do not.
        return "low-entropy"
    return None if ent >= checks.entropy_threshold(value, 0.8) else "low-entropy"
