package llmtest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/arrows-math/arrows/internal/knowledge"
	"github.com/arrows-math/arrows/internal/llm"
	"github.com/arrows-math/arrows/internal/offline"
	"github.com/arrows-math/arrows/internal/prompts"
	"github.com/arrows-math/arrows/schemas"
)

// OfflineResponder is the default model of the test server. It answers
// arrows' prompts with valid content built by the offline backend:
//
//   - generate: a real SymPy program from offline.Generator for the topic ids
//     on the prompt's "Topic IDs:" line (a refusal when no exemplar covers
//     them, which the parser reports as "refusal");
//   - translate: the offline translation of a program it generated earlier,
//     rendered from the result and locals listed in the prompt;
//   - solve: the program that produced the problem (a program raising
//     NotImplementedError for problems it did not write);
//   - seed-program: a program built from the reference solution's GSM8K
//     calculator annotations (<<48/2=24>>) returning its "#### N" answer;
//   - judge: consistent when the problem is one it wrote for that program.
//
// Programs are remembered by a hash of their normalised source, problems by
// their normalised text. It is safe for concurrent use.
type OfflineResponder struct {
	init    sync.Once
	initErr error
	kb      *knowledge.KB
	gen     *offline.Generator

	mu       sync.Mutex
	programs map[string]*schemas.Program // normalised-source hash -> program
	problems map[string]string           // normalised problem -> program source
	asked    map[string]int64            // generation prompt hash -> times asked
}

// NewOfflineResponder returns a responder that loads the knowledge base and
// the offline generator on first use.
func NewOfflineResponder() *OfflineResponder {
	return &OfflineResponder{programs: map[string]*schemas.Program{}, problems: map[string]string{}, asked: map[string]int64{}}
}

func (o *OfflineResponder) load() error {
	o.init.Do(func() {
		kb, err := knowledge.Load()
		if err != nil {
			o.initErr = fmt.Errorf("load knowledge base: %w", err)
			return
		}
		gen, err := offline.New(kb)
		if err != nil {
			o.initErr = fmt.Errorf("load offline generator: %w", err)
			return
		}
		o.kb, o.gen = kb, gen
	})
	return o.initErr
}

// Respond implements Responder.
func (o *OfflineResponder) Respond(kind string, msgs []llm.Message) (string, error) {
	switch kind {
	case prompts.KindGenerate:
		return o.generate(msgs)
	case prompts.KindTranslate:
		return o.translate(msgs)
	case prompts.KindSolve:
		return o.solve(msgs)
	case prompts.KindSeedProgram:
		return o.seedProgram(msgs)
	case prompts.KindJudge:
		return o.judge(msgs)
	}
	return "I'm sorry, I can't tell what this prompt asks for.", nil
}

func userContent(msgs []llm.Message) string {
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].Role == llm.SpeakerUser {
			return msgs[i].Content
		}
	}
	return ""
}

