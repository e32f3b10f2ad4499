"""Taint rules for Rust: sources, sinks and sanitisers as data, plus the Rules.

The names here are those of armur.rules.python_taint (the taint engine reads either module), plus
the hooks for typed parameters. Qualified names are formed the way the engine forms them from the
IR of armur.lang.rust:

- paths use dots: `std::process::Command::new` is `std.process.Command.new`, whether written in
  full or through `use std::process::Command;` (a crate named only in a path is imported
  implicitly by the front-end);
- a method on a value of type R is `R.method`; RETURNS types the results of constructors and
  builders (`Connection::open(..)` gives a `rusqlite.Connection`, `Client::new()` a
  `reqwest.Client`); methods in PASSTHROUGH_METHODS (`unwrap`, `clone`, `as_str`...) return their
  receiver, so types survive `?`, `.unwrap()` and borrowing;
- handler parameters are request data by their declared type (PARAM_SOURCE_TYPES: axum and
  actix-web extractors, resolved through the file's `use` declarations), in functions registered
  as handlers also by plain body types (HANDLER_SOURCE_TYPES), and by name in Rocket-style route
  attributes (`#[get("/<name>")]`); `HttpRequest` parameters are typed (PARAM_REF_TYPES) and
  REQUEST_TYPES lists its methods that return request data. warp filter values reach closures as
  `warp.filter(x)`.
"""

from __future__ import annotations

from armur.core.findings import Confidence, Severity
from armur.core.rules import Rule, RuleDoc
from armur.lang.rust import NUMERIC_TYPES
from armur.rules.python_taint import Sink

LANGUAGES = ("rust",)


def _rule(rid: str, title: str, sev: Severity, cwe: tuple[int, ...], owasp: str, what: str, why: str,
          example: str, fix: str, tags: tuple[str, ...] = ("taint",), conf: Confidence = Confidence.HIGH) -> Rule:
    return Rule(id=f"rust.{rid}", title=title, severity=sev, confidence=conf, cwe=cwe, owasp=owasp,
                languages=LANGUAGES, analyzer="sast", doc=RuleDoc(what, why, example, fix), tags=tags)


H, M, L, C = Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.CRITICAL

