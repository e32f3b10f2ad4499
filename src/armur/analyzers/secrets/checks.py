"""Value checks shared by the detectors: entropy, checksums and the named filters.

A *filter* decides that a candidate is not a real secret (a placeholder, a template variable,
a documented example, a test value, ...). Every filter has a stable name; the name is counted
in the analyzer's per-file facts, so a security engineer can see why a candidate was not
reported (see docs/secrets.md).
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
import zlib
from collections import Counter

BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def shannon_entropy(value: str) -> float:
    """Shannon entropy of the value's characters, in bits per character."""
    if not value:
        return 0.0
    n = len(value)
    return -sum(c / n * math.log2(c / n) for c in Counter(value).values())


def charset_size(value: str) -> int:
    """Size of the smallest common alphabet the value fits in (hex 16, alnum 62, base64 64, printable 94)."""
    if re.fullmatch(r"[0-9a-f]+", value) or re.fullmatch(r"[0-9A-F]+", value):
        return 16
    if re.fullmatch(r"[A-Za-z0-9]+", value):
        return 62
    if re.fullmatch(r"[A-Za-z0-9+/=_\-]+", value):
        return 64
    return 94


def entropy_threshold(value: str, factor: float = 0.8) -> float:
    """Entropy a random value of this length and alphabet clearly exceeds.

    A random string of length n over an alphabet of size k has at most log2(min(n, k)) bits
    per character; real random values come close to it. `factor` of that bound separates them
    from words, identifiers and repeated patterns.
    """
    return factor * math.log2(max(2, min(len(value), charset_size(value))))


def base62_crc32(data: str) -> str:
    """CRC32 of the data, written in 6 base62 digits (0-9A-Za-z), zero-padded on the left."""
    n = zlib.crc32(data.encode("ascii", "replace"))
    digits = ""
    while n:
        n, r = divmod(n, 62)
        digits = BASE62[r] + digits
    return digits.rjust(6, "0")


def valid_base62_checksum(token: str, prefix_len: int) -> bool:
    """GitHub-style token check: the last 6 characters are base62(crc32(the characters between prefix and them))."""
    body = token[prefix_len:-6]
    return len(body) > 0 and base62_crc32(body) == token[-6:]


def b64url_json(part: str) -> object | None:
    """Decode one base64url segment to JSON, or None."""
    try:
        raw = base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
        decoded: object = json.loads(raw.decode("utf-8"))
        return decoded
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None


def b64_len(value: str) -> int:
    """Number of bytes a standard base64 value decodes to, or -1 when it is not valid base64."""
    try:
        return len(base64.b64decode(value, validate=True))
    except (binascii.Error, ValueError):
        return -1


# ----------------------------------------------------------------------------------------------
# Filters. Each returns the filter's name when it decides the value is not a secret, else None.

_TEMPLATE = re.compile(
    r"\$\{|\{\{|\{%|#\{|%\(|\$\(|<%|\[\[|^\$[A-Za-z_][A-Za-z0-9_]*$|^%[A-Za-z_][A-Za-z0-9_]*%$"
    r"|\{[A-Za-z_][\w.]*\}|^@@?[A-Za-z_]+@@?$|^__[A-Z_]+__$"
)
_PLACEHOLDER_WORDS = re.compile(
    r"your[_\-\s]?(?:own[_\-\s]?)?(?:api[_\-\s]?)?(?:key|token|secret|pass|password|pwd|here)|change[_\-\s]?me"
    r"|placeholder|redacted|replace[_\-\s]?(?:me|this|with)|insert[_\-\s]|put[_\-\s]your|enter[_\-\s]your"
    r"|\bto[_\-\s]?do\b|fixme|xxxx|\*\*\*|\.\.\.|<[^<>]+>|\bnot[_\-\s]?set\b|\bnone\b|\bnull\b",
    re.IGNORECASE,
)
_PLAIN_WORDS = frozenset({
    "password", "passwd", "secret", "token", "apikey", "api_key", "key", "private", "privatekey", "true",
    "false", "none", "null", "nil", "undefined", "empty", "required", "optional", "default", "string", "str",
    "bytes", "hidden", "masked", "unset", "missing", "admin", "root", "user", "username", "guest", "pass",
    "letmein", "qwerty", "welcome", "secretkey", "mysecret", "supersecret", "topsecret", "s3cr3t", "p@ssw0rd",
    "password1", "password123", "secret123", "abc123",
})
_EXAMPLE = re.compile(r"EXAMPLE|example|Example|sample|SAMPLE")
_TEST_WORDS = re.compile(r"test|dummy|fake|mock|sample|foo|bar\b|lorem|ipsum|demo|invalid|bogus|fixture",
                         re.IGNORECASE)
