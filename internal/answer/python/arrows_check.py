"""arrows_check: the symbolic layer of arrows' answer checker.

This module is trusted code, installed in the sandbox's fork server before it
forks (sandbox.Config.Modules). Each check runs as a tiny sandboxed program

    from arrows_check import check
    def solve():
        return check(ANSWER_JSON, GOLD_JSON, OPTIONS_JSON)

whose result is the string "verdict|layer|reason", verdict being one of
"equal", "not_equal", "undecided". The Go side (package internal/answer) has
already normalised the answer text and split it into a structure (tuple, bag,
interval, union, matrix, leaf expression) chosen by the gold's kind; this module
parses the leaf expressions with SymPy's LaTeX grammar (regenerated for
Debian's ANTLR runtime, see LICENSE.md) and compares them with the gold, which is
a SymPy object rebuilt from its srepr (program outputs) or an exact number, a
float, or LaTeX (public-corpus reference answers).

Model text is never given to sympify/parse_expr/eval: only to the ANTLR LaTeX
parser, which builds SymPy objects without evaluating Python code. Gold srepr
strings are evaluated, but only ever inside the sandbox child.

Comparison of two leaves, in order:
  1. structural equality (a == g)                         -> sympy:equal
  2. equations: lhs-rhs proportional; a relational answer
     against a set gold is converted with as_set()        -> sympy:equation / sympy:set
  3. either side holds a Float (a rounded decimal): high
     precision numeric comparison with the relative
     tolerance (never an absolute one)                    -> sympy:numeric
  4. simplify(a - g) == 0 under a time budget, then the
     same with positive symbols (sqrt(1/n) = 1/sqrt(n))   -> sympy:simplify
  5. numeric at 50 digits (no free symbols), or at random
     positive points (free symbols)                        -> sympy:numeric
The sandbox's kill timeout bounds everything; the simplify budget (SIGALRM in the
child, which is single-threaded) lets step 5 still run when simplify is slow.
"""

import json
import random
import re
import signal

import antlr4
import sympy
from sympy.core.relational import Relational
from sympy.parsing.latex import _parse_latex_antlr as _pla
from sympy.parsing.latex.errors import LaTeXParsingError

_parser_ready = False


def _setup_parser():
    """Points SymPy's LaTeX converter at the regenerated lexer/parser
    (modules arrows_antlr_latexlexer/parser, installed beside this one). The
    converter functions (convert_relation, ...) and MathErrorListener read
    these module globals; the module's own parse_latex refuses to run because
    it checks for antlr 4.10, so parse() below replaces it. Returns False when
    the vendored modules are not importable yet (a loader that installs
    modules in another order); parse() then retries."""
    global _parser_ready
    if _parser_ready:
        return True
    try:
        import arrows_antlr_latexlexer
        import arrows_antlr_latexparser
    except ImportError:
        return False
    _pla.LaTeXLexer = arrows_antlr_latexlexer.LaTeXLexer
    _pla.LaTeXParser = arrows_antlr_latexparser.LaTeXParser
    _parser_ready = True
    return True

VERSION = "arrows_check-2"

_NS = {}
exec("from sympy import *", _NS)  # namespace for gold srepr strings (trusted-in-sandbox data)

_EXACT_REL = sympy.Rational(1, 10**30)  # "equal" threshold for two exact sides at 50 digits
_FAR_REL = sympy.Rational(1, 10**10)  # beyond this two exact sides are certainly different
_DIGITS = 50


class _Budget(BaseException):
    """Raised by SIGALRM when simplify runs over its budget.

    BaseException, so SymPy's `except Exception` blocks cannot swallow it."""


def _on_alarm(signum, frame):
    raise _Budget()


class Result(Exception):
    """Carries a final verdict out of nested comparisons."""

    def __init__(self, verdict, layer, reason):
        super().__init__(reason)
        self.verdict = verdict
        self.layer = layer
        self.reason = reason


