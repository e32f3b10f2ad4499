"""Solidity rules and their checks, on the IR and the contract facts of `armur.analysis.solidity`.

Every check models a vulnerability pattern (what the code does), never a contract's or variable's
name. Modifiers are judged by their bodies (does it compare the caller with something, is it a
lock), and the pragma's lowest admitted compiler version decides the version-dependent rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from armur.analysis import solidity as sa
from armur.analysis.solidity import Contract, Effect, Function, Scope, SolModule
from armur.core.findings import Confidence, Finding, Location, Severity, TraceStep
from armur.core.rules import Rule, RuleDoc
from armur.ir import nodes as ir

LANGS = ("solidity",)
# Swap / flash-loan callbacks a DEX pool makes on the contract that started the swap (Uniswap V2 and V3,
# and the forks that kept the interface under their own name). Only the pool may call them.
POOL_CALLBACKS = frozenset({
    "uniswapV2Call", "uniswapV3SwapCallback", "uniswapV3MintCallback", "uniswapV3FlashCallback",
    "pancakeCall", "pancakeV3SwapCallback", "pancakeV3MintCallback", "pancakeV3FlashCallback",
    "sushiswapV3SwapCallback", "algebraSwapCallback", "algebraMintCallback", "algebraFlashCallback",
    "BiswapCall", "joeCall", "apeCall", "waultSwapCall",
})
H, M, L, C = Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.CRITICAL
CH, CM, CL = Confidence.HIGH, Confidence.MEDIUM, Confidence.LOW


def _rule(rid: str, title: str, sev: Severity, conf: Confidence, cwe: tuple[int, ...], owasp: str, what: str,
          why: str, example: str, fix: str) -> Rule:
    return Rule(id=f"solidity.{rid}", title=title, severity=sev, confidence=conf, cwe=cwe, owasp=owasp,
                languages=LANGS, analyzer="sast", doc=RuleDoc(what, why, example, fix))


REENTRANCY = _rule(
    "reentrancy", "Re-entrancy: external call before the state it depends on is updated", H, CM, (841,), "A04",
    "A public function makes an external call (call{value:}, a low-level call, or a call to another contract) "
    "and only afterwards writes state that it read before the call, or state that another public function "
    "relies on (cross-function). Functions guarded by a lock (a modifier whose body checks and sets a flag "
    "around `_`) are skipped.",
    "The callee runs arbitrary code in the middle of the function and can call back in while the contract "
    "still shows the old state, for example withdrawing the same balance again and again (the DAO hack).",
    "require(balances[msg.sender] >= a);\n(bool ok, ) = msg.sender.call{value: a}(\"\");\nbalances[msg.sender] -= a;",
    "Follow checks-effects-interactions: update state before the call; or guard the function (and the "
    "functions sharing that state) with a re-entrancy lock such as OpenZeppelin's nonReentrant.")
REENTRANCY_LOW = _rule(
    "reentrancy-send-transfer", "State updated after transfer/send (limited-gas re-entrancy)", L, CL, (841,), "A04",
    "Like solidity.reentrancy, but the call is transfer() or send(), which forward only the 2300-gas stipend.",
    "The stipend prevents the callee from writing state today, but gas costs have changed before (EIP-1884) "
    "and the ordering still relies on it; it is a design smell worth fixing.",
    "msg.sender.transfer(bal[msg.sender]);\nbal[msg.sender] = 0;",
    "Update state before sending ether.")
TX_ORIGIN = _rule(
    "tx-origin-auth", "tx.origin used for authorization", H, CH, (477,), "A01",
    "A require/if/modifier condition compares tx.origin with an address (not the `tx.origin == msg.sender` "
    "check that only rejects contract callers).",
    "tx.origin is the account that started the transaction, not the caller: a malicious contract the owner "
    "interacts with can call the victim and pass the check (phishing).",
    "require(tx.origin == owner);",
    "Authorize with msg.sender.")
UNCHECKED_CALL = _rule(
    "unchecked-call", "Return value of a low-level call or send is not checked", M, CH, (252, 703), "A04",
    "call, delegatecall, callcode or send used as a statement, or its success flag assigned and never read; "
    "also a result tested in an if whose branches leave no trace of a failure (empty, only local variables, "
    "revert on success) or in a condition that is always true (`!a.send(v) || 1 == 1`).",
    "Low-level calls do not revert when the callee fails; they return false. Ignoring it lets the contract "
    "continue as if the payment or call succeeded, and can lock or lose funds.",
    "winner.send(prize);",
    "Check the result: `(bool ok, ) = to.call{value: v}(\"\"); require(ok);`, or use transfer / Address.sendValue.")
ACCESS = _rule(
    "missing-access-control", "Privileged action callable by anyone", H, CM, (284, 862), "A01",
    "A public/external function without an access-control modifier or caller check that destroys the "
    "contract, changes the variables the contract's own checks use to recognise its owner/admins (also "
    "functions meant to be constructors or one-time initializers), changes a delegatecall target "
    "(upgrade), mints (raises a supply and a balance by a caller-chosen amount with nothing paid or debited), "
    "or sends the contract's ether to a caller-chosen address without any balance accounting; one that "
    "hands the address the constructor recorded as its deployer (the owner) to a caller-chosen address; and "
    "a swap/flash callback of a DEX pool (uniswapV2Call, uniswapV3SwapCallback, ...) that does not check "
    "that the caller is the pool, so anyone can make the contract pay or act as if a swap were under way.",
    "Anyone can take ownership, re-initialise the contract, point it at malicious code, drain or destroy it.",
    "function initWallet(address o) public { owner = o; }",
    "Add an access-control modifier (onlyOwner / onlyRole), use a real constructor, and protect initializers "
    "with an initialized flag.")
DELEGATECALL = _rule(
    "delegatecall-user-controlled", "delegatecall to a caller-chosen address or with caller-chosen data", H, CM,
    (829,), "A08",
    "delegatecall/callcode whose target comes from a parameter (or a state variable anyone can set), in a "
    "function anyone can call; or one that forwards msg.data or a parameter to an implementation in the scan "
    "(a contract declaring the same state variables) with a public state-changing function that checks no "
    "caller. Forwarding calldata to code that is not in the scan (the proxy pattern) is not reported.",
    "delegatecall runs the callee's code with this contract's storage and balance: a chosen target or function "
    "can overwrite the owner, self-destruct or drain the contract (Parity wallet).",
    "function forward(address callee, bytes _data) public { require(callee.delegatecall(_data)); }",
    "Delegate only to fixed, trusted code, restrict who can call, and whitelist the functions forwarded.")
OVERFLOW = _rule(
    "integer-overflow", "Unchecked integer arithmetic (before Solidity 0.8)", H, CM, (190, 191), "A04",
    "+, -, * (and +=, -=, *=, ++/--) on a value that comes from a parameter or msg.value, in code whose pragma "
    "admits a compiler older than 0.8 (no built-in overflow checks), without SafeMath and without a require/if "
    "that bounds the same operands. Also a local whose value is known from literals alone (`uint8 v = 0; "
    "v = v - 10;`) taken out of its type's range.",
    "Before 0.8 integers wrap silently: a subtraction below zero becomes a huge balance, a multiplication wraps "
    "to a small price (BEC token).",
    "balances[msg.sender] -= _value;  // no require(balances[msg.sender] >= _value)",
    "Use Solidity >= 0.8, or SafeMath (a.sub(b)), or check the bounds before the operation.")
UNCHECKED_BLOCK = _rule(
    "unchecked-arithmetic", "Arithmetic on caller-supplied values in an unchecked block", M, CL, (190, 191), "A04",
    "+, -, * inside `unchecked { }` (Solidity >= 0.8) that writes contract state with an operand from a "
    "parameter, when no condition and no checked operation earlier in the function bounds that operand.",
    "unchecked turns the 0.8 overflow checks off; a caller-chosen operand can then wrap.",
    "unchecked { balance[to] += amount; }",
    "Keep unchecked for arithmetic whose bounds are proven by an earlier check.")
RANDOM = _rule(
    "weak-randomness", "Randomness derived from block values", H, CM, (330,), "A02",
    "block.timestamp/now, block.number, blockhash, block.difficulty/prevrandao or block.coinbase feeding a "
    "random choice: hashed (keccak256/sha3/sha256), reduced with % or masked, directly or through variables.",
    "Block values are public and partly chosen by the block producer; another contract can compute the same "
    "'random' number in the same block and only play when it wins.",
    "uint winner = uint(keccak256(abi.encodePacked(block.timestamp))) % players.length;",
    "Use a verifiable randomness source (a VRF oracle) or a commit-reveal scheme.")
TIMESTAMP = _rule(
    "timestamp-dependence", "Decision depends on block.timestamp", L, CL, (829,), "A04",
    "block.timestamp / now in a condition of a function that pays out ether, or matched exactly (== / != / "
    "%), directly or through a local holding it; also a timestamp stored in state that such a condition "
    "later compares. Deadlines on other state "
    "changes (permits, timelocks) are not reported: a few seconds of drift do not matter there.",
    "The block producer can move the timestamp by several seconds; exact equality or short windows can be "
    "gamed to win a payout or pass a check.",
    "if (now % 15 == 0) { msg.sender.transfer(this.balance); }",
    "Do not use timestamps for exact matches or randomness; tolerate drift for deadlines of minutes or more.")
DOS_GAS = _rule(
    "dos-gas-limit", "Work grows with data any caller can add (gas-limit denial of service)", M, CM, (400, 834),
    "A04",
    "A loop bounded by the length of a state array that a public function without access control grows (push, "
    "length increase), or by a caller-chosen count; or clearing such an array in one go.",
    "Once the array is long enough the loop or reset costs more than the block gas limit and the function can "
    "never run again, locking funds.",
    "function join() public { players.push(msg.sender); }\nfor (uint i = 0; i < players.length; i++) {...}",
    "Bound the array, process it in batches, or let users withdraw individually (pull payments).")
DOS_CALL = _rule(
    "dos-failed-call", "One failing recipient blocks everyone (push payment)", M, CM, (703,), "A04",
    "transfer / require(send) / require(call) to many recipients inside a loop, or to a stored address that "
    "any caller can become (the previous bidder, king, leader) before the state moves on.",
    "A recipient contract that always reverts makes the whole loop or the next bid fail forever.",
    "require(currentLeader.send(currentBid));",
    "Record what is owed and let each recipient withdraw it (pull over push).")
SIGNATURE = _rule(
    "signature-replay", "Signature check without replay protection", H, CM, (347, 294), "A07",
    "ecrecover in a public state-changing function whose signed data carries no nonce or used-marker (no state "
    "is updated to consume the signature) and no chain id.",
    "The same signature can be submitted again, on this or another chain, to repeat the authorised action.",
    "address s = ecrecover(keccak256(abi.encodePacked(to, amount)), v, r, s); require(s == owner); pay(to, amount);",
    "Include a per-signer nonce, the chain id and this contract's address in the signed data (EIP-712), and "
    "mark signatures used.")
ECRECOVER_ZERO = _rule(
    "ecrecover-zero-address", "ecrecover result not checked against address(0)", M, CM, (347,), "A07",
    "The address returned by ecrecover is used without rejecting address(0), which ecrecover returns for an "
    "invalid signature.",
    "If the expected signer can be address(0) (an unset variable or mapping entry), any garbage signature "
    "passes.",
    "require(ecrecover(h, v, r, s) == signer);",
    "Reject address(0), or use OpenZeppelin's ECDSA.recover.")
FRONT_RUN = _rule(
    "front-running", "Transaction-order dependence (front-running)", M, CL, (362,), "A04",
    "An ERC20 approve() that overwrites a non-zero allowance; a public function that pays whoever submits the "
    "preimage of a stored hash, or records them (`winner = msg.sender`) in state another function pays; a "
    "payout whose amount is a state variable another public function can change while the claim is pending.",
    "Pending transactions are public: an observer can copy the answer or move first with a higher gas price, "
    "spend the old allowance before the new one, or change the reward under a pending claim.",
    "require(hash == sha3(solution)); msg.sender.transfer(1000 ether);",
    "Use commit-reveal, increase/decreaseAllowance, or fix the terms (amount, price) in the user's transaction.")
UNINIT_STORAGE = _rule(
    "uninitialized-storage-pointer", "Uninitialized local storage pointer (before 0.5)", H, CH, (824, 908), "A04",
    "A local struct/array variable declared without `memory` and without an initial value, in code whose pragma "
    "admits a compiler older than 0.5; and writes through it.",
    "Such a variable is a storage pointer to slot 0: writing its fields overwrites the first state variables "
    "(often the owner or a lock).",
    "Game game; game.player = msg.sender;  // overwrites slot 0",
    "Declare it `memory`, or initialise it from a storage location.")
SHADOWING = _rule(
    "shadowed-state-variable", "State variable shadows one of a base contract", M, CH, (710,), "A04",
    "A contract declares a state variable with the same name as a state variable of a contract it inherits.",
    "There are then two variables: the base's functions (and modifiers such as onlyOwner) use the base copy, "
    "the derived code the other, so checks read a value that is never set.",
    "contract A { address owner; } contract B is A { address owner; }",
    "Remove the duplicate and use the inherited variable.")
LOCKED_ETHER = _rule(
    "locked-ether", "Contract accepts ether but can never send it", M, CM, (460,), "A04",
    "A contract with payable functions (or a payable fallback/receive) and no way, in it or its bases, to send "
    "ether out (transfer, send, call with value, selfdestruct, delegatecall, assembly).",
    "Ether sent to it is locked forever.",
    "contract Vault { function deposit() public payable {} }",
    "Add a withdrawal path, or drop `payable`.")

RULES: list[Rule] = [REENTRANCY, REENTRANCY_LOW, TX_ORIGIN, UNCHECKED_CALL, ACCESS, DELEGATECALL, OVERFLOW,
                     UNCHECKED_BLOCK, RANDOM, TIMESTAMP, DOS_GAS, DOS_CALL, SIGNATURE, ECRECOVER_ZERO, FRONT_RUN,
                     UNINIT_STORAGE, SHADOWING, LOCKED_ETHER]


# Internal functions of widely used base contracts (OpenZeppelin, solmate) that only an owner or a role should
# reach, and what calling them does; used when the base is not in the scan.
_LIBRARY_PRIVILEGED = {
    "_mint": "mints tokens to a caller-chosen address (_mint of the token base)",
    "_safeMint": "mints tokens to a caller-chosen address (_safeMint of the token base)",
    "_transferOwnership": "hands the contract's ownership to someone else (_transferOwnership)",
    "_setOwner": "hands the contract's ownership to someone else (_setOwner)",
    "_upgradeTo": "replaces the contract's implementation (_upgradeTo)",
    "_upgradeToAndCall": "replaces the contract's implementation (_upgradeToAndCall)",
    "_upgradeToAndCallUUPS": "replaces the contract's implementation (_upgradeToAndCallUUPS)",
    "_grantRole": "grants an access role (_grantRole)",
    "_setupRole": "grants an access role (_setupRole)",
    "_setRoleAdmin": "changes who administers an access role (_setRoleAdmin)",
    "_pause": "pauses the contract (_pause)",
    "_unpause": "unpauses the contract (_unpause)",
}
_INITIALIZER_MODIFIERS = frozenset({"initializer", "reinitializer", "onlyInitializing"})


def _modifier_name(m: ir.Expr) -> str:
    return m.func.id if isinstance(m, ir.Call) and isinstance(m.func, ir.Name) else m.id if isinstance(m, ir.Name) \
        else ""


class _Report:
    def __init__(self, mod: SolModule, display: str) -> None:
        self.mod, self.display = mod, display
        self.out: list[Finding] = []
        self._seen: set[tuple[str, int, int]] = set()

    def loc(self, sp: ir.Span) -> Location:
        return Location(self.display, sp.line, sp.col, sp.end_line, sp.end_col)

    def code(self, line: int) -> str:
        lines = self.mod.lines
        return lines[line - 1].strip() if 0 < line <= len(lines) else ""

    def add(self, rule: Rule, sp: ir.Span, message: str, steps: Iterable[tuple[ir.Span, str, str]] = (),
            severity: Severity | None = None, confidence: Confidence | None = None) -> None:
        key = (rule.id, sp.line, sp.col)
        if key in self._seen or sp.line <= 0:
            return
        self._seen.add(key)
        trace = tuple(TraceStep(self.loc(s), kind, note, self.code(s.line)) for s, kind, note in steps)
        self.out.append(Finding(rule_id=rule.id, message=message, severity=severity or rule.severity,
                                confidence=confidence or rule.confidence, location=self.loc(sp), analyzer="sast",
                                cwe=rule.cwe, owasp=rule.owasp, snippet=self.code(sp.line), trace=trace,
                                fix=rule.doc.fix))


def _header(fn: Function) -> ir.Span:
    sp = fn.node.span
    return ir.Span(sp.line, sp.col, sp.line, sp.col + len(fn.name))


def _mod_name(m: ir.Expr) -> str:
    if isinstance(m, ir.Call) and isinstance(m.func, ir.Name):
        return m.func.id
    return m.id if isinstance(m, ir.Name) else ""


def check(mod: SolModule) -> list[Finding]:
    """All Solidity checks over one linked module."""
    rep = _Report(mod, mod.display)
    sa.clear_memo()
    for c in mod.contracts.values():
        if c.kind == "interface":
            continue
        _Checker(c, mod, rep).run()
    return rep.out


class _Checker:
    def __init__(self, c: Contract, mod: SolModule, rep: _Report) -> None:
        self.c, self.mod, self.rep = c, mod, rep
        self.guards = sa.Guards(c)
        self.effects = sa.Effects(c)
        self.funcs = [f for f in c.functions]  # own code only: bases are reported in their own file
        self.all_funcs = c.all_functions()
        self.state = c.all_state()
        self._prot: dict[int, bool] = {}
        self._payees_memo: dict[str, ir.Span] | None = None

    def protected(self, fn: Function) -> bool:
        if id(fn) not in self._prot:
            self._prot[id(fn)] = self.guards.protected(fn)
        return self._prot[id(fn)]

    def run(self) -> None:
        for step in (self.reentrancy, self.tx_origin, self.unchecked_calls, self.access_control, self.delegatecall,
                     self.arithmetic, self.randomness, self.timestamp, self.dos, self.signatures,
                     self.front_running, self.uninitialized_storage, self.shadowing, self.locked_ether):
            step()

    # ---- re-entrancy ----
    def reentrancy(self) -> None:
        entries = [f for f in self.all_funcs if f.entry and not f.read_only and not self.guards.locked(f)]
        for fn in self.funcs:
            if not fn.entry or fn.read_only or self.guards.locked(fn) or fn.kind != "function":
                continue
            ev = self.effects.of(fn)
            for i, e in enumerate(ev):
                if e.kind != "call" or e.call_kind in ("delegatecall",):
                    continue
                if e.call_kind in ("call", "external") and self.guards.protected(fn, strict=True):
                    continue  # only a privileged caller gets here, and the call carries no ether
                before_r = {x.var for x in ev[:i] if x.kind == "read"}
                before_w = {x.var for x in ev[:i] if x.kind == "write"}
                after_w = {x.var for x in ev[i + 1:] if x.kind == "write"} - before_w
                after_w = {v for v in after_w if v in self.state and not self.state[v].constant}
                if not after_w:
                    continue
                lock = self._user_lock(ev[:i], before_w)
                if lock:
                    continue
                # state re-validated after the call, before it is written (require(isReady(id)) again):
                # a re-entrant change to it makes the outer call revert
                rechecked = set()
                for j, x in enumerate(ev[i + 1:], i + 1):
                    if x.kind == "read" and x.in_cond and x.var in before_r and not any(
                            y.kind == "write" and y.var == x.var for y in ev[i + 1:j]):
                        rechecked.add(x.var)
                direct = sorted((after_w & before_r) - rechecked)
                low = e.call_kind in ("transfer", "send")
                rule = REENTRANCY_LOW if low else REENTRANCY
                sev = None if low or e.call_kind == "value-call" else M
                wline = next(x.span for x in ev[i + 1:] if x.kind == "write" and x.var in after_w)
                steps = [(e.span, "source", f"external call ({e.call_kind})" + (f" in {e.via}" if e.via else "")),
                         (wline, "sink", "state written after the call")]
                if direct:
                    self.rep.add(rule, e.span, f"{fn.name}(): external call before '{', '.join(direct)}' is "
                                 f"updated (state read before the call, written after it)", steps, severity=sev)
                    continue
                after_w -= rechecked
                if not after_w:
                    continue
                other = [g for g in entries if g.node is not fn.node and g.kind == "function" and
                         any(x.kind == "read" and x.var in after_w for x in self.effects.of(g)) and
                         any(x.kind in ("call", "write") for x in self.effects.of(g))]
                if other and not low:
                    self.rep.add(rule, e.span, f"{fn.name}(): external call before '{', '.join(sorted(after_w))}' "
                                 f"is updated, which {other[0].name}() relies on (cross-function re-entrancy)",
                                 steps + [(other[0].node.span, "step", f"{other[0].name}() reads it")],
                                 severity=M, confidence=CL)

    def _user_lock(self, before: list[Effect], before_w: set[str]) -> bool:
        """A state flag checked and set before the call (a hand-written mutex)."""
        reads = {x.var for x in before if x.kind == "read"}
        for v in before_w & reads:
            t = self.state.get(v)
            if t is not None and t.type.split(" ")[0] == "bool":
                return True
        return False

    # ---- tx.origin ----
    def tx_origin(self) -> None:
        bodies = [f.node.body for f in self.funcs] + [m.node.body for m in self.c.modifiers.values()]
        for body in bodies:
            for cond, _st in sa.conditions(body):
                for e in sa.walk(cond):
                    if isinstance(e, ir.Compare) and e.ops[0] in ("==", "!="):
                        sides = [e.left, *e.comparators]
                        if any(sa.is_origin(s) for s in sides) and not any(sa.is_sender(s) for s in sides):
                            self.rep.add(TX_ORIGIN, e.span, "tx.origin compared for authorization; a contract the "
                                         "user calls can pass this check")

    # ---- unchecked low-level calls ----
    def unchecked_calls(self) -> None:
        for fn in [*self.funcs, *self.c.modifiers.values()]:
            body = fn.node.body
            stmts = list(sa.walk_stmts(body))
            for idx, st in enumerate(stmts):
                if isinstance(st, ir.ExprStmt) and isinstance(st.expr, ir.Call):
                    kind = sa.low_level(st.expr)
                    if kind and kind != "staticcall":
                        self.rep.add(UNCHECKED_CALL, st.expr.span, f"the result of {kind}() is ignored; a failed "
                                     "call goes unnoticed")
                elif isinstance(st, ir.Assign) and isinstance(st.value, ir.Call) and sa.low_level(st.value):
                    t = st.targets[0]
                    flag = t.elts[0] if isinstance(t, ir.Collection) and t.elts else t
                    if isinstance(flag, ir.Name):
                        used = any(flag.id in sa.names_in(s if not isinstance(s, ir.If | ir.Loop) else
                                                          ([s.test] if s.test is not None else []))
                                   for s in stmts[idx + 1:])
                        if not used:
                            self.rep.add(UNCHECKED_CALL, st.value.span, f"the success flag of "
                                         f"{sa.low_level(st.value)}() is stored in '{flag.id}' but never checked")
                    elif isinstance(t, ir.Collection) and not t.elts:
                        self.rep.add(UNCHECKED_CALL, st.value.span, "the success flag of a low-level call is dropped")
                elif isinstance(st, ir.If):
                    self._branch_ignores_result(fn, st)

    def _branch_ignores_result(self, fn: Function, st: ir.If) -> None:
        """`if (!x.send(v)) { }` and kin: the result is tested, but the failure branch does nothing that
        anyone can see (empty, or only sets locals), or the test is always true whatever the call returns."""
        test = st.test
        call = next((c for c in sa.walk(test)
                     if isinstance(c, ir.Call) and sa.low_level(c) not in (None, "staticcall")), None)
        if call is None:
            return
        kind = sa.low_level(call)
        if isinstance(test, ir.BoolOp) and test.op == "or" and any(_always_true(v) for v in test.values):
            self.rep.add(UNCHECKED_CALL, call.span, f"the result of {kind}() is tested in a condition that is always "
                         "true, so it decides nothing")
            return
        if isinstance(test, ir.UnaryOp) and test.op == "not" and test.operand is call:
            failure, success = st.body, st.orelse
        elif test is call:
            failure, success = st.orelse, st.body
        else:
            return
        scope = sa.scope_for(self.c, fn)

        def inert(branch: list[ir.Stmt], revert_ok: bool) -> bool:
            for x in sa.walk_stmts(branch):
                if isinstance(x, ir.Pass) or (revert_ok and isinstance(x, ir.Raise)):
                    continue
                if isinstance(x, ir.Assign) and all(isinstance(t, ir.Name) and not scope.state_root(t)
                                                    for t in x.targets) and \
                        not any(isinstance(e, ir.Call) for e in sa.walk(x.value)):
                    continue
                return False
            return True
        # A failure that changes nothing is fine when success is what gets recorded (`if (a.send(v)) {
        # paid[a] = true; }`); it is ignored when neither outcome leaves a trace.
        if inert(failure, False) and inert(success, True):
            self.rep.add(UNCHECKED_CALL, call.span, f"the result of {kind}() is tested, but neither outcome is "
                         "acted on: a failure changes nothing (the branches are empty, only set local "
                         "variables, or revert on success)")

    # ---- access control ----
    def access_control(self) -> None:
        priv = self.guards.privileged_vars()
        dtargets = self._delegate_targets()
        deployer = self._deployer_vars()
        for fn in self.funcs:
            if not fn.entry or fn.read_only or self.protected(fn):
                continue
            acts = [x.span for x in self.effects.of(fn) if x.kind in ("call", "write")] + [
                e.span for e in sa.body_exprs(fn.node.body) if isinstance(e, ir.Call) and isinstance(e.func, ir.Name)
                and e.func.id not in ("require", "assert", "revert")]
            if fn.name in POOL_CALLBACKS and acts:
                self.rep.add(ACCESS, _header(fn), f"{fn.name}() is a pool's swap/flash callback and does not "
                             "check that msg.sender is the pool: anyone can call it with made-up amounts and data",
                             [(_header(fn), "source", "callback entry point, caller not checked"),
                              (min(acts, key=lambda sp: (sp.line, sp.col)), "sink",
                               "acts on the caller-supplied callback data")])
                continue
            reason, where = self._privileged_action(fn, priv, dtargets, deployer)
            if reason:
                self.rep.add(ACCESS, _header(fn), f"{fn.name}() can be called by anyone and {reason}",
                             [(_header(fn), "source", "public entry point without a caller check"),
                              (where, "sink", reason)])
            else:
                self._unaccounted_withdraw(fn)
                self._mint(fn)

    def _deployer_vars(self) -> set[str]:
        """Scalar address state variables the constructor sets to msg.sender (the deployer, i.e. the owner)
        and that some unprotected entry point overwrites with a caller-chosen value (a parameter)."""
        out: set[str] = set()
        for fn in self.all_funcs:
            if fn.kind != "constructor" and not (fn.kind == "function" and fn.name == self.c.name):
                continue
            scope = sa.scope_for(self.c, fn)
            for st in sa.walk_stmts(fn.node.body):
                if isinstance(st, ir.Assign) and not st.op and sa.is_sender(st.value):
                    for t in st.targets:
                        if isinstance(t, ir.Name) and (r := scope.state_root(t)) and r in self.state and \
                                not (self.state[r].is_mapping or self.state[r].is_array):
                            out.add(r)
        written = {x.var for fn in self.funcs if fn.entry and not self.protected(fn) and fn.kind == "function"
                   for x in self.effects.of(fn) if x.kind == "write" and x.from_param and not x.op}
        return out & written

    def _delegate_targets(self) -> set[str]:
        out: set[str] = set()
        for fn in self.all_funcs:
            scope = sa.scope_for(self.c, fn)
            for e in sa.body_exprs(fn.node.body):
                if isinstance(e, ir.Call) and sa.low_level(e) in ("delegatecall", "callcode"):
                    t = sa.call_target(e)
                    r = scope.state_root(t) if t is not None else None
                    if r:
                        out.add(r)
        return out

    def _privileged_action(self, fn: Function, priv: set[str], dtargets: set[str],
                           deployer: frozenset[str] | set[str] = frozenset()) -> tuple[str, ir.Span]:
        scope = sa.scope_for(self.c, fn)
        cond_vars = {scope.state_root(e) for cnd, _ in sa.conditions(fn.node.body) for e in sa.walk(cnd)
                     if isinstance(e, ir.Name)} - {None}
        for e in sa.body_exprs(fn.node.body):
            if isinstance(e, ir.Call) and isinstance(e.func, ir.Name) and e.func.id in ("selfdestruct", "suicide"):
                return f"destroys the contract ({e.func.id})", e.span
        library = self._library_privileged_call(fn)
        if library:
            return library
        for ef in self.effects.of(fn):
            if ef.kind != "write" or ef.via.startswith("modifier"):
                continue
            if ef.var in priv and ef.var not in cond_vars:
                return f"changes '{ef.var}', which the contract's access checks rely on", ef.span
            if ef.var in dtargets and ef.var not in cond_vars:
                return f"changes '{ef.var}', the code this contract delegates to (upgrade)", ef.span
            if ef.var in deployer and ef.from_param and not ef.op and ef.var not in cond_vars:
                return (f"sets '{ef.var}', which the constructor set to the deployer, to a caller-chosen "
                        "address"), ef.span
        return "", ir.NOSPAN

    def _library_privileged_call(self, fn: Function) -> tuple[str, ir.Span] | None:
        """A privileged internal function of a widely used base contract that is not in the scan
        (OpenZeppelin, solmate: ERC20/721/1155 `_mint`, Ownable `_transferOwnership`, ERC1967/UUPS
        `_upgradeTo`, AccessControl `_grantRole`, Pausable `_pause`), called from an unguarded entry point.
        Minting to the caller (a public mint or sale) and initializers (callable once, by design) are left."""
        if any(_modifier_name(m) in _INITIALIZER_MODIFIERS for m in fn.modifiers) or fn.name in ("initialize", "init"):
            return None
        params = fn.params()
        for e in sa.body_exprs(fn.node.body):
            if not (isinstance(e, ir.Call) and isinstance(e.func, ir.Name)) or e.func.id not in _LIBRARY_PRIVILEGED:
                continue
            name = e.func.id
            if self.c.function(name) is not None:
                continue  # defined in the scanned code: its own effects are analysed
            if name in ("_mint", "_safeMint"):
                to = e.args[0] if e.args else None
                paid = fn.payable or any(sa.is_attr(x, "msg", "value") for x in sa.body_exprs(fn.node.body))
                if paid or to is None or not (isinstance(to, ir.Name) and to.id in params):
                    continue  # to the caller, to a fixed address, or paid for: a sale or a public mint
            return _LIBRARY_PRIVILEGED[name], e.span
        return None

    def _mint(self, fn: Function) -> None:
        """Supply and a balance both grow by a caller-chosen amount, with nothing paid or debited."""
        ev = self.effects.of(fn)
        if fn.payable or any(x.kind == "call" for x in ev) or self._calls_out(fn, 0):
            return
        writes = [x for x in ev if x.kind == "write"]
        if any(x.op == "-" for x in writes):
            return
        grows = [x for x in writes if x.op == "+" and x.from_param]
        scalar = [x for x in grows if not (self.state[x.var].is_mapping or self.state[x.var].is_array)]
        mapping = [x for x in grows if self.state[x.var].is_mapping]
        if scalar and mapping:
            self.rep.add(ACCESS, _header(fn), f"{fn.name}() can be called by anyone and mints: it increases "
                         f"'{scalar[0].var}' and '{mapping[0].var}' by a caller-chosen amount with nothing paid",
                         [(_header(fn), "source", "public entry point without a caller check"),
                          (mapping[0].span, "sink", "balance increased")])

    def _calls_out(self, fn: Function, depth: int) -> bool:
        """msg.value, or a call into a library or another contract (which may take a payment), in the
        function or the internal functions it calls."""
        scope = sa.scope_for(self.c, fn)
        for e in sa.body_exprs(fn.node.body):
            if sa.is_attr(e, "msg", "value"):
                return True
            if not isinstance(e, ir.Call):
                continue
            f = e.func
            if isinstance(f, ir.Attr) and isinstance(f.obj, ir.Name) and f.obj.id not in scope.locals and \
                    f.obj.id not in scope.state and f.obj.id[:1].isupper():
                return True  # Library.f(...) / Contract.f(...)
            if sa.call_kind(e, scope):
                return True
            if isinstance(f, ir.Name) and depth < 2:
                callee = self.c.function(f.id)
                if callee is not None and self._calls_out(callee, depth + 1):
                    return True
        return False

    def _unaccounted_withdraw(self, fn: Function) -> None:
        ev = self.effects.of(fn)
        if any(x.kind == "write" for x in ev):
            return
        # With no condition at all (no require/assert/if, no loop test), a fixed amount or a payable
        # function's payout that does not use msg.value is still the contract's ether handed to whoever
        # calls (SWC-105); with some condition (a game's win test, a price), the function decides.
        unconditional = not sa.conditions(fn.node.body)
        if fn.payable and not unconditional:
            return
        for x in ev:
            if x.kind != "call" or x.call is None or x.call_kind not in ("transfer", "send", "value-call"):
                continue
            target = sa.call_target(x.call)
            amount = x.call.args[0] if x.call_kind in ("transfer", "send") and x.call.args else sa.keyword(x.call,
                                                                                                        "value")
            if target is None or amount is None:
                continue
            to_caller = sa.is_sender(target) or (isinstance(target, ir.Name) and target.id in fn.params())
            if not to_caller or any(sa.is_attr(a, "msg", "value") for a in sa.walk(amount)):
                continue
            if isinstance(amount, ir.Const) and not unconditional:
                continue
            self.rep.add(ACCESS, x.span, f"{fn.name}() sends ether to a caller-chosen address without updating "
                         "any balance" + (" or checking anything" if unconditional else ""),
                         [(_header(fn), "source", "public entry point without a caller check"),
                          (x.span, "sink", "ether sent")])

    # ---- delegatecall ----
    def delegatecall(self) -> None:
        settable = self._user_settable()
        for fn in self.funcs:
            if not fn.entry or self.protected(fn):
                continue
            scope = sa.scope_for(self.c, fn)
            tainted = self._param_derived(fn)
            # require(!x.delegatecall(d)): a successful delegatecall reverts the transaction, a failed one
            # changed nothing, so no storage write can survive
            must_fail = {id(e.args[0].operand) for e in sa.body_exprs(fn.node.body) if isinstance(e, ir.Call)
                         and isinstance(e.func, ir.Name) and e.func.id in ("require", "assert") and e.args
                         and isinstance(e.args[0], ir.UnaryOp) and e.args[0].op == "not"}
            for e in sa.body_exprs(fn.node.body):
                if not (isinstance(e, ir.Call) and sa.low_level(e) in ("delegatecall", "callcode")) or \
                        id(e) in must_fail:
                    continue
                t = sa.call_target(e)
                tnames = sa.names_in(t) if t is not None else set()
                r = scope.state_root(t) if t is not None else None
                if tnames & tainted or (r and r in settable):
                    self.rep.add(DELEGATECALL, e.span, f"{fn.name}(): delegatecall to an address the caller "
                                 "chooses", severity=C, confidence=CH)
                elif any(sa.is_attr(x, "msg", "data") or (isinstance(x, ir.Name) and x.id in tainted)
                         for a in e.args for x in sa.walk(a)) and (impl := self._open_implementation()):
                    self.rep.add(DELEGATECALL, e.span, f"{fn.name}(): delegatecall forwards caller-chosen data; "
                                 f"{impl} (written to run on this contract's storage) can be called by anyone "
                                 "through it")

        # an internal function given a caller-chosen address by an unprotected entry point
        for fn, (tainted, entry, path) in self._internal_params().items():
            scope = sa.scope_for(self.c, fn)
            for e in sa.body_exprs(fn.node.body):
                if isinstance(e, ir.Call) and sa.low_level(e) in ("delegatecall", "callcode"):
                    t = sa.call_target(e)
                    if t is not None and sa.names_in(t) & tainted:
                        self.rep.add(DELEGATECALL, e.span, f"{fn.name}(): delegatecall to an address the caller of "
                                     f"{entry.name}() chooses",
                                     [(_header(entry), "source", "public entry point without a caller check"),
                                      *((sp, "step", f"caller-chosen argument passed to {name}()")
                                        for sp, name in path),
                                      (e.span, "sink", "delegatecall target")], severity=C, confidence=CH)

    def _internal_params(self) -> dict[Function, tuple[set[str], Function, list[tuple[ir.Span, str]]]]:
        """Internal functions of this contract whose parameters receive caller-chosen values from an
        unprotected entry point (directly or through up to two more internal calls): the function ->
        (names derived from those parameters, the entry point, the calls that pass them on)."""
        out: dict[Function, tuple[set[str], Function, list[tuple[ir.Span, str]]]] = {}
        work: list[tuple[Function, set[str], Function, list[tuple[ir.Span, str]]]] = [
            (fn, self._param_derived(fn), fn, []) for fn in self.funcs
            if fn.entry and not fn.read_only and not self.protected(fn)]
        while work:
            fn, tainted, entry, path = work.pop()
            for e in sa.body_exprs(fn.node.body):
                if not (isinstance(e, ir.Call) and isinstance(e.func, ir.Name)):
                    continue
                g = self.c.function(e.func.id)
                if g is None or g.entry or g in out or g.node is None or g.contract is not self.c:
                    continue
                got = {p.name for p, a in zip(g.node.params, e.args, strict=False) if sa.names_in(a) & tainted}
                if not got:
                    continue
                derived = self._derived_from(g, got)
                out[g] = (derived, entry, [*path, (e.span, g.name)])
                if len(path) < 2:
                    work.append((g, derived, entry, out[g][2]))
        return out

    @staticmethod
    def _derived_from(fn: Function, names: set[str]) -> set[str]:
        out = set(names)
        for _ in range(3):
            for st in sa.walk_stmts(fn.node.body):
                if isinstance(st, ir.Assign) and sa.names_in(st.value) & out:
                    out |= {t.id for t in st.targets if isinstance(t, ir.Name)}
        return out

    def _open_implementation(self) -> str:
        """`Impl.f()` when the scan holds a contract written to run on this contract's storage (it declares
        the same state variables: at least two shared names, or all of its own) with a public state-changing
        function that checks no caller. Forwarding calldata to an implementation is the proxy pattern; it is
        a flaw when that implementation lets anyone rewrite the storage (Parity's initWallet). When the
        target's code is not in the scan nothing is reported."""
        mine = {n for n, v in self.state.items() if not v.constant}
        for d in self.mod.visible.values():
            if d is self.c or d in self.c.linear or d.kind in ("interface", "library") or self.c in d.linear:
                continue
            theirs = {n for n, v in d.all_state().items() if not v.constant}
            shared = mine & theirs
            if not (len(shared) >= 2 or (shared and shared == theirs)):
                continue
            guards = sa.Guards(d)
            for f in d.functions:
                if f.entry and not f.read_only and not guards.protected(f) and any(
                        isinstance(st, ir.Assign) and any(sa.scope_for(d, f).state_root(t) for t in st.targets)
                        for st in sa.walk_stmts(f.node.body)):
                    return f"{d.name}.{f.name}()"
        return ""

    def _param_derived(self, fn: Function) -> set[str]:
        out = set(fn.params())
        for _ in range(3):
            for st in sa.walk_stmts(fn.node.body):
                if isinstance(st, ir.Assign) and (sa.names_in(st.value) & out or any(
                        sa.is_attr(x, "msg", "data") for x in sa.walk(st.value))):
                    for t in st.targets:
                        if isinstance(t, ir.Name):
                            out.add(t.id)
        return out

    def _value_derived(self, fn: Function) -> set[str]:
        """Names whose magnitude a caller chooses: parameters and locals computed from them. A parameter
        used only to select an element (`accounts[id].balance`) does not choose the element's value."""
        out = set(fn.params())
        for _ in range(3):
            for st in sa.walk_stmts(fn.node.body):
                if isinstance(st, ir.Assign) and _value_names(st.value) & out:
                    for t in st.targets:
                        if isinstance(t, ir.Name):
                            out.add(t.id)
        return out

    def _user_settable(self) -> set[str]:
        out: set[str] = set()
        for fn in self.all_funcs:
            if not fn.entry or self.protected(fn) or fn.kind == "constructor":
                continue
            scope = sa.scope_for(self.c, fn)
            params = self._param_derived(fn)
            for st in sa.walk_stmts(fn.node.body):
                if isinstance(st, ir.Assign) and sa.names_in(st.value) & params:
                    for t in st.targets:
                        r = scope.state_root(t)
                        if r:
                            out.add(r)
        return out

    # ---- arithmetic ----
    def arithmetic(self) -> None:
        old = self.mod.below(0, 8)
        # operand text -> first line where SafeMath or checked arithmetic already used it (a bound holds
        # only after that point: SafeMath applied later does not protect an earlier product)
        self._bounded: dict[int, dict[str, int]] = {}
        lines = self.mod.lines
        for fn in self.funcs:
            if fn.kind == "modifier":
                continue
            bounded: dict[str, int] = {}

            def bound(text: str, line: int, bounded: dict[str, int] = bounded) -> None:
                if text and (text not in bounded or line < bounded[text]):
                    bounded[text] = line
            checked = [st for st in fn.node.body if not isinstance(st, ir.With)]
            for e in sa.body_exprs(fn.node.body):
                if isinstance(e, ir.Call) and isinstance(e.func, ir.Attr) and e.func.attr in (
                        "add", "sub", "mul", "tryAdd", "trySub", "tryMul"):
                    for a in e.args:
                        bound(sa.text_of(a, lines), e.span.line)
            if not old:
                for e in sa.walk(checked):
                    if isinstance(e, ir.BinOp) and e.op in ("+", "-", "*"):
                        bound(sa.text_of(e.left, lines), e.span.line)
                        bound(sa.text_of(e.right, lines), e.span.line)
                for st in sa.walk_stmts(checked):
                    if isinstance(st, ir.Assign) and st.op in ("+", "-", "*"):
                        bound(sa.text_of(st.value, lines), st.span.line)
            self._bounded[id(fn)] = bounded
            tainted = self._value_derived(fn)
            conds = [cnd for cnd, _ in sa.conditions(fn.node.body)]
            self._asserted = {id(e.args[0]) for e in sa.body_exprs(fn.node.body) if isinstance(e, ir.Call)
                              and isinstance(e.func, ir.Name) and e.func.id in ("require", "assert") and e.args}
            self._arith_body(fn, fn.node.body, tainted, conds, old, False)
            if old:
                self._constant_wrap(fn)

    def _constant_wrap(self, fn: Function) -> None:
        """A local unsigned integer whose value is known from literals (`uint8 v = 0; v = v - 10;`) and
        that an operation with a literal takes out of its type's range: it wraps, whoever calls (before 0.8).
        Only straight-line statements of the function's own block are followed; any other write forgets."""
        known: dict[str, tuple[int, int]] = {}  # local -> (value, bits)
        bits_of: dict[str, int] = {}
        for st in fn.node.body:
            if not isinstance(st, ir.Assign) or len(st.targets) != 1 or not isinstance(st.targets[0], ir.Name):
                for x in sa.walk_stmts([st]):
                    if isinstance(x, ir.Assign):
                        for t in x.targets:
                            if isinstance(t, ir.Name):
                                known.pop(t.id, None)
                continue
            name = st.targets[0].id
            m = re.fullmatch(r"uint(\d*)", (st.annotation or "").strip())
            if m:
                bits_of[name] = int(m.group(1) or 256)
            if name not in bits_of:
                continue
            bits, val = bits_of[name], st.value
            new: int | None = None
            if st.op is None and isinstance(val, ir.Const) and isinstance(val.value, int) and \
                    not isinstance(val.value, bool):
                new = val.value
            elif name in known:
                cur = known[name][0]
                if st.op in ("+", "-", "*") and isinstance(val, ir.Const) and isinstance(val.value, int):
                    op, rhs = st.op, val.value
                elif st.op is None and isinstance(val, ir.BinOp) and val.op in ("+", "-", "*") and \
                        isinstance(val.left, ir.Name) and val.left.id == name and isinstance(val.right, ir.Const) \
                        and isinstance(val.right.value, int):
                    op, rhs = val.op, val.right.value
                else:
                    known.pop(name, None)
                    continue
                new = cur + rhs if op == "+" else cur - rhs if op == "-" else cur * rhs
                if not 0 <= new < 2 ** bits:
                    self.rep.add(OVERFLOW, st.span, f"'{name}' (uint{bits}) holds {cur} here, so "
                                 f"'{sa.text_of(st, self.mod.lines)}' wraps to {new % 2 ** bits} (compiler < 0.8)",
                                 [(st.span, "sink", f"{cur} {op} {rhs} is outside uint{bits}")])
                    new = new % 2 ** bits
            if new is None:
                known.pop(name, None)
            else:
                known[name] = (new, bits)

    def _arith_body(self, fn: Function, body: list[ir.Stmt], tainted: set[str], conds: list[ir.Expr], old: bool,
                    unchecked: bool) -> None:
        lines = self.mod.lines
        for st in body:
            if isinstance(st, ir.With) and st.items and isinstance(st.items[0][0], ir.Name) and \
                    st.items[0][0].id == "unchecked":
                self._arith_body(fn, st.body, tainted, conds, old, True)
                continue
            if isinstance(st, ir.If):
                self._arith_exprs(fn, st, [st.test], tainted, conds, old, unchecked, lines)
                self._arith_body(fn, st.body, tainted, conds, old, unchecked)
                self._arith_body(fn, st.orelse, tainted, conds, old, unchecked)
                continue
            if isinstance(st, ir.Loop):
                self._arith_body(fn, st.body, tainted, conds, old, unchecked)
                continue
            if isinstance(st, ir.Try):
                self._arith_body(fn, st.body, tainted, conds, old, unchecked)
                continue
            if isinstance(st, ir.Func | ir.Class):
                continue
            if isinstance(st, ir.Assign) and st.op in ("+", "-", "*"):
                t = st.targets[0]
                if not (isinstance(st.value, ir.Const) and st.value.value == 1 and isinstance(t, ir.Name)
                        and t.id not in self.state):
                    self._arith_one(fn, st, st.op, t, st.value, tainted, conds, old, unchecked, lines, t,
                                    augmented=True)
            exprs: list[object] = [st.value] if isinstance(st, ir.Assign) else [st]
            self._arith_exprs(fn, st, exprs, tainted, conds, old, unchecked, lines)

    def _arith_exprs(self, fn: Function, st: ir.Stmt, exprs: list[object], tainted: set[str], conds: list[ir.Expr],
                     old: bool, unchecked: bool, lines: list[str]) -> None:
        result = st.targets[0] if isinstance(st, ir.Assign) else None
        guarded: set[int] = set()
        for e in sa.walk(exprs):
            if isinstance(e, ir.Compare):
                # the overflow-check idiom itself: a + b >= a, a - b <= a
                sides = [e.left, *e.comparators]
                for s in sides:
                    if isinstance(s, ir.BinOp):
                        ops = {sa.text_of(x, lines) for x in (s.left, s.right)}
                        if any(sa.text_of(o, lines) in ops for o in sides if o is not s):
                            guarded.add(id(s))
            if isinstance(e, ir.BinOp) and e.op in ("+", "-", "*", "**") and id(e) not in guarded:
                if self._arith_one(fn, st, e.op, e.left, e.right, tainted, conds, old, unchecked, lines, result, e):
                    return

    def _arith_one(self, fn: Function, st: ir.Stmt, op: str, left: ir.Expr, right: ir.Expr, tainted: set[str],
                   conds: list[ir.Expr], old: bool, unchecked: bool, lines: list[str], result: ir.Expr | None,
                   node: ir.Expr | None = None, augmented: bool = False) -> bool:
        if not (old or unchecked):
            return False

        if unchecked and not old:
            # inside unchecked{} only unbounded writes to contract state are worth a look
            if not (isinstance(st, ir.Assign) and sa.scope_for(self.c, fn).state_root(st.targets[0])):
                return False

        def user(x: ir.Expr, value: bool = True) -> bool:
            # array lengths are bounded by gas: names under `.length` are not free operands
            lengths = {id(m) for n in sa.walk(x) if isinstance(n, ir.Attr) and n.attr == "length"
                       for m in sa.walk(n.obj)}
            # `c ? 1 : 0` is bounded whatever c is; an index selects an element, it does not set its value
            lengths |= {id(m) for n in sa.walk(x) if isinstance(n, ir.IfExp) and isinstance(n.body, ir.Const)
                        and isinstance(n.orelse, ir.Const) for m in sa.walk(n.test)}
            lengths |= {id(m) for n in sa.walk(x) if isinstance(n, ir.Index) for m in sa.walk(n.index)}
            return any((isinstance(n, ir.Name) and n.id in tainted and id(n) not in lengths) or
                       (value and sa.is_attr(n, "msg", "value")) for n in sa.walk(x))
        # Sums of ether amounts cannot reach 2**256: msg.value alone does not make an addition unsafe. The
        # index of an updated element (balances[to] += v) is not an operand.
        plus = op == "+"
        left_user = (isinstance(left, ir.Name) and left.id in tainted) if augmented else user(left, not plus)
        if not (left_user or user(right, not plus)):
            return False
        if all(isinstance(x, ir.Const) for x in (left, right)):
            return False
        if op in ("+", "-") and any(isinstance(x, ir.Const) for x in (left, right)):
            # x +/- constant wraps only for extreme x: report it when x is a parameter itself
            other = right if isinstance(left, ir.Const) else left
            if not ((isinstance(other, ir.Name) and other.id in fn.params()) or sa.is_attr(other, "msg", "value")):
                return False
        lt, rt = sa.text_of(left, lines), sa.text_of(right, lines)
        res = sa.text_of(result, lines) if result is not None else ""
        first = self._bounded.get(id(fn), {}).get(rt) if rt else None
        if first is not None and first < (node or st).span.line and not isinstance(right, ir.Const):
            return False  # the same operand went through SafeMath or checked arithmetic first
        for cnd in conds:
            for cmp in sa.walk(cnd):
                if not isinstance(cmp, ir.Compare) or (node is not None and any(x is node for x in sa.walk(cmp))):
                    continue
                ct = sa.text_of(cmp, lines)
                if op == "-" and id(cnd) in self._asserted and _wrong_way(cmp, lt, rt, lines, cnd):
                    continue  # require(amount >= balance) before balance - amount bounds nothing
                if (lt and rt and lt in ct and rt in ct) or (res and res in ct and ((lt and lt in ct) or
                                                                                    (rt and rt in ct))):
                    return False
                if op == "-" and isinstance(right, ir.Const) and lt and lt in ct:
                    return False
                if unchecked and not old and rt and rt in ct:
                    return False  # the developer bounded this operand before opting out of the checks
        sp = (node or st).span
        if unchecked and not old:
            self.rep.add(UNCHECKED_BLOCK, sp, f"'{op}' on a caller-supplied value inside unchecked {{}}")
        else:
            self.rep.add(OVERFLOW, sp, f"'{op}' on a caller-supplied value can wrap (compiler < 0.8 admitted by "
                         f"the pragma, no SafeMath or bound check)")
        return True

    # ---- randomness and timestamps ----
    def _block_derived(self) -> tuple[set[str], dict[str, set[str]]]:
        """State variables assigned block values, and per function the locals derived from them."""
        state_b: set[str] = set()
        for st in self.c.node.body:
            if isinstance(st, ir.Assign) and any(sa.block_source(x) for x in sa.walk(st.value)):
                state_b |= {t.id for t in st.targets if isinstance(t, ir.Name)}
        per: dict[str, set[str]] = {}
        for _ in range(3):
            for fn in self.all_funcs:
                scope = sa.scope_for(self.c, fn)
                d = per.setdefault(fn.name + str(id(fn)), set())
                for st in sa.walk_stmts(fn.node.body):
                    if isinstance(st, ir.Assign) and (any(sa.block_source(x) for x in sa.walk(st.value)) or
                                                      sa.names_in(st.value) & (d | state_b)):
                        for t in st.targets:
                            for tt in (t.elts if isinstance(t, ir.Collection) else [t]):
                                r = scope.state_root(tt)
                                if r and isinstance(tt, ir.Name) and not (self.state[r].is_mapping or
                                                                          self.state[r].is_array):
                                    state_b.add(r)  # a scalar state variable holding a block value
                                elif isinstance(tt, ir.Name) and not r:
                                    d.add(tt.id)
        return state_b, per

    def randomness(self) -> None:
        state_b, per = self._block_derived()
        for fn in self.all_funcs:
            derived = per.get(fn.name + str(id(fn)), set()) | state_b
            rand_fn = "rand" in fn.name.lower() or "random" in fn.name.lower()
            sinks = _random_sinks(fn.node.body)
            for st in sa.walk_stmts(fn.node.body):
                if isinstance(st, ir.Return) and st.value is not None and rand_fn:
                    sinks.append(st.value)
            committed = {id(x) for x in sa.body_exprs(fn.node.body) if self._committed_hash(fn, x)}
            fed = [s for s in sinks if any(sa.block_source(x) and id(x) not in committed for x in sa.walk(s))
                   or sa.names_in(s) & derived]
            if not fed and not any(sa.block_source(x) in ("blockhash", "difficulty", "prevrandao")
                                   and id(x) not in committed for x in sa.body_exprs(fn.node.body)):
                continue
            if fn.contract is not self.c:
                continue
            sink_sp = fed[0].span if fed else None
            for st in sa.walk_stmts(fn.node.body):
                exprs = [st.test] if isinstance(st, ir.If | ir.Loop) and st.test is not None else (
                    [] if isinstance(st, ir.If | ir.Loop | ir.With | ir.Try) else [st])
                for x in sa.walk(exprs):
                    src = sa.block_source(x) if id(x) not in committed else None
                    strong = src in ("blockhash", "difficulty", "prevrandao")
                    if src and (strong or fed) and not (src == "timestamp" and not fed):
                        if not strong and not self._feeds(st, x, fed, derived):
                            continue
                        steps = [(x.span, "source", f"block value ({src})")]
                        if sink_sp is not None:
                            steps.append((sink_sp, "sink", "used as a random value"))
                        self.rep.add(RANDOM, st.span if isinstance(st, ir.Assign | ir.Return) else x.span,
                                     f"'{sa.text_of(x, self.mod.lines)}' is predictable and feeds a random choice",
                                     steps)
                        break
            # the reduction itself, when it only sees block data through variables
            for sink in fed:
                if not any(sa.block_source(x) for x in sa.walk(sink)):
                    self.rep.add(RANDOM, sink.span, f"'{sa.text_of(sink, self.mod.lines)}' is derived from block "
                                 "values and used as a random choice", [(sink.span, "sink", "random choice")])
        # state variables initialised from block values and later used as randomness
        for st in self.c.node.body:
            if isinstance(st, ir.Assign) and any(sa.block_source(x) for x in sa.walk(st.value)):
                name = st.targets[0].id if isinstance(st.targets[0], ir.Name) else ""
                used = any(name in sa.names_in(s) for fn in self.all_funcs for s in _random_sinks(fn.node.body))
                if used:
                    self.rep.add(RANDOM, st.span, f"'{name}' is set from a block value and used as randomness")

    def _committed_hash(self, fn: Function, x: ir.Expr) -> bool:
        """blockhash(n) of a block number n stored by an earlier transaction (a commitment to a block that
        did not exist yet), with the function checking that n is within the last 256 blocks (older
        hashes read as zero): commit-then-reveal on a future block hash, not a value the caller knows."""
        if sa.block_source(x) != "blockhash" or not isinstance(x, ir.Call) or not x.args:
            return False
        arg = x.args[0]
        if any(sa.block_source(y) for y in sa.walk(arg)):
            return False
        scope = sa.scope_for(self.c, fn)
        if not any(scope.state_root(y) for y in sa.walk(arg) if isinstance(y, ir.Name | ir.Attr | ir.Index)):
            return False
        return any(any(sa.block_source(y) == "number" for y in sa.walk(c)) and
                   any(isinstance(y, ir.Const) and y.value == 256 for y in sa.walk(c))
                   for c, _ in sa.conditions(fn.node.body))

    def _feeds(self, st: ir.Stmt, x: ir.Expr, fed: list[ir.Expr], derived: set[str]) -> bool:
        if any(x is y or any(x is z for z in sa.walk(y)) for y in fed):
            return True
        if isinstance(st, ir.Assign):
            return any(isinstance(t, ir.Name) and t.id in derived for t in st.targets) or any(
                (r := sa.root_name(t)) is not None and r in derived for t in st.targets)
        return False

    def timestamp(self) -> None:
        """block.timestamp deciding a payout, or matched exactly (== / != / %), directly or through state."""
        def pays(fn: Function) -> bool:
            return any(x.kind == "call" and x.call_kind in ("transfer", "send", "value-call")
                       for x in self.effects.of(fn))

        def exact(cnd: ir.Expr, names: set[str]) -> bool:
            def ts(e: ir.Expr) -> bool:
                return any(sa.block_source(x) == "timestamp" or (isinstance(x, ir.Name) and x.id in names)
                           for x in sa.walk(e))
            return any((isinstance(x, ir.Compare) and x.ops[0] in ("==", "!=") and
                        any(ts(s) for s in [x.left, *x.comparators])) or
                       (isinstance(x, ir.BinOp) and x.op == "%" and ts(x.left)) for x in sa.walk(cnd))

        state_ts: set[str] = set()
        for fn in self.all_funcs:
            scope = sa.scope_for(self.c, fn)
            for st in sa.walk_stmts(fn.node.body):
                if isinstance(st, ir.Assign) and any(sa.block_source(x) == "timestamp" for x in sa.walk(st.value)):
                    for t in st.targets:
                        r = scope.state_root(t)
                        if r:
                            state_ts.add(r)
        deciding: set[str] = set()  # timestamp-holding state compared where it matters
        for fn in self.all_funcs:
            for cnd, _ in sa.conditions(fn.node.body):
                used = sa.names_in(cnd) & state_ts
                if used and (pays(fn) or exact(cnd, used)):
                    deciding |= used
        for fn in self.funcs:
            if fn.kind == "modifier" or fn.read_only:
                continue
            scope = sa.scope_for(self.c, fn)
            paying = pays(fn)
            # locals holding block.timestamp (`uint t = block.timestamp; if (start + 5 days == t)`)
            # (the value itself or arithmetic on it, through integer casts; not a struct or a call it went into)
            ts_locals: set[str] = set()

            for st in sa.walk_stmts(fn.node.body):
                if isinstance(st, ir.Assign) and not st.op and _ts_value(st.value, ts_locals):
                    ts_locals |= {t.id for t in st.targets if isinstance(t, ir.Name) and not scope.state_root(t)}
            for cnd, _st in sa.conditions(fn.node.body):
                if (any(sa.block_source(x) == "timestamp" for x in sa.walk(cnd)) or sa.names_in(cnd) & ts_locals) \
                        and (paying or exact(cnd, ts_locals)):
                    self.rep.add(TIMESTAMP, cnd.span, "a condition on block.timestamp decides " +
                                 ("a payout" if paying else "an exact match the block producer can hit"))
            for st in sa.walk_stmts(fn.node.body):
                if isinstance(st, ir.Assign) and any(sa.block_source(x) == "timestamp" for x in sa.walk(st.value)) \
                        and any(scope.state_root(t) in deciding for t in st.targets):
                    self.rep.add(TIMESTAMP, st.span, "stores block.timestamp in state that later decides a payout "
                                 "or an exact match")

    # ---- denial of service ----
    def dos(self) -> None:
        grown: set[str] = set()
        for fn in self.all_funcs:
            if not fn.entry or self.protected(fn):
                continue
            scope = sa.scope_for(self.c, fn)
            for e in sa.body_exprs(fn.node.body):
                if isinstance(e, ir.Call) and isinstance(e.func, ir.Attr) and e.func.attr == "push":
                    r = scope.state_root(e.func.obj)
                    if r and self.state[r].is_array:
                        grown.add(r)
            for st in sa.walk_stmts(fn.node.body):
                if isinstance(st, ir.Assign) and st.op == "+":
                    t = st.targets[0]
                    if isinstance(t, ir.Attr) and t.attr == "length":
                        r = scope.state_root(t.obj)
                        if r:
                            grown.add(r)
        for fn in self.funcs:
            scope = sa.scope_for(self.c, fn)
            for st in sa.walk_stmts(fn.node.body):
                if isinstance(st, ir.Loop) and st.test is not None:
                    lens = {r for x in sa.walk(st.test) if isinstance(x, ir.Attr) and x.attr == "length"
                            and (r := scope.state_root(x.obj)) is not None}
                    if lens & grown:
                        self.rep.add(DOS_GAS, st.test.span, f"loop over '{sorted(lens & grown)[0]}', which anyone "
                                     "can grow without limit")
                    if fn.entry:
                        self._loop_calls(st)
                if isinstance(st, ir.Assign) and len(st.targets) == 1:
                    r = scope.state_root(st.targets[0])
                    if r in grown and isinstance(st.value, ir.Call) and isinstance(st.value.func, ir.Name) and \
                            st.value.func.id.startswith("new "):
                        self.rep.add(DOS_GAS, st.span, f"clearing '{r}' costs gas for every element; anyone can "
                                     "make it too long to clear")
            if fn.entry and not self.protected(fn):
                self._push_to_stored(fn, scope)
        # where the array grows many entries per call (a loop in a public function), when something
        # iterates over it or clears it: the place to put a bound
        sinks = {r for fn in self.all_funcs for st in sa.walk_stmts(fn.node.body)
                 for r in self._dos_sinks(fn, st) if r in grown}
        for fn in self.funcs:
            if not fn.entry or self.protected(fn):
                continue
            scope = sa.scope_for(self.c, fn)
            for loop in sa.walk_stmts(fn.node.body):
                if not isinstance(loop, ir.Loop):
                    continue
                for st in sa.walk_stmts(loop.body):
                    grows = None
                    if isinstance(st, ir.ExprStmt) and isinstance(st.expr, ir.Call) and \
                            isinstance(st.expr.func, ir.Attr) and st.expr.func.attr == "push":
                        grows = scope.state_root(st.expr.func.obj)
                    elif isinstance(st, ir.Assign) and st.op == "+" and isinstance(st.targets[0], ir.Attr) and \
                            st.targets[0].attr == "length":
                        grows = scope.state_root(st.targets[0].obj)
                    if grows in sinks:
                        self.rep.add(DOS_GAS, st.span, f"a loop lets any caller add many entries to '{grows}' in one "
                                     "call; iterating over or clearing it will exceed the gas limit", confidence=CL)

    def _dos_sinks(self, fn: Function, st: ir.Stmt) -> set[str]:
        """State arrays a statement iterates over (loop bound) or clears in one go."""
        scope = sa.scope_for(self.c, fn)
        out: set[str] = set()
        if isinstance(st, ir.Loop) and st.test is not None:
            out |= {r for x in sa.walk(st.test) if isinstance(x, ir.Attr) and x.attr == "length"
                    and (r := scope.state_root(x.obj)) is not None}
        if isinstance(st, ir.Assign) and len(st.targets) == 1 and isinstance(st.value, ir.Call) and \
                isinstance(st.value.func, ir.Name) and st.value.func.id.startswith("new "):
            r = scope.state_root(st.targets[0])
            if r:
                out.add(r)
        return out

    def _loop_calls(self, loop: ir.Loop) -> None:
        for st in sa.walk_stmts(loop.body):
            exprs = [st.test] if isinstance(st, ir.If | ir.Loop) and st.test is not None else (
                [] if isinstance(st, ir.If | ir.Loop | ir.With | ir.Try) else [st])
            for e in sa.walk(exprs):
                if not isinstance(e, ir.Call):
                    continue
                if isinstance(e.func, ir.Attr) and e.func.attr == "transfer" and len(e.args) == 1:
                    self.rep.add(DOS_CALL, e.span, "transfer() inside a loop: one reverting recipient blocks all")
                elif isinstance(e.func, ir.Name) and e.func.id in ("require", "assert") and e.args and any(
                        isinstance(x, ir.Call) and sa.low_level(x) in ("send", "call") for x in sa.walk(e.args[0])):
                    self.rep.add(DOS_CALL, e.span, "a failed payment inside a loop reverts the whole loop")

    def _push_to_stored(self, fn: Function, scope: Scope) -> None:
        """require(leader.send(x)) / leader.transfer(x) where anyone can become `leader`."""
        becomes = set()
        for g in self.all_funcs:
            if g.entry and not self.protected(g):
                gs = sa.scope_for(self.c, g)
                for st in sa.walk_stmts(g.node.body):
                    if isinstance(st, ir.Assign) and sa.is_sender(st.value):
                        becomes |= {r for t in st.targets if (r := gs.state_root(t))}
        for e in sa.body_exprs(fn.node.body):
            if not isinstance(e, ir.Call):
                continue
            target = None
            if isinstance(e.func, ir.Attr) and e.func.attr == "transfer" and len(e.args) == 1:
                target = e.func.obj
            elif isinstance(e.func, ir.Name) and e.func.id in ("require", "assert") and e.args:
                inner = e.args[0]
                if isinstance(inner, ir.Call) and sa.low_level(inner) in ("send", "call"):
                    target = sa.call_target(inner)
            if target is not None and scope.state_root(target) in becomes:
                self.rep.add(DOS_CALL, e.span, f"paying '{scope.state_root(target)}' (any caller can take that "
                             "role) must succeed for the function to go on")

    # ---- signatures ----
    def signatures(self) -> None:
        for fn in self.funcs:
            calls = [e for e in sa.body_exprs(fn.node.body) if isinstance(e, ir.Call)
                     and sa.callee_name(e) == "ecrecover" and isinstance(e.func, ir.Name)]
            if not calls:
                continue
            body_text = " ".join(sa.text_of(s, self.mod.lines) for s in sa.walk_stmts(fn.node.body))
            zero_checked = any(
                isinstance(x, ir.Compare) and any(self._is_zero(s) for s in [x.left, *x.comparators])
                for cnd, _ in sa.conditions(fn.node.body) for x in sa.walk(cnd))
            for c in calls:
                if not zero_checked and fn.kind != "modifier":
                    self.rep.add(ECRECOVER_ZERO, c.span, "ecrecover() returns address(0) for a bad signature and "
                                 "that case is not rejected")
                if fn.entry and not fn.read_only:
                    writes = [x for x in self.effects.of(fn) if x.kind == "write"]
                    chain = "chainid" in body_text or "DOMAIN_SEPARATOR" in body_text.upper()
                    if not writes and not chain:
                        self.rep.add(SIGNATURE, c.span, f"{fn.name}(): the signature is not consumed (no nonce or "
                                     "used-marker is updated), so it can be replayed")

    @staticmethod
    def _is_zero(e: ir.Expr) -> bool:
        if isinstance(e, ir.Const) and e.value == 0:
            return True
        return isinstance(e, ir.Call) and isinstance(e.func, ir.Name) and e.func.id == "address" and len(
            e.args) == 1 and isinstance(e.args[0], ir.Const) and e.args[0].value == 0

    # ---- front-running ----
    def front_running(self) -> None:
        for fn in self.funcs:
            if not fn.entry or fn.read_only:
                continue
            scope = sa.scope_for(self.c, fn)
            # ERC20 approve that overwrites the allowance
            if fn.name == "approve" and len(fn.node.params) == 2:
                spender = fn.node.params[0].name
                conds = " ".join(sa.text_of(c, self.mod.lines) for c, _ in sa.conditions(fn.node.body))
                for st in sa.walk_stmts(fn.node.body):
                    if isinstance(st, ir.Assign) and st.op is None and isinstance(st.targets[0], ir.Index) and \
                            isinstance(st.targets[0].obj, ir.Index) and spender in sa.names_in(st.targets[0]) and \
                            "== 0" not in conds:
                        self.rep.add(FRONT_RUN, st.span, "approve() overwrites the allowance: the spender can "
                                     "front-run the change and spend both the old and the new amount")
            pays = [x for x in self.effects.of(fn) if x.kind == "call" and x.call_kind in ("transfer", "send",
                                                                                           "value-call")]
            # or the solver is recorded (`winner = msg.sender`) in state another function pays out to
            recorded = [st for st in sa.walk_stmts(fn.node.body) if isinstance(st, ir.Assign) and not st.op and
                        sa.is_sender(st.value) and any(scope.state_root(t) in self._payees() for t in st.targets)]
            if not pays and not recorded:
                continue
            params = self._param_derived(fn)
            for cnd, _ in sa.conditions(fn.node.body):
                for x in sa.walk(cnd):
                    if isinstance(x, ir.Compare) and x.ops[0] == "==" and any(
                            isinstance(s, ir.Call) and sa.callee_name(s) in sa.HASHES and sa.names_in(s) & params
                            for s in [x.left, *x.comparators]):
                        if pays:
                            self.rep.add(FRONT_RUN, cnd.span, "whoever submits the answer first is paid; the answer "
                                         "is visible in the pending transaction")
                        else:
                            who = next(str(scope.state_root(t)) for t in recorded[0].targets if scope.state_root(t))
                            self.rep.add(FRONT_RUN, cnd.span, f"whoever submits the answer first becomes '{who}', "
                                         "who is paid later; the answer is visible in the pending transaction",
                                         [(cnd.span, "source", "answer checked against a hash"),
                                          (recorded[0].span, "step", f"caller recorded as '{who}'"),
                                          (self._payees()[who], "sink", f"ether sent to '{who}'")])
            if not pays:
                continue
            for pay in pays:
                if pay.call is None or pay.via:
                    continue
                amount = pay.call.args[0] if pay.call_kind in ("transfer", "send") and pay.call.args else sa.keyword(
                    pay.call, "value")
                if not isinstance(amount, ir.Name) or not scope.is_state(amount.id):
                    continue
                sv = self.state[amount.id]
                if sv.is_mapping or sv.constant:
                    continue
                # a public function sets the amount outright (not an accumulating fee or pot) while another
                # one pays it: which transaction is mined first decides who gets what
                setters = {id(g.node) for g in self.all_funcs if g.entry and any(
                    isinstance(s, ir.Assign) and s.op is None and not isinstance(s.value, ir.Const) and any(
                        isinstance(t, ir.Name) and t.id == amount.id for t in s.targets)
                    for s in sa.walk_stmts(g.node.body))}
                payers = {id(g.node) for g in self.all_funcs if g.entry and any(
                    y.kind == "call" and y.call is not None and y.call_kind in ("transfer", "send", "value-call") and
                    amount.id in sa.names_in(y.call.args) for y in self.effects.of(g))}
                if setters - {id(fn.node)} or (id(fn.node) in setters and payers - {id(fn.node)}):
                    self.rep.add(FRONT_RUN, pay.span, f"pays '{amount.id}', which another transaction can change "
                                 "before this one is mined (transaction-order dependence)")

    def _payees(self) -> dict[str, ir.Span]:
        """State variables some function of the contract sends ether to (`winner.transfer(...)`), with
        where."""
        if self._payees_memo is None:
            out: dict[str, ir.Span] = {}
            for g in self.all_funcs:
                scope = sa.scope_for(self.c, g)
                for y in self.effects.of(g):
                    if y.kind == "call" and y.call is not None and y.call_kind in ("transfer", "send", "value-call"):
                        t = sa.call_target(y.call)
                        r = scope.state_root(t) if t is not None else None
                        if r:
                            out.setdefault(r, y.span)
            self._payees_memo = out
        return self._payees_memo

    # ---- storage pointers, shadowing, locked ether ----
    def uninitialized_storage(self) -> None:
        if not self.mod.below(0, 5):
            return
        structs = set(self.mod.structs)
        for fn in self.funcs:
            for st in sa.walk_stmts(fn.node.body):
                if not (isinstance(st, ir.Assign) and isinstance(st.value, ir.Opaque) and st.value.kind == "default"
                        and st.annotation and isinstance(st.targets[0], ir.Name)):
                    continue
                words = st.annotation.split()
                base = words[0]
                complex_t = base in structs or base.endswith("]") or base.startswith("mapping")
                if not complex_t or "memory" in words or "calldata" in words:
                    continue
                var = st.targets[0].id
                self.rep.add(UNINIT_STORAGE, st.span, f"'{var}' is an uninitialized storage pointer: it points at "
                             "storage slot 0")
                for w in sa.walk_stmts(fn.node.body):
                    if isinstance(w, ir.Assign) and w is not st and any(
                            isinstance(t, ir.Attr | ir.Index) and sa.root_name(t) == var for t in w.targets):
                        self.rep.add(UNINIT_STORAGE, w.span, f"write through the uninitialized storage pointer "
                                     f"'{var}' overwrites other state variables")

    def shadowing(self) -> None:
        for name, sv in self.c.state.items():
            for b in self.c.linear[1:]:
                if name in b.state and b.kind != "interface" and "private" not in b.state[name].type.split():
                    self.rep.add(SHADOWING, sv.node.span, f"'{name}' shadows {b.name}.{name}")
                    break

    def locked_ether(self) -> None:
        if self.c.kind != "contract" or sa.unresolved_bases(self.c):
            return
        payable = [f for f in self.all_funcs if f.payable and f.kind != "constructor"]
        if not payable:
            return
        for b in self.c.linear:
            for f in [*b.functions, *b.modifiers.values()]:
                for e in sa.body_exprs(f.node.body):
                    if isinstance(e, ir.Call) and (sa.low_level(e) or sa.callee_name(e) in (
                            "transfer", "selfdestruct", "suicide", "sendValue", "functionCallWithValue")):
                        return
                    if isinstance(e, ir.Call) and isinstance(e.func, ir.Attr) and not isinstance(e.func.obj, ir.Name):
                        pass
                if any(isinstance(s, ir.OpaqueStmt) and s.kind == "assembly" for s in sa.walk_stmts(f.node.body)):
                    return
                if any(isinstance(e, ir.Call) and sa.scope_for(self.c, f).is_contract_type(
                        sa.scope_for(self.c, f).type_of(e.func.obj) if isinstance(e.func, ir.Attr) else "")
                        for e in sa.body_exprs(f.node.body)):
                    return  # calls into other contracts may forward ether through their own code
        sp = self.c.node.span
        self.rep.add(LOCKED_ETHER, ir.Span(sp.line, sp.col, sp.line, sp.col + 8),
                     f"contract {self.c.name} accepts ether ({payable[0].name}() is payable) but has no way to send "
                     "it out")


def _wrong_way(cmp: ir.Compare, lt: str, rt: str, lines: list[str], cnd: ir.Expr) -> bool:
    """True for a comparison asserted by require/assert (a conjunct of its argument) that lets the
    subtrahend `rt` exceed the minuend `lt` (`rt >= lt`, `lt < rt`): a check written the wrong way round."""
    if len(cmp.ops) != 1 or cnd is not _asserted_root(cnd, cmp):
        return False
    a, b = sa.text_of(cmp.left, lines), sa.text_of(cmp.comparators[0], lines)
    o = cmp.ops[0]
    return (a, b, o in (">=", ">")) == (rt, lt, True) or (a, b, o in ("<=", "<")) == (lt, rt, True)


def _asserted_root(cnd: ir.Expr, cmp: ir.Compare) -> ir.Expr | None:
    """cnd when cmp is cnd itself or a conjunct of it (through &&), else None."""
    stack = [cnd]
    while stack:
        e = stack.pop()
        if e is cmp:
            return cnd
        if isinstance(e, ir.BoolOp) and e.op in ("and", "&&"):
            stack.extend(e.values)
    return None


def _always_true(e: ir.Expr) -> bool:
    """A condition that holds whatever runs: `true`, or a comparison of two literals that holds (`1 == 1`)."""
    if isinstance(e, ir.Const):
        return e.value is True
    if isinstance(e, ir.Compare) and len(e.ops) == 1 and isinstance(e.left, ir.Const) and \
            isinstance(e.comparators[0], ir.Const):
        a, b, op = e.left.value, e.comparators[0].value, e.ops[0]
        if type(a) is not type(b) or not isinstance(a, int | str):
            return False
        return bool({"==": a == b, "!=": a != b, "<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}.get(op, False))
    return False


def _int_cast(e: ir.Expr) -> bool:
    return isinstance(e, ir.Call) and isinstance(e.func, ir.Name) and len(e.args) == 1 and (
        e.func.id.startswith(("uint", "int")) and e.func.id.lstrip("uint").isdigit() or e.func.id in ("uint", "int"))


def _narrow(e: ir.Expr) -> bool:
    """A cast to an integer narrower than 256 bits (a full-width cast of a hash is usually an id)."""
    name = e.func.id if isinstance(e, ir.Call) and isinstance(e.func, ir.Name) else ""
    bits = name.lstrip("uint")
    return bits.isdigit() and int(bits) < 256


def _ts_value(e: ir.Expr, ts_locals: set[str]) -> bool:
    """block.timestamp (or a local holding it), or arithmetic on it, through integer casts."""
    e = _strip_casts(e)
    if isinstance(e, ir.BinOp):
        return _ts_value(e.left, ts_locals) or _ts_value(e.right, ts_locals)
    return sa.block_source(e) == "timestamp" or (isinstance(e, ir.Name) and e.id in ts_locals)


def _strip_casts(e: ir.Expr) -> ir.Expr:
    while _int_cast(e) or (isinstance(e, ir.Call) and isinstance(e.func, ir.Name) and e.func.id.startswith("bytes")
                           and len(e.args) == 1):
        e = e.args[0]  # type: ignore[attr-defined]
    return e


def _is_hash(e: ir.Expr) -> bool:
    e = _strip_casts(e)
    return isinstance(e, ir.Call) and sa.callee_name(e) in sa.HASHES


def _random_sinks(body: list[ir.Stmt]) -> list[ir.Expr]:
    """Where a value is turned into a random choice: reduced with % or masked with &, or hashed and then
    read as a small number (cast to uint8..uint248) or compared."""
    out: list[ir.Expr] = []
    for e in sa.walk(body):
        if isinstance(e, ir.BinOp) and e.op in ("%", "&"):
            out.append(e.left)
        elif _int_cast(e) and _narrow(e) and _is_hash(e.args[0]):  # type: ignore[attr-defined]
            out.append(e.args[0])  # type: ignore[attr-defined]  # uint8(keccak256(...)): a die roll
        elif isinstance(e, ir.Compare):
            out.extend(s for s in [e.left, *e.comparators] if _is_hash(s))
    return out


def _value_names(e: ir.Expr) -> set[str]:
    """Names in an expression, except those only used as an index or a `.length` base."""
    skip = {id(m) for n in sa.walk(e) if isinstance(n, ir.Index) for m in sa.walk(n.index)}
    return {n.id for n in sa.walk(e) if isinstance(n, ir.Name) and id(n) not in skip}
