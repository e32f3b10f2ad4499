"""Taint rules for Go: sources, sinks and sanitizers as data, plus the Rules.

The names here are those of armur.rules.python_taint (the taint engine reads either module).
Qualified names are formed the way the engine forms them from the IR of armur.lang.go:

- a package is named by its import path without a major-version suffix: `http.Get` is
  `net/http.Get`, `exec.Command` is `os/exec.Command`, gin's context is
  `github.com/gin-gonic/gin.Context`;
- a method on a value of type T is `T.method`: parameters, struct fields and `var` declarations carry
  their declared type (`db *sql.DB` makes `db.Query` `database/sql.DB.Query`), and RETURNS types the
  results of constructors (`sql.Open(...)` gives a `database/sql.DB`);
- a request handler is any function with a parameter of a request type (`r *http.Request`,
  `c *gin.Context`, `c echo.Context`, `c *fiber.Ctx`): REQUEST_TYPES lists the fields and methods of
  those types that return request data. Named functions and function literals handed to a router
  are handled alike, because the parameter types say what they receive.
"""

from __future__ import annotations

from armur.core.findings import Confidence, Severity
from armur.core.rules import Rule, RuleDoc
from armur.lang.go import FMT_NUMBER, FMT_QUOTE, HTML_BODY, NO_LINES, NO_TAGS, NUMERIC_TYPES, PLAIN_WRITER
from armur.rules.python_taint import Sink

LANGUAGES = ("go",)


def _rule(rid: str, title: str, sev: Severity, cwe: tuple[int, ...], owasp: str, what: str, why: str,
          example: str, fix: str, tags: tuple[str, ...] = ("taint",)) -> Rule:
    return Rule(
        id=f"go.{rid}", title=title, severity=sev, confidence=Confidence.HIGH, cwe=cwe, owasp=owasp,
        languages=LANGUAGES, analyzer="sast", doc=RuleDoc(what, why, example, fix), tags=tags,
    )


H, M, L, C = Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.CRITICAL

TAINT_RULES: dict[str, Rule] = {
    "sql": _rule(
        "sql-injection", "SQL built from untrusted input", C, (89,), "A03",
        "Request data becomes part of the text of a SQL statement run through database/sql (DB, Tx, Conn: "
        "Query, QueryRow, Exec, Prepare and their Context forms), sqlx or GORM's raw-SQL methods (Raw, Exec, "
        "Where, Order...). The text is typically built with fmt.Sprintf, + or a strings.Builder.",
        "Whoever controls the input can rewrite the statement: read or change any table, bypass a login, "
        "and on some databases run commands on the database host.",
        'id := r.URL.Query().Get("id")\nrows, err := db.Query("SELECT * FROM orders WHERE id = " + id)',
        'Keep the statement constant and pass values as arguments: db.Query("SELECT * FROM orders WHERE '
        'id = $1", id) (? for MySQL and SQLite); GORM: db.Where("id = ?", id). Identifiers (column names '
        "for ORDER BY) must come from an allow-list.",
    ),
    "cmd": _rule(
        "command-injection", "Operating system command built from untrusted input", C, (78,), "A03",
        "Request data chooses the program that exec.Command / exec.CommandContext runs, or becomes the script "
        "of a shell (`sh -c`, `bash -c`, `cmd /c`). Request data given as an argument of a fixed program, "
        "with no `--` before it, is reported at medium confidence (argument injection, CWE-88).",
        "The attacker runs any command as the server's user. As an argument, input starting with '-' becomes "
        "an option of the program (git's --upload-pack, tar's --checkpoint-action, ImageMagick's coders), "
        "which for many programs is enough to run commands or read and write arbitrary files.",
        'exec.Command("sh", "-c", "convert "+r.FormValue("file")+" out.png").Run()',
        "Run a fixed program with the input as separate arguments after `--` (exec.Command(\"convert\", "
        "\"--\", file, \"out.png\")), never through a shell, and validate the values against an allow-list.",
    ),
    "path": _rule(
        "path-traversal", "File path built from untrusted input", H, (22,), "A01",
        "Request data is used in a path given to os.Open / OpenFile / ReadFile / WriteFile / Create / Remove, "
        "ioutil.ReadFile, http.ServeFile or a framework's file response, without a containment check.",
        "Sequences such as ../ (or an absolute path: filepath.Join keeps it inside, but os.Open(dir + name) "
        "does not) let an attacker read or overwrite files outside the intended directory.",
        'name := r.URL.Query().Get("file")\ndata, _ := os.ReadFile(filepath.Join("/srv/files", name))',
        "Reduce the name with filepath.Base, check it with filepath.IsLocal, or clean the joined path "
        "and check that it still starts with the base directory (strings.HasPrefix(filepath.Clean(p), base+"
        "string(os.PathSeparator))); Go 1.24's os.Root confines access to one directory.",
    ),
    "xss": _rule(
        "xss", "Untrusted input written into HTML", H, (79,), "A03",
        "Request data is written to an http.ResponseWriter (w.Write, fmt.Fprintf(w, ...), io.WriteString) "
        "without escaping, while the response is HTML (Go sniffs the content type of a response without "
        "one, and markup sniffs as text/html); or it is converted to html/template's trusted types "
        "(template.HTML, template.JS, template.URL, template.HTMLAttr...), which switch off escaping.",
        "Script in the input runs in the victim's browser with the site's origin: session theft, account "
        "takeover, defacement.",
        'fmt.Fprintf(w, "<h1>Hello %s</h1>", r.URL.Query().Get("name"))',
        "Render with html/template and pass the input as data; escape with html.EscapeString or "
        "template.HTMLEscapeString when writing by hand; set Content-Type to text/plain or "
        "application/json for non-HTML answers; never convert input to template.HTML.",
    ),
    "ssrf": _rule(
        "ssrf", "Server-side request to a URL taken from untrusted input", H, (918,), "A10",
        "Request data chooses the URL or host of an outgoing request: http.Get / Post / Head / PostForm, "
        "http.NewRequest(WithContext), an http.Client's Get / Post, or net.Dial.",
        "The server can be made to reach internal services, cloud metadata endpoints or arbitrary hosts, "
        "and to return what it finds.",
        'resp, err := http.Get(r.URL.Query().Get("url"))',
        "Allow-list the hosts and schemes that may be fetched (parse with url.Parse and compare the Host), "
        "or build the URL from a constant base; block private and link-local addresses in a custom "
        "Dialer's Control function.",
    ),
    "redirect": _rule(
        "open-redirect", "Redirect to a URL taken from untrusted input", M, (601,), "A01",
        "A redirect target (http.Redirect, gin / echo / fiber Redirect) comes from the request without "
        "checking its host.",
        "Attackers use the trusted domain to send victims to phishing or malware pages, or to leak tokens "
        "carried in the URL.",
        'http.Redirect(w, r, r.URL.Query().Get("next"), http.StatusFound)',
        "Redirect only to relative paths that start with a single '/' (and not '//' or '/\\\\'), or to hosts "
        "in an allow-list; map short names to fixed URLs.",
    ),
    "xpath": _rule(
        "xpath-injection", "XPath expression built from untrusted input", H, (643,), "A03",
        "Request data becomes part of the text of an XPath expression compiled or evaluated by a Go XPath "
        "library (antchfx xpath / htmlquery / xmlquery / jsonquery, go-xmlpath, goxpath, gokogiri, "
        "xpathparser).",
        "A quote in the input closes the literal and rewrites the query: `' or '1'='1` selects every user "
        "record, and the rest of the document can be read out one test at a time.",
        'xpath.Compile("//user[name/text()=\'" + r.FormValue("name") + "\']")',
        "Pass the value as an XPath variable ($name, SearchWithVariables / a variable resolver) or allow "
        "only the characters a name can hold; never splice it into the expression text.",
    ),
    "email": _rule(
        "email-injection", "Email text built from untrusted input", L, (640, 93), "A03",
        "Request data becomes part of a message sent with net/smtp (SendMail's message, text written to "
        "Client.Data()) or built with SendGrid's mail helpers (subject, plain or HTML content).",
        "A raw SMTP message starts with its headers, so a line break in the input adds recipients or "
        "headers; in the body, input such as a request's Host header turns a password-reset link into a link "
        "to the attacker's site, sent from the real domain.",
        'smtp.SendMail(addr, auth, from, to, []byte("Reset: https://" + r.Host + "/reset?t=" + token))',
        "Build links from a configured base URL, never from the request's Host; strip CR and LF from values "
        "placed in headers, and escape them for HTML bodies.",
    ),
    "log": _rule(
        "log-injection", "Untrusted input written to a log", L, (117,), "A09",
        "Request data is written with the log package (log.Printf, log.Println...) without neutralising "
        "line breaks.",
        "Forged log lines can hide an attack or mislead whoever reads the logs.",
        'log.Printf("login failed for %s", r.FormValue("user"))',
        "Log with log/slog (structured, quoted values) or strip CR and LF (strings.ReplaceAll / "
        "strconv.Quote) from the value.",
    ),
}

