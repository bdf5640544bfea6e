# arrows sandbox fork server (embedded in the Go binary, started as
# `python3 -s -B -c <this source>`).
#
# Protocol: JSON lines. The first line on stdin is the init message from Go;
# the server answers with one {"ready": ...} line (or {"fatal": ...} and exit)
# and then serves one request line at a time with one response line. It exits
# on stdin EOF. The server itself is trusted; every program runs in a forked
# child that is locked down before the program's code runs:
#   setsid, fds (stdin /dev/null, stdout/stderr to capped pipes, results on
#   fd 3, everything else closed), rlimits, uid/gid 65534 + RLIMIT_NPROC=0,
#   parent-death signal, empty environment, Landlock, seccomp (BPF assembled
#   in Go), and an audit hook that refuses process/network/file-write/ctypes
#   events.
#
# Speed (see the package doc for the measurements): a child costs what it
# touches. Everything a child would build or import is built once in the
# server (the program's code object and its analysis, the Landlock ruleset,
# the seccomp program, the stdio objects, the audit hook, the JSON
# encoder). The server never forks after start-up: a zygote, forked once
# from the warmed-up server, forks the children with the C library's fork()
# (no Python at-fork handlers). A child first turns the heap regions its
# kind of program writes most into private huge pages, runs with the cyclic
# GC off and leaves with os._exit right after writing its result.
import os
import sys

if sys.path and sys.path[0] in ("", "."):
    del sys.path[0]  # never import from the working directory
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import ast
import base64
import builtins
import errno
import gc
import hashlib
import io
import json
import json.encoder
import marshal
import math
import resource
import select
import signal
import struct
import time
import types
import warnings

PROTO_OUT = 1
RESULT_FD = 3
STDERR_KEEP = 8192
REPR_CAP = 2000
MAX_ELEMENTS = 2000
MAX_DEPTH = 24
LOCALS_MAX = 64
LOCALS_MAX_BYTES = 4096
ERROR_CAP = 2000
FORBIDDEN_MAX_REPORTS = 8
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
# Programs up to this size are parsed, analysed and compiled in the server
# before it forks; larger ones (and any the server fails on) are compiled by
# the child under its limits, as before.
PRECOMPILE_MAX = 256 << 10

# Set in main(): gmpy2 for fast integer digits (None when not installed), and
# JSON encoders built once so that children do not build them.
_GMPY2 = None
_ENCODE = None       # compact, allow_nan=False: messages
_ENCODE_SIZE = None  # json.dumps defaults, allow_nan=False: the size check of locals


def write_all(fd, data):
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def send(msg):
    write_all(PROTO_OUT, (json.dumps(msg, separators=(",", ":"), allow_nan=False) + "\n").encode())


def _json_default(o):
    raise TypeError("Object of type %s is not JSON serializable" % type(o).__name__)


def make_encoder(item_sep, key_sep):
    """A JSON encoder equivalent to json.dumps(..., allow_nan=False) with the
    given separators, built once (json.dumps builds one per call)."""
    c_make = getattr(json.encoder, "c_make_encoder", None)
    if c_make is None:
        return lambda o: json.dumps(o, separators=(item_sep, key_sep), allow_nan=False)
    enc = c_make(None, _json_default, json.encoder.encode_basestring_ascii, None, key_sep, item_sep, False, False, False)
    return lambda o: "".join(enc(o, 0))


def encode(msg):
    return _ENCODE(msg) if _ENCODE is not None else json.dumps(msg, separators=(",", ":"), allow_nan=False)


class BadResult(Exception):
    """solve() returned something that is not a mathematical value."""

    def __init__(self, what):
        Exception.__init__(self, what)
        self.what = what


def describe_non_math(v):
    """Names v when it is not a mathematical value (a function, generator,
    module or class), else returns None."""
    if isinstance(v, type):
        return "class %s" % getattr(v, "__qualname__", v.__name__)
    if isinstance(v, types.ModuleType):
        return "module %s" % v.__name__
    if isinstance(v, (types.GeneratorType, types.CoroutineType, types.AsyncGeneratorType)):
        return type(v).__name__
    if isinstance(v, (types.FunctionType, types.BuiltinFunctionType, types.MethodType, types.MethodWrapperType,
                      types.WrapperDescriptorType, types.MethodDescriptorType, types.ClassMethodDescriptorType)):
        return "%s %s" % (type(v).__name__, getattr(v, "__qualname__", getattr(v, "__name__", "?")))
    return None


def has_address(r):
    """Reports a default-style repr such as '<X object at 0x7f...>'."""
    i = r.find(" at 0x")
    return i >= 0 and i + 6 < len(r) and r[i + 6] in "0123456789abcdefABCDEF"


# ---------------------------------------------------------------------------
# Value serialization (runs in the child, on untrusted objects)
# ---------------------------------------------------------------------------

class Serializer:
    def __init__(self, sympy, numpy, fractions, decimal, numbers):
        self.sp = sympy
        self.np = numpy
        self.fractions = fractions
        self.decimal = decimal
        self.numbers = numbers
        self.count = 0

    def cap(self, s, out):
        if len(s) > REPR_CAP:
            out["truncated"] = True
            return s[:REPR_CAP] + "..."
        return s

    def int_digits(self, v):
        if _GMPY2 is not None:
            try:
                return _GMPY2.mpz(v).digits(10)
            except Exception:
                pass
        return str(int(v))

    def latex_of(self, v):
        sp = self.sp
        try:
            if isinstance(v, str):
                return sp.latex(v)
            try:
                s = sp.sympify(v, strict=True)
            except Exception:
                s = v
            return sp.latex(s)
        except Exception:
            try:
                return str(v)
            except Exception:
                return ""

    def repr_of(self, v):
        try:
            return repr(v)
        except Exception as e:
            return "<unrepresentable %s: %s>" % (type(v).__name__, type(e).__name__)

    def finite(self, f):
        try:
            f = float(f)
        except Exception:
            return None
        if f != f or f in (float("inf"), float("-inf")):
            return None
        return f

    def base(self, v, kind):
        out = {"kind": kind, "type": type(v).__name__}
        return out

    def integer(self, v, typename):
        out = {"kind": "integer", "type": typename}
        digits = self.int_digits(v)
        out["exact"] = digits
        out["digits"] = len(digits) - (1 if digits.startswith("-") else 0)
        out["repr"] = self.cap(digits, out)
        out["latex"] = self.cap(digits, out)
        return out

    def serialize(self, v, depth=0):
        self.count += 1
        if self.count > MAX_ELEMENTS * 4:
            raise OverflowError("value too large to serialize (more than %d nodes)" % (MAX_ELEMENTS * 4))
        if depth > MAX_DEPTH:
            raise OverflowError("value nested deeper than %d levels" % MAX_DEPTH)
        sp, np, numbers = self.sp, self.np, self.numbers
        if v is None:
            raise BadResult("NoneType")
        if isinstance(v, bool) or (np is not None and isinstance(v, np.bool_)):
            b = bool(v)
            return {"kind": "boolean", "type": type(v).__name__, "repr": repr(b), "latex": "\\text{%s}" % b}
        if isinstance(v, sp.Basic):
            return self.sympy_value(v, depth)
        if isinstance(v, numbers.Integral):
            return self.integer(int(v), type(v).__name__)
        if isinstance(v, self.fractions.Fraction):
            if v.denominator == 1:
                return self.integer(v.numerator, type(v).__name__)
            out = self.base(v, "rational")
            out["exact"] = "%s/%s" % (self.int_digits(v.numerator), self.int_digits(v.denominator))
            out["numeric"] = self.finite(v)
            out["repr"] = self.cap(self.repr_of(v), out)
            out["latex"] = self.cap(self.latex_of(v), out)
            return out
        if isinstance(v, self.decimal.Decimal):
            if v.is_nan():
                raise BadResult("NaN (%s)" % type(v).__name__)
            if not v.is_finite():
                out = self.base(v, "real")
            else:
                p, q = v.as_integer_ratio()
                if q == 1:
                    out = self.integer(p, "Decimal")
                    out["repr"] = self.cap(self.repr_of(v), out)
                    return out
                out = self.base(v, "rational")
                out["exact"] = "%s/%s" % (self.int_digits(p), self.int_digits(q))
                out["numeric"] = self.finite(v)
            out["repr"] = self.cap(self.repr_of(v), out)
            out["latex"] = self.cap(str(v), out)
            return out
        if isinstance(v, complex) or (np is not None and isinstance(v, np.complexfloating)):
            c = complex(v)
            if c.real != c.real or c.imag != c.imag:
                raise BadResult("NaN (%s)" % type(v).__name__)
            if c.imag == 0:
                out = self.base(v, "real")
                out["numeric"] = self.finite(c.real)
            else:
                out = self.base(v, "complex")
                out["numeric"] = self.finite(c.real)
                out["imag"] = self.finite(c.imag)
            out["repr"] = self.cap(self.repr_of(v), out)
            out["latex"] = self.cap(self.latex_of(c), out)
            return out
        if isinstance(v, float) or isinstance(v, numbers.Real):
            f = float(v)
            if f != f:
                raise BadResult("NaN (%s)" % type(v).__name__)
            out = self.base(v, "real")
            out["numeric"] = self.finite(v)
            out["repr"] = self.cap(self.repr_of(v), out)
            out["latex"] = self.cap(self.latex_of(float(v)), out)
            return out
        if isinstance(v, str):
            out = self.base(v, "string")
            out["repr"] = self.cap(repr(v), out)
            out["latex"] = self.cap(self.latex_of(v[: REPR_CAP + 1]), out)
            return out
        if isinstance(v, (bytes, bytearray)):
            out = self.base(v, "other")
            out["repr"] = self.cap(repr(v[: REPR_CAP + 1]), out)
            out["latex"] = ""
            return out
        if np is not None and isinstance(v, np.ndarray):
            return self.ndarray(v, depth)
        if np is not None and isinstance(v, np.generic):
            return self.serialize(v.item(), depth)
        if isinstance(v, (tuple, list)):
            return self.container(v, "tuple", list(v), depth)
        if isinstance(v, (set, frozenset)):
            return self.container(v, "set", self.sorted_elems(v), depth)
        if isinstance(v, dict):
            return self.dict_value(v, depth)
        if isinstance(v, sp.MatrixBase):
            return self.matrix(v, depth)
        what = describe_non_math(v)
        if what:
            raise BadResult(what)
        r = self.repr_of(v)
        if has_address(r) or r.startswith("<unrepresentable "):
            raise BadResult(type(v).__name__)
        out = self.base(v, "other")
        out["repr"] = self.cap(r, out)
        out["latex"] = self.cap(self.latex_of(v), out)
        return out

    def elements(self, v, elems, depth):
        try:
            return [self.serialize(e, depth) for e in elems]
        except BadResult as e:
            raise BadResult("%s holding %s" % (type(v).__name__, e.what)) from None

    def sorted_elems(self, v):
        items = list(v)
        if len(items) > MAX_ELEMENTS:
            raise OverflowError("set has more than %d elements" % MAX_ELEMENTS)
        try:
            return sorted(items, key=self.sp.default_sort_key)
        except Exception:
            try:
                return sorted(items, key=repr)
            except Exception:
                return items

    def container(self, v, kind, elems, depth):
        if len(elems) > MAX_ELEMENTS:
            raise OverflowError("%s has more than %d elements" % (type(v).__name__, MAX_ELEMENTS))
        out = self.base(v, kind)
        out["elements"] = self.elements(v, elems, depth + 1)
        out["repr"] = self.cap(self.repr_of(v), out)
        out["latex"] = self.cap(self.latex_of(v), out)
        return out

    def dict_value(self, v, depth):
        items = list(v.items())
        if len(items) > MAX_ELEMENTS:
            raise OverflowError("dict has more than %d items" % MAX_ELEMENTS)
        out = self.base(v, "dict")
        elems = []
        for k, val in items:
            pair = {"kind": "tuple", "type": "tuple", "repr": "", "latex": "",
                    "elements": self.elements(v, (k, val), depth + 2)}
            pair["repr"] = self.cap("(%s, %s)" % (pair["elements"][0]["repr"], pair["elements"][1]["repr"]), pair)
            pair["latex"] = self.cap("\\left( %s, \\  %s\\right)" % (pair["elements"][0]["latex"], pair["elements"][1]["latex"]), pair)
            elems.append(pair)
        out["elements"] = elems
        out["repr"] = self.cap(self.repr_of(v), out)
        out["latex"] = self.cap(self.latex_of(v), out)
        return out

    def ndarray(self, v, depth):
        np = self.np
        if v.ndim == 0:
            return self.serialize(v.item(), depth)
        if v.size > MAX_ELEMENTS:
            raise OverflowError("array has more than %d elements" % MAX_ELEMENTS)
        if v.ndim == 2:
            out = self.base(v, "matrix")
            out["shape"] = [int(v.shape[0]), int(v.shape[1])]
            out["elements"] = self.elements(v, v.reshape(-1).tolist(), depth + 1)
        else:
            out = self.base(v, "tuple")
            out["elements"] = self.elements(v, list(v), depth + 1)
        out["repr"] = self.cap(self.repr_of(v), out)
        try:
            out["latex"] = self.cap(self.sp.latex(self.sp.Matrix(v.tolist()) if v.ndim == 2 else v.tolist()), out)
        except Exception:
            out["latex"] = self.cap(self.latex_of(v.tolist()), out)
        return out

    def matrix(self, v, depth):
        rows, cols = v.shape
        if rows * cols > MAX_ELEMENTS:
            raise OverflowError("matrix has more than %d cells" % MAX_ELEMENTS)
        out = self.base(v, "matrix")
        out["shape"] = [int(rows), int(cols)]
        out["elements"] = self.elements(v, [v[i, j] for i in range(rows) for j in range(cols)], depth + 1)
        out["repr"] = self.cap(self.repr_of(v), out)
        out["latex"] = self.cap(self.latex_of(v), out)
        return out

    def sympy_value(self, v, depth):
        sp = self.sp
        if v is sp.S.NaN:
            raise BadResult("NaN (%s)" % type(v).__name__)
        if v is sp.S.true or v is sp.S.false:
            return {"kind": "boolean", "type": type(v).__name__, "repr": str(bool(v)), "latex": "\\text{%s}" % bool(v)}
        if isinstance(v, sp.Integer):
            return self.integer(int(v), type(v).__name__)
        if isinstance(v, sp.Rational):
            out = self.base(v, "rational")
            out["exact"] = "%s/%s" % (self.int_digits(v.p), self.int_digits(v.q))
            out["numeric"] = self.finite(v)
            out["repr"] = self.cap(str(v), out)
            out["latex"] = self.cap(sp.latex(v), out)
            return out
        if isinstance(v, sp.MatrixBase):
            return self.matrix(v, depth)
        if isinstance(v, sp.Interval):
            out = self.base(v, "interval")
            out["left"], out["right"] = self.elements(v, (v.start, v.end), depth + 1)
            out["left_open"] = bool(v.left_open)
            out["right_open"] = bool(v.right_open)
            out["srepr"] = self.cap(sp.srepr(v), out)
            out["repr"] = self.cap(str(v), out)
            out["latex"] = self.cap(sp.latex(v), out)
            return out
        if isinstance(v, sp.FiniteSet) or v is sp.S.EmptySet:
            out = self.container(v, "set", self.sorted_elems(v.args), depth)
            out["srepr"] = self.cap(sp.srepr(v), out)
            return out
        if isinstance(v, sp.Tuple):
            out = self.container(v, "tuple", list(v.args), depth)
            return out
        kind = "expr"
        numeric = imag = None
        if isinstance(v, sp.Float):
            kind = "real"
            numeric = self.finite(v)
        elif isinstance(v, sp.Expr) and not v.free_symbols and v.is_number:
            if v.is_real:
                kind = "real"
                numeric = self.finite(sp.N(v, 20))
            elif v.is_real is False and v.is_finite:
                re, im = sp.N(v, 20).as_real_imag()
                kind = "complex"
                numeric, imag = self.finite(re), self.finite(im)
        out = self.base(v, kind)
        if numeric is not None:
            out["numeric"] = numeric
        if imag is not None:
            out["imag"] = imag
        out["srepr"] = self.cap(sp.srepr(v), out)
        out["repr"] = self.cap(str(v), out)
        out["latex"] = self.cap(sp.latex(v), out)
        return out


