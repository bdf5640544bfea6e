"""Test harness for internal/offline: runs generated programs in plain Python.

Reads a JSON list of program sources on stdin and writes a JSON list of
results: {status, error, result, locals, calls, refs, literals}. Values are
serialized like the sandbox's schemas.Value (kind, latex, exact, numeric).
Calls are the union of this file's import-resolved AST calls and the calls
the sandbox's own analysis reports (internal/sandbox/server.py, which also
resolves method calls by receiver type: p.all_coeffs() on p = sympy.Poly(...)
is sympy.Poly.all_coeffs), so toolkit mining sees every call the pipeline
records. Used by the package tests, which run every exemplar here and only a
sample in the sandbox.
"""
import ast
import importlib.util
import json
import os
import signal
import sys
import time
import fractions

import sympy


def classify(v):
    if isinstance(v, bool):
        return {"kind": "boolean", "latex": sympy.latex(v), "repr": repr(v)}
    if isinstance(v, int) or isinstance(v, sympy.Integer):
        s = str(int(v))
        return {"kind": "integer", "latex": s, "exact": s, "numeric": float(int(v)) if abs(int(v)) < 1e300 else None, "repr": s}
    import decimal
    if isinstance(v, decimal.Decimal) and v.is_finite():
        # As the sandbox serializes it: integer, or rational with the decimal as LaTeX.
        p, q = v.as_integer_ratio()
        if q == 1:
            return {"kind": "integer", "latex": str(p), "exact": str(p), "numeric": float(p), "repr": repr(v)}
        return {"kind": "rational", "latex": str(v), "exact": f"{p}/{q}", "numeric": float(v), "repr": repr(v)}
    if isinstance(v, fractions.Fraction):
        v = sympy.Rational(v.numerator, v.denominator)
        if v.q == 1:
            return classify(v)
    if isinstance(v, sympy.Rational):
        return {"kind": "rational", "latex": sympy.latex(v), "exact": f"{v.p}/{v.q}", "numeric": float(v), "repr": str(v)}
    if isinstance(v, float):
        return {"kind": "real", "latex": sympy.latex(sympy.Float(v)), "numeric": v, "repr": repr(v)}
    if isinstance(v, complex):
        return {"kind": "complex", "latex": sympy.latex(sympy.sympify(v)), "repr": repr(v)}
    if isinstance(v, (list, tuple)):
        els = [classify(x) for x in v]
        if any(e is None for e in els):
            return None
        return {"kind": "tuple", "latex": sympy.latex(tuple(v)) if isinstance(v, tuple) else sympy.latex(list(v)), "elements": els, "repr": repr(v)}
    if isinstance(v, (set, frozenset, sympy.FiniteSet)):
        els = [classify(x) for x in v]
        if any(e is None for e in els):
            return None
        return {"kind": "set", "latex": sympy.latex(sympy.FiniteSet(*v)), "elements": els, "repr": repr(v)}
    if isinstance(v, sympy.MatrixBase):
        return {"kind": "matrix", "latex": sympy.latex(v), "repr": repr(v)}
    if isinstance(v, sympy.Interval):
        return {"kind": "interval", "latex": sympy.latex(v), "repr": repr(v)}
    if isinstance(v, sympy.Basic):
        if getattr(v, "is_number", False):
            if v.is_real:
                out = {"kind": "real", "latex": sympy.latex(v), "numeric": float(v), "repr": str(v)}
                if not isinstance(v, sympy.Float):
                    out["srepr"] = sympy.srepr(v)
                return out
            return {"kind": "complex", "latex": sympy.latex(v), "repr": str(v), "srepr": sympy.srepr(v)}
        return {"kind": "expr", "latex": sympy.latex(v), "repr": str(v), "srepr": sympy.srepr(v)}
    try:
        import numpy
        if isinstance(v, numpy.integer):
            return classify(int(v))
        if isinstance(v, numpy.floating):
            return classify(float(v))
    except ImportError:
        pass
    return None


def is_simple_local(v, depth=0):
    """Mirrors the sandbox's rule for which locals it reports."""
    import decimal
    import numpy
    if isinstance(v, (bool, int, float, complex, str, fractions.Fraction, decimal.Decimal)):
        return not isinstance(v, str) or len(v) <= 200
    if isinstance(v, numpy.generic):
        return True
    if isinstance(v, sympy.MatrixBase):
        return v.rows * v.cols <= 36
    if isinstance(v, sympy.Basic):
        return True
    if isinstance(v, (tuple, list, set, frozenset)) and depth == 0:
        return len(v) <= 12 and all(is_simple_local(e, 1) for e in v)
    return False


