package verifyeval

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/arrows-math/arrows/internal/answer"
	"github.com/arrows-math/arrows/internal/verify"
	"github.com/arrows-math/arrows/schemas"
)

// Labels of an answer pair.
const (
	LabelEqual    = "equal"
	LabelNotEqual = "not_equal"
)

// AnswerCase is one labelled answer pair of testdata/answers/*.jsonl: a
// response (free text or a bare answer) graded against a gold answer.
type AnswerCase struct {
	ID       string `json:"id"`
	Category string `json:"category"`
	// Response is what is graded: a model response, a solution, or a bare
	// answer.
	Response string `json:"response"`
	// Gold is the reference answer (the key).
	Gold string `json:"gold"`
	// Label is "equal" or "not_equal": does the response's final answer
	// equal the gold?
	Label string `json:"label"`
	// Source says where the case comes from (a grader's test suite or
	// documentation, a corpus item, or "own ..."); Licence is the licence
	// of what was copied ("own" for cases written here).
	Source  string `json:"source"`
	Licence string `json:"licence"`
	// Problem is the problem text, when the case needs it (the options of a
	// multiple-choice problem are read from it).
	Problem string `json:"problem,omitempty"`
	// Choices are multiple-choice options in AQuA's form ("A)21"); they are
	// appended to the problem as "Answer Choices: (A) 21 (B) ...", which is
	// how graders present them.
	Choices []string `json:"choices,omitempty"`
	// Options of the checker for this case (the defaults are strict).
	RelTol   float64 `json:"rel_tol,omitempty"`
	Rounding string  `json:"rounding,omitempty"` // "stated": answer.RoundStated
	Decimals int     `json:"decimals,omitempty"`
	// Percent is "gold_in_percent" (answer.PercentGoldInPercent) or
	// "fraction" (answer.Checker.PercentFraction).
	Percent string `json:"percent,omitempty"`
	// Note explains the label when it is not obvious.
	Note string `json:"note,omitempty"`
}

// LoadAnswerCases reads every *.jsonl file of dir (in name order) and checks
// each case: required fields, a known label and options, unique ids.
func LoadAnswerCases(dir string) ([]AnswerCase, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	if err != nil {
		return nil, fmt.Errorf("list answer cases: %w", err)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no *.jsonl answer cases in %s", dir)
	}
	sort.Strings(files)
	var cases []AnswerCase
	seen := map[string]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("read answer cases: %w", err)
		}
		sc := bufio.NewScanner(bytes.NewReader(b))
		sc.Buffer(make([]byte, 1<<20), 1<<22)
		line := 0
		for sc.Scan() {
			line++
			text := bytes.TrimSpace(sc.Bytes())
			if len(text) == 0 {
				continue
			}
			var c AnswerCase
			dec := json.NewDecoder(bytes.NewReader(text))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&c); err != nil {
				return nil, fmt.Errorf("%s:%d: %w", filepath.Base(f), line, err)
			}
			if err := c.validate(); err != nil {
				return nil, fmt.Errorf("%s:%d: case %q: %w", filepath.Base(f), line, c.ID, err)
			}
			if prev, dup := seen[c.ID]; dup {
				return nil, fmt.Errorf("%s:%d: case id %q already used in %s", filepath.Base(f), line, c.ID, prev)
			}
			seen[c.ID] = filepath.Base(f)
			cases = append(cases, c)
		}
		if err := sc.Err(); err != nil {
			return nil, fmt.Errorf("read %s: %w", filepath.Base(f), err)
		}
	}
	return cases, nil
}

func (c AnswerCase) validate() error {
	switch {
	case c.ID == "":
		return fmt.Errorf("missing id")
	case c.Category == "":
		return fmt.Errorf("missing category")
	case strings.TrimSpace(c.Gold) == "":
		return fmt.Errorf("missing gold")
	case c.Source == "" || c.Licence == "":
		return fmt.Errorf("missing source or licence")
	case c.Label != LabelEqual && c.Label != LabelNotEqual:
		return fmt.Errorf("label %q is neither %q nor %q", c.Label, LabelEqual, LabelNotEqual)
	case c.Rounding != "" && c.Rounding != "stated":
		return fmt.Errorf("unknown rounding %q", c.Rounding)
	case c.Percent != "" && c.Percent != "gold_in_percent" && c.Percent != "fraction":
		return fmt.Errorf("unknown percent policy %q", c.Percent)
	case c.RelTol < 0 || c.Decimals < 0:
		return fmt.Errorf("negative rel_tol or decimals")
	}
	return nil
}