def parse(text):
    """Parses LaTeX into an (unevaluated) SymPy object with the vendored parser."""
    if not _setup_parser():
        raise Result("undecided", "sympy:setup", "the vendored LaTeX parser modules are not installed")
    err = _pla.MathErrorListener(text)
    lexer = _pla.LaTeXLexer(antlr4.InputStream(text))
    lexer.removeErrorListeners()
    lexer.addErrorListener(err)
    parser = _pla.LaTeXParser(antlr4.CommonTokenStream(lexer))
    parser.removeErrorListeners()
    parser.addErrorListener(err)
    relation = parser.math().relation()
    # The grammar's start rule is not anchored at EOF, so "4\sqrt(2)" would
    # parse as 4 and silently drop the rest (Math-Verify#41). Refuse that.
    stream = parser.getInputStream()
    if stream.LA(1) != antlr4.Token.EOF:
        tok = stream.LT(1)
        raise LaTeXParsingError("unexpected %r at offset %d of %r" % (tok.text, tok.start, text))
    return _pla.convert_relation(relation)


def evaluate(expr):
    """Rebuilds an unevaluated parse tree with evaluation on (2*1 -> 2)."""
    if isinstance(expr, sympy.Basic) and expr.args and not isinstance(expr, (sympy.Symbol,)):
        try:
            return expr.func(*[evaluate(a) for a in expr.args])
        except (TypeError, ValueError):
            return expr
    return expr


# SymPy 1.11's converter turns every \\command atom into a Symbol, \\pi included.
_CONSTANTS = {"pi": sympy.pi, "e": sympy.E, "i": sympy.I}


def _names(expr):
    if isinstance(expr, sympy.Basic):
        return {s.name: s for s in expr.free_symbols if isinstance(s, sympy.Symbol)}
    return {}


def align_symbols(expr, gold):
    """Makes the answer's symbols the gold's: same names become the same
    symbols (with the gold's assumptions); pi, e and i become the constants
    unless the gold itself has symbols of those names."""
    if not isinstance(expr, sympy.Basic):
        return expr
    gnames = _names(gold)
    repl = {}
    for s in expr.free_symbols:
        if not isinstance(s, sympy.Symbol):
            continue
        if s.name in gnames:
            if gnames[s.name] != s:
                repl[s] = gnames[s.name]
        elif s.name in _CONSTANTS:
            repl[s] = _CONSTANTS[s.name]
    return expr.xreplace(repl) if repl else expr


def gold_object(node):
    """Builds the gold SymPy object for a leaf node."""
    if "srepr" in node:
        obj = eval(node["srepr"], dict(_NS))  # noqa: S307 - program output, inside the sandbox
    elif "exact" in node:
        obj = sympy.Rational(node["exact"])
    elif "float" in node:
        obj = sympy.Float(node["float"], _DIGITS)
        if "imag" in node:
            obj = obj + sympy.I * sympy.Float(node["imag"], _DIGITS)
    elif "latex" in node:
        _check_commands(node["latex"], "the reference")
        try:
            obj = evaluate(parse(node["latex"]))
            # A reference written in LaTeX means the constants by e, i and \pi.
            obj = obj.xreplace({s: _CONSTANTS[s.name] for s in obj.free_symbols
                                if isinstance(s, sympy.Symbol) and s.name in _CONSTANTS})
        except LaTeXParsingError as e:
            raise Result("undecided", "sympy:parse", "cannot parse the reference %r: %s" % (node["latex"], str(e).splitlines()[0]))
    else:
        raise Result("undecided", "sympy:gold", "gold has no usable representation")
    if isinstance(obj, (list, tuple)):
        obj = sympy.Tuple(*obj)
    return sympy.sympify(obj) if not isinstance(obj, sympy.Basic) else obj


def has_float(expr):
    return isinstance(expr, sympy.Basic) and expr.has(sympy.Float)


def _num(expr, subs=None):
    value = expr.evalf(_DIGITS, subs=subs) if subs else sympy.N(expr, _DIGITS)
    if not value.is_number:
        return None
    value = sympy.expand_complex(value) if value.has(sympy.I) else value
    if value.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
        return None
    return value


def _rel_diff(a, b):
    """|a-b| / max(|a|,|b|) as a SymPy number (0 when both are 0)."""
    d = abs(sympy.N(a - b, _DIGITS))
    m = max(abs(sympy.N(a, _DIGITS)), abs(sympy.N(b, _DIGITS)))
    if m == 0:
        return sympy.Integer(0) if d == 0 else sympy.Integer(1)
    return d / m


