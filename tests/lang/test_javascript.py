"""Lowering of JavaScript / TypeScript to the IR (armur.lang.javascript)."""

from __future__ import annotations

import pytest

from armur import scan_source
from armur.ir import nodes as ir
from armur.ir import walk
from armur.lang import language_of
from armur.lang.javascript import JSX_HTML_SINK, dialect_of, lower_source
from armur.lang.treesitter import TooDeep


def body(src: str, dialect: str = "javascript") -> list[ir.Stmt]:
    return lower_source("t.js", src, dialect=dialect).body


def one(src: str, dialect: str = "javascript") -> ir.Stmt:
    stmts = body(src, dialect)
    assert len(stmts) == 1, stmts
    return stmts[0]


def expr(src: str, dialect: str = "javascript") -> ir.Expr:
    s = one(src, dialect)
    assert isinstance(s, ir.ExprStmt), s
    return s.expr


def test_suffixes_and_dialects() -> None:
    for suffix in (".js", ".mjs", ".cjs", ".jsx"):
        assert language_of(f"a/b{suffix}") == "javascript"
    assert language_of("a.ts") == language_of("a.tsx") == "typescript"
    assert dialect_of("x.tsx") == "tsx" and dialect_of("x.ts") == "typescript" and dialect_of("x.jsx") == "javascript"
    assert lower_source("x.ts", "let a = 1;", dialect="typescript").language == "typescript"


def test_spans_are_one_based() -> None:
    s = one("\n  foo(1);")
    assert s.span == ir.Span(2, 3, 2, 10)
    assert isinstance(s, ir.ExprStmt) and s.expr.span.line == 2


def test_variable_declarations() -> None:
    stmts = body("const a = 1, b = 'x\\n'; let c; var d = `t`;")
    assert [type(s) for s in stmts] == [ir.Assign] * 4
    a, b, c, d = stmts
    assert isinstance(a, ir.Assign) and isinstance(a.targets[0], ir.Name) and a.targets[0].id == "a"
    assert isinstance(b, ir.Assign) and isinstance(b.value, ir.Const) and b.value.value == "x\n"
    assert isinstance(c, ir.Assign) and isinstance(c.value, ir.Const) and c.value.value is None
    assert isinstance(d, ir.Assign) and isinstance(d.value, ir.Const) and d.value.value == "t"


def test_object_destructuring_reads_attributes_of_the_source() -> None:
    stmts = body("const { a, b: c, d = 5, ...rest } = req.query;")
    tmp = stmts[0]
    assert isinstance(tmp, ir.Assign) and isinstance(tmp.value, ir.Attr) and tmp.value.attr == "query"
    tmp_name = tmp.targets[0]
    assert isinstance(tmp_name, ir.Name)
    got = {}
    for s in stmts[1:]:
        assert isinstance(s, ir.Assign)
        t = s.targets[0]
        assert isinstance(t, ir.Name)
        got[t.id] = s.value
    assert isinstance(got["a"], ir.Attr) and got["a"].attr == "a"
    assert isinstance(got["c"], ir.Attr) and got["c"].attr == "b"
    assert isinstance(got["d"], ir.BoolOp) and isinstance(got["d"].values[0], ir.Attr)
    assert isinstance(got["rest"], ir.Name) and got["rest"].id == tmp_name.id


def test_destructuring_from_a_name_needs_no_temporary() -> None:
    stmts = body("const { a } = opts;")
    assert len(stmts) == 1
    s = stmts[0]
    assert isinstance(s, ir.Assign) and isinstance(s.value, ir.Attr)
    assert isinstance(s.value.obj, ir.Name) and s.value.obj.id == "opts"


def test_array_destructuring_skips_holes() -> None:
    stmts = body("const [x, , y] = arr;")
    assert len(stmts) == 2
    idx = [s.value.index.value for s in stmts if isinstance(s, ir.Assign) and isinstance(s.value, ir.Index)
           and isinstance(s.value.index, ir.Const)]
    assert idx == [0, 2]


def test_assignments() -> None:
    a, b, c, d = body("x = 1; o.p += y; o[k] = v; i++;")
    assert isinstance(a, ir.Assign) and a.op is None
    assert isinstance(b, ir.Assign) and b.op == "+" and isinstance(b.targets[0], ir.Attr)
    assert isinstance(c, ir.Assign) and isinstance(c.targets[0], ir.Index)
    assert isinstance(d, ir.Assign) and d.op == "+"
    chained = one("a = b = f();")
    assert isinstance(chained, ir.Assign) and len(chained.targets) == 2


