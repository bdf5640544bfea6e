"""Run toolkit example programs and report per-example outcomes as JSON.

Reads a JSON list of {"name": ..., "code": ...} on stdin. Each program is
executed in a fresh globals dict, its solve() is called, and one JSON object
per example is written to stdout as a list:
{"name", "ok", "error", "result", "seconds"}.
"""
import json
import sys
import time
import traceback


def run_one(name, code):
    start = time.monotonic()
    out = {"name": name, "ok": False, "error": "", "result": ""}
    try:
        env = {"__name__": "__example__"}
        exec(compile(code, "<" + name + ">", "exec"), env)
        fn = env.get("solve")
        if not callable(fn):
            out["error"] = "NoSolve: program defines no callable solve()"
        else:
            value = fn()
            if value is None:
                out["error"] = "NoValue: solve() returned None"
            else:
                out["ok"] = True
                out["result"] = repr(value)[:300]
    except BaseException as exc:  # report every failure, keep going
        tb = traceback.extract_tb(exc.__traceback__)
        where = tb[-1].lineno if tb else 0
        out["error"] = "%s: %s (line %d)" % (type(exc).__name__, str(exc)[:300], where)
    out["seconds"] = round(time.monotonic() - start, 3)
    return out


def main():
    items = json.load(sys.stdin)
    results = [run_one(it["name"], it["code"]) for it in items]
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
