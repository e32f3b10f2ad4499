"""Structural JavaScript/TypeScript checks on the IR (no dataflow): settings that are insecure
whatever data flows through them.

Callees are named after import resolution (`const c = require('crypto')`, `import jwt from
'jsonwebtoken'`), so `c.createHash('md5')` is `crypto.createHash`.
"""

from __future__ import annotations

import re

from collections.abc import Iterator

from armur.core.findings import Confidence, Finding, Location, Severity
from armur.core.rules import Rule, RuleDoc
from armur.ir import nodes as ir
from armur.ir import walk
from armur.rules.javascript_credentials import credential_args
from armur.rules.names import is_credential_name, looks_like_real_secret

LANGS = ("javascript", "typescript")


def _rule(rid: str, title: str, sev: Severity, conf: Confidence, cwe: tuple[int, ...], owasp: str, what: str,
          why: str, example: str, fix: str) -> Rule:
    return Rule(id=f"javascript.{rid}", title=title, severity=sev, confidence=conf, cwe=cwe, owasp=owasp,
                languages=LANGS, analyzer="sast", doc=RuleDoc(what, why, example, fix))


TLS_OFF = _rule(
    "tls-verify-disabled", "TLS certificate verification turned off", Severity.HIGH, Confidence.HIGH, (295,), "A07",
    "`rejectUnauthorized: false` in TLS/HTTPS options, or NODE_TLS_REJECT_UNAUTHORIZED set to 0.",
    "Without certificate checks anyone on the network path can impersonate the server and read or change "
    "the traffic.",
    "https.request({ host, rejectUnauthorized: false })",
    "Keep verification on; to trust a private CA, pass it with the `ca` option.")
WEAK_HASH = _rule(
    "weak-hash", "Broken hash function (MD5, SHA-1)", Severity.MEDIUM, Confidence.MEDIUM, (328, 327), "A02",
    "crypto.createHash / createHmac with md5, md4 or sha1.",
    "Collisions for MD5 and SHA-1 are practical, and both are far too fast for passwords.",
    "crypto.createHash('md5').update(password).digest('hex')",
    "Use SHA-256 or better for integrity, and scrypt/argon2/bcrypt for passwords.")
JWT_NONE = _rule(
    "jwt-unverified", "JWT accepted without a real signature check", Severity.HIGH, Confidence.HIGH, (347,), "A02",
    "jsonwebtoken's verify() with 'none' among the allowed algorithms, or sign() with algorithm 'none'.",
    "An unsigned token is accepted as authentic: anyone can forge identities and claims.",
    "jwt.verify(token, key, { algorithms: ['none', 'HS256'] })",
    "List only the algorithms you issue (for example ['HS256'] or ['RS256']).")
JWT_DECODE = _rule(
    "jwt-decode-without-verify", "JWT decoded in a module that never verifies one", Severity.MEDIUM,
    Confidence.MEDIUM, (345, 347), "A02",
    "jsonwebtoken's decode() (or the jwt-decode package) in a file that calls no verify(): the claims are "
    "read, and presumably trusted, without checking the signature. Files that also call jwt.verify are not "
    "reported, since decode() is then usually just reading a header to pick a key.",
    "decode() only base64-decodes the token. Anyone can write a token with any user id or role in it, so "
    "claims read this way cannot decide who the caller is or what they may do.",
    "const user = jwt.decode(req.headers.authorization.slice(7));\nif (user.role === 'admin') { ... }",
    "Use jwt.verify(token, key, { algorithms: ['HS256'] }) and trust only what it returns; keep decode() for "
    "display or for choosing a key before verifying.")
AUTOESCAPE_OFF = _rule(
    "template-autoescape-off", "Template engine configured without HTML escaping", Severity.MEDIUM,
    Confidence.HIGH, (79, 116), "A03",
    "swig.setDefaults / swig.init and nunjucks.configure / new nunjucks.Environment with autoescape: false, "
    "and Handlebars compile() with noEscape: true; also serialize-javascript called with unsafe: true, which "
    "stops escaping '<', '>' and '/' in data meant to be embedded in a page's <script>.",
    "Every value interpolated by every template is then written out as raw HTML, so any user-controlled "
    "text that reaches a template (a name, a comment, a search term) can carry script into the page. "
    "Serialised data with unsafe: true can close the surrounding <script> element with '</script>'.",
    "nunjucks.configure('views', { autoescape: false, express: app });",
    "Keep autoescaping on and mark the few values that really are trusted HTML as safe in the template "
    "(nunjucks `| safe`, Handlebars `{{{ }}}`), after sanitising them.")
