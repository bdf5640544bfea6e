package offline

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/arrows-math/arrows/internal/sandbox"
	"github.com/arrows-math/arrows/schemas"
)

// TestProgramsRunInTheSandbox runs a sample of generated programs (one per
// covered topic plus compositions) in the real sandbox pool with analysis on,
// and checks the whole offline contract against what the sandbox reports:
// status, locals the translator needs, literals, boxed answer and the calls
// the sandbox resolves (which must be declared by the topics).
func TestProgramsRunInTheSandbox(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a sandbox pool; the harness tests cover execution in -short mode")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 6*time.Minute)
	defer cancel()
	pool, err := sandbox.NewPool(ctx, sandbox.DefaultConfig())
	if err != nil {
		t.Skipf("sandbox pool unavailable here (the harness tests cover execution): %v", err)
	}
	defer pool.Close()
	kb := mustKB(t)
	g, err := New(kb)
	if err != nil {
		t.Fatal(err)
	}
	var progs []*schemas.Program
	var parts [][]*exemplar
	// Every exemplar once would take minutes; a seeded sample of topics keeps
	// the test short while the harness tests cover every exemplar.
	sample := g.Topics()
	rand.New(rand.NewPCG(7, 8)).Shuffle(len(sample), func(i, j int) { sample[i], sample[j] = sample[j], sample[i] })
	sample = sample[:min(60, len(sample))]
	for i, id := range sample {
		ex := g.byTopic[id][0]
		p, err := plan{groups: [][]*exemplar{{ex}}}.build(rand.New(rand.NewPCG(uint64(i), 9)))
		if err != nil {
			t.Fatal(err)
		}
		progs = append(progs, p)
		parts = append(parts, []*exemplar{ex})
	}
	topics := g.Topics()
	rng := rand.New(rand.NewPCG(11, 12))
	compositions := 20
	for i := 0; i < compositions; i++ {
		seed := schemas.Seed{Index: int64(i), RunSeed: 2024}
		for j := 0; j <= 1+i%2; j++ {
			seed.Topics = append(seed.Topics, schemas.TopicRef{ID: topics[rng.IntN(len(topics))]})
		}
		p, err := g.Generate(seed)
		if err != nil {
			t.Fatal(err)
		}
		progs = append(progs, p)
		var exs []*exemplar
		for _, id := range splitTemplate(p.Template) {
			exs = append(exs, g.byID[id])
		}
		parts = append(parts, exs)
	}
	execs := make([]schemas.Execution, len(progs))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 4)
	for i, p := range progs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			execs[i] = pool.Run(ctx, sandbox.Request{Code: p.Source, Analyze: true})
		}()
	}
	wg.Wait()
	for i, p := range progs {
		ex := execs[i]
		res := harnessResult{Status: ex.Status, Error: ex.Error, Result: ex.Result, Locals: ex.Locals, Literals: ex.Literals, Calls: ex.Calls}
		checkTriple(t, fmt.Sprintf("sandbox:%s", p.Template), p, res)
		if ex.Status != schemas.StatusOK {
			continue
		}
		declared := map[string]bool{}
		for _, e := range parts[i] {
			topic, _ := kb.Topic(e.Topic)
			for _, tl := range topic.Tools {
				declared[tl] = true
			}
			for tl := range pendingKnowledgeTools[e.Topic] {
				declared[tl] = true
			}
		}
		for _, c := range ex.Calls {
			if _, isTool := kb.Tool(c); isTool && !declared[c] {
				t.Errorf("sandbox:%s calls %s, which none of its topics declares", p.Template, c)
			}
		}
	}
	t.Logf("%d programs run in the sandbox (%s)", len(progs), pool.Isolation())
}

func splitTemplate(s string) []string {
	var out []string
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == '+' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return out
}
