package answer

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/arrows-math/arrows/internal/sandbox"
	"github.com/arrows-math/arrows/schemas"
)

// Runner runs a program in the sandbox; *sandbox.Pool satisfies it.
type Runner interface {
	Run(ctx context.Context, req sandbox.Request) schemas.Execution
}

//go:embed python/arrows_check.py python/arrows_antlr_latexlexer.py python/arrows_antlr_latexparser.py
var pythonFiles embed.FS

// Modules returns the Python modules the sandbox must preload
// (sandbox.Config.Modules) for the symbolic layer: "arrows_check" and the
// vendored SymPy LaTeX lexer and parser it imports
// ("arrows_antlr_latexlexer", "arrows_antlr_latexparser"; see python/LICENSE.md).
// arrows_check imports the other two. The sandbox installs modules in
// sorted name order, which puts the parser modules first (so arrows_check
// warms the parser in the fork server); with any other order arrows_check
// still works, importing them lazily at the first check.
func Modules() map[string]string {
	mods := map[string]string{}
	for _, name := range []string{"arrows_antlr_latexlexer", "arrows_antlr_latexparser", "arrows_check"} {
		src, err := pythonFiles.ReadFile("python/" + name + ".py")
		if err != nil {
			panic(fmt.Sprintf("answer: embedded module %s missing: %v", name, err)) // impossible: go:embed checked it at build time
		}
		mods[name] = string(src)
	}
	return mods
}

// ModuleOrder lists Modules() in dependency order (arrows_check last).
var ModuleOrder = []string{"arrows_antlr_latexlexer", "arrows_antlr_latexparser", "arrows_check"}

// symbolic runs arrows_check.check in the sandbox.
func (c *Checker) symbolic(ctx context.Context, answer, gold any) Outcome {
	if c == nil || c.Runner == nil {
		return undecided("go:no-sandbox", "only the symbolic layer can decide this, and no sandbox runner is configured")
	}
	code, err := CheckProgram(answer, gold, c.options())
	if err != nil {
		return undecided("go:error", "build check program: %v", err)
	}
	t := c.timeout()
	lim := sandbox.Limits{Wall: t, CPU: t}
	ex := c.Runner.Run(ctx, sandbox.Request{Code: code, Limits: &lim})
	return outcomeFromExecution(ex)
}

func (c *Checker) options() map[string]any {
	budget := c.timeout().Seconds() / 5
	if budget < 0.5 {
		budget = 0.5
	}
	opts := map[string]any{"rel_tol": c.relTol(), "budget": budget}
	if c.Rounding == RoundStated {
		opts["rounding"] = "stated"
		opts["min_sig"] = c.minSignificant()
	}
	if c.Decimals > 0 {
		opts["decimals"] = c.Decimals
	}
	return opts
}

// CheckProgram returns the sandbox program that compares an answer tree with
// a gold tree (both JSON-serializable) through arrows_check.check.
func CheckProgram(answer, gold any, options map[string]any) (string, error) {
	lits := make([]string, 3)
	for i, v := range []any{answer, gold, options} {
		j, err := marshal(v)
		if err != nil {
			return "", fmt.Errorf("encode check argument %d: %w", i+1, err)
		}
		// A JSON string literal is a valid Python string literal with the
		// same value (Go never emits the one escape they disagree on, \/).
		lit, err := marshal(string(j))
		if err != nil {
			return "", fmt.Errorf("quote check argument %d: %w", i+1, err)
		}
		lits[i] = string(lit)
	}
	return fmt.Sprintf("from arrows_check import check\n\n\ndef solve():\n    return check(\n        %s,\n        %s,\n        %s,\n    )\n", lits[0], lits[1], lits[2]), nil
}

func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

// outcomeFromExecution maps the sandbox's result to an Outcome.
func outcomeFromExecution(ex schemas.Execution) Outcome {
	switch ex.Status {
	case schemas.StatusOK:
	case schemas.StatusTimeout:
		return undecided("sympy:timeout", "symbolic check ran out of time: %s", ex.Error)
	default:
		return undecided("sandbox:"+ex.Status, "symbolic check failed: %s", short(ex.Error))
	}
	if ex.Result == nil {
		return undecided("sandbox:ok", "symbolic check returned nothing")
	}
	text := pyString(ex.Result.Repr)
	parts := strings.SplitN(text, "|", 3)
	if len(parts) != 3 {
		return undecided("sandbox:ok", "unexpected check result %q", short(text))
	}
	switch v := Verdict(parts[0]); v {
	case Equal, NotEqual, Undecided:
		return Outcome{Verdict: v, Layer: parts[1], Reason: parts[2]}
	}
	return undecided("sandbox:ok", "unexpected check verdict %q", parts[0])
}

// Answer and gold trees sent to arrows_check (see python/arrows_check.py).

type aTree map[string]any

