"""Interprocedural taint analysis over the IR, by abstract interpretation.

Every function of a module is analysed as an entry point ("root"); request handlers get their
parameters and request objects marked as sources. Calls to functions of the scanned project are
followed (context-sensitively, memoised on the abstract arguments, depth-bounded, recursion
solved by iterating to a fixpoint); calls into libraries use the rule data of
armur.rules.python_taint (sources, sinks, sanitisers, return types) and otherwise pass taint
from arguments and receiver to the result. Constant folding prunes branches that cannot run.
"""

from __future__ import annotations

import functools

import itertools
import operator
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from armur.analysis.values import EMPTY, NC, UNKNOWN, Flow, V, add_step, join, join_maps, sanitise
from armur.core.findings import Confidence, Finding, Location, TraceStep
from armur.ir import nodes as ir
from armur.ir import walk as ir_walk
from armur.rules import python_taint as spec
from armur.rules.python_structural_rules import WEAK_RANDOM as WEAK_RANDOM_RULE

MAX_CALL_DEPTH = 5
MAX_CALLS_PER_ROOT = 150
MAX_FIXPOINT = 3
LOOP_PASSES = 2

_ROUTE_DECORATORS = frozenset({"route", "get", "post", "put", "delete", "patch", "head", "options", "api_route",
                               "websocket", "view", "endpoint"})
_TERMINATING_CALLS = frozenset({"flask.abort", "werkzeug.exceptions.abort", "sys.exit", "os._exit", "builtins.exit",
                                "fastapi.HTTPException", "django.http.Http404", "builtins.quit"})
# Last name parts of _TERMINATING_CALLS: only such calls need their callee resolved a second time.
_TERMINATING_NAMES = frozenset(q.rsplit(".", 1)[-1] for q in _TERMINATING_CALLS)
_NON_HTML_RESPONSES = frozenset({
    "flask.jsonify", "flask.redirect", "werkzeug.utils.redirect", "flask.send_file", "flask.send_from_directory",
    "flask.abort", "django.http.JsonResponse", "django.shortcuts.redirect", "django.http.HttpResponseRedirect",
    "starlette.responses.JSONResponse", "fastapi.responses.JSONResponse", "starlette.responses.RedirectResponse",
    "fastapi.responses.RedirectResponse", "flask.url_for", "json.dumps"})
_HOST_KINDS = frozenset({"redirect", "ssrf"})
_ROUTE_CONVERTER = re.compile(r"<(\w+):(\w+)>")
# Sources an operator controls (environment, command line, stdin) are reported only for sinks where
# even an operator-supplied value is rarely intended to reach: code, commands, queries, object loading.
_LOW_CONFIDENCE_KINDS = frozenset({"code", "cmd", "sql", "deser", "ssti"})
_NOT_WEAKRAND = spec.ALL_KINDS  # weak-random flows are "safe" for every injection kind
# Path facts a guard can establish about a lexically normalised path (see TaintEngine._path_fact): pseudo
# kinds in a guard's result, and the value attributes that record them.
_RELATIVE, _NO_DOTDOT = "@relative", "@no-dotdot"
_PATH_FACTS = frozenset({_RELATIVE, _NO_DOTDOT})
# Calls that normalise a path by its text alone ('a/./b/../c' -> 'a/c'), without making it absolute: a
# relative argument gives a relative result, and only a leading run of '..' segments can remain.
_LEXICAL_PATH_CALLS = frozenset({
    "path.normalize", "path.posix.normalize", "path.win32.normalize", "path.join", "path.posix.join",
    "path.win32.join", "os.path.normpath", "posixpath.normpath", "ntpath.normpath", "path/filepath.Clean",
    "path/filepath.Join", "path.Clean", "path.Join"})
# Of those, the joins that keep every argument under the first (Node's path.join, Go's filepath.Join:
# join('/srv', '/etc/passwd') is '/srv/etc/passwd'; Python's os.path.join would return the second).
_CONCATENATING_JOINS = frozenset({"path.join", "path.posix.join", "path.win32.join", "path/filepath.Join",
                                  "path.Join"})
# Tests of whether a path is absolute.
_IS_ABSOLUTE_CALLS = frozenset({"path.isAbsolute", "path.posix.isAbsolute", "path.win32.isAbsolute", "os.path.isabs",
                                "posixpath.isabs", "ntpath.isabs", "path/filepath.IsAbs", "path.IsAbs"})
_QUERY_KINDS = frozenset({"sql", "xpath", "ldap", "nosql", "cmd", "code", "log", "trust", "header"})
_SAFE_YAML_LOADERS = ("SafeLoader", "CSafeLoader", "BaseLoader", "CBaseLoader")
_SHELLS = frozenset({"sh", "bash", "/bin/sh", "/bin/bash", "zsh", "cmd", "cmd.exe", "powershell", "pwsh", "dash",
                     "/usr/bin/bash", "/usr/bin/sh", "ksh"})
_BUILTINS = frozenset(dir(__builtins__) if not isinstance(__builtins__, dict) else __builtins__.keys())
_PRIMITIVE_ANNOTATIONS = frozenset({"int", "float", "bool", "uuid.UUID", "UUID", "datetime", "date", "Decimal"})
_BINOPS: dict[str, Callable[[Any, Any], Any]] = {
    "+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv, "//": operator.floordiv,
    "%": operator.mod, "&": operator.and_, "|": operator.or_, "^": operator.xor, "<<": operator.lshift,
    ">>": operator.rshift, "**": operator.pow,
}
_CMPOPS: dict[str, Callable[[Any, Any], Any]] = {
    "==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt,
    ">=": operator.ge, "in": lambda a, b: a in b, "not-in": lambda a, b: a not in b,
    "is": operator.is_, "is-not": operator.is_not,
}
_CONST_STR_METHODS = frozenset({"upper", "lower", "strip", "lstrip", "rstrip", "replace", "startswith", "endswith",
                                "split", "rsplit", "encode", "decode", "capitalize", "title", "zfill", "casefold",
                                "removeprefix", "removesuffix", "isdigit", "isalpha", "isalnum"})


# ---------------------------------------------------------------------------------------------
# Callable and module values
# ---------------------------------------------------------------------------------------------

@dataclass(eq=False)
class ModuleCtx:
    """A module being analysed: its IR, globals and where it lives."""

    display: str
    module: ir.Module
    name: str
    globals: dict[str, V] = field(default_factory=dict)
    executed: bool = False
    frameworks: set[str] = field(default_factory=set)
    depth: int = 0  # 0 for the analysed module, n for a module reached through n imports
    done: set[int] = field(default_factory=set)  # indexes of top-level statements already run
    bind_index: dict[str, list[int]] | None = None  # name -> top-level statements that bind it
    ensured: set[str] = field(default_factory=set)  # names whose binding statements have all run

    def __repr__(self) -> str:
        return f"<module {self.name}>"


@dataclass(eq=False)
class FuncVal:
    """A user-defined function together with the environment it closes over."""

    func: ir.Func
    ctx: ModuleCtx
    closure: list[dict[str, V]]
    cls: ClassVal | None = None
    # Types of the parameters when the function is registered as a request handler callback
    # (Express-style `app.get(path, (req, res) => ...)`), from the language's CALLBACK_ROUTES.
    callback: tuple[str, ...] | None = None

    def __repr__(self) -> str:
        return f"<func {self.func.qualname or self.func.name}>"


@dataclass(eq=False)
class ClassVal:
    """A user-defined class: its methods and class attributes."""

    cls: ir.Class
    ctx: ModuleCtx
    members: dict[str, V] = field(default_factory=dict)
    bases: list[V] = field(default_factory=list)

    def lookup(self, name: str, seen: set[int] | None = None) -> V | None:
        """Member by name, searching project base classes."""
        if name in self.members:
            return self.members[name]
        seen = seen or set()
        seen.add(id(self))
        for b in self.bases:
            if isinstance(b.fn, ClassVal) and id(b.fn) not in seen:
                found = b.fn.lookup(name, seen)
                if found is not None:
                    return found
        return None

    def __repr__(self) -> str:
        return f"<class {self.cls.qualname}>"


@dataclass(eq=False)
class BoundVal:
    """A method bound to a receiver value."""

    fn: FuncVal
    self_v: V


@dataclass(eq=False)
class ModuleVal:
    """A module of the scanned project (ctx set) or a package path without a file."""

    name: str
    ctx: ModuleCtx | None


class Project:
    """Access to the other modules of the scanned project, loaded on demand."""

    def module(self, importer: ModuleCtx, name: str, level: int) -> ModuleCtx | None:
        """The module `name` (relative to `importer` when level > 0), or None when not in the project."""
        return None

    def is_package(self, importer: ModuleCtx, name: str, level: int) -> bool:
        """Whether `name` is a package directory of the project."""
        return False


def _library_base(cls: ClassVal, seen: set[int] | None = None) -> str | None:
    """The library type a class (or a project base of it) has as a base, if any."""
    seen = seen if seen is not None else set()
    seen.add(id(cls))
    for b in cls.bases:
        if isinstance(b.fn, ClassVal):
            if id(b.fn) not in seen:
                found = _library_base(b.fn, seen)
                if found is not None:
                    return found
        elif b.ref and b.inst is None:
            return b.ref
    return None


# ---------------------------------------------------------------------------------------------
# Frames
# ---------------------------------------------------------------------------------------------

@dataclass(eq=False)
class Frame:
    """Execution state of one function body (or module body)."""

    ctx: ModuleCtx
    env: dict[str, V]
    closure: list[dict[str, V]]
    func: FuncVal | None
    is_root: bool
    handler: bool = False
    returns: list[V] = field(default_factory=list)
    globals_declared: set[str] = field(default_factory=set)
    # Exception flows (specs with EXCEPTION_FLOWS): what the try blocks being run have caught so far,
    # innermost last, and what is thrown out of the function.
    raised: list[list[V]] = field(default_factory=list)
    throws: list[V] = field(default_factory=list)


class Dead(Exception):
    """Internal: raised nowhere; unreachable code is modelled by env None."""


# ---------------------------------------------------------------------------------------------
# The engine
# ---------------------------------------------------------------------------------------------

# The default threat model (TaintEngine's `threats`; the names are armur.core.config.THREAT_MODELS).
REMOTE: frozenset[str] = frozenset({"remote"})


def _rated(sources: dict[str, str], local: bool) -> dict[str, str]:
    """Source confidences under a threat model: with "local", operator input ("low") is as
    untrusted as request data whose shape is not known ("medium")."""
    return {k: ("medium" if local and c == "low" else c) for k, c in sources.items()}


