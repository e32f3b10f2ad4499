"""Severity of an advisory from its CVSS vector or its database's own severity label."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

_V3_WEIGHTS: dict[str, dict[str, float]] = {
    "AV": {"N": 0.85, "A": 0.62, "L": 0.55, "P": 0.2},
    "AC": {"L": 0.77, "H": 0.44},
    "UI": {"N": 0.85, "R": 0.62},
    "C": {"H": 0.56, "L": 0.22, "N": 0.0},
    "I": {"H": 0.56, "L": 0.22, "N": 0.0},
    "A": {"H": 0.56, "L": 0.22, "N": 0.0},
}


def _roundup(x: float) -> float:
    i = int(round(x * 100000))
    if i % 10000 == 0:
        return i / 100000.0
    return (math.floor(i / 10000) + 1) / 10.0


def _metrics(vector: str) -> dict[str, str]:
    out = {}
    for part in vector.split("/")[1:]:
        k, _, v = part.partition(":")
        out[k] = v
    return out


def cvss3_base_score(vector: str) -> float | None:
    """The CVSS v3.x base score of a vector such as ``CVSS:3.1/AV:N/AC:L/...``; None when malformed."""
    m = _metrics(vector)
    try:
        scope_changed = m["S"] == "C"
        pr = {"N": 0.85, "L": 0.68 if scope_changed else 0.62, "H": 0.5 if scope_changed else 0.27}[m["PR"]]
        av, ac, ui = _V3_WEIGHTS["AV"][m["AV"]], _V3_WEIGHTS["AC"][m["AC"]], _V3_WEIGHTS["UI"][m["UI"]]
        c, i, a = _V3_WEIGHTS["C"][m["C"]], _V3_WEIGHTS["I"][m["I"]], _V3_WEIGHTS["A"][m["A"]]
    except KeyError:
        return None
    iss = 1 - (1 - c) * (1 - i) * (1 - a)
    impact = 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02) ** 15 if scope_changed else 6.42 * iss
    exploitability = 8.22 * av * ac * pr * ui
    if impact <= 0:
        return 0.0
    if scope_changed:
        return _roundup(min(1.08 * (impact + exploitability), 10))
    return _roundup(min(impact + exploitability, 10))


def cvss4_estimate(vector: str) -> float | None:
    """A coarse score for a CVSS v4.0 vector.

    The official v4 score needs the MacroVector lookup table; armur only needs a severity band,
    so this estimates it from the impact and exploitability metrics (documented as approximate).
    """
    m = _metrics(vector)
    try:
        impacts = [m[k] for k in ("VC", "VI", "VA")]
        subsequent = [m.get(k, "N") for k in ("SC", "SI", "SA")]
        av, ac, at, pr, ui = m["AV"], m["AC"], m.get("AT", "N"), m["PR"], m["UI"]
    except KeyError:
        return None
    high = impacts.count("H") + 0.5 * subsequent.count("H")
    low = impacts.count("L") + 0.5 * subsequent.count("L")
    if high == 0 and low == 0:
        return 0.0
    score = 4.0 + 1.5 * high + 0.5 * low
    if av == "N":
        score += 1.0
    elif av == "P":
        score -= 1.5
    if ac == "H" or at == "P":
        score -= 0.8
    score -= {"N": 0.0, "L": 0.7, "H": 1.5}.get(pr, 0.0)
    score -= {"N": 0.0, "P": 0.5, "A": 1.0}.get(ui, 0.0)
    return max(0.1, min(10.0, round(score, 1)))


def score_to_severity(score: float) -> str:
    """CVSS qualitative rating: critical >= 9, high >= 7, medium >= 4, otherwise low."""
    if score >= 9.0:
        return "critical"
    if score >= 7.0:
        return "high"
    if score >= 4.0:
        return "medium"
    return "low"


_LABELS = {"critical": "critical", "high": "high", "moderate": "medium", "medium": "medium", "low": "low"}


def advisory_severity(severity_entries: Iterable[Mapping[str, Any]], database_specific: Any = None,
                      cvss_text: str = "") -> str:
    """The severity of an advisory: the highest CVSS-derived rating, else a database label, else ''.

    `severity_entries` is OSV's ``severity`` list; `database_specific` its ``database_specific``
    object (GHSA-style ``severity: HIGH``); `cvss_text` a bare vector (RustSec's ``cvss``).
    """
    scores: list[float] = []
    vectors = [str(e.get("score", "")) for e in severity_entries if isinstance(e, Mapping)]
    if cvss_text:
        vectors.append(cvss_text)
    for vec in vectors:
        s: float | None = None
        if vec.startswith("CVSS:3"):
            s = cvss3_base_score(vec)
        elif vec.startswith("CVSS:4"):
            s = cvss4_estimate(vec)
        else:
            try:
                s = float(vec)
            except ValueError:
                s = None
        if s is not None:
            scores.append(s)
    if scores:
        return score_to_severity(max(scores))
    if isinstance(database_specific, Mapping):
        label = str(database_specific.get("severity", "")).strip().lower()
        if label in _LABELS:
            return _LABELS[label]
    return ""