def test_functions_arrows_and_async() -> None:
    f = one("async function load(a, b = 2, ...rest) { return a; }")
    assert isinstance(f, ir.Func) and f.is_async and f.name == "load"
    assert [(p.name, p.kind) for p in f.params] == [("a", "pos"), ("b", "pos"), ("rest", "vararg")]
    assert f.params[1].default is not None
    arrow = one("const h = async (req, res) => res.send(req.query.x);")
    assert isinstance(arrow, ir.Func) and arrow.name == "h" and arrow.is_async
    assert isinstance(arrow.body[0], ir.Return) and isinstance(arrow.body[0].value, ir.Call)
    lam = expr("app.get('/', function (req, res) { res.end(); });")
    assert isinstance(lam, ir.Call) and isinstance(lam.args[1], ir.Lambda)
    single = expr("xs.map(x => x + 1);")
    assert isinstance(single, ir.Call) and isinstance(single.args[0], ir.Lambda)
    assert [p.name for p in single.args[0].func.params] == ["x"]


def test_destructured_parameters() -> None:
    f = one("function h({ query }, res) { return query; }")
    assert isinstance(f, ir.Func) and f.params[0].name.startswith("$arg")
    first = f.body[0]
    assert isinstance(first, ir.Assign) and isinstance(first.value, ir.Attr) and first.value.attr == "query"


def test_classes_methods_and_this() -> None:
    c = one("class Repo extends Base { table = 'users'; constructor(db) { this.db = db; } "
            "find(id) { return this.db.query(id); } static make() { return new Repo(); } }")
    assert isinstance(c, ir.Class) and c.name == "Repo" and isinstance(c.bases[0], ir.Name)
    members = {s.name: s for s in c.body if isinstance(s, ir.Func)}
    assert set(members) == {"__init__", "find", "make"}
    assert [p.name for p in members["find"].params] == ["self", "id"]
    assign = members["__init__"].body[0]
    assert isinstance(assign, ir.Assign) and isinstance(assign.targets[0], ir.Attr)
    assert isinstance(assign.targets[0].obj, ir.Name) and assign.targets[0].obj.id == "self"
    assert [p.name for p in members["make"].params] == []
    assert any(isinstance(d, ir.Name) and d.id == "staticmethod" for d in members["make"].decorators)
    assert any(isinstance(s, ir.Assign) for s in c.body)


def test_control_flow() -> None:
    i = one("if (a) { f(); } else if (b) { g(); } else { h(); }")
    assert isinstance(i, ir.If) and isinstance(i.orelse[0], ir.If) and len(i.orelse[0].orelse) == 1
    loops = body("for (const k in o) {} for (const [k, v] of m) {} while (x) {} do { y(); } while (z);")
    assert all(isinstance(s, ir.Loop) for s in loops)
    assert loops[0].iter is not None and loops[2].test is not None and loops[3].body
    classic = body("for (let i = 0; i < n; i++) { f(i); }")
    assert isinstance(classic[0], ir.Assign) and isinstance(classic[1], ir.Loop)
    assert isinstance(classic[1].test, ir.Compare) and len(classic[1].body) == 2
    t = one("try { a(); } catch (e) { b(e); } finally { c(); }")
    assert isinstance(t, ir.Try) and t.handlers[0].name == "e" and t.finalbody
    r = body("function f() { throw new Error('x'); return 1; }")[0]
    assert isinstance(r, ir.Func) and isinstance(r.body[0], ir.Raise) and isinstance(r.body[1], ir.Return)


def test_switch_is_an_if_chain_on_the_discriminant() -> None:
    stmts = body("switch (kind) { case 'a': f(); break; case 'b': case 'c': g(); break; default: h(); }")
    assert isinstance(stmts[0], ir.Assign)
    chain = stmts[1]
    assert isinstance(chain, ir.If) and isinstance(chain.test, ir.Compare)
    assert isinstance(chain.test.comparators[0], ir.Const) and chain.test.comparators[0].value == "a"
    b = chain.orelse[0]
    assert isinstance(b, ir.If) and any(isinstance(s, ir.ExprStmt) for s in b.body)  # falls through to 'c'
    c = b.orelse[0]
    assert isinstance(c, ir.If) and isinstance(c.orelse[0], ir.ExprStmt)  # default


