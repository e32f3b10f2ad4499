"""Abstract values of the taint analysis.

A value records what is known about one run-time object: the taint flows that reach it (each
with its trace and the sink kinds it has been sanitised for), its constant value (or the small
set of constants it may be), the qualified name of the library object it stands for, and, for
containers and objects, the values of its constant-keyed elements and fields. Values are
immutable; updating a container produces a new value that the analysis rebinds to the variable.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from armur.core.findings import TraceStep

MAX_FLOWS = 4
MAX_TRACE = 24
MAX_CSET = 8


class _NoConst:
    __slots__ = ()

    def __repr__(self) -> str:
        return "NC"


NC: Any = _NoConst()


@dataclass(frozen=True, slots=True)
class Flow:
    """One way untrusted data reaches a value."""

    source: str  # what the data came from, e.g. "flask.request.args"
    confidence: str  # "high", "medium" or "low"
    trace: tuple[TraceStep, ...]
    safe: frozenset[str] = frozenset()  # sink kinds this flow has been sanitised for

    def step(self, step: TraceStep) -> Flow:
        """The same flow with one more trace step (bounded; consecutive duplicates dropped)."""
        if self.trace and self.trace[-1].location == step.location and self.trace[-1].note == step.note:
            return self
        trace = self.trace + (step,)
        if len(trace) > MAX_TRACE:
            trace = trace[:2] + trace[-(MAX_TRACE - 2):]
        return Flow(self.source, self.confidence, trace, self.safe)

    def preference(self) -> tuple[Any, ...]:
        """Sort key among flows: surer first, then shorter traces, then a total order on the rest, so that
        the flow picked to explain a finding does not depend on set iteration order (string hashing
        differs between processes)."""
        return (_CONF_RANK.get(self.confidence, 3), len(self.trace), self.source,
                tuple((s.location.path, s.location.start_line, s.location.start_col, s.kind, s.note)
                      for s in self.trace), sorted(self.safe))

    def sanitise(self, kinds: frozenset[str]) -> Flow:
        """The same flow, now safe for `kinds` too."""
        if kinds <= self.safe:
            return self
        return Flow(self.source, self.confidence, self.trace, self.safe | kinds)


EMPTY: frozenset[Flow] = frozenset()
_CONF_RANK = {"high": 0, "medium": 1, "low": 2}


def cap_flows(flows: frozenset[Flow]) -> frozenset[Flow]:
    """Keep at most MAX_FLOWS flows, preferring distinct (source, safe) pairs and short traces."""
    if len(flows) <= MAX_FLOWS:
        return flows
    best: dict[tuple[str, frozenset[str]], Flow] = {}
    for f in sorted(flows, key=Flow.preference):
        key = (f.source, f.safe)
        if key not in best:
            best[key] = f
    ordered = sorted(best.values(), key=lambda f: (len(f.safe), f.preference()))
    return frozenset(ordered[:MAX_FLOWS])


class V:
    """An abstract value. Treat as immutable."""

    __slots__ = ("flows", "const", "cset", "ref", "seq", "dmap", "attrs", "fn", "inst", "lit", "_deep")

    def __init__(
        self,
        flows: frozenset[Flow] = EMPTY,
        const: Any = NC,
        ref: str | None = None,
        seq: tuple[V, ...] | None = None,
        dmap: dict[Any, V] | None = None,
        attrs: dict[str, V] | None = None,
        fn: Any = None,
        inst: Any = None,
        cset: frozenset[Any] | None = None,
        lit: bool = False,
    ) -> None:
        self.flows = cap_flows(flows) if len(flows) > MAX_FLOWS else flows
        self.const = const
        if cset is None and const is not NC:
            try:
                cset = frozenset((const,))
            except TypeError:
                cset = None
        self.cset = cset
        self.ref = ref
        self.seq = seq
        self.dmap = dmap
        self.attrs = attrs
        self.fn = fn
        self.inst = inst
        # True when the value is computed from literals only (even if the analysis cannot compute it).
        self.lit: bool = lit or const is not NC or bool(cset) or (
            seq is not None and bool(seq) and all(x.lit for x in seq) and not flows)
        self._deep: frozenset[Flow] | None = None

    def __repr__(self) -> str:
        parts = []
        if self.flows:
            parts.append(f"flows={sorted(f.source for f in self.flows)}")
        if self.const is not NC:
            parts.append(f"const={self.const!r}")
        if self.ref:
            parts.append(f"ref={self.ref}")
        if self.seq is not None:
            parts.append(f"seq={list(self.seq)}")
        if self.dmap is not None:
            parts.append(f"dmap={self.dmap}")
        if self.attrs:
            parts.append(f"attrs={self.attrs}")
        if self.fn is not None:
            parts.append(f"fn={self.fn}")
        return "V(" + ", ".join(parts) + ")"

    # ---- taint ----
    def deep_flows(self) -> frozenset[Flow]:
        """Flows of the value and everything it contains."""
        if self._deep is not None:
            return self._deep
        acc = set(self.flows)
        for child in self.children():
            acc.update(child.deep_flows())
        out = cap_flows(frozenset(acc))
        self._deep = out
        return out

    def children(self) -> list[V]:
        """Element, item and field values."""
        out: list[V] = []
        if self.seq is not None:
            out.extend(self.seq)
        if self.dmap is not None:
            out.extend(self.dmap.values())
        if self.attrs is not None:
            out.extend(v for k, v in self.attrs.items() if not k.startswith("__"))
        return out

    @property
    def tainted(self) -> bool:
        """Whether any untrusted data reaches this value."""
        return bool(self.deep_flows())

    def with_flows(self, flows: frozenset[Flow]) -> V:
        """Copy with different own flows."""
        return V(flows, self.const, self.ref, self.seq, self.dmap, self.attrs, self.fn, self.inst, self.cset)

    def flat(self) -> V:
        """A scalar value carrying all of this value's flows (the shape is forgotten)."""
        return V(self.deep_flows())

    def sig(self, depth: int = 2) -> tuple[Any, ...]:
        """A hashable summary used to memoise function calls on similar arguments."""
        c: Any = self.const
        try:
            hash(c)
        except TypeError:
            c = NC
        seq = tuple(v.sig(depth - 1) for v in self.seq) if self.seq is not None and depth > 0 else None
        dm = (tuple(sorted(((repr(k), v.sig(depth - 1)) for k, v in self.dmap.items())))
              if self.dmap is not None and depth > 0 else None)
        at = (tuple(sorted((k, v.sig(depth - 1)) for k, v in self.attrs.items()))
              if self.attrs is not None and depth > 0 else None)
        return (self.flows, c, self.ref, seq, dm, at, id(self.fn) if self.fn is not None else 0,
                id(self.inst) if self.inst is not None else 0)


