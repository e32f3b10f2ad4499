"""Terraform checks for managed services: Kubernetes clusters, registries, keys, load balancers, Key Vault,
App Service, VMs, logging, Alibaba Cloud and Oracle Cloud storage, and hard-coded credentials."""

from __future__ import annotations

from collections.abc import Callable
from armur.analyzers.iac.common import is_literal_secret, is_secret_name, mask
from armur.analyzers.iac.hcl import Attr, Block
from armur.analyzers.iac.tfctx import Ctx, listify, name

_OPEN = ("0.0.0.0/0", "::/0", "0.0.0.0", "*")


def _first(b: Block, type_: str) -> Block | None:
    kids = b.children(type_)
    return kids[0] if kids else None


def _anchor(b: Block, *keys: str) -> Block | Attr:
    """The first present attribute among `keys`, else the block itself."""
    for k in keys:
        if k in b.attrs:
            return b.attrs[k]
    return b


# --- hard-coded credentials -------------------------------------------------------------------------------


def _secret_attr(ctx: Ctx, owner: str, a: Attr, where: str) -> None:
    v = a.value
    if isinstance(v, str) and is_secret_name(a.name) and is_literal_secret(v):
        ctx.add("iac.terraform.hardcoded-secret", a, f"{owner} sets {a.name} to a literal secret ('{mask(v)}'){where}.")


def _hardcoded(ctx: Ctx) -> None:
    for b in ctx.blocks:
        if b.type == "provider":
            owner = f"provider \"{b.labels[0] if b.labels else '?'}\""
            for a in b.attrs.values():
                _secret_attr(ctx, owner, a, "")
        elif b.type == "variable" and b.labels and is_secret_name(b.labels[0]):
            d = b.attrs.get("default")
            if d is not None and isinstance(d.value, str) and is_literal_secret(d.value):
                ctx.add("iac.terraform.hardcoded-secret", d,
                        f"variable \"{b.labels[0]}\" has a literal secret default ('{mask(d.value)}').")
        elif b.type == "resource" and len(b.labels) >= 2:
            for a in b.attrs.values():
                _secret_attr(ctx, name(b), a, "")
            for env in b.children("environment"):  # Lambda and similar: environment { variables = {...} }
                va = env.attrs.get("variables")
                if va is None or not isinstance(va.value, dict):
                    continue
                for k, v in va.value.items():
                    if isinstance(v, str) and is_secret_name(k) and is_literal_secret(v):
                        ctx.add("iac.terraform.hardcoded-secret", va,
                                f"{name(b)} sets the environment variable {k} to a literal secret ('{mask(v)}').")


# --- managed Kubernetes -----------------------------------------------------------------------------------


def _eks(ctx: Ctx) -> None:
    for b in ctx.resources("aws_eks_cluster"):
        vpc = _first(b, "vpc_config")
        if vpc is not None:
            pub = vpc.attrs.get("endpoint_public_access")
            cidrs = vpc.value("public_access_cidrs")
            if (pub is None or pub.value is True) and (cidrs is None or any(c in _OPEN for c in listify(cidrs))):
                ctx.add("iac.terraform.k8s-cluster-public-endpoint", pub or vpc,
                        f"{name(b)} exposes its API endpoint to the internet (endpoint_public_access is "
                        f"{'true' if pub is not None else 'unset, default true'} and public_access_cidrs is open).")
        logs = b.attrs.get("enabled_cluster_log_types")
        if logs is None:
            ctx.add("iac.terraform.k8s-cluster-no-logging", b,
                    f"{name(b)} has no control-plane logging (enabled_cluster_log_types is unset).")
        elif isinstance(logs.value, list) and not {"api", "audit"} <= set(logs.value):
            missing = sorted({"api", "audit"} - set(logs.value))
            ctx.add("iac.terraform.k8s-cluster-no-logging", logs,
                    f"{name(b)} does not log the {', '.join(missing)} control-plane log type(s).")
        enc = [e for e in b.children("encryption_config") if "secrets" in listify(e.value("resources", ["secrets"]))]
        if not enc:
            ctx.add("iac.terraform.k8s-cluster-secrets-unencrypted", b,
                    f"{name(b)} has no encryption_config for Kubernetes secrets.")


