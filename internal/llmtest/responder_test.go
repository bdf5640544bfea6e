package llmtest

import (
	"bytes"
	"context"
	"encoding/json"
	"os/exec"
	"strings"
	"testing"

	"github.com/arrows-math/arrows/internal/knowledge"
	"github.com/arrows-math/arrows/internal/llm"
	"github.com/arrows-math/arrows/internal/offline"
	"github.com/arrows-math/arrows/internal/prompts"
	"github.com/arrows-math/arrows/schemas"
)

// pyResult is what testdata/run.py reports for one program.
type pyResult struct {
	Status string                   `json:"status"`
	Error  string                   `json:"error"`
	Result *schemas.Value           `json:"result"`
	Locals map[string]schemas.Value `json:"locals"`
}

// runPython executes programs with the system Python and SymPy.
func runPython(t *testing.T, sources ...string) []pyResult {
	t.Helper()
	in, err := json.Marshal(sources)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("/usr/bin/python3", "testdata/run.py")
	cmd.Stdin = bytes.NewReader(in)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("run.py: %v\n%s", err, stderr.String())
	}
	var res []pyResult
	if err := json.Unmarshal(out.Bytes(), &res); err != nil || len(res) != len(sources) {
		t.Fatalf("run.py output %q: %v", out.String(), err)
	}
	return res
}

