package verifyeval

import (
	"bytes"
	"strings"
	"testing"
)

func TestTallyCountsEachQuadrantAndTheRatesFollow(t *testing.T) {
	outs := []Outcome{
		{ID: "a", Category: "x", Want: true, Got: true},
		{ID: "b", Category: "x", Want: true, Got: false, Undecided: true},
		{ID: "c", Category: "y", Want: false, Got: false},
		{ID: "d", Category: "y", Want: false, Got: true},
		{ID: "e", Category: "y", Want: false, Got: false},
	}
	total, by := Summarize(outs)
	if total != (Tally{TP: 1, FN: 1, TN: 2, FP: 1, Undecided: 1}) {
		t.Fatalf("total = %+v", total)
	}
	if got := total.Agreement(); got != 3.0/5 {
		t.Errorf("agreement = %v, want 0.6", got)
	}
	if got := total.FalseAcceptRate(); got != 1.0/3 {
		t.Errorf("false-accept rate = %v, want 1/3", got)
	}
	if got := by["x"].Recall(); got != 0.5 {
		t.Errorf("recall of x = %v, want 0.5", got)
	}
	if got := by["y"].Rejection(); got != 2.0/3 {
		t.Errorf("rejection of y = %v, want 2/3", got)
	}
	var buf bytes.Buffer
	Fprint(&buf, "demo", outs, 5)
	for _, want := range []string{"== demo (5 cases)", "TOTAL", "disagree b [x] want accept", "disagree d [y] want reject"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, buf.String())
		}
	}
}
