"""Taint rules for Python: sources, sinks and sanitizers as data, plus the Rule records.

Names are qualified after import resolution: `flask.request.args`, `sqlite3.Cursor.execute`.
Types of values returned by library factories (`sqlite3.connect(...)` gives a
`sqlite3.Connection`) are declared in RETURNS so that method sinks on them resolve.
"""

from __future__ import annotations

from dataclasses import dataclass

from armur.core.findings import Confidence, Severity
from armur.core.rules import Rule, RuleDoc

# ---------------------------------------------------------------------------------------------
# Rules
# ---------------------------------------------------------------------------------------------


def _rule(rid: str, title: str, sev: Severity, cwe: tuple[int, ...], owasp: str, what: str, why: str,
          example: str, fix: str) -> Rule:
    return Rule(
        id=f"python.{rid}", title=title, severity=sev, confidence=Confidence.HIGH, cwe=cwe, owasp=owasp,
        languages=("python",), analyzer="sast", doc=RuleDoc(what, why, example, fix),
        tags=("taint",),
    )


H, M, L, C = Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.CRITICAL

TAINT_RULES: dict[str, Rule] = {
    "sql": _rule(
        "sql-injection", "SQL built from untrusted input", C, (89,), "A03",
        "Data from a request (or another untrusted source) reaches the text of a SQL statement executed "
        "through a DB-API cursor, SQLAlchemy, Django raw SQL or pandas.",
        "Whoever controls the input can change the statement: read or modify any table, bypass "
        "authentication checks, and sometimes run commands on the database host.",
        "name = request.args['name']\ncur.execute(f\"SELECT * FROM users WHERE name = '{name}'\")",
        "Pass values as parameters: cur.execute(\"SELECT * FROM users WHERE name = ?\", (name,)). "
        "With SQLAlchemy use bound parameters in text() or the expression language.",
    ),
    "cmd": _rule(
        "command-injection", "Operating system command built from untrusted input", C, (78,), "A03",
        "Untrusted data reaches a shell command (os.system, os.popen, subprocess with shell=True) or "
        "chooses the program that subprocess runs.",
        "Shell metacharacters in the input let an attacker run arbitrary commands as the server's user.",
        "os.system('ping -c1 ' + request.args['host'])",
        "Call subprocess with an argument list and shell=False; keep the program name constant; if a "
        "shell is unavoidable, quote each value with shlex.quote.",
    ),
    "code": _rule(
        "code-injection", "Untrusted input evaluated as Python code", C, (95, 94), "A03",
        "Untrusted data reaches eval, exec, compile or a dynamic import.",
        "The attacker's text runs as Python inside the server process, with all of its privileges.",
        "eval(request.form['expr'])",
        "Never evaluate input. Use ast.literal_eval for literals, json for data, or a table of allowed "
        "operations.",
    ),
    "path": _rule(
        "path-traversal", "File path built from untrusted input", H, (22,), "A01",
        "Untrusted data is used in a file system path passed to open, pathlib, os, shutil, send_file "
        "or archive extraction without a containment check.",
        "Sequences such as ../ let an attacker read or overwrite files outside the intended directory, "
        "such as configuration, keys or source code.",
        "open(os.path.join(UPLOADS, request.args['name']))",
        "Reduce the name with os.path.basename, or resolve the full path with os.path.realpath and check "
        "that it starts with the allowed directory; Flask's send_from_directory does this for you.",
    ),
    "xss": _rule(
        "xss", "Untrusted input written into an HTML response", H, (79,), "A03",
        "A request handler returns HTML that contains untrusted data without escaping (including "
        "Markup, mark_safe and make_response bodies).",
        "Script in the input runs in the victim's browser with the site's origin: session theft, "
        "account takeover, defacement.",
        "return f\"<p>Hello {request.args['name']}</p>\"",
        "Render through a template with autoescaping, or escape with markupsafe.escape/html.escape "
        "before concatenating into HTML.",
    ),
    "ssti": _rule(
        "template-injection", "Template source built from untrusted input", C, (1336, 94), "A03",
        "Untrusted data becomes part of the template source given to render_template_string, "
        "jinja2.Template or Environment.from_string.",
        "Template expressions in the input run on the server; with Jinja2 that commonly leads to "
        "remote code execution.",
        "render_template_string('<p>' + request.args['name'] + '</p>')",
        "Keep templates constant and pass untrusted data as template variables.",
    ),
    "redirect": _rule(
        "open-redirect", "Redirect to a URL taken from untrusted input", M, (601,), "A01",
        "A redirect target comes from the request without checking that it stays on an allowed host.",
        "Attackers use the trusted domain to send victims to phishing or malware pages.",
        "return redirect(request.args['next'])",
        "Redirect only to relative paths or to hosts in an allow-list "
        "(django.utils.http.url_has_allowed_host_and_scheme).",
    ),
    "ssrf": _rule(
        "ssrf", "Server-side request to a URL taken from untrusted input", H, (918,), "A10",
        "Untrusted data chooses the URL or host of an outgoing HTTP request (requests, httpx, urllib, "
        "aiohttp).",
        "The server can be made to reach internal services, cloud metadata endpoints or arbitrary hosts.",
        "requests.get(request.args['url'])",
        "Allow-list the hosts (and schemes) that may be fetched, and resolve and check the address "
        "before connecting.",
    ),
    "ldap": _rule(
        "ldap-injection", "LDAP filter built from untrusted input", H, (90,), "A03",
        "Untrusted data is placed in an LDAP search filter or DN.",
        "Filter metacharacters let an attacker widen searches or bypass authentication checks.",
        "conn.search(base, f'(uid={request.args[\"user\"]})')",
        "Escape values with ldap3.utils.conv.escape_filter_chars (or ldap.filter.escape_filter_chars).",
    ),
    "xpath": _rule(
        "xpath-injection", "XPath expression built from untrusted input", H, (643,), "A03",
        "Untrusted data is placed in an XPath expression evaluated by lxml, ElementTree or elementpath.",
        "The attacker can change the query and read parts of the document they should not see.",
        "root.xpath(f\"//user[@name='{request.args['name']}']\")",
        "Use XPath variables (root.xpath('//user[@name=$n]', n=name)) instead of string building.",
    ),
    "xxe": _rule(
        "xxe", "XML with external entities parsed from untrusted input", H, (611,), "A05",
        "Untrusted XML is parsed by a parser configured to resolve external entities "
        "(xml.sax feature_external_ges, lxml resolve_entities / no_network=False).",
        "External entities can read local files, reach internal hosts, or exhaust memory.",
        "parser.setFeature(feature_external_ges, True)\nxml.dom.minidom.parseString(data, parser)",
        "Leave external entity resolution off (the default in current Python), or use defusedxml.",
    ),
    "deser": _rule(
        "unsafe-deserialization", "Untrusted data deserialized with an unsafe loader", C, (502,), "A08",
        "Untrusted bytes reach pickle, marshal, shelve, jsonpickle, dill or yaml.load with an unsafe "
        "Loader.",
        "These formats can construct arbitrary objects; a crafted payload runs code during loading.",
        "pickle.loads(base64.b64decode(request.cookies['state']))",
        "Use a data-only format (json, yaml.safe_load); if objects must round-trip, sign them and "
        "verify the signature first.",
    ),
    "trust": _rule(
        "trust-boundary", "Untrusted input stored in the session", M, (501,), "A04",
        "Request data is written into the server-side session without validation.",
        "Code that later reads the session treats the value as trusted, mixing validated and "
        "unvalidated data.",
        "session['user'] = request.args['user']",
        "Validate the value (type, allow-list) before it crosses into trusted storage.",
    ),
    "header": _rule(
        "header-injection", "Response header built from untrusted input", M, (113,), "A03",
        "Untrusted data is written into an HTTP response header.",
        "CR/LF characters can split the response or inject headers and cookies.",
        "resp.headers['X-Name'] = request.args['name']",
        "Reject or strip CR and LF, or allow-list the values.",
    ),
    "log": _rule(
        "log-injection", "Untrusted input written to a log", L, (117,), "A09",
        "Request data is logged without neutralising line breaks.",
        "Forged log lines can hide an attack or mislead whoever reads the logs.",
        "log.info('login for ' + request.form['user'])",
        "Log with %-style arguments and a formatter that escapes newlines, or strip CR/LF.",
    ),
    "nosql": _rule(
        "nosql-injection", "MongoDB query built from untrusted input", H, (943,), "A03",
        "A pymongo query document or $where expression comes from untrusted input.",
        "Operators such as $ne, $gt or $where in user data change the meaning of the query.",
        "db.users.find({'$where': 'this.name == \"' + name + '\"'})",
        "Build the query from constant keys and cast values to the expected scalar type.",
    ),
}

