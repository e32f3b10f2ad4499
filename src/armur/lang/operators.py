"""Binary operators lowered the same way by every C-like front-end."""

from __future__ import annotations

from collections.abc import Mapping, Set

from armur.ir import nodes as ir


def binary(sp: ir.Span, op: str, left: ir.Expr, right: ir.Expr, bools: Mapping[str, str],
           compares: Mapping[str, str], arith: Set[str]) -> ir.Expr:
    """`left op right` as IR: chains of one boolean operator flattened into one BoolOp, comparisons
    under the IR's operator names, arithmetic as BinOp, anything else opaque (its operands kept)."""
    if op in bools:
        bop = bools[op]
        vals = (left.values if isinstance(left, ir.BoolOp) and left.op == bop else [left]) + [right]
        return ir.BoolOp(sp, bop, vals)
    if op in compares:
        return ir.Compare(sp, left, [compares[op]], [right])
    if op in arith:
        return ir.BinOp(sp, op, left, right)
    return ir.Opaque(sp, op, [left, right])
