// Package gcse2e runs arrows' generate and verify pipelines with their
// inputs, outputs and LLM cache on Google Cloud Storage (fake-gcs-server,
// started in this test binary and reached through STORAGE_EMULATOR_HOST),
// compares them byte for byte with local runs, and proves that every setting
// reaches workers that are separate processes (prism job server + PROCESS
// environment + Beam's boot program, with this test binary as the worker).
//
// It is a test-only package so that it links Beam once for all of it.
package gcse2e

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"
	"github.com/fsouza/fake-gcs-server/fakestorage"

	"github.com/arrows-math/arrows/internal/e2etest"
	"github.com/arrows-math/arrows/runners"
)

// bucket is the one bucket the tests use; each test works under its own prefix.
const bucket = "arrows-e2e"

// gcs is the emulator every test of this binary talks to (set up by TestMain).
var gcs *fakestorage.Server

func TestMain(m *testing.M) {
	// Started by Beam's boot program as a worker (PROCESS environment):
	// ptest.Main parses the worker flags and beam.Init runs the harness,
	// which exits when the job is done. No emulator here: the worker reaches
	// the test's through STORAGE_EMULATOR_HOST.
	if isWorker(os.Args[1:]) {
		runners.ExitWithParent(context.Background()) // as cmd/arrows does: never outlive boot
		ptest.Main(m)
		return
	}
	srv, err := startGCS()
	if err != nil {
		fmt.Fprintln(os.Stderr, "gcse2e:", err)
		os.Exit(1)
	}
	gcs = srv
	// Before any storage client exists: Beam's gs:// filesystem and the LLM
	// cache both create theirs with storage.NewClient, which reads it.
	os.Setenv("STORAGE_EMULATOR_HOST", strings.TrimPrefix(srv.URL(), "http://"))
	code := ptest.MainRet(m)
	srv.Stop()
	if localGen.dir != "" {
		os.RemoveAll(localGen.dir)
	}
	os.Exit(code)
}

func isWorker(args []string) bool {
	for _, a := range args {
		if a == "--worker" || a == "-worker" || strings.HasPrefix(a, "--worker=") || strings.HasPrefix(a, "-worker=") {
			return true
		}
	}
	return false
}

// startGCS starts fake-gcs-server on a free 127.0.0.1 port. PublicHost must
// be that host:port: the storage client reads objects through the XML API
// at the public host, and without it every read fails with "object doesn't
// exist" while listings still work.
func startGCS() (*fakestorage.Server, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("free port: %w", err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	srv, err := fakestorage.NewServerWithOptions(fakestorage.Options{
		Scheme:     "http",
		Host:       "127.0.0.1",
		Port:       uint16(port),
		PublicHost: fmt.Sprintf("127.0.0.1:%d", port),
		Writer:     io.Discard,
	})
	if err != nil {
		return nil, fmt.Errorf("start fake-gcs-server: %w", err)
	}
	srv.CreateBucketWithOpts(fakestorage.CreateBucketOpts{Name: bucket})
	return srv, nil
}

// gsPath is gs://<bucket>/<name>.
func gsPath(name string) string { return "gs://" + bucket + "/" + name }

// putObject stores an object in the emulator.
func putObject(t *testing.T, name string, content []byte, encoding string) {
	t.Helper()
	gcs.CreateObject(fakestorage.Object{
		ObjectAttrs: fakestorage.ObjectAttrs{BucketName: bucket, Name: name, ContentEncoding: encoding},
		Content:     content,
	})
}

// tree reads every file under root (a local directory or a gs:// prefix)
// into a map from the path relative to root to its content.
func tree(t *testing.T, root string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	if strings.HasPrefix(root, "gs://") {
		prefix := strings.TrimSuffix(strings.TrimPrefix(root, "gs://"+bucket+"/"), "/") + "/"
		objs, _, err := gcs.ListObjectsWithOptions(bucket, fakestorage.ListOptions{Prefix: prefix})
		if err != nil {
			t.Fatalf("list %s: %v", root, err)
		}
		for _, o := range objs {
			obj, err := gcs.GetObject(bucket, o.Name)
			if err != nil {
				t.Fatalf("get %s: %v", o.Name, err)
			}
			out[strings.TrimPrefix(o.Name, prefix)] = obj.Content
		}
		return out
	}
	return e2etest.LocalTree(t, root)
}

// run executes a pipeline on prism in this process (LOOPBACK).
func run(t *testing.T, build func(s beam.Scope)) {
	t.Helper()
	e2etest.Run(t, build)
}

func runOnPrism(p *beam.Pipeline) error {
	_, err := runners.Run(context.Background(), runners.Prism, p)
	return err
}

// lines splits the JSON lines of the part files of one output directory
// (e.g. "accepted") of a tree.
func lines(files map[string][]byte, dir string) []string {
	var out []string
	for name, b := range files {
		if !strings.HasPrefix(name, dir+"/part-") {
			continue
		}
		for _, l := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n") {
			if l != "" {
				out = append(out, l)
			}
		}
	}
	sort.Strings(out)
	return out
}
