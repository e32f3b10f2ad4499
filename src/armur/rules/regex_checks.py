"""Checks on the text of regular expressions and on scheme allow-lists, shared by the languages.

These judge a pattern by itself (no dataflow): where it is anchored, whether the dots of a host name
in it are escaped, which URL schemes a check names. The language modules find the patterns (regexp
literals, strings handed to a regexp constructor) and decide how they are used.

Patterns are read in the common syntax of JavaScript, Go (RE2), Python and PCRE: `\\` escapes,
`[...]` classes, `(...)` groups, `|` alternation, `^` / `$` anchors (plus `\\A`, `\\z`).
"""

from __future__ import annotations

import re

# Top-level domains that make a dotted name a host name rather than a file name or a version string.
# File types that are also country codes (js, py, sh, pl, rs, md, ts...) are left out on purpose.
_TLDS = frozenset({
    "com", "org", "net", "edu", "gov", "mil", "int", "io", "co", "us", "uk", "de", "fr", "jp", "cn", "ru", "br",
    "it", "nl", "es", "eu", "au", "ca", "ch", "se", "no", "dk", "fi", "be", "at", "cz", "kr", "info", "biz",
    "dev", "app", "cloud", "xyz", "me", "tv", "cc", "ly", "gg", "ai", "online", "site", "tech", "example",
    "localhost", "internal", "corp", "onion",
})
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
# A run of host labels joined by dots (escaped `\.` or not), ending in a known top-level domain.
_HOST = re.compile(rf"(?:{_LABEL}|\([^()]*\)[?*]?|\[[^\]]*\][+*?]?)(?:\\?\.{_LABEL})+(?![A-Za-z0-9-])")
# What may stand before a host name in a URL pattern: the start, an anchor, a group or alternative
# boundary, `//` of a URL, a user-info `@`, or a quantifier of an optional prefix (`(www\.)?`).
_HOST_LEAD = re.compile(r"(?:^|[\^(|@?*+]|//|\\/\\/|/\\/|\(\?:|\\\.)$")


def alternatives(pat: str) -> list[str]:
    """The top-level alternatives of a pattern (outside groups and character classes)."""
    out: list[str] = []
    cur: list[str] = []
    depth, cls, i = 0, False, 0
    while i < len(pat):
        ch = pat[i]
        if ch == "\\" and i + 1 < len(pat):
            cur.append(pat[i:i + 2])
            i += 2
            continue
        if cls:
            cls = ch != "]"
        elif ch == "[":
            cls = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            out.append("".join(cur))
            cur = []
            i += 1
            continue
        cur.append(ch)
        i += 1
    out.append("".join(cur))
    return out


def _starts_anchored(alt: str) -> bool:
    s = re.sub(r"^\(\?[a-zA-Z]+\)", "", alt).lstrip("(")
    return s.startswith(("^", "\\A"))


def _ends_anchored(alt: str) -> bool:
    s = alt.rstrip(")")
    return (s.endswith("$") and not s.endswith("\\$")) or s.endswith("\\z")


def semi_anchored(pat: str) -> str | None:
    """`^a|b` means `(^a)|b`: the anchor binds to one alternative only. Why, or None.

    The trimming idiom `^\\s+|\\s+$` anchors its first alternative at the start and its last at the end
    on purpose, so a pattern is semi-anchored only when no other alternative carries any anchor. Nor is
    `(^|\\.)a` written out (`^a|\\.a`: the anchored alternative ends another one) or `a(\\.|$)` written
    out (`a\\.|a$`: it starts another one)."""
    alts = alternatives(pat)
    if len(alts) < 2 or not all(alts):
        return None
    starts = [_starts_anchored(a) for a in alts]
    ends = [_ends_anchored(a) for a in alts]
    anchored = [s or e for s, e in zip(starts, ends, strict=True)]
    # An anchor inside a group of its own (`(^a)|b`) is written that way on purpose.
    first = re.sub(r"^\(\?[a-zA-Z]+\)", "", alts[0])
    if first.startswith(("^", "\\A")) and not ends[0] and not any(anchored[1:]):
        body = first[1:] if first.startswith("^") else first[2:]
        if not (body and any(a.endswith(body) for a in alts[1:])):
            return "anchors only its first alternative with ^"
    last = alts[-1]
    if (last.endswith("$") and not last.endswith("\\$") or last.endswith("\\z")) and not starts[-1] \
            and not any(anchored[:-1]):
        body = last[:-1] if last.endswith("$") else last[:-2]
        if not (body and any(a.startswith(body) for a in alts[:-1])):
            return "anchors only its last alternative with $"
    return None