def _simplify_zero(expr, budget):
    """Simplifies expr under a time budget: (True, 0) if it is 0,
    (False, simplified) if not, (None, None) if out of budget."""
    if budget <= 0:
        return None, None
    old = None
    try:
        old = signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, budget)
    except (ValueError, OSError):
        old = None  # no timers here: the sandbox kill timeout still bounds us
    try:
        simplified = sympy.simplify(expr)
        return simplified == 0, simplified
    except _Budget:
        return None, None
    except (TypeError, ValueError, NotImplementedError, AttributeError, RecursionError, ZeroDivisionError):
        return None, None
    finally:
        try:
            signal.setitimer(signal.ITIMER_REAL, 0)
            if old is not None:
                signal.signal(signal.SIGALRM, old)
        except (ValueError, OSError):
            pass


def _is_logical(x):
    return isinstance(x, (Relational, sympy.logic.boolalg.BooleanAtom, sympy.logic.boolalg.BooleanFunction))


def compare_exprs(a, g, opts):
    """Compares two scalar SymPy expressions; returns (verdict, layer, reason)."""
    rel_tol = sympy.Float(opts.get("rel_tol", 1e-6), _DIGITS)
    if a == g:
        return "equal", "sympy:equal", "structurally equal"
    if _is_logical(a) or _is_logical(g):
        if isinstance(a, Relational) or isinstance(g, Relational):
            return compare_relations(a, g, opts)
        return "not_equal", "sympy:equal", "booleans differ"
    if not isinstance(a, sympy.Expr) or not isinstance(g, sympy.Expr):
        return "undecided", "sympy:type", "cannot compare %s with %s" % (type(a).__name__, type(g).__name__)
    free = a.free_symbols | g.free_symbols
    approx = has_float(a) or has_float(g)
    if approx and not free:
        na, ng = _num(a), _num(g)
        if na is None or ng is None:
            return "undecided", "sympy:numeric", "a side does not evaluate to a finite number"
        stated = _stated_rounding(na, ng, opts)
        if stated is not None:
            return stated
        r = _rel_diff(na, ng)
        if r <= rel_tol:
            return "equal", "sympy:numeric", "rounded decimal within relative tolerance %s (rel diff %.3g)" % (opts.get("rel_tol", 1e-6), float(r))
        return "not_equal", "sympy:numeric", "differ by relative %.3g > %s" % (float(r), opts.get("rel_tol", 1e-6))
    budget = float(opts.get("budget", 2.0))
    diff = a - g
    z, simplified = _simplify_zero(diff, budget)
    if z:
        return "equal", "sympy:simplify", "simplify(answer - gold) == 0"
    if z is False and simplified.is_number and simplified.is_zero is False:
        # A provably non-zero constant difference, however small relatively
        # (numeric tests cannot see 10^-40 next to 10^10).
        return "not_equal", "sympy:simplify", "simplify(answer - gold) is the non-zero constant %s" % _short(simplified)
    if free and z is not None:
        pos, _ = sympy.posify(diff)
        zp, _ = _simplify_zero(pos, budget / 2)
        if zp:
            return "equal", "sympy:simplify", "simplify(answer - gold) == 0 assuming positive symbols"
    return numeric_test(a, g, free, approx, rel_tol, z is None)


def _round_scaled(x, places):
    """round(x * 10**places), halves away from zero, as an Integer."""
    q = sympy.Integer(10) ** places
    v = sympy.Rational(str(sympy.N(abs(x), _DIGITS))) * q + sympy.Rational(1, 2)
    n = sympy.floor(v)
    return -n if x < 0 else n


def _stated_rounding(na, ng, opts):
    """The decimal-places and stated-rounding policies (Go documents them):
    returns an "equal" verdict or None. Both are opt-in."""
    if not (na.is_real and ng.is_real):
        return None
    dec = opts.get("decimals")
    if dec:
        ra, rg = _round_scaled(na, int(dec)), _round_scaled(ng, int(dec))
        if ra == rg and ra != 0:
            return "equal", "sympy:numeric", "agree at %d decimal places" % int(dec)
    if opts.get("rounding") == "stated":
        min_sig = int(opts.get("min_sig", 3))
        for side in ("a", "g"):
            ulp, sig = opts.get(side + "_ulp"), opts.get(side + "_sig", 0)
            if ulp and sig >= min_sig and abs(na - ng) <= sympy.Rational(ulp) / 2:
                return "equal", "sympy:numeric", "a decimal with %d significant digits is the other value rounded to its places" % sig
    return None


