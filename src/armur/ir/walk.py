"""Walking the IR: every expression under a node, in source order."""

from __future__ import annotations

from collections.abc import Iterator

from armur.ir import nodes as ir

_FIELDS: dict[type, tuple[str, ...]] = {}
_LEAF = (str, int, float, bool, bytes, ir.Span, type(None))


def _fields(t: type) -> tuple[str, ...]:
    """The slots of an IR class that can hold other IR nodes (not its span)."""
    got = _FIELDS.get(t)
    if got is None:
        slots = getattr(t, "__slots__", ())
        got = tuple(s for s in (slots if isinstance(slots, tuple) else ()) if s != "span")
        _FIELDS[t] = got
    return got


def exprs(node: object, into_functions: bool = True) -> Iterator[ir.Expr]:
    """Every expression below an IR node, statement or list of them, in source order.

    With into_functions=False the bodies of nested functions (and lambdas) are not entered.
    """
    stack: list[object] = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, list | tuple):
            stack.extend(reversed(n))
            continue
        if not into_functions and isinstance(n, ir.Func):
            continue
        if isinstance(n, ir.Expr):
            yield n
        kids = [v for v in (getattr(n, name, None) for name in _fields(type(n))) if not isinstance(v, _LEAF)]
        stack.extend(reversed(kids))
