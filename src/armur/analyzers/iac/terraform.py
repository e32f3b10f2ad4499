"""Terraform checks for AWS, GCP and Azure resources."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import os

from armur.analyzers.iac import tfservices
from armur.analyzers.iac.hcl import Attr, Block, Unknown, json_value, module_env, parse
from armur.analyzers.iac.tfctx import Ctx as _Ctx
from armur.analyzers.iac.tfctx import listify as _list
from armur.analyzers.iac.tfctx import name as _name
from armur.core.findings import Finding

SENSITIVE_PORTS: dict[int, str] = {
    20: "FTP data", 21: "FTP", 22: "SSH", 23: "Telnet", 135: "MS RPC", 139: "NetBIOS", 445: "SMB",
    1433: "SQL Server", 1434: "SQL Server browser", 1521: "Oracle", 2375: "Docker API", 2376: "Docker API",
    2379: "etcd", 3306: "MySQL", 3389: "RDP", 5432: "PostgreSQL", 5601: "Kibana", 5900: "VNC", 5984: "CouchDB",
    6379: "Redis", 7001: "Cassandra", 8020: "HDFS", 9042: "Cassandra", 9200: "Elasticsearch",
    9300: "Elasticsearch", 10250: "kubelet", 11211: "memcached", 27017: "MongoDB", 27018: "MongoDB",
}
_OPEN_V4 = ("0.0.0.0/0",)
_OPEN_V6 = ("::/0", "::0/0")
_PUBLIC_ACLS = ("public-read", "public-read-write", "authenticated-read")
_PUBLIC_MEMBERS = ("allUsers", "allAuthenticatedUsers")


def check(path: str, text: str, lines: list[str]) -> list[Finding]:
    """The rules that one .tf file decides on its own (module-wide ones wait for `check_module`)."""
    blocks = parse(text)
    ctx = _Ctx(path, lines, blocks, blocks, module=False)
    for fn in _CHECKS:
        fn(ctx)
    ctx.out.sort(key=lambda f: (f.line, f.rule_id))
    return ctx.out


def finding_key(f: Finding) -> tuple[str, int, str]:
    """What makes a Terraform finding distinct when per-file and module-level results are merged."""
    return f.rule_id, f.line, f.message


def check_module(files: list[tuple[str, str, set[tuple[str, int, str]]]]) -> list[Finding]:
    """Every rule over the .tf files of one module directory: (path, text, keys already reported per file).

    Variable defaults and locals from every file are substituted everywhere, and cross-resource rules
    (a bucket and its aws_s3_bucket_* configuration resources) look at the whole module. Findings the
    per-file pass already reported are left out.
    """
    env = module_env([text for _, text, _ in files])
    parsed = [(path, text, parse(text, env), seen) for path, text, seen in files]
    every = [b for _, _, blocks, _ in parsed for b in blocks]
    out: list[Finding] = []
    for path, text, blocks, seen in parsed:
        ctx = _Ctx(path, text.splitlines(), blocks, every, module=True)
        for fn in _CHECKS:
            fn(ctx)
        out.extend(f for f in ctx.out if finding_key(f) not in seen)
    out.sort(key=lambda f: (f.location.path, f.line, f.rule_id))
    return out


def module_dir(path: str) -> str:
    """The module a .tf file belongs to: its directory."""
    return os.path.dirname(path)


# --- storage -------------------------------------------------------------------------------------------


def _aws_s3(ctx: _Ctx) -> None:
    for b in ctx.resources("aws_s3_bucket"):
        acl = b.attrs.get("acl")
        if acl is not None and acl.value in _PUBLIC_ACLS:
            ctx.add("iac.terraform.aws-s3-public", acl, f"{_name(b)} has the public canned ACL '{acl.value}'.")
        if not ctx.module:
            continue  # the companion aws_s3_bucket_* resources may live in another file of the module
        if not b.children("server_side_encryption_configuration") and not ctx.referenced(
                ("aws_s3_bucket_server_side_encryption_configuration",), b):
            ctx.add("iac.terraform.aws-s3-unencrypted", b, f"{_name(b)} has no server-side encryption configuration.")
        versioning = [v for v in b.children("versioning") if v.value("enabled") is not False]
        if not versioning and not [v for v in ctx.referenced(("aws_s3_bucket_versioning",), b)
                                   if all(c.value("status") != "Disabled" and c.value("status") != "Suspended"
                                          for c in v.children("versioning_configuration"))]:
            ctx.add("iac.terraform.aws-s3-no-versioning", b, f"{_name(b)} does not enable versioning.")
        if not b.children("logging") and not ctx.referenced(("aws_s3_bucket_logging",), b):
            ctx.add("iac.terraform.aws-s3-no-logging", b, f"{_name(b)} has no access logging.")
    for b in ctx.resources("aws_s3_bucket_acl"):
        acl = b.attrs.get("acl")
        if acl is not None and acl.value in _PUBLIC_ACLS:
            ctx.add("iac.terraform.aws-s3-public", acl, f"{_name(b)} sets the public canned ACL '{acl.value}'.")
    for b in ctx.resources("aws_s3_bucket_public_access_block"):
        for key in ("block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"):
            a = b.attrs.get(key)
            if a is None:
                ctx.add("iac.terraform.aws-s3-public", b, f"{_name(b)} does not set {key} (defaults to false).")
            elif a.value is False:
                ctx.add("iac.terraform.aws-s3-public", a, f"{_name(b)} sets {key} = false.")


def _gcp_storage(ctx: _Ctx) -> None:
    for b in ctx.resources("google_storage_bucket_iam_member", "google_storage_bucket_iam_binding"):
        for key in ("member", "members"):
            a = b.attrs.get(key)
            if a is not None and any(m in _PUBLIC_MEMBERS for m in _list(a.value)):
                ctx.add("iac.terraform.gcp-storage-public", a, f"{_name(b)} grants {b.value('role')} to the public.")
    for b in ctx.resources("google_storage_bucket_acl", "google_storage_default_object_acl"):
        for key in ("role_entity",):
            a = b.attrs.get(key)
            entries = [e for e in _list(a.value) if isinstance(e, str)] if a is not None else []
            if a is not None and any(e.split(":")[-1] in _PUBLIC_MEMBERS for e in entries):
                ctx.add("iac.terraform.gcp-storage-public", a, f"{_name(b)} grants access to allUsers.")
    for b in ctx.resources("google_storage_bucket_access_control", "google_storage_object_access_control"):
        a = b.attrs.get("entity")
        if a is not None and a.value in _PUBLIC_MEMBERS:
            ctx.add("iac.terraform.gcp-storage-public", a, f"{_name(b)} grants access to {a.value}.")


def _azure_storage(ctx: _Ctx) -> None:
    for b in ctx.resources("azurerm_storage_account"):
        for key in ("allow_blob_public_access", "allow_nested_items_to_be_public"):
            a = b.attrs.get(key)
            if a is not None and a.value is True:
                ctx.add("iac.terraform.azure-storage-public", a, f"{_name(b)} allows public blob access ({key}).")
        for key in ("enable_https_traffic_only", "https_traffic_only_enabled"):
            a = b.attrs.get(key)
            if a is not None and a.value is False:
                ctx.add("iac.terraform.azure-storage-http", a, f"{_name(b)} accepts plain HTTP ({key} = false).")
        tls = b.attrs.get("min_tls_version")
        if tls is not None and tls.value in ("TLS1_0", "TLS1_1"):
            ctx.add("iac.terraform.azure-storage-http", tls, f"{_name(b)} accepts {tls.value}.")
    for b in ctx.resources("azurerm_storage_container"):
        a = b.attrs.get("container_access_type")
        if a is not None and a.value in ("blob", "container"):
            ctx.add("iac.terraform.azure-storage-public", a,
                    f"{_name(b)} allows anonymous '{a.value}' access.")


# --- network --------------------------------------------------------------------------------------------


def _port_hits(lo: Any, hi: Any, protocol: Any) -> str | None:
    """A description of the sensitive ports in [lo, hi] for a protocol, or None."""
    proto = str(protocol).lower() if protocol is not None and not isinstance(protocol, Unknown) else "tcp"
    if proto in ("-1", "all", "*"):
        return "all ports"
    if proto in ("icmp", "icmpv6", "58", "1"):
        return None
    if not isinstance(lo, int) or not isinstance(hi, int) or isinstance(lo, bool) or isinstance(hi, bool):
        return None
    if lo <= 0 and hi >= 65535 or (lo == 0 and hi == 0 and proto not in ("tcp", "udp", "6", "17")):
        return "all ports"
    if lo <= 0 and hi >= 65535:
        return "all ports"
    hits = [f"{p} ({svc})" for p, svc in SENSITIVE_PORTS.items() if lo <= p <= hi]
    if not hits:
        return None
    return ", ".join(hits[:3]) + (" ..." if len(hits) > 3 else "")


def _open_cidr(*values: Any) -> Any:
    for v in values:
        for c in _list(v):
            if c in _OPEN_V4 or c in _OPEN_V6:
                return c
    return None


def _aws_sg(ctx: _Ctx) -> None:
    rules: list[tuple[Block, Block]] = [
        (b, r) for b in ctx.resources("aws_security_group") for r in b.children("ingress")
    ]
    rules.extend((b, b) for b in ctx.resources("aws_security_group_rule") if b.value("type") == "ingress")
    for owner, r in rules:
        cidr = _open_cidr(r.value("cidr_blocks"), r.value("ipv6_cidr_blocks"))
        if cidr is None:
            continue
        ports = _port_hits(r.value("from_port"), r.value("to_port"), r.value("protocol"))
        if ports:
            key = "cidr_blocks" if _open_cidr(r.value("cidr_blocks")) else "ipv6_cidr_blocks"
            anchor = r.attrs.get(key)
            ctx.add("iac.terraform.aws-sg-open", anchor or r, f"{_name(owner)} allows {cidr} to {ports}.")
    for b in ctx.resources("aws_vpc_security_group_ingress_rule"):
        cidr = _open_cidr(b.value("cidr_ipv4"), b.value("cidr_ipv6"))
        if cidr is None:
            continue
        ports = _port_hits(b.value("from_port", 0), b.value("to_port", 65535), b.value("ip_protocol"))
        if ports:
            anchor = b.attrs.get("cidr_ipv4") if _open_cidr(b.value("cidr_ipv4")) else b.attrs.get("cidr_ipv6")
            ctx.add("iac.terraform.aws-sg-open", anchor or b, f"{_name(b)} allows {cidr} to {ports}.")


def _range(spec: Any) -> tuple[int, int] | None:
    s = str(spec).strip()
    if s == "*":
        return 0, 65535
    lo, _, hi = s.partition("-")
    try:
        return int(lo), int(hi or lo)
    except ValueError:
        return None


def _gcp_firewall(ctx: _Ctx) -> None:
    for b in ctx.resources("google_compute_firewall"):
        if str(b.value("direction", "INGRESS")).upper() != "INGRESS" or b.value("disabled") is True:
            continue
        src = b.attrs.get("source_ranges")
        cidr = _open_cidr(b.value("source_ranges"))
        if src is None or cidr is None:
            continue
        for allow in b.children("allow"):
            proto = allow.value("protocol")
            ports = allow.value("ports")
            hit: str | None
            if ports is None:
                hit = _port_hits(0, 65535, proto)
            else:
                found = [h for p in _list(ports) if (rg := _range(p)) for h in [_port_hits(rg[0], rg[1], proto)] if h]
                hit = found[0] if found else None
            if hit:
                ctx.add("iac.terraform.gcp-firewall-open", src, f"{_name(b)} allows {cidr} to {hit}.")
                break


_AZ_ANY = ("*", "0.0.0.0/0", "0.0.0.0", "internet", "any", "::/0", "/0")


def _azure_nsg(ctx: _Ctx) -> None:
    rules: list[tuple[Block, Block]] = [(b, b) for b in ctx.resources("azurerm_network_security_rule")]
    for b in ctx.resources("azurerm_network_security_group"):
        rules.extend((b, r) for r in b.children("security_rule"))
    for owner, r in rules:
        if str(r.value("direction", "")).lower() != "inbound" or str(r.value("access", "")).lower() != "allow":
            continue
        src_attr = r.attrs.get("source_address_prefix") or r.attrs.get("source_address_prefixes")
        if src_attr is None or not any(isinstance(s, str) and s.lower() in _AZ_ANY for s in _list(src_attr.value)):
            continue
        specs = _list(r.value("destination_port_range")) + _list(r.value("destination_port_ranges"))
        hit = None
        for spec in specs:
            rg = _range(spec)
            if rg is not None:
                hit = _port_hits(rg[0], rg[1], r.value("protocol"))
                if hit:
                    break
        if hit:
            ctx.add("iac.terraform.azure-nsg-open", src_attr, f"{_name(owner)} allows the internet to {hit}.")


# --- databases and volumes -----------------------------------------------------------------------------


def _aws_db(ctx: _Ctx) -> None:
    for b in ctx.resources("aws_db_instance", "aws_rds_cluster"):
        enc = b.attrs.get("storage_encrypted")
        if enc is None and b.value("replicate_source_db") is None and b.value("snapshot_identifier") is None:
            ctx.add("iac.terraform.aws-db-unencrypted", b, f"{_name(b)} does not set storage_encrypted = true.")
        elif enc is not None and enc.value is False:
            ctx.add("iac.terraform.aws-db-unencrypted", enc, f"{_name(b)} sets storage_encrypted = false.")
    for b in ctx.resources("aws_neptune_cluster", "aws_docdb_cluster", "aws_redshift_cluster"):
        key = "encrypted" if b.labels[0] == "aws_redshift_cluster" else "storage_encrypted"
        enc = b.attrs.get(key)
        if enc is None and b.value("snapshot_identifier") is None:
            ctx.add("iac.terraform.aws-db-unencrypted", b, f"{_name(b)} does not set {key} = true.")
        elif enc is not None and enc.value is False:
            ctx.add("iac.terraform.aws-db-unencrypted", enc, f"{_name(b)} sets {key} = false.")
    for b in ctx.resources("aws_db_instance", "aws_rds_cluster_instance"):
        pub = b.attrs.get("publicly_accessible")
        if pub is not None and pub.value is True:
            ctx.add("iac.terraform.aws-db-public", pub, f"{_name(b)} is publicly accessible.")
    for b in ctx.resources("aws_ebs_volume"):
        enc = b.attrs.get("encrypted")
        if enc is None:
            ctx.add("iac.terraform.aws-ebs-unencrypted", b, f"{_name(b)} is not encrypted.")
        elif enc.value is False:
            ctx.add("iac.terraform.aws-ebs-unencrypted", enc, f"{_name(b)} sets encrypted = false.")
    for b in ctx.resources("aws_instance", "aws_launch_configuration"):
        for dev in b.children("root_block_device") + b.children("ebs_block_device"):
            enc = dev.attrs.get("encrypted")
            if enc is not None and enc.value is False:
                ctx.add("iac.terraform.aws-ebs-unencrypted", enc, f"{_name(b)} has an unencrypted {dev.type}.")


def _gcp_db(ctx: _Ctx) -> None:
    for b in ctx.resources("google_compute_disk"):
        if not b.children("disk_encryption_key"):
            ctx.add("iac.terraform.gcp-disk-unencrypted", b, f"{_name(b)} has no customer-managed encryption key.")
    for b in ctx.resources("google_sql_database_instance"):
        for settings in b.children("settings"):
            for ipc in settings.children("ip_configuration"):
                for net in ipc.children("authorized_networks"):
                    v = net.attrs.get("value")
                    if v is not None and v.value in ("0.0.0.0/0", "::/0"):
                        ctx.add("iac.terraform.gcp-sql-public", v, f"{_name(b)} authorizes {v.value}.")


def _azure_db(ctx: _Ctx) -> None:
    for b in ctx.resources("azurerm_sql_server", "azurerm_mssql_server", "azurerm_postgresql_server",
                           "azurerm_mysql_server", "azurerm_mariadb_server"):
        pub = b.attrs.get("public_network_access_enabled")
        if pub is not None and pub.value is True:
            ctx.add("iac.terraform.azure-sql-public", pub, f"{_name(b)} enables public network access.")
        elif pub is None and b.labels[0] in ("azurerm_mssql_server", "azurerm_postgresql_server",
                                             "azurerm_mysql_server", "azurerm_mariadb_server"):
            ctx.add("iac.terraform.azure-sql-public", b,
                    f"{_name(b)} does not disable public network access (it defaults to enabled).")
    for b in ctx.resources("azurerm_sql_firewall_rule", "azurerm_mssql_firewall_rule",
                           "azurerm_postgresql_firewall_rule", "azurerm_mysql_firewall_rule",
                           "azurerm_mariadb_firewall_rule"):
        start, end = b.attrs.get("start_ip_address"), b.attrs.get("end_ip_address")
        if start is not None and end is not None and start.value == "0.0.0.0" and end.value == "255.255.255.255":
            ctx.add("iac.terraform.azure-sql-public", start, f"{_name(b)} allows every IPv4 address.")


# --- IAM ------------------------------------------------------------------------------------------------


def _wild_actions(statement: Any) -> list[str]:
    if not isinstance(statement, dict) or statement.get("Effect", "Allow") != "Allow":
        return []
    return [a for a in _list(statement.get("Action")) if isinstance(a, str) and (a == "*" or a.endswith(":*"))]


def _aws_iam(ctx: _Ctx) -> None:
    holders: list[tuple[Block, Attr]] = [
        (b, b.attrs["policy"])
        for b in ctx.resources("aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy")
        if "policy" in b.attrs
    ]
    holders.extend((b, inline.attrs["policy"]) for b in ctx.resources("aws_iam_role")
                   for inline in b.children("inline_policy") if "policy" in inline.attrs)
    for owner, attr in holders:
        doc = attr.value
        if isinstance(doc, str):
            doc = json_value(doc)
        if not isinstance(doc, dict):
            continue
        wild = [a for s in _list(doc.get("Statement")) for a in _wild_actions(s)]
        if wild:
            ctx.add("iac.terraform.aws-iam-wildcard", attr, f"{_name(owner)} allows the wildcard action(s) "
                    f"{', '.join(sorted(set(wild))[:3])}.")
    for d in ctx.blocks:
        if d.type != "data" or not d.labels or d.labels[0] != "aws_iam_policy_document":
            continue
        for st in d.children("statement"):
            if st.value("effect", "Allow") != "Allow":
                continue
            actions = st.attrs.get("actions")
            if actions is None:
                continue
            wild = [a for a in _list(actions.value) if isinstance(a, str) and (a == "*" or a.endswith(":*"))]
            if wild:
                ctx.add("iac.terraform.aws-iam-wildcard", actions,
                        f"data.{_name(d)} allows the wildcard action(s) {', '.join(sorted(set(wild))[:3])}.")


def _gcp_iam(ctx: _Ctx) -> None:
    types = tuple(f"google_{scope}_iam_{kind}" for scope in ("project", "organization", "folder")
                  for kind in ("member", "binding"))
    for b in ctx.resources(*types):
        role = b.attrs.get("role")
        if role is not None and role.value in ("roles/owner", "roles/editor"):
            ctx.add("iac.terraform.gcp-iam-primitive-role", role, f"{_name(b)} grants the primitive {role.value}.")


def _azure_iam(ctx: _Ctx) -> None:
    for b in ctx.resources("azurerm_role_definition"):
        for perm in b.children("permissions"):
            actions = perm.attrs.get("actions")
            if actions is not None and "*" in _list(actions.value):
                ctx.add("iac.terraform.azure-role-wildcard", actions, f"{_name(b)} grants all actions ('*').")


_CHECKS: tuple[Callable[[_Ctx], None], ...] = (
    _aws_s3, _gcp_storage, _azure_storage, _aws_sg, _gcp_firewall, _azure_nsg, _aws_db, _gcp_db, _azure_db,
    _aws_iam, _gcp_iam, _azure_iam, *tfservices.CHECKS,
)
