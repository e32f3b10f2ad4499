"""Per-detector fixtures: fake credentials in real formats and realistic decoys, checked exactly by (rule, line)."""

from __future__ import annotations

import json

import pytest
from secrets_fakes import Fakes

from armur.analyzers.secrets import SecretsAnalyzer
from armur.analyzers.secrets.checks import base62_crc32, valid_base62_checksum
from armur.core.analyzer import SourceFile

Entry = tuple[str, str | None]


def build(entries: list[Entry]) -> tuple[str, set[tuple[str, int]]]:
    """Join entries into a text; an entry's rule applies to its first line."""
    lines: list[str] = []
    expected: set[tuple[str, int]] = set()
    for text, rule in entries:
        if rule:
            expected.add((f"secrets.{rule}", len(lines) + 1))
        lines.extend(text.split("\n"))
    return "\n".join(lines) + "\n", expected


def found(display: str, text: str) -> set[tuple[str, int]]:
    res = SecretsAnalyzer().analyze(SourceFile(display, display, text))
    assert res.skip is None
    return {(f.rule_id, f.line) for f in res.findings}


def check(display: str, entries: list[Entry]) -> None:
    text, expected = build(entries)
    got = found(display, text)
    assert got == expected, f"missing: {expected - got}, unexpected: {got - expected}"


@pytest.fixture
def fk() -> Fakes:
    return Fakes(1234)


def test_python_source(fk: Fakes) -> None:
    check("app/settings.py", [
        ("import os", None),
        (f'GITHUB_TOKEN = "{fk.github_classic()}"', "github-token"),
        (f"oauth = '{fk.github_classic('o')}'", "github-token"),
        (f'fine = "{fk.github_fine()}"', "github-token"),
        (f'BAD_CHECKSUM = "{fk.github_bad_checksum()}"', None),
        (f'stripe.api_key = "{fk.stripe()}"', "stripe-key"),
        (f'restricted = "{fk.stripe("rk")}"', "stripe-key"),
        (f'STRIPE_TEST = "{fk.stripe_test()}"', None),
        (f'client = OpenAI(api_key="{fk.openai_proj()}")', "openai-key"),
        (f'legacy = "{fk.openai_legacy()}"', "openai-key"),
        (f'claude = Anthropic(api_key="{fk.anthropic()}")', "anthropic-key"),
        (f'maps_key = "{fk.google_api()}"', "google-api-key"),
        (f'sg = SendGridAPIClient("{fk.sendgrid()}")', "sendgrid-key"),
        (f'DATABASE_URL = "postgresql://app:{fk.db_password()}@db1.internal.acme.io:5432/app"', "database-url"),
        (f'BROKER = "amqp://worker:{fk.db_password()}@mq.acme.io:5672/"', "database-url"),
        (f'cache = redis.from_url("redis://:{fk.db_password()}@cache.acme.io:6379/0")', "database-url"),
        (f'MONGO = "mongodb+srv://svc:{fk.db_password()}@cluster0.ab12c.mongodb.net/prod"', "database-url"),
        ('LOCAL = "postgres://postgres:postgres@localhost:5432/dev"', None),
        ('TEMPLATED = "mysql://root:${MYSQL_PASSWORD}@db:3306/app"', None),
        (f'client_secret = "{fk.s(32)}"', "generic-high-entropy"),
        (f'password = "{fk.password()}"', "generic-high-entropy"),
        ('password = os.environ["DB_PASSWORD"]', None),
        ('token = os.getenv("API_TOKEN")', None),
        ('api_key = "<your-api-key>"', None),
        ('secret = "changeme"', None),
        ('SECRET_KEY = "xxxxxxxxxxxxxxxxxxxxxxxx"', None),
        ('password_hash = "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW"', None),
        ('tokenizer = "bert-base-uncased-tokenizer-v2"', None),
        ('password_field = "input[name=password]"', None),
        ('TOKEN_URL = "https://oauth2.googleapis.com/token"', None),
        (f'request_id = "{fk.uuid()}"', None),
        (f'commit = "{fk.git_sha()}"', None),
        ('api_key = f"{prefix}-{suffix}-value"', None),
        ('x = "AKIAIOSFODNN7EXAMPLE"', None),
        ('if password == "hunter2hunter2":', None),
        ('test_password = "Sup3r$ecretV4lue!"', None),
        ('api_key = "test-key-0123456789abcdef"', None),
    ])