WEAK_RANDOM_RULE = _rule(
    "insecure-random", "Predictable random value used as a secret", M, (330, 338), "A02",
    "A value from math/rand (or math/rand/v2) is stored as a token, password, key, session id or nonce, "
    "or returned by a function named so.",
    "math/rand is not a cryptographic generator: its output can be predicted, so secrets built from it "
    "can be guessed.",
    "token := fmt.Sprintf(\"%x\", rand.Int63())",
    "Use crypto/rand (rand.Read, rand.Text in Go 1.24) for anything that must be unguessable.",
    tags=("taint", "crypto"),
)

# ---------------------------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------------------------

# Predeclared functions and types: a name from this set that nothing binds is `builtins.<name>`.
BUILTINS = frozenset({
    "append", "cap", "clear", "close", "complex", "copy", "delete", "imag", "len", "make", "max", "min", "new",
    "panic", "print", "println", "real", "recover", "string", "bool", "error", "any",
    *NUMERIC_TYPES, FMT_NUMBER, FMT_QUOTE, PLAIN_WRITER, HTML_BODY, NO_TAGS, NO_LINES,
})
MODULE_LOADERS: frozenset[str] = frozenset()

_GIN = "github.com/gin-gonic/gin.Context"
_ECHO = "github.com/labstack/echo.Context"
_FIBER = "github.com/gofiber/fiber.Ctx"
_REQ = "net/http.Request"
_W = "net/http.ResponseWriter"
# beego: a controller embeds web.Controller (v2) or beego.Controller (v1); its Ctx is a context.Context
# with the request, the response writer, and the Input / Output helpers.
_BEEGO_PKGS = ("github.com/beego/beego/v2/server/web", "github.com/astaxie/beego")
_BEEGO_CONTROLLERS = tuple(f"{p}.Controller" for p in _BEEGO_PKGS)
_BEEGO_CTX = tuple(f"{p}/context.Context" for p in _BEEGO_PKGS)
_BEEGO_IN = tuple(f"{p}/context.BeegoInput" for p in _BEEGO_PKGS)
_BEEGO_OUT = tuple(f"{p}/context.BeegoOutput" for p in _BEEGO_PKGS)

