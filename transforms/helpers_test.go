package transforms

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/passert"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"

	"github.com/arrows-math/arrows/internal/corpus"
	"github.com/arrows-math/arrows/internal/env"
	"github.com/arrows-math/arrows/internal/row"
	"github.com/arrows-math/arrows/internal/sandbox"
	"github.com/arrows-math/arrows/internal/seeds"
	"github.com/arrows-math/arrows/internal/synth"
	"github.com/arrows-math/arrows/runners"
	"github.com/arrows-math/arrows/schemas"
)

// The stage tests run each stage on prism over a few rows built in the
// test, and assert on its outputs with passert. Rows are reduced to short
// strings (reasonOf, textOf) before the asserts.

func init() {
	register.Function1x1(reasonOf)
	register.Function1x1(textOf)
	register.Function1x1(idOf)
}

// testEnv is the environment of the stage tests: one sandbox server.
func testEnv() env.Env {
	e := env.Default()
	e.Sandbox.Workers = 1
	return e
}

// heldPool is the pool of testEnv's sandbox, held for the whole test run:
// each pipeline's Teardown releases its reference, and a pool started per
// pipeline would cost seconds each.
var heldPool *sandbox.Pool

func TestMain(m *testing.M) {
	pool, release, err := pools.Acquire(context.Background(), testEnv().Sandbox)
	if err != nil {
		fmt.Fprintln(os.Stderr, "start the sandbox pool:", err)
		os.Exit(1)
	}
	heldPool = pool
	code := ptest.MainRetWithDefault(m, runners.Prism)
	release()
	os.Exit(code)
}

// reasonOf is "stage/reason" of a rejected row, "passed" otherwise.
func reasonOf(rec schemas.Record) string {
	if rec.Rejection == nil {
		return "passed"
	}
	return rec.Rejection.Stage + "/" + rec.Rejection.Reason
}

// textOf tells whether a row has its problem and boxed solution.
func textOf(rec schemas.Record) string {
	if rec.Problem == "" || !strings.Contains(rec.Solution, `\boxed{`) {
		return "no text"
	}
	return "text"
}

func idOf(rec schemas.Record) string { return rec.ID }

// reasons asserts the "stage/reason" of every row of col.
func reasons(s beam.Scope, col beam.PCollection, want ...any) {
	passert.Equals(s, beam.ParDo(s, reasonOf, col), want...)
}

// run builds a pipeline with build, runs it and returns its arrows/*
// counters.
func run(t *testing.T, build func(s beam.Scope)) map[string]int64 {
	t.Helper()
	res := ptest.BuildAndRun(t, build)
	out := map[string]int64{}
	for _, c := range res.Metrics().AllMetrics().Counters() {
		if c.Namespace() == metricNS {
			out[c.Name()] += c.Result()
		}
	}
	return out
}

// topicSeeds are n topic seed rows of a topic the offline generator covers.
func topicSeeds(t *testing.T, n int, generator string) []schemas.Record {
	t.Helper()
	gen, err := synth.OfflineGenerator()
	if err != nil {
		t.Fatal(err)
	}
	var out []schemas.Record
	for i := range n {
		id := gen.Topics()[i%len(gen.Topics())]
		out = append(out, seeds.Topic(1, int64(i), []schemas.TopicRef{{ID: id}}, generator))
	}
	return out
}

// withProgram is rec with src as its program; executed runs it too.
func withProgram(rec schemas.Record, src string) schemas.Record {
	rec.Program = &schemas.Program{Source: src, Hash: row.SHA256(src), Template: "source"}
	rec.ID = row.ID(&rec)
	return rec
}

func executed(t *testing.T, rec schemas.Record, src string) schemas.Record {
	t.Helper()
	rec = withProgram(rec, src)
	ex := heldPool.Run(context.Background(), sandbox.Request{Code: src, Analyze: true})
	if ex.Status != schemas.StatusOK {
		t.Fatalf("program: %s %s", ex.Status, ex.Error)
	}
	rec.Execution = &ex
	return rec
}

// GSM8K train items (openai/grade-school-math, MIT licence) and a test
// item, which decontamination must catch.
const (
	nataliaProblem  = "Natalia sold clips to 48 of her friends in April, and then she sold half as many clips in May. How many clips did Natalia sell altogether in April and May?"
	nataliaSolution = "Natalia sold 48/2 = <<48/2=24>>24 clips in May.\nNatalia sold 48+24 = <<48+24=72>>72 clips altogether in April and May.\n#### 72"
	wengProblem     = "Weng earns $12 an hour for babysitting. Yesterday, she just did 50 minutes of babysitting. How much did she earn?"
	wengSolution    = "Weng earns 12/60 = $<<12/60=0.2>>0.2 per minute.\nWorking 50 minutes, she earned 0.2 x 50 = $<<0.2*50=10>>10.\n#### 10"
	wendiProblem    = "Every day, Wendi feeds each of her chickens three cups of mixed chicken feed, containing seeds, mealworms and vegetables to help keep them healthy.  She gives the chickens their feed in three separate meals. In the morning, she gives her flock of chickens 15 cups of feed.  In the afternoon, she gives her chickens another 25 cups of feed.  How many cups of feed does she need to give her chickens in the final meal of the day if the size of Wendi's flock is 20 chickens?"
)

// external is the row read from a GSM8K line of file at line.
func external(file string, line int64, problem, solution, answer string) schemas.Record {
	origin := schemas.Origin{File: file, Line: line}
	src := &schemas.SourceItem{Problem: problem, Solution: solution, Answer: answer, Origin: origin}
	return row.FromItem(corpus.Item{Origin: origin, Source: src}, "")
}
