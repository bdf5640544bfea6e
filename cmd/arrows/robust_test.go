package main

import (
	"bytes"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/arrows-math/arrows/internal/llmtest"
	"github.com/arrows-math/arrows/internal/outdir"
)

// llmArgs are the flags of a generate run against srvURL.
func llmArgs(url string) []string {
	return []string{"generate", "--backend=llm", "--llm-base-url=" + url, "--llm-model=m", "--llm-api-key-env=", "--n=2", "--progress=false"}
}

// An output that cannot be written fails the run before the job is
// submitted, with one line naming --out and the cause: the endpoint sees
// no request.
func TestUnwritableOutputFailsBeforeAnyLLMCall(t *testing.T) {
	srv := llmtest.NewServer(llmtest.Options{})
	defer srv.Close()
	_, host := startGCS(t, "arrows-out")
	env := []string{"STORAGE_EMULATOR_HOST=" + host}
	file := filepath.Join(t.TempDir(), "a-file")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	dirWithFile := t.TempDir()
	if err := os.WriteFile(filepath.Join(dirWithFile, "accepted"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, out string
		want      []string
	}{
		{"a file in place of the directory", file, []string{"--out " + file + " is a file, not a directory"}},
		{"a file in place of a subdirectory", dirWithFile, []string{"--out " + dirWithFile + " is not writable", "accepted"}},
		{"a path under /proc", "/proc/arrows-test/out", []string{"--out /proc/arrows-test/out is not writable"}},
		{"a bucket that does not exist", "gs://no-such-bucket/out", []string{"--out gs://no-such-bucket/out", "bucket"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := arrows(t, env, append(llmArgs(srv.URL()), "--out="+c.out)...)
			if r.code != 1 {
				t.Fatalf("exit %d, want 1:\n%s", r.code, clip(r.stderr, 2000))
			}
			lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
			last := lines[len(lines)-1]
			for _, w := range c.want {
				if !strings.Contains(last, w) {
					t.Errorf("the error line lacks %q:\n%s", w, r.stderr)
				}
			}
			if n := srv.Total(); n != 0 {
				t.Errorf("the endpoint got %d requests before the run failed", n)
			}
		})
	}
}

func TestLLMLimitFlagsRefuseNonPositiveValues(t *testing.T) {
	cases := []struct{ flag, want string }{
		{"--llm-max-outage=0s", "--llm-max-outage 0s: want a positive duration"},
		{"--llm-max-outage=-1m", "--llm-max-outage -1m0s: want a positive duration"},
		{"--llm-max-reply-bytes=0", "--llm-max-reply-bytes 0: want a positive number of bytes"},
		{"--llm-max-reply-bytes=-5", "--llm-max-reply-bytes -5: want a positive number of bytes"},
	}
	for _, c := range cases {
		t.Run(c.flag, func(t *testing.T) {
			r := arrows(t, nil, append(llmArgs("http://127.0.0.1:9/v1"), c.flag, "--out="+t.TempDir())...)
			if r.code != 1 || !strings.Contains(r.stderr, c.want) {
				t.Fatalf("exit %d, want 1 and %q:\n%s", r.code, c.want, clip(r.stderr, 2000))
			}
		})
	}
}

// An endpoint that accepts connections and never answers fails the run at
// --llm-max-outage with one line naming the endpoint, not a Beam stack;
// --verbose prints the runner's detail. The outputs left are listed in the
// manifest, marked incomplete.
func TestDeadEndpointFailsWithOneLine(t *testing.T) {
	if testing.Short() {
		t.Skip("runs two pipelines")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	conns := make(chan net.Conn, 1024)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			conns <- c // held, never answered
		}
	}()
	defer func() {
		ln.Close()
		for len(conns) > 0 {
			(<-conns).Close()
		}
	}()
	url := "http://" + ln.Addr().String() + "/v1"
	for _, verbose := range []bool{false, true} {
		out := t.TempDir()
		args := append(llmArgs(url), "--llm-timeout=300ms", "--llm-max-outage=2s", "--out="+out)
		if verbose {
			args = append(args, "--verbose")
		}
		r := arrows(t, nil, args...)
		if r.code != 1 {
			t.Fatalf("verbose=%v: exit %d, want 1:\n%s", verbose, r.code, clip(r.stderr, 3000))
		}
		i := strings.LastIndex(r.stderr, "arrows generate: ")
		if i < 0 {
			t.Fatalf("no error line:\n%s", clip(r.stderr, 3000))
		}
		report := r.stderr[i:]
		first, _, _ := strings.Cut(report, "\n")
		if verbose {
			first = report // the full error; its first line is the runner's
		}
		if !strings.Contains(first, ln.Addr().String()) || !strings.Contains(first, "max outage") {
			t.Errorf("verbose=%v: the error line does not name the endpoint and the outage: %q", verbose, first)
		}
		if verbose != strings.Contains(report, "DoFn[") {
			t.Errorf("verbose=%v: the runner's detail shown=%v:\n%s", verbose, !verbose, clip(report, 3000))
		}
		// The breaker's WARN line reaches the job's log (the worker's
		// Fn logging service, printed by the runner) as a warning.
		warned := false
		for _, l := range strings.Split(r.stderr, "\n") {
			if strings.Contains(l, "level=WARN") && strings.Contains(l, "arrows: llm: LLM endpoint "+url+" is not answering") {
				warned = true
			}
		}
		if !warned {
			t.Errorf("verbose=%v: no WARN line in the job's log when the breaker opened:\n%s", verbose, clip(r.stderr, 3000))
		}
		b, err := os.ReadFile(filepath.Join(out, outdir.ManifestFile))
		if err != nil {
			t.Fatal(err)
		}
		if m, err := outdir.ParseManifest(b); err != nil || m.Complete || m.State != outdir.StateFailed || !strings.Contains(m.Reason, "max outage") {
			t.Errorf("manifest of a failed run: %+v, %v; want it marked failed with the cause", m, err)
		}
	}
}

