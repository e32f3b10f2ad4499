"""Structural Rust checks on the tree-sitter tree (no dataflow): settings and constructs that are risky
whatever data flows through them.

Candidates are found with tree-sitter queries (C speed, so large crates stay cheap) and then checked
in Python: the callee's path as written (`md5::compute`, `Sha1::new`, `mem::transmute`), the
arguments, the names things are bound to, and whether the code is inside an `unsafe` block or
function. Memory-safety findings only mark places that need a careful review: they are reported
at low confidence, and only where the construct's safety depends on a value the code computes.
Test code (`#[cfg(test)]` modules, `#[test]` functions) is skipped, as in the taint analysis.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from tree_sitter import Node, Query, QueryCursor, Tree

from armur.core.findings import Confidence, Finding, Location, Severity
from armur.core.rules import Rule, RuleDoc
from armur.ir import nodes as ir
from armur.lang.treesitter import language, text

LANGS = ("rust",)

# report(rule, node, message[, severity]): records one finding.
Reporter = Callable[..., None]


def _rule(rid: str, title: str, sev: Severity, conf: Confidence, cwe: tuple[int, ...], owasp: str, what: str,
          why: str, example: str, fix: str) -> Rule:
    return Rule(id=f"rust.{rid}", title=title, severity=sev, confidence=conf, cwe=cwe, owasp=owasp,
                languages=LANGS, analyzer="sast", doc=RuleDoc(what, why, example, fix))


S, C = Severity, Confidence
TLS_OFF = _rule(
    "tls-verify-disabled", "TLS certificate or host name verification turned off", S.HIGH, C.HIGH, (295,), "A07",
    "reqwest's danger_accept_invalid_certs(true) / danger_accept_invalid_hostnames(true), native-tls's "
    "danger_accept_invalid_* on a TlsConnector builder, a rustls certificate verifier whose "
    "verify_server_cert accepts every certificate, or openssl SslVerifyMode::NONE on a client connector.",
    "Without verification anyone on the network path can impersonate the server and read or change the "
    "traffic, credentials included.",
    "let client = reqwest::Client::builder().danger_accept_invalid_certs(true).build()?;",
    "Keep verification on. To trust a private CA add it as a root (add_root_certificate / RootCertStore); "
    "to pin, compare the certificate inside a verifier that still validates the chain.")
WEAK_HASH = _rule(
    "weak-hash", "Broken hash function (MD5, SHA-1)", S.MEDIUM, C.MEDIUM, (328, 327), "A02",
    "md5::compute, the md-5 / sha1 crates' Md5 / Sha1 hashers, openssl MessageDigest::md5() / sha1(), or "
    "ring's SHA1_FOR_LEGACY_USE_ONLY. Reported at high severity when the code hashes a password.",
    "Collisions for MD5 and SHA-1 are practical, so they cannot protect integrity or signatures; both are "
    "also far too fast to store passwords.",
    "let digest = md5::compute(password.as_bytes());",
    "Use SHA-256 / SHA-3 / BLAKE3 for integrity, and argon2, scrypt or bcrypt (password-hash crates) for "
    "passwords. Keep MD5/SHA-1 only for non-security checksums, and say so in a comment.")
SECRET = _rule(
    "hardcoded-secret", "Hard-coded password, token or key", S.HIGH, C.MEDIUM, (798, 259), "A07",
    "A string literal that looks like a credential bound to a let / const / static or a struct field named "
    "like a password, secret, token, API key or private key.",
    "Secrets in source code end up in version control, builds and logs, where anyone with read access "
    "can use them; rotating them needs a code change.",
    'const API_KEY: &str = "sk_live_51Hx...";',
    "Read secrets at run time from the environment or a secret manager (std::env::var, a config file "
    "outside the repository), and rotate the one that was committed.")
TRANSMUTE = _rule(
    "unsafe-transmute", "mem::transmute reinterprets memory", S.MEDIUM, C.LOW, (843, 704), "A04",
    "A call to std::mem::transmute (or transmute_copy).",
    "transmute reinterprets bits without any check: a wrong size, alignment, lifetime or invalid value "
    "(a bool other than 0/1, an enum without that discriminant, a null reference) is undefined behaviour "
    "that can become memory corruption.",
    "let f: fn() = unsafe { std::mem::transmute(ptr) };",
    "Prefer safe conversions (from_ne_bytes, to_bits / from_bits, as casts, bytemuck / zerocopy for "
    "plain data); if transmute stays, annotate both types explicitly and document why it is sound.")
PTR_ARITH = _rule(
    "unsafe-pointer-arithmetic", "Raw pointer arithmetic", S.LOW, C.LOW, (119, 823), "A04",
    "ptr.offset(n), ptr.add(n) or ptr.sub(n) on a raw pointer inside unsafe code, where n is not a constant.",
    "The result must stay inside the same allocation (or one past its end); an offset computed from "
    "unchecked data reads or writes out of bounds.",
    "unsafe { *buf.as_ptr().add(i) }",
    "Use slice indexing or get(i); otherwise bound-check n against the allocation's length right before "
    "the arithmetic and document the invariant.")
RAW_PARTS = _rule(
    "unsafe-from-raw-parts", "Slice or vector built from a raw pointer and length", S.MEDIUM, C.LOW, (119, 125),
    "A04",
    "slice::from_raw_parts(_mut) or Vec/String::from_raw_parts where the length is not a literal or the "
    "length of an existing buffer.",
    "If the length exceeds the allocation, or the pointer is dangling or misaligned, the slice exposes "
    "memory the program does not own: out-of-bounds reads and writes.",
    "let s = unsafe { std::slice::from_raw_parts(p, n) };",
    "Derive the length from the same buffer (buf.len()), check it against the allocation's capacity, or "
    "keep the data as a slice in the first place.")
SET_LEN = _rule(
    "unsafe-set-len", "Vec::set_len exposes uninitialised elements", S.LOW, C.LOW, (908, 665), "A04",
    "A call to Vec::set_len inside unsafe code with a length that is not a constant.",
    "Elements between the old and the new length must have been initialised and the new length must not "
    "exceed the capacity; otherwise the vector hands out uninitialised or out-of-bounds memory.",
    "unsafe { v.set_len(n) }",
    "Initialise with resize / extend / spare_capacity_mut and MaybeUninit, and call set_len only with "
    "the count actually written.")
UNINIT = _rule(
    "unsafe-uninit-memory", "mem::uninitialized or zeroed memory for a type that cannot be zero",
    S.MEDIUM, C.LOW, (908, 457), "A04",
    "std::mem::uninitialized() (always), or std::mem::zeroed() for a reference, Box, Vec, String, Rc/Arc, "
    "NonNull or function pointer.",
    "Those types may never be null; a zeroed or uninitialised value of them is immediately undefined "
    "behaviour.",
    "let v: Vec<u8> = unsafe { std::mem::zeroed() };",
    "Use MaybeUninit<T> and initialise before assume_init(), or construct a valid value (Default, new).")
STATIC_MUT = _rule(
    "static-mut", "Mutable static variable", S.LOW, C.LOW, (362, 820), "A04",
    "A `static mut` item: every read or write of it is unsafe and unsynchronised.",
    "Two threads touching a static mut race; references to it can alias. The resulting bugs are "
    "undefined behaviour, and the 2024 edition forbids references to static mut.",
    "static mut COUNTER: u32 = 0;",
    "Use an atomic (AtomicU32), a Mutex / RwLock, OnceLock / LazyLock, or thread_local!.")

RULES: list[Rule] = [TLS_OFF, WEAK_HASH, SECRET, TRANSMUTE, PTR_ARITH, RAW_PARTS, SET_LEN, UNINIT, STATIC_MUT]

_CALL_PATHS = re.compile(
    r"(?:^|::)(transmute|transmute_copy|from_raw_parts|from_raw_parts_mut|uninitialized|zeroed|compute|md5|sha1|"
    r"new|digest|new_with_prefix)$")
_METHODS = ("danger_accept_invalid_certs", "danger_accept_invalid_hostnames", "offset", "add", "sub", "set_len",
            "wrapping_offset", "byte_add", "byte_offset", "byte_sub")
_HASH_PATHS = "(md5|Md5|Sha1|sha1|sha1_smol|MessageDigest|Md5Hasher|Context)::"
_QUERY_SRC = f"""
(call_expression function: [(scoped_identifier) (identifier) (generic_function)] @f
    (#match? @f "transmute|from_raw_parts|uninitialized|zeroed|{_HASH_PATHS}")) @call
(call_expression function: (field_expression field: (field_identifier) @m
    (#any-of? @m {" ".join(f'"{m}"' for m in _METHODS)})) arguments: (arguments) @args) @mcall
(static_item (mutable_specifier)) @static_mut
(let_declaration pattern: (_) @name value: [(string_literal) (raw_string_literal)] @value) @secret
(const_item name: (identifier) @name value: [(string_literal) (raw_string_literal)] @value) @secret
(static_item name: (identifier) @name value: [(string_literal) (raw_string_literal)] @value) @secret
(field_initializer field: (field_identifier) @name value: [(string_literal) (raw_string_literal)] @value) @secret
(field_initializer field: (field_identifier) @name
    value: (call_expression function: (field_expression value: (string_literal) @value))) @secret
(let_declaration pattern: (_) @name
    value: (call_expression function: (field_expression value: (string_literal) @value))) @secret
(field_initializer field: (field_identifier) @name
    value: (call_expression function: (scoped_identifier) arguments: (arguments . (string_literal) @value .))) @secret
(let_declaration pattern: (_) @name
    value: (call_expression function: (scoped_identifier) arguments: (arguments . (string_literal) @value .))) @secret
(function_item name: (identifier) @vname (#any-of? @vname "verify_server_cert" "verify_client_cert")) @verifier
((scoped_identifier) @path (#match? @path "(SslVerifyMode::NONE|SHA1_FOR_LEGACY_USE_ONLY)$"))
"""
_WEAK_HASH_PATHS = re.compile(
    r"(?:^|::)(?:md5::compute|md5::Md5::(?:new|digest|new_with_prefix)|Md5::(?:new|digest|new_with_prefix)|"
    r"sha1::Sha1::(?:new|digest|new_with_prefix)|Sha1::(?:new|digest|new_with_prefix|from)|"
    r"sha1_smol::Sha1::(?:new|from)|MessageDigest::(?:md5|sha1)|Md5Hasher::new|md5::Context::new|Context::new)$")
_SECRET_NAME = re.compile(r"(passw(or)?d|passwd|pwd|secret|token|api_?key|apikey|private_?key|access_?key|"
                          r"client_?secret|auth_?key|credential)", re.I)
_NOT_SECRET_NAME = re.compile(r"(_?(env|var|name|header|path|file|url|uri|prefix|suffix|field|param|label|id|oid|"
                              r"func|blob|"
                              r"key_id|type|kind|len|length|placeholder|hint|regex|pattern|format|fmt|msg|"
                              r"message|error|err|column|col|query|sql|endpoint|cookie_name|scope))$|^(is_|has_)",
                              re.I)
_NON_POD = re.compile(r"^(&|Box\s*<|Vec\s*<|String\b|Rc\s*<|Arc\s*<|NonNull\s*<|fn\s*\(|&mut|Option\s*<\s*&)")
_TEST_ATTR = re.compile(r"^#\[(cfg\(test|test\]|tokio::test|bench\]|actix_rt::test|actix_web::test)")


@cache
def _query() -> Query:
    return Query(language("rust"), _QUERY_SRC)


def check(module: ir.Module, display: str, tree: Tree | None = None) -> list[Finding]:
    """Run the structural checks over a parsed Rust file."""
    if tree is None:
        return []
    lines = module.lines
    out: list[Finding] = []
    seen: set[tuple[str, int, int]] = set()
    test_cache: dict[int, bool] = {}

    def report(rule: Rule, node: Node, message: str, severity: Severity | None = None) -> None:
        key = (rule.id, node.start_point[0], node.start_point[1])
        if key in seen or _in_test(node, test_cache):
            return
        seen.add(key)
        (r0, c0), (r1, c1) = node.start_point, node.end_point
        snippet = lines[r0].strip() if r0 < len(lines) else ""
        out.append(Finding(rule_id=rule.id, message=message, severity=severity or rule.severity,
                           confidence=rule.confidence,
                           location=Location(display, r0 + 1, c0 + 1, r1 + 1, c1 + 1), analyzer="sast",
                           cwe=rule.cwe, owasp=rule.owasp, snippet=snippet, fix=rule.doc.fix))

    for _, caps in QueryCursor(_query()).matches(tree.root_node):
        if "call" in caps:
            _check_call(caps["call"][0], caps["f"][0], report)
        elif "mcall" in caps:
            _check_method(caps["mcall"][0], caps["m"][0], caps["args"][0], report)
        elif "static_mut" in caps:
            node = caps["static_mut"][0]
            name = node.child_by_field_name("name")
            if _in_item(node, ("foreign_mod_item",)):
                continue  # a C global declared in an `extern` block: the binding, not a design choice
            report(STATIC_MUT, node, f"`static mut {text(name)}`: unsynchronised global mutable state")
        elif "secret" in caps:
            _check_secret(caps["secret"][0], caps["name"][0], caps["value"][0], report)
        elif "verifier" in caps:
            _check_verifier(caps["verifier"][0], report)
        elif "path" in caps:
            p = caps["path"][0]
            t = text(p)
            if t.endswith("SslVerifyMode::NONE") and p.parent is not None and p.parent.type != "scoped_identifier":
                fn = _enclosing_fn(p)
                body = text(fn) if fn is not None else ""
                if "Connector" in body and "Acceptor" not in body:
                    report(TLS_OFF, p, "openssl SslVerifyMode::NONE on a client connector: the server's "
                                       "certificate is not checked")
            elif t.endswith(("SHA1_FOR_LEGACY_USE_ONLY",)) and p.parent is not None \
                    and p.parent.type != "scoped_identifier" and not _in_item(p, ("static_item", "const_item")):
                report(WEAK_HASH, p, "ring SHA-1 digest algorithm")
    return out


def _check_call(call: Node, f: Node, report: Reporter) -> None:
    if f.type == "generic_function":
        inner = f.child_by_field_name("function")
        if inner is None:
            return
        path = text(inner)
    else:
        path = text(f)
    path = re.sub(r"\s+", "", path)
    if not _CALL_PATHS.search(path):
        return
    rep = report
    last = path.rsplit("::", 1)[-1]
    args = call.child_by_field_name("arguments")
    argv = [a for a in args.named_children if a.type not in ("line_comment", "block_comment")] if args else []
    if last in ("transmute", "transmute_copy") and path in ("transmute", "transmute_copy", "mem::transmute",
                                                           "std::mem::transmute", "core::mem::transmute",
                                                           "mem::transmute_copy", "std::mem::transmute_copy",
                                                           "core::mem::transmute_copy"):
        rep(TRANSMUTE, call, f"{path}: bits reinterpreted without checks")
    elif last in ("from_raw_parts", "from_raw_parts_mut") and len(argv) >= 2:
        n = argv[1] if len(argv) >= 2 else None
        if n is not None and not _checked_len(n):
            rep(RAW_PARTS, call, f"{path} with length `{text(n)[:60]}`: the length must not exceed the allocation")
    elif last == "uninitialized" and path.endswith(("mem::uninitialized",)):
        rep(UNINIT, call, f"{path}(): uninitialised memory is undefined behaviour for most types")
    elif last == "zeroed" and path.endswith("mem::zeroed"):
        ty = _zeroed_type(call, f)
        if ty and _NON_POD.match(ty):
            rep(UNINIT, call, f"mem::zeroed() for `{ty}`, which may not be all-zero")
    elif _WEAK_HASH_PATHS.search(path):
        if path.endswith("Context::new") and "md5" not in path.lower():
            return
        fn = _enclosing_fn(call)
        ctx = (text(call.parent) if call.parent is not None else "") + " " + (
            text(fn.child_by_field_name("name")) if fn is not None else "")
        pw = re.search(r"passw|passwd|pwd\b", ctx, re.I)
        algo = "MD5" if "md5" in path.lower() else "SHA-1"
        if pw:
            rep(WEAK_HASH, call, f"{path}: {algo} used on a password", Severity.HIGH)
        else:
            rep(WEAK_HASH, call, f"{path}: {algo} is broken for security uses")


def _check_method(call: Node, mnode: Node, args: Node, report: Reporter) -> None:
    rep = report
    method = text(mnode)
    argv = [a for a in args.named_children if a.type not in ("line_comment", "block_comment")]
    if method in ("danger_accept_invalid_certs", "danger_accept_invalid_hostnames"):
        if argv and text(argv[0]) == "true":
            what = "certificates" if method.endswith("certs") else "host names"
            rep(TLS_OFF, mnode, f".{method}(true): invalid {what} are accepted")
        return
    if not _in_unsafe(call):
        return
    fe = call.child_by_field_name("function")
    recv = fe.child_by_field_name("value") if fe is not None else None
    if recv is None or not argv:
        return
    if method == "set_len":
        if not _constant(argv[0]):
            rep(SET_LEN, call, f"set_len({text(argv[0])[:60]}): elements up to the new length must be initialised")
        return
    if _constant(argv[0]):
        return
    rtext = text(recv)
    pointerish = method in ("offset", "wrapping_offset", "byte_offset") or re.search(
        r"(ptr|_p|\bp)\s*$|as_(mut_)?ptr\(\)\s*$|as\s+\*(const|mut)\b|ptr\b", rtext) is not None
    if pointerish:
        rep(PTR_ARITH, call, f"raw pointer .{method}({text(argv[0])[:40]}): the result must stay in bounds")


def _check_secret(node: Node, name: Node, value: Node, report: Reporter) -> None:
    rep = report
    nm = text(name)
    if name.type not in ("identifier", "field_identifier") or not _SECRET_NAME.search(nm) or _NOT_SECRET_NAME.search(
            nm):
        return
    raw = text(value)
    m = re.match(r'^b?r?#*"(.*)"#*$', raw, re.S)
    val = m.group(1) if m else raw
    if not _looks_like_secret(val):
        return
    rep(SECRET, node, f"`{nm}` holds a hard-coded credential")


def _looks_like_secret(val: str) -> bool:
    """A credential mixes letters with digits or symbols; names, words, OIDs and paths do not count."""
    if len(val) < 8 or len(val) > 200 or " " in val or "{" in val or "\n" in val or "::" in val:
        return False
    low = val.lower()
    if re.fullmatch(r"[A-Za-z_.-]+", val) or re.fullmatch(r"[A-Z0-9_]+", val):  # words, names, env vars
        return False
    if re.fullmatch(r"[\d.]+", val) or not re.search(r"[A-Za-z]", val):  # OIDs, versions, numbers
        return False
    if val.startswith("$"):
        return False
    if ("\\" in val or "/" in val) and re.fullmatch(r"[A-Za-z_\\/.:-]+", val):  # a path or registry key
        return False
    if any(x in low for x in ("example", "xxxx", "changeme", "your_", "your-", "<", "${", "dummy", "placeholder",
                              "redacted", "test", "fake", "sample", "****")):
        return False
    if low.startswith(("http://", "https://", "/", "./", "../")) and "@" not in low:
        return False
    return True


def _check_verifier(fn: Node, report: Reporter) -> None:
    body = fn.child_by_field_name("body")
    if body is None:
        return
    code = re.sub(r"//[^\n]*", "", text(body))
    code = re.sub(r"\s+", "", code)
    if re.fullmatch(r"\{(return)?Ok\((rustls::(client::|server::)?(danger::)?)?(Server|Client)CertVerified::"
                    r"assertion\(\)\);?\}", code):
        rep = report
        rep(TLS_OFF, fn, f"{text(fn.child_by_field_name('name'))} accepts every certificate")


def _constant(n: Node) -> bool:
    return n.type in ("integer_literal",) or (n.type == "identifier" and text(n).isupper())


def _checked_len(n: Node) -> bool:
    """A length that is a literal, a constant, or some buffer's own length (`buf.len()`, `self.len`)."""
    t = re.sub(r"\s+", "", text(n))
    return n.type == "integer_literal" or bool(re.search(
        r"(\.(len|capacity)\(\)|(^|\.|_)(len|length|capacity|cap)(\(\))?)$|size_of(_val)?(::<[^>]*>)?\(", t, re.I)) \
        or bool(re.fullmatch(r"[A-Z_][A-Z0-9_]*", t))


def _zeroed_type(call: Node, f: Node) -> str:
    if f.type == "generic_function":
        targs = f.child_by_field_name("type_arguments")
        if targs is not None:
            return text(targs)[1:-1].strip()
    cur: Node | None = call.parent
    for _ in range(4):
        if cur is None:
            break
        if cur.type == "let_declaration":
            t = cur.child_by_field_name("type")
            return text(t) if t is not None else ""
        cur = cur.parent
    return ""


def _in_unsafe(n: Node) -> bool:
    cur: Node | None = n.parent
    while cur is not None:
        if cur.type == "unsafe_block":
            return True
        if cur.type == "function_item":
            mods = cur.child(0)
            return mods is not None and mods.type == "function_modifiers" and "unsafe" in text(mods)
        if cur.type == "closure_expression":
            pass
        cur = cur.parent
    return False


def _in_item(n: Node, types: tuple[str, ...]) -> bool:
    cur: Node | None = n.parent
    while cur is not None and cur.type not in ("function_item", "source_file"):
        if cur.type in types:
            return True
        cur = cur.parent
    return False


def _enclosing_fn(n: Node) -> Node | None:
    cur: Node | None = n.parent
    while cur is not None and cur.type != "function_item":
        cur = cur.parent
    return cur


def _in_test(n: Node, cache_: dict[int, bool]) -> bool:
    """Whether a node is inside a #[cfg(test)] module or a #[test] function."""
    cur: Node | None = n.parent
    while cur is not None:
        if cur.type in ("function_item", "mod_item"):
            key = cur.start_byte
            if key not in cache_:
                prev = cur.prev_named_sibling
                found = False
                while prev is not None and prev.type in ("attribute_item", "line_comment", "block_comment"):
                    if prev.type == "attribute_item" and _TEST_ATTR.match(re.sub(r"\s+", "", text(prev))):
                        found = True
                        break
                    prev = prev.prev_named_sibling
                cache_[key] = found
            if cache_[key]:
                return True
        cur = cur.parent
    return False