# Every qualified parameter type is taken as the parameter's type (`db *sql.DB`, `w http.ResponseWriter`).
ANNOTATED_REFS = True
# A parameter declared with one of the project's own types is an object of that type.
INSTANCE_PARAMS = True
PARAM_TYPES_BY_ANNOTATION: dict[str, str] = {
    # net/http handler interfaces and the frameworks' contexts are the types themselves.
    _REQ: _REQ, _W: _W, _GIN: _GIN, _ECHO: _ECHO, _FIBER: _FIBER,
}
PARAM_TYPES_BY_NAME: dict[str, str] = {}
# Struct embedding: a method's receiver has the fields and methods of the library types it embeds.
LIBRARY_BASES = True
CALLBACK_ROUTES: dict[str, tuple[str, ...]] = {}

# Containment checks: a cleaned path compared with a base directory by prefix.
RESOLVED_PATH_CALLS = ("path/filepath.Clean", "path/filepath.Abs", "path/filepath.EvalSymlinks",
                       "path/filepath.Join", "path.Clean", "path.Join")
PREFIX_METHODS: tuple[str, ...] = ()
PREFIX_FUNCS = ("strings.HasPrefix",)
CONTAINS_FUNCS = ("strings.Contains", "strings.ContainsAny", "strings.ContainsRune")
GUARD_FUNCS: dict[str, object] = {
    "path/filepath.IsLocal": ("path",),
    "regexp.MatchString": (),  # the pattern is the first argument, not the checked value
}

# ---------------------------------------------------------------------------------------------
# Sources
# ---------------------------------------------------------------------------------------------

REQUEST_TYPES: dict[str, tuple[str, ...]] = {
    _REQ: ("URL", "Form", "PostForm", "MultipartForm", "Header", "Body", "FormValue", "PostFormValue", "Cookie",
           "Cookies", "Referer", "UserAgent", "RequestURI", "FormFile", "MultipartReader", "Trailer",
           "PathValue", "Host"),
    _GIN: ("Query", "DefaultQuery", "GetQuery", "QueryArray", "GetQueryArray", "QueryMap", "GetQueryMap", "Param",
           "Params", "PostForm", "DefaultPostForm", "GetPostForm", "PostFormArray", "GetPostFormArray",
           "PostFormMap", "GetPostFormMap", "GetHeader", "Cookie", "GetRawData", "FormFile", "MultipartForm",
           "ShouldBind", "ShouldBindJSON", "ShouldBindQuery", "ShouldBindUri", "ShouldBindWith", "ShouldBindXML",
           "ShouldBindYAML", "ShouldBindHeader", "ShouldBindBodyWith", "Bind", "BindJSON", "BindQuery", "BindUri",
           "BindXML", "BindYAML", "BindHeader", "BindWith", "FullPath"),
    _ECHO: ("QueryParam", "QueryParams", "QueryString", "Param", "ParamValues", "FormValue", "FormParams",
            "FormFile", "MultipartForm", "Cookie", "Cookies", "Bind"),
    _FIBER: ("Query", "Queries", "Params", "AllParams", "FormValue", "Body", "BodyRaw", "BodyParser",
             "QueryParser", "ParamsParser", "ReqHeaderParser", "Get", "Cookies", "OriginalURL", "FormFile",
             "MultipartForm", "Path", "Hostname"),
    # beego controllers: the request's parameters, files and session-less input
    **{t: ("GetString", "GetStrings", "Input", "GetFile", "GetFiles", "ParseForm", "BindJSON", "BindForm",
           "BindXML", "BindYAML", "Bind") for t in _BEEGO_CONTROLLERS},
    **{t: ("GetCookie", "GetSecureCookie") for t in _BEEGO_CTX},
    **{t: ("Query", "Param", "Params", "Header", "Cookie", "RequestBody", "URL", "URI", "Host", "Referer",
           "UserAgent", "Bind", "Domain", "Refer") for t in _BEEGO_IN},
}

REQUEST_ALIASES: dict[str, str] = {
    f"{_GIN}.Request": _REQ,
    f"{_GIN}.Writer": _W,
    "github.com/gin-gonic/gin.Context.Request.URL": f"{_REQ}.URL",
    **{f"{c}.Ctx": x for c, x in zip(_BEEGO_CONTROLLERS, _BEEGO_CTX, strict=True)},
    **{f"{x}.Request": _REQ for x in _BEEGO_CTX},
    **{f"{x}.ResponseWriter": _W for x in _BEEGO_CTX},
    **{f"{x}.Input": i for x, i in zip(_BEEGO_CTX, _BEEGO_IN, strict=True)},
    **{f"{x}.Output": o for x, o in zip(_BEEGO_CTX, _BEEGO_OUT, strict=True)},
    **{f"{o}.Context": x for x, o in zip(_BEEGO_CTX, _BEEGO_OUT, strict=True)},
    "github.com/sirupsen/logrus.Entry.Logger": "github.com/sirupsen/logrus.Logger",
}

