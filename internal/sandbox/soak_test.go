package sandbox

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/arrows-math/arrows/schemas"
)

// soakProgram is one program of the soak mix with the status it must get.
type soakProgram struct {
	code   string
	status string
	limits *Limits
	// exact is the expected Exact of the result for status ok ("" = any).
	exact string
}

func soakMix(dir string) (normal, hostile []soakProgram) {
	for i := 0; i < 9; i++ {
		normal = append(normal,
			soakProgram{code: fmt.Sprintf("import sympy as sp\ndef solve():\n    x = sp.Symbol('x')\n    return max(sp.solve(x**2 - %d*x + %d, x))\n", 2*i+3, i*i+3*i+2), status: schemas.StatusOK, exact: fmt.Sprint(i + 2)},
			soakProgram{code: fmt.Sprintf("from fractions import Fraction\ndef solve():\n    return sum(Fraction(1, k*(k+1)) for k in range(1, %d))\n", i+2), status: schemas.StatusOK, exact: fmt.Sprintf("%d/%d", i+1, i+2)},
			soakProgram{code: fmt.Sprintf("def solve():\n    return sum(1 for a in range(%d) for b in range(a) if (a + b) %% 3 == 0)\n", 40+i), status: schemas.StatusOK},
			soakProgram{code: fmt.Sprintf("import sympy\ndef solve():\n    return sympy.factorint(%d)\n", 360*(i+1)), status: schemas.StatusOK},
			soakProgram{code: fmt.Sprintf("import numpy as np\ndef solve():\n    return int(round(np.linalg.det(np.array([[%d, 1], [1, 1]]))))\n", i+2), status: schemas.StatusOK, exact: fmt.Sprint(i + 1)},
		)
	}
	hostile = []soakProgram{
		{code: "import os\ndef solve():\n    while True:\n        os.fork()\n", status: schemas.StatusForbidden},
		{code: "import socket\ndef solve():\n    socket.create_connection(('127.0.0.1', 9))\n", status: schemas.StatusForbidden},
		{code: fmt.Sprintf("def solve():\n    open('%s/soak', 'w').write('x')\n", dir), status: schemas.StatusForbidden},
		{code: "import os\ndef solve():\n    os.kill(os.getppid(), 9)\n", status: schemas.StatusForbidden},
		{code: "def solve():\n    while True:\n        print('y' * 4096)\n", status: schemas.StatusOutputLimit},
		{code: "def solve():\n    return bytearray(2**40)\n", status: schemas.StatusMemoryLimit},
		{code: "def solve():\n    while True:\n        pass\n", status: schemas.StatusTimeout, limits: &Limits{Wall: 300 * time.Millisecond}},
		{code: "import os\ndef solve():\n    os._exit(1)\n", status: schemas.StatusCrashed},
		{code: "import sympy\nsympy.pi = 3\ndef solve():\n    return sympy.pi\n", status: schemas.StatusOK, exact: "3"},
		{code: "import ctypes\ndef solve():\n    return ctypes.CDLL(None).kill(1, 9)\n", status: schemas.StatusForbidden},
	}
	return normal, hostile
}

