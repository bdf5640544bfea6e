package evolve

import (
	"math/rand/v2"
	"regexp"
	"sort"
	"strings"

	"github.com/arrows-math/arrows/internal/knowledge"
	"github.com/arrows-math/arrows/internal/llm"
)

// ProgramTopics returns the topics of a program: the seed's own topics when
// it has them, else the topics that best explain the tools the program calls
// (from the sandbox's analysis): the largest share of a topic's tools
// called, and among those the earliest education stage (a program that only
// uses Fraction is primary-school fractions, not college probability).
// Sorted, without duplicates.
func ProgramTopics(kb *knowledge.KB, seedTopics, calls []string) []string {
	set := map[string]bool{}
	for _, id := range seedTopics {
		if _, ok := kb.Topic(id); ok {
			set[id] = true
		}
	}
	if len(set) == 0 {
		called := map[string]bool{}
		for _, c := range calls {
			called[c] = true
		}
		best, bestOrder := 0.0, 0
		for i := range kb.Topics {
			t := &kb.Topics[i]
			hits := 0
			for _, tool := range t.Tools {
				if called[tool] {
					hits++
				}
			}
			if hits == 0 {
				continue
			}
			score := float64(hits) / float64(len(t.Tools))
			order := stageOrder(kb, t.Stage)
			switch {
			case score > best || score == best && order < bestOrder:
				best, bestOrder = score, order
				set = map[string]bool{t.ID: true}
			case score == best && order == bestOrder:
				set[t.ID] = true
			}
		}
	}
	out := make([]string, 0, len(set))
	for id := range set {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

func stageOrder(kb *knowledge.KB, id string) int {
	if s, ok := kb.Stage(id); ok {
		return s.Order
	}
	return 1 << 20
}

// fallbackTopics are where a program whose calls match no topic (plain
// arithmetic) is placed: the arithmetic of the first stages.
var fallbackTopics = []string{"primary.arithmetic.order_of_operations", "middle.arithmetic.proportional_reasoning"}

// RelatedTopics returns the topics related to the given ones in the
// knowledge system, closest first: their prerequisites and the topics that
// build on them (distance 1), then topics of the same stage and subject,
// then topics of a compatible subject in the same or an adjacent stage;
// within each, topics of the nearest education stage first.
// Only topics with at least one callable tool are returned, never the
// given topics themselves. A program with no known topic is treated as
// elementary arithmetic.
func RelatedTopics(kb *knowledge.KB, ids []string) []string {
	own := map[string]bool{}
	var base []*knowledge.Topic
	for _, id := range ids {
		if t, ok := kb.Topic(id); ok {
			own[id] = true
			base = append(base, t)
		}
	}
	if len(base) == 0 {
		for _, id := range fallbackTopics {
			if t, ok := kb.Topic(id); ok {
				base = append(base, t)
			}
		}
	}
	rank := map[string]int{}
	consider := func(id string, r int) {
		if own[id] {
			return
		}
		if old, ok := rank[id]; !ok || r < old {
			rank[id] = r
		}
	}
	for _, t := range base {
		for _, p := range t.Prerequisites {
			consider(p, 1)
		}
		if !own[t.ID] {
			consider(t.ID, 1) // fallback topics are related to plain arithmetic
		}
	}
	for i := range kb.Topics {
		t := &kb.Topics[i]
		for _, b := range base {
			switch {
			case contains(t.Prerequisites, b.ID):
				consider(t.ID, 1)
			case t.Stage == b.Stage && t.Subject == b.Subject:
				consider(t.ID, 2)
			case kb.Adjacent(t.Stage, b.Stage) && kb.Compatible(t.Subject, b.Subject):
				consider(t.ID, 3)
			}
		}
	}
	// Stage distance to the nearest base topic breaks ties within a rank.
	dist := func(id string) int {
		t, _ := kb.Topic(id)
		d := 1 << 20
		for _, b := range base {
			if x := stageOrder(kb, t.Stage) - stageOrder(kb, b.Stage); x >= 0 && x < d {
				d = x
			} else if x < 0 && -x < d {
				d = -x
			}
		}
		return d
	}
	var out []string
	for id := range rank {
		if hasCallableTool(kb, id) {
			out = append(out, id)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if rank[a] != rank[b] {
			return rank[a] < rank[b]
		}
		if da, db := dist(a), dist(b); da != db {
			return da < db
		}
		return a < b
	})
	return out
}

// pickWidth is how many of the closest related topics PickRelated draws from.
const pickWidth = 4

// PickRelated draws one of the closest related topics (uniformly among the
// first pickWidth of RelatedTopics' order).
func PickRelated(related []string, rng *rand.Rand) (string, bool) {
	if len(related) == 0 {
		return "", false
	}
	return related[rng.IntN(min(len(related), pickWidth))], true
}

func hasCallableTool(kb *knowledge.KB, id string) bool {
	t, ok := kb.Topic(id)
	if !ok {
		return false
	}
	for _, name := range t.Tools {
		if tool, ok := kb.Tool(name); ok && tool.Kind != knowledge.ToolConstant {
			return true
		}
	}
	return false
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

var promptProgramRe = regexp.MustCompile("(?s)```python\\n(.*?)\\n```")

// PromptParent reads the parent problem and program back from an operator
// prompt (for test servers that play the model).
func PromptParent(msgs []llm.Message) (problem, program string, ok bool) {
	for _, m := range msgs {
		if m.Role != llm.SpeakerUser {
			continue
		}
		_, rest, found := strings.Cut(m.Content, "Problem:\n")
		if !found {
			continue
		}
		problem, _, _ = strings.Cut(rest, "\n\nProgram:")
		pm := promptProgramRe.FindStringSubmatch(m.Content)
		if pm == nil {
			return "", "", false
		}
		return strings.TrimSpace(problem), pm[1] + "\n", true
	}
	return "", "", false
}