def is_simple_local(v, sp, np, fractions, decimal, numbers, depth=0):
    if isinstance(v, (bool, int, float, complex, str, fractions.Fraction, decimal.Decimal)):
        return not isinstance(v, str) or len(v) <= 200
    if np is not None and isinstance(v, np.generic):
        return True
    if isinstance(v, sp.MatrixBase):
        return v.rows * v.cols <= 36
    if isinstance(v, sp.Basic):
        return True
    if isinstance(v, (tuple, list, set, frozenset)) and depth == 0:
        return len(v) <= 12 and all(is_simple_local(e, sp, np, fractions, decimal, numbers, 1) for e in v)
    return False


# ---------------------------------------------------------------------------
# Program analysis (runs in the server before it forks; in the child for
# programs the server does not compile)
# ---------------------------------------------------------------------------

def analyze(tree, src):
    # Literals: int/float constants as written, in source order, deduplicated.
    lits = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and type(node.value) in (int, float):
            try:
                seg = ast.get_source_segment(src, node)
            except Exception:
                seg = None
            if not seg:
                seg = repr(node.value)
            lits.append((getattr(node, "lineno", 0), getattr(node, "col_offset", 0), seg))
    lits.sort()
    seen = set()
    literals = []
    for _, _, s in lits:
        if s not in seen:
            seen.add(s)
            literals.append(s)

    # Calls, resolved through import aliases.
    aliases = {}
    stars = []
    defined = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.asname:
                    aliases[a.asname] = a.name
                else:
                    top = a.name.split(".")[0]
                    aliases[top] = top
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for a in node.names:
                if a.name == "*":
                    stars.append(node.module)
                else:
                    aliases[a.asname or a.name] = node.module + "." + a.name
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            defined.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            defined.add(node.id)
        elif isinstance(node, ast.arg):
            defined.add(node.arg)

    def resolve_name(name):
        if name in aliases:
            return aliases[name]
        if name in defined:
            return None
        for m in reversed(stars):
            mod = sys.modules.get(m)
            if mod is not None:
                names = getattr(mod, "__all__", None)
                if (names is not None and name in names) or (names is None and not name.startswith("_") and hasattr(mod, name)):
                    return m + "." + name
        if hasattr(builtins, name):
            return name
        return None

    def lookup(dotted):
        parts = dotted.split(".")
        for i in range(len(parts), 0, -1):
            mod = sys.modules.get(".".join(parts[:i]))
            if mod is not None:
                obj = mod
                try:
                    for p in parts[i:]:
                        obj = getattr(obj, p)
                except Exception:
                    return None
                return obj
        return None

    def dotted(expr, types_):
        if isinstance(expr, ast.Name):
            if expr.id in types_:
                return None
            return resolve_name(expr.id)
        if isinstance(expr, ast.Attribute):
            base = receiver(expr.value, types_)
            if base:
                return base + "." + expr.attr
        return None

    def receiver(expr, types_):
        # The dotted name of a module/class, or of the class an object was built from.
        if isinstance(expr, ast.Name) and expr.id in types_:
            return types_[expr.id]
        if isinstance(expr, ast.Call):
            ctor = dotted(expr.func, types_)
            if ctor and isinstance(lookup(ctor), type):
                return ctor
            return None
        return dotted(expr, types_)

    calls = set()
    sites = {}  # id(ast.Call) -> its dotted name, for the data-flow analysis

    def scan(body_nodes):
        types_ = {}
        for stmt in body_nodes:
            for node in walk_scope(stmt):
                if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
                    ctor = dotted(node.value.func, types_)
                    is_class = bool(ctor) and isinstance(lookup(ctor), type)
                    for t in node.targets:
                        if isinstance(t, ast.Name):
                            if is_class:
                                types_[t.id] = ctor
                            else:
                                types_.pop(t.id, None)
                elif isinstance(node, ast.Call):
                    name = dotted(node.func, types_)
                    if name:
                        calls.add(name)
                        sites[id(node)] = name

    def walk_scope(root):
        # Pre-order walk in source order that does not enter function bodies
        # (every function is scanned as its own scope).
        todo = [root]
        while todo:
            node = todo.pop()
            yield node
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            todo.extend(reversed(list(ast.iter_child_nodes(node))))

    scopes = [tree.body]
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            scopes.append(node.body)
    for body in scopes:
        scan(body)

    unused = sorted({sites[c] for c in dataflow(tree).unreached_calls() if c in sites})
    return literals, sorted(calls), unused


# ---------------------------------------------------------------------------
# Data flow: which call sites and assignments reach solve()'s return value
# ---------------------------------------------------------------------------

class _Scope:
    """One function (or the module) during the data-flow walk: env maps a
    name to the definitions that may reach the current point, all_defs to
    every definition of the name in the scope."""

    def __init__(self, parent, env=None, all_defs=None, pending=None):
        self.parent = parent
        self.env = env if env is not None else {}
        self.all_defs = all_defs if all_defs is not None else {}
        self.pending = pending if pending is not None else []

    def fork(self, env=None):
        return _Scope(self.parent, dict(self.env if env is None else env), self.all_defs, self.pending)


def _merge_envs(*envs):
    out = {}
    for e in envs:
        for k, v in e.items():
            out[k] = out.get(k, frozenset()) | v
    return out


