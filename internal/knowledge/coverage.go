package knowledge

import (
	"math"
	"sort"
	"strings"
)

// TopicCoverage is one topic's line in a CoverageReport.
type TopicCoverage struct {
	ID string `json:"id"`
	// Count is how many seeds include the topic (as primary or companion).
	Count int64 `json:"count"`
	// Primary is how many seeds have it as primary topic.
	Primary int64 `json:"primary"`
	// Target is the topic's quota share of all topic slots drawn.
	Target float64 `json:"target"`
	// PrimaryTarget is its quota share of primary slots (n * quota).
	PrimaryTarget float64 `json:"primary_target"`
	// Ratio is Count / Target.
	Ratio float64 `json:"ratio"`
}

// PairCount is how many seeds contained both topics of a pair.
type PairCount struct {
	A     string `json:"a"`
	B     string `json:"b"`
	Count int64  `json:"count"`
}

// CoverageReport summarizes the seeds [0, n) of one run.
type CoverageReport struct {
	RunSeed int64 `json:"run_seed"`
	Seeds   int64 `json:"seeds"`
	// TopicSlots is the total number of topics over all seeds.
	TopicSlots int64 `json:"topic_slots"`
	// TopicCounts[k-1] is the number of seeds with k topics.
	TopicCounts [3]int64 `json:"topic_counts"`
	// Topics has one entry per topic the sampler can return, sorted by id.
	Topics         []TopicCoverage `json:"topics"`
	DistinctTopics int             `json:"distinct_topics"`
	// MinRatio and MaxRatio bound Count/Target over all topics.
	MinRatio float64 `json:"min_ratio"`
	MaxRatio float64 `json:"max_ratio"`
	// PrimaryMinRatio and PrimaryMaxRatio bound Primary/PrimaryTarget.
	PrimaryMinRatio float64 `json:"primary_min_ratio"`
	PrimaryMaxRatio float64 `json:"primary_max_ratio"`
	// Pairs counts unordered topic pairs co-occurring in a seed, most frequent first.
	Pairs         []PairCount `json:"pairs"`
	DistinctPairs int         `json:"distinct_pairs"`
	// StageCounts and SubjectCounts count topic slots per stage and subject.
	StageCounts   map[string]int64 `json:"stage_counts"`
	SubjectCounts map[string]int64 `json:"subject_counts"`
}

// Coverage samples the seeds 0..n-1 of runSeed and reports how often each
// topic and topic pair occurred against the target quotas.
func (s *Sampler) Coverage(runSeed int64, n int64) CoverageReport {
	rep := CoverageReport{
		RunSeed:       runSeed,
		Seeds:         n,
		StageCounts:   map[string]int64{},
		SubjectCounts: map[string]int64{},
	}
	count := make([]int64, len(s.topics))
	primary := make([]int64, len(s.topics))
	pairs := map[[2]int32]int64{}
	for i := int64(0); i < n; i++ {
		ids := s.sampleLocal(runSeed, i)
		rep.TopicCounts[len(ids)-1]++
		rep.TopicSlots += int64(len(ids))
		primary[ids[0]]++
		for a, x := range ids {
			count[x]++
			t := s.topics[x]
			rep.StageCounts[t.Stage]++
			rep.SubjectCounts[t.Subject]++
			for _, y := range ids[a+1:] {
				key := [2]int32{x, y}
				if s.topics[y].ID < s.topics[x].ID {
					key = [2]int32{y, x}
				}
				pairs[key]++
			}
		}
	}
	rep.MinRatio, rep.PrimaryMinRatio = math.Inf(1), math.Inf(1)
	for i, t := range s.topics {
		tc := TopicCoverage{
			ID:            t.ID,
			Count:         count[i],
			Primary:       primary[i],
			Target:        s.quota[i] * float64(rep.TopicSlots),
			PrimaryTarget: s.quota[i] * float64(n),
		}
		if tc.Target > 0 {
			tc.Ratio = float64(tc.Count) / tc.Target
		}
		if count[i] > 0 {
			rep.DistinctTopics++
		}
		rep.MinRatio = math.Min(rep.MinRatio, tc.Ratio)
		rep.MaxRatio = math.Max(rep.MaxRatio, tc.Ratio)
		if tc.PrimaryTarget > 0 {
			r := float64(tc.Primary) / tc.PrimaryTarget
			rep.PrimaryMinRatio = math.Min(rep.PrimaryMinRatio, r)
			rep.PrimaryMaxRatio = math.Max(rep.PrimaryMaxRatio, r)
		}
		rep.Topics = append(rep.Topics, tc)
	}
	if n == 0 {
		rep.MinRatio, rep.MaxRatio, rep.PrimaryMinRatio, rep.PrimaryMaxRatio = 0, 0, 0, 0
	}
	for key, c := range pairs {
		rep.Pairs = append(rep.Pairs, PairCount{A: s.topics[key[0]].ID, B: s.topics[key[1]].ID, Count: c})
	}
	sort.Slice(rep.Pairs, func(i, j int) bool {
		a, b := rep.Pairs[i], rep.Pairs[j]
		if a.Count != b.Count {
			return a.Count > b.Count
		}
		return strings.Compare(a.A+"+"+a.B, b.A+"+"+b.B) < 0
	})
	rep.DistinctPairs = len(rep.Pairs)
	return rep
}
