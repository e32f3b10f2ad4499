"""Taint rules for JavaScript and TypeScript: sources, sinks and sanitizers as data, plus the Rules.

The names here are those of armur.rules.python_taint (the taint engine reads either module).
Qualified names are formed the way the engine forms them from the IR of armur.lang.javascript:

- a global that nothing binds is `builtins.<name>` (`builtins.eval`, `builtins.document.write`);
- a module is named by its specifier: `require('child_process')` / `import cp from 'child_process'`
  give `child_process`, so `cp.exec` is `child_process.exec` (a `node:` prefix is dropped);
- a method on a value of type R is `R.method`; RETURNS types the results of factories and
  constructors (`mysql.createConnection(...)` gives a `mysql.Connection`, `new Pool()` a `pg.Pool`);
- request handlers registered with `app.get(path, (req, res) => ...)` (CALLBACK_ROUTES) receive an
  `express.Request` and an `express.Response`; Koa's `ctx` and Fastify's `request` / `reply` take
  the same types, and REQUEST_TYPES lists the attributes of them that carry request data.
"""

from __future__ import annotations

import re

from armur.core.findings import Confidence, Severity
from armur.core.rules import Rule, RuleDoc
from armur.rules.python_taint import Sink

__all__ = [
    "ALL_KINDS", "ASSIGN_SINKS", "ATTR_ASSIGN_SINKS", "BUILTINS", "CALLBACK_ROUTES", "DECODERS", "METHOD_SINKS",
    "MODULE_LOADERS", "MUTATING_METHODS", "NAMED_SANITIZERS", "REQUEST_ALIASES", "REQUEST_TYPES", "RETURNS",
    "SANITIZERS", "SECRET_NAME_WORDS", "SINKS", "SOURCE_ATTRS", "SOURCE_CALLS", "Sink", "TAINT_RULES",
    "UNTAINTING_METHODS", "WEAK_RANDOM_FUNCS", "WEAK_RANDOM_KIND", "WEAK_RANDOM_MODULES", "WEAK_RANDOM_RULE",
    "WEAK_RANDOM_SOURCE",
]

LANGUAGES = ("javascript", "typescript")

# ---------------------------------------------------------------------------------------------
# Rules
# ---------------------------------------------------------------------------------------------


def _rule(rid: str, title: str, sev: Severity, cwe: tuple[int, ...], owasp: str, what: str, why: str,
          example: str, fix: str, tags: tuple[str, ...] = ("taint",)) -> Rule:
    return Rule(
        id=f"javascript.{rid}", title=title, severity=sev, confidence=Confidence.HIGH, cwe=cwe, owasp=owasp,
        languages=LANGUAGES, analyzer="sast", doc=RuleDoc(what, why, example, fix), tags=tags,
    )


H, M, L, C = Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.CRITICAL

TAINT_RULES: dict[str, Rule] = {
    "sql": _rule(
        "sql-injection", "SQL built from untrusted input", C, (89,), "A03",
        "Request data reaches the text of a SQL statement run through mysql/mysql2, pg, sqlite3, "
        "better-sqlite3, knex raw methods, Sequelize, TypeORM or Prisma's unsafe raw queries.",
        "Whoever controls the input can rewrite the statement: read or change any table, log in as "
        "anyone, and on some databases run commands on the database host.",
        "const id = req.query.id;\nconn.query(`SELECT * FROM orders WHERE id = ${id}`);",
        "Use placeholders and pass the values separately: conn.query('SELECT * FROM orders WHERE id = ?', "
        "[id]) (pg: $1), knex.raw('... ?', [id]), sequelize.query(sql, { replacements }).",
    ),
    "cmd": _rule(
        "command-injection", "Operating system command built from untrusted input", C, (78,), "A03",
        "Request data reaches a shell command (child_process.exec / execSync, shelljs.exec) or chooses "
        "the program that spawn / execFile runs.",
        "Shell metacharacters in the input (; | && $( ) let an attacker run any command as the server's user.",
        "exec('convert ' + req.query.file + ' out.png');",
        "Use execFile or spawn with a constant program and an argument array (no shell: true), and "
        "validate the values against an allow-list.",
    ),
    "code": _rule(
        "code-injection", "Untrusted input evaluated as JavaScript", C, (95, 94), "A03",
        "Request or page data reaches eval, new Function, vm.runIn*Context / vm.Script, or a string "
        "passed to setTimeout / setInterval.",
        "The attacker's text runs with all the privileges of the Node process (or of the page, in a "
        "browser): remote code execution or script injection.",
        "const result = eval(req.body.expression);",
        "Never evaluate input. Parse data with JSON.parse, and map operation names to functions with a "
        "fixed table.",
    ),
    "deser": _rule(
        "unsafe-deserialization", "Untrusted data deserialized by a library that can run code", C, (502, 94),
        "A08",
        "Request data reaches node-serialize's unserialize, serialize-to-js's deserialize, funcster or cryo, "
        "or js-yaml's load functions with the full schema: formats that rebuild functions from the text.",
        "A crafted payload carries a function expression that runs while it is being deserialised "
        "(an immediately invoked function in node-serialize), so sending one request runs code on the server.",
        "const cart = serialize.unserialize(req.cookies.cart);",
        "Exchange data as JSON (JSON.parse) and validate it; never rebuild functions from client data.",
    ),
    "xxe": _rule(
        "xxe", "XML with external entities parsed from untrusted input", H, (611,), "A05",
        "Request data is parsed by libxmljs (parseXml / parseXmlString / parseXmlAsync) with noent: true, "
        "which substitutes external entities.",
        "An entity such as <!ENTITY x SYSTEM \"file:///etc/passwd\"> makes the parser read local files or "
        "fetch URLs from the server and put them in the document.",
        "libxmljs.parseXmlString(req.body.xml, { noent: true });",
        "Leave noent off (the default) and do not enable DTD loading; if entities are needed, resolve only "
        "the internal ones you define.",
    ),
    "ssti": _rule(
        "template-injection", "Template source built from untrusted input", C, (1336, 94), "A03",
        "Request data becomes part of the template source compiled by EJS, Pug, Handlebars, Nunjucks, "
        "doT or lodash.template.",
        "These engines compile templates to JavaScript; template syntax in the input runs on the server "
        "(remote code execution), or at least reads data the page should not show.",
        "const html = ejs.render('<h1>' + req.query.title + '</h1>');",
        "Keep template sources constant (files in the views directory) and pass untrusted data as "
        "template variables.",
    ),
    "path": _rule(
        "path-traversal", "File path built from untrusted input", H, (22,), "A01",
        "Request data is used in a path given to fs functions (readFile, createReadStream, writeFile, "
        "unlink...) or to res.sendFile / res.download without a containment check.",
        "Sequences such as ../ let an attacker read or overwrite files outside the intended directory: "
        "configuration, keys, source code.",
        "res.sendFile(path.join(__dirname, 'uploads', req.params.name));",
        "Reduce the name with path.basename, or resolve the full path with path.resolve and check that "
        "it starts with the allowed directory plus path.sep; res.sendFile(name, { root }) does this for you.",
    ),
    "xss": _rule(
        "xss", "Untrusted input written into HTML", H, (79,), "A03",
        "Request or page data is sent as HTML without escaping (res.send / res.write / res.end), or is "
        "written into the DOM through document.write, insertAdjacentHTML, jQuery .html() or React's "
        "dangerouslySetInnerHTML.",
        "Script in the input runs in the victim's browser with the site's origin: session theft, "
        "account takeover, defacement.",
        "res.send(`<h1>Results for ${req.query.q}</h1>`);",
        "Render through a template engine that escapes by default, escape with escape-html / he, or "
        "sanitize markup with DOMPurify; in the DOM, assign textContent instead of HTML.",
    ),
    "redirect": _rule(
        "open-redirect", "Redirect to a URL taken from untrusted input", M, (601,), "A01",
        "A redirect target (res.redirect, res.location, Koa ctx.redirect, location.assign / replace, "
        "window.open) comes from the request or the page URL without checking its host.",
        "Attackers use the trusted domain to send victims to phishing or malware pages, or to leak tokens "
        "carried in the URL.",
        "res.redirect(req.query.returnTo);",
        "Redirect only to relative paths that start with a single '/', or to hosts in an allow-list; map "
        "short names to fixed URLs.",
    ),
    "ssrf": _rule(
        "ssrf", "Server-side request to a URL taken from untrusted input", H, (918,), "A10",
        "Request data chooses the URL or host of an outgoing request made with fetch, axios, got, "
        "node-fetch, request, superagent, undici or http(s).request / get.",
        "The server can be made to reach internal services, cloud metadata endpoints or arbitrary hosts, "
        "and to return what it finds.",
        "const r = await fetch(req.query.url);",
        "Allow-list the hosts and schemes that may be fetched, resolve the name and reject private "
        "addresses before connecting, and never forward the raw user URL.",
    ),
    "nosql": _rule(
        "nosql-injection", "MongoDB query built from untrusted input", H, (943,), "A03",
        "A mongoose or mongodb query document (or a $where expression) contains request data that may be "
        "an object rather than a string.",
        "JSON bodies and qs-parsed query strings can carry operators such as {\"$ne\": null} or {\"$gt\": \"\"}, "
        "which turn an equality check into 'match anything' (authentication bypass) or run $where code.",
        "User.findOne({ email: req.body.email, password: req.body.password });",
        "Cast values to the expected scalar type (String(x), Number(x)) before building the query, or use "
        "express-mongo-sanitize / mongo-sanitize; never build $where from input.",
    ),
    "proto": _rule(
        "prototype-pollution", "Untrusted object merged or assigned by path", H, (1321,), "A08",
        "Request data is deep-merged into an object (lodash merge / mergeWith / defaultsDeep) or gives the "
        "property path of lodash set / setWith / zipObjectDeep.",
        "A key such as __proto__ or constructor.prototype changes Object.prototype for the whole process: "
        "authorization checks flip, templates render attacker data, and some gadgets lead to code execution.",
        "_.merge(settings, req.body);",
        "Copy only the expected fields, validate the body with a schema that rejects unknown keys, or "
        "merge into Object.create(null) and skip __proto__, constructor and prototype keys.",
    ),
    "regex": _rule(
        "regex-injection", "Regular expression built from untrusted input", M, (1333, 730), "A03",
        "Request data is compiled as a regular expression (new RegExp(x), RegExp(x), str.match(x)).",
        "A crafted pattern with nested quantifiers makes matching take exponential time and blocks the "
        "single-threaded event loop (ReDoS); it can also change what the pattern accepts.",
        "const re = new RegExp(req.query.filter);",
        "Escape the input (lodash.escapeRegExp, escape-string-regexp) or search with String.includes; "
        "if patterns must be user-defined, use a linear-time engine such as re2.",
    ),
    "log": _rule(
        "log-injection", "Untrusted input written to a log", L, (117,), "A09",
        "Request data is written to the console or a logger without neutralising line breaks.",
        "Forged log lines can hide an attack or mislead whoever reads the logs.",
        "console.log('login failed for ' + req.body.user);",
        "Log structured fields (JSON logging with pino / winston), or strip CR and LF from the value.",
    ),
}