URL_SUBSTRING = _rule(
    "url-substring-check", "URL or host allow-list checked by substring", Severity.MEDIUM, Confidence.MEDIUM,
    (20, 601), "A01",
    "A URL or host name compared with an allowed site by includes() / indexOf() (the allowed value a URL or "
    "host literal, or taken from a list of them), or by startsWith() with a scheme and host but no '/' after "
    "the host. Exact membership (allowed.includes(url), allowed.has(host)) is not reported.",
    "The check passes for any URL that merely contains the allowed one: https://evil.example/?https://good.example "
    "or https://good.example.evil.example. Used before a redirect, a fetch or a postMessage target, it lets an "
    "attacker's site through.",
    "if (url.includes('https://shop.example.com')) res.redirect(url);",
    "Parse the URL (new URL(url)) and compare its origin or hostname for equality with the allowed values, "
    "or compare the whole URL with allowed.includes(url) / allowed.has(url).")
HARDCODED_SECRET = _rule(
    "hardcoded-secret", "Hard-coded secret used to sign or encrypt", Severity.HIGH, Confidence.HIGH, (798, 321),
    "A07",
    "A string literal (also as the fallback in `process.env.X || '...'`) given as the secret of express-session, "
    "cookie-session, cookie-parser, jsonwebtoken sign/verify, crypto.createHmac or createCipheriv, or as a "
    "`secret` / `password` field of the options passed to them.",
    "Anyone who reads the code (or the package published from it) can sign session cookies and tokens that the "
    "application accepts as genuine, or decrypt what it encrypted. A fallback literal is used whenever the "
    "variable is missing, which is how it ends up in production.",
    "app.use(session({ secret: 'keyboard cat', resave: false, saveUninitialized: false }));",
    "Read the secret from the environment or a secret manager and refuse to start without it: "
    "const secret = process.env.SESSION_SECRET; if (!secret) throw new Error('SESSION_SECRET is not set');")
CREDENTIAL = _rule(
    "hardcoded-credential", "Hard-coded password, secret key or token", Severity.HIGH, Confidence.MEDIUM,
    (798, 259), "A07",
    "A string literal passed where a client library takes a password, access key or token (database "
    "clients such as pg, mysql, mssql, mongoose, redis, Sequelize, knex and TypeORM; HTTP clients' auth "
    "options and request's .auth(); express-basic-auth users; nodemailer, ssh2, ldapjs; AWS, Azure, Stripe, "
    "Twilio, Slack, GitHub, OpenAI and other SDKs: javascript_credentials.API_CREDENTIALS), directly, as the "
    "fallback of `process.env.X || '...'` or through a name bound once to it, whatever the literal looks like "
    "(placeholders, environment variable names and user names alone are not reported); and a string literal "
    "assigned to a variable, property or object key whose name says it holds a credential "
    "(password, passwd, pwd, secret, token, apiKey, accessKey, privateKey, clientSecret...), or compared with "
    "such a name. The same name and value judgement as the Python and Go rules: names whose last word is "
    "something else (passwordField, tokenUrl), placeholders ('<password>', '${TOKEN}', 'changeme' is "
    "reported, 'your-api-key' is not), identifiers (also camelCase ones), environment variable names, URLs "
    "and sentences are "
    "skipped, and so are test files (test/, tests/, __tests__/, *.test.js, *.spec.ts). A literal already "
    "reported as the secret of a signing or encryption call is reported once, by "
    "javascript.hardcoded-secret.",
    "A secret in source code is shared with everyone who can read the repository, its forks and the "
    "packages and bundles built from it, and cannot be rotated without a release.",
    "const dbPassword = 'S3cr3t!2024';",
    "Read the secret at run time from the environment or a secret manager (process.env.DB_PASSWORD) and "
    "rotate any secret that has been committed.")
