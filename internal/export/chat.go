package export

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"text/template"

	"github.com/arrows-math/arrows/internal/env"
	"github.com/arrows-math/arrows/internal/llm"
	"github.com/arrows-math/arrows/schemas"
)

// SFT targets: what the assistant message of a conversation holds.
const (
	// TargetSolution answers with the step-by-step solution.
	TargetSolution = "solution"
	// TargetProgram answers with the program in a ```python block
	// (program-of-thought training).
	TargetProgram = "program"
	// TargetProgramSolution answers with the program block followed by the
	// solution.
	TargetProgramSolution = "program+solution"
)

// Targets lists the SFT targets.
var Targets = []string{TargetSolution, TargetProgram, TargetProgramSolution}

// Message is one chat message, in the OpenAI chat format the LLM client
// speaks (its Role is llm.SpeakerSystem, llm.SpeakerUser or llm.SpeakerAssistant).
type Message = llm.Message

// ChatOptions configure the SFT and RL exports.
type ChatOptions struct {
	// Target is the SFT assistant content (Target* constants; default
	// TargetSolution). The RL export ignores it.
	Target string `json:"target,omitempty"`
	// System, when set, is the content of a leading system message.
	System string `json:"system,omitempty"`
	// Template is the text of a Go text/template over the triple (see
	// ParseTemplate); empty for the default layout.
	Template string `json:"template,omitempty"`
}

// Validate reports an unknown target or a template that does not parse,
// as *env.FieldError values naming the field (Target, Template).
func (o ChatOptions) Validate() error {
	switch o.Target {
	case "", TargetSolution, TargetProgram, TargetProgramSolution:
	default:
		return env.Errorf("Target", "must be one of %s, got %q", strings.Join(Targets, ", "), o.Target)
	}
	if o.Template != "" {
		if _, err := parseTemplate(o.Template); err != nil {
			return env.Errorf("Template", "does not parse: %w", err)
		}
	}
	return nil
}

// TemplateData is what a --template sees: the triple's fields, the
// assistant content the --target would give, and the whole record.
type TemplateData struct {
	ID          string
	Problem     string
	Solution    string
	Program     string
	Answer      string
	AnswerLatex string
	AnswerKind  string
	Topics      []string
	Stages      []string
	Pathway     string
	// System is the --system text ("" without one).
	System string
	// Assistant is the assistant content the --target gives.
	Assistant string
	// Record is the full triple (schemas.Record).
	Record *schemas.Record
}

// Template is a parsed --template. A template file may define the blocks
// "system", "user" and "assistant" ({{define "user"}}…{{end}}); each
// block it defines replaces that message's content (a block that renders
// to only white space drops the message). A file that defines none of them
// is the user message. Besides the text/template built-ins, templates have
// fence (wrap a program in a ```python block), join (strings.Join with the
// separator last: {{join .Topics ", "}}), trim (strings.TrimSpace) and json
// (JSON-encode a value).
type Template struct {
	t      *template.Template
	blocks map[string]bool
}

var templateFuncs = template.FuncMap{
	"fence": Fence,
	"join":  func(items []string, sep string) string { return strings.Join(items, sep) },
	"trim":  strings.TrimSpace,
	"json": func(v any) (string, error) {
		b, err := json.Marshal(v)
		return string(b), err
	},
}

// ParseTemplate parses a --template file's text.
func ParseTemplate(text string) (*Template, error) {
	tp, err := parseTemplate(text)
	if err != nil {
		return nil, fmt.Errorf("--template: %w", err)
	}
	return tp, nil
}

func parseTemplate(text string) (*Template, error) {
	t, err := template.New("template").Funcs(templateFuncs).Option("missingkey=error").Parse(text)
	if err != nil {
		return nil, err
	}
	tp := &Template{t: t, blocks: map[string]bool{}}
	for _, name := range []string{llm.SpeakerSystem, llm.SpeakerUser, llm.SpeakerAssistant} {
		if t.Lookup(name) != nil {
			tp.blocks[name] = true
		}
	}
	if len(tp.blocks) == 0 {
		tp.blocks[llm.SpeakerUser] = true
	}
	return tp, nil
}