# The parameters of the functions an npm package exports are chosen by the package's callers, who may
# pass on text from their own users; a command line built from them runs what that text says. A rule
# of its own (medium confidence) so that application code keeps the precision of "cmd": only flows from
# LIBRARY_PARAM_SOURCE reach it, only once written into a string after text that makes them an argument
# (PLACED_KINDS), and whatever makes a value safe for "cmd" makes it safe here (SAFE_AS).
TAINT_RULES["libcmd"] = Rule(
    id="javascript.shell-command-from-library-input", title="Shell command built from a library's input",
    severity=H, confidence=Confidence.MEDIUM, cwe=(78,), owasp="A03", languages=LANGUAGES, analyzer="sast",
    doc=RuleDoc(
        "A function that a published package exports (module.exports, exports.f, export function, the "
        "methods of an exported class or object) writes one of its parameters into a shell command line "
        "(child_process.exec / execSync, spawn with shell: true or a shell as the program) after other "
        "text, so the parameter is meant as an argument of the command.",
        "The package cannot know where its callers' values come from; an application that passes a file "
        "name or an option from its users runs whatever shell syntax that value holds (; | $( ) `). Many "
        "npm command injection advisories are this pattern.",
        "module.exports.remove = function (dir) {\n  cp.exec('rm -rf ' + dir);\n};",
        "Run the program without a shell and pass the value as its own argument: "
        "cp.execFile('rm', ['-rf', '--', dir]); or quote it with shell-quote / shescape.",
    ),
    tags=("taint",),
)

# A URL whose scheme the input chooses, put where the browser follows or loads it (a link's href, a
# frame's or script's src, a form's action): `javascript:` URLs run script there. The same rule as XSS;
# a separate kind because a constant prefix that fixes the scheme and host makes it safe, not escaping.
TAINT_RULES["urlxss"] = TAINT_RULES["xss"]
HOST_PINNED_KINDS = ("urlxss",)
# A string cannot carry MongoDB query operators ({"$ne": null}): a filter field given '' + x, `${x}` or
# the result of a string method (x.substr(1) throws unless x is a string) is not operator injection.
STRING_METHODS = ("substr", "substring", "slice", "trim", "trimStart", "trimEnd", "toLowerCase", "toUpperCase",
                  "padStart", "padEnd", "charAt", "normalize", "repeat", "toString", "replace",
                  "replaceAll")

# Predictable randomness (Math.random) used where a value must be unguessable. The engine reports
# weak-random flows with this rule when the spec module provides one (see the report to the lead).
WEAK_RANDOM_RULE = _rule(
    "insecure-random", "Predictable random value used as a secret", M, (330, 338), "A02",
    "Math.random() produces a session id, token, password, key or cookie value.",
    "Math.random is not a cryptographic generator: its output can be predicted from a few samples, so "
    "tokens and ids built from it can be guessed.",
    "const token = Math.random().toString(36).slice(2);",
    "Use crypto.randomBytes / crypto.randomUUID (Node) or crypto.getRandomValues (browsers).",
    tags=("taint", "crypto"),
)

# ---------------------------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------------------------

# Globals: a name from this set that nothing binds is `builtins.<name>`.
BUILTINS = frozenset({
    "eval", "Function", "setTimeout", "setInterval", "setImmediate", "require", "process", "document", "window",
    "location", "JSON", "Math", "parseInt", "parseFloat", "Number", "String", "Boolean", "Object", "Array",
    "RegExp", "Date", "Promise", "fetch", "URL", "URLSearchParams", "encodeURIComponent", "decodeURIComponent",
    "encodeURI", "decodeURI", "escape", "unescape", "atob", "btoa", "console", "Buffer", "globalThis", "navigator",
    "localStorage", "sessionStorage", "history", "alert", "prompt", "isNaN", "isFinite", "Symbol", "Map", "Set",
    "Error", "TypeError", "XMLHttpRequest", "WebSocket", "DOMPurify", "module", "exports", "__dirname",
    "__filename", "structuredClone", "queueMicrotask", "crypto", "top", "parent", "opener", "BigInt",
    "$jsx_dangerouslySetInnerHTML", "$jsx_component", "$jsx_element", "WebAssembly", "$", "jQuery", "angular",
    "React", "DOMParser",
    # synthetic sanitisers the front-end writes for `s.replace(/regex/g, ...)` (lang.javascript)
    "$strip_path", "$strip_markup", "$strip_newlines", "$keep_word_chars", "$strip_dotdot", "$strip_leading_dotdot",
    # and the check it writes for a whole-string match against characters a shell gives no meaning to
    "$shell_word",
})

# Calls that load a module by name: `require('fs')` is the module `fs`.
MODULE_LOADERS = frozenset({"builtins.require"})

_EXPRESS = ("express.Request", "express.Response", "express.NextFunction")
# Route registration methods that take handler callbacks, and the types of the callbacks' parameters.
# Parameters named like this are request/response objects in handlers that are not registered
# through a route method (Next.js API routes, handlers exported from another module).
PARAM_TYPES_BY_NAME: dict[str, str] = {"req": "express.Request", "res": "express.Response",
                                       # AngularJS injects services by parameter name
                                       "$sce": "angular.$sce", "$compile": "angular.$compile",
                                       "$parse": "angular.$parse", "$interpolate": "angular.$interpolate"}
# Declared parameter types that say what a parameter is (Next.js).
PARAM_TYPES_BY_ANNOTATION: dict[str, str] = {
    "NextRequest": "web.Request", "NextApiRequest": "express.Request", "NextApiResponse": "express.Response",
    "ActivatedRouteSnapshot": "angular.ActivatedRouteSnapshot",
}
# Next.js route handlers (app/**/route.ts): exported functions named after the HTTP method take the
# Web API Request first.
HANDLER_FUNCTIONS: dict[str, str] = {m: "web.Request" for m in ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD",
                                                                 "OPTIONS")}