class TaintEngine:
    """Runs the analysis for one module (and the project modules it reaches)."""

    def __init__(self, project: Project, rule_spec: Any = None, threats: frozenset[str] = REMOTE) -> None:
        """`rule_spec` is the language's rule data module (sources, sinks, sanitisers...), by default
        armur.rules.python_taint; every language's spec module has the same names.

        `threats` is the threat model: "remote" (the default) takes data from network requests as
        untrusted. Operator input (command line, environment, standard input, what the program
        downloads itself; the sources the rule data rates "low") then reaches only command, SQL,
        code, deserialisation and template sinks, at low confidence. With "local" as well, operator
        input is untrusted like request data, for programs run on behalf of someone else (setuid
        tools, CI steps reading untrusted variables)."""
        self.project = project
        self.spec: Any = rule_spec if rule_spec is not None else spec
        local = "local" in threats
        self.source_calls: dict[str, str] = _rated(self.spec.SOURCE_CALLS, local)
        self.source_attrs: dict[str, str] = _rated(self.spec.SOURCE_ATTRS, local)
        # Overloaded getter/setters (jQuery's .val() / .attr(name)): a SOURCE_CALLS call is a source only
        # with this many arguments, none of them an object (with more it sets the value and returns the
        # receiver).
        self.source_arity: dict[str, int] = dict(getattr(self.spec, "SOURCE_CALL_ARITY", {}))
        # Values thrown reach the catch clause around them (`throw new Error('bad ' + x)`, a called
        # function that throws, a library call that puts its argument in its error: THROWS_ARGS).
        self.exception_flows: bool = bool(getattr(self.spec, "EXCEPTION_FLOWS", False))
        self.throws_args: dict[str, tuple[int, ...]] = dict(getattr(self.spec, "THROWS_ARGS", {}))
        self._thrown: dict[object, V] = {}  # invoke() memo key -> what the call throws
        self._carried: dict[int, V] = {}  # id of a p.then(f) call -> the rejection its result passes on
        self.not_weakrand: frozenset[str] = frozenset(self.spec.TAINT_RULES)
        # Names that resolve to the language's built-ins (`builtins.<name>`) when nothing binds them.
        self.builtins: frozenset[str] = frozenset(getattr(self.spec, "BUILTINS", _BUILTINS))
        # Calls that load a module by name (`require("child_process")`): their result is that module.
        self.module_loaders: frozenset[str] = frozenset(getattr(self.spec, "MODULE_LOADERS", ()))
        # Calls that make a path absolute and canonical, and the string methods that then check a prefix:
        # together they are a containment check (`realpath(p).startswith(base)`).
        self.resolved_path_calls: frozenset[str] = frozenset(getattr(self.spec, "RESOLVED_PATH_CALLS", (
            "os.path.realpath", "os.path.abspath", "os.path.normpath", "pathlib.Path.resolve",
            "pathlib.Path.absolute")))
        self.prefix_methods: frozenset[str] = frozenset(getattr(self.spec, "PREFIX_METHODS", (
            "startswith", "is_relative_to")))
        # Kinds a constant prefix fixing the destination host makes safe: redirects and SSRF, and any the
        # language adds (JavaScript: a `javascript:` URL in a link or frame needs the scheme chosen).
        self.host_kinds: frozenset[str] = _HOST_KINDS | frozenset(getattr(self.spec, "HOST_PINNED_KINDS", ()))
        # Where a key of an index assignment is itself a sink (JavaScript: obj[userKey] = v).
        self.index_key_sink: str | None = getattr(self.spec, "INDEX_KEY_SINK", None)
        # Objects whose keys are plain data (no prototype to reach through a key): not that sink.
        self.keyed_containers: frozenset[str] = frozenset(getattr(self.spec, "KEYED_CONTAINERS", ()))
        # Parameter names that say what a parameter is, for languages without decorators.
        self.param_types: dict[str, str] = dict(getattr(self.spec, "PARAM_TYPES_BY_NAME", {}))
        # Route tables per receiver type, and callback parameters whose conventional name decides
        # their type whatever registered the callback (Fastify's `reply`).
        self.receiver_routes: dict[str, dict[str, tuple[str, ...]]] = getattr(self.spec, "RECEIVER_ROUTES", {})
        self.callback_param_types: dict[str, str] = getattr(self.spec, "CALLBACK_PARAM_TYPES", {})
        # Request attributes that hold a whole parsed object (query, body): sent as a response body
        # they are serialised as JSON, not spliced into HTML.
        self.object_sources: frozenset[str] = frozenset(getattr(self.spec, "OBJECT_SOURCES", ()))
        # Parameter decorators that make a parameter request data (decorator -> source name) or a
        # framework object ('type:<qualified type>'), and pipes that convert such a value first.
        self.param_decorators: dict[str, str] = dict(getattr(self.spec, "PARAM_DECORATORS", {}))
        # Request attributes that cannot carry a given kind of attack (a victim's browser chooses its
        # own request headers, so they do not make reflected XSS): attribute -> kinds. A qualified name
        # of a SOURCE_ATTRS / SOURCE_CALLS source gives the kinds that source does not feed.
        self.source_safe: dict[str, frozenset[str]] = dict(getattr(self.spec, "SOURCE_SAFE_KINDS", {}))
        # Request attributes holding the request's path, which always starts with '/'.
        self.path_attrs: frozenset[str] = frozenset(getattr(self.spec, "PATH_ATTRS", ()))
        # Attributes that give an object of a known type whatever the object read from is untyped
        # (Angular's `this.route.snapshot`, a component's injected ActivatedRoute).
        self.attr_types: dict[str, str] = dict(getattr(self.spec, "ATTR_TYPES", {}))
        # Languages whose classes can embed a library type (Go struct embedding): a member a class does not
        # declare is the member of the library type among its bases (`c.Ctx` of a beego controller).
        self.library_bases: bool = bool(getattr(self.spec, "LIBRARY_BASES", False))
        # Calls that return a function behaving like their argument (util.promisify): argument index.
        self.function_wrappers: dict[str, int] = dict(getattr(self.spec, "FUNCTION_WRAPPERS", {}))
        self.converting_pipes: frozenset[str] = frozenset(getattr(self.spec, "CONVERTING_PIPES", ()))
        # Languages with typed parameters (Rust): declared types that make a parameter request data
        # (type -> confidence), or a library object (type -> qualified type); see _typed_param.
        self.param_source_types: dict[str, str] = dict(getattr(self.spec, "PARAM_SOURCE_TYPES", {}))
        self.param_ref_types: dict[str, str] = dict(getattr(self.spec, "PARAM_REF_TYPES", {}))
        # Methods whose result is their receiver, unchanged (Rust: unwrap, clone, as_str...).
        self.passthrough_methods: frozenset[str] = frozenset(getattr(self.spec, "PASSTHROUGH_METHODS", ()))
        # Sanitisers and path-resolving calls named by method, whatever the receiver's type.
        self.method_sanitizers: dict[str, frozenset[str]] = dict(getattr(self.spec, "METHOD_SANITIZERS", {}))
        self.resolved_path_methods: frozenset[str] = frozenset(getattr(self.spec, "RESOLVED_PATH_METHODS", ()))
        # Reading `obj[key]` with a key from the input is a sink of this kind (Rust: a panic).
        self.index_read_sink: str | None = getattr(self.spec, "INDEX_READ_SINK", None)
        # Calls whose first argument is remembered on the object they return, under the given name,
        # for sink conditions (the program of a command builder, the content type of a response).
        self.record_args: dict[str, str] = dict(getattr(self.spec, "RECORD_ARGS", {}))
        self.callbacks_from_receiver: bool = bool(getattr(self.spec, "CALLBACK_ARGS_FROM_RECEIVER", False))
        # Types of library objects (what RETURNS and PARAM_REF_TYPES produce), as opposed to module paths.
        self.object_types: frozenset[str] = frozenset(self.spec.RETURNS.values()) | frozenset(
            getattr(self.spec, "PARAM_REF_TYPES", {}).values())
        # Languages with declared parameter types (Go): a parameter's annotation names its type. Listed
        # annotations map to a library type; with ANNOTATED_REFS every qualified annotation is the type.
        self.annotation_types: dict[str, str] | None = getattr(self.spec, "PARAM_TYPES_BY_ANNOTATION", None)
        self.annotated_refs: bool = bool(getattr(self.spec, "ANNOTATED_REFS", False))
        # Functions whose name makes them request handlers (Next.js `export async function GET(request)`):
        # name -> type of the first parameter.
        self.handler_functions: dict[str, str] = dict(getattr(self.spec, "HANDLER_FUNCTIONS", {}))
        # Object keys whose value holds request handlers taking the given parameter types (GraphQL
        # resolver maps: Query / Mutation / Subscription).
        self.resolver_roots: dict[str, tuple[str, ...]] = dict(getattr(self.spec, "RESOLVER_ROOTS", {}))
        # Languages with declared parameter types (Go): a parameter of a project type is an object of it.
        self.instance_params: bool = bool(getattr(self.spec, "INSTANCE_PARAMS", False))
        # Calls that write into arguments they are given (json.Unmarshal(data, &v), dec.Decode(&v)):
        # qualified name or ".method" -> indexes of the filled arguments.
        self.fill_args: dict[str, tuple[int, ...]] = dict(getattr(self.spec, "FILL_ARGS", {}))
        self.findings: dict[tuple[str, str, int, int], Finding] = {}
        self.memo: dict[tuple[Any, ...], tuple[V, V | None]] = {}
        # Calls whose arguments carry no taint: their results (and traces) do not depend on the caller,
        # so they are kept across entry points.
        self.stable_memo: dict[tuple[Any, ...], tuple[V, V | None]] = {}
        # Fields of each class as its methods leave them (joined over every method analysed as an entry
        # point, flow-insensitively), and a version per class that grows when they change: a method
        # analysed as an entry point starts with them, since the object was built and used elsewhere.
        self.class_fields: dict[int, dict[str, V]] = {}
        # Whether `o.name` reads the entry "name" of an object literal (JavaScript), not an attribute of a dict.
        self.properties_are_keys: bool = getattr(self.spec, "PROPERTIES_ARE_KEYS", False)
        # Methods of `this` that merge an object into this.state (React's setState).
        self.state_setters: frozenset[str] = frozenset(getattr(self.spec, "STATE_SETTERS", ()))
        # The call a JSX element of a user component is lowered to (`<Comp a={x}/>`), if the language has one.
        self.component_render: str | None = getattr(self.spec, "COMPONENT_RENDER", None)
        # Calls (synthetic, from the front-end) that remove '..' from a path: name -> "all" | "leading".
        self.path_fact_calls: dict[str, str] = getattr(self.spec, "PATH_FACT_CALLS", {})
        # Library input (all optional): LIBRARY_PARAM_SOURCE names the source given to the parameters of
        # the functions a module exports, when the project says the module is a library's
        # (`project.library_module(display)`); KIND_SOURCES limits a sink kind to flows from the given
        # sources; PLACED_KINDS makes a flow reach a kind only once it is placed in a string after
        # constant text matching the pattern (`"rm -rf " + x`, not `x + " -v"`); SAFE_AS makes a kind
        # safe wherever another one is (sanitised for "cmd", safe for "libcmd").
        self.library_source: str | None = getattr(self.spec, "LIBRARY_PARAM_SOURCE", None)
        self.library_skip_params: Any = getattr(self.spec, "LIBRARY_PARAM_SKIP", None)
        self.kind_sources: dict[str, frozenset[str]] = dict(getattr(self.spec, "KIND_SOURCES", {}))
        self.placed_kinds: dict[str, re.Pattern[str]] = {
            k: re.compile(r) for k, r in getattr(self.spec, "PLACED_KINDS", {}).items()}
        self.safe_as: dict[str, str] = dict(getattr(self.spec, "SAFE_AS", {}))
        # ... and the sources so named reach no other kind.
        self.source_kinds: dict[str, set[str]] = {}
        for k, srcs in self.kind_sources.items():
            for src in srcs:
                self.source_kinds.setdefault(src, set()).add(k)
        self.format_calls: frozenset[str] = frozenset(getattr(self.spec, "FORMAT_CALLS", ()))
        # Types whose every field but their API's is input: type -> (confidence, API names).
        self.any_attr_sources: dict[str, tuple[str, frozenset[str]]] = {
            k: (_rated({k: c}, local)[k], frozenset(api))
            for k, (c, api) in getattr(self.spec, "ANY_ATTR_SOURCES", {}).items()}
        self.exported_funcs: dict[int, str] = {}  # id of an exported ir.Func -> the name it is exported as
        self.export_values: list[tuple[str, V]] = []
        # prototype method -> (its exported constructor function, the prototype object)
        self.proto_owner: dict[int, tuple[FuncVal, V]] = {}
        # Callee names that check their first argument against an allow-list (`isSafeName(x)`,
        # `isValidPath(x)`): data is safe for the given kinds where such a call was true.
        named_guards = getattr(self.spec, "NAMED_GUARDS", None)  # (pattern, kinds)
        self.named_guards: re.Pattern[str] | None = re.compile(named_guards[0]) if named_guards else None
        self.named_guard_kinds: frozenset[str] = frozenset(named_guards[1]) if named_guards else frozenset()
        # Calls true only when a file of the given path exists (qualified name -> kinds made safe).
        self.exists_guards: dict[str, tuple[str, ...]] = dict(getattr(self.spec, "EXISTS_GUARDS", {}))
        self.class_fields_version: dict[int, int] = {}
        self.stack: list[FuncVal] = []
        self.recursive: set[int] = set()
        self.calls_budget = MAX_CALLS_PER_ROOT
        self.roots: list[tuple[FuncVal, dict[str, V] | None]] = []
        # Constructor views of plain functions called with `new` (a `self` parameter first).
        self._ctor_views: dict[int, ir.Func] = {}
        # (function id, other) -> sets an HTML content type (other: a type never rendered as HTML)
        self._html_funcs: dict[tuple[int, bool], bool] = {}
        self.collect_roots = False
        self.root_ctx: ModuleCtx | None = None
        self.route_path: str | None = None  # path of the static route whose handler is being analysed
        # Call sites (line, column) of the analysed module whose first argument is a known constant.
        self.constant_calls: set[tuple[int, int]] = set()
        # Sink (or sink-configuring) call sites where every path that reached them carried only
        # literals or data sanitised for the sink; and those where some path did not.
        self.settled: set[tuple[int, int]] = set()
        self.unsettled: set[tuple[int, int]] = set()

    def settled_sites(self) -> set[tuple[int, int]]:
        """Call sites the dataflow analysis found safe on every path it followed."""
        return (self.constant_calls | self.settled) - self.unsettled

    # ---- entry ----
    def analyze(self, ctx: ModuleCtx) -> list[Finding]:
        """Analyse a module: its top level, then every function and method as an entry point."""
        self.collect_roots = True
        self.root_ctx = ctx
        self.run_module(ctx)
        if self.library_source is not None:
            library = getattr(self.project, "library_module", None)
            if library is not None and library(ctx.display):
                self.exported_funcs = self._exported_functions(ctx)
        done: set[int] = set()
        seen_fields: dict[int, tuple[FuncVal, int]] = {}  # method -> (root, class field version it started with)
        # Most recently discovered first: a later function (a handler) often calls an earlier one
        # defined for it, and a callee analysed first as a root is then reused from the memo.
        while self.roots:
            fv, _ = self.roots.pop()
            if id(fv.func) in done or fv.ctx is not ctx:
                continue
            done.add(id(fv.func))
            self.calls_budget = MAX_CALLS_PER_ROOT
            if fv.cls is not None:
                seen_fields[id(fv.func)] = (fv, self.class_fields_version.get(id(fv.cls), 0))
            self.run_root(fv)
        # Methods that ran before another method of their class stored a field: once more, with the fields.
        for fv, version in seen_fields.values():
            if fv.cls is not None and self.class_fields_version.get(id(fv.cls), 0) != version:
                self.calls_budget = MAX_CALLS_PER_ROOT
                self.run_root(fv)
        return list(self.findings.values())

    def run_module(self, ctx: ModuleCtx) -> None:
        """Execute a module's whole top level once, filling its globals."""
        if ctx.executed:
            return
        ctx.executed = True
        _detect_frameworks(ctx)
        frame = Frame(ctx, ctx.globals, [], None, self.collect_roots)
        for i, s in enumerate(ctx.module.body):
            if i in ctx.done:
                continue
            ctx.done.add(i)
            end = self.exec_stmt(s, ctx.globals, frame)
            if end is None:
                break
            if end is not ctx.globals:
                ctx.globals.update(end)

    def ensure_global(self, ctx: ModuleCtx, name: str) -> None:
        """Run just the top-level statements of an imported module that bind `name` (lazy modules).

        A module reached through an import is never executed whole: a name is resolved when first
        used, which keeps the cost of following imports proportional to what is actually used.
        """
        if ctx.executed or ctx.depth == 0:
            return
        if ctx.bind_index is None:
            if ctx.module.index is not None:  # lowered lazily: the front-end indexed the names
                ctx.bind_index = ctx.module.index
                ctx.frameworks.update(m for m in ctx.module.imported if m in _FRAMEWORK_MODULES)
                if "*" in ctx.bind_index:
                    self.run_module(ctx)  # a star import binds names nobody can list: run it all
                    return
            else:
                _detect_frameworks(ctx)
                ctx.bind_index = _bind_index(ctx.module.body)
        if name in ctx.ensured:
            return
        ctx.ensured.add(name)
        todo = [i for i in ctx.bind_index.get(name, ()) if i not in ctx.done]
        if not todo:
            return
        frame = Frame(ctx, ctx.globals, [], None, False)
        saved = self.collect_roots
        self.collect_roots = False
        try:
            for i in todo:
                ctx.done.add(i)
                end = self.exec_stmt(ctx.module.body[i], ctx.globals, frame)
                if end is not None and end is not ctx.globals:
                    ctx.globals.update(end)
        finally:
            self.collect_roots = saved

    def _exported_functions(self, ctx: ModuleCtx) -> dict[int, str]:
        """Functions a module gives its importers (ids of their ir.Func): what `module.exports` /
        `exports` hold (functions, classes with all their methods, objects and instances with their
        methods, to two levels), and the declarations an `export` statement names (the front-end
        leaves `Pass("export:a,b")` for them)."""
        out: dict[int, str] = {}
        seen: set[int] = set()

        def walk(v: V | None, name: str, depth: int) -> None:
            if v is None or id(v) in seen or depth > 3:
                return
            seen.add(id(v))
            fn = v.fn
            if isinstance(fn, FuncVal):
                out.setdefault(id(fn.func), name)
                proto = (v.attrs or {}).get("prototype")
                if proto is not None:
                    for m in [*(proto.attrs or {}).values(), *(proto.dmap or {}).values()]:
                        # methods on F.prototype run with `this` an object F built (see _library_instance)
                        if isinstance(m.fn, FuncVal):
                            self.proto_owner.setdefault(id(m.fn.func), (fn, proto))
            elif isinstance(fn, ClassVal):
                for k, m in fn.members.items():
                    walk(m, f"{name}.{k}", depth + 1)
            if isinstance(v.inst, ClassVal):
                for k, m in v.inst.members.items():
                    walk(m, f"{name}.{k}", depth + 1)
            for k, m in (v.attrs or {}).items():
                walk(m, f"{name}.{k}", depth + 1)
            for k, m in (v.dmap or {}).items():
                walk(m, f"{name}.{k}", depth + 1)

        for target, v in self.export_values:
            walk(v, target, 0)
        module = ctx.globals.get("module")
        walk(ctx.globals.get("exports"), "exports", 0)
        if module is not None and module.attrs:
            walk(module.attrs.get("exports"), "module.exports", 0)
        for s in ctx.module.body:
            if isinstance(s, ir.Pass) and s.kind.startswith("export:"):
                for name in s.kind[7:].split(","):
                    walk(ctx.globals.get(name), f"export {name}", 0)
        return out

    def _library_param(self, fv: FuncVal, p: ir.Param) -> V | None:
        """A parameter of an exported function of a library module: chosen by the library's callers."""
        if self.library_source is None or id(fv.func) not in self.exported_funcs or p.kind not in ("pos", "default"):
            return None
        if self.library_skip_params is not None and self.library_skip_params.search(p.name):
            return None
        if p.annotation in getattr(self.spec, "LIBRARY_SAFE_ANNOTATIONS", ()):
            return None  # declared a number or a boolean: no command text
        loc = Location(fv.ctx.display, fv.func.span.line, fv.func.span.col)
        step = TraceStep(loc, "source", f"parameter `{p.name}` of {self.exported_funcs[id(fv.func)]}, a function the "
                         "module exports",
                         self._line(fv.ctx, fv.func.span.line))
        return V(frozenset({Flow(self.library_source, "medium", (step,))}))

    def _library_instance(self, ctor: FuncVal, proto: V) -> V:
        """The object an exported constructor function builds from its callers' arguments (its fields
        set on `this`), with the prototype's methods: `this` of a prototype method of a library."""
        env: dict[str, V] = {"self": V(attrs={})}
        for p in ctor.func.params:
            env[p.name] = self._library_param(ctor, p) or UNKNOWN
        frame = Frame(ctor.ctx, env, ctor.closure, ctor, False)
        self.stack.append(ctor)
        try:
            end = self.exec_block(ctor.func.body, env, frame)
        finally:
            self.stack.pop()
        obj = (end if end is not None else env).get("self") or V(attrs={})
        methods = {k: v for k, v in (proto.dmap or {}).items() if isinstance(k, str)}
        return V(obj.flows, attrs={**methods, **(proto.attrs or {}), **(obj.attrs or {})})

    def _placed(self, lead: Any, v: V, sp: ir.Span, fr: Frame) -> V:
        """v written into a string after the constant text `lead`: flows reach PLACED_KINDS sinks whose
        pattern that text matches from here on (a trace step records where)."""
        if not self.placed_kinds or not v.tainted or not isinstance(lead, str):
            return v
        kinds = [k for k, r in self.placed_kinds.items() if r.search(lead)]
        if not kinds:
            return v
        step = self._step(fr, sp, "step", f"{_PLACED_NOTE} `{lead[-24:]}`")
        changed = False
        flows: set[Flow] = set()
        for f in v.deep_flows():
            # (only flows that could reach the kind: those of its sources, when KIND_SOURCES names them)
            marks = frozenset(f"placed:{k}" for k in kinds
                              if k not in self.kind_sources or f.source in self.kind_sources[k])
            if marks and not marks <= f.safe:
                f = f.sanitise(marks).step(step)
                changed = True
            flows.add(f)
        if not changed:
            return v
        return V(frozenset(flows), v.const, v.ref, v.seq, v.dmap, v.attrs, v.fn, v.inst, v.cset)

    def run_root(self, fv: FuncVal) -> None:
        """Analyse one function as an entry point with framework-derived parameter values."""
        f = fv.func
        kind = self._handler_kind(fv)
        # Returning a string from a Flask-style route sends it as HTML; Django, FastAPI and aiohttp
        # handlers return response objects (or JSON), whose sinks are modelled separately.
        handler = kind == "route" and not fv.ctx.frameworks & {"django", "fastapi", "starlette", "aiohttp"}
        args: dict[str, V] = {}
        params = f.params
        for i, p in enumerate(params):
            if fv.callback is not None:
                named = self.callback_param_types.get(p.name)
                typed = fv.callback[i] if i < len(fv.callback) else None
                if not named and typed is not None and typed.startswith("data:"):
                    # a parameter that is itself request data (a form parser's field value or file name)
                    step = TraceStep(Location(fv.ctx.display, f.span.line, f.span.col), "source",
                                     f"request data `{p.name}` ({typed[5:]})", self._line(fv.ctx, f.span.line))
                    args[p.name] = V(frozenset({Flow(typed[5:], "high", (step,))}))
                    continue
                args[p.name] = V(ref=named) if named else V(ref=typed) if typed is not None else UNKNOWN
                continue
            if i == 0 and fv.cls is not None and p.name in ("self", "cls"):
                args[p.name] = V(inst=fv.cls, attrs=dict(self.class_fields.get(id(fv.cls), {}))) \
                    if p.name == "self" else V(fn=fv.cls)
                continue
            args[p.name] = self._param_value(fv, p, kind)
            if self.exported_funcs and not args[p.name].tainted and args[p.name].ref is None:
                lib = self._library_param(fv, p)
                if lib is not None:
                    args[p.name] = lib
        env: dict[str, V] = dict(args)
        owner = self.proto_owner.get(id(f)) if self.proto_owner else None
        if owner is not None and "self" not in env:
            env["self"] = self._library_instance(*owner)
        frame = Frame(fv.ctx, env, fv.closure, fv, True, handler)
        self.route_path = self._static_route(fv) if kind == "route" else None
        self.memo.clear()
        self.stack.append(fv)
        try:
            self.exec_block(f.body, env, frame)
        finally:
            self.stack.pop()
            self.route_path = None
        if fv.cls is None and not any(v.tainted for v in args.values()) and all(p.kind == "pos" for p in params):
            # Same as a call with arguments of unknown origin: reusable by callers in this module.
            ret: V | None = None
            for r in frame.returns:
                ret = join(ret, r)
            key = (id(f), tuple(args[p.name].sig() for p in params), ())
            self.stable_memo.setdefault(key, (ret if ret is not None else V(const=None), None))

    @staticmethod
    def _converted_route_params(fv: FuncVal) -> set[str]:
        names: set[str] = set()
        for d in fv.func.decorators:
            if isinstance(d, ir.Call) and d.args and isinstance(d.args[0], ir.Const) and isinstance(
                    d.args[0].value, str):
                names.update(m.group(2) for m in _ROUTE_CONVERTER.finditer(d.args[0].value)
                             if m.group(1) in ("int", "float", "uuid"))
        return names

    @staticmethod
    def _static_route(fv: FuncVal) -> str | None:
        """The one path a Flask handler serves, when it has exactly one route without variable parts."""
        paths = []
        for d in fv.func.decorators:
            if isinstance(d, ir.Call) and isinstance(d.func, ir.Attr) and d.func.attr == "route" and d.args:
                a = d.args[0]
                if not (isinstance(a, ir.Const) and isinstance(a.value, str)) or "<" in a.value:
                    return None
                paths.append(a.value)
        return paths[0] if len(paths) == 1 else None

    @staticmethod
    def _handler_kind(fv: FuncVal) -> str:
        """'route' for a function registered by a route decorator, 'view' for a request-first function
        in a views module, 'request' for another request-first function, '' otherwise."""
        for d in fv.func.decorators:
            # A route registration is a call with the path first: @app.route("/x"), @router.get("/x").
            if not isinstance(d, ir.Call) or not _is_path_arg(d):
                continue
            target = d.func
            name = target.attr if isinstance(target, ir.Attr) else target.id if isinstance(target, ir.Name) else ""
            if name in _ROUTE_DECORATORS:
                return "route"
        if fv.cls is not None and fv.func.name in ("__init__", "__new__", "constructor"):
            return ""  # a constructor keeps the request it is given; it is no view of its own
        ps = [p for p in fv.func.params if p.name not in ("self", "cls")]
        if ps and ps[0].name in ("request", "req") and fv.ctx.frameworks & {"django", "starlette", "fastapi",
                                                                           "aiohttp"}:
            parts = fv.ctx.display.replace("\\", "/").split("/")
            in_views = parts[-1] in ("views.py", "api.py", "handlers.py") or "views" in parts[:-1]
            return "view" if in_views else "request"
        return ""

    def _annotated(self, p: ir.Param) -> V | None:
        """Value of a parameter from its declared type, for languages whose spec types annotations."""
        if self.annotation_types is None or not p.annotation:
            return None
        ref = self.annotation_types.get(p.annotation)
        if ref is None and self.annotated_refs and "." in p.annotation:
            ref = p.annotation
        if ref:
            return V(ref=ref)
        # Languages where every parameter is typed (ANNOTATED_REFS): an unlisted type is not request
        # data. Elsewhere an unlisted annotation says nothing; other evidence decides.
        return UNKNOWN if self.annotated_refs else None

    def _register_resolvers(self, fields: dict[Any, V], types: tuple[str, ...]) -> None:
        """GraphQL resolvers (`{ Query: { books: (parent, args) => ... } }`): entry points whose
        parameters have the given types (the arguments of the query are the client's input)."""
        for fv in fields.values():
            if isinstance(fv.fn, FuncVal) and fv.fn.callback is None:
                fv.fn.callback = types
                self.roots.append((fv.fn, None))

    def _own_type_instance(self, fv: FuncVal, annotation: str) -> V | None:
        """An object of the project's own type named by a parameter's declared type (Go `s *Store`):
        its methods then resolve when the function is analysed as an entry point."""
        name = annotation.lstrip("*&").split("[", 1)[0].strip()
        if not name.isidentifier():
            return None
        self.ensure_global(fv.ctx, name)
        g = fv.ctx.globals.get(name)
        if g is not None and isinstance(g.fn, ClassVal):
            return V(inst=g.fn, attrs={})
        return None

    def _param_value(self, fv: FuncVal, p: ir.Param, kind: str) -> V:
        if p.decorators and self.param_decorators:
            decorated = self._decorated_param(fv, p)
            if decorated is not None:
                return decorated
        if self.instance_params and p.annotation:
            own = self._own_type_instance(fv, p.annotation)
            if own is not None:
                return own
        annotated = self._annotated(p)
        if annotated is not None:
            return annotated
        first = self.handler_functions.get(fv.func.name)
        if first is not None and fv.func.params and p is fv.func.params[0] and fv.cls is None:
            return V(ref=first)
        ann = p.annotation.split("[")[0].strip().strip("'\"")
        loc = Location(fv.ctx.display, fv.func.span.line, fv.func.span.col)
        fw = fv.ctx.frameworks
        if p.name in self.param_types:
            return V(ref=self.param_types[p.name])
        if self.param_source_types or self.param_ref_types:
            return self._typed_param(fv, p)
        if p.name in ("request", "req") or ann.endswith(("HttpRequest", "Request", "WSGIRequest")):
            if "django" in fw or ann.endswith(("HttpRequest", "WSGIRequest")):
                return V(ref="django.http.HttpRequest")
            if "aiohttp" in fw:
                return V(ref="aiohttp.web.Request")
            if fw & {"fastapi", "starlette"}:
                return V(ref="starlette.requests.Request")
            if kind:
                return V(ref="django.http.HttpRequest")
            return UNKNOWN
        if kind not in ("route", "view"):
            return UNKNOWN
        if ann in _PRIMITIVE_ANNOTATIONS or p.kind == "kwarg" and "django" not in fw:
            return UNKNOWN
        if kind == "view" and p.default is not None:
            return UNKNOWN
        if _is_dependency(p) or ann.rsplit(".", 1)[-1] in _INJECTED_TYPES:
            return UNKNOWN  # FastAPI dependencies (Depends/Security) and framework objects are not input
        if kind == "route" and p.name in self._converted_route_params(fv):
            return UNKNOWN  # Flask converts <int:x>, <float:x>, <uuid:x> before the handler runs
        what = "request parameter" if kind == "route" else "URL parameter"
        step = TraceStep(loc, "source", f"{what} `{p.name}` of handler {fv.func.name}()",
                         self._line(fv.ctx, fv.func.span.line))
        return V(frozenset({Flow(what, "high" if kind == "route" else "medium", (step,))}))

    def _decorated_param(self, fv: FuncVal, p: ir.Param) -> V | None:
        """A parameter whose decorator says the framework fills it from the request (NestJS
        `@Query() q`, `@Param('id') id`, `@Req() req`). A parsing pipe among the decorator's
        arguments (`@Param('id', ParseIntPipe)`) converts the value before the handler sees it."""
        for d in p.decorators:
            callee = d.func if isinstance(d, ir.Call) else d
            name = _last_name(callee)
            g = fv.ctx.globals.get(name) if isinstance(callee, ir.Name) else None
            qn = g.ref if g is not None and g.ref else name
            what = self.param_decorators.get(qn)
            if what is None:
                continue
            if what.startswith("type:"):
                return V(ref=what[5:])
            args = d.args if isinstance(d, ir.Call) else []
            if any(_last_name(a.func if isinstance(a, ir.Call) else a) in self.converting_pipes for a in args):
                return UNKNOWN
            loc = Location(fv.ctx.display, fv.func.span.line, fv.func.span.col)
            step = TraceStep(loc, "source", f"request data `{p.name}` ({qn}) of handler {fv.func.name}()",
                             self._line(fv.ctx, fv.func.span.line))
            return V(frozenset({Flow(what, "high", (step,))}))
        return None

    def _typed_param(self, fv: FuncVal, p: ir.Param) -> V:
        """Value of a parameter from its declared type (languages whose front-end sets annotations
        as `Type[Inner]` paths). The type's first name is resolved through the module's imports.
        A type in PARAM_SOURCE_TYPES is request data unless its inner type is primitive; functions
        the front-end marked `$handler` also take HANDLER_SOURCE_TYPES (a plain body) and bare
        extractor names, and `$request_params(...)` names parameters the framework fills."""
        ann = p.annotation
        base = ann.split("[", 1)[0]
        inner = ann[len(base) + 1:-1] if "[" in ann else ""
        root, _, rest = base.partition(".")
        g = fv.ctx.globals.get(root)
        full = f"{g.ref}.{rest}" if g is not None and g.ref and rest else g.ref if g is not None and g.ref else base
        if full in self.param_ref_types:
            return V(ref=self.param_ref_types[full])
        decos = fv.func.decorators
        handler = any(isinstance(d, ir.Name) and d.id == "$handler" for d in decos)
        named = {a.value for d in decos if isinstance(d, ir.Call) and isinstance(d.func, ir.Name)
                 and d.func.id == "$request_params" for a in d.args if isinstance(a, ir.Const)}
        conf = self.param_source_types.get(full)
        if conf is None and handler:
            conf = getattr(self.spec, "HANDLER_SOURCE_TYPES", {}).get(base)
        if conf is None and p.name in named:
            conf = "high"
        prim: frozenset[str] = frozenset(getattr(self.spec, "PRIMITIVE_TYPES", ()))
        if conf is None or base in prim or (inner and all(x in prim for x in inner.strip("()").split(",") if x)):
            return UNKNOWN
        loc = Location(fv.ctx.display, fv.func.span.line, fv.func.span.col)
        typed = p.name not in named and (full in self.param_source_types or base in getattr(
            self.spec, "HANDLER_SOURCE_TYPES", {}))
        what = f"request data `{p.name}` ({base})" if typed else f"request parameter `{p.name}`"
        step = TraceStep(loc, "source", f"{what} of handler {fv.func.name}()", self._line(fv.ctx, fv.func.span.line))
        return V(frozenset({Flow(full if typed else "request parameter", conf, (step,))}))

    # ---- helpers ----
    @staticmethod
    def _line(ctx: ModuleCtx, n: int) -> str:
        lines = ctx.module.lines
        return lines[n - 1].strip() if 0 < n <= len(lines) else ""

    def _loc(self, ctx: ModuleCtx, sp: ir.Span) -> Location:
        return Location(ctx.display, sp.line, sp.col, sp.end_line, sp.end_col)

    def _step(self, fr: Frame, sp: ir.Span, kind: str, note: str) -> TraceStep:
        return TraceStep(self._loc(fr.ctx, sp), kind, note, self._line(fr.ctx, sp.line))

    # ---- statements ----
    def exec_block(self, body: list[ir.Stmt], env: dict[str, V] | None, fr: Frame) -> dict[str, V] | None:
        """Execute statements; returns the environment after them, or None when control cannot reach the end."""
        for s in body:
            if env is None:
                return None
            env = self.exec_stmt(s, env, fr)
        return env

    def exec_stmt(self, s: ir.Stmt, env: dict[str, V], fr: Frame) -> dict[str, V] | None:
        if isinstance(s, ir.Assign):
            value = self.ev(s.value, env, fr)
            if isinstance(s.value, ir.Lambda) and fr.is_root and self.collect_roots and isinstance(value.fn, FuncVal) \
                    and fr.ctx.module.language != "python" and any(isinstance(t, ir.Attr) for t in s.targets):
                # A function stored on an object (`this.update = (req, res) => ...` in a constructor,
                # `router.handler = function ...`) is called from elsewhere: an entry point too.
                self.roots.append((value.fn, None))
            if s.op is not None:
                target = s.targets[0]
                old = self.ev(target, env, fr)
                value = self.binop(s.op, old, value)
            for t in s.targets:
                self.assign(t, value, env, fr, s.span)
                if self.library_source is not None and fr.func is None and self.collect_roots \
                        and _export_target(t):
                    # what the module exported at this point (a later `module.exports = ...` replaces
                    # the object, not what callers could already get)
                    self.export_values.append((_dotted(t), value))
            return env
        if isinstance(s, ir.ExprStmt):
            v = self.ev(s.expr, env, fr)
            if isinstance(s.expr, ir.Call) and _last_name(s.expr.func) in _TERMINATING_NAMES \
                    and self.ev(s.expr.func, env, fr).ref in _TERMINATING_CALLS:
                return None
            return env
        if isinstance(s, ir.Return):
            v = self.ev(s.value, env, fr) if s.value is not None else V(const=None)
            if isinstance(s.value, ir.Lambda) and fr.is_root and self.collect_roots and isinstance(v.fn, FuncVal) \
                    and fr.ctx.module.language != "python":
                # A handler made by a factory (`export function search () { return (req, res) => ... }`)
                # is registered by whoever calls the factory: an entry point too.
                self.roots.append((v.fn, None))
            if fr.handler and fr.is_root and fr.func is not None:
                self.check_response(v, s, fr)
            if fr.func is not None and v.tainted and _secretish(fr.func.func.name) \
                    and not self._handler_kind(fr.func) and not fr.func.func.decorators:
                self.sink(self.spec.WEAK_RANDOM_KIND, v, fr, s.span, f"the result of {fr.func.func.name}()", "medium")
            fr.returns.append(v)
            return None
        if isinstance(s, ir.If):
            return self.exec_if(s, env, fr)
        if isinstance(s, ir.Loop):
            return self.exec_loop(s, env, fr)
        if isinstance(s, ir.Try):
            pre = dict(env)
            if self.exception_flows:
                fr.raised.append([])
            try:
                after_body = self.exec_block(s.body, dict(env), fr)
            finally:
                caught = fr.raised.pop() if self.exception_flows else []
            if not s.handlers:
                for v in caught:  # try/finally: it goes on up
                    self._throw(fr, v)
            merged = self.join_env(pre, after_body) or pre
            outs: list[dict[str, V] | None] = []
            if after_body is not None:
                outs.append(self.exec_block(s.orelse, after_body, fr) if s.orelse else after_body)
            for h in s.handlers:
                henv = dict(merged)
                if h.name:
                    henv[h.name] = UNKNOWN
                    if caught:
                        got = V(frozenset().union(*(c.deep_flows() for c in caught)))
                        henv[h.name] = add_step(got, self._step(fr, h.body[0].span if h.body else s.span, "step",
                                                                f"caught as `{h.name}`"))
                outs.append(self.exec_block(h.body, henv, fr))
            res: dict[str, V] | None = None
            for o in outs:
                res = self.join_env(res, o)
            if s.finalbody:
                fin = self.exec_block(s.finalbody, dict(res if res is not None else merged), fr)
                if res is not None:
                    res = fin
            return res
        if isinstance(s, ir.With):
            for ctx_expr, with_target in s.items:
                v = self.ev(ctx_expr, env, fr)
                if with_target is not None:
                    self.assign(with_target, self._enter(v), env, fr, s.span)
            return self.exec_block(s.body, env, fr)
        if isinstance(s, ir.Func):
            fv = FuncVal(s, fr.ctx, [*fr.closure, env] if fr.func is not None else fr.closure)
            env[s.name] = V(fn=fv)
            for d in s.decorators:
                self.ev(d, env, fr)
            if fr.is_root and self.collect_roots:
                self.roots.append((fv, env))
            return env
        if isinstance(s, ir.Class):
            cv = ClassVal(s, fr.ctx)
            cv.bases = [self.ev(b, env, fr) for b in s.bases]
            cenv: dict[str, V] = {}
            cframe = Frame(fr.ctx, cenv, [*fr.closure, env] if fr.func is not None else fr.closure, None, False)
            for st in s.body:
                if isinstance(st, ir.Func):
                    fv = FuncVal(st, fr.ctx, cframe.closure, cv)
                    cenv[st.name] = V(fn=fv)
                    if fr.is_root and self.collect_roots:
                        self.roots.append((fv, None))
                elif isinstance(st, ir.Assign):
                    self.exec_stmt(st, cenv, cframe)
                elif isinstance(st, ir.Class):
                    self.exec_stmt(st, cenv, cframe)
            cv.members = cenv
            env[s.name] = V(fn=cv)
            return env
        if isinstance(s, ir.Import):
            self.exec_import(s, env, fr)
            return env
        if isinstance(s, ir.Raise):
            if s.value is not None:
                v = self.ev(s.value, env, fr)
                if self.exception_flows and v.deep_flows():
                    self._throw(fr, add_step(v, self._step(fr, s.span, "step", "thrown")))
            return None
        if isinstance(s, ir.Global):
            fr.globals_declared.update(s.names)
            return env
        if isinstance(s, ir.Pass):
            if s.kind in ("break", "continue"):
                return env
            return env
        if isinstance(s, ir.Assert):
            self.ev(s.test, env, fr)
            return env
        if isinstance(s, ir.Delete):
            return env
        if isinstance(s, ir.OpaqueStmt):
            for e in s.exprs:
                self.ev(e, env, fr)
            return env
        return env

    def _enter(self, v: V) -> V:
        """Value bound by `with v as x`: the context manager itself for files and connections."""
        return v

    def join_env(self, a: dict[str, V] | None, b: dict[str, V] | None) -> dict[str, V] | None:
        """Join two environments (None = unreachable)."""
        return join_maps(a, b)

    def exec_if(self, s: ir.If, env: dict[str, V], fr: Frame) -> dict[str, V] | None:
        test = self.ev(s.test, env, fr)
        truth = self.truth(test)
        if truth is True:
            return self.exec_block(s.body, env, fr)
        if truth is False:
            return self.exec_block(s.orelse, env, fr)
        then_env = dict(env)
        else_env = dict(env)
        for name, kinds, polarity in self.guards(s.test, env, fr):
            target = then_env if polarity else else_env
            if kinds & _PATH_FACTS:
                if isinstance(name, str) and name in target:
                    target[name] = _path_fact(target[name], kinds)
                continue
            if isinstance(name, ir.Expr):  # a field path (`req.body.id`): narrow it where it lives
                self._assign_path(name, functools.partial(_sanitised, kinds=kinds), target, fr)
                continue
            if name in target:
                origin = (target[name].attrs or {}).get("__origin__")
                target[name] = sanitise(target[name], kinds)
                if origin is not None and isinstance(origin.const, str) and origin.const in target:
                    target[origin.const] = sanitise(target[origin.const], kinds)
        a = self.exec_block(s.body, then_env, fr)
        b = self.exec_block(s.orelse, else_env, fr)
        return self.join_env(a, b)

    def exec_loop(self, s: ir.Loop, env: dict[str, V], fr: Frame) -> dict[str, V] | None:
        if s.test is not None:
            t = self.truth(self.ev(s.test, env, fr))
            if t is False:
                return self.exec_block(s.orelse, env, fr)
        item: V | None = None
        if s.iter is not None:
            it = self.ev(s.iter, env, fr)
            item = self.element_of(it)
        cur: dict[str, V] | None = env
        result: dict[str, V] | None = dict(env)
        for _ in range(LOOP_PASSES):
            if cur is None:
                break
            body_env = dict(cur)
            if s.target is not None and item is not None:
                self.assign(s.target, item, body_env, fr, s.span, step=False)
            out = self.exec_block(s.body, body_env, fr)
            result = self.join_env(result, out)
            cur = result
        if s.orelse and result is not None:
            result = self.exec_block(s.orelse, result, fr)
        return result

    def element_of(self, it: V) -> V:
        """Value of an element when iterating over `it`."""
        if it.seq is not None:
            acc: V | None = None
            for x in it.seq:
                acc = join(acc, x)
            return acc if acc is not None else UNKNOWN
        if it.dmap is not None:
            flows = it.flows
            for k in it.dmap:
                if not isinstance(k, str):
                    continue
            return V(flows)
        if isinstance(it.const, str):
            return V(const=NC, flows=EMPTY)
        return V(it.deep_flows())

    # ---- guards (sanitising conditions) ----
    def _pins(self, prefix: str) -> bool:
        """Whether a constant URL prefix fixes the destination host (see _pins_host)."""
        # A relative URL prefix ('users/', 'page.html?id=') fixes the host too: nothing after a path segment
        # or a query can make the URL absolute.
        return _pins_host(prefix) or _relative_url_prefix(prefix)

    def _typeof_guard(self, left: ir.Expr, right: ir.Expr, op: str,
                      out: list[tuple[Any, frozenset[str], bool]]) -> bool:
        """`typeof x === 'number'` (or 'boolean') makes x safe for every kind; `=== 'string'` rules out
        objects, which is what operator injection into a query needs; `=== 'object'` rules out strings."""
        for a, b in ((left, right), (right, left)):
            if isinstance(a, ir.Opaque) and a.kind == "typeof" and a.children and isinstance(b, ir.Const):
                operand = a.children[0]
                subj: str | ir.Expr | None = self._subject(operand)
                if subj is None and isinstance(operand, ir.Attr) and _rooted_at_name(operand):
                    subj = operand
                if subj is None or not isinstance(b.value, str):
                    return True
                if b.value in ("number", "boolean", "bigint", "undefined"):
                    out.append((subj, self.spec.ALL_KINDS, op == "=="))
                elif b.value == "string" and "nosql" in self.spec.ALL_KINDS:
                    out.append((subj, frozenset({"nosql", "proto"} & self.spec.ALL_KINDS), op == "=="))
                elif b.value in ("object", "function"):
                    # not a string: no markup, command or path text (an object still carries operators)
                    out.append((subj, self.spec.ALL_KINDS - {"nosql", "proto"}, op == "=="))
                return True
        return False

    def guards(self, test: ir.Expr, env: dict[str, V], fr: Frame) -> list[tuple[Any, frozenset[str], bool]]:
        """(variable, kinds, polarity): in the branch where `test` is `polarity`, the variable is safe for
        kinds. The variable is a name, or a field path expression rooted at a name."""
        out: list[tuple[Any, frozenset[str], bool]] = []
        if isinstance(test, ir.UnaryOp) and test.op == "not":
            return [(n, k, not p) for n, k, p in self.guards(test.operand, env, fr)]
        if isinstance(test, ir.Name):
            # `if (x)`: where it fails, x is an empty or zero value (None, null, false), which attacks nothing
            return [(test.id, self.spec.ALL_KINDS, False)]
        if isinstance(test, ir.BoolOp):
            quoted = _quoted_literal_check(test) if test.op == "or" else None
            if quoted:
                out.append((quoted, self.spec.ALL_KINDS, False))
            parts = [self.guards(v, env, fr) for v in test.values]
            if test.op == "and":
                out.extend((subj, frozenset({"redirect"}), True) for subj in self._local_path_checks(test))
            want = test.op == "or"  # or: all false on the false branch; and: all true on the true branch
            for p in parts:
                for n, k, pol in p:
                    if pol is not want:
                        out.append((n, k, pol))
            if parts and all(parts):
                # `x === 'a' || x === 'b'`: on the true branch one of them holds, and each makes x safe, so x
                # is safe for the kinds every one of them gives (likewise `x !== 'a' && x !== 'b'`, false).
                common: dict[str, frozenset[str]] | None = None
                for p in parts:
                    mine: dict[str, frozenset[str]] = {}
                    for n, k, pol in p:
                        if pol is want and isinstance(n, str):
                            mine[n] = mine.get(n, frozenset()) | k
                    common = mine if common is None else {
                        n: common[n] & k for n, k in mine.items() if n in common and common[n] & k}
                out.extend((n, k, want) for n, k in (common or {}).items())
            return out
        if isinstance(test, ir.Compare) and len(test.ops) == 1:
            op, left, right = test.ops[0], test.left, test.comparators[0]
            if op in ("in", "not-in"):
                subj = self._subject(right)
                lit = left.value if isinstance(left, ir.Const) else None
                if subj and isinstance(lit, str):
                    kinds = _kinds_for_chars(lit)
                    if kinds:
                        out.append((subj, kinds, op == "not-in"))
                subj = self._subject(left)
                if subj and self._is_allow_list(right, env, fr):
                    kinds = self.host_kinds if isinstance(left, ir.Attr) else self.spec.ALL_KINDS
                    out.append((subj, kinds, op == "in"))
            if op in ("==", "!="):
                for a, b in ((left, right), (right, left)):
                    checked_path = self._prefix_compare(a, b, env, fr)
                    if checked_path is not None:
                        out.append((checked_path, frozenset({"path"}), op == "=="))
            if op in ("==", "!=") and self._typeof_guard(left, right, op, out):
                pass
            elif op in ("==", "!="):
                for a, b in ((left, right), (right, left)):
                    # (a slice equal to a constant, `x[:4] == 'http'`, says nothing of the rest of x)
                    subj = None if isinstance(a, ir.Index) else self._subject(a)
                    if subj and isinstance(b, ir.Name):
                        # compared with a name bound to a constant (`const ALLOWED = 'x'`)
                        known = self.ev(b, env, fr).const
                        if isinstance(known, str | int) and not isinstance(known, bool):
                            b = ir.Const(b.span, known)
                    if subj and isinstance(b, ir.Const) and isinstance(b.value, str | int):
                        kinds = self.host_kinds if isinstance(a, ir.Attr) else self.spec.ALL_KINDS
                        out.append((subj, kinds, op == "=="))
            return out
        if isinstance(test, ir.Call):
            fn = test.func
            if isinstance(fn, ir.Attr):
                m = fn.attr
                subj = self._subject(fn.obj)
                if m in ("isdigit", "isnumeric", "isdecimal", "isalnum", "isalpha", "isidentifier") and subj:
                    out.append((subj, self.spec.ALL_KINDS, True))
                if m in self.prefix_methods and subj and test.args \
                        and self._pins(_leading_const(test.args[0])):
                    out.append((subj, self.host_kinds, True))
                # A resolved path starting with a base directory is inside it; starting with '.' or '..'
                # (or a lone separator) says nothing of the kind.
                lead = _leading_const(test.args[0]) if test.args else ""
                base_dir = not (lead.startswith(".") or lead in ("/", "\\"))
                if m in self.prefix_methods and subj and base_dir and self._is_resolved_path(fn.obj, env, fr):
                    out.append((subj, frozenset({"path"}), True))
                    inner = self._resolved_inner(fn.obj)
                    if inner:
                        out.append((inner, frozenset({"path"}), True))
                if m in self.prefix_methods and subj and test.args and _is_dotdot_prefix(test.args[0]) \
                        and self._is_resolved_path(fn.obj, env, fr):
                    out.append((subj, frozenset({_NO_DOTDOT}), False))
            callee = self.ev(fn, env, fr)
            qn = callee.ref or ""
            if qn in _IS_ABSOLUTE_CALLS and test.args:
                tested = self._subject(test.args[0])
                if tested:
                    out.append((tested, frozenset({_RELATIVE}), False))
                return out
            marks = getattr(self.spec, "GUARD_DECORATORS", None)
            if marks and isinstance(callee.fn, FuncVal):
                # A project function its front-end marked as checking one argument (`$checks_host(i)`).
                for d in callee.fn.func.decorators:
                    if not (isinstance(d, ir.Call) and isinstance(d.func, ir.Name) and d.args
                            and isinstance(d.args[0], ir.Const)):
                        continue
                    kinds = marks.get(d.func.id)
                    idx = d.args[0].value
                    if kinds and isinstance(idx, int) and idx < len(test.args):
                        arg = test.args[idx]
                        checked: str | ir.Expr | None = self._subject(arg)
                        if checked is None and isinstance(arg, ir.Attr) and _rooted_at_name(arg):
                            checked = arg
                        if checked is not None:
                            out.append((checked, frozenset(kinds), True))
            if qn and test.args and self.spec_funcs(qn, test, env, fr, out):
                return out
            path_kinds = self.exists_guards.get(qn) if test.args else None
            if path_kinds:
                # fs.existsSync(dir + '/' + x): x names a file that is there (only one variable part)
                names = [x for x in ir_walk.exprs(test.args[0], into_functions=False) if isinstance(x, ir.Name)]
                if len(names) == 1 and _concat_of_consts_and(test.args[0], names[0]):
                    out.append((names[0].id, frozenset(path_kinds), True))
            if self.named_guards is not None and test.args and self.named_guards.search(_last_name(fn)):
                subj = self._subject(test.args[0])
                if subj:
                    out.append((subj, self.named_guard_kinds, True))
            if qn.endswith(("url_has_allowed_host_and_scheme", "is_safe_url")) and test.args:
                subj = self._subject(test.args[0])
                if subj:
                    out.append((subj, self.spec.ALL_KINDS, True))
            if qn in ("re.match", "re.fullmatch") and len(test.args) >= 2:
                pat = test.args[0].value if isinstance(test.args[0], ir.Const) else None
                subj = self._subject(test.args[1])
                if subj and isinstance(pat, str) and (qn == "re.fullmatch" or pat.endswith(("$", "\\Z"))) \
                        and ".*" not in pat and ".+" not in pat:
                    out.append((subj, self.spec.ALL_KINDS, True))
        return out

    def _prefix_compare(self, a: ir.Expr, b: ir.Expr, env: dict[str, V], fr: Frame) -> str | None:
        """The resolved path that `a == b` tests for a base-directory prefix, written without startsWith:
        `p.indexOf(base) === 0`, `p.substring(0, n) === base` / `p.slice(0, n)`, `p[:n] == base`."""
        path: ir.Expr | None = None
        base: ir.Expr | None = None
        if isinstance(a, ir.Call) and isinstance(a.func, ir.Attr) and a.args:
            if a.func.attr == "indexOf" and len(a.args) == 1 and isinstance(b, ir.Const) and b.value == 0 \
                    and not isinstance(b.value, bool):
                path, base = a.func.obj, a.args[0]
            elif a.func.attr in ("substring", "slice", "substr") and isinstance(a.args[0], ir.Const) \
                    and a.args[0].value == 0 and not isinstance(a.args[0].value, bool):
                path, base = a.func.obj, b
        elif isinstance(a, ir.Index) and isinstance(a.index, ir.Slice) and a.index.step is None and (
                a.index.lower is None or isinstance(a.index.lower, ir.Const) and a.index.lower.value == 0):
            path, base = a.obj, b
        if path is None or base is None or isinstance(base, ir.Const) and not isinstance(base.value, str):
            return None
        lead = _leading_const(base)
        if lead.startswith(".") or lead in ("/", "\\") or self.ev(base, env, fr).tainted:
            return None
        subj = self._subject(path)
        return subj if subj and self._is_resolved_path(path, env, fr) else None

    def _local_path_checks(self, test: ir.BoolOp) -> list[str]:
        """Names checked to be a path on this site by `x.starts_with('/') && !x.starts_with("//")` together
        with a backslash exclusion (`!x.starts_with("/\\")`, `!x.contains('\\')`, `'\\' not in x`):
        browsers read "/\\evil.example" as "//evil.example", so the double slash alone is not enough."""
        conj: list[ir.Expr] = []
        stack: list[ir.Expr] = [test]
        while stack:
            e = stack.pop()
            if isinstance(e, ir.BoolOp) and e.op == "and":
                stack.extend(e.values)
            else:
                conj.append(e)

        def method_arg(e: ir.Expr, methods: Iterable[str]) -> tuple[str, str] | None:
            if isinstance(e, ir.Call) and isinstance(e.func, ir.Attr) and e.func.attr in methods \
                    and len(e.args) == 1 and isinstance(e.args[0], ir.Const) and isinstance(e.args[0].value, str):
                subj = self._subject(e.func.obj)
                if subj:
                    return subj, e.args[0].value
            return None

        negated = [e.operand for e in conj if isinstance(e, ir.UnaryOp) and e.op == "not"]
        slash = {p[0] for e in conj for p in [method_arg(e, self.prefix_methods)] if p and p[1] == "/"}
        double = {p[0] for e in negated for p in [method_arg(e, self.prefix_methods)] if p and p[1] == "//"}
        backslash = {p[0] for e in negated for p in [method_arg(e, self.prefix_methods)] if p and p[1] == "/\\"}
        backslash |= {p[0] for e in negated for p in [method_arg(e, _CONTAINS_METHODS)] if p and p[1] == "\\"}
        # `'\\' not in x`, or `not ('\\' in x)` (the form Rust's x.contains('\\') lowers to)
        absent = [e for e in conj if isinstance(e, ir.Compare) and e.ops == ["not-in"]]
        absent += [e for e in negated if isinstance(e, ir.Compare) and e.ops == ["in"]]
        for e in absent:
            if isinstance(e.left, ir.Const) and e.left.value == "\\":
                subj = self._subject(e.comparators[0])
                if subj:
                    backslash.add(subj)
        return sorted(slash & double & backslash)

    def spec_funcs(self, qn: str, test: ir.Call, env: dict[str, V], fr: Frame,
                   out: list[tuple[str, frozenset[str], bool]]) -> bool:
        """Guards written as functions of the checked value (Go: strings.HasPrefix(p, base),
        strings.Contains(p, ".."), filepath.IsLocal(p)), from the optional spec hooks PREFIX_FUNCS,
        CONTAINS_FUNCS and GUARD_FUNCS (name -> kinds the first argument is safe for when true)."""
        subj = self._subject(test.args[0])
        if not subj:
            return False
        if qn in getattr(self.spec, "PREFIX_FUNCS", ()):
            prefix = test.args[1] if len(test.args) > 1 else None
            if prefix is not None and self._is_resolved_path(test.args[0], env, fr):
                lead = _leading_const(prefix)
                if _is_dotdot_prefix(prefix):
                    out.append((subj, frozenset({_NO_DOTDOT}), False))
                elif not (lead.startswith(".") or lead in ("/", "\\")):
                    out.append((subj, frozenset({"path"}), True))
            return True
        if qn in getattr(self.spec, "CONTAINS_FUNCS", ()) and len(test.args) > 1:
            lit = test.args[1].value if isinstance(test.args[1], ir.Const) else None
            kinds = _kinds_for_chars(lit) if isinstance(lit, str) else frozenset()
            if kinds:
                out.append((subj, kinds, False))
            return True
        kinds2 = getattr(self.spec, "GUARD_FUNCS", {}).get(qn)
        if kinds2:
            out.append((subj, self.spec.ALL_KINDS if kinds2 == "*" else frozenset(kinds2), True))
            return True
        return False

    @staticmethod
    def _subject(e: ir.Expr) -> str | None:
        if isinstance(e, ir.Name):
            return e.id
        if isinstance(e, ir.Attr) and e.attr in ("netloc", "hostname", "host", "Host"):  # Go: url.URL.Host
            if isinstance(e.obj, ir.Name):
                return e.obj.id
            c = e.obj
            if isinstance(c, ir.Call) and c.args and isinstance(c.args[0], ir.Name) and (
                    (isinstance(c.func, ir.Attr) and c.func.attr in ("urlparse", "urlsplit"))
                    or (isinstance(c.func, ir.Name) and c.func.id in ("urlparse", "urlsplit"))):
                return c.args[0].id
        if isinstance(e, ir.Call) and isinstance(e.func, ir.Name) and e.func.id in ("str", "fspath") \
                and len(e.args) == 1 and isinstance(e.args[0], ir.Name):
            return e.args[0].id
        if isinstance(e, ir.Index) and isinstance(e.obj, ir.Name) and isinstance(e.index, ir.Slice):
            return e.obj.id
        return None

    def _is_allow_list(self, e: ir.Expr, env: dict[str, V], fr: Frame) -> bool:
        if isinstance(e, ir.Collection):
            return all(isinstance(x, ir.Const) for x in e.elts)
        v = self.ev(e, env, fr)
        if v.tainted:
            return False
        if v.seq is not None:
            return all(x.const is not NC for x in v.seq)
        if v.dmap is not None:
            return bool(v.dmap)
        return isinstance(v.const, tuple | frozenset | str) and not isinstance(v.const, str)

    def _is_resolved_path(self, e: ir.Expr, env: dict[str, V], fr: Frame) -> bool:
        if isinstance(e, ir.Call) and isinstance(e.func, ir.Name) and e.func.id in ("str", "fspath") \
                and len(e.args) == 1:
            return self._is_resolved_path(e.args[0], env, fr)
        if isinstance(e, ir.Call):
            callee = self.ev(e.func, env, fr)
            if callee.ref in self.resolved_path_calls:
                return True
        if isinstance(e, ir.Name):
            v = env.get(e.id)
            return v is not None and v.attrs is not None and "__resolved__" in v.attrs
        return False

    @staticmethod
    def _resolved_inner(e: ir.Expr) -> str | None:
        if isinstance(e, ir.Call) and e.args and isinstance(e.args[0], ir.Name):
            return e.args[0].id
        if isinstance(e, ir.Call) and isinstance(e.func, ir.Attr) and isinstance(e.func.obj, ir.Name):
            return e.func.obj.id
        return None

    # ---- assignment ----
    def assign(self, target: ir.Expr, value: V, env: dict[str, V], fr: Frame, sp: ir.Span,
               step: bool = True) -> None:
        """Bind `value` to an assignment target, updating containers and fields functionally."""
        if value.tainted:
            self._weakrand_target(target, value, fr, sp)
        if isinstance(target, ir.Name):
            if step and value.flows:
                value = add_step(value, self._step(fr, sp, "step", f"assigned to `{target.id}`"))
            if target.id in fr.globals_declared and target.id not in env:
                fr.ctx.globals[target.id] = value
            env[target.id] = value
            return
        if isinstance(target, ir.Collection):
            elts = target.elts
            star = next((i for i, e in enumerate(elts) if isinstance(e, ir.Starred)), None)
            if value.seq is not None and star is None and len(value.seq) == len(elts):
                for e, v in zip(elts, value.seq, strict=True):
                    self.assign(e, v, env, fr, sp, step)
                return
            part = self.element_of(value) if value.seq is not None or value.dmap is not None else value.flat()
            for e in elts:
                self.assign(e.value if isinstance(e, ir.Starred) else e, part, env, fr, sp, step)
            return
        if isinstance(target, ir.Starred):
            self.assign(target.value, value, env, fr, sp, step)
            return
        if isinstance(target, ir.Index):
            base = self.ev(target.obj, env, fr)
            key = self.ev(target.index, env, fr)
            kind = self.spec.ASSIGN_SINKS.get(base.ref or "")
            if kind == "trust" or (kind is None and base.ref and base.ref.endswith(".session")):
                self.sink("trust", join(value, key.flat()), fr, sp, f"stored in {base.ref}", "high")
            elif kind == "header" or (base.ref or "").endswith(".headers") and (base.ref or "").startswith(
                    ("flask.Response", "django.http")):
                self.sink("header", value, fr, sp, "response header", "high")
            if self.index_key_sink and key.tainted and base.ref not in self.keyed_containers:
                self.sink(self.index_key_sink, key, fr, sp, "a property name chosen by the input", "high")
            if step and value.flows:
                value = add_step(value, self._step(fr, sp, "step", "stored in a container"))
            self._assign_path(target.obj, lambda b: self._store_index(b, key, value), env, fr)
            return
        if isinstance(target, ir.Attr):
            base = self.ev(target.obj, env, fr)
            kind = self.spec.ASSIGN_SINKS.get(f"{base.ref}.{target.attr}") if base.ref else None
            kind = kind or getattr(self.spec, "ATTR_ASSIGN_SINKS", {}).get(target.attr)
            if kind and not (kind == "xss" and self._is_object(value)):  # objects are sent as JSON
                where = f"{base.ref}.{target.attr}" if base.ref else f".{target.attr}"
                self.sink(kind, value, fr, sp, f"stored in {where}", "high")
            if step and value.flows:
                value = add_step(value, self._step(fr, sp, "step", f"stored in field `{target.attr}`"))
            attr = target.attr
            self._assign_path(target.obj, lambda b: _with_attr(b, attr, value), env, fr)
            return

    def _weakrand_target(self, target: ir.Expr, value: V, fr: Frame, sp: ir.Span) -> None:
        """A predictable random value stored under a name that says it must be unguessable."""
        names: list[str] = []
        t: ir.Expr | None = target
        while t is not None:
            if isinstance(t, ir.Name):
                names.append(t.id)
                t = None
            elif isinstance(t, ir.Attr):
                names.append(t.attr)
                t = t.obj
            elif isinstance(t, ir.Index):
                if isinstance(t.index, ir.Const) and isinstance(t.index.value, str):
                    # A constant key names the value itself: session["token"] matters,
                    # session["banner_color"] does not.
                    names.append(t.index.value)
                    break
                if isinstance(t.index, ir.Name):
                    names.append(t.index.id)
                t = t.obj
            else:
                t = None
        hit = next((n for n in names if _secretish(n)), None)
        if hit is not None:
            self.sink(self.spec.WEAK_RANDOM_KIND, value, fr, sp, f"`{hit}`, which must be unguessable", "high")

    def _assign_path(self, e: ir.Expr, update: Callable[[V], V], env: dict[str, V], fr: Frame) -> None:
        """Rebind the variable (or field chain) `e` to update(current value of e)."""
        if isinstance(e, ir.Name):
            cur = self.lookup(e.id, env, fr)
            new = update(cur)
            env[e.id] = new
            if e.id == "self" and fr.func is not None and fr.func.cls is not None and new.inst is fr.func.cls \
                    and new.attrs:
                self._store_fields(fr.func.cls, new.attrs)
            return
        if isinstance(e, ir.Attr):
            cur = self.ev(e, env, fr)
            new = update(cur)
            attr = e.attr
            self._assign_path(e.obj, lambda b: _with_attr(b, attr, new), env, fr)
            return
        if isinstance(e, ir.Index):
            cur = self.ev(e, env, fr)
            new = update(cur)
            key = self.ev(e.index, env, fr)
            self._assign_path(e.obj, lambda b: self._store_index(b, key, new), env, fr)
            return
        # Not a storable path (call result etc.): evaluate for effects only.

    def _render_component(self, comp: V, props: V, e: ir.Call, fr: Frame) -> None:
        """A JSX element of a user component: a function component runs with the props; a class
        component's methods find them in this.props (a field of the class, see _store_fields)."""
        target = comp.fn
        if not props.tainted:
            return  # the component on its own is analysed as an entry point anyway
        if isinstance(target, FuncVal):
            self.invoke(target, [props], {}, e, fr)
        elif isinstance(target, ClassVal):
            self._store_fields(target, {"props": props})

    def _set_state(self, obj: ir.Name, update: V, e: ir.Call, env: dict[str, V], fr: Frame) -> None:
        """React's this.setState(partial) / this.setState(fn): the entries given (or returned by fn, called
        with the current state and props) are merged into this.state."""
        this = env.get(obj.id) or self.lookup(obj.id, env, fr)
        state = self.getattr(this, "state", fr, e.span)
        if isinstance(update.fn, FuncVal):
            update, _ = self.invoke(update.fn, [state, self.getattr(this, "props", fr, e.span)], {}, e, fr)
        if update.dmap is None:
            return
        merged = {**(state.dmap or {}), **update.dmap}
        self._assign_path(ir.Attr(e.span, obj, "state"), lambda cur: V(cur.flows, dmap=merged), env, fr)

    def _store_fields(self, cls: ClassVal, attrs: dict[str, V]) -> None:
        """Join the fields a method gave `self` into its class's field summary."""
        fields = self.class_fields.setdefault(id(cls), {})
        changed = False
        weak = self.spec.WEAK_RANDOM_SOURCE
        for name, value in attrs.items():
            if value.fn is not None or not value.tainted:
                continue  # methods bound on the instance, and fields holding no input, change no finding
            # Only untrusted input is carried: a random number kept in a field (a jitter, an id counter)
            # joined into the field everywhere would make every value read from the object "random".
            value = _without_flows(value, lambda f: f.source != weak)
            if not value.tainted:
                continue
            old = fields.get(name)
            new = join(old, value) if old is not None else value
            if old is None or new.deep_flows() != old.deep_flows():
                fields[name] = new
                changed = True
        if changed:
            self.class_fields_version[id(cls)] = self.class_fields_version.get(id(cls), 0) + 1

    @staticmethod
    def _store_index(base: V, key: V, value: V) -> V:
        k = key.const
        if base.seq is not None and isinstance(k, int) and -len(base.seq) <= k < len(base.seq):
            seq = list(base.seq)
            seq[k] = value
            return V(base.flows, NC, base.ref, tuple(seq), None, base.attrs, base.fn, base.inst)
        if k is not NC and _hashable(k) and (base.dmap is not None or (base.seq is None and not base.flows)):
            dmap = dict(base.dmap or {})
            dmap[k] = value
            return V(base.flows, NC, base.ref, None, dmap, base.attrs, base.fn, base.inst)
        return V(base.flows | value.deep_flows() | key.deep_flows(), NC, base.ref, None, base.dmap, base.attrs,
                 base.fn, base.inst)

    # ---- imports and names ----
    def exec_import(self, s: ir.Import, env: dict[str, V], fr: Frame) -> None:
        if not s.names:
            if s.alias:
                env[s.alias] = self.module_value(fr.ctx, s.module, s.level)
            else:
                top = s.module.split(".")[0]
                env[top] = self.module_value(fr.ctx, top, s.level)
            return
        base = self.module_value(fr.ctx, s.module, s.level) if s.module or s.level else UNKNOWN
        for name, alias in s.names:
            if name == "*":
                if isinstance(base.fn, ModuleVal) and base.fn.ctx is not None:
                    self.run_module(base.fn.ctx)
                    env.update({k: v for k, v in base.fn.ctx.globals.items() if not k.startswith("_")})
                continue
            env[alias or name] = self.getattr(base, name, fr, s.span)

    def module_value(self, importer: ModuleCtx, name: str, level: int) -> V:
        """Value bound by importing module `name`."""
        ctx = self.project.module(importer, name, level)
        if ctx is not None:
            return V(fn=ModuleVal(ctx.name, ctx))
        if level or self.project.is_package(importer, name, level):
            return V(fn=ModuleVal(name, None))
        return V(ref=self.spec.REQUEST_ALIASES.get(name, name))

    def lookup(self, name: str, env: dict[str, V], fr: Frame) -> V:
        """Value of a variable: local, enclosing, module global, builtin."""
        v = env.get(name)
        if v is not None:
            return v
        for scope in reversed(fr.closure):
            v = scope.get(name)
            if v is not None:
                return v
        v = fr.ctx.globals.get(name)
        if v is None and fr.ctx.depth:
            self.ensure_global(fr.ctx, name)
            v = fr.ctx.globals.get(name)
        if v is not None:
            return v
        if name in self.builtins:
            return V(ref=f"builtins.{name}")
        return UNKNOWN

    def _exported(self, ctx: ModuleCtx, name: str) -> V | None:
        """A name a CommonJS module exports (`exports.f = ...`, `module.exports = {f}`), if any."""
        for holder in ("exports", "module"):
            self.ensure_global(ctx, holder)
        module = ctx.globals.get("module")
        # `exports` and `module.exports` start as the same object: look in both.
        holders = [ctx.globals.get("exports"), module.attrs.get("exports") if module is not None and module.attrs
                   else None]
        for h in holders:
            if h is None:
                continue
            if h.attrs and name in h.attrs:
                return h.attrs[name]
            if h.dmap and name in h.dmap:
                return h.dmap[name]
        return None

    def getattr(self, base: V, name: str, fr: Frame, sp: ir.Span) -> V:
        """Value of base.name."""
        if base.attrs is not None and name in base.attrs:
            return base.attrs[name]
        fn = base.fn
        if isinstance(fn, ModuleVal):
            if fn.ctx is not None:
                self.ensure_global(fn.ctx, name)
                g = fn.ctx.globals.get(name)
                if g is not None:
                    return g
                exported = self._exported(fn.ctx, name)
                if exported is not None:
                    return exported
            sub = self.project.module(fr.ctx, f"{fn.name}.{name}", 0) if fn.name else None
            if sub is not None:
                return V(fn=ModuleVal(sub.name, sub))
            if fn.ctx is None and self.project.is_package(fr.ctx, f"{fn.name}.{name}", 0):
                return V(fn=ModuleVal(f"{fn.name}.{name}", None))
            return UNKNOWN
        if isinstance(base.inst, ClassVal):
            m = base.inst.lookup(name)
            if m is not None:
                if isinstance(m.fn, FuncVal) and not _is_static(m.fn.func):
                    return V(fn=BoundVal(m.fn, base))
                return m
            lib = _library_base(base.inst) if self.library_bases else None
            if lib is not None:
                # A member the class does not declare comes from the library type it embeds (Go).
                return self.getattr(V(self._not_random(base.flows), ref=lib), name, fr, sp)
            if name in self.attr_types:
                return V(self._not_random(base.flows), ref=self.attr_types[name])
            return V(self._not_random(base.flows))
        if isinstance(fn, ClassVal):
            m = fn.lookup(name)
            if m is not None:
                return m
            return UNKNOWN
        if base.ref:
            typed = self.spec.RETURNS.get(f"{base.ref}.__getattr__")
            if typed is not None:
                return V(base.flows, ref=typed)
            qn = self.spec.REQUEST_ALIASES.get(f"{base.ref}.{name}", f"{base.ref}.{name}")
            flows = base.flows
            req_attrs = self.spec.REQUEST_TYPES.get(base.ref)
            if base.ref == "flask.request" and name == "path" and self.route_path is not None:
                # A route without variable parts matches exactly one path.
                return V(const=self.route_path)
            if req_attrs is not None and name in req_attrs:
                step = self._step(fr, sp, "source", f"untrusted data from {qn}")
                flows = flows | {Flow(qn, "high", (step,), self.source_safe.get(name, frozenset()))}
            conf = self.source_attrs.get(qn)
            if not conf and base.ref in self.any_attr_sources and not name.startswith("_"):
                # an object whose own fields are input (commander's options stored on the program)
                conf, api = self.any_attr_sources[base.ref]
                conf = "" if name in api else conf
            if conf:
                step = self._step(fr, sp, "source", f"untrusted data from {qn}")
                flows = flows | {Flow(qn, conf, (step,), self.source_safe.get(qn, frozenset()))}
            return V(flows, ref=qn)
        if self.properties_are_keys and base.dmap is not None and name in base.dmap:
            return base.dmap[name]  # JavaScript: o.b of o = {a: x, b: 'y'} is the entry b
        if name in self.attr_types:
            return V(self._not_random(base.deep_flows()), ref=self.attr_types[name])
        return V(self._not_random(base.deep_flows()))

    def _declares_html(self, fr: Frame, other: bool = False) -> bool:
        """Whether the running function sets an HTML content type (res.writeHead / setHeader), or with
        `other` a content type browsers never render as HTML (text/plain, JSON, images)."""
        f = fr.func.func if fr.func is not None else None
        if f is None:
            return False
        key = (id(f), other)
        got = self._html_funcs.get(key)
        if got is None:
            if other:  # (set unconditionally: a statement of the function's own body)
                got = any(isinstance(st, ir.ExprStmt) and isinstance(st.expr, ir.Call) and _sets_other_type(st.expr)
                          for st in f.body)
            else:
                got = any(isinstance(n, ir.Call) and _sets_html_type(n)
                          for n in ir_walk.exprs(f.body, into_functions=False))
            self._html_funcs[key] = got
        return got

    def _may_start_html(self, arg: ir.Expr, whole: V) -> bool:
        """Whether a response body built by `arg` can begin with markup."""
        arg = _leading_part(arg)
        if isinstance(arg, ir.Const):
            return isinstance(arg.value, str) and arg.value.lstrip().startswith("<")
        if isinstance(arg, ir.Call) and _last_name(arg.func) == "stringify":
            return False  # JSON text starts with { [ " or a digit
        head: ir.Expr = arg
        while isinstance(head, ir.Attr | ir.Index):
            if isinstance(head, ir.Attr) and "xss" in self.source_safe.get(head.attr, ()):
                return False  # starts with a header or address the victim's own browser sends
            head = head.obj
        if isinstance(arg, ir.Attr) and arg.attr in self.path_attrs or (
                whole.ref and whole.ref.rpartition(".")[2] in self.path_attrs):
            return False  # a request path starts with '/'
        return True

    def _is_object(self, v: V) -> bool:
        """A dict, list, or a whole parsed request object (query, body...)."""
        return v.dmap is not None or v.seq is not None or v.ref in self.object_sources

    def _html_chain(self, obj: ir.Expr | None, fr: Frame) -> bool:
        """Whether a call chain ending in `obj` sets an HTML content type (.type / .header / .headers)."""
        while isinstance(obj, ir.Call) and isinstance(obj.func, ir.Attr):
            if _sets_html_type(obj):
                return True
            obj = obj.func.obj
        return False

    def _not_random(self, flows: frozenset[Flow]) -> frozenset[Flow]:
        """Flows without predictable-random ones: a field read from an object that holds a random
        value somewhere (a shuffled list, a jittered timer) is not itself that random value."""
        if not any(f.source == self.spec.WEAK_RANDOM_SOURCE for f in flows):
            return flows
        return frozenset(f for f in flows if f.source != self.spec.WEAK_RANDOM_SOURCE)

    # ---- expressions ----
    def ev(self, e: ir.Expr | None, env: dict[str, V], fr: Frame) -> V:
        """Evaluate an expression to an abstract value."""
        if e is None:
            return UNKNOWN
        if isinstance(e, ir.Name):
            return self.lookup(e.id, env, fr)
        if isinstance(e, ir.Const):
            return V(const=e.value)
        if isinstance(e, ir.Attr):
            return self.getattr(self.ev(e.obj, env, fr), e.attr, fr, e.span)
        if isinstance(e, ir.Call):
            return self.call(e, env, fr)
        if isinstance(e, ir.Format):
            parts = [self.ev(p, env, fr) for p in e.parts]
            if all(isinstance(p.const, str) for p in parts):
                return V(const="".join(p.const for p in parts))
            flows: set[Flow] = set()
            pinned = bool(parts) and isinstance(parts[0].const, str) and self._pins(parts[0].const)
            if not pinned and getattr(self.spec, "JOINED_URL_PREFIX", False):
                # The constant parts before the first variable one, together (`{BASE}/repos/{x}`).
                lead = list(itertools.takewhile(lambda p: isinstance(p.const, str), parts))
                pinned = bool(lead) and self._pins("".join(str(p.const) for p in lead))
            if self.placed_kinds:
                parts = [self._placed(parts[i - 1].const, p, e.span, fr) if i else p for i, p in enumerate(parts)]
            for p in parts:
                flows.update(sanitise(p.flat(), self.host_kinds).deep_flows() if pinned else p.deep_flows())
            return V(frozenset(flows), lit=all(p.lit for p in parts) and not flows)
        if isinstance(e, ir.BinOp):
            left, right = self.ev(e.left, env, fr), self.ev(e.right, env, fr)
            if self.placed_kinds and e.op == "+" and right.tainted:
                right = self._placed(left.const if isinstance(left.const, str) else _trailing_const(e.left),
                                     right, e.span, fr)
            out = self.binop(e.op, left, right)
            if e.op == "+" and isinstance(left.const, str) and _relative_text(left.const) and right.attrs \
                    and "__resolved__" in right.attrs and _NO_DOTDOT in right.attrs:
                # './' + p (or 'uploads/' + p) with p normalised and not starting with '..': relative and
                # below the directory, even when p was absolute ('./' + '/etc/passwd' names ./etc/passwd).
                out = sanitise(out, frozenset({"path"}))
            return out
        if isinstance(e, ir.Index):
            return self.index(self.ev(e.obj, env, fr), e.index, env, fr, e.span)
        if isinstance(e, ir.Collection):
            elts: list[V] = []
            extra: set[Flow] = set()
            known = True
            for x in e.elts:
                if isinstance(x, ir.Starred):
                    sv = self.ev(x.value, env, fr)
                    if sv.seq is not None:
                        elts.extend(sv.seq)
                    else:
                        known = False
                        extra.update(sv.deep_flows())
                else:
                    elts.append(self.ev(x, env, fr))
            if not known:
                for x2 in elts:
                    extra.update(x2.deep_flows())
                return V(frozenset(extra))
            const: Any = NC
            if e.kind == "tuple" and all(x.const is not NC for x in elts):
                const = tuple(x.const for x in elts)
            return V(const=const, seq=tuple(elts))
        if isinstance(e, ir.DictLit):
            dmap: dict[Any, V] = {}
            dflows: set[Flow] = set()
            for k, val in zip(e.keys, e.values, strict=True):
                vv = self.ev(val, env, fr)
                if k is None:
                    if vv.dmap is not None:
                        dmap.update(vv.dmap)
                    dflows.update(vv.deep_flows())
                    continue
                kv = self.ev(k, env, fr)
                if kv.const is not NC and _hashable(kv.const):
                    dmap[kv.const] = vv
                    if kv.const in self.resolver_roots and vv.dmap and self.collect_roots:
                        self._register_resolvers(vv.dmap, self.resolver_roots[kv.const])
                else:
                    dflows.update(vv.deep_flows())
                    dflows.update(kv.deep_flows())
            return V(frozenset(dflows), dmap=dmap)
        if isinstance(e, ir.IfExp):
            t = self.truth(self.ev(e.test, env, fr))
            if t is True:
                return self.ev(e.body, env, fr)
            if t is False:
                return self.ev(e.orelse, env, fr)
            return join(self.ev(e.body, env, fr), self.ev(e.orelse, env, fr))
        if isinstance(e, ir.BoolOp):
            vals = [self.ev(v, env, fr) for v in e.values]
            for v in vals:
                t = self.truth(v)
                if t is None:
                    break
                if (e.op == "and" and t is False) or (e.op == "or" and t is True):
                    return v
            else:
                return vals[-1]
            acc: V | None = None
            for v in vals:
                acc = join(acc, v)
            return acc if acc is not None else UNKNOWN
        if isinstance(e, ir.Compare):
            left = self.ev(e.left, env, fr)
            rights = [self.ev(c, env, fr) for c in e.comparators]
            res: Any = True
            cur = left
            for op, r in zip(e.ops, rights, strict=True):
                fn = _CMPOPS.get(op)
                if fn is None or cur.const is NC or r.const is NC:
                    return UNKNOWN
                try:
                    ok = fn(cur.const, r.const)
                except Exception:  # noqa: BLE001  (folding a comparison of foreign constants)
                    return UNKNOWN
                res = res and ok
                cur = r
            return V(const=bool(res))
        if isinstance(e, ir.UnaryOp):
            v = self.ev(e.operand, env, fr)
            if v.const is not NC:
                try:
                    if e.op == "not":
                        return V(const=not v.const)
                    if e.op == "-" and isinstance(v.const, int | float):
                        return V(const=-v.const)
                    if e.op == "+" and isinstance(v.const, int | float):
                        return v
                    if e.op == "~" and isinstance(v.const, int):
                        return V(const=~v.const)
                except TypeError:
                    return UNKNOWN
            if e.op == "not":
                return UNKNOWN
            return V(v.deep_flows())
        if isinstance(e, ir.Lambda):
            fv = FuncVal(e.func, fr.ctx, [*fr.closure, env])
            if fr.func is None and fr.is_root and self.collect_roots and fr.ctx.module.language != "python":
                # A function expression at a module's top level (`exports.handler = function (req, res)`,
                # an object of handlers) is an entry point like a declared function. One handed to a
                # route method is registered again there, with its parameter types, and runs first.
                self.roots.append((fv, None))
            return V(fn=fv)
        if isinstance(e, ir.Comprehension):
            return self.comprehension(e, env, fr)
        if isinstance(e, ir.Await):
            return self.ev(e.value, env, fr) if e.value is not None else UNKNOWN
        if isinstance(e, ir.Starred):
            return self.ev(e.value, env, fr)
        if isinstance(e, ir.Slice):
            parts = [self.ev(x, env, fr) for x in (e.lower, e.upper, e.step) if x is not None]
            return V(const=NC, flows=frozenset().union(*(p.deep_flows() for p in parts)) if parts else EMPTY)
        if isinstance(e, ir.Opaque):
            if e.kind == "walrus" and len(e.children) == 2:
                v = self.ev(e.children[1], env, fr)
                self.assign(e.children[0], v, env, fr, e.span)
                return v
            if e.kind == "typeof":
                return UNKNOWN  # the name of a type, never the operand's data (its child is for guards)
            flows2: set[Flow] = set()
            for c in e.children:
                flows2.update(self.ev(c, env, fr).deep_flows())
            return V(frozenset(flows2))
        return UNKNOWN

    def comprehension(self, e: ir.Comprehension, env: dict[str, V], fr: Frame) -> V:
        inner = dict(env)
        for target, it, conds in e.generators:
            itv = self.ev(it, inner, fr)
            self.assign(target, self.element_of(itv), inner, fr, e.span, step=False)
            for c in conds:
                self.ev(c, inner, fr)
        elt = self.ev(e.elt, inner, fr)
        flows = set(elt.deep_flows())
        if e.value is not None:
            flows.update(self.ev(e.value, inner, fr).deep_flows())
        return V(frozenset(flows))

    def truth(self, v: V) -> bool | None:
        """Constant truth value, or None when unknown."""
        if v.const is not NC:
            try:
                return bool(v.const)
            except Exception:  # noqa: BLE001
                return None
        if v.fn is not None:
            return True
        return None

    def binop(self, op: str, a: V, b: V) -> V:
        if a.const is not NC and b.const is not NC:
            folded = _fold(op, a.const, b.const)
            if folded is not NC:
                return V(const=folded)
        if op == "+" and a.seq is not None and b.seq is not None:
            return V(a.flows | b.flows, seq=a.seq + b.seq)
        if op == "/" and (a.ref == "pathlib.Path" or b.ref == "pathlib.Path"):
            if b.tainted:
                return V(a.deep_flows() | b.deep_flows(), ref="pathlib.Path",
                         attrs={"__path_taint__": b})
            return V(a.deep_flows(), ref="pathlib.Path", attrs=a.attrs)
        flows = a.deep_flows() | b.deep_flows()
        if op == "+" and isinstance(a.const, str) and self._pins(a.const) and b.tainted:
            flows = a.deep_flows() | sanitise(b.flat(), self.host_kinds).deep_flows()
        cset = None
        if op == "+" and a.cset and b.cset and len(a.cset) * len(b.cset) <= 8:
            try:
                cset = frozenset(x + y for x in a.cset for y in b.cset)
            except TypeError:
                cset = None
        return V(flows, cset=cset, lit=a.lit and b.lit and not flows)

    def index(self, base: V, idx_e: ir.Expr, env: dict[str, V], fr: Frame, sp: ir.Span) -> V:
        if isinstance(idx_e, ir.Slice):
            lo = self.ev(idx_e.lower, env, fr) if idx_e.lower is not None else V(const=None)
            hi = self.ev(idx_e.upper, env, fr) if idx_e.upper is not None else V(const=None)
            st = self.ev(idx_e.step, env, fr) if idx_e.step is not None else V(const=None)
            if base.const is not NC and all(x.const is None or isinstance(x.const, int) for x in (lo, hi, st)):
                try:
                    return V(const=base.const[slice(lo.const, hi.const, st.const)])
                except (TypeError, ValueError):
                    return UNKNOWN
            if base.seq is not None and all(x.const is None or isinstance(x.const, int) for x in (lo, hi, st)):
                try:
                    return V(base.flows, seq=base.seq[slice(lo.const, hi.const, st.const)])
                except (TypeError, ValueError):
                    pass
            return V(base.deep_flows(), ref=base.ref if base.ref == "pathlib.Path" else None)
        key = self.ev(idx_e, env, fr)
        k = key.const
        if base.ref and isinstance(k, int) and k in getattr(self.spec, "UNTAINTED_INDEXES", {}).get(base.ref, ()):
            return UNKNOWN  # a fixed element of a source that nobody chooses (process.argv[0]: the runtime)
        if self.index_read_sink and key.tainted and not base.tainted:
            self.sink(self.index_read_sink, key, fr, sp, "an index chosen by the input", "medium")
        if base.seq is not None and isinstance(k, int) and not isinstance(k, bool):
            if -len(base.seq) <= k < len(base.seq):
                return base.seq[k]
            return V(base.flows)
        if base.dmap is not None and k is not NC and _hashable(k):
            if k in base.dmap:
                return base.dmap[k]
            return V(base.flows)
        if base.const is not NC and k is not NC:
            try:
                return V(const=base.const[k])
            except Exception:  # noqa: BLE001  (indexing a foreign constant)
                return UNKNOWN
        # An element picked by a predictable index (charset[rand.Intn(n)]) is as predictable.
        weak_src = getattr(self.spec, "WEAK_RANDOM_SOURCE", None)
        weak = frozenset(f for f in key.deep_flows() if f.source == weak_src) if weak_src else frozenset()
        if base.ref:
            typed = self.spec.RETURNS.get(f"{base.ref}.__getitem__")
            return V(base.flows | key.deep_flows() if typed is None else base.flows | weak, ref=typed)
        return V(base.deep_flows() | weak)

    # ---- calls ----
    def call(self, e: ir.Call, env: dict[str, V], fr: Frame) -> V:
        out = self._call(e, env, fr)
        if self._carried:
            rejected = self._carried.pop(id(e), None)
            if rejected is not None:  # p.then(f) rejects as p does
                out = _rejecting(out, rejected)
        return out

    def _call(self, e: ir.Call, env: dict[str, V], fr: Frame) -> V:
        recv: V | None = None
        method = ""
        if isinstance(e.func, ir.Attr):
            recv = self.ev(e.func.obj, env, fr)
            method = e.func.attr
            callee = self.getattr(recv, method, fr, e.func.span)
        else:
            callee = self.ev(e.func, env, fr)
        args: list[V] = []
        for a in e.args:
            if isinstance(a, ir.Starred):
                sv = self.ev(a.value, env, fr)
                if sv.seq is not None:
                    args.extend(sv.seq)
                else:
                    args.append(sv.flat())
            else:
                args.append(self.ev(a, env, fr))
        kwargs: dict[str, V] = {}
        for kw in e.keywords:
            kv = self.ev(kw.value, env, fr)
            if kw.name is None:
                if kv.dmap is not None:
                    kwargs.update({k: v for k, v in kv.dmap.items() if isinstance(k, str)})
                if kv.flows:
                    kwargs["**"] = kv.flat()
            else:
                kwargs[kw.name] = kv

        fn = callee.fn
        if self.exception_flows and recv is not None:
            rejected = self._rejection(recv, method, args, e, fr)
            if rejected is not None:
                self._carried[id(e)] = rejected
        if self.component_render and callee.ref == self.component_render and len(args) == 2:
            self._render_component(args[0], args[1], e, fr)
            return UNKNOWN
        if method in self.state_setters and fn is None and args and isinstance(e.func, ir.Attr) \
                and isinstance(e.func.obj, ir.Name) and e.func.obj.id == "self" and fr.func is not None \
                and fr.func.cls is not None:
            self._set_state(e.func.obj, args[0], e, env, fr)
            return V(const=None)
        if method and recv is not None and fn is None and method in self.passthrough_methods \
                and (callee.ref or "") not in self.spec.SINKS and (callee.ref or "") not in self.spec.RETURNS \
                and (recv.ref is None or recv.flows or recv.ref in self.object_types):
            for sk in self.spec.METHOD_SINKS.get(method, []):
                self.check_sink(sk, args, kwargs, e, fr, f".{method}", "medium", recv)
            return recv
        if method and self.collect_roots:
            # Route registration: the receiver's own table when its type is known (a Fastify
            # instance), else the language's table by method name (Express-style apps).
            by_recv = self.receiver_routes.get(recv.ref) if recv is not None and recv.ref else None
            types = by_recv.get(method) if by_recv is not None else self.spec.CALLBACK_ROUTES.get(method)
            if types is not None:
                for av in args:
                    if isinstance(av.fn, FuncVal) and av.fn.callback is None:
                        av.fn.callback = types
                        self.roots.append((av.fn, None))
        if e.is_new and isinstance(fn, FuncVal) and not fn.func.is_lambda:
            obj = self.construct(fn, args, kwargs, e, fr)
            proto = (callee.attrs or {}).get("prototype")
            if proto is not None and proto.attrs:
                # Methods assigned to F.prototype: what the object inherits (own fields win).
                return V(obj.flows, attrs={**proto.attrs, **(obj.attrs or {})})
            return obj
        if isinstance(fn, FuncVal | BoundVal | ClassVal):
            return self.call_user(fn, args, kwargs, e, env, fr, recv)

        qn = callee.ref or ""
        if recv is not None and not qn:
            # A method on a value of unknown type.
            out = self.call_unknown_method(recv, method, args, kwargs, e, env, fr)
        else:
            out = self.call_external(qn, callee, recv, method, args, kwargs, e, env, fr)
            sinks = self.spec.SINKS.get(qn)
            if sinks and all(sk.kind == "path" for sk in sinks) and out.tainted:
                # What a call reads or lists at a path (file contents, directory entries, metadata) is
                # not the path: naming the file is the traversal, reported at this call, and the bytes
                # that come back are the file's, not the requester's text.
                out = _without_flows(out)
        if self.fill_args:
            filled = self.fill_args.get(qn) or self.fill_args.get(f".{method}") if method else \
                self.fill_args.get(qn)
            if filled:
                self._fill(filled, callee, recv, args, e, env, fr)
        return out

    def _fill(self, filled: tuple[int, ...], callee: V, recv: V | None, args: list[V], e: ir.Call,
              env: dict[str, V], fr: Frame) -> None:
        """The arguments at `filled` receive the data of the callee, the receiver and the other arguments."""
        flows = set(callee.flows)
        if recv is not None:
            flows.update(recv.deep_flows())
        for i, a in enumerate(args):
            if i not in filled:
                flows.update(a.deep_flows())
        if not flows:
            return
        new = frozenset(flows)
        for i in filled:
            if i < len(e.args) and isinstance(e.args[i], ir.Name | ir.Attr | ir.Index):
                # The argument now holds data (a filled string is no longer the constant it was).
                self._assign_path(e.args[i], lambda b: V(b.flows | new, ref=b.ref, attrs=b.attrs, fn=b.fn,
                                                         inst=b.inst), env, fr)

    def call_unknown_method(self, recv: V, method: str, args: list[V], kwargs: dict[str, V], e: ir.Call,
                            env: dict[str, V], fr: Frame) -> V:
        if getattr(self.spec, "RUN_CALLBACKS_OF_UNKNOWN_METHODS", False):
            # Function literals handed to a method of an unknown receiver (a router's r.GET(path, func...))
            # run there, with the values their declared parameter types give.
            for av in args:
                if isinstance(av.fn, FuncVal) and av.fn.callback is None and av.fn.func.is_lambda:
                    self.invoke(av.fn, [self._annotated(p) or UNKNOWN for p in av.fn.func.params], {}, e, fr)
        cb_flows: frozenset[Flow] = EMPTY
        if self.callbacks_from_receiver:
            # Closures handed to a method of a value (Rust: opt.map(|x| ..), iter.for_each(|x| ..)) run
            # there on the receiver's contents; what they return flows into the result.
            for av in args:
                if isinstance(av.fn, FuncVal) and av.fn.callback is None and av.fn.func.is_lambda:
                    res, _ = self.invoke(av.fn, [V(recv.deep_flows()) for _ in av.fn.func.params], {}, e, fr)
                    cb_flows = cb_flows | res.deep_flows()
        sinks = self.spec.METHOD_SINKS.get(method, [])
        if sinks:
            for sk in sinks:
                self.check_sink(sk, args, kwargs, e, fr, f".{method}", "medium", recv)
            return V(recv.deep_flows())
        if method in self.method_sanitizers:
            res = self._opaque_result([recv, *args], kwargs)
            # A method of that name on data from these sources returns the data, not a sanitised
            # form (Rust: a multipart field's file_name() is the name the client sent).
            kept = getattr(self.spec, "METHOD_SANITIZER_EXCEPT_SOURCES", {}).get(method, ())
            if kept and any(f.source in kept for f in recv.deep_flows()):
                return res
            return sanitise(res, self.method_sanitizers[method])
        if method in self.resolved_path_methods:
            return V(self._opaque_result([recv, *args], kwargs).flows, attrs={"__resolved__": V(const=True)})
        if args and _known(args[0]) and fr.ctx is self.root_ctx:
            self.constant_calls.add((e.span.line, e.span.col))
        if method in ("split", "rsplit") and args and isinstance(args[0].const, str) and "/" in args[0].const \
                and recv.tainted:
            # The parts of a string split on "/" cannot hold a path separator.
            return sanitise(V(recv.deep_flows()), frozenset({"path"}))
        if method == "replace" and len(args) >= 2 and isinstance(args[0].const, str) \
                and isinstance(args[1].const, str) and recv.tainted:
            kinds = _replace_sanitises(args[0].const, args[1].const)
            if kinds:
                return sanitise(V(recv.deep_flows()), kinds)
        if self.placed_kinds and method == "join" and len(args) == 1 and isinstance(args[0].const, str) \
                and recv.tainted:
            # [prog, ...args].join(' '): every element after the first follows the separator
            sep = args[0].const
            if recv.seq:
                # (flows of the list itself came from elements pushed after the known ones)
                parts = [recv.seq[0], *(self._placed(sep, x, e.span, fr) for x in recv.seq[1:]),
                         self._placed(sep, V(recv.flows), e.span, fr)]
                return V(frozenset().union(*(p.deep_flows() for p in parts)))
            return V(self._placed(sep, V(recv.deep_flows()), e.span, fr).flows)
        model = self.container_method(recv, method, args, e, env, fr)
        if model is not None:
            return model
        if method in self.spec.UNTAINTING_METHODS:
            return UNKNOWN
        if recv.const is not NC and method in _CONST_STR_METHODS and all(a.const is not NC for a in args):
            try:
                return V(const=getattr(recv.const, method)(*[a.const for a in args]))
            except Exception:  # noqa: BLE001  (folding a method of a foreign constant)
                pass
        flows = set(recv.deep_flows()) | cb_flows
        for a in args:
            flows.update(a.deep_flows())
        for v in kwargs.values():
            flows.update(v.deep_flows())
        if method in self.spec.MUTATING_METHODS and isinstance(e.func, ir.Attr) and flows:
            self._assign_path(e.func.obj, lambda b: b.with_flows(b.flows | frozenset(flows)), env, fr)
        out = V(frozenset(flows))
        if method in ("join", "format", "replace", "strip", "lower", "upper") and recv.cset and not flows:
            return V(const=NC)
        return out

    def container_method(self, recv: V, method: str, args: list[V], e: ir.Call, env: dict[str, V],
                         fr: Frame) -> V | None:
        """Model list/dict/config methods that store or fetch elements; None when not modelled."""
        obj = e.func.obj if isinstance(e.func, ir.Attr) else None
        if obj is None:
            return None
        a0 = args[0] if args else None

        def rebind(new: V) -> None:
            self._assign_path(obj, lambda _b: new, env, fr)

        if recv.seq is not None and recv.ref is None:
            seq = list(recv.seq)
            if method == "append" and len(args) == 1:
                rebind(V(recv.flows, seq=tuple([*seq, args[0]])))
                return V(const=None)
            if method == "extend" and len(args) == 1:
                if args[0].seq is not None:
                    rebind(V(recv.flows, seq=tuple(seq + list(args[0].seq))))
                else:
                    rebind(V(recv.flows | args[0].deep_flows() | frozenset().union(
                        *(x.deep_flows() for x in seq)) if seq else recv.flows | args[0].deep_flows()))
                return V(const=None)
            if method == "insert" and len(args) == 2 and isinstance(args[0].const, int):
                seq.insert(args[0].const, args[1])
                rebind(V(recv.flows, seq=tuple(seq)))
                return V(const=None)
            if method == "pop":
                if not args and seq:
                    item = seq.pop()
                    rebind(V(recv.flows, seq=tuple(seq)))
                    return item
                if a0 is not None and isinstance(a0.const, int) and -len(seq) <= a0.const < len(seq):
                    item = seq.pop(a0.const)
                    rebind(V(recv.flows, seq=tuple(seq)))
                    return item
            if method == "remove" and a0 is not None and a0.const is not NC:
                for i, x in enumerate(seq):
                    if x.const is not NC and x.const == a0.const:
                        del seq[i]
                        rebind(V(recv.flows, seq=tuple(seq)))
                        break
                return V(const=None)
            if method in ("copy",):
                return recv
            if method == "reverse":
                rebind(V(recv.flows, seq=tuple(reversed(seq))))
                return V(const=None)
            if method in ("index", "count"):
                return UNKNOWN
        if recv.dmap is not None and recv.ref in (None, "configparser.ConfigParser"):
            dmap = dict(recv.dmap)
            if recv.ref == "configparser.ConfigParser":
                if method == "set" and len(args) >= 3 and args[0].const is not NC and args[1].const is not NC:
                    dmap[(args[0].const, args[1].const)] = args[2]
                    rebind(V(recv.flows, ref=recv.ref, dmap=dmap))
                    return V(const=None)
                if method in ("get", "__getitem__") and len(args) >= 2 and args[0].const is not NC \
                        and args[1].const is not NC:
                    got = dmap.get((args[0].const, args[1].const))
                    return got if got is not None else V(recv.flows)
                if method in ("add_section", "has_section", "sections", "has_option"):
                    return UNKNOWN
                return None
            if method == "get" and a0 is not None and a0.const is not NC and _hashable(a0.const):
                if a0.const in dmap:
                    found: V = dmap[a0.const]
                    return found
                return join(V(recv.flows), args[1]) if len(args) > 1 else V(recv.flows)
            if method == "setdefault" and a0 is not None and a0.const is not NC and _hashable(a0.const):
                if a0.const not in dmap:
                    dmap[a0.const] = args[1] if len(args) > 1 else V(const=None)
                    rebind(V(recv.flows, dmap=dmap))
                current: V = dmap[a0.const]
                return current
            if method == "pop" and a0 is not None and a0.const is not NC and _hashable(a0.const):
                popped: V = dmap.pop(a0.const, args[1] if len(args) > 1 else V(recv.flows))
                rebind(V(recv.flows, dmap=dmap))
                return popped
            if method == "update" and a0 is not None:
                if a0.dmap is not None:
                    dmap.update(a0.dmap)
                    rebind(V(recv.flows | a0.flows, dmap=dmap))
                else:
                    rebind(V(recv.flows | a0.deep_flows(), dmap=dmap))
                return V(const=None)
            if method in ("keys",):
                return V(const=NC, seq=tuple(V(const=k) for k in dmap), flows=recv.flows)
            if method in ("values",):
                return V(recv.flows, seq=tuple(dmap.values()))
            if method in ("items",):
                return V(recv.flows, seq=tuple(V(seq=(V(const=k), v)) for k, v in dmap.items()))
            if method == "copy":
                return recv
        return None

    def call_user(self, fn: FuncVal | BoundVal | ClassVal, args: list[V], kwargs: dict[str, V], e: ir.Call,
                  env: dict[str, V], fr: Frame, recv: V | None) -> V:
        if isinstance(fn, ClassVal):
            inst = V(inst=fn, attrs={})
            init = fn.lookup("__init__")
            if init is not None and isinstance(init.fn, FuncVal):
                _, after = self.invoke(init.fn, [inst, *args], kwargs, e, fr)
                if after is not None:
                    return V(after.flows, attrs=after.attrs, inst=fn)
            # Unknown constructor (e.g. a dataclass or a library base class): fields from arguments.
            flows: set[Flow] = set()
            for a in args:
                flows.update(a.deep_flows())
            for v in kwargs.values():
                flows.update(v.deep_flows())
            return V(frozenset(flows), attrs={k: v for k, v in kwargs.items() if k != "**"}, inst=fn)
        if isinstance(fn, BoundVal):
            result, after = self.invoke(fn.fn, [fn.self_v, *args], kwargs, e, fr)
            if after is not None and recv is not None and isinstance(e.func, ir.Attr) and after is not fn.self_v:
                obj = e.func.obj
                self._assign_path(obj, lambda _b: after, env, fr)
            return self._named_sanitiser(fn.fn.func.name, result)
        result, _ = self.invoke(fn, args, kwargs, e, fr)
        return self._named_sanitiser(fn.func.name, result)

    def construct(self, fv: FuncVal, args: list[V], kwargs: dict[str, V], e: ir.Call, fr: Frame) -> V:
        """`new F(...)` of a plain function: F runs with `this` (the IR's `self`) bound to a new
        object, and the object with the fields F set is the result (methods stored on `this`
        included, so `obj.method(...)` later runs them)."""
        ctor = self._ctor_views.get(id(fv.func))
        if ctor is None:
            f = fv.func
            ctor = ir.Func(f.span, f.name, [ir.Param("self"), *f.params], f.body, f.decorators, False,
                           f.is_async, f.qualname)
            self._ctor_views[id(fv.func)] = ctor
        view = FuncVal(ctor, fv.ctx, fv.closure, fv.cls)
        _, after = self.invoke(view, [V(attrs={}), *args], kwargs, e, fr)
        if after is None or after.attrs is None:
            return V(self._opaque_result(args, kwargs).deep_flows(), attrs={})
        return V(after.flows, attrs=after.attrs)

    def _named_sanitiser(self, name: str, v: V) -> V:
        if not v.tainted:
            return v
        low = name.lower()
        for frag, kinds in self.spec.NAMED_SANITIZERS.items():
            if frag in low:
                return sanitise(v, kinds)
        return v

    def _rejection(self, recv: V, method: str, args: list[V], e: ir.Call, fr: Frame) -> V | None:
        """A promise that rejects with tainted data (an async function of the file that throws it):
        `p.catch(h)` / `p.then(f, h)` run h on it; `p.then(f)` / `p.finally(f)` pass the rejection on
        (returned)."""
        rejected = (recv.attrs or {}).get("__rejected__")
        if rejected is None or method not in ("catch", "then", "finally"):
            return None
        pos = 0 if method == "catch" else 1 if method == "then" else -1
        handler = args[pos] if 0 <= pos < len(args) else None
        if handler is not None and isinstance(handler.fn, FuncVal) and handler.fn.func.params:
            rest = [self._annotated(p) or UNKNOWN for p in handler.fn.func.params[1:]]
            self.invoke(handler.fn, [rejected, *rest], {}, e, fr)
            return None
        return rejected if handler is None else None

    def _throw(self, fr: Frame, v: V) -> None:
        """A value thrown where `fr` runs: to the innermost try block running, else out of the function."""
        if fr.raised:
            fr.raised[-1].append(v)
        else:
            fr.throws.append(v)

    def invoke(self, fv: FuncVal, args: list[V], kwargs: dict[str, V], e: ir.Call, caller: Frame
               ) -> tuple[V, V | None]:
        """Run a user function on abstract arguments; returns (result, final value of the first parameter)."""
        res = self._invoke(fv, args, kwargs, e, caller)
        if self.exception_flows:
            key = (id(fv.func), tuple(a.sig() for a in args), tuple(sorted((k, v.sig()) for k, v in kwargs.items())))
            thrown = self._thrown.get(key)
            if thrown is not None:
                thrown = add_step(thrown, self._step(caller, e.span, "call", f"thrown by {fv.func.name}()"))
                self._throw(caller, thrown)
                if fv.func.is_async:  # the promise it returns rejects with it
                    res = (_rejecting(res[0], thrown), res[1])
        return res

    def _invoke(self, fv: FuncVal, args: list[V], kwargs: dict[str, V], e: ir.Call, caller: Frame
                ) -> tuple[V, V | None]:
        f = fv.func
        if len(self.stack) >= MAX_CALL_DEPTH or self.calls_budget <= 0:
            return self._opaque_result(args, kwargs), None
        key = (id(f), tuple(a.sig() for a in args), tuple(sorted((k, v.sig()) for k, v in kwargs.items())))
        if key in self.memo:
            return self.memo[key]
        if key in self.stable_memo:
            return self.stable_memo[key]
        if any(s.func is f for s in self.stack):
            # Recursive call: use the current approximation and remember to iterate.
            self.recursive.add(id(f))
            return self.memo.get(key, (self._opaque_result(args, kwargs) if not args else V(
                frozenset().union(*(a.deep_flows() for a in args))), None))
        self.calls_budget -= 1
        env = self.bind(fv, args, kwargs, e, caller)
        first = f.params[0].name if f.params else None
        result: tuple[V, V | None] = (UNKNOWN, None)
        for _ in range(MAX_FIXPOINT):
            frame = Frame(fv.ctx, dict(env), fv.closure, fv, False)
            self.stack.append(fv)
            try:
                end = self.exec_block(f.body, frame.env, frame)
            finally:
                self.stack.pop()
            ret: V | None = None
            for r in frame.returns:
                ret = join(ret, r)
            if ret is None:
                ret = V(const=None)
            if frame.throws:
                self._thrown[key] = V(frozenset().union(*(t.deep_flows() for t in frame.throws)))
            after = None
            if first is not None:
                final_env = self.join_env(end, None)
                after = (final_env or frame.env).get(first)
            if ret.flows:
                ret = add_step(ret, self._step(caller, e.span, "return", f"returned from {f.name}()"))
            new = (ret, after)
            if id(f) not in self.recursive:
                result = new
                break
            old = self.memo.get(key)
            self.memo[key] = new
            result = new
            if old is not None and old[0].sig() == new[0].sig():
                break
            self.recursive.discard(id(f))
        self.memo[key] = result
        if not any(a.tainted for a in args) and not any(v.tainted for v in kwargs.values()):
            self.stable_memo[key] = result
        return result

    def bind(self, fv: FuncVal, args: list[V], kwargs: dict[str, V], e: ir.Call, caller: Frame) -> dict[str, V]:
        """Bind call arguments to parameters, recording a trace step for tainted ones."""
        env: dict[str, V] = {}
        params = fv.func.params
        pos = [p for p in params if p.kind == "pos"]
        rest = list(args)
        for p in pos:
            if rest:
                env[p.name] = rest.pop(0)
            elif p.name in kwargs:
                env[p.name] = kwargs.pop(p.name)
            elif p.default is not None:
                env[p.name] = self.ev(p.default, {}, Frame(fv.ctx, {}, fv.closure, None, False))
            else:
                env[p.name] = UNKNOWN
        for p in params:
            if p.kind == "vararg":
                env[p.name] = V(seq=tuple(rest))
                rest = []
            elif p.kind == "kwonly":
                given = kwargs.pop(p.name, None)
                env[p.name] = given if given is not None else (
                    self.ev(p.default, {}, Frame(fv.ctx, {}, fv.closure, None, False)) if p.default else UNKNOWN)
            elif p.kind == "kwarg":
                env[p.name] = V(dmap=dict(kwargs))
                kwargs = {}
        for name, v in list(env.items()):
            if v.flows:
                env[name] = add_step(v, self._step(caller, e.span, "call",
                                                   f"passed as `{name}` to {fv.func.name}()"))
        return env

    @staticmethod
    def _opaque_result(args: list[V], kwargs: dict[str, V]) -> V:
        flows: set[Flow] = set()
        for a in args:
            flows.update(a.deep_flows())
        for v in kwargs.values():
            flows.update(v.deep_flows())
        return V(frozenset(flows))

    def call_external(self, qn: str, callee: V, recv: V | None, method: str, args: list[V], kwargs: dict[str, V],
                      e: ir.Call, env: dict[str, V], fr: Frame) -> V:
        if args and _known(args[0]) and fr.ctx is self.root_ctx:
            self.constant_calls.add((e.span.line, e.span.col))
        wrapped = self.function_wrappers.get(qn)
        if wrapped is not None and wrapped < len(args) and (args[wrapped].ref or args[wrapped].fn is not None):
            return args[wrapped]  # util.promisify(exec) calls exec: same sinks, same summaries
        pure = _PURE.get(qn)
        if pure is not None and args and all(a.lit for a in args):
            if all(a.const is not NC for a in args) and not kwargs:
                try:
                    out = pure(*[a.const for a in args])
                    if isinstance(out, str | bytes) and len(out) < 100_000:
                        return V(const=out)
                except Exception:  # noqa: BLE001  (pure stdlib function on foreign constants)
                    pass
            return V(lit=True)
        if method == "set_cookie" and len(args) >= 2:
            self.sink(self.spec.WEAK_RANDOM_KIND, args[1], fr, e.span, "a cookie value", "high")
        if qn in self.module_loaders and args and isinstance(args[0].const, str):
            # A module loaded by a constant name is that module (a loader can also be a sink for other names).
            return self.module_value(fr.ctx, args[0].const, 0)
        throws = self.throws_args.get(qn)
        if throws and self.exception_flows:
            # the library puts this argument in the error it throws (JSON.parse: `"<input>" is not valid JSON`)
            put = frozenset().union(*(args[i].deep_flows() for i in throws if i < len(args)))
            if put:
                self._throw(fr, add_step(V(put), self._step(fr, e.span, "step", f"in the error {qn}() throws")))
        # Sinks
        sinks = self.spec.SINKS.get(qn, [])
        if not sinks and method and not qn.startswith(("builtins.", "os.", "subprocess.")) and not (
                recv is not None and method in self.spec.REQUEST_TYPES.get(recv.ref or "", ())):
            # (A request object's own methods return request data, whatever they are called: gin's c.Query.)
            sinks = self.spec.METHOD_SINKS.get(method, [])
        for sk in sinks:
            self.check_sink(sk, args, kwargs, e, fr, qn, "high" if qn in self.spec.SINKS else "medium", recv)
        if sinks and all(sk.kind in _QUERY_KINDS or self.safe_as.get(sk.kind) in _QUERY_KINDS for sk in sinks):
            # The result of running a query or command is data from elsewhere, not the query text.
            ret = self.spec.RETURNS.get(qn)
            return V(recv.deep_flows() if recv is not None else EMPTY, ref=ret,
                     attrs=self._recorded(qn, ret, recv, args) if self.record_args else None)
        # Models with special semantics
        special = self.special_call(qn, callee, recv, method, args, kwargs, e, env, fr)
        if special is not None:
            return special
        if recv is not None and method:
            model = self.container_method(recv, method, args, e, env, fr)
            if model is not None:
                return model
        for av in args:
            if isinstance(av.fn, FuncVal) and av.fn.callback is None and (
                    av.fn.func.is_lambda or av.fn.ctx is fr.ctx):
                # A function handed to a library (callbacks, promise handlers, map/filter) runs there.
                self.invoke(av.fn, [self._annotated(p) or UNKNOWN for p in av.fn.func.params], {}, e, fr)
        if qn in self.spec.DECODERS:
            return V(frozenset(Flow(f.source, f.confidence, f.trace, f.safe & self.not_weakrand
                                    if f.source == self.spec.WEAK_RANDOM_SOURCE else frozenset())
                               for f in self._opaque_result(args, kwargs).deep_flows()))
        # Path facts: a path without '..' anywhere ("all"), or a normalised one stripped of its leading run
        # of '..' segments ("leading"), keeps '..' nowhere: it is as good as normalised and free of '..'.
        strips = self.path_fact_calls.get(qn)
        if strips and args:
            arg = args[0]
            # (the synthetic call wraps the replace, whose receiver is the path it was given)
            inner = e.args[0] if e.args else None
            replaced = inner.func.obj if isinstance(inner, ir.Call) and isinstance(inner.func, ir.Attr) else inner
            if strips == "all" or replaced is not None and self._is_resolved_path(replaced, env, fr):
                return _path_fact(V(arg.deep_flows(), attrs={**(arg.attrs or {}), "__resolved__": V(const=True)}),
                                  frozenset({_NO_DOTDOT}))
            return V(arg.deep_flows())
        # Sanitisers
        kinds = self.spec.SANITIZERS.get(qn)
        if kinds is not None:
            if kinds == self.spec.ALL_KINDS:
                weak = frozenset(f for f in self._opaque_result(args, kwargs).deep_flows()
                                 if f.source == self.spec.WEAK_RANDOM_SOURCE)
                return V(weak, ref=self.spec.RETURNS.get(qn))
            base = self._opaque_result(args, kwargs)
            return sanitise(base, kinds)
        if method in self.spec.UNTAINTING_METHODS:
            return UNKNOWN
        # Sources
        flows: set[Flow] = set(callee.flows)
        owner, _, fname = qn.rpartition(".")
        if fname in self.spec.WEAK_RANDOM_FUNCS and owner in self.spec.WEAK_RANDOM_MODULES:
            flows.add(Flow(self.spec.WEAK_RANDOM_SOURCE, "high",
                           (self._step(fr, e.span, "source", f"predictable value from {qn}()"),), self.not_weakrand))
        conf = self.source_calls.get(qn)
        arity = self.source_arity.get(qn)
        if conf and arity is not None and (len(args) != arity or kwargs or any(a.dmap is not None for a in args)):
            conf = ""
        if conf:
            flows.add(Flow(qn, conf, (self._step(fr, e.span, "source", f"untrusted data from {qn}()"),),
                           self.source_safe.get(qn, frozenset())))
        if qn.endswith(".read") or qn.endswith(".readline") or qn.endswith(".readlines"):
            pass
        # Propagation: receiver and arguments flow into the result.
        if recv is not None:
            flows.update(recv.deep_flows())
        for a in args:
            flows.update(a.deep_flows())
        for v in kwargs.values():
            flows.update(v.deep_flows())
        ret_type = self.spec.RETURNS.get(qn)
        if recv is not None and method in self.spec.MUTATING_METHODS and isinstance(e.func, ir.Attr):
            new_flows = frozenset(flows) - recv.flows
            if new_flows:
                self._assign_path(e.func.obj, lambda b: b.with_flows(b.flows | new_flows), env, fr)
        if qn.startswith("builtins."):
            name = qn[9:]
            if name in ("str", "repr", "format", "bytes", "bytearray"):
                if args and args[0].const is not NC and name == "str":
                    try:
                        return V(const=str(args[0].const))
                    except Exception:  # noqa: BLE001
                        return UNKNOWN
                return V(frozenset(flows))
            if name in ("list", "tuple", "sorted", "reversed", "set", "frozenset"):
                if args and args[0].seq is not None:
                    return V(args[0].flows, seq=args[0].seq)
                return V(frozenset(flows))
            if name == "append" and args and args[0].seq is not None \
                    and not any(isinstance(a, ir.Starred) for a in e.args[1:]):
                # Go's append(s, x, y): the elements of s, then x and y, in order
                return V(args[0].flows, seq=args[0].seq + tuple(args[1:]))
            if name == "dict":
                if args and args[0].dmap is not None:
                    return V(args[0].flows, dmap=dict(args[0].dmap))
                if not args:
                    return V(frozenset(flows), dmap={k: v for k, v in kwargs.items() if k != "**"})
                return V(frozenset(flows))
            if name in ("getattr",):
                if len(args) >= 2 and isinstance(args[1].const, str):
                    return self.getattr(args[0], args[1].const, fr, e.span)
                return V(frozenset(flows))
            if name in ("print", "setattr", "delattr", "hasattr", "iter", "next", "enumerate", "zip", "map",
                        "filter", "min", "max", "sum", "any", "all", "vars", "dir", "range", "super", "open",
                        "globals", "locals", "type", "object", "issubclass", "divmod", "pow", "chr", "hex",
                        "oct", "bin", "ascii"):
                if name in ("print", "setattr", "delattr", "hasattr", "range", "divmod", "pow", "any", "all",
                            "issubclass", "super", "dir", "vars", "globals", "locals"):
                    return UNKNOWN if name != "super" else V(inst=fr.func.cls if fr.func else None, attrs={})
                if name == "open":
                    return V(frozenset(), ref="builtins.open.file")
                return V(frozenset(flows))
        if ret_type is not None:
            attrs = None
            if qn in ("lxml.etree.XMLParser",) and (
                    _const_of(kwargs.get("resolve_entities")) is True or _const_of(kwargs.get("no_network")) is False):
                attrs = {"__xxe__": V(const=True)}
            if qn in ("pathlib.Path.resolve", "pathlib.Path.absolute"):
                attrs = {"__resolved__": V(const=True)}
            if ret_type in ("configparser.ConfigParser",):
                return V(ref=ret_type, dmap={})
            if ret_type == "pathlib.Path" and recv is not None and recv.attrs:
                attrs = {**recv.attrs, **(attrs or {})}
            if self.record_args:
                attrs = {**(self._recorded(qn, ret_type, recv, args) or {}), **(attrs or {})} or None
            return V(frozenset(flows), ref=ret_type, attrs=attrs)
        if qn in self.resolved_path_calls:
            out = V(frozenset(flows), attrs={"__resolved__": V(const=True)})
            if qn in _LEXICAL_PATH_CALLS and e.args and _relative_start(e.args[0]):
                out = _path_fact(out, frozenset({_RELATIVE}))  # normalize('./' + p), join('.', p)
            if qn in _CONCATENATING_JOINS and len(args) > 1 and not any(a.tainted for a in args[:-1]) \
                    and args[-1].attrs and _NO_DOTDOT in args[-1].attrs and "__resolved__" in args[-1].attrs:
                # join(base, p) with p normalised and free of leading '..': it stays under base.
                out = sanitise(out, frozenset({"path"}))
            return out
        return V(frozenset(flows))

    def _recorded(self, qn: str, ret: str | None, recv: V | None, args: list[V]) -> dict[str, V] | None:
        """Builders: a method returning its receiver's type keeps what the receiver recorded, and
        RECORD_ARGS calls record their first argument (the program of `Command::new("sh")`)."""
        attrs: dict[str, V] | None = None
        if recv is not None and recv.attrs and ret is not None and recv.ref == ret:
            attrs = dict(recv.attrs)
        rec = self.record_args.get(qn)
        if rec and args:
            attrs = {**(attrs or {}), rec: args[0]}
        return attrs

    def special_call(self, qn: str, callee: V, recv: V | None, method: str, args: list[V], kwargs: dict[str, V],
                     e: ir.Call, env: dict[str, V], fr: Frame) -> V | None:
        """Library calls with dedicated models; None when `qn` has none."""
        if qn in self.module_loaders and args and isinstance(args[0].const, str):
            return self.module_value(fr.ctx, args[0].const, 0)
        if qn in self.format_calls and args and isinstance(args[0].const, str) and self.placed_kinds:
            # printf-style formatting (util.format('rm -rf %s', x)): each argument lands after the
            # text before its placeholder.
            pieces = re.split(r"%[-+ 0#]*\d*(?:\.\d+)?[sdifjoOcx]", args[0].const)
            formatted: set[Flow] = set()
            for i, a in enumerate(args[1:]):
                lead = "".join(pieces[:i + 1]) if i + 1 < len(pieces) else None
                formatted.update(self._placed(lead, a, e.span, fr).deep_flows())
            return V(frozenset(formatted))
        if method == "setFeature" and recv is not None and len(args) >= 2:
            feat = args[0]
            name = feat.ref or (feat.const if isinstance(feat.const, str) else "")
            if name.endswith(("feature_external_ges", "feature_external_pes", "external-general-entities",
                              "external-parameter-entities")):
                on = args[1].const
                if isinstance(e.func, ir.Attr):
                    site = V(const=(e.span.line, e.span.col) if fr.ctx is self.root_ctx else None)
                    self._assign_path(e.func.obj, lambda b: _with_attr(_with_attr(b, "__xxe__", V(const=bool(on))),
                                                                       "__xxe_site__", site), env, fr)
            return V(const=None)
        if qn in ("flask.make_response", "flask.Response", "django.http.HttpResponse"):
            body = args[0] if args else kwargs.get("response", kwargs.get("content", UNKNOWN))
            if body.seq is not None and body.seq:
                if len(body.seq) > 1:
                    for extra in body.seq[1:]:
                        if extra.dmap is not None or extra.seq is not None:
                            self.sink("header", extra, fr, e.span, f"{qn}() headers", "high")
                body = body.seq[0]
            ctype = kwargs.get("mimetype") or kwargs.get("content_type")
            html = ctype is None or not isinstance(ctype.const, str) or "html" in ctype.const
            return V(ref="flask.Response", attrs={"__body__": body, "__html__": V(const=html)})
        if qn in _NON_HTML_RESPONSES:
            return V(ref="flask.JsonResponse")
        if qn in getattr(self.spec, "URL_PARSERS", ("urllib.parse.urlparse", "urllib.parse.urlsplit")) and e.args \
                and isinstance(e.args[0], ir.Name):
            flows = args[0].deep_flows() if args else EMPTY
            return V(flows, attrs={"__origin__": V(const=e.args[0].id)})
        return None

    # ---- sinks ----
    def check_sink(self, sk: spec.Sink, args: list[V], kwargs: dict[str, V], e: ir.Call, fr: Frame, qn: str,
                   conf: str, recv: V | None) -> None:
        vals: list[V] = [args[i] for i in sk.args if 0 <= i < len(args)]
        if -1 in sk.args and recv is not None:
            vals.append(recv)
        vals += [kwargs[k] for k in sk.kwargs if k in kwargs]
        if not vals:
            return
        w = sk.when
        if w == "shell":
            shell = kwargs.get("shell")
            if shell is None or shell.const is not True and shell.const is not NC:
                return
            if shell.const is NC and not shell.tainted:
                conf = "medium"
        elif w == "list0":
            shell = kwargs.get("shell")
            if shell is not None and shell.const is True:
                return
            v = vals[0]
            if v.seq is None:
                if v.tainted and v.const is NC and not v.flows and v.dmap is None:
                    return
                if v.flows and v.seq is None:
                    # A plain string command without a shell: the user chooses the program.
                    vals = [v]
                else:
                    return
            else:
                seq = v.seq
                if seq and isinstance(seq[0].const, str) and (seq[0].const in _SHELLS or (
                        seq[0].cset and seq[0].cset <= _SHELLS)) or (seq and seq[0].cset and seq[0].cset <= _SHELLS):
                    vals = list(seq[1:])
                elif seq:
                    vals = [seq[0]]
        elif w == "shell_program":
            # A shell as the program with its arguments as one list (spawn('sh', ['-c', cmd])): the
            # arguments are a script. Any other program is left to the plain sink on the program itself.
            i = sk.args[0]
            prog = args[i] if i < len(args) else UNKNOWN
            if not (isinstance(prog.const, str) and prog.const in _SHELLS or prog.cset and prog.cset <= _SHELLS):
                return
            if len(args) <= i + 1:
                return
            vals = [args[i + 1]]
        elif w == "shell_option":
            opts = [a for a in args if a.dmap is not None and "shell" in a.dmap]
            if not opts or opts[-1].dmap is None or opts[-1].dmap["shell"].const in (False, None, 0, ""):
                return
            if len(args) > 1 and args[1] is not opts[-1]:
                # the shell runs the program and its arguments joined with spaces
                listed = self._placed(" ", args[1].flat(), e.span, fr) if sk.kind in self.placed_kinds \
                    else args[1].flat()
                vals = [join(vals[0], listed)]
        elif w == "xxe_parser":
            parser = args[1] if len(args) > 1 else kwargs.get("parser")
            if parser is None or parser.attrs is None or parser.attrs.get("__xxe__") is None \
                    or parser.attrs["__xxe__"].const is not True:
                return
            site = parser.attrs.get("__xxe_site__")
            if site is not None and isinstance(site.const, tuple):
                (self.settled if vals and _known(vals[0]) else self.unsettled).add(site.const)
        elif w == "xxe_self":
            if recv is None or recv.attrs is None or recv.attrs.get("__xxe__") is None:
                return
        elif w == "yaml_unsafe":
            loader = kwargs.get("Loader") or (args[1] if len(args) > 1 else None)
            if loader is not None:
                name = loader.ref or ""
                if name.endswith(_SAFE_YAML_LOADERS):
                    return
                if not name and not loader.tainted:
                    conf = "medium"
        elif w == "dict_query":
            v = vals[0]
            if v.dmap is not None:
                where = v.dmap.get("$where")
                if where is None or not where.tainted:
                    if not v.flows:
                        return
                vals = [where] if where is not None and where.tainted else [V(v.flows)]
        elif w == "allow_pickle":
            ap = kwargs.get("allow_pickle")
            if ap is None or ap.const is not True:
                return
        elif w == "argv":
            # Program and arguments as separate values (Go's exec.Command(name, arg...)): a shell
            # program runs its arguments as a script, any other program is what the input must not choose.
            i = sk.args[0]
            prog = args[i] if i < len(args) else UNKNOWN
            if isinstance(prog.const, str) and prog.const in _SHELLS or prog.cset and prog.cset <= _SHELLS:
                vals = list(args[i + 1:])
                if not vals:
                    return
            elif prog.const is not NC and not prog.tainted:
                # A fixed program given input as an argument: argument injection (CWE-88) when the input
                # can start with '-' and no "--" ends the options before it. Reported at medium confidence.
                vals = []
                for a in args[i + 1:]:
                    if a.const == "--":
                        break
                    vals.append(a)
                if not any(f.confidence != "low" for v in vals for f in v.deep_flows()):
                    return  # operator input (argv, environment) choosing arguments is the tool's job
                vals = [V(frozenset(f for f in v.deep_flows() if f.confidence != "low")) for v in vals]
                conf = "medium"
            else:
                vals = [prog]
        elif w.startswith("ref0="):
            # The first argument must be of one of the listed types (fmt.Fprintf to an HTTP response).
            if not args or args[0].ref not in w[5:].split("|"):
                return
        elif w.startswith("recorded:"):
            # `recorded:<attr>:<word>|<word>`: the receiver recorded (RECORD_ARGS) a constant naming one
            # of the words, such as a shell as the program, or an HTML content type.
            _, attr, words = w.split(":", 2)
            got = (recv.attrs or {}).get(attr) if recv is not None else None
            val = got.const if got is not None else None
            name = val if isinstance(val, str) else (got.ref or "") if got is not None else ""
            low = name.lower().rsplit("/", 1)[-1]
            if not any(low == x or (x.startswith("~") and x[1:] in low) for x in words.split("|")):
                return
        elif w == "location_header":
            # A (name, value) header pair whose name is Location: the value is the redirect target.
            pair = args[0] if args else None
            if pair is None or pair.seq is None or len(pair.seq) != 2:
                return
            hname = pair.seq[0].const if isinstance(pair.seq[0].const, str) else pair.seq[0].ref or ""
            if hname.lower().rsplit(".", 1)[-1] != "location":
                return
            vals = [pair.seq[1]]
        elif w.startswith("named:"):
            # `named:<name>`: only the value given for that name counts, as (name, value) arguments or
            # under its key in an object (a response header: res.writeHead(302, { Location: x })).
            # Several names are separated by '|'; a name ending in '*' is a prefix (`on*`: event handlers).
            wants = w.split(":", 1)[1].split("|")

            def named(k: object) -> bool:
                return isinstance(k, str) and any(k.lower().startswith(x[:-1]) if x.endswith("*")
                                                  else k.lower() == x for x in wants)
            picked = [args[i + 1] for i in range(len(args) - 1) if named(args[i].const)]
            picked += [v for a in args if a.dmap is not None for k, v in a.dmap.items() if named(k)]
            if not picked:
                return
            vals = picked
        elif w == "request_only":
            # Only data from requests counts here, not operator input (command line, environment).
            vals = [V(frozenset(f for f in v.deep_flows() if f.confidence != "low")) for v in vals]
        elif w == "fallible_receiver":
            # A panic (unwrap/expect) on the result of parsing or looking up the input.
            obj = e.func.obj if isinstance(e.func, ir.Attr) else None
            if not (isinstance(obj, ir.Call) and _last_name(obj.func) in getattr(self.spec, "FALLIBLE_METHODS", ())):
                return
        elif w == "sniff":
            # A body without a declared type is rendered as HTML only if it starts like HTML: its first
            # part is markup, or input that can start with '<' (not a URL path, not JSON text).
            if e.args and vals and not self._declares_html(fr) and not self._may_start_html(e.args[0], vals[0]):
                return
            if self._declares_html(fr, other=True) and not self._declares_html(fr):
                return  # the function sends its body as text/plain, JSON, an image...: never rendered as HTML
        elif w == "mongo_filter":
            # A filter object written as a literal (MongoDB style: field -> value) on a receiver of
            # unknown type; Sequelize-style { where: ... } options are a different API.
            vals = [v for v in vals if v.dmap is not None and "where" not in v.dmap]
            if not vals:
                return
            string_methods = getattr(self.spec, "STRING_METHODS", None)
            lit = e.args[0] if e.args and isinstance(e.args[0], ir.DictLit) else None
            if string_methods and lit is not None and vals[0].dmap is not None:
                # A field compared with a string ('' + x, `${x}`, x.trim()) cannot receive an operator
                # object; operator entries ($where: code) keep their taint.
                drop = {k.value for k, x in zip(lit.keys, lit.values, strict=False)
                        if isinstance(k, ir.Const) and isinstance(k.value, str) and not k.value.startswith("$")
                        and _makes_string(x, string_methods)}
                if drop:
                    vals = [V(vals[0].flows, dmap={k: x for k, x in vals[0].dmap.items() if k not in drop}),
                            *vals[1:]]
        elif w.startswith("key:"):
            # Only the value under one key of an object argument matters ({ $where: code }).
            key = w.split(":", 1)[1]
            vals = [v.dmap[key] for v in vals if v.dmap is not None and key in v.dmap]
            if not vals:
                return
        elif w.startswith("option_ref:"):
            # An options object whose given key holds a value of a named type ({ schema: FULL_SCHEMA }).
            _, key, suffix = w.split(":", 2)
            if not any(a.dmap is not None and key in a.dmap and (a.dmap[key].ref or "").endswith(suffix)
                       for a in args[1:]):
                return
        elif w.startswith("option:"):
            # An options object among the arguments turns the dangerous behaviour on ({ noent: true }).
            opt = w.split(":", 1)[1]
            if not any(a.dmap is not None and opt in a.dmap and a.dmap[opt].const is True for a in args[1:]):
                return
        elif w == "str":
            # An object or array is serialised as data (JSON, util.inspect), not spliced in as text.
            vals = [v for v in vals if not self._is_object(v)]
            if not vals:
                return
        elif w == "html_chain":
            # A response whose content type was set to HTML earlier in the same call chain
            # (reply.type('text/html').send(x)); other bodies go out as text/plain or JSON.
            if not self._html_chain(e.func.obj if isinstance(e.func, ir.Attr) else None, fr):
                return
            vals = [v for v in vals if not self._is_object(v)]
            if not vals:
                return
        elif w == "html_response":
            ct = kwargs.get("mimetype") or kwargs.get("content_type")
            if ct is not None and isinstance(ct.const, str) and "html" not in ct.const:
                return
        acc: V | None = None
        for v in vals:
            acc = join(acc, v.flat())
        if acc is not None:
            if fr.ctx is self.root_ctx:
                at = (e.span.line, e.span.col)
                safe = all(sk.kind in f.safe for f in acc.deep_flows()) and (acc.tainted or all(
                    _known(v) for v in vals))
                (self.settled if safe else self.unsettled).add(at)
            self.sink(sk.kind, acc, fr, e.span, f"{qn}()", conf)

    def check_response(self, v: V, s: ir.Return, fr: Frame) -> None:
        """A request handler returns v: HTML built from untrusted input is XSS."""
        body = v
        if v.ref == "flask.JsonResponse":
            return
        if v.ref == "flask.Response" and v.attrs is not None:
            html = v.attrs.get("__html__")
            if html is not None and html.const is False:
                return
            body = v.attrs.get("__body__", UNKNOWN)
        elif v.seq is not None and v.seq:
            body = v.seq[0]
            for extra in v.seq[1:]:
                if extra.dmap is not None:
                    self.sink("header", extra, fr, s.span, "response headers", "high")
        elif v.dmap is not None or v.seq is not None:
            return  # dicts and lists are serialised as JSON by the frameworks
        if body.ref == "flask.Response" and body.attrs is not None:
            body = body.attrs.get("__body__", UNKNOWN)
        self.sink("xss", body, fr, s.span, "the HTTP response", "high")

    def sink(self, kind: str, v: V, fr: Frame, sp: ir.Span, what: str, conf: str) -> None:
        """Report a finding when v carries taint that is not sanitised for `kind`."""
        flows = [f for f in v.deep_flows() if kind not in f.safe
                 and (f.source == self.spec.WEAK_RANDOM_SOURCE) == (kind == self.spec.WEAK_RANDOM_KIND)
                 and (f.confidence != "low" or kind in _LOW_CONFIDENCE_KINDS)]
        if self.source_kinds:
            flows = [f for f in flows if f.source not in self.source_kinds or kind in self.source_kinds[f.source]]
        if kind in self.kind_sources or kind in self.safe_as or kind in self.placed_kinds:
            alias = self.safe_as.get(kind)
            flows = [f for f in flows if (kind not in self.kind_sources or f.source in self.kind_sources[kind])
                     and (alias is None or alias not in f.safe)
                     and (kind not in self.placed_kinds or f"placed:{kind}" in f.safe)]
        if not flows:
            return
        rule = self.spec.TAINT_RULES[kind] if kind in self.spec.TAINT_RULES else getattr(
            self.spec, "WEAK_RANDOM_RULE", WEAK_RANDOM_RULE)
        best = min(flows, key=Flow.preference)
        loc = self._loc(fr.ctx, sp)
        sink_step = TraceStep(loc, "sink", f"reaches {what}", self._line(fr.ctx, sp.line))
        trace = best.trace + (sink_step,)
        if kind in self.placed_kinds:
            # Reported where the string was put together (what to change), the sink in the trace.
            placed = [s for s in best.trace if s.note.startswith(_PLACED_NOTE) and s.location.path == loc.path]
            if placed:
                loc = placed[-1].location
        elif kind == self.spec.WEAK_RANDOM_KIND and best.trace and best.trace[0].kind == "source" \
                and best.trace[0].location.path == loc.path:
            # Reported at the predictable generator's call (what to replace), the secret it ends up in
            # in the trace: one finding per call, however many secrets it feeds.
            loc = best.trace[0].location
        key = (rule.id, loc.path, loc.start_line, loc.start_col)
        confidence = _min_conf(conf, best.confidence)
        old = self.findings.get(key)
        if old is not None and (Confidence(old.confidence).rank >= Confidence(confidence).rank
                                and len(old.trace) <= len(trace)):
            return
        self.findings[key] = Finding(
            rule_id=rule.id,
            message=f"{rule.title}: data from {best.source} reaches {what}",
            severity=rule.severity,
            confidence=Confidence(confidence),
            location=loc,
            analyzer="sast",
            cwe=rule.cwe,
            owasp=rule.owasp,
            snippet=self._line(fr.ctx, loc.start_line),
            trace=trace,
            fix=rule.doc.fix,
            metadata=(("source", best.source),),
        )