UNKNOWN = V()


def join(a: V | None, b: V | None) -> V:
    """Least upper bound of two values (either may be None: unreachable)."""
    if a is None:
        return b if b is not None else UNKNOWN
    if b is None or a is b:
        return a
    flows = a.flows | b.flows
    const = a.const if (a.const is not NC and b.const is not NC and type(a.const) is type(b.const)
                        and a.const == b.const) else NC
    cset = None
    if a.cset is not None and b.cset is not None:
        u = a.cset | b.cset
        if len(u) <= MAX_CSET:
            cset = u
    seq = None
    if a.seq is not None and b.seq is not None:
        if len(a.seq) == len(b.seq):
            seq = tuple(join(x, y) for x, y in zip(a.seq, b.seq, strict=True))
        else:
            flows = flows | a.deep_flows() | b.deep_flows()
    elif a.seq is not None or b.seq is not None:
        flows = flows | a.deep_flows() | b.deep_flows()
    dmap = join_maps(a.dmap, b.dmap)
    attrs = join_maps(a.attrs, b.attrs)
    return V(flows, const, a.ref if a.ref == b.ref else (a.ref or b.ref), seq, dmap, attrs,
             a.fn if a.fn is not None else b.fn, a.inst if a.inst is not None else b.inst, cset,
             lit=a.lit and b.lit and not flows)


def join_maps(a: dict[Any, V] | None, b: dict[Any, V] | None) -> dict[Any, V] | None:
    """Key-wise join of two maps (None: unreachable, or no map): environments, dicts, fields."""
    if a is None:
        return b
    if b is None:
        return a
    out = dict(a)
    for k, v in b.items():
        out[k] = join(out.get(k), v)
    return out


def sanitise(v: V, kinds: frozenset[str]) -> V:
    """The value with every flow (deeply) marked safe for `kinds`."""
    if not v.tainted:
        return v
    flows = frozenset(f.sanitise(kinds) for f in v.flows)
    seq = tuple(sanitise(x, kinds) for x in v.seq) if v.seq is not None else None
    dmap = {k: sanitise(x, kinds) for k, x in v.dmap.items()} if v.dmap is not None else None
    attrs = {k: sanitise(x, kinds) for k, x in v.attrs.items()} if v.attrs is not None else None
    return V(flows, v.const, v.ref, seq, dmap, attrs, v.fn, v.inst, v.cset)


def add_step(v: V, step: TraceStep) -> V:
    """The value with a trace step appended to its own flows (shallow; containers keep theirs)."""
    if not v.flows:
        if v.seq is None and v.dmap is None and v.attrs is None:
            return v
        seq = tuple(add_step(x, step) for x in v.seq) if v.seq is not None else None
        dmap = {k: add_step(x, step) for k, x in v.dmap.items()} if v.dmap is not None else None
        return V(v.flows, v.const, v.ref, seq, dmap, v.attrs, v.fn, v.inst, v.cset)
    return V(frozenset(f.step(step) for f in v.flows), v.const, v.ref, v.seq, v.dmap, v.attrs, v.fn, v.inst,
             v.cset)
