// Package export turns accepted arrows triples into the formats trainers
// load: chat JSONL for supervised fine-tuning (SFT), prompt plus verifiable
// reference answer JSONL for RL from verifiable rewards (RL), and Parquet
// files in the Hugging Face dataset layout (Row, WriteParquet). It also
// assigns rows to deterministic, topic-stratified, structure-disjoint
// splits (ParseSplits, SplitUnitOf, Assign).
//
// Everything here is a pure function of rows and options; the Beam job that
// reads a corpus and writes the files lives in transforms. The package does
// not import Beam.
package export

import (
	"encoding/json"
	"fmt"

	"github.com/arrows-math/arrows/schemas"
)

// Formats.
const (
	FormatSFT     = "sft"
	FormatRL      = "rl"
	FormatParquet = "parquet"
)

// Formats lists the export formats.
var Formats = []string{FormatSFT, FormatRL, FormatParquet}

// Row is the flat schema of the Parquet export (one row per accepted
// triple). Its column names and meanings are documented in RowFields.
type Row struct {
	ID              string   `parquet:"id" json:"id"`
	Problem         string   `parquet:"problem" json:"problem"`
	Solution        string   `parquet:"solution" json:"solution"`
	Answer          string   `parquet:"answer" json:"answer"`
	AnswerLatex     string   `parquet:"answer_latex" json:"answer_latex"`
	Program         string   `parquet:"program" json:"program"`
	Topics          []string `parquet:"topics,list" json:"topics"`
	Stages          []string `parquet:"stages,list" json:"stages"`
	NumTopics       int32    `parquet:"num_topics" json:"num_topics"`
	Pathway         string   `parquet:"pathway" json:"pathway"`
	VerifierVersion string   `parquet:"verifier_version" json:"verifier_version"`
	Provenance      string   `parquet:"provenance" json:"provenance"`
}

// RowFields documents the columns of Row, in order, for dataset cards.
var RowFields = [][2]string{
	{"id", "string: stable, content-derived row id (the triple's `id`)"},
	{"problem", "string: the problem statement"},
	{"solution", "string: step-by-step solution ending in `\\boxed{answer}`"},
	{"answer", "string: the reference answer in exact form: the program's output as decimal digits (integers), `p/q` (rationals) or SymPy's text form (other values); the boxed answer when the row has no program output"},
	{"answer_latex", "string: the same answer in LaTeX (SymPy's `latex()` of the program's output)"},
	{"program", "string: the Python/SymPy program whose `solve()` computes the answer"},
	{"topics", "list<string>: the knowledge-system topic ids of the seed, primary topic first"},
	{"stages", "list<string>: the distinct education stages of those topics (tier 1 of their paths), in topic order"},
	{"num_topics", "int32: number of topics in the seed"},
	{"pathway", "string: `topics` (composed from sampled topics) or `seeds` (evolved from a seed problem)"},
	{"verifier_version", "string: version of the verifier that accepted the row"},
	{"provenance", "string: the row's provenance as JSON text (generator, models per role, prompt and arrows versions, run seed, evolution, benchmarks it was decontaminated against)"},
}

// Answer returns the reference answer of an accepted row in exact form and
// in LaTeX: the program's output (schemas.Value.Exact for integers and
// rationals, else its Repr, which is SymPy's text form), or the boxed
// answer text for rows without a program output (both forms then the same
// text). kind is the output's schemas.Kind* ("" without one).
func Answer(rec *schemas.Record) (exact, latex, kind string) {
	if ex := rec.Execution; ex != nil && ex.Result != nil {
		v := ex.Result
		exact = v.Exact
		if exact == "" {
			exact = v.Repr
		}
		latex = v.Latex
		if latex == "" {
			latex = exact
		}
		return exact, latex, v.Kind
	}
	if fa := rec.FinalAnswer; fa != nil {
		return fa.Text, fa.Text, ""
	}
	return "", "", ""
}

// TopicIDs returns the seed's topic ids in seed order (primary first).
func TopicIDs(rec *schemas.Record) []string {
	ids := make([]string, 0, len(rec.Seed.Topics))
	for _, t := range rec.Seed.Topics {
		ids = append(ids, t.ID)
	}
	return ids
}

// Stages returns the distinct education stages (tier 1 of the topic
// paths) of the seed's topics, in topic order.
func Stages(rec *schemas.Record) []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range rec.Seed.Topics {
		if len(t.Path) == 0 || seen[t.Path[0]] {
			continue
		}
		seen[t.Path[0]] = true
		out = append(out, t.Path[0])
	}
	return out
}

// Pathway returns the row's pathway (provenance, else the seed's).
func Pathway(rec *schemas.Record) string {
	if rec.Provenance.Pathway != "" {
		return rec.Provenance.Pathway
	}
	return rec.Seed.Pathway
}

// ProgramSource returns the program's source ("" without a program).
func ProgramSource(rec *schemas.Record) string {
	if rec.Program == nil {
		return ""
	}
	return rec.Program.Source
}

// VerifierVersion returns the verifier version recorded on the row.
func VerifierVersion(rec *schemas.Record) string {
	if rec.Verification == nil {
		return ""
	}
	return rec.Verification.Version
}

// Exportable reports why an input row cannot be exported ("" when it can):
// it must be an accepted triple with an id, a problem and a solution.
func Exportable(rec *schemas.Record) string {
	switch {
	case rec.Rejection != nil:
		return "not_accepted"
	case rec.ID == "":
		return "missing_id"
	case rec.Problem == "":
		return "missing_problem"
	case rec.Solution == "":
		return "missing_solution"
	}
	return ""
}

// FlatRow converts an accepted triple to the Parquet row.
func FlatRow(rec *schemas.Record) (Row, error) {
	if why := Exportable(rec); why != "" {
		return Row{}, fmt.Errorf("row %q cannot be exported: %s", rec.ID, why)
	}
	prov, err := json.Marshal(rec.Provenance)
	if err != nil {
		return Row{}, fmt.Errorf("row %s: encode provenance: %w", rec.ID, err)
	}
	exact, latex, _ := Answer(rec)
	topics := TopicIDs(rec)
	stages := Stages(rec)
	if stages == nil {
		stages = []string{}
	}
	return Row{
		ID:              rec.ID,
		Problem:         rec.Problem,
		Solution:        rec.Solution,
		Answer:          exact,
		AnswerLatex:     latex,
		Program:         ProgramSource(rec),
		Topics:          topics,
		Stages:          stages,
		NumTopics:       int32(len(topics)),
		Pathway:         Pathway(rec),
		VerifierVersion: VerifierVersion(rec),
		Provenance:      string(prov),
	}, nil
}