# ---------------------------------------------------------------------------------------------
# small helpers
# ---------------------------------------------------------------------------------------------

_INJECTED_TYPES = frozenset({"Session", "AsyncSession", "BackgroundTasks", "Response", "WebSocket",
                             "HTTPConnection", "Connection", "Engine", "Settings"})


def _is_dependency(p: ir.Param) -> bool:
    """A FastAPI parameter filled by dependency injection: `db = Depends(get_db)`."""
    d = p.default
    if not isinstance(d, ir.Call):
        return False
    f = d.func
    name = f.attr if isinstance(f, ir.Attr) else f.id if isinstance(f, ir.Name) else ""
    return name in ("Depends", "Security")


def _last_name(e: ir.Expr) -> str:
    return e.attr if isinstance(e, ir.Attr) else e.id if isinstance(e, ir.Name) else ""


# Methods asking whether a string contains a substring (Rust, Java-style and JavaScript spellings).
_CONTAINS_METHODS = frozenset({"contains", "includes"})


def _makes_string(e: ir.Expr, methods: Iterable[str]) -> bool:
    """Whether an expression always yields a string: concatenation with a string literal, a template
    string, or a call of one of the given string methods."""
    if isinstance(e, ir.BinOp) and e.op == "+":
        return any(isinstance(x, ir.Const) and isinstance(x.value, str) for x in (e.left, e.right)) \
            or _makes_string(e.left, methods) or _makes_string(e.right, methods)
    if isinstance(e, ir.Format):
        return True
    return isinstance(e, ir.Call) and isinstance(e.func, ir.Attr) and e.func.attr in methods


