package llm

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"math"
	"testing"
)

func TestCacheKeySeparatesItemsWithIdenticalPrompts(t *testing.T) {
	s := DefaultConfig().Sampling[RoleGenerator]
	base := Request{Role: RoleGenerator, PromptVersion: "generate-v1", Messages: []Message{{Role: SpeakerUser, Content: "same prompt"}}}
	seedA, seedB := base, base
	seedA.Item, seedB.Item = "seed-a", "seed-b"
	tests := []struct {
		name string
		a, b Request
		same bool
	}{
		{"two seeds with the same prompt get different entries", seedA, seedB, false},
		{"a seed and an item-less request get different entries", seedA, base, false},
		{"the same seed asked again hits its entry", seedA, seedA, true},
		{"item-less requests share an entry", base, base, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := cacheKey("m", tc.a, s) == cacheKey("m", tc.b, s); got != tc.same {
				t.Errorf("same key = %v, want %v", got, tc.same)
			}
		})
	}
}

func TestCacheKeyOfItemlessRequestsIsUnchanged(t *testing.T) {
	// Caches written before Request.Item existed must stay valid: the key
	// of a request without an item is the sha256 of the original payload.
	req := Request{Role: RoleTranslator, PromptVersion: "translate-v1", Messages: []Message{{Role: SpeakerUser, Content: "x"}}, SampleIndex: 2}
	s := Sampling{Temperature: 0.2, TopP: 0.9, MaxTokens: 2048}
	v1 := struct {
		V           string    `json:"v"`
		Model       string    `json:"model"`
		Role        Role      `json:"role"`
		Prompt      string    `json:"prompt_version"`
		Messages    []Message `json:"messages"`
		Temperature float32   `json:"temperature"`
		TopP        float32   `json:"top_p"`
		MaxTokens   int       `json:"max_tokens"`
		SampleIndex int       `json:"sample_index"`
	}{cacheKeyVersion, "m", req.Role, req.PromptVersion, req.Messages, s.Temperature, s.TopP, s.MaxTokens, req.SampleIndex}
	b, err := json.Marshal(v1)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	if got, want := cacheKey("m", req, s), hex.EncodeToString(sum[:]); got != want {
		t.Errorf("key of an item-less request = %s, want the v1 key %s", got, want)
	}
}

func TestCostPricesLiveResponsesAndNotCachedOnes(t *testing.T) {
	cfg := DefaultConfig()
	cfg.BaseURL = "http://127.0.0.1:1/v1"
	cfg.APIKeyEnv = ""
	cfg.Models = map[Role]string{RoleGenerator: "gen-model", RoleTranslator: "unpriced"}
	cfg.PricesPer1M = map[string]Price{"gen-model": {Prompt: 2, Completion: 8}, "reported": {Prompt: 1, Completion: 1}}
	c, err := NewClient(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	u := Usage{PromptTokens: 1000, CompletionTokens: 500}
	tests := []struct {
		name string
		role Role
		resp Response
		want float64
	}{
		{"the role's model is priced per million tokens", RoleGenerator, Response{Usage: u}, (1000*2 + 500*8) / 1e6},
		{"a cached response costs nothing", RoleGenerator, Response{Usage: u, Cached: true}, 0},
		{"an unpriced role model falls back to the reported model", RoleTranslator, Response{Usage: u, Model: "reported"}, 1500 / 1e6},
		{"an unpriced model costs nothing", RoleTranslator, Response{Usage: u, Model: "other"}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := c.Cost(tc.role, tc.resp); math.Abs(got-tc.want) > 1e-12 {
				t.Errorf("Cost = %g, want %g", got, tc.want)
			}
		})
	}
}
