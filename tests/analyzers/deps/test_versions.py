"""Version ordering per ecosystem and OSV range evaluation edges."""

from __future__ import annotations

from typing import Any

import pytest

from armur.analyzers.deps.versions import (
    SemVer,
    affected,
    comparator_interval,
    is_exact,
    parse_composer,
    requirements_to_events,
)


def _rng(*events: dict[str, str], kind: str = "ECOSYSTEM") -> list[dict[str, Any]]:
    return [{"type": kind, "events": list(events)}]


@pytest.mark.parametrize("lo,hi", [
    ("1.0.0-alpha", "1.0.0-alpha.1"),
    ("1.0.0-alpha.1", "1.0.0-alpha.beta"),
    ("1.0.0-alpha.beta", "1.0.0-beta"),
    ("1.0.0-beta.2", "1.0.0-beta.11"),
    ("1.0.0-rc.1", "1.0.0"),
    ("1.0.0", "1.0.1"),
    ("1.9.0", "1.10.0"),
    ("v0.0.0-20200101000000-abcdef123456", "v0.0.0-20210101000000-abcdef123456"),
    ("v0.0.0-20210101000000-abcdef123456", "v0.0.1"),
    ("v1.2.3", "v1.2.4-0.20200101000000-abcdef123456"),
    ("v1.2.4-0.20200101000000-abcdef123456", "v1.2.4"),
    ("v1.2.4-pre.0.20200101000000-abcdef123456", "v1.2.4-pre.1"),
])
def test_semver_order(lo: str, hi: str) -> None:
    assert SemVer.parse(lo) < SemVer.parse(hi)
    assert not SemVer.parse(hi) < SemVer.parse(lo)


def test_semver_build_metadata_and_incompatible_are_ignored() -> None:
    assert SemVer.parse("v20.10.7+incompatible") == SemVer.parse("20.10.7")
    assert SemVer.parse("1.2") == SemVer.parse("1.2.0")
    assert hash(SemVer.parse("1.2")) == hash(SemVer.parse("1.2.0"))


def test_composer_stability_order() -> None:
    order = ["1.0.0-dev", "1.0.0-alpha1", "1.0.0-beta2", "1.0.0-RC1", "1.0.0", "1.0.0-p1", "1.0.1"]
    parsed = [parse_composer(v) for v in order]
    assert parsed == sorted(parsed)
    assert parse_composer("v2.1") == parse_composer("2.1.0")


def test_is_exact() -> None:
    assert is_exact("PyPI", "1.0.post1")
    assert not is_exact("PyPI", ">=1.0")
    assert is_exact("npm", "1.0.0-rc.1")
    assert not is_exact("npm", "^1.0.0")
    assert not is_exact("Packagist", "dev-main")


# --- range edges ------------------------------------------------------------------------------------

def test_introduced_is_inclusive_fixed_exclusive() -> None:
    r = _rng({"introduced": "1.2.0"}, {"fixed": "1.4.0"}, kind="SEMVER")
    assert affected("npm", "1.1.9", r, []) is None
    assert affected("npm", "1.2.0", r, []) is not None
    assert affected("npm", "1.3.99", r, []) is not None
    assert affected("npm", "1.4.0", r, []) is None


def test_last_affected_is_inclusive() -> None:
    r = _rng({"introduced": "0"}, {"last_affected": "2.0.0"}, kind="SEMVER")
    assert affected("crates.io", "2.0.0", r, []) is not None
    assert affected("crates.io", "2.0.1", r, []) is None
    m = affected("crates.io", "1.0.0", r, [])
    assert m is not None and m.fixed == ()


def test_limit_caps_the_range() -> None:
    r = _rng({"introduced": "1.0.0"}, {"limit": "1.4.0"}, kind="SEMVER")
    assert affected("Go", "v1.3.9", r, []) is not None
    assert affected("Go", "v1.4.0", r, []) is None
    assert affected("Go", "v0.9.0", r, []) is None


def test_several_introduced_fixed_pairs_and_unsorted_events() -> None:
    r = _rng({"introduced": "2.15.0"}, {"fixed": "2.15.3"}, {"introduced": "2.3.1"}, {"fixed": "2.14.4"},
             kind="SEMVER")
    assert affected("Go", "2.3.1", r, []) is not None
    assert affected("Go", "2.14.4", r, []) is None
    assert affected("Go", "2.15.0", r, []) is not None
    m = affected("Go", "2.15.1", r, [])
    assert m is not None and m.fixed == ("2.15.3",)  # only fixes above the installed version
    assert affected("Go", "2.15.3", r, []) is None


