"""Fixture-driven tests of the Go taint rules.

Every file in fixtures/go_taint/ is named after one rule (``go.<rule>[.<variant>].go``) and scanned with
:func:`armur.scan_source` as ``app/<name>``. The (rule id, line) findings of the fixture's own rule, and of
any other taint rule it annotates, must equal exactly the lines annotated ``// expect: <rule-id>`` (on
the first line of the sink call). ``// gap-fn: <rule-id>`` marks a real flaw the engine does not report
yet, ``// gap-fp: <rule-id>`` safe code it still reports; the test checks the engine behaves exactly as
annotated, gaps included.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from armur import scan_source
from armur.rules import go_taint

from .annotated_fixtures import check_every_rule_has_fixtures, check_fixture

FIXTURES = Path(__file__).parent / "fixtures" / "go_taint"
TAINT_IDS = {r.id for r in go_taint.TAINT_RULES.values()} | {go_taint.WEAK_RANDOM_RULE.id}
FIXTURE_FILES = sorted(FIXTURES.glob("*.go"))


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=[p.name for p in FIXTURE_FILES])
def test_fixture(path: Path) -> None:
    check_fixture(path, TAINT_IDS)


def test_every_taint_rule_has_a_fixture_with_positives_and_negatives() -> None:
    check_every_rule_has_fixtures(TAINT_IDS, FIXTURE_FILES)


def test_findings_carry_a_trace_from_source_to_sink() -> None:
    text = (FIXTURES / "go.sql-injection.go").read_text(encoding="utf-8")
    report = scan_source("app/go.sql-injection.go", text)
    f = next(f for f in report.findings if f.rule_id == "go.sql-injection" and f.line == 23)
    assert f.trace[0].kind == "source" and "net/http.Request.URL" in f.trace[0].note
    assert f.trace[-1].kind == "sink" and f.trace[-1].location.start_line == 23


def test_operator_input_is_low_confidence() -> None:
    text = (FIXTURES / "go.command-injection.go").read_text(encoding="utf-8")
    report = scan_source("app/cmd.go", text)
    by_line = {f.line: f for f in report.findings if f.rule_id == "go.command-injection"}
    assert by_line[35].confidence == "low"
    assert by_line[14].confidence == "high"
    assert by_line[16].confidence == "medium"  # input as an argument of a fixed program


def test_functions_of_one_package_see_each_other(tmp_path: Path) -> None:
    from armur import scan
    from armur.core.config import Config

    pkg = tmp_path / "app"
    pkg.mkdir()
    (pkg / "handler.go").write_text(
        'package app\n\nimport "net/http"\n\nfunc Handle(w http.ResponseWriter, r *http.Request) {\n'
        '\trunQuery(r.FormValue("id"))\n}\n', encoding="utf-8")
    (pkg / "store.go").write_text(
        'package app\n\nimport "database/sql"\n\nvar db *sql.DB\n\nfunc runQuery(id string) {\n'
        '\tdb.Query("SELECT * FROM t WHERE id = " + id)\n}\n', encoding="utf-8")
    report = scan([str(pkg)], Config(analyzers=("sast",), use_cache=False, jobs=1))
    hits = [(f.location.path.rsplit("/", 1)[-1], f.line) for f in report.findings if f.rule_id == "go.sql-injection"]
    assert ("store.go", 8) in hits


def _scan_tree(root: Path, files: dict[str, str]) -> list[tuple[str, int]]:
    from armur import scan
    from armur.core.config import Config

    for rel, body in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(body, encoding="utf-8")
    report = scan([str(root)], Config(analyzers=("sast",), use_cache=False, jobs=1))
    return [(f.location.path.rsplit("/", 1)[-1], f.line) for f in report.findings if f.rule_id == "go.sql-injection"]


_HANDLER = ('package main\n\nimport (\n\t"net/http"\n\n\t"github.com/acme/svc/internal/store"\n)\n\n'
            'func handle(w http.ResponseWriter, r *http.Request) {\n\tstore.Find(r.FormValue("id"))\n}\n')
_STORE = ('package store\n\nimport "database/sql"\n\nvar db *sql.DB\n\nfunc Find(id string) {\n'
          '\tdb.Query("SELECT * FROM t WHERE id = " + id)\n}\n')


def test_packages_of_the_module_are_resolved_through_go_mod(tmp_path: Path) -> None:
    hits = _scan_tree(tmp_path / "svc", {"go.mod": "module github.com/acme/svc\n\ngo 1.22\n", "main.go": _HANDLER,
                                         "internal/store/store.go": _STORE})
    assert ("store.go", 8) in hits


def test_packages_are_matched_by_path_suffix_without_go_mod(tmp_path: Path) -> None:
    hits = _scan_tree(tmp_path / "part", {"main.go": _HANDLER, "internal/store/store.go": _STORE})
    assert ("store.go", 8) in hits
    # another module's package of the same name is not this one
    other = _HANDLER.replace("github.com/acme/svc/internal/store", "github.com/acme/other/store")
    assert _scan_tree(tmp_path / "other", {"main.go": other, "internal/store/store.go": _STORE}) == []


def test_a_shadowing_declaration_in_a_block_does_not_change_the_outer_variable() -> None:
    src = ('package main\n\nimport (\n\t"database/sql"\n\t"net/http"\n)\n\n'
           'func h(db *sql.DB, r *http.Request) {\n'
           '\tq := "SELECT 1"\n'
           '\tif r.Method == "POST" {\n'
           '\t\tq := "SELECT * FROM t WHERE a = " + r.FormValue("a")\n'
           '\t\t_ = q\n'
           '\t}\n'
           '\tdb.Query(q)\n'                       # line 14: the outer, constant q
           '\tfor _, q := range r.Form["q"] {\n'
           '\t\tdb.Query(q)\n'                     # line 16: the loop's q
           '\t}\n'
           '}\n')
    lines = {f.line for f in scan_source("app/shadow.go", src).findings if f.rule_id == "go.sql-injection"}
    assert lines == {16}


_STORE_TYPE = ('package app\n\nimport "database/sql"\n\ntype Store struct {\n\tdb *sql.DB\n}\n\n'
               'func NewStore(db *sql.DB) *Store {\n\treturn &Store{db: db}\n}\n')
_STORE_METHODS = ('package app\n\nfunc (s *Store) FindUser(name string) {\n'
                  '\ts.db.Query("SELECT * FROM users WHERE name = \'" + name + "\'")\n}\n')


def test_methods_declared_in_another_file_of_the_package_resolve(tmp_path: Path) -> None:
    field = ('package app\n\nimport "net/http"\n\ntype Handler struct {\n\tstore *Store\n}\n\n'
             'func (h *Handler) Get(w http.ResponseWriter, r *http.Request) {\n'
             '\th.store.FindUser(r.FormValue("name"))\n}\n')
    ctor = ('package app\n\nimport (\n\t"database/sql"\n\t"net/http"\n)\n\n'
            'func Direct(db *sql.DB, w http.ResponseWriter, r *http.Request) {\n'
            '\ts := NewStore(db)\n\ts.FindUser(r.FormValue("name"))\n}\n')
    for i, handler in enumerate((field, ctor)):
        hits = _scan_tree(tmp_path / f"p{i}", {"store.go": _STORE_TYPE, "store_users.go": _STORE_METHODS,
                                               "handler.go": handler})
        assert hits == [("store_users.go", 4)], handler


_API = ('package api\n\nimport "net/http"\n\ntype Repository interface {\n\tSearch(term string) error\n}\n\n'
        'type API struct {\n\trepo Repository\n}\n\n'
        'func (a *API) List(w http.ResponseWriter, r *http.Request) {\n\ta.repo.Search(r.URL.Query().Get("q"))\n}\n')
_PG = ('package repo\n\nimport "database/sql"\n\ntype pgRepo struct {\n\tdb *sql.DB\n}\n\n'
       'func (p *pgRepo) Search(term string) error {\n'
       '\t_, err := p.db.Query("SELECT * FROM items WHERE name LIKE \'%" + term + "%\'")\n\treturn err\n}\n')


def test_interface_calls_run_the_one_implementation(tmp_path: Path) -> None:
    mod = "module github.com/acme/svc\n\ngo 1.22\n"
    hits = _scan_tree(tmp_path / "one", {"go.mod": mod, "internal/api/api.go": _API, "internal/repo/pg.go": _PG})
    assert hits == [("pg.go", 10)]
    # two implementations (here a second store): the call is not dispatched, as before
    other = _PG.replace("pgRepo", "memRepo").replace("p.db.Query", "_ = p.db; _ = ").replace(
        "_, err := _ = ", "var err error\n\t_ = ")
    two = _scan_tree(tmp_path / "two", {"go.mod": mod, "internal/api/api.go": _API, "internal/repo/pg.go": _PG,
                                        "internal/repo/mem.go": other})
    assert two == []


def test_package_variables_set_in_init_are_followed() -> None:
    src = ('package main\n\nimport (\n\t"database/sql"\n\t"net/http"\n\t"os/exec"\n)\n\n'
           'type Repo struct {\n\tdb *sql.DB\n}\n\n'
           'func (p *Repo) Find(id string) {\n\tp.db.Query("SELECT * FROM t WHERE id = " + id)\n}\n\n'
           'var runner func(string)\nvar repo interface{ Find(string) }\n\n'
           'func init() {\n\tdb, _ := sql.Open("postgres", "")\n\trepo = &Repo{db: db}\n'
           '\trunner = func(s string) { exec.Command("sh", "-c", s).Run() }\n}\n\n'
           'func handler(w http.ResponseWriter, r *http.Request) {\n'
           '\trepo.Find(r.FormValue("id"))\n\trunner(r.FormValue("cmd"))\n}\n')
    got = {(f.rule_id, f.line) for f in scan_source("app/init.go", src).findings}
    assert got == {("go.sql-injection", 14), ("go.command-injection", 23)}
