package main

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// The test binary doubles as the arrows CLI: with ARROWS_RUN_CLI=1 it runs
// main's code path on its arguments instead of the tests. Each CLI call is a
// fresh process, as for a user (Beam's flags are process-global).
func TestMain(m *testing.M) {
	if os.Getenv("ARROWS_RUN_CLI") == "1" {
		os.Exit(run(os.Args[1:]))
	}
	os.Exit(m.Run())
}

type cliResult struct {
	code           int
	stdout, stderr string
}

// arrows runs the CLI in a subprocess with extra environment variables.
func arrows(t *testing.T, env []string, args ...string) cliResult {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(append(os.Environ(), "ARROWS_RUN_CLI=1"), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("run arrows %v: %v", args, err)
	}
	return cliResult{code: code, stdout: out.String(), stderr: errb.String()}
}

func TestHelpSaysDirectRunsOnPrism(t *testing.T) {
	r := arrows(t, nil, "generate", "--help")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	all := r.stdout + r.stderr
	for _, want := range []string{"--runner=direct", "prism", "--n", "--backend", "--llm-base-url", "--exec-timeout-ms"} {
		if !strings.Contains(all, want) {
			t.Errorf("generate --help lacks %q", want)
		}
	}
}

func TestRunnerFlagValidation(t *testing.T) {
	cases := []struct {
		name string
		args []string
		want []string // substrings of the error
	}{
		{"dataflow names every missing flag",
			[]string{"generate", "--runner=dataflow", "--out=gs://b/o"},
			[]string{"--project", "--region", "--staging_location", "--worker_binary"}},
		{"dataflow staging must be on GCS",
			[]string{"generate", "--runner=dataflow", "--project=p", "--region=r", "--staging_location=/tmp/x", "--worker_binary=/bin/true", "--out=gs://b/o"},
			[]string{"gs://"}},
		{"universal needs an endpoint",
			[]string{"generate", "--runner=universal", "--out=/tmp/arrows-never"},
			[]string{"--endpoint"}},
		{"unknown runner is refused",
			[]string{"generate", "--runner=spark-on-mars", "--out=/tmp/arrows-never"},
			[]string{"unknown --runner"}},
		{"llm backend needs a base url",
			[]string{"generate", "--backend=llm", "--out=/tmp/arrows-never"},
			[]string{"--llm-base-url"}},
		{"a local llm run without its API key fails before it starts",
			[]string{"generate", "--backend=llm", "--llm-base-url=http://127.0.0.1:9/v1", "--llm-model=m",
				"--llm-api-key-env=ARROWS_TEST_UNSET_KEY", "--out=/tmp/arrows-never"},
			[]string{"ARROWS_TEST_UNSET_KEY", "--llm-api-key-env="}},
		{"seeds that match no file are named",
			[]string{"generate", "--pathway=seeds", "--seeds=/nonexistent/arrows/*.jsonl", "--out=/tmp/arrows-never"},
			[]string{"--seeds /nonexistent/arrows/*.jsonl matches no file"}},
		{"verify input that matches no file is named",
			[]string{"verify", "--in=/nonexistent/arrows/*.jsonl", "--out=/tmp/arrows-never"},
			[]string{"--in /nonexistent/arrows/*.jsonl matches no file"}},
		{"an unknown pathway is refused",
			[]string{"generate", "--pathway=dreams", "--out=/tmp/arrows-never"},
			[]string{"--pathway must be topics, seeds or mixed"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := arrows(t, nil, c.args...)
			if r.code == 0 {
				t.Fatalf("want failure, got success: %s", r.stdout)
			}
			for _, w := range c.want {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("error lacks %q:\n%s", w, r.stderr)
				}
			}
		})
	}
}

// A Dataflow dry run translates the whole job to the Dataflow Job JSON
// without credentials; the job must contain every stage and no secret.
func TestDataflowDryRun(t *testing.T) {
	const secret = "sk-arrows-test-SECRET-4f1c2b"
	env := []string{"ARROWS_TEST_KEY=" + secret}
	common := []string{"--runner=dataflow", "--dry_run", "--project=arrows-test", "--region=us-central1",
		"--staging_location=gs://arrows-test/staging"}
	jobs := []struct {
		name   string
		args   []string
		stages []string
	}{
		{"generate offline", append([]string{"generate", "--out=gs://arrows-test/out", "--n=1000000"}, common...),
			[]string{"Seed", "Generate", "Execute", "Translate", "Verify", "Accepted", "Rejected", "Stats"}},
		{"generate llm", append([]string{"generate", "--out=gs://arrows-test/out-llm", "--backend=llm",
			"--llm-base-url=http://llm.invalid/v1", "--llm-model=m", "--llm-api-key-env=ARROWS_TEST_KEY"}, common...),
			[]string{"Seed", "GenerateLLM", "Execute", "TranslateLLM", "Verify", "Accepted", "Rejected", "Stats"}},
		{"verify", append([]string{"verify", "--in=gs://arrows-test/in/*.jsonl", "--out=gs://arrows-test/reverified", "--format=gsm8k"}, common...),
			[]string{"Read", "SplitPrograms", "Execute", "Verify", "VerifyReferences", "WriteDeadLetters", "Stats"}},
	}
	for _, j := range jobs {
		t.Run(j.name, func(t *testing.T) {
			r := arrows(t, env, j.args...)
			all := r.stdout + r.stderr
			if r.code != 0 {
				t.Fatalf("dry run failed (exit %d):\n%s", r.code, clip(all, 4000))
			}
			if !strings.Contains(all, "Dry-run") {
				t.Fatalf("no dry-run output:\n%s", clip(all, 2000))
			}
			for _, st := range j.stages {
				if !strings.Contains(all, st) {
					t.Errorf("job lacks stage %q", st)
				}
			}
			if strings.Contains(all, secret) {
				t.Fatal("the API key appears in the submitted job")
			}
		})
	}
}

func clip(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}
