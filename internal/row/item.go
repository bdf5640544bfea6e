package row

import (
	"strconv"

	"github.com/arrows-math/arrows/internal/corpus"
	"github.com/arrows-math/arrows/internal/version"
	"github.com/arrows-math/arrows/schemas"
)

// FromItem turns a parsed input line into a row. Rows of arrows' own
// format keep everything they carry (with the line's origin); external
// rows become rows of pathway "verify" (or the given pathway) whose seed
// holds the source item and whose seed id is a hash of file, line and
// problem.
func FromItem(it corpus.Item, pathway string) schemas.Record {
	origin := it.Origin
	if it.Record != nil {
		rec := *it.Record
		rec.Origin = &origin
		if rec.Provenance.Models == nil {
			rec.Provenance.Models = map[string]string{}
		}
		return rec
	}
	if pathway == "" {
		pathway = schemas.PathwayVerify
	}
	src := *it.Source
	seed := schemas.Seed{
		ID:      Hash("source", origin.File, strconv.FormatInt(origin.Line, 10), src.Problem),
		Index:   origin.Line,
		Pathway: pathway,
		Source:  &src,
	}
	rec := schemas.Record{
		Seed:     seed,
		Problem:  src.Problem,
		Solution: src.Solution,
		Origin:   &origin,
		Provenance: schemas.Provenance{
			Generator:     "external",
			Models:        map[string]string{},
			ArrowsVersion: version.Version,
			Pathway:       pathway,
		},
	}
	rec.ID = ID(&rec)
	return rec
}