def test_expressions() -> None:
    call = expr("new URL(u, ...rest);")
    assert isinstance(call, ir.Call) and isinstance(call.func, ir.Name) and call.func.id == "URL"
    assert isinstance(call.args[1], ir.Starred)
    assert isinstance(expr("a.b;"), ir.Attr)
    assert isinstance(expr("a[b];"), ir.Index)
    fmt = expr("`x ${y} z`;")
    assert isinstance(fmt, ir.Format) and [type(p) for p in fmt.parts] == [ir.Const, ir.Name, ir.Const]
    assert isinstance(expr("a + b;"), ir.BinOp)
    cmp = expr("a === b;")
    assert isinstance(cmp, ir.Compare) and cmp.ops == ["=="]
    bo = expr("a && b && c;")
    assert isinstance(bo, ir.BoolOp) and bo.op == "and" and len(bo.values) == 3
    assert isinstance(expr("a ?? b;"), ir.BoolOp)
    assert isinstance(expr("a ? b : c;"), ir.IfExp)
    assert isinstance(expr("!a;"), ir.UnaryOp)
    assert isinstance(expr("await f();"), ir.Await)
    d = expr("({ a: 1, 'b': x, [k]: 2, c, ...o });")
    assert isinstance(d, ir.DictLit) and len(d.keys) == 5 and d.keys[4] is None
    assert [k.value for k in d.keys[:2] if isinstance(k, ir.Const)] == ["a", "b"]
    arr = expr("[1, x, ...y];")
    assert isinstance(arr, ir.Collection) and isinstance(arr.elts[2], ir.Starred)
    inc = expr("allowed.includes(x);")
    assert isinstance(inc, ir.Compare) and inc.ops == ["in"]
    tagged = expr("sql`SELECT ${id}`;")
    assert isinstance(tagged, ir.Call) and isinstance(tagged.args[0], ir.Collection) and len(tagged.args) == 2


def test_imports_and_require() -> None:
    stmts = body("import express from 'express';\nimport { exec as run, spawn } from 'node:child_process';\n"
                 "import * as fs from 'fs';\nconst cp = require('node:child_process');")
    a, b, c, d = stmts
    assert isinstance(a, ir.Import) and a.module == "express" and a.alias == "express" and not a.names
    assert isinstance(b, ir.Import) and b.module == "child_process" and b.names == [("exec", "run"), ("spawn", None)]
    assert isinstance(c, ir.Import) and c.module == "fs" and c.alias == "fs"
    assert isinstance(d, ir.Assign) and isinstance(d.value, ir.Call)
    assert isinstance(d.value.args[0], ir.Const) and d.value.args[0].value == "child_process"


def test_exports_keep_declarations() -> None:
    stmts = body("export function a() {}\nexport const b = 1;\nexport default function (req, res) {}\n"
                 "module.exports = { a };\nexport { a as c };")
    # each export is followed by a Pass naming what it exports (the library-input source reads it)
    assert isinstance(stmts[0], ir.Func) and stmts[0].name == "a"
    assert isinstance(stmts[1], ir.Pass) and stmts[1].kind == "export:a"
    assert isinstance(stmts[2], ir.Assign)
    assert isinstance(stmts[3], ir.Pass) and stmts[3].kind == "export:b"
    assert isinstance(stmts[4], ir.Func) and stmts[4].name == "default"
    assert isinstance(stmts[5], ir.Pass) and stmts[5].kind == "export:default"
    assert isinstance(stmts[6], ir.Assign) and isinstance(stmts[6].targets[0], ir.Attr)
    assert isinstance(stmts[7], ir.Pass) and stmts[7].kind == "export:a"  # `export { a as c }` names the local a
    assert len(stmts) == 8


def test_reexports_name_their_module() -> None:
    stmts = body("export { x } from './x';\nexport * from './y';")
    assert all(isinstance(s, ir.Pass) and not s.kind.startswith("export:") for s in stmts if isinstance(s, ir.Pass))
    assert not any(isinstance(s, ir.Pass) and s.kind.startswith("export:") for s in stmts)
    assert [s.kind for s in stmts] == ["export-from:./x", "export-from:./y"]  # what the package passes on


def test_shell_word_regex_check() -> None:
    # a whole-string match against characters no shell acts on: a guard for commands only
    from armur.lang.javascript import SHELL_WORD_CHARS, whole_word_match
    assert whole_word_match(r"^[A-Za-z0-9_\/:=-]+$", SHELL_WORD_CHARS)
    assert not whole_word_match(r"^[A-Za-z0-9_\/:=-]+$")  # '/' is no word character (path names)
    assert not whole_word_match(r"^[\w;]+$", SHELL_WORD_CHARS)
    assert not whole_word_match(r"^[\w ]+$", SHELL_WORD_CHARS)  # a space splits arguments
    call = body("if (/^[\\w.\\/-]+$/.test(s)) {}")[0].test
    assert isinstance(call, ir.Call) and isinstance(call.func, ir.Name) and call.func.id == "$shell_word"


