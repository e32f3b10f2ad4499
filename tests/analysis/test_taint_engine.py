"""Unit tests of the interprocedural taint engine (armur.analysis.taint).

Snippets are Flask handlers (request data is the source) annotated inline with
``# expect: <rule-id>``; each test asserts the exact set of (rule id, line) taint findings.
Multi-module cases run TaintEngine directly over an in-memory PythonProject.
"""

from __future__ import annotations

import re
import textwrap

from armur import scan_source
from armur.analysis.project import PythonProject, module_parts
from armur.analysis.taint import ModuleCtx, TaintEngine
from armur.core.findings import Finding
from armur.lang.python import lower_source
from armur.rules import python_taint

TAINT_IDS = {r.id for r in python_taint.TAINT_RULES.values()}
EXPECT = re.compile(r"#\s*expect:\s*([\w.\-]+(?:\s*,\s*[\w.\-]+)*)")

HEADER = """\
import base64, html, os, shlex, sqlite3, subprocess
from flask import Flask, redirect, request
app = Flask(__name__)
db = sqlite3.connect("app.db")
"""


def src(body: str) -> str:
    """A Flask module: the common imports followed by the dedented body."""
    return HEADER + textwrap.dedent(body)


def expected(text: str) -> set[tuple[str, int]]:
    out = set()
    for lineno, line in enumerate(text.splitlines(), 1):
        m = EXPECT.search(line)
        if m:
            out |= {(rid.strip(), lineno) for rid in m.group(1).split(",")}
    return out


def found(text: str, display: str = "app/routes.py") -> set[tuple[str, int]]:
    report = scan_source(display, text)
    return {(f.rule_id, f.line) for f in report.findings if f.rule_id in TAINT_IDS}


def check(body: str) -> None:
    text = src(body)
    assert found(text) == expected(text)


def analyze(files: dict[str, str], main: str) -> list[Finding]:
    """Run the engine on `main` with the other in-memory modules importable."""
    files = {d: textwrap.dedent(t) for d, t in files.items()}
    project = PythonProject(files={d: d for d in files}, sources=files)
    ctx = ModuleCtx(main, lower_source(main, files[main]), ".".join(module_parts(main)))
    return TaintEngine(project).analyze(ctx)


def pairs(findings: list[Finding]) -> set[tuple[str, str, int]]:
    return {(f.rule_id, f.path, f.line) for f in findings if f.rule_id in TAINT_IDS}


# ---------------------------------------------------------------------------------------------
# Constant folding and dead code
# ---------------------------------------------------------------------------------------------

def test_folded_condition_selects_the_constant_branch() -> None:
    check("""
        @app.route("/a")
        def a():
            param = request.args.get("p")
            num = 106
            bar = "safe" if 7 * 18 + num > 200 else param
            db.execute("SELECT * FROM t WHERE c = '" + bar + "'")
            return "ok"
    """)


def test_folded_condition_selects_the_tainted_branch() -> None:
    check("""
        @app.route("/a")
        def a():
            param = request.args.get("p")
            num = 1
            bar = "safe" if 7 * 18 + num > 200 else param
            db.execute("SELECT * FROM t WHERE c = '" + bar + "'")  # expect: python.sql-injection
            return "ok"
    """)


def test_folded_if_statement_and_switch_on_constant() -> None:
    check("""
        @app.route("/a")
        def a():
            param = request.args.get("p")
            switch = "B"
            if switch == "A":
                bar = param
            elif switch == "B":
                bar = "bob"
            else:
                bar = param
            db.execute("SELECT * FROM t WHERE c = '" + bar + "'")
            return "ok"
    """)


def test_code_under_if_false_is_dead() -> None:
    check("""
        DEBUG = False

        @app.route("/a")
        def a():
            param = request.args.get("p")
            if False:
                os.system(param)
            if DEBUG:
                os.system("echo " + param)
            while 0:
                os.system(param)
            os.system("echo " + param)  # expect: python.command-injection
            return "ok"
    """)


def test_unknown_condition_joins_both_branches() -> None:
    check("""
        @app.route("/a")
        def a():
            param = request.args.get("p")
            bar = "safe"
            if request.args.get("mode"):
                bar = param
            os.system("echo " + bar)  # expect: python.command-injection
            return "ok"
    """)


# ---------------------------------------------------------------------------------------------
# Containers
# ---------------------------------------------------------------------------------------------

def test_dict_is_tracked_per_constant_key() -> None:
    check("""
        @app.route("/a")
        def a():
            d = {"b": "constant"}
            d["a"] = request.args.get("p")
            x = d["b"]
            os.system("echo " + x)
            y = d["a"]
            os.system("echo " + y)  # expect: python.command-injection
            z = d.get("b")
            os.system("echo " + z)
            return "ok"
    """)