TAINT_RULES: dict[str, Rule] = {
    "sql": _rule(
        "sql-injection", "SQL built from untrusted input", C, (89,), "A03",
        "Request data (or, at low confidence, command-line and environment input) is spliced into the text "
        "of a SQL statement run through rusqlite, sqlx (query, query_as, query_scalar, raw_sql), diesel's "
        "sql_query, postgres / tokio-postgres clients or sea-orm's Statement::from_string.",
        "Whoever controls the input can rewrite the statement: read or change any table, bypass login "
        "checks, and on some databases reach the host.",
        'let sql = format!("SELECT * FROM users WHERE name = \'{}\'", q.name);\n'
        "let rows = sqlx::query(&sql).fetch_all(&pool).await?;",
        'Keep the statement constant and pass values as parameters: sqlx::query("... WHERE name = $1")'
        '.bind(&q.name), rusqlite params![..], client.query("... $1", &[&name]); the query! macros check '
        "this at compile time.",
    ),
    "cmd": _rule(
        "command-injection", "Operating system command built from untrusted input", C, (78,), "A03",
        "Request data chooses the program run by std::process::Command / tokio::process::Command, or is "
        "passed as the script of a shell (`Command::new(\"sh\").arg(\"-c\").arg(..)`).",
        "A shell interprets ; | && $( ) in the input, and a chosen program is arbitrary code: either way "
        "the attacker runs commands as the server's user.",
        'Command::new("sh").arg("-c").arg(format!("convert {} out.png", q.file)).output()?;',
        "Run a fixed program without a shell and pass the input as separate arguments (Command::new("
        '"convert").arg(&file)), after checking it against an allow-list; never build a shell script.',
    ),
    "path": _rule(
        "path-traversal", "File path built from untrusted input", H, (22,), "A01",
        "Request data reaches a path opened, read, written or deleted through std::fs, tokio::fs, "
        "async-std or actix-files (File::open, read_to_string, write, remove_file, NamedFile::open...) "
        "without a containment check.",
        "`../` sequences or an absolute path in the input let an attacker read or overwrite files outside "
        "the intended directory: keys, configuration, source code. Path::join with an absolute path "
        "even replaces the base directory.",
        'let p = Path::new("/srv/files").join(&name);\nlet data = std::fs::read(p)?;',
        "Keep only the last component (Path::new(&name).file_name()), or canonicalize the joined path and "
        "check that it starts_with the canonical base directory before using it.",
    ),
    "ssrf": _rule(
        "ssrf", "Server-side request to a URL taken from untrusted input", H, (918,), "A10",
        "Request data chooses the URL of an outgoing request made with reqwest, ureq, hyper, surf or an "
        "http::Request builder.",
        "The server can be made to reach internal services, cloud metadata endpoints or arbitrary hosts, "
        "and to return what it finds.",
        "let body = reqwest::get(&q.url).await?.text().await?;",
        "Allow-list the hosts and schemes that may be fetched (parse with url::Url and compare the host), "
        "resolve the name and reject private addresses, or build the URL from a fixed base.",
    ),
    "redirect": _rule(
        "open-redirect", "Redirect to a URL taken from untrusted input", M, (601,), "A01",
        "A redirect target (axum / Rocket Redirect::to and friends, or an actix-web Location header) comes "
        "from the request without checking its host.",
        "Attackers use the trusted domain to send victims to phishing or malware pages, or to leak tokens "
        "carried in the URL.",
        "Redirect::to(&q.next)",
        "Redirect only to relative paths that start with a single '/', or to hosts in an allow-list; map "
        "short names to fixed URLs.",
    ),
    "xss": _rule(
        "xss", "Untrusted input written into HTML", H, (79,), "A03",
        "Request data is sent as HTML without escaping: axum's Html(..), Rocket's RawHtml(..), or an "
        "actix-web response whose content type was set to text/html.",
        "Script in the input runs in the victim's browser with the site's origin: session theft, "
        "account takeover, defacement.",
        'Html(format!("<h1>Hello {}</h1>", q.name))',
        "Render with an escaping template engine (askama, maud, tera with autoescape) or escape the value "
        "(html_escape::encode_text, askama's escape) before building markup.",
    ),
    "dos": _rule(
        "panic-on-input", "Panic on untrusted input (unwrap / expect / indexing)", L, (248, 20), "A04",
        "A value parsed or looked up from request data is unwrapped (`.parse().unwrap()`, "
        "`.get(..).expect(..)`, `from_str(..).unwrap()`), or request data is used as an index (`v[i]`).",
        "Malformed input makes the handler panic. Depending on the framework the request fails, the "
        "connection or worker dies, or (with panic = \"abort\") the whole service stops: an easy denial "
        "of service.",
        'let page: u32 = q.get("page").unwrap().parse().unwrap();',
        "Handle the error: `?` with a 400 response, `unwrap_or(default)`, `.get(i)` instead of `[i]`, or "
        "let the framework's typed extractor reject bad input.",
        conf=Confidence.MEDIUM,
    ),
}

WEAK_RANDOM_RULE = _rule(
    "insecure-random", "Predictable random value used as a secret", M, (330, 338), "A02",
    "A value from a non-cryptographic generator (fastrand, rand's SmallRng, an RNG seeded with "
    "seed_from_u64, PCG / xorshift generators) becomes a token, password, session id, key or nonce.",
    "These generators are fast but predictable: their state can be recovered from a few outputs (or "
    "is a known seed), so the secrets they produce can be guessed.",
    "let token: String = (0..32).map(|_| fastrand::alphanumeric()).collect();",
    "Use a cryptographic source: rand::rngs::OsRng, rand::thread_rng() (a CSPRNG), getrandom, or "
    "ring::rand::SystemRandom.",
    tags=("taint", "crypto"),
)

ALL_KINDS = frozenset(TAINT_RULES)
# Closures given to methods (Option::map, Iterator::for_each, warp's and_then) run on the receiver's data.
CALLBACK_ARGS_FROM_RECEIVER = True