SOURCE_CALLS: dict[str, str] = {
    "github.com/go-chi/chi.URLParam": "high",
    "github.com/go-chi/chi.URLParamFromCtx": "high",
    "github.com/gorilla/mux.Vars": "high",
    "github.com/julienschmidt/httprouter.Params.ByName": "high",
    # Operator-controlled: reported only into command, SQL and code sinks, at low confidence.
    "os.Getenv": "low",
    "os.LookupEnv": "low",
    # Not os.Environ(): the whole environment is what a child inherits anyway (cmd.Env = os.Environ()).
    **{f"flag.{f}": "low" for f in ("String", "Arg", "Args", "StringVar")},
    "bufio.Reader.ReadString": "low",
}
SOURCE_ATTRS: dict[str, str] = {
    "os.Args": "low",
    "os.Stdin": "low",
    # fmt.Scan* read stdin into their arguments (see FILL_ARGS).
    **{f"fmt.{f}": "low" for f in ("Scan", "Scanln", "Scanf")},
}

# ---------------------------------------------------------------------------------------------
# Sinks
# ---------------------------------------------------------------------------------------------


def _s(kind: str, *args: int, when: str = "") -> Sink:
    return Sink(kind, args or (0,), (), when)


# A prepared statement's arguments are values, never SQL: a sink entry that checks nothing keeps the
# method-name sinks below from applying to it.
_NOTHING = [Sink("sql", (99,), (), "")]
_SQL_TYPES = ("database/sql.DB", "database/sql.Tx", "database/sql.Conn")
_SQLX = "github.com/jmoiron/sqlx"
_GORM = ("gorm.io/gorm.DB", "github.com/jinzhu/gorm.DB")
_GORM_RAW = ("Raw", "Exec", "Where", "Or", "Not", "Order", "Group", "Having", "Joins", "Select", "Pluck", "Distinct")
_FILE_ONE = ("Open", "OpenFile", "ReadFile", "WriteFile", "Create", "Remove", "RemoveAll", "Mkdir", "MkdirAll",
             "ReadDir", "Truncate", "Chmod", "Chown", "OpenInRoot")
_LOG = ("Print", "Printf", "Println", "Fatal", "Fatalf", "Fatalln", "Panic", "Panicf", "Panicln")
_ARGS = tuple(range(0, 8))
_KLOG = ("k8s.io/klog", "k8s.io/klog/v2", "github.com/golang/glog")
_KLOG_FUNCS = tuple(f"{lvl}{x}" for lvl in ("Info", "Warning", "Error", "Fatal", "Exit") for x in ("", "f", "ln"))
_LOGRUS = "github.com/sirupsen/logrus"
_LOGRUS_FUNCS = tuple(f"{lvl}{x}" for lvl in ("Trace", "Debug", "Info", "Print", "Warn", "Warning", "Error", "Fatal",
                                              "Panic") for x in ("", "f", "ln"))
_ZAP_LEVELS = ("Debug", "Info", "Warn", "Error", "DPanic", "Panic", "Fatal")
_BEEGO_LOG = ("github.com/astaxie/beego", "github.com/astaxie/beego/logs", "github.com/astaxie/beego/logs.BeeLogger",
              "github.com/beego/beego/v2/core/logs", "github.com/beego/beego/v2/core/logs.BeeLogger")
_BEEGO_LOG_FUNCS = ("Emergency", "Alert", "Critical", "Error", "Warning", "Warn", "Notice", "Informational", "Info",
                    "Debug", "Trace")

