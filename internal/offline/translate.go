package offline

import (
	"errors"
	"fmt"
	"strings"

	"github.com/arrows-math/arrows/schemas"
)

// Translate renders the problem and the step-by-step solution of an executed
// offline program. In the steps, placeholders {name} (optionally
// {name|filter...}) whose name is a local assigned in solve() take the LaTeX
// of that local, {answer} the LaTeX of the result; other brace groups are
// plain LaTeX. The problem is complete at generation time (it never shows
// computed values). The solution ends with \boxed{<result LaTeX>}.
func Translate(prog *schemas.Program, exec *schemas.Execution) (problem, solution string, err error) {
	if prog == nil || prog.Offline == nil {
		return "", "", errors.New("offline translate: program has no offline templates")
	}
	if exec == nil || exec.Status != schemas.StatusOK || exec.Result == nil {
		return "", "", errors.New("offline translate: execution has no result")
	}
	answer := strings.TrimSpace(exec.Result.Latex)
	if answer == "" || exec.Result.Truncated {
		return "", "", errors.New("offline translate: result has no usable LaTeX")
	}
	assigned, err := sourceLocals(prog.Source)
	if err != nil {
		return "", "", fmt.Errorf("offline translate: %w", err)
	}
	var missing []string
	fill := func(t string) string {
		return localRe.ReplaceAllStringFunc(t, func(m string) string {
			sub := localRe.FindStringSubmatch(m)
			name := sub[1]
			if !assigned[name] {
				return m // plain LaTeX group such as \text{cm}
			}
			var latex string
			if name == "answer" {
				latex = answer
			} else if v, ok := exec.Locals[name]; ok && v.Latex != "" && !v.Truncated {
				latex = v.Latex
			} else if ok && v.Latex != "" {
				missing = append(missing, name+" (truncated)")
				return m
			} else {
				missing = append(missing, name)
				return m
			}
			return applyFilters(latex, splitFilters(sub[2]))
		})
	}
	problem = prog.Offline.Problem // the problem never refers to locals
	var b strings.Builder
	for _, s := range prog.Offline.Steps {
		b.WriteString(fill(s))
		b.WriteString("\n\n")
	}
	if len(missing) > 0 {
		return "", "", fmt.Errorf("offline translate: locals missing from execution: %s", strings.Join(missing, ", "))
	}
	b.WriteString("The answer is $\\boxed{" + answer + "}$")
	return problem, b.String(), nil
}

// sourceLocals returns the names assigned in the body of solve() of a program
// the generator produced.
func sourceLocals(src string) (map[string]bool, error) {
	i := strings.Index(src, "def solve():\n")
	if i < 0 {
		return nil, errors.New("program has no solve()")
	}
	var body strings.Builder
	for _, line := range strings.Split(src[i+len("def solve():\n"):], "\n") {
		body.WriteString(strings.TrimPrefix(line, "    ") + "\n")
	}
	scan, err := scanPython(body.String())
	if err != nil {
		return nil, fmt.Errorf("scan program: %w", err)
	}
	scan.assigned["answer"] = true
	return scan.assigned, nil
}