# ---------------------------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------------------------

BUILTINS = frozenset({"$numeric", "$path_segments", "$escaped_template"})
MODULE_LOADERS: frozenset[str] = frozenset()
CALLBACK_ROUTES: dict[str, tuple[str, ...]] = {}
PARAM_TYPES_BY_NAME: dict[str, str] = {}
PREFIX_METHODS = ("starts_with",)
# Functions the front-end marked as URL host checks (`fn is_allowed(u: &str) -> bool` that parses u
# and compares its host with constants): true means the argument's host is one of them.
GUARD_DECORATORS = {"$checks_host": ("ssrf", "redirect")}
# format!("{}/repos/{}", BASE, x) with a constant BASE: the leading constant parts together fix the host.
JOINED_URL_PREFIX = True
RESOLVED_PATH_CALLS = ("std.fs.canonicalize", "tokio.fs.canonicalize", "async_std.fs.canonicalize",
                       "std.path.Path.canonicalize", "std.path.PathBuf.canonicalize", "dunce.canonicalize")
RESOLVED_PATH_METHODS = frozenset({"canonicalize"})

# ---------------------------------------------------------------------------------------------
# Sources
# ---------------------------------------------------------------------------------------------

_AXUM = ("axum.extract", "axum", "axum_extra.extract", "axum.extract.rejection")
PARAM_SOURCE_TYPES: dict[str, str] = {
    **{f"{m}.{t}": "high" for m in _AXUM for t in ("Query", "Path", "Json", "Form", "RawQuery", "Multipart",
                                                    "RawForm", "TypedHeader", "OriginalUri", "CookieJar")},
    **{f"actix_web.web.{t}": "high" for t in ("Query", "Path", "Json", "Form", "Bytes", "Payload")},
    **{f"actix_web.{t}": "high" for t in ("web.Query", "web.Path", "web.Json", "web.Form")},
    "actix_multipart.Multipart": "high",
    "rocket.form.Form": "high",
    "rocket.serde.json.Json": "high",
    "rocket.data.Data": "high",
    "warp.hyper.body.Bytes": "high",
}
# Bare type names that are request data in a function registered as a handler (the type may be
# imported under a path the file does not show, or be a plain body).
HANDLER_SOURCE_TYPES: dict[str, str] = {
    "Query": "high", "Path": "high", "Json": "high", "Form": "high", "RawQuery": "high", "Multipart": "high",
    "String": "high", "str": "high", "Bytes": "high", "HeaderMap": "high", "Payload": "high",
    "web.Query": "high", "web.Path": "high", "web.Json": "high", "web.Form": "high", "web.Bytes": "high",
    "TypedHeader": "high", "CookieJar": "high",
}
PRIMITIVE_TYPES = frozenset(NUMERIC_TYPES | {"Uuid", "uuid.Uuid", "NaiveDate", "NaiveDateTime", "()", "_"})
# Parameters of these declared types are library objects.
PARAM_REF_TYPES: dict[str, str] = {
    "actix_web.HttpRequest": "actix_web.HttpRequest",
    "HttpRequest": "actix_web.HttpRequest",
    "rusqlite.Connection": "rusqlite.Connection",
    "rusqlite.Transaction": "rusqlite.Connection",
    "reqwest.Client": "reqwest.Client",
    "reqwest.blocking.Client": "reqwest.Client",
    "awc.Client": "awc.Client",
    "postgres.Client": "postgres.Client",
    "tokio_postgres.Client": "postgres.Client",
    "ureq.Agent": "ureq.Agent",
}
REQUEST_TYPES: dict[str, tuple[str, ...]] = {
    "actix_web.HttpRequest": ("query_string", "match_info", "headers", "cookie", "cookies", "uri", "path",
                              "connection_info", "head", "full_url"),
}
REQUEST_ALIASES: dict[str, str] = {}
SOURCE_CALLS: dict[str, str] = {
    # Operator-controlled input: reported only into command / SQL sinks, at low confidence.
    **{f"std.env.{f}": "low" for f in ("args", "args_os", "var", "var_os", "vars")},
    "std.io.stdin": "low",
    "tokio.io.stdin": "low",
    "async_std.io.stdin": "low",
    # Values a warp filter chain extracted from the request (see armur.lang.rust).
    "warp.filter": "high",
}
SOURCE_ATTRS: dict[str, str] = {}
# Calls that fill an argument with the data they read: stdin().read_line(&mut buf).
FILL_ARGS: dict[str, tuple[int, ...]] = {".read_line": (0,), ".read_to_string": (0,), ".read_to_end": (0,)}

