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