# `obj[key] = value` with a key from the input can write __proto__ / constructor.prototype.
INDEX_KEY_SINK = "proto"
# Object.create(null) (and Object.create(proto), whose __proto__ key reaches only that object):
# a key from the input cannot reach Object.prototype through them.
KEYED_CONTAINERS = frozenset({"builtins.Object.NullPrototype"})
# Containment checks: a resolved path compared with a base directory by prefix.
# path.join normalises its result too ('..' segments are folded), so join(base, x).startsWith(base) holds
# only for paths inside base.
RESOLVED_PATH_CALLS = ("path.resolve", "path.normalize", "fs.realpathSync", "fs.promises.realpath",
                       "path.posix.resolve", "path.win32.resolve", "path.join", "path.posix.join",
                       "path.win32.join")
PREFIX_METHODS = ("startsWith",)

_ROUTE_METHODS = ("get", "post", "put", "delete", "patch", "all", "use", "options", "head")
# Fastify instances register handlers with (request, reply); a reply sends strings as text/plain
# unless its content type is set, so it is a different type from Express's response.
_FASTIFY = ("fastify.Request", "fastify.Reply")
RECEIVER_ROUTES: dict[str, dict[str, tuple[str, ...]]] = {
    "fastify.Instance": {**{m: _FASTIFY for m in _ROUTE_METHODS}, "route": _FASTIFY},
    # multiparty: form.parse(req, (err, fields, files) => ...) and form.on('part', part => ...)
    "multiparty.Form": {"parse": ("builtins.Error", "multiparty.Fields", "multiparty.Files"),
                        "on": ("multiparty.Part",)},
    # formidable: form.parse(req, (err, fields, files) => ...)
    "formidable.IncomingForm": {"parse": ("builtins.Error", "multiparty.Fields", "multiparty.Files")},
    # busboy: on('file', (name, stream, filename | info)) and on('field', (name, value, ...)); a `data:`
    # type makes the parameter itself request data
    "busboy.Busboy": {"on": ("data:busboy.name", "data:busboy.value", "data:busboy.filename",
                             "data:busboy.encoding", "data:busboy.mimetype")},
}
# Handler parameters named `reply` are Fastify replies whatever registered the handler (an app
# built by a factory from another module, or a plugin's `fastify` argument).
CALLBACK_PARAM_TYPES: dict[str, str] = {"reply": "fastify.Reply", "ctx": "koa.Context"}
# GraphQL resolver maps: `{ Query: { field: (parent, args, context) => ... } }`. Every field of the
# arguments object is the client's input.
RESOLVER_ROOTS: dict[str, tuple[str, ...]] = {
    k: ("graphql.Parent", "graphql.Args") for k in ("Query", "Mutation", "Subscription")}


class _AnyName(tuple):  # type: ignore[type-arg]
    """Attribute names of an object whose every field is input (GraphQL arguments)."""

    def __contains__(self, item: object) -> bool:
        return isinstance(item, str)


# Whole parsed request objects: a response body made of one of them is serialised as JSON.
OBJECT_SOURCES = frozenset(f"{t}.{a}" for t in ("express.Request", "fastify.Request", "koa.Context")
                           for a in ("query", "params", "body", "headers", "cookies", "signedCookies"))

# NestJS controller parameters filled from the request by their decorator.
_NEST = "@nestjs/common"
PARAM_DECORATORS: dict[str, str] = {
    **{f"{_NEST}.{d}": f"nestjs.{d}" for d in ("Query", "Param", "Body", "Headers", "HostParam", "Ip",
                                              "UploadedFile", "UploadedFiles")},
    f"{_NEST}.Req": "type:express.Request",
    f"{_NEST}.Request": "type:express.Request",
    f"{_NEST}.Res": "type:express.Response",
    f"{_NEST}.Response": "type:express.Response",
}
# Calls returning a function that does what their argument does (argument index).
FUNCTION_WRAPPERS: dict[str, int] = {"util.promisify": 0, "util.callbackify": 0, "bluebird.promisify": 0,
                                     # promisifyAll(obj) returns obj, with an `<name>Async` twin of each method
                                     "bluebird.promisifyAll": 0}
# Function literals handed to a method of a value of unknown type run there (promise.then(cb),
# emitter.on('data', cb), a library's own callback API): what they do with captured data counts.
RUN_CALLBACKS_OF_UNKNOWN_METHODS = True
CONVERTING_PIPES = frozenset({"ParseIntPipe", "ParseFloatPipe", "ParseBoolPipe", "ParseUUIDPipe", "ParseEnumPipe"})

CALLBACK_ROUTES: dict[str, tuple[str, ...]] = {
    **{m: _EXPRESS for m in _ROUTE_METHODS},
    "createServer": ("node.IncomingMessage", "node.ServerResponse"),
    "addEventListener": ("dom.MessageEvent",),
}

# ---------------------------------------------------------------------------------------------
# Sources
# ---------------------------------------------------------------------------------------------

_EXPRESS_REQUEST = (
    # Express
    "query", "params", "body", "cookies", "signedCookies", "headers", "url", "originalUrl", "path", "hostname",
    "host", "ip", "ips", "get", "header", "param", "files", "file", "subdomains", "baseUrl", "rawHeaders",
    # Koa's ctx / ctx.request and Fastify's request
    "request", "querystring", "search", "href", "origin", "raw", "routerPath",
)
REQUEST_TYPES: dict[str, tuple[str, ...]] = {
    "express.Request": _EXPRESS_REQUEST,
    "fastify.Request": _EXPRESS_REQUEST,
    "koa.Context": _EXPRESS_REQUEST,
    "graphql.Args": _AnyName(),
    # multiparty's parsed form: every field of `fields` / `files`, and a streamed part's names
    "multiparty.Fields": _AnyName(),
    "multiparty.Files": _AnyName(),
    "multiparty.Part": ("filename", "name", "headers"),
    "web.Request": ("url", "nextUrl", "headers", "json", "formData", "text", "body", "cookies", "arrayBuffer",
                    "blob"),
    "node.IncomingMessage": ("url", "headers", "rawHeaders", "trailers"),
    # Browser: the page URL, the referrer and cross-window messages are attacker-controlled.
    "builtins.location": ("hash", "search", "href", "pathname"),
    "builtins.document": ("referrer", "URL", "documentURI", "baseURI"),
    "dom.MessageEvent": ("data",),
    "angular.ActivatedRouteSnapshot": ("queryParams", "params", "queryParamMap", "paramMap", "fragment", "url"),
    "angular.Router": ("url",),
}

# Angular components read the route through an injected ActivatedRoute: `this.route.snapshot`.
# Its Router (injected as `this.router`) knows the current URL.
ATTR_TYPES: dict[str, str] = {"snapshot": "angular.ActivatedRouteSnapshot", "router": "angular.Router"}

# Request headers, cookies and addresses are sent by the victim's own browser in a reflected-XSS
# attack, not chosen by the attacker's link: they do not make XSS (they still feed injections).
SOURCE_SAFE_KINDS: dict[str, frozenset[str]] = {
    a: frozenset({"xss", "urlxss"}) for a in ("headers", "rawHeaders", "get", "header", "cookies", "signedCookies",
                                              "host", "hostname", "ip", "ips", "subdomains", "trailers")}

# Request attributes holding the path (it starts with '/', so a body starting with it is not markup).
PATH_ATTRS = frozenset({"url", "path", "originalUrl", "pathname"})

REQUEST_ALIASES: dict[str, str] = {
    "builtins.window.location": "builtins.location",
    "builtins.document.location": "builtins.location",
    "builtins.window.document": "builtins.document",
    "builtins.globalThis.location": "builtins.location",
    # the element an event happened on (a form field's input, change or submit)
    "dom.MessageEvent.target": "dom.Element",
    "dom.MessageEvent.currentTarget": "dom.Element",
}

# Text read back from the page (form fields, element text, attributes): markup a user typed, or text
# the server escaped once that the DOM hands back unescaped. Written into HTML again it is XSS; it
# feeds no other kind (the user's own page choosing its own requests or navigation is no attack).
# (An element's innerHTML / outerHTML, or jQuery's .html(), are left out: markup already in the page
# only repeats an injection that happened before.)
_DOM_TEXT_ATTRS = tuple(f"dom.Element.{a}" for a in ("value", "innerText", "textContent", "name", "title", "alt",
                                                     "placeholder", "defaultValue"))
