"""Import alias resolution and constant propagation used by the structural Python rules."""

from __future__ import annotations

from tree_sitter import Node

from armur.lang.treesitter import parse, text, walk
from armur.rules.python_names import UNKNOWN, Names, QName
from armur.rules.names import is_credential_name, is_secret_name, looks_like_real_secret

from .test_python_structural import scan


def _names(src: str) -> tuple[Names, list[Node]]:
    tree = parse("python", src.encode())
    calls = [n for n in walk(tree.root_node) if n.type == "call"]
    return Names(tree), calls


def test_import_aliases_resolve_to_qualified_names() -> None:
    names, calls = _names(
        "import hashlib as h\n"
        "from hashlib import md5 as m\n"
        "from random import randint\n"
        "import xml.etree.ElementTree as ET\n"
        "import os.path\n"
        "h.sha1()\nm()\nrandint(1, 2)\nET.parse('f')\nos.path.join('a')\nlocal()\n"
    )
    got = [names.qualname(c.child_by_field_name("function")) for c in calls]
    assert got == ["hashlib.sha1", "hashlib.md5", "random.randint", "xml.etree.ElementTree.parse", "os.path.join",
                   "local"]


def test_relative_imports_are_not_resolved_as_stdlib() -> None:
    findings = scan("from .compat import md5\nmd5(b'x')\n")
    assert findings == []


def test_constant_propagation_within_a_function() -> None:
    names, calls = _names(
        "def f(param):\n"
        "    alg = 'md5'\n"
        "    flag = True\n"
        "    joined = 'a' + 'b'\n"
        "    loop = 'x'\n"
        "    for loop in range(3): pass\n"
        "    changed = 'a'\n"
        "    changed = 'b'\n"
        "    g(alg, flag, joined, loop, changed, param, MODULE, OTHER)\n"
        "MODULE = 'module-level'\n"
        "OTHER = 1\n"
        "OTHER += 1\n"
    )
    call = calls[-1]
    args = call.child_by_field_name("arguments")
    assert args is not None
    values = [names.value(a) for a in args.named_children]
    assert values == ["md5", True, "ab", UNKNOWN, UNKNOWN, UNKNOWN, "module-level", UNKNOWN]


def test_locals_bound_to_imported_names_become_qualified_names() -> None:
    names, calls = _names("import yaml\nloader = yaml.SafeLoader\nyaml.load(s, Loader=loader)\n")
    kw = [n for n in walk(calls[0]) if n.type == "keyword_argument"][0]
    assert names.value(kw.child_by_field_name("value")) == QName("yaml.SafeLoader")


def test_constant_propagation_drives_findings() -> None:
    flagged = scan("import hashlib as h\n\ndef f(d):\n    alg = 'md5'\n    return h.new(alg, d)\n")
    assert [(f.rule_id, f.line) for f in flagged] == [("python.weak-hash", 5)]
    secure = scan(
        "def view(resp):\n"
        "    secure = True\n"
        "    resp.set_cookie('k', 'v', secure=secure, httponly=True, samesite='Lax')\n"
    )
    assert secure == []
    insecure = scan(
        "def view(resp):\n"
        "    secure = False\n"
        "    resp.set_cookie('k', 'v', secure=secure, httponly=True, samesite='Lax')\n"
    )
    assert [f.rule_id for f in insecure] == ["python.cookie-missing-secure"]
    assert "secure=secure" in insecure[0].message


def test_parameter_shadowing_a_constant_is_unknown() -> None:
    findings = scan("alg = 'md5'\n\ndef f(alg):\n    import hashlib\n    return hashlib.new(alg)\n")
    assert findings == []


def test_messages_name_the_api() -> None:
    (f,) = scan("import yaml\nyaml.load(data, Loader=yaml.Loader)\n")
    assert "yaml.load" in f.message and "Loader" in f.message
    assert f.cwe[0] == 502 and f.owasp == "A08" and f.fix


def test_name_heuristics() -> None:
    assert is_secret_name("reset_token") and is_secret_name("apiKey") and is_secret_name("key")
    assert is_secret_name("verification_code") and is_secret_name("SESSION_ID")
    assert not is_secret_name("sort_key") and not is_secret_name("monkey") and not is_secret_name("zip_code")
    assert is_credential_name("DB_PASSWORD") and is_credential_name("aws_secret_access_key")
    assert not is_credential_name("password_field") and not is_credential_name("token_url")
    assert looks_like_real_secret("password", "hunter2")
    assert not looks_like_real_secret("password", "<changeme>")
    assert not looks_like_real_secret("api_key", "API_KEY")


def test_scan_source_reports_structural_findings() -> None:
    from armur import scan_source

    report = scan_source("app/crypto.py", "import hashlib\nhashlib.md5(b'x')\n")
    ids = {(f.rule_id, f.line) for f in report.findings}
    assert ("python.weak-hash", 2) in ids


def test_findings_point_at_the_call_and_quote_the_line() -> None:
    (f,) = scan("import tempfile\n\nx = 1; p = tempfile.mktemp()\n")
    assert f.location.start_line == 3 and f.location.start_col == 12
    assert f.snippet == "x = 1; p = tempfile.mktemp()"
    assert text  # keep the helper import used
