// Package verifyeval measures the verifier against labelled cases and prints
// the figures `make eval-verifier` reports: answer pairs (does a response's
// final answer equal the gold?), consistency cases (is a problem consistent
// with its program?), corruptions of arrows' own accepted triples, and
// self-acceptance of public corpora.
//
// Every case ends as an Outcome: what the label wants (accept or reject)
// and what the verifier decided. Outcomes are tallied per category as a
// confusion matrix whose positive class is "accepted".
//
// The package is pure Go (no Beam); the sandbox it needs for symbolic
// answer checks is passed in.
package verifyeval

import (
	"fmt"
	"io"
	"sort"
)

// Outcome is the verifier's decision on one labelled case.
type Outcome struct {
	// ID names the case (stable across runs).
	ID string `json:"id"`
	// Category groups cases for the per-category figures (e.g. "percent",
	// "changed_number").
	Category string `json:"category"`
	// Want is the label: true when the verifier should accept (the answers
	// are equal, the problem is consistent with the program).
	Want bool `json:"want"`
	// Got is the verifier's decision: true when it accepted.
	Got bool `json:"got"`
	// Undecided is set when the verifier could not decide; such a case
	// counts as not accepted.
	Undecided bool `json:"undecided,omitempty"`
	// Detail says why (the failed check and its reason), for listings of
	// disagreements.
	Detail string `json:"detail,omitempty"`
}

// Agrees reports whether the decision matches the label.
func (o Outcome) Agrees() bool { return o.Want == o.Got }

// Tally is a confusion matrix of outcomes; the positive class is
// "accepted".
type Tally struct {
	TP, FP, TN, FN int
	// Undecided counts the outcomes (any label) the verifier left undecided.
	Undecided int
}

// Add counts one outcome.
func (t *Tally) Add(o Outcome) {
	switch {
	case o.Want && o.Got:
		t.TP++
	case !o.Want && o.Got:
		t.FP++
	case !o.Want && !o.Got:
		t.TN++
	default:
		t.FN++
	}
	if o.Undecided {
		t.Undecided++
	}
}

// N is the number of outcomes counted.
func (t Tally) N() int { return t.TP + t.FP + t.TN + t.FN }

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// Agreement is the share of outcomes whose decision matches the label.
func (t Tally) Agreement() float64 { return ratio(t.TP+t.TN, t.N()) }

// Precision is the share of acceptances that the label wants accepted.
func (t Tally) Precision() float64 { return ratio(t.TP, t.TP+t.FP) }

// Recall is the share of the cases labelled "accept" that were accepted.
func (t Tally) Recall() float64 { return ratio(t.TP, t.TP+t.FN) }

// Rejection is the share of the cases labelled "reject" that were rejected
// (the recall of the negative class: corruptions caught).
func (t Tally) Rejection() float64 { return ratio(t.TN, t.TN+t.FP) }

// FalseAcceptRate is the share of the cases labelled "reject" that were
// accepted.
func (t Tally) FalseAcceptRate() float64 {
	if t.TN+t.FP == 0 {
		return 0
	}
	return float64(t.FP) / float64(t.TN+t.FP)
}

// Summarize tallies outcomes overall and per category.
func Summarize(outs []Outcome) (total Tally, byCategory map[string]Tally) {
	byCategory = map[string]Tally{}
	for _, o := range outs {
		total.Add(o)
		t := byCategory[o.Category]
		t.Add(o)
		byCategory[o.Category] = t
	}
	return total, byCategory
}

// Fprint writes a table of the outcomes: one row per category and a total
// row, each with the counts, agreement, precision, recall, rejection rate
// and false-accept rate. maxDisagreements > 0 also lists up to that many
// disagreeing cases with their detail.
func Fprint(w io.Writer, title string, outs []Outcome, maxDisagreements int) {
	total, byCat := Summarize(outs)
	cats := make([]string, 0, len(byCat))
	for c := range byCat {
		cats = append(cats, c)
	}
	sort.Strings(cats)
	fmt.Fprintf(w, "== %s (%d cases)\n", title, total.N())
	fmt.Fprintf(w, "%-28s %5s %5s %5s %5s %5s %5s %9s %9s %9s %9s %9s\n",
		"category", "n", "TP", "FP", "TN", "FN", "undec", "agree", "precision", "recall", "rejected", "false-acc")
	row := func(name string, t Tally) {
		fmt.Fprintf(w, "%-28s %5d %5d %5d %5d %5d %5d %8.1f%% %8.1f%% %8.1f%% %8.1f%% %8.2f%%\n",
			name, t.N(), t.TP, t.FP, t.TN, t.FN, t.Undecided,
			100*t.Agreement(), 100*t.Precision(), 100*t.Recall(), 100*t.Rejection(), 100*t.FalseAcceptRate())
	}
	for _, c := range cats {
		row(c, byCat[c])
	}
	row("TOTAL", total)
	if maxDisagreements <= 0 {
		return
	}
	shown := 0
	for _, o := range outs {
		if o.Agrees() {
			continue
		}
		if shown == maxDisagreements {
			fmt.Fprintf(w, "  … more disagreements not shown\n")
			break
		}
		want := "reject"
		if o.Want {
			want = "accept"
		}
		fmt.Fprintf(w, "  disagree %s [%s] want %s: %s\n", o.ID, o.Category, want, o.Detail)
		shown++
	}
}
