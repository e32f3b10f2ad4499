"""Lowering of Rust to the IR (armur.lang.rust)."""

from __future__ import annotations

from armur import scan_source
from armur.ir import nodes as ir
from armur.lang import language_of
from armur.lang.rust import HANDLER, NUMERIC, REQUEST_PARAMS, lower_source, normalise_type


def body(src: str) -> list[ir.Stmt]:
    return [s for s in lower_source("t.rs", src).body if not isinstance(s, ir.Import) or s.span.line]


def func(src: str) -> ir.Func:
    fs = [s for s in body(src) if isinstance(s, ir.Func)]
    assert len(fs) == 1, fs
    return fs[0]


def test_suffix_and_language() -> None:
    assert language_of("src/main.rs") == "rust"
    assert lower_source("a.rs", "fn main() {}").language == "rust"


def test_spans_are_one_based() -> None:
    f = func("\n  fn f() {}")
    assert (f.span.line, f.span.col) == (2, 3)


def test_use_declarations_become_imports() -> None:
    stmts = lower_source("t.rs", "use std::fs::{self, File as F};\nuse std::process::Command;\nuse a::*;\n").body
    imports = [(s.module, s.names) for s in stmts if isinstance(s, ir.Import)]
    assert ("std", [("fs", None)]) in imports
    assert ("std.fs", [("File", "F")]) in imports
    assert ("std.process", [("Command", None)]) in imports
    assert ("a", [("*", None)]) in imports


def test_unbound_path_roots_are_imported_implicitly() -> None:
    stmts = lower_source("t.rs", "fn f() { reqwest::get(\"x\"); }").body
    assert any(isinstance(s, ir.Import) and s.module == "reqwest" and not s.names for s in stmts)


def test_tail_expression_is_returned() -> None:
    f = func("fn f(x: String) -> String { x }")
    assert isinstance(f.body[-1], ir.Return)
    assert isinstance(f.body[-1].value, ir.Name) and f.body[-1].value.id == "x"


def test_format_macro_is_a_format_over_its_arguments() -> None:
    f = func('fn f(a: String) -> String { format!("x{}y{a}z{{", a.len()) }')
    ret = f.body[-1]
    assert isinstance(ret, ir.Return) and isinstance(ret.value, ir.Format)
    parts = ret.value.parts
    assert isinstance(parts[0], ir.Const) and parts[0].value == "x"
    assert isinstance(parts[1], ir.Call)
    assert isinstance(parts[3], ir.Name) and parts[3].id == "a"
    assert "".join(str(x.value) for x in parts[4:] if isinstance(x, ir.Const)) == "z{"


def test_macro_argument_spans_map_back_to_the_file() -> None:
    f = func('fn f(a: u8) {\n    println!("{}", a);\n}')
    call = f.body[-1]
    assert isinstance(call, ir.ExprStmt) and isinstance(call.expr, ir.Call)
    fmt = call.expr.args[0]
    assert isinstance(fmt, ir.Format)
    name = fmt.parts[0]
    assert isinstance(name, ir.Name) and (name.span.line, name.span.col) == (2, 20)


def test_match_is_an_if_chain_with_equality_tests() -> None:
    f = func('fn f(m: &str) -> u8 { match m { "a" | "b" => 1, other => 2 } }')
    chain = f.body[-1]
    assert isinstance(chain, ir.If)
    # `"a" | "b"` is membership in the list of literals (an allow-list test).
    test = chain.test
    assert isinstance(test, ir.Compare) and test.ops == ["in"]
    assert isinstance(test.comparators[0], ir.Collection)
    assert [e.value for e in test.comparators[0].elts if isinstance(e, ir.Const)] == ["a", "b"]
    assert isinstance(chain.orelse[0], ir.Assign)  # `other` binds the scrutinee
    g = func('fn g(m: &str) -> u8 { match m { "a" | "b" if m.len() > 0 => 1, Some(_) | "c" => 2, _ => 3 } }')
    tests = [g.body[-1].test, g.body[-1].orelse[-1].test] if isinstance(g.body[-1], ir.If) else []
    assert isinstance(tests[0], ir.BoolOp) and tests[0].op == "and"  # the guard is kept
    assert isinstance(tests[1], ir.BoolOp) and tests[1].op == "or"  # not only literals


def test_let_patterns_and_extractor_parameters() -> None:
    f = func("async fn h(Query(q): Query<HashMap<String, String>>, Path((a, b)): Path<(String, u32)>) {}")
    assert [p.annotation for p in f.params] == ["Query[HashMap[String,String]]", "Path[(String,u32)]"]
    # A pattern binding the whole value names the parameter; a tuple pattern binds its parts.
    assert f.params[0].name == "q"
    targets = [s.targets[0].id for s in f.body if isinstance(s, ir.Assign) and isinstance(s.targets[0], ir.Name)]
    assert targets == ["a", "b"]


