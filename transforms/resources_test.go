package transforms

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/log"

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
	// must not share a client.
	cfg := llm.DefaultConfig()
	cfg.BaseURL = "http://127.0.0.1:9/v1"
	cfg.APIKeyEnv = ""
	cfg.Models = map[llm.Role]string{llm.RoleGenerator: "m1"}
	clientsOf := func(r *resources, c llm.Config) {
		t.Helper()
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
	for _, tc := range []struct {
		name  string
		alter func(*llm.Config)
	}{
		{"a model", func(c *llm.Config) { c.Models = map[llm.Role]string{llm.RoleGenerator: "m2"} }},
		{"the outage limit", func(c *llm.Config) { c.MaxOutage = time.Minute }},
		{"the reply cap", func(c *llm.Config) { c.MaxReplyBytes = 1 << 10 }},
	} {
		other := cfg
		tc.alter(&other)
		n := clients.Len()
		var c resources
		clientsOf(&c, other)
		if clients.Len() != n+1 {
			t.Errorf("LLM settings differing in %s share one client", tc.name)
		}
		c.release()
	}
}

// The LLM client's log lines reach Beam's log at their level: the
// breaker's WARN lines as warnings.
func TestBeamSeverityKeepsTheLevel(t *testing.T) {
	for _, tc := range []struct {
		level slog.Level
		want  log.Severity
	}{
		{slog.LevelDebug, log.SevDebug},
		{slog.LevelInfo, log.SevInfo},
		{slog.LevelWarn, log.SevWarn},
		{slog.LevelWarn + 2, log.SevWarn},
		{slog.LevelError, log.SevError},
	} {
		if got := beamSeverity(tc.level); got != tc.want {
			t.Errorf("%v → severity %d, want %d", tc.level, got, tc.want)
		}
	}
}
