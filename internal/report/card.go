// Package report renders what a corpus run produced for the people who use
// it: a dataset card (README.md in the Hugging Face dataset-card style,
// DatasetCard) and a self-contained HTML report with inline SVG charts
// (HTML). Both are pure functions of a finalized stats.Stats and CardMeta;
// their output is deterministic.
package report

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/arrows-math/arrows/internal/costplan"
	"github.com/arrows-math/arrows/internal/stats"
	"github.com/arrows-math/arrows/schemas"
)

// BenchmarkRef names a benchmark test set the corpus was decontaminated
// against (see decontam.Index.Benchmarks).
type BenchmarkRef struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	Source  string `json:"source,omitempty"`
	License string `json:"license,omitempty"`
	Items   int    `json:"items,omitempty"`
}

// Price is the price of a model in US dollars per million tokens.
type Price struct {
	PromptPerMTok     float64 `json:"prompt_per_mtok"`
	CompletionPerMTok float64 `json:"completion_per_mtok"`
}

// CardMeta carries what the statistics do not know. Empty fields fall back
// to the values recorded on the rows (stats.Stats.Provenance); a field with
// several values across rows is shown with all of them.
type CardMeta struct {
	// PrettyName is the dataset's display name ("arrows synthetic math" if empty).
	PrettyName string `json:"pretty_name"`
	// License is a Hugging Face licence id, e.g. "apache-2.0", "mit", "cc-by-4.0".
	License string `json:"license"`
	// Languages are ISO 639-1 codes ("en" if empty).
	Languages []string `json:"languages,omitempty"`
	// Summary is an optional paragraph placed after the generated intro.
	Summary string `json:"summary,omitempty"`
	// Generator is "offline" or "llm".
	Generator string `json:"generator,omitempty"`
	// Models maps role to model.
	Models          map[string]string `json:"models,omitempty"`
	PromptVersion   string            `json:"prompt_version,omitempty"`
	VerifierVersion string            `json:"verifier_version,omitempty"`
	ArrowsVersion   string            `json:"arrows_version,omitempty"`
	RunSeed         *int64            `json:"run_seed,omitempty"`
	// Command is the command line that produced the corpus.
	Command string `json:"command,omitempty"`
	// Created is the creation date, as the caller wants it shown.
	Created string `json:"created,omitempty"`
	// Repository is a link to the arrows source.
	Repository string `json:"repository,omitempty"`
	// Benchmarks are the decontamination benchmarks (names, versions,
	// licences); if empty, the versions recorded on the rows are listed.
	Benchmarks []BenchmarkRef `json:"benchmarks,omitempty"`
	// DecontamRule describes the matching rule (a default text if empty).
	DecontamRule string `json:"decontam_rule,omitempty"`
	// Prices per model, to estimate LLM cost.
	Prices map[string]Price `json:"prices,omitempty"`
	// File is the card's file name in the output directory (README.md when
	// empty; another name when the directory holds a README.md that arrows
	// did not write).
	File string `json:"file,omitempty"`
	// DataFiles is the glob of accepted rows ("accepted/*.jsonl" if empty).
	DataFiles string `json:"data_files,omitempty"`
	// Configs, when set, replace the default config (one train split over
	// DataFiles) in the YAML header; an export lists its splits' files.
	Configs []DataConfig `json:"configs,omitempty"`
	// Fields, when set, document the data files' columns (name,
	// description) instead of the triple's fields; FieldsOf names the files.
	Fields   [][2]string `json:"fields,omitempty"`
	FieldsOf string      `json:"fields_of,omitempty"`
	// Plan, when set, is the cost plan the run was started with
	// (`arrows generate --plan`, made by `arrows plan`): the card and the
	// report set it, per role, next to what the run used and spent
	// (PlanComparison).
	Plan *costplan.Plan `json:"plan,omitempty"`
	// MaxCostUSD and MaxLLMTokens are the run's LLM budget caps (0: none).
	MaxCostUSD   float64 `json:"max_cost_usd,omitempty"`
	MaxLLMTokens int64   `json:"max_llm_tokens,omitempty"`
}