// answerTree encodes an answer node; goldPct says the gold is in percent
// units, so a "p%" leaf is not divided by 100.
func answerTree(n node, goldPct bool) aTree {
	switch n.kind {
	case nLeaf:
		t := aTree{"t": "expr", "s": n.text}
		if n.pct && !goldPct {
			t["div100"] = true
		} else {
			addStatedPrecision(t, n.text)
		}
		return t
	case nTuple:
		return aTree{"t": "tuple", "open": string(n.open), "close": string(n.close), "e": answerTrees(n.elems, goldPct)}
	case nBag, nSet:
		return aTree{"t": "bag", "e": answerTrees(n.elems, goldPct)}
	case nUnion:
		parts := make([]any, len(n.elems))
		for i, e := range n.elems {
			if e.kind == nTuple && len(e.elems) == 2 {
				parts[i] = aTree{"t": "interval", "lo": answerTree(e.elems[0], goldPct), "hi": answerTree(e.elems[1], goldPct),
					"lo_open": e.open == '(', "hi_open": e.close == ')'}
			} else {
				parts[i] = answerTree(e, goldPct)
			}
		}
		return aTree{"t": "union", "e": parts}
	case nMatrix:
		return aTree{"t": "matrix", "rows": n.rows, "cols": n.cols, "e": answerTrees(n.elems, goldPct)}
	}
	return aTree{"t": "expr", "s": n.text}
}

func answerTrees(ns []node, goldPct bool) []any {
	out := make([]any, len(ns))
	for i, n := range ns {
		out[i] = answerTree(n, goldPct)
	}
	return out
}

type gTree map[string]any

// goldTreeFromValue encodes a program output for arrows_check.
func goldTreeFromValue(v schemas.Value) (gTree, bool) {
	switch v.Kind {
	case schemas.KindTuple, schemas.KindSet:
		if len(v.Elements) > 0 || v.Srepr == "" {
			el, ok := goldTrees(v.Elements)
			return gTree{"k": v.Kind, "e": el, "ordered_bag": v.Type == "tuple"}, ok
		}
	case schemas.KindMatrix:
		if len(v.Shape) == 2 && len(v.Elements) == v.Shape[0]*v.Shape[1] {
			el, ok := goldTrees(v.Elements)
			return gTree{"k": "matrix", "shape": v.Shape, "e": el}, ok
		}
	case schemas.KindInterval:
		if v.Left != nil && v.Right != nil {
			lo, ok1 := goldTreeFromValue(*v.Left)
			hi, ok2 := goldTreeFromValue(*v.Right)
			return gTree{"k": "interval", "lo": lo, "hi": hi, "lo_open": v.LeftOpen, "hi_open": v.RightOpen}, ok1 && ok2
		}
	}
	return goldLeaf(v)
}

func goldTrees(vs []schemas.Value) ([]any, bool) {
	out := make([]any, len(vs))
	for i, v := range vs {
		t, ok := goldTreeFromValue(v)
		if !ok {
			return nil, false
		}
		out[i] = t
	}
	return out, true
}

func goldLeaf(v schemas.Value) (gTree, bool) {
	switch {
	case (v.Kind == schemas.KindInteger || v.Kind == schemas.KindRational) && v.Exact != "":
		return gTree{"k": "leaf", "exact": v.Exact}, true
	case v.Srepr != "":
		return gTree{"k": "leaf", "srepr": v.Srepr}, true
	case floatTypes[v.Type] && v.Numeric != nil:
		return gTree{"k": "leaf", "float": floatText(*v.Numeric)}, true
	case (v.Type == "complex" || v.Type == "complex128") && v.Numeric != nil && v.Imag != nil:
		return gTree{"k": "leaf", "float": floatText(*v.Numeric), "imag": floatText(*v.Imag)}, true
	case v.Kind == schemas.KindBoolean:
		return gTree{"k": "leaf", "srepr": map[bool]string{true: "true", false: "false"}[strings.EqualFold(v.Repr, "True")]}, true
	case v.Latex != "" && !v.Truncated:
		return gTree{"k": "leaf", "latex": Normalize(v.Latex)}, true
	}
	return nil, false
}

func floatText(f float64) string {
	if math.IsInf(f, 1) {
		return "inf"
	}
	if math.IsInf(f, -1) {
		return "-inf"
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// goldTreeFromText encodes a reference answer's structure for arrows_check.
func goldTreeFromText(n node) gTree {
	switch n.kind {
	case nTuple:
		el := goldTextTrees(n.elems)
		if len(n.elems) == 2 && (n.open != '(' || n.close != ')' || infinity(n.elems[0].text) != 0 || infinity(n.elems[1].text) != 0) {
			return gTree{"k": "interval", "lo": el[0], "hi": el[1], "lo_open": openEnd(n, 0), "hi_open": openEnd(n, 1)}
		}
		return gTree{"k": "tuple", "e": el, "ordered_bag": true}
	case nBag, nSet:
		return gTree{"k": "set", "e": goldTextTrees(n.elems)}
	case nMatrix:
		return gTree{"k": "matrix", "shape": []int{n.rows, n.cols}, "e": goldTextTrees(n.elems)}
	case nUnion:
		return gTree{"k": "union", "e": goldTextTrees(n.elems)}
	}
	t := gTree{"k": "leaf", "latex": n.text}
	addStatedPrecision(t, n.text)
	return t
}

// addStatedPrecision records the precision a decimal states (one unit in
// its last place and its significant digits), for the stated-rounding and
// decimal-places policies of the symbolic layer.
func addStatedPrecision(t map[string]any, text string) {
	if n, ok := parseNumber(text); ok && n.approx && n.ulp != nil && n.isReal() {
		t["ulp"] = n.ulp.RatString()
		t["sig"] = n.sig
	}
}

func goldTextTrees(ns []node) []any {
	out := make([]any, len(ns))
	for i, n := range ns {
		out[i] = goldTreeFromText(n)
	}
	return out
}