def _path_fact(v: V, facts: frozenset[str]) -> V:
    """`v` with path facts recorded (relative, no leading '..'). A lexically normalised path that is
    relative and does not start with '..' cannot leave the directory it is read from: it is safe for
    path kinds (`normalize(p)`, then `!isAbsolute(p) && !p.startsWith('..')`)."""
    attrs = {**(v.attrs or {}), **{f: V(const=True) for f in facts & _PATH_FACTS}}
    out = V(v.flows, v.const, v.ref, v.seq, v.dmap, attrs, v.fn, v.inst, v.cset)
    if "__resolved__" in attrs and _PATH_FACTS <= attrs.keys():
        out = sanitise(out, frozenset({"path"}))
    return out


def _is_dotdot_prefix(e: ir.Expr) -> bool:
    """A prefix test's argument that asks whether a path climbs out: '..', '../', '..\\', '..' + sep, or
    '.' (which refuses every name starting with a dot, '..' among them)."""
    text = _leading_const(e)
    if isinstance(e, ir.Const):
        return text in (".", "..", "../", "..\\")
    return text == ".." and isinstance(e, ir.BinOp)


def _relative_start(e: ir.Expr) -> bool:
    """Whether a path expression starts with relative constant text ('.', './', 'uploads/')."""
    return _relative_text(_leading_const(e))