// DataConfig is one Hugging Face dataset config: its splits' data files.
type DataConfig struct {
	// Name is the config name ("default" for the one load_dataset picks).
	Name  string     `json:"name"`
	Files []DataFile `json:"files"`
}

// DataFile maps a split to a path or glob relative to the card.
type DataFile struct {
	Split string `json:"split"`
	Path  string `json:"path"`
}

func (m CardMeta) withDefaults() CardMeta {
	if m.PrettyName == "" {
		m.PrettyName = "arrows synthetic math"
	}
	if m.License == "" {
		m.License = "other"
	}
	if len(m.Languages) == 0 {
		m.Languages = []string{"en"}
	}
	if m.DataFiles == "" {
		m.DataFiles = "accepted/*.jsonl"
	}
	if m.DecontamRule == "" {
		m.DecontamRule = "a row is contaminated when any 13-gram of its normalised problem text occurs in a benchmark " +
			"item, or when its normalised final answer equals the item's, both contain the same numbers, and " +
			"their token overlap is high (short_exact for items under 26 tokens, answer_overlap for longer ones)"
	}
	return m
}

// SizeCategory is the Hugging Face size_categories value for n rows.
func SizeCategory(n int64) string {
	switch {
	case n < 1_000:
		return "n<1K"
	case n < 10_000:
		return "1K<n<10K"
	case n < 100_000:
		return "10K<n<100K"
	case n < 1_000_000:
		return "100K<n<1M"
	case n < 10_000_000:
		return "1M<n<10M"
	case n < 100_000_000:
		return "10M<n<100M"
	case n < 1_000_000_000:
		return "100M<n<1B"
	}
	return "n>1T"
}

// yamlString quotes s as a YAML double-quoted scalar (a JSON string is one).
func yamlString(s string) string {
	return strconv.Quote(s)
}

// byCountDesc returns the keys of m sorted by count (descending), then key.
func byCountDesc(m map[string]int64) []string {
	ks := slices.Sorted(maps.Keys(m))
	sort.SliceStable(ks, func(i, j int) bool { return m[ks[i]] > m[ks[j]] })
	return ks
}

// values renders a value-count map as "a (12), b (3)", or the fallback.
func values(m map[string]int64, fallback string) string {
	if fallback != "" {
		return fallback
	}
	if len(m) == 0 {
		return "—"
	}
	if len(m) == 1 {
		return slices.Sorted(maps.Keys(m))[0]
	}
	var parts []string
	for _, k := range byCountDesc(m) {
		parts = append(parts, fmt.Sprintf("%s (%s rows)", k, num(m[k])))
	}
	return strings.Join(parts, ", ")
}

// num formats an integer with thousands separators.
func num(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// pct formats a ratio as a percentage with one decimal.
func pct(r float64) string { return strconv.FormatFloat(100*r, 'f', 1, 64) + "%" }

// mdEscape escapes characters that break Markdown table cells.
func mdEscape(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ", "<", "&lt;", ">", "&gt;").Replace(s)
}

// rejectionRows lists (stage, reason, count) in pipeline order, then by
// count descending.
type rejectionRow struct {
	stage, reason string
	n             int64
}

var stageRank = map[string]int{
	schemas.StageRead: 0, schemas.StageSeed: 1, schemas.StageBudget: 2, schemas.StageGenerate: 3, schemas.StageExecute: 4,
	schemas.StageTranslate: 5, schemas.StageVerify: 6, schemas.StageDedup: 7, schemas.StageDecontam: 8,
}

func rejectionRows(st *stats.Stats) []rejectionRow {
	var rows []rejectionRow
	for stage, m := range st.Rejections {
		for reason, n := range m {
			rows = append(rows, rejectionRow{stage, reason, n})
		}
	}
	sort.Slice(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		ra, oka := stageRank[a.stage]
		rb, okb := stageRank[b.stage]
		if !oka {
			ra = 99
		}
		if !okb {
			rb = 99
		}
		if ra != rb {
			return ra < rb
		}
		if a.stage != b.stage {
			return a.stage < b.stage
		}
		if a.n != b.n {
			return a.n > b.n
		}
		return a.reason < b.reason
	})
	return rows
}