# jQuery's val / text / attr / prop are getters and setters at once: only the getter forms read the page
# (.val(), .text(), .attr(name), .prop(name)); .val(x) or .attr(name, x) set it and return the selection.
# Form libraries hand over what the user typed into the form's fields: Formik's useFormik() /
# useFormikContext() `.values`, react-hook-form's getValues() / watch().
_FORM_VALUE_ATTRS = ("formik.FormikBag.values",)
_FORM_VALUE_CALLS = ("react-hook-form.Form.getValues", "react-hook-form.Form.watch")
SOURCE_CALL_ARITY: dict[str, int] = {"dom.Element.getAttribute": 1, "jquery.JQuery.val": 0,
                                     "jquery.JQuery.text": 0, "jquery.JQuery.attr": 1, "jquery.JQuery.prop": 1}
_DOM_TEXT_CALLS = tuple(SOURCE_CALL_ARITY)

# Exceptions carry data: what a try block throws (`throw new Error('no user ' + name)`, a function it
# calls that throws) reaches the catch clause's variable, and an error message written back into a
# page is XSS like any other text. Library calls whose error message repeats their argument:
# JSON.parse (`Unexpected token 'x', "<input>" is not valid JSON` in Node 20 and browsers), BigInt
# (`Cannot convert <input> to a BigInt`), new URL (Firefox: `<input> is not a valid URL`; Node keeps it
# as err.input).
EXCEPTION_FLOWS = True
THROWS_ARGS: dict[str, tuple[int, ...]] = {"builtins.JSON.parse": (0,), "builtins.BigInt": (0,), "builtins.URL": (0,)}

# process.argv[0] is the Node binary and argv[1] the script being run: not chosen by whoever runs it.
UNTAINTED_INDEXES: dict[str, tuple[int, ...]] = {"builtins.process.argv": (0, 1)}

# `o.b` of an object literal `o = {a: x, b: 'y'}` reads its entry b (engine hook).
PROPERTIES_ARE_KEYS = True
# React class components: this.setState(partial or updater) merges into this.state (engine hook).
STATE_SETTERS = ("setState",)
# `<Comp a={x} />` is lowered to $jsx_component(Comp, {a: x}): the component renders with those props.
COMPONENT_RENDER = "builtins.$jsx_component"
# Synthetic calls lang.javascript writes for replaces that remove '..' (engine hook): every '..' or dot
# deleted ("all"), or the leading run of '../' segments of a normalised path ("leading").
PATH_FACT_CALLS = {"builtins.$strip_dotdot": "all", "builtins.$strip_leading_dotdot": "leading"}

# Command-line argument parsers: what they return is the operator's input, like process.argv
# (yargs and its fluent builder, minimist, subarg, yargs-parser, mri, args, arg, argparse,
# command-line-args, meow, dashdash, commander).
_YARGS_CHAIN = ("command", "commands", "option", "options", "usage", "alias", "describe", "demandOption",
                "demandCommand", "default", "boolean", "string", "number", "array", "count", "choices", "coerce",
                "help", "version", "strict", "strictOptions", "positional", "example", "epilog", "epilogue", "wrap",
                "scriptName", "env", "config", "middleware", "check", "nargs", "implies", "conflicts", "global",
                "group", "hide", "locale", "showHelpOnFail", "recommendCommands", "completion", "fail",
                "exitProcess", "parserConfiguration", "requiresArg", "normalize", "help", "detectLocale")
_ARGV_CALLS = ("minimist", "subarg", "yargs-parser", "mri", "args.parse", "arg", "command-line-args", "meow",
               "dashdash.parse", "dashdash.Parser.parse", "argparse.ArgumentParser.parse_args",
               "argparse.ArgumentParser.parse_known_args", "yargs.parse", "yargs.parseSync", "yargs.Argv.parse",
               "yargs.Argv.parseSync", "commander.opts", "commander.program.opts", "commander.Command.opts",
               "commander.optsWithGlobals", "commander.program.optsWithGlobals",
               "commander.Command.optsWithGlobals")
_ARGV_ATTRS = ("yargs.argv", "yargs.Argv.argv", "commander.args", "commander.program.args", "commander.Command.args",
               "commander.program.processedArgs", "commander.Command.processedArgs")
# commander before version 7 stores each option on the program object (`program.port`): any field of
# a program that is not part of commander's API is an option's value.
_COMMANDER_API = ("command", "commands", "option", "options", "requiredOption", "version", "description",
                  "usage", "name", "alias", "aliases", "action", "parse", "parseAsync", "opts", "optsWithGlobals",
                  "args", "rawArgs", "processedArgs", "help", "outputHelp", "helpInformation", "helpOption",
                  "addCommand", "addOption", "addArgument", "addHelpText", "addHelpCommand", "arguments",
                  "argument", "allowUnknownOption", "allowExcessArguments", "storeOptionsAsProperties",
                  "passCommandToAction", "on", "once", "emit", "listeners", "removeListener", "exitOverride",
                  "showHelpAfterError", "showSuggestionAfterError", "configureOutput", "configureHelp", "hook",
                  "parent", "createCommand", "createOption", "createArgument", "createHelp",
                  "enablePositionalOptions", "passThroughOptions", "combineFlagAndOptionalValue", "summary",
                  "executableDir", "copyInheritedSettings", "setOptionValue", "setOptionValueWithSource",
                  "getOptionValue", "getOptionValueSource", "error", "registeredArguments", "then",
                  # what the module exports besides the default program
                  "program", "Command", "Option", "Argument", "Help", "CommanderError", "InvalidArgumentError",
                  "InvalidOptionArgumentError", "default")
ANY_ATTR_SOURCES: dict[str, tuple[str, tuple[str, ...]]] = {
    t: ("low", _COMMANDER_API) for t in ("commander", "commander.program", "commander.Command")}
SOURCE_CALLS: dict[str, str] = {
    "builtins.prompt": "low",
    **{c: "low" for c in _ARGV_CALLS},
    **{c: "medium" for c in (*_DOM_TEXT_CALLS, *_FORM_VALUE_CALLS)},
}
SOURCE_ATTRS: dict[str, str] = {
    "builtins.process.argv": "low",
    **{a: "low" for a in _ARGV_ATTRS},
    "builtins.process.env": "low",
    "builtins.window.name": "medium",
    **{a: "medium" for a in (*_DOM_TEXT_ATTRS, *_FORM_VALUE_ATTRS)},
}

# ---------------------------------------------------------------------------------------------
# Sinks
# ---------------------------------------------------------------------------------------------


def _s(kind: str, *args: int, when: str = "") -> Sink:
    return Sink(kind, args or (0,), (), when)


# Drop-in replacements of fs with the same functions (graceful-fs, Electron's original-fs, mz's
# promise wrappers).
_FS_MODULES = ("fs", "fs/promises", "fs.promises", "fs-extra", "graceful-fs", "original-fs", "mz/fs")
_FS_ONE = ("readFile", "readFileSync", "writeFile", "writeFileSync", "appendFile", "appendFileSync",
           "createReadStream", "createWriteStream", "unlink", "unlinkSync", "readdir", "readdirSync", "stat",
           "statSync", "lstat", "open", "openSync", "rm", "rmSync", "rmdir", "rmdirSync", "mkdir", "mkdirSync",
           "access", "accessSync", "readJson", "readJsonSync", "outputFile", "remove", "truncate", "chmod")
_FS_TWO = ("rename", "renameSync", "copyFile", "copyFileSync", "symlink", "link", "copy", "move", "cp")
_SQL_CLIENTS = ("mysql.Connection", "mysql.Pool", "pg.Pool", "pg.Client", "typeorm.DataSource",
                "typeorm.EntityManager", "typeorm.Repository", "typeorm.QueryRunner", "sequelize.Sequelize")
_MONGO_METHODS = ("find", "findOne", "findOneAndUpdate", "findOneAndDelete", "findOneAndReplace", "deleteOne",
                  "deleteMany", "updateOne", "updateMany", "countDocuments", "count", "where", "exists",
                  "replaceOne", "distinct")
_HTTP_CLIENTS = ("axios", "got", "node-fetch", "request", "superagent", "needle", "undici")
_HTTP_VERBS = ("get", "post", "put", "delete", "patch", "head", "request", "fetch", "stream")
_CONSOLE = ("log", "info", "warn", "error", "debug", "trace")
# Attributes holding a URL the browser navigates to or loads code from.
_URL_ATTRS = ("href", "src", "action", "formaction", "xlink:href", "data")
_JQUERY_INSERT = ("append", "prepend", "after", "before", "replaceWith", "wrap", "wrapAll", "wrapInner")

