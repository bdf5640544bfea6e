package rounds

import (
	"strings"
	"testing"
)

var settings = map[string]string{"seed": "5", "backend": "offline", "dedup": "on"}

// simulate runs rounds where a share yield(round) of the seeds is
// accepted, interrupting and resuming (through Marshal/Parse) after every
// round, until Next says stop.
func simulate(t *testing.T, s *State, yield func(r Round) float64) *State {
	t.Helper()
	for i := 0; i < 100; i++ {
		r, ok := s.Next()
		if !ok {
			return s
		}
		r.Accepted = int64(float64(r.Seeds()) * yield(r))
		r.Rejected = r.Seeds() - r.Accepted
		if err := s.Complete(r); err != nil {
			t.Fatal(err)
		}
		again, err := Parse(s.Marshal())
		if err != nil {
			t.Fatal(err)
		}
		if err := again.Resume(s.Target, s.MaxSeeds, settings); err != nil {
			t.Fatal(err)
		}
		s = again
	}
	t.Fatal("more than 100 rounds")
	return nil
}

func TestRoundsReachTheTargetWithAdjacentSeedRanges(t *testing.T) {
	cases := []struct {
		name        string
		target, max int64
		first       int64
		yield       func(r Round) float64
		wantReached bool
		maxRounds   int
	}{
		{"steady 90% yield: one round of target/0.8", 1000, 100000, 0, func(Round) float64 { return 0.9 }, true, 1},
		{"yield below the assumption: a second, smaller round", 1000, 100000, 0, func(Round) float64 { return 0.5 }, true, 3},
		{"falling yield (more duplicates as the corpus grows)", 5000, 100000, 0, func(r Round) float64 { return 0.9 / float64(r.Index) }, true, 8},
		{"a round with no accepted rows doubles the next", 100, 100000, 0, func(r Round) float64 {
			if r.Index == 1 {
				return 0
			}
			return 0.9
		}, true, 3},
		{"an explicit first round", 300, 100000, 50, func(Round) float64 { return 0.9 }, true, 3},
		{"max seeds stops short of the target", 1000, 700, 0, func(Round) float64 { return 0.5 }, false, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, err := New(c.target, c.max, c.first, settings)
			if err != nil {
				t.Fatal(err)
			}
			s = simulate(t, s, c.yield)
			if s.Reached() != c.wantReached {
				t.Fatalf("reached %v (accepted %d of %d, seeds %d), want %v", s.Reached(), s.Accepted(), c.target, s.Seeds(), c.wantReached)
			}
			if !c.wantReached && s.Seeds() != c.max {
				t.Fatalf("stopped at %d seeds, max %d", s.Seeds(), c.max)
			}
			if len(s.Rounds) > c.maxRounds {
				t.Errorf("%d rounds, want at most %d: %+v", len(s.Rounds), c.maxRounds, s.Rounds)
			}
			if c.first > 0 && s.Rounds[0].Seeds() != c.first {
				t.Errorf("first round %d seeds, want %d", s.Rounds[0].Seeds(), c.first)
			}
			var end int64
			for i, r := range s.Rounds {
				if r.Index != i+1 || r.Start != end {
					t.Fatalf("round %+v does not follow seed %d", r, end)
				}
				end = r.End
				if i > 0 && r.Seeds() < MinRound && r.End != c.max {
					t.Errorf("round %d of %d seeds, below MinRound", r.Index, r.Seeds())
				}
			}
			if _, ok := s.Next(); ok {
				t.Error("Next plans a round after the run is over")
			}
		})
	}
}

func TestResumeRefusesOtherSettings(t *testing.T) {
	s, _ := New(100, 1000, 0, settings)
	r, _ := s.Next()
	r.Accepted = 10
	s.Complete(r)
	other := map[string]string{"seed": "6", "backend": "offline", "dedup": "on"}
	err := s.Resume(100, 1000, other)
	if err == nil || !strings.Contains(err.Error(), `seed "6" (was "5")`) {
		t.Fatalf("resume with another seed: %v", err)
	}
	if err := s.Resume(200, 1000, settings); err == nil || !strings.Contains(err.Error(), "target 200 (was 100)") {
		t.Fatalf("resume with another target: %v", err)
	}
	if err := s.Resume(100, 5000, settings); err != nil || s.MaxSeeds != 5000 {
		t.Fatalf("raising max seeds: %v (max %d)", err, s.MaxSeeds)
	}
}

func TestParseRejectsBrokenStates(t *testing.T) {
	for _, c := range []struct{ name, doc, want string }{
		{"not JSON", "{", "read rounds.json"},
		{"other version", `{"version":"rounds-v0"}`, "version"},
		{"gap between rounds", `{"version":"rounds-v1","rounds":[{"index":1,"start":0,"end":10},{"index":2,"start":11,"end":20}]}`, "adjacent"},
		{"empty round", `{"version":"rounds-v1","rounds":[{"index":1,"start":0,"end":0}]}`, "adjacent"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if _, err := Parse([]byte(c.doc)); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("Parse: %v, want an error with %q", err, c.want)
			}
		})
	}
}

func TestCompleteRefusesARoundThatDoesNotFollow(t *testing.T) {
	s, _ := New(100, 1000, 0, settings)
	if err := s.Complete(Round{Index: 1, Start: 5, End: 10}); err == nil {
		t.Fatal("accepted a first round that does not start at seed 0")
	}
	if err := s.Complete(Round{Index: 2, Start: 0, End: 10}); err == nil {
		t.Fatal("accepted round 2 before round 1")
	}
}
