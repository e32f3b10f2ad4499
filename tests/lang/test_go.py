"""Lowering of Go source to the IR."""

from __future__ import annotations

import time

from armur.ir import nodes as ir
from armur.lang.go import default_alias, int_value, lower_source, normalise_import


def body(src: str) -> list[ir.Stmt]:
    return list(lower_source("x.go", src).body)


def func(src: str, name: str) -> ir.Func:
    return next(s for s in body(src) if isinstance(s, ir.Func) and s.name == name)


def test_imports_drop_version_suffixes_and_use_the_package_name() -> None:
    stmts = body('package m\nimport (\n\t"net/http"\n\tchi "github.com/go-chi/chi/v5"\n\t"gopkg.in/yaml.v3"\n\t'
                 '_ "github.com/lib/pq"\n)\n')
    imports = [(s.module, s.alias) for s in stmts if isinstance(s, ir.Import)]
    assert imports == [("net/http", "http"), ("github.com/go-chi/chi", "chi"), ("gopkg.in/yaml.v3", "yaml")]
    assert normalise_import("github.com/labstack/echo/v4") == "github.com/labstack/echo"
    assert default_alias("github.com/go-chi/chi/v5") == "chi"


def test_parameter_annotations_are_qualified_types() -> None:
    f = func('package m\nimport "net/http"\nfunc h(w http.ResponseWriter, r *http.Request, n int) {}\n', "h")
    assert [(p.name, p.annotation) for p in f.params] == [
        ("w", "net/http.ResponseWriter"), ("r", "net/http.Request"), ("n", "int")]


def test_methods_are_grouped_into_a_class_with_a_self_receiver() -> None:
    src = ('package m\nimport "database/sql"\ntype S struct {\n\tdb *sql.DB\n\tname string\n}\n'
           'func (s *S) Get(id string) { s.db.Query(id) }\n')
    cls = next(s for s in body(src) if isinstance(s, ir.Class))
    assert cls.name == "S"
    field = cls.body[0]
    assert isinstance(field, ir.Assign) and isinstance(field.value, ir.Attr) and field.value.attr == "DB"
    meth = cls.body[1]
    assert isinstance(meth, ir.Func) and meth.params[0].name == "self"
    call = meth.body[0].expr  # type: ignore[attr-defined]
    assert isinstance(call.func.obj.obj, ir.Name) and call.func.obj.obj.id == "self"


def test_multiple_results_bind_the_first_value() -> None:
    f = func('package m\nfunc f() {\n\trows, err := db.Query(q)\n\ta, b = b, a\n}\n', "f")
    first, second, swap = f.body
    assert isinstance(first, ir.Assign) and isinstance(first.value, ir.Call)
    assert isinstance(second, ir.Assign) and isinstance(second.value, ir.Opaque)
    assert isinstance(swap, ir.Assign) and isinstance(swap.targets[0], ir.Collection)


def test_sprintf_is_a_format_with_numeric_verbs_wrapped() -> None:
    f = func('package m\nimport "fmt"\nfunc f(a string, n int) {\n\tq := fmt.Sprintf("x=%s y=%d %%", a, n)\n}\n',
             "f")
    value = f.body[0].value  # type: ignore[attr-defined]
    assert isinstance(value, ir.Format)
    assert isinstance(value.parts[1], ir.Name)
    assert isinstance(value.parts[3], ir.Call) and value.parts[3].func.id == "$fmt_number"  # type: ignore[union-attr]


def test_literals() -> None:
    assert int_value("0600") == 0o600 and int_value("0o755") == 0o755 and int_value("0x1F") == 31
    f = func('package m\nfunc f() {\n\ts := "a\\tb"\n\tr := `raw\\n`\n}\n', "f")
    assert [s.value.value for s in f.body] == ["a\tb", "raw\\n"]  # type: ignore[attr-defined]


def test_control_flow_shapes() -> None:
    src = ('package m\nfunc f(x string) {\n\tif err := g(); err != nil {\n\t\treturn\n\t}\n'
           '\tfor i := 0; i < 3; i++ {\n\t}\n\tfor k, v := range m {\n\t\t_ = k + v\n\t}\n'
           '\tswitch x {\n\tcase "a", "b":\n\t\th()\n\tdefault:\n\t}\n\tdefer h()\n\tgo func() {}()\n}\n')
    kinds = [type(s).__name__ for s in func(src, "f").body]
    assert kinds == ["ExprStmt", "Assign", "If", "Assign", "Loop", "Loop", "Assign", "If", "ExprStmt", "ExprStmt"]


def test_composite_literals() -> None:
    f = func('package m\nimport "crypto/tls"\nfunc f() {\n\ta := &tls.Config{InsecureSkipVerify: true}\n'
             '\tb := map[string]int{"k": 1}\n\tc := []string{"x", y}\n}\n', "f")
    a, b, c = (s.value for s in f.body)  # type: ignore[attr-defined]
    assert isinstance(a, ir.Call) and a.keywords[0].name == "InsecureSkipVerify"
    assert isinstance(b, ir.DictLit) and isinstance(c, ir.Collection)


def test_or_of_equalities_is_membership() -> None:
    f = func('package m\nfunc f(x string) {\n\tif x == "a" || x == "b" {\n\t}\n}\n', "f")
    test = f.body[0].test  # type: ignore[attr-defined]
    assert isinstance(test, ir.Compare) and test.ops == ["in"]


def test_syntax_errors_lower_partially() -> None:
    stmts = body("package m\nfunc ok() {}\nfunc broken( {\n\tx := \nfunc after() {}\n")
    assert any(isinstance(s, ir.Func) and s.name == "ok" for s in stmts)


def test_lowering_is_fast() -> None:
    fn = 'func f{i}(w http.ResponseWriter, r *http.Request) {{\n\tq := r.URL.Query().Get("x")\n' \
         '\tif q != "" {{\n\t\tfmt.Fprintf(w, "%s", q)\n\t}}\n}}\n'
    src = 'package m\nimport (\n\t"fmt"\n\t"net/http"\n)\n' + "".join(fn.format(i=i) for i in range(2000))
    started = time.perf_counter()
    lower_source("big.go", src)
    assert time.perf_counter() - started < 5.0  # about 12,000 lines
