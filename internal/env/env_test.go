package env

import (
	"errors"
	"testing"
	"time"

	"github.com/arrows-math/arrows/internal/llm"
)

func llmEnv(models map[llm.Role]string, blind, judge bool) Env {
	e := Default()
	c := llm.DefaultConfig()
	c.BaseURL = "http://localhost:8000/v1"
	c.Models = models
	e.LLM = &LLM{Client: c, BlindSolve: blind, Judge: judge}
	return e
}

func TestBackendFollowsTheLLMConfiguration(t *testing.T) {
	if b := Default().Backend(); b != BackendOffline {
		t.Errorf("default backend %q, want offline", b)
	}
	if b := llmEnv(nil, false, false).Backend(); b != BackendLLM {
		t.Errorf("backend with an LLM configuration %q, want llm", b)
	}
}

func TestValidateNamesTheField(t *testing.T) {
	both := map[llm.Role]string{llm.RoleGenerator: "g", llm.RoleTranslator: "t"}
	noURL := llmEnv(both, false, false)
	noURL.LLM.Client.BaseURL = ""
	cases := []struct {
		name  string
		env   Env
		field string // "" when valid
	}{
		{"the offline backend needs nothing", Default(), ""},
		{"the llm backend needs an endpoint", noURL, "LLM.Client.BaseURL"},
		{"the llm backend needs a generator model", llmEnv(map[llm.Role]string{llm.RoleTranslator: "t"}, false, false), "LLM.Client.Models.generator"},
		{"the llm backend needs a translator model", llmEnv(map[llm.Role]string{llm.RoleGenerator: "g"}, false, false), "LLM.Client.Models.translator"},
		{"generator and translator models suffice without checks", llmEnv(both, false, false), ""},
		{"the blind re-solve needs a solver model", llmEnv(both, true, false), "LLM.Client.Models.solver"},
		{"the judge needs a judge model", llmEnv(both, false, true), "LLM.Client.Models.judge"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.env.Validate()
			if c.field == "" {
				if err != nil {
					t.Fatalf("want valid, got %v", err)
				}
				return
			}
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("want a *FieldError, got %v", err)
			}
			if fe.Field != c.field {
				t.Fatalf("field %q, want %q (%v)", fe.Field, c.field, err)
			}
		})
	}
}

func TestInNestsFieldPaths(t *testing.T) {
	err := In("Env", In("LLM", Errorf("Client.BaseURL", "is required")))
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Field != "Env.LLM.Client.BaseURL" || err.Error() != "Env.LLM.Client.BaseURL is required" {
		t.Fatalf("got %v", err)
	}
	plain := errors.New("unknown benchmark")
	err = In("Decontam", plain)
	if !errors.As(err, &fe) || fe.Field != "Decontam" || !errors.Is(err, plain) {
		t.Fatalf("a plain error must become the prefix's field error wrapping it, got %v", err)
	}
	if In("X", nil) != nil {
		t.Fatal("In of nil must be nil")
	}
}

func TestModelsListTheRolesInUse(t *testing.T) {
	e := llmEnv(map[llm.Role]string{llm.RoleGenerator: "g", llm.RoleTranslator: "t", llm.RoleSolver: "s", llm.RoleJudge: "j"}, true, false)
	got := e.Models()
	if len(got) != 3 || got["generator"] != "g" || got["translator"] != "t" || got["solver"] != "s" {
		t.Fatalf("models %v: want generator, translator and solver (no judge)", got)
	}
	if Default().Models() != nil {
		t.Fatal("the offline backend has no models")
	}
}

func TestSandboxConfigAppliesEverySetting(t *testing.T) {
	s := DefaultSandbox()
	s.Workers, s.WallMillis, s.CPUMillis, s.MemoryMB, s.NoSeccomp = 3, 1500, 700, 256, true
	c := s.Config()
	if c.Workers != 3 || c.Limits.Wall != 1500*time.Millisecond || c.Limits.CPU != 700*time.Millisecond || c.Limits.MemoryMB != 256 {
		t.Fatalf("settings not applied: %+v", c)
	}
	if c.Seccomp || !c.Namespaces {
		t.Fatalf("seccomp %v namespaces %v: want off and on", c.Seccomp, c.Namespaces)
	}
	if len(c.Modules) == 0 {
		t.Fatal("the answer checker's modules are not loaded")
	}
	if s.Servers() != 3 || DefaultSandbox().Servers() < 1 {
		t.Fatalf("servers %d", s.Servers())
	}
}

func TestLLMSamplesAndConcurrency(t *testing.T) {
	e := llmEnv(nil, false, false)
	if e.LLM.Samples() != 1 {
		t.Fatalf("default samples %d", e.LLM.Samples())
	}
	s := e.LLM.Client.Sampling[llm.RoleGenerator]
	s.N = 4
	e.LLM.Client.Sampling[llm.RoleGenerator] = s
	e.LLM.Client.Concurrency = 0
	if e.LLM.Samples() != 4 || e.LLM.Concurrency() != llm.DefaultConfig().Concurrency {
		t.Fatalf("samples %d concurrency %d", e.LLM.Samples(), e.LLM.Concurrency())
	}
}
