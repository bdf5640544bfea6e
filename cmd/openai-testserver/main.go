// Command openai-testserver runs arrows' OpenAI-compatible test server
// (internal/llmtest) standalone, so `arrows generate --llm-base-url
// http://127.0.0.1:8089/v1` can run end to end without a model, with
// latency and injected faults.
//
// The default model answers arrows' prompts with valid content from the
// offline backend (real SymPy programs, their translations, blind-solve
// programs, seed programs from GSM8K calculator annotations).
//
// Usage:
//
//	openai-testserver -port 8089 -latency 200ms -jitter 50ms -rate-429 0.05 -rate-500 0.02
//
// On SIGINT or SIGTERM it prints the request counts as JSON and exits.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/arrows-math/arrows/internal/llmtest"
)

func main() {
	var (
		host       = flag.String("host", "127.0.0.1", "listen host")
		port       = flag.Int("port", 8089, "listen port (0 = any free port)")
		latency    = flag.Duration("latency", 0, "fixed latency added to every request")
		jitter     = flag.Duration("jitter", 0, "uniform random extra latency in [0, jitter)")
		seed       = flag.Int64("seed", 1, "seed for fault draws and jitter")
		retryAfter = flag.String("retry-after", "1", "Retry-After header sent with 429s (seconds or HTTP date)")
		hangFor    = flag.Duration("hang-for", 2*time.Minute, "how long a timeout fault holds a request")
		requireKey = flag.String("require-key-env", "", "if set, the NAME of an environment variable holding the only accepted API key")
		down       = flag.Bool("down", false, "start in Down mode (every request 503)")
		f          llmtest.Faults
	)
	flag.Float64Var(&f.RateLimit, "rate-429", 0, "probability of a 429 with Retry-After")
	flag.Float64Var(&f.ServerError, "rate-500", 0, "probability of a 500")
	flag.Float64Var(&f.Timeout, "rate-timeout", 0, "probability of holding the request past the client's timeout")
	flag.Float64Var(&f.Malformed, "rate-malformed", 0, "probability of a malformed JSON body")
	flag.Float64Var(&f.Truncated, "rate-truncated", 0, "probability of a truncated answer (finish_reason length)")
	flag.Float64Var(&f.Refusal, "rate-refusal", 0, "probability of a refusal")
	flag.Float64Var(&f.Chatter, "rate-chatter", 0, "probability of chatter around the answer")
	flag.Float64Var(&f.Unfenced, "rate-unfenced", 0, "probability of code without fences")
	flag.Parse()

	sum := f.RateLimit + f.ServerError + f.Timeout + f.Malformed + f.Truncated + f.Refusal + f.Chatter + f.Unfenced
	if sum > 1 {
		log.Fatalf("openai-testserver: fault rates sum to %.3f, must be at most 1", sum)
	}
	opts := llmtest.Options{
		Addr:    fmt.Sprintf("%s:%d", *host, *port),
		Latency: *latency, Jitter: *jitter, Faults: f, Seed: *seed,
		RetryAfter: *retryAfter, HangFor: *hangFor,
	}
	if *requireKey != "" {
		opts.RequireKey = os.Getenv(*requireKey)
		if opts.RequireKey == "" {
			log.Fatalf("openai-testserver: environment variable %s is empty", *requireKey)
		}
	}
	s := llmtest.NewServer(opts)
	s.SetDown(*down)
	log.Printf("openai-testserver: listening on %s (latency %s + [0,%s), faults %+v, down %v)", s.URL(), *latency, *jitter, f, *down)

	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	<-sig
	counts := s.Counts()
	s.Close()
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(counts); err != nil {
		log.Fatalf("openai-testserver: %v", err)
	}
}