// Defines reports whether the template sets the message of speaker.
func (tp *Template) Defines(speaker string) bool { return tp != nil && tp.blocks[speaker] }

// render executes the block of speaker (the whole template when it defines
// no blocks and speaker is the user).
func (tp *Template) render(speaker string, d TemplateData) (string, error) {
	var buf bytes.Buffer
	t := tp.t.Lookup(speaker)
	if t == nil {
		t = tp.t // a template without blocks is the user message
	}
	if err := t.Execute(&buf, d); err != nil {
		return "", fmt.Errorf("--template, %s message of row %s: %w", speaker, d.ID, err)
	}
	return buf.String(), nil
}

// Fence wraps a program in a Markdown ```python block.
func Fence(program string) string {
	return "```python\n" + strings.TrimRight(program, "\n") + "\n```"
}

// AssistantContent returns the assistant message a target gives for a row.
func AssistantContent(rec *schemas.Record, target string) string {
	switch target {
	case TargetProgram:
		return Fence(ProgramSource(rec))
	case TargetProgramSolution:
		return Fence(ProgramSource(rec)) + "\n\n" + rec.Solution
	}
	return rec.Solution
}

// Exporter renders rows as SFT or RL lines. Build it once with NewExporter
// (it parses the template) and use it for every row; it is safe for
// concurrent use.
type Exporter struct {
	opts ChatOptions
	tmpl *Template
}

// NewExporter validates opts and parses the template.
func NewExporter(opts ChatOptions) (*Exporter, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	if opts.Target == "" {
		opts.Target = TargetSolution
	}
	e := &Exporter{opts: opts}
	if opts.Template != "" {
		t, err := ParseTemplate(opts.Template)
		if err != nil {
			return nil, err
		}
		e.tmpl = t
	}
	return e, nil
}

func (e *Exporter) data(rec *schemas.Record) TemplateData {
	exact, latex, kind := Answer(rec)
	return TemplateData{
		ID: rec.ID, Problem: rec.Problem, Solution: rec.Solution, Program: ProgramSource(rec),
		Answer: exact, AnswerLatex: latex, AnswerKind: kind,
		Topics: TopicIDs(rec), Stages: Stages(rec), Pathway: Pathway(rec),
		System: e.opts.System, Assistant: AssistantContent(rec, e.opts.Target), Record: rec,
	}
}

// messages builds the conversation: system (optional), user and, with
// assistant set, the assistant message.
func (e *Exporter) messages(rec *schemas.Record, assistant bool) ([]Message, error) {
	d := e.data(rec)
	content := map[string]string{llm.SpeakerSystem: e.opts.System, llm.SpeakerUser: rec.Problem, llm.SpeakerAssistant: d.Assistant}
	for _, sp := range []string{llm.SpeakerSystem, llm.SpeakerUser, llm.SpeakerAssistant} {
		if !e.tmpl.Defines(sp) {
			continue
		}
		s, err := e.tmpl.render(sp, d)
		if err != nil {
			return nil, err
		}
		content[sp] = s
	}
	var msgs []Message
	if strings.TrimSpace(content[llm.SpeakerSystem]) != "" {
		msgs = append(msgs, Message{Role: llm.SpeakerSystem, Content: content[llm.SpeakerSystem]})
	}
	if strings.TrimSpace(content[llm.SpeakerUser]) == "" {
		return nil, fmt.Errorf("row %s: the user message is empty", rec.ID)
	}
	msgs = append(msgs, Message{Role: llm.SpeakerUser, Content: content[llm.SpeakerUser]})
	if assistant {
		if strings.TrimSpace(content[llm.SpeakerAssistant]) == "" {
			return nil, fmt.Errorf("row %s: the assistant message is empty (target %s)", rec.ID, e.opts.Target)
		}
		msgs = append(msgs, Message{Role: llm.SpeakerAssistant, Content: content[llm.SpeakerAssistant]})
	}
	return msgs, nil
}

