package sandbox

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/arrows-math/arrows/schemas"
)

// TestIsolationReport checks that the layers the design asks for are active
// on this machine (run as root) and named by String.
func TestIsolationReport(t *testing.T) {
	p := sharedPool(t)
	iso := p.Isolation()
	t.Logf("isolation: %s", iso)
	if !iso.Seccomp || !iso.Rlimits || !iso.AuditHook {
		t.Errorf("core layers missing: %s", iso)
	}
	if iso.LandlockABI > 0 && !iso.Landlock {
		t.Errorf("kernel supports Landlock ABI %d but it is not active: %s", iso.LandlockABI, iso)
	}
	if os.Geteuid() == 0 && !iso.DroppedPrivileges {
		t.Errorf("running as root but children keep root: %s", iso)
	}
	if s := iso.String(); !strings.Contains(s, "seccomp=on") || !strings.Contains(s, "rlimits=on") {
		t.Errorf("String() = %q", s)
	}
}

// TestWithoutNamespaces checks the fallback path that runs where namespaces
// are refused (Docker-based workers): the other layers still contain the
// attacks.
func TestWithoutNamespaces(t *testing.T) {
	cfg := testConfig()
	cfg.Workers = 1
	cfg.Namespaces = false
	p := newTestPool(t, cfg)
	iso := p.Isolation()
	if len(iso.Namespaces) != 0 || iso.PrivateProc || len(iso.HiddenPaths) != 0 || !iso.Seccomp {
		t.Fatalf("isolation %s: want no namespaces, seccomp on", iso)
	}
	dir := sharedDir(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	accepted := make(chan struct{}, 1)
	go func() {
		if c, err := ln.Accept(); err == nil {
			accepted <- struct{}{}
			c.Close()
		}
	}()
	port := ln.Addr().(*net.TCPAddr).Port
	cases := []struct{ name, code, status string }{
		{"connect to loopback", fmt.Sprintf("import socket\ndef solve():\n    socket.create_connection(('127.0.0.1', %d), timeout=1)\n", port), schemas.StatusForbidden},
		{"write a file", fmt.Sprintf("def solve():\n    open('%s/x', 'w').write('x')\n", dir), schemas.StatusForbidden},
		{"kill the server", "import os\ndef solve():\n    os.kill(os.getppid(), 9)\n", schemas.StatusForbidden},
		{"fork", "import os\ndef solve():\n    os.fork()\n", schemas.StatusForbidden},
		{"read the Go process's environ", fmt.Sprintf("def solve():\n    return open('/proc/%d/environ', 'rb').read()\n", os.Getpid()), schemas.StatusForbidden},
		{"scan every environ", `import os
def solve():
    hits = 0
    try:
        pids = os.listdir('/proc')
    except OSError:
        pids = [str(p) for p in range(1, 4096)] + ['` + strconv.Itoa(os.Getpid()) + `']
    for pid in pids:
        try:
            hits += b'` + testSecret + `' in open('/proc/' + pid + '/environ', 'rb').read()
        except OSError:
            pass
    return hits
`, schemas.StatusOK},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ex := run(t, p, c.code)
			if ex.Status != c.status {
				t.Errorf("status %s (%s), want %s", ex.Status, ex.Error, c.status)
			}
			if ex.Result != nil && ex.Result.Exact != "0" {
				t.Errorf("program found the secret: %+v", ex.Result)
			}
			if strings.Contains(ex.Error+ex.Stdout, testSecret) {
				t.Errorf("secret leaked")
			}
			checkNoStrays(t, p)
			checkServes(t, p)
		})
	}
	select {
	case <-accepted:
		t.Errorf("listener accepted a connection")
	case <-time.After(100 * time.Millisecond):
	}
	if _, err := os.Stat(dir + "/x"); err == nil {
		t.Errorf("file written")
	}
}