// TestSoak runs 2,000 programs (300 with -short), 10% hostile, through a
// 2-worker pool and checks every status, the absence of zombies and stray
// processes, that no server restarted, and that the memory of the servers
// and of their zygotes stays bounded.
func TestSoak(t *testing.T) {
	total := 2000
	if testing.Short() {
		total = 300
	}
	cfg := testConfig()
	cfg.Workers = 2
	p := newTestPool(t, cfg)
	dir := sharedDir(t)
	normal, hostile := soakMix(dir)

	// Warm up, then take the servers' RSS as the baseline.
	for i := 0; i < 20; i++ {
		run(t, p, normal[i%len(normal)].code)
	}
	baseline := map[int]int64{}
	for _, pid := range append(p.serverPids(), zygotes(t, p)...) {
		baseline[pid] = rssKB(t, pid)
	}
	if len(baseline) != 4 {
		t.Fatalf("want 2 servers and 2 zygotes, have %v", baseline)
	}

	start := time.Now()
	jobs := make(chan int)
	var mu sync.Mutex
	var failures []string
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				var prog soakProgram
				if i%10 == 9 {
					prog = hostile[(i/10)%len(hostile)]
				} else {
					prog = normal[i%len(normal)]
				}
				ex := p.Run(context.Background(), Request{Code: prog.code, Limits: prog.limits})
				ok := ex.Status == prog.status
				if ok && prog.exact != "" {
					ok = ex.Result != nil && ex.Result.Exact == prog.exact
				}
				if !ok {
					mu.Lock()
					if len(failures) < 20 {
						failures = append(failures, fmt.Sprintf("#%d status %s (%s), want %s %s", i, ex.Status, ex.Error, prog.status, prog.exact))
					} else {
						failures = append(failures, "")
					}
					mu.Unlock()
				}
			}
		}()
	}
	for i := 0; i < total; i++ {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	elapsed := time.Since(start)
	t.Logf("%d programs in %v (%.1f programs/s); stats %+v", total, elapsed.Round(time.Millisecond), float64(total)/elapsed.Seconds(), p.Stats())
	if len(failures) > 0 {
		t.Errorf("%d programs got the wrong status, e.g. %v", len(failures), failures[:min(len(failures), 20)])
	}
	if st := p.Stats(); st.Restarts != 0 {
		t.Errorf("servers restarted %d times", st.Restarts)
	}
	if _, err := os.Stat(dir + "/soak"); err == nil {
		t.Errorf("a hostile program wrote a file")
	}
	checkNoStrays(t, p)
	for pid, before := range baseline {
		if !processAlive(pid) {
			t.Errorf("server or zygote %d died", pid)
			continue
		}
		after := rssKB(t, pid)
		t.Logf("server or zygote %d RSS %d kB after warm-up, %d kB after the soak", pid, before, after)
		if after > 2*before {
			t.Errorf("server or zygote %d RSS grew from %d kB to %d kB", pid, before, after)
		}
	}
}

// TestRestart kills a server from outside and checks that the pool replaces
// it and keeps serving; then it freezes a server (SIGSTOP) and checks the
// watchdog; finally Close must leave no process behind.
func TestRestart(t *testing.T) {
	cfg := testConfig()
	cfg.Workers = 1
	cfg.watchdogGrace = time.Second
	p := newTestPool(t, cfg)
	checkServes(t, p)

	old := p.serverPids()
	if len(old) != 1 {
		t.Fatalf("server pids %v", old)
	}
	if err := syscall.Kill(old[0], syscall.SIGKILL); err != nil {
		t.Fatalf("kill server: %v", err)
	}
	newPid := waitForNewServer(t, p, old[0])
	checkServes(t, p)
	if st := p.Stats(); st.Restarts != 1 {
		t.Errorf("restarts = %d, want 1", st.Restarts)
	}

	// A server that stops answering is killed by the watchdog.
	if err := syscall.Kill(newPid, syscall.SIGSTOP); err != nil {
		t.Fatalf("stop server: %v", err)
	}
	ex := p.Run(context.Background(), Request{Code: "def solve():\n    return 1\n", Limits: &Limits{Wall: time.Second}})
	if ex.Status != schemas.StatusSandboxError {
		t.Errorf("status on a frozen server %q, want sandbox_error", ex.Status)
	}
	third := waitForNewServer(t, p, newPid)
	checkServes(t, p)
	if processAlive(newPid) {
		t.Errorf("frozen server %d still alive", newPid)
	}

	p.Close()
	if processAlive(third) {
		t.Errorf("server %d alive after Close", third)
	}
	if d := descendants(t, third); len(d) != 0 {
		t.Errorf("processes left after Close: %v", d)
	}
	for _, d := range descendants(t, os.Getpid()) {
		if d.pid == third || d.state == "Z" {
			t.Errorf("left behind: %+v", d)
		}
	}
	if ex := run(t, p, "def solve():\n    return 1\n"); ex.Status != schemas.StatusSandboxError {
		t.Errorf("Run after Close: %q, want sandbox_error", ex.Status)
	}
}