// modelsLine renders role=model pairs.
func modelsLine(meta CardMeta, st *stats.Stats) string {
	if len(meta.Models) > 0 {
		var parts []string
		for _, role := range slices.Sorted(maps.Keys(meta.Models)) {
			parts = append(parts, role+": "+meta.Models[role])
		}
		return strings.Join(parts, ", ")
	}
	if len(st.Provenance.Models) == 0 {
		return "—"
	}
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(st.Provenance.Models)) {
		role, model, _ := strings.Cut(k, "=")
		parts = append(parts, fmt.Sprintf("%s: %s (%s rows)", role, model, num(st.Provenance.Models[k])))
	}
	return strings.Join(parts, ", ")
}

// cost estimates LLM cost per role from prices, and whether any price applied.
func cost(st *stats.Stats, prices map[string]Price) (map[string]float64, bool) {
	out := map[string]float64{}
	any := false
	for role, u := range st.Usage {
		if u == nil || u.Rows == 0 {
			continue
		}
		for model, rows := range u.Models {
			p, ok := prices[model]
			if !ok {
				continue
			}
			any = true
			share := float64(rows) / float64(u.Rows) // split tokens by row share
			out[role] += share * (float64(u.PromptTokens)*p.PromptPerMTok + float64(u.CompletionTokens)*p.CompletionPerMTok) / 1e6
		}
	}
	return out, any
}

