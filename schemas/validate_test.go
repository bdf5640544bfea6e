package schemas

import (
	"strings"
	"testing"
)

func validTriple() Record {
	num := 24.0
	return Record{
		ID: strings.Repeat("a", 32),
		Seed: Seed{ID: "s1", Index: 3, RunSeed: 1, Pathway: "topics", Topics: []TopicRef{
			{ID: "middle.number_theory.divisor_count", Path: []string{"middle", "number_theory", "Divisor count"}, Tools: []string{"sympy.divisor_count"}},
		}},
		Program:     &Program{Source: "def solve():\n    return 24\n", Hash: strings.Repeat("b", 64)},
		Execution:   &Execution{Status: StatusOK, Result: &Value{Kind: KindInteger, Type: "int", Repr: "24", Latex: "24", Exact: "24", Numeric: &num}},
		Problem:     "How many positive divisors does 360 have?",
		Solution:    "360 = 2^3 3^2 5, so (3+1)(2+1)(1+1) = \\boxed{24}",
		FinalAnswer: &FinalAnswer{Text: "24", Method: "boxed"},
		Verification: &Verification{Checks: []Check{{Name: "answer_match", Result: ResultPass}},
			Verdict: VerdictAccepted, Version: "v"},
		Provenance: Provenance{Generator: "offline", Models: map[string]string{"generator": "offline"},
			PromptVersion: "offline-v1", ArrowsVersion: "0.1.0", RunSeed: 1, Pathway: "topics"},
	}
}

func TestSchemas(t *testing.T) {
	v, err := NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	good := validTriple()
	rejected := validTriple()
	rejected.Verification.Verdict = VerdictRejected
	rejected.Rejection = &Rejection{Stage: StageVerify, Reason: "answer_match"}
	noReason := validTriple()
	noReason.Rejection = &Rejection{Stage: StageVerify}
	badStatus := validTriple()
	badStatus.Execution.Status = "weird"
	noProblem := validTriple()
	noProblem.Problem = ""
	badID := validTriple()
	badID.ID = "not-hex"
	noProgram := validTriple()
	noProgram.Program, noProgram.Execution = nil, nil
	external := noProgram
	external.Seed.Pathway, external.Provenance.Pathway = "verify", "verify"

	cases := []struct {
		name   string
		schema string
		rec    Record
		ok     bool
	}{
		{"an accepted triple is a valid triple", SchemaTriple, good, true},
		{"an accepted triple is a valid record", SchemaRecord, good, true},
		{"a rejected row is a valid rejected row", SchemaRejected, rejected, true},
		{"a rejected row is not a triple", SchemaTriple, rejected, false},
		{"an accepted triple is not a rejected row", SchemaRejected, good, false},
		{"a rejection needs a reason", SchemaRejected, noReason, false},
		{"unknown execution status is invalid", SchemaRecord, badStatus, false},
		{"a triple needs a problem", SchemaTriple, noProblem, false},
		{"ids are 32 hex characters", SchemaRecord, badID, false},
		{"a generated triple needs its program", SchemaTriple, noProgram, false},
		{"a re-verified external row needs no program", SchemaTriple, external, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := v.ValidateValue(c.schema, c.rec)
			if c.ok && err != nil {
				t.Fatalf("want valid, got %v", err)
			}
			if !c.ok && err == nil {
				t.Fatal("want invalid, got valid")
			}
		})
	}
	if err := v.Validate(SchemaDeadLetter, []byte(`{"origin":{"file":"a.jsonl","line":3},"reason":"invalid_json","line":"{"}`)); err != nil {
		t.Fatalf("dead letter: %v", err)
	}
	if err := v.Validate(SchemaDeadLetter, []byte(`{"origin":{"file":"a.jsonl"},"reason":"x","line":""}`)); err == nil {
		t.Fatal("dead letter without line number validated")
	}
}