// `arrows verify` into a directory with a user's README.md and files of
// their own at every level: the card goes to DATASET_CARD.md, --overwrite
// replaces the first run's outputs and nothing else, and the manifest lists
// exactly what the run wrote.
func TestVerifyLeavesForeignFilesAlone(t *testing.T) {
	if testing.Short() {
		t.Skip("runs two pipelines")
	}
	dir := t.TempDir()
	src, err := os.ReadFile("../../internal/corpus/testdata/gsm8k/test_head300.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	lines := bytes.SplitAfter(src, []byte("\n"))
	in := filepath.Join(dir, "in.jsonl")
	if err := os.WriteFile(in, bytes.Join(lines[:5], nil), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	foreign := map[string]string{
		"README.md":            "# my notes\n",
		"accepted/mine.txt":    "mine\n",
		"rejected/keep/a.json": "{}\n",
		"notes/stats.json":     "{}\n",
	}
	for name, content := range foreign {
		p := filepath.Join(out, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	args := []string{"verify", "--in=" + in, "--format=gsm8k", "--out=" + out, "--progress=false", "--shards=2"}
	tmp := t.TempDir() // the runs' $TMPDIR: they must leave nothing in it
	env := []string{"TMPDIR=" + tmp}
	r := arrows(t, env, args...)
	if r.code != 0 {
		t.Fatalf("verify: exit %d:\n%s", r.code, clip(r.stderr, 4000))
	}
	if !strings.Contains(r.stderr, "DATASET_CARD.md") || !strings.Contains(r.stderr, "accepted/mine.txt") {
		t.Errorf("no warning naming the foreign files and the card's name:\n%s", clip(r.stderr, 2000))
	}
	// A stale shard of an earlier run with more shards, named as arrows names them.
	stale := filepath.Join(out, "accepted", "part-00002-of-00003.jsonl")
	if err := os.WriteFile(stale, []byte("{}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := arrows(t, env, args...); r.code == 0 || !strings.Contains(r.stderr, "--overwrite") {
		t.Fatalf("a second run without --overwrite: exit %d:\n%s", r.code, clip(r.stderr, 2000))
	}
	r = arrows(t, env, append(args, "--overwrite")...)
	if r.code != 0 {
		t.Fatalf("verify --overwrite: exit %d:\n%s", r.code, clip(r.stderr, 4000))
	}
	for name, content := range foreign {
		b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(name)))
		if err != nil || string(b) != content {
			t.Errorf("foreign %s: %q, %v; want it untouched", name, b, err)
		}
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("--overwrite left the stale shard %s (%v)", stale, err)
	}
	b, err := os.ReadFile(filepath.Join(out, outdir.ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	m, err := outdir.ParseManifest(b)
	if err != nil {
		t.Fatal(err)
	}
	want := "DATASET_CARD.md,accepted/part-00000-of-00002.jsonl,accepted/part-00001-of-00002.jsonl," +
		"deadletter/part-00000-of-00002.jsonl,deadletter/part-00001-of-00002.jsonl," +
		"rejected/part-00000-of-00002.jsonl,rejected/part-00001-of-00002.jsonl,report.html,stats.json"
	if !m.Complete || strings.Join(m.Files, ",") != want {
		t.Errorf("manifest complete=%v files=%v\nwant complete, %s", m.Complete, m.Files, want)
	}
	if card, err := os.ReadFile(filepath.Join(out, "DATASET_CARD.md")); err != nil || !bytes.Contains(card, []byte("arrows")) {
		t.Errorf("DATASET_CARD.md: %v", err)
	}
	if left, _ := os.ReadDir(tmp); len(left) > 0 {
		var names []string
		for _, e := range left {
			names = append(names, e.Name())
		}
		t.Errorf("the runs left %v in $TMPDIR", names)
	}
}
