"""Rule records (metadata and documentation) of the structural Python checks.

The checks themselves live in :mod:`armur.rules.python_structural`; this module is data only.
"""

from __future__ import annotations

from armur.core.findings import Confidence, Severity
from armur.core.rules import Rule, RuleDoc

_PY = ("python",)


def _rule(rule_id: str, title: str, severity: Severity, confidence: Confidence, cwe: tuple[int, ...], owasp: str,
          doc: RuleDoc, tags: tuple[str, ...] = ()) -> Rule:
    return Rule(id=rule_id, title=title, severity=severity, confidence=confidence, cwe=cwe, owasp=owasp,
                languages=_PY, analyzer="sast", doc=doc, tags=tags)


H, M, L, INF = Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO
CH, CM, CL = Confidence.HIGH, Confidence.MEDIUM, Confidence.LOW

EVAL = _rule(
    "python.eval-dynamic", "eval/exec/compile of a non-constant string", H, CM, (95, 94), "A03",
    RuleDoc(
        what="Calls to the built-ins eval(), exec() or compile() whose code argument is not a constant string "
             "(after following local constants). Calls on other objects, such as model.eval(), are not matched.",
        why="Whatever reaches these functions runs as Python with the full privileges of the process. If any "
            "part of the text can be influenced from outside, that is remote code execution. Restricting "
            "globals/builtins does not make eval safe.",
        example="expr = request.args['expr']\nresult = eval(expr)",
        fix="Do not evaluate data. Use ast.literal_eval for Python literals, json.loads for JSON, or map the "
            "allowed operations to functions in a dictionary.",
        references=("https://docs.python.org/3/library/functions.html#eval",
                    "https://docs.python.org/3/library/ast.html#ast.literal_eval"),
    ),
)

DESERIALIZER = _rule(
    "python.unsafe-deserializer", "Deserialization with a code-executing format (pickle and relatives)", M, CM,
    (502,), "A08",
    RuleDoc(
        what="Loading data with pickle, cPickle, _pickle, dill, shelve, marshal, jsonpickle, pandas.read_pickle, "
             "numpy.load(allow_pickle=True) or torch.load without weights_only=True. Every such call is reported, "
             "whatever the origin of the data; the dataflow rules additionally report the cases where the data "
             "is shown to come from a user.",
        why="Unpickling runs code chosen by whoever wrote the bytes (through __reduce__). Data read from a "
            "network, an upload, a cache shared with other services or a downloaded model file can therefore "
            "take over the process.",
        example="session = pickle.loads(base64.b64decode(cookie))",
        fix="Use a data-only format (json, msgpack, protobuf) for anything that crosses a trust boundary. If "
            "pickle is unavoidable, authenticate the bytes with an HMAC before loading them, and load model "
            "weights with safetensors or torch.load(..., weights_only=True).",
        references=("https://docs.python.org/3/library/pickle.html",),
    ),
)

YAML_LOAD = _rule(
    "python.yaml-unsafe-load", "YAML loaded with a loader that can construct Python objects", H, CH, (502, 20),
    "A08",
    RuleDoc(
        what="yaml.load()/yaml.load_all() without a safe Loader (SafeLoader, CSafeLoader, BaseLoader or a "
             "subclass of SafeLoader defined in the same file), yaml.unsafe_load() and yaml.Loader/UnsafeLoader "
             "passed explicitly. yaml.full_load() and FullLoader are reported with low confidence: FullLoader "
             "allowed code execution before PyYAML 5.4 and still builds arbitrary Python objects.",
        why="PyYAML's unsafe loaders honour tags such as !!python/object/apply, which call any Python function "
            "named in the document. Loading an attacker's YAML file runs the attacker's code.",
        example="config = yaml.load(request.data, Loader=yaml.Loader)",
        fix="Use yaml.safe_load(data) (or Loader=yaml.CSafeLoader for speed). Validate the resulting "
            "dicts and lists instead of relying on YAML tags to build objects.",
        references=("https://pyyaml.org/wiki/PyYAMLDocumentation",
                    "https://github.com/yaml/pyyaml/wiki/PyYAML-yaml.load(input)-Deprecation"),
    ),
)

