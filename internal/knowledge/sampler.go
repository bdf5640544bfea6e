package knowledge

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/arrows-math/arrows/schemas"
)

// SamplerConfig holds the sampler's parameters. Everything except Allowed is
// plain data, so a config can be serialized and the identical sampler rebuilt
// on a remote worker with NewSampler; Sampler.Config returns the effective
// config with an Allowed predicate materialized into AllowedTopics.
type SamplerConfig struct {
	// StratumWeights scales how often topics of a stratum are sampled, relative
	// to even per-topic coverage. Keys are "stage" or "stage/subject"; both
	// apply (multiplied) when present, a missing key means 1, and 0 excludes
	// the stratum.
	StratumWeights map[string]float64 `json:"stratum_weights,omitempty"`
	// TopicCounts are relative weights of seeds with 1, 2 and 3 topics. The
	// zero value means DefaultTopicCounts.
	TopicCounts [3]float64 `json:"topic_counts"`
	// Allowed optionally restricts sampling to topics it accepts (e.g. the
	// topics the offline generator covers). nil allows all. Not serialized:
	// see AllowedTopics.
	Allowed func(topicID string) bool `json:"-"`
	// AllowedTopics optionally restricts sampling to the listed topic ids
	// (the serializable form of Allowed). When both are set a topic must pass
	// both.
	AllowedTopics []string `json:"allowed_topics,omitempty"`
}

// DefaultTopicCounts are the default weights of 1-, 2- and 3-topic seeds.
var DefaultTopicCounts = [3]float64{0.3, 0.45, 0.25}

// DefaultSamplerConfig returns even per-topic coverage over all topics with
// the default topic-count mix.
func DefaultSamplerConfig() SamplerConfig {
	return SamplerConfig{TopicCounts: DefaultTopicCounts}
}

// Sampler draws coherent topic combinations with even stratified coverage.
//
// Sample(runSeed, i) is a pure function of its arguments and the config:
//   - Primary topic. A deterministic schedule of length L holds each allowed
//     topic t c_t times (c_t proportional to its stratum weight; c_t = 1 for
//     every topic by default). Seed i is in cycle i / L and uses slot i mod L
//     under a pseudo-random permutation of the schedule (a keyed Feistel
//     network) re-keyed per cycle from runSeed, so each full cycle makes every
//     topic primary exactly c_t times.
//   - Companions. Each cycle's schedule is also partitioned, with an RNG
//     seeded from hash(runSeed, cycle), into small random cliques (3 to 6
//     slots, a few more when absorbing leftovers) of pairwise coherent topics: same or adjacent stage, compatible
//     subjects, distinct topics. Members are picked with an affinity that
//     prefers the same subject and stage and shared or direct prerequisites.
//     The clique is a cycle; the first companion of a seed is its primary's
//     successor and the second companion the successor's successor. Every slot
//     is thus exactly one seed's first companion and one seed's second
//     companion per cycle, which keeps total coverage even, not just primary
//     coverage.
//   - Topic count. Whether a seed takes its first (second) companion is read
//     from a low-discrepancy (Kronecker) sequence in that companion topic's
//     occurrence number, so each topic is used as a companion in almost
//     exactly the configured fraction of cycles.
//
// Cycle partitions are cached (by runSeed and cycle) purely as a speed-up; the
// result never depends on call order. A Sampler is immutable after
// NewSampler and safe for concurrent use.
type Sampler struct {
	kb  *KB
	cfg SamplerConfig

	topics   []*Topic // local index -> topic, sorted by id
	local    map[string]int
	copies   []int     // schedule copies per local topic
	quota    []float64 // target share of primary slots (copies / L)
	schedule []int32   // slot -> local topic
	copyOf   []int32   // slot -> copy number of that topic
	slotsOf  [][]int32 // local topic -> its schedule slots
	countCDF [3]float64

	n        int       // number of local topics
	aff      []float32 // n*n affinity of coherent distinct pairs, 0 otherwise
	partners [][]int32 // coherent partners per local topic, ascending

	bits  int // Feistel domain is [0, 2^bits)
	plans *planCache
}