def test_aws_pair_and_alone(fk: Fakes) -> None:
    text, _ = build([
        ("[default]", None),
        (f"aws_access_key_id = {fk.aws_key_id()}", None),
        (f"aws_secret_access_key = {fk.aws_secret()}", None),
    ])
    res = SecretsAnalyzer().analyze(SourceFile("credentials", "credentials", text))
    assert [(f.rule_id, f.line, f.severity.value, f.confidence.value) for f in res.findings] == [
        ("secrets.aws-access-key", 2, "critical", "high")]
    assert dict(res.findings[0].metadata)["secret_key_line"] == "3"
    check("deploy.js", [
        (f"const keyId = '{fk.aws_key_id('ASIA')}';", "aws-access-key"),
        ("const region = 'eu-west-1';", None),
    ])
    check("ci.yml", [
        ("env:", None),
        (f"  AWS_SECRET_ACCESS_KEY: {fk.aws_secret()}", "aws-secret-key"),
    ])


def test_env_file(fk: Fakes) -> None:
    check(".env", [
        ("# production settings", None),
        (f"SLACK_BOT_TOKEN={fk.slack_bot()}", "slack-token"),
        (f"SLACK_USER_TOKEN={fk.slack_user()}", "slack-token"),
        (f"SLACK_WEBHOOK_URL={fk.slack_webhook()}", "slack-webhook"),
        (f"TWILIO_API_KEY={fk.twilio_sk()}", "twilio-key"),
        (f"TWILIO_ACCOUNT_SID={fk.twilio_ac()}", "twilio-key"),
        (f"TWILIO_AUTH_TOKEN={fk.hex32()}", None),  # reported with the account SID above
        (f"GITLAB_TOKEN={fk.gitlab()}", "gitlab-token"),
        (f"SESSION_SECRET={fk.s(40)}", "generic-high-entropy"),
        ("DB_PASSWORD=${DB_PASSWORD}", None),
        ("API_KEY=", None),
        ("SECRET_TOKEN=your_token_here", None),
        ("DEBUG=true", None),
    ])


def test_yaml_json_ini_toml(fk: Fakes) -> None:
    check("config/prod.yaml", [
        ("database:", None),
        ("  host: db.acme.io", None),
        (f"  password: {fk.password()}", "generic-high-entropy"),
        ("  token: ${{ secrets.DEPLOY_TOKEN }}", None),
        ("  api_key: '{{ vault_api_key }}'", None),
        ("  secret: ENC[AES256_GCM,data:Tr7o1fCkTr7o1fCk,iv:abcd,tag:efgh,type:str]", None),
        (f"  azure: \"{fk.azure_conn()}\"", "azure-storage-key"),
    ])
    check("settings.json", [
        ("{", None),
        (f'  "apiKey": "{fk.s(32)}",', "generic-high-entropy"),
        (f'  "npmToken": "{fk.npm()}",', "npm-token"),
        ('  "password": "",', None),
        ('  "integrity": "' + fk.sha512_integrity() + '",', None),
        ('  "secretName": "prod/db/password"', None),
        ("}", None),
    ])
    check("setup.cfg", [
        ("[pypi]", None),
        ("username = __token__", None),
        (f"password = {fk.pypi()}", "pypi-token"),
    ])
    check("pyproject.toml", [
        ("[tool.app]", None),
        (f'signing_key = "{fk.s(48, "0123456789abcdef")}"', "generic-high-entropy"),
        ('token_env = "APP_TOKEN"', None),
    ])


def test_private_keys_and_service_account(fk: Fakes) -> None:
    check("deploy/id_rsa", [(fk.pem(), "private-key")])
    check("keys/ssh.txt", [("server key:", None), (fk.pem("OPENSSH PRIVATE KEY"), "private-key")])
    check("README.md", [
        ("Put your key here:", None),
        ("-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----", None),
    ])
    sa = fk.gcp_service_account()
    lines = sa.split("\n")
    key_line = next(i for i, ln in enumerate(lines, 1) if '"private_key"' in ln)
    assert found("sa.json", sa + "\n") == {("secrets.gcp-service-account", key_line)}
    doc = json.loads(sa)
    doc["private_key"] = "-----BEGIN PRIVATE KEY-----\n<your key>\n-----END PRIVATE KEY-----\n"
    assert found("sa-template.json", json.dumps(doc, indent=2)) == set()