_ENCRYPTED = re.compile(r"^ENC\[|^\$ANSIBLE_VAULT|^!vault|^vault:|^AQICAH|^enc:|^ENC\(|^encrypted:", re.IGNORECASE)
_HASHED = re.compile(r"^\$(?:2[abxy]?|5|6|argon2(?:id|i|d)?|scrypt|pbkdf2[-_\w]*|y|7)\$|^(?:pbkdf2_sha\d+|bcrypt|"
                     r"argon2|sha\d+|md5)\$|^\{(?:SSHA|SHA|SMD5|MD5|CRYPT|PBKDF2)[^}]*\}", re.IGNORECASE)
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_SEQUENCES = ("0123456789", "abcdefghijklmnopqrstuvwxyz", "qwertyuiop", "asdfghjkl", "zxcvbnm")


def template_filter(value: str) -> str | None:
    """`${VAR}`, `{{ var }}`, `%(name)s`, `<%= x %>`, `$VAR`, f-string fields: a value filled in elsewhere."""
    return "template" if _TEMPLATE.search(value) else None


def placeholder_filter(value: str) -> str | None:
    """`changeme`, `<your-key>`, `xxxx`, `***`, `...`, `your_token_here`, bare words like `password`."""
    if _PLACEHOLDER_WORDS.search(value):
        return "placeholder"
    if value.lower().strip("_-.!") in _PLAIN_WORDS:
        return "placeholder"
    return None


def example_filter(value: str) -> str | None:
    """Documented example values: AWS's `...EXAMPLE` keys, `example`/`sample` in the value."""
    return "example-value" if _EXAMPLE.search(value) else None


def test_value_filter(value: str) -> str | None:
    """Obvious test fixtures: `test`, `dummy`, `fake`, `mock`, `foo`, `lorem`, ... in the value."""
    return "test-value" if _TEST_WORDS.search(value) else None


def repeated_filter(value: str) -> str | None:
    """All-same or nearly all-same characters (`aaaaaaaa`, `0000-0000`, `ababababab`)."""
    if re.search(r"(.)\1{5,}", value):
        return "repeated-chars"
    core = re.sub(r"[^A-Za-z0-9]", "", value)
    if len(core) >= 8 and len(set(core)) <= max(2, len(core) // 8):
        return "repeated-chars"
    if len(core) >= 12:
        for w in (2, 3, 4):
            if core[:w] * (len(core) // w) == core[: w * (len(core) // w)]:
                return "repeated-chars"
    return None


def sequential_filter(value: str) -> str | None:
    """Runs of 6 or more sequential characters (`123456`, `abcdef`, `qwerty`), forwards or backwards."""
    low = value.lower()
    for seq in _SEQUENCES:
        for i in range(len(seq) - 5):
            run = seq[i:i + 6]
            if run in low or run[::-1] in low:
                return "sequential"
    return None


def encrypted_filter(value: str) -> str | None:
    """Values encrypted at rest (sops `ENC[...]`, Ansible Vault, KMS ciphertext): safe to commit."""
    return "encrypted-value" if _ENCRYPTED.search(value) else None


def hashed_filter(value: str) -> str | None:
    """Password hashes (bcrypt `$2b$`, argon2, pbkdf2, LDAP `{SSHA}`): not the password itself."""
    return "hashed-value" if _HASHED.search(value) else None


def shape_filter(value: str) -> str | None:
    """Values shaped like something other than a secret: UUIDs, numbers, paths, URLs, prose, identifiers."""
    if _UUID.match(value):
        return "uuid"
    if re.fullmatch(r"[0-9.,:+\-eE ]+", value):
        return "numeric"
    if re.match(r"^(?:[a-z][a-z0-9+.\-]*://|www\.)", value, re.IGNORECASE) and "@" not in value:
        return "url"
    if re.match(r"^(?:~|\.{1,2})?/[\w.\-/]+$", value) or re.search(
            r"\.(?:pem|key|crt|cer|json|ya?ml|txt|p12|pfx|jks|keystore|env|ini|cfg|conf|toml)$", value,
            re.IGNORECASE):
        return "file-reference"
    if re.search(r"\s\S+\s", value) or value.count(" ") >= 2:
        return "prose"
    # snake_case / kebab-case / dotted / CamelCase words without digits: identifiers or messages.
    if re.fullmatch(r"[A-Za-z]+(?:[_.\-:][A-Za-z]+)*", value) and not re.search(r"[a-z][A-Z].*[a-z][A-Z].*[A-Z]",
                                                                                value):
        return "identifier"
    if re.fullmatch(r"[A-Z0-9_]+", value) and "_" in value:
        return "identifier"
    return None


def value_filters(value: str) -> str | None:
    """Every value filter, in a fixed order; the first that decides names the reason."""
    for f in (template_filter, encrypted_filter, hashed_filter, placeholder_filter, example_filter,
              test_value_filter, repeated_filter, sequential_filter, shape_filter):
        reason = f(value)
        if reason:
            return reason
    return None


def token_filters(value: str) -> str | None:
    """Filters for provider-format tokens: their random part must not be a placeholder or a pattern."""
    for f in (template_filter, example_filter, placeholder_filter, repeated_filter, sequential_filter):
        reason = f(value)
        if reason:
            return reason
    return None
