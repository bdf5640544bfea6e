// Package rounds plans and records the rounds of a generate run that draws
// seeds until a target number of rows is accepted (`arrows generate
// --target-accepted K`).
//
// Round r draws the seed indexes [Start, End) of the run seed, the ranges
// of successive rounds being adjacent, so that the rounds together draw
// the seeds 0..End-1 exactly as one run of that size would. Deduplication
// is global across rounds: rows are ordered by (round, id), so a row of a
// later round never displaces a row of an earlier one (see dedup.Engine).
// The state is a small JSON document kept in the output directory and
// rewritten (atomically) after every completed round, so that a run
// interrupted at any point resumes after its last completed round.
package rounds

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strings"
)

// Version identifies the layout of the state document.
const Version = "rounds-v1"

// FileName is the state document's name in the output directory.
const FileName = "rounds.json"

// DefaultYield is the share of seeds assumed to become accepted rows
// before the first round has measured it.
const DefaultYield = 0.8

// MinRound is the smallest round drawn (a round costs a job start-up and a
// deduplication pass over every earlier row's key).
const MinRound = 64

// margin is the extra share of seeds drawn over the estimate, so that a
// round rarely falls just short of the target.
const margin = 0.1

// Round is one completed round.
type Round struct {
	// Index is the round number, from 1.
	Index int `json:"index"`
	// Start and End are the seed indexes drawn: [Start, End).
	Start int64 `json:"start"`
	End   int64 `json:"end"`
	// Accepted and Rejected count the round's rows after deduplication and
	// decontamination.
	Accepted int64 `json:"accepted"`
	Rejected int64 `json:"rejected"`
	// Keys is the deduplication key file holding every row of rounds 1..Index
	// (the input of the next round's deduplication).
	Keys string `json:"keys,omitempty"`
}

// Seeds is the number of seeds the round drew.
func (r Round) Seeds() int64 { return r.End - r.Start }

// State is the state document.
type State struct {
	Version string `json:"version"`
	// Target is the number of accepted rows wanted; MaxSeeds caps the seeds
	// drawn over all rounds.
	Target   int64 `json:"target_accepted"`
	MaxSeeds int64 `json:"max_seeds"`
	// FirstRound is the size of round 1 (0: Target / DefaultYield).
	FirstRound int64 `json:"first_round,omitempty"`
	// Settings are the run's settings that must not change between a run
	// and its resumption (run seed, backend, cleaning parameters, ...).
	Settings map[string]string `json:"settings"`
	// Rounds are the completed rounds, in order.
	Rounds []Round `json:"rounds"`
}

// New starts the state of a run.
func New(target, maxSeeds, firstRound int64, settings map[string]string) (*State, error) {
	if target <= 0 {
		return nil, fmt.Errorf("target must be positive, got %d", target)
	}
	if maxSeeds <= 0 {
		return nil, fmt.Errorf("max seeds must be positive, got %d", maxSeeds)
	}
	if firstRound < 0 {
		return nil, fmt.Errorf("first round must not be negative, got %d", firstRound)
	}
	s := &State{Version: Version, Target: target, MaxSeeds: maxSeeds, FirstRound: firstRound, Settings: map[string]string{}}
	for k, v := range settings {
		s.Settings[k] = v
	}
	return s, nil
}

// Parse reads a state document.
func Parse(b []byte) (*State, error) {
	var s State
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("read %s: %w", FileName, err)
	}
	if s.Version != Version {
		return nil, fmt.Errorf("%s has version %q, this arrows writes %q", FileName, s.Version, Version)
	}
	var end int64
	for i, r := range s.Rounds {
		if r.Index != i+1 || r.Start != end || r.End <= r.Start {
			return nil, fmt.Errorf("%s: round %d has seeds [%d, %d) after seed %d: the rounds must be adjacent", FileName, r.Index, r.Start, r.End, end)
		}
		end = r.End
	}
	if s.Settings == nil {
		s.Settings = map[string]string{}
	}
	return &s, nil
}