SINKS: dict[str, list[Sink]] = {
    # SQL
    **{f"{t}.{m}": [_s("sql", 0)] for t in _SQL_TYPES for m in ("Query", "QueryRow", "Exec", "Prepare")},
    **{f"{t}.{m}Context": [_s("sql", 1)] for t in _SQL_TYPES for m in ("Query", "QueryRow", "Exec", "Prepare")},
    **{f"database/sql.Stmt.{m}": _NOTHING for m in ("Query", "QueryRow", "Exec", "QueryContext",
                                                   "QueryRowContext", "ExecContext")},
    **{f"{_SQLX}.{t}.{m}": [_s("sql", 0)] for t in ("DB", "Tx") for m in (
        "Query", "QueryRow", "Exec", "Queryx", "QueryRowx", "MustExec", "NamedExec", "NamedQuery", "Preparex",
        "Prepare", "Rebind")},
    **{f"{_SQLX}.{t}.{m}": [_s("sql", 1)] for t in ("DB", "Tx") for m in (
        "Select", "Get", "QueryContext", "ExecContext", "QueryxContext", "MustExecContext")},
    **{f"{_SQLX}.{t}.{m}": [_s("sql", 2)] for t in ("DB", "Tx") for m in ("SelectContext", "GetContext")},
    **{f"{g}.{m}": [_s("sql", 0, when="str")] for g in _GORM for m in _GORM_RAW},
    # commands
    "os/exec.Command": [_s("cmd", 0, when="argv")],
    "os/exec.CommandContext": [_s("cmd", 1, when="argv")],
    "golang.org/x/sys/execabs.Command": [_s("cmd", 0, when="argv")],
    "golang.org/x/sys/execabs.CommandContext": [_s("cmd", 1, when="argv")],
    "syscall.Exec": [_s("cmd", 0, 1)],
    "syscall.StartProcess": [_s("cmd", 0, 1)],
    "os.StartProcess": [_s("cmd", 0, 1)],
    # paths
    **{f"os.{f}": [_s("path", 0)] for f in _FILE_ONE},
    # os.Stat / Lstat answer whether any file the input names exists (and its size, mode, times).
    "os.Stat": [_s("path", 0)],
    "os.Lstat": [_s("path", 0)],
    "os.Rename": [_s("path", 0, 1)],
    "os.Symlink": [_s("path", 0, 1)],
    "os.Link": [_s("path", 0, 1)],
    **{f"io/ioutil.{f}": [_s("path", 0)] for f in ("ReadFile", "WriteFile", "ReadDir", "TempFile")},
    "net/http.ServeFile": [_s("path", 2)],
    # Not http.ServeFileFS: the name is opened in an fs.FS, and os.DirFS / embed.FS reject any name
    # that is not fs.ValidPath (no "..", not rooted), so it stays inside the tree.
    "net/http.Dir": [_s("path", 0)],
    f"{_GIN}.File": [_s("path", 0)],
    f"{_GIN}.FileAttachment": [_s("path", 0)],
    f"{_GIN}.SaveUploadedFile": [_s("path", 1)],
    f"{_ECHO}.File": [_s("path", 0)],
    f"{_ECHO}.Attachment": [_s("path", 0)],
    f"{_FIBER}.SendFile": [_s("path", 0)],
    f"{_FIBER}.Download": [_s("path", 0)],
    f"{_FIBER}.SaveFile": [_s("path", 1)],
    # XSS: a response writer receives HTML unless its Content-Type says otherwise (see PLAIN_WRITER).
    f"{_W}.Write": [_s("xss", 0)],
    f"{_W}.WriteString": [_s("xss", 0)],  # gin's and other frameworks' writers
    f"{_GIN}.Writer.Write": [_s("xss", 0)],
    f"{_GIN}.Writer.WriteString": [_s("xss", 0)],
    **{f"fmt.{f}": [_s("xss", *_ARGS[1:], when=f"ref0={_W}"), _s("email", *_ARGS[1:], when="ref0=net/smtp.dataWriter")]
       for f in ("Fprintf", "Fprint", "Fprintln")},
    "io.WriteString": [_s("xss", 1, when=f"ref0={_W}"), _s("email", 1, when="ref0=net/smtp.dataWriter")],
    **{f"html/template.{t}": [_s("xss", 0)] for t in ("HTML", "JS", "URL", "HTMLAttr", "CSS", "JSStr", "Srcset")},
    f"{_ECHO}.HTML": [_s("xss", 1)],
    f"builtins.{HTML_BODY}": [_s("xss", 0)],  # c.Data(code, "text/html", body), c.Blob(...)
    # text/template does not escape: executed into an HTTP response, its data is spliced into HTML.
    "text/template.Template.Execute": [_s("xss", 1, when=f"ref0={_W}")],
    "text/template.Template.ExecuteTemplate": [_s("xss", 2, when=f"ref0={_W}")],
    f"{_ECHO}.HTMLBlob": [_s("xss", 1)],
    # beego: the response body, written as is (Go sniffs the content type when none is set)
    **{f"{o}.Body": [_s("xss", 0)] for o in _BEEGO_OUT},
    **{f"{x}.WriteString": [_s("xss", 0)] for x in _BEEGO_CTX},
    **{f"{c}.SaveToFile": [_s("path", 1)] for c in _BEEGO_CONTROLLERS},
    **{f"{o}.Download": [_s("path", 0)] for o in _BEEGO_OUT},
    **{f"{c}.Redirect": [_s("redirect", 0)] for c in _BEEGO_CONTROLLERS},
    **{f"{x}.Redirect": [_s("redirect", 1)] for x in _BEEGO_CTX},
    # SSRF
    **{f"net/http.{f}": [_s("ssrf", 0)] for f in ("Get", "Post", "Head", "PostForm")},
    "net/http.NewRequest": [_s("ssrf", 1)],
    "net/http.NewRequestWithContext": [_s("ssrf", 2)],
    **{f"net/http.Client.{f}": [_s("ssrf", 0)] for f in ("Get", "Post", "Head", "PostForm")},
    "net.Dial": [_s("ssrf", 1)],
    "net.DialTimeout": [_s("ssrf", 1)],
    # nonces and IVs must not be predictable (WEAK_RANDOM_KIND: only math/rand data counts here)
    "crypto/cipher.AEAD.Seal": [_s("weakrand", 1)],
    **{f"crypto/cipher.{f}": [_s("weakrand", 1)] for f in ("NewCBCEncrypter", "NewCFBEncrypter", "NewCTR",
                                                           "NewOFB")},
    # redirects
    "net/http.Redirect": [_s("redirect", 2)],
    # w.Header().Set("Location", x) with a 3xx status is a redirect written by hand
    **{f"net/http.Header.{m}": [_s("redirect", 0, 1, when="named:location")] for m in ("Set", "Add")},
    f"{_GIN}.Redirect": [_s("redirect", 1)],
    f"{_ECHO}.Redirect": [_s("redirect", 1)],
    f"{_FIBER}.Redirect": [_s("redirect", 0)],
    # email
    "net/smtp.SendMail": [_s("email", 4)],
    "net/smtp.dataWriter.Write": [_s("email", 0)],
    **{f"github.com/sendgrid/sendgrid-go/helpers/mail.{f}": [_s("email", *a)] for f, a in (
        ("NewSingleEmail", (1, 3, 4)), ("NewContent", (1,)), ("NewV3MailInit", (1,)))},
    # XPath: the expression text
    **{f"github.com/antchfx/xpath.{f}": [_s("xpath", 0)] for f in ("Compile", "MustCompile")},
    "github.com/antchfx/xpath.Select": [_s("xpath", 1)],
    **{f"github.com/antchfx/{pkg}.{f}": [_s("xpath", 1)] for pkg in ("htmlquery", "xmlquery", "jsonquery")
       for f in ("Find", "FindOne", "QueryAll", "Query", "FindEach", "FindEachWithBreak")},
    **{f"{pkg}.{f}": [_s("xpath", 0)] for pkg in ("github.com/go-xmlpath/xmlpath", "gopkg.in/xmlpath.v2",
                                                   "gopkg.in/xmlpath") for f in ("Compile", "MustCompile")},
    **{f"github.com/ChrisTrenkamp/goxpath.{f}": [_s("xpath", 0)] for f in ("Parse", "MustParse", "ParseExec")},
    "github.com/jbowtie/gokogiri/xpath.Compile": [_s("xpath", 0)],
    **{f"github.com/jbowtie/gokogiri/xml.{t}.{f}": [_s("xpath", 0)]
       for t in ("Node", "XmlNode", "ElementNode", "XmlDocument", "Document")
       for f in ("Search", "SearchWithVariables", "EvalXPath", "EvalXPathAsBoolean")},
    **{f"github.com/santhosh-tekuri/xpathparser.{f}": [_s("xpath", 0)] for f in ("Parse", "MustParse")},
    # logs
    **{f"log.{f}": [_s("log", *_ARGS)] for f in _LOG},
    **{f"log.Logger.{f}": [_s("log", *_ARGS)] for f in _LOG},
    # log/slog: the message is written as is by the default handler (attributes are quoted)
    **{f"log/slog.{f}": [_s("log", 0)] for f in ("Debug", "Info", "Warn", "Error")},
    **{f"log/slog.{f}Context": [_s("log", 1)] for f in ("Debug", "Info", "Warn", "Error")},
    **{f"log/slog.Logger.{f}": [_s("log", 0)] for f in ("Debug", "Info", "Warn", "Error")},
    **{f"log/slog.Logger.{f}Context": [_s("log", 1)] for f in ("Debug", "Info", "Warn", "Error")},
    "log/slog.Log": [_s("log", 2)],
    "log/slog.Logger.Log": [_s("log", 2)],
    # standard output is the log of a service: fmt.Print* and go-spew's printers write to it
    **{f"fmt.{f}": [_s("log", *_ARGS)] for f in ("Print", "Printf", "Println")},
    **{f"github.com/davecgh/go-spew/spew.{f}": [_s("log", *_ARGS)] for f in ("Print", "Printf", "Println", "Dump")},
    # logging libraries: every argument is written (the format string too)
    **{f"{pkg}.{f}": [_s("log", *_ARGS)] for pkg in _KLOG for f in _KLOG_FUNCS},
    **{f"{pkg}.{f}Depth": [_s("log", *_ARGS[1:])] for pkg in _KLOG for f in ("Info", "Warning", "Error", "Fatal",
                                                                             "Exit")},
    **{f"{pkg}.Verbose.{f}": [_s("log", *_ARGS)] for pkg in _KLOG for f in ("Info", "Infof", "Infoln")},
    **{f"{_LOGRUS}.{t}{f}": [_s("log", *_ARGS)] for t in ("", "Entry.", "Logger.") for f in _LOGRUS_FUNCS},
    **{f"{_LOGRUS}.{t}{f}": [_s("log", *_ARGS[1:])] for t in ("Entry.", "Logger.") for f in ("Log", "Logf",
                                                                                            "Logln")},
    # zap: the message is written as is; fields are encoded (quoted) by the encoder
    **{f"go.uber.org/zap.Logger.{f}": [_s("log", 0)] for f in _ZAP_LEVELS},
    **{f"go.uber.org/zap.SugaredLogger.{f}{x}": [_s("log", *_ARGS)] for f in _ZAP_LEVELS for x in ("", "f", "ln")},
    **{f"go.uber.org/zap.SugaredLogger.{f}w": [_s("log", 0)] for f in _ZAP_LEVELS},
    # a logger's name is printed on every line it writes, unquoted by the console encoder
    "go.uber.org/zap.Logger.Named": [_s("log", 0)],
    "go.uber.org/zap.SugaredLogger.Named": [_s("log", 0)],
    **{f"{pkg}.{f}": [_s("log", *_ARGS)] for pkg in _BEEGO_LOG for f in _BEEGO_LOG_FUNCS},
    "github.com/astaxie/beego/utils.Display": [_s("log", *_ARGS)],
    **{f"github.com/elazarl/goproxy.ProxyCtx.{f}": [_s("log", *_ARGS)] for f in ("Logf", "Warnf")},
}