SHELL = _rule(
    "python.shell-command-dynamic", "Shell command built from a non-constant string", H, CM, (78,), "A03",
    RuleDoc(
        what="subprocess calls with shell=True (a true constant after following locals), os.system, os.popen, "
             "subprocess.getoutput/getstatusoutput and the legacy popen2/commands functions, when the command "
             "is not a constant string. Constant commands are not reported: they cannot be injected into.",
        why="With a shell, the command string is parsed by /bin/sh (or cmd.exe). A value spliced into it that "
            "contains ; | & $() or backticks runs further commands. The dataflow rules report the cases where "
            "the value is shown to come from a user; this rule reports the risky construction itself.",
        example="subprocess.run(f\"convert {filename} out.png\", shell=True)",
        fix="Pass a list of arguments without a shell: subprocess.run([\"convert\", filename, \"out.png\"]). "
            "If a shell is really needed, quote every interpolated value with shlex.quote().",
        references=("https://docs.python.org/3/library/subprocess.html#security-considerations",),
    ),
)

TLS_VERIFY = _rule(
    "python.tls-verify-disabled", "TLS certificate or host name verification disabled", H, CH, (295,), "A07",
    RuleDoc(
        what="HTTP client calls with verify=False (requests, httpx, and methods of their sessions/clients), "
             "aiohttp ssl=False/verify_ssl=False, ssl._create_unverified_context, ssl.CERT_NONE given as "
             "cert_reqs or verify_mode, check_hostname = False, and session.verify = False.",
        why="Without certificate verification anyone on the network path (public Wi-Fi, a compromised router, "
            "a proxy) can impersonate the server, read credentials and tamper with responses.",
        example="requests.post(url, json=payload, verify=False)",
        fix="Leave verification on. For a private CA pass its bundle: verify=\"/etc/ssl/internal-ca.pem\" or "
            "ssl.create_default_context(cafile=...).",
        references=("https://requests.readthedocs.io/en/latest/user/advanced/#ssl-cert-verification",
                    "https://docs.python.org/3/library/ssl.html#security-considerations"),
    ),
)

TLS_WARNINGS = _rule(
    "python.tls-warnings-disabled", "urllib3 security warnings silenced", INF, CL, (295,), "A07",
    RuleDoc(
        what="Calls to urllib3.disable_warnings() (also through requests.packages.urllib3).",
        why="The call is usually made to hide InsecureRequestWarning after turning certificate verification "
            "off. On its own it is harmless, but it is a strong hint that verification is disabled elsewhere.",
        example="urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)",
        fix="Remove the call and fix the certificate problem it hides.",
        references=("https://urllib3.readthedocs.io/en/stable/advanced-usage.html#tls-warnings",),
    ),
)

WEAK_HASH = _rule(
    "python.weak-hash", "Broken hash algorithm (MD5, SHA-1, MD4, MD2)", M, CM, (328, 327), "A02",
    RuleDoc(
        what="hashlib.md5/sha1, hashlib.new() with a weak algorithm name (also via a local constant), "
             "Crypto/Cryptodome Hash.MD5, MD4, MD2, SHA/SHA1, and cryptography hashes.MD5()/SHA1(). Calls with "
             "usedforsecurity=False are not reported, nor are hash constructors passed by reference (as in "
             "hmac.new(key, msg, hashlib.sha1)), where collisions do not break HMAC.",
        why="Collisions for MD5 and SHA-1 can be computed cheaply, so they cannot protect signatures, "
            "certificates, integrity checks of attacker-supplied content or passwords (which need a slow, salted "
            "hash anyway).",
        example="digest = hashlib.md5(password.encode()).hexdigest()",
        fix="Use hashlib.sha256 or sha3_256/blake2b for integrity; for passwords use hashlib.scrypt, argon2 or "
            "bcrypt. If the hash is not security-relevant (cache keys, ETags), say so with "
            "hashlib.md5(data, usedforsecurity=False).",
        references=("https://docs.python.org/3/library/hashlib.html",),
    ),
)