def _leaf_opts(opts, anode, gnode):
    """Adds the stated precision of decimal leaves (ulp, sig) to opts."""
    extra = {}
    for side, node in (("a", anode), ("g", gnode)):
        if isinstance(node, dict) and node.get("ulp"):
            extra[side + "_ulp"] = node["ulp"]
            extra[side + "_sig"] = node.get("sig", 0)
    if not extra:
        return opts
    out = dict(opts)
    out.update(extra)
    return out


def _short(expr):
    try:
        text = str(expr)
    except ValueError:  # an integer over the interpreter's str() digit limit
        return "<%s>" % type(expr).__name__
    return text if len(text) <= 60 else text[:28] + "..." + text[-28:]


def numeric_test(a, g, free, approx, rel_tol, simplify_timed_out):
    note = " (simplify ran out of its budget)" if simplify_timed_out else ""
    if not free:
        na, ng = _num(a), _num(g)
        if na is None or ng is None:
            return "undecided", "sympy:numeric", "a side does not evaluate to a finite number" + note
        r = _rel_diff(na, ng)
        if r <= _EXACT_REL:
            return "equal", "sympy:numeric", "agree to 30 significant digits at %d-digit precision%s" % (_DIGITS, note)
        if r > _FAR_REL:
            return "not_equal", "sympy:numeric", "differ by relative %.3g%s" % (float(r), note)
        return "undecided", "sympy:numeric", "close (relative %.3g) but not provably equal%s" % (float(r), note)
    rng = random.Random(20240531)
    syms = sorted(free, key=lambda s: s.name)
    agree = 0
    tries = 0
    worst = sympy.Integer(0)
    while tries < 12 and agree < 6:
        tries += 1
        point = {s: sympy.Rational(rng.randint(30, 290), 100) for s in syms}
        try:
            na, ng = _num(a, point), _num(g, point)
        except (TypeError, ValueError, ZeroDivisionError):
            continue
        if na is None or ng is None:
            continue
        r = _rel_diff(na, ng)
        tol = rel_tol if approx else _EXACT_REL
        far = rel_tol if approx else _FAR_REL
        if r > far:
            return "not_equal", "sympy:numeric", "differ at random point %s (relative %.3g)" % (
                {str(k): str(v) for k, v in point.items()}, float(r))
        if r > tol:
            worst = max(worst, r)
            continue
        agree += 1
    if agree >= 6 and worst == 0:
        return "equal", "sympy:numeric", "agree at %d random positive points for %s%s" % (
            agree, ",".join(s.name for s in syms), note)
    return "undecided", "sympy:numeric", "numeric test inconclusive (%d points agree)%s" % (agree, note)


def compare_relations(a, g, opts):
    """Equations and inequalities."""
    if isinstance(a, sympy.Eq) and isinstance(g, sympy.Eq):
        da = a.lhs - a.rhs
        dg = g.lhs - g.rhs
        if dg == 0 or da == 0:
            return ("equal", "sympy:equation", "both trivial") if da == dg else ("not_equal", "sympy:equation", "one equation is trivial")
        ratio = sympy.simplify(da / dg)
        if ratio.is_number and ratio != 0 and ratio.is_finite:
            return "equal", "sympy:equation", "lhs-rhs proportional (factor %s)" % ratio
        v = compare_exprs(da, dg, opts)
        if v[0] == "equal":
            return "equal", "sympy:equation", "lhs-rhs equal"
        v2 = compare_exprs(da, -dg, opts)
        if v2[0] == "equal":
            return "equal", "sympy:equation", "lhs-rhs equal up to sign"
        syms = sorted((da.free_symbols | dg.free_symbols), key=lambda s: s.name)
        if len(syms) == 1:
            try:
                sa = sympy.solveset(a, syms[0], sympy.S.Complexes)
                sg = sympy.solveset(g, syms[0], sympy.S.Complexes)
                if isinstance(sa, sympy.FiniteSet) and isinstance(sg, sympy.FiniteSet):
                    if sa == sg:
                        return "equal", "sympy:equation", "same solution set"
                    return "not_equal", "sympy:equation", "solution sets differ: %s vs %s" % (sa, sg)
            except (NotImplementedError, TypeError, ValueError):
                pass
        return "not_equal" if v[0] == "not_equal" and v2[0] == "not_equal" else "undecided", "sympy:equation", "lhs-rhs not proportional"
    if isinstance(a, Relational) and isinstance(g, Relational):
        sa, sg = _as_set(a), _as_set(g)
        if sa is not None and sg is not None:
            return compare_sets(sa, sg)
        return "undecided", "sympy:relation", "multivariate relations"
    if isinstance(a, sympy.Eq) and isinstance(a.lhs, sympy.Symbol):
        return compare_exprs(a.rhs, g, opts)
    if isinstance(g, sympy.Eq) and isinstance(g.lhs, sympy.Symbol):
        return compare_exprs(a, g.rhs, opts)
    return "not_equal", "sympy:relation", "a relation against a non-relation"