def test_jwt_shell_dockerfile_notebook(fk: Fakes) -> None:
    check("scripts/call.sh", [
        ("#!/bin/sh", None),
        (f'curl -H "Authorization: Bearer {fk.jwt()}" https://api.acme.io', "jwt"),
        (f"curl -H 'Authorization: Bearer {fk.jwt_io_example()}' https://jwt.io", None),
        ("export API_TOKEN=$(vault read -field=token secret/api)", None),
        (f"export DEPLOY_TOKEN={fk.s(40)}", "generic-high-entropy"),
    ])
    check("Dockerfile", [
        ("FROM python:3.12-slim", None),
        (f"ENV NPM_TOKEN={fk.npm()}", "npm-token"),
        (f"ENV APP_SECRET {fk.s(36)}", "generic-high-entropy"),
        ("ARG GITHUB_TOKEN", None),
    ])
    cell = {"cells": [{"cell_type": "code", "source": [
        "import openai\n", f'openai.api_key = "{fk.openai_legacy()}"\n', f'db_password = "{fk.password()}"\n']}],
        "metadata": {}}
    text = json.dumps(cell, indent=1)
    lines = text.split("\n")
    expected = {("secrets.openai-key", next(i for i, ln in enumerate(lines, 1) if "openai.api_key" in ln)),
                ("secrets.generic-high-entropy", next(i for i, ln in enumerate(lines, 1) if "db_password" in ln))}
    assert found("analysis.ipynb", text) == expected


def test_decoys_produce_nothing(fk: Fakes) -> None:
    check("package-lock.json", [
        ("{", None),
        ('  "resolved": "https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz",', None),
        (f'  "integrity": "{fk.sha512_integrity()}",', None),
        (f'  "sha": "{fk.git_sha()}",', None),
        (f'  "id": "{fk.uuid()}"', None),
        ("}", None),
    ])
    check("web/index.html", [
        (f'<img src="{fk.base64_image()}">', None),
        ('<input type="password" name="password" placeholder="Password">', None),
    ])
    check("app/auth.ts", [
        ("const token = process.env.API_TOKEN;", None),
        ("const password = req.body.password;", None),
        ("const secretKey = config.get('secretKey');", None),
        ("const apiKey: string = getApiKey();", None),
        ("export const PASSWORD_MIN_LENGTH = 12;", None),
        ("const passwordRegex = '^(?=.*[A-Z])(?=.*[0-9]).{8,}$';", None),
    ])


def test_test_paths_lower_confidence(fk: Fakes) -> None:
    text = f'TOKEN = "{fk.github_classic()}"\n'
    res = SecretsAnalyzer().analyze(SourceFile("tests/test_api.py", "tests/test_api.py", text))
    (f,) = res.findings
    assert f.confidence.value == "medium"
    assert dict(f.metadata)["filtered_by"] == "test-path"


def test_filtered_candidates_are_counted(fk: Fakes) -> None:
    text = "\n".join([
        'x = "AKIAIOSFODNN7EXAMPLE"',
        f'y = "{fk.github_bad_checksum()}"',
        'password = os.environ["PW"]',
        'api_key = "<your-api-key>"',
        f'k = "{fk.stripe_test()}"',
    ]) + "\n"
    res = SecretsAnalyzer().analyze(SourceFile("a.py", "a.py", text))
    assert res.findings == []
    assert res.facts["filtered"] == {"example-value": 1, "checksum-invalid": 1, "env-lookup": 1, "placeholder": 1,
                                     "test-mode": 1}
    assert sorted(res.facts["dropped"]) == [
        (1, "secrets.aws-access-key", "example-value"), (2, "secrets.github-token", "checksum-invalid"),
        (3, "secrets.generic-high-entropy", "env-lookup"), (4, "secrets.generic-high-entropy", "placeholder"),
        (5, "secrets.stripe-key", "test-mode")]


def test_checksum_helpers(fk: Fakes) -> None:
    tok = fk.github_classic()
    assert valid_base62_checksum(tok, 4)
    assert not valid_base62_checksum(fk.github_bad_checksum(), 4)
    assert base62_crc32("") == "000000"
    assert valid_base62_checksum(fk.npm(), 4)


def test_accepts_text_files_not_binaries() -> None:
    a = SecretsAnalyzer()
    for name in (".env", "x.yaml", "Dockerfile", "nb.ipynb", "a.py", "run.sh", "app.ini", "c.toml", "README.md"):
        assert a.accepts(name)
    for name in ("logo.png", "lib.so", "app.whl"):
        assert not a.accepts(name)
