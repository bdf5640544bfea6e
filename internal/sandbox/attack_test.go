package sandbox

import (
	"context"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/arrows-math/arrows/schemas"
)

// attack is one hostile program and what containment must look like.
type attack struct {
	name string
	// code is the program; {DIR} is replaced by the scratch directory and
	// {PORT} by the port of a loopback listener started by the test.
	code string
	// statuses are the acceptable outcomes.
	statuses []string
	// limits optionally overrides the test limits.
	limits *Limits
	// check asserts the absence of side effects.
	check func(t *testing.T, env *attackEnv, ex schemas.Execution)
}

// attackEnv is what the attacks aim at.
type attackEnv struct {
	dir      string
	victim   string // a file that must survive
	port     int
	accepted *atomic.Int64
}

func statusIn(status string, want []string) bool {
	for _, w := range want {
		if status == w {
			return true
		}
	}
	return false
}

func fileAbsent(name string) func(t *testing.T, env *attackEnv, ex schemas.Execution) {
	return func(t *testing.T, env *attackEnv, ex schemas.Execution) {
		if _, err := os.Stat(filepath.Join(env.dir, name)); err == nil {
			t.Errorf("file %s was created", name)
		}
	}
}

func victimIntact(t *testing.T, env *attackEnv, ex schemas.Execution) {
	b, err := os.ReadFile(env.victim)
	if err != nil {
		t.Errorf("victim file gone: %v", err)
		return
	}
	if string(b) != "precious" {
		t.Errorf("victim file changed: %q", b)
	}
	entries, _ := os.ReadDir(env.dir)
	if len(entries) != 1 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("scratch dir changed: %v", names)
	}
}

func noConnection(t *testing.T, env *attackEnv, ex schemas.Execution) {
	time.Sleep(100 * time.Millisecond)
	if n := env.accepted.Load(); n != 0 {
		t.Errorf("listener on 127.0.0.1 accepted %d connections", n)
	}
}

func noSecret(t *testing.T, env *attackEnv, ex schemas.Execution) {
	all := ex.Stdout + ex.Error
	if ex.Result != nil {
		all += ex.Result.Repr
		for _, e := range ex.Result.Elements {
			all += e.Repr
		}
	}
	if strings.Contains(all, testSecret) {
		t.Errorf("program saw the secret: %s", all)
	}
}

func resultIs(repr string) func(t *testing.T, env *attackEnv, ex schemas.Execution) {
	return func(t *testing.T, env *attackEnv, ex schemas.Execution) {
		if ex.Result == nil || ex.Result.Repr != repr {
			t.Errorf("result = %+v, want repr %q", ex.Result, repr)
		}
	}
}

func errorContains(s string) func(t *testing.T, env *attackEnv, ex schemas.Execution) {
	return func(t *testing.T, env *attackEnv, ex schemas.Execution) {
		if !strings.Contains(ex.Error, s) {
			t.Errorf("error %q does not mention %q", ex.Error, s)
		}
	}
}

var (
	forbidden   = []string{schemas.StatusForbidden}
	timeout     = []string{schemas.StatusTimeout}
	memoryLimit = []string{schemas.StatusMemoryLimit}
)