def _as_set(rel):
    syms = rel.free_symbols
    if len(syms) != 1:
        return None
    try:
        return rel.as_set()
    except (NotImplementedError, TypeError, ValueError):
        return None


def compare_sets(sa, sg):
    """Compares two SymPy sets (intervals, unions, finite sets)."""
    try:
        if sa == sg:
            return "equal", "sympy:set", "same set"
        a_minus = sympy.Complement(sa, sg)
        g_minus = sympy.Complement(sg, sa)
        empty = sympy.S.EmptySet
        if a_minus == empty and g_minus == empty:
            return "equal", "sympy:set", "same set"
        decided = not isinstance(a_minus, sympy.Complement) and not isinstance(g_minus, sympy.Complement)
        if decided and (a_minus != empty or g_minus != empty):
            return "not_equal", "sympy:set", "sets differ: %s vs %s" % (sa, sg)
        return "undecided", "sympy:set", "cannot decide set difference"
    except (TypeError, ValueError, NotImplementedError) as e:
        return "undecided", "sympy:set", "cannot compare sets: %s" % e


# ---------------------------------------------------------------------------
# Structures.

# Commands the grammar knows (LaTeX.g4 tokens, \\infty) and Greek letters
# (symbols). Any other \\command would silently become a Symbol ("\\mathbb{R}"
# parses as R*mathbb), so answers using one are undecided instead.
_KNOWN_COMMANDS = frozenset("""
Longrightarrow Rightarrow arccos arccot arccsc arcosh arcsec arcsin arctan arsinh artanh binom cdot cos cosh
cot csc dbinom dfrac div exp frac ge geq geqq geqslant hfil int langle lceil le left leq leqq leqslant lfloor lg
lim ln log longrightarrow mathit medspace negmedspace negthickspace negthinspace neq overline prod qquad quad
rangle rceil rfloor right rightarrow sec sin sinh sqrt sum tan tanh tbinom tfrac thickspace thinspace times to
infty
alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi omicron pi varpi
rho varrho sigma varsigma tau upsilon phi varphi chi psi omega
Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega
""".split())
_COMMAND_RE = re.compile(r"\\([a-zA-Z]+)")


def _check_commands(text, what):
    for name in _COMMAND_RE.findall(text):
        if name not in _KNOWN_COMMANDS:
            raise Result("undecided", "sympy:parse", "%s uses \\%s, which the LaTeX grammar does not know" % (what, name))


def _answer_leaf(node, gold, opts):
    _check_commands(node["s"], "the answer")
    try:
        obj = evaluate(parse(node["s"]))
    except LaTeXParsingError as e:
        raise Result("undecided", "sympy:parse", "cannot parse answer %r: %s" % (node["s"], str(e).splitlines()[0]))
    except (TypeError, ValueError, AttributeError, IndexError, RecursionError) as e:
        raise Result("undecided", "sympy:parse", "cannot convert answer %r: %s: %s" % (node["s"], type(e).__name__, e))
    obj = align_symbols(obj, gold)
    if node.get("div100"):
        obj = obj / 100
    return obj