# ---------------------------------------------------------------------------------------------
# Sinks
# ---------------------------------------------------------------------------------------------


def _s(kind: str, *args: int, when: str = "") -> Sink:
    return Sink(kind, args or (0,), (), when)


_SHELLS = "sh|bash|zsh|dash|ksh|cmd|cmd.exe|powershell|powershell.exe|pwsh"
_COMMANDS = ("std.process.Command", "tokio.process.Command", "async_std.process.Command")
_FS_ONE = ("read", "read_to_string", "write", "remove_file", "remove_dir", "remove_dir_all", "create_dir",
           "create_dir_all", "read_dir", "metadata", "set_permissions", "File.open", "File.create",
           "File.create_new", "OpenOptions.open", "read_link", "symlink_metadata")
_FS_TWO = ("copy", "rename", "hard_link", "soft_link")
_FS_MODS = ("std.fs", "tokio.fs", "async_std.fs", "fs_err", "fs_err.tokio")
# Connections that run SQL text given as the first argument; pooled connections (r2d2, deadpool,
# bb8) dereference to the client they wrap.
_SQL_CLIENTS = ("rusqlite.Connection", "rusqlite.Transaction", "postgres.Client", "postgres.Transaction",
                "tokio_postgres.Client", "tokio_postgres.Transaction", "deadpool_postgres.Client",
                "deadpool_postgres.Transaction", "$pooled.Connection")
# sqlx pools and connections also run a plain string (`pool.execute("...")`, the Executor trait).
_SQLX_EXECUTORS = ("sqlx.PgPool", "sqlx.SqlitePool", "sqlx.MySqlPool", "sqlx.AnyPool", "sqlx.Pool",
                   "sqlx.postgres.PgPool", "sqlx.sqlite.SqlitePool", "sqlx.mysql.MySqlPool", "sqlx.PgConnection",
                   "sqlx.SqliteConnection", "sqlx.MySqlConnection", "sqlx.Transaction")
_POOLS = ("r2d2.Pool", "deadpool_postgres.Pool", "bb8.Pool", "deadpool.managed.Pool", "deadpool_sqlite.Pool",
          "mobc.Pool")
_HTTP_VERBS = ("get", "post", "put", "patch", "delete", "head")

