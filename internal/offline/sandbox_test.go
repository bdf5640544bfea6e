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

// TestProgramsRunInTheSandbox runs a seeded sample of exemplars and
// compositions in the real sandbox pool with analysis on,
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
	// A seeded sample keeps the test short on a shared machine; the harness
	// tests run every exemplar.
	exs, err := loadExemplars(exemplarFS)
	if err != nil {
		t.Fatal(err)
	}
	rand.New(rand.NewPCG(7, 8)).Shuffle(len(exs), func(i, j int) { exs[i], exs[j] = exs[j], exs[i] })
	for i, ex := range exs[:min(30, len(exs))] {
		p, err := plan{parts: []*exemplar{ex}}.build(rand.New(rand.NewPCG(uint64(i), 9)))
		if err != nil {
			t.Fatal(err)
		}
		progs = append(progs, p)
		parts = append(parts, []*exemplar{ex})
	}
	topics := g.Topics()
	rng := rand.New(rand.NewPCG(11, 12))
	compositions := 10
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
	sem := make(chan struct{}, 2)
	for i, p := range progs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			rctx, rcancel := context.WithTimeout(ctx, time.Minute)
			defer rcancel()
			execs[i] = pool.Run(rctx, sandbox.Request{Code: p.Source, Analyze: true})
		}()
	}
	wg.Wait()
	ran := 0
	for i, p := range progs {
		ex := execs[i]
		// On an overloaded machine a run may never start, or hit the wall
		// clock while using little CPU; those say nothing about the program.
		if ex.Status == schemas.StatusSandboxError || (ex.Status == schemas.StatusTimeout && ex.CPUMillis < 4000) {
			t.Logf("sandbox:%s not judged: %s %s (cpu %d ms)", p.Template, ex.Status, ex.Error, ex.CPUMillis)
			continue
		}
		ran++
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
		}
		for _, c := range ex.Calls {
			if _, isTool := kb.Tool(c); isTool && !declared[c] {
				t.Errorf("sandbox:%s calls %s, which none of its topics declares", p.Template, c)
			}
		}
	}
	t.Logf("%d of %d programs judged in the sandbox (%s)", ran, len(progs), pool.Isolation())
	if ran == 0 {
		t.Fatal("no program could be run in the sandbox")
	}
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
