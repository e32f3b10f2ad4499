"""Structural Python checks on the tree-sitter tree (no dataflow).

Every check matches APIs by their qualified name after import resolution (see
:mod:`armur.rules.python_names`) and reads arguments through simple intra-function constant
propagation, so ``import hashlib as h; alg = "md5"; h.new(alg)`` is recognised while
``secure = True; resp.set_cookie("k", v, secure=secure)`` is not reported. The rule records and
their documentation are in :mod:`armur.rules.python_structural_rules`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import PurePosixPath

from functools import lru_cache

from tree_sitter import Node, Query, QueryCursor, Tree

from armur.core.analyzer import SourceFile
from armur.core.findings import Confidence, Finding, Location, Severity
from armur.core.rules import Rule
from armur.lang.treesitter import language, text, walk
from armur.rules.names import (
    PASSWORD_WORDS,
    is_credential_name,
    is_secret_name,
    looks_like_real_secret,
    words,
)
from armur.rules.python_names import UNKNOWN, Names, QName, Value, Scope, arg, call_args, is_const
from armur.rules.python_structural_rules import (
    ALL_RULES,
    ASSERT_AUTH,
    BIND_ALL,
    COOKIE_HTTPONLY,
    COOKIE_SAMESITE,
    COOKIE_SECURE,
    DEBUG,
    DESERIALIZER,
    ECB,
    EVAL,
    HARDCODED,
    JWT,
    MKTEMP,
    SHELL,
    TARFILE,
    TLS_VERIFY,
    TLS_WARNINGS,
    WEAK_CIPHER,
    WEAK_HASH,
    WEAK_KEY,
    WEAK_RANDOM,
    XXE,
    YAML_LOAD,
)

__all__ = ["RULES", "check", "EVAL"]

RULES: list[Rule] = list(ALL_RULES)

# --------------------------------------------------------------------------------------------
# API tables
# --------------------------------------------------------------------------------------------

_EVAL_FUNCS = {"eval", "exec", "compile", "builtins.eval", "builtins.exec", "builtins.compile"}

_PICKLE_MODULES = ("pickle", "cPickle", "_pickle", "dill", "cloudpickle")
_DESERIALIZERS = {f"{m}.{f}" for m in _PICKLE_MODULES for f in ("loads", "load", "Unpickler")} | {
    "marshal.loads", "marshal.load", "shelve.open", "shelve.DbfilenameShelf", "jsonpickle.decode",
    "jsonpickle.loads", "jsonpickle.unpickler.decode", "pandas.read_pickle", "joblib.load",
}

_SAFE_YAML_LOADERS = {"SafeLoader", "CSafeLoader", "BaseLoader", "CBaseLoader"}
_FULL_YAML_LOADERS = {"FullLoader", "CFullLoader"}
_UNSAFE_YAML_LOADERS = {"Loader", "CLoader", "UnsafeLoader", "CUnsafeLoader"}

_SUBPROCESS = {f"subprocess.{f}" for f in ("call", "run", "Popen", "check_call", "check_output")}
_ALWAYS_SHELL = {
    "os.system", "os.popen", "os.popen2", "os.popen3", "os.popen4", "subprocess.getoutput",
    "subprocess.getstatusoutput", "commands.getoutput", "commands.getstatusoutput", "popen2.popen2",
    "popen2.popen3", "popen2.popen4", "asyncio.create_subprocess_shell",
}

_HTTP_METHODS = {"get", "post", "put", "patch", "delete", "head", "options", "request", "stream", "send",
                 "urlopen", "ws_connect"}
_HTTP_CLIENT_PREFIXES = ("requests.", "httpx.", "aiohttp.", "urllib3.")

_WEAK_HASH_CALLS = {
    "hashlib.md5": "MD5", "hashlib.sha1": "SHA-1",
    **{f"{pkg}.Hash.{alg}.new": name for pkg in ("Crypto", "Cryptodome")
       for alg, name in (("MD5", "MD5"), ("MD4", "MD4"), ("MD2", "MD2"), ("SHA", "SHA-1"), ("SHA1", "SHA-1"))},
    "cryptography.hazmat.primitives.hashes.MD5": "MD5",
    "cryptography.hazmat.primitives.hashes.SHA1": "SHA-1",
}
_WEAK_HASH_NAMES = {"md5": "MD5", "sha1": "SHA-1", "sha-1": "SHA-1", "sha": "SHA-1", "md4": "MD4", "md2": "MD2",
                    "md5-sha1": "MD5-SHA1"}

_RANDOM_FUNCS = {"random", "randint", "randrange", "choice", "choices", "sample", "shuffle", "getrandbits",
                 "randbytes", "uniform", "triangular", "betavariate", "expovariate", "gauss", "normalvariate"}
_NUMPY_RANDOM_FUNCS = {"rand", "randint", "random", "choice", "bytes", "random_sample", "permutation",
                       "integers"}

_WEAK_CIPHER_RE = re.compile(
    r"^(?:(?:Crypto|Cryptodome)\.Cipher\.(?P<pc>DES3?|ARC4|ARC2|Blowfish|CAST|XOR)\.new"
    r"|cryptography\.hazmat\.(?:primitives|decrepit)\.ciphers\.algorithms\."
    r"(?P<cg>TripleDES|ARC4|Blowfish|IDEA|CAST5|SEED|RC2)"
    r"|pyDes\.(?P<pd>des|triple_des))$"
)
_CIPHER_NAMES = {"DES": "DES", "DES3": "Triple DES", "ARC4": "RC4", "ARC2": "RC2", "Blowfish": "Blowfish",
                 "CAST": "CAST", "XOR": "XOR", "TripleDES": "Triple DES", "IDEA": "IDEA", "CAST5": "CAST5",
                 "SEED": "SEED", "RC2": "RC2", "des": "DES", "triple_des": "Triple DES"}
_ECB_ATTR_RE = re.compile(r"^(?:Crypto|Cryptodome)\.Cipher\.\w+\.MODE_ECB$")
_ECB_CALL = "cryptography.hazmat.primitives.ciphers.modes.ECB"

_WEAK_CURVES = {"SECP192R1", "SECT163K1", "SECT163R2"}
_WEAK_CURVE_NAMES = {"p-192", "p192", "nist p-192", "secp192r1", "prime192v1"}

_ALL_INTERFACES = {"0.0.0.0", "::"}
_SERVER_METHODS = {"run", "run_simple", "serve", "run_app", "run_server", "Config"}
_SERVER_CLASSES = ("HTTPServer", "ThreadingHTTPServer", "TCPServer", "UDPServer", "ThreadingTCPServer",
                   "ThreadingUDPServer", "WSGIServer", "make_server")

_TAR_OPENERS = {"tarfile.open", "tarfile.TarFile", "tarfile.TarFile.open", "tarfile.TarFile.taropen",
                "tarfile.TarFile.gzopen", "tarfile.TarFile.bz2open", "tarfile.TarFile.xzopen"}

_LXML_PARSERS = {"lxml.etree.XMLParser", "lxml.etree.XMLPullParser", "lxml.etree.iterparse",
                 "lxml.objectify.makeparser", "lxml.etree.ETCompatXMLParser"}
_SAX_FEATURES = {"feature_external_ges", "feature_external_pes"}
_SAX_FEATURE_URLS = {"http://xml.org/sax/features/external-general-entities",
                     "http://xml.org/sax/features/external-parameter-entities"}

# --------------------------------------------------------------------------------------------
# name heuristics (the language-neutral ones are in armur.rules.names)
# --------------------------------------------------------------------------------------------

def is_test_path(display: str) -> bool:
    """Whether a file is test code (tests/ folder, test_*.py, *_test.py, conftest.py)."""
    p = PurePosixPath(display.replace("\\", "/"))
    if any(part in ("tests", "test", "testing") for part in p.parts[:-1]):
        return True
    return p.name.startswith("test_") or p.name.endswith("_test.py") or p.name == "conftest.py"


def is_settings_module(display: str) -> bool:
    """Whether a file is a (non-development) settings module: settings.py or settings/<name>.py."""
    p = PurePosixPath(display.replace("\\", "/"))
    if p.name == "settings.py":
        return True
    dev = ("dev", "local", "test", "debug")
    return len(p.parts) >= 2 and p.parts[-2] == "settings" and not p.stem.lower().startswith(dev)


_AUTH_IDENTS = {"current_user", "request.user", "g.user", "has_perm", "has_perms", "has_permission"}
_AUTH_WORDS = {"admin", "authenticated", "authorized", "authorised", "permission", "permissions", "perm", "perms",
               "role", "roles", "staff", "superuser", "owner", "privilege", "privileges", "acl", "authorization",
               "authorisation", "entitled", "entitlement", "entitlements", "logged"}


# --------------------------------------------------------------------------------------------
# the checker
# --------------------------------------------------------------------------------------------


def _truthy(v: Value) -> bool:
    return is_const(v) and not isinstance(v, QName) and bool(v)


def _falsy(v: Value) -> bool:
    return is_const(v) and not isinstance(v, QName | tuple | dict) and not v


def _last(q: str | None) -> str:
    return "" if q is None else q.rsplit(".", 1)[-1]


class _Checker:
    """Runs every structural check over one file."""

    def __init__(self, tree: Tree, src: SourceFile) -> None:
        self.tree = tree
        self.src = src
        self.lines = src.text.splitlines()
        self.names = Names(tree)
        self.test_file = is_test_path(src.display)
        self.out: list[Finding] = []
        self._seen: set[tuple[str, int, int]] = set()
        self.uses_flask = self.names.imports("flask", "quart", "dash", "sanic")
        self.starlette_only = (self.names.imports("starlette", "fastapi")
                               and not self.names.imports("flask", "django", "werkzeug", "quart"))
        self.tar_names: set[tuple[int, str]] = set()
        self.has_extraction_filter = False

    # -- plumbing -----------------------------------------------------------------------------

    def emit(self, rule: Rule, node: Node, message: str, confidence: Confidence | None = None,
             severity: Severity | None = None, fix: str | None = None) -> None:
        """Record a finding at a node (once per rule and position)."""
        start, end = node.start_point, node.end_point
        key = (rule.id, node.start_byte, node.end_byte)
        if key in self._seen:
            return
        self._seen.add(key)
        line = self.lines[start[0]] if start[0] < len(self.lines) else ""
        self.out.append(Finding(
            rule_id=rule.id,
            message=message,
            severity=severity or rule.severity,
            confidence=confidence or rule.confidence,
            location=Location(self.src.display, start[0] + 1, start[1] + 1, end[0] + 1, end[1] + 1),
            analyzer="sast",
            cwe=rule.cwe,
            owasp=rule.owasp,
            snippet=line.strip(),
            fix=fix or rule.doc.fix,
        ))

    def run(self) -> list[Finding]:
        """Check the file and return its findings."""
        nodes = sorted(_check_cursor().captures(self.tree.root_node).get("n", []), key=lambda n: n.start_byte)
        self._prepass(nodes)
        for node in nodes:
            t = node.type
            if t == "call":
                self.on_call(node)
            elif t == "attribute":
                self.on_attribute(node)
            elif t == "assignment":
                self.on_assignment(node)
            elif t in ("keyword_argument", "default_parameter", "typed_default_parameter"):
                self.on_named_value(node)
            elif t == "pair":
                self.on_pair(node)
            elif t == "comparison_operator":
                self.on_comparison(node)
            elif t == "assert_statement":
                self.on_assert(node)
        return sorted(self.out, key=lambda f: (f.location.start_line, f.location.start_col, f.rule_id))

    def _prepass(self, nodes: list[Node]) -> None:
        """Find tarfile objects bound to local names, and files that configure an extraction filter."""
        for node in nodes:
            if node.type == "attribute" and text(node.child_by_field_name("attribute")) == "extraction_filter":
                self.has_extraction_filter = True
            target: Node | None = None
            value: Node | None = None
            if node.type == "assignment":
                target, value = node.child_by_field_name("left"), node.child_by_field_name("right")
            elif node.type == "as_pattern" and node.parent is not None and node.parent.type == "with_item":
                value = node.named_children[0] if node.named_children else None
                alias = node.child_by_field_name("alias")
                target = alias.named_children[0] if alias is not None and alias.named_children else None
            if target is None or value is None or target.type != "identifier" or value.type != "call":
                continue
            if self.names.qualname(value.child_by_field_name("function")) in _TAR_OPENERS:
                self.tar_names.add((self._scope_id(node), text(target)))

    def _scope_id(self, node: Node) -> int:
        fn = self.names.enclosing_function(node)
        return -1 if fn is None else fn.start_byte

    def qn(self, node: Node | None) -> str | None:
        """Qualified name of an expression."""
        return self.names.qualname(node)

    def val(self, node: Node | None) -> Value:
        """Constant value of an expression."""
        return self.names.value(node) if node is not None else UNKNOWN

    # -- calls --------------------------------------------------------------------------------

    def on_call(self, call: Node) -> None:
        """Dispatch the call-based checks."""
        fn = call.child_by_field_name("function")
        if fn is None:
            return
        q = self.qn(fn)
        method = text(fn.child_by_field_name("attribute")) if fn.type == "attribute" else ""
        if q is not None:
            self.check_eval(call, fn, q)
            self.check_deserializer(call, q)
            self.check_yaml(call, q)
            self.check_shell(call, q)
            self.check_weak_hash(call, q)
            self.check_weak_random(call, q)
            self.check_weak_cipher(call, q)
            self.check_weak_key(call, q)
            self.check_jwt(call, q)
            self.check_xxe(call, q)
            if q in ("tempfile.mktemp", "os.tempnam", "os.tmpnam"):
                self.emit(MKTEMP, call, f"{q}() returns a file name without creating the file; another process "
                                        "can create it first (race condition).")
            if q in ("urllib3.disable_warnings", "requests.packages.urllib3.disable_warnings"):
                self.emit(TLS_WARNINGS, call, f"{q}() hides urllib3's warnings about unverified HTTPS requests.")
        self.check_tls_call(call, q, method)
        self.check_cookie_call(call, method)
        self.check_debug_call(call, q, method)
        self.check_bind(call, q, method)
        self.check_tar(call, fn, q, method)

    def check_eval(self, call: Node, fn: Node, q: str) -> None:
        """eval/exec/compile of non-constant code."""
        if q not in _EVAL_FUNCS:
            return
        if fn.type == "identifier" and self._shadowed(text(fn), call):
            return
        code = arg(call, 0, "source")
        if code is None:
            return
        v = self.val(code)
        if isinstance(v, str | bytes):
            return
        name = _last(q)
        self.emit(EVAL, call, f"{name}() runs code built from a non-constant value ({text(code)[:60]}); if any "
                              "of it comes from outside the program this is code injection.")

    def _shadowed(self, name: str, at: Node) -> bool:
        s: Scope | None = self.names.scope_of(at)
        while s is not None:
            if name in s.bindings:
                return True
            s = s.parent
        return False

    def check_deserializer(self, call: Node, q: str) -> None:
        """pickle and other code-executing deserializers."""
        if q in _DESERIALIZERS:
            self.emit(DESERIALIZER, call, f"{q}() can execute arbitrary code embedded in the data it loads; "
                                          "never use it on data that could come from an untrusted source.")
        elif q == "numpy.load" and _truthy(self.val(arg(call, -1, "allow_pickle"))):
            self.emit(DESERIALIZER, call, "numpy.load(..., allow_pickle=True) unpickles object arrays, which can "
                                          "execute code embedded in the file.")
        elif q == "torch.load":
            wo = arg(call, -1, "weights_only")
            if wo is None:
                self.emit(DESERIALIZER, call, "torch.load() without weights_only=True unpickles the file (the "
                                              "default before PyTorch 2.6), which can execute embedded code.",
                          confidence=Confidence.LOW)
            elif _falsy(self.val(wo)):
                self.emit(DESERIALIZER, call, "torch.load(..., weights_only=False) unpickles the file, which can "
                                              "execute code embedded in it.")

    def check_yaml(self, call: Node, q: str) -> None:
        """Unsafe PyYAML loaders."""
        if q in ("yaml.unsafe_load", "yaml.unsafe_load_all"):
            self.emit(YAML_LOAD, call, f"{q}() constructs arbitrary Python objects, which allows code execution "
                                       "from the document; use yaml.safe_load().")
            return
        if q in ("yaml.full_load", "yaml.full_load_all"):
            self.emit(YAML_LOAD, call, f"{q}() uses FullLoader, which executed code before PyYAML 5.4 and still "
                                       "builds arbitrary Python objects; use yaml.safe_load().",
                      confidence=Confidence.LOW)
            return
        if q not in ("yaml.load", "yaml.load_all"):
            return
        loader = arg(call, 1, "Loader")
        if loader is None:
            _, kw, splat = call_args(call)
            if splat:
                return
            self.emit(YAML_LOAD, call, f"{q}() without a Loader uses an unsafe default in PyYAML < 5.1 (and fails "
                                       "in 6.0); use yaml.safe_load().", confidence=Confidence.MEDIUM)
            return
        name = _last(self.qn(loader))
        if not name or name in _SAFE_YAML_LOADERS or self._is_safe_loader_class(name):
            return
        if name in _FULL_YAML_LOADERS:
            self.emit(YAML_LOAD, call, f"{q}() with {name} builds arbitrary Python objects (and executed code "
                                       "before PyYAML 5.4); use yaml.safe_load().", confidence=Confidence.LOW)
        elif name in _UNSAFE_YAML_LOADERS:
            self.emit(YAML_LOAD, call, f"{q}() with Loader={name} can execute code embedded in the document via "
                                       "python/object tags; use yaml.safe_load().")

    def _is_safe_loader_class(self, name: str) -> bool:
        for node in walk(self.tree.root_node):
            if node.type == "class_definition" and text(node.child_by_field_name("name")) == name:
                bases = node.child_by_field_name("superclasses")
                return bases is not None and any(_last(self.qn(b)) in _SAFE_YAML_LOADERS
                                                 for b in bases.named_children)
        return False

    def check_shell(self, call: Node, q: str) -> None:
        """Shell commands from non-constant strings."""
        if q in _SUBPROCESS:
            shell = arg(call, -1, "shell")
            if shell is None or not _truthy(self.val(shell)):
                return
            cmd = arg(call, 0, "args")
            if cmd is None or self._constant_command(cmd):
                return
            self.emit(SHELL, call, f"{q}() runs a non-constant command through the shell (shell=True); "
                                   "metacharacters in any interpolated value run extra commands.")
        elif q in _ALWAYS_SHELL:
            cmd = arg(call, 0, "cmd")
            if cmd is None or self._constant_command(cmd):
                return
            self.emit(SHELL, call, f"{q}() passes a non-constant command to the shell; metacharacters in any "
                                   "interpolated value run extra commands.")

    def _constant_command(self, cmd: Node) -> bool:
        v = self.val(cmd)
        if isinstance(v, str | bytes):
            return True
        return isinstance(v, tuple) and all(isinstance(x, str | bytes) for x in v)

    def check_weak_hash(self, call: Node, q: str) -> None:
        """MD5/SHA-1 and friends."""
        alg: str | None = None
        if q in _WEAK_HASH_CALLS:
            alg = _WEAK_HASH_CALLS[q]
        elif q == "hashlib.new":
            v = self.val(arg(call, 0, "name"))
            if isinstance(v, str):
                alg = _WEAK_HASH_NAMES.get(v.lower())
        if alg is None:
            return
        ufs = arg(call, -1, "usedforsecurity")
        if ufs is not None and not _truthy(self.val(ufs)):
            return
        self.emit(WEAK_HASH, call, f"{q}() uses {alg}, which is broken for security purposes (collisions are "
                                   "practical); use SHA-256 or better, or pass usedforsecurity=False if the hash "
                                   "is not used for security.")

    def check_weak_random(self, call: Node, q: str) -> None:
        """random-module values used for secrets."""
        parts = q.split(".")
        weak = (
            (len(parts) == 2 and parts[0] == "random" and parts[1] in _RANDOM_FUNCS)
            or (len(parts) == 3 and parts[:2] == ["random", "Random()"] and parts[2] in _RANDOM_FUNCS)
            or (len(parts) == 3 and parts[:2] == ["numpy", "random"] and parts[2] in _NUMPY_RANDOM_FUNCS)
        )
        if not weak:
            return
        target = self._secret_context(call)
        if target is None:
            return
        self.emit(WEAK_RANDOM, call, f"{q}() is a predictable generator but its result is used for '{target}'; "
                                     "use the secrets module for security-sensitive values.")

    def _secret_context(self, node: Node) -> str | None:
        """The secret-looking name the value of an expression flows into directly, if any."""
        child, n = node, node.parent
        while n is not None:
            t = n.type
            if t == "keyword_argument":
                name = text(n.child_by_field_name("name"))
                return name if is_secret_name(name) else None
            if t == "pair" and n.child_by_field_name("value") == child:
                k = self.val(n.child_by_field_name("key"))
                return k if isinstance(k, str) and is_secret_name(k) else None
            if t in ("assignment", "augmented_assignment"):
                if n.child_by_field_name("right") != child:
                    return None
                return self._target_secret(n.child_by_field_name("left"))
            if t == "return_statement":
                fn = self.names.enclosing_function(n)
                name = text(fn.child_by_field_name("name")) if fn is not None else ""
                return f"{name}()" if name and is_secret_name(name) else None
            if t.endswith("_statement") or t in ("block", "module", "function_definition", "lambda",
                                                  "class_definition", "decorator"):
                return None
            child, n = n, n.parent
        return None

    def _target_secret(self, target: Node | None) -> str | None:
        if target is None:
            return None
        if target.type == "identifier":
            name = text(target)
        elif target.type == "attribute":
            name = text(target.child_by_field_name("attribute"))
        elif target.type == "subscript":
            k = self.val(target.child_by_field_name("subscript"))
            name = k if isinstance(k, str) else ""
        else:
            return None
        return name if name and is_secret_name(name) else None

    def check_weak_cipher(self, call: Node, q: str) -> None:
        """DES, RC4, Blowfish... and cryptography's ECB mode object."""
        m = _WEAK_CIPHER_RE.match(q)
        if m is not None:
            key = m.group("pc") or m.group("cg") or m.group("pd") or ""
            self.emit(WEAK_CIPHER, call, f"{q}() uses the weak cipher {_CIPHER_NAMES.get(key, key)}; use AES-GCM or "
                                         "ChaCha20-Poly1305.")
        elif q == _ECB_CALL:
            self.emit(ECB, call, "modes.ECB() encrypts identical blocks identically and offers no integrity; use "
                                 "an authenticated mode such as GCM.")

    def check_weak_key(self, call: Node, q: str) -> None:
        """Short RSA/DSA keys and weak elliptic curves."""
        size_arg: Node | None = None
        kind = ""
        if q.endswith("hazmat.primitives.asymmetric.rsa.generate_private_key"):
            size_arg, kind = arg(call, 1, "key_size"), "RSA"
        elif q.endswith("hazmat.primitives.asymmetric.dsa.generate_private_key"):
            size_arg, kind = arg(call, 0, "key_size"), "DSA"
        elif q in ("Crypto.PublicKey.RSA.generate", "Cryptodome.PublicKey.RSA.generate", "rsa.newkeys",
                   "paramiko.RSAKey.generate"):
            size_arg, kind = arg(call, 0, "bits" if not q.startswith("rsa.") else "nbits"), "RSA"
        elif q in ("Crypto.PublicKey.DSA.generate", "Cryptodome.PublicKey.DSA.generate", "paramiko.DSSKey.generate"):
            size_arg, kind = arg(call, 0, "bits"), "DSA"
        elif q.endswith("hazmat.primitives.asymmetric.ec.generate_private_key"):
            curve = arg(call, 0, "curve")
            cq = _last(self.qn(curve.child_by_field_name("function") if curve is not None and curve.type == "call"
                               else curve))
            if cq in _WEAK_CURVES:
                self.emit(WEAK_KEY, call, f"elliptic curve {cq} gives less than 112-bit security; use SECP256R1 "
                                          "or Ed25519.")
            return
        elif q in ("Crypto.PublicKey.ECC.generate", "Cryptodome.PublicKey.ECC.generate"):
            v = self.val(arg(call, -1, "curve"))
            if isinstance(v, str) and v.lower() in _WEAK_CURVE_NAMES:
                self.emit(WEAK_KEY, call, f"elliptic curve {v} gives less than 112-bit security; use P-256 or "
                                          "Ed25519.")
            return
        if size_arg is None:
            return
        v = self.val(size_arg)
        if isinstance(v, int) and not isinstance(v, bool) and v < 2048:
            self.emit(WEAK_KEY, call, f"{kind} key of {v} bits is too short; use at least 2048 bits (3072 "
                                      "recommended).", severity=Severity.HIGH if v < 1024 else None)

    def check_jwt(self, call: Node, q: str) -> None:
        """JWT decoding without signature verification."""
        if q in ("jwt.decode", "jose.jwt.decode", "jwt.api_jwt.decode", "jwt.PyJWT().decode"):
            _, kw, _ = call_args(call)
            if "verify" in kw and _falsy(self.val(kw["verify"])):
                self.emit(JWT, call, f"{q}(..., verify=False) accepts tokens with any signature; anyone can forge "
                                     "claims.")
                return
            opts = self.val(kw.get("options"))
            if isinstance(opts, dict) and _falsy(opts.get("verify_signature", True)):
                self.emit(JWT, call, f"{q}() with options verify_signature=False accepts tokens with any "
                                     "signature; anyone can forge claims.")
                return
            algs = self.val(kw.get("algorithms"))
            if isinstance(algs, str):
                algs = (algs,)
            if isinstance(algs, tuple) and any(isinstance(a, str) and a.lower() == "none" for a in algs):
                self.emit(JWT, call, f"{q}() accepts the 'none' algorithm, i.e. unsigned tokens; list only the "
                                     "algorithms you issue.")
        elif q in ("jwt.encode", "jose.jwt.encode"):
            alg = self.val(arg(call, 2, "algorithm"))
            if isinstance(alg, str) and alg.lower() == "none":
                self.emit(JWT, call, f"{q}() with algorithm='none' produces unsigned tokens that anyone can forge.")

    def check_xxe(self, call: Node, q: str) -> None:
        """XML parsers resolving external entities."""
        if q in _LXML_PARSERS:
            _, kw, _ = call_args(call)
            if "resolve_entities" in kw and _truthy(self.val(kw["resolve_entities"])):
                self.emit(XXE, call, f"{q}(resolve_entities=True) expands external entities, so a document can "
                                     "read local files or reach internal URLs (XXE).")
            elif "no_network" in kw and _falsy(self.val(kw["no_network"])):
                self.emit(XXE, call, f"{q}(no_network=False) lets documents fetch external entities and DTDs over "
                                     "the network (XXE/SSRF).")
        elif _last(q) == "setFeature":
            pos, _, _ = call_args(call)
            if len(pos) < 2 or not _truthy(self.val(pos[1])):
                return
            feat = pos[0]
            fv = self.val(feat)
            if _last(self.qn(feat)) in _SAX_FEATURES or (isinstance(fv, str) and fv in _SAX_FEATURE_URLS):
                self.emit(XXE, call, f"SAX parser feature {text(feat)} switched on: external entities in the "
                                     "document are fetched and expanded (XXE).")

    def check_tls_call(self, call: Node, q: str | None, method: str) -> None:
        """verify=False and similar switches on HTTP clients."""
        _, kw, _ = call_args(call)
        http_like = (q is not None and q.startswith(_HTTP_CLIENT_PREFIXES)) or method in _HTTP_METHODS \
            or _last(q) in ("Session", "Client", "AsyncClient", "TCPConnector", "PoolManager", "request")
        if not http_like:
            return
        name = q or method
        if "verify" in kw and _falsy(self.val(kw["verify"])) and self.val(kw["verify"]) is not None:
            self.emit(TLS_VERIFY, call, f"{name}(..., verify=False) disables TLS certificate verification; the "
                                        "connection can be intercepted.")
        for flag in ("ssl", "verify_ssl"):
            if flag in kw and self.val(kw[flag]) is False and self.names.imports("aiohttp"):
                self.emit(TLS_VERIFY, call, f"{name}(..., {flag}=False) disables TLS certificate verification; "
                                            "the connection can be intercepted.")
        if "cert_reqs" in kw:
            v = self.val(kw["cert_reqs"])
            if v == "CERT_NONE" or (isinstance(v, QName) and v.name == "ssl.CERT_NONE"):
                self.emit(TLS_VERIFY, call, f"{name}(..., cert_reqs=CERT_NONE) disables TLS certificate "
                                            "verification; the connection can be intercepted.")

    def check_cookie_call(self, call: Node, method: str) -> None:
        """set_cookie without Secure/HttpOnly/SameSite."""
        if method not in ("set_cookie", "set_signed_cookie"):
            return
        fn = call.child_by_field_name("function")
        receiver = text(fn.child_by_field_name("object")) if fn is not None else ""
        if "jar" in receiver.lower() or receiver.lower().endswith("cookies"):
            return  # client-side cookie jars (http.cookiejar, requests) take Cookie objects
        pos, kw, splat = call_args(call)
        if splat or not pos or (len(pos) < 2 and not kw):
            return  # set_cookie(cookie_object) is a client-side jar, not a response
        signed = method == "set_signed_cookie"
        cookie = text(pos[0])[:40]
        for key, index, rule, what in (
            ("secure", 6, COOKIE_SECURE, "Secure (the cookie is also sent over plain HTTP)"),
            ("httponly", 7, COOKIE_HTTPONLY, "HttpOnly (page scripts can read it)"),
        ):
            node = kw.get(key) or (pos[index] if not signed and len(pos) > index else None)
            if node is None:
                self.emit(rule, call, f"{method}({cookie}, ...) does not set {key}=True, so the cookie lacks "
                                      f"{what}.")
            elif _falsy(self.val(node)):
                self.emit(rule, call, f"{method}({cookie}, ...) sets {key}={text(node)}, so the cookie lacks "
                                      f"{what}.")
        if self.starlette_only:
            return
        node = kw.get("samesite") or (pos[8] if not signed and len(pos) > 8 else None)
        if node is None or (is_const(self.val(node)) and self.val(node) is None):
            self.emit(COOKIE_SAMESITE, call, f"{method}({cookie}, ...) sets no SameSite attribute, so browsers may "
                                             "send the cookie on cross-site requests (CSRF); pass samesite='Lax'.")

    def check_debug_call(self, call: Node, q: str | None, method: str) -> None:
        """Debug switches in calls."""
        _, kw, _ = call_args(call)
        if method in ("run", "run_server") and not (q or "").startswith(("asyncio.", "uvicorn.", "trio.", "anyio.")):
            if "debug" in kw and _truthy(self.val(kw["debug"])):
                self.emit(DEBUG, call, f"{text(call.child_by_field_name('function'))}(debug=True) starts the "
                                       "interactive debugger, which lets anyone who reaches it run code.")
        if _last(q) == "run_simple" and (q or "").startswith("werkzeug"):
            for flag in ("use_debugger", "use_evalex"):
                if flag in kw and _truthy(self.val(kw[flag])):
                    self.emit(DEBUG, call, f"run_simple({flag}=True) enables the Werkzeug debugger, which lets "
                                           "anyone who reaches it run code.")
                    break
        if q in ("starlette.applications.Starlette", "fastapi.FastAPI", "fastapi.applications.FastAPI",
                 "starlette.Starlette", "sanic.Sanic"):
            if "debug" in kw and _truthy(self.val(kw["debug"])):
                self.emit(DEBUG, call, f"{_last(q)}(debug=True) returns tracebacks with source code to clients.")
        if method in ("update", "from_mapping") and (q or "").endswith("config." + method):
            if "DEBUG" in kw and _truthy(self.val(kw["DEBUG"])):
                self.emit(DEBUG, call, "config DEBUG=True enables debug mode and its interactive debugger.")
            self._cookie_setting_kw(kw)

    def _cookie_setting_kw(self, kw: dict[str, Node]) -> None:
        for name, node in kw.items():
            self._cookie_setting(name, node, node)

    def _cookie_setting(self, name: str, value: Node, at: Node) -> None:
        v = self.val(value)
        if name in ("SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE") and _falsy(v) and v is not None:
            self.emit(COOKIE_SECURE, at, f"{name} = {text(value)} sends the cookie over plain HTTP too.")
        elif name == "SESSION_COOKIE_HTTPONLY" and _falsy(v) and v is not None:
            self.emit(COOKIE_HTTPONLY, at, f"{name} = {text(value)} lets page scripts read the session cookie.")
        elif name in ("SESSION_COOKIE_SAMESITE", "CSRF_COOKIE_SAMESITE") and is_const(v) and v is None:
            self.emit(COOKIE_SAMESITE, at, f"{name} = None omits the SameSite attribute, so the cookie is sent on "
                                           "cross-site requests.")

    def check_bind(self, call: Node, q: str | None, method: str) -> None:
        """Servers and sockets bound to every interface."""
        _, kw, _ = call_args(call)
        name = _last(q) or method
        shown = text(call.child_by_field_name("function"))[:40]
        if name in _SERVER_METHODS or (q or "") in ("uvicorn.run", "waitress.serve", "hypercorn.Config"):
            host = kw.get("host") or kw.get("hostname") or (arg(call, 0) if name == "run_simple" else None)
            v = self.val(host)
            if isinstance(v, str) and v in _ALL_INTERFACES:
                self.emit(BIND_ALL, call, f"{shown}(host={v!r}) listens on every network interface; bind to "
                                          "127.0.0.1 unless external access is intended.")
        if method == "bind" or name in _SERVER_CLASSES:
            addr = self.val(arg(call, 0, "server_address"))
            if isinstance(addr, tuple) and len(addr) >= 2 and isinstance(addr[0], str) \
                    and addr[0] in _ALL_INTERFACES | {""}:
                self.emit(BIND_ALL, call, f"{shown}(({addr[0]!r}, ...)) listens on every network interface; bind "
                                          "to 127.0.0.1 unless external access is intended.")

    def check_tar(self, call: Node, fn: Node, q: str | None, method: str) -> None:
        """tarfile extraction without a filter."""
        _, kw, splat = call_args(call)
        if q == "shutil.unpack_archive":
            if "filter" not in kw and not splat and not self.has_extraction_filter:
                self.emit(TARFILE, call, "shutil.unpack_archive() without filter= extracts tar members with "
                                         "absolute paths, '..' or links outside the target directory; pass "
                                         "filter='data'.", confidence=Confidence.LOW)
            return
        if method not in ("extractall", "extract") or self.has_extraction_filter or splat:
            return
        receiver = fn.child_by_field_name("object")
        if receiver is None:
            return
        is_tar = (receiver.type == "identifier" and (self._scope_id(call), text(receiver)) in self.tar_names) or (
            receiver.type == "call" and self.qn(receiver.child_by_field_name("function")) in _TAR_OPENERS)
        if not is_tar:
            return
        if "filter" in kw:
            fv = self.val(kw["filter"])
            if fv == "fully_trusted" or (isinstance(fv, QName) and fv.name.endswith("fully_trusted_filter")):
                self.emit(TARFILE, call, f"{method}(filter='fully_trusted') extracts every member as is, "
                                         "including absolute paths, '..' and links.")
            return
        if method == "extractall" and "members" in kw:
            return
        self.emit(TARFILE, call, f"tarfile {method}() without filter='data' can write outside the target "
                                 "directory (absolute paths, '..', links in member names).")

    # -- other node kinds ---------------------------------------------------------------------

    def on_attribute(self, node: Node) -> None:
        """References that are dangerous wherever they appear."""
        parent = node.parent
        if parent is not None and parent.type == "attribute" and parent.child_by_field_name("object") == node:
            return  # only the full chain
        q = self.qn(node)
        if q is None:
            return
        if q in ("ssl._create_unverified_context", "ssl._create_stdlib_context"):
            self.emit(TLS_VERIFY, node, f"{q} creates an SSL context that does not verify certificates or host "
                                        "names.")
        elif q == "ssl.CERT_NONE" and parent is not None and (
                parent.type == "keyword_argument"
                or (parent.type == "assignment" and parent.child_by_field_name("right") == node)):
            self.emit(TLS_VERIFY, node, "ssl.CERT_NONE turns off certificate verification; the connection can be "
                                        "intercepted.")
        elif _ECB_ATTR_RE.match(q):
            self.emit(ECB, node, f"{text(node)} selects ECB mode, which encrypts identical blocks identically and "
                                 "offers no integrity; use MODE_GCM.")

    def on_assignment(self, node: Node) -> None:
        """Assignments: debug flags, cookie settings, TLS switches, hard-coded credentials."""
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        if left is None or right is None or right.type == "assignment":
            if left is not None and right is not None:
                inner = right
                while inner.type == "assignment":
                    inner = inner.child_by_field_name("right") or inner
                    if inner.type != "assignment":
                        break
                right = inner
            else:
                return
        module_level = self.names.enclosing_function(node) is None
        v = self.val(right)
        if left.type == "identifier":
            name = text(left)
            if name == "DEBUG" and module_level and v is True and is_settings_module(self.src.display):
                self.emit(DEBUG, node, "DEBUG = True in a settings module shows detailed error pages (source, "
                                       "settings, environment) to every visitor.")
            self._cookie_setting(name, right, node)
        elif left.type == "attribute":
            attr = text(left.child_by_field_name("attribute"))
            if attr == "debug" and v is True and self.uses_flask:
                self.emit(DEBUG, node, f"{text(left)} = True enables the Flask debugger, which lets anyone who "
                                       "reaches it run code.")
            elif attr == "check_hostname" and v is False:
                self.emit(TLS_VERIFY, node, f"{text(left)} = False turns off host name verification; any valid "
                                            "certificate for any host is accepted.")
            elif attr == "verify" and v is False and self.names.imports("requests", "httpx"):
                self.emit(TLS_VERIFY, node, f"{text(left)} = False disables TLS certificate verification for "
                                            "every request of this session.")
        elif left.type == "subscript":
            key = self.val(left.child_by_field_name("subscript"))
            obj = text(left.child_by_field_name("value"))
            if isinstance(key, str) and obj.endswith("config"):
                if key == "DEBUG" and v is True:
                    self.emit(DEBUG, node, f"{obj}['DEBUG'] = True enables debug mode and its interactive "
                                           "debugger.")
                self._cookie_setting(key, right, node)
        self._hardcoded(left, right, node)

    def _hardcoded(self, target: Node | None, value: Node, at: Node) -> None:
        if self.test_file or target is None or value.type not in ("string", "concatenated_string"):
            return
        if target.type == "identifier":
            name = text(target)
        elif target.type == "attribute":
            name = text(target.child_by_field_name("attribute"))
        elif target.type == "subscript":
            k = self.val(target.child_by_field_name("subscript"))
            name = k if isinstance(k, str) else ""
        else:
            return
        self._hardcoded_named(name, value, at)

    def _hardcoded_named(self, name: str, value: Node, at: Node) -> None:
        if self.test_file or not name or not is_credential_name(name):
            return
        v = self.val(value)
        if isinstance(v, str) and looks_like_real_secret(name, v):
            if at.type == "comparison_operator":
                message = (f"'{name}' is compared with a hard-coded string literal: the password is in the source; "
                           "check against a salted hash stored outside the code.")
            else:
                message = (f"'{name}' is set to a hard-coded string literal; load it from the environment or a "
                           "secret store.")
            self.emit(HARDCODED, at, message)

    def on_named_value(self, node: Node) -> None:
        """Keyword arguments and default parameter values with credential names."""
        name, value = node.child_by_field_name("name"), node.child_by_field_name("value")
        if name is not None and value is not None and value.type in ("string", "concatenated_string"):
            self._hardcoded_named(text(name), value, node)

    def on_pair(self, node: Node) -> None:
        """Dictionary entries with credential keys."""
        key, value = node.child_by_field_name("key"), node.child_by_field_name("value")
        if key is None or value is None or value.type not in ("string", "concatenated_string"):
            return
        k = self.val(key)
        if isinstance(k, str):
            self._hardcoded_named(k, value, node)

    def on_comparison(self, node: Node) -> None:
        """``password == "literal"``: a hard-coded password check."""
        ops = [text(c) for c in node.children if not c.is_named]
        operands = node.named_children
        if len(operands) != 2 or ops not in (["=="], ["!="]):
            return
        for a, b in (operands, operands[::-1]):
            if b.type == "string" and a.type in ("identifier", "attribute"):
                name = text(a.child_by_field_name("attribute") if a.type == "attribute" else a)
                ws = words(name)
                v = self.val(b)
                # only passwords: "token == 'with'" in a lexer is not a credential check
                if ws and ws[-1] in PASSWORD_WORDS - {"pass"} and isinstance(v, str) and len(v) >= 4:
                    self._hardcoded(a, b, node)
                return

    def on_assert(self, node: Node) -> None:
        """assert statements guarding access control."""
        if self.test_file or self.names.enclosing_function(node) is None or not node.named_children:
            return
        cond = node.named_children[0]
        if cond.type == "call" and text(cond.child_by_field_name("function")) in ("isinstance", "hasattr", "type"):
            return
        hits = sorted(self._auth_terms(cond))
        if hits:
            self.emit(ASSERT_AUTH, node, f"access-control check ({', '.join(hits[:3])}) written as assert is removed "
                                         "under python -O; raise an explicit permission error instead.")

    def _auth_terms(self, cond: Node) -> Iterable[str]:
        found: set[str] = set()
        for n in walk(cond):
            if n.type == "attribute" and text(n) in _AUTH_IDENTS:
                found.add(text(n))
            elif n.type == "identifier":
                name = text(n)
                if name in _AUTH_IDENTS or set(words(name)) & _AUTH_WORDS:
                    found.add(name)
        return found


_CHECKED_TYPES = ("call", "attribute", "assignment", "keyword_argument", "pair", "default_parameter",
                  "typed_default_parameter", "comparison_operator", "assert_statement", "as_pattern")


@lru_cache(maxsize=1)
def _check_query() -> Query:
    return Query(language("python"), "[" + " ".join(f"({t})" for t in _CHECKED_TYPES) + "] @n")


def _check_cursor() -> QueryCursor:
    """Finds every node a check looks at, in C, instead of a Python walk over the whole tree."""
    return QueryCursor(_check_query())


def check(tree: Tree, src: SourceFile) -> list[Finding]:
    """Run the structural checks over one parsed Python file."""
    return _Checker(tree, src).run()
