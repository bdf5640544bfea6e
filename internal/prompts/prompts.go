// Package prompts holds arrows' versioned LLM prompts and the parsers of
// their answers.
//
// Each prompt is a text/template file under templates/ (embedded) whose base
// name is its version id, e.g. "generate-v1"; the id goes into each row's
// provenance. Change a prompt by adding a new file with a new id, never by
// editing a released one. Every system message ends with a marker line
// "[arrows prompt <id>]" so a transcript (or the llmtest server) can tell
// which prompt produced it (see Detect).
//
// Builders return the chat messages and the version id. Parsers turn messy
// model output into code or fields, or into a *ParseError whose Reason is a
// short stable string used as the row's rejection reason.
package prompts

import (
	"embed"
	"regexp"
	"sort"
	"strings"

	"github.com/arrows-math/arrows/internal/llm"
	"github.com/arrows-math/arrows/schemas"
)

// Prompt version ids (the template file names).
const (
	GenerateVersion    = "generate-v1"
	TranslateVersion   = "translate-v1"
	SolveVersion       = "solve-v1"
	SeedProgramVersion = "seed-program-v1"
	JudgeVersion       = "judge-v1"
)

// Prompt kinds: a version id without its "-vN" suffix.
const (
	KindGenerate    = "generate"
	KindTranslate   = "translate"
	KindSolve       = "solve"
	KindSeedProgram = "seed-program"
	KindJudge       = "judge"
)

//go:embed templates/*.tmpl
var templateFS embed.FS

// maxLocalLen caps one "name = latex" line of the translation prompt.
const maxLocalLen = 1200

// templates is parsed once at package initialisation and never modified.
var templates = MustLoadTemplates("prompts", templateFS)

// Versions returns every embedded prompt version id with the sha256 of its
// template file (for dataset cards and provenance audits).
func Versions() map[string]string { return templates.Versions() }

// render executes the version's system and user templates; the builders'
// data always fits their embedded templates, so a failure is a defect.
func render(version string, data map[string]any) []llm.Message {
	msgs, err := templates.Render(version, data)
	if err != nil {
		panic("prompts: " + err.Error())
	}
	return msgs
}

var markerRe = regexp.MustCompile(`\[arrows prompt ([a-z0-9-]+-v[0-9]+)\]`)

// Detect returns the version id of the prompt that built msgs, from the
// marker line of its system message.
func Detect(msgs []llm.Message) (version string, ok bool) {
	for _, m := range msgs {
		if m.Role != llm.SpeakerSystem {
			continue
		}
		if sub := markerRe.FindStringSubmatch(m.Content); sub != nil {
			return sub[1], true
		}
	}
	return "", false
}

// KindOf returns a version id's kind: "generate-v1" -> "generate".
func KindOf(version string) string {
	if i := strings.LastIndex(version, "-v"); i > 0 {
		return version[:i]
	}
	return version
}

// ToolDoc documents one toolkit API for the generation prompt.
type ToolDoc struct {
	Name      string `json:"name"`
	Signature string `json:"signature"`
	Doc       string `json:"doc"`
}

// Topic is one sampled knowledge point as the generation prompt shows it.
type Topic struct {
	ID string `json:"id"`
	// Path is the tier path: stage, subject, topic name.
	Path        []string  `json:"path"`
	Description string    `json:"description"`
	Tools       []ToolDoc `json:"tools"`
}

// Generate builds the program-generation prompt for the sampled topics,
// with one or two exemplar programs showing the expected format.
func Generate(topics []Topic, exemplars []string) ([]llm.Message, string) {
	ids := make([]string, len(topics))
	for i, t := range topics {
		ids[i] = t.ID
	}
	ex := make([]string, 0, len(exemplars))
	for _, e := range exemplars {
		if e = strings.TrimSpace(e); e != "" {
			ex = append(ex, e)
		}
	}
	return render(GenerateVersion, map[string]any{
		"IDs": ids, "Topics": topics, "Exemplars": ex, "Modules": andList(Modules(topics)),
	}), GenerateVersion
}