def _gke(ctx: Ctx) -> None:
    for b in ctx.resources("google_container_cluster"):
        man = _first(b, "master_authorized_networks_config")
        priv = _first(b, "private_cluster_config")
        if man is not None:
            for cb in man.children("cidr_blocks"):
                c = cb.attrs.get("cidr_block")
                if c is not None and c.value in _OPEN:
                    ctx.add("iac.terraform.k8s-cluster-public-endpoint", c,
                            f"{name(b)} authorizes {c.value} to reach the cluster's API endpoint.")
        elif priv is None or priv.value("enable_private_endpoint") is not True:
            ctx.add("iac.terraform.k8s-cluster-public-endpoint", b,
                    f"{name(b)} has a public API endpoint without master_authorized_networks_config.")
        for key in ("logging_service", "monitoring_service"):
            a = b.attrs.get(key)
            if a is not None and a.value == "none":
                ctx.add("iac.terraform.k8s-cluster-no-logging", a, f"{name(b)} sets {key} = \"none\".")
        abac = b.attrs.get("enable_legacy_abac")
        if abac is not None and abac.value is True:
            ctx.add("iac.terraform.k8s-cluster-weak-auth", abac,
                    f"{name(b)} enables legacy ABAC, which bypasses RBAC.")
        for ma in b.children("master_auth"):
            pw = ma.attrs.get("password")
            if pw is not None and pw.value not in ("", None):
                ctx.add("iac.terraform.k8s-cluster-weak-auth", pw, f"{name(b)} enables basic authentication.")
            for cc in ma.children("client_certificate_config"):
                issue = cc.attrs.get("issue_client_certificate")
                if issue is not None and issue.value is True:
                    ctx.add("iac.terraform.k8s-cluster-weak-auth", issue,
                            f"{name(b)} issues a long-lived client certificate.")
        np = _first(b, "network_policy")
        dataplane_v2 = b.value("datapath_provider") == "ADVANCED_DATAPATH"
        if not dataplane_v2 and (np is None or np.value("enabled") is not True):
            where: Block | Attr = b if np is None else np.attrs.get("enabled") or np
            ctx.add("iac.terraform.k8s-cluster-no-network-policy", where,
                    f"{name(b)} does not enforce Kubernetes network policies.")
        dbe = _first(b, "database_encryption")
        if dbe is None or dbe.value("state") != "ENCRYPTED":
            ctx.add("iac.terraform.k8s-cluster-secrets-unencrypted", _anchor(dbe, "state") if dbe else b,
                    f"{name(b)} does not encrypt etcd secrets with a Cloud KMS key (database_encryption).")


def _aks(ctx: Ctx) -> None:
    for b in ctx.resources("azurerm_kubernetes_cluster"):
        profile = _first(b, "api_server_access_profile")
        ranges = b.value("api_server_authorized_ip_ranges")
        if ranges is None and profile is not None:
            ranges = profile.value("authorized_ip_ranges")
        if b.value("private_cluster_enabled") is not True:
            if ranges is None or ranges == []:
                ctx.add("iac.terraform.k8s-cluster-public-endpoint", _anchor(b, "private_cluster_enabled"),
                        f"{name(b)} has a public API server with no authorized IP ranges.")
            elif any(r in _OPEN for r in listify(ranges)):
                ctx.add("iac.terraform.k8s-cluster-public-endpoint", b,
                        f"{name(b)} authorizes the whole internet to reach the API server.")
        rbac = b.attrs.get("role_based_access_control_enabled")
        if rbac is not None and rbac.value is False:
            ctx.add("iac.terraform.k8s-cluster-weak-auth", rbac, f"{name(b)} disables Kubernetes RBAC.")
        for r in b.children("role_based_access_control"):
            en = r.attrs.get("enabled")
            if en is not None and en.value is False:
                ctx.add("iac.terraform.k8s-cluster-weak-auth", en, f"{name(b)} disables Kubernetes RBAC.")
        oms = b.children("oms_agent") + [o for ap in b.children("addon_profile") for o in ap.children("oms_agent")]
        off = [o.attrs["enabled"] for o in oms if "enabled" in o.attrs and o.attrs["enabled"].value is False]
        if off:
            ctx.add("iac.terraform.k8s-cluster-no-logging", off[0],
                    f"{name(b)} disables the OMS (Log Analytics) agent.")
        elif not oms:
            ctx.add("iac.terraform.k8s-cluster-no-logging", b,
                    f"{name(b)} sends no logs to Log Analytics (no oms_agent).")
        net = _first(b, "network_profile")
        if net is None or net.value("network_policy") is None:
            ctx.add("iac.terraform.k8s-cluster-no-network-policy", net or b,
                    f"{name(b)} has no network_policy in its network_profile.")


# --- AWS services -----------------------------------------------------------------------------------------


