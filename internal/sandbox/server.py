# arrows sandbox fork server (embedded in the Go binary, started as
# `python3 -s -B -c <this source>`).
#
# Protocol: JSON lines. The first line on stdin is the init message from Go;
# the server answers with one {"ready": ...} line (or {"fatal": ...} and exit)
# and then serves one request line at a time with one response line. It exits
# on stdin EOF. The server itself is trusted; every program runs in a forked
# child that is locked down before the program's code is compiled:
#   setsid, fds (stdin /dev/null, stdout/stderr to capped pipes, results on
#   fd 3, everything else closed), rlimits, uid/gid 65534 + RLIMIT_NPROC=0,
#   parent-death signal, empty environment, seccomp (BPF assembled in Go),
#   and an audit hook that refuses process/network/file-write/ctypes events.
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
import resource
import select
import signal
import struct
import time
import types

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


def write_all(fd, data):
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def send(msg):
    write_all(PROTO_OUT, (json.dumps(msg, separators=(",", ":"), allow_nan=False) + "\n").encode())


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
        try:
            import gmpy2
            return gmpy2.mpz(v).digits(10)
        except Exception:
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
            return {"kind": "none", "type": "NoneType", "repr": "None", "latex": "\\text{None}"}
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
        out = self.base(v, "other")
        out["repr"] = self.cap(self.repr_of(v), out)
        out["latex"] = self.cap(self.latex_of(v), out)
        return out

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
        out["elements"] = [self.serialize(e, depth + 1) for e in elems]
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
                    "elements": [self.serialize(k, depth + 2), self.serialize(val, depth + 2)]}
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
            out["elements"] = [self.serialize(e, depth + 1) for e in v.reshape(-1).tolist()]
        else:
            out = self.base(v, "tuple")
            out["elements"] = [self.serialize(e, depth + 1) for e in list(v)]
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
        out["elements"] = [self.serialize(v[i, j], depth + 1) for i in range(rows) for j in range(cols)]
        out["repr"] = self.cap(self.repr_of(v), out)
        out["latex"] = self.cap(self.latex_of(v), out)
        return out

    def sympy_value(self, v, depth):
        sp = self.sp
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
            out["left"] = self.serialize(v.start, depth + 1)
            out["right"] = self.serialize(v.end, depth + 1)
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
# Program analysis (runs in the child)
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


def run_program(req, emit, mods):
    """Compiles and runs one program, emitting the final message with emit()."""
    sp, np, fractions, decimal, numbers = mods
    src = req.get("code", "")
    msg = {}
    try:
        tree = ast.parse(src, "<program>")
    except BaseException as e:
        emit({"status": "error", "error": exc_text(e)})
        return
    if req.get("analyze"):
        try:
            literals, calls, unused = analyze(tree, src)
            emit({"analysis": {"literals": literals, "calls": calls, "unused_calls": unused, "skeleton": skeleton(src)}})
        except MemoryError as e:
            emit({"status": "memory_limit", "error": exc_text(e)})
            return
        except BaseException as e:
            emit({"analysis": {"error": exc_text(e)}})
    tracker = Tracker()
    try:
        code = compile(rewrite_solve(tree), "<program>", "exec")
    except BaseException as e:
        msg.update(status="error", error=exc_text(e))
        emit(msg)
        return
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
                if len(json.dumps(sv, allow_nan=False)) > LOCALS_MAX_BYTES:
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