// TestZygoteDeath kills a server's zygote from outside: the next request
// gets sandbox_error, the server exits and is restarted, and the pool keeps
// serving with no process left behind.
func TestZygoteDeath(t *testing.T) {
	cfg := testConfig()
	cfg.Workers = 1
	p := newTestPool(t, cfg)
	checkServes(t, p)
	zs := zygotes(t, p)
	old := p.serverPids()
	if len(zs) != 1 || len(old) != 1 {
		t.Fatalf("want one server and its zygote, have servers %v zygotes %v", old, zs)
	}
	if err := syscall.Kill(zs[0], syscall.SIGKILL); err != nil {
		t.Fatalf("kill zygote: %v", err)
	}
	ex := run(t, p, "def solve():\n    return 1\n")
	if ex.Status != schemas.StatusSandboxError {
		t.Errorf("status after the zygote died %q (%s), want sandbox_error", ex.Status, ex.Error)
	}
	waitForNewServer(t, p, old[0])
	checkServes(t, p)
	checkNoStrays(t, p)
	if processAlive(zs[0]) || processAlive(old[0]) {
		t.Errorf("old server %d or zygote %d still alive", old[0], zs[0])
	}
	if n := len(zygotes(t, p)); n != 1 {
		t.Errorf("restarted server has %d zygotes", n)
	}
}

// TestRestartFailureFailsFast checks that while no server can be started,
// requests fail promptly with sandbox_error instead of hanging, and that the
// pool recovers once starting works again.
func TestRestartFailureFailsFast(t *testing.T) {
	cfg := testConfig()
	cfg.Workers = 1
	p := newTestPool(t, cfg)
	p.mu.Lock()
	good := p.spec
	p.spec.python = "/nonexistent/python3"
	p.mu.Unlock()
	old := p.serverPids()[0]
	if err := syscall.Kill(old, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(time.Minute)
	for {
		ex := run(t, p, "def solve():\n    return 1\n")
		if ex.Status == schemas.StatusSandboxError && strings.Contains(ex.Error, "no sandbox server available") {
			break
		}
		if ex.Status != schemas.StatusSandboxError {
			t.Fatalf("status %s while no server can start", ex.Status)
		}
		if time.Now().After(deadline) {
			t.Fatalf("never reported the failed restart; last error %q", ex.Error)
		}
	}
	p.mu.Lock()
	p.spec = good
	p.mu.Unlock()
	waitForNewServer(t, p, old)
	checkServes(t, p)
}

func waitForNewServer(t *testing.T, p *Pool, old int) int {
	t.Helper()
	deadline := time.Now().Add(3 * time.Minute)
	for time.Now().Before(deadline) {
		pids := p.serverPids()
		if len(pids) == 1 && pids[0] != old {
			return pids[0]
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("server %d was not replaced", old)
	return 0
}

// TestRunFiles checks the CLI helper: one JSON line per file, in order.
func TestRunFiles(t *testing.T) {
	p := sharedPool(t)
	dir := t.TempDir()
	files := []string{dir + "/a.py", dir + "/b.py", dir + "/missing.py"}
	os.WriteFile(files[0], []byte("def solve():\n    return 6 * 7\n"), 0o644)
	os.WriteFile(files[1], []byte("def solve():\n    return 1 / 0\n"), 0o644)
	var out bytes.Buffer
	if err := RunFiles(context.Background(), p, files, &out); err != nil {
		t.Fatalf("RunFiles: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d lines: %q", len(lines), out.String())
	}
	for i, want := range []string{`"file":"` + files[0] + `","status":"ok"`, `"status":"error","error":"ZeroDivisionError: division by zero"`, `"status":"sandbox_error"`} {
		if !strings.Contains(lines[i], want) {
			t.Errorf("line %d = %s, want %s", i, lines[i], want)
		}
	}
	if !strings.Contains(lines[0], `"exact":"42"`) || !strings.Contains(lines[0], `"skeleton"`) {
		t.Errorf("line 0 lacks result or analysis: %s", lines[0])
	}
}