def _gold_as_structure(g):
    """Views a SymPy gold object as a structure node (or None for scalars)."""
    if isinstance(g, sympy.Tuple):
        return {"k": "tuple", "objs": list(g.args)}
    if isinstance(g, sympy.FiniteSet):
        return {"k": "set", "objs": list(g.args)}
    if isinstance(g, sympy.MatrixBase):
        return {"k": "matrix", "shape": list(g.shape), "objs": list(g)}
    if isinstance(g, sympy.Interval):
        return {"k": "interval", "lo_obj": g.start, "hi_obj": g.end, "lo_open": bool(g.left_open), "hi_open": bool(g.right_open)}
    return None


def _children(gnode):
    if "objs" in gnode:
        return [{"k": "obj", "obj": o} for o in gnode["objs"]]
    return gnode.get("e", [])


def _endpoint(gnode, which):
    if which + "_obj" in gnode:
        return {"k": "obj", "obj": gnode[which + "_obj"]}
    return gnode[which]


def compare(anode, gnode, opts):
    """Compares an answer node with a gold node; returns (verdict, layer, reason)."""
    gk = gnode["k"]
    if gk == "union":
        return compare(anode, {"k": "obj", "obj": _gold_set(gnode)}, opts)
    if anode["t"] == "tuple" and len(anode["e"]) == 2 and "open" in anode and _wants_interval(gnode):
        anode = {"t": "interval", "lo": anode["e"][0], "hi": anode["e"][1],
                 "lo_open": anode["open"] == "(" or _infinite(anode["e"][0]),
                 "hi_open": anode["close"] == ")" or _infinite(anode["e"][1])}
    if gk in ("leaf", "obj"):
        g = gnode["obj"] if gk == "obj" else gold_object(gnode)
        view = _gold_as_structure(g)
        if view is not None and anode["t"] != "expr":
            return compare(anode, view, opts)
        if anode["t"] == "expr":
            a = _answer_leaf(anode, g, opts)
            if isinstance(g, sympy.Set) and not isinstance(g, (sympy.FiniteSet,)):
                if isinstance(a, Relational):
                    sa = _as_set(a)
                    if sa is None:
                        return "undecided", "sympy:set", "cannot turn the answer relation into a set"
                    return compare_sets(sa, g)
                if isinstance(a, sympy.Set):
                    return compare_sets(a, g)
                return "not_equal", "sympy:set", "gold is a set, answer a scalar"
            if view is not None:
                if isinstance(a, sympy.Basic) and _gold_as_structure(a) is None and view["k"] in ("tuple", "set") and len(view["objs"]) == 1:
                    return compare_exprs(a, view["objs"][0], opts)
                if a == g:
                    return "equal", "sympy:equal", "structurally equal"
                return "not_equal", "sympy:structure", "gold is a %s, answer a scalar" % view["k"]
            return compare_exprs(a, g, _leaf_opts(opts, anode, gnode))
        if anode["t"] == "interval" and isinstance(g, sympy.Interval):
            return compare(anode, _gold_as_structure(g), opts)
        if anode["t"] in ("interval", "union") and isinstance(g, sympy.Set):
            return compare_sets(_answer_set(anode, g, opts), g)
        if anode["t"] in ("tuple", "bag") and len(anode["e"]) == 1:
            return compare(anode["e"][0], gnode, opts)
        return "not_equal", "sympy:structure", "answer is a %s, gold a scalar" % anode["t"]
    if gk in ("tuple", "set"):
        gel = _children(gnode)
        if anode["t"] == "expr":
            if len(gel) == 1:
                return compare(anode, gel[0], opts)
            return "not_equal", "sympy:structure", "gold has %d elements, answer is a single value" % len(gel)
        if anode["t"] == "matrix" and 1 in (anode.get("rows"), anode.get("cols")):
            anode = {"t": "tuple", "e": anode["e"]}
        if anode["t"] not in ("tuple", "bag"):
            return "not_equal", "sympy:structure", "answer is a %s, gold a %s" % (anode["t"], gk)
        ael = anode["e"]
        if len(ael) != len(gel):
            return "not_equal", "sympy:structure", "%d elements vs %d" % (len(ael), len(gel))
        if gk == "tuple" and (anode["t"] == "tuple" or gnode.get("ordered_bag")):
            return _ordered(ael, gel, opts)
        return _unordered(ael, gel, opts)
    if gk == "matrix":
        gel = _children(gnode)
        shape = gnode.get("shape") or [len(gel), 1]
        if anode["t"] == "matrix":
            if [anode["rows"], anode["cols"]] != list(shape):
                return "not_equal", "sympy:structure", "shape %dx%d vs %dx%d" % (anode["rows"], anode["cols"], shape[0], shape[1])
            return _ordered(anode["e"], gel, opts)
        if anode["t"] == "tuple" and 1 in shape and len(anode["e"]) == len(gel):
            return _ordered(anode["e"], gel, opts)
        if anode["t"] == "expr" and "\\begin{" in anode.get("s", ""):
            return "undecided", "sympy:parse", "matrix arithmetic in the answer is not parsed"
        return "not_equal", "sympy:structure", "answer is a %s, gold a matrix" % anode["t"]
    if gk == "interval":
        if anode["t"] == "interval":
            if bool(anode["lo_open"]) != bool(gnode["lo_open"]) or bool(anode["hi_open"]) != bool(gnode["hi_open"]):
                return "not_equal", "sympy:interval", "open/closed ends differ"
            return _ordered([anode["lo"], anode["hi"]], [_endpoint(gnode, "lo"), _endpoint(gnode, "hi")], opts)
        if anode["t"] == "expr":
            g = _interval_object(gnode)
            a = _answer_leaf(anode, g, opts)
            if isinstance(a, Relational):
                sa = _as_set(a)
                if sa is None:
                    return "undecided", "sympy:set", "cannot turn the answer relation into a set"
                return compare_sets(sa, g)
        if anode["t"] == "union":
            g = _interval_object(gnode)
            return compare_sets(_answer_set(anode, g, opts), g)
        return "not_equal", "sympy:structure", "answer is a %s, gold an interval" % anode["t"]
    return "undecided", "sympy:structure", "unknown gold node %r" % gk