def make_hook(mypid):
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
            if args and args[0] in (0, mypid):
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
    """State prepared once in the server and used by every child."""

    def __init__(self, init):
        import ctypes

        class SockFprog(ctypes.Structure):
            _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

        self.drop = bool(init.get("drop"))
        self.audit = bool(init.get("audit", True))
        self.pid_offsets = [int(o) for o in init.get("pid_offsets", [])]
        self.raw = base64.b64decode(init["bpf"]) if init.get("bpf") else b""
        if len(self.raw) % 8:
            raise ValueError("bpf program length is not a multiple of 8")
        self.seccomp = bool(self.raw)
        libc = ctypes.CDLL(None, use_errno=True)
        prctl = libc.prctl
        prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
        prctl.restype = ctypes.c_int
        sysc = libc.syscall
        sysc.restype = ctypes.c_long
        self.ctypes = ctypes
        self.prctl = prctl
        self.syscall = sysc
        self.SockFprog = SockFprog
        self.landlock_abi = 0
        if init.get("landlock"):
            abi = sysc(ctypes.c_long(SYS_LANDLOCK_CREATE_RULESET), None, ctypes.c_size_t(0), ctypes.c_uint32(1))
            self.landlock_abi = max(0, int(abi))
        roots = set()
        for p in sys.path + [sys.prefix, sys.base_prefix, os.path.dirname(sys.executable)]:
            if p.startswith("/") and os.path.isdir(p):
                roots.add(os.path.realpath(p))
        self.read_dirs = [d for d in LANDLOCK_READ_DIRS if os.path.isdir(d)] + sorted(roots)
        self.read_files = [f for f in LANDLOCK_READ_FILES if os.path.exists(f)]

    def no_new_privs(self):
        if self.prctl(38, 1, 0, 0, 0) != 0:  # PR_SET_NO_NEW_PRIVS
            raise OSError(self.ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS) failed")

    def landlock(self):
        """Kernel-enforced file-system policy: read-only access to the system
        directories, no access at all elsewhere (home, work, tmp, other
        processes' /proc entries), no writes, no exec, no TCP, no signals or
        abstract sockets outside the sandbox, no ptrace-style access to
        processes outside it (so /proc/<pid>/environ of the worker is closed
        even when the child runs under the worker's uid)."""
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
            rules = [(d, LL_FS_READ_FILE | LL_FS_READ_DIR) for d in self.read_dirs + ["/proc/self"]]
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
            if sysc(ctypes.c_long(SYS_LANDLOCK_RESTRICT_SELF), ctypes.c_int(rfd), ctypes.c_uint32(0)) != 0:
                raise OSError(ctypes.get_errno(), "landlock_restrict_self failed")
        finally:
            os.close(rfd)

    def load_seccomp(self, pid):
        ctypes = self.ctypes
        raw = bytearray(self.raw)
        for off in self.pid_offsets:
            raw[off:off + 4] = struct.pack("=I", pid)
        buf = ctypes.create_string_buffer(bytes(raw), len(raw))
        prog = self.SockFprog(len(raw) // 8, ctypes.addressof(buf))
        if self.prctl(22, 2, ctypes.addressof(prog), 0, 0) != 0:  # PR_SET_SECCOMP, SECCOMP_MODE_FILTER
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_SECCOMP) failed")

    def set_pdeathsig(self):
        if self.prctl(1, signal.SIGKILL, 0, 0, 0) != 0:  # PR_SET_PDEATHSIG
            raise OSError(self.ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")


def child_main(req, setup, fds, base_vsz, mods, server_pid, probe=False):
    out_w, err_w, res_w = fds
    try:
        os.setsid()
        dn = os.open("/dev/null", os.O_RDONLY)
        os.dup2(dn, 0)
        os.dup2(out_w, 1)
        os.dup2(err_w, 2)
        os.dup2(res_w, RESULT_FD)
        os.closerange(RESULT_FD + 1, 1 << 16)
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
        cpu = max(1, int(req.get("cpu_s", 5) + 0.999))
        mem = int(req.get("mem_mb", 1024)) << 20
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
        resource.setrlimit(resource.RLIMIT_NOFILE, (32, 32))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
        resource.setrlimit(resource.RLIMIT_AS, (base_vsz + mem, base_vsz + mem))
        if setup.drop:
            os.setgroups([])
            os.setgid(65534)
            os.setuid(65534)
            resource.setrlimit(resource.RLIMIT_NPROC, (0, 0))
        setup.set_pdeathsig()
        if os.getppid() != server_pid:
            os._exit(71)
        os.environ.clear()
        sys.stdin = io.StringIO("")
        sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), encoding="utf-8", errors="backslashreplace")
        sys.stderr = io.TextIOWrapper(io.FileIO(2, "w", closefd=False), encoding="utf-8", errors="backslashreplace",
                                      line_buffering=True)
        sys.__stdin__, sys.__stdout__, sys.__stderr__ = sys.stdin, sys.stdout, sys.stderr
        sys.dont_write_bytecode = True
        if hasattr(sys, "set_int_max_str_digits"):
            sys.set_int_max_str_digits(0)
        mypid = os.getpid()
        setup.no_new_privs()
        if setup.landlock_abi:
            setup.landlock()
        if setup.seccomp:
            setup.load_seccomp(mypid)
        if setup.audit and not probe:
            for name in ("ctypes", "_ctypes", "ctypes._endian", "ctypes.util"):
                sys.modules.pop(name, None)
            sys.addaudithook(make_hook(mypid))
    except BaseException as e:
        try:
            write_all(RESULT_FD, (json.dumps({"status": "sandbox_error", "error": "child setup: " + exc_text(e)}) + "\n").encode())
        finally:
            os._exit(70)

    def emit(msg):
        write_all(RESULT_FD, (json.dumps(msg, separators=(",", ":"), allow_nan=False) + "\n").encode())

    try:
        if probe:
            emit({"status": "ok", "probe": probe_report()})
        else:
            run_program(req, emit, mods)
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


