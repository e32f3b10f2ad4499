"""Fixture-driven tests of the Rust taint rules.

Every file in fixtures/rust_taint/ is named after one rule (``rust.<rule>[.<variant>].rs``) and scanned
with :func:`armur.scan_source` as ``app/<name>``. The (rule id, line) findings of the fixture's own rule,
and of any other taint rule it annotates, must equal exactly the lines annotated
``// expect: <rule-id>[, <rule-id>...]`` (on the first line of the sink call).
``// gap-fn: <rule-id>`` marks a real flaw the engine does not report yet, ``// gap-fp: <rule-id>``
safe code it still reports; the test checks that the engine behaves exactly as annotated.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from armur import scan_source
from armur.rules import rust_taint

from .annotated_fixtures import check_every_rule_has_fixtures, check_fixture, check_traces

FIXTURES = Path(__file__).parent / "fixtures" / "rust_taint"
TAINT_IDS = {r.id for r in rust_taint.TAINT_RULES.values()} | {rust_taint.WEAK_RANDOM_RULE.id}
FIXTURE_FILES = sorted(FIXTURES.glob("*.rs"))


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=[p.name for p in FIXTURE_FILES])
def test_fixture(path: Path) -> None:
    check_fixture(path, TAINT_IDS)


def test_every_rule_has_a_fixture_with_positives_and_negatives() -> None:
    check_every_rule_has_fixtures(TAINT_IDS, FIXTURE_FILES)


def test_findings_carry_a_trace_from_source_to_sink() -> None:
    check_traces(FIXTURE_FILES, TAINT_IDS)


def test_operator_input_is_low_confidence() -> None:
    src = ("use std::process::Command;\nfn main() {\n    let script = std::env::args().nth(1).unwrap();\n"
           "    Command::new(\"sh\").arg(\"-c\").arg(&script).status().unwrap();\n"
           "    Command::new(&script).status().unwrap();\n}\n")
    found = [f for f in scan_source("app/main.rs", src).findings if f.rule_id == "rust.command-injection"]
    # The script of a shell is reported at low confidence; choosing the program is the operator's right.
    assert [(f.line, f.confidence.value) for f in found] == [(4, "low")]


def test_rules_are_documented_and_listed() -> None:
    from armur.analyzers.sast import SastAnalyzer

    listed = {r.id for r in SastAnalyzer().rules()}
    for rule in [*rust_taint.TAINT_RULES.values(), rust_taint.WEAK_RANDOM_RULE]:
        assert rule.id in listed
        assert rule.languages == ("rust",)
        assert rule.cwe and rule.owasp
        assert all((rule.doc.what, rule.doc.why, rule.doc.example, rule.doc.fix))


def test_rust_files_get_only_rust_findings() -> None:
    for path in FIXTURE_FILES:
        report = scan_source(f"app/{path.name}", path.read_text(encoding="utf-8"))
        assert all(f.rule_id.startswith("rust.") for f in report.findings if f.analyzer == "sast"), path.name


def test_flow_into_another_module_of_the_crate(tmp_path: Path) -> None:
    """`mod db;` and `use crate::db::f` / `super::` paths are followed into the module's file."""
    src = tmp_path / "src"
    (src / "api").mkdir(parents=True)
    (src / "main.rs").write_text("mod api;\nmod db;\nfn main() {}\n", encoding="utf-8")
    (src / "db.rs").write_text(
        "use rusqlite::Connection;\n"
        "pub fn delete_user(name: &str) {\n"
        "    let conn = Connection::open(\"x.db\").unwrap();\n"
        "    conn.execute(&format!(\"DELETE FROM u WHERE n = '{}'\", name), []).unwrap();\n"
        "}\n"
        "pub fn delete_safely(name: &str) {\n"
        "    let conn = Connection::open(\"x.db\").unwrap();\n"
        "    conn.execute(\"DELETE FROM u WHERE n = ?1\", [name]).unwrap();\n"
        "}\n", encoding="utf-8")
    (src / "api.rs").write_text("mod handlers;\n", encoding="utf-8")
    (src / "api" / "handlers.rs").write_text(
        "use crate::db::delete_user;\nuse axum::extract::Query;\nuse std::collections::HashMap;\n"
        "async fn del(Query(q): Query<HashMap<String, String>>) {\n"
        "    let n = q.get(\"n\").cloned().unwrap_or_default();\n"
        "    delete_user(&n);\n"
        "    super::super::db::delete_safely(&n);\n"
        "}\n", encoding="utf-8")
    from armur.api import scan
    from armur.core.config import Config

    report = scan([str(tmp_path)], Config(use_cache=False, analyzers=("sast",)))
    got = {(f.rule_id, Path(f.path).name, f.line) for f in report.findings}
    assert got == {("rust.sql-injection", "db.rs", 4)}
    trace = report.findings[0].trace
    assert [Path(s.location.path).name for s in trace][0] == "handlers.rs"


def test_application_state_declared_in_another_module(tmp_path: Path) -> None:
    """`State<AppState>` is typed from the struct's field declarations, also when the struct lives in
    another module of the crate; `Extension<PgPool>` holds the pool; plain data fields stay untyped."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "main.rs").write_text("mod handlers;\nmod state;\nfn main() {}\n", encoding="utf-8")
    (src / "state.rs").write_text(
        "use rusqlite::Connection;\nuse std::sync::{Arc, Mutex};\nuse reqwest::Client;\n"
        "pub struct AppState {\n    pub db: Arc<Mutex<Connection>>,\n    pub http: Client,\n    pub name: String,\n}\n",
        encoding="utf-8")
    (src / "handlers.rs").write_text(
        "use crate::state::AppState;\nuse axum::extract::{Extension, Query, State};\n"
        "use std::collections::HashMap;\nuse sqlx::PgPool;\n"
        "pub async fn del(State(state): State<AppState>, Query(q): Query<HashMap<String, String>>) {\n"
        "    let n = q.get(\"n\").cloned().unwrap_or_default();\n"
        "    let conn = state.db.lock().unwrap();\n"
        "    conn.execute(&format!(\"DELETE FROM u WHERE n = '{}'\", n), []).unwrap();\n"
        "    conn.execute(\"DELETE FROM u WHERE n = ?1\", [&n]).unwrap();\n"
        "    state.http.get(&n).send().await.unwrap();\n"
        "    state.name.len();\n"
        "}\n"
        "pub async fn raw(Extension(pool): Extension<PgPool>, Query(q): Query<HashMap<String, String>>) {\n"
        "    let n = q.get(\"n\").cloned().unwrap_or_default();\n"
        "    sqlx::query(\"DELETE FROM u WHERE n = $1\").bind(&n).execute(&pool).await.unwrap();\n"
        "    pool.execute(format!(\"DELETE FROM u WHERE n = '{}'\", n).as_str()).await.unwrap();\n"
        "}\n", encoding="utf-8")
    from armur.api import scan
    from armur.core.config import Config

    report = scan([str(tmp_path)], Config(use_cache=False, analyzers=("sast",)))
    got = {(f.rule_id, Path(f.path).name, f.line) for f in report.findings}
    assert got == {("rust.sql-injection", "handlers.rs", 8), ("rust.ssrf", "handlers.rs", 10),
                   ("rust.sql-injection", "handlers.rs", 16)}