def _ecr(ctx: Ctx) -> None:
    registry_scan = bool(ctx.every_resource("aws_ecr_registry_scanning_configuration"))
    for b in ctx.resources("aws_ecr_repository"):
        mut = b.attrs.get("image_tag_mutability")
        if mut is None or mut.value == "MUTABLE":
            ctx.add("iac.terraform.aws-ecr-mutable-tags", mut or b,
                    f"{name(b)} allows image tags to be overwritten (image_tag_mutability is "
                    f"{'MUTABLE' if mut is not None else 'unset, default MUTABLE'}).")
        if not ctx.module or registry_scan:
            continue  # registry-wide scanning may be configured in another file
        scan = b.children("image_scanning_configuration")
        flag = scan[0].attrs.get("scan_on_push") if scan else None
        if not scan or flag is None or flag.value is False:
            ctx.add("iac.terraform.aws-ecr-no-scan", flag or (scan[0] if scan else b),
                    f"{name(b)} does not scan images on push.")


def _kms(ctx: Ctx) -> None:
    for b in ctx.resources("aws_kms_key"):
        spec = b.value("customer_master_key_spec", "SYMMETRIC_DEFAULT")
        if spec != "SYMMETRIC_DEFAULT" or b.value("key_usage", "ENCRYPT_DECRYPT") != "ENCRYPT_DECRYPT":
            continue  # AWS rotates only symmetric encryption keys
        rot = b.attrs.get("enable_key_rotation")
        if rot is None or rot.value is False:
            ctx.add("iac.terraform.aws-kms-no-rotation", rot or b,
                    f"{name(b)} does not enable automatic key rotation.")


def _listeners(ctx: Ctx) -> None:
    for b in ctx.resources("aws_elb"):
        for li in b.children("listener"):
            p = li.attrs.get("lb_protocol")
            if p is not None and str(p.value).lower() == "http":
                ctx.add("iac.terraform.plaintext-listener", p,
                        f"{name(b)} listens with plain HTTP on port {li.value('lb_port', '?')}.")
    for b in ctx.resources("aws_lb_listener", "aws_alb_listener"):
        p = b.attrs.get("protocol")
        if p is None or p.value != "HTTP":
            continue
        actions = b.children("default_action")
        if actions and all(a.value("type") == "redirect" and any(
                r.value("protocol") == "HTTPS" for r in a.children("redirect")) for a in actions):
            continue
        ctx.add("iac.terraform.plaintext-listener", p, f"{name(b)} serves plain HTTP without redirecting to HTTPS.")
    for b in ctx.resources("azurerm_application_gateway"):
        redirected = {r.value("http_listener_name") for r in b.children("request_routing_rule")
                      if r.value("redirect_configuration_name") is not None}
        for li in b.children("http_listener"):
            p = li.attrs.get("protocol")
            if p is not None and str(p.value).lower() == "http" and li.value("name") not in redirected:
                ctx.add("iac.terraform.plaintext-listener", p, f"{name(b)} has a plain HTTP listener.")


# --- Azure services ---------------------------------------------------------------------------------------


def _key_vault(ctx: Ctx) -> None:
    for b in ctx.resources("azurerm_key_vault"):
        purge = b.attrs.get("purge_protection_enabled")
        if purge is None or purge.value is False:
            ctx.add("iac.terraform.azure-keyvault-no-purge-protection", purge or b,
                    f"{name(b)} does not enable purge protection.")
        acls = _first(b, "network_acls")
        pub = b.attrs.get("public_network_access_enabled")
        if pub is not None and pub.value is False:
            continue
        if acls is None:
            ctx.add("iac.terraform.azure-keyvault-open-network", b,
                    f"{name(b)} has no network_acls and accepts connections from any network.")
        else:
            da = acls.attrs.get("default_action")
            if da is not None and da.value == "Allow":
                ctx.add("iac.terraform.azure-keyvault-open-network", da,
                        f"{name(b)} network_acls default_action is Allow.")


_OLD_TLS = ("1.0", "1.1")


def _app_service(ctx: Ctx) -> None:
    for b in ctx.resources("azurerm_app_service", "azurerm_function_app", "azurerm_linux_web_app",
                           "azurerm_windows_web_app", "azurerm_linux_function_app", "azurerm_windows_function_app"):
        https = b.attrs.get("https_only")
        if https is None or https.value is False:
            ctx.add("iac.terraform.azure-app-service-http", https or b,
                    f"{name(b)} accepts plain HTTP (https_only is {'false' if https is not None else 'unset'}).")
        for sc in b.children("site_config"):
            for key in ("min_tls_version", "minimum_tls_version"):
                tls = sc.attrs.get(key)
                if tls is not None and str(tls.value) in _OLD_TLS:
                    ctx.add("iac.terraform.azure-app-service-http", tls, f"{name(b)} accepts TLS {tls.value}.")