SINKS: dict[str, list[Sink]] = {
    # SQL
    **{f"{t}.{m}": [_s("sql", 0)] for t in _SQL_CLIENTS for m in ("query", "execute")},
    **{f"sqlite3.Database.{m}": [_s("sql", 0)] for m in ("run", "get", "all", "each", "exec", "prepare")},
    **{f"better-sqlite3.Database.{m}": [_s("sql", 0)] for m in ("prepare", "exec")},
    "knex.Knex.raw": [_s("sql", 0)],
    **{f"knex.QueryBuilder.{m}": [_s("sql", 0)] for m in ("whereRaw", "havingRaw", "orderByRaw", "groupByRaw",
                                                           "joinRaw", "fromRaw", "selectRaw")},
    "sequelize.Sequelize.literal": [_s("sql", 0)],
    "sequelize.literal": [_s("sql", 0)],
    # commands
    **{f"child_process.{f}": [_s("cmd", 0)] for f in ("exec", "execSync", "spawn", "spawnSync", "execFile",
                                                        "execFileSync", "fork")},
    # With {shell: true} the arguments are joined into a shell command line too.
    # A shell as the program: the argument list is its script.
    **{f"child_process.{f}": [_s("cmd", 0), _s("cmd", 0, when="shell_option"), _s("cmd", 0, when="shell_program")]
       for f in ("spawn", "spawnSync", "execFile", "execFileSync")},
    # Wrappers with child_process's signatures (cross-spawn), execa (a program, or a shell command
    # line for .shell / .command), and commands run on a remote host (ssh2).
    **{f: [_s("cmd", 0), _s("cmd", 0, when="shell_option"), _s("cmd", 0, when="shell_program")]
       for f in ("cross-spawn", "cross-spawn.spawn", "cross-spawn.sync", "cross-spawn-async",
                 "execa", "execa.execa", "execa.sync", "execa.execaSync", "execa.node", "execa.stdout",
                 "execa.stderr", "foreground-child")},
    **{f: [_s("cmd", 0)] for f in ("execa.shell", "execa.shellSync", "exec", "exec-async")},
    # mz's promise wrappers of child_process
    **{f"mz/child_process.{f}": [_s("cmd", 0)] for f in ("exec", "execSync", "execFile", "spawn")},
    "remote-exec": [_s("cmd", 1)],
    "ssh2.Client.exec": [_s("cmd", 0)],
    "ssh2-streams.SSH2Stream.exec": [_s("cmd", 1)],
    # opener(target, { command }): the program that opens the target
    "opener": [_s("cmd", 1, 2, when="key:command")],
    "shelljs.exec": [_s("cmd", 0)],
    "execa.command": [_s("cmd", 0)],
    "execa.execaCommand": [_s("cmd", 0)],
    "execa.commandSync": [_s("cmd", 0)],
    # code
    "builtins.eval": [_s("code", 0)],
    "builtins.Function": [_s("code", 0, 1, 2, 3, 4, 5)],
    "builtins.setTimeout": [_s("code", 0)],
    "builtins.setInterval": [_s("code", 0)],
    "builtins.window.eval": [_s("code", 0)],
    # WebAssembly modules compiled from bytes the input chooses run as the page's (or process's) code
    **{f"builtins.WebAssembly.{f}": [_s("code", 0)] for f in ("compile", "compileStreaming", "instantiate",
                                                               "instantiateStreaming", "Module")},
    **{f"vm.{f}": [_s("code", 0)] for f in ("runInNewContext", "runInThisContext", "runInContext", "Script",
                                             "compileFunction", "SourceTextModule")},
    # A module object built by hand compiles its source text (Node's Module.prototype._compile).
    "module.Module._compile": [_s("code", 0)],
    # require() of a name from the input loads and runs whatever module file that names
    "builtins.require": [_s("code", 0)],
    # Sandboxes that run a string of code (vm2's VM / NodeVM / VMScript, the `sandbox` package):
    # escapes from them are known, so code from the input is code injection all the same.
    **{f"vm2.{c}.run": [_s("code", 0)] for c in ("VM", "NodeVM")},
    "vm2.VMScript": [_s("code", 0)],
    "sandbox.Sandbox.run": [_s("code", 0)],
    # code run by evaluators and function-rebuilding deserialisers
    **{f"{m}.{f}": [_s("code", 0)] for m in ("mathjs", "expr-eval.Parser") for f in ("eval", "evaluate")},
    "node-serialize.unserialize": [_s("deser", 0)],
    "serialize-to-js.deserialize": [_s("deser", 0)],
    "funcster.deepDeserialize": [_s("deser", 0)],
    "cryo.parse": [_s("deser", 0)],
    # js-yaml 3 with the full schema builds functions (!!js/function) from the document
    **{f"js-yaml.{f}": [_s("deser", 0, when="option_ref:schema:FULL_SCHEMA")]
       for f in ("load", "loadAll", "safeLoad", "safeLoadAll")},
    **{f"libxmljs.{f}": [_s("xxe", 0, when="option:noent")] for f in ("parseXml", "parseXmlString",
                                                                     "parseXmlAsync", "parseHtml")},
    **{f"libxmljs2.{f}": [_s("xxe", 0, when="option:noent")] for f in ("parseXml", "parseXmlString")},
    # template sources
    **{f"{m}.{f}": [_s("ssti", 0)] for m in ("ejs", "pug", "jade") for f in ("render", "compile")},
    "handlebars.compile": [_s("ssti", 0)],
    "handlebars.precompile": [_s("ssti", 0)],
    "nunjucks.renderString": [_s("ssti", 0)],
    "nunjucks.compile": [_s("ssti", 0)],
    "lodash.template": [_s("ssti", 0)],
    "lodash/template": [_s("ssti", 0)],
    "dot.template": [_s("ssti", 0)],
    "mustache.render": [_s("ssti", 0)],
    # paths
    **{f"{mod}.{f}": [_s("path", 0)] for mod in _FS_MODULES for f in _FS_ONE},
    # bluebird's promisifyAll(fs) adds an `<name>Async` twin of every function.
    **{f"fs.{f}Async": [_s("path", 0)] for f in _FS_ONE if not f.endswith("Sync")},
    **{f"{mod}.{f}": [_s("path", 0, 1)] for mod in _FS_MODULES for f in _FS_TWO},
    "express.Response.sendFile": [_s("path", 0)],
    "express.Response.download": [_s("path", 0)],
    # XSS (server responses and the DOM)
    # A string is sent as HTML; objects and arrays are sent as JSON.
    # res.send sets text/html for strings; write/end are Node's, which set no type (see "sniff").
    "express.Response.send": [_s("xss", 0, when="str")],
    **{f"express.Response.{m}": [_s("xss", 0, when="sniff")] for m in ("write", "end")},
    "fastify.Reply.send": [_s("xss", 0, when="html_chain")],
    "fastify.Reply.redirect": [_s("redirect", 0, 1)],
    # Node's http sends no Content-Type unless the code sets one: browsers then treat the body as
    # HTML only when it starts like HTML (see the "sniff" condition).
    **{f"node.ServerResponse.{m}": [_s("xss", 0, when="sniff")] for m in ("write", "end")},
    "builtins.document.write": [_s("xss", 0)],
    "builtins.document.writeln": [_s("xss", 0)],
    "builtins.$jsx_dangerouslySetInnerHTML": [_s("xss", 0)],
    "handlebars.SafeString": [_s("xss", 0)],  # marks markup as already escaped
    # jQuery: $(string) parses the string as HTML when it starts with '<' (else it is a selector);
    # $('<a>', {href: url}) sets attributes. AngularJS's angular.element is jQuery's lite twin.
    **{f: [_s("xss", 0, when="sniff"), _s("urlxss", 1, when="named:" + "|".join(_URL_ATTRS))]
       for f in ("builtins.$", "builtins.jQuery", "jquery", "builtins.angular.element")},
    # jQuery plugins showing a message as markup (jGrowl's notifications).
    **{f"{j}.jGrowl": [_s("xss", 0, when="str")] for j in ("builtins.$", "builtins.jQuery", "jquery")},
    # Methods of a jQuery object that insert a string as markup whenever it holds a tag.
    **{f"jquery.JQuery.{m}": [_s("xss", 0, when="str")] for m in _JQUERY_INSERT},
    "jquery.JQuery.attr": [_s("urlxss", 0, 1, when="named:" + "|".join(_URL_ATTRS))],
    "jquery.JQuery.prop": [_s("urlxss", 0, 1, when="named:" + "|".join(_URL_ATTRS))],
    # React without JSX: createElement(type, {dangerouslySetInnerHTML: {__html: markup}}).
    **{f: [_s("xss", 1, when="key:dangerouslySetInnerHTML")]
       for f in ("builtins.React.createElement", "react.createElement", "react.default.createElement")},
    # AngularJS's template compiler and expression parsers: a string from the input is code.
    **{f"angular.${f}": [_s("code", 0, when="str")] for f in ("compile", "parse", "interpolate")},
    # AngularJS's $sce (injected by that parameter name): values marked trusted skip its escaping.
    **{f"angular.$sce.{m}": [_s("xss", 0)] for m in ("trustAsHtml", "trustAsJs", "trustAsResourceUrl",
                                                     "trustAsUrl", "trustAsCss")},
    # $sce.trustAs($sce.HTML, value): the same, with the context named by one of $sce's constants
    "angular.$sce.trustAs": [_s("xss", 1, when="ref0=" + "|".join(
        f"angular.$sce.{c}" for c in ("HTML", "CSS", "JS", "URL", "RESOURCE_URL")))],
    # redirects
    "express.Response.redirect": [_s("redirect", 0, 1)],
    "express.Response.location": [_s("redirect", 0)],
    "koa.Context.redirect": [_s("redirect", 0)],
    **{f"{m}.{f}": [_s("redirect", 0)] for m in ("next/navigation", "next/server.NextResponse")
       for f in ("redirect", "permanentRedirect")},
    # A Location header chosen by the input: the same redirect, set by hand (3xx status or not).
    **{f"{t}.{m}": [_s("redirect", 0, 1, 2, when="named:location")]
       for t in ("express.Response", "node.ServerResponse", "fastify.Reply", "koa.Context")
       for m in ("header", "set", "setHeader", "writeHead", "headers", "append")},
    "builtins.location.assign": [_s("redirect", 0)],
    "builtins.location.replace": [_s("redirect", 0)],
    "builtins.window.open": [_s("redirect", 0)],
    # SSRF
    "builtins.fetch": [_s("ssrf", 0)],
    **{c: [_s("ssrf", 0)] for c in _HTTP_CLIENTS},
    **{f"{c}.{v}": [_s("ssrf", 0)] for c in _HTTP_CLIENTS for v in _HTTP_VERBS},
    **{f"{m}.{v}": [_s("ssrf", 0)] for m in ("http", "https") for v in ("get", "request")},
    # Headless browsers and HTML-to-PDF/image renderers run on the server: a URL they open, or HTML
    # they render (its <img>/<iframe>/<link> are fetched), makes the server send requests.
    **{f"{b}.Page.{m}": [_s("ssrf", 0)] for b in ("puppeteer", "playwright", "phantom")
       for m in ("goto", "setContent", "open", "openUrl")},
    "phantom.Page.property": [_s("ssrf", 0, 1, when="named:content")],
    # Script run inside that browser can fetch any address the server reaches (a function argument
    # is the program's own code; a string is compiled there).
    "phantom.Page.evaluateJavaScript": [_s("ssrf", 0)],
    **{f"{b}.Page.evaluate": [_s("ssrf", 0, when="str")] for b in ("puppeteer", "playwright")},
    "wkhtmltopdf": [_s("ssrf", 0)],
    "wkhtmltoimage.generate": [_s("ssrf", 0)],
    # NoSQL
    **{f"{t}.{m}": [_s("nosql", 0)] for t in ("mongoose.Model", "mongodb.Collection") for m in _MONGO_METHODS},
    "mongodb.Collection.aggregate": [_s("nosql", 0)],
    "mongoose.Model.aggregate": [_s("nosql", 0)],
    "mongoose.Model.$where": [_s("nosql", 0)],
    # prototype pollution
    **{f"{m}.merge": [_s("proto", 1, 2, 3, 4)] for m in ("lodash", "lodash-es")},
    **{f"{m}.mergeWith": [_s("proto", 1, 2, 3)] for m in ("lodash", "lodash-es")},
    **{f"{m}.defaultsDeep": [_s("proto", 1, 2, 3)] for m in ("lodash", "lodash-es")},
    **{f"{m}.set": [_s("proto", 1)] for m in ("lodash", "lodash-es")},
    **{f"{m}.setWith": [_s("proto", 1)] for m in ("lodash", "lodash-es")},
    **{f"{m}.zipObjectDeep": [_s("proto", 0)] for m in ("lodash", "lodash-es")},
    "lodash/merge": [_s("proto", 1, 2, 3, 4)],
    "lodash.merge": [_s("proto", 1, 2, 3, 4)],  # also the name of the standalone package's default export
    "lodash/set": [_s("proto", 1)],
    "merge.recursive": [_s("proto", 1, 2, 3)],
    "dot-prop.set": [_s("proto", 1)],
    "dot-prop.setProperty": [_s("proto", 1)],
    # regular expressions
    "builtins.RegExp": [_s("regex", 0)],
    # logs
    **{f"builtins.console.{m}": [_s("log", 0, 1, 2, 3, when="str")] for m in _CONSOLE},
}