# ---------------------------------------------------------------------------------------------
# Sources
# ---------------------------------------------------------------------------------------------

# Request objects, by qualified type; attributes and methods of them that carry request data.
_FLASK_ATTRS = ("args", "form", "values", "cookies", "headers", "json", "data", "files", "path", "full_path",
                "url", "base_url", "url_root", "host_url", "query_string", "stream", "environ", "view_args",
                "authorization", "referrer", "user_agent", "script_root", "remote_user", "host", "get_json",
                "get_data", "input_stream", "mimetype_params", "access_route")
_DJANGO_ATTRS = ("GET", "POST", "COOKIES", "META", "body", "headers", "FILES", "path", "path_info",
                 "get_full_path", "build_absolute_uri", "read", "readline", "readlines", "content_params",
                 "get_host", "data", "query_params")
_STARLETTE_ATTRS = ("query_params", "path_params", "headers", "cookies", "body", "json", "form", "url",
                    "stream", "base_url")
_AIOHTTP_ATTRS = ("query", "match_info", "headers", "cookies", "post", "json", "text", "read", "rel_url",
                  "url", "path", "raw_path", "path_qs", "query_string", "content", "multipart")

REQUEST_TYPES: dict[str, tuple[str, ...]] = {
    "flask.request": _FLASK_ATTRS,
    "django.http.HttpRequest": _DJANGO_ATTRS,
    "starlette.requests.Request": _STARLETTE_ATTRS,
    "aiohttp.web.Request": _AIOHTTP_ATTRS,
    "werkzeug.wrappers.Request": _FLASK_ATTRS,
}

