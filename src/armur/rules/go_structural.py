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
from armur.rules import go_credentials as gocred
from armur.rules import regex_checks
from armur.rules.names import is_placeholder_credential

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
WEAK_KEY = _rule(
    "weak-key-size", "RSA key shorter than 2048 bits", Severity.MEDIUM, Confidence.HIGH, (326,), "A02",
    "crypto/rsa.GenerateKey or GenerateMultiPrimeKey called with a bit size below 2048: a constant, a local "
    "variable that may hold one, or a constant passed to a function of the file that hands its parameter "
    "on as the size. A size checked against 2048 or more before the call is not reported.",
    "RSA keys of 1024 bits are within reach of well-funded attackers and are rejected by current "
    "standards (NIST SP 800-131A); anything smaller is easier still.",
    "key, err := rsa.GenerateKey(rand.Reader, 1024)",
    "Generate keys of at least 2048 bits (3072 for data that must stay secret past 2030), or use ECDSA "
    "P-256 / Ed25519.")
SSH_HOST_KEY = _rule(
    "ssh-insecure-host-key", "SSH client accepts any host key", Severity.MEDIUM, Confidence.HIGH, (322, 295), "A07",
    "An x/crypto/ssh ClientConfig whose HostKeyCallback is ssh.InsecureIgnoreHostKey() or a callback that "
    "returns nil for every key. An insecure callback chosen on one branch while another branch sets a "
    "checking one (a fallback when the caller supplies none) is not reported.",
    "Without host key checking anyone on the network path can pose as the server and read the session, "
    "including the password or agent-forwarded keys sent to it.",
    "cfg := &ssh.ClientConfig{User: u, Auth: auth, HostKeyCallback: ssh.InsecureIgnoreHostKey()}",
    "Check the key: knownhosts.New(\"~/.ssh/known_hosts\"), or ssh.FixedHostKey(key) for a pinned server.")
OAUTH_STATE = _rule(
    "oauth2-constant-state", "OAuth2 login started with a constant state", Severity.MEDIUM, Confidence.HIGH,
    (352,), "A01",
    "golang.org/x/oauth2 Config.AuthCodeURL called with a state that is a constant (a literal, a constant, or "
    "a local variable bound to one). Not reported in a command-line flow (the function reads the code from "
    "standard input) or when the config redirects to localhost.",
    "The state parameter is what ties the authorization response to the browser that started the login; a "
    "fixed value lets an attacker complete the flow with their own code in the victim's session (login CSRF, "
    "account linking to the attacker's identity).",
    'url := conf.AuthCodeURL("state")',
    "Generate a random state per login (crypto/rand), keep it in the user's session or a signed cookie, and "
    "compare it in the callback before exchanging the code.")
CLEARTEXT_LOG = _rule(
    "cleartext-logging", "Password or secret written to a log", Severity.MEDIUM, Confidence.MEDIUM, (312, 532),
    "A09",
    "A value named as a password, passphrase, secret, credential or API key (a variable, a field, a call "
    "such as getPassword(), a struct built with such a field, or text joined from one) is passed to a "
    "logger: the log package, fmt.Print*, klog / glog, logrus, zap. Values named hashed, encrypted, "
    "encoded, md5 / sha, or produced by a call named hash / crypt / encrypt / redact / mask are not.",
    "Logs are copied to files, aggregators and support tickets and kept for long; a password in them is "
    "readable by everyone who can read the logs.",
    'log.Printf("login %s:%s", user, password)',
    "Log the event without the secret (or a redacted / hashed form of it); keep credentials out of structs "
    "that are logged whole, or give them a String method that hides them.")
REGEX_ANCHOR = _rule(
    "regex-missing-anchor", "Regular expression check that is not anchored where it must be", Severity.MEDIUM,
    Confidence.MEDIUM, (20, 625), "A03",
    "A constant pattern given to regexp (Match, MatchString, Compile, MustCompile...) that (a) anchors only "
    "its first alternative with ^ or only its last with $ (`^a|b` means `(^a)|b`), or (b) matches a URL "
    "(`://`) or a host name with escaped dots (`www\\.example\\.com`) with no anchor at either end.",
    "An unanchored check passes for any text that merely contains the expected part: "
    "`http://evil.example/?https://www.example.com` matches `https?://www\\.example\\.com`, so a redirect "
    "or request allow-list lets every host through.",
    'regexp.MatchString(`https?://www\\.example\\.com/`, target)',
    "Anchor the whole pattern: `^(?:a|b)$`, `^https://www\\.example\\.com/`; better, parse the URL "
    "(net/url) and compare its Host with an allow-list.")
REGEX_HOST_DOT = _rule(
    "regex-unescaped-host-dot", "Host name in a regular expression with an unescaped dot", Severity.MEDIUM,
    Confidence.MEDIUM, (20,), "A03",
    "A constant pattern given to regexp (Match, MatchString, Compile, MustCompile...) that spells a host name "
    "(labels ending in a known top-level domain, where a URL has its host) with a `.` left unescaped.",
    "In a regular expression `.` matches any character: `^https://www.example.com/` also accepts "
    "`https://wwwXexample.com/`, a domain anyone can register, so a host allow-list built on it lets an "
    "attacker's site through.",
    'regexp.MustCompile(`^https://(www|api).example.com/`)',
    "Escape every dot of the host (`www\\.example\\.com`), anchor the pattern, or better parse the URL with "
    "net/url and compare its Hostname() with an allow-list.")
REGEX_CONTROL = _rule(
    "regex-control-character", "Backspace or bell character in a regular expression", Severity.LOW,
    Confidence.HIGH, (20, 185), "A03",
    "A pattern written as an interpreted (double-quoted) Go string holding `\\b` or `\\a`, given to regexp "
    "(Match, MatchString, Compile, MustCompile...). In a Go string these are the backspace and bell "
    "characters; the regexp receives that control character, not a word boundary.",
    "The author meant `\\b` (a word boundary) but the pattern now needs a literal backspace at that "
    "place, so it never matches ordinary text: a validation built on it silently rejects, or a "
    "`!MatchString` guard silently accepts, everything.",
    'regexp.MustCompile("\\bhttps?://[^/]*\\b")',
    "Write the pattern as a raw string (`\\bhttps?://`) or double the backslash (\"\\\\b\").")
URL_SCHEME = _rule(
    "incomplete-url-scheme-check", "URL scheme deny-list that stops javascript: but not data: or vbscript:",
    Severity.MEDIUM, Confidence.MEDIUM, (20, 79, 184), "A03",
    "A function that compares a URL or its scheme with \"javascript\" / \"javascript:\" (==, a switch case, "
    "strings.HasPrefix, EqualFold, a deny-list literal) but never mentions \"data\" (or \"vbscript\").",
    "A browser runs script from data: URLs too (and old Internet Explorer from vbscript:), so a link or "
    "redirect target that passes this check can still execute script in the page.",
    'if u.Scheme == "javascript" {\n    return errBadURL\n}',
    "Allow-list the schemes you accept (u.Scheme == \"https\" || u.Scheme == \"http\") instead of "
    "denying known-bad ones; if a deny-list stays, name javascript, data and vbscript.")
STACK_EXPOSURE = _rule(
    "stack-trace-exposure", "Stack trace sent in an HTTP response", Severity.LOW, Confidence.HIGH, (209, 497), "A05",
    "A stack dump (runtime.Stack into a buffer, debug.Stack()) written to an http.ResponseWriter (Write, "
    "fmt.Fprint*, io.WriteString, http.Error). Not reported under a condition named as a debug or "
    "development switch (debug, development, dev, trace, verbose, stack...).",
    "A stack trace shows file paths, function names, library versions and sometimes values: a map of the "
    "server for whoever triggers the error.",
    "buf = buf[:runtime.Stack(buf, false)]\nw.Write(buf)",
    "Log the stack on the server and answer with a generic message (and a request id to find the log line).")
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
ALLOC_OVERFLOW = _rule(
    "allocation-size-overflow", "Allocation size computed from the length of unbounded data without a bound",
    Severity.LOW, Confidence.MEDIUM, (190,), "A04",
    "The length or capacity given to make() is arithmetic (+, *, <<) on the len() of data whose size the "
    "program does not control: the result of json / xml Marshal, io.ReadAll, ioutil.ReadAll / ReadFile or "
    "os.ReadFile, directly or through local variables, with no upper-bound check of the length or the size "
    "that holds where make() runs (a check followed by a new assignment of the size does not count). "
    "Widening the length first (int64(len(b)) + 1) is not reported.",
    "Go's int has 32 bits on 386, arm and mips: there a length near 2 GiB plus a constant, or a length times "
    "a factor, wraps around. make() then panics on the negative size (a crash an attacker can trigger with "
    "a large input), or allocates a small buffer that copy() silently truncates into. On 64-bit targets "
    "the wrap needs more memory than exists, hence the low severity.",
    "data, _ := io.ReadAll(r.Body)\nbuf := make([]byte, len(data)+1)",
    "Reject inputs above a size limit before computing the size (if len(data) > maxSize { return errTooBig }), "
    "read through io.LimitReader, or compute the size in int64 and compare it with the limit.")
BAD_REDIRECT_CHECK = _rule(
    "bad-redirect-check", "Redirect target checked for a leading '/' only", Severity.MEDIUM, Confidence.MEDIUM,
    (601,), "A01",
    "A redirect target is accepted as a local path because it starts with '/' (strings.HasPrefix(u, \"/\"), "
    "u[0] == '/') while the function does not also reject a second character of '/' and of '\\'. Reported "
    "when the checked value goes to http.Redirect or a Location header in the same function, is named as a "
    "redirect target (redirect, returnTo, next...), or is checked in a helper named for vetting a URL "
    "(isValidRedirect, sanitizeURL).",
    "`//evil.example/` and `/\\evil.example/` both start with '/', yet browsers read them as addresses on "
    "another host, so the check lets an attacker send users to a site of their choosing.",
    'if strings.HasPrefix(next, "/") {\n\thttp.Redirect(w, r, next, http.StatusFound)\n}',
    "Also reject targets whose second character is '/' or '\\' (or parse the URL and require an empty "
    "scheme and host after replacing backslashes with slashes).")
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

_DYN_WHY = ("The dataflow rule of the same family reports the cases where the value is shown to come from a "
            "request; this rule reports the construction itself when the value is not a constant of the "
            "program, so that it gets a review. It is silent on values folded to constants (literals, "
            "constants, locals and unexported package variables bound only to constants) and on values it "
            "cannot follow (results of other functions, struct fields), and it gives way to the dataflow "
            "finding on the same line.")
CMD_DYNAMIC = _rule(
    "command-dynamic", "Program or shell script chosen by a non-constant value", Severity.MEDIUM,
    Confidence.MEDIUM, (78,), "A03",
    "exec.Command / CommandContext (also golang.org/x/sys/execabs), syscall.Exec / StartProcess or "
    "os.StartProcess whose program is not a constant, or a shell (`sh -c`, `bash -c`, `cmd /c`) whose "
    "script is not a constant: it comes from a parameter of the function, the environment, the command "
    "line, standard input or a package variable that other code can change. " + _DYN_WHY,
    "Whoever chooses the value chooses the program that runs; a script given to a shell is parsed, so "
    "`;`, `|`, `$()` in it run further commands.",
    'func run(script string) error {\n\treturn exec.Command("sh", "-c", script).Run()\n}',
    "Run a fixed program with the variable parts as separate arguments, not through a shell; if the "
    "program must vary, choose it from an allow-list of constants.")
TEMPLATE_DYNAMIC = _rule(
    "template-unescaped-dynamic", "Non-constant value marked as trusted HTML, JS or URL", Severity.MEDIUM,
    Confidence.MEDIUM, (79,), "A03",
    "A value that is not a constant (a parameter, the environment, the command line, standard input, a "
    "changeable package variable) converted to one of html/template's trusted types: template.HTML, JS, "
    "JSStr, URL, HTMLAttr, CSS, Srcset. " + _DYN_WHY,
    "html/template does not escape values of these types: if the value can hold markup or script from "
    "anyone else, it runs in the reader's browser.",
    "func render(w io.Writer, bio string) {\n\tt.Execute(w, template.HTML(bio))\n}",
    "Pass the value as a plain string and let the template escape it; build trusted HTML only from "
    "constants, or from a sanitiser's output (bluemonday) at the point of conversion.")
URL_DYNAMIC = _rule(
    "http-url-dynamic", "Outgoing HTTP request to a URL from outside the program", Severity.MEDIUM,
    Confidence.LOW, (918,), "A10",
    "http.Get / Post / Head / PostForm / NewRequest(WithContext) with a URL that comes from the "
    "environment, the command line, standard input or a package variable that other code can change, "
    "or is built from one. A URL passed in as a parameter is not reported: "
    "that is how every HTTP helper is written, and the dataflow rule follows callers with request data. "
    + _DYN_WHY,
    "If the URL can be chosen by someone other than the program's authors, the process can be pointed at "
    "internal services or cloud metadata endpoints (server-side request forgery).",
    'resp, err := http.Get(os.Getenv("FEED") + "/items")',
    "Validate the URL (scheme and host against an allow-list) where it enters the program.")
