package llme2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/arrows-math/arrows/internal/e2etest"
	"github.com/arrows-math/arrows/internal/llmtest"
	"github.com/arrows-math/arrows/internal/prompts"
	"github.com/arrows-math/arrows/schemas"
)

// TestGenerateLLMWithFaults runs generate against a server that answers
// 30% of requests with a fault: the run completes, every seed is accounted
// for, retryable faults are retried, fixable answers (chatter, unfenced
// code) are parsed, and the rest become rejected rows whose reasons are the
// parser's or the client's.
func TestGenerateLLMWithFaults(t *testing.T) {
	const n = 40
	key := newSecret(t)
	faults := llmtest.Faults{
		RateLimit: 0.05, ServerError: 0.05, Timeout: 0.03, Malformed: 0.04,
		Truncated: 0.04, Refusal: 0.03, Chatter: 0.03, Unfenced: 0.03,
	}
	srv := newServer(t, llmtest.Options{RequireKey: key, Seed: 5, Faults: faults, RetryAfter: "1", HangFor: time.Minute})
	cfg := llmGenerateConfig(srv.URL(), n, t.TempDir())
	cfg.Env.LLM.Client.RequestTimeout = 1500 * time.Millisecond // how long a timeout fault costs

	mustRunGenerate(t, cfg)
	accepted, rejected, st := readOutputs(t, cfg.Out)
	got := srv.Counts()
	t.Logf("%d requests, faults %v; accepted %d, rejected %v", got.Total, got.ByFault, len(accepted), e2etest.Reasons(rejected))

	t.Run("every seed is accounted for", func(t *testing.T) {
		assertAccounted(t, n, 1, accepted, rejected)
		if st.Seeds != n || st.Accepted+st.Rejected != n {
			t.Errorf("stats.json: seeds %d, accepted %d + rejected %d", st.Seeds, st.Accepted, st.Rejected)
		}
	})

	t.Run("every kind of fault was injected", func(t *testing.T) {
		for _, f := range []string{llmtest.FaultRateLimit, llmtest.FaultServerError, llmtest.FaultTimeout, llmtest.FaultMalformed,
			llmtest.FaultTruncated, llmtest.FaultRefusal, llmtest.FaultChatter, llmtest.FaultUnfenced} {
			if got.ByFault[f] == 0 {
				t.Errorf("no %s fault among %d requests (%v): raise the rate or n", f, got.Total, got.ByFault)
			}
		}
		rate := 0.0
		for _, k := range sortedKeys(got.ByFault) {
			rate += float64(got.ByFault[k])
		}
		rate /= float64(got.Total)
		if rate < 0.15 || rate > 0.45 {
			t.Errorf("fault rate %.2f, want about 0.30", rate)
		}
	})

	t.Run("rejection reasons are the parser's and the client's", func(t *testing.T) {
		parse := []string{prompts.ReasonEmpty, prompts.ReasonRefusal, prompts.ReasonNoCode, prompts.ReasonNoSolve, prompts.ReasonNoJSON,
			prompts.ReasonBadJSON, prompts.ReasonMissingProblem, prompts.ReasonMissingSolution, "truncated"}
		allowed := map[string]bool{}
		for _, r := range parse {
			allowed[r] = true
		}
		for _, r := range rejected {
			rj := r.Rejection
			switch rj.Stage {
			case schemas.StageGenerate, schemas.StageTranslate:
				if !allowed[rj.Reason] && !strings.HasPrefix(rj.Reason, "llm_") {
					t.Errorf("row %s rejected at %s for %q (%s): not a parse or LLM reason", r.ID, rj.Stage, rj.Reason, rj.Detail)
				}
			case schemas.StageVerify:
				// A faulty blind re-solve answer leaves the check undecided.
				if rj.Reason != "blind_solve_undecided" {
					t.Errorf("row %s rejected at verify for %q (%s)", r.ID, rj.Reason, rj.Detail)
				}
			case schemas.StageDedup, schemas.StageDecontam:
				// Cleaning after verification, independent of the endpoint.
			default:
				t.Errorf("row %s rejected at %s for %q (%s): faults must not reach other stages", r.ID, rj.Stage, rj.Reason, rj.Detail)
			}
		}
	})

	t.Run("each refused or truncated answer is one rejected row", func(t *testing.T) {
		// Refusals and truncations are answers, not errors: not retried, so
		// each one served for a generate or translate prompt rejects its row.
		served := map[string]int{}
		for _, e := range srv.Entries() {
			if e.Fault == llmtest.FaultRefusal || e.Fault == llmtest.FaultTruncated {
				served[e.Kind+"/"+e.Fault]++
			}
		}
		rj := e2etest.Reasons(rejected)
		for _, stage := range []string{prompts.KindGenerate, prompts.KindTranslate} {
			for _, f := range []string{llmtest.FaultRefusal, llmtest.FaultTruncated} {
				reason := f
				if f == llmtest.FaultTruncated {
					reason = "truncated"
				}
				if got, want := rj[stage+"/"+reason], served[stage+"/"+f]; got != want {
					t.Errorf("%s rows rejected for %s: %d, want %d (the %s faults served for %s prompts)", stage, reason, got, want, f, stage)
				}
			}
		}
	})

	t.Run("retryable faults were retried", func(t *testing.T) {
		// With 6 retries per call, a 15% chance of a retryable fault per
		// attempt makes a call that exhausts them very unlikely; calls
		// still failing would show as llm_* rejections.
		for k, v := range e2etest.Reasons(rejected) {
			if strings.Contains(k, "/llm_") {
				t.Errorf("%d rows rejected for %s: retries did not absorb the fault", v, k)
			}
		}
		if len(accepted) < n/2 {
			t.Errorf("only %d of %d seeds verified", len(accepted), n)
		}
	})
}