// DatasetCard renders README.md for an output directory: a YAML header
// for the Hugging Face Hub (licence, task categories, languages, size,
// tags, pretty name, a default config over the accepted rows) and sections
// on what the corpus is, how it was made, the funnel, rejection reasons,
// composition, decontamination scope, LLM usage, the row fields, and
// limitations. st should be finalized (stats.Stats.Finalize).
func DatasetCard(st *stats.Stats, meta CardMeta) string {
	meta = meta.withDefaults()
	var b strings.Builder
	w := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }

	w("---\n")
	w("license: %s\n", meta.License)
	w("pretty_name: %s\n", yamlString(meta.PrettyName))
	w("language:\n")
	for _, l := range meta.Languages {
		w("- %s\n", l)
	}
	w("task_categories:\n- question-answering\n- text-generation\n")
	w("tags:\n- math\n- synthetic\n- program-verified\n- sympy\n- arrows\n")
	w("size_categories:\n- %s\n", SizeCategory(st.Accepted))
	configs := meta.Configs
	if len(configs) == 0 {
		configs = []DataConfig{{Name: "default", Files: []DataFile{{Split: "train", Path: meta.DataFiles}}}}
	}
	w("configs:\n")
	for _, c := range configs {
		w("- config_name: %s\n  data_files:\n", yamlString(c.Name))
		for _, f := range c.Files {
			w("  - split: %s\n    path: %s\n", yamlString(f.Split), yamlString(f.Path))
		}
	}
	w("---\n\n")

	w("# %s\n\n", meta.PrettyName)
	w("%s verified math problems, each a (problem, step-by-step solution, program) triple. They were synthesized by "+
		"[arrows](%s) with program-assisted synthesis: topics are sampled from a three-tier knowledge system "+
		"(education stage → subject → topic), a Python/SymPy program is generated for them and executed in a sandbox, "+
		"the program and its output are translated into a problem and a solution ending in `\\boxed{}`, and the triple "+
		"is kept only when bilateral verification holds (the boxed answer equals the program's output, compared "+
		"symbolically with SymPy, and the problem is consistent with the program). Near-duplicate and "+
		"benchmark-contamination filters are described below.\n\n",
		num(st.Accepted), orDefault(meta.Repository, "https://github.com/arrows-math/arrows"))
	if meta.Summary != "" {
		w("%s\n\n", meta.Summary)
	}
	w("Of %s rows produced, %s (%s) were accepted. Every rejected row is kept in `rejected/` with the stage and "+
		"reason it failed; `stats.json` holds every figure below and `report.html` charts them.\n\n",
		num(st.Rows), num(st.Accepted), pct(st.AcceptanceRate))

	w("## How it was made\n\n| | |\n| --- | --- |\n")
	w("| generator | %s |\n", mdEscape(values(st.Provenance.Generators, meta.Generator)))
	w("| models | %s |\n", mdEscape(modelsLine(meta, st)))
	w("| prompt version | %s |\n", mdEscape(values(st.Provenance.PromptVersions, meta.PromptVersion)))
	w("| verifier version | %s |\n", mdEscape(values(st.Provenance.VerifierVersions, meta.VerifierVersion)))
	seed := ""
	if meta.RunSeed != nil {
		seed = strconv.FormatInt(*meta.RunSeed, 10)
	}
	w("| run seed | %s |\n", mdEscape(values(st.Provenance.RunSeeds, seed)))
	w("| arrows version | %s |\n", mdEscape(values(st.Provenance.ArrowsVersions, meta.ArrowsVersion)))
	if len(st.Pathways) > 0 {
		var parts []string
		for _, k := range slices.Sorted(maps.Keys(st.Pathways)) {
			parts = append(parts, fmt.Sprintf("%s (%s rows)", k, num(st.Pathways[k].Seen)))
		}
		w("| pathways | %s |\n", mdEscape(strings.Join(parts, ", ")))
	}
	if meta.Command != "" {
		w("| command | `%s` |\n", strings.ReplaceAll(meta.Command, "|", `\|`))
	}
	if meta.Created != "" {
		w("| created | %s |\n", mdEscape(meta.Created))
	}
	w("\n")

	w("## Funnel\n\nRows that got through each stage (a row rejected at a stage passed every stage before it).\n\n")
	w("| stage | rows | dropped | kept of previous | kept of seeds |\n| --- | ---: | ---: | ---: | ---: |\n")
	for _, s := range st.Steps {
		w("| %s | %s | %s | %s | %s |\n", s.Name, num(s.Count), num(s.Dropped), pct(s.OfPrevious), pct(s.OfSeeds))
	}
	if st.DeadLettered > 0 {
		w("\n%s input lines could not be parsed and were dead-lettered.\n", num(st.DeadLettered))
	}
	w("\n")

	w("## Rejection reasons\n\n")
	rows := rejectionRows(st)
	if len(rows) == 0 {
		w("No row was rejected.\n\n")
	} else {
		w("| stage | reason | rows | share of rejected |\n| --- | --- | ---: | ---: |\n")
		for _, r := range rows {
			w("| %s | %s | %s | %s |\n", mdEscape(r.stage), mdEscape(r.reason), num(r.n), pct(ratio(r.n, st.Rejected)))
		}
		w("\n")
	}
	if len(st.ChecksFailed)+len(st.ChecksUndecided) > 0 {
		w("Verification checks that failed or stayed undecided, by check: ")
		var parts []string
		for _, k := range slices.Sorted(maps.Keys(union(st.ChecksFailed, st.ChecksUndecided))) {
			parts = append(parts, fmt.Sprintf("`%s` %s failed, %s undecided", k, num(st.ChecksFailed[k]), num(st.ChecksUndecided[k])))
		}
		w("%s.\n\n", strings.Join(parts, "; "))
	}
	if line := toolsMatterLine(st); line != "" {
		w("%s\n\n", line)
	}

	w("## Composition\n\n")
	if len(st.EducationStages) > 0 {
		w("| education stage | rows | accepted | acceptance |\n| --- | ---: | ---: | ---: |\n")
		for _, k := range slices.Sorted(maps.Keys(st.EducationStages)) {
			c := st.EducationStages[k]
			w("| %s | %s | %s | %s |\n", mdEscape(k), num(c.Seen), num(c.Accepted), pct(c.Rate))
		}
		w("\n")
	}
	w("- Topics: %s distinct topics sampled", num(int64(len(st.Topics))))
	if len(st.SubjectPairs) > 0 {
		w(", %s distinct subject pairs", num(int64(len(st.SubjectPairs))))
	}
	if !st.TopicPairsTruncated && len(st.TopicPairs) > 0 {
		w(", %s distinct topic pairs", num(int64(len(st.TopicPairs))))
	}
	w(".\n")
	if len(st.AnswerTypes) > 0 {
		var parts []string
		for _, k := range byCountDesc(st.AnswerTypes) {
			parts = append(parts, fmt.Sprintf("%s %s", k, pct(ratio(st.AnswerTypes[k], st.Accepted))))
		}
		w("- Answer types (kind of the program's result): %s.\n", strings.Join(parts, ", "))
	}
	if st.ProgramLines.N > 0 {
		w("- Program length: median ≤ %d non-blank lines (mean %.1f, max %d); distinct API calls per program: mean %.1f.\n",
			st.ProgramLines.P50, st.ProgramLines.Mean, st.ProgramLines.Max, st.ToolCount.Mean)
	}
	if st.SolutionWords.N > 0 {
		w("- Solution length: mean %.0f words / %.0f characters (median ≤ %d words).\n", st.SolutionWords.Mean, st.SolutionChars.Mean, st.SolutionWords.P50)
	}
	if st.Distinct1.Total > 0 {
		w("- Diversity of problem texts: distinct-1 %.3f, distinct-2 %.3f, distinct-3 %.3f (distinct n-grams / all n-grams%s).\n",
			st.Distinct1.Ratio, st.Distinct2.Ratio, st.Distinct3.Ratio, estimatedNote(st))
	}
	w("- Near-duplicates removed: %s of rows reaching deduplication", pct(st.NearDuplicateRate))
	if m := st.Rejections[schemas.StageDedup]; len(m) > 0 {
		var parts []string
		for _, k := range byCountDesc(m) {
			parts = append(parts, fmt.Sprintf("%s %s", k, num(m[k])))
		}
		w(" (%s)", strings.Join(parts, ", "))
	}
	w(".\n\n")

	w("## Decontamination\n\n")
	w("Rule: %s.\n\n", meta.DecontamRule)
	if len(meta.Benchmarks) > 0 {
		w("| benchmark | version | items | source | licence | rows removed |\n| --- | --- | ---: | --- | --- | ---: |\n")
		listed := map[string]bool{}
		for _, bm := range meta.Benchmarks {
			short := bm.Version
			if len(short) > 12 {
				short = short[:12]
			}
			listed[bm.Name+"@"+short] = true
			w("| %s | `%s` | %s | %s | %s | %s |\n", mdEscape(bm.Name), bm.Version, num(int64(bm.Items)), mdEscape(bm.Source),
				mdEscape(bm.License), num(st.Contamination[bm.Name+"@"+short]))
		}
		var others []string
		for _, k := range slices.Sorted(maps.Keys(st.Contamination)) {
			if !listed[k] {
				others = append(others, fmt.Sprintf("`%s` %s", k, num(st.Contamination[k])))
			}
		}
		if len(others) > 0 {
			w("\nRows removed for matching benchmark versions not listed above: %s.\n", strings.Join(others, ", "))
		}
		w("\n")
	} else if len(st.DecontamScope) > 0 {
		w("| benchmark@version | rows checked | rows removed |\n| --- | ---: | ---: |\n")
		for _, k := range slices.Sorted(maps.Keys(st.DecontamScope)) {
			w("| `%s` | %s | %s |\n", mdEscape(k), num(st.DecontamScope[k]), num(st.Contamination[k]))
		}
		w("\n")
	} else {
		w("The rows record no decontamination scope.\n\n")
	}
	w("Removed %s rows (%s of rows reaching the stage). Each accepted row lists the benchmark versions it was "+
		"checked against in `provenance.decontaminated_against`; each removed row names the matched item in "+
		"`rejection.match`.\n\n", num(st.Funnel.Deduped-st.Funnel.Decontam), pct(st.ContaminationRate))

	if len(st.Usage) > 0 {
		w("## LLM usage\n\n| role | rows | calls | cache hits | prompt tokens | completion tokens | tokens per accepted row |")
		costs, priced := cost(st, meta.Prices)
		if priced {
			w(" est. cost (USD) |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
		} else {
			w("\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n")
		}
		total := 0.0
		for _, role := range slices.Sorted(maps.Keys(st.Usage)) {
			u := st.Usage[role]
			perRow := "—"
			if st.Accepted > 0 {
				perRow = num((u.PromptTokens + u.CompletionTokens) / st.Accepted)
			}
			w("| %s | %s | %s | %s | %s | %s | %s |", mdEscape(role), num(u.Rows), num(u.Calls), num(u.CacheHits),
				num(u.PromptTokens), num(u.CompletionTokens), perRow)
			if priced {
				w(" %.2f |", costs[role])
				total += costs[role]
			}
			w("\n")
		}
		if priced && st.Accepted > 0 {
			w("\nEstimated total cost %.2f USD, %.4f USD per accepted row (prices supplied by the operator).\n", total, total/float64(st.Accepted))
		}
		w("\n")
	}

	budgetSection(w, st, meta)
	planSection(w, st, meta)

	if len(meta.Fields) > 0 {
		w("## Fields\n\nEach row of `%s` has these columns:\n\n", orDefault(meta.FieldsOf, meta.DataFiles))
		for _, f := range meta.Fields {
			w("- `%s`: %s\n", f[0], f[1])
		}
	} else {
		w("## Fields\n\nEach line of `%s` is one JSON object (`schemas.Record`):\n\n", meta.DataFiles)
		for _, f := range fieldDocs {
			w("- `%s`: %s\n", f[0], f[1])
		}
	}
	w("\n")

	w("## Limitations\n\n")
	w("- Problems are synthetic. Verification shows that the boxed answer equals the output of the program and that " +
		"an LLM judged the problem consistent with the program; it does not prove that the program models the problem " +
		"correctly in every case, nor that the solution's reasoning is free of mistakes.\n")
	w("- Difficulty and style follow the sampled topics and the generator; coverage of topics is uneven " +
		"(see `report.html`, topic coverage).\n")
	w("- Decontamination covers only the benchmarks listed above, by n-gram and answer matching; paraphrases that " +
		"change the numbers or most of the wording are not detected.\n")
	w("- Near-duplicate removal is approximate (MinHash) and program-structure deduplication only applies within a " +
		"topic combination.\n")
	if st.TopicPairsTruncated {
		w("- Topic-pair coverage exceeded %s distinct pairs and is reported at subject level only.\n", num(stats.TopicPairsCap))
	}
	w("\n## Licence\n\nThe corpus is released under `%s`. Benchmark licences above apply to the benchmarks themselves, "+
		"which are not part of this corpus.\n", meta.License)
	return b.String()
}