def _relative_text(text: str) -> bool:
    """Relative path text that does not climb: '.', './', 'uploads/', 'prefix' (not '/x', 'C:', '~', '../')."""
    return bool(text) and not text.startswith(("/", "\\", "~")) and ":" not in text.split("/")[0] \
        and ".." not in text


def _without_flows(v: V, keep: Callable[[Flow], bool] | None = None) -> V:
    """The value with its shape, type and functions but no data flows at any depth (or only those `keep`
    accepts)."""
    flows = frozenset(f for f in v.flows if keep(f)) if keep is not None and v.flows else EMPTY
    return V(flows, v.const, v.ref,
             tuple(_without_flows(x, keep) for x in v.seq) if v.seq is not None else None,
             {k: _without_flows(x, keep) for k, x in v.dmap.items()} if v.dmap is not None else None,
             {k: _without_flows(x, keep) for k, x in v.attrs.items()} if v.attrs is not None else None,
             v.fn, v.inst, v.cset)


def _leading_part(e: ir.Expr) -> ir.Expr:
    """The first operand of a concatenation or template (`'<b>' + x + y` -> '<b>'); `e` itself otherwise."""
    while True:
        if isinstance(e, ir.BinOp) and e.op == "+":
            e = e.left
        elif isinstance(e, ir.Format) and e.parts:
            e = e.parts[0]
        else:
            return e