# Method names that are sinks whatever the receiver's type (medium confidence): database handles kept
# where their type is not visible (returned by a helper, stored in an interface).
METHOD_SINKS: dict[str, list[Sink]] = {
    "Query": [_s("sql", 0, when="str")],
    "QueryRow": [_s("sql", 0, when="str")],
    "Exec": [_s("sql", 0, when="str")],
    "QueryContext": [_s("sql", 1, when="str")],
    "QueryRowContext": [_s("sql", 1, when="str")],
    "ExecContext": [_s("sql", 1, when="str")],
    "Queryx": [_s("sql", 0, when="str")],
    "MustExec": [_s("sql", 0, when="str")],
    "Raw": [_s("sql", 0, when="str")],
}

ASSIGN_SINKS: dict[str, str] = {
    # cmd.Env = append(os.Environ(), "GIT_SSH_COMMAND="+input): the child's environment (LD_PRELOAD, PATH,
    # a tool's *_COMMAND variable) decides what it runs; cmd.Path is the program itself.
    "os/exec.Cmd.Env": "cmd",
    "os/exec.Cmd.Path": "cmd",
}
ATTR_ASSIGN_SINKS: dict[str, str] = {
    # cmd.Env = append(os.Environ(), "GIT_SSH_COMMAND="+input): the child's environment (LD_PRELOAD, PATH,
    # a tool's *_COMMAND variable) decides what it runs; cmd.Path is the program itself.
    "os/exec.Cmd.Env": "cmd",
    "os/exec.Cmd.Path": "cmd",
}