var attacks = []attack{
	{name: "infinite loop times out", code: "def solve():\n    while True:\n        pass\n", statuses: timeout, limits: &Limits{Wall: 1500 * time.Millisecond}},
	{name: "C-level 7**(10**9) with signals ignored is killed at the CPU limit", code: `import signal
for s in (signal.SIGXCPU, signal.SIGTERM, signal.SIGALRM, signal.SIGINT):
    signal.signal(s, signal.SIG_IGN)
def solve():
    return 7 ** (10 ** 9)
`, statuses: timeout, limits: &Limits{CPU: time.Second, Wall: 20 * time.Second}, check: errorContains("CPU limit")},
	{name: "sleeping forever hits the wall-clock limit", code: "import time\ndef solve():\n    time.sleep(10**6)\n",
		statuses: timeout, limits: &Limits{Wall: time.Second}, check: errorContains("wall-clock")},
	{name: "50 GiB allocation is a memory_limit", code: "def solve():\n    return len(bytearray(50 * 2**30))\n", statuses: memoryLimit},
	{name: "gradual memory growth is a memory_limit", code: "def solve():\n    xs = []\n    while True:\n        xs.append(bytearray(8 * 2**20))\n", statuses: memoryLimit,
		limits: &Limits{CPU: 10 * time.Second, Wall: 30 * time.Second}},
	{name: "fork bomb is forbidden", code: "import os\ndef solve():\n    while True:\n        os.fork()\n", statuses: forbidden},
	{name: "double-fork daemon is forbidden", code: "import os\ndef solve():\n    if os.fork() == 0:\n        os.setsid()\n        if os.fork() == 0:\n            import time; time.sleep(60)\n    return 1\n", statuses: forbidden},
	{name: "fork via _posixsubprocess (no audit event) is forbidden", code: `import _posixsubprocess, os
def solve():
    r, w = os.pipe()
    return _posixsubprocess.fork_exec([b"/bin/touch", b"{DIR}/spawned"], [b"/bin/touch"], True, (w,), None, None,
        -1, -1, -1, -1, -1, -1, r, w, True, False, -1, None, None, None, -1, None, True)
`, statuses: forbidden, check: fileAbsent("spawned")},
	{name: "os.system is forbidden", code: "import os\ndef solve():\n    return os.system('touch {DIR}/system')\n",
		statuses: forbidden, check: fileAbsent("system")},
	{name: "subprocess is forbidden", code: "import subprocess\ndef solve():\n    return subprocess.run(['touch', '{DIR}/sub']).returncode\n",
		statuses: forbidden, check: fileAbsent("sub")},
	{name: "os.execv is forbidden", code: "import os\ndef solve():\n    os.execv('/bin/touch', ['touch', '{DIR}/exec'])\n",
		statuses: forbidden, check: fileAbsent("exec")},
	{name: "socket connect to a loopback listener is forbidden", code: "import socket\ndef solve():\n    s = socket.create_connection(('127.0.0.1', {PORT}), timeout=1)\n    return 1\n",
		statuses: forbidden, check: noConnection},
	{name: "writing a file is forbidden", code: "def solve():\n    with open('{DIR}/written', 'w') as f:\n        f.write('pwned')\n    return 1\n",
		statuses: forbidden, check: fileAbsent("written")},
	{name: "creating a file with os.open is forbidden", code: "import os\ndef solve():\n    os.open('{DIR}/created', os.O_CREAT | os.O_RDONLY)\n    return 1\n",
		statuses: forbidden, check: fileAbsent("created")},
	{name: "deleting a file is forbidden", code: "import os\ndef solve():\n    os.remove('{DIR}/victim')\n    return 1\n",
		statuses: forbidden, check: victimIntact},
	{name: "renaming a file is forbidden", code: "import os\ndef solve():\n    os.rename('{DIR}/victim', '{DIR}/moved')\n    return 1\n",
		statuses: forbidden, check: victimIntact},
	{name: "a swallowed PermissionError is still forbidden", code: "def solve():\n    try:\n        open('{DIR}/quiet', 'w')\n    except OSError:\n        pass\n    return 1\n",
		statuses: forbidden, check: fileAbsent("quiet")},
	{name: "the worker's environment is invisible", code: `import os
def solve():
    env = dict(os.environ)
    try:
        with open('/proc/self/environ', 'rb') as f:
            raw = f.read().decode(errors='replace')
    except OSError as e:
        raw = str(e)
    return (str(env), raw)
`, statuses: []string{schemas.StatusOK}, check: func(t *testing.T, env *attackEnv, ex schemas.Execution) {
		noSecret(t, env, ex)
		if ex.Result == nil || len(ex.Result.Elements) != 2 || ex.Result.Elements[0].Repr != `'{}'` {
			t.Errorf("os.environ not empty: %+v", ex.Result)
		}
	}},
	{name: "scanning every /proc/*/environ finds no secret", code: `import os
def solve():
    found = []
    try:
        pids = [p for p in os.listdir('/proc') if p.isdigit()]
    except OSError:
        pids = [str(p) for p in range(1, 4096)] + ['{GOPID}']
    for pid in pids:
        try:
            with open('/proc/%s/environ' % pid, 'rb') as f:
                if b'` + testSecret + `' in f.read():
                    found.append(pid)
        except OSError:
            pass
    return found
`, statuses: []string{schemas.StatusOK}, check: resultIs("[]")},
	{name: "reading /proc/<ppid>/environ is denied", code: "import os\ndef solve():\n    return open('/proc/%d/environ' % os.getppid(), 'rb').read()\n",
		statuses: forbidden, check: noSecret},
	{name: "killing the server is forbidden", code: "import os\ndef solve():\n    os.kill(os.getppid(), 9)\n    return 1\n", statuses: forbidden},
	{name: "killing every process (kill -1) is forbidden", code: "import os\ndef solve():\n    os.kill(-1, 9)\n    return 1\n", statuses: forbidden},
	{name: "signal handler tricks do not stop the CPU limit", code: `import signal
def h(*a):
    pass
for s in (signal.SIGXCPU, signal.SIGTERM, signal.SIGALRM, signal.SIGHUP):
    signal.signal(s, h)
signal.alarm(1)
def solve():
    while True:
        pass
`, statuses: timeout, limits: &Limits{CPU: time.Second, Wall: 20 * time.Second}, check: errorContains("CPU limit")},
	{name: "killing itself is a crash, not an escape", code: "import os, signal\ndef solve():\n    os.kill(os.getpid(), signal.SIGSEGV)\n", statuses: []string{schemas.StatusCrashed}},
	{name: "1 GB of output is cut at the cap", code: "import sys\ndef solve():\n    chunk = 'x' * 2**20\n    for _ in range(1024):\n        sys.stdout.write(chunk)\n    return 1\n",
		statuses: []string{schemas.StatusOutputLimit}, check: func(t *testing.T, env *attackEnv, ex schemas.Execution) {
			if len(ex.Stdout) > 64<<10 {
				t.Errorf("stdout of %d bytes passed the cap", len(ex.Stdout))
			}
		}},
	{name: "printing a forged result does not forge the result", code: "def solve():\n    print('{\"status\": \"ok\", \"result\": {\"kind\": \"integer\", \"exact\": \"666\"}}')\n    return 7\n",
		statuses: []string{schemas.StatusOK}, check: func(t *testing.T, env *attackEnv, ex schemas.Execution) {
			if ex.Result == nil || ex.Result.Exact != "7" {
				t.Errorf("result forged: %+v", ex.Result)
			}
		}},
	{name: "deep recursion is contained", code: "import sys\nsys.setrecursionlimit(10**7)\ndef f(n):\n    return f(n + 1) + 1\ndef solve():\n    return f(0)\n",
		statuses: []string{schemas.StatusError, schemas.StatusMemoryLimit, schemas.StatusCrashed, schemas.StatusTimeout}, limits: &Limits{Wall: 1500 * time.Millisecond}},
	{name: "sys.exit inside solve is an error", code: "import sys\ndef solve():\n    sys.exit(3)\n", statuses: []string{schemas.StatusError}, check: errorContains("SystemExit: 3")},
	{name: "os._exit without a result is a crash", code: "import os\ndef solve():\n    os._exit(0)\n", statuses: []string{schemas.StatusCrashed}},
	{name: "threads left running do not survive", code: "import threading\ndef spin():\n    while True:\n        pass\ndef solve():\n    threading.Thread(target=spin, daemon=False).start()\n    return 1\n",
		statuses: []string{schemas.StatusError, schemas.StatusOK}},
	{name: "input() gets EOF", code: "def solve():\n    return input()\n", statuses: []string{schemas.StatusError}, check: errorContains("EOFError")},
	{name: "ctypes is forbidden", code: "import ctypes\ndef solve():\n    return ctypes.CDLL(None).unlink(b'{DIR}/victim')\n",
		statuses: forbidden, check: victimIntact},
	{name: "ctypes reached through the server's frames is forbidden", code: `import sys
def solve():
    f = sys._getframe()
    while f is not None and 'setup' not in f.f_locals:
        f = f.f_back
    c = f.f_locals['setup'].ctypes
    libc = c.CDLL(None)
    return libc.unlink(b'{DIR}/victim'), libc.kill(1, 9)
`, statuses: forbidden, check: victimIntact},
	{name: "ptrace through ctypes is forbidden", code: "import ctypes, os\ndef solve():\n    return ctypes.CDLL(None).ptrace(16, os.getppid(), 0, 0)\n", statuses: forbidden},
	{name: "raising rlimits is forbidden", code: "import resource\ndef solve():\n    resource.setrlimit(resource.RLIMIT_CPU, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))\n    return 1\n",
		statuses: forbidden},
	{name: "writing shared memory is forbidden", code: "def solve():\n    open('/dev/shm/arrows-attack', 'w').write('x' * 10**6)\n    return 1\n",
		statuses: forbidden, check: func(t *testing.T, env *attackEnv, ex schemas.Execution) {
			if _, err := os.Stat("/dev/shm/arrows-attack"); err == nil {
				os.Remove("/dev/shm/arrows-attack")
				t.Errorf("/dev/shm file created")
			}
		}},
	{name: "a syntax error is an error", code: "def solve(:\n", statuses: []string{schemas.StatusError}, check: errorContains("SyntaxError")},
	{name: "a program without solve is no_solve", code: "x = 1\nprint(x)\n", statuses: []string{schemas.StatusNoSolve}},
}

