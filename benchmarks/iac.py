"""Benchmark the iac analyzer against Checkov, Trivy config, hadolint and zizmor on the same files.

Usage:
    python benchmarks/iac.py --checkov-repo DIR --terragoat DIR --gha-goat DIR [--tools-bin DIR]

`--checkov-repo` is a checkout of bridgecrewio/checkov (its tests/ fixtures are labelled: Kubernetes
files are named *-FAILED* / *-PASSED*, Dockerfiles sit in failure*/ and success*/ folders, one folder
per check). terragoat and github-actions-goat are vulnerable by design: every file is known-bad.
Peers are looked up in --tools-bin (a separate venv's bin directory); missing ones are reported as such.
External suites are never committed.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from armur.analyzers.iac import IacAnalyzer
from armur.core.analyzer import SourceFile

# checkov fixture folder (= checkov check class) -> armur rules of the same family
K8S_FAMILIES: dict[str, set[str]] = {
    "AllowPrivilegeEscalation": {"iac.k8s.privilege-escalation"},
    "AllowedCapabilities": {"iac.k8s.dangerous-capabilities"},
    "AllowedCapabilitiesSysAdmin": {"iac.k8s.dangerous-capabilities"},
    "DockerSocketVolume": {"iac.k8s.host-path"},
    "ImageDigest": {"iac.k8s.image-no-digest", "iac.k8s.image-latest"},
    "ImageTagFixed": {"iac.k8s.image-latest"},
    "PrivilegedContainers": {"iac.k8s.privileged"},
    "ReadOnlyFilesystem": {"iac.k8s.writable-root-fs"},
    "RootContainers": {"iac.k8s.run-as-root"},
    "ServiceAccountTokens": {"iac.k8s.sa-token-automount"},
    "ShareHost": {"iac.k8s.host-namespace"},
    "WildcardRoles": {"iac.k8s.rbac-wildcard"},
}
DOCKER_FAMILIES: dict[str, set[str]] = {
    "AddExists": {"iac.dockerfile.add-from-url"},
    "ExposePort22": {"iac.dockerfile.exposed-ssh"},
    "HealthcheckExists": {"iac.dockerfile.missing-healthcheck"},
    "ReferenceLatestTag": {"iac.dockerfile.unpinned-base-image"},
    "RootUser": {"iac.dockerfile.root-user"},
    "UserExists": {"iac.dockerfile.root-user"},
}

Hits = dict[str, set[str]]  # resolved file path -> rule/check ids reported there


def run_armur(files: list[Path]) -> Hits:
    """The iac analyzer in-process over every file."""
    analyzer = IacAnalyzer()
    out: Hits = {}
    results = {}
    for f in files:
        if not analyzer.accepts(f.name):
            continue
        text = f.read_text(encoding="utf-8", errors="replace")
        res = analyzer.analyze(SourceFile(str(f), str(f), text))
        results[str(f)] = res
        out[str(f.resolve())] = {x.rule_id for x in res.findings}
    for x in analyzer.finish(results):  # whole-module pass (Terraform variables, locals, S3 companions)
        out.setdefault(str(Path(x.location.path).resolve()), set()).add(x.rule_id)
    return out


def _json_out(cmd: list[str], cwd: Path | None = None) -> object:
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=cwd, timeout=1800, check=False)
    try:
        return json.loads(proc.stdout or "null")
    except json.JSONDecodeError:
        return None


def run_checkov(bin_dir: Path, root: Path, framework: str) -> Hits:
    """checkov -d ROOT --framework F; hits keyed by file, values are check classes and ids."""
    data = _json_out([str(bin_dir / "checkov"), "-d", str(root), "--framework", framework, "-o", "json",
                      "--quiet", "--compact", "--skip-download"])
    reports = data if isinstance(data, list) else [data] if isinstance(data, dict) else []
    out: Hits = {}
    for rep in reports:
        for chk in (rep.get("results") or {}).get("failed_checks", []):
            path = chk.get("file_abs_path") or str(root) + chk.get("file_path", "")
            ids = out.setdefault(str(Path(path).resolve()), set())
            ids.add(chk.get("check_id", ""))
            ids.add(str(chk.get("check_class", "")).rsplit(".", 1)[-1])
    return out


def run_trivy(bin_dir: Path, root: Path) -> Hits:
    """trivy config ROOT (misconfigurations with status FAIL)."""
    exe = next((p for p in (bin_dir / "trivy", Path(shutil.which("trivy") or "/nonexistent")) if p.exists()), None)
    if exe is None:
        return {}
    data = _json_out([str(exe), "config", "--quiet", "--format", "json", str(root)])
    out: Hits = {}
    for res in (data or {}).get("Results", []) if isinstance(data, dict) else []:
        ids = {m.get("ID", "") for m in res.get("Misconfigurations") or [] if m.get("Status", "FAIL") == "FAIL"}
        if ids:
            out[str((root / res["Target"]).resolve())] = ids
    return out


def run_hadolint(bin_dir: Path, files: list[Path]) -> Hits:
    """hadolint -f json on each Dockerfile."""
    out: Hits = {}
    for f in files:
        data = _json_out([str(bin_dir / "hadolint"), "-f", "json", str(f)])
        out[str(f.resolve())] = {d.get("code", "") for d in data} if isinstance(data, list) else set()
    return out


def run_zizmor(bin_dir: Path, files: list[Path]) -> Hits:
    """zizmor --offline on workflow files."""
    out: Hits = {}
    for f in files:
        data = _json_out([str(bin_dir / "zizmor"), "--offline", "--format", "json", "--no-progress", str(f)])
        out[str(f.resolve())] = {d.get("ident", "") for d in data} if isinstance(data, list) else set()
    return out


def timed(fn: Callable[[], Hits]) -> tuple[Hits, float]:
    """Run and time one tool."""
    t = time.perf_counter()
    hits = fn()
    return hits, time.perf_counter() - t


def labelled(files: list[tuple[Path, str, bool]], hits: Hits, family_of: Callable[[str], set[str]] | None) -> str:
    """Recall on known-bad and false positives on known-good; a hit counts when it is in the check's family
    (family_of gives the accepted ids for a check folder; None: any finding counts)."""
    bad = [(f, c) for f, c, is_bad in files if is_bad]
    good = [(f, c) for f, c, is_bad in files if not is_bad]

    def hit(f: Path, c: str) -> bool:
        got = hits.get(str(f.resolve()), set())
        return bool(got & family_of(c)) if family_of else bool(got)

    tp = sum(hit(f, c) for f, c in bad)
    fp = sum(hit(f, c) for f, c in good)
    return f"recall {tp}/{len(bad)} ({100 * tp / max(1, len(bad)):.0f}%), FP {fp}/{len(good)}"


def main() -> None:
    """Run every corpus and print a Markdown table."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkov-repo", type=Path, required=True)
    ap.add_argument("--terragoat", type=Path, required=True)
    ap.add_argument("--gha-goat", type=Path, required=True)
    ap.add_argument("--tools-bin", type=Path, default=Path("/work/bench-venv/bin"))
    args = ap.parse_args()
    b = args.tools_bin
    rows: list[str] = ["| corpus | tool | result | wall time |", "|---|---|---|---|"]

    # Kubernetes: checkov's per-check fixtures
    kroot = args.checkov_repo / "tests/kubernetes/checks"
    kfiles = [(f, d, "FAILED" in f.name) for d in K8S_FAMILIES for f in sorted((kroot / f"example_{d}").glob("*.y*ml"))
              if "FAILED" in f.name or "PASSED" in f.name]
    sel = [f for f, _, _ in kfiles]
    h, t = timed(lambda: run_armur(sel))
    rows.append(f"| k8s checkov fixtures ({len(sel)} files) | armur | "
                f"{labelled(kfiles, h, lambda c: K8S_FAMILIES[c])} | {t:.2f}s |")
    h, t = timed(lambda: run_checkov(b, kroot, "kubernetes"))
    rows.append(f"| | checkov | {labelled(kfiles, h, lambda c: {c})} | {t:.2f}s |")
    h, t = timed(lambda: run_trivy(b, kroot))
    rows.append(f"| | trivy config (any finding) | {labelled(kfiles, h, None)} | {t:.2f}s |")

    # Dockerfiles: failure*/ and success*/ folders
    droot = args.checkov_repo / "tests/dockerfile/checks"
    dfiles = [(f, d, f.parent.name.startswith("failure")) for d in DOCKER_FAMILIES
              for f in sorted((droot / f"example_{d}").glob("*/Dockerfile*"))]
    sel = [f for f, _, _ in dfiles]
    h, t = timed(lambda: run_armur(sel))
    rows.append(f"| Dockerfile checkov fixtures ({len(sel)} files) | armur | "
                f"{labelled(dfiles, h, lambda c: DOCKER_FAMILIES[c])} | {t:.2f}s |")
    h, t = timed(lambda: run_checkov(b, droot, "dockerfile"))
    rows.append(f"| | checkov | {labelled(dfiles, h, lambda c: {c})} | {t:.2f}s |")
    h, t = timed(lambda: run_hadolint(b, sel))
    rows.append(f"| | hadolint (any finding) | {labelled(dfiles, h, None)} | {t:.2f}s |")
    h, t = timed(lambda: run_trivy(b, droot))
    rows.append(f"| | trivy config (any finding) | {labelled(dfiles, h, None)} | {t:.2f}s |")

    # terragoat: every .tf is known-bad
    tf = sorted(args.terragoat.rglob("*.tf"))
    tfl = [(f, "", True) for f in tf]
    for name, fn in (("armur", lambda: run_armur(tf)), ("checkov", lambda: run_checkov(b, args.terragoat, "terraform")),
                     ("trivy config", lambda: run_trivy(b, args.terragoat))):
        h, t = timed(fn)
        n = sum(len(v) for k, v in h.items() if k.endswith(".tf"))
        rows.append(f"| terragoat ({len(tf)} .tf) | {name} | files flagged {labelled(tfl, h, None)}, "
                    f"distinct rule ids per file summed {n} | {t:.2f}s |")

    # github-actions-goat workflows
    wf = sorted((args.gha_goat / ".github/workflows").glob("*.y*ml"))
    wfl = [(f, "", True) for f in wf]
    for name, fn in (("armur", lambda: run_armur(wf)),
                     ("checkov", lambda: run_checkov(b, args.gha_goat, "github_actions")),
                     ("zizmor", lambda: run_zizmor(b, wf))):
        h, t = timed(fn)
        n = sum(len(h.get(str(f.resolve()), set())) for f in wf)
        rows.append(f"| github-actions-goat ({len(wf)} workflows) | {name} | files flagged {labelled(wfl, h, None)}, "
                    f"distinct rule ids per file summed {n} | {t:.2f}s |")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
