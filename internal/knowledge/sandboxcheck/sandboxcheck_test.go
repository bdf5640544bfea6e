package sandboxcheck

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/arrows-math/arrows/internal/knowledge"
	"github.com/arrows-math/arrows/internal/sandbox"
	"github.com/arrows-math/arrows/schemas"
)

// TestToolkitExamplesRunInSandbox runs every toolkit example in the real
// sandbox pool with analysis on and checks that it finishes with status ok,
// returns a value, and that the sandbox's call analysis reports the tool's
// qualified name among the program's calls (constants: that the source uses
// the name), i.e. the toolkit names are the names programs resolve to.
func TestToolkitExamplesRunInSandbox(t *testing.T) {
	kb, err := knowledge.Load()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	pool, err := sandbox.NewPool(ctx, sandbox.DefaultConfig())
	if err != nil {
		t.Fatalf("sandbox.NewPool: %v", err)
	}
	defer pool.Close()
	t.Logf("sandbox isolation: %s", pool.Isolation())

	results := make([]schemas.Execution, len(kb.Tools))
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				// Generous limits: this checks the APIs, not their speed on a
				// shared, busy machine.
				lim := &sandbox.Limits{Wall: 90 * time.Second, CPU: 60 * time.Second}
				results[i] = pool.Run(ctx, sandbox.Request{Code: kb.Tools[i].Example, Analyze: true, Limits: lim})
			}
		}()
	}
	for i := range kb.Tools {
		next <- i
	}
	close(next)
	wg.Wait()

	for i, tool := range kb.Tools {
		ex := results[i]
		if ex.Status != schemas.StatusOK {
			t.Errorf("%s: status %s: %s", tool.Name, ex.Status, ex.Error)
			continue
		}
		if ex.Result == nil || ex.Result.Kind == schemas.KindNone {
			t.Errorf("%s: no value returned", tool.Name)
			continue
		}
		if tool.Kind == knowledge.ToolConstant {
			if !strings.Contains(tool.Example, tool.Name) {
				t.Errorf("%s: example does not use the constant by its qualified name", tool.Name)
			}
			continue
		}
		found := false
		for _, c := range ex.Calls {
			if c == tool.Name {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: sandbox call analysis reports %v, not the tool", tool.Name, ex.Calls)
		}
	}
	t.Logf("%d examples ran in the sandbox", len(kb.Tools))
}
