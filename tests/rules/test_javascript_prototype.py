"""The structural prototype-pollution rule (user-written deep merges and path setters): every annotated
line of fixtures/javascript_prototype/ is reported, and nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest

from armur.rules import javascript_prototype

from .annotated_fixtures import check_every_rule_has_fixtures, check_fixture

FIXTURES = Path(__file__).parent / "fixtures" / "javascript_prototype"
IDS = {r.id for r in javascript_prototype.RULES}
FIXTURE_FILES = sorted(FIXTURES.glob("*.js"))


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=[p.name for p in FIXTURE_FILES])
def test_fixture(path: Path) -> None:
    check_fixture(path, IDS, what="structural rule")


def test_the_rule_has_a_fixture_with_positives_and_negatives() -> None:
    check_every_rule_has_fixtures(IDS, FIXTURE_FILES)


_APP = """const express = require('express');
const _ = require('lodash');
const app = express();
app.get('/a', (req, res) => {
  _.merge({}, req.query.a);
  _.defaultsDeep({}, req.body);
  _.set({}, req.query.path, 1);
});
"""


def _proto_lines(tmp_path: Path, lodash: str | None) -> list[int]:
    from armur import scan
    from armur.core.config import Config

    (tmp_path / "app.js").write_text(_APP)
    if lodash is not None:
        (tmp_path / "package.json").write_text('{"dependencies": {"lodash": "%s"}}' % lodash)
    report = scan([str(tmp_path)], Config(analyzers=("sast",), use_cache=False))
    return sorted(f.line for f in report.findings if f.rule_id == "javascript.prototype-pollution")


@pytest.mark.parametrize("spec", ["4.17.4", "^4.17.4", "~4.17.10", "4.x", ">=4.0.0 <5"])
def test_lodash_merges_reported_when_the_declared_lodash_may_be_unfixed(tmp_path: Path, spec: str) -> None:
    assert _proto_lines(tmp_path, spec) == [5, 6, 7]


def test_lodash_merges_reported_without_a_manifest(tmp_path: Path) -> None:
    assert _proto_lines(tmp_path, None) == [5, 6, 7]


@pytest.mark.parametrize("spec", ["4.17.12", "^4.17.21", ">=4.17.15"])
def test_fixed_lodash_merges_are_not_reported_but_set_still_is(tmp_path: Path, spec: str) -> None:
    # merge / defaultsDeep were fixed by 4.17.12; set's own fix came later, so it is still reported
    assert _proto_lines(tmp_path, spec) == [7]


def test_fixed_lodash_does_not_cover_the_standalone_merge_package(tmp_path: Path) -> None:
    # require('lodash.merge') resolves to the same callee name; its own version decides, so keep reporting
    (tmp_path / "app.js").write_text(_APP.replace("require('lodash')", "{ merge: require('lodash.merge') }"))
    (tmp_path / "package.json").write_text('{"dependencies": {"lodash": "^4.17.21", "lodash.merge": "4.6.0"}}')
    from armur import scan
    from armur.core.config import Config

    report = scan([str(tmp_path)], Config(analyzers=("sast",), use_cache=False))
    assert 5 in [f.line for f in report.findings if f.rule_id == "javascript.prototype-pollution"]