def unanchored_url(pat: str) -> bool:
    """A pattern for a host name (alone or in a URL), with an alternative holding it anchored at neither
    end: it matches any text that merely contains one."""
    for alt in alternatives(pat):
        if _starts_anchored(alt) or _ends_anchored(alt):
            continue
        if host_name(alt) is not None:
            return True
    return False


def anchor_problem(pat: str) -> str | None:
    """Why a pattern used as a check lets more through than it seems to, or None."""
    why = semi_anchored(pat)
    if why:
        return why
    if unanchored_url(pat):
        return "matches a URL or host name anywhere in the text (no ^ or $)"
    return None


def host_name(pat: str) -> str | None:
    """The first host name written in the pattern (labels joined by dots, escaped or not, ending in a
    known top-level domain, where a URL would have its host), or None."""
    for m in _HOST.finditer(pat):
        if _escaped_at(pat, m.start()) or _in_class(pat, m.start()):
            continue
        tld = m.group(0).rsplit(".", 1)[-1]
        if tld.lower() not in _TLDS:
            continue
        if _HOST_LEAD.search(pat[:m.start()]) is None:
            continue
        return m.group(0)
    return None


def unescaped_host_dot(pat: str) -> str | None:
    """A host name in the pattern with a dot left unescaped (`www.example.com`: `.` matches any
    character, so `wwwXexample.com`, a name an attacker can register, matches too). The host, or None."""
    for m in _HOST.finditer(pat):
        host = m.group(0)
        if _escaped_at(pat, m.start()) or _in_class(pat, m.start()):
            continue
        tld = host.rsplit(".", 1)[-1]
        if tld.lower() not in _TLDS or _HOST_LEAD.search(pat[:m.start()]) is None:
            continue
        # an unescaped dot between labels (outside the leading group or class, which has its own syntax)
        tail = host[_lead_len(host):]
        if re.search(r"(?<!\\)\.", tail):
            return host
    return None


def _lead_len(host: str) -> int:
    if host[:1] == "(":
        return host.index(")") + 1
    if host[:1] == "[":
        return host.index("]") + 1
    return 0


def _escaped_at(pat: str, i: int) -> bool:
    n = 0
    while i - n - 1 >= 0 and pat[i - n - 1] == "\\":
        n += 1
    return n % 2 == 1


def _in_class(pat: str, pos: int) -> bool:
    """Whether position `pos` lies inside a character class."""
    cls, i = False, 0
    while i < pos:
        ch = pat[i]
        if ch == "\\":
            i += 2
            continue
        if cls:
            cls = ch != "]"
        elif ch == "[":
            cls = True
        i += 1
    return cls


# -- URL scheme checks ----------------------------------------------------------------------------

# Schemes that run script when a URL is navigated to or loaded: a deny-list must name all three.
SCRIPT_SCHEMES = ("javascript", "data", "vbscript")


def is_javascript_scheme(value: str) -> bool:
    """'javascript:' or 'javascript' (a scheme compared without its colon)."""
    return value.strip().lower() in ("javascript:", "javascript")


def missing_schemes(texts: list[str]) -> list[str]:
    """Of data: and vbscript:, the schemes none of the texts (string and regexp contents of the
    function that checks for javascript:) mentions."""
    low = [t.lower() for t in texts]
    return [s for s in SCRIPT_SCHEMES[1:] if not any(re.search(rf"(?<![a-z]){s}(?:$|[:|)\]])", t) for t in low)]