# Module-level names that are request objects themselves.
REQUEST_ALIASES = {
    "flask.request": "flask.request",
    "flask.globals.request": "flask.request",
    "quart.request": "flask.request",
    "bottle.request": "flask.request",
}

# Calls / attributes whose result is untrusted, with the confidence of that judgement.
SOURCE_CALLS: dict[str, str] = {
    "builtins.input": "low",
    "os.getenv": "low",
    "os.environ.get": "low",
    "sys.stdin.read": "low",
    "sys.stdin.readline": "low",
    "argparse.ArgumentParser.parse_args": "low",
    "argparse.ArgumentParser.parse_known_args": "low",
    "socket.socket.recv": "medium",
    "socket.socket.recvfrom": "medium",
    "urllib.request.urlopen": "low",
}
SOURCE_ATTRS: dict[str, str] = {
    "sys.argv": "low",
    "os.environ": "low",
}

# ---------------------------------------------------------------------------------------------
# Sinks
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Sink:
    """A call whose arguments must not carry taint of `kind`.

    `args` are positional indexes (for methods, not counting the receiver), `kwargs` keyword names
    that stand for the same parameters. `when` names an extra condition checked by the engine:
    'shell' (shell=True), 'list0' (first element of an argument list), 'xxe_parser' (the parser
    argument resolves external entities), 'yaml_unsafe' (Loader is not a safe loader),
    'dict_query' (the argument is a dict, not a scalar).
    """

    kind: str
    args: tuple[int, ...] = (0,)
    kwargs: tuple[str, ...] = ()
    when: str = ""


def _s(kind: str, *args: int, kwargs: tuple[str, ...] = (), when: str = "") -> Sink:
    return Sink(kind, args or (0,), kwargs, when)


