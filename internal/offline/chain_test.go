package offline

import (
	"fmt"
	"math/rand/v2"
	"os"
	"regexp"
	"testing"

	"github.com/arrows-math/arrows/schemas"
)

// TestChainInputsRespectDeclaredOutputs runs every exemplar param that
// another part may supply (takes) at both ends of its accepted range (as a
// previous part could supply it) and checks that the program still runs and
// its result stays within the declared output: composition relies on it.
func TestChainInputsRespectDeclaredOutputs(t *testing.T) {
	var progs []*schemas.Program
	var owners []*exemplar
	var takes []*takeDecl
	var labels []string
	only := regexp.MustCompile(os.Getenv("OFFLINE_EXEMPLARS"))
	for _, ex := range mustExemplars(t) {
		if !only.MatchString(ex.ID) {
			continue
		}
		for _, tk := range ex.Takes {
			ends := []int64{tk.Min, tk.Max}
			if testing.Short() {
				ends = ends[1:]
			}
			for i, v := range ends {
				// An exact take is drawn with its value known, so that the
				// constraints mentioning it hold as they would in a program.
				var known map[string]int64
				if tk.Exact {
					known = map[string]int64{tk.Param: v}
				}
				vals, _, err := ex.draw(rand.New(rand.NewPCG(uint64(i), 5)), map[string]bool{tk.Param: true}, known, nil)
				if err != nil && tk.Exact {
					t.Logf("%s: no draw with %s = %d (the planner then falls back): %v", ex.ID, tk.Param, v, err)
					continue
				}
				if err != nil {
					t.Fatalf("%s: %v", ex.ID, err)
				}
				vals[tk.Param] = v
				pt := &part{ex: ex, vals: vals, answer: "answer"}
				code, err := pt.code()
				if err != nil {
					t.Fatal(err)
				}
				mods := map[string]bool{}
				for _, m := range ex.mods {
					mods[m] = true
				}
				src := renderSource(mods, code, partSubmodules([]*part{pt}))
				progs = append(progs, &schemas.Program{Source: src})
				owners = append(owners, ex)
				takes = append(takes, tk)
				labels = append(labels, fmt.Sprintf("%s with %s = %d", ex.ID, tk.Param, v))
			}
		}
	}
	if len(progs) == 0 {
		t.Fatal("no exemplar declares a chainable input")
	}
	results := runPrograms(t, progs)
	for i, r := range results {
		if r.Status != schemas.StatusOK {
			t.Errorf("%s: status %s: %s", labels[i], r.Status, r.Error)
			continue
		}
		checkDeclaredRange(t, owners[i], r.Result, takes[i])
	}
	t.Logf("%d programs check chainable inputs at the ends of their range", len(progs))
}
