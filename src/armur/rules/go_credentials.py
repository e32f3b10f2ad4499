"""Credentials and keys written into Go source and handed to the library that uses them.

go.hardcoded-credentials judges most literals by their name and by how random they look. A literal in
the place a library documents for its password, signing key or token needs no such guess:
`token.SignedString([]byte("secret"))`, `sessions.NewCookieStore([]byte("key"))`,
`smtp.PlainAuth("", "bot", "hunter2", host)` and `sql.Open("mysql", "app:hunter2@tcp(db)/shop")`
hard-code a credential whatever it looks like. The tables below are those places; go_structural's
checker resolves the argument (a literal, `[]byte("...")`, or a name bound once in the file to one) and
reports it where it is written.

Import paths are normalised (major-version suffix dropped), as `armur.lang.go.imports_of` gives them.
"""

from __future__ import annotations

import re

# Roles: what the literal is. "dsn" is a connection string whose password part is the credential.
PASSWORD, KEY, TOKEN, DSN = "password", "key", "token", "dsn"

# (import path, function) -> ((argument index, role), ...); an index given as "N+" means argument N and
# every later one (variadic key pairs).
CALLS: dict[tuple[str, str], tuple[tuple[int | str, str], ...]] = {
    # signing, session and CSRF keys
    ("crypto/hmac", "New"): ((1, KEY),),
    ("github.com/gorilla/sessions", "NewCookieStore"): (("0+", KEY),),
    ("github.com/gorilla/sessions", "NewFilesystemStore"): (("1+", KEY),),
    ("github.com/gorilla/securecookie", "New"): ((0, KEY), (1, KEY)),
    ("github.com/gorilla/csrf", "Protect"): ((0, KEY),),
    ("github.com/gin-contrib/sessions/cookie", "NewStore"): (("0+", KEY),),
    ("github.com/gin-contrib/sessions/memstore", "NewStore"): (("0+", KEY),),
    ("github.com/gin-contrib/sessions/redis", "NewStore"): ((3, PASSWORD), ("4+", KEY)),
    ("github.com/labstack/echo/middleware", "JWT"): ((0, KEY),),
    ("github.com/labstack/echo-jwt", "JWT"): ((0, KEY),),
    # passwords of protocols and services
    ("net/smtp", "PlainAuth"): ((2, PASSWORD),),
    ("net/smtp", "CRAMMD5Auth"): ((1, PASSWORD),),
    ("golang.org/x/crypto/ssh", "Password"): ((0, PASSWORD),),
    ("gopkg.in/gomail", "NewDialer"): ((3, PASSWORD),), ("gopkg.in/gomail", "NewPlainDialer"): ((3, PASSWORD),),
    ("github.com/go-mail/mail", "NewDialer"): ((3, PASSWORD),),
    ("github.com/aws/aws-sdk-go/aws/credentials", "NewStaticCredentials"): ((1, KEY), (2, TOKEN)),
    ("github.com/aws/aws-sdk-go-v2/credentials", "NewStaticCredentialsProvider"): ((1, KEY), (2, TOKEN)),
    ("github.com/minio/minio-go/pkg/credentials", "NewStaticV4"): ((1, KEY),),
    ("github.com/minio/minio-go/pkg/credentials", "NewStaticV2"): ((1, KEY),),
    ("github.com/sashabaranov/go-openai", "NewClient"): ((0, KEY),),
    ("github.com/openai/openai-go/option", "WithAPIKey"): ((0, KEY),),
    ("github.com/anthropics/anthropic-sdk-go/option", "WithAPIKey"): ((0, KEY),),
    ("google.golang.org/api/option", "WithAPIKey"): ((0, KEY),),
    ("github.com/slack-go/slack", "New"): ((0, TOKEN),),
    ("github.com/go-telegram-bot-api/telegram-bot-api", "NewBotAPI"): ((0, TOKEN),),
    ("github.com/sendgrid/sendgrid-go", "NewSendClient"): ((0, KEY),),
    ("github.com/stripe/stripe-go/client", "New"): ((0, KEY),),
    # connection strings
    ("database/sql", "Open"): ((1, DSN),),
    ("github.com/jmoiron/sqlx", "Open"): ((1, DSN),), ("github.com/jmoiron/sqlx", "Connect"): ((1, DSN),),
    ("github.com/jmoiron/sqlx", "MustOpen"): ((1, DSN),), ("github.com/jmoiron/sqlx", "MustConnect"): ((1, DSN),),
    ("gorm.io/driver/mysql", "Open"): ((0, DSN),), ("gorm.io/driver/postgres", "Open"): ((0, DSN),),
    ("gorm.io/driver/sqlserver", "Open"): ((0, DSN),),
    ("github.com/jackc/pgx", "Connect"): ((1, DSN),), ("github.com/jackc/pgx", "ParseConfig"): ((0, DSN),),
    ("github.com/jackc/pgx/pgxpool", "New"): ((1, DSN),), ("github.com/jackc/pgx/pgxpool", "Connect"): ((1, DSN),),
    ("github.com/jackc/pgx/pgxpool", "ParseConfig"): ((0, DSN),),
    ("github.com/redis/go-redis", "ParseURL"): ((0, DSN),), ("github.com/go-redis/redis", "ParseURL"): ((0, DSN),),
    ("xorm.io/xorm", "NewEngine"): ((1, DSN),), ("github.com/go-xorm/xorm", "NewEngine"): ((1, DSN),),
    ("github.com/beego/beego/client/orm", "RegisterDataBase"): ((2, DSN),),
    ("github.com/astaxie/beego/orm", "RegisterDataBase"): ((2, DSN),),
}