_DBAPI = ("dbapi.Cursor", "dbapi.Connection")
SINKS: dict[str, list[Sink]] = {
    # SQL
    **{f"{t}.{m}": [_s("sql", 0, kwargs=("sql", "query", "operation"))] for t in _DBAPI
       for m in ("execute", "executemany", "executescript", "mogrify")},
    "sqlalchemy.text": [_s("sql", 0, kwargs=("text",))],
    "sqlalchemy.sql.text": [_s("sql", 0, kwargs=("text",))],
    "sqlalchemy.engine.Engine.execute": [_s("sql", 0)],
    "sqlalchemy.orm.Session.execute": [_s("sql", 0, when="str")],
    "sqlalchemy.engine.Connection.execute": [_s("sql", 0, when="str")],
    "sqlalchemy.engine.Connection.exec_driver_sql": [_s("sql", 0)],
    "django.db.models.Manager.raw": [_s("sql", 0, kwargs=("raw_query",))],
    "django.db.models.QuerySet.raw": [_s("sql", 0, kwargs=("raw_query",))],
    "django.db.models.QuerySet.extra": [_s("sql", 0, 1, 2, 3, kwargs=("select", "where", "tables", "order_by"))],
    "django.db.models.expressions.RawSQL": [_s("sql", 0, kwargs=("sql",))],
    "django.db.models.RawSQL": [_s("sql", 0, kwargs=("sql",))],
    "pandas.read_sql": [_s("sql", 0, kwargs=("sql",))],
    "pandas.read_sql_query": [_s("sql", 0, kwargs=("sql",))],
    # commands
    "os.system": [_s("cmd", 0)],
    "os.popen": [_s("cmd", 0)],
    "os.popen2": [_s("cmd", 0)],
    "os.execl": [_s("cmd", 0, 1)],
    "os.execlp": [_s("cmd", 0, 1)],
    "os.execv": [_s("cmd", 0, 1)],
    "os.execvp": [_s("cmd", 0, 1)],
    "os.execve": [_s("cmd", 0, 1)],
    "os.spawnl": [_s("cmd", 1, 2)],
    "os.spawnlp": [_s("cmd", 1, 2)],
    "os.spawnv": [_s("cmd", 1, 2)],
    "os.spawnvp": [_s("cmd", 1, 2)],
    "os.startfile": [_s("cmd", 0)],
    "commands.getoutput": [_s("cmd", 0)],
    "subprocess.getoutput": [_s("cmd", 0)],
    "subprocess.getstatusoutput": [_s("cmd", 0)],
    **{f"subprocess.{f}": [_s("cmd", 0, kwargs=("args",), when="shell"), _s("cmd", 0, kwargs=("args",),
                                                                          when="list0")]
       for f in ("run", "call", "check_call", "check_output", "Popen")},
    "asyncio.create_subprocess_shell": [_s("cmd", 0)],
    "asyncio.create_subprocess_exec": [_s("cmd", 0)],
    "pty.spawn": [_s("cmd", 0)],
    # code
    "builtins.eval": [_s("code", 0, kwargs=("source",))],
    "builtins.exec": [_s("code", 0, kwargs=("source",))],
    "builtins.compile": [_s("code", 0, kwargs=("source",))],
    "builtins.__import__": [_s("code", 0)],
    "importlib.import_module": [_s("code", 0)],
    "runpy.run_path": [_s("code", 0)],
    "runpy.run_module": [_s("code", 0)],
    # paths
    "builtins.open": [_s("path", 0, kwargs=("file",))],
    "io.open": [_s("path", 0, kwargs=("file",))],
    "codecs.open": [_s("path", 0, kwargs=("filename",))],
    # pathlib: building a path is not an access; its file operations are (-1 is the receiver).
    **{f"pathlib.Path.{m}": [_s("path", -1)] for m in (
        "open", "read_text", "read_bytes", "write_text", "write_bytes", "exists", "is_file", "is_dir", "unlink",
        "rmdir", "mkdir", "touch", "stat", "lstat", "iterdir", "chmod", "symlink_to", "hardlink_to", "owner",
        "group", "readlink", "glob", "rglob")},
    "pathlib.Path.rename": [_s("path", -1, 0)],
    "pathlib.Path.replace": [_s("path", -1, 0)],
    **{f"os.path.{m}": [_s("path", 0)] for m in (
        "exists", "isfile", "isdir", "getsize", "getmtime", "getatime", "getctime", "lexists", "islink")},
    **{f"os.{f}": [_s("path", 0)] for f in (
        "remove", "unlink", "rmdir", "removedirs", "mkdir", "makedirs", "listdir", "scandir", "chmod",
        "chown", "open", "truncate", "utime", "readlink", "stat", "lstat", "walk", "access")},
    "os.rename": [_s("path", 0, 1)],
    "os.replace": [_s("path", 0, 1)],
    "os.symlink": [_s("path", 0, 1)],
    "os.link": [_s("path", 0, 1)],
    **{f"shutil.{f}": [_s("path", 0, 1)] for f in (
        "copy", "copy2", "copyfile", "copytree", "move", "rmtree", "copymode", "copystat", "chown")},
    "flask.send_file": [_s("path", 0, kwargs=("path_or_file", "filename_or_fp"))],
    "flask.helpers.send_file": [_s("path", 0, kwargs=("path_or_file",))],
    "flask.send_from_directory": [_s("path", 0, kwargs=("directory",))],
    "django.http.FileResponse": [_s("path", 0, when="open_path")],
    "tarfile.TarFile.extract": [_s("path", 1, kwargs=("path",))],
    "zipfile.ZipFile.extract": [_s("path", 1, kwargs=("path",))],
    # XSS / templates
    "flask.render_template_string": [_s("ssti", 0, kwargs=("source",))],
    "jinja2.Template": [_s("ssti", 0, kwargs=("source",))],
    "jinja2.Environment.from_string": [_s("ssti", 0, kwargs=("source",))],
    "django.template.Template": [_s("ssti", 0, kwargs=("template_string",))],
    "mako.template.Template": [_s("ssti", 0, kwargs=("text",))],
    "markupsafe.Markup": [_s("xss", 0)],
    "flask.Markup": [_s("xss", 0)],
    "django.utils.safestring.mark_safe": [_s("xss", 0)],
    "django.utils.html.format_html": [_s("xss", 0)],
    "django.http.HttpResponse": [_s("xss", 0, kwargs=("content",))],
    "flask.Response": [_s("xss", 0, kwargs=("response",), when="html_response")],
    "starlette.responses.HTMLResponse": [_s("xss", 0, kwargs=("content",))],
    "fastapi.responses.HTMLResponse": [_s("xss", 0, kwargs=("content",))],
    # redirects
    "flask.redirect": [_s("redirect", 0, kwargs=("location",))],
    "werkzeug.utils.redirect": [_s("redirect", 0, kwargs=("location",))],
    "django.shortcuts.redirect": [_s("redirect", 0, kwargs=("to",))],
    "django.http.HttpResponseRedirect": [_s("redirect", 0, kwargs=("redirect_to",))],
    "django.http.HttpResponsePermanentRedirect": [_s("redirect", 0, kwargs=("redirect_to",))],
    "starlette.responses.RedirectResponse": [_s("redirect", 0, kwargs=("url",))],
    "fastapi.responses.RedirectResponse": [_s("redirect", 0, kwargs=("url",))],
    # SSRF
    **{f"requests.{m}": [_s("ssrf", 0, kwargs=("url",))] for m in (
        "get", "post", "put", "patch", "delete", "head", "options")},
    "requests.request": [_s("ssrf", 1, kwargs=("url",))],
    **{f"requests.Session.{m}": [_s("ssrf", 0, kwargs=("url",))] for m in (
        "get", "post", "put", "patch", "delete", "head", "options")},
    **{f"httpx.{m}": [_s("ssrf", 0, kwargs=("url",))] for m in (
        "get", "post", "put", "patch", "delete", "head", "options", "stream")},
    **{f"httpx.Client.{m}": [_s("ssrf", 0, kwargs=("url",))] for m in (
        "get", "post", "put", "patch", "delete", "head", "options", "stream")},
    **{f"httpx.AsyncClient.{m}": [_s("ssrf", 0, kwargs=("url",))] for m in (
        "get", "post", "put", "patch", "delete", "head", "options", "stream")},
    **{f"aiohttp.ClientSession.{m}": [_s("ssrf", 0, kwargs=("url",))] for m in (
        "get", "post", "put", "patch", "delete", "head", "options")},
    "urllib.request.urlopen": [_s("ssrf", 0, kwargs=("url",))],
    "urllib.request.Request": [_s("ssrf", 0, kwargs=("url",))],
    "urllib.request.urlretrieve": [_s("ssrf", 0, kwargs=("url",))],
    "http.client.HTTPConnection": [_s("ssrf", 0, kwargs=("host",))],
    "http.client.HTTPSConnection": [_s("ssrf", 0, kwargs=("host",))],
    "socket.create_connection": [_s("ssrf", 0)],
    # LDAP
    "ldap3.Connection.search": [_s("ldap", 0, 1, kwargs=("search_base", "search_filter"))],
    "ldap.LDAPObject.search_s": [_s("ldap", 0, 2, kwargs=("base", "filterstr"))],
    "ldap.LDAPObject.search": [_s("ldap", 0, 2, kwargs=("base", "filterstr"))],
    "ldap.LDAPObject.search_ext_s": [_s("ldap", 0, 2, kwargs=("base", "filterstr"))],
    # XPath
    "lxml.etree._ElementTree.xpath": [_s("xpath", 0, kwargs=("_path",))],
    "lxml.etree._Element.xpath": [_s("xpath", 0, kwargs=("_path",))],
    "lxml.etree.XPath": [_s("xpath", 0, kwargs=("path",))],
    "lxml.etree.ETXPath": [_s("xpath", 0, kwargs=("path",))],
    "lxml.etree.XPathEvaluator.__call__": [_s("xpath", 0)],
    **{f"xml.etree.ElementTree.{t}.{m}": [_s("xpath", 0, kwargs=("path", "match"))]
       for t in ("ElementTree", "Element") for m in ("find", "findall", "findtext", "iterfind")},
    "elementpath.select": [_s("xpath", 1, kwargs=("path",))],
    "elementpath.iter_select": [_s("xpath", 1, kwargs=("path",))],
    "elementpath.Selector": [_s("xpath", 0, kwargs=("path",))],
    # XXE
    "xml.dom.minidom.parseString": [_s("xxe", 0, when="xxe_parser")],
    "xml.dom.minidom.parse": [_s("xxe", 0, when="xxe_parser")],
    "xml.dom.pulldom.parseString": [_s("xxe", 0, when="xxe_parser")],
    "xml.dom.pulldom.parse": [_s("xxe", 0, when="xxe_parser")],
    "xml.sax.parseString": [_s("xxe", 0, when="xxe_parser")],
    "xml.sax.parse": [_s("xxe", 0, when="xxe_parser")],
    "xml.sax.xmlreader.XMLReader.parse": [_s("xxe", 0, when="xxe_self")],
    "lxml.etree.fromstring": [_s("xxe", 0, when="xxe_parser")],
    "lxml.etree.XML": [_s("xxe", 0, when="xxe_parser")],
    "lxml.etree.parse": [_s("xxe", 0, when="xxe_parser")],
    # deserialization
    "pickle.loads": [_s("deser", 0)],
    "pickle.load": [_s("deser", 0)],
    "pickle.Unpickler": [_s("deser", 0)],
    "_pickle.loads": [_s("deser", 0)],
    "cPickle.loads": [_s("deser", 0)],
    "dill.loads": [_s("deser", 0)],
    "dill.load": [_s("deser", 0)],
    "marshal.loads": [_s("deser", 0)],
    "marshal.load": [_s("deser", 0)],
    "shelve.open": [_s("deser", 0)],
    "jsonpickle.decode": [_s("deser", 0)],
    "jsonpickle.loads": [_s("deser", 0)],
    "yaml.load": [_s("deser", 0, kwargs=("stream",), when="yaml_unsafe")],
    "yaml.load_all": [_s("deser", 0, kwargs=("stream",), when="yaml_unsafe")],
    "yaml.unsafe_load": [_s("deser", 0, kwargs=("stream",))],
    "yaml.unsafe_load_all": [_s("deser", 0, kwargs=("stream",))],
    "yaml.full_load": [_s("deser", 0, kwargs=("stream",))],
    "pandas.read_pickle": [_s("deser", 0)],
    "numpy.load": [_s("deser", 0, when="allow_pickle")],
    "torch.load": [_s("deser", 0)],
    # headers and logs
    "logging.info": [_s("log", 0)],
    "logging.warning": [_s("log", 0)],
    "logging.error": [_s("log", 0)],
    "logging.debug": [_s("log", 0)],
    "logging.critical": [_s("log", 0)],
    **{f"logging.Logger.{m}": [_s("log", 0)] for m in ("info", "warning", "error", "debug", "critical",
                                                         "exception", "warn")},
    # NoSQL
    **{f"pymongo.collection.Collection.{m}": [_s("nosql", 0, kwargs=("filter",), when="dict_query")]
       for m in ("find", "find_one", "find_one_and_delete", "find_one_and_update", "delete_one", "delete_many",
                 "update_one", "update_many", "count_documents", "aggregate")},
}

