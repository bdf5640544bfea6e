package verify

import (
	"fmt"
	"sort"
	"strings"

	"github.com/arrows-math/arrows/schemas"
)

// CheckToolsMatter is the name of the check that every toolkit API of the
// seed's topics that the program calls contributes to its answer.
const CheckToolsMatter = "tools_matter"

// ToolsMatter checks the program's data flow (schemas.Execution.Unused,
// from the sandbox's analysis): every tool declared by the seed's topics
// (seed.Topics[].Tools) that the program calls (Execution.Calls, matched
// by exact dotted name as the toolkit statistics count them) must have all
// its call sites reach solve()'s return value, or be asserted in a
// labelled check (an assert statement). A tool called only for show, whose
// value never reaches the answer, fails the check and is named in the
// reason. Seeds without topics (external corpora) and executions without
// analysis are skipped.
func ToolsMatter(seed schemas.Seed, ex *schemas.Execution) schemas.Check {
	c := schemas.Check{Name: CheckToolsMatter}
	if ex == nil || ex.Status != schemas.StatusOK {
		c.Result, c.Reason = schemas.ResultSkipped, "no successful execution"
		return c
	}
	if len(ex.Calls) == 0 {
		c.Result, c.Reason = schemas.ResultSkipped, "no call analysis"
		return c
	}
	declared := map[string][]string{} // tool -> topics declaring it
	for _, t := range seed.Topics {
		for _, tool := range t.Tools {
			declared[tool] = append(declared[tool], t.ID)
		}
	}
	if len(declared) == 0 {
		c.Result, c.Reason = schemas.ResultSkipped, "the seed declares no tools"
		return c
	}
	called := map[string]bool{}
	for _, n := range ex.Calls {
		called[n] = true
	}
	var used, unused []string
	for _, n := range ex.Unused {
		if _, ok := declared[n]; ok && called[n] {
			unused = append(unused, n)
		}
	}
	for n := range called {
		if _, ok := declared[n]; ok {
			used = append(used, n)
		}
	}
	if len(unused) > 0 {
		sort.Strings(unused)
		var parts []string
		for _, n := range unused {
			parts = append(parts, fmt.Sprintf("%s (%s)", n, strings.Join(declared[n], ", ")))
		}
		c.Result = schemas.ResultFail
		c.Reason = "a tool's value does not reach the answer: " + strings.Join(parts, "; ")
		return c
	}
	c.Result = schemas.ResultPass
	c.Reason = fmt.Sprintf("%d topic tools called, all reach the answer", len(used))
	return c
}