def test_numbers_pass_through_numeric() -> None:
    f = func("fn f(s: String) { let n: u32 = s.parse().unwrap(); let m = s.parse::<i64>(); }")
    values = [s.value for s in f.body if isinstance(s, ir.Assign)]
    assert all(isinstance(v, ir.Call) and isinstance(v.func, ir.Name) and v.func.id == NUMERIC for v in values)


def test_impl_blocks_merge_into_one_class() -> None:
    stmts = body("struct S { a: String }\nimpl S { fn new() -> Self { S { a: String::new() } } }\n"
                 "impl Display for S { fn fmt(&self) {} }\n")
    classes = [s for s in stmts if isinstance(s, ir.Class)]
    assert len(classes) == 1 and classes[0].name == "S"
    methods = {m.name: m for m in classes[0].body if isinstance(m, ir.Func)}
    assert set(methods) == {"new", "fmt"}
    assert methods["fmt"].params[0].name == "self"
    assert any(isinstance(d, ir.Name) and d.id == "staticmethod" for d in methods["new"].decorators)


def test_route_attributes_and_registrations_mark_handlers() -> None:
    stmts = body('#[get("/u/<name>?<q>")]\nfn a(name: &str, q: String, db: &State<Db>) {}\n'
                 "async fn b(body: String) {}\nfn main() { Router::new().route(\"/\", post(b)); }\n")
    fs = {s.name: s for s in stmts if isinstance(s, ir.Func)}
    assert any(isinstance(d, ir.Name) and d.id == HANDLER for d in fs["a"].decorators)
    assert any(isinstance(d, ir.Name) and d.id == HANDLER for d in fs["b"].decorators)
    params = [d for d in fs["a"].decorators if isinstance(d, ir.Call) and isinstance(d.func, ir.Name)
              and d.func.id == REQUEST_PARAMS]
    assert [a.value for a in params[0].args if isinstance(a, ir.Const)] == ["name", "q"]


def test_test_code_is_not_lowered() -> None:
    stmts = body("#[cfg(test)]\nmod tests { fn t() {} }\n#[test]\nfn t2() {}\nfn real() {}\n")
    assert [s.name for s in stmts if isinstance(s, ir.Func | ir.Class)] == ["real"]


def test_type_normalisation() -> None:
    assert normalise_type("&'a mut web::Query<HashMap<String, String>>") == "web.Query[HashMap[String,String]]"


def test_broken_source_is_partial_not_a_crash() -> None:
    src = "fn ok() { let a = 1; }\nfn broken( { let = ; }\nimpl { fn }\nfn after(x: String) { format!(\"{\", x); }\n"
    lower_source("t.rs", src)
    report = scan_source("app/bad.rs", src)
    assert not [s for s in report.skipped if s.reason == "analyzer-error"]


def test_deep_nesting_is_skipped_not_crashing() -> None:
    src = "fn f() { let x = " + "(" * 600 + "1" + ")" * 600 + "; }"
    report = scan_source("app/deep.rs", src)
    assert all(s.reason != "analyzer-error" for s in report.skipped)


def test_structs_are_classes_with_typed_fields() -> None:
    src = ("use rusqlite::Connection;\nuse std::sync::{Arc, Mutex};\n"
           "struct Repo { pool: sqlx::PgPool }\n"
           "struct AppState {\n    repo: Repo,\n    db: Arc<Mutex<Connection>>,\n    name: String,\n"
           "    next: Option<Box<AppState>>,\n}\n"
           "impl AppState { fn f(&self) {} }\n")
    classes = {s.name: s for s in body(src) if isinstance(s, ir.Class)}
    state = classes["AppState"]
    fields = {st.targets[0].id: st.value for st in state.body if isinstance(st, ir.Assign)
              and isinstance(st.targets[0], ir.Name)}
    # Library types are their paths, structs of the crate are instances; data and boxed links are left out.
    assert isinstance(fields["db"], ir.Name) and fields["db"].id == "Connection"
    assert isinstance(fields["repo"], ir.Call) and isinstance(fields["repo"].func, ir.Name)
    assert fields["repo"].func.id == "Repo"
    assert "name" not in fields and "next" not in fields
    assert any(isinstance(st, ir.Func) and st.name == "f" for st in state.body)  # merged with the impl
    order = [s.name for s in body(src) if isinstance(s, ir.Class)]
    assert order.index("Repo") < order.index("AppState")


def test_state_parameters_hold_the_wrapped_type() -> None:
    src = ("struct AppState { pool: sqlx::PgPool }\ntype DbPool = r2d2::Pool<M>;\n"
           "async fn h(State(s): State<AppState>, pool: web::Data<DbPool>, q: Query<P>) {}\n")
    f = func(src)
    assigns = [(st.targets[0].id, st.value) for st in f.body if isinstance(st, ir.Assign)
               and isinstance(st.targets[0], ir.Name)]
    first = dict(assigns[:1])
    assert isinstance(first["s"], ir.Call) and isinstance(first["s"].func, ir.Name)
    pool = dict(assigns)["pool"]
    assert isinstance(pool, ir.Attr) and pool.attr == "Pool"  # the alias is followed
    assert "q" not in dict(assigns)  # request extractors are not rebound