# Method names that are sinks even when the receiver's type is unknown (medium confidence):
# a tainted string in these positions is rarely anything but the stated problem.
METHOD_SINKS: dict[str, list[Sink]] = {
    "execute": [_s("sql", 0, when="str")],
    "executemany": [_s("sql", 0, when="str")],
    "executescript": [_s("sql", 0, when="str")],
    "raw": [_s("sql", 0, when="str")],
    "xpath": [_s("xpath", 0, when="str")],
    "search_s": [_s("ldap", 2, when="str")],
}

# Route registration methods that take a handler callback, and the types of the callback's
# parameters (request, response...). Python frameworks register handlers with decorators instead.
CALLBACK_ROUTES: dict[str, tuple[str, ...]] = {}

# Names that are attributes holding data flowing to a sink when assigned: (target type, kind).
ASSIGN_SINKS: dict[str, str] = {
    "flask.session": "trust",
    "django.contrib.sessions.backends.base.SessionBase": "trust",
    "starlette.requests.Request.session": "trust",
    "flask.Response.headers": "header",
    "django.http.HttpResponse": "header",
}

# ---------------------------------------------------------------------------------------------
# Return types of library calls (so that methods on the results resolve), and sanitizers
# ---------------------------------------------------------------------------------------------

RETURNS: dict[str, str] = {
    "sqlite3.connect": "dbapi.Connection",
    "sqlite3.dbapi2.connect": "dbapi.Connection",
    "psycopg2.connect": "dbapi.Connection",
    "psycopg.connect": "dbapi.Connection",
    "pymysql.connect": "dbapi.Connection",
    "pymysql.connections.Connection": "dbapi.Connection",
    "MySQLdb.connect": "dbapi.Connection",
    "mysql.connector.connect": "dbapi.Connection",
    "cx_Oracle.connect": "dbapi.Connection",
    "pyodbc.connect": "dbapi.Connection",
    "dbapi.Connection.cursor": "dbapi.Cursor",
    "dbapi.Connection.execute": "dbapi.Cursor",
    "django.db.connection.cursor": "dbapi.Cursor",
    "django.db.connections.__getitem__.cursor": "dbapi.Cursor",
    "sqlalchemy.create_engine": "sqlalchemy.engine.Engine",
    "sqlalchemy.engine.Engine.connect": "sqlalchemy.engine.Connection",
    "sqlalchemy.engine.Engine.begin": "sqlalchemy.engine.Connection",
    "sqlalchemy.orm.sessionmaker": "sqlalchemy.orm.sessionmaker",
    "sqlalchemy.orm.sessionmaker.__call__": "sqlalchemy.orm.Session",
    "sqlalchemy.orm.Session": "sqlalchemy.orm.Session",
    "requests.Session": "requests.Session",
    "requests.session": "requests.Session",
    "httpx.Client": "httpx.Client",
    "httpx.AsyncClient": "httpx.AsyncClient",
    "aiohttp.ClientSession": "aiohttp.ClientSession",
    "ldap3.Connection": "ldap3.Connection",
    "ldap.initialize": "ldap.LDAPObject",
    "lxml.etree.parse": "lxml.etree._ElementTree",
    "lxml.etree.fromstring": "lxml.etree._Element",
    "lxml.etree.XML": "lxml.etree._Element",
    "lxml.etree.HTML": "lxml.etree._Element",
    "lxml.etree._ElementTree.getroot": "lxml.etree._Element",
    "lxml.etree.XPathEvaluator": "lxml.etree.XPathEvaluator",
    "lxml.etree.XMLParser": "lxml.etree.XMLParser",
    "xml.etree.ElementTree.parse": "xml.etree.ElementTree.ElementTree",
    "xml.etree.ElementTree.fromstring": "xml.etree.ElementTree.Element",
    "xml.etree.ElementTree.ElementTree.getroot": "xml.etree.ElementTree.Element",
    "xml.sax.make_parser": "xml.sax.xmlreader.XMLReader",
    "pathlib.Path": "pathlib.Path",
    "pathlib.PurePath": "pathlib.Path",
    "pathlib.Path.resolve": "pathlib.Path",
    "pathlib.Path.absolute": "pathlib.Path",
    "pathlib.Path.joinpath": "pathlib.Path",
    "pathlib.Path.__truediv__": "pathlib.Path",
    "pathlib.Path.parent": "pathlib.Path",
    "flask.make_response": "flask.Response",
    "flask.Response": "flask.Response",
    "flask.jsonify": "flask.JsonResponse",
    "django.http.HttpResponse": "django.http.HttpResponse",
    "tarfile.open": "tarfile.TarFile",
    "tarfile.TarFile": "tarfile.TarFile",
    "zipfile.ZipFile": "zipfile.ZipFile",
    "logging.getLogger": "logging.Logger",
    "pymongo.MongoClient": "pymongo.MongoClient",
    "pymongo.MongoClient.__getitem__": "pymongo.database.Database",
    "pymongo.database.Database.__getitem__": "pymongo.collection.Collection",
    "pymongo.MongoClient.__getattr__": "pymongo.database.Database",
    "pymongo.database.Database.__getattr__": "pymongo.collection.Collection",
    "socket.socket": "socket.socket",
    "socket.socket.accept": "socket.socket",
    "argparse.ArgumentParser": "argparse.ArgumentParser",
    "configparser.ConfigParser": "configparser.ConfigParser",
    "configparser.RawConfigParser": "configparser.ConfigParser",
    "io.StringIO": "io.StringIO",
    "random.Random": "random.Random",
    "numpy.random.RandomState": "numpy.random.RandomState",
    "numpy.random.default_rng": "numpy.random.Generator",
    "random.SystemRandom": "random.SystemRandom",
    "io.BytesIO": "io.StringIO",
    "jinja2.Environment": "jinja2.Environment",
}