COOKIE = _rule(
    "insecure-cookie", "Cookie or session cookie without Secure/HttpOnly", Severity.MEDIUM, Confidence.HIGH,
    (614, 1004), "A05",
    "Cookie options (res.cookie, express-session, cookie-session) with `secure: false` or `httpOnly: false`, "
    "and (medium confidence) res.cookie() calls whose options object leaves `secure` out: Express does not "
    "set it by default.",
    "Without Secure the cookie travels over plain HTTP; without HttpOnly any script injected into the page "
    "can read it.",
    "app.use(session({ secret, cookie: { secure: false } }))",
    "Set secure: true and httpOnly: true (and sameSite) on session and authentication cookies.")
CORS = _rule(
    "cors-any-origin-with-credentials", "CORS reflects any origin and allows credentials", Severity.HIGH,
    Confidence.HIGH, (942,), "A05",
    "cors() options with `origin: true` (reflect the request's Origin), '*' or an origin callback that accepts "
    "every origin, together with `credentials: true`; and an Access-Control-Allow-Origin header set to the "
    "request's own Origin header in a file that also sends Access-Control-Allow-Credentials: true.",
    "Any web site can then make credentialed requests to the API and read the answers in the victim's browser.",
    "app.use(cors({ origin: true, credentials: true }))",
    "Allow-list the origins that may send credentials.")

RULES: list[Rule] = [TLS_OFF, WEAK_HASH, JWT_NONE, JWT_DECODE, AUTOESCAPE_OFF, URL_SUBSTRING, HARDCODED_SECRET,
                    CREDENTIAL, COOKIE, CORS]

# callee -> (argument position, option name or "" for the argument itself)
_SECRET_ARGS: dict[str, tuple[tuple[int, str], ...]] = {
    "express-session": ((0, "secret"),),
    "cookie-session": ((0, "secret"),),
    "cookie-parser": ((0, ""),),
    "jsonwebtoken.sign": ((1, ""),),
    "jsonwebtoken.verify": ((1, ""),),
    "crypto.createHmac": ((1, ""),),
    "crypto.createCipheriv": ((1, ""),),
    "crypto.createDecipheriv": ((1, ""),),
    "crypto.pbkdf2Sync": ((0, ""),),
    "crypto-js.AES.encrypt": ((1, ""),), "crypto-js.AES.decrypt": ((1, ""),),
    "crypto-js/aes.encrypt": ((1, ""),), "crypto-js/aes.decrypt": ((1, ""),),
    "crypto-js.HmacSHA256": ((1, ""),), "crypto-js.HmacSHA512": ((1, ""),), "crypto-js.HmacSHA1": ((1, ""),),
    "crypto-js/hmac-sha256": ((1, ""),), "crypto-js/hmac-sha512": ((1, ""),),
    "express-jwt": ((0, "secret"),), "express-jwt.expressjwt": ((0, "secret"),), "koa-jwt": ((0, "secret"),),
}
_PLACEHOLDER = re.compile(r"^(|x+|\*+|changeme|<.*>|\$\{.*\}|your[-_ ].*)$", re.IGNORECASE)


def _literal_secret(arg: ir.Expr | None) -> ir.Expr | None:
    """The string literal (or `x || 'literal'` fallback) used as a secret, else None."""
    if isinstance(arg, ir.BoolOp) and arg.op == "or" and arg.values:
        arg = arg.values[-1]
    if isinstance(arg, ir.Const) and isinstance(arg.value, str) and len(arg.value) >= 4 \
            and not _PLACEHOLDER.match(arg.value):
        return arg
    return None


_TEMPLATE_SETUP = frozenset({"swig.setDefaults", "swig.init", "nunjucks.configure", "nunjucks.Environment",
                             "handlebars.compile", "handlebars.precompile", "express-handlebars.create",
                             "express-handlebars.engine", "express-handlebars"})