def test_dict_literal_keys_and_update() -> None:
    check("""
        @app.route("/a")
        def a():
            d = {"user": request.args.get("u"), "table": "users"}
            db.execute("SELECT * FROM " + d["table"])
            db.execute("SELECT * FROM t WHERE u = '" + d["user"] + "'")  # expect: python.sql-injection
            d.update({"table": request.args.get("t")})
            db.execute("SELECT * FROM " + d["table"])  # expect: python.sql-injection
            return "ok"
    """)


def test_list_append_and_pop() -> None:
    check("""
        @app.route("/a")
        def a():
            items = ["safe"]
            items.append(request.args.get("p"))
            items.append("moresafe")
            items.pop(0)
            bar = items[1]
            os.system("echo " + bar)
            bar2 = items[0]
            os.system("echo " + bar2)  # expect: python.command-injection
            return "ok"
    """)


def test_list_pop_removes_the_tainted_tail() -> None:
    check("""
        @app.route("/a")
        def a():
            parts = ["users"]
            parts.append(request.args.get("p"))
            parts.pop()
            db.execute("SELECT * FROM " + parts[0])
            db.execute("SELECT * FROM " + "".join(parts))
            return "ok"
    """)


def test_list_insert_extend_remove() -> None:
    check("""
        @app.route("/a")
        def a():
            xs = ["a", "b"]
            xs.insert(0, request.args.get("p"))
            os.system("echo " + xs[1])
            os.system("echo " + xs[0])  # expect: python.command-injection
            ys = ["x"]
            ys.extend(["y", request.args.get("q")])
            os.system("echo " + ys[1])
            os.system("echo " + ys[2])  # expect: python.command-injection
            zs = ["keep", "drop"]
            zs.remove("drop")
            zs.append(request.args.get("r"))
            os.system("echo " + zs[0])
            os.system("echo " + zs[1])  # expect: python.command-injection
            return "ok"
    """)


def test_tuple_unpacking_keeps_positions() -> None:
    check("""
        @app.route("/a")
        def a():
            safe, bad = "ok", request.args.get("p")
            os.system("echo " + safe)
            os.system("echo " + bad)  # expect: python.command-injection
            return "ok"
    """)


# ---------------------------------------------------------------------------------------------
# Objects, closures, lambdas, comprehensions, with
# ---------------------------------------------------------------------------------------------

def test_self_field_flows_from_init_to_method() -> None:
    check("""
        class Pinger:
            def __init__(self, host, count):
                self.host = host
                self.count = count

            def run(self):
                os.system("ping -c %d %s" % (self.count, self.host))  # expect: python.command-injection

            def run_count(self):
                os.system("ping -c %d localhost" % self.count)

        @app.route("/a")
        def a():
            Pinger(request.args.get("h"), 1).run()
            Pinger("localhost", 1).run()
            Pinger(request.args.get("h"), 1).run_count()
            return "ok"
    """)


def test_attribute_assignment_on_plain_object() -> None:
    check("""
        class Job:
            pass

        @app.route("/a")
        def a():
            job = Job()
            job.cmd = request.args.get("cmd")
            job.name = "nightly"
            os.system(job.name)
            os.system(job.cmd)  # expect: python.command-injection
            return "ok"
    """)


def test_closure_and_nested_function() -> None:
    check("""
        @app.route("/a")
        def a():
            host = request.args.get("h")
            label = "fixed"

            def run():
                os.system("ping " + host)  # expect: python.command-injection

            def show():
                os.system("echo " + label)

            run()
            show()
            return "ok"
    """)


def test_nested_function_returning_its_argument() -> None:
    check("""
        @app.route("/a")
        def a():
            def wrap(x):
                return "[" + x + "]"

            os.system("echo " + wrap(request.args.get("p")))  # expect: python.command-injection
            os.system("echo " + wrap("constant"))
            return "ok"
    """)


def test_lambda() -> None:
    check("""
        @app.route("/a")
        def a():
            build = lambda v: "echo " + v
            os.system(build(request.args.get("p")))  # expect: python.command-injection
            os.system(build("hello"))
            return "ok"
    """)


def test_comprehensions() -> None:
    check("""
        @app.route("/a")
        def a():
            names = request.args.getlist("n")
            quoted = ["'" + n + "'" for n in names]
            db.execute("SELECT * FROM t WHERE n IN (" + ",".join(quoted) + ")")  # expect: python.sql-injection
            safe = [str(int(n)) for n in names]
            db.execute("SELECT * FROM t WHERE id IN (" + ",".join(safe) + ")")
            consts = {k: "x" for k in ("a", "b")}
            db.execute("SELECT * FROM " + ",".join(consts))
            return "ok"
    """)