# Method names that are sinks whatever the receiver's type (medium confidence). `when="str"` says the
# argument must be a string (not an options object such as a GraphQL client's query({...})).
METHOD_SINKS: dict[str, list[Sink]] = {
    "query": [_s("sql", 0, when="str")],
    "$queryRawUnsafe": [_s("sql", 0)],
    "$executeRawUnsafe": [_s("sql", 0)],
    "whereRaw": [_s("sql", 0)],
    "orderByRaw": [_s("sql", 0)],
    "havingRaw": [_s("sql", 0)],
    "joinRaw": [_s("sql", 0)],
    "insertAdjacentHTML": [_s("xss", 1)],
    # An event handler attribute (on*) is script, srcdoc a whole document, style a style sheet (CSS
    # injection: page restyling and data leaks through selectors and url()).
    "setAttribute": [_s("xss", 0, 1, when="named:on*|srcdoc|style"),
                     _s("urlxss", 1, when="named:" + "|".join(_URL_ATTRS))],
    "setAttributeNS": [_s("xss", 1, 2, when="named:on*|srcdoc"),
                       _s("urlxss", 2, when="named:" + "|".join(_URL_ATTRS))],
    "html": [_s("xss", 0, when="str")],  # jQuery / cheerio .html(markup)
    "findOneAndUpdate": [_s("nosql", 0)],
    "$where": [_s("nosql", 0)],
    # Any receiver: a MongoDB-style filter literal with a value from the input (an object such as
    # { "$ne": null } passes for any value), or whose $where (server-side JavaScript) comes from it.
    **{m: [_s("nosql", 0, when="mongo_filter")] for m in ("find", "findOne", "count", "countDocuments",
                                                           "deleteOne", "deleteMany", "update", "updateOne",
                                                           "updateMany", "remove", "findOneAndDelete",
                                                           "findOneAndReplace", "replaceOne")},
    # Angular: values marked as trusted skip the framework's sanitising.
    **{f"bypassSecurityTrust{k}": [_s("xss", 0)] for k in ("Html", "Script", "Style", "Url", "ResourceUrl")},
    "match": [_s("regex", 0, when="str")],  # a string argument is compiled as a RegExp
    # React Native's WebView runs the string as script in the page it shows.
    "injectJavaScript": [_s("code", 0, when="str")],
    # AngularJS scopes evaluate a string argument as an Angular expression (which can reach script).
    **{m: [_s("code", 0, when="str")] for m in ("$eval", "$evalAsync", "$apply", "$applyAsync", "$watch",
                                               "$watchCollection", "$watchGroup")},
}

# Attributes that are sinks when assigned: "<type of the object>.<attribute>" -> kind.
ASSIGN_SINKS: dict[str, str] = {
    "dom.Element.innerHTML": "xss",
    "dom.Element.outerHTML": "xss",
    "builtins.location.href": "redirect",
    "builtins.window.location": "redirect",
    "builtins.document.location": "redirect",
    # a.href / iframe.src / script.src / form.action of an element: a `javascript:` URL (or a script
    # from anywhere). Only elements the analysis knows to be DOM elements: `.href` / `.src` of other
    # objects (Node's URL objects, source maps) are plain data.
    **{f"dom.Element.{a}": "urlxss" for a in ("href", "src", "action", "formAction")},
    "koa.Context.body": "xss",  # a string body starting with '<' is sent as HTML
    "koa.Context.response.body": "xss",
}
# Attribute names that are sinks when assigned whatever the object's type (the DOM's HTML setters).
ATTR_ASSIGN_SINKS: dict[str, str] = {
    "innerHTML": "xss",
    "outerHTML": "xss",
    "cssText": "xss",  # el.style.cssText: the whole inline style (CSS injection)
}

# ---------------------------------------------------------------------------------------------
# Return types and sanitizers
# ---------------------------------------------------------------------------------------------

_RESPONSE_CHAIN = ("status", "type", "set", "header", "cookie", "clearCookie", "append", "vary", "contentType",
                   "attachment", "links", "code", "headers")
