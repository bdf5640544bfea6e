package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/arrows-math/arrows/internal/outdir"
	"github.com/arrows-math/arrows/internal/stats"
)

// liveRun is an `arrows` process started in the background.
type liveRun struct {
	cmd    *exec.Cmd
	mu     sync.Mutex
	stderr bytes.Buffer
	// started is closed when the job's workers are running: the sandbox
	// pool's log line was seen.
	started chan struct{}
	done    chan struct{}
	// code is the exit code, -1 when a signal ended the process: then
	// killedBy is the signal.
	code     int
	killedBy syscall.Signal
}

// startArrows starts the CLI with extra environment variables and returns
// at once; the run's stderr is collected.
func startArrows(t *testing.T, env []string, args ...string) *liveRun {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(append(os.Environ(), "ARROWS_RUN_CLI=1"), env...)
	pipe, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	r := &liveRun{cmd: cmd, started: make(chan struct{}), done: make(chan struct{})}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(pipe)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		seen := false
		for sc.Scan() {
			r.mu.Lock()
			r.stderr.WriteString(sc.Text() + "\n")
			r.mu.Unlock()
			if !seen && strings.Contains(sc.Text(), "sandbox pool started") {
				seen = true
				close(r.started)
			}
		}
		io.Copy(io.Discard, pipe)
		err := cmd.Wait()
		if ee, ok := err.(*exec.ExitError); ok {
			r.code = ee.ExitCode()
			if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
				r.killedBy = ws.Signal()
			}
		}
		close(r.done)
	}()
	t.Cleanup(func() {
		select {
		case <-r.done:
		default:
			cmd.Process.Kill()
			<-r.done
		}
	})
	return r
}

// waitStarted waits until the job's workers run; it fails the test when
// the run ends first.
func (r *liveRun) waitStarted(t *testing.T) {
	t.Helper()
	select {
	case <-r.started:
	case <-r.done:
		t.Fatalf("the run ended (exit %d) before its job started:\n%s", r.code, clip(r.log(), 3000))
	case <-time.After(3 * time.Minute):
		t.Fatalf("the job did not start:\n%s", clip(r.log(), 3000))
	}
}

// wait waits for the run's end and returns its exit code.
func (r *liveRun) wait(t *testing.T) int {
	t.Helper()
	select {
	case <-r.done:
	case <-time.After(2 * time.Minute):
		t.Fatalf("the run did not end:\n%s", clip(r.log(), 3000))
	}
	return r.code
}

func (r *liveRun) log() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.stderr.String()
}

