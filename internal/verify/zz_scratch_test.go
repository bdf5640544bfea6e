package verify

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/arrows-math/arrows/internal/answer"
	"github.com/arrows-math/arrows/internal/corpus"
	"github.com/arrows-math/arrows/internal/sandbox"
	"github.com/arrows-math/arrows/schemas"
)

func TestZZScratch(t *testing.T) {
	if os.Getenv("ZZ") == "" {
		t.Skip()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	cfg := sandbox.DefaultConfig()
	cfg.Workers = 2
	cfg.Modules = answer.Modules()
	pool, err := sandbox.NewPool(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	v := &Verifier{Checker: &answer.Checker{Runner: pool, RelTol: 1e-6}, AllowFallbackAnswer: true}
	for _, f := range []struct{ path, format string }{{os.Getenv("ZZF"), os.Getenv("ZZFMT")}} {
		rc, err := corpus.Open(ctx, f.path)
		if err != nil {
			t.Fatal(err)
		}
		acc, rej := 0, 0
		_, err = corpus.Scan(rc, f.path, corpus.Parser{Format: corpus.Format(f.format)}, func(it corpus.Item) error {
			src := *it.Source
			rec := &schemas.Record{Seed: schemas.Seed{Source: &src}, Problem: src.Problem, Solution: src.Solution}
			ver := v.VerifyReference(ctx, rec)
			if ver.Verdict == schemas.VerdictAccepted {
				acc++
			} else {
				rej++
				fmt.Printf("REJ %s:%d %v\n", f.format, it.Origin.Line, ver.Failed)
				for _, c := range ver.Checks {
					if c.Result == schemas.ResultFail || c.Result == schemas.ResultUndecided {
						fmt.Printf("    %s %s: %s\n", c.Name, c.Result, c.Reason)
					}
				}
			}
			return nil
		}, func(dl schemas.DeadLetter) error { t.Errorf("dead %+v", dl); return nil })
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		fmt.Printf("%s: accepted %d rejected %d\n", f.format, acc, rej)
	}
}