WEAK_RANDOM = _rule(
    "python.weak-random", "Predictable random numbers used for a secret value", H, CH, (338, 330), "A02",
    RuleDoc(
        what="Generators of the random module (random.random, randint, randrange, choice, choices, sample, "
             "shuffle, getrandbits, randbytes, uniform, and methods of random.Random()) whose result goes "
             "straight into something that names a secret: an assignment to, keyword argument, dictionary key "
             "or attribute called token, password, secret, api_key, nonce, salt, otp, csrf, session, reset "
             "code and the like, or the return value of a function so named. Other uses of random (sampling, "
             "jitter, shuffling test data, games) are deliberately not reported, so that a report from this "
             "rule is worth acting on. random.SystemRandom and the secrets module are safe and never reported.",
        why="The random module is a Mersenne Twister: after observing 624 outputs an attacker can predict "
            "every future (and past) value, so tokens, passwords and reset codes made with it can be guessed.",
        example="reset_token = ''.join(random.choices(string.ascii_letters, k=32))",
        fix="Use the secrets module: secrets.token_urlsafe(32), secrets.token_hex(16), secrets.choice(alphabet), "
            "or random.SystemRandom().",
        references=("https://docs.python.org/3/library/random.html",
                    "https://docs.python.org/3/library/secrets.html"),
    ),
)

COOKIE_SECURE = _rule(
    "python.cookie-missing-secure", "Cookie set without the Secure flag", M, CH, (614,), "A05",
    RuleDoc(
        what="set_cookie()/set_signed_cookie() calls (Flask/Werkzeug, Django, Starlette/FastAPI responses) "
             "without secure=True, and the settings SESSION_COOKIE_SECURE / CSRF_COOKIE_SECURE set to False. "
             "All three frameworks default to secure=False. Calls passing **kwargs or a non-constant value are "
             "not reported.",
        why="A cookie without Secure is also sent over plain HTTP, where anyone on the network can read it; "
            "for a session cookie that means taking over the session.",
        example="resp.set_cookie('session_id', sid)",
        fix="resp.set_cookie('session_id', sid, secure=True, httponly=True, samesite='Lax'); in Django set "
            "SESSION_COOKIE_SECURE = True and CSRF_COOKIE_SECURE = True.",
        references=("https://flask.palletsprojects.com/en/latest/security/#set-cookie-options",
                    "https://docs.djangoproject.com/en/stable/ref/settings/#session-cookie-secure"),
    ),
)

COOKIE_HTTPONLY = _rule(
    "python.cookie-missing-httponly", "Cookie set without the HttpOnly flag", L, CH, (1004,), "A05",
    RuleDoc(
        what="set_cookie()/set_signed_cookie() calls without httponly=True, and SESSION_COOKIE_HTTPONLY = False.",
        why="Without HttpOnly, JavaScript on the page can read the cookie, so any cross-site scripting flaw "
            "leaks it to the attacker.",
        example="response.set_cookie('auth', token, secure=True)",
        fix="Pass httponly=True unless client-side script genuinely has to read the cookie.",
        references=("https://owasp.org/www-community/HttpOnly",),
    ),
)