def test_prerelease_edges() -> None:
    r = _rng({"introduced": "1.0.0-rc.1"}, {"fixed": "1.0.0"}, kind="SEMVER")
    assert affected("npm", "1.0.0-beta.9", r, []) is None
    assert affected("npm", "1.0.0-rc.1", r, []) is not None
    assert affected("npm", "1.0.0-rc.10", r, []) is not None
    assert affected("npm", "1.0.0", r, []) is None
    # a fix that is itself a pre-release
    r2 = _rng({"introduced": "0"}, {"fixed": "2.0.0-rc.2"}, kind="SEMVER")
    assert affected("npm", "2.0.0-rc.1", r2, []) is not None
    assert affected("npm", "2.0.0-rc.2", r2, []) is None
    assert affected("npm", "2.0.0", r2, []) is None


def test_pep440_post_dev_local() -> None:
    r = _rng({"introduced": "1.0"}, {"fixed": "1.0.post1"})
    assert affected("PyPI", "1.0.dev1", r, []) is None  # dev release sorts before 1.0
    assert affected("PyPI", "1.0rc1", r, []) is None
    assert affected("PyPI", "1.0", r, []) is not None
    assert affected("PyPI", "1.0.0", r, []) is not None  # 1.0.0 == 1.0 in PEP 440
    assert affected("PyPI", "1.0+local.7", r, []) is not None  # local label sorts after 1.0
    assert affected("PyPI", "1.0.post1", r, []) is None
    assert affected("PyPI", "1.0.post1.dev1", r, []) is not None  # dev of the post sorts before it
    assert affected("PyPI", "1!0.5", r, []) is None  # epoch 1 is above everything in epoch 0


def test_explicit_versions_list() -> None:
    assert affected("PyPI", "4.2b1", [], ["4.2b1"]) is not None
    assert affected("PyPI", "4.2.0b1", [], ["4.2b1"]) is not None  # PEP 440 normalisation
    assert affected("PyPI", "4.2", [], ["4.2b1"]) is None
    assert affected("npm", "1.0.0", [], ["v1.0.0"]) is not None


def test_go_pseudo_versions_and_incompatible() -> None:
    r = _rng({"introduced": "0"}, {"fixed": "0.0.0-20201216223049-8b5274cf687f"}, kind="SEMVER")
    assert affected("Go", "v0.0.0-20201203163018-be400aefbc4c", r, []) is not None
    assert affected("Go", "v0.0.0-20201216223049-8b5274cf687f", r, []) is None
    assert affected("Go", "v0.1.0", r, []) is None
    r2 = _rng({"introduced": "0"}, {"fixed": "20.10.11+incompatible"}, kind="SEMVER")
    assert affected("Go", "v20.10.7+incompatible", r2, []) is not None
    assert affected("Go", "v20.10.11+incompatible", r2, []) is None


def test_git_ranges_and_bad_versions_are_ignored() -> None:
    assert affected("PyPI", "1.0", [{"type": "GIT", "events": [{"introduced": "0"}]}], []) is None
    assert affected("PyPI", "not a version", _rng({"introduced": "0"}), []) is None


# --- Cargo requirements (RustSec) -------------------------------------------------------------------

@pytest.mark.parametrize("req,inside,outside", [
    ("^1.2.3", ["1.2.3", "1.9.0"], ["1.2.2", "2.0.0"]),
    ("^0.2.3", ["0.2.3", "0.2.9"], ["0.3.0", "0.2.2"]),
    ("^0.0.3", ["0.0.3"], ["0.0.4"]),
    ("~1.2", ["1.2.0", "1.2.9"], ["1.3.0"]),
    ("= 1.2.3", ["1.2.3"], ["1.2.4"]),
    ("= 0.12", ["0.12.0", "0.12.7"], ["0.13.0"]),
    ("> 1.2.3", ["1.2.4", "1.2.4-alpha"], ["1.2.3"]),
    ("<= 1.2", ["1.2.9"], ["1.3.0"]),
    ("1.*", ["1.0.0", "1.9.9"], ["2.0.0"]),
])
def test_cargo_comparators(req: str, inside: list[str], outside: list[str]) -> None:
    events = requirements_to_events([req])  # affected = everything outside `req`
    rng = [{"type": "SEMVER", "events": events}]
    for v in inside:
        assert affected("crates.io", v, rng, []) is None, (req, v)
    for v in outside:
        assert affected("crates.io", v, rng, []) is not None, (req, v)


def test_rustsec_patched_and_unaffected_to_events() -> None:
    events = requirements_to_events([">= 0.6.14, < 1.0.0", ">= 1.6.1", "< 0.6.10"])
    assert events == [{"introduced": "0.6.10-0"}, {"fixed": "0.6.14"}, {"introduced": "1.0.0-0"},
                      {"fixed": "1.6.1"}]
    assert requirements_to_events([]) == [{"introduced": "0"}]
    lo, hi = comparator_interval(">= 0.3")
    assert lo is not None and str(lo[0]) == "0.3.0" and hi is None