ALL_KINDS = frozenset(TAINT_RULES)

# Predictable randomness is tracked as its own kind of taint: it matters only where a value must be
# unguessable (sessions, tokens, passwords, keys, cookies), never for injection sinks.
WEAK_RANDOM_KIND = "weakrand"
WEAK_RANDOM_SOURCE = "weak-random"
WEAK_RANDOM_FUNCS = frozenset({
    "random", "randint", "randrange", "choice", "choices", "getrandbits", "uniform", "normalvariate", "gauss",
    "sample", "shuffle", "triangular", "betavariate", "expovariate", "gammavariate", "lognormvariate",
    "paretovariate", "vonmisesvariate", "weibullvariate", "randbytes", "binomialvariate"})
WEAK_RANDOM_MODULES = ("random", "random.Random", "numpy.random", "numpy.random.RandomState",
                       "numpy.random.Generator")
# Names that say a value must be unguessable.
# Matched anywhere in a name (mysession, rememberMe, csrf_token):
SECRET_NAME_WORDS = ("session", "token", "password", "passwd", "secret", "nonce", "csrf", "cookie", "apikey",
                     "api_key", "remember", "verification", "signature", "private", "credential", "sessid")
# Matched only as whole words of a name (otp_code, user_sid; not residual or potpourri):
SECRET_NAME_SHORT_WORDS = frozenset({"sid", "otp", "pwd", "pin", "salt", "auth", "reset", "iv", "hmac", "signing"})
# Names with these words are about text processing, not secrets (tokens of a parser, a tokenizer).
NOT_SECRET_WORDS = ("tokens", "tokeniz", "keys", "keyword")