_UNESCAPED_SERIALIZERS = frozenset({"serialize-javascript", "serialize-javascript.default"})
_JWT_DECODERS = frozenset({"jsonwebtoken.decode", "jwt-decode", "jwt-decode.jwtDecode", "jwt-decode.default",
                           "jose.decodeJwt"})
_WEAK_HASHES = frozenset({"md5", "md4", "sha1", "sha-1", "md2", "rsa-md5"})


def _walk_exprs(node: object) -> Iterator[ir.Expr]:
    """Every expression below an IR node (statements, nested functions and classes included)."""
    return walk.exprs(node)


def _imports(module: ir.Module) -> dict[str, str]:
    """Local name -> module it stands for (`require` assignments and import statements)."""
    out: dict[str, str] = {}
    for st in module.body:
        if isinstance(st, ir.Import):
            if st.alias:
                out[st.alias] = st.module
            for name, alias in st.names:
                out[alias or name] = st.module if name in ("default", "*") else f"{st.module}.{name}"
        elif isinstance(st, ir.Assign) and isinstance(st.value, ir.Call):
            f = st.value.func
            if isinstance(f, ir.Name) and f.id == "require" and st.value.args and isinstance(st.value.args[0],
                                                                                            ir.Const):
                for t in st.targets:
                    if isinstance(t, ir.Name):
                        out[t.id] = str(st.value.args[0].value).removeprefix("node:")
    return out


def _qualname(e: ir.Expr, imports: dict[str, str]) -> str:
    if isinstance(e, ir.Name):
        return imports.get(e.id, e.id)
    if isinstance(e, ir.Attr):
        base = _qualname(e.obj, imports)
        return f"{base}.{e.attr}" if base else ""
    if isinstance(e, ir.Call) and isinstance(e.func, ir.Name) and e.func.id == "require" and len(e.args) == 1 \
            and isinstance(e.args[0], ir.Const) and "require" not in imports:
        # require('crypto').createHash(...): the module itself, loaded in place.
        return str(e.args[0].value).removeprefix("node:")
    return ""


def _dict_get(d: ir.DictLit, key: str) -> ir.Expr | None:
    for k, v in zip(d.keys, d.values, strict=True):
        if isinstance(k, ir.Const) and k.value == key:
            return v
    return None


def _is(e: ir.Expr | None, value: object) -> bool:
    return isinstance(e, ir.Const) and type(e.value) is type(value) and e.value == value


def _bool_value(e: ir.Expr | None, false_names: frozenset[str]) -> bool | None:
    """The boolean a constant expression stands for: `false`, `!true`, `!!false`, a name bound only to
    `false`; None when it is not a constant."""
    if isinstance(e, ir.Const) and isinstance(e.value, bool):
        return e.value
    if isinstance(e, ir.UnaryOp) and e.op == "not":
        inner = _bool_value(e.operand, false_names)
        return None if inner is None else not inner
    if isinstance(e, ir.Name) and e.id in false_names:
        return False
    return None


def _false_names(module: ir.Module) -> frozenset[str]:
    """Top-level names assigned exactly once, to the constant `false`."""
    seen: dict[str, int] = {}
    false: set[str] = set()
    top = {id(st) for st in module.body}
    stack: list[object] = [module.body]
    while stack:  # every assignment, nested functions included: a name assigned anywhere else is not constant
        n = stack.pop()
        if isinstance(n, list | tuple):
            stack.extend(n)
            continue
        if isinstance(n, ir.Assign):
            for t in n.targets:
                if isinstance(t, ir.Name):
                    seen[t.id] = seen.get(t.id, 0) + 1
                    if id(n) in top and _is(n.value, False) and not n.op:
                        false.add(t.id)
        if isinstance(n, ir.Stmt | ir.Module):
            stack.extend(v for k in getattr(type(n), "__slots__", ()) if k != "span"
                         for v in [getattr(n, k, None)] if isinstance(v, list | ir.Stmt))
    for e in _walk_exprs(module.body):
        if isinstance(e, ir.Opaque) and e.kind in ("assign", "walrus"):
            for c in e.children:
                if isinstance(c, ir.Name):
                    seen[c.id] = seen.get(c.id, 0) + 2
    return frozenset(n for n in false if seen.get(n) == 1)