def probe_report():
    rep = {"uid": os.getuid(), "gid": os.getgid()}
    try:
        os.listdir("/home" if os.path.isdir("/home") else "/tmp")
        rep["landlock_blocks_home"] = False
    except PermissionError:
        rep["landlock_blocks_home"] = True
    except OSError:
        pass
    try:
        with open("/proc/self/status") as f:
            for line in f:
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
    rep["env"] = len(os.environ)
    return rep


# ---------------------------------------------------------------------------
# The server side of one request: fork, watch, kill, reap, classify
# ---------------------------------------------------------------------------

def vsz_bytes():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def rss_kb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


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


def run_request(req, setup, mods, probe=False):
    wall = float(req.get("wall_s", 10))
    cpu_limit = max(1, int(req.get("cpu_s", 5) + 0.999))
    max_out = int(req.get("max_out", 1 << 20))
    res_cap = max_out + (64 << 10)
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    res_r, res_w = os.pipe()
    base = vsz_bytes()
    server_pid = os.getpid()
    t0 = time.monotonic()
    pid = os.fork()
    if pid == 0:
        child_main(req, setup, (out_w, err_w, res_w), base, mods, server_pid, probe)
        os._exit(72)
    os.close(out_w)
    os.close(err_w)
    os.close(res_w)
    try:
        pidfd = os.pidfd_open(pid)
    except (AttributeError, OSError):
        pidfd = None
    bufs = {out_r: [], err_r: [], res_r: []}
    sizes = {out_r: 0, err_r: 0, res_r: 0}
    open_fds = [out_r, err_r, res_r]
    for fd in open_fds:
        os.set_blocking(fd, False)
    state = {"out": 0, "reason": None}

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
    reaped = None
    while True:
        now = time.monotonic()
        if now >= deadline:
            state["reason"] = "timeout"
            break
        watch = list(open_fds)
        if pidfd is not None:
            watch.append(pidfd)
            timeout = deadline - now
        else:
            timeout = min(deadline - now, 0.05)
        try:
            ready, _, _ = select.select(watch, [], [], timeout)
        except InterruptedError:
            continue
        for fd in ready:
            if fd == pidfd:
                exited = True
            else:
                drain(fd)
                if state["reason"]:
                    break
        if state["reason"]:
            break
        if pidfd is None:
            wp, st, ru = os.wait4(pid, os.WNOHANG)
            if wp == pid:
                reaped = (st, ru)
                exited = True
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
    if reaped is None:
        _, status, ru = os.wait4(pid, 0)
    else:
        status, ru = reaped
    wall_s = time.monotonic() - t0
    kill_group(pid)
    for fd in (out_r, err_r, res_r):
        os.close(fd)
    if pidfd is not None:
        os.close(pidfd)
    reap_strays()

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
            if valid_analysis(m["analysis"]):
                analysis = m["analysis"]
        elif "status" in m:
            final = m if valid_final(m) else {"status": "crashed", "error": "malformed result message from the program's process"}
    if probe:
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
        if st not in ("ok", "error", "memory_limit", "forbidden", "no_solve", "sandbox_error"):
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
    saved = sys.stdout
    sys.stdout = io.StringIO()
    try:
        run_program(req, out.append, mods)
    finally:
        printed = sys.stdout.getvalue()
        sys.stdout = saved
    final = {"status": "crashed", "error": "no result"}
    analysis = {}
    for m in out:
        if "analysis" in m:
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
    x, y = sp.symbols("x y")
    sp.solve(x ** 2 - 4, x)
    sp.solve([x + y - 3, x - y - 1], [x, y])
    sp.integrate(x * sp.sin(x), x)
    sp.integrate(x ** 2 * sp.exp(x), (x, 0, 1))
    sp.simplify(sp.sin(x) ** 2 + sp.cos(x) ** 2)
    sp.simplify((x ** 3 - 1) / (x - 1))
    sp.factor(x ** 3 - 1)
    sp.expand((x + 1) ** 5)
    sp.limit(sp.sin(x) / x, x, 0)
    sp.series(sp.exp(x), x, 0, 4)
    m = sp.Matrix([[1, 2], [3, 4]])
    m.inv()
    m.det()
    m.eigenvals()
    sp.nsimplify(0.5)
    sp.factorint(360)
    sp.isprime(97)
    sp.summation(x, (x, 1, 10))
    sp.apart(1 / (x * (x + 1)))
    sp.latex(x ** 2 / 3 + sp.sqrt(2))
    sp.srepr(x ** 2)
    sp.N(sp.pi, 20)
    sp.Rational(1, 3) + sp.Rational(1, 6)
    sp.sqrt(8)
    sp.Interval(0, 1, left_open=True)
    sp.FiniteSet(1, 2)
    sp.default_sort_key(x)


