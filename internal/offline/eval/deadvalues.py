"""Dead values of programs, for the offline evaluation (package eval).

Reads {"server": path of internal/sandbox/server.py, "sources": [...]} on
stdin and writes, per source, the list of "name@line" of the assignments
whose value reaches neither solve()'s return value nor an assert, as the
sandbox's own data-flow analysis (DataFlow in server.py) computes them.
Only parses programs; never runs them.
"""
import ast
import importlib.util
import json
import sys

req = json.load(sys.stdin)
spec = importlib.util.spec_from_file_location("arrows_sandbox_server", req["server"])
mod = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mod)
out = []
for src in req["sources"]:
    try:
        dead = mod.dataflow(ast.parse(src)).dead_assignments()
        out.append(["%s@%d" % (name, line) for name, line in dead])
    except SyntaxError as e:
        out.append(["syntax error: %s" % e])
json.dump(out, sys.stdout)
