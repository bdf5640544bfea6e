package transforms

import (
	"context"
	"testing"

	"github.com/arrows-math/arrows/internal/env"
	"github.com/arrows-math/arrows/internal/llm"
)

func TestResourcesShareOneValuePerConfiguration(t *testing.T) {
	ctx := context.Background()
	var a, b resources
	defer a.release()
	defer b.release()
	p1, err := a.pool(ctx, testEnv().Sandbox)
	if err != nil {
		t.Fatal(err)
	}
	p2, _ := b.pool(ctx, testEnv().Sandbox)
	if p1 != p2 || p1 != heldPool {
		t.Fatal("one sandbox configuration must share one pool per process")
	}

	// Two stages whose LLM settings differ in anything the client reads
	// (here only a model) must not share a client.
	cfg := llm.DefaultConfig()
	cfg.BaseURL = "http://127.0.0.1:9/v1"
	cfg.APIKeyEnv = ""
	cfg.Models = map[llm.Role]string{llm.RoleGenerator: "m1"}
	other := cfg
	other.Models = map[llm.Role]string{llm.RoleGenerator: "m2"}
	clientsOf := func(r *resources, c llm.Config) {
		if _, err := r.llm(ctx, &env.LLM{Client: c}); err != nil {
			t.Fatal(err)
		}
	}
	before := clients.Len()
	clientsOf(&a, cfg)
	clientsOf(&b, cfg)
	if clients.Len() != before+1 {
		t.Fatalf("equal LLM settings: %d clients, want 1", clients.Len()-before)
	}
	var c resources
	defer c.release()
	clientsOf(&c, other)
	if clients.Len() != before+2 {
		t.Fatal("LLM settings differing in a model share one client")
	}
}
