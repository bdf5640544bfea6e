package sandbox

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/arrows-math/arrows/schemas"
)

// testSecret is put into the test process's environment before any pool
// starts; no program may ever see it.
const testSecret = "arrows-test-secret-5f1d0c9e"

var (
	sharedOnce sync.Once
	shared     *Pool
	sharedErr  error
)

func TestMain(m *testing.M) {
	os.Setenv("ARROWS_TEST_API_KEY", testSecret)
	code := m.Run()
	if shared != nil {
		shared.Close()
	}
	os.Exit(code)
}

// testConfig is the default configuration with small limits so hostile
// programs end quickly.
func testConfig() Config {
	cfg := DefaultConfig()
	cfg.Workers = 2
	cfg.Limits = Limits{Wall: 3 * time.Second, CPU: time.Second, MemoryMB: 256, MaxOutputBytes: 64 << 10}
	return cfg
}

// sharedPool returns a pool shared by the tests that do not need their own.
func sharedPool(t testing.TB) *Pool {
	t.Helper()
	requirePython(t)
	sharedOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		shared, sharedErr = NewPool(ctx, testConfig())
	})
	if sharedErr != nil {
		t.Fatalf("NewPool: %v", sharedErr)
	}
	return shared
}

func newTestPool(t testing.TB, cfg Config) *Pool {
	t.Helper()
	requirePython(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	p, err := NewPool(ctx, cfg)
	if err != nil {
		t.Fatalf("NewPool: %v", err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

func requirePython(t testing.TB) {
	t.Helper()
	if _, err := os.Stat("/usr/bin/python3"); err != nil {
		t.Skip("/usr/bin/python3 not installed")
	}
}

func run(t testing.TB, p *Pool, code string) schemas.Execution {
	t.Helper()
	return p.Run(context.Background(), Request{Code: code})
}

// checkServes asserts that p still runs a normal program correctly.
func checkServes(t testing.TB, p *Pool) {
	t.Helper()
	ex := run(t, p, "import sympy\ndef solve():\n    return sympy.Rational(1, 3) + 1\n")
	if ex.Status != schemas.StatusOK || ex.Result == nil || ex.Result.Exact != "4/3" {
		t.Fatalf("pool no longer serves a normal program: %+v", ex)
	}
}

// procInfo is one line of /proc/<pid>/stat.
type procInfo struct {
	pid, ppid int
	state     string
	comm      string
}

func readProcs(t testing.TB) map[int]procInfo {
	t.Helper()
	entries, err := os.ReadDir("/proc")
	if err != nil {
		t.Fatalf("read /proc: %v", err)
	}
	procs := map[int]procInfo{}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		s := string(b)
		open, close := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
		if open < 0 || close < 0 {
			continue
		}
		fields := strings.Fields(s[close+1:])
		if len(fields) < 2 {
			continue
		}
		ppid, _ := strconv.Atoi(fields[1])
		procs[pid] = procInfo{pid: pid, ppid: ppid, state: fields[0], comm: s[open+1 : close]}
	}
	return procs
}

// descendants lists every process below root.
func descendants(t testing.TB, root int) []procInfo {
	t.Helper()
	procs := readProcs(t)
	children := map[int][]int{}
	for _, p := range procs {
		children[p.ppid] = append(children[p.ppid], p.pid)
	}
	var out []procInfo
	todo := []int{root}
	for len(todo) > 0 {
		pid := todo[0]
		todo = todo[1:]
		for _, c := range children[pid] {
			out = append(out, procs[c])
			todo = append(todo, c)
		}
	}
	return out
}

// zygoteComm is the process name of a server's zygote (the process that
// forks the children).
const zygoteComm = "arrows-zygote"

// zygotes returns the zygote of each server of p (a direct child named
// zygoteComm).
func zygotes(t testing.TB, p *Pool) []int {
	t.Helper()
	procs := readProcs(t)
	var out []int
	for _, pid := range p.serverPids() {
		for _, q := range procs {
			if q.ppid == pid && q.comm == zygoteComm {
				out = append(out, q.pid)
			}
		}
	}
	return out
}

// checkNoStrays asserts that no server of p has a process left below it
// other than its zygote (the servers serve one request at a time and the
// zygote reaps the child before the server answers) and that nothing below
// the test process is a zombie.
func checkNoStrays(t testing.TB, p *Pool) {
	t.Helper()
	// A child is reaped before the server answers; allow the scan a moment
	// in case a concurrent test's request is still running on another server.
	deadline := time.Now().Add(5 * time.Second)
	for {
		var bad []string
		for _, pid := range p.serverPids() {
			zygotes := 0
			for _, d := range descendants(t, pid) {
				if d.ppid == pid && d.comm == zygoteComm && d.state != "Z" && zygotes == 0 {
					zygotes++
					continue
				}
				bad = append(bad, fmt.Sprintf("%d(%s,%s) under server %d", d.pid, d.comm, d.state, pid))
			}
		}
		for _, d := range descendants(t, os.Getpid()) {
			if d.state == "Z" {
				bad = append(bad, fmt.Sprintf("zombie %d(%s)", d.pid, d.comm))
			}
		}
		if len(bad) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("stray processes: %s", strings.Join(bad, "; "))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func processAlive(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	return i > 0 && len(s) > i+2 && s[i+2] != 'Z'
}

func rssKB(t testing.TB, pid int) int64 {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatalf("read status of %d: %v", pid, err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmRSS:") {
			f := strings.Fields(line)
			v, _ := strconv.ParseInt(f[1], 10, 64)
			return v
		}
	}
	t.Fatalf("no VmRSS for %d", pid)
	return 0
}

// sharedDir returns a world-writable directory that the sandboxed programs
// can see (/dev/shm is not hidden by the mount namespace), so that file
// attacks are stopped by the sandbox layers and not merely by visibility.
func sharedDir(t testing.TB) string {
	t.Helper()
	base := "/dev/shm"
	if st, err := os.Stat(base); err != nil || !st.IsDir() {
		base = ""
	}
	dir, err := os.MkdirTemp(base, "arrows-sandbox-test-")
	if err != nil {
		t.Fatalf("temp dir: %v", err)
	}
	if err := os.Chmod(dir, 0o777); err != nil {
		t.Fatalf("chmod: %v", err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}
