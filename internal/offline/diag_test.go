package offline

import (
	"fmt"
	"sort"
	"testing"
)

func TestDiagChaining(t *testing.T) {
	g, err := New(mustKB(t))
	if err != nil {
		t.Fatal(err)
	}
	// per-topic: has any takes; has any source
	noTake, noSrc := map[string]bool{}, map[string]bool{}
	for _, tp := range g.Topics() {
		tk, sr := false, false
		for _, e := range g.byTopic[tp] {
			if len(e.Takes) > 0 {
				tk = true
			}
			if len(e.srcs) > 0 {
				sr = true
			}
		}
		if !tk {
			noTake[tp] = true
		}
		if !sr {
			noSrc[tp] = true
		}
	}
	t.Logf("%d topics without takes, %d without sources", len(noTake), len(noSrc))
	reasons := map[string]int{}
	for _, seed := range sampledSeeds(t, g, 5, 2000) {
		if len(seed.Topics) != 2 {
			continue
		}
		a, b := seed.Topics[0].ID, seed.Topics[1].ID
		// could a->b or b->a with any exemplars, ignoring ranges/quantity?
		kind := "ranges"
		anyStruct := (!noSrc[a] && !noTake[b]) || (!noSrc[b] && !noTake[a])
		if !anyStruct {
			kind = "structure"
		}
		fits := false
		for _, ea := range g.byTopic[a] {
			for _, eb := range g.byTopic[b] {
				for _, p := range [][2]*exemplar{{ea, eb}, {eb, ea}} {
					for _, s := range p[0].srcs {
						for _, tk := range p[1].Takes {
							if tk.accepts(s) {
								fits = true
							}
						}
					}
				}
			}
		}
		if fits {
			kind = "fits"
		} else {
			for _, ea := range g.byTopic[a] {
				for _, eb := range g.byTopic[b] {
					for _, p := range [][2]*exemplar{{ea, eb}, {eb, ea}} {
						for _, s := range p[0].srcs {
							for _, tk := range p[1].Takes {
								ok := false
								for _, q := range accepts[tk.Quantity] {
									if q == s.quantity {
										ok = true
									}
								}
								if ok && s.max >= tk.Min && s.min <= tk.Max {
									kind = "overlap"
								}
							}
						}
					}
				}
			}
		}
		reasons[kind]++
	}
	t.Logf("2-topic seeds: %v", reasons)
	var ids []string
	for tp := range noTake {
		ids = append(ids, tp)
	}
	sort.Strings(ids)
	fmt.Println("NO TAKES:", ids)
	ids = nil
	for tp := range noSrc {
		ids = append(ids, tp)
	}
	sort.Strings(ids)
	fmt.Println("NO SOURCES:", ids)
}
