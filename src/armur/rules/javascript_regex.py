"""Checks of JavaScript/TypeScript validation code on the syntax tree: regular expressions used to
check URLs and host names, URL-scheme deny-lists and hand-written suffix checks (CWE-20).

Patterns are regexp literals and strings handed to `RegExp(...)` / `new RegExp(...)` (directly or
through a `const` bound to one). How a pattern is used decides what is reported: a pattern is a
*check* when it is the receiver of `.test()` / `.exec()`, an argument of `.match()` / `.search()`, or
is bound to a name used that way; it *rewrites* when it is given to `.replace()` / `.split()`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tree_sitter import Node, Tree

from armur.core.findings import Confidence, Finding, Location, Severity
from armur.core.rules import Rule, RuleDoc
from armur.lang.javascript import decode_string, regex_parts
from armur.lang.treesitter import text
from armur.rules import regex_checks
from armur.rules.javascript_structural import is_test_file

LANGS = ("javascript", "typescript")


def _rule(rid: str, title: str, sev: Severity, conf: Confidence, cwe: tuple[int, ...], what: str, why: str,
          example: str, fix: str) -> Rule:
    return Rule(id=f"javascript.{rid}", title=title, severity=sev, confidence=conf, cwe=cwe, owasp="A03",
                languages=LANGS, analyzer="sast", doc=RuleDoc(what, why, example, fix))


ANCHOR = _rule(
    "regex-missing-anchor", "Regular expression check that is not anchored where it must be", Severity.MEDIUM,
    Confidence.MEDIUM, (20, 625),
    "A regular expression that (a) anchors only its first alternative with ^ or only its last with $ "
    "(`/^a|b/` means `(^a)|b`; low confidence where the file does not show it used as a check), or (b) is used "
    "as a check (.test(), .exec(), .match(), .search()) of a host name or URL with a host and has no anchor "
    "at either end. Patterns given to .replace() / .split() are not reported.",
    "An unanchored check passes for any text that merely contains the expected part: "
    "`https://evil.example/?https://www.example.com` matches `/https?:\\/\\/www\\.example\\.com/`, so a "
    "redirect, postMessage or CORS allow-list lets every site through.",
    "if (/https?:\\/\\/www\\.example\\.com/.test(url)) res.redirect(url);",
    "Anchor the whole pattern: `/^(?:a|b)$/`, `/^https:\\/\\/www\\.example\\.com\\//`; better, parse the "
    "URL (new URL(url)) and compare its host with an allow-list.")
HOST_DOT = _rule(
    "regex-unescaped-host-dot", "Host name in a regular expression with an unescaped dot", Severity.MEDIUM,
    Confidence.MEDIUM, (20,),
    "A regular expression (a literal, or a string given to RegExp) that spells a host name (labels ending "
    "in a known top-level domain, where a URL has its host) with a `.` left unescaped. Patterns given to "
    ".replace() / .split() are not reported.",
    "In a regular expression `.` matches any character: `/^https:\\/\\/www.example.com\\//` also accepts "
    "`https://wwwXexample.com/`, a domain anyone can register, so a host allow-list built on it lets an "
    "attacker's site through.",
    "const trusted = /^https:\\/\\/(www|api).example.com$/;",
    "Escape every dot of the host (`www\\.example\\.com`), anchor the pattern, or better parse the URL and "
    "compare its hostname with an allow-list.")
ESCAPE_LOST = _rule(
    "regex-escape-lost", "Regular expression escape lost in a string literal", Severity.MEDIUM, Confidence.HIGH,
    (20, 185),
    "A string literal given to RegExp(...) / new RegExp(...) holding a backslash escape a JavaScript string "
    "does not define (`\\.`, `\\d`, `\\w`, `\\s`, `\\(`, `\\[`, `\\?`...) or `\\b`. The string keeps the "
    "character and drops the backslash (`\"\\.\"` is `\".\"`); `\\b` becomes a backspace.",
    "The pattern the code runs is not the one written: `new RegExp(\"^www\\.example\\.com$\")` accepts "
    "`wwwXexampleXcom`, `\"\\d+\"` matches runs of the letter d, and `\"\\bword\\b\"` needs backspace "
    "characters, so a validation built on it accepts or rejects the wrong inputs.",
    "const host = new RegExp(\"^(www|api)\\.example\\.com$\");",
    "Double the backslash in strings (`\"\\\\.\"`), or write a regexp literal (`/^(www|api)\\.example\\.com$/`).")
URL_SCHEME = _rule(
    "incomplete-url-scheme-check", "URL scheme deny-list that stops javascript: but not data: or vbscript:",
    Severity.MEDIUM, Confidence.MEDIUM, (20, 79, 184),
    "A function that tests a URL or its protocol against 'javascript:' (===, startsWith, indexOf, a switch "
    "case, a deny-list array, a regexp) but never mentions 'data:' (or 'vbscript:').",
    "A browser runs script from data: URLs too (and old Internet Explorer from vbscript:), so a link, "
    "iframe or redirect target that passes this check can still execute script in the page.",
    "if (url.startsWith('javascript:')) return '#';\nlink.href = url;",
    "Allow-list the schemes you accept (new URL(url).protocol === 'https:') instead of denying known-bad "
    "ones; if a deny-list stays, name javascript:, data: and vbscript:.")
SUFFIX = _rule(
    "incorrect-suffix-check", "Suffix check with indexOf that passes when the text is not there",
    Severity.MEDIUM, Confidence.HIGH, (20,),
    "`s.indexOf(t) === s.length - t.length` (or lastIndexOf, or the length written as a number) with no "
    "check that indexOf found anything.",
    "indexOf returns -1 when `t` is absent, and `s.length - t.length` is -1 whenever `s` is one character "
    "shorter than `t`: `'example.co'` then passes a check for the suffix `'.example.com'`, so a host or "
    "file-type check accepts names it was meant to reject.",
    "function isTrusted(host) {\n  return host.indexOf('.example.com') === host.length - '.example.com'.length;\n}",
    "Use s.endsWith(t), or also require `s.indexOf(t) !== -1`.")

RULES: list[Rule] = [ANCHOR, HOST_DOT, ESCAPE_LOST, URL_SCHEME, SUFFIX]

_FUNCTIONS = frozenset({"function_declaration", "function_expression", "function", "arrow_function",
                        "method_definition", "generator_function_declaration", "generator_function"})
_CHECK_METHODS = frozenset({"test", "exec"})
_CHECK_ARG_METHODS = frozenset({"match", "search", "matchAll"})
_REWRITE_ARG_METHODS = frozenset({"replace", "replaceAll", "split"})
# String escapes JavaScript defines; any other `\c` is just `c`. Of those lost, the characters that
# change a regular expression's meaning when their backslash goes.
_LOST_MEANINGFUL = frozenset(".*+?()[]{}|^$dDwWsSB")
_URLISH = re.compile(r"scheme|proto|url|uri|link|href|src|redirect|target|location|dest", re.IGNORECASE)
_OTHER_SCHEMES = frozenset({"data", "vbscript", "file", "http", "https", "ftp", "about", "blob", "mailto", "tel"})


def _walk(root: Node) -> Iterator[Node]:
    stack = [root]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(reversed(n.children))


def _unparen(n: Node | None) -> Node | None:
    while n is not None and n.type == "parenthesized_expression" and n.named_children:
        n = n.named_children[0]
    return n


def _outer(n: Node) -> Node:
    """n with the parentheses around it."""
    while n.parent is not None and n.parent.type == "parenthesized_expression":
        n = n.parent
    return n


def _is_regexp_ctor(n: Node | None) -> bool:
    if n is None or n.type not in ("new_expression", "call_expression"):
        return False
    fn = n.child_by_field_name("constructor") or n.child_by_field_name("function")
    return fn is not None and text(fn) in ("RegExp", "window.RegExp", "globalThis.RegExp")


def _first_arg(call: Node) -> Node | None:
    args = call.child_by_field_name("arguments")
    named = [a for a in args.named_children if a.type != "comment"] if args is not None else []
    return named[0] if named else None


def _bound_name(n: Node) -> str | None:
    """The name an expression is stored in: `const re = n`, `re = n`, `this.re = n`, `{ re: n }`."""
    n = _outer(n)
    p = n.parent
    if p is None:
        return None
    if p.type == "variable_declarator" and p.child_by_field_name("value") == n:
        name = p.child_by_field_name("name")
        return text(name) if name is not None and name.type == "identifier" else None
    if p.type == "assignment_expression" and p.child_by_field_name("right") == n:
        left = p.child_by_field_name("left")
        if left is not None and left.type == "identifier":
            return text(left)
        if left is not None and left.type == "member_expression":
            return text(left.child_by_field_name("property"))
    if p.type == "pair" and p.child_by_field_name("value") == n:
        return text(p.child_by_field_name("key")).strip("'\"")
    if p.type in ("public_field_definition", "field_definition") and p.child_by_field_name("value") == n:
        return text(p.child_by_field_name("property") or p.child_by_field_name("name"))
    return None


def _receiver_name(n: Node | None) -> str | None:
    n = _unparen(n)
    if n is None:
        return None
    if n.type == "identifier":
        return text(n)
    if n.type == "member_expression":
        return text(n.child_by_field_name("property"))
    return None


def _scope(n: Node) -> Node:
    """The function around n, or the top-level statement holding it."""
    p: Node | None = n.parent
    while p is not None and p.type not in _FUNCTIONS:
        p = p.parent
    if p is not None:
        return p
    cur = n
    while cur.parent is not None and cur.parent.type != "program":
        cur = cur.parent
    return cur


class _Checker:
    def __init__(self, tree: Tree, display: str, source: str) -> None:
        self.root = tree.root_node
        self.display = display
        self.lines = source.splitlines()
        self.out: list[Finding] = []
        self.seen: set[tuple[str, int]] = set()
        self.check_names: set[str] = set()  # names used as a check: re.test(x), s.match(re)
        self.rewrite_names: set[str] = set()  # names used to rewrite: s.replace(re, ...)
        self.strings: dict[str, Node] = {}  # const NAME = 'pattern' (bound once)
        self.scheme_scopes: set[tuple[int, int]] = set()
        self.lookups: dict[str, list[Node]] = {}  # name -> calls name.includes(x) / indexOf(x) / has(x)

    def report(self, rule: Rule, n: Node, message: str, conf: Confidence | None = None) -> None:
        line = n.start_point[0] + 1
        if (rule.id, line) in self.seen:
            return
        self.seen.add((rule.id, line))
        snippet = self.lines[line - 1].strip() if 0 < line <= len(self.lines) else ""
        self.out.append(Finding(
            rule_id=rule.id, message=message, severity=rule.severity, confidence=conf or rule.confidence,
            location=Location(self.display, line, n.start_point[1] + 1, n.end_point[0] + 1, n.end_point[1] + 1),
            analyzer="sast", cwe=rule.cwe, owasp=rule.owasp, snippet=snippet, fix=rule.doc.fix))

    def run(self) -> list[Finding]:
        nodes = list(_walk(self.root))
        bound: dict[str, int] = {}
        for n in nodes:
            if n.type == "call_expression":
                fn = n.child_by_field_name("function")
                if fn is not None and fn.type == "member_expression":
                    method = text(fn.child_by_field_name("property"))
                    if method in _CHECK_METHODS:
                        name = _receiver_name(fn.child_by_field_name("object"))
                        if name:
                            self.check_names.add(name)
                    elif method in ("includes", "indexOf", "has"):
                        name = _receiver_name(fn.child_by_field_name("object"))
                        if name:
                            self.lookups.setdefault(name, []).append(n)
                    elif method in _CHECK_ARG_METHODS | _REWRITE_ARG_METHODS:
                        name = _receiver_name(_first_arg(n))
                        if name:
                            (self.check_names if method in _CHECK_ARG_METHODS else self.rewrite_names).add(name)
            elif n.type == "variable_declarator":
                decl, value = n.child_by_field_name("name"), n.child_by_field_name("value")
                if decl is not None and decl.type == "identifier":
                    bound[text(decl)] = bound.get(text(decl), 0) + 1
                    if value is not None and value.type == "string":
                        self.strings[text(decl)] = value
        self.strings = {k: v for k, v in self.strings.items() if bound.get(k) == 1}
        for n in nodes:
            t = n.type
            if t == "regex":
                parts = regex_parts(n)
                if parts is not None:
                    self.pattern(n, parts[0], self.use_of(n), parts[1])
                    self.scheme_regex(n, parts[0])
            elif t in ("new_expression", "call_expression") and _is_regexp_ctor(n):
                self.regexp_ctor(n)
            elif t == "call_expression":
                self.string_pattern_call(n)
            elif t == "string":
                self.scheme_check(n, decode_string(n))
            elif t == "binary_expression":
                self.suffix_check(n)
        return self.out

    # -- patterns --
    def use_of(self, n: Node) -> str:
        """'check', 'rewrite' or '' (unknown) for a regexp-valued expression."""
        o = _outer(n)
        p = o.parent
        if p is not None and p.type == "member_expression" and p.child_by_field_name("object") == o:
            method = text(p.child_by_field_name("property"))
            if method in _CHECK_METHODS:
                return "check"
        if p is not None and p.type == "arguments" and p.parent is not None and p.parent.type == "call_expression":
            fn = p.parent.child_by_field_name("function")
            method = text(fn.child_by_field_name("property")) if fn is not None and fn.type == "member_expression" \
                else ""
            if method in _CHECK_ARG_METHODS:
                return "check"
            if method in _REWRITE_ARG_METHODS:
                return "rewrite"
        name = _bound_name(n)
        if name is not None:
            if name in self.check_names:
                return "check"
            if name in self.rewrite_names:
                return "rewrite"
        return ""

    def pattern(self, at: Node, pat: str, use: str, flags: str = "") -> None:
        if use == "rewrite":
            return
        if use == "check" and "g" not in flags:  # (a global regexp finds every occurrence: it extracts)
            why = regex_checks.anchor_problem(pat)
            if why:
                self.report(ANCHOR, at, f"regular expression {pat[:60]!r} {why}")
        else:  # not seen used: a precedence mistake, whatever it is for
            why = regex_checks.semi_anchored(pat)
            if why:
                self.report(ANCHOR, at, f"regular expression {pat[:60]!r} {why}", Confidence.LOW)
        host = regex_checks.unescaped_host_dot(pat)
        if host:
            self.report(HOST_DOT, at, f"host name {host!r} in a regular expression has an unescaped '.', which "
                                      "matches any character")

    def regexp_ctor(self, call: Node) -> None:
        arg = _unparen(_first_arg(call))
        lit = arg
        if arg is not None and arg.type == "identifier":
            lit = self.strings.get(text(arg))
        if lit is None or lit.type not in ("string", "template_string"):
            return
        if lit.type == "template_string" and any(c.type == "template_substitution" for c in lit.named_children):
            return
        self.escapes(lit)
        pat = decode_string(lit)
        args = call.child_by_field_name("arguments")
        named = args.named_children if args is not None else []
        flags = decode_string(named[1]) if len(named) > 1 and named[1].type == "string" else ""
        self.pattern(lit, pat, self.use_of(call), flags)

    def string_pattern_call(self, call: Node) -> None:
        """`s.match('...')` / `s.search('...')`: the string is made into a regexp."""
        fn = call.child_by_field_name("function")
        if fn is None or fn.type != "member_expression" or text(fn.child_by_field_name("property")) not in (
                "match", "search"):
            return
        arg = _unparen(_first_arg(call))
        if arg is not None and arg.type == "string":
            self.escapes(arg)
            self.pattern(arg, decode_string(arg), "check")

    def escapes(self, lit: Node) -> None:
        for e in lit.named_children:
            if e.type != "escape_sequence":
                continue
            seq = text(e)
            ch = seq[1:2]
            if ch == "b":
                self.report(ESCAPE_LOST, lit, "'\\b' in a string is a backspace, not a word boundary: the RegExp "
                                              "gets a backspace character")
                return
            if ch in _LOST_MEANINGFUL:
                self.report(ESCAPE_LOST, lit, f"'\\{ch}' in a string is just '{ch}': the RegExp never sees the "
                                              "backslash (write '\\\\" + ch + "' or a regexp literal)")
                return

    # -- URL schemes --
    def scheme_check(self, lit: Node, value: str) -> None:
        """A 'javascript:' literal a URL is compared with: `u === 'javascript:'`, `u.startsWith(...)`, a
        switch case, or a deny-list (array, `new Set`, `'a|b'.split('|')`) a URL is looked up in."""
        o = _outer(lit)
        p = o.parent
        if p is None:
            return
        if not regex_checks.is_javascript_scheme(value):
            words = [w.strip().lower().rstrip(":") for w in value.split("|")]
            if "javascript" in words and len(words) <= 8 and set(words) - {"javascript"} <= _OTHER_SCHEMES \
                    and p.type == "member_expression" and text(p.child_by_field_name("property")) == "split":
                self.deny_list(p, value.split("|"))  # 'javascript|data'.split('|'): a list of schemes only
            return
        colon = value.strip().endswith(":")
        if p.type == "binary_expression":
            op = p.child_by_field_name("operator")
            if op is None or text(op) not in ("==", "===", "!=", "!=="):
                return
            other = p.child_by_field_name("right" if p.child_by_field_name("left") == o else "left")
            if colon or _URLISH.search(text(other) if other is not None else ""):
                self.scheme_scope(p)
        elif p.type == "arguments":
            call = p.parent
            fn = call.child_by_field_name("function") if call is not None else None
            if call is None or fn is None or fn.type != "member_expression":
                return
            method = text(fn.child_by_field_name("property"))
            if method in ("startsWith", "indexOf", "includes", "lastIndexOf", "localeCompare") and (
                    colon or _URLISH.search(text(fn.child_by_field_name("object")))):
                self.scheme_scope(call)
        elif p.type == "array":
            words = [decode_string(x) for x in p.named_children if x.type == "string"]
            if colon or {w.strip().lower().rstrip(":") for w in words} & _OTHER_SCHEMES:
                self.deny_list(p, words)
        elif p.type == "switch_case":
            sw = p.parent.parent if p.parent is not None else None
            value_node = sw.child_by_field_name("value") if sw is not None else None
            if colon or _URLISH.search(text(value_node) if value_node is not None else ""):
                self.scheme_scope(p)

    def scheme_regex(self, rx: Node, pat: str) -> None:
        """`/^\\s*javascript:/i.test(url)`, `/^(javascript|data)$/.exec(scheme)`: a regexp naming the
        javascript scheme, used as a check of a URL or a scheme."""
        if not re.search(r"javascript", pat, re.IGNORECASE) or self.use_of(rx) != "check":
            return
        o = _outer(rx)
        p = o.parent
        site = p.parent if p is not None and p.type == "member_expression" else (
            p.parent if p is not None and p.type == "arguments" else None)
        if site is None or site.type != "call_expression":
            site = rx
        if re.search(r"javascript\W*:", pat, re.IGNORECASE) or _URLISH.search(text(site)):
            self.scheme_scope(site)

    def deny_list(self, lst: Node, words: list[str]) -> None:
        """Where a list of schemes is looked up (`list.includes(x)`, `list.indexOf(x)`, `set.has(x)`), directly
        or through the name it is bound to; the list itself when it is not looked up in this file."""
        target = _outer(lst)
        p = target.parent
        if p is not None and p.type == "call_expression" and target.type == "member_expression":
            target = _outer(p)  # 'a|b'.split('|')
            p = target.parent
        if p is not None and p.type == "arguments" and p.parent is not None and _text_is(
                p.parent.child_by_field_name("constructor"), "Set"):
            target = _outer(p.parent)  # new Set([...])
            p = target.parent
        sites: list[Node] = []
        if p is not None and p.type == "member_expression" and p.child_by_field_name("object") == target \
                and text(p.child_by_field_name("property")) in ("includes", "indexOf", "has", "some", "find") \
                and p.parent is not None and p.parent.type == "call_expression":
            sites.append(p.parent)
        else:
            name = _bound_name(target)
            if name is not None:
                sites = [n for n in self.lookups.get(name, [])]
        for site in sites or [lst]:
            self.scheme_scope(site, words)

    def scheme_scope(self, at: Node, extra: list[str] | None = None) -> None:
        scope = _scope(at)
        if (scope.start_byte, at.start_point[0]) in self.scheme_scopes:
            return
        self.scheme_scopes.add((scope.start_byte, at.start_point[0]))
        texts: list[str] = list(extra or [])
        for n in _walk(scope):
            if n.type == "string":
                texts.append(decode_string(n))
            elif n.type == "regex_pattern":
                texts.append(text(n))
            elif n.type == "string_fragment" and n.parent is not None and n.parent.type == "template_string":
                texts.append(text(n))
        missing = regex_checks.missing_schemes(texts)
        if missing:
            self.report(URL_SCHEME, at, "URL scheme check stops javascript: but not " + " or ".join(
                f"{m}:" for m in missing), None if "data" in missing else Confidence.LOW)

    # -- suffix checks --
    def suffix_check(self, n: Node) -> None:
        """`s.indexOf(t) === s.length - t.length` (the right side may be held in a variable, and may take
        off more: `s.length - t.length - 1`, `s.length - (t.length + 1)`, `s.length - 4`)."""
        op = n.child_by_field_name("operator")
        if op is None or text(op) not in ("==", "===", "!=", "!=="):
            return
        left, right = _unparen(n.child_by_field_name("left")), _unparen(n.child_by_field_name("right"))
        for side, other_side in ((left, right), (right, left)):
            found = self._index_call(side, n)
            if found is None or other_side is None:
                continue
            recv, needle, held = found
            other = self._binding(text(other_side), n) if other_side.type == "identifier" else other_side
            if other is None or not self._length_minus(other, recv, needle):
                continue
            diff = text(other_side) if other_side.type == "identifier" else ""
            if self._found_checked(n, held or "", recv, needle, diff):
                return
            self.report(SUFFIX, n, f"{text(n)[:80]} is also true when indexOf returns -1 (when {recv} is shorter "
                                   f"than {needle[:40]} by the amount subtracted)")
            return

    @staticmethod
    def _length_minus(node: Node, recv: str, needle: str) -> bool:
        """`recv.length - x`, possibly with more subtracted after it, where x involves a length
        (`t.length`, `t.length + 1`) or is the length of a needle written as a literal of two or more
        characters (`s.length - 3` for '.js')."""
        e = _unparen(node)
        while e is not None and e.type == "binary_expression" and text(e.child_by_field_name("operator")) == "-":
            a, b = _unparen(e.child_by_field_name("left")), _unparen(e.child_by_field_name("right"))
            if a is not None and text(a).replace(" ", "") == f"{recv}.length":
                if b is None:
                    return False
                if b.type == "number":
                    k = _int(text(b))
                    return k is not None and k >= 2 and _literal_length(needle) == k
                return ".length" in text(b)
            e = a
        return False

    def _index_call(self, e: Node | None, at: Node) -> tuple[str, str, str | None] | None:
        """(receiver, needle, variable) of `recv.indexOf(needle)`, directly or through a variable bound to it
        in the same function."""
        held = None
        if e is not None and e.type == "identifier":
            held = text(e)
            e = self._binding(held, at)
        if e is None or e.type != "call_expression":
            return None
        fn = e.child_by_field_name("function")
        if fn is None or fn.type != "member_expression" or text(fn.child_by_field_name("property")) not in (
                "indexOf", "lastIndexOf"):
            return None
        arg = _first_arg(e)
        obj = fn.child_by_field_name("object")
        if arg is None or obj is None:
            return None
        return text(obj).replace(" ", ""), text(arg).replace(" ", ""), held

    def _binding(self, name: str, at: Node) -> Node | None:
        scope = _scope(at)
        values = [d.child_by_field_name("value") for d in _walk(scope) if d.type == "variable_declarator"
                  and text(d.child_by_field_name("name")) == name]
        return _unparen(values[0]) if len(values) == 1 else None

    def _found_checked(self, at: Node, held: str, recv: str, needle: str, diff: str = "") -> bool:
        """Whether the function also compares the index (the variable, or the same call) or the variable
        holding the difference with -1 / 0, or compares the lengths (then the difference is never -1)."""
        body = re.sub(r"\s*([^\w\s$])\s*", r"\1", re.sub(r"\s+", " ", text(_scope(at))))
        subjects = [re.escape(f"{recv}.indexOf({needle})"), re.escape(f"{recv}.lastIndexOf({needle})")]
        subjects.extend(rf"(?<![\w$.]){re.escape(name)}(?![\w$])" for name in (held, diff) if name)
        for s in subjects:
            if re.search(rf"{s}(?:!==?|===?|>=?|<=?)-1|{s}(?:>=|<)0(?![\d.])|-1(?:!==?|===?|<)({s})", body):
                return True
        # or the text's length with another length or a number (then the difference is never -1)
        r = re.escape(f"{recv}.length")
        other = r"(?:[\w$.]+\.length|\d+)"
        return re.search(rf"(?<![\w$.]){r}(?:>=?|<=?){other}|{other}(?:>=?|<=?){r}(?![\w$])", body) is not None


def _text_is(n: Node | None, value: str) -> bool:
    return n is not None and text(n) == value


def _literal_length(expr: str) -> int | None:
    """Length of a quoted string literal without escapes, or None."""
    m = re.fullmatch(r"'([^'\\]*)'|\"([^\"\\]*)\"", expr)
    return None if m is None else len(m.group(1) if m.group(1) is not None else m.group(2))


def _int(s: str) -> int | None:
    try:
        return int(s)
    except ValueError:
        return None


def check(tree: Tree, display: str, source: str) -> list[Finding]:
    """Validation-code findings for one JavaScript/TypeScript file (none in test code, where a regexp or
    a comparison asserts on output rather than guarding input)."""
    if is_test_file(display):
        return []
    return _Checker(tree, display, source).run()