RETURNS: dict[str, str] = {
    # command-line parsers (sources above): yargs's fluent builder, argparse / dashdash parsers, commander
    **{f"{t}.{m}": "yargs.Argv" for t in ("yargs", "yargs.Argv") for m in _YARGS_CHAIN},
    "yargs": "yargs.Argv",
    "yargs/yargs": "yargs.Argv",
    "argparse.ArgumentParser": "argparse.ArgumentParser",
    "dashdash.createParser": "dashdash.Parser",
    "commander.Command": "commander.Command",
    "commander.createCommand": "commander.Command",
    "multiparty.Form": "multiparty.Form",
    "formidable.IncomingForm": "formidable.IncomingForm",
    "formidable.formidable": "formidable.IncomingForm",
    "formidable": "formidable.IncomingForm",
    "busboy": "busboy.Busboy",
    "busboy.Busboy": "busboy.Busboy",
    "ssh2-streams.SSH2Stream": "ssh2-streams.SSH2Stream",
    "ssh2": "ssh2.Client",  # ssh2 before 1.0 exported the client class itself
    **{f"express.Response.{m}": "express.Response" for m in _RESPONSE_CHAIN},
    **{f"fastify.Reply.{m}": "fastify.Reply" for m in _RESPONSE_CHAIN},
    **{f: "fastify.Instance" for f in ("fastify", "fastify.default", "fastify.fastify")},
    **{f"{mod}.createConnection": "mysql.Connection" for mod in ("mysql", "mysql2", "mysql2/promise")},
    **{f"{mod}.createPool": "mysql.Pool" for mod in ("mysql", "mysql2", "mysql2/promise")},
    "mysql.Pool.getConnection": "mysql.Connection",
    "mysql.Pool.promise": "mysql.Pool",
    "mysql.Connection.promise": "mysql.Connection",
    "pg.Pool": "pg.Pool",
    "pg.Client": "pg.Client",
    "pg.Pool.connect": "pg.Client",
    "sqlite3.verbose": "sqlite3",
    "sqlite3.Database": "sqlite3.Database",
    "better-sqlite3": "better-sqlite3.Database",
    "knex": "knex.Knex",
    "knex.knex": "knex.Knex",
    "knex.Knex": "knex.QueryBuilder",
    **{f"knex.QueryBuilder.{m}": "knex.QueryBuilder" for m in ("select", "where", "from", "table", "andWhere",
                                                                "orWhere", "join", "leftJoin", "orderBy",
                                                                "limit", "offset", "groupBy")},
    "sequelize": "sequelize.Sequelize",
    "sequelize.Sequelize": "sequelize.Sequelize",
    "typeorm.DataSource": "typeorm.DataSource",
    "typeorm.getManager": "typeorm.EntityManager",
    "typeorm.getConnection": "typeorm.DataSource",
    "typeorm.DataSource.manager": "typeorm.EntityManager",
    "typeorm.DataSource.getRepository": "typeorm.Repository",
    "typeorm.DataSource.createQueryRunner": "typeorm.QueryRunner",
    **{f"vm2.{c}": f"vm2.{c}" for c in ("VM", "NodeVM")},
    "sandbox": "sandbox.Sandbox",
    # headless browsers: browser -> (context ->) page
    "puppeteer.launch": "puppeteer.Browser",
    "puppeteer.connect": "puppeteer.Browser",
    "puppeteer.Browser.newPage": "puppeteer.Page",
    "puppeteer.Browser.createBrowserContext": "puppeteer.Browser",
    "puppeteer.Browser.createIncognitoBrowserContext": "puppeteer.Browser",
    **{f"playwright.{b}.launch": "playwright.Browser" for b in ("chromium", "firefox", "webkit")},
    "playwright.Browser.newPage": "playwright.Page",
    "playwright.Browser.newContext": "playwright.Browser",
    "phantom.create": "phantom.Instance",
    "phantom.Instance.createPage": "phantom.Page",
    **{f: "ssh2.Client" for f in ("ssh2", "ssh2.Client")},
    **{f: "module.Module" for f in ("module", "module.Module")},
    "mongoose.model": "mongoose.Model",
    "mongoose.Model": "mongoose.Model",
    "mongodb.MongoClient": "mongodb.MongoClient",
    "mongodb.MongoClient.connect": "mongodb.MongoClient",
    "mongodb.MongoClient.db": "mongodb.Db",
    "mongodb.Db.collection": "mongodb.Collection",
    "builtins.Object.create": "builtins.Object.NullPrototype",
    # jQuery objects, and the calls on them that return the same selection
    **{f: "jquery.JQuery" for f in ("builtins.$", "builtins.jQuery", "jquery", "builtins.angular.element")},
    **{f"jquery.JQuery.{m}": "jquery.JQuery" for m in ("find", "children", "parent", "parents", "closest", "eq",
                                                       "first", "last", "filter", "not", "siblings", "next",
                                                       "prev", "addClass", "removeClass", "toggleClass", "show",
                                                       "hide", "empty", "css", "on", "off", "appendTo",
                                                       "prependTo", "add", *_JQUERY_INSERT)},
    # a jQuery selection's .get(i) is a DOM element; so is an element of a NodeList / HTMLCollection
    "jquery.JQuery.get": "dom.Element",
    **{f"builtins.document.{f}": "dom.NodeList" for f in ("querySelectorAll", "getElementsByClassName",
                                                          "getElementsByTagName", "getElementsByName")},
    **{f"dom.Element.{f}": "dom.NodeList" for f in ("querySelectorAll", "getElementsByClassName",
                                                    "getElementsByTagName")},
    "dom.NodeList.__getitem__": "dom.Element",
    "dom.NodeList.item": "dom.Element",
    "builtins.document.getElementById": "dom.Element",
    "builtins.document.querySelector": "dom.Element",
    "builtins.document.createElement": "dom.Element",
    "dom.Element.querySelector": "dom.Element",
    **{f"formik.{f}": "formik.FormikBag" for f in ("useFormik", "useFormikContext")},
    "react-hook-form.useForm": "react-hook-form.Form",
}

# Library input in a shell command line (TAINT_RULES["libcmd"]): the command-string sinks, and the
# argument lists of spawn-like calls run by a shell.
for _name in ("child_process.exec", "child_process.execSync", "mz/child_process.exec", "execa.shell",
              "execa.shellSync", "execa.command", "execa.execaCommand", "execa.commandSync", "shelljs.exec",
              "ssh2.Client.exec", "exec", "exec-async"):
    SINKS[_name] = [*SINKS[_name], _s("libcmd", 0)]
for _name in ("spawn", "spawnSync", "execFile", "execFileSync"):
    SINKS[f"child_process.{_name}"] += [_s("libcmd", 0, when="shell_option"), _s("libcmd", 0, when="shell_program")]
for _name in ("cross-spawn", "cross-spawn.spawn", "cross-spawn.sync", "cross-spawn-async", "execa", "execa.execa",
              "execa.sync", "execa.execaSync"):
    SINKS[_name] += [_s("libcmd", 0, when="shell_option"), _s("libcmd", 0, when="shell_program")]

ALL_KINDS = frozenset(TAINT_RULES)
# Text read back from the page feeds XSS only (see _DOM_TEXT_ATTRS above).
SOURCE_SAFE_KINDS.update({n: ALL_KINDS - {"xss"} for n in (*_DOM_TEXT_ATTRS, *_DOM_TEXT_CALLS, *_FORM_VALUE_ATTRS,
                                                            *_FORM_VALUE_CALLS)})

WEAK_RANDOM_KIND = "weakrand"
WEAK_RANDOM_SOURCE = "weak-random"
WEAK_RANDOM_FUNCS = frozenset({"random"})
WEAK_RANDOM_MODULES = ("builtins.Math",)
SECRET_NAME_WORDS = ("session", "token", "password", "passwd", "secret", "nonce", "salt", "otp", "csrf",
                     "cookie", "apikey", "api_key", "apiKey", "auth", "remember", "reset", "verification",
                     "signature", "private", "credential", "sessid", "sid")

