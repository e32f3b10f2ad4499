"""Tests of the Solidity front-end (tree-sitter-solidity -> IR)."""

from __future__ import annotations

from armur.analysis.solidity import min_version
from armur.ir import nodes as ir
from armur.lang.solidity import lower_source

SRC = """\
pragma solidity >=0.4.22 <0.6.0;
import "./Base.sol";

contract Vault is Base, Other(1) {
    struct Entry { address who; uint amount; }
    mapping(address => uint) public balances;
    uint constant FEE = 1 ether;
    event Paid(address to, uint amount);

    modifier onlyOwner() {
        require(msg.sender == owner, "not owner");
        _;
    }

    constructor() public { owner = msg.sender; }

    function pay(address payable to, uint amount) external onlyOwner returns (bool ok) {
        (bool s, ) = to.call{value: amount}("");
        to.call.value(amount).gas(2300)();
        balances[to] -= amount;
        i++;
        emit Paid(to, amount);
        if (!s) { revert("failed"); } else { throw; }
        for (uint i = 0; i < 3; i++) { delete balances[to]; }
        unchecked { x = x + 1; }
        Entry storage e;
        assembly { let y := 1 }
        return a + b[i] * c.d(e) > f;
    }

    function () external payable {}
    receive() external payable {}
}

interface IToken { function transfer(address to, uint v) external returns (bool); }
library L { function id(uint a) internal pure returns (uint) { return a; } }
"""


def _strip(e: object) -> str:
    if isinstance(e, ir.BinOp):
        return f"({_strip(e.left)}{e.op}{_strip(e.right)})"
    if isinstance(e, ir.Compare):
        return f"({_strip(e.left)}{e.ops[0]}{_strip(e.comparators[0])})"
    if isinstance(e, ir.Name):
        return e.id
    if isinstance(e, ir.Index):
        return f"{_strip(e.obj)}[{_strip(e.index)}]"
    if isinstance(e, ir.Attr):
        return f"{_strip(e.obj)}.{e.attr}"
    if isinstance(e, ir.Call):
        return f"{_strip(e.func)}({','.join(_strip(a) for a in e.args)})"
    return type(e).__name__


def module() -> ir.Module:
    return lower_source("contracts/Vault.sol", SRC)


def test_top_level_items() -> None:
    m = module()
    kinds = [type(s).__name__ for s in m.body]
    assert kinds == ["OpaqueStmt", "Import", "Class", "Class", "Class"]
    pragma = m.body[0]
    assert isinstance(pragma, ir.OpaqueStmt) and pragma.kind == "pragma"
    assert isinstance(m.body[1], ir.Import) and m.body[1].module == "./Base.sol"
    vault, itoken, lib = m.body[2], m.body[3], m.body[4]
    assert isinstance(vault, ir.Class) and vault.name == "Vault"
    assert [d.id for d in vault.decorators if isinstance(d, ir.Name)] == ["contract"]
    assert [(_strip(b)) for b in vault.bases] == ["Base", "Other(Const)"]
    assert isinstance(itoken, ir.Class) and isinstance(itoken.decorators[0], ir.Name)
    assert itoken.decorators[0].id == "interface"
    assert isinstance(lib, ir.Class) and isinstance(lib.decorators[0], ir.Name) and lib.decorators[0].id == "library"