// budgetSection says what the LLM budget was and whether it was reached.
func budgetSection(w func(string, ...any), st *stats.Stats, meta CardMeta) {
	var hit int64
	for _, n := range st.Rejections[schemas.StageBudget] {
		hit += n
	}
	if meta.MaxCostUSD <= 0 && meta.MaxLLMTokens <= 0 && hit == 0 {
		return
	}
	w("## LLM budget\n\n")
	var caps []string
	if meta.MaxCostUSD > 0 {
		caps = append(caps, fmt.Sprintf("at most %s USD", strconv.FormatFloat(meta.MaxCostUSD, 'f', -1, 64)))
	}
	if meta.MaxLLMTokens > 0 {
		caps = append(caps, fmt.Sprintf("at most %s tokens", num(meta.MaxLLMTokens)))
	}
	if len(caps) > 0 {
		w("The run was capped at %s of LLM calls (`--max-cost`, `--max-llm-tokens`). ", strings.Join(caps, " and "))
	}
	if hit > 0 {
		w("**The cap was reached**: %s seeds could not finish and were rejected with stage `budget` (reason `budget_exhausted`); "+
			"calls already in flight when it was reached finished and are counted. Spent: %.4f USD.\n\n", num(hit), st.CostUSD)
	} else {
		w("The cap was not reached. Spent: %.4f USD.\n\n", st.CostUSD)
	}
}