# An encoded component holds no '/', ':', '<', quote or shell character: it cannot name a host or a
# directory, close an HTML attribute or start a command.
_URL_ENCODED = frozenset({"xss", "urlxss", "path", "cmd", "log", "code", "redirect", "ssrf"})
SANITIZERS: dict[str, frozenset[str]] = {
    **{n: ALL_KINDS for n in (
        "builtins.parseInt", "builtins.parseFloat", "builtins.Number", "builtins.Boolean", "builtins.isNaN",
        "builtins.isFinite", "builtins.Math.floor", "builtins.Math.ceil", "builtins.Math.round",
        "builtins.Math.abs", "builtins.Math.min", "builtins.Math.max", "builtins.Number.parseInt",
        "builtins.Number.parseFloat", "builtins.Number.isInteger", "builtins.BigInt", "builtins.Array.isArray",
        "validator.isInt", "validator.isUUID", "validator.isEmail", "validator.toInt", "uuid.validate",
        "mongoose.Types.ObjectId", "mongodb.ObjectId", "bcrypt.hash", "bcrypt.compare",
        "crypto.createHash", "crypto.timingSafeEqual")},
    # A string cannot carry query operators.
    "builtins.String": frozenset({"nosql"}),
    # A date parsed from the input (moment(x), dayjs(x)) prints as digits and month names; the format
    # string given to its .format(fmt) still passes its literal text through.
    **{n: ALL_KINDS for n in ("moment", "moment.default", "moment.utc", "moment.unix", "dayjs", "dayjs.default")},
    "mongo-sanitize": frozenset({"nosql"}),
    "express-mongo-sanitize.sanitize": frozenset({"nosql"}),
    # s.replace(/regex/g, ...) deleting every '/', every '<', every CR and LF, or every
    # character but word characters (see lang.javascript.replace_sanitisers)
    "builtins.$strip_path": frozenset({"path"}),
    "builtins.$strip_markup": frozenset({"xss"}),
    "builtins.$strip_newlines": frozenset({"log"}),
    "builtins.$keep_word_chars": ALL_KINDS,
    "builtins.encodeURIComponent": _URL_ENCODED,
    "builtins.encodeURI": frozenset({"xss", "log"}),
    "builtins.escape": frozenset({"xss", "log"}),
    "builtins.JSON.stringify": frozenset({"code", "log"}),
    "escape-html": frozenset({"xss", "ssti"}),
    "he.encode": frozenset({"xss", "ssti"}),
    "he.escape": frozenset({"xss", "ssti"}),
    "lodash.escape": frozenset({"xss", "ssti"}),
    "handlebars.escapeExpression": frozenset({"xss", "ssti"}),
    "validator.escape": frozenset({"xss"}),
    "xss": frozenset({"xss"}),
    "xss.filterXSS": frozenset({"xss"}),
    "sanitize-html": frozenset({"xss"}),
    "dompurify.sanitize": frozenset({"xss"}),
    "isomorphic-dompurify.sanitize": frozenset({"xss"}),
    "builtins.DOMPurify.sanitize": frozenset({"xss"}),
    "path.basename": frozenset({"path"}),
    "sanitize-filename": frozenset({"path", "cmd"}),
    "mysql.escape": frozenset({"sql"}),
    "mysql2.escape": frozenset({"sql"}),
    "mysql.Connection.escape": frozenset({"sql"}),
    "mysql.Pool.escape": frozenset({"sql"}),
    "sqlstring.escape": frozenset({"sql"}),
    "pg-format.literal": frozenset({"sql"}),
    "sql-template-strings.SQL": frozenset({"sql"}),
    "sql-template-strings": frozenset({"sql"}),
    "slonik.sql": frozenset({"sql"}),
    "shell-quote.quote": frozenset({"cmd"}),
    "shescape.quote": frozenset({"cmd"}),
    "shescape.escape": frozenset({"cmd"}),
    "lodash.escapeRegExp": frozenset({"regex"}),
    "lodash-es.escapeRegExp": frozenset({"regex"}),
    "lodash/escapeRegExp": frozenset({"regex"}),
    "lodash.escaperegexp": frozenset({"regex"}),
    "escape-string-regexp": frozenset({"regex"}),
    "builtins.RegExp.escape": frozenset({"regex"}),
}

DECODERS = frozenset({
    "builtins.decodeURIComponent", "builtins.decodeURI", "builtins.unescape", "builtins.atob", "he.decode",
    "querystring.unescape", "builtins.JSON.parse",
})

UNTAINTING_METHODS = frozenset({
    "startsWith", "endsWith", "indexOf", "lastIndexOf", "test", "localeCompare", "charCodeAt", "codePointAt",
    "has", "isInteger", "isSafeInteger", "some", "every", "findIndex", "findLastIndex", "hasOwnProperty",
    "isFile", "isDirectory", "existsSync", "getTime", "valueOf", "compare", "verify",
})

MUTATING_METHODS = frozenset({
    "push", "unshift", "splice", "set", "add", "append", "write", "fill", "assign",
})

NAMED_SANITIZERS: dict[str, frozenset[str]] = {
    "escape_html": frozenset({"xss"}),
    "escapehtml": frozenset({"xss"}),
    "html_escape": frozenset({"xss"}),
    "htmlescape": frozenset({"xss"}),
    "encodehtml": frozenset({"xss"}),
    "sanitizehtml": frozenset({"xss"}),
    "sanitize_html": frozenset({"xss"}),
    "escape_sql": frozenset({"sql"}),
    "escapesql": frozenset({"sql"}),
    "escapeshell": frozenset({"cmd"}),
    "escape_shell": frozenset({"cmd"}),
    "sanitizeshell": frozenset({"cmd"}),
    "sanitize_shell": frozenset({"cmd"}),
    "shellescape": frozenset({"cmd"}),
    "shell_escape": frozenset({"cmd"}),
    "shellquote": frozenset({"cmd"}),
    "shell_quote": frozenset({"cmd"}),
    "quoteshell": frozenset({"cmd"}),
    "escaperegexp": frozenset({"regex"}),
    "escaperegex": frozenset({"regex"}),
    "escape_regex": frozenset({"regex"}),
    "safe_join": frozenset({"path"}),
    "safejoin": frozenset({"path"}),
    "sanitizefilename": frozenset({"path", "cmd"}),
}

# ---------------------------------------------------------------------------------------------
# Library input (javascript.shell-command-from-library-input)
# ---------------------------------------------------------------------------------------------

LIBRARY_PARAM_SOURCE = "a parameter of an exported function"
# Parameters whose name says the caller passes a whole command or script: running it is the function's
# purpose, not an injection.
LIBRARY_PARAM_SKIP = re.compile(r"^(?:cmd|command|commands|cmdline|commandline|script|shell|shellcommand|"
                                r"cmdstring|commandstring|line|program|executable|exe|bin)$|(?:cmd|command)s?$",
                                re.IGNORECASE)
# TypeScript parameters declared with these types carry no command text.
LIBRARY_SAFE_ANNOTATIONS = ("number", "boolean", "bigint")
KIND_SOURCES: dict[str, frozenset[str]] = {"libcmd": frozenset({LIBRARY_PARAM_SOURCE})}
# Constant text ending in a space, a quote, '=', ':' or a path separator makes what follows an argument
# (`"rm -rf " + x`, `"cat '" + x + "'"`, `"--out=" + x`, `"/c:" + x`, `"/tmp/" + x`); text such as `"for x in ("`
# or nothing at all (x is the command itself) does not.
# Text that opened a quoted argument after a space (`"cat '/foo/bar" + x`) does so too.
PLACED_KINDS: dict[str, str] = {"libcmd": r"""[\s'"=:/\\]$|\s(?:'[^']*|"[^"]*)$"""}
SAFE_AS: dict[str, str] = {"libcmd": "cmd"}
# printf-style formatting: util.format('rm -rf %s', x) places x as `"rm -rf " + x` does.
# Guards: `/^[\w./:=-]+$/.test(s)` (lowered to `$shell_word(s)`) leaves no shell syntax in s. For library
# input only, a call of a function named as an allow-list check (`isSafeName(s)`, `isValidPath(s)`,
# `whitelisted(s)`, not `isUnsafe` / `isInvalid`) is taken to check its first argument, as CodeQL's ad hoc
# guard does; request data keeps its taint (NodeGoat's validateSignup accepts an operator object).
GUARD_FUNCS: dict[str, tuple[str, ...]] = {"builtins.$shell_word": ("cmd", "libcmd")}
NAMED_GUARDS = (r"(?i)(?<!un)safe|(?<!in)valid|white_?list|allow_?list|allowed", ("libcmd",))
# `if (!fs.existsSync(dir + x)) return;`: x names a file the caller did not invent for the command line
# (library input only; a remote user can often create files with chosen names).
EXISTS_GUARDS: dict[str, tuple[str, ...]] = {f"{m}.{f}": ("libcmd",) for m in _FS_MODULES
                                             for f in ("existsSync", "exists", "pathExists", "pathExistsSync")}
FORMAT_CALLS = ("util.format", "printf", "sprintf-js.sprintf", "sprintf-js.vsprintf", "format-util", "sprintf")
