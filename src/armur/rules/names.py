"""Name and value heuristics shared by the languages' structural rules: which identifiers name a
secret or a credential, and whether a literal bound to one looks like a real secret."""

from __future__ import annotations

import re

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def words(name: str) -> list[str]:
    """Lower-case words of an identifier: ``resetToken`` and ``RESET_TOKEN`` give ``['reset', 'token']``."""
    return [w for w in re.split(r"[_\-\s.]+", _CAMEL.sub("_", name).lower()) if w]


_SECRET_WORDS = {"token", "password", "passwd", "pwd", "secret", "nonce", "salt", "otp", "totp", "hotp", "csrf",
                 "xsrf", "session", "sessionid", "sid", "apikey", "passphrase", "cookie", "credential",
                 "credentials", "reset", "auth", "passcode"}
_KEY_QUALIFIERS = {"api", "secret", "private", "signing", "encryption", "access", "session", "auth", "crypto",
                   "aes", "hmac", "master", "license", "activation"}
_CODE_QUALIFIERS = {"verification", "verify", "confirm", "confirmation", "activation", "reset", "auth", "otp",
                    "login", "mfa", "2fa", "invite", "recovery", "security"}


def is_secret_name(name: str) -> bool:
    """Whether an identifier names a value that has to be unpredictable (tokens, keys, passwords...)."""
    ws = words(name)
    if not ws:
        return False
    if any(w in _SECRET_WORDS for w in ws):
        return True
    for i, w in enumerate(ws):
        before = set(ws[:i])
        if w in ("key", "keys") and (len(ws) == 1 or before & _KEY_QUALIFIERS):
            return True
        if w in ("code", "pin", "iv") and (w == "iv" or before & _CODE_QUALIFIERS):
            return True
    return False


_CRED_LAST = {"password", "passwd", "pwd", "pass", "passphrase", "secret", "token", "apikey", "credential",
              "credentials"}
_CRED_KEY_QUALIFIERS = {"api", "secret", "private", "signing", "access", "encryption", "client", "master", "app"}
_PLACEHOLDER_WORDS = {"changeit", "example", "sample", "dummy", "placeholder", "redacted", "todo", "fixme", "none",
                      "null", "nil", "undefined", "true", "false", "replace", "replaceme", "insert", "your", "xxx",
                      "secret", "password", "token", "mask", "masked", "hidden", "notset", "unset", "default"}
_PLACEHOLDER_RE = re.compile(
    r"^\s*$|^<.*>$|^\[.*\]$|\$\{|\{\{|\{[A-Za-z_]*\}|%\(|%s|^(.)\1+$|^(?:x+|\*+|\.+|-+|#+)$|^(?:env|vault|secret|ref):",
    re.IGNORECASE,
)


def is_credential_name(name: str) -> bool:
    """Whether a name's last word (or last two) says it holds a credential: ``db_password``, ``API_KEY``."""
    ws = words(name)
    if not ws:
        return False
    last = ws[-1]
    if last in _CRED_LAST:
        return True
    return last == "key" and len(ws) >= 2 and ws[-2] in _CRED_KEY_QUALIFIERS


def looks_like_real_secret(name: str, value: str) -> bool:
    """Whether a literal assigned to a credential-named target looks like a real secret, not a placeholder."""
    v = value.strip()
    if len(v) < 3 or _PLACEHOLDER_RE.search(v) or "***" in v or "xxx" in v.lower():
        return False
    lowered = v.lower()
    vwords = set(words(v))
    if lowered in _PLACEHOLDER_WORDS or (vwords & {"your", "example", "placeholder", "dummy", "redacted"}):
        return False
    if any(ch.isspace() for ch in v):  # prompts and messages: "Enter your password"
        return False
    if lowered.startswith(("http://", "https://", "/", "./", "../")):
        return False
    norm = re.sub(r"[^a-z0-9]", "", lowered)
    if norm == re.sub(r"[^a-z0-9]", "", name.lower()) or norm in {re.sub(r"[^a-z0-9]", "", w) for w in words(name)}:
        return False
    cred_words = {"pass", "password", "passwd", "pwd", "secret", "token", "key", "apikey", "auth", "credential"}
    if re.fullmatch(r"[a-z]+(?:[_\-][a-z]+)+", v) or (
            re.fullmatch(r"[a-z][a-z0-9_\-]*", v) and set(words(v)) & cred_words):
        return False  # form field or identifier: "password_confirm", "csrf_token", "user_pass"
    if re.fullmatch(r"[A-Z][A-Z0-9_]*", v) and ("_" in v or set(words(v)) & cred_words
                                                or re.search(r"PASS|SECRET|TOKEN|KEY", v)):
        return False  # environment variable name: "DB_PASSWORD"
    if not is_password_name(name):
        # tokens, keys and secrets are machine-generated: long, mixing letters and digits, no regex syntax
        mixed = re.search(r"[A-Za-z]", v) and re.search(r"[0-9]", v)
        if len(v) < 8 or not mixed or re.search(r"\\[wdsWDS]|\[\^", v):
            return False
    return True


PASSWORD_WORDS = {"password", "passwd", "pwd", "pass", "passphrase"}


def is_password_name(name: str) -> bool:
    """Whether a name's last word says it holds a password (as opposed to a token or key)."""
    ws = words(name)
    return bool(ws) and ws[-1] in PASSWORD_WORDS


# Values that stand for a credential rather than being one, when the place a literal is passed already
# says it is a credential (a client library's password option): empty, masks, templates, prompts,
# environment variable names ('DB_PASSWORD', 'TOKEN'). A lower-case word is the value sent ('password' in
# `root:password@tcp(db)` is the password), so it is not a stand-in.
_STAND_IN = re.compile(
    r"^(?:|x+|\*+|\.+|-+|#+|<.*>|\[.*\]|\{\{.*\}\}|.*\$\{.*|%[sv]|changeme|change[-_ ]?me|replace[-_ ]?me|"
    r"(?:your|my)[-_ ]?.*|.*(?:example|placeholder|dummy|redacted).*)$",
    re.IGNORECASE)
_ENV_NAME = re.compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$|^[A-Z0-9]*(?:PASS|SECRET|TOKEN|KEY)[A-Z0-9]*$")


def is_placeholder_credential(value: str) -> bool:
    """Whether a literal in a credential's place is a stand-in (placeholder, mask, variable name, prompt)."""
    v = value.strip()
    return bool(_STAND_IN.match(v)) or bool(_ENV_NAME.match(v)) or any(c.isspace() for c in v)