// newClient returns an llm client for the server with no key and a cache-less config.
func newClient(t *testing.T, url string) *llm.Client {
	t.Helper()
	cfg := llm.DefaultConfig()
	cfg.BaseURL = url
	cfg.APIKeyEnv = ""
	cfg.Models = map[llm.Role]string{llm.RoleGenerator: "gen", llm.RoleTranslator: "tr", llm.RoleSolver: "sol", llm.RoleJudge: "judge"}
	c, err := llm.NewClient(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// TestOfflineResponderAnswersTheWholeTopicsPathway drives the default
// responder through the llm client exactly as the pipeline would:
// generate -> (run the program with real SymPy) -> translate -> blind solve
// -> judge, and checks each answer parses and agrees with the program.
func TestOfflineResponderAnswersTheWholeTopicsPathway(t *testing.T) {
	kb, err := knowledge.Load()
	if err != nil {
		t.Fatal(err)
	}
	gen, err := offline.New(kb)
	if err != nil {
		t.Fatal(err)
	}
	// Elementary topics keep the SymPy runs short; one two-topic seed
	// exercises a composed program and a multi-id "Topic IDs:" line.
	var seeds [][]string
	for _, id := range gen.Topics() {
		if len(seeds) < 3 && (strings.HasPrefix(id, "primary.") || strings.HasPrefix(id, "middle.")) {
			seeds = append(seeds, []string{id})
		}
	}
	if len(seeds) == 0 {
		t.Fatal("offline generator covers no primary or middle topic")
	}
pairs:
	for _, a := range seeds {
		for _, id := range gen.Topics() {
			if !strings.HasPrefix(id, "primary.") || id == a[0] {
				continue
			}
			ra, _ := kb.Ref(a[0])
			rb, _ := kb.Ref(id)
			if _, err := gen.Generate(schemas.Seed{ID: "probe", Topics: []schemas.TopicRef{ra, rb}}); err == nil {
				seeds = append(seeds, []string{a[0], id})
				break pairs
			}
		}
	}
	n := len(seeds)
	s := NewServer(Options{})
	defer s.Close()
	c := newClient(t, s.URL())
	ctx := context.Background()

	var progs []string
	for _, ids := range seeds {
		var refs []schemas.TopicRef
		for _, id := range ids {
			ref, _ := kb.Ref(id)
			refs = append(refs, ref)
		}
		topics, err := prompts.TopicsFromKB(kb, refs)
		if err != nil {
			t.Fatal(err)
		}
		msgs, v := prompts.Generate(topics, prompts.ExemplarsFromKB(kb, topics, 2))
		resp, err := c.Complete(ctx, llm.Request{Role: llm.RoleGenerator, PromptVersion: v, Messages: msgs})
		if err != nil {
			t.Fatal(err)
		}
		prog, err := prompts.ParseProgram(resp.Content)
		if err != nil {
			t.Fatalf("topics %v: %v\n%s", ids, err, resp.Content)
		}
		progs = append(progs, prog)
	}
	runs := runPython(t, progs...)
	for i, run := range runs {
		if run.Status != "ok" {
			t.Fatalf("program %d failed: %s\n%s", i, run.Error, progs[i])
		}
		exec := schemas.Execution{Status: schemas.StatusOK, Result: run.Result, Locals: run.Locals}
		msgs, v := prompts.Translate(progs[i], exec)
		resp, err := c.Complete(ctx, llm.Request{Role: llm.RoleTranslator, PromptVersion: v, Messages: msgs})
		if err != nil {
			t.Fatal(err)
		}
		problem, solution, err := prompts.ParseTranslation(resp.Content)
		if err != nil {
			t.Fatalf("translation %d: %v\n%s", i, err, resp.Content)
		}
		if !strings.Contains(solution, `\boxed{`+run.Result.Latex+`}`) {
			t.Errorf("solution %d does not box the result %q:\n%s", i, run.Result.Latex, solution)
		}
		if strings.Contains(problem, "sympy") || strings.Contains(problem, "def ") {
			t.Errorf("problem %d mentions code: %s", i, problem)
		}

		msgs, v = prompts.Solve(problem)
		resp, err = c.Complete(ctx, llm.Request{Role: llm.RoleSolver, PromptVersion: v, Messages: msgs})
		if err != nil {
			t.Fatal(err)
		}
		solved, err := prompts.ParseProgram(resp.Content)
		if err != nil || strings.TrimSpace(solved) != strings.TrimSpace(progs[i]) {
			t.Errorf("blind solve %d returned another program (%v):\n%s", i, err, solved)
		}

		msgs, v = prompts.Judge(problem, progs[i], exec)
		resp, err = c.Complete(ctx, llm.Request{Role: llm.RoleJudge, PromptVersion: v, Messages: msgs})
		if err != nil {
			t.Fatal(err)
		}
		if ok, reason, err := prompts.ParseJudge(resp.Content); err != nil || !ok {
			t.Errorf("judge %d: consistent=%v reason=%q err=%v", i, ok, reason, err)
		}
	}
	t.Logf("seeds: %v", seeds)
	counts := s.Counts()
	for _, k := range []string{prompts.KindGenerate, prompts.KindTranslate, prompts.KindSolve, prompts.KindJudge} {
		if counts.ByKind[k] != n {
			t.Errorf("server saw %d %s requests, want %d (%+v)", counts.ByKind[k], k, n, counts.ByKind)
		}
	}
}

func TestOfflineResponderDeclinesWhatItCannotKnow(t *testing.T) {
	o := NewOfflineResponder()
	msgs, _ := prompts.Generate([]prompts.Topic{{ID: "no.such.topic", Path: []string{"a", "b", "c"}}}, nil)
	got, err := o.Respond(prompts.KindGenerate, msgs)
	if err != nil || !prompts.IsRefusal(got) {
		t.Errorf("unknown topic: %q, %v", got, err)
	}
	msgs, _ = prompts.Translate("def solve():\n    return 1", schemas.Execution{Result: &schemas.Value{Latex: "1", Repr: "1"}})
	got, err = o.Respond(prompts.KindTranslate, msgs)
	if _, _, perr := prompts.ParseTranslation(got); err != nil || prompts.Reason(perr) != prompts.ReasonRefusal {
		t.Errorf("foreign program: %q, %v", got, err)
	}
	msgs, _ = prompts.Solve("A problem nobody generated.")
	got, err = o.Respond(prompts.KindSolve, msgs)
	if prog, perr := prompts.ParseProgram(got); err != nil || perr != nil || !strings.Contains(prog, "NotImplementedError") {
		t.Errorf("foreign problem: %q, %v %v", got, err, perr)
	}
	msgs, _ = prompts.Judge("A problem nobody generated.", "def solve():\n    return 1", schemas.Execution{})
	got, err = o.Respond(prompts.KindJudge, msgs)
	if ok, _, perr := prompts.ParseJudge(got); err != nil || perr != nil || ok {
		t.Errorf("foreign judge: %q, %v %v", got, err, perr)
	}
	got, err = o.Respond("unknown", []llm.Message{{Role: "user", Content: "hi"}})
	if err != nil || !prompts.IsRefusal(got) {
		t.Errorf("unknown prompt: %q, %v", got, err)
	}
}

func TestSeedProgramPromptGetsACalculatorProgram(t *testing.T) {
	o := NewOfflineResponder()
	msgs, _ := prompts.SeedProgram(
		"Natalia sold clips to 48 of her friends in April, and then she sold half as many clips in May. How many clips did Natalia sell altogether in April and May?",
		"Natalia sold 48/2 = <<48/2=24>>24 clips in May.\nNatalia sold 48+24 = <<48+24=72>>72 clips altogether in April and May.\n#### 72")
	got, err := o.Respond(prompts.KindSeedProgram, msgs)
	if err != nil {
		t.Fatal(err)
	}
	prog, err := prompts.ParseProgram(got)
	if err != nil {
		t.Fatal(err)
	}
	run := runPython(t, prog)[0]
	if run.Status != "ok" || run.Result.Repr != "72" {
		t.Fatalf("run = %+v\n%s", run, prog)
	}
}