// Clique sizes of the per-cycle partition.
const (
	minClique = 3
	maxClique = 6
	// capClique bounds cliques grown by absorbing leftover slots.
	capClique = 9
)

// Low-discrepancy increments in 64-bit fixed point: the fractional parts of
// (sqrt(5)-1)/2, sqrt(2)-1 and sqrt(3)-1, which are linearly independent over
// the rationals together with 1, times 2^64. Integer wrap-around makes the
// Kronecker sequence frac(offset + m*alpha) exact for every m.
var weyl = [3]uint64{
	0x9e3779b97f4a7c15, // (sqrt(5)-1)/2
	0x6a09e667f3bcc908, // sqrt(2)-1
	0xbb67ae8584caa73b, // sqrt(3)-1
}

// maxScheduleLen bounds the schedule length when weights are uneven.
const maxScheduleLen = 1 << 15

// NewSampler validates cfg against kb and builds the sampler.
func NewSampler(kb *KB, cfg SamplerConfig) (*Sampler, error) {
	if kb == nil {
		return nil, fmt.Errorf("knowledge: NewSampler: nil knowledge base")
	}
	s := &Sampler{kb: kb, local: map[string]int{}}
	if err := s.setCounts(cfg.TopicCounts); err != nil {
		return nil, err
	}
	weights, err := s.topicWeights(cfg)
	if err != nil {
		return nil, err
	}
	s.buildSchedule(weights)
	s.buildAffinity()
	s.bits = feistelBits(len(s.schedule))
	s.plans = newPlanCache(planCacheSize)

	s.cfg = SamplerConfig{TopicCounts: cfg.TopicCounts}
	if s.cfg.TopicCounts == ([3]float64{}) {
		s.cfg.TopicCounts = DefaultTopicCounts
	}
	if len(cfg.StratumWeights) > 0 {
		s.cfg.StratumWeights = make(map[string]float64, len(cfg.StratumWeights))
		for k, v := range cfg.StratumWeights {
			s.cfg.StratumWeights[k] = v
		}
	}
	if cfg.Allowed != nil || len(cfg.AllowedTopics) > 0 {
		for _, t := range s.topics {
			s.cfg.AllowedTopics = append(s.cfg.AllowedTopics, t.ID)
		}
	}
	return s, nil
}

func (s *Sampler) setCounts(tc [3]float64) error {
	if tc == ([3]float64{}) {
		tc = DefaultTopicCounts
	}
	total := 0.0
	for i, w := range tc {
		if w < 0 || math.IsNaN(w) || math.IsInf(w, 0) {
			return fmt.Errorf("knowledge: sampler config: topic count weight for %d topics is %v, want a finite value >= 0", i+1, w)
		}
		total += w
	}
	acc := 0.0
	for i, w := range tc {
		acc += w / total
		s.countCDF[i] = acc
	}
	s.countCDF[2] = 1
	return nil
}

// topicWeights checks the config and returns the positive weight of every
// allowed topic, keyed by topic id.
func (s *Sampler) topicWeights(cfg SamplerConfig) (map[string]float64, error) {
	kb := s.kb
	for key, w := range cfg.StratumWeights {
		if w < 0 || math.IsNaN(w) || math.IsInf(w, 0) {
			return nil, fmt.Errorf("knowledge: sampler config: stratum weight %q = %v, want a finite value >= 0", key, w)
		}
		stage, subject, hasSubject := strings.Cut(key, "/")
		if _, ok := kb.Stage(stage); !ok {
			return nil, fmt.Errorf("knowledge: sampler config: stratum weight %q: unknown stage %q", key, stage)
		}
		if hasSubject {
			if _, ok := kb.Subject(subject); !ok {
				return nil, fmt.Errorf("knowledge: sampler config: stratum weight %q: unknown subject %q", key, subject)
			}
		}
	}
	var listed map[string]bool
	if len(cfg.AllowedTopics) > 0 {
		listed = make(map[string]bool, len(cfg.AllowedTopics))
		for _, id := range cfg.AllowedTopics {
			if _, ok := kb.Topic(id); !ok {
				return nil, fmt.Errorf("knowledge: sampler config: allowed topic %q is not in the knowledge base", id)
			}
			listed[id] = true
		}
	}
	weights := map[string]float64{}
	for i := range kb.Topics {
		t := &kb.Topics[i]
		if listed != nil && !listed[t.ID] {
			continue
		}
		if cfg.Allowed != nil && !cfg.Allowed(t.ID) {
			continue
		}
		w := 1.0
		if v, ok := cfg.StratumWeights[t.Stage]; ok {
			w *= v
		}
		if v, ok := cfg.StratumWeights[t.Stage+"/"+t.Subject]; ok {
			w *= v
		}
		if w > 0 {
			weights[t.ID] = w
		}
	}
	if len(weights) == 0 {
		return nil, fmt.Errorf("knowledge: sampler config: no topic is allowed with a positive weight")
	}
	return weights, nil
}

