package row

import (
	"strings"
	"testing"

	"github.com/arrows-math/arrows/internal/corpus"
	"github.com/arrows-math/arrows/internal/verify"
	"github.com/arrows-math/arrows/schemas"
)

// The ids are part of the outputs: these are rows of a real `arrows
// generate` run (--n 200 --seed 1, and a seeds-pathway run evolving it),
// whose ids must never change.
func TestIDIsStable(t *testing.T) {
	cases := []struct {
		name string
		rec  schemas.Record
		want string
	}{
		{"a topics-pathway triple", schemas.Record{
			Seed:     schemas.Seed{ID: "8ef2bf77fd6709db12dcf534929d88ef"},
			Program:  &schemas.Program{Hash: "03f7c359469a6f6daa8b45a28ab69105cdc8dac3ea7ddb09ce036d0914cf83e0"},
			Problem:  "In how many ways can $22$ be written as a sum of at most $3$ positive integers (order does not matter)?",
			Solution: "Without the restriction there are $p(22) = 1002$ partitions.\n\nListing those with at most $3$ parts gives $52$.\n\nThe answer is $\\boxed{52}$",
		}, "00ceff791787254cf91244dbfd390bfd"},
		{"an evolved triple carries its lineage", schemas.Record{
			Seed:    schemas.Seed{ID: "4b64ccfbcade19b76b670a56e46643ba"},
			Program: &schemas.Program{Hash: "ec90c2847a30a5d891e474e3c75c19aecd5c645e042f9631deee96d2228a4677"},
			Problem: "Let $N$ be the product $xyz$ for the solution of $x + y + z = -4$, $2x - y + z = 6$, $x + 2y - z = 3$. Write $M$ for the value of $5(x + 3) - 4(x - 2)$ at $x = -6$. What is the value of $N + M$?",
			Solution: "Eliminating variables step by step gives $x = 4$, $y = -3$, $z = -5$.\n\nSo $xyz = 60$.\n\nThis gives $N = 60$.\n\n" +
				"Expanding and collecting like terms: $5(x + 3) - 4(x - 2) = x + 23$.\n\nSubstituting $x = -6$ gives $17$.\n\nHence $M = 17$.\n\n" +
				"Therefore $N + M = 60 + 17 = 77$.\n\nThe answer is $\\boxed{77}$",
			Provenance: schemas.Provenance{Evolution: &schemas.Evolution{Operator: "perturb_givens",
				ParentID: "8ff6c0ac94305660f78e899d4a0ff578d8bf94a6127bb92eed0c9577bfdeaddf", RootID: "4b64ccfbcade19b76b670a56e46643ba", Depth: 1, Variant: 1}},
		}, "006e3e834b5950e29fe1f4be732fd1a6"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := ID(&c.rec); got != c.want {
				t.Fatalf("ID = %s, want %s", got, c.want)
			}
		})
	}
}

func TestIDSeparatesSamplesAndKeepsSampleZero(t *testing.T) {
	rec := schemas.Record{Seed: schemas.Seed{ID: "s"}, Problem: "p"}
	zero := ID(&rec)
	rec.Provenance.SampleIndex = 1
	one := ID(&rec)
	if zero == one {
		t.Fatal("samples 0 and 1 share an id")
	}
	if zero != Hash("record", "s", "", "p", "") {
		t.Fatal("sample 0 must keep the id of a single-sample run")
	}
}

func TestReject(t *testing.T) {
	t.Run("a long detail is cut at 2000 bytes", func(t *testing.T) {
		r := Reject(schemas.Record{}, schemas.StageExecute, "error", strings.Repeat("x", 2500))
		if got := r.Rejection.Detail; len(got) != 2000+len("…") || !strings.HasSuffix(got, "…") {
			t.Fatalf("detail of %d bytes", len(got))
		}
	})
	t.Run("a row being re-verified becomes rejected with no checks", func(t *testing.T) {
		r := Reject(schemas.Record{Verification: &schemas.Verification{Previous: "accepted"}}, schemas.StageExecute, "timeout", "")
		v := r.Verification
		if v.Verdict != schemas.VerdictRejected || v.Checks == nil || len(v.Checks) != 0 || v.Version != verify.Version || v.Previous != "accepted" {
			t.Fatalf("verification %+v", v)
		}
	})
	t.Run("a verdict already reached is kept", func(t *testing.T) {
		r := Reject(schemas.Record{Verification: &schemas.Verification{Verdict: schemas.VerdictRejected, Version: "v0"}}, schemas.StageVerify, "answer_match", "")
		if r.Verification.Version != "v0" {
			t.Fatal("an existing verification was rewritten")
		}
	})
	t.Run("Fail routes to rejected, Pass onwards", func(t *testing.T) {
		if o := Fail(schemas.Record{}, "s", "r", "d"); o.OK || o.Rec.Rejection.Reason != "r" {
			t.Fatalf("%+v", o)
		}
		if o := Pass(schemas.Record{ID: "x"}); !o.OK || o.Rec.Rejection != nil {
			t.Fatalf("%+v", o)
		}
	})
}

func TestPreviousVerdictAndRootID(t *testing.T) {
	cases := []struct {
		name string
		rec  schemas.Record
		want string
	}{
		{"a rejected row", schemas.Record{Rejection: &schemas.Rejection{}}, schemas.VerdictRejected},
		{"an accepted row", schemas.Record{Verification: &schemas.Verification{Verdict: schemas.VerdictAccepted}}, schemas.VerdictAccepted},
		{"a row never verified", schemas.Record{}, "none"},
	}
	for _, c := range cases {
		if got := PreviousVerdict(&c.rec); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
	seedOnly := schemas.Record{Seed: schemas.Seed{ID: "seed"}}
	evolved := schemas.Record{Seed: schemas.Seed{ID: "seed"}, Program: &schemas.Program{Evolution: &schemas.Evolution{RootID: "root"}}}
	if RootID(&seedOnly) != "seed" || RootID(&evolved) != "root" {
		t.Fatal("root id: the evolution root first, else the seed")
	}
}

func TestFromItem(t *testing.T) {
	origin := schemas.Origin{File: "test.jsonl", Line: 7}
	t.Run("an external item becomes a row whose seed holds it", func(t *testing.T) {
		src := &schemas.SourceItem{Problem: "What is 2+2?", Solution: "4", Answer: "4", Origin: origin}
		rec := FromItem(corpus.Item{Origin: origin, Source: src}, "")
		if rec.Seed.Pathway != schemas.PathwayVerify || rec.Provenance.Generator != "external" || rec.Seed.Source.Problem != src.Problem {
			t.Fatalf("%+v", rec)
		}
		if rec.Seed.ID != Hash("source", "test.jsonl", "7", src.Problem) || rec.ID != ID(&rec) {
			t.Fatal("ids are not content-derived")
		}
		if again := FromItem(corpus.Item{Origin: origin, Source: src}, schemas.PathwaySeeds); again.Seed.ID != rec.Seed.ID || again.Seed.Pathway != schemas.PathwaySeeds {
			t.Fatal("the pathway must not change the seed id")
		}
	})
	t.Run("an arrows row keeps what it carries", func(t *testing.T) {
		stored := &schemas.Record{ID: "kept", Problem: "p"}
		rec := FromItem(corpus.Item{Origin: origin, Record: stored}, "")
		if rec.ID != "kept" || rec.Origin == nil || *rec.Origin != origin || rec.Provenance.Models == nil {
			t.Fatalf("%+v", rec)
		}
	})
}