// BaseModules are the modules every generated program may import.
var BaseModules = []string{"sympy", "numpy", "fractions", "math", "itertools"}

// Modules returns the modules a program for topics may import:
// BaseModules plus the module of every listed tool (e.g. "decimal" for
// decimal.Decimal), so the contract never forbids a tool it requires.
func Modules(topics []Topic) []string {
	mods := append([]string(nil), BaseModules...)
	seen := map[string]bool{}
	for _, m := range mods {
		seen[m] = true
	}
	for _, t := range topics {
		for _, td := range t.Tools {
			m, _, ok := strings.Cut(td.Name, ".")
			if ok && m != "" && !seen[m] {
				seen[m] = true
				mods = append(mods, m)
			}
		}
	}
	return mods
}

// andList joins words as "a, b and c".
func andList(words []string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

// topicIDsRe finds the machine-readable topic line of a generation prompt.
var topicIDsRe = regexp.MustCompile(`(?m)^Topic IDs: (.+)$`)

// TopicIDs returns the topic ids named by a generation prompt.
func TopicIDs(msgs []llm.Message) []string {
	for _, m := range msgs {
		if sub := topicIDsRe.FindStringSubmatch(m.Content); sub != nil {
			var ids []string
			for _, id := range strings.Split(sub[1], ",") {
				if id = strings.TrimSpace(id); id != "" {
					ids = append(ids, id)
				}
			}
			return ids
		}
	}
	return nil
}

// Translate builds the translation prompt for an executed program: its
// source, its result (LaTeX and repr) and solve()'s locals as name = LaTeX
// lines. exec should have status ok and a result.
func Translate(program string, exec schemas.Execution) ([]llm.Message, string) {
	resLatex, resRepr := "(none)", "(none)"
	if exec.Result != nil {
		resLatex, resRepr = exec.Result.Latex, exec.Result.Repr
	}
	return render(TranslateVersion, map[string]any{
		"Program":     strings.TrimSpace(program),
		"ResultLatex": resLatex,
		"ResultRepr":  resRepr,
		"Locals":      LocalLines(exec.Locals),
	}), TranslateVersion
}

// LocalLines renders locals as sorted "name = latex" lines (long values cut).
func LocalLines(locals map[string]schemas.Value) []string {
	names := make([]string, 0, len(locals))
	for n := range locals {
		names = append(names, n)
	}
	sort.Strings(names)
	lines := make([]string, 0, len(names))
	for _, n := range names {
		v := locals[n]
		val := v.Latex
		if val == "" {
			val = v.Repr
		}
		val = strings.ReplaceAll(val, "\n", " ")
		line := n + " = " + val
		if len(line) > maxLocalLen {
			line = line[:maxLocalLen] + " …(cut)"
		}
		lines = append(lines, line)
	}
	return lines
}

// Solve builds the blind-solve prompt: the problem alone.
func Solve(problem string) ([]llm.Message, string) {
	return render(SolveVersion, map[string]any{"Problem": strings.TrimSpace(problem)}), SolveVersion
}

// SeedProgram builds the prompt that turns a seed problem and its reference
// solution into a program whose solve() reproduces the reference answer.
func SeedProgram(problem, solution string) ([]llm.Message, string) {
	return render(SeedProgramVersion, map[string]any{
		"Problem":  strings.TrimSpace(problem),
		"Solution": strings.TrimSpace(solution),
	}), SeedProgramVersion
}

// Judge builds the optional consistency-judge prompt.
func Judge(problem, program string, exec schemas.Execution) ([]llm.Message, string) {
	res := "(none)"
	if exec.Result != nil {
		res = exec.Result.Latex
	}
	return render(JudgeVersion, map[string]any{
		"Problem":     strings.TrimSpace(problem),
		"Program":     strings.TrimSpace(program),
		"ResultLatex": res,
	}), JudgeVersion
}
