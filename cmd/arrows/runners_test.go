package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"
)

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// countLines counts the JSON lines of the part files in dir.
func countLines(t *testing.T, dir string) int {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "part-*-of-*.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		n += strings.Count(string(b), "\n")
	}
	return n
}

// The universal runner submits through the Beam Job API exactly as the
// Flink runner does; a prism job server stands in for the Flink job server.
func TestUniversalRunnerAgainstJobServer(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a job server and two pipelines")
	}
	port := freePort(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if _, err := prism.CreateJobServer(ctx, prism.Options{Port: port}); err != nil {
		t.Fatalf("start prism job server: %v", err)
	}
	endpoint := fmt.Sprintf("localhost:%d", port)
	out := t.TempDir()
	gen := filepath.Join(out, "gen")
	r := arrows(t, nil, "generate", "--runner=universal", "--endpoint="+endpoint, "--environment_type=LOOPBACK",
		"--n=40", "--seed=3", "--out="+gen)
	if r.code != 0 {
		t.Fatalf("generate on universal failed (exit %d):\n%s", r.code, clip(r.stderr, 4000))
	}
	acc, rej := countLines(t, filepath.Join(gen, "accepted")), countLines(t, filepath.Join(gen, "rejected"))
	if acc+rej != 40 {
		t.Fatalf("accepted %d + rejected %d != 40 seeds", acc, rej)
	}
	if acc < 25 {
		t.Errorf("only %d of 40 accepted", acc)
	}

	// Re-verify the corpus just written, through the same job server.
	ver := filepath.Join(out, "ver")
	r = arrows(t, nil, "verify", "--runner=flink", "--endpoint="+endpoint, "--environment_type=LOOPBACK",
		"--in="+filepath.Join(gen, "accepted", "*.jsonl"), "--out="+ver, "--format=arrows")
	if r.code != 0 {
		t.Fatalf("verify on the flink path failed (exit %d):\n%s", r.code, clip(r.stderr, 4000))
	}
	if got := countLines(t, filepath.Join(ver, "accepted")); got != acc {
		t.Errorf("re-verification accepted %d of %d accepted rows", got, acc)
	}
	var st map[string]any
	b, err := os.ReadFile(filepath.Join(ver, "stats.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &st); err != nil {
		t.Fatal(err)
	}
}