# ---------------------------------------------------------------------------------------------
# Return types, filled arguments and sanitizers
# ---------------------------------------------------------------------------------------------

RETURNS: dict[str, str] = {
    "database/sql.Open": "database/sql.DB",
    "database/sql.OpenDB": "database/sql.DB",
    "database/sql.DB.Begin": "database/sql.Tx",
    "database/sql.DB.BeginTx": "database/sql.Tx",
    "database/sql.DB.Conn": "database/sql.Conn",
    **{f"{t}.Prepare": "database/sql.Stmt" for t in _SQL_TYPES},
    **{f"{t}.PrepareContext": "database/sql.Stmt" for t in _SQL_TYPES},
    **{f"{_SQLX}.{f}": f"{_SQLX}.DB" for f in ("Open", "Connect", "MustConnect", "MustOpen", "NewDb")},
    f"{_SQLX}.DB.Beginx": f"{_SQLX}.Tx",
    f"{_SQLX}.DB.MustBegin": f"{_SQLX}.Tx",
    **{f"{g.rsplit('.', 1)[0]}.Open": g for g in _GORM},
    **{f"{g}.{m}": g for g in _GORM for m in ("Model", "Table", "Debug", "Session", "WithContext", "Begin",
                                               "Limit", "Offset", "Preload", "Unscoped", *_GORM_RAW)},
    "net/http.DefaultClient": "net/http.Client",
    "net/smtp.Dial": "net/smtp.Client",
    "net/smtp.NewClient": "net/smtp.Client",
    "net/smtp.Client.Data": "net/smtp.dataWriter",
    # a digest of the input is fixed-size bytes, whatever the input was (see SANITIZERS)
    **{f"{h}.New": "hash.Hash" for h in ("crypto/sha256", "crypto/sha512", "crypto/sha1", "crypto/md5")},
    "crypto/hmac.New": "hash.Hash",
    # loggers
    "log.Default": "log.Logger",
    "log.New": "log.Logger",
    **{f"{pkg}.V": f"{pkg}.Verbose" for pkg in _KLOG},
    **{f"{_LOGRUS}.{t}{f}": f"{_LOGRUS}.Entry" for t in ("", "Entry.", "Logger.")
       for f in ("WithField", "WithFields", "WithError", "WithContext", "WithTime")},
    f"{_LOGRUS}.New": f"{_LOGRUS}.Logger",
    f"{_LOGRUS}.StandardLogger": f"{_LOGRUS}.Logger",
    **{f"go.uber.org/zap.{f}": "go.uber.org/zap.Logger" for f in ("NewProduction", "NewDevelopment", "NewExample",
                                                                  "New", "L", "Must")},
    **{f"go.uber.org/zap.Logger.{f}": "go.uber.org/zap.Logger" for f in ("With", "Named", "WithOptions")},
    "go.uber.org/zap.Logger.Sugar": "go.uber.org/zap.SugaredLogger",
    "go.uber.org/zap.S": "go.uber.org/zap.SugaredLogger",
    **{f"go.uber.org/zap.SugaredLogger.{f}": "go.uber.org/zap.SugaredLogger" for f in ("With", "Named")},
    "github.com/astaxie/beego/logs.NewLogger": "github.com/astaxie/beego/logs.BeeLogger",
    "github.com/beego/beego/v2/core/logs.NewLogger": "github.com/beego/beego/v2/core/logs.BeeLogger",
    f"{_W}.Header": "net/http.Header",
    f"builtins.{PLAIN_WRITER}": f"{_W}.plain",
    "math/rand.New": "math/rand.Rand",
    **{f"crypto/cipher.{f}": "crypto/cipher.AEAD" for f in ("NewGCM", "NewGCMWithNonceSize", "NewGCMWithTagSize",
                                                             "NewGCMWithRandomNonce")},
    "golang.org/x/crypto/chacha20poly1305.New": "crypto/cipher.AEAD",
    "golang.org/x/crypto/chacha20poly1305.NewX": "crypto/cipher.AEAD",
    **{f"text/template.{f}": "text/template.Template" for f in ("New", "Must", "ParseFiles", "ParseGlob", "ParseFS")},
    **{f"text/template.Template.{f}": "text/template.Template" for f in (
        "New", "Parse", "ParseFiles", "ParseGlob", "ParseFS", "Funcs", "Option", "Lookup", "Delims")},
    "os/exec.Command": "os/exec.Cmd",
    "os/exec.CommandContext": "os/exec.Cmd",
    "golang.org/x/sys/execabs.Command": "os/exec.Cmd",
    "golang.org/x/sys/execabs.CommandContext": "os/exec.Cmd",
}

# json.Unmarshal(data, &v) and friends write the data into v; a framework's Bind(&v) writes the request.
FILL_ARGS: dict[str, tuple[int, ...]] = {
    "encoding/json.Unmarshal": (1,),
    "encoding/xml.Unmarshal": (1,),
    "gopkg.in/yaml.Unmarshal": (1,),
    "fmt.Sscanf": (2, 3, 4, 5, 6),
    "fmt.Sscan": (1, 2, 3, 4, 5),
    "fmt.Scan": (0, 1, 2, 3, 4, 5),
    "fmt.Scanln": (0, 1, 2, 3, 4, 5),
    "fmt.Scanf": (1, 2, 3, 4, 5, 6),
    "fmt.Fprintf": (0,),
    "fmt.Fprint": (0,),
    "fmt.Fprintln": (0,),
    "io.ReadFull": (1,),
    "io.Copy": (0,),
    ".Decode": (0,),
    ".Read": (0,),
    **{f".{m}": (0,) for m in REQUEST_TYPES[_GIN] if m.startswith(("Bind", "ShouldBind"))},
    f"{_ECHO}.Bind": (0,),
    **{f"{c}.{m}": (0,) for c in _BEEGO_CONTROLLERS for m in ("ParseForm", "BindJSON", "BindForm", "BindXML",
                                                             "BindYAML", "Bind")},
    **{f"{i}.Bind": (0,) for i in _BEEGO_IN},
    **{f"{_FIBER}.{m}": (0,) for m in ("BodyParser", "QueryParser", "ParamsParser", "ReqHeaderParser")},
}

