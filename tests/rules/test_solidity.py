"""Fixture-driven tests of the Solidity rules.

Every file in fixtures/solidity/ is named after one rule (``solidity.<rule>[.<variant>].sol``) and scanned
with :func:`armur.scan_source`. The (rule id, line) findings of the fixture's own rule, and of any other
Solidity rule it annotates, must equal exactly the lines annotated ``// expect: <rule-id>[, ...]``.
``// gap-fn: <rule-id>`` marks a real flaw not reported yet, ``// gap-fp: <rule-id>`` safe code still
reported; the test checks the analysis behaves exactly as annotated, gaps included.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from armur import scan_source
from armur.analyzers.languages import supports
from armur.core.rules import load_all_rules
from armur.rules import solidity as sol_rules

from .annotated_fixtures import check_every_rule_has_fixtures, check_fixture

FIXTURES = Path(__file__).parent / "fixtures" / "solidity"
RULE_IDS = {r.id for r in sol_rules.RULES}
FIXTURE_FILES = sorted(FIXTURES.glob("*.sol"))


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=[p.name for p in FIXTURE_FILES])
def test_fixture(path: Path) -> None:
    check_fixture(path, RULE_IDS, folder="contracts", what="Solidity rule", no_skips=True)


def test_every_rule_has_a_fixture_with_positives_and_negatives() -> None:
    check_every_rule_has_fixtures(RULE_IDS, FIXTURE_FILES)


def test_rules_are_registered_and_documented() -> None:
    registry = load_all_rules()
    for rule in sol_rules.RULES:
        assert rule.id in registry
        assert rule.languages == ("solidity",)
        assert rule.doc.what and rule.doc.why and rule.doc.example and rule.doc.fix
    assert any("solidity" in s.languages for s in supports())


def test_reentrancy_finding_carries_a_trace() -> None:
    text = (FIXTURES / "solidity.reentrancy.sol").read_text(encoding="utf-8")
    report = scan_source("contracts/bank.sol", text)
    f = next(f for f in report.findings if f.rule_id == "solidity.reentrancy")
    kinds = [s.kind for s in f.trace]
    assert kinds[0] == "source" and kinds[-1] == "sink"
    assert f.trace[-1].location.start_line > f.line


def test_bad_input_gives_partial_results_not_a_crash() -> None:
    text = (
        "pragma solidity ^0.4.24;\n"
        "contract A { function f(address t) public { t.send(1); } }\n"
        "contract B { function g( { ??? }\n"
        "contract C { function h() public { require(tx.origin == owner); } address owner; }\n"
    )
    report = scan_source("contracts/broken.sol", text)
    assert not report.skipped
    rules = {f.rule_id for f in report.findings}
    assert "solidity.unchecked-call" in rules


def test_deep_nesting_is_a_skip_not_a_crash() -> None:
    text = "contract A { function f() public { uint x = " + "(" * 2000 + "1" + ")" * 2000 + "; } }\n"
    report = scan_source("contracts/deep.sol", text)
    assert all(s.reason in ("too-deep",) for s in report.skipped)


def test_imported_base_contract_is_resolved(tmp_path: Path) -> None:
    from armur import scan

    (tmp_path / "Ownable.sol").write_text(
        "pragma solidity ^0.8.0;\ncontract Ownable { address public owner;\n"
        "  modifier onlyOwner() { require(msg.sender == owner); _; } }\n")
    (tmp_path / "Vault.sol").write_text(
        'pragma solidity ^0.8.0;\nimport "./Ownable.sol";\ncontract Vault is Ownable {\n'
        "  address public owner;\n"
        "  function setOwner(address o) external onlyOwner { owner = o; }\n"
        "  function steal(address o) external { owner = o; }\n}\n")
    from armur.core.config import Config

    report = scan([str(tmp_path)], Config(analyzers=("sast",)))
    got = {(f.rule_id, f.line) for f in report.findings if f.path.endswith("Vault.sol")}
    assert ("solidity.shadowed-state-variable", 4) in got
    assert ("solidity.missing-access-control", 6) in got
    assert ("solidity.missing-access-control", 5) not in got


def test_package_style_import_is_resolved(tmp_path: Path) -> None:
    from armur import scan
    from armur.core.config import Config

    lib = tmp_path / "lib" / "openzeppelin-contracts" / "contracts" / "access"
    lib.mkdir(parents=True)
    (lib / "Ownable.sol").write_text(
        "pragma solidity ^0.8.0;\ncontract Ownable { address public owner;\n"
        "  modifier onlyOwner() { require(msg.sender == owner); _; } }\n")
    src = tmp_path / "src"
    src.mkdir()
    (src / "V.sol").write_text(
        'pragma solidity ^0.8.0;\nimport "@openzeppelin/contracts/access/Ownable.sol";\n'
        "contract V is Ownable {\n  function set(address o) external { owner = o; }\n"
        "  function set2(address o) external onlyOwner { owner = o; }\n}\n")
    report = scan([str(tmp_path)], Config(analyzers=("sast",)))
    got = {(f.rule_id, f.line) for f in report.findings if f.path.endswith("V.sol")}
    assert got == {("solidity.missing-access-control", 4)}
