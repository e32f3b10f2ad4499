#!/usr/bin/env python3
"""Second held-out Solidity benchmark: semgrep-rules' Solidity security tests and DeFiVulnLabs.

usage: benchmarks/solidity_heldout2.py PATH [--split dev|test|all] [--show N] [--json OUT] [--jobs N]

PATH is a folder holding one or both of these exports (never committed here):

- `semgrep-rules/` : `git archive <commit> solidity` of semgrep/semgrep-rules. Every `.sol` under
  `solidity/security/` is a test file for the rule of the same name: a comment `// ruleid: R` (or
  `todoruleid`, a case semgrep itself still misses) says the next code line is vulnerable to R, `// ok: R`
  (or `todook`) that it is not. `solidity/best-practice` and `solidity/performance` are not security
  labels and are not scored.
- `defivulnlabs/` : `git archive <commit> src README.md` of SunWeb3Sec/DeFiVulnLabs. Its README names the
  bug class of each `src/test/*.sol`; each file holds the vulnerable contract, sometimes a fixed one,
  and test/attack contracts. DVL_LABELS below records, per file, the class the README gives and
  which contracts the file itself presents as vulnerable or as the fix (its comments and its test).
  Test/attack contracts are not cases.

A *case* is one labelled unit of code with a bug class and a label (vulnerable or safe):
- semgrep: the innermost function (or modifier/constructor/fallback/receive; else the contract) that
  contains the annotated line; several annotations of one class in one unit make one case (vulnerable
  if any says so);
- DeFiVulnLabs: a whole contract.
armur flags a case for a category when a finding of a rule mapped to that category (CATEGORIES, by
vulnerability class, never by file or contract names) starts inside the case's lines. Per category:
TP/FN over vulnerable cases, FP/TN over safe cases, TPR, FPR, Youden's J = TPR - FPR, and the mean over
categories. Classes armur has no rule for are listed as out of scope with their case counts.

Split: a case is in the dev half when zlib.crc32(case id) is even, in the test half otherwise; the id
is `<dataset>:<file>:<unit name>:<category>`, fixed before any result is seen. Only dev cases are
looked at when improving armur; test figures are the held-out ones.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from heldout import SPLITS, mean, split_of  # noqa: E402
from solidity import findings_by_file, run_armur, score_units  # noqa: E402  (benchmarks/solidity.py)

# category -> armur rules meant to find it.
CATEGORIES: dict[str, tuple[str, ...]] = {
    "access control": ("solidity.missing-access-control", "solidity.tx-origin-auth"),
    "reentrancy": ("solidity.reentrancy", "solidity.reentrancy-send-transfer"),
    "delegatecall to untrusted callee": ("solidity.delegatecall-user-controlled",),
    "integer overflow/underflow": ("solidity.integer-overflow", "solidity.unchecked-arithmetic"),
    "signature checks (replay, malleability, zero signer)": (
        "solidity.signature-replay", "solidity.ecrecover-zero-address"),
    "weak randomness": ("solidity.weak-randomness",),
    "tx.origin authorization": ("solidity.tx-origin-auth",),
    "DoS with failed call": ("solidity.dos-failed-call",),
}

# semgrep rule id -> category (what the rule's message describes), or None = a class armur does not
# model (listed as out of scope with the reason).
SEMGREP_CLASSES: dict[str, str | None] = {
    "accessible-selfdestruct": "access control",
    "unrestricted-transferownership": "access control",
    "compound-sweeptoken-not-restricted": "access control",
    "oracle-price-update-not-restricted": "access control",
    "sense-missing-oracle-access-control": "access control",
    "rigoblock-missing-access-control": "access control",
    "erc20-public-burn": "access control",
    "erc20-public-transfer": "access control",
    "uniswap-callback-not-protected": "access control",
    "delegatecall-to-arbitrary-address": "delegatecall to untrusted callee",
    "basic-arithmetic-underflow": "integer overflow/underflow",
    "erc777-reentrancy": "reentrancy",
    "erc721-reentrancy": "reentrancy",
    "erc677-reentrancy": "reentrancy",
    "compound-borrowfresh-reentrancy": "reentrancy",
    "openzeppelin-ecdsa-recover-malleable": "signature checks (replay, malleability, zero signer)",
}
OUT_OF_SCOPE_REASON: dict[str, str] = {
    "balancer-readonly-reentrancy-getpooltokens": "read-only reentrancy (stale view during a callback)",
    "balancer-readonly-reentrancy-getrate": "read-only reentrancy (stale view during a callback)",
    "curve-readonly-reentrancy": "read-only reentrancy (stale view during a callback)",
    "arbitrary-low-level-call": "arbitrary call target/data",
    "arbitrary-send-erc20": "arbitrary `from` in transferFrom",
    "erc721-arbitrary-transferfrom": "arbitrary `from` in transferFrom",
    "basic-oracle-manipulation": "price-oracle manipulation",
    "keeper-network-oracle-manipulation": "price-oracle manipulation",
    "encode-packed-collision": "abi.encodePacked hash collision",
    "gearbox-tokens-path-confusion": "protocol-specific logic",
    "redacted-cartel-custom-approval-bug": "protocol-specific logic",
    "superfluid-ctx-injection": "protocol-specific logic",
    "tecra-coin-burnfrom-bug": "protocol-specific logic",
    "missing-self-transfer-check-ercx": "protocol-specific logic",
    "incorrect-use-of-blockhash": "blockhash of the current block",
    "msg-value-multicall": "msg.value reused in a loop/multicall",
    "no-slippage-check": "missing slippage bound",
    "no-bidi-characters": "bidirectional unicode in source",
    "proxy-storage-collision": "proxy storage-slot collision",
}

# DeFiVulnLabs file -> (bug class from the README, vulnerable contracts, fixed contracts). Class None =
# out of scope (reason in the string).
DVL_LABELS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "Overflow.sol": ("integer overflow/underflow", ("TimeLock",), ()),
    "Overflow2.sol": ("integer overflow/underflow", ("TokenWhaleChallenge",), ()),
    "Delegatecall.sol": ("delegatecall to untrusted callee", ("Proxy",), ()),
    "Reentrancy.sol": ("reentrancy", ("EtherStore",), ("EtherStoreRemediated",)),
    "ERC777-reentrancy.sol": ("reentrancy", ("SimpleBank",), ()),
    "Unprotected-callback.sol": ("reentrancy", ("MaxMint721",), ()),
    "DOS.sol": ("DoS with failed call", ("KingOfEther",), ()),
    "Randomness.sol": ("weak randomness", ("GuessTheRandomNumber",), ()),
    "txorigin.sol": ("tx.origin authorization", ("Wallet",), ()),
    "Visibility.sol": ("access control", ("ownerGame",), ()),
    "NFT-transfer.sol": ("access control", ("VulnerableERC721",), ("FixedERC721",)),
    "Uninitialized_variables.sol": ("access control", ("Engine",), ()),
    "SignatureReplay.sol": ("signature checks (replay, malleability, zero signer)",
                            ("TokenWhale", "SixEyeToken"), ()),
    "SignatureReplayNBA.sol": ("signature checks (replay, malleability, zero signer)", ("NBA",), ()),
    "ecrecover.sol": ("signature checks (replay, malleability, zero signer)", ("SimpleBank",), ()),
}
DVL_OUT_OF_SCOPE: dict[str, str] = {
    "ReadOnlyReentrancy.sol": "read-only reentrancy (stale view during a callback)",
    "UnsafeCall.sol": "arbitrary call target/data",
    "Selfdestruct.sol": "forced ether via selfdestruct (balance used as state)",
    "Selfdestruct2.sol": "forced ether via selfdestruct (balance used as state)",
    "Returnvalue.sol": "unchecked ERC20 return value / non-standard tokens",
    "Returnfalse.sol": "unchecked ERC20 return value / non-standard tokens",
    "Hash-collisions.sol": "abi.encodePacked hash collision",
    "Storage-collision.sol": "proxy storage-slot collision",
    "Storage-collision-audio.sol": "proxy storage-slot collision",
    "Price_manipulation.sol": "price-oracle manipulation",
    "Oracle-stale.sol": "price-oracle manipulation",
    "unsafe-downcast.sol": "unsafe integer downcast",
}

UNIT_TYPES = ("function_definition", "modifier_definition", "constructor_definition",
              "fallback_receive_definition")
CONTRACT_TYPES = ("contract_declaration", "library_declaration", "interface_declaration")
# `// ruleid: R`, `// ok: R`, with semgrep's prefixes (todo, pro, deeptodo) and chains such as
# `// proruleid: deeptodoruleid: R`; the rule is the last name, the label the first marker.
ANNOT = re.compile(r"//\s*[a-z]*?(ruleid|ok)\s*:\s*(?:[a-z]*?(?:ruleid|ok)\s*:\s*)*([\w.-]+)\s*$")


@dataclass
class Case:
    dataset: str
    path: str  # relative to PATH
    unit: str
    start: int
    end: int
    category: str
    vulnerable: bool
    labels: list[int] = field(default_factory=list)

    @property
    def cid(self) -> str:
        return f"{self.dataset}:{self.path}:{self.unit}:{self.category}"

    @property
    def split(self) -> str:
        return split_of(self.cid)


def _units(source: bytes):
    """(kind, name, start_line, end_line) of every contract and function-like unit (1-based lines)."""
    from armur.lang.treesitter import parse
    tree = parse("solidity", source)
    out = []
    stack = [tree.root_node]
    while stack:
        n = stack.pop()
        if n.type in UNIT_TYPES or n.type in CONTRACT_TYPES:
            name_node = n.child_by_field_name("name")
            name = name_node.text.decode() if name_node is not None else n.type
            out.append(("contract" if n.type in CONTRACT_TYPES else "function", name,
                        n.start_point[0] + 1, n.end_point[0] + 1))
        stack.extend(n.children)
    return out


def semgrep_cases(root: Path, out_of_scope: dict[str, int]) -> list[Case]:
    cases: dict[tuple[str, int, str], Case] = {}
    for sol in sorted((root / "solidity" / "security").glob("*.sol")):
        rel = sol.relative_to(root.parent).as_posix()
        src = sol.read_bytes()
        lines = src.decode(errors="replace").splitlines()
        units = _units(src)
        for i, line in enumerate(lines):
            m = ANNOT.search(line)
            if not m:
                continue
            rule, vulnerable = m.group(2), m.group(1) == "ruleid"
            cat = SEMGREP_CLASSES.get(rule)
            if cat is None:
                key = OUT_OF_SCOPE_REASON.get(rule, f"unmapped rule {rule}")
                out_of_scope[f"{key} ({'vulnerable' if vulnerable else 'safe'})"] += 1
                continue
            target = i + 2  # the next non-comment line (1-based)
            while target <= len(lines) and lines[target - 1].strip().startswith("//"):
                target += 1
            inside = [u for u in units if u[2] <= target <= u[3]]
            funcs = [u for u in inside if u[0] == "function"]
            pick = min(funcs or inside, key=lambda u: u[3] - u[2], default=None)
            if pick is None:
                out_of_scope[f"annotation outside any contract ({rule})"] += 1
                continue
            unit = f"{pick[1]}@{pick[2]}"
            key = (rel, pick[2], cat)
            c = cases.get(key)
            if c is None:
                c = cases[key] = Case("semgrep", rel, unit, pick[2], pick[3], cat, vulnerable)
            c.vulnerable = c.vulnerable or vulnerable
            c.labels.append(target)
    return list(cases.values())


def dvl_cases(root: Path, out_of_scope: dict[str, int]) -> list[Case]:
    cases: list[Case] = []
    test_dir = root / "src" / "test"
    for sol in sorted(test_dir.glob("*.sol")):
        rel = sol.relative_to(root.parent).as_posix()
        if sol.name in DVL_OUT_OF_SCOPE:
            out_of_scope[f"{DVL_OUT_OF_SCOPE[sol.name]} (vulnerable)"] += 1
            continue
        if sol.name not in DVL_LABELS:
            out_of_scope["DeFiVulnLabs class armur does not model (logic/DeFi-specific)"] += 1
            continue
        cat, bad, good = DVL_LABELS[sol.name]
        contracts = {u[1]: u for u in _units(sol.read_bytes()) if u[0] == "contract"}
        for names, vulnerable in ((bad, True), (good, False)):
            for name in names:
                u = contracts.get(name)
                if u is None:
                    sys.exit(f"DeFiVulnLabs: contract {name} not found in {rel} (different commit?)")
                cases.append(Case("defivulnlabs", rel, name, u[2], u[3], cat, vulnerable))
    return cases


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("path", type=Path, help="folder with semgrep-rules/ and/or defivulnlabs/ exports")
    ap.add_argument("--split", choices=SPLITS, default="all")
    ap.add_argument("--show", type=int, default=0, help="list up to N misses and false alarms")
    ap.add_argument("--json", type=Path, help="write the scores as JSON")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    root = args.path.resolve()
    out_of_scope: dict[str, int] = defaultdict(int)
    cases: list[Case] = []
    scan_roots = []
    if (root / "semgrep-rules" / "solidity" / "security").is_dir():
        cases += semgrep_cases(root / "semgrep-rules", out_of_scope)
        scan_roots.append(root / "semgrep-rules" / "solidity" / "security")
    if (root / "defivulnlabs" / "src" / "test").is_dir():
        cases += dvl_cases(root / "defivulnlabs", out_of_scope)
        scan_roots.append(root / "defivulnlabs" / "src" / "test")
    if not cases:
        sys.exit(f"no semgrep-rules/solidity/security or defivulnlabs/src/test under {root}")
    if args.split != "all":
        cases = [c for c in cases if c.split == args.split]

    by_file: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    elapsed = 0.0
    for sr in scan_roots:
        findings, secs, _skipped = run_armur(sr, args.jobs)
        elapsed += secs
        for r, hits in findings_by_file(findings, root).items():
            by_file[r].extend(hits)

    rows, detail = score_units(cases, by_file, CATEGORIES)

    def fmt(x: float | None) -> str:
        return "-" if x is None else f"{x:.2f}"

    n_pos = sum(c.vulnerable for c in cases)
    print(f"split {args.split}: {len(cases)} in-scope cases ({n_pos} vulnerable, {len(cases) - n_pos} safe), "
          f"armur {elapsed:.1f}s")
    print("| category | TP | FN | FP | TN | TPR | FPR | Youden |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['category']} | {r['tp']} | {r['fn']} | {r['fp']} | {r['tn']} | {fmt(r['tpr'])} | "
              f"{fmt(r['fpr'])} | {fmt(r['youden'])} |")
    scored = [r["youden"] for r in rows if r["youden"] is not None]
    both = [r["youden"] for r in rows if r["youden"] is not None and r["fpr"] is not None]
    tot = {k: sum(r[k] for r in rows) for k in ("tp", "fn", "fp", "tn")}
    pooled = tot["tp"] / max(1, tot["tp"] + tot["fn"]) - tot["fp"] / max(1, tot["fp"] + tot["tn"])
    print(f"mean Youden over {len(scored)} categories with vulnerable cases: "
          f"{mean(scored):.3f}; over the {len(both)} with vulnerable and safe cases: "
          f"{mean(both):.3f}; pooled (TP {tot['tp']} FN {tot['fn']} FP {tot['fp']} "
          f"TN {tot['tn']}): {pooled:.3f}")
    print("out of scope (all splits; class: annotations or files): "
          + "; ".join(f"{k}: {v}" for k, v in sorted(out_of_scope.items())))
    if args.show:
        print("\n".join(sorted(detail)[: args.show]))
    if args.json:
        args.json.write_text(json.dumps({"split": args.split, "rows": rows, "out_of_scope": out_of_scope,
                                         "elapsed": elapsed}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