ALL_KINDS = frozenset(TAINT_RULES)

WEAK_RANDOM_KIND = "weakrand"
WEAK_RANDOM_SOURCE = "weak-random"
WEAK_RANDOM_FUNCS = frozenset({"Int", "Intn", "Int31", "Int31n", "Int63", "Int63n", "Uint32", "Uint64", "Float32",
                               "Float64", "Perm", "Read", "IntN", "Int32", "Int32N", "Int64", "Int64N", "N", "UintN",
                               "Uint64N", "Uint32N", "ExpFloat64", "NormFloat64", "Shuffle",
                               # a generator made by math/rand (rand.New(rand.NewSource(seed))) is itself
                               # predictable: whatever reads from it (io.ReadFull(r, buf)) is
                               "New", "NewSource"})
WEAK_RANDOM_MODULES = ("math/rand", "math/rand.Rand")

_URL_ENCODED = frozenset({"xss", "path", "cmd", "log", "redirect", "ssrf"})
SANITIZERS: dict[str, frozenset[str]] = {
    # Numbers and booleans cannot carry an injection.
    **{n: ALL_KINDS for n in (
        "strconv.Atoi", "strconv.ParseInt", "strconv.ParseUint", "strconv.ParseFloat", "strconv.ParseBool",
        "strconv.Itoa", "strconv.FormatInt", "strconv.FormatUint", "strconv.FormatFloat", "strconv.FormatBool",
        "github.com/google/uuid.Parse", "github.com/google/uuid.MustParse", "builtins.len",
        "golang.org/x/crypto/bcrypt.GenerateFromPassword", "golang.org/x/crypto/bcrypt.CompareHashAndPassword",
        "crypto/sha256.Sum256", "crypto/sha512.Sum512", "encoding/hex.EncodeToString",
        *(f"builtins.{t}" for t in NUMERIC_TYPES), f"builtins.{FMT_NUMBER}", "builtins.bool",
    )},
    "hash.Hash.Sum": ALL_KINDS,
    "html.EscapeString": frozenset({"xss", "log"}),
    f"builtins.{NO_TAGS}": frozenset({"xss"}),  # strings.ReplaceAll(x, "<", "&lt;")
    f"builtins.{NO_LINES}": frozenset({"log"}),  # strings.ReplaceAll(x, "\n", ""): no forged log line
    "html/template.HTMLEscapeString": frozenset({"xss", "log"}),
    "html/template.JSEscapeString": frozenset({"xss"}),
    "html/template.HTMLEscaper": frozenset({"xss"}),
    "text/template.HTMLEscapeString": frozenset({"xss", "log"}),
    "net/url.QueryEscape": _URL_ENCODED,
    "net/url.PathEscape": _URL_ENCODED,
    "path/filepath.Base": frozenset({"path"}),
    "path.Base": frozenset({"path"}),
    "strconv.Quote": frozenset({"log"}),
    f"builtins.{FMT_QUOTE}": frozenset({"log"}),  # %q escapes line breaks
    "github.com/microcosm-cc/bluemonday.Policy.Sanitize": frozenset({"xss"}),
    # json.Marshal escapes <, > and & (as \u003c...) unless told otherwise, and quotes strings.
    "encoding/json.Marshal": frozenset({"xss", "log"}),
    "github.com/lib/pq.QuoteIdentifier": frozenset({"sql"}),
    "github.com/lib/pq.QuoteLiteral": frozenset({"sql"}),
}

DECODERS = frozenset({"net/url.QueryUnescape", "net/url.PathUnescape", "html.UnescapeString"})

# The output of a process is not the data it was given (a command built from input is reported as such).
UNTAINTING_METHODS = frozenset({"Error", "Len", "Err", "StdoutPipe", "StderrPipe", "Output", "CombinedOutput"})

MUTATING_METHODS = frozenset({"WriteString", "WriteByte", "WriteRune", "Write", "Set", "Add", "Grow"})

NAMED_SANITIZERS: dict[str, frozenset[str]] = {
    "escapehtml": frozenset({"xss"}),
    "htmlescape": frozenset({"xss"}),
    "sanitizehtml": frozenset({"xss"}),
    "escapesql": frozenset({"sql"}),
    "quoteidentifier": frozenset({"sql"}),
    "escapeshell": frozenset({"cmd"}),
    "safejoin": frozenset({"path"}),
    "securejoin": frozenset({"path"}),
    "sanitizepath": frozenset({"path"}),
    "sanitizefilename": frozenset({"path", "cmd"}),
}

# url.Parse(x) remembers x, so that a check of the parsed URL's Host is a check of x.
URL_PARSERS = ("net/url.Parse", "net/url.ParseRequestURI")

# Function literals passed to methods of values of unknown type (routers, middleware chains) run there.
RUN_CALLBACKS_OF_UNKNOWN_METHODS = True