# Calls whose result is safe for the listed sink kinds ("*" = every kind): the value is
# escaped, quoted, or converted to a type that cannot carry an injection.
SANITIZERS: dict[str, frozenset[str]] = {
    **{n: ALL_KINDS for n in (
        "builtins.int", "builtins.float", "builtins.bool", "builtins.len", "builtins.hash", "builtins.id",
        "builtins.ord", "builtins.abs", "builtins.round", "uuid.UUID", "decimal.Decimal", "builtins.complex",
        "datetime.date.fromisoformat", "datetime.datetime.fromisoformat", "ipaddress.ip_address",
        "hashlib.sha256", "hashlib.md5", "hashlib.sha1", "hashlib.sha512", "secrets.compare_digest",
        "hmac.compare_digest", "builtins.isinstance", "os.path.exists", "os.path.isfile", "os.path.isdir",
        "os.path.getsize", "os.path.lexists", "os.path.islink", "os.path.getmtime", "builtins.callable",
        "builtins.type")},
    "shlex.quote": frozenset({"cmd"}),
    "pipes.quote": frozenset({"cmd"}),
    "shlex.join": frozenset({"cmd"}),
    "html.escape": frozenset({"xss", "ssti", "header", "log"}),
    # Flask renders templates with autoescaping on (.html templates and template strings alike).
    "flask.render_template": frozenset({"xss"}),
    "flask.render_template_string": frozenset({"xss"}),
    "django.shortcuts.render": frozenset({"xss"}),
    "django.template.loader.render_to_string": frozenset({"xss"}),
    "markupsafe.escape": frozenset({"xss", "ssti"}),
    "flask.escape": frozenset({"xss", "ssti"}),
    "jinja2.escape": frozenset({"xss", "ssti"}),
    "django.utils.html.escape": frozenset({"xss", "ssti"}),
    "django.utils.html.conditional_escape": frozenset({"xss", "ssti"}),
    "bleach.clean": frozenset({"xss"}),
    "cgi.escape": frozenset({"xss"}),
    "xml.sax.saxutils.escape": frozenset({"xss", "xpath"}),
    "xml.sax.saxutils.quoteattr": frozenset({"xss", "xpath"}),
    "os.path.basename": frozenset({"path"}),
    "werkzeug.utils.secure_filename": frozenset({"path", "cmd"}),
    "django.utils.text.get_valid_filename": frozenset({"path"}),
    "ldap3.utils.conv.escape_filter_chars": frozenset({"ldap"}),
    "ldap.filter.escape_filter_chars": frozenset({"ldap"}),
    "ldap.dn.escape_dn_chars": frozenset({"ldap"}),
    "urllib.parse.quote": frozenset({"xss", "header", "path", "cmd", "sql", "ldap", "xpath", "log"}),
    "urllib.parse.quote_plus": frozenset({"xss", "header", "path", "cmd", "sql", "ldap", "xpath", "log"}),
    "urllib.parse.urlencode": frozenset({"xss", "header", "log"}),
    "base64.b64encode": frozenset({"xss", "cmd", "sql", "ldap", "xpath", "header", "log", "ssti", "code"}),
    "base64.urlsafe_b64encode": frozenset({"xss", "cmd", "sql", "path", "ldap", "xpath", "header", "log", "ssti",
                                           "code"}),
    "binascii.hexlify": ALL_KINDS - {"deser"},
    "json.dumps": frozenset({"code", "cmd", "log"}),
    "django.utils.http.url_has_allowed_host_and_scheme": ALL_KINDS,
    "django.utils.http.is_safe_url": ALL_KINDS,
    "sqlalchemy.bindparam": frozenset({"sql"}),
    "pymysql.converters.escape_string": frozenset({"sql"}),
    "psycopg2.sql.Literal": frozenset({"sql"}),
    "psycopg2.sql.Identifier": frozenset({"sql"}),
    "psycopg2.extensions.QuotedString": frozenset({"sql"}),
}

