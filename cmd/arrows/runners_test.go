package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"
	"github.com/fsouza/fake-gcs-server/fakestorage"

	"github.com/arrows-math/arrows/internal/outdir"
	"github.com/arrows-math/arrows/transforms"
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

// startGCS starts fake-gcs-server with one bucket and returns it and the
// host:port for STORAGE_EMULATOR_HOST. PublicHost must be that host:port, or
// object reads (XML API) fail while listings work.
func startGCS(t *testing.T, bucket string) (*fakestorage.Server, string) {
	t.Helper()
	port := freePort(t)
	host := fmt.Sprintf("127.0.0.1:%d", port)
	srv, err := fakestorage.NewServerWithOptions(fakestorage.Options{
		Scheme: "http", Host: "127.0.0.1", Port: uint16(port), PublicHost: host, Writer: io.Discard,
	})
	if err != nil {
		t.Fatalf("start fake-gcs-server: %v", err)
	}
	t.Cleanup(srv.Stop)
	srv.CreateBucketWithOpts(fakestorage.CreateBucketOpts{Name: bucket})
	return srv, host
}

// objects returns the bucket's objects under prefix with their contents.
func objects(t *testing.T, srv *fakestorage.Server, bucket, prefix string) map[string]string {
	t.Helper()
	objs, _, err := srv.ListObjectsWithOptions(bucket, fakestorage.ListOptions{Prefix: prefix})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, o := range objs {
		obj, err := srv.GetObject(bucket, o.Name)
		if err != nil {
			t.Fatal(err)
		}
		out[strings.TrimPrefix(o.Name, prefix)] = string(obj.Content)
	}
	return out
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// prepareOutput guards gs:// outputs as it guards local ones: a corpus in the
// way is refused without --overwrite and removed with it (earlier runs'
// temporary files too), while files that are not arrows outputs stay, at
// every level, and are named in a warning; a foreign README.md moves the
// dataset card to DATASET_CARD.md; the manifest lists the planned files.
func TestOutputGuardOnGCSAndLocally(t *testing.T) {
	srv, host := startGCS(t, "arrows-cli")
	t.Setenv("STORAGE_EMULATOR_HOST", host)
	ctx := context.Background()
	put := func(name string) {
		srv.CreateObject(fakestorage.Object{ObjectAttrs: fakestorage.ObjectAttrs{BucketName: "arrows-cli", Name: name}, Content: []byte("x\n")})
	}
	localDir := t.TempDir()
	putLocal := func(name string) {
		p := filepath.Join(localDir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	listLocal := func() []string {
		var out []string
		filepath.WalkDir(localDir, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				rel, _ := filepath.Rel(localDir, p)
				out = append(out, filepath.ToSlash(rel))
			}
			return err
		})
		sort.Strings(out)
		return out
	}
	outputs := []string{"run/accepted/part-00000-of-00002.jsonl", "run/accepted/part-00001-of-00002.jsonl",
		"run/rejected/part-00000-of-00002.jsonl", "run/deadletter/part-00000-of-00002.jsonl", "run/stats.json",
		"run/accepted/.tmp-part-00001-of-00002.jsonl.0123456789abcdef", "run/.tmp-stats.json.0123456789abcdef"}
	others := []string{"run/notes.txt", "run/README.md", "run/accepted/mine.txt", "run/accepted/part-7.jsonl",
		"run/rejected/sub/part-00000-of-00001.jsonl", "run/mine/stats.json", "run-2/accepted/part-00000-of-00001.jsonl", "other/stats.json"}
	foreignInRun := 6
	manifest := "run/" + outdir.ManifestFile
	cases := []struct {
		name string
		out  string
		put  func(string)
		list func() []string
	}{
		{"gs://", "gs://arrows-cli/run", put, func() []string { return keys(objects(t, srv, "arrows-cli", "")) }},
		{"local", filepath.Join(localDir, "run"), putLocal, listLocal},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			plan, err := prepareOutput(ctx, io.Discard, c.out, false, "verify", []string{"accepted"})
			if err != nil {
				t.Fatalf("an empty output was refused: %v", err)
			}
			if plan.card != outdir.CardFile {
				t.Errorf("card %q in an empty output, want README.md", plan.card)
			}
			if got := c.list(); strings.Join(got, ",") != manifest {
				t.Errorf("an empty output holds %v after prepareOutput, want only the manifest", got)
			}
			for _, n := range append(append([]string{}, outputs...), others...) {
				c.put(n)
			}
			before := c.list()
			_, err = prepareOutput(ctx, io.Discard, c.out, false, "verify", []string{"accepted"})
			if err == nil || !strings.Contains(err.Error(), "--overwrite") || !strings.Contains(err.Error(), fmt.Sprintf("%d output files", len(outputs))) {
				t.Fatalf("want a refusal naming --overwrite and %d output files, got %v", len(outputs), err)
			}
			if after := c.list(); strings.Join(after, ",") != strings.Join(before, ",") {
				t.Fatalf("a refused run changed the output:\nbefore %v\nafter  %v", before, after)
			}
			var warn strings.Builder
			plan, err = prepareOutput(ctx, &warn, c.out, true, "verify", []string{"accepted"})
			if err != nil {
				t.Fatalf("--overwrite: %v", err)
			}
			want := append([]string{manifest}, others...)
			sort.Strings(want)
			if after := c.list(); strings.Join(after, ",") != strings.Join(want, ",") {
				t.Fatalf("--overwrite left %v, want only the manifest and the non-output files %v", after, want)
			}
			for _, w := range []string{fmt.Sprintf("%d files that arrows did not write", foreignInRun), "accepted/mine.txt", "rejected/sub/part-00000-of-00001.jsonl", "DATASET_CARD.md"} {
				if !strings.Contains(warn.String(), w) {
					t.Errorf("the warning lacks %q:\n%s", w, warn.String())
				}
			}
			if plan.card != outdir.AltCardFile {
				t.Errorf("card %q beside a foreign README.md, want %s", plan.card, outdir.AltCardFile)
			}
			fs, err := filesystem.New(ctx, c.out)
			if err != nil {
				t.Fatal(err)
			}
			defer fs.Close()
			b, err := filesystem.Read(ctx, fs, transforms.JoinPath(c.out, outdir.ManifestFile))
			if err != nil {
				t.Fatal(err)
			}
			m, err := outdir.ParseManifest(b)
			if err != nil || m.Complete || strings.Join(m.Files, ",") != "report.html,stats.json" {
				t.Errorf("manifest %+v (%v): want the planned files, not complete", m, err)
			}
		})
	}
	t.Run("a missing bucket fails before submission", func(t *testing.T) {
		_, err := prepareOutput(ctx, io.Discard, "gs://no-such-bucket/run", false, "verify", []string{"accepted"})
		if err == nil || !strings.Contains(err.Error(), "gs://no-such-bucket/run") {
			t.Fatalf("want an error naming the output, got %v", err)
		}
	})
}