def check(module: ir.Module, display: str) -> list[Finding]:
    """Run the structural checks over a lowered JavaScript/TypeScript module."""
    imports = _imports(module)
    out: list[Finding] = []

    def report(rule: Rule, node: ir.Expr | ir.Stmt, message: str, confidence: Confidence | None = None) -> None:
        sp = node.span
        lines = module.lines
        snippet = lines[sp.line - 1].strip() if 0 < sp.line <= len(lines) else ""
        out.append(Finding(rule_id=rule.id, message=message, severity=rule.severity,
                           confidence=confidence or rule.confidence,
                           location=Location(display, sp.line, sp.col, sp.end_line, sp.end_col), analyzer="sast",
                           cwe=rule.cwe, owasp=rule.owasp, snippet=snippet, fix=rule.doc.fix))

    decodes: list[ir.Call] = []
    verifies = False
    secret_lits: set[int] = set()  # literals reported as the secret of a signing call
    creds: list[tuple[ir.Expr | ir.Stmt, str, ir.Const]] = []  # (where, credential name, literal)
    test_file = is_test_file(display)
    url_lists, url_vars = _url_lists(module)
    reflected: list[ir.Call] = []
    credentials = False
    # Objects that are cookie options by where they stand: the `cookie` entry of session options, or
    # the options argument of cookie(name, value, opts) / Cookies.set(name, value, opts).
    # Module-level names bound once to `false` (`let insecure = false; ... { rejectUnauthorized: insecure }`).
    false_names = _false_names(module)
    cookie_opts: set[int] = set()
    for e in _walk_exprs(module.body):
        if isinstance(e, ir.DictLit) and isinstance(_dict_get(e, "cookie"), ir.DictLit):
            cookie_opts.add(id(_dict_get(e, "cookie")))
        elif isinstance(e, ir.Call) and isinstance(e.func, ir.Attr) and e.func.attr in ("cookie", "set") \
                and len(e.args) == 3 and isinstance(e.args[2], ir.DictLit):
            cookie_opts.add(id(e.args[2]))
    for e in _walk_exprs(module.body):
        if isinstance(e, ir.DictLit):
            for key_e, val_e in zip(e.keys, e.values, strict=True):
                if isinstance(key_e, ir.Const) and isinstance(key_e.value, str) and isinstance(val_e, ir.Const):
                    creds.append((val_e, key_e.value, val_e))
            ru = _dict_get(e, "rejectUnauthorized")
            if _bool_value(ru, false_names) is False:
                report(TLS_OFF, ru or e, "TLS option rejectUnauthorized: false turns certificate checks off")
            for flag in ("secure", "httpOnly"):
                v = _dict_get(e, flag)
                if _is(v, False) and (id(e) in cookie_opts or _dict_get(e, "maxAge") is not None
                                      or _dict_get(e, "sameSite") is not None
                                      or _dict_get(e, "secure" if flag == "httpOnly" else "httpOnly") is not None
                                      or _dict_get(e, "domain") is not None or _dict_get(e, "path") is not None):
                    report(COOKIE, v or e, f"cookie option {flag}: false")
            origin, cred = _dict_get(e, "origin"), _dict_get(e, "credentials")
            if _is(cred, True) and (_is(origin, True) or _is(origin, "*") or _accepts_any_origin(origin)):
                report(CORS, e, "CORS allows credentials for any origin")
        elif isinstance(e, ir.Compare) and len(e.ops) == 1 and e.ops[0] in ("==", "!=", "is", "is-not"):
            for side, other in ((e.left, e.comparators[0]), (e.comparators[0], e.left)):
                name = _target_name(side)
                if name and isinstance(other, ir.Const):
                    creds.append((e, name, other))
        elif isinstance(e, ir.Compare) and len(e.ops) == 1 and e.ops[0] in ("in", "not-in"):
            # The front-end lowers s.includes(x) to `x in s`.
            container = e.comparators[0]
            if not (isinstance(container, ir.Name) and container.id in url_lists) and not isinstance(
                    container, ir.Const | ir.Collection) and _url_like_arg(e.left, url_vars, "includes"):
                report(URL_SUBSTRING, e, ".includes() accepts any URL that merely contains the allowed one")
        elif isinstance(e, ir.Call):
            qn = _qualname(e.func, imports)
            if qn in ("crypto.createHash", "crypto.createHmac") and e.args and isinstance(e.args[0], ir.Const) \
                    and str(e.args[0].value).lower() in _WEAK_HASHES:
                report(WEAK_HASH, e, f"{qn}('{e.args[0].value}') uses a broken hash function")
            if isinstance(e.func, ir.Attr) and e.func.attr in ("includes", "indexOf", "startsWith") and e.args:
                recv = e.func.obj
                if not (isinstance(recv, ir.Name) and recv.id in url_lists) and not isinstance(
                        recv, ir.Const | ir.Collection) and _url_like_arg(e.args[0], url_vars, e.func.attr):
                    report(URL_SUBSTRING, e, f".{e.func.attr}() accepts any URL that merely contains the "
                                             "allowed one")
            where = _SECRET_ARGS.get(qn)
            if where is not None:
                for pos, key in where:
                    arg = e.args[pos] if pos < len(e.args) else None
                    if key and isinstance(arg, ir.DictLit):
                        arg = _dict_get(arg, key)
                    lit = _literal_secret(arg)
                    if lit is not None:
                        secret_lits.add(id(lit))
                        report(HARDCODED_SECRET, lit, f"{qn} gets a secret written in the source")
            header = _header_set(e)
            if header is not None:
                name, value = header
                if name == "access-control-allow-origin" and _mentions_request_origin(value):
                    reflected.append(e)
                elif name == "access-control-allow-credentials" and (_is(value, "true") or _is(value, True)):
                    credentials = True
            if isinstance(e.func, ir.Attr) and e.func.attr == "cookie" and len(e.args) >= 3 \
                    and isinstance(e.args[2], ir.DictLit) and _dict_get(e.args[2], "secure") is None \
                    and not any(k is None for k in e.args[2].keys):  # no ...spread of other options
                report(COOKIE, e, "cookie set without the Secure flag (Express leaves it off)", Confidence.MEDIUM)
            if qn in _TEMPLATE_SETUP:
                for a in e.args:
                    if isinstance(a, ir.DictLit):
                        off = _dict_get(a, "autoescape")
                        raw = _dict_get(a, "noEscape")
                        if _is(off, False) or _is(raw, True):
                            at: ir.Expr = off if off is not None and _is(off, False) else raw or e
                            report(AUTOESCAPE_OFF, at, f"{qn} turns HTML escaping off for every template")
            if qn in _UNESCAPED_SERIALIZERS:
                for a in e.args[1:]:
                    unsafe = _dict_get(a, "unsafe") if isinstance(a, ir.DictLit) else None
                    if _is(unsafe, True):
                        report(AUTOESCAPE_OFF, unsafe or e, f"{qn} with unsafe: true leaves '<' and '/' unescaped, "
                                                            "so the output can close a <script> element")
            if qn in _JWT_DECODERS:
                decodes.append(e)
            elif qn.endswith((".verify", ".jwtVerify", ".verifyAsync")) or qn in ("verify", "jwtVerify"):
                verifies = True
            if qn in ("jsonwebtoken.verify", "jsonwebtoken.sign"):
                for a in e.args[2:]:
                    if not isinstance(a, ir.DictLit):
                        continue
                    algs = _dict_get(a, "algorithms")
                    alg = _dict_get(a, "algorithm")
                    names = [x.value for x in algs.elts if isinstance(x, ir.Const)] if isinstance(
                        algs, ir.Collection) else []
                    if isinstance(alg, ir.Const):
                        names.append(alg.value)
                    if any(str(n).lower() == "none" for n in names):
                        report(JWT_NONE, e, f"{qn} allows the 'none' algorithm (unsigned tokens)")
    if credentials:
        for call in reflected:
            report(CORS, call, "the request's Origin is reflected in Access-Control-Allow-Origin with credentials "
                               "allowed")
    if not verifies:
        for call in decodes:
            report(JWT_DECODE, call, "the token is decoded without checking its signature, and nothing in this "
                                     "module verifies one")
    for st in _walk_stmts(module.body):
        if isinstance(st, ir.Assign) and st.op is None and isinstance(st.value, ir.Const):
            for t in st.targets:
                name = _target_name(t)
                if name:
                    creds.append((st, name, st.value))
        if isinstance(st, ir.Assign) and any(
                isinstance(t, ir.Attr | ir.Index) and _mentions_tls_env(t) for t in st.targets) \
                and isinstance(st.value, ir.Const) and str(st.value.value) == "0":
            report(TLS_OFF, st, "NODE_TLS_REJECT_UNAUTHORIZED = '0' turns certificate checks off for the process")
    if not test_file:
        for api_cred in credential_args(module, imports):
            if id(api_cred.literal) not in secret_lits:
                secret_lits.add(id(api_cred.literal))
                report(CREDENTIAL, api_cred.literal, f"{api_cred.callee} is given a "
                                                     f"{_ROLE_WORDS[api_cred.role]} written in the source",
                       Confidence.HIGH)
        for site, name, value in creds:
            if id(value) not in secret_lits and isinstance(value.value, str) and is_credential_name(name) \
                    and not _CAMEL_IDENT.match(value.value) and looks_like_real_secret(name, value.value):
                report(CREDENTIAL, site, f"`{name}` is given a credential written in the source")
    return out