COOKIE_SAMESITE = _rule(
    "python.cookie-missing-samesite", "Cookie set without a SameSite attribute", L, CM, (1275,), "A01",
    RuleDoc(
        what="set_cookie()/set_signed_cookie() calls without samesite (or with samesite=None, which omits the "
             "attribute), and SESSION_COOKIE_SAMESITE / CSRF_COOKIE_SAMESITE = None. Files that only use "
             "Starlette/FastAPI are exempt because Starlette defaults to samesite='lax'. An explicit "
             "samesite='None' string is a deliberate cross-site cookie and is not reported.",
        why="Without SameSite the browser attaches the cookie to requests started by other sites (depending on "
            "the browser's default), which is what cross-site request forgery relies on.",
        example="resp.set_cookie('session', sid, secure=True, httponly=True)",
        fix="Pass samesite='Lax' (or 'Strict' for cookies never needed on cross-site navigation).",
        references=("https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Set-Cookie#samesitesamesite-value",),
    ),
)

DEBUG = _rule(
    "python.debug-enabled", "Debug mode enabled", H, CM, (489, 215), "A05",
    RuleDoc(
        what="Flask/Quart app.run(debug=True), app.debug = True, app.config['DEBUG'] = True, werkzeug "
             "run_simple(use_debugger=True or use_evalex=True), Starlette/FastAPI(debug=True), and DEBUG = True "
             "at module level of a settings module (settings.py, or any module in a settings/ package).",
        why="The Werkzeug debugger lets anyone who can reach it run Python code in the server; Django and "
            "Starlette debug pages show source code, settings and environment values to every visitor.",
        example="app.run(host='0.0.0.0', debug=True)",
        fix="Read debug mode from the environment and default it to off: "
            "app.run(debug=os.environ.get('FLASK_DEBUG') == '1'); DEBUG = os.environ.get('DJANGO_DEBUG') == '1'.",
        references=("https://flask.palletsprojects.com/en/latest/debugging/",
                    "https://docs.djangoproject.com/en/stable/ref/settings/#debug"),
    ),
)

MKTEMP = _rule(
    "python.insecure-temp-file", "Temporary file name created without the file", M, CH, (377,), "A01",
    RuleDoc(
        what="tempfile.mktemp(), os.tempnam() and os.tmpnam().",
        why="These return a name that does not exist yet; between that moment and the program opening it, "
            "another local user can create a file or symlink with that name and make the program read or "
            "overwrite a file of the attacker's choosing.",
        example="path = tempfile.mktemp(suffix='.csv')",
        fix="Use tempfile.NamedTemporaryFile(), tempfile.mkstemp() or tempfile.TemporaryDirectory(), which "
            "create the file or directory atomically.",
        references=("https://docs.python.org/3/library/tempfile.html#tempfile.mktemp",),
    ),
)

BIND_ALL = _rule(
    "python.bind-all-interfaces", "Server bound to all network interfaces", L, CM, (1327,), "A05",
    RuleDoc(
        what="host='0.0.0.0' or '::' given to app.run, uvicorn.run, werkzeug run_simple, waitress serve, "
             "aiohttp run_app and similar, and socket.bind() to ('0.0.0.0' | '::' | '', port).",
        why="The service becomes reachable from every network the machine is on, not only from localhost. For "
            "a development server or an internal tool that is often unintended exposure. Inside a container it "
            "is usually required, which is why this rule is low severity.",
        example="uvicorn.run(app, host='0.0.0.0', port=8000)",
        fix="Bind to 127.0.0.1 by default and make the address configurable for deployments that need it.",
        references=("https://cwe.mitre.org/data/definitions/1327.html",),
    ),
)

JWT = _rule(
    "python.jwt-unverified", "JWT decoded without verifying its signature", H, CH, (347,), "A02",
    RuleDoc(
        what="jwt.decode() (PyJWT, python-jose) with verify=False, options={'verify_signature': False}, or an "
             "algorithms list containing 'none', and jwt.encode() with algorithm='none'.",
        why="Without signature verification anyone can forge a token with any claims, for example "
            "\"role\": \"admin\", and the application will believe it.",
        example="claims = jwt.decode(token, options={'verify_signature': False})",
        fix="Decode with the key and an explicit list of expected algorithms: "
            "jwt.decode(token, key, algorithms=['HS256']). Use jwt.get_unverified_header() only to pick a key.",
        references=("https://pyjwt.readthedocs.io/en/stable/api.html#jwt.decode",),
    ),
)