def _leading_const(e: ir.Expr) -> str:
    """The constant text an expression starts with (`'https://a.example/' + x` -> 'https://a.example/')."""
    e = _leading_part(e)
    return e.value if isinstance(e, ir.Const) and isinstance(e.value, str) else ""


def _relative_url_prefix(prefix: str) -> bool:
    """A relative reference that has already passed its first path segment or started its query
    ('users/', 'index.html?page=', '#'): no ':' before that point, so no scheme, and no leading slash
    or backslash, so no authority."""
    m = re.search(r"[/?#]", prefix)
    return m is not None and m.start() > 0 and ":" not in prefix[:m.start()] and "\\" not in prefix[:m.start()] \
        and not prefix.startswith(("/", "\\")) or prefix.startswith(("?", "#"))


def _pins_host(prefix: str) -> bool:
    """Whether a constant URL prefix fixes the destination host: a local path ('/profile/'), an absolute
    or protocol-relative URL whose host part is complete ('https://api.example.com/', '//cdn.example/'),
    or one that has reached the query string or fragment ('?next=', '#'). A lone '/' does not: the rest
    can start with '/' or '\\' and make "//evil.example", which browsers follow to another host."""
    if prefix.startswith("/") and prefix != "/" and not prefix.startswith(("//", "/\\")):
        return True
    if "?" in prefix or "#" in prefix:
        return True  # what follows is in the query string or the fragment, not the host
    m = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*:)?//[^/?#\\]+[/?#]", prefix)  # also protocol-relative //host/
    return m is not None


