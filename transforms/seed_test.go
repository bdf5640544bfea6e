package transforms

import (
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/passert"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/transforms/filter"
)

// N seeds come out of few ranges, each once, with distinct ids.
func TestSeedsMakesNDistinctSeeds(t *testing.T) {
	c := run(t, func(s beam.Scope) {
		rows := Seeds(s, testEnv(), SeedConfig{N: 25, Ranges: 4, OfflineOnly: true})
		passert.Count(s, rows, "seeds", 25)
		passert.Count(s, filter.Distinct(s, beam.ParDo(s, idOf, rows)), "distinct ids", 25)
	})
	if c["funnel/seeds"] != 25 {
		t.Fatalf("counters %v", c)
	}
}
