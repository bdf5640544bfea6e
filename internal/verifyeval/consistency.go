package verifyeval

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/arrows-math/arrows/internal/answer"
	"github.com/arrows-math/arrows/internal/sandbox"
	"github.com/arrows-math/arrows/internal/verify"
	"github.com/arrows-math/arrows/schemas"
)

// Labels of a consistency case.
const (
	LabelAccept = "accept"
	LabelReject = "reject"
)

// ConsistencyItem is one program of the labelled consistency set
// (testdata/consistency/*.yaml) with problems written for it: the clean
// problem and corrupted copies, each labelled.
type ConsistencyItem struct {
	// ID names the item (unique over all files).
	ID string `yaml:"id"`
	// Source says where the problem comes from (a corpus item, or "own"
	// for problems written here); Licence is the licence of what was used.
	Source  string `yaml:"source"`
	Licence string `yaml:"licence"`
	// Program is the Python program (defines solve()).
	Program string `yaml:"program"`
	// Cases are the problems written for the program.
	Cases []ConsistencyCase `yaml:"cases"`
}

// ConsistencyCase is one problem for an item's program.
type ConsistencyCase struct {
	// Category is clean, a corruption kind (changed_number, changed_unit,
	// dropped_given, swapped_problem, changed_question) or extra_number (a
	// number the program does not use added to the problem).
	Category string `yaml:"category"`
	// Label is accept (the problem is consistent with the program) or
	// reject.
	Label string `yaml:"label"`
	// Problem is the problem text, written as a translator model would.
	Problem string `yaml:"problem"`
	// Note says what was changed or why the label holds.
	Note string `yaml:"note,omitempty"`
}

// consistencyFile is the layout of one file of the set.
type consistencyFile struct {
	Items []ConsistencyItem `yaml:"items"`
}

// ConsistencyCategories are the categories a case may have.
var ConsistencyCategories = []string{KindClean, KindChangedNumber, KindChangedUnit, KindDroppedGiven, KindSwapped, KindChangedQ, "extra_number"}

// LoadConsistency reads every *.yaml file of dir (in name order) and checks
// each item: required fields, known categories and labels (clean cases are
// accepted, corrupted ones rejected), unique ids.
func LoadConsistency(dir string) ([]ConsistencyItem, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil {
		return nil, fmt.Errorf("list consistency cases: %w", err)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no *.yaml consistency cases in %s", dir)
	}
	sort.Strings(files)
	known := map[string]bool{}
	for _, c := range ConsistencyCategories {
		known[c] = true
	}
	var items []ConsistencyItem
	seen := map[string]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("read consistency cases: %w", err)
		}
		var cf consistencyFile
		if err := yaml.Unmarshal(b, &cf); err != nil {
			return nil, fmt.Errorf("%s: %w", filepath.Base(f), err)
		}
		for _, it := range cf.Items {
			where := fmt.Sprintf("%s: item %q", filepath.Base(f), it.ID)
			if it.ID == "" || it.Source == "" || it.Licence == "" || strings.TrimSpace(it.Program) == "" || len(it.Cases) == 0 {
				return nil, fmt.Errorf("%s: id, source, licence, program and cases are required", where)
			}
			if prev, dup := seen[it.ID]; dup {
				return nil, fmt.Errorf("%s: id also used in %s", where, prev)
			}
			seen[it.ID] = filepath.Base(f)
			for k, c := range it.Cases {
				if !known[c.Category] {
					return nil, fmt.Errorf("%s case %d: unknown category %q", where, k, c.Category)
				}
				if c.Label != LabelAccept && c.Label != LabelReject {
					return nil, fmt.Errorf("%s case %d: label %q (want accept or reject)", where, k, c.Label)
				}
				if (c.Category == KindClean) != (c.Label == LabelAccept) {
					return nil, fmt.Errorf("%s case %d: a %s case is labelled %s", where, k, c.Category, c.Label)
				}
				if strings.TrimSpace(c.Problem) == "" {
					return nil, fmt.Errorf("%s case %d: empty problem", where, k)
				}
			}
			items = append(items, it)
		}
	}
	return items, nil
}

// CaseCount is the number of cases of items.
func CaseCount(items []ConsistencyItem) int {
	n := 0
	for _, it := range items {
		n += len(it.Cases)
	}
	return n
}

// ConsistencyOutcomes runs each item's program in the sandbox (with
// analysis, as the execute stage does) and checks every case's problem
// against it with verify.Consistency, the offline checks that always run.
// A program that does not run is an error: the set is curated.
func ConsistencyOutcomes(ctx context.Context, run answer.Runner, items []ConsistencyItem, workers int) ([]Outcome, error) {
	if workers <= 0 {
		workers = 4
	}
	execs := make([]schemas.Execution, len(items))
	var wg sync.WaitGroup
	sem := make(chan struct{}, workers)
	for k := range items {
		wg.Add(1)
		sem <- struct{}{}
		go func(k int) {
			defer wg.Done()
			defer func() { <-sem }()
			execs[k] = run.Run(ctx, sandbox.Request{Code: items[k].Program, Analyze: true})
		}(k)
	}
	wg.Wait()
	var outs []Outcome
	for k, it := range items {
		ex := execs[k]
		if ex.Status != schemas.StatusOK {
			return nil, fmt.Errorf("consistency item %s: program %s: %s", it.ID, ex.Status, ex.Error)
		}
		for n, c := range it.Cases {
			rec := schemas.Record{Problem: c.Problem, Program: &schemas.Program{Source: it.Program}, Execution: &ex}
			ver := verify.Fold(verify.Consistency(&rec))
			o := Outcome{
				ID:       fmt.Sprintf("%s#%d", it.ID, n),
				Category: c.Category,
				Want:     c.Label == LabelAccept,
				Got:      ver.Verdict == schemas.VerdictAccepted,
			}
			o.Detail = c.Note + DetailSep + verdictDetail(ver)
			outs = append(outs, o)
		}
	}
	return outs, nil
}