// SFTLine is one line of the SFT export: the conversation and the row's
// metadata (trainers such as TRL's SFTTrainer read "messages" and ignore
// the other columns).
type SFTLine struct {
	ID              string    `json:"id"`
	Messages        []Message `json:"messages"`
	Answer          string    `json:"answer"`
	AnswerLatex     string    `json:"answer_latex"`
	Topics          []string  `json:"topics"`
	Stages          []string  `json:"stages"`
	NumTopics       int       `json:"num_topics"`
	Pathway         string    `json:"pathway"`
	VerifierVersion string    `json:"verifier_version"`
	Target          string    `json:"target"`
}

// SFT returns the SFT line of an accepted triple.
func (e *Exporter) SFT(rec *schemas.Record) (SFTLine, error) {
	if why := Exportable(rec); why != "" {
		return SFTLine{}, fmt.Errorf("row %q cannot be exported: %s", rec.ID, why)
	}
	if e.opts.Target != TargetSolution && ProgramSource(rec) == "" && !e.tmpl.Defines(llm.SpeakerAssistant) {
		return SFTLine{}, fmt.Errorf("row %s has no program for target %s", rec.ID, e.opts.Target)
	}
	msgs, err := e.messages(rec, true)
	if err != nil {
		return SFTLine{}, err
	}
	exact, latex, _ := Answer(rec)
	topics := TopicIDs(rec)
	return SFTLine{
		ID: rec.ID, Messages: msgs, Answer: exact, AnswerLatex: latex,
		Topics: topics, Stages: nonNil(Stages(rec)), NumTopics: len(topics),
		Pathway: Pathway(rec), VerifierVersion: VerifierVersion(rec), Target: e.opts.Target,
	}, nil
}

// RewardModel is the reference answer in the layout of verl's RL datasets.
type RewardModel struct {
	// Style is "rule": the reward is computed by comparing answers.
	Style string `json:"style"`
	// GroundTruth is the reference answer in LaTeX.
	GroundTruth string `json:"ground_truth"`
}

// RLLine is one line of the RL export: the prompt (chat messages without
// the answer) and the verifiable reference answer in exact and LaTeX form.
// "prompt" and "answer" suit TRL's GRPOTrainer (extra columns reach the
// reward functions); "data_source", "ability" and "reward_model" follow
// verl's layout.
type RLLine struct {
	ID              string      `json:"id"`
	Prompt          []Message   `json:"prompt"`
	Answer          string      `json:"answer"`
	AnswerLatex     string      `json:"answer_latex"`
	AnswerKind      string      `json:"answer_kind,omitempty"`
	DataSource      string      `json:"data_source"`
	Ability         string      `json:"ability"`
	RewardModel     RewardModel `json:"reward_model"`
	Topics          []string    `json:"topics"`
	Stages          []string    `json:"stages"`
	Pathway         string      `json:"pathway"`
	VerifierVersion string      `json:"verifier_version"`
}

// RL returns the RL line of an accepted triple. A template's "assistant"
// block is an error here: an RL prompt has no answer in it.
func (e *Exporter) RL(rec *schemas.Record) (RLLine, error) {
	if why := Exportable(rec); why != "" {
		return RLLine{}, fmt.Errorf("row %q cannot be exported: %s", rec.ID, why)
	}
	if e.tmpl.Defines(llm.SpeakerAssistant) {
		return RLLine{}, fmt.Errorf("--template defines an assistant message, which the rl format does not have")
	}
	exact, latex, kind := Answer(rec)
	if exact == "" {
		return RLLine{}, fmt.Errorf("row %s has no reference answer", rec.ID)
	}
	msgs, err := e.messages(rec, false)
	if err != nil {
		return RLLine{}, err
	}
	return RLLine{
		ID: rec.ID, Prompt: msgs, Answer: exact, AnswerLatex: latex, AnswerKind: kind,
		DataSource: "arrows", Ability: "math", RewardModel: RewardModel{Style: "rule", GroundTruth: latex},
		Topics: TopicIDs(rec), Stages: nonNil(Stages(rec)), Pathway: Pathway(rec), VerifierVersion: VerifierVersion(rec),
	}, nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