class DataFlow:
    """Flow-sensitive reaching definitions with dependency tracking.

    Every assignment (and every mutation: augmented assignment, item or
    attribute store, a method-call statement on a name, a call statement
    taking a name) is a definition node that depends on the definitions and
    call sites its value reads, plus the conditions it is control dependent
    on (if/while tests, loop iterables). Containers, attributes, method calls,
    f-strings, arguments, comprehensions and lambdas read every name and call
    inside them. A user function's definition depends on what reaches its
    return, so calling it makes those values matter. Sinks are solve()'s
    return values and, as labelled checks, assert statements. A call site or
    definition is used when it reaches a sink."""

    def __init__(self):
        self.deps = {}      # node key -> set of node keys its value depends on
        self.defs = {}      # definition key -> (name, line, kind)
        self.calls = set()  # keys of every analysed call site
        self.sinks = set()
        self.has_solve = False
        self._returns = None

    def _node(self, key):
        if key not in self.deps:
            self.deps[key] = set()
        return key

    def define(self, scope, node, name, deps, ctrl, kind="assign"):
        k = self._node(("d", id(node), name))
        self.defs.setdefault(k, (name, getattr(node, "lineno", 0), kind))
        self.deps[k] |= deps | ctrl
        scope.env[name] = frozenset([k])
        scope.all_defs.setdefault(name, set()).add(k)
        return k

    def read(self, scope, name):
        if name in scope.env:
            return set(scope.env[name])
        if name in scope.all_defs:  # assigned later in a loop, or on another path
            return set(scope.all_defs[name])
        p = scope.parent
        while p is not None:
            if name in p.all_defs:
                return set(p.all_defs[name])
            p = p.parent
        return set()

    def expr(self, e, scope, ctrl):
        out = set()
        if e is None:
            return out
        for n in ast.walk(e):
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load):
                out |= self.read(scope, n.id)
            elif isinstance(n, ast.Call):
                k = self._node(("c", id(n)))
                self.calls.add(k)
                out.add(k)
            elif isinstance(n, ast.NamedExpr) and isinstance(n.target, ast.Name):
                self.define(scope, n, n.target.id, self.expr(n.value, scope, ctrl), ctrl)
        return out

    def target(self, t, node, scope, deps, ctrl, aug=False):
        if isinstance(t, ast.Name):
            if aug:
                deps = deps | self.read(scope, t.id)
            self.define(scope, node, t.id, deps, ctrl, "aug" if aug else "assign")
        elif isinstance(t, (ast.Tuple, ast.List)):
            for el in t.elts:
                self.target(el, node, scope, deps, ctrl, aug)
        elif isinstance(t, ast.Starred):
            self.target(t.value, node, scope, deps, ctrl, aug)
        elif isinstance(t, (ast.Subscript, ast.Attribute)):
            # A store into an item or attribute changes the object its root names.
            extra = set()
            root = t
            while isinstance(root, (ast.Subscript, ast.Attribute)):
                if isinstance(root, ast.Subscript):
                    extra |= self.expr(root.slice, scope, ctrl)
                root = root.value
            if isinstance(root, ast.Name):
                self.define(scope, node, root.id, deps | extra | self.read(scope, root.id), ctrl, "mutate")
            else:
                extra |= self.expr(root, scope, ctrl)

    def block(self, stmts, scope, ctrl):
        for st in stmts:
            self.stmt(st, scope, ctrl)

    def loop(self, scope, body):
        cur = dict(scope.env)
        for _ in range(10):
            s = scope.fork(cur)
            body(s)
            new = _merge_envs(cur, s.env)
            if new == cur:
                break
            cur = new
        scope.env = cur

    def stmt(self, st, scope, ctrl):
        if isinstance(st, ast.Assign):
            d = self.expr(st.value, scope, ctrl)
            for t in st.targets:
                self.target(t, st, scope, d, ctrl)
        elif isinstance(st, ast.AugAssign):
            self.target(st.target, st, scope, self.expr(st.value, scope, ctrl), ctrl, aug=True)
        elif isinstance(st, ast.AnnAssign):
            if st.value is not None:
                self.target(st.target, st, scope, self.expr(st.value, scope, ctrl), ctrl)
        elif isinstance(st, ast.Expr):
            d = self.expr(st.value, scope, ctrl)
            v = st.value
            if isinstance(v, ast.Call):
                # A call statement can only matter through what it changes:
                # the receiver of a method call, or the names passed to it.
                roots = []
                if isinstance(v.func, ast.Attribute):
                    r = v.func.value
                    while isinstance(r, (ast.Attribute, ast.Subscript)):
                        r = r.value
                    if isinstance(r, ast.Name):
                        roots.append(r.id)
                for a in list(v.args) + [kw.value for kw in v.keywords]:
                    if isinstance(a, ast.Starred):
                        a = a.value
                    if isinstance(a, ast.Name):
                        roots.append(a.id)
                for name in roots:
                    self.define(scope, st, name, d | self.read(scope, name), ctrl, "mutate")
        elif isinstance(st, ast.Return):
            if self._returns is not None:
                self._returns |= self.expr(st.value, scope, ctrl) | ctrl
        elif isinstance(st, ast.Assert):
            self.sinks |= self.expr(st.test, scope, ctrl) | self.expr(st.msg, scope, ctrl)
        elif isinstance(st, ast.If):
            c2 = ctrl | self.expr(st.test, scope, ctrl)
            a, b = scope.fork(), scope.fork()
            self.block(st.body, a, c2)
            self.block(st.orelse, b, c2)
            scope.env = _merge_envs(a.env, b.env)
        elif isinstance(st, (ast.For, ast.AsyncFor)):
            it = self.expr(st.iter, scope, ctrl)
            c2 = ctrl | it

            def body(s):
                self.target(st.target, st, s, it, ctrl)
                self.block(st.body, s, c2)
            self.loop(scope, body)
            self.block(st.orelse, scope, ctrl)
        elif isinstance(st, ast.While):
            def body(s):
                self.block(st.body, s, ctrl | self.expr(st.test, s, ctrl))
            self.loop(scope, body)
            self.block(st.orelse, scope, ctrl | self.expr(st.test, scope, ctrl))
        elif isinstance(st, (ast.With, ast.AsyncWith)):
            for item in st.items:
                d = self.expr(item.context_expr, scope, ctrl)
                if item.optional_vars is not None:
                    self.target(item.optional_vars, st, scope, d, ctrl)
            self.block(st.body, scope, ctrl)
        elif isinstance(st, (ast.Try, getattr(ast, "TryStar", ast.Try))):
            a = scope.fork()
            self.block(st.body, a, ctrl)
            envs = [a.env]
            for h in st.handlers:
                s = scope.fork(_merge_envs(scope.env, a.env))
                self.expr(h.type, s, ctrl)
                if h.name:
                    self.define(s, h, h.name, set(), ctrl)
                self.block(h.body, s, ctrl)
                envs.append(s.env)
            self.block(st.orelse, a, ctrl)
            envs[0] = a.env
            scope.env = _merge_envs(*envs)
            self.block(st.finalbody, scope, ctrl)
        elif isinstance(st, (ast.FunctionDef, ast.AsyncFunctionDef)):
            d = set()
            for dec in st.decorator_list:
                d |= self.expr(dec, scope, ctrl)
            for dflt in list(st.args.defaults) + [x for x in st.args.kw_defaults if x is not None]:
                d |= self.expr(dflt, scope, ctrl)
            k = self.define(scope, st, st.name, d, ctrl, "function")
            scope.pending.append((st, k))
        elif isinstance(st, ast.ClassDef):
            d = set()
            for n in ast.walk(st):
                if isinstance(n, ast.expr):
                    d |= self.expr(n, scope, ctrl)
            self.define(scope, st, st.name, d, ctrl, "class")
        elif isinstance(st, (ast.Import, ast.ImportFrom)):
            for a in st.names:
                if a.name != "*":
                    self.define(scope, st, (a.asname or a.name).split(".")[0], set(), ctrl, "import")
        elif isinstance(st, getattr(ast, "Match", ())):
            c2 = ctrl | self.expr(st.subject, scope, ctrl)
            envs = [dict(scope.env)]
            for case in st.cases:
                s = scope.fork()
                for n in ast.walk(case.pattern):
                    name = getattr(n, "name", None)
                    if isinstance(name, str):
                        self.define(s, n, name, c2, ctrl)
                c3 = c2 | self.expr(case.guard, s, c2)
                self.block(case.body, s, c3)
                envs.append(s.env)
            scope.env = _merge_envs(*envs)
        elif isinstance(st, (ast.Pass, ast.Break, ast.Continue, ast.Global, ast.Nonlocal, ast.Delete)):
            pass
        else:
            # Raise and anything unforeseen: what it computes is not data
            # that reaches the answer, but do not call it unused either.
            self.sinks |= self.expr(st, scope, ctrl) if isinstance(st, ast.expr) else set().union(
                *[self.expr(n, scope, ctrl) for n in ast.iter_child_nodes(st) if isinstance(n, ast.expr)])

    def function(self, fn, parent, key, is_solve):
        s = _Scope(parent)
        args = fn.args
        for a in args.posonlyargs + args.args + args.kwonlyargs + [x for x in (args.vararg, args.kwarg) if x]:
            self.define(s, a, a.arg, set(), set(), "param")
        saved, self._returns = self._returns, set()
        self.block(fn.body, s, set())
        self.finish(s)
        self.deps[key] |= self._returns
        if is_solve:
            self.has_solve = True
            self.sinks |= self._returns
        self._returns = saved

    def finish(self, scope):
        while scope.pending:
            fn, k = scope.pending.pop(0)
            self.function(fn, scope, k, False)

    def run(self, tree):
        mod = _Scope(None)
        self.block(tree.body, mod, set())
        solve = [(fn, k) for fn, k in mod.pending if fn.name == "solve"]
        while mod.pending:
            fn, k = mod.pending.pop(0)
            self.function(fn, mod, k, (fn, k) == solve[-1] if solve else False)
        return self

    def reached(self):
        seen = set()
        todo = list(self.sinks)
        while todo:
            k = todo.pop()
            if k in seen:
                continue
            seen.add(k)
            todo.extend(self.deps.get(k, ()))
        return seen

    def unreached_calls(self):
        """ids of the ast.Call nodes whose value reaches neither solve()'s
        return value nor an assert (empty when there is no solve())."""
        if not self.has_solve:
            return set()
        r = self.reached()
        return {k[1] for k in self.calls if k not in r}

    def dead_assignments(self):
        """(name, line) of the assignments whose value reaches neither
        solve()'s return value nor an assert; names starting with "_",
        parameters, imports and function or class definitions excluded."""
        if not self.has_solve:
            return []
        r = self.reached()
        modules = {name for name, _, kind in self.defs.values() if kind == "import"}
        out = set()
        for k, (name, line, kind) in self.defs.items():
            if kind == "mutate" and name in modules:
                continue  # a call statement on a module: reported as an unused call
            if k not in r and kind in ("assign", "aug", "mutate") and not name.startswith("_"):
                out.add((name, line))
        return sorted(out, key=lambda x: (x[1], x[0]))


def dataflow(tree):
    """Runs DataFlow over a parsed program."""
    return DataFlow().run(tree)


def skeleton(src):
    tree = ast.parse(src)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant):
            node.value = None
            node.kind = None
        elif isinstance(node, ast.Name):
            node.id = "_"
        elif isinstance(node, ast.arg):
            node.arg = "_"
        elif isinstance(node, ast.alias) and node.asname:
            node.asname = "_"
    return hashlib.sha256(ast.dump(tree).encode()).hexdigest()


class ReturnRewriter(ast.NodeTransformer):
    """Turns `return X` of the top-level solve into `return __arrows_ret(__arrows_locals(), X)`."""

    def visit_FunctionDef(self, node):
        return node

    visit_AsyncFunctionDef = visit_FunctionDef
    visit_ClassDef = visit_FunctionDef
    visit_Lambda = visit_FunctionDef

    def visit_Return(self, node):
        value = node.value if node.value is not None else ast.Constant(value=None)
        call = ast.Call(
            func=ast.Name(id="__arrows_ret", ctx=ast.Load()),
            args=[ast.Call(func=ast.Name(id="__arrows_locals", ctx=ast.Load()), args=[], keywords=[]), value],
            keywords=[],
        )
        return ast.copy_location(ast.Return(value=call), node)


