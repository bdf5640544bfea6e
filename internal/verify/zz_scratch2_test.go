package verify

import (
	"context"
	"fmt"
	"math/big"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/arrows-math/arrows/internal/answer"
	"github.com/arrows-math/arrows/internal/corpus"
	"github.com/arrows-math/arrows/internal/sandbox"
	"github.com/arrows-math/arrows/schemas"
)

var zzLastInt = regexp.MustCompile(`[0-9]+`)
var zzChoice = regexp.MustCompile(`^\\text\{\(([A-E])\)\}$`)
var zzText = regexp.MustCompile(`^\\text\{([^{}]*)\}$`)

func zzAlter(a string) string {
	if m := zzChoice.FindStringSubmatch(a); m != nil {
		return `\text{(` + string(rune(m[1][0]+1)) + `)}`
	}
	if m := zzText.FindStringSubmatch(a); m != nil {
		return `\text{not ` + m[1] + `}`
	}
	locs := zzLastInt.FindAllStringIndex(a, -1)
	if len(locs) == 0 {
		return a + " + 1"
	}
	l := locs[0]
	n, _ := new(big.Int).SetString(a[l[0]:l[1]], 10)
	n.Add(n, big.NewInt(1))
	return a[:l[0]] + n.String() + a[l[1]:]
}

func TestZZAlter(t *testing.T) {
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
	run := func(path, format string, mut func(src *schemas.SourceItem) bool, label string) {
		rc, err := corpus.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		defer rc.Close()
		acc, rej, und := 0, 0, 0
		corpus.Scan(rc, path, corpus.Parser{Format: corpus.Format(format)}, func(it corpus.Item) error {
			src := *it.Source
			if !mut(&src) {
				t.Errorf("%s:%d not mutated", label, it.Origin.Line)
				return nil
			}
			rec := &schemas.Record{Seed: schemas.Seed{Source: &src}, Problem: src.Problem, Solution: src.Solution}
			ver := v.VerifyReference(ctx, rec)
			if ver.Verdict == schemas.VerdictAccepted {
				acc++
				fmt.Printf("ACC %s:%d ans=%q sol-box=%v\n", label, it.Origin.Line, src.Answer, rec.FinalAnswer)
			} else {
				rej++
				if strings.HasSuffix(Reason(ver), "_undecided") {
					und++
					fmt.Printf("UND %s:%d %s\n", label, it.Origin.Line, ver.Checks[1].Reason)
				}
			}
			return nil
		}, func(dl schemas.DeadLetter) error { return nil })
		fmt.Printf("%s: accepted %d rejected %d (undecided %d)\n", label, acc, rej, und)
	}
	gsm := func(delta func(*big.Rat) *big.Rat) func(src *schemas.SourceItem) bool {
		return func(src *schemas.SourceItem) bool {
			i := strings.LastIndex(src.Solution, "####")
			n, ok := new(big.Rat).SetString(strings.ReplaceAll(strings.TrimSpace(src.Solution[i+4:]), ",", ""))
			if !ok {
				return false
			}
			m := delta(n)
			src.Solution = src.Solution[:i] + "#### " + m.RatString()
			src.Answer = m.RatString()
			return true
		}
	}
	g := "/work/shared/corpora/gsm8k/test.jsonl"
	if os.Getenv("ZZG") != "" {
		g = os.Getenv("ZZG")
	}
	run(g, "gsm8k", gsm(func(n *big.Rat) *big.Rat { return new(big.Rat).Add(n, big.NewRat(1, 1)) }), "gsm+1")
	run(g, "gsm8k", gsm(func(n *big.Rat) *big.Rat { return new(big.Rat).Sub(n, big.NewRat(1, 1)) }), "gsm-1")
	run(g, "gsm8k", gsm(func(n *big.Rat) *big.Rat { return new(big.Rat).Mul(n, big.NewRat(2, 1)) }), "gsm*2")
	run(g, "gsm8k", gsm(func(n *big.Rat) *big.Rat { return new(big.Rat).Mul(n, big.NewRat(10, 1)) }), "gsm*10")
	m := "/work/shared/corpora/math500/test.jsonl"
	run(m, "math", func(src *schemas.SourceItem) bool {
		fa, ok := answer.Extract(src.Solution)
		if !ok || fa.Method != "boxed" {
			return false
		}
		k := strings.LastIndex(src.Solution, `\boxed`)
		if j := strings.LastIndex(src.Solution, `\fbox`); j > k {
			k = j
		}
		i := k + strings.Index(src.Solution[k:], fa.Text)
		src.Solution = src.Solution[:i] + zzAlter(fa.Text) + src.Solution[i+len(fa.Text):]
		return true
	}, "math-boxed")
	run(m, "math", func(src *schemas.SourceItem) bool {
		src.Answer = zzAlter(src.Answer)
		return true
	}, "math-answer")
}