// buildSchedule turns weights into integer copy counts and lays out the schedule.
func (s *Sampler) buildSchedule(weights map[string]float64) {
	ids := make([]string, 0, len(weights))
	minW := math.Inf(1)
	for id, w := range weights {
		ids = append(ids, id)
		minW = math.Min(minW, w)
	}
	sort.Strings(ids)
	for i, id := range ids {
		t, _ := s.kb.Topic(id)
		s.topics = append(s.topics, t)
		s.local[id] = i
	}
	ratio := make([]float64, len(ids))
	for i, id := range ids {
		ratio[i] = weights[id] / minW
	}
	best, bestErr := []int(nil), math.Inf(1)
	for k := 1; k <= 1000; k++ {
		counts := make([]int, len(ids))
		total, worst := 0, 0.0
		for i, r := range ratio {
			c := int(math.Max(1, math.Round(float64(k)*r)))
			counts[i] = c
			total += c
			worst = math.Max(worst, math.Abs(float64(c)-float64(k)*r)/(float64(k)*r))
		}
		if total > maxScheduleLen {
			break
		}
		if worst < bestErr {
			best, bestErr = counts, worst
		}
		if worst <= 0.01 {
			break
		}
	}
	if best == nil { // even k = 1 is too long: cap the largest ratios
		best = make([]int, len(ids))
		for i, r := range ratio {
			best[i] = int(math.Max(1, math.Min(math.Round(r), float64(maxScheduleLen/len(ids)))))
		}
	}
	s.copies = best
	s.slotsOf = make([][]int32, len(best))
	for i, c := range best {
		for j := 0; j < c; j++ {
			s.slotsOf[i] = append(s.slotsOf[i], int32(len(s.schedule)))
			s.schedule = append(s.schedule, int32(i))
			s.copyOf = append(s.copyOf, int32(j))
		}
	}
	s.quota = make([]float64, len(best))
	for i, c := range best {
		s.quota[i] = float64(c) / float64(len(s.schedule))
	}
}