def rewrite_solve(tree):
    for stmt in tree.body:
        if isinstance(stmt, ast.FunctionDef) and stmt.name == "solve":
            rw = ReturnRewriter()
            stmt.body = [rw.visit(s) for s in stmt.body]
            if not isinstance(stmt.body[-1], ast.Return):
                stmt.body.append(rw.visit(ast.copy_location(ast.Return(value=None), stmt.body[-1])))
            stmt.decorator_list.insert(0, ast.copy_location(ast.Name(id="__arrows_track", ctx=ast.Load()), stmt))
    ast.fix_missing_locations(tree)
    return tree


class Tracker:
    def __init__(self):
        self.depth = 0
        self.last_locals = None
        self.first = None

    def ret(self, loc, value):
        if self.depth == 1:
            self.last_locals = dict(loc)
        return value

    def track(self, fn):
        tr = self

        def solve(*args, **kwargs):
            tr.depth += 1
            try:
                r = fn(*args, **kwargs)
            finally:
                tr.depth -= 1
            if tr.depth == 0 and not args and not kwargs and tr.first is None:
                tr.first = (r, tr.last_locals)
            return r

        solve.__name__ = getattr(fn, "__name__", "solve")
        solve.__doc__ = getattr(fn, "__doc__", None)
        solve.__wrapped__ = fn
        return solve


def exc_text(e):
    try:
        msg = str(e)
    except Exception:
        msg = "<unprintable message>"
    text = "%s: %s" % (type(e).__name__, msg) if msg else type(e).__name__
    if len(text) > ERROR_CAP:
        text = text[:ERROR_CAP] + "..."
    return text


def classify_exception(e):
    if isinstance(e, MemoryError):
        return "memory_limit"
    if isinstance(e, OSError) and e.errno in (errno.EPERM, errno.EACCES):
        return "forbidden"
    return "error"



def loaded_only_import(saved):
    """An __import__ that serves modules already loaded and refuses to load
    new ones (module-level __getattr__ hooks such as numpy's import
    submodules lazily)."""

    def imp(name, globals=None, locals=None, fromlist=(), level=0):
        absname = name
        if level:
            base = ((globals or {}).get("__package__") or "").rsplit(".", level - 1)[0]
            absname = base + "." + name if name else base
        mod = sys.modules.get(absname)
        if mod is None:
            raise ImportError("no module loads during the server-side analysis: %s" % absname)
        for item in fromlist or ():
            if item != "*" and item not in getattr(mod, "__dict__", {}) and absname + "." + item not in sys.modules:
                raise ImportError("no module loads during the server-side analysis: %s.%s" % (absname, item))
        return saved(name, globals, locals, fromlist, level)

    return imp


def server_analysis(tree, src):
    """Runs analyze() and skeleton() in the server. Names are resolved only
    against modules already loaded (an attribute that would load a module
    lazily stays unresolved) and warnings are silenced, so the analysis of one
    program leaves no trace in the server."""
    saved = builtins.__import__
    builtins.__import__ = loaded_only_import(saved)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            literals, calls, unused = analyze(tree, src)
            return {"literals": literals, "calls": calls, "unused_calls": unused, "skeleton": skeleton(src)}
    except Exception as e:
        return {"error": exc_text(e)}
    finally:
        builtins.__import__ = saved


def prepare(req):
    """Server side, before forking: parses, analyses (on request) and compiles
    the program, so no child parses or compiles. Returns (code, analysis);
    code is None when the child must compile the source itself (too large,
    or the server failed on it: the child then reports the error exactly as
    it would have, under its own limits)."""
    src = req.get("code", "")
    if not isinstance(src, str) or len(src) > PRECOMPILE_MAX:
        return None, None
    try:
        tree = ast.parse(src, "<program>")
    except Exception:
        return None, None
    analysis = server_analysis(tree, src) if req.get("analyze") else None
    try:
        code = compile(rewrite_solve(tree), "<program>", "exec")
    except Exception:
        code = None
    return code, analysis


def run_program(req, emit, mods, code=None, analyzed=False):
    """Runs one program, emitting the final message with emit(). code is the
    program compiled by prepare(); without it the source is compiled here."""
    sp, np, fractions, decimal, numbers = mods
    msg = {}
    if code is None:
        src = req.get("code", "")
        try:
            tree = ast.parse(src, "<program>")
        except BaseException as e:
            emit({"status": "error", "error": exc_text(e)})
            return
        if req.get("analyze") and not analyzed:
            try:
                literals, calls, unused = analyze(tree, src)
                emit({"analysis": {"literals": literals, "calls": calls, "unused_calls": unused, "skeleton": skeleton(src)}})
            except MemoryError as e:
                emit({"status": "memory_limit", "error": exc_text(e)})
                return
            except BaseException as e:
                emit({"analysis": {"error": exc_text(e)}})
        try:
            code = compile(rewrite_solve(tree), "<program>", "exec")
        except BaseException as e:
            msg.update(status="error", error=exc_text(e))
            emit(msg)
            return
    tracker = Tracker()
    g = {"__name__": "__main__", "__builtins__": builtins, "__arrows_ret": tracker.ret,
         "__arrows_track": tracker.track, "__arrows_locals": builtins.locals}
    try:
        exec(code, g)
        fn = g.get("solve")
        if fn is None or not callable(fn):
            msg.update(status="no_solve", error="program defines no callable solve()")
            emit(msg)
            return
        if tracker.first is not None:
            result, loc = tracker.first
        else:
            tracker.last_locals = None
            result = fn()
            loc = tracker.last_locals
    except BaseException as e:
        msg.update(status=classify_exception(e), error=exc_text(e))
        emit(msg)
        return
    try:
        ser = Serializer(sp, np, fractions, decimal, numbers)
        msg["result"] = ser.serialize(result)
    except BadResult as e:
        msg.update(status="bad_result", error="solve() returned %s, which is not a mathematical value" % e.what)
        emit(msg)
        return
    except MemoryError as e:
        msg.update(status="memory_limit", error=exc_text(e))
        emit(msg)
        return
    except BaseException as e:
        msg.update(status="error", error="SerializationError: cannot serialize the %s returned by solve(): %s" % (
            type(result).__name__, exc_text(e)))
        emit(msg)
        return
    if loc:
        size = _ENCODE_SIZE or (lambda o: json.dumps(o, allow_nan=False))
        locs = {}
        for name, v in list(loc.items()):
            if len(locs) >= LOCALS_MAX:
                break
            if not isinstance(name, str) or name.startswith("_"):
                continue
            try:
                if not is_simple_local(v, sp, np, fractions, decimal, numbers):
                    continue
                sv = Serializer(sp, np, fractions, decimal, numbers).serialize(v)
                if len(size(sv)) > LOCALS_MAX_BYTES:
                    continue
                locs[name] = sv
            except MemoryError:
                break
            except BaseException:
                continue
        if locs:
            msg["locals"] = locs
    msg["status"] = "ok"
    emit(msg)


# ---------------------------------------------------------------------------
# The child: lock down, run, exit
# ---------------------------------------------------------------------------

WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
DENY_EVENTS = frozenset("""
os.system os.exec os.posix_spawn os.spawn os.fork os.forkpty subprocess.Popen pty.spawn os.startfile
os.killpg os.kill signal.pthread_kill
socket.__new__ socket.connect socket.bind socket.sendto socket.sendmsg socket.getaddrinfo
socket.gethostbyname socket.gethostbyaddr socket.gethostname socket.sethostname
http.client.connect urllib.Request ftplib.connect smtplib.connect poplib.connect imaplib.open
telnetlib.Telnet.open nntplib.connect webbrowser.open
os.remove os.rename os.rmdir os.mkdir os.chmod os.chown os.chflags os.lchflags os.link os.symlink
os.truncate os.utime os.mkfifo os.mknod os.setxattr os.removexattr shutil.rmtree shutil.move
shutil.copyfile shutil.copymode shutil.copystat shutil.copytree shutil.chown shutil.make_archive
tempfile.mkstemp tempfile.mkdtemp sqlite3.connect dbm.open
ctypes.dlopen ctypes.dlsym ctypes.dlsym/handle ctypes.call_function ctypes.cdata ctypes.cdata/buffer
ctypes.addressof ctypes.string_at ctypes.wstring_at ctypes.get_errno ctypes.set_errno
resource.setrlimit resource.prlimit fcntl.ioctl
open import
""".split())
DENY_IMPORTS = frozenset(["ctypes", "_ctypes", "cffi", "_cffi_backend"])


def make_hook(pidbox):
    """The audit hook, built once in the server; a child stores its pid in
    pidbox[0] before installing it."""
    reported = set()
    denied = DENY_EVENTS
    deny_imports = DENY_IMPORTS
    write_flags = WRITE_FLAGS

    def deny(event):
        if event not in reported and len(reported) < FORBIDDEN_MAX_REPORTS:
            reported.add(event)
            try:
                write_all(RESULT_FD, (json.dumps({"forbidden": event}) + "\n").encode())
            except Exception:
                pass
        raise PermissionError(errno.EPERM, "sandbox: %s is not allowed" % event)

    def hook(event, args):
        if event not in denied:
            return
        if event == "open":
            path, mode, flags = args
            if isinstance(path, int):
                return
            if isinstance(mode, str) and ("w" in mode or "a" in mode or "x" in mode or "+" in mode):
                deny(event + " for writing")
            if isinstance(flags, int) and flags & write_flags:
                deny(event + " for writing")
            return
        if event == "import":
            name = args[0] if args else ""
            if isinstance(name, str) and name.split(".")[0] in deny_imports:
                deny("import " + name)
            return
        if event == "os.kill":
            if args and args[0] in (0, pidbox[0]):
                return
        elif event == "signal.pthread_kill":
            return
        elif event == "resource.prlimit":
            if len(args) >= 3 and args[2] is None:
                return
        elif event == "fcntl.ioctl":
            if len(args) >= 2 and args[1] not in (0x5412, 0x541C):  # TIOCSTI, TIOCLINUX
                return
        deny(event)

    return hook


# Landlock (kernel >= 5.13): fs access rights, net rights (ABI 4), scopes (ABI 6).
LL_FS_EXECUTE, LL_FS_WRITE_FILE, LL_FS_READ_FILE, LL_FS_READ_DIR = 1, 2, 4, 8
LL_FS_V1 = (1 << 13) - 1
LL_FS_REFER, LL_FS_TRUNCATE, LL_FS_IOCTL_DEV = 1 << 13, 1 << 14, 1 << 15
LL_NET_ALL = 3
LL_SCOPE_ALL = 3
SYS_LANDLOCK_CREATE_RULESET, SYS_LANDLOCK_ADD_RULE, SYS_LANDLOCK_RESTRICT_SELF = 444, 445, 446
LANDLOCK_READ_DIRS = ["/usr", "/lib", "/lib32", "/lib64", "/libx32", "/bin", "/sbin", "/etc"]
LANDLOCK_READ_FILES = ["/dev/null", "/dev/zero", "/dev/urandom", "/dev/random"]