def _infinite(anode):
    return anode.get("t") == "expr" and anode.get("s", "").replace(" ", "") in ("\\infty", "-\\infty", "+\\infty")


def _wants_interval(gnode):
    """A gold that reads a bracketed pair as an interval."""
    if gnode["k"] == "interval":
        return True
    if gnode["k"] == "obj":
        return isinstance(gnode["obj"], sympy.Set) and not isinstance(gnode["obj"], sympy.FiniteSet)
    if gnode["k"] == "leaf" and "srepr" in gnode:
        return gnode["srepr"].startswith(("Interval(", "Union("))
    return False


def _gold_set(gnode):
    """Builds a SymPy set from a gold union/interval/set node."""
    k = gnode["k"]
    if k == "union":
        return sympy.Union(*[_gold_set(e) for e in gnode["e"]])
    if k == "interval":
        return _interval_object(gnode)
    if k == "tuple" and len(gnode["e"]) == 2:
        return sympy.Interval(_leaf_obj(gnode["e"][0]), _leaf_obj(gnode["e"][1]))
    if k == "set":
        return sympy.FiniteSet(*[_leaf_obj(e) for e in gnode["e"]])
    obj = _leaf_obj(gnode)
    if isinstance(obj, sympy.Set):
        return obj
    raise Result("undecided", "sympy:set", "gold union member is not a set")


def _interval_object(gnode):
    lo = _leaf_obj(_endpoint(gnode, "lo"))
    hi = _leaf_obj(_endpoint(gnode, "hi"))
    return sympy.Interval(lo, hi, bool(gnode["lo_open"]), bool(gnode["hi_open"]))


def _leaf_obj(gnode):
    return gnode["obj"] if gnode["k"] == "obj" else gold_object(gnode)


def _answer_set(anode, gold, opts):
    if anode["t"] == "interval":
        lo = _answer_leaf(anode["lo"], gold, opts)
        hi = _answer_leaf(anode["hi"], gold, opts)
        return sympy.Interval(lo, hi, bool(anode["lo_open"]), bool(anode["hi_open"]))
    if anode["t"] == "union":
        return sympy.Union(*[_answer_set(e, gold, opts) for e in anode["e"]])
    if anode["t"] == "bag":
        return sympy.FiniteSet(*[_answer_leaf(e, gold, opts) for e in anode["e"]])
    raise Result("undecided", "sympy:set", "cannot turn a %s into a set" % anode["t"])


