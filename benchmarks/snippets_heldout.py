#!/usr/bin/env python3
"""Held-out recall of armur's SAST on a third-party collection of vulnerable snippets.

usage: benchmarks/snippets_heldout.py PATH [--json OUT] [--show]

PATH is a checkout of snoopysecurity/Vulnerable-Code-Snippets (never committed here): small
vulnerable files in folders named after their vulnerability class ("SQL Injection", "XSS", ...),
many languages. armur was never tuned on it.

Every .js/.jsx/.mjs/.ts/.tsx/.go/.rs/.py/.sol file is classified by its folder name (or, failing
that, its file name) into a vulnerability class; the class maps to armur rule ids for the file's
language (below; only ids that exist in armur's registry count). Each file is scanned on its own
with `armur.scan_source(display_path, text)` (the display path keeps the file's suffix, so the
language is chosen as in a real scan). A file is *found* when armur reports any finding of a rule
mapped to its class anywhere in the file (file-level; the line is not checked, since the collection
does not mark lines).

Every snippet in the collection is vulnerable and there are no fixed counterparts, so this measures
recall only: it says nothing about false positives. Files whose class has no armur rule for their
language are listed as out of scope with counts (and whatever armur reported on them, for
information), not dropped silently.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

LANG_BY_SUFFIX = {
    ".js": "javascript", ".jsx": "javascript", ".mjs": "javascript", ".cjs": "javascript",
    ".ts": "javascript", ".tsx": "javascript",
    ".go": "go", ".rs": "rust", ".py": "python", ".sol": "solidity",
}

# class -> (words that name it in a folder or file name, rule-id suffixes per language prefix).
# A suffix list is tried as `<lang>.<suffix>`; ids starting with "secrets." are language-neutral.
# The mapping follows what the class means, not what armur happens to report on the files.
# Classes are tried in this order, so "NoSQL" must come before "SQL".
CLASSES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "NoSQL Injection": (("nosql",), ("nosql-injection",)),
    "SQL Injection": (("sql injection", "sqli"), ("sql-injection",)),
    "Command Injection": (("command injection", "command-injection", "cmdi"),
                          ("command-injection", "command-dynamic", "shell-command-dynamic")),
    "Code Injection": (("code injection", "code execution", "eval"),
                       ("code-injection", "eval-dynamic")),
    "Path Traversal": (("path traversal", "directory traversal", "file inclusion"),
                       ("path-traversal", "file-path-dynamic")),
    "Zip Traversal": (("zip traversal", "zip slip", "zipslip"),
                      ("zip-slip", "tarfile-unsafe-extract", "path-traversal")),
    "XSS": (("xss", "cross site scripting"), ("xss", "template-unescaped-dynamic")),
    "SSRF": (("ssrf",), ("ssrf", "http-url-dynamic")),
    "Open Redirect": (("open redirect",), ("open-redirect",)),
    "Unsafe Deserialization": (("deserialization", "deserialisation"),
                               ("unsafe-deserialization", "unsafe-deserializer", "yaml-unsafe-load")),
    "XXE": (("xxe",), ("xxe", "xml-external-entities")),
    "Prototype Pollution": (("prototype pollution",), ("prototype-pollution",)),
    "ReDoS": (("redos",), ("regex-injection",)),
    "Template Injection": (("template injection", "ssti"), ("template-injection",)),
    "LDAP Injection": (("ldap injection",), ("ldap-injection",)),
    "XPath Injection": (("xpath injection",), ("xpath-injection",)),
    "Log Forging": (("log forging", "log injection"), ("log-injection",)),
    "Integer Overflow": (("integer overflow",), ("integer-overflow",)),
    "Hard-coded secret": (("hardcoded", "hard-coded"),
                          ("hardcoded-secret", "hardcoded-credentials", "hardcoded-credential")),
}

SECRETS_FOR = {"Hard-coded secret"}


def classify(rel: Path) -> str | None:
    """Vulnerability class of a file: its folder names first, then its file name."""
    names = [p.lower().replace("_", " ") for p in rel.parts[:-1]] + [rel.stem.lower().replace("_", " ")]
    for name in names:
        for cls, (words, _) in CLASSES.items():
            if any(w in name for w in words):
                return cls
    return None


def folder_label(rel: Path) -> str:
    return rel.parts[0] if len(rel.parts) > 1 else "(top level)"


def rules_for(cls: str, lang: str, known: set[str]) -> tuple[str, ...]:
    out = [f"{lang}.{s}" for s in CLASSES[cls][1] if f"{lang}.{s}" in known]
    if cls in SECRETS_FOR:
        out += sorted(r for r in known if r.startswith("secrets."))
    return tuple(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("path", type=Path)
    ap.add_argument("--json", type=Path, help="write per-file results here")
    ap.add_argument("--show", action="store_true", help="print every file with the rules armur reported")
    args = ap.parse_args(argv)

    import armur
    from armur.core.rules import load_all_rules

    known = {r.id for r in load_all_rules()}
    root: Path = args.path
    files = sorted(p for p in root.rglob("*")
                   if p.is_file() and ".git" not in p.parts and p.suffix.lower() in LANG_BY_SUFFIX)

    rows = []
    for p in files:
        rel = p.relative_to(root)
        lang = LANG_BY_SUFFIX[p.suffix.lower()]
        cls = classify(rel)
        mapped = rules_for(cls, lang, known) if cls else ()
        text = p.read_text(encoding="utf-8", errors="replace")
        display = "snippets/" + "/".join(part.replace(" ", "_") for part in rel.parts)
        report = armur.scan_source(display, text)
        reported = sorted({f.rule_id for f in report.findings})
        hits = sorted({(f.rule_id, f.location.start_line) for f in report.findings if f.rule_id in mapped})
        rows.append({
            "file": str(rel), "language": lang, "folder": folder_label(rel), "class": cls,
            "mapped_rules": list(mapped), "in_scope": bool(mapped), "found": bool(hits),
            "hits": [f"{r}:{ln}" for r, ln in hits], "reported": reported,
            "skipped": [s.reason for s in report.skipped] if report.skipped else [],
        })

    # per language and class
    table: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    out_scope: dict[tuple[str, str], int] = defaultdict(int)
    for r in rows:
        if r["in_scope"]:
            t = table[(r["language"], r["class"])]
            t[0] += 1
            t[1] += int(r["found"])
        else:
            why = r["class"] or f"no class ({r['folder']})"
            out_scope[(r["language"], f"{r['folder']} -> {why}")] += 1

    print(f"{len(rows)} files in scope languages under {root}; "
          f"{sum(r['in_scope'] for r in rows)} in classes armur has a rule for. "
          "Recall only: every snippet is vulnerable.\n")
    print("| language | class | files | found | recall |")
    print("|---|---|---|---|---|")
    per_lang: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for (lang, cls), (n, found) in sorted(table.items()):
        print(f"| {lang} | {cls} | {n} | {found} | {found / n:.2f} |")
        per_lang[lang][0] += n
        per_lang[lang][1] += found
    for lang, (n, found) in sorted(per_lang.items()):
        print(f"| **{lang}** | all | {n} | {found} | {found / n:.2f} |")
    total_n = sum(n for n, _ in table.values())
    total_f = sum(f for _, f in table.values())
    if total_n:
        print(f"| **total** | | {total_n} | {total_f} | {total_f / total_n:.2f} |")

    print("\nOut of scope (no armur rule for the class in that language):")
    print("| language | folder -> class | files |")
    print("|---|---|---|")
    for (lang, what), n in sorted(out_scope.items()):
        print(f"| {lang} | {what} | {n} |")

    print("\nMisses:")
    for r in rows:
        if r["in_scope"] and not r["found"]:
            print(f"  {r['file']}  [{r['language']} / {r['class']}]  reported: {', '.join(r['reported']) or '-'}"
                  + (f"  skipped: {r['skipped']}" if r["skipped"] else ""))
    if args.show:
        print("\nAll files:")
        for r in rows:
            state = "found" if r["found"] else ("MISS" if r["in_scope"] else "out of scope")
            hits = ", ".join(r["hits"]) or "-"
            print(f"  {state:12} {r['file']}  hits: {hits}  reported: {', '.join(r['reported']) or '-'}")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
