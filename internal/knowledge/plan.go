package knowledge

import (
	"math/bits"
	"sync"
)

// cyclePlan is one cycle's partition of the schedule slots into cliques of
// coherent topics, each clique arranged as a cycle.
type cyclePlan struct {
	succ []int32 // slot -> next slot in its clique (itself for singletons)
	size []int32 // slot -> size of its clique
}

type planKey struct {
	runSeed int64
	cycle   uint64
}

// planCacheSize is how many cycle plans a sampler keeps.
const planCacheSize = 64

// planCache is a small FIFO cache of cycle plans. Plans are pure functions of
// their key, so the cache only saves time.
type planCache struct {
	mu    sync.Mutex
	cap   int
	plans map[planKey]*cyclePlan
	fifo  []planKey
}

func newPlanCache(capacity int) *planCache {
	return &planCache{cap: capacity, plans: make(map[planKey]*cyclePlan, capacity)}
}

func (c *planCache) get(k planKey) (*cyclePlan, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	p, ok := c.plans[k]
	return p, ok
}

func (c *planCache) put(k planKey, p *cyclePlan) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.plans[k]; ok {
		return
	}
	if len(c.fifo) >= c.cap {
		delete(c.plans, c.fifo[0])
		c.fifo = c.fifo[1:]
	}
	c.plans[k] = p
	c.fifo = append(c.fifo, k)
}

// buildAffinity fills the dense affinity matrix and partner lists of the
// local topics: positive exactly for coherent pairs of distinct topics.
func (s *Sampler) buildAffinity() {
	n := len(s.topics)
	s.n = n
	s.aff = make([]float32, n*n)
	s.partners = make([][]int32, n)
	for i, a := range s.topics {
		for j, b := range s.topics {
			if i == j || !s.kb.Adjacent(a.Stage, b.Stage) || !s.kb.Compatible(a.Subject, b.Subject) {
				continue
			}
			s.aff[i*n+j] = float32(affinity(a, b))
			s.partners[i] = append(s.partners[i], int32(j))
		}
	}
}

// coherentSlots reports whether two schedule slots may share a seed.
func (s *Sampler) coherentSlots(a, b int32) bool {
	return s.aff[int(s.schedule[a])*s.n+int(s.schedule[b])] > 0
}

// plan returns the clique partition of one cycle, building it if needed.
func (s *Sampler) plan(runSeed int64, cycle uint64) *cyclePlan {
	key := planKey{runSeed, cycle}
	if p, ok := s.plans.get(key); ok {
		return p
	}
	p := s.buildPlan(runSeed, cycle)
	s.plans.put(key, p)
	return p
}

// buildPlan partitions the schedule slots into cliques of pairwise coherent,
// distinct topics. Cliques are grown from slots in random order to a random
// target size in [minClique, maxClique], adding candidates with probability
// proportional to their summed affinity to the members so far. Slots left in
// cliques smaller than minClique then try to join another clique (up to
// capClique) all of whose members they are coherent with.
func (s *Sampler) buildPlan(runSeed int64, cycle uint64) *cyclePlan {
	L := len(s.schedule)
	rng := newRNG(mix(uint64(runSeed), cycle, 0xc11c))
	order := rng.perm(L)
	assigned := make([]bool, L)
	var cliques [][]int32

	var cand []int32
	var score []float64
	for _, q0 := range order {
		q := int32(q0)
		if assigned[q] {
			continue
		}
		assigned[q] = true
		members := []int32{q}
		target := minClique + rng.intn(maxClique-minClique+1)
		cand, score = cand[:0], score[:0]
		t := s.schedule[q]
		for _, pt := range s.partners[t] {
			for _, slot := range s.slotsOf[pt] {
				if !assigned[slot] {
					cand = append(cand, slot)
					score = append(score, float64(s.aff[int(t)*s.n+int(pt)]))
				}
			}
		}
		for len(members) < target && len(cand) > 0 {
			total := 0.0
			for _, w := range score {
				total += w
			}
			u := rng.float() * total
			pick := len(cand) - 1
			for i, w := range score {
				if u < w {
					pick = i
					break
				}
				u -= w
			}
			c := cand[pick]
			assigned[c] = true
			members = append(members, c)
			ct := s.schedule[c]
			// keep candidates coherent with the new member, add its affinity
			k := 0
			for i, x := range cand {
				if i == pick {
					continue
				}
				w := s.aff[int(ct)*s.n+int(s.schedule[x])]
				if w <= 0 {
					continue
				}
				cand[k] = x
				score[k] = score[i] + float64(w)
				k++
			}
			cand, score = cand[:k], score[:k]
		}
		cliques = append(cliques, members)
	}

	// Let members of small cliques join larger ones where they fit.
	var kept [][]int32
	var loose []int32
	for _, c := range cliques {
		if len(c) >= minClique {
			kept = append(kept, c)
		} else {
			loose = append(loose, c...)
		}
	}
	var stranded []int32
	for _, x := range loose {
		placed := false
		start := 0
		if len(kept) > 0 {
			start = rng.intn(len(kept))
		}
		for i := 0; i < len(kept) && !placed; i++ {
			c := kept[(start+i)%len(kept)]
			if len(c) >= capClique {
				continue
			}
			fits := true
			for _, y := range c {
				if !s.coherentSlots(x, y) {
					fits = false
					break
				}
			}
			if fits {
				kept[(start+i)%len(kept)] = append(c, x)
				placed = true
			}
		}
		if !placed {
			stranded = append(stranded, x)
		}
	}
	// Whatever is left forms cliques among itself, greedily in order.
	for len(stranded) > 0 {
		c := []int32{stranded[0]}
		var rest []int32
		for _, x := range stranded[1:] {
			fits := len(c) < maxClique
			for _, y := range c {
				if fits && !s.coherentSlots(x, y) {
					fits = false
				}
			}
			if fits {
				c = append(c, x)
			} else {
				rest = append(rest, x)
			}
		}
		kept = append(kept, c)
		stranded = rest
	}

	p := &cyclePlan{succ: make([]int32, L), size: make([]int32, L)}
	for _, c := range kept {
		for i, q := range c {
			p.succ[q] = c[(i+1)%len(c)]
			p.size[q] = int32(len(c))
		}
	}
	return p
}

// rng is a small deterministic SplitMix64 generator.
type rng struct{ state uint64 }

func newRNG(seed uint64) *rng { return &rng{state: seed} }

func (r *rng) next() uint64 {
	r.state += 0x9e3779b97f4a7c15
	x := r.state
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// float returns a uniform value in [0, 1).
func (r *rng) float() float64 { return unitFloat(r.next()) }

// intn returns a uniform value in [0, n) (n > 0), using Lemire's method.
func (r *rng) intn(n int) int {
	for {
		x := r.next()
		hi, lo := bits.Mul64(x, uint64(n))
		if lo >= uint64(n) || lo >= (-uint64(n))%uint64(n) {
			return int(hi)
		}
	}
}

// perm returns a uniform random permutation of [0, n) (Fisher-Yates).
func (r *rng) perm(n int) []int {
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	for i := n - 1; i > 0; i-- {
		j := r.intn(i + 1)
		p[i], p[j] = p[j], p[i]
	}
	return p
}