SINKS: dict[str, list[Sink]] = {
    # SQL
    **{f"{c}.{m}": [_s("sql", 0)] for c in _SQL_CLIENTS
       for m in ("execute", "execute_batch", "query", "query_row", "query_row_and_then", "prepare", "prepare_cached",
                 "batch_execute", "query_one", "query_opt", "simple_query", "query_raw", "query_map")},
    **{f"{c}.{m}": [_s("sql", 0, when="str")] for c in _SQLX_EXECUTORS
       for m in ("execute", "execute_many", "fetch", "fetch_all", "fetch_one", "fetch_optional", "fetch_many")},
    **{f"sqlx.{f}": [_s("sql", 0)] for f in ("query", "query_as", "query_scalar", "raw_sql", "query_with",
                                              "query_as_with", "query_scalar_with")},
    "diesel.sql_query": [_s("sql", 0)],
    "diesel.dsl.sql_query": [_s("sql", 0)],
    "diesel.dsl.sql": [_s("sql", 0)],
    "sea_orm.Statement.from_string": [_s("sql", 1)],
    "sea_orm.Statement.from_sql_and_values": [_s("sql", 1)],
    "sea_orm.entity.prelude.Statement.from_string": [_s("sql", 1)],
    # commands: the program, or the script of a shell
    # The program chosen by the request (an operator choosing the program to run is not an attack).
    **{f"{c}.new": [_s("cmd", 0, when="request_only")] for c in _COMMANDS},
    **{f"{c}.{m}": [_s("cmd", 0, when=f"recorded:__program__:{_SHELLS}")] for c in _COMMANDS
       for m in ("arg", "args")},
    # paths
    **{f"{mod}.{f}": [_s("path", 0)] for mod in _FS_MODS for f in _FS_ONE},
    **{f"{mod}.{f}": [_s("path", 0, 1)] for mod in _FS_MODS for f in _FS_TWO},
    "std.fs.OpenOptions.open": [_s("path", 0)],
    "actix_files.NamedFile.open": [_s("path", 0)],
    "actix_files.NamedFile.open_async": [_s("path", 0)],
    "rocket.fs.NamedFile.open": [_s("path", 0)],
    "tower_http.services.ServeFile.new": [_s("path", 0)],
    # SSRF
    **{f"reqwest.{v}": [_s("ssrf", 0)] for v in ("get",)},
    "reqwest.blocking.get": [_s("ssrf", 0)],
    **{f"reqwest.Client.{v}": [_s("ssrf", 0)] for v in _HTTP_VERBS},
    "reqwest.Client.request": [_s("ssrf", 1)],
    **{f"ureq.{v}": [_s("ssrf", 0)] for v in _HTTP_VERBS},
    "ureq.request": [_s("ssrf", 1)],
    **{f"ureq.Agent.{v}": [_s("ssrf", 0)] for v in _HTTP_VERBS},
    "ureq.Agent.request": [_s("ssrf", 1)],
    **{f"surf.{v}": [_s("ssrf", 0)] for v in _HTTP_VERBS},
    **{f"awc.Client.{v}": [_s("ssrf", 0)] for v in _HTTP_VERBS},
    "awc.Client.request": [_s("ssrf", 1)],
    "hyper.Client.get": [_s("ssrf", 0)],
    "hyper.client.Client.get": [_s("ssrf", 0)],
    "http.request.Builder.uri": [_s("ssrf", 0)],
    # redirects
    **{f"axum.response.Redirect.{m}": [_s("redirect", 0)] for m in ("to", "temporary", "permanent", "see_other")},
    **{f"rocket.response.Redirect.{m}": [_s("redirect", 0)] for m in ("to", "found", "moved", "temporary",
                                                                       "permanent")},
    **{f"warp.redirect.{m}": [_s("redirect", 0)] for m in ("temporary", "permanent", "see_other", "found")},
    "warp.redirect": [_s("redirect", 0)],
    **{f"actix_web.HttpResponseBuilder.{m}": [_s("redirect", 0, when="location_header")]
       for m in ("append_header", "insert_header")},
    # XSS
    "axum.response.Html": [_s("xss", 0)],
    "axum.response.Html.from": [_s("xss", 0)],
    "rocket.response.content.RawHtml": [_s("xss", 0)],
    "warp.reply.html": [_s("xss", 0)],
    "actix_web.HttpResponseBuilder.body": [_s("xss", 0, when="recorded:__content_type__:~html")],
    # http's Response::builder() (axum, hyper, warp re-export it) with an HTML content type set
    # earlier in the same chain.
    "http.response.Builder.body": [_s("xss", 0, when="html_chain")],
}

# Calls whose first argument the engine keeps on the object they return (see the `recorded:` sink
# condition): the program of a command, the content type of a response.
RECORD_ARGS: dict[str, str] = {
    **{f"{c}.new": "__program__" for c in _COMMANDS},
    "actix_web.HttpResponseBuilder.content_type": "__content_type__",
}

_DOS = [_s("dos", -1, when="fallible_receiver")]
# Method names that are sinks whatever the receiver's type (medium confidence).
METHOD_SINKS: dict[str, list[Sink]] = {
    "execute_batch": [_s("sql", 0)],
    "batch_execute": [_s("sql", 0)],
    "query_row": [_s("sql", 0, when="str")],
    "simple_query": [_s("sql", 0)],
    "unwrap": _DOS,
    "expect": _DOS,
}
# Calls whose failure on bad input makes unwrap()/expect() panic.
FALLIBLE_METHODS = frozenset({"parse", "from_str", "from_slice", "from_reader", "from_utf8", "decode", "try_from",
                              "try_into", "get", "nth", "first", "last", "to_str", "from_str_radix",
                              "from_value", "remove", "find"})