def test_typescript_types_are_ignored() -> None:
    src = ("import type { Request } from 'express';\ninterface User { name: string }\ntype Id = string | number;\n"
           "function get(req: Request, id?: number): string { const x = req.query.id as string; return x!; }\n"
           "class S { constructor(private readonly db: Db) {} }\n")
    stmts = body(src, "typescript")
    kinds = [type(s) for s in stmts]
    assert kinds == [ir.Import, ir.Pass, ir.Pass, ir.Func, ir.Class]
    f = stmts[3]
    assert isinstance(f, ir.Func) and [p.name for p in f.params] == ["req", "id"]
    assert f.params[0].annotation == "Request"
    first = f.body[0]
    assert isinstance(first, ir.Assign) and isinstance(first.value, ir.Attr)  # `as string` dropped
    ret = f.body[1]
    assert isinstance(ret, ir.Return) and isinstance(ret.value, ir.Name)  # `!` dropped
    cls = stmts[4]
    assert isinstance(cls, ir.Class)
    init = cls.body[0]
    assert isinstance(init, ir.Func) and isinstance(init.body[0], ir.Assign)  # parameter property


def test_jsx_and_dangerously_set_inner_html() -> None:
    e = expr("<div className='x' dangerouslySetInnerHTML={{ __html: post.body }}><b>{name}</b></div>;", "tsx")
    assert isinstance(e, ir.Opaque) and e.kind == "jsx"
    sink = [c for c in e.children if isinstance(c, ir.Call)]
    assert len(sink) == 1 and isinstance(sink[0].func, ir.Name) and sink[0].func.id == JSX_HTML_SINK
    assert isinstance(sink[0].args[0], ir.Attr) and sink[0].args[0].attr == "body"
    assert any(isinstance(c, ir.Name) and c.id == "name" for c in e.children)
    js = expr("<p>{text}</p>;")
    assert isinstance(js, ir.Opaque)


def test_unknown_constructs_become_opaque() -> None:
    assert isinstance(expr("/ab+c/.source;"), ir.Attr)
    assert isinstance(expr("(class {});"), ir.Opaque)
    w = one("with (o) { x; }")
    assert isinstance(w, ir.OpaqueStmt)
    broken = body("let = = ;")
    assert broken and all(isinstance(s, ir.Stmt) for s in broken)


def test_deep_nesting_is_too_deep_not_a_crash() -> None:
    src = "x = " + "(" * 10_000 + "1" + ")" * 10_000 + ";"
    with pytest.raises(TooDeep):
        lower_source("deep.js", src)
    report = scan_source("app/deep.js", src)
    assert any(s.reason == "too-deep" for s in report.skipped)


def test_typescript_decorators_are_kept() -> None:
    src = ("@Controller('users')\nexport class UsersController {\n  @Get(':id')\n"
           "  findOne(@Param('id') id: string) { return id; }\n}\n")
    cls, exported = body(src, "typescript")
    assert isinstance(exported, ir.Pass) and exported.kind == "export:UsersController"
    assert isinstance(cls, ir.Class) and len(cls.decorators) == 1
    method = cls.body[0]
    assert isinstance(method, ir.Func) and len(method.decorators) == 1
    deco = method.decorators[0]
    assert isinstance(deco, ir.Call) and isinstance(deco.func, ir.Name) and deco.func.id == "Get"
    assert [p.name for p in method.params] == ["self", "id"]


def test_computed_method_names_become_method_calls() -> None:
    e = expr("o['html'](x);")
    assert isinstance(e, ir.Call) and isinstance(e.func, ir.Attr) and e.func.attr == "html"
    e = expr("o[c ? 'html' : 'text'](x);")
    assert isinstance(e, ir.IfExp)
    assert [c.func.attr for c in (e.body, e.orelse) if isinstance(c, ir.Call) and isinstance(c.func, ir.Attr)] \
        == ["html", "text"]
    e = expr("o[k](x);")  # a name chosen at run time stays an index
    assert isinstance(e, ir.Call) and isinstance(e.func, ir.Index)


def test_regex_exec_compared_with_null_is_the_test() -> None:
    found = expr("/[<]/.exec(s) != null;")
    assert isinstance(found, ir.Compare) and found.ops == ["in"]
    missing = expr("/[<]/.exec(s) === null;")
    assert isinstance(missing, ir.UnaryOp) and missing.op == "not" and isinstance(missing.operand, ir.Compare)
    other = expr("f(s) == null;")
    assert isinstance(other, ir.Compare) and other.ops == ["=="]


def test_jsx_event_handlers_of_dom_elements_are_listeners() -> None:
    s = one("let el = <form onSubmit={save}><Comp onChange={g} /></form>;", "javascript")
    listeners = [c for c in ir_walk_calls(s) if isinstance(c.func, ir.Attr) and c.func.attr == "addEventListener"]
    assert len(listeners) == 1  # the component's onChange is a prop, not a DOM listener
    assert isinstance(listeners[0].args[0], ir.Const) and listeners[0].args[0].value == "submit"


def ir_walk_calls(s: ir.Stmt) -> list[ir.Call]:
    return [x for x in walk.exprs(s) if isinstance(x, ir.Call)]
