"""Credentials written into the source and handed to the library that uses them (JavaScript/TypeScript).

The name-based credential rule judges a literal by the name it is bound to and by how random it looks,
because most literals under a name like `key` are not secrets. A literal passed where a client library
takes its password, access key or token needs no such guess: `new pg.Pool({ password: 'hunter2' })`
and `request(url).auth('svc', 'hunter2')` hard-code a credential whatever it looks like. This module
models those places (the option or argument a library documents for the credential) and returns the
literals found there; javascript_structural reports them.

Callees are named after import resolution, like the structural rules, with two additions: a call's
result is named after the call (`request.get(url).auth` is `request.get().auth`) and so is a name bound
once to it (`const s3 = new AWS.S3()` makes `s3.putObject` `aws-sdk.S3().putObject`).
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass

from armur.ir import nodes as ir
from armur.ir import walk
from armur.rules.names import is_placeholder_credential as is_placeholder

# Where a library takes a credential. Keys are callee patterns (fnmatch over the resolved name: `*`
# matches dots too); values are argument paths: `N` the argument itself, `N.a.b` an option of an object
# argument (nested), `*.a` that option in any object argument, `.*` every value of a map (express-basic-
# auth's users). The role says what the literal is: "password", "token", "key" (an API or access key),
# "userpass" (a `user:password` string, whose password part must be there).
_P = "password"
_T = "token"
_K = "key"
_UP = "userpass"
API_CREDENTIALS: dict[str, tuple[tuple[str, str], ...]] = {
    # databases and caches
    "pg.Client": (("0.password", _P),), "pg.Pool": (("0.password", _P),),
    "pg-promise()": (("0.password", _P),),
    "mysql.createConnection": (("0.password", _P),), "mysql.createPool": (("0.password", _P),),
    "mysql2.createConnection": (("0.password", _P),), "mysql2.createPool": (("0.password", _P),),
    "mysql2/promise.createConnection": (("0.password", _P),), "mysql2/promise.createPool": (("0.password", _P),),
    "mssql.connect": (("0.password", _P), ("0.authentication.options.password", _P)),
    "mssql.ConnectionPool": (("0.password", _P), ("0.authentication.options.password", _P)),
    "tedious.Connection": (("0.authentication.options.password", _P),),
    "oracledb.getConnection": (("0.password", _P),), "oracledb.createPool": (("0.password", _P),),
    "mongodb.MongoClient": (("1.auth.password", _P),), "mongodb.MongoClient.connect": (("1.auth.password", _P),),
    "mongoose.connect": (("1.pass", _P), ("1.auth.password", _P)),
    "mongoose.createConnection": (("1.pass", _P), ("1.auth.password", _P)),
    "redis.createClient": (("*.password", _P),), "ioredis": (("*.password", _P),),
    "ioredis.Cluster": (("1.redisOptions.password", _P),),
    "sequelize": (("2", _P),), "sequelize.Sequelize": (("2", _P),),
    "knex": (("0.connection.password", _P),), "knex.knex": (("0.connection.password", _P),),
    "typeorm.DataSource": (("0.password", _P),), "typeorm.createConnection": (("0.password", _P),),
    "@prisma/client.PrismaClient": (("0.datasources.db.url", _UP),),
    "neo4j-driver.auth.basic": (("1", _P),),
    "cassandra-driver.auth.PlainTextAuthProvider": (("1", _P),),
    "amqplib.connect": (("0.password", _P),),
    # HTTP clients
    "http.request": (("*.auth", _UP),), "http.get": (("*.auth", _UP),),
    "https.request": (("*.auth", _UP),), "https.get": (("*.auth", _UP),),
    "axios": (("*.auth.password", _P),), "axios.*": (("*.auth.password", _P),),
    "request": (("*.auth.pass", _P), ("*.auth.password", _P), ("*.auth.bearer", _T)),
    "request.*": (("*.auth.pass", _P), ("*.auth.password", _P), ("*.auth.bearer", _T)),
    "request*().auth": (("1", _P), ("3", _T)),
    "superagent*().auth": (("1", _P),),
    "got": (("*.password", _P),), "got.*": (("*.password", _P),),
    "node-fetch.Headers": (("0.Authorization", _T),),
    # authentication middleware and protocols
    "express-basic-auth": (("0.users.*", _P),),
    "basic-auth-connect": (("1", _P),),
    "ssh2.Client().connect": (("0.password", _P), ("0.passphrase", _P)),
    "ssh2-sftp-client().connect": (("0.password", _P), ("0.passphrase", _P)),
    "basic-ftp.Client().access": (("0.password", _P),),
    "ftp().connect": (("0.password", _P),),
    "ldapjs.createClient().bind": (("1", _P),),
    "nodemailer.createTransport": (("0.auth.pass", _P), ("0.auth.clientSecret", _K)),
    "passport-*": (("0.clientSecret", _K), ("0.consumerSecret", _K), ("0.secretOrKey", _K)),
    # cloud and service SDKs
    "aws-sdk*": (("*.secretAccessKey", _K), ("*.sessionToken", _T), ("*.credentials.secretAccessKey", _K)),
    "@aws-sdk/*": (("*.credentials.secretAccessKey", _K), ("*.credentials.sessionToken", _T)),
    "ms-rest-azure.loginWithUsernamePassword": (("1", _P),),
    "ms-rest-azure.loginWithServicePrincipalSecret": (("1", _K),),
    "@azure/identity.ClientSecretCredential": (("2", _K),),
    "@azure/identity.UsernamePasswordCredential": (("3", _P),),
    "digitalocean.client": (("0", _T),),
    "stripe": (("0", _K),), "stripe.Stripe": (("0", _K),),
    "twilio": (("1", _T),), "twilio.Twilio": (("1", _T),),
    "@sendgrid/mail.setApiKey": (("0", _K),),
    "@slack/web-api.WebClient": (("0", _T),),
    "@octokit/rest.Octokit": (("0.auth", _T),), "@octokit/core.Octokit": (("0.auth", _T),),
    "octokit.Octokit": (("0.auth", _T),),
    "discord.js.Client().login": (("0", _T),),
    "telegraf.Telegraf": (("0", _T),), "telegraf": (("0", _T),), "node-telegram-bot-api": (("0", _T),),
    "openai": (("0.apiKey", _K),), "openai.OpenAI": (("0.apiKey", _K),), "openai.default": (("0.apiKey", _K),),
    "@anthropic-ai/sdk": (("0.apiKey", _K),), "@anthropic-ai/sdk.Anthropic": (("0.apiKey", _K),),
    "@google/generative-ai.GoogleGenerativeAI": (("0", _K),),
    "@google/genai.GoogleGenAI": (("0.apiKey", _K),),
    "@pinecone-database/pinecone.Pinecone": (("0.apiKey", _K),),
    "cohere-ai.CohereClient": (("0.token", _T),),
    "mailgun.js().client": (("0.key", _K),),
    "@mailchimp/mailchimp_marketing.setConfig": (("0.apiKey", _K),),
}

# pkgcloud: one createClient per service, also under a provider (pkgcloud.providers.openstack.compute)
_PKGCLOUD = (("0.password", _P), ("0.apiKey", _K), ("0.key", _K), ("0.storageAccessKey", _K), ("0.token", _T))
for _service in ("compute", "storage", "database", "databases", "dns", "blockstorage", "loadbalancer", "network",
                 "orchestration", "cdn"):
    API_CREDENTIALS[f"pkgcloud.{_service}.createClient"] = _PKGCLOUD
    API_CREDENTIALS[f"pkgcloud.providers.*.{_service}.createClient"] = _PKGCLOUD

_PATTERNS = [(re.compile(fnmatch.translate(p)), specs) for p, specs in API_CREDENTIALS.items()]

@dataclass(frozen=True)
class CredentialArg:
    literal: ir.Const
    callee: str
    role: str


def _assigns(node: object) -> list[ir.Assign]:
    """Every plain assignment below a node, in nested functions and lambdas too, in source order."""
    out: list[ir.Assign] = []
    stack: list[object] = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, list | tuple):
            stack.extend(reversed(n))
            continue
        if isinstance(n, ir.Assign) and n.op is None:
            out.append(n)
        slots = getattr(type(n), "__slots__", ())
        kids = [getattr(n, k, None) for k in (slots if isinstance(slots, tuple) else ()) if k != "span"]
        stack.extend(reversed([k for k in kids if isinstance(k, list | tuple | ir.Stmt | ir.Expr)]))
    return out


def _names(assigns: list[ir.Assign], imports: dict[str, str]) -> tuple[dict[str, str], dict[str, ir.Const],
                                                                      dict[str, ir.DictLit]]:
    """Names bound to a library object (a module, a member, or what a call returned: `name()`); and names
    bound exactly once in the module to a string literal (or a `x || 'literal'` fallback) or to an
    object literal."""
    bound: dict[str, str] = dict(imports)
    count: dict[str, int] = {}
    literal: dict[str, ir.Const] = {}
    objects: dict[str, ir.DictLit] = {}
    for st in assigns:
        for t in st.targets:
            if not isinstance(t, ir.Name):
                continue
            count[t.id] = count.get(t.id, 0) + 1
            lit = fallback_literal(st.value)
            if lit is not None:
                literal[t.id] = lit
            if isinstance(st.value, ir.DictLit):
                objects[t.id] = st.value
            if t.id not in bound:
                q = qualname(st.value, bound)
                if q:
                    bound[t.id] = q
    once = {n for n, c in count.items() if c == 1}
    return (bound, {n: c for n, c in literal.items() if n in once},
            {n: d for n, d in objects.items() if n in once})


def qualname(e: ir.Expr, bound: dict[str, str]) -> str:
    """The library name an expression stands for: `pg.Pool`, `request.get()` (a call's result), ''."""
    if isinstance(e, ir.Name):
        return bound.get(e.id, "")
    if isinstance(e, ir.Attr):
        base = qualname(e.obj, bound)
        return f"{base}.{e.attr}" if base else ""
    if isinstance(e, ir.Call):
        if isinstance(e.func, ir.Name) and e.func.id == "require" and len(e.args) == 1 \
                and isinstance(e.args[0], ir.Const) and isinstance(e.args[0].value, str):
            return e.args[0].value.removeprefix("node:")
        base = qualname(e.func, bound)
        return f"{base}()" if base else ""
    if isinstance(e, ir.Await) and e.value is not None:
        return qualname(e.value, bound)
    return ""


def fallback_literal(e: ir.Expr | None) -> ir.Const | None:
    """A string literal, or the literal fallback of `process.env.X || 'literal'` / `?? 'literal'`."""
    if isinstance(e, ir.BoolOp) and e.op in ("or", "??") and e.values:
        e = e.values[-1]
    if isinstance(e, ir.Const) and isinstance(e.value, str):
        return e
    return None


def _dict_get(d: ir.DictLit, key: str) -> ir.Expr | None:
    for k, v in zip(d.keys, d.values, strict=True):
        if isinstance(k, ir.Const) and k.value == key:
            return v
    return None


def _follow(e: ir.Expr | None, path: list[str], objects: dict[str, ir.DictLit]) -> list[ir.Expr]:
    """The expressions an option path reaches inside an argument (object literals, also through a name
    bound once to one)."""
    if e is None:
        return []
    if not path:
        return [e]
    if isinstance(e, ir.Name) and e.id in objects:
        e = objects[e.id]
    if not isinstance(e, ir.DictLit):
        return []
    if path[0] == "*":
        return [x for v in e.values for x in _follow(v, path[1:], objects)]
    return _follow(_dict_get(e, path[0]), path[1:], objects)


def _credential_value(lit: ir.Const, role: str) -> bool:
    value = str(lit.value)
    if role == _UP:
        # user:password (also inside a URL: scheme://user:password@host)
        m = re.search(r"^(?:[a-z][a-z0-9+.\-]*://)?[^:/@\s]*:([^@/\s]+)(?:@|$)", value, re.IGNORECASE)
        return m is not None and not is_placeholder(m.group(1))
    return not is_placeholder(value)


def _sqlite(call: ir.Call, objects: dict[str, ir.DictLit]) -> bool:
    """A client configured for SQLite (`dialect: 'sqlite'`, `client: 'sqlite3'`): SQLite has no users or
    passwords, so the user name and password Sequelize's signature asks for are dummies."""
    for a in call.args:
        d = objects.get(a.id) if isinstance(a, ir.Name) else a
        if isinstance(d, ir.DictLit):
            for key in ("dialect", "client"):
                v = _dict_get(d, key)
                if isinstance(v, ir.Const) and isinstance(v.value, str) and v.value.startswith(("sqlite",
                                                                                                  "better-sqlite")):
                    return True
    return False


def credential_args(module: ir.Module, imports: dict[str, str]) -> list[CredentialArg]:
    """Literals in the credential arguments and options of the libraries in API_CREDENTIALS."""
    bound, literals, objects = _names(_assigns(module.body), imports)
    out: list[CredentialArg] = []
    seen: set[int] = set()
    for e in walk.exprs(module.body):
        if not isinstance(e, ir.Call):
            continue
        qn = qualname(e.func, bound)
        if not qn or _sqlite(e, objects):
            continue
        for rx, specs in _PATTERNS:
            if not rx.match(qn):
                continue
            for path, role in specs:
                head, *rest = path.split(".")
                args = e.args if head == "*" else e.args[int(head):int(head) + 1]
                for a in args:
                    for v in _follow(a, rest, objects):
                        lit = fallback_literal(v)
                        if lit is None and isinstance(v, ir.Name):
                            lit = literals.get(v.id)
                        if lit is not None and id(lit) not in seen and _credential_value(lit, role):
                            seen.add(id(lit))
                            out.append(CredentialArg(lit, qn, role))
    return out