def test_with_target_carries_taint() -> None:
    check("""
        @app.route("/a")
        def a():
            with open("/etc/motd") as fh:
                os.system("echo " + fh.read())
            with os.popen(request.args.get("c")) as stream:  # expect: python.command-injection
                data = stream.read()
            return "ok"
    """)


# ---------------------------------------------------------------------------------------------
# String building
# ---------------------------------------------------------------------------------------------

def test_string_building_in_every_form() -> None:
    check("""
        @app.route("/a")
        def a():
            p = request.args.get("p")
            db.execute("SELECT " + p)  # expect: python.sql-injection
            db.execute("SELECT %s" % p)  # expect: python.sql-injection
            db.execute("SELECT %s FROM %s" % (p, "t"))  # expect: python.sql-injection
            db.execute("SELECT {}".format(p))  # expect: python.sql-injection
            db.execute("SELECT {c}".format(c=p))  # expect: python.sql-injection
            db.execute(f"SELECT {p}")  # expect: python.sql-injection
            db.execute(" ".join(["SELECT", p]))  # expect: python.sql-injection
            db.execute("SELECT X".replace("X", p))  # expect: python.sql-injection
            db.execute("SELECT " + p[1:10])  # expect: python.sql-injection
            db.execute(("SELECT " + p).strip().upper())  # expect: python.sql-injection
            q = "SELECT "
            q += p
            db.execute(q)  # expect: python.sql-injection
            return "ok"
    """)


def test_string_building_from_constants_is_clean() -> None:
    check("""
        @app.route("/a")
        def a():
            p = request.args.get("p")
            t = "users"
            db.execute("SELECT * FROM " + t)
            db.execute("SELECT * FROM %s" % t)
            db.execute("SELECT * FROM {}".format(t))
            db.execute(f"SELECT * FROM {t}")
            db.execute(" ".join(["SELECT", "*", "FROM", t]))
            db.execute("SELECT * FROM X".replace("X", t))
            db.execute("SELECT * FROM t WHERE a = ?", (p,))
            return "ok"
    """)


# ---------------------------------------------------------------------------------------------
# Sanitisers per sink
# ---------------------------------------------------------------------------------------------

def test_html_escape_cleans_xss_but_not_sql() -> None:
    check("""
        @app.route("/a")
        def a():
            name = html.escape(request.args.get("n"))
            db.execute("SELECT * FROM t WHERE n = '" + name + "'")  # expect: python.sql-injection
            return "<p>" + name + "</p>"
    """)


def test_shlex_quote_cleans_command_injection_only() -> None:
    check("""
        @app.route("/a")
        def a():
            host = shlex.quote(request.args.get("h"))
            subprocess.run("ping " + host, shell=True)
            db.execute("SELECT * FROM hosts WHERE h = " + host)  # expect: python.sql-injection
            return "ok"
    """)


def test_int_cleans_every_sink() -> None:
    check("""
        @app.route("/a")
        def a():
            n = int(request.args.get("n"))
            os.system("seq %d" % n)
            db.execute("SELECT * FROM t LIMIT %d" % n)
            eval(str(n))
            open("/tmp/%d.txt" % n)
            return redirect("/page/%d" % n)
    """)


def test_base64_decode_after_encode_does_not_sanitise() -> None:
    check("""
        @app.route("/a")
        def a():
            p = request.args.get("p")
            enc = base64.b64encode(p.encode())
            os.system("echo " + enc.decode())
            dec = base64.b64decode(enc).decode()
            os.system("echo " + dec)  # expect: python.command-injection
            return "ok"
    """)


# ---------------------------------------------------------------------------------------------
# Recursion
# ---------------------------------------------------------------------------------------------

def test_recursion_terminates_and_propagates() -> None:
    check("""
        def strip_slashes(s, depth):
            if depth <= 0 or not s.startswith("/"):
                return s
            return strip_slashes(s[1:], depth - 1)

        def countdown(n):
            if n == 0:
                return "done"
            return countdown(n - 1)

        def ping_pong(s, n):
            if n > 3:
                return s
            return pong_ping(s, n + 1)

        def pong_ping(s, n):
            return ping_pong(s, n)

        @app.route("/a")
        def a():
            p = request.args.get("p")
            os.system("cat " + strip_slashes(p, 10))  # expect: python.command-injection
            os.system("echo " + countdown(5))
            os.system("echo " + ping_pong(p, 0))  # expect: python.command-injection
            return "ok"
    """)