PATH_DYNAMIC = _rule(
    "file-path-dynamic", "File path from outside the program", Severity.MEDIUM, Confidence.LOW, (22,), "A01",
    "os.Open / OpenFile / ReadFile / WriteFile / Create / Remove (and io/ioutil's) with a path that comes "
    "from the environment, the command line, standard input or a package variable that other code can "
    "change, or is built from one (concatenation, filepath.Join, fmt.Sprintf). A path passed in as a "
    "parameter is not reported: that is how every file helper is written, and the dataflow rule follows "
    "callers with request data. " + _DYN_WHY,
    "Whoever sets the value can make the program read or write another file than intended (`../`, an "
    "absolute path, a symbolic link).",
    'data, err := os.ReadFile(filepath.Join("/srv", os.Getenv("NAME")))',
    "Check the value where it enters the program (filepath.IsLocal, a containment check of the cleaned "
    "path against the base directory), or confine access with os.Root (Go 1.24).")

RULES: list[Rule] = [TLS, WEAK_HASH, WEAK_CIPHER, WEAK_KEY, SSH_HOST_KEY, OAUTH_STATE, CLEARTEXT_LOG,
                     REGEX_ANCHOR, REGEX_HOST_DOT, REGEX_CONTROL, URL_SCHEME, STACK_EXPOSURE, CREDS, UNHANDLED,
                     PERMS, TIMEOUTS, INT_OVERFLOW, ZIP_SLIP,
                     BOMB, CMD_DYNAMIC, TEMPLATE_DYNAMIC, URL_DYNAMIC, PATH_DYNAMIC, ALLOC_OVERFLOW,
                     BAD_REDIRECT_CHECK]

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
# Words in a name that say a weak TLS setting is chosen on purpose (see _Checker.deliberate).
_DELIBERATE = frozenset({"insecure", "unsafe", "legacy", "old", "deprecated"})
# Run-together names that say the same (makeNoVerifyClient, selfSignedConfig, trustAllCerts).
_DELIBERATE_JOINED = ("noverif", "skipverif", "selfsign", "selfcert", "trustall", "acceptall", "skiptls",
                      "disableverif", "disabletls", "notls")
# Words of a condition that make the TLS setting it guards an operator's switch for verification.
_SWITCH_WORDS = frozenset({"verify", "verification", "verifies", "validate", "validation", "trust", "trusted",
                           "secure"})
_WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
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
        self._key_params: dict[str, int] = {}  # function name -> index of a parameter used as an RSA key size
        # function name -> (index of a parameter used as a TLS version, the field it sets)
        self._version_params: dict[str, tuple[int, str]] = {}
        self.out: list[Finding] = []
        self.seen: set[tuple[str, int, int]] = set()
        self._scheme_scopes = set()

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
        if t == "call_expression":  # os.FileMode(0600), uint16(tls.VersionTLS10)
            fn = n.child_by_field_name("function")
            q = self.qual(fn)
            a = self.args(n)
            if q is not None and q[1] == "FileMode" and len(a) == 1:
                return self.const(a[0], depth + 1)
            if fn is not None and fn.type == "identifier" and text(fn) in _INT_TYPES and len(a) == 1:
                v = self.const(a[0], depth + 1)
                return v if isinstance(v, int) and not isinstance(v, bool) else None
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
        self.collect_package_vars()
        self.api_credentials()
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
                self.scheme_check(n)
                v = string_value(n)
                if len(v) >= 16 and known_secret(v) and not self._secret_context(n):
                    self.report(CREDS, n, "string literal has the shape of a credential", Confidence.HIGH)
        self.key_size_calls()
        self.tls_version_calls()
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
        if q == ("golang.org/x/crypto/ssh", "ClientConfig") and "HostKeyCallback" in fields:
            cb = fields["HostKeyCallback"]
            if self._accepts_any_key(cb):
                self.report(SSH_HOST_KEY, cb, f"HostKeyCallback {text(cb)} accepts any host key")
        if q == ("crypto/tls", "Config"):
            self.tls_config(n, fields)
        elif q == ("net/http", "Server"):
            if "ReadHeaderTimeout" not in fields and "ReadTimeout" not in fields:
                self.report(TIMEOUTS, n, "http.Server without ReadHeaderTimeout or ReadTimeout")

    def tls_config(self, n: Node, fields: dict[str, Node]) -> None:
        if self.deliberate(n):
            return
        skip = fields.get("InsecureSkipVerify")
        custom = [f for f in ("VerifyPeerCertificate", "VerifyConnection")
                  if f in fields and text(fields[f]) != "nil"]
        if skip is not None and not custom:  # with a callback of its own the config verifies the peer itself
            v = self.const(skip)
            if v is True:
                self.report(TLS, skip, "TLS certificate verification turned off (InsecureSkipVerify: true)")
            elif v is None and not _names_opt_in(text(skip)):
                self.report(TLS, skip, "InsecureSkipVerify set from a value that may be true", Confidence.MEDIUM)
        for fld in ("MinVersion", "MaxVersion"):
            node = fields.get(fld)
            if node is not None:
                self.tls_version(fld, node)
        suites = fields.get("CipherSuites")
        if suites is not None:
            self.cipher_suites(suites)
        pref = fields.get("PreferServerCipherSuites")
        if pref is not None and self.const(pref) is not True:
            self.report(TLS, pref, "PreferServerCipherSuites is not true", Confidence.MEDIUM)

    def tls_version(self, fld: str, value: Node) -> None:
        """MinVersion / MaxVersion set to a version below TLS 1.2: a constant, a local variable that may
        hold one, or a parameter of a function of the file that some call passes one to."""
        fn = _enclosing_function(value)
        weak = [v for v in self._values(value, fn) if isinstance(v, int) and not isinstance(v, bool) and 0 < v < 0x0303]
        if weak:
            self.report(TLS, value, f"{fld} allows protocol versions below TLS 1.2 ({_version_name(min(weak))})")
        elif value.type == "identifier" and fn is not None and fn.type == "function_declaration":
            names = _param_names(fn)
            if text(value) in names:
                self._version_params[text(fn.child_by_field_name("name"))] = (names.index(text(value)), fld)

    def tls_version_calls(self) -> None:
        """Calls of a function of the file that passes a parameter on as a TLS version, with an old one."""
        if not self._version_params:
            return
        for n in _walk(self.root):
            if n.type != "call_expression":
                continue
            fn = n.child_by_field_name("function")
            if fn is None or fn.type != "identifier" or text(fn) not in self._version_params:
                continue
            i, fld = self._version_params[text(fn)]
            args = self.args(n)
            if i < len(args) and not self.deliberate(args[i]):
                v = self.const(args[i])
                if isinstance(v, int) and not isinstance(v, bool) and 0 < v < 0x0303:
                    self.report(TLS, args[i], f"{fld} set through {text(fn)}() allows protocol versions below "
                                              f"TLS 1.2 ({_version_name(v)})")

    def cipher_suites(self, value: Node) -> None:
        """Each suite of a CipherSuites list (a literal or append(...)) that lacks forward secrecy or an
        AEAD cipher, reported on its own line; a list taken from tls.InsecureCipherSuites() as a whole."""
        if value.type == "call_expression" and _is_append(value):
            for a in self.args(value)[1:]:
                self.cipher_suites(a)
            return
        if value.type == "composite_literal":
            sbody = value.child_by_field_name("body")
            for e in sbody.named_children if sbody is not None else []:
                x = e.named_children[0] if e.type == "literal_element" and e.named_children else e
                self.cipher_suites(x)
            return
        q = self.qual(value)
        if q is not None and q[0] == "crypto/tls" and q[1].startswith("TLS_") and q[1] not in _GOOD_SUITES:
            self.report(TLS, value, f"insecure cipher suite {q[1]}")
        elif self._insecure_suite_ids(value):
            self.report(TLS, value, "cipher suites taken from tls.InsecureCipherSuites()")

    def _insecure_suite_ids(self, value: Node) -> bool:
        """`v.ID`, `suites[i].ID` or a list filled from them, where the suites are tls.InsecureCipherSuites()."""
        lists = self._insecure_lists()
        if value.type == "selector_expression" and text(value.child_by_field_name("field")) == "ID":
            op = value.child_by_field_name("operand")
            while op is not None and op.type == "index_expression":
                op = op.child_by_field_name("operand")
            return op is not None and text(op) in lists
        return value.type == "identifier" and text(value) in lists

    def _insecure_lists(self) -> set[str]:
        """Names bound to tls.InsecureCipherSuites(), loop variables over them, and lists appended from them."""
        if self._insecure_names is not None:
            return self._insecure_names
        names: set[str] = set()
        for _ in range(3):
            for n in _walk(self.root):
                if n.type in ("short_var_declaration", "assignment_statement"):
                    left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
                    ls = list(left.named_children) if left is not None else []
                    rs = list(right.named_children) if right is not None else []
                    for x, v in zip(ls, rs, strict=False):
                        if x.type != "identifier":
                            continue
                        if v.type == "call_expression" and self.callee(v) == ("crypto/tls", "InsecureCipherSuites"):
                            names.add(text(x))
                        elif v.type == "call_expression" and _is_append(v) and any(
                                a.type == "selector_expression" and self._suite_id_of(a, names)
                                for a in self.args(v)[1:]):
                            names.add(text(x))
                elif n.type == "range_clause":
                    left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
                    bound = list(left.named_children) if left is not None else []
                    if right is not None and len(bound) == 2 and (text(right) in names or (
                            right.type == "call_expression"
                            and self.callee(right) == ("crypto/tls", "InsecureCipherSuites"))):
                        names.add(text(bound[1]))
        self._insecure_names = names
        return names

    @staticmethod
    def _suite_id_of(sel: Node, names: set[str]) -> bool:
        if text(sel.child_by_field_name("field")) != "ID":
            return False
        op = sel.child_by_field_name("operand")
        while op is not None and op.type == "index_expression":
            op = op.child_by_field_name("operand")
        return op is not None and text(op) in names

    _insecure_names: set[str] | None = None

    def deliberate(self, n: Node) -> bool:
        """Whether the code around a weak TLS setting says it is chosen on purpose: the variable it is
        stored in, a condition or switch case that guards it, or the function that builds it is named
        insecure / unsafe / legacy / old (a `--insecure` option, makeInsecureConfig, legacyConfig). The
        operator asked for it; the setting is then not reported."""
        texts: list[str] = []
        switches: list[str] = []  # the conditions that guard the setting
        child, p = n, n.parent
        while p is not None:
            if p.type == "if_statement" and child != p.child_by_field_name("condition"):
                switches.append(text(p.child_by_field_name("condition")))
            elif p.type == "expression_case":
                switches.append(text(p.child_by_field_name("value")))
            elif p.type in ("short_var_declaration", "assignment_statement") and \
                    child == p.child_by_field_name("right"):
                left = p.child_by_field_name("left")
                for x in (left.named_children if left is not None else []):
                    y: Node | None = x
                    while y is not None and y.type == "selector_expression":
                        y = y.child_by_field_name("operand")
                    texts.append(text(y))
            elif p.type == "var_spec":
                texts.extend(text(nm) for nm in p.children_by_field_name("name"))
            elif p.type in ("function_declaration", "method_declaration"):
                texts.append(text(p.child_by_field_name("name")))
                break
            child, p = p, p.parent
        texts = [t.replace("InsecureSkipVerify", " ") for t in texts]
        switches = [t.replace("InsecureSkipVerify", " ") for t in switches]
        words = {w.lower() for t in texts + switches for w in _WORDS.findall(t)}
        joined = " ".join("".join(w.lower() for w in _WORDS.findall(t)) for t in texts + switches)
        if words & _DELIBERATE or any(k in joined for k in _DELIBERATE_JOINED):
            return True
        # a branch on certificate verification is an operator's switch: `if !cfg.VerifyTLS {`,
        # `case opts.TrustServer:`, `if !secure {`
        switch_words = {w.lower() for t in switches for w in _WORDS.findall(t)}
        return bool(switch_words & _SWITCH_WORDS)

    def tls_assign(self, n: Node) -> None:
        left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
        ls = list(left.named_children) if left is not None else []
        rs = list(right.named_children) if right is not None else []
        for i, x in enumerate(ls):
            if x.type != "selector_expression" or i >= len(rs):
                continue
            fld = text(x.child_by_field_name("field"))
            if fld == "HostKeyCallback" and self._accepts_any_key(rs[i]) and not self._other_branch_sets(n, fld):
                self.report(SSH_HOST_KEY, rs[i], f"HostKeyCallback {text(rs[i])} accepts any host key")
            if fld not in ("InsecureSkipVerify", "CipherSuites", "MinVersion", "MaxVersion") or self.deliberate(rs[i]):
                continue
            if fld in ("MinVersion", "MaxVersion"):
                # a tls.Config of the file, or a value written with crypto/tls's version names
                if self._is_tls_config(x.child_by_field_name("operand")) or "Version" in text(rs[i]) \
                        or _root_operand_is_tls(x, self):
                    self.tls_version(fld, rs[i])
                continue
            if fld == "InsecureSkipVerify" and self.const(rs[i]) is True:
                self.report(TLS, x, "TLS certificate verification turned off (InsecureSkipVerify = true)")
            elif fld == "CipherSuites" and self._is_tls_config(x.child_by_field_name("operand")):
                self.cipher_suites(rs[i])

    def _accepts_any_key(self, v: Node | None, depth: int = 0) -> bool:
        """ssh.InsecureIgnoreHostKey(), or a callback (literal, ssh.HostKeyCallback(literal), or a name
        bound once to one) whose body only returns nil."""
        if v is None or depth > 4:
            return False
        if v.type == "call_expression":
            c = self.callee(v)
            if c == ("golang.org/x/crypto/ssh", "InsecureIgnoreHostKey"):
                return True
            args = self.args(v)
            if c == ("golang.org/x/crypto/ssh", "HostKeyCallback") and len(args) == 1:
                return self._accepts_any_key(args[0], depth + 1)
            return False
        if v.type == "func_literal":
            body = v.child_by_field_name("body")
            stmts = [c for c in body.named_children if c.type != "comment"] if body is not None else []
            if len(stmts) == 1 and stmts[0].type == "statement_list":
                stmts = [c for c in stmts[0].named_children if c.type != "comment"]
            return len(stmts) == 1 and stmts[0].type == "return_statement" and text(stmts[0]).split() == [
                "return", "nil"]
        if v.type == "identifier":
            return self._accepts_any_key(_local_value(v) or self.consts.get(text(v)), depth + 1)
        return False

    @staticmethod
    def _other_branch_sets(stmt: Node, field: str) -> bool:
        """The assignment sits in one branch of an `if` whose other branch assigns the same field too."""
        child, p = stmt, stmt.parent
        while p is not None and p.type not in ("function_declaration", "method_declaration", "func_literal"):
            if p.type == "if_statement":
                for side in (p.child_by_field_name("consequence"), p.child_by_field_name("alternative")):
                    if side is None or side == child or (child.start_byte >= side.start_byte
                                                         and child.end_byte <= side.end_byte):
                        continue
                    if any(x.type == "assignment_statement" and f".{field}" in text(x.child_by_field_name("left"))
                           for x in _walk(side)):
                        return True
            child, p = p, p.parent
        return False

    def _is_tls_config(self, op: Node | None) -> bool:
        """Whether a variable was declared or built as a crypto/tls Config in this file."""
        if op is None or op.type != "identifier":
            return False
        name = text(op)
        if self._tls_vars is None:
            found: set[str] = set()
            for n in _walk(self.root):
                if n.type == "var_spec":
                    typ = n.child_by_field_name("type")
                    while typ is not None and typ.type == "pointer_type" and typ.named_children:
                        typ = typ.named_children[-1]
                    if self.qual(typ) == ("crypto/tls", "Config"):
                        found.update(text(nm) for nm in n.children_by_field_name("name"))
                elif n.type == "composite_literal" and self.qual(n.child_by_field_name("type")) == \
                        ("crypto/tls", "Config"):
                    p = n.parent
                    while p is not None and p.type in ("unary_expression", "expression_list"):
                        p = p.parent
                    left = p.child_by_field_name("left") if p is not None and p.type in (
                        "short_var_declaration", "assignment_statement") else None
                    if left is not None:
                        found.update(text(x) for x in left.named_children if x.type == "identifier")
            self._tls_vars = found
        return name in self._tls_vars

    _tls_vars: set[str] | None = None

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
        if self._is_logger_call(n, pkg, name):
            hit = next((a for a in args if self._sensitive(a)), None)
            if hit is not None:
                self.report(CLEARTEXT_LOG, n, f"`{text(hit)[:60]}` (a password or secret) written to a log")
        if pkg == "regexp" and name in _REGEX_FUNCS and args:
            lit = args[0]
            if lit.type == "identifier":
                lit = _local_value(lit) or self.consts.get(text(lit)) or lit
            pat = self.const(lit)
            if isinstance(pat, str) and lit.type in ("interpreted_string_literal", "raw_string_literal"):
                self.regex_pattern(lit, pat)
        if pkg == "" and name == "AuthCodeURL" and args and "golang.org/x/oauth2" in self.imports.values():
            self.oauth_state(n, args[0])
        elif pkg == "crypto/rsa" and name in ("GenerateKey", "GenerateMultiPrimeKey"):
            idx = 1 if name == "GenerateKey" else 2
            if len(args) > idx:
                self.rsa_bits(n, args[idx])
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

    def regex_pattern(self, lit: Node, pat: str) -> None:
        """A constant pattern handed to the regexp package."""
        why = regex_checks.anchor_problem(pat)
        if why:
            self.report(REGEX_ANCHOR, lit, f"regular expression {pat[:60]!r} {why}")
        host = regex_checks.unescaped_host_dot(pat)
        if host:
            self.report(REGEX_HOST_DOT, lit, f"host name {host!r} in a regular expression has an unescaped '.', "
                                             "which matches any character")
        if lit.type == "interpreted_string_literal":
            bad = next((text(e) for e in lit.named_children
                        if e.type == "escape_sequence" and text(e) in ("\\b", "\\a")), None)
            if bad:
                what = "backspace" if bad == "\\b" else "bell"
                self.report(REGEX_CONTROL, lit, f"{bad} in a Go string is the {what} character, not a regexp "
                                                f"escape: the pattern needs a literal {what} there")

    def scheme_check(self, lit: Node) -> None:
        """A "javascript" / "javascript:" literal a URL is compared with, in a function that never names
        data: (or vbscript:)."""
        if not regex_checks.is_javascript_scheme(string_value(lit)):
            return
        # "javascript:" with its colon is a URL prefix; the bare word must be compared with a scheme
        colon = string_value(lit).strip().endswith(":")
        p = lit.parent
        if p is None:
            return
        if p.type == "binary_expression":
            op = p.child_by_field_name("operator")
            if op is None or text(op) not in ("==", "!="):
                return
            other = p.child_by_field_name("right" if p.child_by_field_name("left") == lit else "left")
            if not colon and not _URLISH.search(text(other) if other is not None else ""):
                return
        elif p.type == "argument_list":
            call = p.parent
            c = self.callee(call) if call is not None and call.type == "call_expression" else None
            if c is None or c[0] not in ("strings", "slices", "bytes") or c[1] not in (
                    "HasPrefix", "EqualFold", "Contains", "Index", "Compare"):
                return
            if not colon and not _URLISH.search(text(p)):
                return
        elif p.type == "literal_element":
            # a deny-list literal ([]string{"javascript:", ...}, map[string]bool{"javascript": true, "file":
            # true}): the bare word only beside another scheme
            body = p.parent.parent if p.parent is not None and p.parent.type == "keyed_element" else p.parent
            words = {string_value(x).strip().lower().rstrip(":") for x in _walk(body) if x.type in (
                "interpreted_string_literal", "raw_string_literal")} if body is not None else set()
            if not colon and not words & _OTHER_SCHEMES:
                return
        elif p.type == "expression_list":
            case = p.parent
            sw = case.parent if case is not None and case.type == "expression_case" else None
            value = sw.child_by_field_name("value") if sw is not None else None
            if sw is None or (not colon and not _URLISH.search(text(value) if value is not None else "")):
                return
        else:
            return
        scope = _enclosing_function(lit)
        if scope is None:  # package level: the declaration holding it
            scope = lit
            while scope.parent is not None and scope.parent.type != "source_file":
                scope = scope.parent
        key = ("scheme", scope.start_byte)
        if key in self._scheme_scopes:
            return
        self._scheme_scopes.add(key)
        texts = [string_value(n) for n in _walk(scope)
                 if n.type in ("interpreted_string_literal", "raw_string_literal")]
        missing = regex_checks.missing_schemes(texts)
        if missing:
            conf = None if "data" in missing else Confidence.LOW
            self.report(URL_SCHEME, lit, "URL scheme check stops javascript: but not " + " or ".join(
                f"{m}:" for m in missing), conf)

    _scheme_scopes: set[tuple[str, int]]

    # -- secrets in logs --
    def _is_logger_call(self, call: Node, pkg: str, name: str) -> bool:
        if pkg == "fmt":
            return name in ("Print", "Printf", "Println")  # not Errorf / Sprintf: they write nothing
        if pkg == "log":
            return name in _LOG_FUNCS and name.startswith(("Print", "Fatal", "Panic"))
        if pkg in _LOG_PKGS:
            return name in _LOG_FUNCS
        if pkg == "" and name in _LOG_FUNCS:
            fn = call.child_by_field_name("function")
            op = fn.child_by_field_name("operand") if fn is not None else None
            while op is not None and op.type in ("selector_expression", "call_expression"):
                op = op.child_by_field_name("operand") or op.child_by_field_name("function")
            return op is not None and op.type == "identifier" and "log" in text(op).lower()
        return False

    def _sensitive(self, e: Node | None, depth: int = 0) -> bool:
        """Whether an expression is, by its names, a password or secret (not a hashed or redacted form)."""
        if e is None or depth > 5:
            return False
        t = e.type
        if t == "parenthesized_expression" and e.named_children:
            return self._sensitive(e.named_children[0], depth + 1)
        if t == "binary_expression" and text(e.child_by_field_name("operator")) == "+":
            return any(self._sensitive(e.child_by_field_name(f), depth + 1) for f in ("left", "right"))
        if t == "call_expression":
            fn = e.child_by_field_name("function")
            fname = text(fn.child_by_field_name("field")) if fn is not None and fn.type == "selector_expression" \
                else text(fn) if fn is not None else ""
            if _secret_words(fname) is False:
                return False  # hash(), redact(...), encrypt(...)
            if _secret_words(fname):
                return True  # getPassword()
            if fname in ("String", "Sprint", "Sprintf", "Sprintln", "Join") and fn is not None:
                recv = fn.child_by_field_name("operand") if fn.type == "selector_expression" else None
                if recv is not None and recv.type != "identifier" or (recv is not None and text(recv) not in (
                        "fmt", "strings")):
                    return self._sensitive(recv, depth + 1)
                return any(self._sensitive(a, depth + 1) for a in self.args(e))
            return False
        if t == "composite_literal":
            body = e.child_by_field_name("body")
            for el in body.named_children if body is not None else []:
                kids = [c for c in el.named_children if c.type != "comment"]
                if el.type != "keyed_element" or len(kids) != 2:
                    continue
                k = kids[0].named_children[0] if kids[0].type == "literal_element" and kids[0].named_children \
                    else kids[0]
                v = kids[1].named_children[0] if kids[1].type == "literal_element" and kids[1].named_children \
                    else kids[1]
                if self._sensitive_value(text(k), v, depth):
                    return True
            return False
        if t == "unary_expression":
            return self._sensitive(e.child_by_field_name("operand"), depth + 1)
        if t == "selector_expression":
            field = text(e.child_by_field_name("field"))
            verdict = _secret_words(field)
            if verdict is not None:
                return verdict
            op = e.child_by_field_name("operand")
            bound = _local_value(op) if op is not None and op.type == "identifier" else None
            if bound is not None and bound.type in ("composite_literal", "unary_expression"):
                lit = bound if bound.type == "composite_literal" else bound.child_by_field_name("operand")
                body = lit.child_by_field_name("body") if lit is not None and lit.type == "composite_literal" else None
                for el in body.named_children if body is not None else []:
                    kids = [c for c in el.named_children if c.type != "comment"]
                    if el.type == "keyed_element" and len(kids) == 2 and text(kids[0]) == field:
                        v = kids[1].named_children[0] if kids[1].type == "literal_element" and \
                            kids[1].named_children else kids[1]
                        return self._sensitive(v, depth + 1)
            return False
        if t == "identifier":
            verdict = _secret_words(text(e))
            bound = _local_value(e)
            if verdict is False:
                return False
            if bound is not None and bound.type == "call_expression" and not self._sensitive(bound, depth + 1) \
                    and _secret_words(_call_name(bound)) is False:
                return False  # actually_secure_password := crypt(password)
            if verdict:
                return not (isinstance(self.const(e), str) and self.const(e) == "")
            return bound is not None and self._sensitive(bound, depth + 1)
        return False

    def _sensitive_value(self, key: str, v: Node, depth: int) -> bool:
        """A struct field `key: v` that holds a secret: the value is one, or the key names one and the value
        is not a hashed / encrypted form of it."""
        if self._sensitive(v, depth + 1):
            return True
        if _secret_words(key):
            if v.type == "call_expression" and _secret_words(_call_name(v)) is False:
                return False
            return v.type in ("identifier", "interpreted_string_literal", "raw_string_literal", "selector_expression")
        return False

    # -- OAuth2 state --
    def oauth_state(self, call: Node, state: Node) -> None:
        v = self.const(state)
        if v is None and state.type == "identifier":
            bound = _local_value(state)
            v = self.const(bound) if bound is not None else None
        if not isinstance(v, str):
            return
        fn = _enclosing_function(call)
        if fn is not None:
            for n in _walk(fn, stop=("func_literal",)):
                if n.type == "selector_expression" and self.qual(n) == ("os", "Stdin"):
                    return  # a terminal flow: the user pastes the code back, no browser session to forge
                if n.type == "call_expression" and self.callee(n) in {("fmt", f) for f in ("Scan", "Scanln", "Scanf")}:
                    return
                if n.type == "keyed_element" and text(n).startswith("RedirectURL") and re.search(
                        r"//(localhost|127\.0\.0\.1|\[::1\])(:|/|\"|$)", text(n)):
                    return  # a native app's loopback redirect
        self.report(OAUTH_STATE, call, f"AuthCodeURL with the constant state {v!r}")

    # -- RSA key sizes --
    def rsa_bits(self, call: Node, bits: Node) -> None:
        fn = _enclosing_function(call)
        small = [v for v in self._values(bits, fn) if isinstance(v, int) and not isinstance(v, bool) and v < 2048]
        if small:
            if not self._size_checked(call, bits):
                self.report(WEAK_KEY, call, f"RSA key of {min(small)} bits (below 2048)")
            return
        if bits.type == "identifier" and fn is not None and fn.type == "function_declaration":
            names = _param_names(fn)
            if text(bits) in names:
                self._key_params[text(fn.child_by_field_name("name"))] = names.index(text(bits))

    def _values(self, e: Node, fn: Node | None, depth: int = 0) -> list[object]:
        """Values an expression may have in its function: each local binding of a variable, else its
        constant value in the file (None where unknown)."""
        if depth > 6:
            return [None]
        if e.type == "identifier" and fn is not None:
            name = text(e)
            if name in _param_names(fn):
                return [None]
            found: list[object] = []
            for n in _walk(fn, stop=("func_literal",)):
                if n.type in ("short_var_declaration", "assignment_statement"):
                    left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
                    ls = list(left.named_children) if left is not None else []
                    rs = list(right.named_children) if right is not None else []
                    for x, v in zip(ls, rs, strict=False):
                        if len(ls) == len(rs) and x.type == "identifier" and text(x) == name:
                            found.extend(self._values(v, fn, depth + 1))
                elif n.type == "var_spec":
                    val = n.child_by_field_name("value")
                    vals = [c for c in val.named_children if c.type != "comment"] if val is not None else []
                    for nm, v in zip(n.children_by_field_name("name"), vals, strict=False):
                        if text(nm) == name:
                            found.extend(self._values(v, fn, depth + 1))
            if found:
                return found
        return [self.const(e)]

    @staticmethod
    def _size_checked(call: Node, bits: Node) -> bool:
        """The call sits under `if bits >= N` / `case bits >= N` with N >= 2048 (or `bits > N`, N >= 2047)."""
        name = re.escape(text(bits))
        p = call.parent
        while p is not None and p.type not in ("function_declaration", "method_declaration", "func_literal"):
            cond = p.child_by_field_name("condition") if p.type == "if_statement" else \
                p.child_by_field_name("value") if p.type == "expression_case" else None
            if cond is not None:
                for op, num in re.findall(rf"\b{name}\s*(>=|>)\s*(\d+)", text(cond)):
                    if int(num) >= (2048 if op == ">=" else 2047):
                        return True
            p = p.parent
        return False

    def key_size_calls(self) -> None:
        """Calls of a function of the file that passes a parameter on as an RSA key size, with a small constant."""
        if not self._key_params:
            return
        for n in _walk(self.root):
            if n.type != "call_expression":
                continue
            fn = n.child_by_field_name("function")
            if fn is None or fn.type != "identifier" or text(fn) not in self._key_params:
                continue
            args = self.args(n)
            i = self._key_params[text(fn)]
            if i < len(args):
                v = [x for x in self._values(args[i], _enclosing_function(n))
                     if isinstance(x, int) and not isinstance(x, bool) and x < 2048]
                if v:
                    self.report(WEAK_KEY, n, f"RSA key of {min(v)} bits (below 2048), through {text(fn)}()")

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
    def api_credentials(self) -> None:
        """Literals in the places libraries take passwords, keys and tokens (go_credentials), reported
        first and at high confidence, where they are written."""
        for n in _walk(self.root):
            if n.type == "call_expression":
                self._api_call_credentials(n)
            elif n.type == "composite_literal":
                q = self.qual(n.child_by_field_name("type"))
                body = n.child_by_field_name("body")
                if q is None or q not in gocred.FIELDS or body is None:
                    continue
                fields = gocred.FIELDS[q]
                for k, v in _keyed_elements(body):
                    role = fields.get(text(k))
                    users = v.child_by_field_name("body") if role == "users" else None
                    if users is not None:
                        for _, pw in _keyed_elements(users):
                            self._api_credential(pw, gocred.PASSWORD, f"{q[1]}.{text(k)}")
                    elif role and role != "users":
                        self._api_credential(v, role, f"{q[1]}.{text(k)}")

    def _api_call_credentials(self, n: Node) -> None:
        c = self.callee(n)
        if c is None:
            return
        pkg, name = c
        args = self.args(n)
        specs = gocred.CALLS.get((pkg, name), ())
        if not pkg and name in gocred.METHODS:
            needs, method_specs = gocred.METHODS[name]
            if any(p.startswith(needs) for p in self.imports.values()):
                specs = method_specs
        fn = n.child_by_field_name("function")
        called = text(fn) if fn is not None and len(text(fn)) <= 40 else name
        for spec, role in specs:
            for i in gocred.positions(spec, len(args)):
                self._api_credential(args[i], role, called)
        if name in gocred.JWT_PARSERS.get(pkg, ()) and args and args[-1].type == "func_literal":
            body = args[-1].child_by_field_name("body")
            for r in _walk(body, stop=("func_literal",)) if body is not None else ():
                if r.type == "return_statement" and r.named_children:
                    values = r.named_children[0]
                    first = values.named_children[0] if values.type == "expression_list" and values.named_children \
                        else values
                    self._api_credential(first, gocred.KEY, f"the key function of {called}")

    def _credential_literal(self, n: Node | None, depth: int = 0) -> Node | None:
        """The string literal an argument is: itself, `[]byte("...")`, or a name bound once to one."""
        if n is None or depth > 4:
            return None
        if n.type in ("interpreted_string_literal", "raw_string_literal"):
            return n
        if n.type in ("type_conversion_expression", "parenthesized_expression"):
            inner = n.child_by_field_name("operand") if n.type == "type_conversion_expression" else (
                n.named_children[0] if n.named_children else None)
            return self._credential_literal(inner, depth + 1)
        if n.type == "identifier":
            bound = self.consts.get(text(n)) or _local_value(n)
            return self._credential_literal(bound, depth + 1)
        return None

    def _api_credential(self, arg: Node, role: str, where: str) -> None:
        lit = self._credential_literal(arg)
        if lit is None:
            return
        value = string_value(lit)
        if role == gocred.DSN:
            pw = gocred.dsn_password(value)
            if pw is None or is_placeholder_credential(pw):
                return
            what = "connection string with a password"
        elif is_placeholder_credential(value):
            return
        else:
            what = {gocred.KEY: "secret key", gocred.TOKEN: "token"}.get(role, role)
        self._named_lits.add((lit.start_point[0], lit.start_point[1]))
        self.report(CREDS, lit, f"{where} is given a {what} written in the source", Confidence.HIGH)

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
        self.stack_exposure(fn, nodes)
        self.bomb(nodes)
        self.overflow(fn, nodes)
        self.alloc_sizes(fn, nodes)
        self.redirect_checks(fn, nodes)
        self.dynamic_calls(fn, nodes)

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
                        if self._is_entry_name(v, entries, names):
                            names.add(text(x))
                elif len(rs) == 1 and rs[0].type == "call_expression" and ls \
                        and self._is_entry_name(rs[0], entries, names):
                    names.add(text(ls[0]))  # p, err := filepath.Abs(f.Name)
                for x, v in zip(ls, rs, strict=False):
                    # links[hdr.Linkname] = hdr.Name: a map of entry names, read back by a range loop
                    if x.type == "index_expression" and x.child_by_field_name("operand") is not None and (
                            self._is_entry_name(v, entries, names)
                            or self._is_entry_name(x.child_by_field_name("index"), entries, names)):
                        names.add(text(x.child_by_field_name("operand")))
            elif n.type == "range_clause":
                left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
                if right is not None and right.type == "identifier" and text(right) in names and left is not None:
                    names.update(text(b) for b in left.named_children if b.type == "identifier")
        guarded = any(self._containment(n) for n in nodes)
        if guarded:
            return
        for n in nodes:
            if n.type != "call_expression":
                continue
            c = self.callee(n)
            if c in (("path/filepath", "Join"), ("path", "Join")):
                if any(self._is_entry_name(a, entries, names) for a in self.args(n)[1:]):
                    self.report(ZIP_SLIP, n, "archive entry name joined into a path without a containment check")
            elif c in _ENTRY_WRITES:
                args = self.args(n)
                if args and self._is_entry_name(args[0], entries, names):
                    self.report(ZIP_SLIP, n, f"archive entry name used as the path of {c[0].rsplit('/', 1)[-1]}."
                                             f"{c[1]} without a containment check")

    def stack_exposure(self, fn: Node, nodes: list[Node]) -> None:
        writers = self._params_of_type(fn, {("net/http", "ResponseWriter")})
        if not writers:
            return
        stacks: set[str] = set()
        for n in nodes:
            if n.type == "call_expression" and self.callee(n) == ("runtime", "Stack"):
                a = self.args(n)
                if a and a[0].type == "identifier":
                    stacks.add(text(a[0]))  # runtime.Stack(buf, all) fills buf
            elif n.type in ("short_var_declaration", "assignment_statement"):
                left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
                ls = list(left.named_children) if left is not None else []
                rs = list(right.named_children) if right is not None else []
                if len(ls) == 1 and len(rs) == 1 and rs[0].type == "call_expression" \
                        and self.callee(rs[0]) == ("runtime/debug", "Stack"):
                    stacks.add(text(ls[0]))
        if not stacks:
            return

        def is_stack(a: Node | None) -> bool:
            if a is None:
                return False
            if a.type == "identifier":
                return text(a) in stacks
            if a.type == "call_expression":
                c = self.callee(a)
                if c == ("runtime/debug", "Stack"):
                    return True
                f = a.child_by_field_name("function")
                return f is not None and f.type == "identifier" and text(f) == "string" and any(
                    is_stack(x) for x in self.args(a))
            return a.type == "slice_expression" and is_stack(a.child_by_field_name("operand"))

        for n in nodes:
            if n.type != "call_expression":
                continue
            c = self.callee(n)
            a = self.args(n)
            f = n.child_by_field_name("function")
            sent: list[Node] = []
            if c is not None and c[0] == "" and c[1] in ("Write", "WriteString") and f is not None \
                    and text(f.child_by_field_name("operand")) in writers:
                sent = a[:1]
            elif c in (("fmt", "Fprintf"), ("fmt", "Fprint"), ("fmt", "Fprintln"), ("io", "WriteString"),
                       ("net/http", "Error")) and a and text(a[0]) in writers:
                sent = a[1:]
            if any(is_stack(x) for x in sent) and not self._debug_guarded(n):
                self.report(STACK_EXPOSURE, n, "stack trace written to the HTTP response")

    @staticmethod
    def _debug_guarded(n: Node) -> bool:
        p = n.parent
        while p is not None and p.type not in ("function_declaration", "method_declaration", "func_literal"):
            if p.type == "if_statement":
                words = {w.lower() for w in _WORDS.findall(text(p.child_by_field_name("condition")))}
                if words & {"debug", "development", "dev", "trace", "verbose", "stack", "stacktrace", "devmode"}:
                    return True
            p = p.parent
        return False

    def _is_entry_name(self, v: Node | None, entries: set[str], names: set[str]) -> bool:
        if v is None:
            return False
        if v.type == "identifier":
            return text(v) in names
        if v.type == "selector_expression":
            op = v.child_by_field_name("operand")
            return text(v.child_by_field_name("field")) in ("Name", "Linkname") and op is not None \
                and text(op) in entries
        if v.type == "call_expression" and self.callee(v) in _PATH_SAME:
            # filepath.Abs / Clean / Dir of an entry name still points where the name says
            args = self.args(v)
            return bool(args) and self._is_entry_name(args[0], entries, names)
        return False

    def _containment(self, n: Node, depth: int = 0) -> bool:
        if n.type != "call_expression":
            return False
        fn = n.child_by_field_name("function")
        if fn is not None and fn.type == "identifier" and depth < 2:
            # a helper of the file that makes the check (checkPath(p) holding strings.Contains(p, ".."))
            body = self._file_functions().get(text(fn))
            return body is not None and any(self._containment(x, depth + 1)
                                            for x in _walk(body, stop=("func_literal",)))
        c = self.callee(n)
        if c in (("strings", "HasPrefix"), ("path/filepath", "Rel"), ("path/filepath", "IsLocal"),
                 ("path/filepath", "Base"), ("path", "Base")):
            return True
        if c == ("strings", "Contains"):
            a = self.args(n)
            return len(a) == 2 and self.const(a[1]) == ".."
        return False

    def _file_functions(self) -> dict[str, Node]:
        """Bodies of the file's top-level functions, by name."""
        if self._funcs is None:
            self._funcs = {}
            for n in self.root.named_children:
                body = n.child_by_field_name("body") if n.type == "function_declaration" else None
                if body is not None:
                    self._funcs[text(n.child_by_field_name("name"))] = body
        return self._funcs

    _funcs: dict[str, Node] | None = None

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

    # -- non-constant values reaching dangerous APIs --
    def collect_package_vars(self) -> None:
        """Package variables: initial values, and names assigned with `=` inside functions (mutable)."""
        self.pkg_vars: dict[str, Node | None] = {}
        self.pkg_consts: set[str] = set()
        for decl in self.root.named_children:
            if decl.type not in ("var_declaration", "const_declaration"):
                continue
            for spec in _walk(decl):
                if spec.type not in ("var_spec", "const_spec"):
                    continue
                names = spec.children_by_field_name("name")
                val = spec.child_by_field_name("value")
                vals = [c for c in val.named_children if c.type != "comment"] if val is not None else []
                for i, nm in enumerate(names):
                    if spec.type == "const_spec":
                        self.pkg_consts.add(text(nm))
                    else:
                        self.pkg_vars[text(nm)] = vals[i] if len(vals) == len(names) else None
        self.mutated: set[str] = set()
        for n in _walk(self.root):
            if n.type == "assignment_statement":
                left = n.child_by_field_name("left")
                for x in left.named_children if left is not None else []:
                    if x.type == "identifier":
                        self.mutated.add(text(x))
            elif n.type in ("inc_statement", "dec_statement") and n.named_children:
                self.mutated.add(text(n.named_children[0]))

    def dynamic(self, n: Node | None, scope: _Scope, params: bool, depth: int = 0,
                seen: frozenset[str] = frozenset()) -> str | None:
        """Why a value is not a constant of the program (parameter, environment, command line, stdin,
        changeable package variable), or None when it is constant or cannot be followed."""
        if n is None or depth > 12:
            return None
        t = n.type
        if t == "parenthesized_expression" or t == "literal_element":
            kids = [c for c in n.named_children if c.type != "comment"]
            return self.dynamic(kids[0], scope, params, depth + 1, seen) if kids else None
        if t == "identifier":
            name = text(n)
            if name in seen:
                return None
            seen = seen | {name}
            if name in scope.assigned or name in scope.params:
                if name in scope.params and name not in scope.assigned:
                    return f"parameter `{name}`" if params else None
                for v in scope.assigned.get(name, []):
                    why = self.dynamic(v, scope, params, depth + 1, seen)
                    if why:
                        return why
                if name in scope.params and params:
                    return f"parameter `{name}`"
                return None
            if name in self.pkg_consts:
                return None
            if name in self.pkg_vars:
                init = self.pkg_vars[name]
                if name in self.mutated:
                    return f"package variable `{name}`, assigned elsewhere"
                if init is None:
                    return f"exported package variable `{name}`" if name[:1].isupper() else None
                return self.dynamic(init, scope, params, depth + 1, seen)
            return None
        if t == "binary_expression":
            for side in ("left", "right"):
                why = self.dynamic(n.child_by_field_name(side), scope, params, depth + 1, seen)
                if why:
                    return why
            return None
        if t == "unary_expression":
            return self.dynamic(n.child_by_field_name("operand"), scope, params, depth + 1, seen)
        if t in ("index_expression", "slice_expression"):
            return self.dynamic(n.child_by_field_name("operand"), scope, params, depth + 1, seen)
        if t == "type_conversion_expression":
            return self.dynamic(n.child_by_field_name("operand"), scope, params, depth + 1, seen)
        if t == "selector_expression":
            q = self.qual(n)
            if q == ("os", "Args"):
                return "the command line (os.Args)"
            return None
        if t == "call_expression":
            c = self.callee(n)
            fn = n.child_by_field_name("function")
            if c in _ENV:
                return "the environment"
            if c in _FLAGS:
                return "the command line (flag)"
            if c in _PURE:
                for a in self.args(n):
                    why = self.dynamic(a, scope, params, depth + 1, seen)
                    if why:
                        return why
                return None
            if fn is not None and fn.type == "identifier" and text(fn) in ("string",) and self.args(n):
                return self.dynamic(self.args(n)[0], scope, params, depth + 1, seen)
            if c is not None and c[0] == "" and c[1] in _READS and fn is not None:
                recv = fn.child_by_field_name("operand")
                if recv is not None and self._reads_stdin(recv, scope):
                    return "standard input"
            return None
        return None

    def _reads_stdin(self, recv: Node, scope: _Scope) -> bool:
        if recv.type != "identifier":
            return False
        return any("os.Stdin" in text(v) for v in scope.assigned.get(text(recv), []))

    def dynamic_calls(self, fn: Node, nodes: list[Node]) -> None:
        scope: _Scope | None = None
        for n in nodes:
            if n.type != "call_expression":
                continue
            c = self.callee(n)
            if c is None:
                continue
            pkg, name = c
            checks: list[tuple[Rule, Node, bool, str]] = []
            args = self.args(n)
            if pkg in _EXEC_PKGS and name in ("Command", "CommandContext"):
                at = 1 if name == "CommandContext" else 0
                if len(args) > at:
                    prog = self.const(args[at])
                    if isinstance(prog, str) and prog.rsplit("/", 1)[-1] in _SHELLS | {"sh"} or \
                            isinstance(prog, str) and prog in _SHELLS:
                        for i in range(at + 1, len(args) - 1):
                            if self.const(args[i]) in ("-c", "/c", "/C", "-Command"):
                                checks.append((CMD_DYNAMIC, args[i + 1], True, "shell script"))
                                break
                    checks.append((CMD_DYNAMIC, args[at], True, "program"))
            elif (pkg, name) in (("syscall", "Exec"), ("syscall", "StartProcess"), ("os", "StartProcess")) and args:
                checks.append((CMD_DYNAMIC, args[0], True, "program"))
            elif pkg == "html/template" and name in _TRUSTED_TYPES and len(args) == 1:
                checks.append((TEMPLATE_DYNAMIC, args[0], True, f"template.{name} value"))
            elif pkg == "net/http" and name in ("Get", "Post", "Head", "PostForm") and args:
                checks.append((URL_DYNAMIC, args[0], False, "URL"))
            elif pkg == "net/http" and name in ("NewRequest", "NewRequestWithContext"):
                at = 2 if name == "NewRequestWithContext" else 1
                if len(args) > at:
                    checks.append((URL_DYNAMIC, args[at], False, "URL"))
            elif pkg in ("os", "io/ioutil") and name in _FILE_FUNCS and args:
                checks.append((PATH_DYNAMIC, args[0], False, "path"))
            for rule, arg, params, what in checks:
                if scope is None:
                    scope = _Scope(fn, nodes)
                why = self.dynamic(arg, scope, params)
                if why:
                    self.report(rule, n, f"{what} of {pkg.rsplit('/', 1)[-1]}.{name} comes from {why}")
                    break

    def overflow(self, fn: Node, nodes: list[Node]) -> None:
        """Integer conversions that can wrap: the value's range (its source's type, narrowed by the range
        checks that dominate the conversion, through simple arithmetic with constants) does not fit the
        target type. Values are followed only where their range really is open: parsed numbers, random
        numbers, function parameters (and elements of parameter slices), and known constants."""
        scope = _Scope(fn, nodes)
        ptypes = self._param_int_types(fn)
        # Parameters are followed only when the function range-checks them: a check that does not
        # suffice is a bug, while converting a parameter without any check is how encoders truncate
        # on purpose (byte(v >> 8)).
        self._compared = {text(i) for n in nodes if n.type == "binary_expression"
                          and text(n.child_by_field_name("operator")) in ("<", "<=", ">", ">=", "==")
                          and (self.int_const(n.child_by_field_name("left")) is not None
                               or self.int_const(n.child_by_field_name("right")) is not None)
                          for i in _walk(n) if i.type == "identifier"}
        for n in nodes:
            if n.type != "call_expression":
                continue
            fnode = n.child_by_field_name("function")
            a = self.args(n)
            if fnode is None or fnode.type != "identifier" or text(fnode) not in _INT_RANGE or len(a) != 1:
                continue
            target = text(fnode)
            rng = self.int_range(a[0], scope, ptypes, n, 0)
            if rng is None:
                continue
            lo, hi, what, bits = rng
            tlo, thi = _INT_RANGE[target]
            if lo > hi:
                continue  # the conversion is unreachable under its checks
            if bits and bits <= _bits(target):
                continue  # same size or wider: only known constants are reported for sign changes
            if lo < tlo or hi > thi:
                self.report(INT_OVERFLOW, n, f"{what} converted to {target} can be out of its range "
                                             f"[{tlo}, {thi}] without a check")

    def redirect_checks(self, fn: Node, nodes: list[Node]) -> None:
        """Leading-slash checks of a redirect target that let `//host` and `/\\host` through."""
        firsts: dict[str, Node] = {}   # variable -> its first leading-slash check
        second: dict[str, set[str]] = {}  # variable -> second characters it is checked for ('/', '\\')
        for n in nodes:
            subj, chars = self._slash_check(n)
            if subj is None:
                continue
            if chars == {"first"}:
                firsts.setdefault(subj, n)
            else:
                second.setdefault(subj, set()).update(chars)
        if not firsts:
            return
        redirected = self._redirected_names(nodes)
        fname = text(fn.child_by_field_name("name")) if fn.child_by_field_name("name") is not None else ""
        for subj, check in firsts.items():
            if {"/", "\\"} <= second.get(subj, set()):
                continue
            if _resolves(check, subj):
                continue
            if subj not in redirected and not _REDIRECT_NAME.search(subj) and \
                    not (_VET_VERB.search(fname) and _URL_NOUN.search(fname)):
                continue
            missing = [f"`/{c}host`" for c in ("/", "\\") if c not in second.get(subj, set())]
            self.report(BAD_REDIRECT_CHECK, check,
                        f"`{subj}` is accepted as a local path for starting with '/', but "
                        f"{' and '.join(missing)} {'pass' if len(missing) > 1 else 'passes'} too and "
                        f"lead{'' if len(missing) > 1 else 's'} to another host")

    def _slash_check(self, n: Node) -> tuple[str | None, set[str]]:
        """(checked variable, {"first"}) for a leading-'/' test, (variable, {'/', '\\'}) for tests of the
        second character (`//`, `/\\` prefixes, `u[1]`, a backslash anywhere), else (None, set())."""
        if n.type in ("short_var_declaration", "assignment_statement"):
            # `u := strings.ReplaceAll(x, "\\", "/")`: no backslash is left in u
            left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
            ls = list(left.named_children) if left is not None else []
            rs = list(right.named_children) if right is not None else []
            if len(ls) == 1 and len(rs) == 1 and ls[0].type == "identifier" and rs[0].type == "call_expression":
                c, a = self.callee(rs[0]), self.args(rs[0])
                if c in (("strings", "Replace"), ("strings", "ReplaceAll")) and len(a) >= 2 \
                        and self.const(a[1]) == "\\":
                    return text(ls[0]), {"\\"}
            return None, set()
        if n.type == "call_expression":
            c = self.callee(n)
            a = self.args(n)
            if c is None or c[0] != "strings" or len(a) < 2 or a[0].type != "identifier":
                return None, set()
            lit = self.const(a[1])
            if not isinstance(lit, str):
                return None, set()
            if c[1] == "HasPrefix":
                if lit == "/":
                    return text(a[0]), {"first"}
                if lit in ("//", "/\\"):
                    return text(a[0]), {lit[1]}
            if c[1] in ("Contains", "ContainsAny", "ContainsRune", "Index", "IndexAny") and "\\" in lit:
                return text(a[0]), {"\\"}
            if c[1] in ("Contains", "Index") and lit == "//":
                return text(a[0]), {"/"}
            if c[1] in ("Replace", "ReplaceAll") and lit == "\\":
                return text(a[0]), {"\\"}
            return None, set()
        if n.type == "binary_expression" and text(n.child_by_field_name("operator")) in ("==", "!="):
            left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
            for idx, other in ((left, right), (right, left)):
                if idx is None or other is None or idx.type not in ("index_expression", "slice_expression"):
                    continue
                operand = idx.child_by_field_name("operand")
                if operand is None or operand.type != "identifier":
                    continue
                ch = text(other).strip("'\"")
                pos = text(idx)[len(text(operand)):]
                if pos in ("[0]", "[:1]", "[0:1]") and ch == "/":
                    return text(operand), {"first"}
                if pos in ("[1]", "[1:2]") and ch in ("/", "\\\\"):
                    return text(operand), {"/" if ch == "/" else "\\"}
                if pos in ("[:2]", "[0:2]") and ch in ("//", "/\\\\"):
                    return text(operand), {"/" if ch == "//" else "\\"}
        return None, set()

    def _redirected_names(self, nodes: list[Node]) -> set[str]:
        """Variables passed as the target of http.Redirect, a framework's Redirect, or a Location header."""
        out: set[str] = set()
        for n in nodes:
            if n.type != "call_expression":
                continue
            c = self.callee(n)
            a = self.args(n)
            if c is None:
                continue
            target = None
            if c == ("net/http", "Redirect") and len(a) >= 3:
                target = a[2]
            elif c[0] == "" and c[1] == "Redirect" and a:
                target = a[-1] if len(a) <= 2 else None
            elif c[0] == "" and c[1] in ("Set", "Add") and len(a) == 2 and self.const(a[0]) == "Location":
                target = a[1]
            if target is not None:
                out.update(text(i) for i in _walk(target) if i.type == "identifier")
        return out

    def alloc_sizes(self, fn: Node, nodes: list[Node]) -> None:
        """make() sizes that are arithmetic on the length of unbounded data (see ALLOC_OVERFLOW)."""
        makes = [n for n in nodes if n.type == "call_expression" and _call_name(n) == "make"
                 and getattr(n.child_by_field_name("function"), "type", "") == "identifier"]
        if not makes:
            return
        scope = _Scope(fn, nodes)
        for call in makes:
            for size in self.args(call)[1:3]:
                for arith, lens in self._unbounded_sizes(size, scope, call, 0):
                    if any(self._bounded(x, scope, call) for x in lens):
                        continue
                    what = ", ".join(sorted({text(x) for x in lens if x.type == "call_expression"}))
                    self.report(ALLOC_OVERFLOW, arith,
                                f"`{text(arith)}` (from {what or 'the length of unbounded data'}) sizes an "
                                f"allocation without an upper bound on the length; it can wrap around where "
                                f"int has 32 bits")

    def _unbounded_sizes(self, e: Node, scope: _Scope, at: Node, depth: int) -> list[tuple[Node, list[Node]]]:
        """Overflow-prone arithmetic nodes behind a size expression, each with the expressions whose bound
        would make it safe (the length itself, and the size variables that carry it to `at`)."""
        if depth > 4:
            return []
        while e.type == "parenthesized_expression" and e.named_children:
            e = e.named_children[0]
        if e.type == "binary_expression" and text(e.child_by_field_name("operator")) in ("+", "*", "<<"):
            lens = [x for x in (e.child_by_field_name("left"), e.child_by_field_name("right"))
                    if x is not None and self._unbounded_len(x, scope, at, depth)]
            if lens:
                return [(e, [self._strip(x) for x in lens])]
            return []
        if e.type == "identifier" and text(e) not in scope.params:
            out: list[tuple[Node, list[Node]]] = []
            for src in _reaching(scope.assigned.get(text(e), []), at):
                if src.type in ("short_var_declaration", "assignment_statement"):
                    continue  # a compound assignment (not followed)
                for arith, lens in self._unbounded_sizes(src, scope, src, depth + 1):
                    out.append((arith, [*lens, e]))
            return out
        return []

    @staticmethod
    def _strip(e: Node) -> Node:
        while e.type == "parenthesized_expression" and e.named_children:
            e = e.named_children[0]
        return e

    def _unbounded_len(self, e: Node, scope: _Scope, at: Node, depth: int) -> bool:
        """Whether `e` is len() / cap() of unbounded data (possibly through a local variable), in int."""
        e = self._strip(e)
        if e.type == "call_expression" and _call_name(e) in ("len", "cap"):
            a = self.args(e)
            return len(a) == 1 and self._unbounded_data(a[0], scope, 0)
        if e.type == "identifier" and depth < 4:
            srcs = _reaching(scope.assigned.get(text(e), []), at)
            return len(srcs) == 1 and self._unbounded_len(srcs[0], scope, srcs[0], depth + 1)
        return False

    def _unbounded_data(self, e: Node, scope: _Scope, depth: int) -> bool:
        """Whether `e` holds data of a size the program does not choose: read whole from a reader or file,
        or marshalled from a value (possibly converted between string and []byte)."""
        e = self._strip(e)
        if depth > 8:
            return False
        if e.type == "call_expression":
            fnode = e.child_by_field_name("function")
            a = self.args(e)
            if fnode is not None and text(fnode) in ("string", "[]byte") and len(a) == 1:
                return self._unbounded_data(a[0], scope, depth + 1)
            callee = self.callee(e)
            if (callee is not None and (callee in _CARRIES_SIZE or callee[0] == "" and callee[1] == "EncodeToString")
                    or _is_append(e)):
                # copies, encodings and transformations as long as (or longer than) their input
                return any(self._unbounded_data(x, scope, depth + 1) for x in a)
            if callee in _UNBOUNDED_DATA:
                # marshalling a constant (json.Marshal(true), xml.Marshal("x")) gives a small result
                return not (callee in _MARSHALERS and a and self.const(a[0]) is not None)
            if fnode is not None and fnode.type == "identifier" and depth < 6:
                return self._returns_unbounded(text(fnode), depth + 1)
            return False
        if e.type == "slice_expression":
            operand = e.child_by_field_name("operand")
            return operand is not None and self._unbounded_data(operand, scope, depth + 1)
        if e.type == "binary_expression" and text(e.child_by_field_name("operator")) == "+":
            return any(x is not None and self._unbounded_data(x, scope, depth + 1)
                       for x in (e.child_by_field_name("left"), e.child_by_field_name("right")))
        if e.type == "identifier":
            if text(e) in scope.params and text(e) not in scope.assigned:
                return self._param_fed_unbounded(scope.fn, text(e), depth + 1)
            srcs = scope.assigned.get(text(e), [])
            return len(srcs) == 1 and self._unbounded_data(srcs[0], scope, depth + 1)
        return False

    def _returns_unbounded(self, name: str, depth: int) -> bool:
        """Whether a function of the file returns unbounded data as its first result on some path."""
        body = self._file_functions().get(name)
        if body is None or body.parent is None:
            return False
        nodes = list(_walk(body, stop=("func_literal",)))
        scope = _Scope(body.parent, nodes)
        for n in nodes:
            if n.type == "return_statement" and n.named_children:
                vals = [c for c in n.named_children[0].named_children if c.type != "comment"] \
                    if n.named_children[0].type == "expression_list" else [n.named_children[0]]
                if vals and self._unbounded_data(vals[0], scope, depth):
                    return True
        return False

    def _param_fed_unbounded(self, fn: Node, param: str, depth: int) -> bool:
        """Whether a call of the file passes unbounded data as parameter `param` of function `fn`."""
        if fn.type != "function_declaration" or depth > 6:
            return False
        names = _param_names(fn)
        if param not in names:
            return False
        index, fname = names.index(param), text(fn.child_by_field_name("name"))
        for caller in self._file_functions().values():
            nodes = list(_walk(caller, stop=("func_literal",)))
            calls = [n for n in nodes if n.type == "call_expression"
                     and getattr(n.child_by_field_name("function"), "type", "") == "identifier"
                     and text(n.child_by_field_name("function")) == fname]
            if not calls or caller.parent is None:
                continue
            scope = _Scope(caller.parent, nodes)
            for call in calls:
                a = self.args(call)
                if index < len(a) and self._unbounded_data(a[index], scope, depth):
                    return True
        return False

    def _bounded(self, x: Node, scope: _Scope, at: Node) -> bool:
        """Whether an upper-bound check on `x` holds at `at`, with `x` (a variable) not assigned again
        between the check and `at`."""
        big = _INT_RANGE["int"][1]
        checks = self._checks_of(text(x), at)
        if self._narrow(x, 0, big, at)[1] >= big and not checks:
            return False
        if x.type != "identifier":
            return True
        # the check must come after the last assignment of the variable before `at`
        binds = [s.start_byte for s in _reaching(scope.assigned.get(text(x), []), at)]
        last = max(binds, default=-1)
        return any(c.start_byte > last for c in checks)

    def _checks_of(self, name: str, at: Node) -> list[Node]:
        """The conditions, dominating `at`, that bound `name` from above."""
        big = _INT_RANGE["int"][1]
        out: list[Node] = []
        node = at
        while node.parent is not None and node.type not in ("function_declaration", "method_declaration",
                                                           "func_literal"):
            parent = node.parent
            if parent.type == "if_statement" and node == parent.child_by_field_name("consequence"):
                cond = parent.child_by_field_name("condition")
                if cond is not None and (self._facts(cond, name, True, 0, big)[1] < big
                                         or _upper_bounds(cond, name, True)):
                    out.append(cond)
            elif parent.type in ("block", "statement_list"):
                for sib in parent.named_children:
                    if sib.start_byte >= node.start_byte:
                        break
                    cond = sib.child_by_field_name("condition") if sib.type == "if_statement" else None
                    if cond is not None and _exits(sib.child_by_field_name("consequence")) and \
                            (self._facts(cond, name, False, 0, big)[1] < big or _upper_bounds(cond, name, False)):
                        out.append(cond)
            node = parent
        return out

    def _param_int_types(self, fn: Node) -> dict[str, str]:
        out: dict[str, str] = {}
        params = fn.child_by_field_name("parameters")
        for p in params.named_children if params is not None else []:
            typ = p.child_by_field_name("type")
            if typ is None:
                continue
            t = text(typ)
            if t.startswith("[]") and t[2:] in _INT_RANGE:
                t = "[]" + t[2:]
            elif t not in _INT_RANGE:
                continue
            for nm in p.children_by_field_name("name"):
                out[text(nm)] = t
        return out

    def int_range(self, v: Node, scope: _Scope, ptypes: dict[str, str], at: Node, depth: int
                  ) -> tuple[int, int, str, int] | None:
        """(low, high, description) of an integer value at a conversion, or None when not followed."""
        if depth > 6:
            return None
        t = v.type
        if t == "parenthesized_expression" and v.named_children:
            return self.int_range(v.named_children[0], scope, ptypes, at, depth + 1)
        k = self.int_const(v)
        if k is not None:
            if depth == 0 and not (t == "identifier" and self._is_var(v)):
                return None  # conversions of constants are checked by the compiler
            return k, k, f"`{text(v)}` (= {k})", 0
        if t == "binary_expression":
            op = text(v.child_by_field_name("operator"))
            left, right = v.child_by_field_name("left"), v.child_by_field_name("right")
            c = self.int_const(right) if right is not None else None
            r = self.int_range(left, scope, ptypes, at, depth + 1) if left is not None else None
            if r is None or c is None:
                return None
            lo, hi, what, bits = r
            vals: list[int]
            if op == "+":
                vals = [lo + c, hi + c]
            elif op == "-":
                vals = [lo - c, hi - c]
            elif op == "*":
                vals = [lo * c, hi * c]
            elif op == "/" and c != 0:
                vals = [int(lo / c), int(hi / c)]
            elif op == "<<" and 0 <= c < 64:
                vals = [lo << c, hi << c]
            else:
                return None
            return min(vals), max(vals), f"{what} {op} {c}", bits
        if t == "unary_expression" and text(v.child_by_field_name("operator")) == "-":
            operand = v.child_by_field_name("operand")
            neg = self.int_range(operand, scope, ptypes, at, depth + 1) if operand is not None else None
            return (-neg[1], -neg[0], f"-{neg[2]}", neg[3]) if neg else None
        if t == "index_expression":
            arr = v.child_by_field_name("operand")
            if arr is not None and arr.type == "identifier" and ptypes.get(text(arr), "").startswith("[]") \
                    and text(arr) not in scope.assigned and text(arr) in self._compared:
                lo, hi = _INT_RANGE[ptypes[text(arr)][2:]]
                return self._narrow(v, lo, hi, at) + (f"element of parameter `{text(arr)}`",
                                                      _bits(ptypes[text(arr)][2:]))
            return None
        if t != "identifier":
            return None
        name = text(v)
        if name in ptypes and name not in scope.assigned and not ptypes[name].startswith("[]") \
                and name in self._compared:
            lo, hi = _INT_RANGE[ptypes[name]]
            return self._narrow(v, lo, hi, at) + (f"parameter `{name}` ({ptypes[name]})", _bits(ptypes[name]))
        sources = scope.assigned.get(name, [])
        src = sources[0] if len(sources) == 1 else _visible_declaration(sources, at)
        if src is None:
            if len(sources) < 2 or len(sources) > 4:
                return None
            # Bound on several paths (`n, err := strconv.Atoi(s)`, then `n = int(m)` on the error
            # path): the conversion can overflow if one path's value can. Paths that are not followed
            # add nothing; the known ones are joined.
            known = [r for r in (self._source_range(name, x, v, scope, ptypes, at, depth) for x in sources)
                     if r is not None]
            open_ = [r for r in known if r[0] != r[1]]  # a parsed, random or parameter value, not constants
            if not open_:
                return None
            return (min(r[0] for r in known), max(r[1] for r in known), open_[0][2], max(r[3] for r in known))
        return self._source_range(name, src, v, scope, ptypes, at, depth)

    def _source_range(self, name: str, src: Node, v: Node, scope: _Scope, ptypes: dict[str, str], at: Node,
                      depth: int) -> tuple[int, int, str, int] | None:
        """Range of a variable from one of its bindings (see int_range)."""
        if src.parent is not None and src.parent.type == "range_clause":
            seq = src
            if seq.type == "identifier" and ptypes.get(text(seq), "").startswith("[]") \
                    and text(seq) not in scope.assigned:
                left = src.parent.child_by_field_name("left")
                bound = list(left.named_children) if left is not None else []
                if len(bound) == 2 and text(bound[1]) == name and name in self._compared:
                    lo, hi = _INT_RANGE[ptypes[text(seq)][2:]]
                    return self._narrow(v, lo, hi, at) + (f"element of parameter `{text(seq)}`",
                                                          _bits(ptypes[text(seq)][2:]))
            return None
        k = self.int_const(src)
        if k is not None:
            return k, k, f"`{name}` (= {k})", 0
        if src.type == "call_expression":
            callee = self.callee(src)
            fnode = src.child_by_field_name("function")
            if callee is not None and callee[0] in ("math/rand", "math/rand/v2") and callee[1] in _RAND_RESULT:
                lo, hi = _INT_RANGE[_RAND_RESULT[callee[1]]]
                # random and parsed values really take any value of their range: sign changes count too
                return self._narrow(v, max(lo, 0), hi, at) + (f"random value `{name}`", 0)
            if callee is not None and callee[0] == "strconv" and callee[1] in _PARSERS:
                pargs = self.args(src)
                unsigned = callee[1] == "ParseUint"
                size: object = 64 if callee[1] == "Atoi" else (self.const(pargs[2]) if len(pargs) >= 3 else 64)
                width = size if isinstance(size, int) and not isinstance(size, bool) and 0 < size <= 64 else 64
                lo, hi = (0, 2 ** width - 1) if unsigned else (-(2 ** (width - 1)), 2 ** (width - 1) - 1)
                # a parsed signed number can be negative: converting it to an unsigned type of any
                # size wraps; a parsed unsigned one needs a narrower target to wrap
                return self._narrow(v, lo, hi, at) + (f"parsed {width}-bit integer `{name}`",
                                                      width if unsigned else 0)
            if fnode is not None and fnode.type == "identifier" and text(fnode) in _INT_RANGE:
                inner = self.args(src)
                sub = self.int_range(inner[0], scope, ptypes, at, depth + 1) if len(inner) == 1 else None
                if sub is not None:
                    tlo, thi = _INT_RANGE[text(fnode)]
                    lo, hi = max(sub[0], tlo), min(sub[1], thi)
                    if sub[0] < tlo or sub[1] > thi:
                        return None  # the inner conversion is the one reported
                    return self._narrow(v, lo, hi, at) + (f"`{name}`", _bits(text(fnode)))
            return None
        if src.type in ("binary_expression", "unary_expression", "identifier"):
            via = self.int_range(src, scope, ptypes, at, depth + 1)
            return (*self._narrow(v, via[0], via[1], at), f"`{name}`", via[3]) if via else None
        return None

    def _is_var(self, n: Node) -> bool:
        """Whether an identifier with a constant value names a variable (its conversion is not compile-checked)."""
        d = self.consts.get(text(n))
        while d is not None and d.type not in ("const_spec", "var_spec", "short_var_declaration",
                                              "assignment_statement", "source_file"):
            d = d.parent
        return d is not None and d.type != "const_spec"

    def int_const(self, n: Node | None, depth: int = 0) -> int | None:
        """Integer value of a constant expression (literals, math limits, constants in the file)."""
        if n is None or depth > 12:
            return None
        if n.type == "selector_expression":
            q = self.qual(n)
            if q is not None and q[0] == "math" and q[1] in _MATH_LIMITS:
                return _MATH_LIMITS[q[1]]
            if q is not None and q[0] == "unicode" and q[1] in _UNICODE_LIMITS:
                return _UNICODE_LIMITS[q[1]]
            return None
        if n.type == "unary_expression" and text(n.child_by_field_name("operator")) == "-":
            k = self.int_const(n.child_by_field_name("operand"), depth + 1)
            return -k if k is not None else None
        if n.type == "parenthesized_expression" and n.named_children:
            return self.int_const(n.named_children[0], depth + 1)
        if n.type == "call_expression":  # int64(-1), uint64(math.MaxUint64)
            fnode = n.child_by_field_name("function")
            a = self.args(n)
            if fnode is not None and fnode.type == "identifier" and text(fnode) in _INT_RANGE and len(a) == 1:
                return self.int_const(a[0], depth + 1)
            return None
        if n.type == "identifier" and text(n) in self.consts:
            return self.int_const(self.consts[text(n)], depth + 1) if self.consts[text(n)] is not n else None
        if n.type == "binary_expression":
            x = self.int_const(n.child_by_field_name("left"), depth + 1)
            y = self.int_const(n.child_by_field_name("right"), depth + 1)
            op = text(n.child_by_field_name("operator"))
            if x is None or y is None:
                return None
            if op == "+":
                return x + y
            if op == "-":
                return x - y
            if op == "*":
                return x * y
            if op == "<<" and 0 <= y < 64:
                return x << y
            return None
        v = self.const(n) if n.type in ("int_literal",) else None
        return v if isinstance(v, int) and not isinstance(v, bool) else None

    def _narrow(self, v: Node, lo: int, hi: int, at: Node) -> tuple[int, int]:
        """The range [lo, hi] of the variable `v` narrowed by the range checks that dominate `at`."""
        name = text(v)
        node = at
        while node.parent is not None and node.type not in ("function_declaration", "method_declaration",
                                                           "func_literal"):
            parent = node.parent
            if parent.type == "if_statement" and node == parent.child_by_field_name("consequence"):
                lo, hi = self._facts(parent.child_by_field_name("condition"), name, True, lo, hi)
            elif parent.type in ("block", "statement_list"):
                for sib in parent.named_children:
                    if sib.start_byte >= node.start_byte:
                        break
                    if sib.type == "if_statement" and _exits(sib.child_by_field_name("consequence")):
                        lo, hi = self._facts(sib.child_by_field_name("condition"), name, False, lo, hi)
            node = parent
        return lo, hi

    def _facts(self, cond: Node | None, name: str, holds: bool, lo: int, hi: int) -> tuple[int, int]:
        """Narrow [lo, hi] by a condition known to hold (guard) or to be false (after an early exit)."""
        if cond is None:
            return lo, hi
        if cond.type == "parenthesized_expression" and cond.named_children:
            return self._facts(cond.named_children[0], name, holds, lo, hi)
        if cond.type == "unary_expression" and text(cond.child_by_field_name("operator")) == "!":
            return self._facts(cond.child_by_field_name("operand"), name, not holds, lo, hi)
        if cond.type != "binary_expression":
            return lo, hi
        op = text(cond.child_by_field_name("operator"))
        left, right = cond.child_by_field_name("left"), cond.child_by_field_name("right")
        if op in ("&&", "||"):
            if (op == "&&") == holds:  # a conjunction that holds, or a disjunction that is false
                lo, hi = self._facts(left, name, holds, lo, hi)
                return self._facts(right, name, holds, lo, hi)
            # a disjunction that holds (or a conjunction that is false): one of the two ranges
            a = self._facts(left, name, holds, lo, hi)
            b = self._facts(right, name, holds, lo, hi)
            if a[0] > a[1]:
                return b
            if b[0] > b[1]:
                return a
            return min(a[0], b[0]), max(a[1], b[1])
        if op not in ("<", "<=", ">", ">=", "==", "!="):
            return lo, hi
        if right is not None and self.int_const(right) is None and self.int_const(left) is not None:
            left, right = right, left
            op = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}[op]
        c = self.int_const(right)
        if c is None or left is None:
            return lo, hi
        if not holds:
            op = {"<": ">=", "<=": ">", ">": "<=", ">=": "<", "==": "!=", "!=": "=="}[op]
        # `x + k op c`, `x - k op c`, `x * m op c`, `x << s op c`: move the constant to the right.
        while left.type in ("binary_expression", "parenthesized_expression") and text(left) != name:
            if left.type == "parenthesized_expression":
                if not left.named_children:
                    return lo, hi
                left = left.named_children[0]
                continue
            aop = text(left.child_by_field_name("operator"))
            k = self.int_const(left.child_by_field_name("right"))
            inner = left.child_by_field_name("left")
            if k is None and aop in ("+", "*"):  # commutative: `10 + x`
                k = self.int_const(inner)
                inner = left.child_by_field_name("right")
            if k is None or inner is None:
                return lo, hi
            if aop in ("/", ">>") and c >= 0 and (k > 0 if aop == "/" else 0 <= k < 63) and \
                    op in ("<", "<=", ">", ">="):
                m = k if aop == "/" else 1 << k
                # x / m < c  <=>  x < c*m;  x / m <= c  <=>  x < (c+1)*m  (c >= 0, truncation toward 0)
                c, op = {"<": (c * m, "<"), "<=": ((c + 1) * m, "<"), ">": ((c + 1) * m, ">="),
                         ">=": (c * m, ">=")}[op]
            elif aop == "+":
                c -= k
            elif aop == "-":
                c += k
            elif aop in ("*", "<<") and (k > 0 if aop == "*" else 0 <= k < 63) and op in ("<", "<=", ">", ">="):
                m = k if aop == "*" else 1 << k
                # floor / ceiling of c / m for the integer bound on x
                c = -((-c) // m) if op in ("<", ">=") else c // m
            else:
                return lo, hi
            left = inner
        if text(left) != name:
            return lo, hi
        if op == "==":
            return max(lo, c), min(hi, c)
        if op == "!=":
            return lo, hi
        if op == "<":
            hi = min(hi, c - 1)
        elif op == "<=":
            hi = min(hi, c)
        elif op == ">":
            lo = max(lo, c + 1)
        else:
            lo = max(lo, c)
        return lo, hi


def _bits(t: str) -> int:
    lo, hi = _INT_RANGE.get(t, (0, 0))
    return (hi - lo + 1).bit_length() - 1


def _exits(block: Node | None) -> bool:
    """Whether a block always leaves the enclosing flow (return, panic, continue, break, os.Exit...)."""
    if block is None:
        return False
    stmts = [c for c in block.named_children if c.type != "comment"]
    if stmts and stmts[-1].type == "statement_list":
        stmts = [c for c in stmts[-1].named_children if c.type != "comment"]
    if not stmts:
        return False
    last = stmts[-1]
    if last.type in ("return_statement", "continue_statement", "break_statement", "goto_statement"):
        return True
    if last.type == "expression_statement":
        t = text(last)
        return t.startswith(("panic(", "os.Exit(", "log.Fatal", "log.Panic"))
    return False


_INT_RANGE: dict[str, tuple[int, int]] = {
    "int8": (-2 ** 7, 2 ** 7 - 1), "int16": (-2 ** 15, 2 ** 15 - 1), "int32": (-2 ** 31, 2 ** 31 - 1),
    "rune": (-2 ** 31, 2 ** 31 - 1), "int64": (-2 ** 63, 2 ** 63 - 1), "int": (-2 ** 63, 2 ** 63 - 1),
    "uint8": (0, 2 ** 8 - 1), "byte": (0, 2 ** 8 - 1), "uint16": (0, 2 ** 16 - 1), "uint32": (0, 2 ** 32 - 1),
    "uint64": (0, 2 ** 64 - 1), "uint": (0, 2 ** 64 - 1), "uintptr": (0, 2 ** 64 - 1),
}
_MATH_LIMITS = {f"Max{t.capitalize()}" if not t.startswith("u") else f"MaxU{t[1:]}": hi
                for t, (lo, hi) in _INT_RANGE.items() if t not in ("rune", "byte", "uintptr")}
_MATH_LIMITS.update({f"Min{t.capitalize()}": lo for t, (lo, hi) in _INT_RANGE.items()
                     if t.startswith("int")})
_UNICODE_LIMITS = {"MaxRune": 0x10FFFF, "MaxASCII": 0x7F, "MaxLatin1": 0xFF}
# Calls whose result is data of a size chosen by the input, not the program (allocation-size overflow).
# Names of redirect targets and of the helpers that vet them.
_REDIRECT_NAME = re.compile(r"redir|return_?to|^next|continue_?(url|to)|goto", re.I)
_VET_VERB = re.compile(r"saniti[sz]|valid|safe|check|clean|allow|is_?local|^is", re.I)
_URL_NOUN = re.compile(r"redir|url|uri|location|target|dest|next|return", re.I)
_MARSHALERS = {("encoding/json", "Marshal"), ("encoding/json", "MarshalIndent"), ("encoding/xml", "Marshal"),
               ("encoding/xml", "MarshalIndent"), ("encoding/asn1", "Marshal"), ("encoding/asn1", "MarshalWithParams"),
               ("gopkg.in/yaml.v2", "Marshal"), ("gopkg.in/yaml.v3", "Marshal"), ("sigs.k8s.io/yaml", "Marshal"),
               ("github.com/golang/protobuf/proto", "Marshal"), ("google.golang.org/protobuf/proto", "Marshal")}
_CARRIES_SIZE = {(pkg, f) for pkg in ("strings", "bytes") for f in (
    "ToUpper", "ToLower", "ToTitle", "Title", "TrimSpace", "Trim", "TrimLeft", "TrimRight", "TrimPrefix",
    "TrimSuffix", "Replace", "ReplaceAll", "Repeat", "Join", "Map", "Clone")} | \
    {("fmt", "Sprintf"), ("fmt", "Sprint"), ("fmt", "Sprintln"), ("encoding/hex", "EncodeToString"),
     ("net/url", "QueryEscape"), ("net/url", "PathEscape"), ("html", "EscapeString")}
_UNBOUNDED_DATA = _MARSHALERS | {("io", "ReadAll"), ("io/ioutil", "ReadAll"), ("io/ioutil", "ReadFile"),
                                 ("os", "ReadFile")}
_RAND_RESULT = {"Int": "int", "Int63": "int64", "Int31": "int32", "Int63n": "int64", "Int31n": "int32",
                "Intn": "int", "Uint32": "uint32", "Uint64": "uint64", "Int64": "int64", "Int32": "int32",
                "IntN": "int", "Int64N": "int64", "Int32N": "int32", "Uint": "uint", "UintN": "uint"}


class _Scope:
    """What a function binds: its parameters and, per local name, the expressions assigned to it."""

    def __init__(self, fn: Node, nodes: list[Node]) -> None:
        self.fn = fn
        self.params: set[str] = set()
        params = fn.child_by_field_name("parameters")
        for p in params.named_children if params is not None else []:
            self.params.update(text(nm) for nm in p.children_by_field_name("name"))
        self.assigned: dict[str, list[Node]] = {}
        for n in nodes:
            if n.type in ("short_var_declaration", "assignment_statement"):
                left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
                ls = [c for c in left.named_children if c.type != "comment"] if left is not None else []
                rs = [c for c in right.named_children if c.type != "comment"] if right is not None else []
                op = n.child_by_field_name("operator")
                compound = op is not None and text(op) not in ("=", ":=")
                for i, x in enumerate(ls):
                    if x.type != "identifier":
                        continue
                    # `x |= k` is not `x = k`: the statement itself stands for a value not followed
                    v = n if compound else rs[i] if len(ls) == len(rs) else (rs[0] if rs else None)
                    if v is not None:
                        self.assigned.setdefault(text(x), []).append(v)
            elif n.type == "var_spec":
                val = n.child_by_field_name("value")
                vals = [c for c in val.named_children if c.type != "comment"] if val is not None else []
                for i, nm in enumerate(n.children_by_field_name("name")):
                    v = vals[i] if len(vals) == len(n.children_by_field_name("name")) else \
                        (vals[0] if vals else None)
                    self.assigned.setdefault(text(nm), []).extend([v] if v is not None else [])
            elif n.type == "range_clause":
                left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
                for x in left.named_children if left is not None else []:
                    if right is not None:
                        self.assigned.setdefault(text(x), []).append(right)


# Calls whose result is as constant as their arguments.
_PURE = {("fmt", "Sprintf"), ("fmt", "Sprint"), ("path/filepath", "Join"), ("path", "Join"),
         ("path/filepath", "Clean"), ("path/filepath", "Abs"), ("path", "Clean"), ("strings", "Join"),
         ("strings", "TrimSpace"), ("strings", "Trim"), ("strings", "TrimSuffix"), ("strings", "TrimPrefix"),
         ("strings", "ToLower"), ("strings", "ToUpper"), ("strings", "Replace"), ("strings", "ReplaceAll"),
         ("strings", "Fields"), ("strings", "Split")}
_ENV = {("os", "Getenv"), ("os", "LookupEnv"), ("os", "ExpandEnv"), ("syscall", "Getenv")}
_FLAGS = {("flag", f) for f in ("String", "Arg", "Args", "Parse")}
_READS = frozenset({"ReadString", "ReadLine", "ReadBytes", "Text", "Bytes", "ReadRune"})
_SHELLS = frozenset({"sh", "bash", "zsh", "ksh", "dash", "/bin/sh", "/bin/bash", "/usr/bin/bash", "/bin/zsh",
                     "cmd", "cmd.exe", "powershell", "powershell.exe", "pwsh"})
_EXEC_PKGS = ("os/exec", "golang.org/x/sys/execabs")
_TRUSTED_TYPES = frozenset({"HTML", "JS", "JSStr", "URL", "HTMLAttr", "CSS", "Srcset"})
_FILE_FUNCS = frozenset({"Open", "OpenFile", "ReadFile", "WriteFile", "Create", "Remove", "RemoveAll",
                         "ReadDir", "Truncate"})


# Calls that create or write the file or directory named by their first argument (zip slip without a join).
_ENTRY_WRITES = {("os", f) for f in ("Create", "OpenFile", "WriteFile", "Mkdir", "MkdirAll", "Symlink", "Link",
                                     "Rename", "Chmod", "Chtimes", "Lchown")} | {("io/ioutil", "WriteFile")}
# Calls whose result names the same place as their first argument, or its directory.
_PATH_SAME = {("path/filepath", f) for f in ("Abs", "Clean", "Dir", "FromSlash", "ToSlash")} | \
    {("path", "Clean"), ("path", "Dir")}


def _visible_declaration(sources: list[Node], at: Node) -> Node | None:
    """Of several `name := value` declarations (one per block: `parsed, err := ...` repeated in sibling
    blocks), the value of the one in scope at `at`: the nearest before it in a block that holds it.
    None when any binding is a plain assignment, or none is in scope."""
    best: tuple[int, Node] | None = None
    for src in sources:
        st = src.parent
        while st is not None and st.type not in ("short_var_declaration", "assignment_statement", "var_spec",
                                                 "range_clause", "source_file"):
            st = st.parent
        if st is None or st.type != "short_var_declaration":
            return None
        blk = st.parent
        if blk is None or not (blk.start_byte <= at.start_byte and at.end_byte <= blk.end_byte) \
                or st.end_byte > at.start_byte:
            continue
        if best is None or st.start_byte > best[0]:
            best = (st.start_byte, src)
    return best[1] if best else None


def _resolves(check: Node, name: str) -> bool:
    """Whether the `if` whose condition holds `check` rebuilds `name` from itself (`url = dir + url`):
    a relative reference made absolute, not a target accepted or rejected."""
    cond, p = check, check.parent
    while p is not None and p.type != "if_statement":
        cond, p = p, p.parent
    if p is None or cond != p.child_by_field_name("condition"):
        return False
    for branch in (p.child_by_field_name("consequence"), p.child_by_field_name("alternative")):
        for n in _walk(branch) if branch is not None else []:
            if n.type in ("assignment_statement", "short_var_declaration"):
                left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
                if left is not None and right is not None and any(text(x) == name for x in left.named_children) \
                        and any(i.type == "identifier" and text(i) == name for i in _walk(right)):
                    return True
    return False


def _upper_bounds(cond: Node, name: str, holds: bool) -> bool:
    """Whether a condition (known to hold, or known to be false) bounds the expression `name` from above
    by another value, constant or not (`n <= limit`, `!(len(b) > cfg.Max)`)."""
    while cond.type == "parenthesized_expression" and cond.named_children:
        cond = cond.named_children[0]
    if cond.type == "unary_expression" and text(cond.child_by_field_name("operator")) == "!":
        operand = cond.child_by_field_name("operand")
        return operand is not None and _upper_bounds(operand, name, not holds)
    if cond.type != "binary_expression":
        return False
    op = text(cond.child_by_field_name("operator"))
    left, right = cond.child_by_field_name("left"), cond.child_by_field_name("right")
    if left is None or right is None:
        return False
    if op in ("&&", "||"):
        if (op == "&&") == holds:
            return _upper_bounds(left, name, holds) or _upper_bounds(right, name, holds)
        return _upper_bounds(left, name, holds) and _upper_bounds(right, name, holds)
    if not holds:
        op = {"<": ">=", "<=": ">", ">": "<=", ">=": "<"}.get(op, "")
    if op in ("<", "<="):
        return text(left) == name
    if op in (">", ">="):
        return text(right) == name
    return False


def _reaching(sources: list[Node], at: Node) -> list[Node]:
    """The bindings of a local name that can hold at `at`: those before it in blocks that enclose it,
    from the nearest enclosing declaration (`:=`, `var`) on (a declaration in a sibling block is
    another variable)."""
    seen: list[tuple[Node, Node]] = []
    for src in sources:
        st = src.parent
        while st is not None and st.type not in ("short_var_declaration", "assignment_statement", "var_spec",
                                                 "range_clause", "source_file"):
            st = st.parent
        if st is None or st.start_byte >= at.start_byte:
            continue
        blk = st.parent
        while blk is not None and blk.type not in ("block", "statement_list", "source_file"):
            blk = blk.parent
        if blk is not None and blk.type == "statement_list" and blk.parent is not None \
                and blk.parent.type == "block":
            blk = blk.parent
        if blk is None or not (blk.start_byte <= at.start_byte and at.end_byte <= blk.end_byte):
            continue
        seen.append((st, src))
    decls = [st.start_byte for st, _ in seen if st.type in ("short_var_declaration", "var_spec")]
    first = max(decls, default=-1)
    return [src for st, src in seen if st.start_byte >= first]


def _local_value(ident: Node) -> Node | None:
    """The value of a name bound exactly once (`x := v`) in the function that uses it, else None."""
    fn = _enclosing_function(ident)
    if fn is None:
        return None
    found: list[Node] = []
    for n in _walk(fn, stop=("func_literal",)):
        if n.type in ("short_var_declaration", "assignment_statement"):
            left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
            ls = list(left.named_children) if left is not None else []
            rs = list(right.named_children) if right is not None else []
            for i, x in enumerate(ls):
                if x.type == "identifier" and text(x) == text(ident):
                    value = rs[i] if len(ls) == len(rs) else right
                    if value is not None:
                        found.append(value)
    return found[0] if len(found) == 1 else None


_LOG_PKGS = {"log", "fmt", "k8s.io/klog", "github.com/golang/glog", "github.com/sirupsen/logrus"}
_LOG_FUNCS = frozenset(f"{lvl}{x}" for lvl in ("Print", "Fatal", "Panic", "Info", "Warn", "Warning", "Error", "Debug",
                                                "Trace", "Exit") for x in ("", "f", "ln"))
_SECRET_WORDS = frozenset({"password", "passwd", "pwd", "passphrase", "secret", "secrets", "credential",
                           "credentials"})
_SECRET_JOINED = ("privatekey", "apikey", "secretkey", "accesstoken", "authtoken", "clientsecret")
# Words that make a secret-looking name something else: a digest or ciphertext of it, a rule about it, an
# error or label mentioning it.
_NOT_SECRET_WORDS = frozenset({"hash", "hashed", "hashes", "encrypted", "crypted", "encrypt", "crypt", "encoded",
                               "encode", "md", "md5", "sha", "sha1", "sha256", "sha512", "digest", "salt", "redact",
                               "redacted", "mask", "masked", "error", "err", "errors", "set", "len", "length",
                               "count", "policy", "reset", "forgot", "field", "label", "prompt", "file", "path",
                               "url", "name", "min", "max", "required", "valid", "invalid", "validate", "check",
                               "is", "has", "expired", "expiry", "changed", "type", "mode", "id"})


def _secret_words(name: str) -> bool | None:
    """True when a name says it holds a secret, False when it says it holds a hashed / redacted form or
    something about a secret (passwordHash, redact, IncorrectPasswordError), None when it says neither."""
    words = [w.lower() for w in re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+", name)]
    if any(w in _NOT_SECRET_WORDS for w in words):
        return False
    joined = "".join(words)
    if any(w in _SECRET_WORDS for w in words) or any(j in joined for j in _SECRET_JOINED):
        return True
    return None


def _call_name(call: Node) -> str:
    fn = call.child_by_field_name("function")
    if fn is None:
        return ""
    return text(fn.child_by_field_name("field")) if fn.type == "selector_expression" else text(fn)


_REGEX_FUNCS = frozenset({"Match", "MatchString", "MatchReader", "Compile", "MustCompile", "CompilePOSIX",
                          "MustCompilePOSIX"})


# Names of values that hold a URL or its scheme, and schemes that make a literal list a scheme list.
_URLISH = re.compile(r"scheme|proto|url|uri|link|href|src|redirect|target|location|dest", re.IGNORECASE)
_OTHER_SCHEMES = frozenset({"data", "vbscript", "file", "http", "https", "ftp", "about", "blob", "mailto", "tel"})


def _enclosing_function(n: Node) -> Node | None:
    p = n.parent
    while p is not None and p.type not in ("function_declaration", "method_declaration", "func_literal"):
        p = p.parent
    return p


def _param_names(fn: Node) -> list[str]:
    params = fn.child_by_field_name("parameters")
    out: list[str] = []
    for p in params.named_children if params is not None else []:
        names = p.children_by_field_name("name")
        out.extend(text(nm) for nm in names) if names else out.append("")
    return out


def _names_opt_in(expr: str) -> bool:
    """Whether a non-constant value is named as an opt-in to insecurity (`*insecure`, `opts.SkipVerify`,
    `cfg.TLSNoVerify`): an option the operator sets, not a default the code chose."""
    words = [w.lower() for w in _WORDS.findall(expr)]
    joined = "".join(words)
    return bool(set(words) & _DELIBERATE) or "skipverify" in joined or "noverify" in joined \
        or "skiptls" in joined


def _is_append(call: Node) -> bool:
    fn = call.child_by_field_name("function")
    return fn is not None and fn.type == "identifier" and text(fn) == "append"


_INT_TYPES = frozenset({"uint16", "uint32", "uint64", "uint", "int", "int32", "int64"})
_VERSION_NAMES = {v: k for k, v in _TLS_VERSIONS.items()}


def _version_name(v: int) -> str:
    return _VERSION_NAMES.get(v, hex(v))


def _root_operand_is_tls(sel: Node, checker: _Checker) -> bool:
    """`x.TLSClientConfig.MinVersion`, `srv.TLSConfig.MinVersion`: the field of a TLS config reached
    through a field named after one."""
    op = sel.child_by_field_name("operand")
    return op is not None and op.type == "selector_expression" and \
        text(op.child_by_field_name("field")) in ("TLSClientConfig", "TLSConfig", "TLS", "TlsConfig")


def _keyed_elements(body: Node) -> Iterator[tuple[Node, Node]]:
    """(key, value) of the keyed elements of a composite literal's body."""
    for e in body.named_children:
        if e.type != "keyed_element":
            continue
        kids = [c for c in e.named_children if c.type != "comment"]
        if len(kids) != 2:
            continue
        k = kids[0].named_children[0] if kids[0].type == "literal_element" and kids[0].named_children else kids[0]
        v = kids[1].named_children[0] if kids[1].type == "literal_element" and kids[1].named_children else kids[1]
        yield k, v


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