def _is_path_arg(d: ir.Call) -> bool:
    """Whether a decorator call names a URL path (first argument or `path=`/`rule=` keyword)."""
    first = d.args[0] if d.args else next((k.value for k in d.keywords if k.name in ("path", "rule")), None)
    return isinstance(first, ir.Const) and isinstance(first.value, str) or isinstance(first, ir.Format)


def _quoted_literal_check(test: ir.BoolOp) -> str | None:
    """`not x.startswith(Q) or not x.endswith(Q) or Q in x[1:-1]` (Q a quote): false means x is one quoted
    string literal with no quote inside, so evaluating or splicing it cannot run or inject anything."""
    starts: set[str] = set()
    ends: set[str] = set()
    inner: set[str] = set()
    for v in test.values:
        if isinstance(v, ir.UnaryOp) and v.op == "not" and isinstance(v.operand, ir.Call):
            c = v.operand
            if isinstance(c.func, ir.Attr) and isinstance(c.func.obj, ir.Name) and c.args \
                    and isinstance(c.args[0], ir.Const) and c.args[0].value in ("'", '"'):
                (starts if c.func.attr == "startswith" else ends if c.func.attr == "endswith" else set()).add(
                    f"{c.func.obj.id}{c.args[0].value}")
        elif isinstance(v, ir.Compare) and v.ops == ["in"] and isinstance(v.left, ir.Const) \
                and v.left.value in ("'", '"'):
            r = v.comparators[0]
            if isinstance(r, ir.Index) and isinstance(r.obj, ir.Name) and isinstance(r.index, ir.Slice):
                inner.add(f"{r.obj.id}{v.left.value}")
    both = starts & ends & inner
    return min(both)[:-1] if both else None