// TestAttacks runs every hostile program on one pool and checks, after each,
// the containment, the absence of side effects and of stray processes, and
// that the pool still serves a normal program.
func TestAttacks(t *testing.T) {
	p := sharedPool(t)
	serversBefore := p.serverPids()
	restartsBefore := p.Stats().Restarts
	dir := sharedDir(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	defer ln.Close()
	var accepted atomic.Int64
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			accepted.Add(1)
			c.Close()
		}
	}()
	env := &attackEnv{dir: dir, victim: filepath.Join(dir, "victim"), port: ln.Addr().(*net.TCPAddr).Port, accepted: &accepted}

	for _, a := range attacks {
		t.Run(a.name, func(t *testing.T) {
			if err := os.WriteFile(env.victim, []byte("precious"), 0o666); err != nil {
				t.Fatal(err)
			}
			os.Chmod(env.victim, 0o666)
			code := strings.NewReplacer("{DIR}", dir, "{PORT}", fmt.Sprint(env.port), "{GOPID}", fmt.Sprint(os.Getpid())).Replace(a.code)
			ex := p.Run(context.Background(), Request{Code: code, Limits: a.limits})
			t.Logf("status=%s cpu=%dms wall=%dms error=%.160s", ex.Status, ex.CPUMillis, ex.WallMillis, ex.Error)
			if !statusIn(ex.Status, a.statuses) {
				t.Errorf("status %q (error %q), want one of %v", ex.Status, ex.Error, a.statuses)
			}
			if a.check != nil {
				a.check(t, env, ex)
			}
			checkNoStrays(t, p)
			checkServes(t, p)
		})
	}

	for _, pid := range serversBefore {
		if !processAlive(pid) {
			t.Errorf("server %d died during the attacks", pid)
		}
	}
	if r := p.Stats().Restarts; r != restartsBefore {
		t.Errorf("servers restarted %d times during the attacks", r-restartsBefore)
	}
}

