package evolve

import (
	"embed"
	"fmt"
	"regexp"
	"strings"

	"github.com/arrows-math/arrows/internal/llm"
	"github.com/arrows-math/arrows/internal/prompts"
	"github.com/arrows-math/arrows/schemas"
)

// Prompt version ids of the LLM operators (template file names). They
// follow the conventions of internal/prompts: the system message ends with
// "[arrows prompt <id>]", so prompts.Detect and the llmtest server see
// kinds "evolve-add-step" and "evolve-ask-other". Change a prompt by adding
// a new file with a new id.
const (
	AddStepVersion  = "evolve-add-step-v1"
	AskOtherVersion = "evolve-ask-other-v1"
)

// Prompt kinds (a version id without "-vN").
const (
	KindAddStep  = "evolve-add-step"
	KindAskOther = "evolve-ask-other"
)

//go:embed templates/*.tmpl
var templateFS embed.FS

// templates is parsed once at package initialisation and never modified.
var templates = prompts.MustLoadTemplates("evolve", templateFS)

// Versions returns the operator prompt ids with the sha256 of their files.
func Versions() map[string]string { return templates.Versions() }

func render(version string, data map[string]any) ([]llm.Message, error) {
	msgs, err := templates.Render(version, data)
	if err != nil {
		return nil, fmt.Errorf("evolve: %w", err)
	}
	return msgs, nil
}

// VariantPrompt is what both LLM operators show of the parent.
type VariantPrompt struct {
	Program string
	Problem string
	// Exec is the parent's execution (result and locals).
	Exec schemas.Execution
	// Variant numbers repeated requests for one parent (0 for the first);
	// later variants ask for a less obvious change.
	Variant int
}

func (v VariantPrompt) data() map[string]any {
	res := "(none)"
	if v.Exec.Result != nil {
		res = v.Exec.Result.Latex
	}
	problem := strings.TrimSpace(v.Problem)
	if problem == "" {
		problem = "(not stated: read it from the program)"
	}
	return map[string]any{
		"Program":     strings.TrimSpace(v.Program),
		"Problem":     problem,
		"ResultLatex": res,
		"Locals":      prompts.LocalLines(v.Exec.Locals),
		"Variant":     v.Variant,
	}
}

// AddStepPrompt builds the add_step prompt: extend the parent with a step
// that uses a tool of topic.
func AddStepPrompt(v VariantPrompt, topic prompts.Topic) ([]llm.Message, string, error) {
	d := v.data()
	d["Topic"] = topic
	var names []string
	for _, t := range topic.Tools {
		names = append(names, t.Name)
	}
	d["ToolNames"] = names
	mods := prompts.Modules([]prompts.Topic{topic})
	d["Modules"] = strings.Join(mods, ", ")
	msgs, err := render(AddStepVersion, d)
	return msgs, AddStepVersion, err
}

// AskOtherPrompt builds the ask_other prompt: ask a different quantity of
// the parent's situation.
func AskOtherPrompt(v VariantPrompt) ([]llm.Message, string, error) {
	msgs, err := render(AskOtherVersion, v.data())
	return msgs, AskOtherVersion, err
}

// ToolsOf returns the tool names an add_step prompt asks for (its
// "Tools: a, b" line); test servers use it to answer the prompt.
func ToolsOf(msgs []llm.Message) []string {
	for _, m := range msgs {
		if m.Role != llm.SpeakerUser {
			continue
		}
		for _, line := range strings.Split(m.Content, "\n") {
			if rest, ok := strings.CutPrefix(line, "Tools: "); ok {
				var out []string
				for _, t := range strings.Split(rest, ",") {
					if t = strings.TrimSpace(t); t != "" {
						out = append(out, t)
					}
				}
				return out
			}
		}
	}
	return nil
}

// newProblemRe finds the "New problem:" statement of an operator answer.
var newProblemRe = regexp.MustCompile(`(?s)New problem:\s*(.+)`)

// ParseVariant reads an operator answer: the program (prompts.ParseProgram,
// whose *prompts.ParseError reasons apply) and the new problem statement
// after "New problem:" outside the code ("" when the model left it out).
// The statement is a draft for further evolution; translation writes the
// problem that ships.
func ParseVariant(content string) (program, problem string, err error) {
	program, err = prompts.ParseProgram(content)
	if err != nil {
		return "", "", err
	}
	rest := content
	if i := strings.LastIndex(rest, "```"); i >= 0 {
		rest = rest[i+3:]
	}
	if m := newProblemRe.FindStringSubmatch(rest); m != nil {
		problem = strings.Trim(m[1], "\"*_ \t\r\n")
	}
	return program, problem, nil
}