// The CLI end to end on gs://: a second run into the same output is
// refused, --overwrite replaces it, and a run with fewer shards leaves no
// stale part files.
func TestGenerateOverwriteOnGCS(t *testing.T) {
	if testing.Short() {
		t.Skip("runs two pipelines")
	}
	srv, host := startGCS(t, "arrows-cli")
	env := []string{"STORAGE_EMULATOR_HOST=" + host}
	out := "gs://arrows-cli/gen"
	r := arrows(t, env, "generate", "--n=12", "--seed=4", "--shards=3", "--out="+out)
	if r.code != 0 {
		t.Fatalf("generate to gs:// failed (exit %d):\n%s", r.code, clip(r.stderr, 4000))
	}
	first := objects(t, srv, "arrows-cli", "gen/")
	for _, want := range []string{"accepted/part-00002-of-00003.jsonl", "rejected/part-00000-of-00003.jsonl", "stats.json"} {
		if _, ok := first[want]; !ok {
			t.Fatalf("gs:// output lacks %s: %v", want, keys(first))
		}
	}

	r = arrows(t, env, "generate", "--n=12", "--seed=4", "--shards=3", "--out="+out)
	if r.code == 0 || !strings.Contains(r.stderr, "--overwrite") {
		t.Fatalf("a second run into %s was not refused (exit %d):\n%s", out, r.code, clip(r.stderr, 2000))
	}
	if again := objects(t, srv, "arrows-cli", "gen/"); strings.Join(keys(again), ",") != strings.Join(keys(first), ",") {
		t.Fatalf("the refused run changed the output: %v", keys(again))
	}

	r = arrows(t, env, "generate", "--n=12", "--seed=4", "--shards=2", "--overwrite", "--out="+out)
	if r.code != 0 {
		t.Fatalf("generate --overwrite failed (exit %d):\n%s", r.code, clip(r.stderr, 4000))
	}
	got := keys(objects(t, srv, "arrows-cli", "gen/"))
	want := []string{"README.md", outdir.ManifestFile, "accepted/part-00000-of-00002.jsonl", "accepted/part-00001-of-00002.jsonl",
		"deadletter/part-00000-of-00002.jsonl", "deadletter/part-00001-of-00002.jsonl", "rejected/part-00000-of-00002.jsonl", "rejected/part-00001-of-00002.jsonl", "report.html", "stats.json"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("after --overwrite with 2 shards the output holds %v, want %v", got, want)
	}
}