// Checker returns the answer checker configured by the case's options.
func (c AnswerCase) Checker(r answer.Runner) *answer.Checker {
	ch := &answer.Checker{Runner: r, RelTol: c.RelTol, Decimals: c.Decimals}
	if c.Rounding == "stated" {
		ch.Rounding = answer.RoundStated
	}
	switch c.Percent {
	case "gold_in_percent":
		ch.Percent = answer.PercentGoldInPercent
	case "fraction":
		ch.PercentFraction = true
	}
	return ch
}

var aquaOptionRe = regexp.MustCompile(`^\s*\(?([A-H])\)\s*`)

// ProblemText is the problem the response answers, with the options
// appended as "Answer Choices: (A) 21 (B) 21.5 ...".
func (c AnswerCase) ProblemText() string {
	if len(c.Choices) == 0 {
		return c.Problem
	}
	opts := make([]string, len(c.Choices))
	for i, o := range c.Choices {
		if m := aquaOptionRe.FindStringSubmatchIndex(o); m != nil {
			o = "(" + o[m[2]:m[3]] + ") " + o[m[1]:]
		}
		opts[i] = o
	}
	p := strings.TrimSpace(c.Problem)
	if p != "" {
		p += "\n"
	}
	return p + "Answer Choices: " + strings.Join(opts, " ")
}

// Record is the row VerifyAnswer grades for the case.
func (c AnswerCase) Record() schemas.Record {
	problem := c.ProblemText()
	return schemas.Record{
		ID:       c.ID,
		Problem:  problem,
		Solution: c.Response,
		Seed:     schemas.Seed{Pathway: "verify", Source: &schemas.SourceItem{Problem: problem, Answer: c.Gold}},
	}
}

// AnswerOutcome grades one case with the real checker (verify.Verifier's
// answer-only mode: extraction, the Go fast path, then SymPy in the sandbox
// through r) and returns its outcome: Want is the label, Got whether the
// row was accepted, Undecided whether reference_match stayed undecided,
// Detail the extraction method and the comparison's layer and reason.
func AnswerOutcome(ctx context.Context, r answer.Runner, c AnswerCase) Outcome {
	v := verify.Verifier{Checker: c.Checker(r)}
	rec := c.Record()
	ver := v.VerifyAnswer(ctx, &rec)
	o := Outcome{ID: c.ID, Category: c.Category, Want: c.Label == LabelEqual, Got: ver.Verdict == schemas.VerdictAccepted}
	method, layer, reason := "none", "", ""
	for _, ch := range ver.Checks {
		switch ch.Name {
		case verify.CheckAnswerExtracted:
			if ch.Result == schemas.ResultPass {
				method = ch.Reason
			} else {
				reason = ch.Reason
			}
		case verify.CheckReferenceMatch:
			if ch.Result == schemas.ResultUndecided {
				o.Undecided = true
			}
			if ch.Result != schemas.ResultSkipped {
				layer, reason = ch.Layer, ch.Reason
			}
		}
	}
	extracted := ""
	if rec.FinalAnswer != nil {
		extracted = rec.FinalAnswer.Text
	}
	o.Detail = fmt.Sprintf("method=%s answer=%q layer=%s: %s", method, answerClip(extracted, 80), layer, answerClip(reason, 300))
	return o
}

// AnswerOutcomes loads every case of dir and grades each (see
// AnswerOutcome); outcomes are in file and line order. Cases are graded a
// few at a time, as the sandbox runner serves several checks at once.
func AnswerOutcomes(ctx context.Context, r answer.Runner, dir string) ([]Outcome, error) {
	cases, err := LoadAnswerCases(dir)
	if err != nil {
		return nil, err
	}
	outs := make([]Outcome, len(cases))
	next := make(chan int)
	var wg sync.WaitGroup
	for range answerWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				outs[i] = AnswerOutcome(ctx, r, cases[i])
			}
		}()
	}
	for i := range cases {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("grade answer cases: %w", err)
	}
	return outs, nil
}

// answerWorkers is how many cases are graded at once.
const answerWorkers = 4

func answerClip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
