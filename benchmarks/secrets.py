"""Benchmark of the secrets analyzer against detect-secrets, in the same run.

1. Generates a labelled corpus of FAKE credentials in real formats (valid checksums where the
   format has one) and realistic decoys, in varied file types, into a temporary directory.
2. Runs armur's secrets analyzer and detect-secrets (from /work/bench-venv, or --detect-secrets)
   on it: recall on the credentials, false positives on the decoys, wall time.
3. Optionally runs both on large real code trees (--tree PATH, repeatable) and reports findings
   per 10k lines as false-positive pressure.

Usage:
    .venv/bin/python benchmarks/secrets.py --tree /usr/lib/python3.11
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def _fakes(seed: int) -> object:
    spec = importlib.util.spec_from_file_location("secrets_fakes",
                                                  ROOT / "tests/analyzers/secrets/secrets_fakes.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.Fakes(seed)


# How each credential kind is written in each kind of file: (suffix, template). {v} is the value.
STYLES = [
    ("py", 'API_TOKEN = "{v}"'), ("js", "const apiKey = '{v}';"), ("env", "SERVICE_TOKEN={v}"),
    ("yaml", "  token: {v}"), ("json", '  "token": "{v}",'), ("sh", "export AUTH_TOKEN={v}"),
    ("go", 'var token = "{v}"'), ("ini", "token = {v}"), ("Dockerfile", "ENV AUTH_TOKEN={v}"),
    ("java", 'private static final String TOKEN = "{v}";'), ("rb", "client = Client.new('{v}')"),
    ("ts", "headers: {{ Authorization: `Bearer {v}` }},"),
]


def generate(out: Path, per_kind: int, seed: int) -> tuple[dict[tuple[str, int], str], int]:
    """Write the corpus; return {(relative path, line): kind} for every credential, and the decoy count."""
    fk = _fakes(seed)
    kinds = {
        "aws-key-pair": None, "github-classic": fk.github_classic, "github-fine": fk.github_fine,  # type: ignore[attr-defined]
        "gitlab": fk.gitlab, "slack-bot": fk.slack_bot, "slack-user": fk.slack_user,  # type: ignore[attr-defined]
        "slack-webhook": fk.slack_webhook, "stripe": fk.stripe, "google-api": fk.google_api,  # type: ignore[attr-defined]
        "sendgrid": fk.sendgrid, "npm": fk.npm, "pypi": fk.pypi, "openai": fk.openai_proj,  # type: ignore[attr-defined]
        "openai-legacy": fk.openai_legacy, "anthropic": fk.anthropic, "jwt": fk.jwt,  # type: ignore[attr-defined]
        "twilio-sk": fk.twilio_sk, "private-key": None, "db-url": None, "azure": None,  # type: ignore[attr-defined]
        "generic-password": None, "generic-secret": None, "gcp-service-account": None,
    }
    labels: dict[tuple[str, int], str] = {}
    files: dict[str, list[str]] = defaultdict(list)

    def add(name: str, lines: list[str], kind: str | None, at: int = 0) -> None:
        buf = files[name]
        buf.append("# --- block ---" if not name.endswith(".json") else '  "_": 0,')
        if kind:
            labels[(name, len(buf) + 1 + at)] = kind
        buf.extend(lines)

    i = 0
    for kind, make in kinds.items():
        for n in range(per_kind):
            suffix, tmpl = STYLES[i % len(STYLES)]
            i += 1
            name = f"{suffix}/creds_{n % 4}.{suffix}" if suffix != "Dockerfile" else f"docker/Dockerfile.{n % 4}"
            if suffix == "json":
                name = f"json/creds_{n % 4}.json"
            if kind == "aws-key-pair":
                add(name, [tmpl.format(v=fk.aws_key_id()).replace("TOKEN", "AWS_ACCESS_KEY_ID"),  # type: ignore[attr-defined]
                           tmpl.format(v=fk.aws_secret()).replace("TOKEN", "AWS_SECRET_ACCESS_KEY")], kind)  # type: ignore[attr-defined]
            elif kind == "private-key":
                add(f"keys/key_{n}.pem", fk.pem(["RSA PRIVATE KEY", "OPENSSH PRIVATE KEY", "EC PRIVATE KEY",  # type: ignore[attr-defined]
                                                 "PRIVATE KEY"][n % 4]).split("\n"), kind)
            elif kind == "db-url":
                scheme = ["postgres", "mysql", "mongodb+srv", "redis", "amqp"][n % 5]
                url = f"{scheme}://svc_{n}:{fk.db_password()}@db{n}.prod.acme-corp.io:5432/main"  # type: ignore[attr-defined]
                add(name, [tmpl.format(v=url).replace("TOKEN", "DATABASE_URL")], kind)
            elif kind == "azure":
                add(name, [tmpl.format(v=fk.azure_conn()).replace("TOKEN", "STORAGE_CONN")], kind)  # type: ignore[attr-defined]
            elif kind == "generic-password":
                add(name, [tmpl.format(v=fk.password()).replace("TOKEN", "PASSWORD").replace("token", "password")  # type: ignore[attr-defined]
                           .replace("Token", "Password")], kind)
            elif kind == "generic-secret":
                add(name, [tmpl.format(v=fk.s(40)).replace("TOKEN", "CLIENT_SECRET").replace("token", "secret")],  # type: ignore[attr-defined]
                    kind)
            elif kind == "gcp-service-account":
                sa = fk.gcp_service_account().split("\n")  # type: ignore[attr-defined]
                path = f"gcp/sa_{n}.json"
                files[path] = sa
                labels[(path, next(j for j, ln in enumerate(sa, 1) if '"private_key"' in ln))] = kind
            else:
                assert make is not None
                add(name, [tmpl.format(v=make())], kind)

    # Decoys: never secrets.
    decoys = [
        lambda: f'request_id = "{fk.uuid()}"', lambda: f'commit = "{fk.git_sha()}"',  # type: ignore[attr-defined]
        lambda: f'  "integrity": "{fk.sha512_integrity()}",', lambda: f'<img src="{fk.base64_image()}">',  # type: ignore[attr-defined]
        lambda: 'aws_access_key_id = "AKIAIOSFODNN7EXAMPLE"',
        lambda: 'aws_secret_access_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"',
        lambda: 'password = os.environ["DB_PASSWORD"]', lambda: "const token = process.env.API_TOKEN;",
        lambda: 'api_key = "<your-api-key>"', lambda: "DB_PASSWORD=${DB_PASSWORD}", lambda: "secret: changeme",
        lambda: 'token = "{{ vault_token }}"', lambda: 'SECRET_KEY = "xxxxxxxxxxxxxxxxxxxxxxxxxxxx"',
        lambda: 'password = "test"', lambda: 'api_key = "dummy-api-key-for-tests"',
        lambda: f'stripe_key = "{fk.stripe_test()}"', lambda: f'bad = "{fk.github_bad_checksum()}"',  # type: ignore[attr-defined]
        lambda: 'password_hash = "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW"',
        lambda: 'TOKEN_URL = "https://oauth2.googleapis.com/token"', lambda: 'tokenizer = "bert-base-uncased"',
        lambda: 'password = getpass.getpass("Password: ")', lambda: f'checksum = "{fk.s(64, "0123456789abcdef")}"',  # type: ignore[attr-defined]
        lambda: 'DATABASE_URL = "postgres://postgres:postgres@localhost:5432/dev"',
        lambda: f'cache_key = "user:{fk.s(12, "0123456789")}:profile"',  # type: ignore[attr-defined]
        lambda: 'api_key = "abcdefghijklmnopqrstuvwxyz123456"', lambda: 'password = "password123"',
        lambda: f'build_id = "{fk.s(40, "0123456789abcdef")}"',  # type: ignore[attr-defined]
        lambda: f'"sha256": "{fk.s(64, "0123456789abcdef")}"',  # type: ignore[attr-defined]
    ]
    n_decoys = 0
    for rep in range(per_kind):
        for j, d in enumerate(decoys):
            suffix = ["py", "js", "env", "yaml", "json"][(j + rep) % 5]
            files[f"decoys/d_{rep % 3}.{suffix}"].append(d())
            n_decoys += 1
    for name, lines in files.items():
        p = out / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("\n".join(lines) + "\n")
    return labels, n_decoys


def run_armur(path: Path, jobs: int) -> tuple[dict[str, set[int]], float, int, Counter[str]]:
    """(path -> lines with findings, seconds, lines scanned, findings per confidence)."""
    from armur.api import scan
    from armur.core.config import Config

    start = time.perf_counter()
    report = scan([str(path)], Config(analyzers=("secrets",), use_cache=False, jobs=jobs, respect_gitignore=False))
    took = time.perf_counter() - start
    out: dict[str, set[int]] = defaultdict(set)
    for f in report.findings:
        rel = os.path.relpath(os.path.abspath(f.path), path)
        out[rel].add(f.line)
    return out, took, report.lines_scanned, Counter(f.confidence.value for f in report.findings)


def run_detect_secrets(exe: str, path: Path) -> tuple[dict[str, set[int]], float]:
    """(path -> lines with findings, seconds) for `detect-secrets scan --all-files`."""
    start = time.perf_counter()
    proc = subprocess.run([exe, "scan", "--all-files", "."], cwd=path, capture_output=True, text=True, check=False)
    took = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "detect-secrets failed")
    data = json.loads(proc.stdout)
    out: dict[str, set[int]] = defaultdict(set)
    for fname, results in data.get("results", {}).items():
        for r in results:
            out[fname].add(int(r["line_number"]))
    return out, took


def score(found: dict[str, set[int]], labels: dict[tuple[str, int], str]) -> tuple[int, int, Counter[str]]:
    """(true positives, false positives, missed per kind). A pair's secret line also counts for its key."""
    tp, missed = 0, Counter[str]()
    accepted: set[tuple[str, int]] = set()
    for (path, line), kind in labels.items():
        ok_lines = {line, line + 1} if kind == "aws-key-pair" else {line}
        hit = [ln for ln in ok_lines if ln in found.get(path, set())]
        if hit:
            tp += 1
            accepted.update((path, ln) for ln in ok_lines)
        else:
            missed[kind] += 1
    fp = sum(1 for path, lines in found.items() for ln in lines if (path, ln) not in accepted
             and (path, ln) not in labels)
    return tp, fp, missed


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--per-kind", type=int, default=12, help="credentials generated per kind (default 12)")
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--tree", action="append", default=[], help="real code tree for false-positive pressure")
    ap.add_argument("--detect-secrets", default="/work/bench-venv/bin/detect-secrets")
    ap.add_argument("--jobs", type=int, default=1, help="armur worker processes (default 1, like detect-secrets)")
    args = ap.parse_args()
    have_ds = shutil.which(args.detect_secrets) is not None or Path(args.detect_secrets).exists()

    with tempfile.TemporaryDirectory(prefix="armur-secrets-bench-") as tmp:
        corpus = Path(tmp)
        labels, n_decoys = generate(corpus, args.per_kind, args.seed)
        total = len(labels)
        print(f"corpus: {total} credentials of {len(set(labels.values()))} kinds, {n_decoys} decoy lines")
        found, took, _, _ = run_armur(corpus, args.jobs)
        tp, fp, missed = score(found, labels)
        print(f"armur          recall {tp}/{total} = {100 * tp / total:.1f}%  false positives {fp}  "
              f"time {took:.2f}s  missed {dict(missed)}")
        if have_ds:
            dfound, dtook = run_detect_secrets(args.detect_secrets, corpus)
            dtp, dfp, dmissed = score(dfound, labels)
            print(f"detect-secrets recall {dtp}/{total} = {100 * dtp / total:.1f}%  false positives {dfp}  "
                  f"time {dtook:.2f}s  missed {dict(dmissed)}")
        else:
            print("detect-secrets: not found (pip install detect-secrets into /work/bench-venv)")

    for tree in args.tree:
        root = Path(tree)
        afound, atook, lines, by_conf = run_armur(root, args.jobs)
        an = sum(len(v) for v in afound.values())
        per10k = 10000 * an / max(1, lines)
        hm = by_conf.get("high", 0) + by_conf.get("medium", 0)
        print(f"tree {tree}: {lines} lines")
        print(f"  armur          {an} findings = {per10k:.2f} per 10k lines "
              f"(high/medium confidence: {hm} = {10000 * hm / max(1, lines):.2f}; by confidence {dict(by_conf)}) "
              f"time {atook:.1f}s")
        if have_ds:
            dfound, dtook = run_detect_secrets(args.detect_secrets, root)
            dn = sum(len(v) for v in dfound.values())
            print(f"  detect-secrets {dn} findings = {10000 * dn / max(1, lines):.2f} per 10k lines  time {dtook:.1f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