// Marshal encodes the state (indented, stable key order).
func (s *State) Marshal() []byte {
	b, _ := json.MarshalIndent(s, "", "  ") // plain data: cannot fail
	return append(b, '\n')
}

// Resume checks that a run with these parameters may continue the state:
// the same settings and target; MaxSeeds may be raised.
func (s *State) Resume(target, maxSeeds int64, settings map[string]string) error {
	var diffs []string
	keys := map[string]bool{}
	for k := range s.Settings {
		keys[k] = true
	}
	for k := range settings {
		keys[k] = true
	}
	var names []string
	for k := range keys {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		if s.Settings[k] != settings[k] {
			diffs = append(diffs, fmt.Sprintf("%s %q (was %q)", k, settings[k], s.Settings[k]))
		}
	}
	if target != s.Target {
		diffs = append(diffs, fmt.Sprintf("target %d (was %d)", target, s.Target))
	}
	if len(diffs) > 0 {
		return fmt.Errorf("the output directory holds rounds of a run with other settings: %s; use another directory, or --overwrite to start over", strings.Join(diffs, ", "))
	}
	s.MaxSeeds = maxSeeds
	return nil
}

// Seeds is the number of seeds drawn by the completed rounds.
func (s *State) Seeds() int64 {
	if len(s.Rounds) == 0 {
		return 0
	}
	return s.Rounds[len(s.Rounds)-1].End
}

// Accepted is the number of accepted rows over the completed rounds.
func (s *State) Accepted() int64 {
	var n int64
	for _, r := range s.Rounds {
		n += r.Accepted
	}
	return n
}

// Reached reports whether the target is met.
func (s *State) Reached() bool { return s.Accepted() >= s.Target }

// Exhausted reports whether no seed is left under MaxSeeds.
func (s *State) Exhausted() bool { return s.Seeds() >= s.MaxSeeds }

// Keys is the key file of the last completed round ("" before round 1).
func (s *State) Keys() string {
	if len(s.Rounds) == 0 {
		return ""
	}
	return s.Rounds[len(s.Rounds)-1].Keys
}

// Next plans the next round: its index and seed range. ok is false when
// the target is reached or MaxSeeds is exhausted.
//
// Round 1 draws FirstRound seeds (or Target / DefaultYield). A later round
// draws what the remaining rows need at the yield the last round had
// (accepted rows per seed, which falls as deduplication finds more rows
// already present), plus a 10% margin, at least MinRound seeds; a round
// that accepted nothing is followed by one twice its size. No round goes
// past MaxSeeds.
func (s *State) Next() (r Round, ok bool) {
	if s.Reached() || s.Exhausted() {
		return Round{}, false
	}
	need := s.Target - s.Accepted()
	var size int64
	switch {
	case len(s.Rounds) == 0 && s.FirstRound > 0:
		size = s.FirstRound
	case len(s.Rounds) == 0:
		size = int64(math.Ceil(float64(need) / DefaultYield))
	default:
		last := s.Rounds[len(s.Rounds)-1]
		if last.Accepted == 0 {
			size = 2 * last.Seeds()
		} else {
			yield := float64(last.Accepted) / float64(last.Seeds())
			size = int64(math.Ceil(float64(need) / yield * (1 + margin)))
		}
		size = max(size, MinRound)
	}
	size = max(size, 1)
	start := s.Seeds()
	end := min(start+size, s.MaxSeeds)
	return Round{Index: len(s.Rounds) + 1, Start: start, End: end}, true
}

// Complete records a finished round (planned by Next).
func (s *State) Complete(r Round) error {
	if r.Index != len(s.Rounds)+1 || r.Start != s.Seeds() || r.End <= r.Start {
		return fmt.Errorf("round %d [%d, %d) does not follow the %d completed rounds (next seed %d)", r.Index, r.Start, r.End, len(s.Rounds), s.Seeds())
	}
	s.Rounds = append(s.Rounds, r)
	return nil
}