WEAK_CIPHER = _rule(
    "python.weak-cipher", "Broken or weak block/stream cipher", H, CH, (327,), "A02",
    RuleDoc(
        what="DES, Triple DES, RC4 (ARC4), RC2 (ARC2), Blowfish, CAST, IDEA, SEED and XOR ciphers from "
             "PyCrypto/PyCryptodome (Crypto.Cipher, Cryptodome.Cipher), cryptography "
             "(hazmat ciphers.algorithms and decrepit algorithms) and pyDes.",
        why="These ciphers have small keys or blocks (64-bit blocks are open to Sweet32 birthday attacks) or "
            "are outright broken (RC4, single DES), so the data they protect can be recovered.",
        example="cipher = DES.new(key, DES.MODE_CBC, iv)",
        fix="Use AES-GCM or ChaCha20-Poly1305, for example cryptography's AESGCM or Fernet.",
        references=("https://cryptography.io/en/latest/hazmat/primitives/symmetric-encryption/",),
    ),
)

ECB = _rule(
    "python.ecb-mode", "Block cipher used in ECB mode", M, CH, (327,), "A02",
    RuleDoc(
        what="MODE_ECB of any PyCrypto/PyCryptodome cipher and cryptography's modes.ECB().",
        why="ECB encrypts equal plaintext blocks to equal ciphertext blocks, so structure leaks (the famous "
            "ECB penguin) and blocks can be cut, reordered and replayed without the key.",
        example="AES.new(key, AES.MODE_ECB)",
        fix="Use an authenticated mode: AES.new(key, AES.MODE_GCM) or cryptography's AESGCM.",
        references=("https://en.wikipedia.org/wiki/Block_cipher_mode_of_operation#ECB",),
    ),
)

WEAK_KEY = _rule(
    "python.weak-key-size", "Asymmetric key too short", M, CH, (326,), "A02",
    RuleDoc(
        what="RSA and DSA keys generated with fewer than 2048 bits (cryptography's generate_private_key, "
             "Crypto/Cryptodome RSA.generate and DSA.generate) and elliptic curve keys on curves weaker than "
             "224 bits (SECP192R1, SECT163K1, SECT163R2, P-192).",
        why="1024-bit RSA/DSA and 192-bit curves are within reach of well-funded attackers and below every "
            "current recommendation (NIST SP 800-57, BSI).",
        example="rsa.generate_private_key(public_exponent=65537, key_size=1024)",
        fix="Use at least 2048-bit (better 3072-bit) RSA keys, or Ed25519 / P-256 elliptic curve keys.",
        references=("https://cryptography.io/en/latest/hazmat/primitives/asymmetric/rsa/",),
    ),
)

HARDCODED = _rule(
    "python.hardcoded-credential", "Hard-coded password, secret key or token", H, CM, (798, 259), "A07",
    RuleDoc(
        what="A non-empty string literal assigned to a name, attribute, keyword argument, default parameter or "
             "dictionary key that names a credential (password, passwd, pwd, pass, secret, secret_key, api_key, "
             "access_key, private_key, client_secret, token, auth_token...), and comparisons of such a name "
             "with a literal. To keep the noise low it skips: names whose last word describes something else "
             "(password_field, token_url, secret_name); empty and very short values; placeholders such as "
             "'<password>', '${TOKEN}', '{password}', 'xxx', '***', 'your-api-key', 'example', 'dummy'; values "
             "that look like a form field, an identifier containing the same word, an environment variable "
             "name, a URL or URL path, or a sentence; values equal to the name; and files under tests/ or "
             "named test_*.py / *_test.py / conftest.py. Weak defaults such as 'changeme' or 'admin' are "
             "reported.",
        why="A secret in source code is shared with everyone who can read the repository, its forks, backups "
            "and build artefacts, and cannot be rotated without a release.",
        example="DB_PASSWORD = 'S3cr3t!2024'",
        fix="Read the secret at run time from the environment or a secret manager: "
            "DB_PASSWORD = os.environ['DB_PASSWORD']. Rotate any secret that has been committed.",
        references=("https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html",),
    ),
)

