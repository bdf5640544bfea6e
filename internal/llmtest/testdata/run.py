"""Runs programs for the llmtest tests (plain /usr/bin/python3 with SymPy).

Reads a JSON list of program sources on stdin; writes a JSON list of
{status, error, result: {latex, repr}, locals: {name: {latex, repr}}},
the parts of the sandbox's output the translation prompt uses.
"""
import fractions
import json
import sys

import sympy


def value(v):
    if isinstance(v, bool):
        return {"latex": str(v), "repr": repr(v)}
    if isinstance(v, fractions.Fraction):
        v = sympy.Rational(v.numerator, v.denominator)
    if isinstance(v, int):
        return {"latex": str(v), "repr": str(v)}
    if isinstance(v, (sympy.Basic, sympy.MatrixBase, float, tuple, list, set, frozenset)):
        return {"latex": sympy.latex(v), "repr": str(v)}
    return None


def run(src):
    ns = {"__name__": "program"}
    captured = {}

    def prof(frame, event, arg):
        if event == "return" and frame.f_code.co_name == "solve" and frame.f_globals is ns:
            captured.update(frame.f_locals)

    try:
        exec(compile(src, "<program>", "exec"), ns)
        sys.setprofile(prof)
        try:
            res = ns["solve"]()
        finally:
            sys.setprofile(None)
    except Exception as e:  # noqa: BLE001
        return {"status": "error", "error": f"{type(e).__name__}: {e}"}
    r = value(res)
    if r is None:
        return {"status": "error", "error": f"unserializable result {type(res).__name__}"}
    locs = {k: value(v) for k, v in captured.items()}
    return {"status": "ok", "result": r, "locals": {k: v for k, v in locs.items() if v is not None}}


json.dump([run(p) for p in json.load(sys.stdin)], sys.stdout)