_ROLE_WORDS = {"password": "password", "token": "token", "key": "secret key", "userpass": "user name and password"}


def _target_name(e: ir.Expr) -> str:
    """The name a value is bound to or read from: `x`, `obj.x`, `obj['x']`."""
    if isinstance(e, ir.Name):
        return e.id
    if isinstance(e, ir.Attr):
        return e.attr
    if isinstance(e, ir.Index) and isinstance(e.index, ir.Const) and isinstance(e.index.value, str):
        return e.index.value
    return ""


# A camelCase identifier as the value ({ allPass: 'overEvery' } in a name table) names something.
_CAMEL_IDENT = re.compile(r"^[a-z]+(?:[A-Z][a-z]+)+$")
_TEST_DIRS = frozenset({"test", "tests", "__tests__", "__mocks__", "spec", "fixtures", "e2e"})
_TEST_NAME = re.compile(r"\.(test|spec|e2e)\.[cm]?[jt]sx?$")


def is_test_file(display: str) -> bool:
    """Test code: a test directory, or a *.test.js / *.spec.ts file."""
    parts = display.replace("\\", "/").split("/")
    return any(p in _TEST_DIRS for p in parts[:-1]) or bool(_TEST_NAME.search(parts[-1]))


_URL_LITERAL = re.compile(r"^https?://[^\s/]+(/.*)?$", re.IGNORECASE)
_HOST_LITERAL = re.compile(r"^(\.?[a-z0-9-]+\.)+[a-z]{2,}$", re.IGNORECASE)