class ChildSetup:
    """Everything a child needs to lock itself down, built once in the server:
    a child then only makes system calls on ready-made arguments instead of
    building ctypes objects, rulesets, filters and stream objects (each of
    which would touch, and so copy, pages of the server's heap)."""

    def __init__(self, init):
        import ctypes
        import threading

        class SockFprog(ctypes.Structure):
            _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

        self.ctypes = ctypes
        self.drop = bool(init.get("drop"))
        self.audit = bool(init.get("audit", True))
        self.pid_offsets = [int(o) for o in init.get("pid_offsets", [])]
        raw = base64.b64decode(init["bpf"]) if init.get("bpf") else b""
        if len(raw) % 8:
            raise ValueError("bpf program length is not a multiple of 8")
        self.seccomp = bool(raw)
        libc = ctypes.CDLL(None, use_errno=True)
        prctl = libc.prctl
        prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
        prctl.restype = ctypes.c_int
        sysc = libc.syscall
        sysc.restype = ctypes.c_long
        self.prctl = prctl
        self.syscall = sysc
        self.libc_kill = libc.kill
        self.libc_kill.argtypes = [ctypes.c_int, ctypes.c_int]
        self.libc_waitpid = libc.waitpid
        self.libc_waitpid.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_int]
        madvise = libc.madvise
        madvise.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
        madvise.restype = ctypes.c_int
        self.madvise = madvise
        if raw:
            self.bpf = ctypes.create_string_buffer(raw, len(raw))
            self.fprog = SockFprog(len(raw) // 8, ctypes.addressof(self.bpf))
            self.fprog_addr = ctypes.addressof(self.fprog)

        # fork(): the C library's, when the server has a single thread. The
        # child then skips CPython's at-fork handlers (threading and random
        # re-initialisation), which touch about a hundred pages; they only
        # matter when other threads exist.
        self.fork = os.fork
        self.raw_fork = False
        try:
            single = threading.active_count() == 1 and len(os.listdir("/proc/self/task")) == 1
        except OSError:
            single = False
        if single:
            cfork = ctypes.PyDLL(None, use_errno=True).fork
            cfork.argtypes = []
            cfork.restype = ctypes.c_int

            def fork():
                pid = cfork()
                if pid < 0:
                    raise OSError(ctypes.get_errno(), "fork failed")
                return pid

            self.fork = fork
            self.raw_fork = True

        # Landlock: the ruleset is created once; every child restricts itself
        # with it (landlock_restrict_self only reads it).
        self.landlock_abi = 0
        self.ruleset_fd = -1
        if init.get("landlock"):
            abi = sysc(ctypes.c_long(SYS_LANDLOCK_CREATE_RULESET), None, ctypes.c_size_t(0), ctypes.c_uint32(1))
            self.landlock_abi = max(0, int(abi))
        roots = set()
        for p in sys.path + [sys.prefix, sys.base_prefix, os.path.dirname(sys.executable)]:
            if p.startswith("/") and os.path.isdir(p):
                roots.add(os.path.realpath(p))
        self.read_dirs = [d for d in LANDLOCK_READ_DIRS if os.path.isdir(d)] + sorted(roots)
        self.read_files = [f for f in LANDLOCK_READ_FILES if os.path.exists(f)]
        if self.landlock_abi:
            self.ruleset_fd = high_fd(self.build_ruleset())
            self.restrict_args = (ctypes.c_long(SYS_LANDLOCK_RESTRICT_SELF), ctypes.c_long(RESULT_FD + 1), ctypes.c_long(0))

        # Streams and descriptors a child installs.
        self.devnull = high_fd(os.open("/dev/null", os.O_RDONLY))
        self.stdin = io.StringIO("")
        self.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), encoding="utf-8", errors="backslashreplace")
        self.stderr = io.TextIOWrapper(io.FileIO(2, "w", closefd=False), encoding="utf-8", errors="backslashreplace",
                                       line_buffering=True)
        self.nofile = (32, 32)
        self.nproc = (0, 0)
        self.pidbox = [0]
        self.hook = make_hook(self.pidbox)
        self.candidates = []
        self.hot = {}

    def hot_regions(self, req):
        """The regions a child collapses for itself: those that programs of
        its kind (SymPy or not) write enough pages in to pay for it."""
        if not self.hot:
            return ()
        src = req.get("code")
        return self.hot.get("sympy" if isinstance(src, str) and "sympy" in src else "base", ())

    def build_ruleset(self):
        """Kernel-enforced file-system policy: read-only access to the system
        directories and a few devices, no access at all elsewhere (home, work,
        tmp, /proc), no writes, no exec, no TCP, no signals or abstract
        sockets outside the sandbox, no ptrace-style access to processes
        outside it (so /proc/<pid>/environ of the worker is closed even when
        the child runs under the worker's uid)."""
        ctypes, sysc, abi = self.ctypes, self.syscall, self.landlock_abi
        fs = LL_FS_V1
        if abi >= 2:
            fs |= LL_FS_REFER
        if abi >= 3:
            fs |= LL_FS_TRUNCATE
        if abi >= 5:
            fs |= LL_FS_IOCTL_DEV
        fields = [fs]
        if abi >= 4:
            fields.append(LL_NET_ALL)
        if abi >= 6:
            fields.append(LL_SCOPE_ALL)
        attr = ctypes.create_string_buffer(struct.pack("=%dQ" % len(fields), *fields))
        rfd = sysc(ctypes.c_long(SYS_LANDLOCK_CREATE_RULESET), attr, ctypes.c_size_t(8 * len(fields)), ctypes.c_uint32(0))
        if rfd < 0:
            raise OSError(ctypes.get_errno(), "landlock_create_ruleset failed")
        try:
            rules = [(d, LL_FS_READ_FILE | LL_FS_READ_DIR) for d in self.read_dirs]
            rules += [(f, LL_FS_READ_FILE) for f in self.read_files]
            for path, access in rules:
                try:
                    pfd = os.open(path, os.O_PATH | os.O_CLOEXEC)
                except OSError:
                    continue
                try:
                    rule = ctypes.create_string_buffer(struct.pack("=Qi", access, pfd))
                    if sysc(ctypes.c_long(SYS_LANDLOCK_ADD_RULE), ctypes.c_int(rfd), ctypes.c_int(1), rule, ctypes.c_uint32(0)) != 0:
                        raise OSError(ctypes.get_errno(), "landlock_add_rule %s failed" % path)
                finally:
                    os.close(pfd)
        except BaseException:
            os.close(rfd)
            raise
        return rfd

    # The calls below run in the child.

    def no_new_privs(self):
        if self.prctl(38, 1, 0, 0, 0) != 0:  # PR_SET_NO_NEW_PRIVS
            raise OSError(self.ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS) failed")

    def landlock(self):
        """Restricts the child with the ruleset (dup'ed to RESULT_FD+1)."""
        if self.syscall(*self.restrict_args) != 0:
            raise OSError(self.ctypes.get_errno(), "landlock_restrict_self failed")

    def load_seccomp(self, pid):
        for off in self.pid_offsets:
            struct.pack_into("=I", self.bpf, off, pid)
        if self.prctl(22, 2, self.fprog_addr, 0, 0) != 0:  # PR_SET_SECCOMP, SECCOMP_MODE_FILTER
            raise OSError(self.ctypes.get_errno(), "prctl(PR_SET_SECCOMP) failed")

    def kill_group(self, pid):
        """kill_group without exceptions (the zygote calls it after every
        child, when the group is usually gone)."""
        self.libc_kill(-pid, signal.SIGKILL)
        self.libc_kill(pid, signal.SIGKILL)

    def reap_strays(self):
        while self.libc_waitpid(-1, None, os.WNOHANG) > 0:
            pass

    def set_name(self, name):
        self.prctl(15, self.ctypes.addressof(self.ctypes.create_string_buffer(name)), 0, 0, 0)  # PR_SET_NAME

    def set_pdeathsig(self):
        if self.prctl(1, signal.SIGKILL, 0, 0, 0) != 0:  # PR_SET_PDEATHSIG
            raise OSError(self.ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")

    def huge_pages(self):
        """Backs the server's heap with transparent huge pages where the
        kernel allows it (MADV_HUGEPAGE, then MADV_COLLAPSE on Linux >= 6.1):
        fork() then copies one entry per 2 MiB instead of 512, a child's exit
        tears down as few, and pages a child only reads cost it nothing.
        Records the 2 MiB regions a child may collapse for itself (see
        private_huge_pages). Returns the bytes collapsed in the server."""
        done = 0
        self.candidates = []
        with open("/proc/self/maps") as f:
            maps = f.read().splitlines()
        for line in maps:
            fields = line.split()
            if len(fields) < 5 or fields[1] != "rw-p" or (len(fields) > 5 and fields[5] != "[heap]"):
                continue
            start, end = (int(x, 16) for x in fields[0].split("-"))
            start = (start + HUGE - 1) & ~(HUGE - 1)
            end &= ~(HUGE - 1)
            if end <= start:
                continue
            if self.madvise(start, end - start, MADV_HUGEPAGE) != 0:
                continue
            self.candidates.extend(range(start, end, HUGE))
            if self.madvise(start, end - start, MADV_COLLAPSE) == 0:
                done += end - start
        return done

    def private_huge_pages(self, regions):
        """In the child: turns each region into a private huge page (copy 2 MiB
        once) instead of copying the pages the program writes there one page
        fault at a time. A region still mapped by the server's huge page is
        split first by writing one page, since MADV_COLLAPSE leaves a huge
        mapping alone. Failures (no memory for a huge page) just leave the
        region to ordinary copy-on-write."""
        mv = self.madvise
        for r in regions:
            mv(r, PAGE_SIZE, MADV_POPULATE_WRITE)
            mv(r, HUGE, MADV_COLLAPSE)

    def calibrate(self):
        """In a calibration child: CPU cost of a copy-on-write page fault and
        of making one region private with private_huge_pages, measured on
        regions of the server's heap (256 faults over 4 regions, 8 regions
        collapsed). Returns (fault_us, collapse_us), or None when the kernel
        refuses either operation."""
        ctypes = self.ctypes
        regions = self.candidates
        if len(regions) < 12:
            return None
        cells = [ctypes.c_ubyte.from_address(r + i * 8 * PAGE_SIZE) for r in regions[0::3][:4] for i in range(64)]
        clock = time.process_time
        t0 = clock()
        for c in cells:
            c.value = c.value  # rewrite the same byte: one copy-on-write fault
        t1 = clock()
        for c in cells:
            c.value = c.value  # the same loop on private pages: its own cost
        t2 = clock()
        fault_us = max(((t1 - t0) - (t2 - t1)) / len(cells) * 1e6, 0.05)
        mv = self.madvise
        targets = regions[1::3][:8]
        t3 = clock()
        for r in targets:
            if mv(r, PAGE_SIZE, MADV_POPULATE_WRITE) != 0 or mv(r, HUGE, MADV_COLLAPSE) != 0:
                return None
        collapse_us = (clock() - t3) / len(targets) * 1e6
        return fault_us, collapse_us

    def region_counts(self, pagemap_fd):
        """In a learning child: the pages it has written (now private to it)
        in each candidate region, read from /proc/self/pagemap."""
        counts = []
        for r in self.candidates:
            data = os.pread(pagemap_fd, HUGE // PAGE_SIZE * 8, r // PAGE_SIZE * 8)
            n = 0
            for (e,) in struct.iter_unpack("=Q", data):
                if e >> 63 and (e >> 56) & 1:  # present and mapped only here
                    n += 1
            counts.append(n)
        return counts


def high_fd(fd):
    """Moves a descriptor the server keeps for its children above the ones a
    child rearranges (0-4), so the child's dup2 calls cannot clobber it."""
    import fcntl
    new = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 64)
    os.close(fd)
    return new


HUGE = 2 << 20
MADV_HUGEPAGE = 14
MADV_POPULATE_WRITE = 23
MADV_COLLAPSE = 25


def child_main(req, code, setup, fds, base_vsz, mods, server_pid, mode=None, analyzed=False, hot=()):
    """The child: lock down, run, exit. mode is None for programs, or one of
    the server's own start-up runs: "probe" (report the isolation layers),
    "learn" (run a trusted program and report the pages it wrote per
    region), "calibrate" (measure page-fault and collapse costs)."""
    out_w, err_w, res_w = fds
    probe = mode is not None
    try:
        gc.disable()
        if hot:
            setup.private_huge_pages(hot)
        code = marshal.loads(code) if code else None
        os.setsid()
        os.dup2(setup.devnull, 0)
        os.dup2(out_w, 1)
        os.dup2(err_w, 2)
        os.dup2(res_w, RESULT_FD)
        if setup.ruleset_fd >= 0:
            os.dup2(setup.ruleset_fd, RESULT_FD + 1)
            os.closerange(RESULT_FD + 2, 1 << 16)
        else:
            os.closerange(RESULT_FD + 1, 1 << 16)
        # Opened before the lock-down (Landlock closes /proc), read after it.
        status_fd = os.open("/proc/self/status", os.O_RDONLY) if mode == "probe" else -1
        pagemap_fd = os.open("/proc/self/pagemap", os.O_RDONLY) if mode == "learn" else -1
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
        cpu = max(1, int(req.get("cpu_s", 5) + 0.999))
        mem = base_vsz + (int(req.get("mem_mb", 1024)) << 20)
        resource.setrlimit(resource.RLIMIT_NOFILE, setup.nofile)
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
        resource.setrlimit(resource.RLIMIT_AS, (mem, mem))
        if setup.drop:
            os.setgroups(())
            os.setgid(65534)
            os.setuid(65534)
            resource.setrlimit(resource.RLIMIT_NPROC, setup.nproc)
        setup.set_pdeathsig()
        if os.getppid() != server_pid:
            os._exit(71)
        sys.stdin = sys.__stdin__ = setup.stdin
        sys.stdout = sys.__stdout__ = setup.stdout
        sys.stderr = sys.__stderr__ = setup.stderr
        mypid = os.getpid()
        setup.no_new_privs()
        if setup.ruleset_fd >= 0:
            setup.landlock()
            os.close(RESULT_FD + 1)
        if setup.seccomp:
            setup.load_seccomp(mypid)
        if setup.audit and mode in (None, "learn"):
            setup.pidbox[0] = mypid
            sys.addaudithook(setup.hook)
    except BaseException as e:
        try:
            write_all(RESULT_FD, (json.dumps({"status": "sandbox_error", "error": "child setup: " + exc_text(e)}) + "\n").encode())
        finally:
            os._exit(70)

    def emit(msg):
        write_all(RESULT_FD, (encode(msg) + "\n").encode())

    try:
        if mode == "probe":
            emit({"status": "ok", "probe": probe_report(status_fd)})
        elif mode == "calibrate":
            emit({"status": "ok", "calibration": setup.calibrate()})
        elif mode == "learn":
            def emit_counts(msg):
                if "status" in msg:
                    msg["region_counts"] = setup.region_counts(pagemap_fd)
                emit(msg)
            run_program(req, emit_counts, mods, code, analyzed)
        else:
            run_program(req, emit, mods, code, analyzed)
    except BaseException as e:
        try:
            emit({"status": "memory_limit" if isinstance(e, MemoryError) else "error", "error": exc_text(e)})
        except BaseException:
            pass
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BaseException:
        pass
    os._exit(0)


def probe_report(status_fd):
    rep = {"uid": os.getuid(), "gid": os.getgid()}
    try:
        os.listdir("/home" if os.path.isdir("/home") else "/tmp")
        rep["landlock_blocks_home"] = False
    except PermissionError:
        rep["landlock_blocks_home"] = True
    except OSError:
        pass
    try:
        for line in os.pread(status_fd, 1 << 16, 0).decode().splitlines():
            if line.startswith("Seccomp:"):
                rep["seccomp_mode"] = int(line.split()[1])
            elif line.startswith("NoNewPrivs:"):
                rep["no_new_privs"] = int(line.split()[1])
    except OSError as e:
        rep["status_error"] = str(e)
    try:
        import socket
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.close()
        rep["socket"] = "allowed"
    except OSError as e:
        rep["socket"] = errno.errorcode.get(e.errno, str(e.errno))
    rep["rlimit_as"] = resource.getrlimit(resource.RLIMIT_AS)[0]
    rep["rlimit_nproc"] = resource.getrlimit(resource.RLIMIT_NPROC)[0]
    rep["rlimit_fsize"] = resource.getrlimit(resource.RLIMIT_FSIZE)[0]
    rep["env"] = len(os.environ)
    return rep


# ---------------------------------------------------------------------------
# The server side of one request: fork, watch, kill, reap, classify
# ---------------------------------------------------------------------------

def statm():
    fd = os.open("/proc/self/statm", os.O_RDONLY)
    try:
        return os.read(fd, 256).split()
    finally:
        os.close(fd)


def vsz_bytes():
    return int(statm()[0]) * PAGE_SIZE


def rss_kb():
    return int(statm()[1]) * PAGE_SIZE // 1024


def kill_group(pid):
    for fn in (os.killpg, os.kill):
        try:
            fn(pid, signal.SIGKILL)
        except OSError:
            pass


def reap_strays():
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


_VALUE_STR = ("kind", "type", "repr", "latex", "exact", "srepr")
_VALUE_NUM = ("numeric", "imag")


def valid_value(v, depth=0):
    """Checks that a (possibly forged) value message matches schemas.Value."""
    if not isinstance(v, dict) or depth > MAX_DEPTH + 4:
        return False
    for k, x in v.items():
        if k in _VALUE_STR:
            ok = isinstance(x, str)
        elif k in _VALUE_NUM:
            ok = x is None or (isinstance(x, (int, float)) and not isinstance(x, bool))
        elif k in ("left_open", "right_open", "truncated"):
            ok = isinstance(x, bool)
        elif k == "digits":
            ok = isinstance(x, int) and not isinstance(x, bool)
        elif k == "shape":
            ok = isinstance(x, list) and all(isinstance(i, int) and not isinstance(i, bool) for i in x)
        elif k == "elements":
            ok = isinstance(x, list) and all(valid_value(e, depth + 1) for e in x)
        elif k in ("left", "right"):
            ok = valid_value(x, depth + 1)
        else:
            ok = False
        if not ok:
            return False
    return True


def valid_final(final):
    if not isinstance(final.get("status"), str) or not isinstance(final.get("error", ""), str):
        return False
    if "result" in final and not valid_value(final["result"]):
        return False
    loc = final.get("locals")
    if loc is not None and not (isinstance(loc, dict) and all(isinstance(k, str) and valid_value(x) for k, x in loc.items())):
        return False
    return True


def valid_analysis(a):
    return (isinstance(a.get("literals", []), list) and all(isinstance(x, str) for x in a.get("literals", []))
            and isinstance(a.get("calls", []), list) and all(isinstance(x, str) for x in a.get("calls", []))
            and isinstance(a.get("unused_calls", []), list) and all(isinstance(x, str) for x in a.get("unused_calls", []))
            and isinstance(a.get("skeleton", ""), str))


def json_int(s):
    return int(s) if len(s) < 19 else 0


class ZygoteGone(Exception):
    """The zygote died; the server exits and Go restarts it."""


def recv_exact(sock, n):
    buf = bytearray()
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise ZygoteGone("the zygote closed its socket")
        buf += chunk
    return bytes(buf)


class Zygote:
    """The process that forks the children: a copy of the warmed-up server
    that does nothing else. The server itself never forks, so its request
    handling (JSON, parsing and compiling programs, reading pipes) writes to
    pages that no fork has write-protected: no page faults. The zygote's own
    work per program (receive a job, fork, report the exit status and
    rusage) touches few pages, and its heap, hardly ever written, keeps its
    huge pages, which keeps each fork cheap."""

    def __init__(self, setup, mods):
        import socket
        server_sock, zygote_sock = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        server_pid = os.getpid()
        pid = os.fork()
        if pid == 0:
            server_sock.close()
            try:
                zygote_main(zygote_sock, setup, mods, server_pid)
            finally:
                os._exit(0)
        zygote_sock.close()
        self.pid = pid
        self.sock = server_sock
        self.socket = socket

    def spawn(self, job, fds):
        """Sends a job (marshal-encoded, with the child's three pipe ends)
        and returns the pid of the child running it."""
        data = marshal.dumps(job)
        try:
            self.socket.send_fds(self.sock, [len(data).to_bytes(8, "little")], list(fds))
            self.sock.sendall(data)
        except OSError as e:
            raise ZygoteGone("send to the zygote: %s" % e)
        return struct.unpack("=i", recv_exact(self.sock, 4))[0]

    def report(self):
        """Waits for the exit report of the last child: (wait status, user
        CPU s, system CPU s, max RSS KiB, minor faults)."""
        return REPORT.unpack(recv_exact(self.sock, REPORT.size))


REPORT = struct.Struct("=iddqq")  # wait status, user s, system s, max RSS KiB, minor faults


def zygote_main(sock, setup, mods, server_pid):
    """The zygote's loop: receive a job, fork, report the pid, wait, report
    the exit. Everything it uses is bound before the loop and each job
    makes few objects: every page the zygote writes after a fork costs it a
    page fault."""
    import socket
    gc.disable()
    setup.set_pdeathsig()
    if os.getppid() != server_pid:
        return
    os.dup2(setup.devnull, 0)
    os.dup2(setup.devnull, 1)
    setup.set_name(b"arrows-zygote")
    me = os.getpid()
    base = vsz_bytes()
    buf = bytearray(1 << 16)
    recvmsg, recv_into, sendall = sock.recvmsg, sock.recv_into, sock.sendall
    fork, wait4, close = setup.fork, os.wait4, os.close
    kill, reap = setup.kill_group, setup.reap_strays
    pack_pid, pack_report, unpack_fds = struct.Struct("=i").pack, REPORT.pack, struct.Struct("=3i").unpack
    ancillary = socket.CMSG_LEN(3 * 4)
    scm = (socket.SOL_SOCKET, socket.SCM_RIGHTS)
    jobs = 0
    while True:
        jobs += 1
        if jobs % 128 == 0:
            base = vsz_bytes()
        head, anc, _, _ = recvmsg(8, ancillary)
        if len(head) != 8 or len(anc) != 1 or anc[0][:2] != scm or len(anc[0][2]) != 12:
            return
        fds = unpack_fds(anc[0][2])
        n = int.from_bytes(head, "little")
        if n > len(buf):
            buf = bytearray(n)
        view = memoryview(buf)
        got = 0
        while got < n:
            k = recv_into(view[got:n])
            if not k:
                return
            got += k
        pid = fork()
        if pid == 0:
            # (the socket is closed with every other descriptor in child_main)
            mode, req, code, analyzed, hot = marshal.loads(view[:n])
            del view
            child_main(req, code, setup, fds, base, mods, me, mode, analyzed, hot)
            os._exit(72)
        view.release()
        for fd in fds:
            close(fd)
        sendall(pack_pid(pid))
        _, status, ru = wait4(pid, 0)
        kill(pid)
        reap()
        sendall(pack_report(status, ru.ru_utime, ru.ru_stime, ru.ru_maxrss, ru.ru_minflt))


class Rusage:
    __slots__ = ("ru_utime", "ru_stime", "ru_maxrss", "ru_minflt")

    def __init__(self, utime, stime, maxrss, minflt):
        self.ru_utime, self.ru_stime, self.ru_maxrss, self.ru_minflt = utime, stime, maxrss, minflt


def run_request(req, setup, mods, zygote, mode=None):
    wall = float(req.get("wall_s", 10))
    cpu_limit = max(1, int(req.get("cpu_s", 5) + 0.999))
    max_out = int(req.get("max_out", 1 << 20))
    res_cap = max_out + (64 << 10)
    probe = mode in ("probe", "calibrate")
    code, analysis = (None, None) if probe else prepare(req)
    hot = setup.hot_regions(req) if mode is None else ()
    job_req = {"cpu_s": req.get("cpu_s", 5), "mem_mb": req.get("mem_mb", 1024), "analyze": bool(req.get("analyze"))}
    if code is None and not probe:
        job_req["code"] = req.get("code", "")
    job = (mode, job_req, marshal.dumps(code) if code is not None else b"", analysis is not None, list(hot))
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    res_r, res_w = os.pipe()
    bufs = {out_r: [], err_r: [], res_r: []}
    sizes = {out_r: 0, err_r: 0, res_r: 0}
    open_fds = [out_r, err_r, res_r]
    for fd in open_fds:
        os.set_blocking(fd, False)
    state = {"out": 0, "reason": None}
    t0 = time.monotonic()
    try:
        pid = zygote.spawn(job, (out_w, err_w, res_w))
    finally:
        os.close(out_w)
        os.close(err_w)
        os.close(res_w)
    zfd = zygote.sock.fileno()

    def drain(fd):
        while True:
            try:
                chunk = os.read(fd, 65536)
            except BlockingIOError:
                return
            if not chunk:
                open_fds.remove(fd)
                return
            sizes[fd] += len(chunk)
            if fd == res_r:
                if sizes[fd] > res_cap:
                    state["reason"] = "result_limit"
                    return
                bufs[fd].append(chunk)
            else:
                state["out"] += len(chunk)
                if state["out"] > max_out:
                    state["reason"] = "output_limit"
                    return
                if fd == out_r or sizes[fd] <= STDERR_KEEP:
                    bufs[fd].append(chunk)

    deadline = t0 + wall
    exited = False
    while True:
        now = time.monotonic()
        if now >= deadline:
            state["reason"] = "timeout"
            break
        try:
            # The zygote's report arrives once the child has exited and been reaped.
            ready, _, _ = select.select(open_fds + [zfd], [], [], deadline - now)
        except InterruptedError:
            continue
        for fd in ready:
            if fd == zfd:
                exited = True
            else:
                drain(fd)
                if state["reason"]:
                    break
        if state["reason"]:
            break
        if exited:
            # Whatever the child wrote is in the pipes now; drain without waiting for EOF
            # (a stray descendant could hold a write end).
            for fd in list(open_fds):
                drain(fd)
                if state["reason"]:
                    break
            break
    reason = state["reason"]
    if reason:
        kill_group(pid)
    status, utime, stime, maxrss, minflt = zygote.report()
    ru = Rusage(utime, stime, maxrss, minflt)
    wall_s = time.monotonic() - t0
    for fd in (out_r, err_r, res_r):
        os.close(fd)

    resp = {}
    cpu_s = ru.ru_utime + ru.ru_stime
    resp["cpu_ms"] = int(cpu_s * 1000)
    resp["wall_ms"] = int(wall_s * 1000)
    resp["max_rss_kb"] = int(ru.ru_maxrss)
    stdout = b"".join(bufs[out_r]).decode("utf-8", "replace")
    if stdout:
        resp["stdout"] = stdout
    stderr = b"".join(bufs[err_r])[:STDERR_KEEP].decode("utf-8", "replace")

    final = None
    forbidden = []
    child_analysis = analysis is None  # else the server's own, which a program cannot forge
    if analysis is None:
        analysis = {}
    for line in b"".join(bufs[res_r]).split(b"\n"):
        if not line.strip():
            continue
        try:
            m = json.loads(line, parse_int=json_int)
        except Exception:
            final = {"status": "crashed", "error": "malformed result message from the program's process"}
            break
        if not isinstance(m, dict):
            continue
        if "forbidden" in m:
            forbidden.append(str(m["forbidden"]))
        elif "analysis" in m and isinstance(m["analysis"], dict):
            if child_analysis and valid_analysis(m["analysis"]):
                analysis = m["analysis"]
        elif "status" in m:
            final = m if valid_final(m) else {"status": "crashed", "error": "malformed result message from the program's process"}
    if mode is not None:
        return final or {"status": "crashed", "error": stderr}

    signaled = os.WIFSIGNALED(status)
    sig = os.WTERMSIG(status) if signaled else 0
    if forbidden:
        # The attempt itself is the violation, even if the program caught the
        # PermissionError or later timed out.
        err = "forbidden operation: " + ", ".join(forbidden)
        if final and final.get("error"):
            err += " (" + str(final["error"])[:ERROR_CAP] + ")"
        resp.update(status="forbidden", error=err)
    elif reason == "timeout":
        resp.update(status="timeout", error="wall-clock limit of %gs exceeded" % wall)
    elif reason == "output_limit":
        resp.update(status="output_limit", error="output exceeded %d bytes" % max_out)
    elif reason == "result_limit":
        resp.update(status="output_limit", error="result exceeded %d bytes" % res_cap)
    elif signaled and final is None:
        name = signal.Signals(sig).name if sig in signal.Signals._value2member_map_ else str(sig)
        if sig == signal.SIGXCPU or (sig == signal.SIGKILL and cpu_s >= cpu_limit - 0.05):
            resp.update(status="timeout", error="CPU limit of %ds exceeded (%s)" % (cpu_limit, name))
        elif sig in (signal.SIGSYS, signal.SIGXFSZ):
            resp.update(status="forbidden", error="killed by %s (blocked system call or file write)" % name)
        else:
            err = "killed by %s" % name
            if "MemoryError" in stderr:
                resp.update(status="memory_limit", error=err + " after MemoryError")
            else:
                resp.update(status="crashed", error=err)
    elif final is None:
        code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else -1
        err = "program exited with status %d without a result" % code
        if "MemoryError" in stderr:
            resp.update(status="memory_limit", error=err + " (MemoryError)")
        else:
            resp.update(status="crashed", error=err)
    else:
        st = final.get("status")
        if st not in ("ok", "error", "memory_limit", "forbidden", "no_solve", "bad_result", "sandbox_error"):
            st = "crashed"
        resp["status"] = st
        if final.get("error"):
            resp["error"] = str(final["error"])[:ERROR_CAP + 100]
        if st == "ok":
            if "result" in final:
                resp["result"] = final["result"]
            if final.get("locals"):
                resp["locals"] = final["locals"]
    for k in ("literals", "calls", "unused_calls", "skeleton"):
        if k in analysis:
            resp[k] = analysis[k]
    return resp


def run_inproc(req, mods):
    """Unsafe: runs the program in the server process itself (benchmark ceiling only)."""
    out = []
    t0 = time.monotonic()
    c0 = time.process_time()
    code, analysis = prepare(req)
    saved = sys.stdout
    sys.stdout = io.StringIO()
    try:
        run_program(req, out.append, mods, code, analysis is not None)
    finally:
        printed = sys.stdout.getvalue()
        sys.stdout = saved
    final = {"status": "crashed", "error": "no result"}
    child_analysis = analysis is None
    if analysis is None:
        analysis = {}
    for m in out:
        if "analysis" in m and child_analysis:
            analysis = m["analysis"]
        elif "status" in m:
            final = m
    for k in ("literals", "calls", "unused_calls", "skeleton"):
        if k in analysis:
            final[k] = analysis[k]
    final["stdout"] = printed[: int(req.get("max_out", 1 << 20))]
    final["cpu_ms"] = int((time.process_time() - c0) * 1000)
    final["wall_ms"] = int((time.monotonic() - t0) * 1000)
    return final


# ---------------------------------------------------------------------------
# Server start-up
# ---------------------------------------------------------------------------

def setup_mounts(hide):
    """In a private mount+pid namespace: remount /proc and hide directories."""
    import ctypes
    libc = ctypes.CDLL(None, use_errno=True)
    mount = libc.mount
    mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong, ctypes.c_char_p]
    MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REC, MS_PRIVATE = 1, 2, 4, 8, 16384, 1 << 18
    if mount(None, b"/", None, MS_REC | MS_PRIVATE, None) != 0:
        raise OSError(ctypes.get_errno(), "make / private")
    if mount(b"proc", b"/proc", b"proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, None) != 0:
        raise OSError(ctypes.get_errno(), "mount /proc")
    hidden = []
    keep = {os.path.realpath(p).split("/")[1] for p in sys.path + [sys.executable, sys.prefix, sys.base_prefix] if p.startswith("/")}
    for d in hide:
        top = d.strip("/").split("/")[0]
        if not top or top in keep or not os.path.isdir(d) or os.path.islink(d):
            continue
        if mount(b"tmpfs", d.encode(), b"tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, b"size=4k,mode=755") == 0:
            hidden.append(d)
    return hidden


def prewarm(sp):
    """Runs the common SymPy paths once in the server, so lazily built tables,
    caches and imports are inherited by every child instead of being built in
    each (a child pays for every page it writes)."""
    x, y = sp.symbols("x y")
    n = sp.Symbol("n", integer=True, positive=True)
    sp.solve(x ** 2 - 4, x)
    sp.solve([x + y - 3, x - y - 1], [x, y])
    sp.solve([x + y - 5, x * y - 6], [x, y])
    sp.solve(x ** 3 - 6 * x ** 2 + 11 * x - 6, x)
    sp.solveset(x ** 2 - 2, x, sp.S.Reals)
    sp.nsolve(sp.cos(x) - x, x, 1)
    sp.integrate(x * sp.sin(x), x)
    sp.integrate(x ** 2 * sp.exp(x), (x, 0, 1))
    sp.integrate(x ** 2 * sp.exp(sp.Rational(2, 5) * x), (x, 0, 1))
    sp.integrate(1 / (1 + x ** 2), (x, 0, 1))
    sp.integrate(sp.sin(x) ** 2, (x, 0, sp.pi))
    sp.simplify(sp.sin(x) ** 2 + sp.cos(x) ** 2)
    sp.simplify((x ** 3 - 1) / (x - 1))
    sp.simplify((x ** 3 - 27) / (x - 3) + sp.sin(x) ** 2 + sp.cos(x) ** 2)
    sp.trigsimp(sp.sin(x) * sp.cos(x) * 2)
    sp.factor(x ** 3 - 1)
    sp.expand((x + 1) ** 5)
    sp.cancel((x ** 2 - 1) / (x - 1))
    sp.together(1 / x + 1 / (x + 1))
    sp.diff(sp.sin(x) * sp.exp(x), x, 2)
    sp.limit(sp.sin(x) / x, x, 0)
    sp.limit((1 + 1 / x) ** x, x, sp.oo)
    sp.series(sp.exp(x), x, 0, 4)
    m = sp.Matrix([[1, 2], [3, 4]])
    m.inv()
    m.det()
    m.eigenvals()
    m.rref()
    sp.Matrix([[5, 1], [2, 3]]).eigenvals()
    sp.Matrix([[2, 0, 1], [1, 3, 0], [0, 1, 4]]).det()
    sp.nsimplify(0.5)
    sp.factorint(360)
    sp.factorint(2 ** 32 + 5)
    sp.divisor_sigma(360)
    sp.divisors(360)
    sp.totient(360)
    sp.isprime(97)
    sp.nextprime(100)
    list(sp.primerange(1, 50))
    sp.binomial(10, 3)
    sp.factorial(10)
    sp.gcd(12, 18)
    sp.lcm(12, 18)
    sp.summation(x, (x, 1, 10))
    sp.summation(1 / (n * (n + 1)), (n, 1, sp.oo))
    sp.product(n, (n, 1, 5))
    sp.apart(1 / (x * (x + 1)))
    sp.Poly(x ** 2 - 3 * x + 2, x).all_coeffs()
    sp.roots(x ** 2 - 3 * x + 2, x)
    sp.real_roots(x ** 3 - 2)
    sp.latex(x ** 2 / 3 + sp.sqrt(2))
    sp.latex(sp.Matrix([[1, x], [0, 1]]))
    sp.latex(sp.Interval(0, 1) | sp.FiniteSet(3))
    sp.srepr(x ** 2)
    sp.N(sp.pi, 20)
    (sp.sqrt(2) + 1).evalf()
    sp.Rational(1, 3) + sp.Rational(1, 6)
    sp.sqrt(8)
    sp.Interval(0, 1, left_open=True)
    sp.FiniteSet(1, 2)
    sp.default_sort_key(x)


# Programs run in the server itself at start-up (trusted): they warm the
# program harness (rewriting, the tracker, the serializer and the printers)
# the way generated programs use it.
WARM_PROGRAMS = [
    "import sympy as sp\ndef solve():\n    x = sp.Symbol('x')\n    roots = sp.solve(x**2 - 5*x + 6, x)\n    return max(roots)\n",
    "from fractions import Fraction\ndef solve():\n    total = Fraction(0)\n    for k in range(1, 9):\n        total += Fraction(1, k * (k + 1))\n    return total\n",
    "import numpy as np\ndef solve():\n    a = np.array([[2.0, 1.0], [1.0, 3.0]])\n    return round(float(np.linalg.det(a)), 6)\n",
    "import math\ndef solve():\n    n = 12\n    return math.comb(n, 3) + math.factorial(5)\n",
    "from sympy import Matrix, Rational, sqrt, pi\ndef solve():\n    M = Matrix([[1, 2], [3, 4]])\n    return (M.det(), Rational(3, 4), sqrt(2) * pi, [1, 2.5], {1, 2})\n",
    "import sympy as sp\ndef solve():\n    x = sp.Symbol('x')\n    return sp.Interval(0, 1), sp.integrate(x**2, (x, 0, 1)), x**2 + 1\n",
]


# Trusted programs run in learning children at start-up: their pages
# written per region decide which regions a child collapses for itself.
TRAIN_PROGRAMS = {
    "base": [
        "def solve():\n    return 3 * 7\n",
        WARM_PROGRAMS[1],
        WARM_PROGRAMS[3],
    ],
    "sympy": [
        WARM_PROGRAMS[0],
        WARM_PROGRAMS[4],
        WARM_PROGRAMS[5],
        "import sympy as sp\ndef solve():\n    a, b = sp.symbols('a b')\n    sol = sp.solve([a + b - 11, a * b - 24], [a, b])\n    return max(s[0] for s in sol)\n",
        "from sympy import symbols, integrate, exp, simplify, sin, cos, Rational\ndef solve():\n    t = symbols('t')\n"
        "    area = integrate(t * exp(Rational(1, 2) * t), (t, 0, 2))\n    return simplify(area + sin(t)**2 + cos(t)**2)\n",
        "from sympy import Matrix, factorint, divisor_sigma\ndef solve():\n    M = Matrix([[3, 1], [1, 3]])\n"
        "    ev = sorted(M.eigenvals())\n    return ev[-1] + max(factorint(2**20 + 7)) + divisor_sigma(84)\n",
    ],
}
START_LIMITS = {"wall_s": 30, "cpu_s": 10, "mem_mb": 512, "max_out": 65536}


def tune_huge_pages(setup, mods, zygote):
    """Measures what a copy-on-write page fault and a private huge page cost
    here (calibration children), counts the pages trusted programs write in
    each region (learning children), and keeps for each kind of program the
    regions where collapsing costs less than the faults it saves. On this
    project's VMs a fault costs tens of microseconds and a region about
    half a millisecond, so regions with a dozen or more written pages pay;
    on hosts with cheap faults only the hottest regions do."""
    report = {"regions": len(setup.candidates)}
    if len(setup.candidates) < 4:
        return report
    fault, collapse = [], []
    for _ in range(3):
        c = run_request(dict(START_LIMITS), setup, mods, zygote, mode="calibrate").get("calibration")
        if not c:
            report["disabled"] = "the kernel refused MADV_POPULATE_WRITE or MADV_COLLAPSE in a child"
            return report
        fault.append(c[0])
        collapse.append(c[1])
    fault_us, collapse_us = sorted(fault)[1], sorted(collapse)[1]
    threshold = collapse_us / fault_us
    hot = {}
    for tier, programs in TRAIN_PROGRAMS.items():
        totals = [0] * len(setup.candidates)
        for src in programs:
            r = run_request(dict(START_LIMITS, code=src), setup, mods, zygote, mode="learn")
            counts = r.get("region_counts")
            if r.get("status") != "ok" or not isinstance(counts, list) or len(counts) != len(totals):
                report["disabled"] = "learning run failed: %s" % (r.get("error") or r.get("status"))
                return report
            totals = [t + c for t, c in zip(totals, counts)]
        hot[tier] = [r for r, t in zip(setup.candidates, totals) if t / len(programs) >= threshold]
    setup.hot = hot
    report.update(fault_us=round(fault_us, 1), collapse_us=round(collapse_us, 1), threshold_pages=round(threshold, 1),
                  **{"hot_" + k: len(v) for k, v in hot.items()})
    return report


def warm_up(mods):
    sink = []
    saved = sys.stdout
    sys.stdout = io.StringIO()
    try:
        for _ in range(2):
            for src in WARM_PROGRAMS:
                for analyze_it in (False, True):
                    req = {"code": src, "analyze": analyze_it}
                    code, analysis = prepare(req)
                    run_program(req, sink.append, mods, code, analysis is not None)
    finally:
        sys.stdout = saved
    for m in sink:
        if m.get("status") not in (None, "ok"):
            raise RuntimeError("warm-up program failed: %s" % m.get("error"))
    encode(sink)
    _ENCODE_SIZE(sink)


def main():
    global _GMPY2, _ENCODE, _ENCODE_SIZE
    line = sys.stdin.buffer.readline()
    if not line:
        return 0
    init = json.loads(line)
    info = {"ready": True, "pid": os.getpid(), "uid": os.getuid(), "python": sys.version.split()[0]}
    if init.get("mounts"):
        try:
            info["hidden"] = setup_mounts(init.get("hide", []))
            info["private_proc"] = True
        except Exception as e:
            info["private_proc"] = False
            info["mount_error"] = exc_text(e)
    try:
        import decimal
        import fractions
        import itertools  # noqa: F401
        import numbers
        import sympy
        try:
            import numpy
        except ImportError:
            numpy = None
        import random
        import statistics  # noqa: F401
        import functools  # noqa: F401
        import collections  # noqa: F401
        import cmath  # noqa: F401
        try:
            import gmpy2
            _GMPY2 = gmpy2
        except ImportError:
            _GMPY2 = None
    except BaseException as e:
        send({"fatal": "cannot import the math stack with %s: %s" % (sys.executable, exc_text(e))})
        return 3
    _ENCODE = make_encoder(",", ":")
    _ENCODE_SIZE = make_encoder(", ", ": ")
    mods = (sympy, numpy, fractions, decimal, numbers)
    info["sympy"] = sympy.__version__
    for name, src in sorted((init.get("modules") or {}).items()):
        try:
            mod = types.ModuleType(name)
            mod.__file__ = "<arrows module %s>" % name
            sys.modules[name] = mod
            exec(compile(src, mod.__file__, "exec"), mod.__dict__)
        except BaseException as e:
            sys.modules.pop(name, None)
            send({"fatal": "module %s failed to load: %s" % (name, exc_text(e))})
            return 3
    try:
        prewarm(sympy)
        warm_up(mods)
    except BaseException as e:
        send({"fatal": "pre-warm failed: %s" % exc_text(e)})
        return 3
    try:
        setup = ChildSetup(init)
    except BaseException as e:
        send({"fatal": "child set-up failed: %s" % exc_text(e)})
        return 3
    if init.get("allow_inproc"):
        info["inproc"] = True
    # State every child inherits, set once here instead of in each child: an
    # empty environment, no core files, no file writes (the server itself
    # only writes to pipes), unlimited int/str conversion (the output caps
    # bound it), and fixed random seeds (C fork skips random's at-fork
    # reseeding, and a rerun of a program then gives the same result).
    os.environ.clear()
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
    if hasattr(sys, "set_int_max_str_digits"):
        sys.set_int_max_str_digits(0)
    random.seed(0)
    if numpy is not None:
        numpy.random.seed(0)
    gc.collect()
    gc.freeze()
    info["huge_pages_mb"] = setup.huge_pages() >> 20 if init.get("huge_pages", True) else 0
    info["raw_fork"] = setup.raw_fork
    try:
        zygote = Zygote(setup, mods)
        if info["huge_pages_mb"]:
            info["child_huge_pages"] = tune_huge_pages(setup, mods, zygote)
        probe = run_request(dict(START_LIMITS), setup, mods, zygote, mode="probe")
    except (ZygoteGone, OSError) as e:
        send({"fatal": "zygote failed: %s" % exc_text(e)})
        return 3
    rep = probe.get("probe")
    if not rep:
        send({"fatal": "isolation probe failed: %s" % (probe.get("error") or probe)})
        return 3
    rep["landlock_abi"] = setup.landlock_abi
    info["probe"] = rep
    info["rss_kb"] = rss_kb()
    send(info)
    stdin = sys.stdin.buffer
    while True:
        line = stdin.readline()
        if not line:
            return 0
        try:
            req = json.loads(line)
        except ValueError as e:
            send({"id": None, "status": "sandbox_error", "error": "bad request: %s" % e})
            continue
        op = req.get("op", "run")
        if op == "run":
            try:
                resp = run_request(req, setup, mods, zygote)
            except ZygoteGone as e:
                send({"id": req.get("id"), "status": "sandbox_error", "error": "sandbox server: %s" % e})
                return 3
        elif op == "inproc" and init.get("allow_inproc"):
            resp = run_inproc(req, mods)
        elif op == "ping":
            resp = {"status": "ok", "rss_kb": rss_kb()}
        else:
            resp = {"status": "sandbox_error", "error": "unknown op %r" % op}
        resp["id"] = req.get("id")
        try:
            send(resp)
        except ValueError:
            send({"id": req.get("id"), "status": "crashed", "error": "result could not be encoded",
                  "cpu_ms": resp.get("cpu_ms", 0), "wall_ms": resp.get("wall_ms", 0)})


if __name__ == "__main__":
    try:
        code = main()
    except BrokenPipeError:
        code = 0
    sys.exit(code)