# Methods, named without their receiver's type: method -> (an import the file must have, by prefix;
# the arguments). `token.SignedString(key)` is a JWT signing key when the file uses a JWT package.
METHODS: dict[str, tuple[tuple[str, ...], tuple[tuple[int | str, str], ...]]] = {
    "SignedString": (("github.com/golang-jwt/jwt", "github.com/dgrijalva/jwt-go", "github.com/form3tech-oss/jwt-go"),
                     ((0, KEY),)),
    "SetBasicAuth": (("net/http",), ((1, PASSWORD),)),
    "Bind": (("github.com/go-ldap/ldap", "gopkg.in/ldap"), ((1, PASSWORD),)),
    "WithAuthToken": (("github.com/google/go-github",), ((0, TOKEN),)),
    "ApplyURI": (("go.mongodb.org/mongo-driver",), ((0, DSN),)),
}

# JWT packages whose Parse / ParseWithClaims take a key function: the key it returns is the secret.
JWT_PARSERS: dict[str, frozenset[str]] = {
    p: frozenset({"Parse", "ParseWithClaims"})
    for p in ("github.com/golang-jwt/jwt", "github.com/dgrijalva/jwt-go", "github.com/form3tech-oss/jwt-go")}

# (import path, type) -> {field: role} for configuration structs.
_REDIS = {"Password": PASSWORD}
FIELDS: dict[tuple[str, str], dict[str, str]] = {
    ("github.com/go-sql-driver/mysql", "Config"): {"Passwd": PASSWORD},
    ("golang.org/x/oauth2", "Config"): {"ClientSecret": KEY},
    ("golang.org/x/oauth2/clientcredentials", "Config"): {"ClientSecret": KEY},
    ("go.mongodb.org/mongo-driver/mongo/options", "Credential"): {"Password": PASSWORD},
    ("github.com/labstack/echo/middleware", "JWTConfig"): {"SigningKey": KEY},
    ("github.com/labstack/echo-jwt", "Config"): {"SigningKey": KEY},
    ("github.com/appleboy/gin-jwt", "GinJWTMiddleware"): {"Key": KEY},
    ("github.com/gofiber/jwt", "Config"): {"SigningKey": KEY},
    ("github.com/gofiber/jwt", "SigningKey"): {"Key": KEY},
    ("github.com/gofiber/contrib/jwt", "Config"): {"SigningKey": KEY},
    ("github.com/gofiber/contrib/jwt", "SigningKey"): {"Key": KEY},
    ("github.com/gofiber/fiber/middleware/basicauth", "Config"): {"Users": "users"},
    ("github.com/twilio/twilio-go", "ClientParams"): {"Password": PASSWORD},
    **{(p, t): _REDIS for p in ("github.com/redis/go-redis", "github.com/go-redis/redis")
       for t in ("Options", "ClusterOptions", "UniversalOptions", "FailoverOptions", "RingOptions")},
}

# The password inside a connection string: URL userinfo (scheme://user:pw@host), go-sql-driver's
# user:pw@tcp(host)/db, and key=value forms (password=pw, Password=pw;).
_DSN_PASSWORDS = (
    re.compile(r"^[a-z][a-z0-9+.\-]*://[^/:@\s]*:([^@/\s]+)@", re.IGNORECASE),
    re.compile(r"^[^/:@\s()]+:([^@\s]+)@(?:tcp|udp|unix|/|\()"),
    re.compile(r"(?:^|[\s;])(?:password|pwd)\s*=\s*'?([^\s;']+)", re.IGNORECASE),
)


def dsn_password(value: str) -> str | None:
    """The password written in a connection string, if any."""
    for rx in _DSN_PASSWORDS:
        m = rx.search(value)
        if m:
            return m.group(1)
    return None


def positions(spec: int | str, count: int) -> range:
    """The argument indexes an entry names among `count` arguments."""
    if isinstance(spec, str):
        return range(int(spec.rstrip("+")), count)
    return range(spec, spec + 1) if spec < count else range(0)
