package export

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/arrows-math/arrows/internal/dedup"
	"github.com/arrows-math/arrows/schemas"
)

// Split is a named share of the rows.
type Split struct {
	Name     string  `json:"name"`
	Fraction float64 `json:"fraction"`
}

// DefaultSplits is one split holding every row.
var DefaultSplits = []Split{{Name: "train", Fraction: 1}}

// splitName is what the Hugging Face Hub accepts as a split name.
var splitName = regexp.MustCompile(`^\w+(\.\w+)*$`)

// ParseSplits parses a --split value, "train=0.98,test=0.02": names a
// split may have on the Hub, distinct, each with a fraction in (0, 1], the
// fractions summing to 1. An empty value gives DefaultSplits.
func ParseSplits(s string) ([]Split, error) {
	if strings.TrimSpace(s) == "" {
		return DefaultSplits, nil
	}
	var out []Split
	seen := map[string]bool{}
	sum := 0.0
	for _, part := range strings.Split(s, ",") {
		name, frac, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return nil, fmt.Errorf("--split %q: %q is not name=fraction", s, part)
		}
		name = strings.TrimSpace(name)
		if !splitName.MatchString(name) {
			return nil, fmt.Errorf("--split %q: split name %q must be letters, digits and _ (dots between)", s, name)
		}
		if seen[name] {
			return nil, fmt.Errorf("--split %q: split %s given twice", s, name)
		}
		seen[name] = true
		f, err := strconv.ParseFloat(strings.TrimSpace(frac), 64)
		if err != nil || !(f > 0 && f <= 1) {
			return nil, fmt.Errorf("--split %q: fraction of %s must be a number in (0, 1], got %q", s, name, frac)
		}
		sum += f
		out = append(out, Split{Name: name, Fraction: f})
	}
	if math.Abs(sum-1) > 1e-6 {
		return nil, fmt.Errorf("--split %q: fractions sum to %g, not 1", s, sum)
	}
	return out, nil
}

// FormatSplits is the inverse of ParseSplits.
func FormatSplits(splits []Split) string {
	parts := make([]string, len(splits))
	for i, s := range splits {
		parts[i] = s.Name + "=" + strconv.FormatFloat(s.Fraction, 'g', -1, 64)
	}
	return strings.Join(parts, ",")
}

// Unit is a group of rows that must land in the same split: the rows that
// share a program structure (dedup.StructureKey: the same program up to
// literals and names, on the same topic set), or a single row without one.
// Units are built per row with UnitOf and merged with Merge (in any order).
type Unit struct {
	// Group is "s:" + the structure key, or "r:" + the row id.
	Group string `json:"group"`
	// Stratum is the stratum of the row with the smallest id: its primary
	// topic id (the seed's first topic), or "pathway:" + its pathway for
	// rows without topics.
	Stratum string `json:"stratum"`
	// MinID is the smallest row id in the unit.
	MinID string `json:"min_id"`
	// Rows is the number of rows in the unit.
	Rows int64 `json:"rows"`
}

// UnitOf returns the one-row unit of a row.
func UnitOf(rec *schemas.Record) Unit {
	return Unit{Group: GroupKey(rec), Stratum: Stratum(rec), MinID: rec.ID, Rows: 1}
}

// GroupKey is the split group of a row: its program structure key (of the
// sandbox's AST skeleton, or dedup.SkeletonFromSource of the program when
// the row has none, exactly as the dedup stage keys it), else its id.
func GroupKey(rec *schemas.Record) string {
	skeleton := ""
	if rec.Execution != nil {
		skeleton = rec.Execution.Skeleton
	}
	if skeleton == "" && rec.Program != nil {
		skeleton = dedup.SkeletonFromSource(rec.Program.Source)
	}
	if key := dedup.StructureKey(skeleton, TopicIDs(rec)); key != "" {
		return "s:" + key
	}
	return "r:" + rec.ID
}

// Stratum is the stratification key of a row: its primary topic.
func Stratum(rec *schemas.Record) string {
	if len(rec.Seed.Topics) > 0 {
		return rec.Seed.Topics[0].ID
	}
	return "pathway:" + Pathway(rec)
}

// Merge combines two parts of the same group (commutative and
// associative; the stratum follows the smallest id).
func (u Unit) Merge(o Unit) Unit {
	if u.Rows == 0 {
		return o
	}
	if o.Rows == 0 {
		return u
	}
	if o.MinID < u.MinID || o.MinID == u.MinID && o.Stratum < u.Stratum {
		u.MinID, u.Stratum = o.MinID, o.Stratum
	}
	u.Rows += o.Rows
	return u
}

// splitSalt seeds the order of units within a stratum.
const splitSalt = "arrows-split-v1\x00"

func unitHash(group string) uint64 {
	sum := sha256.Sum256([]byte(splitSalt + group))
	return binary.BigEndian.Uint64(sum[:8])
}

// Assignment maps each unit's group to the index of its split.
type Assignment struct {
	Splits []Split `json:"splits"`
	// Of maps a unit's group to its split index. Groups of the first
	// split may be left out (see SplitOf).
	Of map[string]int `json:"of"`
	// Rows and Units count what each split got.
	Rows  []int64 `json:"rows"`
	Units []int64 `json:"units"`
}

// SplitOf returns the split index of a group (0 when not listed).
func (a Assignment) SplitOf(group string) int { return a.Of[group] }

// Assign distributes units over splits. It is deterministic: the result
// depends only on the set of units, not on their order. Units are ordered
// by stratum, then by a hash of their group (a fixed pseudo-random order),
// and each unit goes to the split furthest below its share of the rows
// assigned so far (largest deficit f·T − assigned, ties to the earlier
// split). The deficits carry over from one stratum to the next, so every
// split is within one unit of its share overall and each stratum's rows are
// spread in proportion (within about one unit per stratum) — a stratified
// systematic allocation. All rows of a unit share a split, so rows with the
// same program structure never straddle two splits. Only groups outside
// the first split are stored in Of, which keeps the map small for the
// usual train/test split.
func Assign(units []Unit, splits []Split) (Assignment, error) {
	if len(splits) == 0 {
		splits = DefaultSplits
	}
	merged := map[string]Unit{}
	for _, u := range units {
		merged[u.Group] = merged[u.Group].Merge(u)
	}
	type keyed struct {
		Unit
		h uint64
	}
	list := make([]keyed, 0, len(merged))
	for _, u := range merged {
		if u.Group == "" {
			return Assignment{}, fmt.Errorf("split: a unit has no group")
		}
		list = append(list, keyed{u, unitHash(u.Group)})
	}
	sort.Slice(list, func(i, j int) bool {
		a, b := list[i], list[j]
		if a.Stratum != b.Stratum {
			return a.Stratum < b.Stratum
		}
		if a.h != b.h {
			return a.h < b.h
		}
		return a.Group < b.Group
	})
	a := Assignment{Splits: splits, Of: map[string]int{}, Rows: make([]int64, len(splits)), Units: make([]int64, len(splits))}
	var total int64
	for _, u := range list {
		total += u.Rows
		best, bestDeficit := 0, math.Inf(-1)
		for k, s := range splits {
			d := s.Fraction*float64(total) - float64(a.Rows[k])
			if d > bestDeficit+1e-9 {
				best, bestDeficit = k, d
			}
		}
		a.Rows[best] += u.Rows
		a.Units[best]++
		if best != 0 {
			a.Of[u.Group] = best
		}
	}
	return a, nil
}