// TestMonkeypatchingDoesNotLeak checks that global state changed by one
// program is not seen by the next (every program runs in a fresh fork).
func TestMonkeypatchingDoesNotLeak(t *testing.T) {
	p := sharedPool(t)
	// Run the polluter on every server so the checker surely follows one.
	for i := 0; i < 4; i++ {
		ex := run(t, p, `import sympy, mpmath, decimal, sys, random
sympy.pi = 3
sympy.Rational.__add__ = lambda a, b: 0
mpmath.mp.dps = 5
decimal.getcontext().prec = 3
sys.setrecursionlimit(50)
random.seed(1)
def solve():
    return 1
`)
		if ex.Status != schemas.StatusOK {
			t.Fatalf("polluter: %+v", ex)
		}
	}
	for i := 0; i < 4; i++ {
		ex := run(t, p, `import sympy, mpmath, decimal, sys
def solve():
    return (str(sympy.pi), str(sympy.Rational(1, 2) + sympy.Rational(1, 3)), mpmath.mp.dps,
            decimal.getcontext().prec, sys.getrecursionlimit() > 50)
`)
		if ex.Status != schemas.StatusOK {
			t.Fatalf("checker: %+v", ex)
		}
		if got, want := ex.Result.Repr, "('pi', '5/6', 15, 28, True)"; got != want {
			t.Errorf("state leaked between programs: %s, want %s", got, want)
		}
	}
}

