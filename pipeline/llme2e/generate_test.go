package llme2e

import (
	"math"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/arrows-math/arrows/internal/e2etest"
	"github.com/arrows-math/arrows/internal/llm"
	"github.com/arrows-math/arrows/internal/llmtest"
	"github.com/arrows-math/arrows/internal/prompts"
	"github.com/arrows-math/arrows/schemas"
)

// llmRoles are the roles a generate run with blind re-solve calls.
var llmRoles = []llm.Role{llm.RoleGenerator, llm.RoleTranslator, llm.RoleSolver}

// TestGenerateLLM runs `generate --backend llm` with blind re-solve against
// a fault-free test server that requires the API key, then runs it again
// over the same response cache.
func TestGenerateLLM(t *testing.T) {
	const n = 40
	key := newSecret(t)
	logs := captureLogs(t)
	srv := newServer(t, llmtest.Options{RequireKey: key, Seed: 3})
	dir := t.TempDir()
	cfg := llmGenerateConfig(srv.URL(), n, filepath.Join(dir, "run1"))
	cfg.Env.LLM.Client.CacheDir = filepath.Join(dir, "cache")

	res := mustRunGenerate(t, cfg)
	sent := srv.Counts()
	accepted, rejected, st := readOutputs(t, cfg.Out)
	c := e2etest.Counters(res)
	t.Logf("run 1: %d requests %v; accepted %d, rejected %v", sent.Total, sent.ByKind, len(accepted), e2etest.Reasons(rejected))

	t.Run("every seed is accounted for and most are verified triples", func(t *testing.T) {
		assertAccounted(t, n, 1, accepted, rejected)
		if len(accepted) < n*3/4 {
			t.Errorf("only %d of %d seeds verified; rejections: %v", len(accepted), n, e2etest.Reasons(rejected))
		}
		for _, r := range accepted {
			if r.Verification == nil || r.Verification.Verdict != schemas.VerdictAccepted {
				t.Fatalf("accepted row %s without an accepted verification", r.ID)
			}
			blind := false
			for _, ch := range r.Verification.Checks {
				blind = blind || ch.Name == "blind_solve" && ch.Result == schemas.ResultPass
			}
			if !blind {
				t.Errorf("accepted row %s has no passed blind_solve check: %+v", r.ID, r.Verification.Checks)
			}
		}
		if st.Seeds != n || st.Accepted != int64(len(accepted)) || st.Rejected != int64(len(rejected)) {
			t.Errorf("stats.json seeds=%d accepted=%d rejected=%d; files %d/%d", st.Seeds, st.Accepted, st.Rejected, len(accepted), len(rejected))
		}
	})

	t.Run("rows carry prompt versions, models and token usage", func(t *testing.T) {
		wantVersion := strings.Join([]string{prompts.GenerateVersion, prompts.TranslateVersion, prompts.SolveVersion}, "+")
		for _, r := range accepted {
			pv := r.Provenance
			if pv.Generator != "llm" || pv.PromptVersion != wantVersion {
				t.Fatalf("row %s: generator %q prompt_version %q, want llm and %q", r.ID, pv.Generator, pv.PromptVersion, wantVersion)
			}
			for _, role := range llmRoles {
				if got := pv.Models[string(role)]; got != testModels[role] {
					t.Errorf("row %s: provenance model of %s = %q, want %q", r.ID, role, got, testModels[role])
				}
				u := r.Usage[string(role)]
				if u.Calls != 1 || u.CacheHits != 0 || u.PromptTokens <= 0 || u.CompletionTokens <= 0 || u.CostUSD <= 0 {
					t.Errorf("row %s: usage of %s = %+v, want one paid call with tokens", r.ID, role, u)
				}
			}
		}
		// The server saw each role's model: the configured per-role models were used.
		for _, role := range llmRoles {
			if sent.ByModel[testModels[role]] == 0 {
				t.Errorf("the server got no request for the %s model %s: %v", role, testModels[role], sent.ByModel)
			}
		}
	})

	t.Run("tokens per role are Beam metrics and in stats.json", func(t *testing.T) {
		for _, role := range llmRoles {
			r := string(role)
			var rows schemas.Usage
			for _, rec := range append(append([]schemas.Record{}, accepted...), rejected...) {
				u := rec.Usage[r]
				rows.PromptTokens += u.PromptTokens
				rows.CompletionTokens += u.CompletionTokens
				rows.Calls += u.Calls
			}
			su := st.Usage[r]
			if su == nil {
				t.Fatalf("stats.json has no usage for %s: %v", r, sortedKeys(st.Usage))
			}
			checks := []struct {
				name      string
				got, want int64
			}{
				{"metric tokens/" + r + "/prompt = rows' prompt tokens", c["tokens/"+r+"/prompt"], rows.PromptTokens},
				{"metric tokens/" + r + "/completion = rows' completion tokens", c["tokens/"+r+"/completion"], rows.CompletionTokens},
				{"stats.json prompt tokens = rows'", su.PromptTokens, rows.PromptTokens},
				{"stats.json completion tokens = rows'", su.CompletionTokens, rows.CompletionTokens},
				{"metric llm/" + r + "/calls = requests the server got for the model", c["llm/"+r+"/calls"], int64(sent.ByModel[testModels[role]])},
				{"stats.json calls = rows'", su.Calls, rows.Calls},
			}
			for _, ch := range checks {
				if ch.got != ch.want || ch.want <= 0 {
					t.Errorf("%s: got %d, want %d (> 0)", ch.name, ch.got, ch.want)
				}
			}
		}
	})

	t.Run("cost and cost per accepted triple are in stats.json", func(t *testing.T) {
		want := 0.0
		for _, role := range llmRoles {
			u, p := st.Usage[string(role)], testPrices[testModels[role]]
			roleCost := (float64(u.PromptTokens)*p.Prompt + float64(u.CompletionTokens)*p.Completion) / 1e6
			if math.Abs(u.CostUSD-roleCost) > 1e-6 {
				t.Errorf("stats.json cost of %s = %.9f, want %.9f from its tokens and prices", role, u.CostUSD, roleCost)
			}
			want += roleCost
		}
		if want <= 0 || math.Abs(st.CostUSD-want) > 1e-6 {
			t.Errorf("stats.json cost_usd = %.9f, want %.9f", st.CostUSD, want)
		}
		if per := want / float64(len(accepted)); math.Abs(st.CostPerAcceptedUSD-per) > 1e-6 {
			t.Errorf("stats.json cost_per_accepted_usd = %.9f, want %.9f", st.CostPerAcceptedUSD, per)
		}
		var nanos int64
		for _, role := range llmRoles {
			nanos += c["llm/"+string(role)+"/cost_nano_usd"]
		}
		if math.Abs(float64(nanos)/1e9-want) > 1e-6 {
			t.Errorf("cost metrics sum to %.9f USD, want %.9f", float64(nanos)/1e9, want)
		}
		t.Logf("cost %.6f USD, %.6f USD per accepted triple", st.CostUSD, st.CostPerAcceptedUSD)
	})

	t.Run("the API key reaches the server and nothing else", func(t *testing.T) {
		if got, want := srv.AuthHeaders(), []string{"Bearer " + key}; !reflect.DeepEqual(got, want) {
			t.Errorf("Authorization headers seen by the server = %q, want only the key from $%s", got, keyEnv)
		}
		pb := marshalPipeline(t, cfg)
		if !containsDeep(pb, keyEnv, 4) {
			t.Fatalf("the serialized pipeline does not contain the key's variable name %s: the search does not reach the DoFn configs", keyEnv)
		}
		if containsDeep(pb, key, 4) {
			t.Errorf("the API key is in the serialized pipeline")
		}
		logged := logs.String()
		if !strings.Contains(logged, srv.URL()) {
			t.Fatalf("the captured logs do not mention the endpoint %s: the capture does not see the workers' logs\n%.2000s", srv.URL(), logged)
		}
		if strings.Contains(logged, key) {
			t.Errorf("the API key is in the logs")
		}
		hits, files := filesContaining(t, dir, key)
		if files < 5 || len(hits) > 0 {
			t.Errorf("the API key is in %v (of %d output and cache files)", hits, files)
		}
	})

	// Replay: same seeds, same cache, fresh output directory.
	srv.Reset()
	cfg2 := cfg
	cfg2.Out = filepath.Join(dir, "run2")
	res2 := mustRunGenerate(t, cfg2)
	accepted2, rejected2, st2 := readOutputs(t, cfg2.Out)
	c2 := e2etest.Counters(res2)

	t.Run("a second run over the same cache makes no request and writes the same rows", func(t *testing.T) {
		if got := srv.Total(); got != 0 {
			t.Errorf("the replay sent %d requests (%v), want 0", got, srv.Counts().ByKind)
		}
		if !reflect.DeepEqual(triples(accepted2), triples(accepted)) {
			t.Errorf("the replay accepted %d rows, the first run %d: the rows differ", len(accepted2), len(accepted))
		}
		if !reflect.DeepEqual(triples(rejected2), triples(rejected)) {
			t.Errorf("the replay rejected %d rows, the first run %d: the rows differ", len(rejected2), len(rejected))
		}
		for _, role := range llmRoles {
			r := string(role)
			if calls, hits := c2["llm/"+r+"/calls"], c2["llm/"+r+"/cache_hits"]; calls == 0 || hits != calls {
				t.Errorf("%s: %d calls, %d cache hits; want every call a hit", r, calls, hits)
			}
			if tok := c2["tokens/"+r+"/prompt"] + c2["tokens/"+r+"/completion"]; tok != 0 {
				t.Errorf("%s: the replay spent %d tokens", r, tok)
			}
			if u := st2.Usage[r]; u == nil || u.CacheHits != u.Calls || u.PromptTokens != 0 {
				t.Errorf("stats.json usage of %s in the replay = %+v, want only cache hits", r, u)
			}
		}
		if st2.CostUSD != 0 {
			t.Errorf("the replay cost %.9f USD, want 0", st2.CostUSD)
		}
	})
}