// TestServersDieWithTheirOwner kills a process that owns a pool with
// SIGKILL (no Close) and checks that its servers and their zygotes die too
// (Pdeathsig from the locked thread, stdin EOF; the zygote's own
// parent-death signal).
func TestServersDieWithTheirOwner(t *testing.T) {
	requirePython(t)
	if os.Getenv("ARROWS_SANDBOX_HELPER") == "1" {
		t.Skip("helper")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperPoolOwner$", "-test.v")
	cmd.Env = append(os.Environ(), "ARROWS_SANDBOX_HELPER=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	var pids []int
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		line := sc.Text()
		if rest, ok := strings.CutPrefix(line, "SERVER_PIDS "); ok {
			for _, f := range strings.Fields(rest) {
				pid, _ := strconv.Atoi(f)
				pids = append(pids, pid)
			}
			break
		}
	}
	if len(pids) != 4 {
		t.Fatalf("helper reported %v, want 2 servers and their 2 zygotes", pids)
	}
	for _, pid := range pids {
		if !processAlive(pid) {
			t.Fatalf("server %d not running", pid)
		}
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	deadline := time.Now().Add(10 * time.Second)
	for _, pid := range pids {
		for processAlive(pid) {
			if time.Now().After(deadline) {
				t.Fatalf("server %d survived its owner", pid)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
}

// TestHelperPoolOwner is the child side of TestServersDieWithTheirOwner.
func TestHelperPoolOwner(t *testing.T) {
	if os.Getenv("ARROWS_SANDBOX_HELPER") != "1" {
		t.Skip("only run as a helper process")
	}
	cfg := testConfig()
	cfg.Workers = 2
	p, err := NewPool(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	// Serve something first so the servers are exercised, from other goroutines.
	if ex := p.Run(context.Background(), Request{Code: "def solve():\n    return 1\n"}); ex.Status != schemas.StatusOK {
		t.Fatal(ex.Error)
	}
	var s []string
	for _, pid := range append(p.serverPids(), zygotes(t, p)...) {
		s = append(s, strconv.Itoa(pid))
	}
	fmt.Printf("SERVER_PIDS %s\n", strings.Join(s, " "))
	time.Sleep(time.Minute)
}

// TestContextCancel checks that a cancelled context returns promptly with
// sandbox_error and leaves the pool usable.
func TestContextCancel(t *testing.T) {
	p := sharedPool(t)
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		time.Sleep(300 * time.Millisecond)
		cancel()
	}()
	ex := p.Run(ctx, Request{Code: "import time\ndef solve():\n    time.sleep(2)\n    return 1\n"})
	if ex.Status != schemas.StatusSandboxError || !strings.Contains(ex.Error, "canceled") {
		t.Errorf("status %s error %q, want sandbox_error on cancel", ex.Status, ex.Error)
	}
	checkServes(t, p)

	// A context deadline shorter than the wall limit bounds the program.
	dctx, dcancel := context.WithTimeout(context.Background(), 700*time.Millisecond)
	defer dcancel()
	ex = p.Run(dctx, Request{Code: "def solve():\n    while True:\n        pass\n"})
	if ex.Status != schemas.StatusTimeout && ex.Status != schemas.StatusSandboxError {
		t.Errorf("status %s, want timeout", ex.Status)
	}
	checkNoStrays(t, p)
	checkServes(t, p)
}

// TestNewPoolErrors checks the start-up errors are clear.
func TestNewPoolErrors(t *testing.T) {
	requirePython(t)
	cfg := testConfig()
	cfg.Workers = 1
	cfg.Python = "/nonexistent/python3"
	if _, err := NewPool(context.Background(), cfg); err == nil || !strings.Contains(err.Error(), "/nonexistent/python3") {
		t.Errorf("missing interpreter: err = %v", err)
	}

	// An interpreter without SymPy: Debian's python3 with -S does not see dist-packages.
	dir := t.TempDir()
	wrapper := filepath.Join(dir, "python-without-sympy")
	if err := os.WriteFile(wrapper, []byte("#!/bin/sh\nexec /usr/bin/python3 -S \"$@\"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	cfg.Python = wrapper
	_, err := NewPool(context.Background(), cfg)
	if err == nil || !strings.Contains(err.Error(), "sympy") {
		t.Errorf("missing sympy: err = %v", err)
	}
}

// initialSecret is placed in the *initial* environment of a helper process
// (so it shows in /proc/<helper>/environ), unlike testSecret.
const initialSecret = "arrows-initial-secret-93be1f"

// TestSecretsInvisible starts helper processes that own a pool and carry a
// secret in their initial environment, as root and as an unprivileged user,
// with and without namespaces, and checks that no program can read it
// (os.environ, /proc/<owner>/environ, a scan of every /proc/*/environ).
func TestSecretsInvisible(t *testing.T) {
	requirePython(t)
	if os.Getenv("ARROWS_SANDBOX_HELPER") != "" {
		t.Skip("helper")
	}
	bin := os.Args[0]
	unprivileged := os.Geteuid() == 0
	if unprivileged {
		// Copy the test binary where uid 65534 can execute it.
		dir, err := os.MkdirTemp("", "arrows-sandbox-bin-")
		if err != nil {
			t.Fatal(err)
		}
		defer os.RemoveAll(dir)
		os.Chmod(dir, 0o755)
		data, err := os.ReadFile(os.Args[0])
		if err != nil {
			t.Fatal(err)
		}
		bin = filepath.Join(dir, "sandbox.test")
		if err := os.WriteFile(bin, data, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	type variant struct {
		name       string
		namespaces bool
		nobody     bool
		control    bool // Landlock off: the secret must be found, proving the probe works
	}
	variants := []variant{{"root with namespaces", true, false, false}, {"root without namespaces", false, false, false}}
	if unprivileged {
		variants = append(variants,
			variant{"uid 65534 with namespaces", true, true, false},
			variant{"uid 65534 without namespaces", false, true, false},
			variant{"control: uid 65534 without namespaces or Landlock leaks, so the probe can see leaks", false, true, true})
	}
	for _, v := range variants {
		t.Run(v.name, func(t *testing.T) {
			if testing.Short() && (v.namespaces || v.control) {
				t.Skip("short mode runs only the weakest configurations (no namespaces)")
			}
			cmd := exec.Command(bin, "-test.run=^TestHelperSecretProbe$", "-test.v")
			cmd.Dir = "/"
			cmd.Env = append(os.Environ(), "ARROWS_SANDBOX_HELPER=secret", "ARROWS_INITIAL_SECRET="+initialSecret,
				"ARROWS_HELPER_NAMESPACES="+strconv.FormatBool(v.namespaces), "ARROWS_HELPER_NOLANDLOCK="+strconv.FormatBool(v.control), "HOME=/nonexistent", "GOCACHE=/nonexistent", "GOFLAGS=")
			if v.nobody {
				cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
			}
			out, err := cmd.CombinedOutput()
			text := string(out)
			if err != nil {
				t.Fatalf("helper failed: %v\n%s", err, text)
			}
			if !strings.Contains(text, "RESULT ") {
				t.Fatalf("helper printed no result:\n%s", text)
			}
			for _, line := range strings.Split(text, "\n") {
				if strings.HasPrefix(line, "ISOLATION ") || strings.HasPrefix(line, "RESULT ") {
					t.Log(line)
				}
			}
			if v.control {
				if strings.Contains(text, "RESULT found=[]") {
					t.Errorf("control run found nothing: the probe cannot detect a leak:\n%s", text)
				}
			} else if !strings.Contains(text, "RESULT found=[]") {
				t.Errorf("a program saw the secret:\n%s", text)
			}
		})
	}
}

// TestHelperSecretProbe is the helper side of TestSecretsInvisible.
func TestHelperSecretProbe(t *testing.T) {
	if os.Getenv("ARROWS_SANDBOX_HELPER") != "secret" {
		t.Skip("only run as a helper process")
	}
	cfg := testConfig()
	cfg.Workers = 1
	cfg.Namespaces = os.Getenv("ARROWS_HELPER_NAMESPACES") == "true"
	cfg.noLandlock = os.Getenv("ARROWS_HELPER_NOLANDLOCK") == "true"
	p, err := NewPool(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	fmt.Printf("ISOLATION uid=%d %s\n", os.Geteuid(), p.Isolation())
	code := `import os
SECRET = b'` + initialSecret + `'
OWNER = ` + strconv.Itoa(os.Getpid()) + `
def solve():
    found = []
    if SECRET.decode() in str(dict(os.environ)):
        found.append('os.environ')
    try:
        pids = [p for p in os.listdir('/proc') if p.isdigit()]
    except OSError:
        pids = []
    pids += [str(OWNER), str(os.getppid()), '1', 'self']
    for pid in pids:
        for name in ('environ', 'cmdline'):
            try:
                with open('/proc/%s/%s' % (pid, name), 'rb') as f:
                    if SECRET in f.read():
                        found.append(pid + '/' + name)
            except OSError:
                pass
    return sorted(set(found))
`
	ex := p.Run(context.Background(), Request{Code: code})
	if ex.Status != schemas.StatusOK {
		t.Fatalf("probe program: %s %s", ex.Status, ex.Error)
	}
	fmt.Printf("RESULT found=%s\n", ex.Result.Repr)
}
