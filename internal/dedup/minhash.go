package dedup

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// MinHash computes MinHash signatures of word shingles of NormalizeText and
// cuts them into LSH bands.
//
// The shingle set of a text is its word Shingle-grams plus, for every
// distinct number token, NumberWeight extra shingles made from the number
// alone. Two texts whose shingle sets have Jaccard similarity J share at
// least one band key with probability P(J) = 1 - (1 - J^r)^b, where
// b = Bands and r = NumPerm/Bands rows per band. With the defaults (120
// permutations, 20 bands x 6 rows) the S-curve is:
//
//	J     0.3    0.4    0.5    0.6    0.7    0.75   0.8    0.9
//	P(J)  0.014  0.079  0.27   0.63   0.92   0.98   0.998  1.000
//
// Its midpoint (1/b)^(1/r) is 0.61, below the default Threshold of 0.7, so
// banding finds >= 92% of pairs at J = 0.7 and practically all pairs above
// 0.8; candidates that share a band are then confirmed with Similarity >=
// Threshold (see Dedup).
//
// Why 2-word shingles and a number weight of 3: math problems are short
// (10-80 tokens). With 2-word shingles one changed word removes 2 shingles,
// so a 20-token problem with one word replaced keeps J ~ 0.8, and swapping
// two clauses changes only the shingles at the seams; with 3-word shingles
// a single-word edit of a 20-token problem falls to J ~ 0.7 and was found
// only 63% of the time in our tests (97% with the defaults). The number
// shingles make a changed number weigh about as much as three changed
// words, so that "the same text with different numbers" — a different
// problem instance — mostly stays below the threshold: among 1,000
// template-generated problems, 1.5% of same-template pairs were still
// flagged (long boilerplate with one number changed), versus 9.7% without
// number shingles. Such "new numbers" clones are the job of StructureKey.
type MinHash struct {
	// NumPerm is the number of hash functions (signature length).
	NumPerm int
	// Bands is the number of LSH bands; NumPerm must be a multiple of it.
	Bands int
	// Shingle is the number of consecutive tokens per shingle. Texts with
	// fewer tokens form a single shingle of all their tokens.
	Shingle int
	// NumberWeight adds, for every distinct number in the text, this many
	// extra shingles derived from the number alone, so that a changed
	// number weighs more than a changed word (0 disables).
	NumberWeight int
	// Threshold is the estimated Jaccard similarity at or above which two
	// texts are near-duplicates.
	Threshold float64
	// Seed selects the hash family; signatures are comparable only when
	// computed with the same NumPerm, Shingle and Seed.
	Seed uint64
}

// DefaultMinHash returns the recommended parameters (see MinHash).
func DefaultMinHash() MinHash {
	return MinHash{NumPerm: 120, Bands: 20, Shingle: 2, NumberWeight: 3, Threshold: 0.7, Seed: 0x5eed_a770_0000_0001}
}

// Validate reports whether the parameters are usable.
func (m MinHash) Validate() error {
	switch {
	case m.NumPerm <= 0:
		return fmt.Errorf("minhash: NumPerm must be positive, got %d", m.NumPerm)
	case m.Bands <= 0 || m.NumPerm%m.Bands != 0:
		return fmt.Errorf("minhash: Bands (%d) must be positive and divide NumPerm (%d)", m.Bands, m.NumPerm)
	case m.Shingle <= 0:
		return fmt.Errorf("minhash: Shingle must be positive, got %d", m.Shingle)
	case m.NumberWeight < 0:
		return fmt.Errorf("minhash: NumberWeight must not be negative, got %d", m.NumberWeight)
	case m.Threshold <= 0 || m.Threshold > 1:
		return fmt.Errorf("minhash: Threshold must be in (0, 1], got %g", m.Threshold)
	}
	return nil
}

// CandidateProbability is the LSH S-curve: the probability that two texts
// with shingle Jaccard similarity j share at least one band key.
func (m MinHash) CandidateProbability(j float64) float64 {
	r := float64(m.NumPerm / m.Bands)
	return 1 - math.Pow(1-math.Pow(j, r), float64(m.Bands))
}

// splitmix64 is the SplitMix64 finaliser, a bijection on uint64 with good
// avalanche behaviour.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// HashTokens is the 64-bit FNV-1a hash of tokens joined by a 0x1f unit
// separator, passed through splitmix64. It is stable across platforms and
// releases; n-gram sets derived from it must be rebuilt if it changes.
func HashTokens(tokens []string) uint64 {
	const (
		offset = 14695981039346656037
		prime  = 1099511628211
	)
	h := uint64(offset)
	for i, tok := range tokens {
		if i > 0 {
			h ^= 0x1f
			h *= prime
		}
		for j := 0; j < len(tok); j++ {
			h ^= uint64(tok[j])
			h *= prime
		}
	}
	return splitmix64(h)
}

// shingles returns the distinct shingle hashes of a text.
func (m MinHash) shingles(text string) []uint64 {
	toks := Tokens(text)
	if len(toks) == 0 {
		return nil
	}
	k := m.Shingle
	var out []uint64
	if len(toks) < k {
		out = append(out, HashTokens(toks))
	} else {
		for i := 0; i+k <= len(toks); i++ {
			out = append(out, HashTokens(toks[i:i+k]))
		}
	}
	if m.NumberWeight > 0 {
		for _, tok := range toks {
			if tok[0] < '0' || tok[0] > '9' {
				continue
			}
			for w := 0; w < m.NumberWeight; w++ {
				out = append(out, HashTokens([]string{"\x00num", tok, strconv.Itoa(w)}))
			}
		}
	}
	return out
}