INDEX_READ_SINK = "dos"
ASSIGN_SINKS: dict[str, str] = {}

# ---------------------------------------------------------------------------------------------
# Return types, pass-through methods and sanitisers
# ---------------------------------------------------------------------------------------------

_RESPONSES = ("Ok", "Found", "SeeOther", "TemporaryRedirect", "PermanentRedirect", "MovedPermanently",
              "BadRequest", "NotFound", "Created", "Accepted", "Unauthorized", "Forbidden", "InternalServerError")
_RESPONSE_CHAIN = ("content_type", "append_header", "insert_header", "status", "cookie", "set_header",
                   "header", "no_chunking", "keep_alive", "force_close", "upgrade", "reason")
_REQWEST_BUILDER = ("timeout", "user_agent", "danger_accept_invalid_certs", "danger_accept_invalid_hostnames",
                    "default_headers", "redirect", "proxy", "no_proxy", "cookie_store", "connect_timeout",
                    "use_rustls_tls", "use_native_tls", "add_root_certificate", "https_only", "tls_built_in_root_certs",
                    "min_tls_version", "gzip", "brotli", "pool_max_idle_per_host", "http2_prior_knowledge")
RETURNS: dict[str, str] = {
    "rusqlite.Connection.open": "rusqlite.Connection",
    "rusqlite.Connection.open_in_memory": "rusqlite.Connection",
    "rusqlite.Connection.open_with_flags": "rusqlite.Connection",
    "rusqlite.Connection.transaction": "rusqlite.Connection",
    "rusqlite.Connection.unchecked_transaction": "rusqlite.Connection",
    "postgres.Client.connect": "postgres.Client",
    **{f"{p}.{m}": "$pooled.Connection" for p in _POOLS for m in ("get", "get_timeout", "try_get", "get_owned")},
    "deadpool_postgres.Client.transaction": "deadpool_postgres.Transaction",
    "tokio_postgres.Client.transaction": "tokio_postgres.Transaction",
    "postgres.Client.transaction": "postgres.Transaction",
    **{f"{c}.new": c for c in _COMMANDS},
    **{f"{c}.{m}": c for c in _COMMANDS for m in ("arg", "args", "env", "envs", "current_dir", "stdin", "stdout",
                                                   "stderr", "env_clear", "env_remove", "kill_on_drop")},
    "std.fs.OpenOptions.new": "std.fs.OpenOptions",
    **{f"std.fs.OpenOptions.{m}": "std.fs.OpenOptions" for m in ("read", "write", "append", "create",
                                                                 "truncate", "create_new", "mode")},
    "tokio.fs.OpenOptions.new": "std.fs.OpenOptions",
    "reqwest.Client.new": "reqwest.Client",
    "reqwest.Client.builder": "reqwest.ClientBuilder",
    "reqwest.ClientBuilder.new": "reqwest.ClientBuilder",
    **{f"reqwest.ClientBuilder.{m}": "reqwest.ClientBuilder" for m in _REQWEST_BUILDER},
    "reqwest.ClientBuilder.build": "reqwest.Client",
    "reqwest.blocking.Client.new": "reqwest.Client",
    "reqwest.blocking.Client.builder": "reqwest.ClientBuilder",
    "reqwest.blocking.ClientBuilder.new": "reqwest.ClientBuilder",
    "ureq.agent": "ureq.Agent",
    "awc.Client.default": "awc.Client",
    "awc.Client.new": "awc.Client",
    "awc.Client.builder": "awc.ClientBuilder",
    "awc.ClientBuilder.finish": "awc.Client",
    **{f"awc.ClientBuilder.{m}": "awc.ClientBuilder" for m in ("timeout", "add_default_header", "no_default_headers",
                                                                "connector", "max_redirects", "disable_redirects")},
    "ureq.Agent.new": "ureq.Agent",
    "ureq.AgentBuilder.build": "ureq.Agent",
    "hyper.Client.new": "hyper.Client",
    "hyper.client.Client.new": "hyper.Client",
    "hyper.Request.builder": "http.request.Builder",
    "http.Request.builder": "http.request.Builder",
    "axum.http.Request.builder": "http.request.Builder",
    **{f"http.request.Builder.{m}": "http.request.Builder" for m in ("method", "header", "version")},
    **{f"{h}.Response.builder": "http.response.Builder" for h in ("http", "axum.http", "hyper", "axum.response",
                                                                  "warp.http", "hyper.http", "axum.body")},
    **{f"http.response.Builder.{m}": "http.response.Builder" for m in ("status", "header", "version",
                                                                       "extension")},
    **{f"actix_web.HttpResponse.{r}": "actix_web.HttpResponseBuilder" for r in _RESPONSES},
    "actix_web.HttpResponse.build": "actix_web.HttpResponseBuilder",
    **{f"actix_web.HttpResponseBuilder.{m}": "actix_web.HttpResponseBuilder" for m in _RESPONSE_CHAIN},
    "std.path.Path.new": "std.path.Path",
    "std.path.PathBuf.from": "std.path.PathBuf",
    "std.path.PathBuf.new": "std.path.PathBuf",
    "std.path.Path.join": "std.path.PathBuf",
    "std.path.PathBuf.join": "std.path.PathBuf",
    "std.path.Path.to_path_buf": "std.path.PathBuf",
    "rand.rngs.SmallRng.from_entropy": "rand.rngs.SmallRng",
    "rand.rngs.SmallRng.from_rng": "rand.rngs.SmallRng",
    "rand.rngs.SmallRng.from_os_rng": "rand.rngs.SmallRng",
    "rand.rngs.SmallRng.seed_from_u64": "rand.rngs.SmallRng",
    "rand.rngs.StdRng.seed_from_u64": "rand.SeededRng",
    "rand.rngs.StdRng.from_seed": "rand.SeededRng",
    "rand_chacha.ChaCha20Rng.seed_from_u64": "rand.SeededRng",
    "rand_chacha.ChaCha8Rng.seed_from_u64": "rand.SeededRng",
    "fastrand.Rng.new": "fastrand.Rng",
    "fastrand.Rng.with_seed": "fastrand.Rng",
    "rand_pcg.Pcg32.seed_from_u64": "rand_pcg.Pcg32",
    "rand_pcg.Pcg64.seed_from_u64": "rand_pcg.Pcg64",
    "rand_xorshift.XorShiftRng.seed_from_u64": "rand_xorshift.XorShiftRng",
    "oorandom.Rand32.new": "oorandom.Rand32",
    "oorandom.Rand64.new": "oorandom.Rand64",
}