def analyze(src):
    tree = ast.parse(src)
    aliases = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.asname:
                    aliases[a.asname] = a.name
                else:
                    root = a.name.split(".")[0]
                    aliases[root] = root
        elif isinstance(node, ast.ImportFrom):
            for a in node.names:
                aliases[a.asname or a.name] = f"{node.module}.{a.name}"

    def dotted(n):
        parts = []
        while isinstance(n, ast.Attribute):
            parts.append(n.attr)
            n = n.value
        if isinstance(n, ast.Name):
            parts.append(n.id)
            parts.reverse()
            if parts[0] in aliases:
                parts[0] = aliases[parts[0]]
            elif isinstance(__builtins__, dict) and parts[0] in __builtins__ or hasattr(__builtins__, parts[0]):
                pass
            else:
                return None
            return ".".join(parts)
        return None

    calls, refs, literals = set(), set(), []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            d = dotted(node.func)
            if d:
                calls.add(d)
        if isinstance(node, ast.Attribute):
            d = dotted(node)
            if d:
                refs.add(d)
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
            literals.append(ast.get_source_segment(src, node))
    return sorted(calls), sorted(refs | calls), literals


def load_sandbox_analyze():
    """Returns analyze(tree, src) -> (literals, calls, unused_calls) and
    dataflow(tree) (whose dead_assignments() lists the assignments whose
    value reaches neither the answer nor an assert) of the sandbox server.

    Importing server.py only defines names (its server loop is guarded by
    __main__). A missing or broken analyzer is fatal: mining without it would
    silently miss method calls.
    """
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "sandbox", "server.py")
    spec = importlib.util.spec_from_file_location("arrows_sandbox_server", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.analyze, mod.dataflow


SANDBOX_ANALYZE, SANDBOX_DATAFLOW = load_sandbox_analyze()


def add_sandbox_calls(src, out):
    """Merges the sandbox's calls into out's calls and refs. It runs after the
    program so that the modules the program imported are loaded, as they are
    in the sandbox (whose analysis looks receiver types up in sys.modules)."""
    _, calls, unused = SANDBOX_ANALYZE(ast.parse(src), src)
    out["unused_calls"] = unused
    out["dead"] = ["%s@%d" % d for d in SANDBOX_DATAFLOW(ast.parse(src)).dead_assignments()]
    out["calls"] = sorted(set(out["calls"]) | set(calls))
    out["refs"] = sorted(set(out["refs"]) | set(calls))


class Timeout(Exception):
    pass


def on_alarm(signum, frame):
    raise Timeout("timeout")


def run(src):
    out = {}
    try:
        out["calls"], out["refs"], out["literals"] = analyze(src)
    except SyntaxError as e:
        return {"status": "error", "error": f"SyntaxError: {e}"}
    ns = {"__name__": "program"}
    captured = {}

    def prof(frame, event, arg):
        if event == "return" and frame.f_code.co_name == "solve" and frame.f_globals is ns:
            captured.update(frame.f_locals)

    # A CPU-time bound only against runaway programs: on a shared, swapping
    # machine even sub-second programs can be charged seconds of system time.
    # The sandbox test applies the real limits; cpu_ms is logged per program.
    signal.signal(signal.SIGPROF, on_alarm)
    signal.setitimer(signal.ITIMER_PROF, 30.0)
    try:
        exec(compile(src, "<program>", "exec"), ns)
        sys.setprofile(prof)
        try:
            res = ns["solve"]()
        finally:
            sys.setprofile(None)
    except Timeout:
        return {"status": "timeout", "error": "timeout", **out}
    except Exception as e:  # noqa: BLE001
        return {"status": "error", "error": f"{type(e).__name__}: {e}", **out}
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
    r = classify(res)
    if r is None:
        return {"status": "error", "error": f"unserializable result {type(res).__name__}", **out}
    locs = {}
    for k, v in captured.items():
        if k.startswith("_") or len(locs) >= 64 or not is_simple_local(v):
            continue
        try:
            c = classify(v)
        except Exception:  # noqa: BLE001
            c = None
        if c is not None and len(json.dumps(c)) <= 4096:
            locs[k] = c
    out.update({"status": "ok", "result": r, "locals": locs})
    return out


def timed(src):
    start = time.process_time()
    out = run(src)
    out["cpu_ms"] = int((time.process_time() - start) * 1000)
    if "calls" in out:
        add_sandbox_calls(src, out)
    return out


def main():
    progs = json.load(sys.stdin)
    json.dump([timed(p) for p in progs], sys.stdout)


if __name__ == "__main__":
    main()