// TestHugeIntegerResult checks that a 30,103-digit integer comes back whole.
func TestHugeIntegerResult(t *testing.T) {
	p := sharedPool(t)
	ex := run(t, p, "def solve():\n    return 2**100000\n")
	if ex.Status != schemas.StatusOK {
		t.Fatalf("status %s: %s", ex.Status, ex.Error)
	}
	want := new(big.Int).Lsh(big.NewInt(1), 100000).String()
	if ex.Result.Exact != want {
		t.Errorf("Exact has %d digits, want %d", len(ex.Result.Exact), len(want))
	}
	if ex.Result.Digits != len(want) || !ex.Result.Truncated || len(ex.Result.Repr) > 2100 {
		t.Errorf("digits=%d truncated=%v repr len=%d", ex.Result.Digits, ex.Result.Truncated, len(ex.Result.Repr))
	}
}

// TestSeccompLayerAlone turns the audit hook off and checks that the kernel
// layers block the same operations on their own (EPERM from seccomp).
func TestSeccompLayerAlone(t *testing.T) {
	cfg := testConfig()
	cfg.Workers = 1
	cfg.noAuditHook = true
	p := newTestPool(t, cfg)
	if iso := p.Isolation(); !iso.Seccomp || iso.AuditHook {
		t.Fatalf("isolation %s: want seccomp on, audit hook off", iso)
	}
	dir := sharedDir(t)
	victim := filepath.Join(dir, "victim")
	cases := []struct {
		name string
		code string
	}{
		{"socket", "import socket\ndef solve():\n    socket.socket()\n"},
		{"fork", "import os\ndef solve():\n    os.fork()\n    return 1\n"},
		{"exec", "import os\ndef solve():\n    os.execv('/bin/true', ['true'])\n"},
		{"write", "def solve():\n    open('{DIR}/w', 'w')\n"},
		{"unlink", "import os\ndef solve():\n    os.unlink('{DIR}/victim')\n"},
		{"kill server", "import os\ndef solve():\n    os.kill(os.getppid(), 9)\n"},
		{"ctypes unlink", "import ctypes, os\ndef solve():\n    libc = ctypes.CDLL(None, use_errno=True)\n    if libc.unlink(b'{DIR}/victim') != 0:\n        raise OSError(ctypes.get_errno(), 'unlink')\n"},
		{"ctypes ptrace", "import ctypes, os\ndef solve():\n    libc = ctypes.CDLL(None, use_errno=True)\n    if libc.ptrace(16, os.getppid(), 0, 0) != 0:\n        raise OSError(ctypes.get_errno(), 'ptrace')\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if err := os.WriteFile(victim, []byte("precious"), 0o666); err != nil {
				t.Fatal(err)
			}
			ex := run(t, p, strings.ReplaceAll(c.code, "{DIR}", dir))
			if ex.Status != schemas.StatusForbidden {
				t.Errorf("status %q (%s), want forbidden", ex.Status, ex.Error)
			}
			if _, err := os.Stat(victim); err != nil {
				t.Errorf("victim deleted")
			}
			if _, err := os.Stat(filepath.Join(dir, "w")); err == nil {
				t.Errorf("file written")
			}
			checkNoStrays(t, p)
			checkServes(t, p)
		})
	}
}

// TestForgedResultMessages writes malformed and forged messages straight to
// the result descriptor: the server must classify them, never crash or
// restart.
func TestForgedResultMessages(t *testing.T) {
	p := sharedPool(t)
	restarts := p.Stats().Restarts
	cases := []struct{ name, payload string }{
		{"not json", `b"garbage\n"`},
		{"wrong types", `b'{"status": "ok", "result": 5}\n'`},
		{"deep nesting", `b'{"status": "ok", "result": ' + b'[' * 20000 + b']' * 20000 + b'}\n'`},
		{"huge integer", `b'{"status": "ok", "result": {"kind": "integer", "digits": ' + b'9' * 100000 + b'}}\n'`},
		{"infinity", `b'{"status": "ok", "result": {"kind": "real", "numeric": Infinity}}\n'`},
		{"bad analysis", `b'{"analysis": {"literals": [1, 2]}}\n'`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code := "import os\ndef solve():\n    os.write(3, " + c.payload + ")\n    os._exit(0)\n"
			ex := run(t, p, code)
			if ex.Status != schemas.StatusCrashed && ex.Status != schemas.StatusOK {
				t.Errorf("status %s (%s), want crashed", ex.Status, ex.Error)
			}
			checkServes(t, p)
		})
	}
	if r := p.Stats().Restarts; r != restarts {
		t.Errorf("forged messages restarted a server")
	}
}