def _safe_compare(a, g, opts):
    try:
        return compare(a, g, opts)
    except Result as r:
        return r.verdict, r.layer, r.reason


def _ordered(ael, gel, opts):
    undecided = None
    layers = []
    for i, (a, g) in enumerate(zip(ael, gel)):
        v = _safe_compare(a, g, opts)
        if v[0] == "not_equal":
            return "not_equal", v[1], "element %d: %s" % (i + 1, v[2])
        if v[0] == "undecided" and undecided is None:
            undecided = (v[1], "element %d: %s" % (i + 1, v[2]))
        layers.append(v[1])
    if undecided:
        return "undecided", undecided[0], undecided[1]
    return "equal", _deepest(layers), "all %d elements equal" % len(ael)


def _unordered(ael, gel, opts):
    n = len(ael)
    table = [[_safe_compare(a, g, opts) for g in gel] for a in ael]
    match = _matching([[table[i][j][0] == "equal" for j in range(n)] for i in range(n)])
    if match is not None:
        return "equal", _deepest([table[i][match[i]][1] for i in range(n)]), "all %d elements matched (any order)" % n
    possible = _matching([[table[i][j][0] != "not_equal" for j in range(n)] for i in range(n)])
    if possible is None:
        return "not_equal", "sympy:set", "no one-to-one matching of the %d elements" % n
    return "undecided", "sympy:set", "elements could not all be decided"


def _matching(ok):
    """Perfect bipartite matching over a boolean table (Kuhn's algorithm)."""
    n = len(ok)
    owner = [-1] * n

    def try_row(i, seen):
        for j in range(n):
            if ok[i][j] and not seen[j]:
                seen[j] = True
                if owner[j] < 0 or try_row(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    for i in range(n):
        if not try_row(i, [False] * n):
            return None
    result = [0] * n
    for j, i in enumerate(owner):
        result[i] = j
    return result


_LAYER_RANK = {"sympy:equal": 0, "sympy:structure": 1, "sympy:set": 2, "sympy:interval": 2,
               "sympy:equation": 3, "sympy:simplify": 4, "sympy:numeric": 5}


def _deepest(layers):
    if not layers:
        return "sympy:equal"
    return max(layers, key=lambda l: _LAYER_RANK.get(l, 6))


def check(answer_json, gold_json, options_json="{}"):
    """Entry point: returns "verdict|layer|reason"."""
    try:
        anode = json.loads(answer_json)
        gnode = json.loads(gold_json)
        opts = json.loads(options_json)
        verdict, layer, reason = compare(anode, gnode, opts)
    except Result as r:
        verdict, layer, reason = r.verdict, r.layer, r.reason
    except RecursionError:
        verdict, layer, reason = "undecided", "sympy:error", "recursion limit"
    except Exception as e:  # noqa: BLE001 - report any SymPy failure as undecided
        verdict, layer, reason = "undecided", "sympy:error", "%s: %s" % (type(e).__name__, str(e)[:200])
    reason = " ".join(str(reason).replace("|", "/").split())
    return "%s|%s|%s" % (verdict, layer, reason[:500])


def _warm():
    """Runs once in the fork server: builds the ANTLR DFA caches and SymPy's
    lazily built tables so forked children inherit them."""
    for text in (r"\frac{1}{2}+x^2", r"\sqrt{2}\cdot 3", r"\sec^2 y - \tan^2 y", r"e^{2}-1", r"\pi/2",
                 r"x = 5", r"\frac{1}{3!}", r"2.5", r"(x+1)^2", r"\log_2 8"):
        try:
            evaluate(parse(text))
        except Exception:  # noqa: BLE001
            pass
    check('{"t":"expr","s":"\\\\sec^2 y"}', '{"k":"leaf","srepr":"Add(Pow(tan(Symbol(\'y\')), Integer(2)), Integer(1))"}')
    check('{"t":"expr","s":"\\\\frac{x}{7}+\\\\frac{2}{7}"}', '{"k":"leaf","srepr":"Mul(Rational(1, 7), Add(Symbol(\'x\'), Integer(2)))"}')


if _setup_parser():
    _warm()
