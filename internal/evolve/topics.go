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
// it has them, else the topics whose tools the program calls (from the
// sandbox's analysis). Sorted, without duplicates.
func ProgramTopics(kb *knowledge.KB, seedTopics, calls []string) []string {
	set := map[string]bool{}
	for _, id := range seedTopics {
		if _, ok := kb.Topic(id); ok {
			set[id] = true
		}
	}
	if len(set) == 0 {
		for _, c := range calls {
			for _, id := range kb.ToolUsers(c) {
				set[id] = true
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

// fallbackTopics are where a program whose calls match no topic (plain
// arithmetic) is placed: the arithmetic of the first stages.
var fallbackTopics = []string{"primary.arithmetic.order_of_operations", "middle.arithmetic.proportional_reasoning"}

// RelatedTopics returns the topics related to the given ones in the
// knowledge system, closest first: their prerequisites and the topics that
// build on them (distance 1), then topics of the same stage and subject,
// then topics of a compatible subject in the same or an adjacent stage.
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
	var out []string
	for id := range rank {
		if hasCallableTool(kb, id) {
			out = append(out, id)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if rank[out[i]] != rank[out[j]] {
			return rank[out[i]] < rank[out[j]]
		}
		return out[i] < out[j]
	})
	return out
}

// PickRelated draws one of the closest related topics: uniformly among the
// candidates of the best rank present (the first up to 8 of them).
func PickRelated(related []string, rng *rand.Rand) (string, bool) {
	if len(related) == 0 {
		return "", false
	}
	n := len(related)
	if n > 8 {
		n = 8
	}
	return related[rng.IntN(n)], true
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
