#!/usr/bin/env python3
"""Held-out score of armur's JavaScript rules on njsscan's labelled Node.js test sources.

usage: benchmarks/js_heldout.py PATH [--split dev|test|all] [--show N] [--json OUT]

PATH is an export of ajinabraham/njsscan (never committed here), e.g.
    git -C <mirror> archive <commit> tests njsscan/rules | tar -x -C /work/bench/njsscan
The script reads PATH/tests/assets/node_source/:

- true_positives/**.js: each `// ruleid: <njsscan-rule>` comment marks vulnerable code that starts
  on the next line. One positive case per annotation. armur *finds* it when it reports a finding
  of a rule mapped to the case's category whose line lies in the annotation's window: from the
  annotation to the line before the next `ruleid` annotation of the file (or the end of the file).
  The window is needed because njsscan annotates where its pattern match starts (often the line
  that reads the request), while armur reports the sink line.
- true_negatives/*.js: njsscan's own test asserts that none of its rules fires on any of these
  files, so every one is labelled safe. One negative case per (file, category) for the category
  (or categories) of the vulnerable files the safe file mirrors (NEGATIVE_CATEGORY below, written
  from the dataset's pairing, before any result was seen). Conservatively, a safe file not paired
  with a category becomes an extra negative case of that category, counted as a false positive,
  whenever armur reports that category in it.

Categories are vulnerability classes (CWE). Each njsscan rule id is assigned one category from its
CWE metadata (njsscan's `cwe-327` covers several classes, so MD5/SHA-1, ciphers and Math.random
are told apart by the rule's meaning); each category maps to the armur rule ids of the same class.
Rules whose class armur has no rule for are listed as out of scope with their counts.

Split: a file is in the dev half when zlib.crc32(path relative to node_source) is even, else test.
Each file is scanned on its own with `armur.scan_source` (nothing cached, the file never executed).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from heldout import SPLITS, Tally, mean, split_of  # noqa: E402

# category -> armur rule ids (same vulnerability class). "secrets.*" (CWE-798) is added below.
CATEGORIES: dict[str, tuple[str, ...]] = {
    "SQL injection (CWE-89)": ("javascript.sql-injection",),
    "NoSQL injection (CWE-943)": ("javascript.nosql-injection",),
    "XSS (CWE-79/80/116)": ("javascript.xss", "javascript.template-autoescape-off"),
    "Code injection (CWE-94/95)": ("javascript.code-injection", "javascript.template-injection"),
    "Command injection (CWE-78)": ("javascript.command-injection",),
    "Path traversal (CWE-22/23)": ("javascript.path-traversal",),
    "SSRF (CWE-918)": ("javascript.ssrf",),
    "Open redirect (CWE-601)": ("javascript.open-redirect",),
    "Unsafe deserialization (CWE-502)": ("javascript.unsafe-deserialization",),
    "XXE (CWE-611)": ("javascript.xxe",),
    "Regex injection (CWE-400/730)": ("javascript.regex-injection",),
    "Hard-coded secret (CWE-798)": ("javascript.hardcoded-secret", "javascript.hardcoded-credential"),
    "Weak hash (CWE-328)": ("javascript.weak-hash",),
    "Insecure random (CWE-338)": ("javascript.insecure-random",),
    "TLS verification off (CWE-295)": ("javascript.tls-verify-disabled",),
    "Permissive CORS (CWE-346/942)": ("javascript.cors-any-origin-with-credentials",),
    "Insecure cookie (CWE-614/1004)": ("javascript.insecure-cookie",),
    "JWT signature not checked (CWE-347)": ("javascript.jwt-unverified",),
}
SECRETS_CATEGORY = "Hard-coded secret (CWE-798)"

# njsscan rule id -> category (None: class armur has no rule for; the string says which class).
RULE_CATEGORY: dict[str, str] = {
    "node_sqli_injection": "SQL injection (CWE-89)",
    "node_knex_sqli_injection": "SQL injection (CWE-89)",
    "node_nosqli_injection": "NoSQL injection (CWE-943)",
    "node_nosqli_js_injection": "NoSQL injection (CWE-943)",
    "express_xss": "XSS (CWE-79/80/116)",
    "dom_xss": "XSS (CWE-79/80/116)",
    "xss_serialize_javascript": "XSS (CWE-79/80/116)",
    "handlebars_safestring": "XSS (CWE-79/80/116)",
    "handlebars_noescape": "XSS (CWE-79/80/116)",
    "squirrelly_autoescape": "XSS (CWE-79/80/116)",
    "xss_disable_mustache_escape": "XSS (CWE-79/80/116)",
    "eval_nodejs": "Code injection (CWE-94/95)",
    "eval_require": "Code injection (CWE-94/95)",
    "sandbox_code_injection": "Code injection (CWE-94/95)",
    "vm2_code_injection": "Code injection (CWE-94/95)",
    "vm2_context_injection": "Code injection (CWE-94/95)",
    "vm_runincontext_injection": "Code injection (CWE-94/95)",
    "vm_runinnewcontext_injection": "Code injection (CWE-94/95)",
    "vm_compilefunction_injection": "Code injection (CWE-94/95)",
    "vm_code_injection": "Code injection (CWE-94/95)",
    "server_side_template_injection": "Code injection (CWE-94/95)",
    "generic_os_command_exec": "Command injection (CWE-78)",
    "shelljs_os_command_exec": "Command injection (CWE-78)",
    "generic_path_traversal": "Path traversal (CWE-22/23)",
    "join_resolve_path_traversal": "Path traversal (CWE-22/23)",
    "zip_path_overwrite": "Path traversal (CWE-22/23)",
    "zip_path_overwrite2": "Path traversal (CWE-22/23)",
    "admzip_path_overwrite": "Path traversal (CWE-22/23)",
    "tar_path_overwrite": "Path traversal (CWE-22/23)",
    "express_lfr": "Path traversal (CWE-22/23)",
    "express_lfr_warning": "Path traversal (CWE-22/23)",
    "node_ssrf": "SSRF (CWE-918)",
    "phantom_ssrf": "SSRF (CWE-918)",
    "puppeteer_ssrf": "SSRF (CWE-918)",
    "playwright_ssrf": "SSRF (CWE-918)",
    "wkhtmltopdf_ssrf": "SSRF (CWE-918)",
    "wkhtmltoimage_ssrf": "SSRF (CWE-918)",
    "express_open_redirect": "Open redirect (CWE-601)",
    "express_open_redirect2": "Open redirect (CWE-601)",
    "node_deserialize": "Unsafe deserialization (CWE-502)",
    "serializetojs_deserialize": "Unsafe deserialization (CWE-502)",
    "yaml_deserialize": "Unsafe deserialization (CWE-502)",
    "node_xxe": "XXE (CWE-611)",
    "xxe_expat": "XXE (CWE-611)",
    "xxe_sax": "XXE (CWE-611)",
    "xxe_xml2json": "XXE (CWE-611)",
    "regex_injection_dos": "Regex injection (CWE-400/730)",
    "hardcoded_jwt_secret": "Hard-coded secret (CWE-798)",
    "jwt_express_hardcoded": "Hard-coded secret (CWE-798)",
    "hardcoded_passport_secret": "Hard-coded secret (CWE-798)",
    "node_secret": "Hard-coded secret (CWE-798)",
    "node_password": "Hard-coded secret (CWE-798)",
    "node_api_key": "Hard-coded secret (CWE-798)",
    "node_username": "Hard-coded secret (CWE-798)",
    "node_md5": "Weak hash (CWE-328)",
    "node_sha1": "Weak hash (CWE-328)",
    "node_insecure_random_generator": "Insecure random (CWE-338)",
    "node_tls_reject": "TLS verification off (CWE-295)",
    "node_curl_ssl_verify_disable": "TLS verification off (CWE-295)",
    "sequelize_tls_cert_validation": "TLS verification off (CWE-295)",
    "express_cors": "Permissive CORS (CWE-346/942)",
    "generic_cors": "Permissive CORS (CWE-346/942)",
    "cookie_session_no_secure": "Insecure cookie (CWE-614/1004)",
    "cookie_session_no_httponly": "Insecure cookie (CWE-614/1004)",
    "node_jwt_none_algorithm": "JWT signature not checked (CWE-347)",
}
# njsscan rules of classes armur has no rule for.
OUT_OF_SCOPE: dict[str, str] = {
    "node_aes_ecb": "weak cipher mode (CWE-327)", "node_aes_noiv": "cipher without IV (CWE-329)",
    "node_weak_crypto": "weak cipher (CWE-327)", "node_timing_attack": "timing attack (CWE-208)",
    "sequelize_tls": "cleartext DB connection (CWE-319)", "sequelize_weak_tls": "old TLS version (CWE-757)",
    "express_bodyparser": "resource exhaustion (CWE-400)", "layer7_object_dos": "resource exhaustion (CWE-400)",
    "regex_dos": "ReDoS by a constant pattern (CWE-1333)",
    "electron_disable_websecurity": "Electron settings", "electron_allow_http": "Electron settings",
    "electron_blink_integration": "Electron settings", "electron_nodejs_integration": "Electron settings",
    "electron_context_isolation": "Electron settings", "electron_experimental_features": "Electron settings",
    "grpc_insecure_connection": "insecure gRPC channel (CWE-319)",
    "node_error_disclosure": "error disclosure (CWE-209)", "generic_error_disclosure": "error disclosure (CWE-209)",
    "node_logic_bypass": "logic bypass (CWE-807)",
    "cookie_session_default": "cookie attributes (name/domain/path/samesite/maxage)",
    "cookie_session_no_samesite": "cookie attributes (name/domain/path/samesite/maxage)",
    "cookie_session_no_domain": "cookie attributes (name/domain/path/samesite/maxage)",
    "cookie_session_no_path": "cookie attributes (name/domain/path/samesite/maxage)",
    "cookie_session_no_maxage": "cookie attributes (name/domain/path/samesite/maxage)",
    "helmet_feature_disabled": "security headers (CWE-693)", "header_xss_lusca": "security headers (CWE-693)",
    "header_xss_generic": "security headers (CWE-693)",
    "generic_header_injection": "header injection (CWE-113/644)",
    "host_header_injection": "host header injection (CWE-20)",
    "jwt_exposed_credentials": "JWT payload exposure (CWE-522)", "jwt_exposed_data": "JWT payload exposure (CWE-522)",
    "jwt_not_revoked": "JWT revocation (CWE-522)",
    "buffer_noassert": "buffer bounds (CWE-119)",
    "node_entity_expansion": "XML entity expansion (CWE-776)",
    "node_xpath_injection": "XPath injection (CWE-643)",
}

# safe file -> categories of the vulnerable sources it mirrors ([] = only out-of-scope classes).
NEGATIVE_CATEGORY: dict[str, list[str]] = {
    "express_bodyparser.js": [],
    "express_hbs_safe.js": ["Path traversal (CWE-22/23)"],
    "good_controls.js": [],
    "hardcoded_evals.js": ["Code injection (CWE-94/95)"],
    "hardcoded_os_command.js": ["Command injection (CWE-78)"],
    "header_helmet_enabled.js": [],
    "header_xss_protection.js": [],
    "http_client_node.js": ["SSRF (CWE-918)"],
    "safe_archive_extract.js": ["Path traversal (CWE-22/23)"],
    "safe_buffer.js": [],
    "safe_comparison.js": [],
    "safe_cors_header.js": ["Permissive CORS (CWE-346/942)"],
    "safe_creds_node.js": ["Hard-coded secret (CWE-798)"],
    "safe_crypto.js": ["Weak hash (CWE-328)", "Insecure random (CWE-338)"],
    "safe_electron.js": [],
    "safe_error_handling.js": [],
    "safe_expat.js": ["XXE (CWE-611)"],
    "safe_grpc.js": [],
    "safe_header_cookie.js": ["Insecure cookie (CWE-614/1004)"],
    "safe_headers.js": [],
    "safe_host_header.js": [],
    "safe_html_node.js": ["XSS (CWE-79/80/116)"],
    "safe_jwt_algorithm.js": ["JWT signature not checked (CWE-347)"],
    "safe_jwt_credentials.js": [],
    "safe_jwt_data.js": [],
    "safe_jwt_express.js": ["Hard-coded secret (CWE-798)"],
    "safe_jwt_revoked.js": [],
    "safe_jwt_token.js": ["Hard-coded secret (CWE-798)"],
    "safe_loop.js": [],
    "safe_mustache_escape.js": ["XSS (CWE-79/80/116)"],
    "safe_nosql.js": ["NoSQL injection (CWE-943)"],
    "safe_nosql_find.js": ["NoSQL injection (CWE-943)"],
    "safe_passport.js": ["Hard-coded secret (CWE-798)"],
    "safe_path_join_resolve.js": ["Path traversal (CWE-22/23)"],
    "safe_phantomjs.js": ["SSRF (CWE-918)"],
    "safe_playwright.js": ["SSRF (CWE-918)"],
    "safe_puppeteer.js": ["SSRF (CWE-918)"],
    "safe_redirect.js": ["Open redirect (CWE-601)"],
    "safe_regex.js": ["Regex injection (CWE-400/730)"],
    "safe_regex_check.js": [],
    "safe_require.js": ["Code injection (CWE-94/95)"],
    "safe_sandbox.js": ["Code injection (CWE-94/95)"],
    "safe_sax.js": ["XXE (CWE-611)"],
    "safe_sequelize_strong_tls.js": [],
    "safe_sequelize_tls.js": [],
    "safe_sequelize_tls_validation.js": ["TLS verification off (CWE-295)"],
    "safe_seralize_js.js": ["XSS (CWE-79/80/116)"],
    "safe_serialize.js": ["Unsafe deserialization (CWE-502)"],
    "safe_shelljs.js": ["Command injection (CWE-78)"],
    "safe_sql.js": ["SQL injection (CWE-89)"],
    "safe_sql_knex.js": ["SQL injection (CWE-89)"],
    "safe_template_rendering.js": ["Code injection (CWE-94/95)"],
    "safe_templates.js": ["XSS (CWE-79/80/116)"],
    "safe_tls_node.js": ["TLS verification off (CWE-295)"],
    "safe_traversal.js": ["Path traversal (CWE-22/23)"],
    "safe_vm.js": ["Code injection (CWE-94/95)"],
    "safe_vm2.js": ["Code injection (CWE-94/95)"],
    "safe_wkhtmltoimage.js": ["SSRF (CWE-918)"],
    "safe_wkhtmltopdf.js": ["SSRF (CWE-918)"],
    "safe_xml2json.js": ["XXE (CWE-611)"],
    "safe_xml_expansion.js": [],
    "safe_xml_parsing.js": ["XXE (CWE-611)"],
    "safe_xpath.js": [],
    "safe_xss_dom.js": ["XSS (CWE-79/80/116)"],
    "safe_yaml_load.js": ["Unsafe deserialization (CWE-502)"],
}

ANNOTATION = re.compile(r"//\s*ruleid\s*:\s*([A-Za-z0-9_,\s-]+)")


def category_rules(known: set[str]) -> dict[str, set[str]]:
    out = {c: {r for r in ids if r in known} for c, ids in CATEGORIES.items()}
    out[SECRETS_CATEGORY] |= {r for r in known if r.startswith("secrets.")}
    return out


def categories_of(rule_id: str, cat_rules: dict[str, set[str]]) -> list[str]:
    return [c for c, ids in cat_rules.items() if rule_id in ids]


def positive_cases(text: str) -> list[tuple[int, int, str]]:
    """(first line, last line, njsscan rule) of every ruleid window in a file (1-based lines)."""
    lines = text.splitlines()
    marks = []
    for i, line in enumerate(lines, 1):
        m = ANNOTATION.search(line)
        if m:
            marks.extend((i, rid) for rid in re.split(r"[\s,]+", m.group(1).strip()) if rid)
    starts = sorted({ln for ln, _ in marks})
    out = []
    for ln, rid in marks:
        later = [s for s in starts if s > ln]
        end = later[0] - 1 if later else len(lines)
        out.append((ln, end, rid))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("path", type=Path)
    ap.add_argument("--split", choices=SPLITS, default="all")
    ap.add_argument("--show", type=int, default=0, metavar="N",
                    help="print up to N misses and N false positives with what armur reported")
    ap.add_argument("--json", type=Path, help="write per-case results here")
    args = ap.parse_args(argv)

    import armur
    from armur.core.rules import load_all_rules

    known = {r.id for r in load_all_rules()}
    cat_rules = category_rules(known)
    root = args.path / "tests" / "assets" / "node_source"
    files = sorted(p for p in root.rglob("*.js"))
    if not files:
        print(f"no sources under {root}", file=sys.stderr)
        return 2

    cases = []  # dicts: file, split, kind (pos/neg), category, rule, window, found, hits
    out_scope: dict[str, int] = defaultdict(int)
    unknown: dict[str, int] = defaultdict(int)
    for p in files:
        rel = p.relative_to(root).as_posix()
        split = split_of(rel)
        if args.split != "all" and split != args.split:
            continue
        text = p.read_text(encoding="utf-8", errors="replace")
        report = armur.scan_source("njsscan/" + rel, text)
        found = [(f.rule_id, f.location.start_line, f) for f in report.findings]
        by_cat: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for rid, ln, _ in found:
            for c in categories_of(rid, cat_rules):
                by_cat[c].append((rid, ln))
        reported = sorted({f"{rid}:{ln}" for rid, ln, _ in found})
        if rel.startswith("true_positives/"):
            for first, last, rid in positive_cases(text):
                cat = RULE_CATEGORY.get(rid)
                if cat is None:
                    if rid in OUT_OF_SCOPE:
                        out_scope[OUT_OF_SCOPE[rid]] += 1
                    else:
                        unknown[rid] += 1
                    continue
                hits = [f"{r}:{ln}" for r, ln in by_cat.get(cat, []) if first <= ln <= last]
                cases.append({"file": rel, "split": split, "kind": "pos", "category": cat, "rule": rid,
                              "window": [first, last], "found": bool(hits), "hits": hits,
                              "reported": reported})
        else:
            name = p.name
            paired = NEGATIVE_CATEGORY.get(name)
            if paired is None:
                print(f"warning: safe file {name} has no category label", file=sys.stderr)
                paired = []
            cats = list(paired) + [c for c in by_cat if c not in paired]
            for cat in cats:
                hits = [f"{r}:{ln}" for r, ln in by_cat.get(cat, [])]
                cases.append({"file": rel, "split": split, "kind": "neg", "category": cat, "rule": None,
                              "window": None, "found": bool(hits), "hits": hits, "reported": reported,
                              "paired": cat in paired})

    print(f"njsscan node_source, split={args.split}: {sum(c['kind'] == 'pos' for c in cases)} positive "
          f"annotations and {sum(c['kind'] == 'neg' for c in cases)} negative (file, category) cases in scope\n")
    print("| category | TP | FN | FP | TN | TPR | FPR | Youden |")
    print("|---|---|---|---|---|---|---|---|")
    tallies: dict[str, Tally] = defaultdict(Tally)
    for c in cases:
        tallies[c["category"]].add(c["kind"] == "pos", c["found"], c)
    youdens = []
    for cat in CATEGORIES:
        if cat not in tallies:
            continue
        t = tallies[cat]
        tp, fn, fp, tn = t.counts
        # Categories without positives are shown but left out of the average.
        if t.youden is not None:
            youdens.append(t.youden)
        shown = (f"{t.tpr:.2f}", f"{t.youden:.2f}") if t.tpr is not None and t.youden is not None \
            else ("-", "- (no positives)")
        print(f"| {cat} | {tp} | {fn} | {fp} | {tn} | {shown[0]} | {t.fpr or 0.0:.2f} | {shown[1]} |")
    avg = mean(youdens) if youdens else float("nan")
    print(f"| **average over {len(youdens)} categories with positives** | | | | | | | **{avg:.3f}** |")

    if out_scope or unknown:
        print("\nOut of scope (no armur rule for the class): positive annotations")
        for what, n in sorted(out_scope.items()):
            print(f"  {n:3}  {what}")
        for rid, n in sorted(unknown.items()):
            print(f"  {n:3}  unmapped njsscan rule {rid}")

    if args.show:
        misses = [c for c in cases if c["kind"] == "pos" and not c["found"]]
        fps = [c for c in cases if c["kind"] == "neg" and c["found"]]
        print(f"\nMisses ({len(misses)}):")
        for c in misses[: args.show]:
            print(f"  {c['file']}:{c['window'][0]}-{c['window'][1]}  [{c['rule']} -> {c['category']}]"
                  f"  reported: {', '.join(c['reported']) or '-'}")
        print(f"\nFalse positives ({len(fps)}):")
        for c in fps[: args.show]:
            tag = "" if c["paired"] else " (unpaired safe file)"
            print(f"  {c['file']}  [{c['category']}]{tag}  hits: {', '.join(c['hits'])}")
    if args.json:
        args.json.write_text(json.dumps(cases, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