// TestGenerateLLMFailsFastWhenTheEndpointIsUnusable checks that a run
// against an endpoint that is down, unreachable or refuses the key fails
// with an error naming the endpoint, after a bounded number of requests,
// without writing a "successful" stats.json, and without the key in the
// error.
func TestGenerateLLMFailsFastWhenTheEndpointIsUnusable(t *testing.T) {
	key := newSecret(t)
	closed := llmtest.NewServer(llmtest.Options{})
	closedURL := closed.URL()
	closed.Close() // nothing listens there any more
	tests := []struct {
		name string
		// setup returns the base URL and the server to count requests on (nil if none).
		setup   func(t *testing.T) (string, *llmtest.Server)
		wantErr []string
	}{
		{"an endpoint answering 503 to everything", func(t *testing.T) (string, *llmtest.Server) {
			srv := newServer(t, llmtest.Options{RequireKey: key})
			srv.SetDown(true)
			return srv.URL(), srv
		}, []string{"llm endpoint down", "max outage", "503"}},
		{"an address where nothing listens", func(t *testing.T) (string, *llmtest.Server) {
			return closedURL, nil
		}, []string{"llm endpoint down", "connection"}},
		{"an endpoint refusing the API key", func(t *testing.T) (string, *llmtest.Server) {
			return newServer(t, llmtest.Options{RequireKey: "sk-the-other-key"}).URL(), nil
		}, []string{"refuses the configuration", "401"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			url, srv := tc.setup(t)
			out := t.TempDir()
			cfg := llmGenerateConfig(url, 24, out)
			c := &cfg.Env.LLM.Client
			c.Concurrency = 4
			c.MaxRetries = 4
			c.InitialBackoff = 10 * time.Millisecond
			c.MaxBackoff = 50 * time.Millisecond
			c.BreakerFailures = 3
			c.BreakerPause = 50 * time.Millisecond
			c.BreakerMaxOpen = 300 * time.Millisecond

			_, err := runGenerate(t, cfg)
			if err == nil {
				t.Fatal("the run succeeded")
			}
			msg := err.Error()
			t.Logf("error: %.600s", msg)
			for _, want := range append([]string{url}, tc.wantErr...) {
				if !strings.Contains(msg, want) {
					t.Errorf("the error does not contain %q", want)
				}
			}
			if strings.Contains(msg, key) {
				t.Errorf("the error contains the API key")
			}
			if _, err := os.Stat(filepath.Join(out, "stats.json")); err == nil {
				t.Errorf("the failed run wrote stats.json")
			}
			if srv != nil {
				// Before the breaker opens: at most the in-flight calls and
				// the failures that open it; then one probe per pause until
				// breaker_max_open, then none. Doubled for slack.
				probes := int(c.BreakerMaxOpen / c.BreakerPause)
				bound := 2 * (c.Concurrency + c.BreakerFailures + probes + 1)
				if got := srv.Total(); got > bound {
					t.Errorf("the server got %d requests before the run failed, want at most %d", got, bound)
				} else {
					t.Logf("%d requests before the run failed (bound %d)", got, bound)
				}
			}
		})
	}
}
