"""Secrets are redacted everywhere: no raw value in any Finding field or in the JSON report."""

from __future__ import annotations

import json
from pathlib import Path

from secrets_fakes import Fakes

from armur.analyzers.secrets.redact import redact
from armur.api import scan
from armur.core.config import Config
from armur.report import render


def _corpus(tmp: Path, fk: Fakes) -> list[str]:
    values = {
        "gh": fk.github_classic(), "stripe": fk.stripe(), "aws_id": fk.aws_key_id(), "aws_secret": fk.aws_secret(),
        "openai": fk.openai_proj(), "anthropic": fk.anthropic(), "npm": fk.npm(), "sg": fk.sendgrid(),
        "slack": fk.slack_bot(), "google": fk.google_api(), "pypi": fk.pypi(), "jwt": fk.jwt(),
        "pw": fk.password(), "dbpw": fk.db_password(), "generic": fk.s(40), "azure": fk.azure_account_key(),
    }
    (tmp / "app.py").write_text("\n".join([
        f'GH = "{values["gh"]}"', f'STRIPE = "{values["stripe"]}"',
        f'AWS_ACCESS_KEY_ID = "{values["aws_id"]}"', f'AWS_SECRET_ACCESS_KEY = "{values["aws_secret"]}"',
        f'OPENAI = "{values["openai"]}"; ANTHROPIC = "{values["anthropic"]}"',
        f'password = "{values["pw"]}"',
        f'DB = "postgres://app:{values["dbpw"]}@db.acme.io/app"',
        f'client_secret = "{values["generic"]}"',
        f'AZ = "DefaultEndpointsProtocol=https;AccountName=a;AccountKey={values["azure"]};"',
    ]) + "\n")
    (tmp / ".env").write_text(f"NPM_TOKEN={values['npm']}\nSENDGRID={values['sg']}\nSLACK={values['slack']}\n"
                              f"GOOGLE={values['google']}\nPYPI={values['pypi']}\nJWT={values['jwt']}\n")
    pem = fk.pem()
    (tmp / "id_rsa").write_text(pem + "\n")
    return [*values.values(), *pem.split("\n")[1:-1]]


def test_no_raw_secret_in_findings_or_json(tmp_path: Path) -> None:
    secrets = _corpus(tmp_path, Fakes(99))
    report = scan([str(tmp_path)], Config(analyzers=("secrets",), use_cache=False, jobs=1))
    assert len(report.findings) >= 15
    out = render(report, "json")
    doc = json.loads(out)
    for f in report.findings:
        fields = [f.message, f.snippet, f.fix, f.fingerprint, json.dumps(f.to_dict())]
        fields += [v for _, v in f.metadata]
        for value in secrets:
            assert all(value not in x for x in fields), (f.rule_id, f.line)
    for value in secrets:
        assert value not in out
        # Not even a long slice of it.
        assert value[-16:] not in out
    shown = json.dumps(doc, ensure_ascii=False)
    assert any(redact(s) in shown for s in secrets)


def test_redact_format() -> None:
    r = redact("ghp_" + "a1B2" * 9)
    assert r.startswith("ghp_\u2026") and len(r) == 4 + 1 + 8
    assert redact("short") == "\u2026" + redact("short")[-8:]
    assert redact("abcdefgh12").startswith("ab\u2026")