// permKeys derives NumPerm hash-function keys from Seed.
func (m MinHash) permKeys() []uint64 {
	keys := make([]uint64, m.NumPerm)
	s := m.Seed
	for i := range keys {
		s = splitmix64(s)
		keys[i] = s
	}
	return keys
}

// Signature returns the MinHash signature of NormalizeText(text): for each
// of NumPerm hash functions h_i(x) = splitmix64(x XOR k_i), the minimum
// over the text's shingle hashes. A text without tokens gets a signature of
// all math.MaxUint64 (equal to every other empty text's).
func (m MinHash) Signature(text string) []uint64 {
	sig := make([]uint64, m.NumPerm)
	for i := range sig {
		sig[i] = math.MaxUint64
	}
	sh := m.shingles(text)
	if len(sh) == 0 {
		return sig
	}
	keys := m.permKeys()
	for _, x := range sh {
		for i, k := range keys {
			if v := splitmix64(x ^ k); v < sig[i] {
				sig[i] = v
			}
		}
	}
	return sig
}

// BandKeys cuts a signature into Bands bands of NumPerm/Bands rows and
// returns one key per band, "b<index>:<hash of the band's rows>". Rows
// sharing any key are near-duplicate candidates; group by key to find them.
func (m MinHash) BandKeys(sig []uint64) []string {
	hs := m.BandHashes(sig)
	if hs == nil {
		return nil
	}
	keys := make([]string, len(hs))
	for b, h := range hs {
		var hb [8]byte
		binary.BigEndian.PutUint64(hb[:], h)
		keys[b] = fmt.Sprintf("b%02d:%s", b, hex.EncodeToString(hb[:]))
	}
	return keys
}

// BandHashes returns the hash of each band of a signature: band b's key
// in BandKeys is "b<b>:<hex of BandHashes(sig)[b]>", so two signatures
// share a band key exactly when they share (band index, band hash).
func (m MinHash) BandHashes(sig []uint64) []uint64 {
	if m.Bands <= 0 || len(sig) == 0 {
		return nil
	}
	rows := len(sig) / m.Bands
	hs := make([]uint64, m.Bands)
	buf := make([]byte, 8*rows)
	for b := 0; b < m.Bands; b++ {
		for r := 0; r < rows; r++ {
			binary.LittleEndian.PutUint64(buf[8*r:], sig[b*rows+r])
		}
		hs[b] = splitmix64(hashBytes(buf))
	}
	return hs
}

func hashBytes(b []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range b {
		h ^= uint64(c)
		h *= 1099511628211
	}
	return h
}

// Similarity estimates the Jaccard similarity of the texts behind two
// signatures: the fraction of positions where they agree. Signatures of
// different lengths are not comparable and give 0.
func Similarity(a, b []uint64) float64 {
	if len(a) != len(b) || len(a) == 0 {
		return 0
	}
	same := 0
	for i := range a {
		if a[i] == b[i] {
			same++
		}
	}
	return float64(same) / float64(len(a))
}

// Representative is the deterministic member kept from a duplicate group:
// the smallest id in byte order ("" for an empty group).
func Representative(ids []string) string {
	if len(ids) == 0 {
		return ""
	}
	best := ids[0]
	for _, id := range ids[1:] {
		if id < best {
			best = id
		}
	}
	return best
}

// Member is a row of a band group: its id and MinHash signature.
type Member struct {
	ID        string   `json:"id"`
	Signature []uint64 `json:"sig"`
}

// Duplicate says that row ID is a near-duplicate of the kept row Of.
type Duplicate struct {
	ID         string  `json:"id"`
	Of         string  `json:"of"`
	Similarity float64 `json:"similarity"`
}

// Dedup resolves one band group (the members sharing a band key): members
// are visited in id order; a member whose Similarity to an already kept
// member is >= m.Threshold is reported as its duplicate, otherwise it is
// kept. The result is deterministic and independent of the input order.
// Identical ids are collapsed first. The cost is O(len(group) x kept).
//
// A pipeline drops the union of the reported ids over all bands. Across
// bands this is greedy, not a transitive closure: a row is dropped when it
// is similar to a smaller-id row, even if that row is itself dropped
// elsewhere. Every dropped row therefore has a confirmed near-duplicate
// with a smaller id in the input.
func (m MinHash) Dedup(group []Member) []Duplicate {
	sorted := make([]Member, len(group))
	copy(sorted, group)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].ID < sorted[j].ID })
	var kept []Member
	var dups []Duplicate
	for i, mem := range sorted {
		if i > 0 && mem.ID == sorted[i-1].ID {
			continue
		}
		bestSim, bestID := 0.0, ""
		for _, k := range kept {
			if s := Similarity(mem.Signature, k.Signature); s >= m.Threshold && s > bestSim {
				bestSim, bestID = s, k.ID
			}
		}
		if bestID != "" {
			dups = append(dups, Duplicate{ID: mem.ID, Of: bestID, Similarity: bestSim})
			continue
		}
		kept = append(kept, mem)
	}
	return dups
}

// Rejection reasons written by the dedup stage (schemas.Rejection.Reason
// with Stage "dedup").
const (
	ReasonExact     = "exact_duplicate"
	ReasonNear      = "near_duplicate"
	ReasonStructure = "structure_duplicate"
)

// joinSorted returns the sorted, de-duplicated, non-empty strings joined by sep.
func joinSorted(ss []string, sep string) string {
	c := make([]string, 0, len(ss))
	for _, s := range ss {
		if s != "" {
			c = append(c, s)
		}
	}
	sort.Strings(c)
	out := c[:0]
	for i, s := range c {
		if i == 0 || s != c[i-1] {
			out = append(out, s)
		}
	}
	return strings.Join(out, sep)
}