def _secretish(name: str) -> bool:
    """Whether a variable, key or function name says its value must be unguessable."""
    low = name.lower()
    if low.endswith(("_url", "_uri", "_path", "_file", "_len", "_length", "_count", "_name")) or any(
            w in low for w in spec.NOT_SECRET_WORDS):
        return False
    if any(w in low for w in spec.SECRET_NAME_WORDS):
        return True
    words = {w.lower() for w in re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+", name)}
    return bool(words & spec.SECRET_NAME_SHORT_WORDS)


def _replace_sanitises(old: str, new: str) -> frozenset[str]:
    """Kinds for which `s.replace(old, new)` neutralises a quote character (escaping, not deleting)."""
    if old in ("'", '"') and new and new != old and (new.startswith(("&", "\\")) or new == old * 2):
        return frozenset({"sql", "xpath"})
    return frozenset()


_FRAMEWORK_MODULES = frozenset({"django", "flask", "fastapi", "starlette", "aiohttp", "quart", "bottle"})


def _detect_frameworks(ctx: ModuleCtx) -> None:
    if ctx.module.index is not None:
        ctx.frameworks.update(m for m in ctx.module.imported if m in _FRAMEWORK_MODULES)
        return
    for st in ctx.module.body:
        if isinstance(st, ir.Import) and st.module.split(".")[0] in _FRAMEWORK_MODULES:
            ctx.frameworks.add(st.module.split(".")[0])


def _bound_names(st: ir.Stmt, out: set[str]) -> None:
    """Names a top-level statement binds or mutates (compound statements: everything inside)."""
    if isinstance(st, ir.Func | ir.Class):
        out.add(st.name)
    elif isinstance(st, ir.Import):
        if st.names:
            out.update(alias or name for name, alias in st.names)
        else:
            out.add(st.alias or st.module.split(".")[0])
    elif isinstance(st, ir.Assign):
        for t in st.targets:
            _target_roots(t, out)
    elif isinstance(st, ir.ExprStmt):
        e = st.expr
        if isinstance(e, ir.Call):
            base: ir.Expr = e.func
            while isinstance(base, ir.Attr | ir.Index):
                base = base.obj
            if isinstance(base, ir.Name) and base is not e.func:
                out.add(base.id)
    elif isinstance(st, ir.If):
        for x in (*st.body, *st.orelse):
            _bound_names(x, out)
    elif isinstance(st, ir.Try):
        for x in (*st.body, *st.orelse, *st.finalbody, *(y for h in st.handlers for y in h.body)):
            _bound_names(x, out)
    elif isinstance(st, ir.With | ir.Loop):
        for x in st.body:
            _bound_names(x, out)


def _target_roots(t: ir.Expr, out: set[str]) -> None:
    while isinstance(t, ir.Attr | ir.Index | ir.Starred):
        t = t.value if isinstance(t, ir.Starred) else t.obj
    if isinstance(t, ir.Name):
        out.add(t.id)
    elif isinstance(t, ir.Collection):
        for e in t.elts:
            _target_roots(e, out)


def _bind_index(body: Sequence[ir.Stmt]) -> dict[str, list[int]]:
    index: dict[str, list[int]] = {}
    for i, st in enumerate(body):
        names: set[str] = set()
        _bound_names(st, names)
        for n in names:
            index.setdefault(n, []).append(i)
    return index


def _known(v: V) -> bool:
    """Whether a value is computed from literals only (not data of unknown origin)."""
    return v.lit and not v.tainted


_PURE: dict[str, Callable[..., Any]] = {}


def _register_pure() -> None:
    import base64
    import html
    import urllib.parse

    _PURE.update({
        "base64.b64decode": base64.b64decode, "base64.urlsafe_b64decode": base64.urlsafe_b64decode,
        "base64.b64encode": base64.b64encode, "base64.urlsafe_b64encode": base64.urlsafe_b64encode,
        "urllib.parse.unquote": urllib.parse.unquote, "urllib.parse.unquote_plus": urllib.parse.unquote_plus,
        "urllib.parse.quote": urllib.parse.quote, "urllib.parse.quote_plus": urllib.parse.quote_plus,
        "html.escape": html.escape, "builtins.len": len, "builtins.repr": repr,
    })


_register_pure()


def _rank(conf: str) -> int:
    return {"high": 0, "medium": 1, "low": 2}.get(conf, 3)


def _min_conf(a: str, b: str) -> str:
    return a if _rank(a) >= _rank(b) else b


def _hashable(x: Any) -> bool:
    try:
        hash(x)
    except TypeError:
        return False
    return True


def _const_of(v: V | None) -> Any:
    return None if v is None else v.const


_HTML_TYPE_SETTERS = frozenset({"writeHead", "setHeader", "header", "headers", "set", "type", "contentType"})


def _sets_html_type(call: ir.Call) -> bool:
    """res.type('html'), reply.header('Content-Type', 'text/html'), res.writeHead(200, {...: 'text/html'})."""
    return _last_name(call.func) in _HTML_TYPE_SETTERS and any(
        isinstance(c, ir.Const) and isinstance(c.value, str) and "html" in c.value.lower()
        for a in call.args for c in ([a] if not isinstance(a, ir.DictLit) else a.values))


_NOT_HTML_TYPE = re.compile(r"^\s*(?:text/(?:plain|csv)|application/(?:json|octet-stream|pdf)|image/)", re.IGNORECASE)


def _rejecting(v: V, rejected: V) -> V:
    """v as a promise that rejects with `rejected` (a hidden attribute: not part of what it resolves to)."""
    return V(v.flows, v.const, v.ref, v.seq, v.dmap, {**(v.attrs or {}), "__rejected__": rejected}, v.fn, v.inst,
             v.cset)


def _sets_other_type(call: ir.Call) -> bool:
    """res.writeHead(200, {'content-type': 'text/plain'}), res.setHeader('Content-Type', 'application/json')."""
    return _last_name(call.func) in _HTML_TYPE_SETTERS and any(
        isinstance(c, ir.Const) and isinstance(c.value, str) and _NOT_HTML_TYPE.match(c.value) is not None
        for a in call.args for c in ([a] if not isinstance(a, ir.DictLit) else a.values))


def _sanitised(v: V, kinds: frozenset[str]) -> V:
    return sanitise(v, kinds)


def _rooted_at_name(e: ir.Expr) -> bool:
    while isinstance(e, ir.Attr):
        e = e.obj
    return isinstance(e, ir.Name)


_PLACED_NOTE = "written into a string after"


def _concat_of_consts_and(e: ir.Expr, name: ir.Name) -> bool:
    """Whether e is `name`, or a concatenation / template of string constants and `name`."""
    if e is name:
        return True
    if isinstance(e, ir.BinOp) and e.op == "+":
        return all(isinstance(x, ir.Const) or _concat_of_consts_and(x, name) for x in (e.left, e.right))
    if isinstance(e, ir.Format):
        return all(isinstance(x, ir.Const) or _concat_of_consts_and(x, name) for x in e.parts)
    return False


def _dotted(e: ir.Expr) -> str:
    return f"{_dotted(e.obj)}.{e.attr}" if isinstance(e, ir.Attr) else e.id if isinstance(e, ir.Name) else "?"


def _export_target(t: ir.Expr) -> bool:
    """`module.exports`, `module.exports.x`, `exports.x` (and deeper): what a CommonJS module exports."""
    while isinstance(t, ir.Attr) and not (isinstance(t.obj, ir.Name) and t.obj.id in ("module", "exports")):
        t = t.obj
    return isinstance(t, ir.Attr) and isinstance(t.obj, ir.Name) and (
        t.obj.id == "exports" or t.obj.id == "module" and t.attr == "exports")


def _trailing_const(e: ir.Expr) -> str | None:
    """The constant text a string expression ends with (`a + " -f "`, a template ending in text)."""
    while isinstance(e, ir.BinOp) and e.op == "+":
        e = e.right
    if isinstance(e, ir.Format) and e.parts:
        e = e.parts[-1]
    return e.value if isinstance(e, ir.Const) and isinstance(e.value, str) else None


def _with_attr(base: V, name: str, value: V) -> V:
    attrs = dict(base.attrs or {})
    attrs[name] = value
    return V(base.flows, base.const, base.ref, base.seq, base.dmap, attrs, base.fn, base.inst, base.cset)


def _is_static(f: ir.Func) -> bool:
    for d in f.decorators:
        if isinstance(d, ir.Name) and d.id in ("staticmethod",):
            return True
    return False


def _fold(op: str, a: Any, b: Any) -> Any:
    fn = _BINOPS.get(op)
    if fn is None:
        return NC
    if op == "**" and (not isinstance(b, int) or abs(b) > 64 or (isinstance(a, int) and abs(a) > 2 ** 32)):
        return NC
    if op == "*" and (isinstance(a, str | bytes | tuple) or isinstance(b, str | bytes | tuple)):
        n = b if isinstance(b, int) else a if isinstance(a, int) else 0
        if not isinstance(n, int) or n > 10_000:
            return NC
    if op in ("<<",) and isinstance(b, int) and b > 256:
        return NC
    if op == "%" and isinstance(a, str):
        try:
            return a % b
        except Exception:  # noqa: BLE001  (format of foreign constants)
            return NC
    try:
        out = fn(a, b)
    except Exception:  # noqa: BLE001  (folding foreign constants: division by zero, type errors...)
        return NC
    if isinstance(out, str | bytes) and len(out) > 100_000:
        return NC
    return out


def _kinds_for_chars(lit: str) -> frozenset[str]:
    kinds: set[str] = set()
    if ".." in lit or "/" in lit or "\\" in lit:
        kinds.add("path")
    if "'" in lit or '"' in lit:
        kinds.update({"sql", "xpath"})
    if "<" in lit or ">" in lit:
        kinds.add("xss")
    if "\n" in lit or "\r" in lit:
        kinds.update({"header", "log"})
    if any(c in lit for c in ";|&$`"):
        kinds.add("cmd")
    if any(c in lit for c in "()*"):
        kinds.add("ldap")
    return frozenset(kinds)
