package offline

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"testing"

	"github.com/arrows-math/arrows/internal/knowledge"
)

func TestDiagRealized(t *testing.T) {
	g, err := New(mustKB(t))
	if err != nil {
		t.Fatal(err)
	}
	kb := mustKB(t)
	sc := knowledge.DefaultSamplerConfig()
	sc.Allowed = g.Covers
	s, _ := knowledge.NewSampler(kb, sc)
	multi, planFed, builtFed, fallback := 0, 0, 0, 0
	failReasons := map[string]int{}
	for i := int64(0); i < 400; i++ {
		topics := s.Sample(5, i)
		if len(topics) < 2 {
			continue
		}
		var ids []string
		for _, tp := range topics {
			ids = append(ids, tp.ID)
		}
		h := sha256.New()
		for _, p := range []string{"seed", "5", strconv.FormatInt(i, 10), strings.Join(ids, "+")} {
			h.Write([]byte(p))
			h.Write([]byte{0})
		}
		seed := sampledSeeds(t, g, 5, 1)[0]
		seed.Index, seed.Topics, seed.ID = i, topics, hex.EncodeToString(h.Sum(nil))[:32]
		cands := make([][]*exemplar, len(topics))
		for k, tp := range topics {
			cands[k] = g.byTopic[tp.ID]
		}
		rng := seedRNG(seed)
		plans, err := choosePlans(rng, cands)
		if err != nil {
			continue
		}
		multi++
		if len(plans[0].edges) > 0 {
			planFed++
		}
		for k, pl := range plans {
			if _, err := pl.build(rng); err == nil {
				if len(pl.edges) > 0 {
					builtFed++
				}
				if k > 0 {
					fallback++
				}
				break
			} else if k == 0 {
				msg := err.Error()
				if j := strings.Index(msg, ":"); j > 0 {
					msg = msg[:j]
				}
				failReasons[msg]++
			}
		}
	}
	t.Logf("multi %d, first plan fed %d, built fed %d, fallbacks %d; first-plan failures %v", multi, planFed, builtFed, fallback, failReasons)
}