// affinity is the companion preference between two coherent topics.
func affinity(a, b *Topic) float64 {
	w := 1.0
	if a.Subject == b.Subject {
		w *= 3
	}
	if a.Stage == b.Stage {
		w *= 1.5
	}
	switch {
	case contains(a.Prerequisites, b.ID) || contains(b.Prerequisites, a.ID):
		w *= 2
	case sharesAny(a.Prerequisites, b.Prerequisites):
		w *= 1.5
	}
	return w
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func sharesAny(a, b []string) bool {
	for _, x := range a {
		if contains(b, x) {
			return true
		}
	}
	return false
}

// Config returns the effective, serializable configuration: the topic counts
// (the default filled in), the stratum weights, and (when sampling was restricted) the allowed
// topic ids. NewSampler(kb, s.Config()) rebuilds an identical sampler.
func (s *Sampler) Config() SamplerConfig {
	out := s.cfg
	out.AllowedTopics = append([]string(nil), s.cfg.AllowedTopics...)
	if s.cfg.StratumWeights != nil {
		out.StratumWeights = make(map[string]float64, len(s.cfg.StratumWeights))
		for k, v := range s.cfg.StratumWeights {
			out.StratumWeights[k] = v
		}
	}
	return out
}

// ScheduleLength is the cycle length L of the primary-topic schedule: every
// run of L consecutive indices starting at a multiple of L uses each topic
// as primary exactly its quota of times.
func (s *Sampler) ScheduleLength() int64 { return int64(len(s.schedule)) }

// Topics returns the ids of the topics the sampler can return, sorted.
func (s *Sampler) Topics() []string {
	ids := make([]string, len(s.topics))
	for i, t := range s.topics {
		ids[i] = t.ID
	}
	return ids
}

// Quota returns the topic's target share of primary slots (0 if the sampler
// never returns it).
func (s *Sampler) Quota(id string) float64 {
	i, ok := s.local[id]
	if !ok {
		return 0
	}
	return s.quota[i]
}

// Sample returns the topics of seed index under runSeed: the primary topic
// first, then 0 to 2 coherent companions. It is a pure function of
// (runSeed, index); see Sampler for the construction.
func (s *Sampler) Sample(runSeed, index int64) []schemas.TopicRef {
	ids := s.sampleLocal(runSeed, index)
	out := make([]schemas.TopicRef, len(ids))
	for i, li := range ids {
		ref, _ := s.kb.Ref(s.topics[li].ID)
		out[i] = ref
	}
	return out
}

// SampleIDs is Sample returning topic ids only.
func (s *Sampler) SampleIDs(runSeed, index int64) []string {
	ids := s.sampleLocal(runSeed, index)
	out := make([]string, len(ids))
	for i, li := range ids {
		out[i] = s.topics[li].ID
	}
	return out
}

func (s *Sampler) sampleLocal(runSeed, index int64) []int32 {
	L := uint64(len(s.schedule))
	idx := uint64(index)
	cycle, slot := idx/L, idx%L
	q := s.permute(slot, mix(uint64(runSeed), cycle, 0x5eed))
	out := []int32{s.schedule[q]}
	plan := s.plan(runSeed, cycle)
	if plan.size[q] < 2 || !s.takes(runSeed, cycle, plan.succ[q], 1, s.countCDF[0], 1) {
		return out
	}
	q1 := plan.succ[q]
	out = append(out, s.schedule[q1])
	p3 := s.countCDF[2] - s.countCDF[1]
	p23 := 1 - s.countCDF[0]
	if plan.size[q] < 3 || p23 <= 0 || !s.takes(runSeed, cycle, plan.succ[q1], 2, 1-p3/p23, 1) {
		return out
	}
	return append(out, s.schedule[plan.succ[q1]])
}

// takes decides whether the companion at schedule slot q is used: true when
// the Kronecker sequence of q's topic (kind 1: first companion, kind 2:
// second), evaluated at the slot's occurrence number, falls in [lo, hi).
func (s *Sampler) takes(runSeed int64, cycle uint64, q int32, kind uint64, lo, hi float64) bool {
	t := s.schedule[q]
	m := cycle*uint64(s.copies[t]) + uint64(s.copyOf[q])
	u := unitFloat(mix(uint64(runSeed), uint64(t), 0xc0de+kind) + m*weyl[kind])
	return u >= lo && u < hi
}

// permute maps slot to a position in [0, L) under a keyed Feistel network
// on [0, 2^bits) with cycle walking; for a fixed key it is a bijection.
func (s *Sampler) permute(slot, key uint64) int {
	L := uint64(len(s.schedule))
	if L == 1 {
		return 0
	}
	half := uint(s.bits / 2)
	mask := uint64(1)<<half - 1
	x := slot
	for {
		left, right := x>>half, x&mask
		for r := uint64(0); r < 4; r++ {
			left, right = right, left^(mix(key, r, right)&mask)
		}
		x = left<<half | right
		if x < L {
			return int(x)
		}
	}
}

// feistelBits is the smallest even bit count (>= 2) whose range covers n.
func feistelBits(n int) int {
	b := 2
	for 1<<b < n {
		b += 2
	}
	return b
}

// mix hashes three words into one (SplitMix64 finalizer chain).
func mix(a, b, c uint64) uint64 {
	h := splitmix(a ^ 0x9e3779b97f4a7c15)
	h = splitmix(h ^ b)
	return splitmix(h ^ c)
}

func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// unitFloat maps a hash to [0, 1).
func unitFloat(h uint64) float64 { return float64(h>>11) / (1 << 53) }