// readManifestFile reads the manifest of the local output directory out.
func readManifestFile(t *testing.T, out string) outdir.Manifest {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(out, outdir.ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	m, err := outdir.ParseManifest(b)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// filesUnder lists the files under dir, relative, with their sizes.
func filesUnder(t *testing.T, dir string) map[string]int64 {
	t.Helper()
	files := map[string]int64{}
	err := filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if !fi.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			files[filepath.ToSlash(rel)] = fi.Size()
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// interruptArgs are the flags of a generate run long enough to be
// interrupted mid-run (it is stopped long before it would end).
func interruptArgs(out string) []string {
	return []string{"generate", "--n=5000", "--progress=false", "--out=" + out}
}

// SIGINT and SIGTERM in the middle of a run cancel the job: the command
// exits with 128 + the signal's number and one line saying so, its private
// temporary directory is gone, the manifest says the run was interrupted
// and by what, and no empty shard or temporary file is left under a final
// name. The next run into the directory is refused without --overwrite,
// naming the directory and the interruption.
func TestInterruptedRunCancelsTheJobAndCleansUp(t *testing.T) {
	if testing.Short() {
		t.Skip("runs pipelines")
	}
	for _, c := range []struct {
		sig  syscall.Signal
		name string
		code int
	}{
		{syscall.SIGINT, "SIGINT", 130},
		{syscall.SIGTERM, "SIGTERM", 143},
	} {
		t.Run(c.name, func(t *testing.T) {
			tmp := t.TempDir()
			out := filepath.Join(t.TempDir(), "out")
			env := []string{"TMPDIR=" + tmp}
			r := startArrows(t, env, interruptArgs(out)...)
			r.waitStarted(t)
			if err := r.cmd.Process.Signal(c.sig); err != nil {
				t.Fatal(err)
			}
			if code := r.wait(t); code != c.code || r.killedBy != 0 {
				t.Fatalf("exit %d (killed by signal %d) after %s, want exit %d:\n%s", code, r.killedBy, c.name, c.code, clip(r.log(), 4000))
			}
			var ours []string
			for _, l := range strings.Split(strings.TrimSpace(r.log()), "\n") {
				if strings.HasPrefix(l, "arrows generate: ") {
					ours = append(ours, l)
				}
			}
			if len(ours) != 1 || !strings.Contains(ours[0], "interrupted by "+c.name) || !strings.Contains(ours[0], out) ||
				!strings.Contains(ours[0], "--overwrite") {
				t.Errorf("the run's own lines: %q; want one naming %s, %s and --overwrite", ours, c.name, out)
			}
			if left, _ := os.ReadDir(tmp); len(left) > 0 {
				t.Errorf("the run left %d entries in $TMPDIR (%s...)", len(left), left[0].Name())
			}
			m := readManifestFile(t, out)
			if m.Complete || m.State != outdir.StateInterrupted || m.Reason != "interrupted by "+c.name {
				t.Errorf("manifest complete=%v state=%q reason=%q; want interrupted by %s", m.Complete, m.State, m.Reason, c.name)
			}
			for f, size := range filesUnder(t, out) {
				if outdir.Temporary(f) {
					t.Errorf("temporary file %s left", f)
				}
				if outdir.Shard(f) && size == 0 {
					t.Errorf("empty shard %s left under its final name", f)
				}
				if f != outdir.ManifestFile && !contains(m.Files, f) {
					t.Errorf("%s is not listed in the manifest %v", f, m.Files)
				}
			}
			again := arrows(t, env, "generate", "--n=3", "--progress=false", "--out="+out)
			if again.code != 1 || !strings.Contains(again.stderr, "--out "+out+" holds an earlier arrows generate run that did not finish: it was interrupted by "+c.name) ||
				!strings.Contains(again.stderr, "--overwrite") {
				t.Errorf("a second run without --overwrite: exit %d:\n%s", again.code, clip(again.stderr, 2000))
			}
		})
	}
}

// A run killed by SIGKILL cannot clean up: the next run finds the manifest
// still marked running, refuses without --overwrite (naming the directory,
// the killed process and that the run did not finish), removes the private
// temporary directory of the killed process, and with --overwrite replaces
// the killed run's files.
func TestKilledRunIsDetectedByTheNextRun(t *testing.T) {
	if testing.Short() {
		t.Skip("runs pipelines")
	}
	tmp := t.TempDir()
	out := filepath.Join(t.TempDir(), "out")
	env := []string{"TMPDIR=" + tmp}
	r := startArrows(t, env, interruptArgs(out)...)
	r.waitStarted(t)
	pid := r.cmd.Process.Pid
	if err := r.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	if r.wait(t); r.killedBy != syscall.SIGKILL {
		t.Fatalf("exit %d, signal %d after SIGKILL", r.code, r.killedBy)
	}
	left, _ := os.ReadDir(tmp)
	stale := tempDirPrefix + strconv.Itoa(pid) + "-"
	if len(left) != 1 || !strings.HasPrefix(left[0].Name(), stale) {
		t.Fatalf("after SIGKILL $TMPDIR holds %v, want one %s* directory", left, stale)
	}
	if m := readManifestFile(t, out); m.Complete || m.State != outdir.StateRunning || m.PID != pid {
		t.Fatalf("manifest of the killed run: %+v", m)
	}

	args := []string{"generate", "--n=3", "--progress=false", "--out=" + out}
	refused := arrows(t, env, args...)
	want := "--out " + out + " holds an earlier arrows generate run that did not finish: its process (pid " + strconv.Itoa(pid)
	if refused.code != 1 || !strings.Contains(refused.stderr, want) || !strings.Contains(refused.stderr, "killed") ||
		!strings.Contains(refused.stderr, "--overwrite") {
		t.Errorf("a run into the killed run's output without --overwrite: exit %d, want 1 and %q:\n%s", refused.code, want, clip(refused.stderr, 2000))
	}
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Errorf("the next run left the killed run's temporary directory: %v", left)
	}
	if !strings.Contains(refused.stderr, "removed "+filepath.Join(tmp, stale)) {
		t.Errorf("the removal of the stale temporary directory is not reported:\n%s", clip(refused.stderr, 2000))
	}

	ok := arrows(t, env, append(args, "--overwrite")...)
	if ok.code != 0 {
		t.Fatalf("--overwrite after a killed run: exit %d:\n%s", ok.code, clip(ok.stderr, 4000))
	}
	m := readManifestFile(t, out)
	if !m.Complete || m.State != outdir.StateComplete {
		t.Errorf("manifest after --overwrite: %+v", m)
	}
	for f := range filesUnder(t, out) {
		if f != outdir.ManifestFile && !contains(m.Files, f) {
			t.Errorf("%s is left from the killed run: not listed in the manifest %v", f, m.Files)
		}
	}
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Errorf("the run left %v in $TMPDIR", left)
	}
}

// Only the private temporary directories of arrows processes that are
// gone are removed: not those of live processes, not other names.
func TestRemoveStaleTempDirsRemovesOnlyThoseOfGoneProcesses(t *testing.T) {
	gone := exec.Command("/bin/true")
	if err := gone.Run(); err != nil {
		t.Fatal(err)
	}
	dead := gone.Process.Pid
	if !processGone(dead) {
		t.Skipf("pid %d was reused already", dead)
	}
	dir := t.TempDir()
	names := map[string]bool{ // name → removed
		tempDirPrefix + strconv.Itoa(dead) + "-123":          true,
		tempDirPrefix + strconv.Itoa(os.Getpid()) + "-456":   false,
		tempDirPrefix + strconv.Itoa(os.Getppid()) + "-789":  false,
		tempDirPrefix + "42abc":                              false,
		"other-" + strconv.Itoa(dead) + "-1":                 false,
		tempDirPrefix + strconv.Itoa(dead) + "-file-not-dir": false,
	}
	for name := range names {
		p := filepath.Join(dir, name)
		var err error
		if strings.HasSuffix(name, "file-not-dir") {
			err = os.WriteFile(p, nil, 0o644)
		} else if err = os.Mkdir(p, 0o755); err == nil {
			err = os.WriteFile(filepath.Join(p, "beamloopbackworker-1"), nil, 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	var w strings.Builder
	removeStaleTempDirs(&w, dir)
	for name, removed := range names {
		_, err := os.Stat(filepath.Join(dir, name))
		if removed != os.IsNotExist(err) {
			t.Errorf("%s: removed=%v, want %v", name, os.IsNotExist(err), removed)
		}
	}
	if strings.Count(w.String(), "\n") != 1 || !strings.Contains(w.String(), "pid "+strconv.Itoa(dead)) {
		t.Errorf("report: %q", w.String())
	}
}

// `arrows report` writes the dataset card under the same guard as
// generate: a README.md arrows did not write is left alone and the card
// goes to DATASET_CARD.md (listed in the manifest); a README.md the
// manifest lists is arrows' and --card rewrites it; without a README.md
// the card is README.md.
func TestReportCardLeavesAForeignREADMEAlone(t *testing.T) {
	st, err := json.Marshal(stats.New())
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name     string
		readme   string   // content of a README.md there before, "" for none
		listed   []string // the manifest's files (nil: no manifest)
		wantCard string
		keepMe   bool // README.md must keep its content
	}{
		{"a foreign README.md stays, the card goes to DATASET_CARD.md", "# my notes\n", []string{"stats.json"}, "DATASET_CARD.md", true},
		{"a foreign README.md without a manifest stays", "# my notes\n", nil, "DATASET_CARD.md", true},
		{"arrows' README.md is rewritten", "old card\n", []string{"README.md", "stats.json"}, "README.md", false},
		{"no README.md: the card is README.md", "", []string{"stats.json"}, "README.md", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "stats.json"), st, 0o644); err != nil {
				t.Fatal(err)
			}
			if c.readme != "" {
				if err := os.WriteFile(filepath.Join(dir, "README.md"), []byte(c.readme), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if c.listed != nil {
				m := outdir.NewManifest("0.1.0", "generate", true, c.listed)
				if err := os.WriteFile(filepath.Join(dir, outdir.ManifestFile), m.Encode(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			r := arrows(t, nil, "report", "--in="+dir, "--card")
			if r.code != 0 {
				t.Fatalf("exit %d:\n%s", r.code, r.stderr)
			}
			if !strings.Contains(r.stdout, "wrote "+filepath.Join(dir, c.wantCard)) {
				t.Errorf("stdout does not name %s:\n%s", c.wantCard, r.stdout)
			}
			card, err := os.ReadFile(filepath.Join(dir, c.wantCard))
			if err != nil || !bytes.Contains(card, []byte("arrows")) || string(card) == c.readme {
				t.Errorf("%s: %v; want the dataset card", c.wantCard, err)
			}
			if c.keepMe {
				if b, err := os.ReadFile(filepath.Join(dir, "README.md")); err != nil || string(b) != c.readme {
					t.Errorf("the foreign README.md became %q (%v)", b, err)
				}
				if !strings.Contains(r.stderr, "README.md that arrows did not write") {
					t.Errorf("no warning about the foreign README.md:\n%s", r.stderr)
				}
			}
			if c.listed != nil {
				if m := readManifestFile(t, dir); !contains(m.Files, c.wantCard) || !m.Complete {
					t.Errorf("manifest %+v does not list the card %s", m, c.wantCard)
				}
			}
		})
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
