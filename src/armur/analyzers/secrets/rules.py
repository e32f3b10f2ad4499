"""Rule records of the secrets analyzer: one per credential family."""

from __future__ import annotations

from armur.core.findings import Confidence, Severity
from armur.core.rules import Rule, RuleDoc

ANALYZER = "secrets"
_LANGS = ("any",)
_FIX = (
    "Revoke or rotate the credential now: it is in the repository history even after the line is "
    "deleted. Then load it at run time from the environment or a secret manager, and keep it out of "
    "version control (.gitignore the file, or use `armur scan --history` to find every commit that holds it)."
)
_REFS = (
    "https://owasp.org/Top10/A07_2021-Identification_and_Authentication_Failures/",
    "https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html",
)
_WHY = (
    "Anyone who can read the code, a clone, a fork, a build artefact or the git history can use the "
    "credential with its owner's rights. Leaked keys are found by automated scanners within minutes "
    "of a public push."
)


def _rule(rid: str, title: str, sev: Severity, conf: Confidence, what: str, example: str,
          cwe: tuple[int, ...] = (798,), refs: tuple[str, ...] = ()) -> Rule:
    return Rule(
        id=f"secrets.{rid}", title=title, severity=sev, confidence=conf, cwe=cwe, owasp="A07",
        languages=_LANGS, analyzer=ANALYZER,
        doc=RuleDoc(what=what, why=_WHY, example=example, fix=_FIX, references=refs + _REFS),
        tags=("secrets",),
    )


C, H, M, L = Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW
HC, MC, LC = Confidence.HIGH, Confidence.MEDIUM, Confidence.LOW

RULES: tuple[Rule, ...] = (
    _rule("aws-access-key", "AWS access key", C, HC,
          "An AWS access key id (AKIA/ASIA...). Paired with a 40-character secret access key within "
          "five lines it is reported as a key pair (critical, high confidence); alone, as high severity "
          "with medium confidence. AWS's documented example keys are ignored.",
          'AWS_ACCESS_KEY_ID = "AKIA…"\nAWS_SECRET_ACCESS_KEY = "wJal…"',
          refs=("https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html",)),
    _rule("aws-secret-key", "AWS secret access key", H, MC,
          "A 40-character AWS secret access key assigned to a name such as aws_secret_access_key, "
          "without its access key id nearby.",
          'aws_secret_access_key = "…"'),
    _rule("github-token", "GitHub token", H, HC,
          "GitHub classic tokens (ghp_, gho_, ghu_, ghs_, ghr_) whose last six characters are the "
          "base62 CRC32 checksum of the random part, and fine-grained personal access tokens (github_pat_).",
          'GITHUB_TOKEN = "ghp_…"',
          refs=("https://github.blog/2021-04-05-behind-githubs-new-authentication-token-formats/",)),
    _rule("gitlab-token", "GitLab token", H, HC,
          "GitLab personal, deploy, runner and trigger tokens (glpat-, gldt-, glrt-, glptt-).",
          'private_token = "glpat-…"'),
    _rule("slack-token", "Slack token", H, HC,
          "Slack bot, user, app and configuration tokens (xoxb-, xoxp-, xoxa-, xoxe-, xoxr-, xoxs-).",
          'SLACK_BOT_TOKEN = "xoxb-…"'),
    _rule("slack-webhook", "Slack incoming webhook URL", M, HC,
          "A Slack incoming webhook URL (hooks.slack.com/services/T.../B.../...): anyone holding it can "
          "post into the channel.",
          'WEBHOOK = "https://hooks.slack.com/services/T…/B…/…"'),
    _rule("stripe-key", "Stripe live secret key", C, HC,
          "Stripe live secret and restricted keys (sk_live_, rk_live_). Test-mode keys (sk_test_) are "
          "not reported.",
          'stripe.api_key = "sk_live_…"'),
    _rule("google-api-key", "Google API key", H, HC,
          "A Google Cloud / Firebase API key (AIza followed by 35 characters).",
          'GOOGLE_API_KEY = "AIza…"'),
    _rule("gcp-service-account", "Google Cloud service account key", C, HC,
          "A service-account JSON key file: \"type\": \"service_account\" together with a private_key.",
          '{"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----\\n…"}',
          cwe=(798, 321)),
    _rule("azure-storage-key", "Azure storage account key", C, HC,
          "An Azure storage account key (AccountKey=, 64 bytes in base64) or a Service Bus / Event Hubs "
          "shared access key (SharedAccessKey=), usually inside a connection string.",
          'conn = "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=…"'),
    _rule("twilio-key", "Twilio API key or account credentials", H, MC,
          "A Twilio API key SID (SK + 32 hex), or an account SID (AC + 32 hex) with a 32-hex auth token "
          "within three lines.",
          'TWILIO_API_KEY = "SK…"'),
    _rule("sendgrid-key", "SendGrid API key", H, HC,
          "A SendGrid API key (SG.<22 chars>.<43 chars>).",
          'SENDGRID_API_KEY = "SG.…"'),
    _rule("npm-token", "npm access token", H, HC,
          "An npm access token (npm_ followed by 30 random characters and a base62 CRC32 checksum).",
          "//registry.npmjs.org/:_authToken=npm_…",
          refs=("https://github.blog/changelog/2021-09-23-npm-has-a-new-access-token-format/",)),
    _rule("pypi-token", "PyPI upload token", H, HC,
          "A PyPI or TestPyPI API token (a macaroon: pypi-AgEIcHlwaS5vcmc...).",
          "password = pypi-AgEIcHlwaS5vcmc…"),
    _rule("openai-key", "OpenAI API key", H, HC,
          "OpenAI API keys: sk-..., sk-proj-..., sk-svcacct-..., sk-admin-... High confidence when the key "
          "carries OpenAI's embedded marker, medium otherwise.",
          'OPENAI_API_KEY = "sk-proj-…"'),
    _rule("anthropic-key", "Anthropic API key", H, HC,
          "Anthropic API and admin keys (sk-ant-api03-..., sk-ant-admin01-...).",
          'ANTHROPIC_API_KEY = "sk-ant-…"'),
    _rule("jwt", "JSON Web Token", M, HC,
          "A JSON Web Token: three base64url parts whose header decodes to JSON with an \"alg\" field. "
          "A committed token is a bearer credential until it expires (and some never do). The jwt.io "
          "example token is ignored.",
          'AUTH = "eyJ…"', cwe=(798, 522)),
    _rule("private-key", "Private key", H, HC,
          "A PEM, OpenSSH or PGP private key block with a key body. Encrypted keys are reported at medium "
          "severity.",
          "-----BEGIN RSA PRIVATE KEY-----\nMIIE…", cwe=(798, 321)),
    _rule("database-url", "Database or broker URL with a password", H, HC,
          "A postgres://, mysql://, mongodb(+srv)://, redis://, amqp:// (and similar) URL carrying a "
          "password. Template variables, placeholders and well-known local defaults (such as "
          "postgres:postgres@localhost) are ignored.",
          'DATABASE_URL = "postgres://app:…@db.internal:5432/app"', cwe=(798, 522)),
    _rule("generic-high-entropy", "Hard-coded secret", M, MC,
          "A high-entropy value assigned to a name such as password, secret, token, api_key, private_key "
          "or client_secret, in any language or configuration format (`x = \"...\"`, `x: ...`, "
          "`\"x\": \"...\"`, `X=...` in .env). The entropy threshold depends on the value's alphabet and "
          "length; placeholders, template variables, environment lookups, hashes and test values are "
          "ignored.",
          'client_secret = "…"'),
)

RULE_IDS = frozenset(r.id for r in RULES)