# Methods that return their receiver (or the value it wraps) unchanged: types and taint survive
# them. unwrap/expect are also checked against METHOD_SINKS (panics on input).
PASSTHROUGH_METHODS = frozenset({
    "unwrap", "expect", "unwrap_or_default", "unwrap_unchecked", "clone", "cloned", "to_owned", "as_ref",
    "as_mut", "borrow", "borrow_mut", "as_str", "as_path", "as_os_str", "to_string", "into", "as_deref",
    "map_err", "context", "with_context", "ok_or", "ok_or_else", "lock", "into_inner",
    "to_path_buf", "as_bytes", "into_owned", "to_string_lossy", "into_string", "deref", "by_ref", "ok",
})

SANITIZERS: dict[str, frozenset[str]] = {
    "builtins.$numeric": ALL_KINDS,
    # Rocket `<rest..>` segments as a PathBuf (checked by Rocket: no `..`, hidden or absolute parts).
    "builtins.$path_segments": frozenset({"path"}),
    # A struct deriving an askama / rinja / sailfish template that escapes HTML (see armur.lang.rust).
    "builtins.$escaped_template": frozenset({"xss"}),
    "std.path.Path.file_name": frozenset({"path"}),
    "std.path.PathBuf.file_name": frozenset({"path"}),
    "sanitize_filename.sanitize": frozenset({"path", "cmd"}),
    "html_escape.encode_text": frozenset({"xss"}),
    "html_escape.encode_safe": frozenset({"xss"}),
    "html_escape.encode_double_quoted_attribute": frozenset({"xss"}),
    "askama.filters.escape": frozenset({"xss"}),
    "askama_escape.escape": frozenset({"xss"}),
    "v_htmlescape.escape": frozenset({"xss"}),
    "ammonia.clean": frozenset({"xss"}),
    "htmlescape.encode_minimal": frozenset({"xss"}),
    "shell_escape.escape": frozenset({"cmd"}),
    "shell_escape.unix.escape": frozenset({"cmd"}),
    "shlex.quote": frozenset({"cmd"}),
    "shlex.try_quote": frozenset({"cmd"}),
    "urlencoding.encode": frozenset({"xss", "path", "cmd", "redirect", "ssrf"}),
}
METHOD_SANITIZERS: dict[str, frozenset[str]] = {
    "file_name": frozenset({"path"}),
    "file_stem": frozenset({"path"}),
}
# A multipart field's file_name() is the file name the client sent (it may hold `../`), not the last
# component of a path.
_MULTIPART = ("Multipart", "axum.extract.Multipart", "axum.extract.multipart.Multipart",
              "axum_extra.extract.Multipart", "actix_multipart.Multipart", "rocket.data.Data")