_TLDS = frozenset({"com", "org", "net", "io", "dev", "app", "co", "edu", "gov", "info", "biz", "me", "ai", "cloud",
                   "uk", "de", "fr", "us", "ca", "au", "jp", "cn", "in", "br", "ru", "nl", "eu", "ch", "se", "es",
                   "it", "pl", "xyz", "site", "online", "tech", "local", "internal", "test", "example"})


def _urlish(value: object) -> bool:
    return isinstance(value, str) and bool(_URL_LITERAL.match(value) or _HOST_LITERAL.match(value))


def _url_lists(module: ir.Module) -> tuple[set[str], set[str]]:
    """Names bound to literal lists/sets of URLs or hosts, and loop variables iterating over them."""
    lists: set[str] = set()
    for st in _walk_stmts(module.body):
        if isinstance(st, ir.Assign) and len(st.targets) == 1 and isinstance(st.targets[0], ir.Name):
            v = st.value
            if isinstance(v, ir.Call) and isinstance(v.func, ir.Name) and v.func.id == "Set" and v.args:
                v = v.args[0]
            if isinstance(v, ir.Collection) and v.elts and all(
                    isinstance(x, ir.Const) and isinstance(x.value, str) for x in v.elts) \
                    and any(_urlish(x.value) for x in v.elts if isinstance(x, ir.Const)):
                lists.add(st.targets[0].id)
    loop_vars: set[str] = set()
    for st in _walk_stmts(module.body):
        if isinstance(st, ir.Loop) and isinstance(st.target, ir.Name) and st.iter is not None:
            it = st.iter
            if isinstance(it, ir.Call) and isinstance(it.func, ir.Attr) and it.func.attr == "values":
                it = it.func.obj
            if isinstance(it, ir.Name) and it.id in lists:
                loop_vars.add(st.target.id)
    return lists, loop_vars