def test_contract_members() -> None:
    vault = module().body[2]
    assert isinstance(vault, ir.Class)
    state = {s.targets[0].id: s.annotation for s in vault.body
             if isinstance(s, ir.Assign) and isinstance(s.targets[0], ir.Name)}
    assert state["balances"].startswith("mapping(address => uint)") and "public" in state["balances"]
    assert "constant" in state["FEE"]
    fee = next(s for s in vault.body if isinstance(s, ir.Assign) and s.annotation.startswith("uint constant"))
    assert isinstance(fee.value, ir.Const) and fee.value.value == 10**18
    funcs = {f.name: f for f in vault.body if isinstance(f, ir.Func)}
    assert {"Paid", "onlyOwner", "constructor", "pay", "fallback", "receive"} <= set(funcs)
    pay = funcs["pay"]
    decos = [d.id if isinstance(d, ir.Name) else _strip(d) for d in pay.decorators]
    assert decos[0] == "function" and "external" in decos and "onlyOwner" in decos
    assert [p.name for p in pay.params] == ["to", "amount"] and pay.params[0].annotation == "address payable"
    assert funcs["onlyOwner"].decorators[0].id == "modifier"  # type: ignore[attr-defined]
    assert any(isinstance(d, ir.Name) and d.id == "payable" for d in funcs["fallback"].decorators)


def test_statements_of_a_function() -> None:
    vault = module().body[2]
    assert isinstance(vault, ir.Class)
    pay = next(f for f in vault.body if isinstance(f, ir.Func) and f.name == "pay")
    body = pay.body
    # named return value first
    assert isinstance(body[0], ir.Assign) and isinstance(body[0].value, ir.Opaque) and body[0].value.kind == "returns"
    call_new = body[1]
    assert isinstance(call_new, ir.Assign) and isinstance(call_new.targets[0], ir.Collection)
    assert isinstance(call_new.value, ir.Call) and _strip(call_new.value.func) == "to.call"
    assert [k.name for k in call_new.value.keywords] == ["value"]
    old = body[2]
    assert isinstance(old, ir.ExprStmt) and isinstance(old.expr, ir.Call)
    assert _strip(old.expr.func) == "to.call" and [k.name for k in old.expr.keywords] == ["value", "gas"]
    assert isinstance(body[3], ir.Assign) and body[3].op == "-"
    assert isinstance(body[4], ir.Assign) and body[4].op == "+"
    assert isinstance(body[5], ir.OpaqueStmt) and body[5].kind == "emit"
    branch = body[6]
    assert isinstance(branch, ir.If) and isinstance(branch.body[0], ir.Raise) and isinstance(branch.orelse[0], ir.Raise)
    assert isinstance(body[7], ir.Assign) and isinstance(body[8], ir.Loop)
    assert isinstance(body[8].body[0], ir.Delete)
    assert isinstance(body[9], ir.With) and _strip(body[9].items[0][0]) == "unchecked"
    assert isinstance(body[10], ir.Assign) and body[10].annotation == "Entry storage"
    assert isinstance(body[10].value, ir.Opaque) and body[10].value.kind == "default"
    assert isinstance(body[11], ir.OpaqueStmt) and body[11].kind == "assembly"
    ret = body[12]
    assert isinstance(ret, ir.Return)
    # the grammar nests `a + b[i] * c.d(e) > f` wrongly; the lowering restores precedence
    assert _strip(ret.value) == "((a+(b[i]*c.d(e)))>f)"


def test_modifier_placeholder() -> None:
    vault = module().body[2]
    assert isinstance(vault, ir.Class)
    mod = next(f for f in vault.body if isinstance(f, ir.Func) and f.name == "onlyOwner")
    assert isinstance(mod.body[-1], ir.ExprStmt) and _strip(mod.body[-1].expr) == "_"


def test_syntax_errors_are_tolerated() -> None:
    m = lower_source("bad.sol", "contract A { function f( { x = ; } }\ncontract B { uint x; }")
    assert any(isinstance(s, ir.Class) and s.name == "B" for s in m.body)


def test_pragma_lowest_version() -> None:
    assert min_version("solidity ^0.4.24") == (0, 4, 24)
    assert min_version("solidity >=0.4.22 <0.6.0") == (0, 4, 22)
    assert min_version("solidity 0.8.19") == (0, 8, 19)
    assert min_version("solidity >0.7.0") == (0, 7, 1)
    assert min_version("solidity <0.9.0") == (0, 0, 0)
    assert min_version("solidity ^0.5.0 || ^0.8.0") == (0, 5, 0)