def _azure_vm(ctx: Ctx) -> None:
    for b in ctx.resources("azurerm_linux_virtual_machine", "azurerm_linux_virtual_machine_scale_set"):
        a = b.attrs.get("disable_password_authentication")
        if a is not None and a.value is False:
            ctx.add("iac.terraform.azure-vm-password-auth", a, f"{name(b)} allows SSH password authentication.")
    for b in ctx.resources("azurerm_virtual_machine"):
        for cfg in b.children("os_profile_linux_config"):
            a = cfg.attrs.get("disable_password_authentication")
            if a is not None and a.value is False:
                ctx.add("iac.terraform.azure-vm-password-auth", a, f"{name(b)} allows SSH password authentication.")
    for b in ctx.resources("azurerm_managed_disk"):
        for es in b.children("encryption_settings"):
            en = es.attrs.get("enabled")
            if en is not None and en.value is False:
                ctx.add("iac.terraform.azure-disk-unencrypted", en, f"{name(b)} disables disk encryption.")


def _azure_monitoring(ctx: Ctx) -> None:
    for b in ctx.resources("azurerm_monitor_log_profile"):
        cats = b.attrs.get("categories")
        if cats is not None and isinstance(cats.value, list):
            missing = sorted({"Action", "Delete", "Write"} - {str(c) for c in cats.value})
            if missing:
                ctx.add("iac.terraform.azure-activity-log-incomplete", cats,
                        f"{name(b)} does not capture the {', '.join(missing)} categories.")
        for rp in b.children("retention_policy"):
            days = rp.attrs.get("days")
            if rp.value("enabled") is True and days is not None and isinstance(days.value, int) \
                    and 0 < days.value < 365:
                ctx.add("iac.terraform.azure-activity-log-incomplete", days,
                        f"{name(b)} keeps the activity log for only {days.value} days (under 365).")
    for b in ctx.resources("azurerm_security_center_subscription_pricing"):
        tier = b.attrs.get("tier")
        if tier is not None and tier.value == "Free":
            rtype = b.value("resource_type", "VirtualMachines")
            ctx.add("iac.terraform.azure-defender-disabled", tier,
                    f"{name(b)} uses the Free tier: Microsoft Defender for {rtype} is off.")
    for b in ctx.resources("azurerm_security_center_contact"):
        for key in ("alert_notifications", "alerts_to_admins"):
            a = b.attrs.get(key)
            if a is not None and a.value is False:
                ctx.add("iac.terraform.azure-defender-disabled", a, f"{name(b)} sets {key} = false.")


# --- Alibaba Cloud and Oracle Cloud -----------------------------------------------------------------------


def _alicloud(ctx: Ctx) -> None:
    for b in ctx.resources("alicloud_oss_bucket", "alicloud_oss_bucket_acl"):
        acl = b.attrs.get("acl")
        if acl is not None and acl.value in ("public-read", "public-read-write"):
            ctx.add("iac.terraform.alicloud-oss-public", acl, f"{name(b)} has the public ACL '{acl.value}'.")
    for b in ctx.resources("alicloud_db_instance"):
        ips = b.attrs.get("security_ips")
        if ips is not None and any(ip in ("0.0.0.0", "0.0.0.0/0") for ip in listify(ips.value)):
            ctx.add("iac.terraform.alicloud-rds-public", ips, f"{name(b)} whitelists 0.0.0.0 (every address).")
    for b in ctx.resources("alicloud_actiontrail_trail"):
        rw = b.attrs.get("event_rw")
        if rw is None or rw.value in ("Read", "Write"):
            ctx.add("iac.terraform.alicloud-trail-incomplete", rw or b,
                    f"{name(b)} records only {rw.value if rw is not None else 'Write (the default)'} events, not All.")
        region = b.attrs.get("trail_region")
        if region is not None and isinstance(region.value, str) and region.value != "All":
            ctx.add("iac.terraform.alicloud-trail-incomplete", region,
                    f"{name(b)} records only the region {region.value}, not All.")


def _oci(ctx: Ctx) -> None:
    for b in ctx.resources("oci_objectstorage_bucket"):
        at = b.attrs.get("access_type")
        if at is not None and at.value in ("ObjectRead", "ObjectReadWithoutList"):
            ctx.add("iac.terraform.oci-bucket-public", at, f"{name(b)} allows anonymous reads ({at.value}).")


CHECKS: tuple[Callable[[Ctx], None], ...] = (
    _hardcoded, _eks, _gke, _aks, _ecr, _kms, _listeners, _key_vault, _app_service, _azure_vm, _azure_monitoring,
    _alicloud, _oci,
)
