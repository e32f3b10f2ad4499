"""The detection engine: text in, candidate secrets (reported or filtered, with the reason) out.

Used by the per-file analyzer and by the git-history scan. It never executes anything and
never keeps a secret value beyond the call: callers receive spans and redactions.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from armur.analyzers.secrets import checks
from armur.analyzers.secrets.redact import redact
from armur.core.findings import Confidence, Severity

C, H, M, L = Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW
HC, MC, LC = Confidence.HIGH, Confidence.MEDIUM, Confidence.LOW


@dataclass(frozen=True, slots=True)
class Hit:
    """A candidate the engine reports. `start`/`end` are offsets of the secret value in the text."""

    rule_id: str
    label: str
    start: int
    end: int
    severity: Severity
    confidence: Confidence
    meta: tuple[tuple[str, str], ...] = ()
    also: tuple[tuple[int, int], ...] = ()  # further secret spans that belong to this finding


@dataclass(frozen=True, slots=True)
class Dropped:
    """A candidate a filter decided was not a secret. Holds no value, only its redaction."""

    rule_id: str
    line: int
    filter: str
    redacted: str


@dataclass(slots=True)
class ScanResult:
    """Everything the engine found in one text."""

    hits: list[Hit] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)


class Text:
    """A text with fast offset -> (line, column) mapping. Lines split like str.splitlines()."""

    _BREAK = re.compile(r"\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")

    def __init__(self, text: str, display: str) -> None:
        self.text = text
        self.display = display
        self.starts = [0] + [m.end() for m in self._BREAK.finditer(text)]

    def line_of(self, offset: int) -> int:
        """1-based line number of an offset."""
        return bisect.bisect_right(self.starts, offset)

    def col_of(self, offset: int) -> int:
        """1-based column of an offset."""
        return offset - self.starts[self.line_of(offset) - 1] + 1

    def line_span(self, line: int) -> tuple[int, int]:
        """(start, end) offsets of a 1-based line, without its terminator."""
        start = self.starts[line - 1]
        end = self.starts[line] if line < len(self.starts) else len(self.text)
        while end > start and self.text[end - 1] in "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029":
            end -= 1
        return start, end

    def line_text(self, line: int) -> str:
        """Text of a 1-based line."""
        s, e = self.line_span(line)
        return self.text[s:e]

    def embedded_in_blob(self, start: int, end: int) -> bool:
        """True when the match is a slice of a much longer base64-like run (images, lockfile hashes)."""
        blob = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=_-"
        lo, hi = start, end
        limit_lo, limit_hi = max(0, start - 64), min(len(self.text), end + 64)
        while lo > limit_lo and self.text[lo - 1] in blob:
            lo -= 1
        while hi < limit_hi and self.text[hi] in blob:
            hi += 1
        return (end - start) + 48 <= hi - lo


Emit = Iterator[Hit | Dropped]


def _drop(t: Text, rule: str, start: int, value: str, reason: str) -> Dropped:
    return Dropped(f"secrets.{rule}", t.line_of(start), reason, redact(value))


def _hit(rule: str, label: str, start: int, end: int, sev: Severity, conf: Confidence,
         **meta: str) -> Hit:
    return Hit(f"secrets.{rule}", label, start, end, sev, conf, tuple(sorted(meta.items())))


# ------------------------------------------------------------------------------------------
# Provider detectors. Each takes the Text and yields hits and dropped candidates.

_AWS_ID = re.compile(r"(?<![A-Za-z0-9/+=])((?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16})(?![A-Za-z0-9/+=])")
_AWS_SECRET = re.compile(r"(?<![A-Za-z0-9/+=])([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])")


def _aws_secret_ok(v: str) -> bool:
    return (any(c.islower() for c in v) and any(c.isupper() for c in v) and any(c.isdigit() for c in v)
            and checks.shannon_entropy(v) >= 4.2 and checks.token_filters(v) is None)


def aws(t: Text) -> Emit:
    """AWS access key ids, paired with a secret access key within five lines when there is one."""
    for m in _AWS_ID.finditer(t.text):
        kid = m.group(1)
        reason = checks.token_filters(kid)
        if reason:
            yield _drop(t, "aws-access-key", m.start(1), kid, reason)
            continue
        line = t.line_of(m.start(1))
        lo = t.starts[max(0, line - 6)]
        hi = t.line_span(min(len(t.starts), line + 5))[1]
        pair = None
        for s in _AWS_SECRET.finditer(t.text, lo, hi):
            if _aws_secret_ok(s.group(1)):
                pair = s
                break
        if pair is not None:
            h = _hit("aws-access-key", "AWS access key pair", m.start(1), m.end(1), C, HC,
                     provider="aws", validated="paired-secret-key",
                     secret_key_line=str(t.line_of(pair.start(1))))
            yield Hit(h.rule_id, h.label, h.start, h.end, h.severity, h.confidence, h.meta,
                      also=((pair.start(1), pair.end(1)),))
        else:
            yield _hit("aws-access-key", "AWS access key id", m.start(1), m.end(1), H, MC,
                       provider="aws", validated="structure")


_GH_CLASSIC = re.compile(r"(?<![A-Za-z0-9_])(gh[pousr]_[A-Za-z0-9]{36})(?![A-Za-z0-9_])")
_GH_FINE = re.compile(r"(?<![A-Za-z0-9_])(github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})(?![A-Za-z0-9_])")
_GH_KIND = {"p": "personal access token (classic)", "o": "OAuth access token", "u": "user-to-server token",
            "s": "server-to-server token", "r": "refresh token"}


def _checksummed(t: Text, m: re.Match[str], kind: str, title: str, provider: str) -> Emit:
    """A `xxx_` token whose last six characters are a base62 CRC32 of the rest (GitHub classic, npm)."""
    tok = m.group(1)
    prefix = tok.index("_") + 1
    reason = "checksum-invalid" if not checks.valid_base62_checksum(tok, prefix) else checks.token_filters(tok[prefix:])
    if reason:
        yield _drop(t, kind, m.start(1), tok, reason)
    else:
        yield _hit(kind, title, m.start(1), m.end(1), H, HC, provider=provider, validated="crc32-checksum")


def github(t: Text) -> Emit:
    """GitHub classic tokens (CRC32 checksum checked) and fine-grained personal access tokens."""
    for m in _GH_CLASSIC.finditer(t.text):
        yield from _checksummed(t, m, "github-token", f"GitHub {_GH_KIND[m.group(1)[2]]}", "github")
    for m in _GH_FINE.finditer(t.text):
        tok = m.group(1)
        reason = checks.token_filters(tok[11:])
        if reason:
            yield _drop(t, "github-token", m.start(1), tok, reason)
            continue
        yield _hit("github-token", "GitHub fine-grained personal access token", m.start(1), m.end(1), H, HC,
                   provider="github", validated="structure")


_NPM = re.compile(r"(?<![A-Za-z0-9_])(npm_[A-Za-z0-9]{36})(?![A-Za-z0-9_])")


def npm(t: Text) -> Emit:
    """npm access tokens (CRC32 checksum checked)."""
    for m in _NPM.finditer(t.text):
        yield from _checksummed(t, m, "npm-token", "npm access token", "npm")


def _simple(rule: str, label: str, pattern: str, sev: Severity, conf: Confidence, provider: str,
            body_from: int = 0, validate: Callable[[str], str | None] | None = None,
            blob_check: bool = True) -> Callable[[Text], Emit]:
    """A detector for one token format: regex group 1 is the token, `body_from` where its random part starts."""
    rx = re.compile(pattern)

    def detect(t: Text) -> Emit:
        for m in rx.finditer(t.text):
            tok = m.group(1)
            reason = checks.token_filters(tok[body_from:])
            if reason is None and validate is not None:
                reason = validate(tok)
            if reason is None and blob_check and t.embedded_in_blob(m.start(1), m.end(1)):
                reason = "embedded-in-blob"
            if reason:
                yield _drop(t, rule, m.start(1), tok, reason)
                continue
            yield _hit(rule, label, m.start(1), m.end(1), sev, conf, provider=provider, validated="structure")

    detect.__doc__ = f"{label} ({rule})."
    return detect


def _slack_validate(tok: str) -> str | None:
    last = tok.rsplit("-", 1)[-1]
    if len(last) < 16 or checks.shannon_entropy(last) < 3.3:
        return "low-entropy"
    return None


def _entropy_at_least(bits: float, start: int = 0) -> Callable[[str], str | None]:
    def check(tok: str) -> str | None:
        return None if checks.shannon_entropy(tok[start:]) >= bits else "low-entropy"
    return check


gitlab = _simple("gitlab-token", "GitLab token",
                 r"(?<![A-Za-z0-9_-])((?:glpat|gldt|glrt|glptt)-[A-Za-z0-9_-]{20}(?:[A-Za-z0-9_.-]{7,80})?)"
                 r"(?![A-Za-z0-9_-])", H, HC, "gitlab", body_from=6, validate=_entropy_at_least(3.4, 6))
slack_token = _simple("slack-token", "Slack token",
                      r"(?<![A-Za-z0-9-])(xox[abposer]-[0-9]{8,15}-[0-9A-Za-z-]{16,120})(?![A-Za-z0-9-])",
                      H, HC, "slack", body_from=5, validate=_slack_validate)
slack_webhook = _simple("slack-webhook", "Slack incoming webhook",
                        r"(https://hooks\.slack\.com/services/T[A-Z0-9]{8,12}/B[A-Z0-9]{8,12}/[A-Za-z0-9]{24})"
                        r"(?![A-Za-z0-9])", M, HC, "slack", body_from=31, blob_check=False)
google_api = _simple("google-api-key", "Google API key",
                     r"(?<![A-Za-z0-9_-])(AIza[0-9A-Za-z_-]{35})(?![A-Za-z0-9_-])", H, HC, "google", body_from=4,
                     validate=_entropy_at_least(3.8, 4))
sendgrid = _simple("sendgrid-key", "SendGrid API key",
                   r"(?<![A-Za-z0-9_-])(SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])", H, HC,
                   "sendgrid", body_from=3, validate=_entropy_at_least(4.0, 3))
pypi = _simple("pypi-token", "PyPI API token",
               r"(?<![A-Za-z0-9_-])(pypi-(?:AgEIcHlwaS5vcmc|AgENdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{50,})"
               r"(?![A-Za-z0-9_-])", H, HC, "pypi", body_from=30)
anthropic = _simple("anthropic-key", "Anthropic API key",
                    r"(?<![A-Za-z0-9_-])(sk-ant-(?:api|admin|oat)\d\d-[A-Za-z0-9_-]{80,120})(?![A-Za-z0-9_-])",
                    H, HC, "anthropic", body_from=14, validate=_entropy_at_least(4.5, 14))

_STRIPE = re.compile(r"(?<![A-Za-z0-9_])((?:sk|rk)_(live|test)_[A-Za-z0-9]{20,247})(?![A-Za-z0-9_])")


def stripe(t: Text) -> Emit:
    """Stripe live secret and restricted keys; test-mode keys are counted as filtered (`test-mode`)."""
    for m in _STRIPE.finditer(t.text):
        tok = m.group(1)
        reason = "test-mode" if m.group(2) == "test" else checks.token_filters(tok[8:])
        if reason is None and checks.shannon_entropy(tok[8:]) < 3.5:
            reason = "low-entropy"
        if reason:
            yield _drop(t, "stripe-key", m.start(1), tok, reason)
            continue
        kind = "secret" if tok.startswith("sk") else "restricted"
        yield _hit("stripe-key", f"Stripe live {kind} key", m.start(1), m.end(1), C, HC, provider="stripe",
                   validated="structure")


_OPENAI = re.compile(r"(?<![A-Za-z0-9_-])(sk-(?!ant-)(?:(proj|svcacct|admin)-)?[A-Za-z0-9_-]{32,200})"
                     r"(?![A-Za-z0-9_-])")


def openai(t: Text) -> Emit:
    """OpenAI keys: high confidence with the embedded marker or a project/service prefix, else medium."""
    for m in _OPENAI.finditer(t.text):
        tok = m.group(1)
        body = tok[3 + (len(m.group(2)) + 1 if m.group(2) else 0):]
        reason = checks.token_filters(body)
        if reason is None and (checks.shannon_entropy(body) < 4.0 or not re.search(r"[0-9]", body)
                               or not re.search(r"[A-Z]", body) or not re.search(r"[a-z]", body)):
            reason = "low-entropy"
        if reason is None and t.embedded_in_blob(m.start(1), m.end(1)):
            reason = "embedded-in-blob"
        if reason:
            yield _drop(t, "openai-key", m.start(1), tok, reason)
            continue
        if "T3BlbkFJ" in tok:
            yield _hit("openai-key", "OpenAI API key", m.start(1), m.end(1), H, HC, provider="openai",
                       validated="embedded-marker")
        elif m.group(2) and len(body) >= 64:
            yield _hit("openai-key", "OpenAI API key", m.start(1), m.end(1), H, HC, provider="openai",
                       validated="structure")
        elif not m.group(2) and len(body) == 48 and "-" not in body and "_" not in body:
            yield _hit("openai-key", "OpenAI-style API key", m.start(1), m.end(1), H, MC, provider="openai",
                       validated="structure")
        else:
            yield _drop(t, "openai-key", m.start(1), tok, "unrecognised-format")


_AZURE = re.compile(r"(?:AccountKey|SharedAccessKey)\s*=\s*([A-Za-z0-9+/]{40,90}={0,2})(?![A-Za-z0-9+/=])",
                    re.IGNORECASE)


def azure(t: Text) -> Emit:
    """Azure storage account keys (64 bytes) and shared access keys (32 bytes) in connection strings."""
    for m in _AZURE.finditer(t.text):
        key = m.group(1)
        n = checks.b64_len(key)
        reason = checks.token_filters(key)
        if reason is None and n not in (32, 64):
            reason = "bad-length"
        if reason is None and checks.shannon_entropy(key) < 4.5:
            reason = "low-entropy"
        if reason:
            yield _drop(t, "azure-storage-key", m.start(1), key, reason)
            continue
        label = "Azure storage account key" if n == 64 else "Azure shared access key"
        yield _hit("azure-storage-key", label, m.start(1), m.end(1), C, HC, provider="azure",
                   validated="base64-length")


_TWILIO = re.compile(r"(?<![A-Za-z0-9])((SK|AC)[0-9a-f]{32})(?![A-Za-z0-9])")
_HEX32 = re.compile(r"(?<![A-Za-z0-9_\-/.+])([0-9a-f]{32})(?![A-Za-z0-9_\-/.])")


def twilio(t: Text) -> Emit:
    """Twilio API key SIDs (SK...) and account SIDs (AC...) with an auth token within three lines."""
    for m in _TWILIO.finditer(t.text):
        tok = m.group(1)
        reason = checks.token_filters(tok[2:])
        if reason is None and checks.shannon_entropy(tok[2:]) < 3.2:
            reason = "low-entropy"
        if reason:
            yield _drop(t, "twilio-key", m.start(1), tok, reason)
            continue
        if m.group(2) == "SK":
            yield _hit("twilio-key", "Twilio API key", m.start(1), m.end(1), H, MC, provider="twilio",
                       validated="structure")
            continue
        line = t.line_of(m.start(1))
        lo, hi = t.starts[max(0, line - 4)], t.line_span(min(len(t.starts), line + 3))[1]
        candidates = [x for x in _HEX32.finditer(t.text, lo, hi)
                      if checks.shannon_entropy(x.group(1)) >= 3.2 and checks.token_filters(x.group(1)) is None]
        # Prefer a value on a line that names it a token, then the nearest one.
        candidates.sort(key=lambda x: (not re.search(r"(?i)token|auth", t.line_text(t.line_of(x.start(1)))),
                                       abs(t.line_of(x.start(1)) - line)))
        token = candidates[0] if candidates else None
        if token is None:
            yield _drop(t, "twilio-key", m.start(1), tok, "account-sid-without-token")
            continue
        yield Hit("secrets.twilio-key", "Twilio account credentials", m.start(1), m.end(1), H, HC,
                  (("auth_token_line", str(t.line_of(token.start(1)))), ("provider", "twilio"),
                   ("validated", "paired-auth-token")), also=((token.start(1), token.end(1)),))


_JWT = re.compile(r"(?<![A-Za-z0-9_-])(eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{0,1024})"
                  r"(?![A-Za-z0-9_-])")


def jwt(t: Text) -> Emit:
    """JSON Web Tokens whose header decodes to JSON with an `alg` and whose payload is a JSON object."""
    for m in _JWT.finditer(t.text):
        tok = m.group(1)
        head, payload, sig = tok.split(".")
        header = checks.b64url_json(head)
        body = checks.b64url_json(payload)
        if not isinstance(header, dict) or "alg" not in header or not isinstance(body, dict):
            yield _drop(t, "jwt", m.start(1), tok, "not-a-jwt")
            continue
        text = str(body)
        if "John Doe" in text or body.get("sub") == "1234567890":
            yield _drop(t, "jwt", m.start(1), tok, "example-value")
            continue
        signed = bool(sig) and str(header.get("alg", "")).lower() != "none"
        yield _hit("jwt", "JSON Web Token" if signed else "unsigned JSON Web Token", m.start(1), m.end(1), M,
                   HC if signed else MC, provider="jwt", validated="jwt-header", alg=str(header.get("alg")))


_PEM_BEGIN = re.compile(r"-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP |ED25519 |SSH2 )?PRIVATE KEY"
                        r"(?: BLOCK)?)-----")
_B64_CHARS = re.compile(r"[A-Za-z0-9+/=]")


def private_key(t: Text) -> Emit:
    """PEM / OpenSSH / PGP private key blocks with a real-looking body (on separate or `\\n`-escaped lines)."""
    for m in _PEM_BEGIN.finditer(t.text):
        kind = m.group(1)
        end_marker = f"-----END {kind}-----"
        stop = t.text.find(end_marker, m.end(), m.end() + 20000)
        body_end = stop if stop >= 0 else min(len(t.text), m.end() + 4000)
        body = t.text[m.end():body_end]
        body_lines = [ln for ln in re.split(r"\\n|\\r|[\r\n]", body)
                      if ln.strip() and ":" not in ln and not ln.strip().startswith("=")]
        chars = "".join(_B64_CHARS.findall("".join(body_lines)))
        value_end = stop + len(end_marker) if stop >= 0 else body_end
        value = t.text[m.start():value_end]
        reason = None
        if "..." in body or "…" in body or checks.placeholder_filter(body) or "<" in body:
            reason = "placeholder"
        elif len(chars) < 64:
            reason = "no-key-body"
        elif checks.shannon_entropy(chars) < 5.0:
            reason = "low-entropy"
        if reason:
            yield _drop(t, "private-key", m.start(), value, reason)
            continue
        encrypted = "ENCRYPTED" in kind or "Proc-Type: 4,ENCRYPTED" in body
        yield _hit("private-key", f"{'encrypted ' if encrypted else ''}{kind.title().replace('Rsa', 'RSA')}",
                   m.end(), value_end, M if encrypted else H, HC, provider="private-key",
                   validated="pem-body", encrypted=str(encrypted).lower())


_DB_URL = re.compile(
    r"(?P<scheme>postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|oracle|"
    r"cockroachdb|clickhouse)(?:\+[a-z0-9]+)?://(?P<user>[^:/?#@\s\"'`<>]*):(?P<pw>[^@/?#\s\"'`]+)@"
    r"(?P<host>[^/?#\s\"'`:,]+)", re.IGNORECASE)
_LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "0.0.0.0", "::1", "db", "database", "postgres", "postgresql",
                          "mysql", "mariadb", "redis", "rabbitmq", "mongo", "mongodb", "host.docker.internal",
                          "example.com", "host", "hostname"})
_DEFAULT_PASSWORDS = frozenset({"postgres", "password", "root", "guest", "admin", "example", "secret", "pass",
                                "mysql", "redis", "mongo", "user", "test", "changeme"})


def database_url(t: Text) -> Emit:
    """Database and broker URLs with an inline password."""
    for m in _DB_URL.finditer(t.text):
        pw, user, host = m.group("pw"), m.group("user"), m.group("host").lower()
        reason = (checks.template_filter(pw) or checks.placeholder_filter(pw) or checks.example_filter(pw)
                  or checks.test_value_filter(pw) or checks.repeated_filter(pw))
        if reason is None and (host in _LOCAL_HOSTS or host.endswith(".local") or host.endswith(".example")) and (
                pw.lower() in _DEFAULT_PASSWORDS or pw == user or len(pw) < 6):
            reason = "local-default-credentials"
        if reason is None and (pw.startswith("$") or pw.startswith("%")):
            reason = "template"
        if reason:
            yield _drop(t, "database-url", m.start("pw"), pw, reason)
            continue
        scheme = m.group("scheme").lower()
        yield _hit("database-url", f"{scheme} URL with a password", m.start("pw"), m.end("pw"), H,
                   HC if len(pw) >= 8 else MC, provider=scheme, validated="structure")


_SA_TYPE = re.compile(r"[\"']type[\"']\s*:\s*[\"']service_account[\"']")
_SA_KEY = re.compile(r"[\"']private_key[\"']\s*:\s*[\"'](-----BEGIN PRIVATE KEY-----[^\"']{64,}?)[\"']")


def gcp_service_account(t: Text) -> Emit:
    """Google Cloud service-account key files (type service_account + private_key)."""
    if not _SA_TYPE.search(t.text):
        return
    for m in _SA_KEY.finditer(t.text):
        key = m.group(1)
        body = key[len("-----BEGIN PRIVATE KEY-----"):]
        if "..." in body or checks.placeholder_filter(body) or len(_B64_CHARS.findall(body)) < 64:
            yield _drop(t, "gcp-service-account", m.start(1), key, "placeholder")
            continue
        yield _hit("gcp-service-account", "Google Cloud service account key", m.start(1), m.end(1), C, HC,
                   provider="google", validated="service-account-json")


# Cheap substring gates: a detector runs only when one of its markers is in the text.
PROVIDERS: tuple[tuple[tuple[str, ...], Callable[[Text], Emit]], ...] = (
    (("AKIA", "ASIA", "ABIA", "ACCA"), aws),
    (("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"), github),
    (("npm_",), npm),
    (("glpat-", "gldt-", "glrt-", "glptt-"), gitlab),
    (("xox",), slack_token),
    (("hooks.slack.com",), slack_webhook),
    (("AIza",), google_api),
    (("SG.",), sendgrid),
    (("pypi-",), pypi),
    (("sk-ant-",), anthropic),
    (("_live_", "_test_"), stripe),
    (("sk-",), openai),
    (("ccountKey", "ccountkey", "ACCOUNTKEY", "ccessKey", "ccesskey"), azure),
    (("SK", "AC"), twilio),
    (("eyJ",), jwt),
    (("PRIVATE KEY",), private_key),
    (("://",), database_url),
    (("service_account",), gcp_service_account),
)