# Decoders undo whatever escaping or encoding was applied before them: their result is as dangerous as
# the raw input again.
DECODERS = frozenset({
    "base64.b64decode", "base64.urlsafe_b64decode", "base64.b32decode", "base64.b16decode", "base64.decodebytes",
    "binascii.unhexlify", "binascii.a2b_base64", "codecs.decode", "urllib.parse.unquote", "urllib.parse.unquote_plus",
    "urllib.parse.unquote_to_bytes", "html.unescape", "bytes.fromhex"})

# String methods whose result carries no taint (they return booleans, numbers or positions).
UNTAINTING_METHODS = frozenset({
    "startswith", "endswith", "isdigit", "isnumeric", "isdecimal", "isalpha", "isalnum", "isspace", "islower",
    "isupper", "istitle", "isidentifier", "isascii", "isprintable", "find", "rfind", "index", "rindex", "count",
    "__len__", "__contains__", "exists", "is_file", "is_dir", "is_absolute", "is_relative_to", "__eq__",
    "keys_count", "bit_length", "fileno", "tell", "close", "closed",
})

# Methods that store their argument into the receiver (so the receiver becomes tainted).
MUTATING_METHODS = frozenset({
    "append", "extend", "insert", "add", "update", "write", "writelines", "appendleft", "extendleft", "push",
    "put", "setdefault", "__setitem__", "set", "add_section", "read_string", "read_dict", "feed",
})

# User-defined functions whose name says that they escape or validate for a kind; recognised when
# their body cannot be followed (or in addition to it). Keys are lower-case name fragments.
NAMED_SANITIZERS: dict[str, frozenset[str]] = {
    "escape_html": frozenset({"xss", "ssti"}),
    "html_escape": frozenset({"xss", "ssti"}),
    "escape_for_html": frozenset({"xss", "ssti"}),
    "escapehtml": frozenset({"xss", "ssti"}),
    "sanitize_html": frozenset({"xss"}),
    "escape_sql": frozenset({"sql"}),
    "escape_shell": frozenset({"cmd"}),
    "safe_join": frozenset({"path"}),
    "secure_filename": frozenset({"path", "cmd"}),
}