METHOD_SANITIZER_EXCEPT_SOURCES: dict[str, tuple[str, ...]] = {"file_name": _MULTIPART, "file_stem": _MULTIPART}
DECODERS = frozenset({"urlencoding.decode", "percent_encoding.percent_decode_str", "base64.decode",
                      "html_escape.decode_html_entities"})
UNTAINTING_METHODS = frozenset({
    "starts_with", "ends_with", "contains", "is_empty", "len", "eq", "ne", "cmp", "partial_cmp", "is_some",
    "is_none", "is_ok", "is_err", "exists", "is_file", "is_dir", "count", "hash", "verify", "chars_count",
    "is_ascii", "any", "all", "position",
})
MUTATING_METHODS = frozenset({"push", "push_str", "extend", "insert", "append", "extend_from_slice", "set",
                              "add", "write_str", "write_all"})
NAMED_SANITIZERS: dict[str, frozenset[str]] = {
    "escape_html": frozenset({"xss"}),
    "html_escape": frozenset({"xss"}),
    "encode_html": frozenset({"xss"}),
    "sanitize_html": frozenset({"xss"}),
    "escape_sql": frozenset({"sql"}),
    "quote_identifier": frozenset({"sql"}),
    "escape_shell": frozenset({"cmd"}),
    "shell_quote": frozenset({"cmd"}),
    "safe_join": frozenset({"path"}),
    "sanitize_filename": frozenset({"path", "cmd"}),
    "sanitize_path": frozenset({"path"}),
}

WEAK_RANDOM_KIND = "weakrand"
WEAK_RANDOM_SOURCE = "weak-random"
WEAK_RANDOM_FUNCS = frozenset({
    "gen", "gen_range", "gen_bool", "random", "random_range", "next_u32", "next_u64", "fill_bytes", "fill",
    "sample", "sample_iter", "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128",
    "isize", "alphanumeric", "char", "lowercase", "uppercase", "digit", "f32", "f64", "bool", "rand_u32",
    "rand_u64", "rand_range", "rand_float",
})
WEAK_RANDOM_MODULES = ("fastrand", "fastrand.Rng", "rand.rngs.SmallRng", "rand.SeededRng", "rand_pcg.Pcg32",
                       "rand_pcg.Pcg64", "rand_xorshift.XorShiftRng", "oorandom.Rand32", "oorandom.Rand64")
SECRET_NAME_WORDS = ("session", "token", "password", "passwd", "secret", "nonce", "salt", "otp", "csrf",
                     "apikey", "api_key", "auth", "signature", "private", "credential")