def main():
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
        import math  # noqa: F401
        import numbers
        import sympy
        try:
            import numpy
        except ImportError:
            numpy = None
        import random  # noqa: F401
        import statistics  # noqa: F401
        import functools  # noqa: F401
        import collections  # noqa: F401
        import cmath  # noqa: F401
    except BaseException as e:
        send({"fatal": "cannot import the math stack with %s: %s" % (sys.executable, exc_text(e))})
        return 3
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
        Serializer(sympy, numpy, fractions, decimal, numbers).serialize(
            [sympy.Rational(1, 2), sympy.sqrt(2), 2 ** 70, 0.5, sympy.Symbol("x") + 1])
        warm_src = "import sympy as sp\nM = sp.Matrix([[1, 2], [3, 4]])\ndef solve():\n    return sp.solve(M.det() * 2.5)\n"
        analyze(ast.parse(warm_src), warm_src)
        skeleton(warm_src)
    except BaseException as e:
        send({"fatal": "pre-warm failed: %s" % exc_text(e)})
        return 3
    try:
        setup = ChildSetup(init)
    except BaseException as e:
        send({"fatal": "seccomp setup failed: %s" % exc_text(e)})
        return 3
    if init.get("allow_inproc"):
        info["inproc"] = True
    gc.collect()
    gc.freeze()
    probe = run_request({"wall_s": 30, "cpu_s": 10, "mem_mb": 512, "max_out": 65536}, setup, mods, probe=True)
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
            resp = run_request(req, setup, mods)
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