// PlanComparison sets meta.Plan next to what the run of st used (nil
// without a plan). The run's seeds are its rows over the pilot's rows per
// seed (every seed leaves as rows, accepted or rejected, so the ratio is
// the samples per seed); the wall time is the job's when st has it.
func PlanComparison(st *stats.Stats, meta CardMeta) *costplan.Comparison {
	pl := meta.Plan
	if pl == nil {
		return nil
	}
	seeds := pl.N
	if p := pl.Pilot; p.Rows > 0 && st.Rows > 0 {
		seeds = int64(math.Round(float64(st.Rows) * float64(p.Seeds) / float64(p.Rows)))
	}
	wall := time.Duration(st.JobWallMillis) * time.Millisecond
	c := pl.Compare(pl.ActualFromStats(st, seeds, wall))
	return &c
}

// planSection sets the cost plan next to what the run used.
func planSection(w func(string, ...any), st *stats.Stats, meta CardMeta) {
	c := PlanComparison(st, meta)
	if c == nil {
		return
	}
	p := c.Plan.Pilot
	w("## Cost: plan and spend\n\n")
	w("Before the run, `arrows plan` ran a pilot of %s seeds (%s accepted) through the response cache and projected "+
		"a run of %s seeds from its per-seed tokens, acceptance rate and the prices; the table sets that projection, "+
		"for the run's %s seeds, next to what the run used. The real run reused the pilot's "+
		"cached answers, so it paid only for the rest (\"spent\"). Error is how far the plan was off, relative to the run "+
		"(positive: the plan overestimated).\n\n",
		num(p.Seeds), num(p.Accepted), num(c.Plan.N), num(c.Seeds))
	w("%s\n", c.Markdown())
	for _, n := range c.Plan.Notes {
		w("- Plan note: %s\n", n)
	}
	if len(c.Plan.Notes) > 0 {
		w("\n")
	}
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

func ratio(a, b int64) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func union(a, b map[string]int64) map[string]int64 {
	out := map[string]int64{}
	for k, v := range a {
		out[k] += v
	}
	for k, v := range b {
		out[k] += v
	}
	return out
}

func estimatedNote(st *stats.Stats) string {
	if st.Distinct1.Estimated || st.Distinct2.Estimated || st.Distinct3.Estimated {
		return "; distinct counts estimated with HyperLogLog, ±2%"
	}
	return ""
}

// fieldDocs documents the row fields in the card.
var fieldDocs = [][2]string{
	{"id", "stable row id (content-addressed)"},
	{"problem", "the problem statement"},
	{"solution", "step-by-step solution ending in `\\boxed{answer}`"},
	{"final_answer", "`text` extracted from the solution and `method` (`boxed`, or a marked fallback)"},
	{"program", "`source` of the Python/SymPy program whose `solve()` computes the answer, its SHA-256 `hash`, the `template` that produced it, and `evolution` for evolved programs"},
	{"execution", "sandbox outcome: `status`, `result` (kind, repr, LaTeX, exact value), `literals`, `calls` (APIs used), `skeleton`, CPU/wall time"},
	{"verification", "every check with its `result` (pass/fail/undecided/skipped), `layer` that decided it, the `verdict` and `verifier_version`"},
	{"seed", "the sampled topic combination (`topics` with tier path and tools) or source problem, with run seed and index"},
	{"provenance", "generator, models per role, prompt and arrows versions, run seed, pathway, `decontaminated_against` (benchmark@version)"},
	{"usage", "LLM token usage per role (LLM backend only)"},
	{"rejection", "rejected rows only: `stage`, `reason`, `detail`, and the benchmark item `match` for contaminated rows"},
}

// toolsMatterLine summarizes the tools_matter check: how many verified rows
// called their topics' tools only in ways that reach the answer, and which
// tools were called for nothing ("" when the check never ran).
func toolsMatterLine(st *stats.Stats) string {
	tm := st.ToolsMatter
	if tm.Checked == 0 {
		return ""
	}
	line := fmt.Sprintf("Tools matter: in %s of %s checked rows (%s) every call of a tool declared by the seed's topics reaches the answer or an assert (check `%s`).",
		num(tm.Checked-tm.Failed), num(tm.Checked), pct(ratio(tm.Checked-tm.Failed, tm.Checked)), stats.CheckToolsMatter)
	if len(tm.Unused) > 0 {
		var parts []string
		for _, k := range slices.Sorted(maps.Keys(tm.Unused)) {
			parts = append(parts, fmt.Sprintf("`%s` %s", mdEscape(k), num(tm.Unused[k])))
		}
		line += " Tools called for nothing: " + strings.Join(parts, ", ") + "."
	}
	return line
}