// normalize trims trailing spaces of every line and surrounding blank lines.
func normalize(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

func hashOf(s string) string {
	sum := sha256.Sum256([]byte(normalize(s)))
	return hex.EncodeToString(sum[:])
}

func fenced(lang, body string) string {
	return "```" + lang + "\n" + strings.TrimRight(body, "\n") + "\n```"
}

func (o *OfflineResponder) generate(msgs []llm.Message) (string, error) {
	if err := o.load(); err != nil {
		return "", err
	}
	ids := prompts.TopicIDs(msgs)
	if len(ids) == 0 {
		return "I'm sorry, I can't find the topics in this request.", nil
	}
	seed := schemas.Seed{Pathway: "topics"}
	for _, id := range ids {
		ref, ok := o.kb.Ref(id)
		if !ok {
			return fmt.Sprintf("I'm sorry, I can't write a program for the unknown topic %q.", id), nil
		}
		seed.Topics = append(seed.Topics, ref)
	}
	// Identical prompts asked again (other samples) get other programs.
	ph := hashOf(userContent(msgs))
	o.mu.Lock()
	seed.Index = o.asked[ph]
	o.asked[ph]++
	o.mu.Unlock()
	seed.ID = "llmtest-" + ph[:16]
	prog, err := o.gen.Generate(seed)
	if err != nil {
		return fmt.Sprintf("I'm sorry, I can't write a program for topics %s (%v).", strings.Join(ids, ", "), err), nil
	}
	o.mu.Lock()
	o.programs[hashOf(prog.Source)] = prog
	o.mu.Unlock()
	return fenced("python", prog.Source), nil
}

var (
	promptProgramRe = regexp.MustCompile("(?s)```python\\n(.*?)\\n```")
	resultLatexRe   = regexp.MustCompile(`(?m)^Result \(LaTeX\): (.*)$`)
	resultReprRe    = regexp.MustCompile(`(?m)^Result \(Python repr\): (.*)$`)
	localLineRe     = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_]*) = (.*)$`)
)

// translationInput reads back the program, result and locals of a
// translation prompt (the layout of prompts.Translate).
func translationInput(user string) (program string, exec *schemas.Execution, err error) {
	m := promptProgramRe.FindStringSubmatch(user)
	if m == nil {
		return "", nil, fmt.Errorf("translation prompt without a python block")
	}
	program = m[1]
	lm := resultLatexRe.FindStringSubmatch(user)
	rm := resultReprRe.FindStringSubmatch(user)
	if lm == nil || rm == nil {
		return "", nil, fmt.Errorf("translation prompt without a result")
	}
	exec = &schemas.Execution{
		Status: schemas.StatusOK,
		Result: &schemas.Value{Latex: lm[1], Repr: rm[1]},
		Locals: map[string]schemas.Value{},
	}
	_, rest, ok := strings.Cut(user, "Local variables of solve() (name = LaTeX):\n")
	if !ok {
		return "", nil, fmt.Errorf("translation prompt without locals")
	}
	block, _, _ := strings.Cut(rest, "\n\n")
	for _, line := range strings.Split(block, "\n") {
		if sub := localLineRe.FindStringSubmatch(line); sub != nil {
			v := schemas.Value{Latex: sub[2]}
			if strings.HasSuffix(sub[2], "…(cut)") {
				v.Truncated = true
			}
			exec.Locals[sub[1]] = v
		}
	}
	return program, exec, nil
}

func (o *OfflineResponder) translate(msgs []llm.Message) (string, error) {
	src, exec, err := translationInput(userContent(msgs))
	if err != nil {
		return "", err
	}
	o.mu.Lock()
	prog := o.programs[hashOf(src)]
	o.mu.Unlock()
	if prog == nil {
		return "I'm sorry, I can't translate a program I did not write.", nil
	}
	problem, solution, err := offline.Translate(prog, exec)
	if err != nil {
		return fmt.Sprintf("I'm sorry, I can't translate this program (%v).", err), nil
	}
	o.mu.Lock()
	o.problems[normalize(problem)] = prog.Source
	o.mu.Unlock()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(map[string]string{"problem": problem, "solution": solution}); err != nil {
		return "", fmt.Errorf("encode translation: %w", err)
	}
	return strings.TrimSpace(b.String()), nil
}

// section returns the text after "head\n" up to the next blank line
// followed by a line starting with stop.
func section(user, head, stop string) (string, bool) {
	_, rest, ok := strings.Cut(user, head+"\n")
	if !ok {
		return "", false
	}
	if i := strings.Index(rest, "\n\n"+stop); i >= 0 {
		rest = rest[:i]
	}
	return strings.TrimSpace(rest), true
}

const unknownProblemProgram = `def solve():
    raise NotImplementedError("llmtest responder: not a problem it wrote")
`

func (o *OfflineResponder) solve(msgs []llm.Message) (string, error) {
	problem, ok := section(userContent(msgs), "Problem:", "Rules:")
	if !ok {
		return "", fmt.Errorf("solve prompt without a problem")
	}
	o.mu.Lock()
	src, known := o.problems[normalize(problem)]
	o.mu.Unlock()
	if !known {
		src = unknownProblemProgram
	}
	return fenced("python", src), nil
}

func (o *OfflineResponder) seedProgram(msgs []llm.Message) (string, error) {
	user := userContent(msgs)
	solution, ok := section(user, "Reference solution:", "Write a Python program")
	if !ok {
		return "", fmt.Errorf("seed-program prompt without a reference solution")
	}
	src, err := CalculatorProgram(solution)
	if err != nil {
		return fmt.Sprintf("I'm sorry, I can't turn this solution into a program (%v).", err), nil
	}
	return fenced("python", src), nil
}

func (o *OfflineResponder) judge(msgs []llm.Message) (string, error) {
	user := userContent(msgs)
	problem, ok := section(user, "Problem:", "Program:")
	m := promptProgramRe.FindStringSubmatch(user)
	if !ok || m == nil {
		return "", fmt.Errorf("judge prompt without problem or program")
	}
	o.mu.Lock()
	src, known := o.problems[normalize(problem)]
	o.mu.Unlock()
	verdict := map[string]any{"consistent": true, "reason": "The problem states the program's givens and asks for its result."}
	switch {
	case !known:
		verdict = map[string]any{"consistent": false, "reason": "I did not write this problem, so I cannot vouch for it."}
	case normalize(src) != normalize(m[1]):
		verdict = map[string]any{"consistent": false, "reason": "The problem was written for a different program."}
	}
	b, err := json.Marshal(verdict)
	if err != nil {
		return "", fmt.Errorf("encode verdict: %w", err)
	}
	return string(b), nil
}