TARFILE = _rule(
    "python.tarfile-unsafe-extract", "Tar archive extracted without a member filter", M, CM, (22,), "A01",
    RuleDoc(
        what="extractall()/extract() on a tarfile object (opened with tarfile.open or tarfile.TarFile in the "
             "same function) without filter='data' or filter='tar' and without members=, and "
             "shutil.unpack_archive() without filter=. Files that set extraction_filter are exempt. zipfile "
             "is not reported: its extract methods already strip absolute paths and '..' components.",
        why="Tar member names may be absolute or contain '..', and members may be symlinks or device files. "
            "Extracting an untrusted archive can write anywhere the process can (CVE-2007-4559). Python 3.14 "
            "defaults to the 'data' filter, but earlier versions extract everything.",
        example="with tarfile.open(upload) as tar:\n    tar.extractall(dest)",
        fix="tar.extractall(dest, filter='data') on Python 3.12+ (also in security updates of 3.8-3.11); "
            "otherwise check every member's resolved path and type before extracting.",
        references=("https://docs.python.org/3/library/tarfile.html#tarfile-extraction-filter",
                    "https://peps.python.org/pep-0706/"),
    ),
)

ASSERT_AUTH = _rule(
    "python.assert-access-control", "assert used for an access-control check", L, CM, (703, 617), "A01",
    RuleDoc(
        what="assert statements inside functions whose condition refers to authentication or authorisation "
             "(is_authenticated, is_admin, is_staff, is_superuser, has_perm, permission, role, owner, "
             "current_user, request.user...). Test files are not checked.",
        why="Python removes assert statements when run with -O or PYTHONOPTIMIZE, so the check silently "
            "disappears in such deployments and every user passes it. When it does run, a failure is an "
            "AssertionError (a 500 error) instead of a proper 403.",
        example="assert request.user.is_staff",
        fix="Use an explicit check that cannot be optimised away: "
            "if not request.user.is_staff: raise PermissionDenied() (or abort(403)).",
        references=("https://docs.python.org/3/reference/simple_stmts.html#the-assert-statement",),
    ),
)

XXE = _rule(
    "python.xml-external-entities", "XML parser configured to resolve external entities", H, CH, (611, 776),
    "A05",
    RuleDoc(
        what="lxml.etree.XMLParser (and XSLT/XMLSchema parser factories) with resolve_entities=True or "
             "no_network=False, and SAX parsers (xml.sax, xml.dom.pulldom) with feature_external_ges or "
             "feature_external_pes switched on.",
        why="Resolving external entities lets the author of a document make the parser read local files "
            "(file:///etc/passwd) or fetch URLs from inside your network, and entity expansion can exhaust "
            "memory.",
        example="parser = etree.XMLParser(resolve_entities=True)",
        fix="Keep entity resolution off (lxml: resolve_entities=False, no_network=True), or parse untrusted "
            "XML with defusedxml.",
        references=("https://docs.python.org/3/library/xml.html#xml-vulnerabilities",
                    "https://cheatsheetseries.owasp.org/cheatsheets/XML_External_Entity_Prevention_Cheat_Sheet.html"),
    ),
)

ALL_RULES: list[Rule] = [
    EVAL, DESERIALIZER, YAML_LOAD, SHELL, TLS_VERIFY, TLS_WARNINGS, WEAK_HASH, WEAK_RANDOM, COOKIE_SECURE,
    COOKIE_HTTPONLY, COOKIE_SAMESITE, DEBUG, MKTEMP, BIND_ALL, JWT, WEAK_CIPHER, ECB, WEAK_KEY, HARDCODED, TARFILE,
    ASSERT_AUTH, XXE,
]
