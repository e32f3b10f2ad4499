"""Structural Go checks on the syntax tree: settings and calls that are insecure whatever data flows
through them, and short intra-function patterns (archive extraction, decompression, integer
conversions of parsed numbers) that need no interprocedural dataflow.

Package names are resolved through the file's imports (`import cryptotls "crypto/tls"` makes
`cryptotls.Config` the type `crypto/tls.Config`). Constants are folded where they are visible in the
file: literals, `!true`, named constants and variables initialised with a literal, and the version,
mode and cipher-suite names of crypto/tls and os.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator

from tree_sitter import Node, Tree

from armur.core.findings import Confidence, Finding, Location, Severity
from armur.core.rules import Rule, RuleDoc
from armur.lang.go import imports_of, int_value, string_value
from armur.lang.treesitter import text

LANGS = ("go",)


def _rule(rid: str, title: str, sev: Severity, conf: Confidence, cwe: tuple[int, ...], owasp: str, what: str,
          why: str, example: str, fix: str) -> Rule:
    return Rule(id=f"go.{rid}", title=title, severity=sev, confidence=conf, cwe=cwe, owasp=owasp,
                languages=LANGS, analyzer="sast", doc=RuleDoc(what, why, example, fix))


TLS = _rule(
    "tls-insecure", "Insecure TLS configuration", Severity.HIGH, Confidence.HIGH, (295, 326), "A02",
    "A crypto/tls Config that turns certificate verification off (InsecureSkipVerify: true or a non-constant "
    "value), allows protocol versions below TLS 1.2 (MinVersion / MaxVersion set to SSL 3.0, TLS 1.0 or 1.1), "
    "lists cipher suites without forward secrecy or with broken ciphers (RC4, 3DES, CBC with SHA-1, plain RSA "
    "key exchange), or sets PreferServerCipherSuites to false.",
    "Without verification anyone on the network path can impersonate the server; old protocol versions and "
    "weak suites have practical attacks (BEAST, POODLE, SWEET32, Lucky13) and no forward secrecy.",
    "client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}",
    "Keep verification on (trust a private CA through RootCAs), set MinVersion: tls.VersionTLS12 or higher, "
    "and leave CipherSuites unset so Go picks secure suites.")
WEAK_HASH = _rule(
    "weak-hash", "Broken hash function (MD5, SHA-1, MD4, RIPEMD-160)", Severity.MEDIUM, Confidence.MEDIUM,
    (328, 327), "A02",
    "Use of crypto/md5, crypto/sha1, golang.org/x/crypto/md4 or ripemd160 (New, Sum...). Confidence is high "
    "when the hashed value or the result is named like a password.",
    "Collisions for MD5 and SHA-1 are practical, so they cannot protect integrity or sign data; all of "
    "them are far too fast for storing passwords.",
    "sum := md5.Sum([]byte(password))",
    "Use crypto/sha256 or sha512 (or SHA-3) for integrity, and bcrypt, scrypt or argon2 for passwords. If "
    "MD5/SHA-1 is required by a protocol and not used for security, document it and suppress the finding.")
WEAK_CIPHER = _rule(
    "weak-cipher", "Broken cipher (DES, 3DES, RC4)", Severity.HIGH, Confidence.HIGH, (327,), "A02",
    "Use of crypto/des (NewCipher, NewTripleDESCipher) or crypto/rc4 (NewCipher).",
    "DES keys are brute-forceable, 3DES has a 64-bit block (SWEET32), and RC4's keystream is biased: "
    "encrypted data can be recovered.",
    "block, err := des.NewCipher(key)",
    "Use AES-GCM (crypto/aes with cipher.NewGCM) or ChaCha20-Poly1305.")
CREDS = _rule(
    "hardcoded-credentials", "Hard-coded credential", Severity.HIGH, Confidence.MEDIUM, (798, 259), "A07",
    "A string literal that looks like a secret (not a word, a placeholder or an identifier) assigned to, "
    "compared with, or stored under a name such as password, secret, token, apiKey, credential or bearer; "
    "or a literal that has the shape of a known credential (cloud access key id, GitHub token, private "
    "key, URL with a password).",
    "Secrets in source code end up in version control, builds and logs, and cannot be rotated without a "
    "release; anyone with read access to the code has the credential.",
    'const dbPassword = "f62e5bcda4fae4f82370da0c6f20697b8f8447ef"',
    "Load secrets at run time from the environment, a secret manager or a mounted file, and rotate the "
    "exposed value.")
UNHANDLED = _rule(
    "unhandled-error", "Security-relevant error ignored", Severity.MEDIUM, Confidence.HIGH, (703, 391), "A10",
    "The error result of a call whose failure matters for security is discarded (the call is a statement, "
    "or its error is assigned to _): crypto/rand reads, certificate and signature verification, password "
    "hash comparison, privilege and permission changes (Setuid, Chroot, Chmod, Chown).",
    "If the call fails the program carries on as if it had succeeded: a key of zero bytes, an unverified "
    "certificate or password accepted, a process still running as root, a file left world-readable.",
    "rand.Read(key) // key stays all zeros if the read fails",
    "Check the error and stop (return it, or fail closed).")
PERMS = _rule(
    "file-permissions", "File or directory created with too open permissions", Severity.MEDIUM,
    Confidence.HIGH, (276, 732), "A01",
    "os.Mkdir / MkdirAll with a mode above 0750, os.OpenFile / Chmod with a mode above 0600, or "
    "os.WriteFile / ioutil.WriteFile with a mode above 0600.",
    "Other local users (and processes running as other accounts) can read or change the files: "
    "credentials, keys, uploaded data.",
    'os.WriteFile("token.txt", data, 0644)',
    "Use 0600 for files and 0700 or 0750 for directories unless others must read them.")
TIMEOUTS = _rule(
    "http-no-timeouts", "HTTP server without read timeouts (Slowloris)", Severity.MEDIUM, Confidence.HIGH,
    (400,), "A05",
    "An http.Server without ReadHeaderTimeout or ReadTimeout, or http.ListenAndServe / ListenAndServeTLS / "
    "Serve, which use a server with no timeouts.",
    "A client that sends its headers slowly keeps a connection and a goroutine busy for ever; a few "
    "thousand such connections exhaust the server (Slowloris).",
    'http.ListenAndServe(":8080", mux)',
    "Create an http.Server with ReadHeaderTimeout (and ReadTimeout, WriteTimeout, IdleTimeout) and call "
    "its ListenAndServe.")
INT_OVERFLOW = _rule(
    "integer-overflow", "Parsed integer converted to a smaller type without a range check", Severity.MEDIUM,
    Confidence.MEDIUM, (190, 681), "A03",
    "The result of strconv.Atoi / ParseInt / ParseUint (64-bit) is converted to int8/16/32 or an unsigned "
    "type of up to 32 bits without a comparison of the value before the conversion.",
    "Out-of-range input wraps around silently: a large size becomes negative or small, defeating later "
    "bounds checks, allocation limits or permission values.",
    'n, _ := strconv.Atoi(r.FormValue("n"))\nsize := int32(n)',
    "Parse with the target size (strconv.ParseInt(s, 10, 32)) or compare against math.MaxInt32 / "
    "math.MinInt32 before converting.")
ZIP_SLIP = _rule(
    "zip-slip", "Archive entry name used as a path without a containment check (zip slip)", Severity.HIGH,
    Confidence.MEDIUM, (22,), "A01",
    "The Name of an archive/zip File or archive/tar Header is joined into a destination path in a function "
    "that never checks the result stays inside the destination (strings.HasPrefix on the cleaned path, "
    "filepath.Rel, filepath.IsLocal, a `..` check).",
    "An archive can hold entries named ../../home/user/.ssh/authorized_keys; extracting it writes outside "
    "the target directory.",
    "path := filepath.Join(dest, f.Name)\nout, _ := os.Create(path)",
    "Reject names for which filepath.IsLocal is false, or check that filepath.Clean(path) starts with "
    "filepath.Clean(dest)+string(os.PathSeparator).")
BOMB = _rule(
    "decompression-bomb", "Decompressed stream copied without a size limit", Severity.MEDIUM, Confidence.MEDIUM,
    (409,), "A05",
    "io.Copy / io.CopyBuffer reads from a gzip, zlib, flate, bzip2 or lzw reader (or an opened zip entry) "
    "without io.LimitReader or io.CopyN.",
    "A few kilobytes of compressed input can expand to gigabytes and exhaust memory or disk "
    "(decompression bomb).",
    "zr, _ := gzip.NewReader(body)\nio.Copy(out, zr)",
    "Copy with io.CopyN(out, zr, max) or wrap the reader in io.LimitReader(zr, max), and check the "
    "declared sizes of archive entries.")

RULES: list[Rule] = [TLS, WEAK_HASH, WEAK_CIPHER, CREDS, UNHANDLED, PERMS, TIMEOUTS, INT_OVERFLOW, ZIP_SLIP, BOMB]

# ---- constants ---------------------------------------------------------------------------------

_TLS_VERSIONS = {"VersionSSL30": 0x0300, "VersionTLS10": 0x0301, "VersionTLS11": 0x0302,
                 "VersionTLS12": 0x0303, "VersionTLS13": 0x0304}
_OS_MODES = {"ModePerm": 0o777}
# Suites with forward secrecy and an AEAD cipher: anything else listed in CipherSuites is flagged.
_GOOD_SUITES = frozenset({
    "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305",
    "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
})
_WEAK_HASH_PKGS = {"crypto/md5": "MD5", "crypto/sha1": "SHA-1", "golang.org/x/crypto/md4": "MD4",
                   "golang.org/x/crypto/ripemd160": "RIPEMD-160"}
_WEAK_CIPHERS = {("crypto/des", "NewCipher"): "DES", ("crypto/des", "NewTripleDESCipher"): "3DES",
                 ("crypto/rc4", "NewCipher"): "RC4", ("golang.org/x/crypto/blowfish", "NewCipher"): "Blowfish"}
_DECOMPRESSORS = {("compress/gzip", "NewReader"), ("compress/zlib", "NewReader"), ("compress/flate", "NewReader"),
                  ("compress/bzip2", "NewReader"), ("compress/lzw", "NewReader"),
                  ("github.com/klauspost/compress/gzip", "NewReader"), ("github.com/klauspost/compress/zstd",
                                                                       "NewReader")}
_NARROW = {"int8": 8, "int16": 16, "int32": 32, "uint8": 8, "uint16": 16, "uint32": 32, "byte": 8, "rune": 32}
_PARSERS = {"Atoi": 64, "ParseInt": None, "ParseUint": None}
# Calls whose error must not be ignored: (package, function) or ("", method name).
_MUST_CHECK = {
    ("crypto/rand", "Read"), ("crypto/rand", "Int"), ("crypto/rand", "Prime"),
    ("os", "Chmod"), ("os", "Chown"), ("os", "Lchown"), ("os", "Chtimes"),
    ("syscall", "Setuid"), ("syscall", "Setgid"), ("syscall", "Setgroups"), ("syscall", "Setreuid"),
    ("syscall", "Setresuid"), ("syscall", "Chroot"), ("syscall", "Seteuid"), ("syscall", "Setegid"),
    ("golang.org/x/sys/unix", "Setuid"), ("golang.org/x/sys/unix", "Setgid"), ("golang.org/x/sys/unix", "Chroot"),
    ("golang.org/x/crypto/bcrypt", "CompareHashAndPassword"),
    ("crypto/rsa", "VerifyPKCS1v15"), ("crypto/rsa", "VerifyPSS"), ("crypto/ed25519", "VerifyWithOptions"),
    ("", "VerifyHostname"), ("", "Handshake"), ("", "CheckSignature"), ("", "CheckSignatureFrom"),
}
_SECRET_NAME = re.compile(r"passw(or)?d|passwd|pwd|^pw$|_pw$|^pw_|secret|token|api_?key|apikey|access_?key|"
                          r"private_?key|priv_?key|credential|^creds?$|_creds?$|^cred_|bearer|auth_?key|"
                          r"client_?secret|signing_?key|encryption_?key", re.I)
_NOT_SECRET_NAME = re.compile(r"(url|uri|path|file|name|len|length|count|size|type|kind|prefix|header|field|env|"
                              r"var|key_?id|format|regex|pattern|endpoint|label|param|column|table|policy)$", re.I)
_KNOWN_SECRETS = re.compile(
    r"^(?:(?:AKIA|ASIA)[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{40,}|"
    r"xox[abposr]-[A-Za-z0-9-]{10,}|sk_live_[A-Za-z0-9]{20,}|AIza[0-9A-Za-z_\-]{35}|"
    r"-----BEGIN (?:RSA |EC |OPENSSH |DSA )?PRIVATE KEY-----.*)$", re.S)
_URL_CREDS = re.compile(r"^[a-z][a-z0-9+.\-]*://[^/\s:@]+:([^/\s@]{6,})@", re.I)
_PLACEHOLDER = re.compile(r"example|changeme|change_me|placeholder|dummy|sample|your[_\-]?|xxxx|\*\*\*|<|>|\$\{|%[sv]|"
                          r"^test|redacted", re.I)


def _entropy(s: str) -> float:
    counts: dict[str, int] = {}
    for ch in s:
        counts[ch] = counts.get(ch, 0) + 1
    return -sum(c / len(s) * math.log2(c / len(s)) for c in counts.values())


def looks_secret(value: str) -> bool:
    """Whether a literal looks like a real secret rather than a word, identifier or placeholder."""
    v = value.strip()
    if v.lower().startswith("bearer"):
        v = v[6:].lstrip(": ")
    if len(v) < 8 or " " in v or _PLACEHOLDER.search(v):
        return False
    if re.fullmatch(r"[a-z_.\-]+|[A-Z_.\-]+|[a-zA-Z]+", v):  # identifiers, config keys, plain words
        return False
    if v.startswith(("/", "./", "http://", "https://")) and not _URL_CREDS.match(v):
        return False
    return _entropy(v) >= 3.0


def known_secret(value: str) -> bool:
    """Whether a literal has the shape of a well-known credential, whatever it is called."""
    v = value.strip()
    if _KNOWN_SECRETS.match(v):
        return "EXAMPLE" not in v.upper()  # documentation keys (AKIAIOSFODNN7EXAMPLE) are not secrets
    m = _URL_CREDS.match(v)
    return m is not None and not _PLACEHOLDER.search(m.group(1))


# ---- the checker -------------------------------------------------------------------------------

class _Checker:
    def __init__(self, tree: Tree, display: str, text_: str) -> None:
        self.root = tree.root_node
        self.display = display
        self.lines = text_.splitlines()
        self.imports = imports_of(self.root)
        self.consts: dict[str, Node] = {}
        self.out: list[Finding] = []
        self.seen: set[tuple[str, int, int]] = set()

    def report(self, rule: Rule, n: Node, message: str, conf: Confidence | None = None) -> None:
        key = (rule.id, n.start_point[0], 0)  # one finding per rule and line
        if key in self.seen:
            return
        self.seen.add(key)
        line = n.start_point[0] + 1
        snippet = self.lines[line - 1].strip() if 0 < line <= len(self.lines) else ""
        self.out.append(Finding(
            rule_id=rule.id, message=message, severity=rule.severity, confidence=conf or rule.confidence,
            location=Location(self.display, line, n.start_point[1] + 1, n.end_point[0] + 1, n.end_point[1] + 1),
            analyzer="sast", cwe=rule.cwe, owasp=rule.owasp, snippet=snippet, fix=rule.doc.fix))

    # -- names --
    def qual(self, n: Node | None) -> tuple[str, str] | None:
        """(import path, name) of `pkg.Name` (a selector or qualified type), else None."""
        if n is None:
            return None
        if n.type == "selector_expression":
            op = n.child_by_field_name("operand")
            if op is not None and op.type == "identifier" and text(op) in self.imports:
                return self.imports[text(op)], text(n.child_by_field_name("field"))
        if n.type == "qualified_type":
            pkg = text(n.child_by_field_name("package"))
            if pkg in self.imports:
                return self.imports[pkg], text(n.child_by_field_name("name"))
        return None

    def callee(self, call: Node) -> tuple[str, str] | None:
        fn = call.child_by_field_name("function")
        q = self.qual(fn)
        if q is not None:
            return q
        if fn is not None and fn.type == "selector_expression":
            return "", text(fn.child_by_field_name("field"))
        return None

    @staticmethod
    def args(call: Node) -> list[Node]:
        a = call.child_by_field_name("arguments")
        return [c for c in a.named_children if c.type != "comment"] if a is not None else []

    def const(self, n: Node | None, depth: int = 0) -> object:
        """Constant value of an expression visible in the file, or None."""
        if n is None or depth > 8:
            return None
        t = n.type
        if t in ("interpreted_string_literal", "raw_string_literal"):
            return string_value(n)
        if t == "int_literal":
            return int_value(text(n))
        if t in ("true", "false"):
            return t == "true"
        if t == "parenthesized_expression" and n.named_children:
            return self.const(n.named_children[0], depth + 1)
        if t == "unary_expression":
            op = text(n.child_by_field_name("operator"))
            v = self.const(n.child_by_field_name("operand"), depth + 1)
            if op == "!" and isinstance(v, bool):
                return not v
            return None
        if t == "identifier":
            if text(n) in ("true", "false"):
                return text(n) == "true"
            d = self.consts.get(text(n))
            return self.const(d, depth + 1) if d is not None else None
        if t == "selector_expression":
            q = self.qual(n)
            if q == ("crypto/tls", q[1] if q else "") and q is not None and q[1] in _TLS_VERSIONS:
                return _TLS_VERSIONS[q[1]]
            if q is not None and q[0] in ("os", "io/fs") and q[1] in _OS_MODES:
                return _OS_MODES[q[1]]
            return None
        if t == "binary_expression":
            op = text(n.child_by_field_name("operator"))
            a = self.const(n.child_by_field_name("left"), depth + 1)
            b = self.const(n.child_by_field_name("right"), depth + 1)
            if isinstance(a, int) and isinstance(b, int) and not isinstance(a, bool) and op in ("|", "+"):
                return a | b if op == "|" else a + b
            return None
        if t == "call_expression":  # os.FileMode(0600)
            fn = n.child_by_field_name("function")
            q = self.qual(fn)
            a = self.args(n)
            if q is not None and q[1] == "FileMode" and len(a) == 1:
                return self.const(a[0], depth + 1)
        return None

    def collect_consts(self) -> None:
        """Names bound once, in the file, to one expression (const, var, := with a single value)."""
        counts: dict[str, int] = {}
        for n in _walk(self.root):
            if n.type in ("const_spec", "var_spec"):
                names = n.children_by_field_name("name")
                val = n.child_by_field_name("value")
                vals = [c for c in val.named_children if c.type != "comment"] if val is not None else []
                for i, nm in enumerate(names):
                    counts[text(nm)] = counts.get(text(nm), 0) + 1
                    if i < len(vals) and len(vals) == len(names):
                        self.consts[text(nm)] = vals[i]
            elif n.type in ("short_var_declaration", "assignment_statement"):
                left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
                ls = [c for c in left.named_children] if left is not None else []
                rs = [c for c in right.named_children] if right is not None else []
                for i, nm in enumerate(ls):
                    if nm.type != "identifier":
                        continue
                    counts[text(nm)] = counts.get(text(nm), 0) + 1
                    if len(ls) == len(rs):
                        self.consts[text(nm)] = rs[i]
        for name, c in counts.items():
            if c > 1:
                self.consts.pop(name, None)

    # -- checks --
    def run(self) -> list[Finding]:
        self.collect_consts()
        for n in _walk(self.root):
            t = n.type
            if t == "composite_literal":
                self.composite(n)
            elif t == "call_expression":
                self.call(n)
            elif t in ("const_spec", "var_spec"):
                self.creds_spec(n)
            elif t in ("short_var_declaration", "assignment_statement"):
                self.creds_assign(n)
                self.tls_assign(n)
            elif t == "binary_expression":
                self.creds_compare(n)
            elif t == "expression_statement":
                self.unhandled_stmt(n)
            elif t in ("function_declaration", "method_declaration", "func_literal"):
                body = n.child_by_field_name("body")
                if body is not None:
                    self.function(n, body)
            elif t in ("interpreted_string_literal", "raw_string_literal"):
                v = string_value(n)
                if len(v) >= 16 and known_secret(v) and not self._secret_context(n):
                    self.report(CREDS, n, "string literal has the shape of a credential", Confidence.HIGH)
        return self.out

    def _secret_context(self, lit: Node) -> bool:
        """Whether the literal is already reported through the name it is bound to."""
        return (lit.start_point[0], lit.start_point[1]) in self._named_lits

    _named_lits: set[tuple[int, int]] = set()

    def composite(self, n: Node) -> None:
        typ = n.child_by_field_name("type")
        inner = typ
        body = n.child_by_field_name("body")
        if body is None:
            return
        fields: dict[str, Node] = {}
        for e in body.named_children:
            if e.type != "keyed_element":
                continue
            kids = [c for c in e.named_children if c.type != "comment"]
            if len(kids) != 2:
                continue
            k = kids[0].named_children[0] if kids[0].type == "literal_element" and kids[0].named_children else kids[0]
            v = kids[1].named_children[0] if kids[1].type == "literal_element" and kids[1].named_children else kids[1]
            if k.type in ("identifier", "field_identifier"):
                fields[text(k)] = v
            elif k.type in ("interpreted_string_literal", "raw_string_literal"):
                fields[string_value(k)] = v
            self.creds_pair(k, v)
        q = self.qual(inner)
        if q == ("crypto/tls", "Config"):
            self.tls_config(n, fields)
        elif q == ("net/http", "Server"):
            if "ReadHeaderTimeout" not in fields and "ReadTimeout" not in fields:
                self.report(TIMEOUTS, n, "http.Server without ReadHeaderTimeout or ReadTimeout")

    def tls_config(self, n: Node, fields: dict[str, Node]) -> None:
        skip = fields.get("InsecureSkipVerify")
        if skip is not None:
            v = self.const(skip)
            if v is True:
                self.report(TLS, skip, "TLS certificate verification turned off (InsecureSkipVerify: true)")
            elif v is None:
                self.report(TLS, skip, "InsecureSkipVerify set from a value that may be true", Confidence.MEDIUM)
        for fld in ("MinVersion", "MaxVersion"):
            node = fields.get(fld)
            if node is None:
                continue
            v = self.const(node)
            if isinstance(v, int) and not isinstance(v, bool) and 0 < v < 0x0303:
                self.report(TLS, node, f"{fld} allows protocol versions below TLS 1.2")
        suites = fields.get("CipherSuites")
        if suites is not None and suites.type == "composite_literal":
            sbody = suites.child_by_field_name("body")
            for e in sbody.named_children if sbody is not None else []:
                x = e.named_children[0] if e.type == "literal_element" and e.named_children else e
                q = self.qual(x)
                if q is not None and q[0] == "crypto/tls" and q[1] not in _GOOD_SUITES:
                    self.report(TLS, suites, f"insecure cipher suite {q[1]}")
                    break
        pref = fields.get("PreferServerCipherSuites")
        if pref is not None and self.const(pref) is not True:
            self.report(TLS, pref, "PreferServerCipherSuites is not true", Confidence.MEDIUM)

    def tls_assign(self, n: Node) -> None:
        left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
        ls = list(left.named_children) if left is not None else []
        rs = list(right.named_children) if right is not None else []
        for i, x in enumerate(ls):
            if x.type == "selector_expression" and text(x.child_by_field_name("field")) == "InsecureSkipVerify" \
                    and i < len(rs) and self.const(rs[i]) is True:
                self.report(TLS, x, "TLS certificate verification turned off (InsecureSkipVerify = true)")

    def call(self, n: Node) -> None:
        c = self.callee(n)
        if c is None:
            return
        pkg, name = c
        args = self.args(n)
        if pkg in _WEAK_HASH_PKGS and name in ("New", "Sum", "Sum160", "New160"):
            algo = _WEAK_HASH_PKGS[pkg]
            pw = any(re.search(r"passw|pwd|secret", text(a), re.I) for a in args)
            self.report(WEAK_HASH, n, f"{algo} is a broken hash function" + (" (used on a password)" if pw else ""),
                        Confidence.HIGH if pw else None)
        elif (pkg, name) in _WEAK_CIPHERS:
            self.report(WEAK_CIPHER, n, f"{_WEAK_CIPHERS[(pkg, name)]} is a broken cipher")
        elif pkg == "os" and name in ("Mkdir", "MkdirAll") and len(args) >= 2:
            self.perm(n, args[1], 0o750, f"os.{name}")
        elif pkg == "os" and name in ("OpenFile",) and len(args) >= 3:
            self.perm(n, args[2], 0o600, "os.OpenFile")
        elif pkg == "os" and name == "Chmod" and len(args) >= 2:
            self.perm(n, args[1], 0o600, "os.Chmod")
        elif pkg in ("os", "io/ioutil") and name == "WriteFile" and len(args) >= 3:
            self.perm(n, args[2], 0o600, f"{pkg.rsplit('/', 1)[-1]}.WriteFile")
        elif pkg == "net/http" and name in ("ListenAndServe", "ListenAndServeTLS", "Serve", "ServeTLS"):
            self.report(TIMEOUTS, n, f"http.{name} runs a server without timeouts")

    def perm(self, call: Node, mode: Node, limit: int, what: str) -> None:
        v = self.const(mode)
        if isinstance(v, int) and not isinstance(v, bool) and (v & 0o777) & ~limit:
            # Writable by others, or a file whose name says it holds secrets: high confidence. Only
            # readable by others (0644, 0755): low, since that is the norm for files that are not secret.
            args = self.args(call)
            secret = bool(args) and re.search(r"key|secret|token|passw|cred|\.pem|private|cert", text(args[0]), re.I)
            conf = Confidence.HIGH if v & 0o022 or secret else Confidence.LOW
            self.report(PERMS, call, f"{what} with mode {oct(v & 0o777)[2:].zfill(4)} (more open than "
                                     f"{oct(limit)[2:].zfill(4)})", conf)

    # -- hard-coded credentials --
    def _secret_pair(self, name: str, value: Node | None) -> bool:
        if value is None or value.type not in ("interpreted_string_literal", "raw_string_literal"):
            return False
        if not _SECRET_NAME.search(name) or _NOT_SECRET_NAME.search(name):
            return False
        return looks_secret(string_value(value)) or known_secret(string_value(value))

    def _flag_pair(self, name: str, value: Node) -> None:
        self._named_lits.add((value.start_point[0], value.start_point[1]))
        self.report(CREDS, value, f"hard-coded credential in `{name}`")

    def creds_pair(self, k: Node, v: Node) -> None:
        name = string_value(k) if k.type in ("interpreted_string_literal", "raw_string_literal") else text(k)
        if self._secret_pair(name, v):
            self._flag_pair(name, v)

    def creds_spec(self, n: Node) -> None:
        val = n.child_by_field_name("value")
        vals = [c for c in val.named_children if c.type != "comment"] if val is not None else []
        names = n.children_by_field_name("name")
        for nm, v in zip(names, vals, strict=False):
            if self._secret_pair(text(nm), v):
                self._flag_pair(text(nm), v)

    def creds_assign(self, n: Node) -> None:
        left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
        ls = list(left.named_children) if left is not None else []
        rs = list(right.named_children) if right is not None else []
        if len(ls) != len(rs):
            return
        for x, v in zip(ls, rs, strict=True):
            name = text(x.child_by_field_name("field")) if x.type == "selector_expression" else text(x)
            if self._secret_pair(name, v):
                self._flag_pair(name, v)

    def creds_compare(self, n: Node) -> None:
        if text(n.child_by_field_name("operator")) not in ("==", "!="):
            return
        a, b = n.child_by_field_name("left"), n.child_by_field_name("right")
        for x, v in ((a, b), (b, a)):
            if x is None or v is None:
                continue
            name = text(x.child_by_field_name("field")) if x.type == "selector_expression" else text(x)
            if x.type in ("identifier", "selector_expression") and self._secret_pair(name, v):
                self._flag_pair(name, v)

    # -- unhandled errors --
    def unhandled_stmt(self, n: Node) -> None:
        kids = [c for c in n.named_children if c.type != "comment"]
        if kids and kids[0].type == "call_expression":
            self.must_check(kids[0], "the call's error is not checked")

    def must_check(self, call: Node, why: str) -> None:
        c = self.callee(call)
        if c is None:
            return
        if c in _MUST_CHECK or ("", c[1]) in _MUST_CHECK:
            self.report(UNHANDLED, call, f"{c[1]}: {why}")

    def blank_error(self, n: Node) -> None:
        """`_ = f()`, `x, _ := f()`: the last (error) result assigned to the blank identifier."""
        left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
        ls = list(left.named_children) if left is not None else []
        rs = list(right.named_children) if right is not None else []
        if len(rs) == 1 and rs[0].type == "call_expression" and ls and text(ls[-1]) == "_":
            self.must_check(rs[0], "the error is assigned to _")

    # -- per function --
    def function(self, fn: Node, body: Node) -> None:
        nodes = list(_walk(body, stop=("func_literal",)))
        for n in nodes:
            if n.type in ("short_var_declaration", "assignment_statement"):
                self.blank_error(n)
        self.zip_slip(fn, nodes)
        self.bomb(nodes)
        self.overflow(nodes)

    def _params_of_type(self, fn: Node, types: set[tuple[str, str]]) -> set[str]:
        out: set[str] = set()
        params = fn.child_by_field_name("parameters")
        for p in params.named_children if params is not None else []:
            typ = p.child_by_field_name("type")
            while typ is not None and typ.type == "pointer_type" and typ.named_children:
                typ = typ.named_children[-1]
            if self.qual(typ) in types:
                out.update(text(nm) for nm in p.children_by_field_name("name"))
        return out

    def zip_slip(self, fn: Node, nodes: list[Node]) -> None:
        entries = self._params_of_type(fn, {("archive/zip", "File"), ("archive/tar", "Header")})
        for n in nodes:
            if n.type == "for_statement":
                rc = next((c for c in n.named_children if c.type == "range_clause"), None)
                right = rc.child_by_field_name("right") if rc is not None else None
                left = rc.child_by_field_name("left") if rc is not None else None
                if right is not None and right.type == "selector_expression" and \
                        text(right.child_by_field_name("field")) == "File" and left is not None:
                    bound = list(left.named_children)
                    if len(bound) == 2:
                        entries.add(text(bound[1]))
            elif n.type in ("short_var_declaration", "assignment_statement"):
                right = n.child_by_field_name("right")
                left = n.child_by_field_name("left")
                rs = list(right.named_children) if right is not None else []
                if len(rs) == 1 and rs[0].type == "call_expression":
                    fnode = rs[0].child_by_field_name("function")
                    if fnode is not None and fnode.type == "selector_expression" and \
                            text(fnode.child_by_field_name("field")) == "Next" and left is not None \
                            and left.named_children:
                        entries.add(text(left.named_children[0]))
        if not entries:
            return
        names: set[str] = set()  # variables holding an entry name
        for n in nodes:
            if n.type in ("short_var_declaration", "assignment_statement"):
                left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
                ls = list(left.named_children) if left is not None else []
                rs = list(right.named_children) if right is not None else []
                if len(ls) == len(rs):
                    for x, v in zip(ls, rs, strict=True):
                        if self._is_entry_name(v, entries, set()):
                            names.add(text(x))
        guarded = any(self._containment(n) for n in nodes)
        if guarded:
            return
        for n in nodes:
            if n.type != "call_expression":
                continue
            c = self.callee(n)
            if c not in (("path/filepath", "Join"), ("path", "Join")):
                continue
            if any(self._is_entry_name(a, entries, names) for a in self.args(n)[1:]):
                self.report(ZIP_SLIP, n, "archive entry name joined into a path without a containment check")

    def _is_entry_name(self, v: Node, entries: set[str], names: set[str]) -> bool:
        if v.type == "identifier":
            return text(v) in names
        if v.type == "selector_expression":
            op = v.child_by_field_name("operand")
            return text(v.child_by_field_name("field")) == "Name" and op is not None and text(op) in entries
        return False

    def _containment(self, n: Node) -> bool:
        if n.type != "call_expression":
            return False
        c = self.callee(n)
        if c in (("strings", "HasPrefix"), ("path/filepath", "Rel"), ("path/filepath", "IsLocal"),
                 ("path/filepath", "Base"), ("path", "Base")):
            return True
        if c == ("strings", "Contains"):
            a = self.args(n)
            return len(a) == 2 and self.const(a[1]) == ".."
        return False

    def bomb(self, nodes: list[Node]) -> None:
        readers: set[str] = set()
        for n in nodes:
            if n.type not in ("short_var_declaration", "assignment_statement"):
                continue
            left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
            rs = list(right.named_children) if right is not None else []
            ls = list(left.named_children) if left is not None else []
            if len(rs) == 1 and rs[0].type == "call_expression" and ls:
                c = self.callee(rs[0])
                fnode = rs[0].child_by_field_name("function")
                if c in _DECOMPRESSORS or (fnode is not None and fnode.type == "selector_expression"
                                           and text(fnode.child_by_field_name("field")) == "Open"
                                           and c is not None and c[0] == "" and self._zip_entry(fnode)):
                    readers.add(text(ls[0]))
        if not readers:
            return
        for n in nodes:
            if n.type != "call_expression":
                continue
            c = self.callee(n)
            if c in (("io", "Copy"), ("io", "CopyBuffer")):
                a = self.args(n)
                if len(a) >= 2 and a[1].type == "identifier" and text(a[1]) in readers:
                    self.report(BOMB, n, f"io.{c[1]} from a decompressing reader without a size limit")

    def _zip_entry(self, sel: Node) -> bool:
        """`f.Open()` where f ranges over a zip reader's File list."""
        op = sel.child_by_field_name("operand")
        return op is not None and op.type == "identifier" and self._ranges_over_zip(op)

    def _ranges_over_zip(self, op: Node) -> bool:
        name = text(op)
        for n in _walk(self.root):
            if n.type == "range_clause":
                left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
                if right is not None and right.type == "selector_expression" and \
                        text(right.child_by_field_name("field")) == "File" and left is not None and \
                        any(text(c) == name for c in left.named_children):
                    return True
        return False

    def overflow(self, nodes: list[Node]) -> None:
        parsed: dict[str, int] = {}  # variable -> bit size of the parsed value
        for n in nodes:
            if n.type not in ("short_var_declaration", "assignment_statement"):
                continue
            left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
            rs = list(right.named_children) if right is not None else []
            ls = list(left.named_children) if left is not None else []
            if len(rs) == 1 and rs[0].type == "call_expression" and ls and ls[0].type == "identifier":
                c = self.callee(rs[0])
                if c is not None and c[0] == "strconv" and c[1] in _PARSERS:
                    bits: int | None = _PARSERS[c[1]]
                    if bits is None:
                        a = self.args(rs[0])
                        v = self.const(a[2]) if len(a) >= 3 else None
                        bits = v if isinstance(v, int) and not isinstance(v, bool) else 64
                        if bits == 0:
                            bits = 64
                    parsed[text(ls[0])] = bits
        if not parsed:
            return
        checked: set[str] = set()
        for n in nodes:
            if n.type == "binary_expression" and text(n.child_by_field_name("operator")) in ("<", "<=", ">", ">="):
                for side in ("left", "right"):
                    s = n.child_by_field_name(side)
                    if s is not None and s.type == "identifier" and text(s) in parsed:
                        checked.add(text(s))
            elif n.type == "call_expression":
                fnode = n.child_by_field_name("function")
                a = self.args(n)
                if fnode is None or fnode.type != "identifier" or text(fnode) not in _NARROW or len(a) != 1:
                    continue
                v = a[0]
                if v.type == "identifier" and text(v) in parsed and text(v) not in checked \
                        and parsed[text(v)] > _NARROW[text(fnode)]:
                    self.report(INT_OVERFLOW, n, f"parsed {parsed[text(v)]}-bit integer `{text(v)}` converted to "
                                                 f"{text(fnode)} without a range check")


def _walk(root: Node, stop: tuple[str, ...] = ()) -> Iterator[Node]:
    """Nodes below root in document order (not descending into `stop` node types below the root)."""
    stack = [root]
    while stack:
        n = stack.pop()
        yield n
        if n is not root and n.type in stop:
            continue
        stack.extend(reversed(n.children))


def check(tree: Tree, display: str, text_: str) -> list[Finding]:
    """Structural findings for one Go file."""
    c = _Checker(tree, display, text_)
    c._named_lits = set()
    return c.run()