def _url_like_arg(arg: ir.Expr, url_vars: set[str], method: str) -> bool:
    """The value compared against: a URL/host literal, or an element of a URL allow-list."""
    if isinstance(arg, ir.Const):
        if not isinstance(arg.value, str):
            return False
        if method == "startsWith":
            # 'https://good.example' without a '/' after the host also matches good.example.evil.net.
            m = _URL_LITERAL.match(arg.value)
            return m is not None and not m.group(1)
        if _URL_LITERAL.match(arg.value):
            return True
        # A bare host name: only with a common top-level domain, so that file names (package.json,
        # .min.js) and version strings are not taken for hosts.
        return bool(_HOST_LITERAL.match(arg.value)) and arg.value.rsplit(".", 1)[-1].lower() in _TLDS
    if method == "startsWith":
        return False
    if isinstance(arg, ir.Call) and len(arg.args) == 1:  # encodeURI(allowed), escape(allowed)...
        arg = arg.args[0]
    return isinstance(arg, ir.Name) and arg.id in url_vars


def _header_set(e: ir.Call) -> tuple[str, ir.Expr] | None:
    """(lower-cased header name, value) of res.setHeader / res.header / res.set / ctx.set(name, value)."""
    if isinstance(e.func, ir.Attr) and e.func.attr in ("setHeader", "header", "set", "append") and len(e.args) >= 2 \
            and isinstance(e.args[0], ir.Const) and isinstance(e.args[0].value, str):
        return e.args[0].value.lower(), e.args[1]
    return None


def _mentions_request_origin(e: ir.Expr) -> bool:
    """req.headers.origin, req.headers['origin'], req.get('origin'), req.header('Origin')."""
    for x in _walk_exprs(e):
        if isinstance(x, ir.Attr) and x.attr == "origin" and isinstance(x.obj, ir.Attr) and x.obj.attr == "headers":
            return True
        if isinstance(x, ir.Index) and isinstance(x.index, ir.Const) and str(x.index.value).lower() == "origin":
            return True
        if isinstance(x, ir.Call) and isinstance(x.func, ir.Attr) and x.func.attr in ("get", "header") and x.args \
                and isinstance(x.args[0], ir.Const) and str(x.args[0].value).lower() == "origin":
            return True
    return False


def _accepts_any_origin(e: ir.Expr | None) -> bool:
    """An origin callback whose only answer is yes: (origin, cb) => cb(null, true)."""
    if not isinstance(e, ir.Lambda):
        return False
    calls = [x for x in _walk_exprs(e.func.body) if isinstance(x, ir.Call) and len(x.args) == 2]
    return bool(calls) and all(_is(c.args[1], True) for c in calls)


def _mentions_tls_env(t: ir.Expr) -> bool:
    if isinstance(t, ir.Attr):
        return t.attr == "NODE_TLS_REJECT_UNAUTHORIZED"
    if isinstance(t, ir.Index):
        return isinstance(t.index, ir.Const) and t.index.value == "NODE_TLS_REJECT_UNAUTHORIZED"
    return False


def _walk_stmts(body: object) -> Iterator[ir.Stmt]:
    stack: list[object] = [body]
    while stack:
        n = stack.pop()
        if isinstance(n, list | tuple):
            stack.extend(n)
            continue
        if isinstance(n, ir.Stmt):
            yield n
            for name in ("body", "orelse", "finalbody"):
                v = getattr(n, name, None)
                if isinstance(v, list):
                    stack.extend(v)
            if isinstance(n, ir.Try):
                stack.extend(h.body for h in n.handlers)