# ---------------------------------------------------------------------------------------------
# Summaries across files
# ---------------------------------------------------------------------------------------------

HELPERS = """\
def build_query(name):
    return "SELECT * FROM users WHERE name = '" + name + "'"


def build_safe(name):
    return "SELECT * FROM users WHERE name = 'bob'"


def run(conn, sql):
    conn.execute(sql)
"""


def test_summary_of_a_helper_in_another_module() -> None:
    views = """\
    import sqlite3
    from flask import Flask, request
    from app.helpers import build_query, build_safe
    from app.helpers import build_query as q
    from app import helpers

    app = Flask(__name__)
    db = sqlite3.connect("x")

    @app.route("/a")
    def a():
        name = request.args["name"]
        db.execute(build_query(name))
        db.execute(q(name))
        db.execute(helpers.build_query(name))
        db.execute(build_safe(name))
        db.execute(build_query("alice"))
        return "ok"
    """
    got = pairs(analyze({"app/views.py": views, "app/helpers.py": HELPERS}, "app/views.py"))
    assert got == {("python.sql-injection", "app/views.py", n) for n in (13, 14, 15)}


def test_sink_inside_a_helper_of_another_module_is_reported_there() -> None:
    views = """\
    import sqlite3
    from flask import Flask, request
    from .helpers import run

    app = Flask(__name__)
    db = sqlite3.connect("x")

    @app.route("/a")
    def a():
        run(db, "SELECT * FROM t WHERE n = '" + request.args["n"] + "'")
        run(db, "SELECT 1")
        return "ok"
    """
    got = pairs(analyze({"app/views.py": views, "app/helpers.py": HELPERS, "app/__init__.py": ""},
                        "app/views.py"))
    assert got == {("python.sql-injection", "app/helpers.py", 10)}


def test_relative_imports_in_a_package() -> None:
    files = {
        "shop/__init__.py": "",
        "shop/db/__init__.py": "from .queries import by_name\n",
        "shop/db/queries.py": "def by_name(n):\n    return f\"SELECT * FROM p WHERE name = '{n}'\"\n",
        "shop/web/__init__.py": "",
        "shop/web/views.py": """\
            import sqlite3
            from flask import Flask, request
            from ..db.queries import by_name
            from ..db import by_name as by_name2
            from .. import db as dbpkg

            app = Flask(__name__)
            conn = sqlite3.connect("x")

            @app.route("/p")
            def p():
                n = request.args["n"]
                conn.execute(by_name(n))
                conn.execute(by_name2(n))
                conn.execute(dbpkg.by_name(n))
                conn.execute(by_name("const"))
                return "ok"
            """,
    }
    got = pairs(analyze(files, "shop/web/views.py"))
    assert got == {("python.sql-injection", "shop/web/views.py", n) for n in (13, 14, 15)}


def test_full_trace_through_a_helper_in_another_module() -> None:
    views = """\
    import sqlite3
    from flask import Flask, request
    from app.helpers import build_query

    app = Flask(__name__)
    db = sqlite3.connect("x")

    @app.route("/a")
    def a():
        name = request.args["name"]
        sql = build_query(name)
        db.execute(sql)
        return "ok"
    """
    findings = [f for f in analyze({"app/views.py": views, "app/helpers.py": HELPERS}, "app/views.py")
                if f.rule_id == "python.sql-injection"]
    assert len(findings) == 1
    trace = [(s.kind, s.location.path, s.location.start_line) for s in findings[0].trace]
    assert trace == [
        ("source", "app/views.py", 10),
        ("step", "app/views.py", 10),   # assigned to `name`
        ("call", "app/views.py", 11),   # passed as `name` to build_query()
        ("return", "app/views.py", 11),  # returned from build_query()
        ("step", "app/views.py", 11),   # assigned to `sql`
        ("sink", "app/views.py", 12),
    ]
    notes = [s.note for s in findings[0].trace]
    assert "flask.request.args" in notes[0]
    assert "`name`" in notes[1] and "build_query" in notes[2] and "build_query" in notes[3]
    assert "`sql`" in notes[4]
    assert findings[0].trace[-1].code == "db.execute(sql)"


def test_sink_arguments_given_only_by_keyword() -> None:
    """subprocess.run(args=...) with no positional argument is checked, and does not crash the engine."""
    src = (
        "import subprocess, sys\n"
        "def f(x):\n"
        "    subprocess.run(args=['ls', x])\n"
        "    subprocess.run(args=sys.argv[1])\n"
    )
    report = scan_source("app/kw.py", src)
    assert not report.skipped
    assert {(f.rule_id, f.line) for f in report.findings if f.rule_id.startswith("python.command")} == {
        ("python.command-injection", 4)}
