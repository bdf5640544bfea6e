package sandbox

import (
	"bufio"
	"context"
	_ "embed"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/arrows-math/arrows/schemas"
)

//go:embed server.py
var serverSource string

// startTimeout bounds a server's start-up (imports and pre-warming take
// 1-2 s on an idle machine, much longer on a loaded one).
const startTimeout = 3 * time.Minute

// watchdogGrace is added to a request's wall limit before the Go side gives
// up on the server, kills it and restarts it.
const watchdogGrace = 10 * time.Second

// hiddenDirs are covered with empty read-only tmpfs mounts inside the
// server's private mount namespace (when there is one), so programs cannot
// read configuration, credentials or data that happen to be world-readable.
// Directories that hold the interpreter or its sys.path are kept.
var hiddenDirs = []string{"/home", "/root", "/work", "/tmp", "/var", "/srv", "/mnt", "/opt", "/media", "/run", "/boot"}

// serverEnv is the complete environment of a server: nothing is inherited
// from the Go process, so its secrets are not readable by programs.
var serverEnv = []string{
	"PATH=/usr/bin:/bin",
	"LANG=C.UTF-8",
	"HOME=/nonexistent",
	"OPENBLAS_NUM_THREADS=1",
	"OMP_NUM_THREADS=1",
	"MKL_NUM_THREADS=1",
	"PYTHONHASHSEED=0",
	// Resolve every dynamic symbol at start-up, so no child runs the lazy
	// binder (which writes the GOT and reads the symbol tables of every
	// library, about 15 page faults per child).
	"LD_BIND_NOW=1",
}

// serverSpec is everything needed to start one server.
type serverSpec struct {
	python      string
	cloneflags  uintptr
	userns      bool
	mounts      bool
	init        initMessage
	allowInproc bool
}

// initMessage is the first line sent to a server.
type initMessage struct {
	BPF         string            `json:"bpf,omitempty"`
	PidOffsets  []int             `json:"pid_offsets,omitempty"`
	Drop        bool              `json:"drop"`
	Landlock    bool              `json:"landlock"`
	Audit       bool              `json:"audit"`
	Modules     map[string]string `json:"modules,omitempty"`
	Mounts      bool              `json:"mounts"`
	Hide        []string          `json:"hide,omitempty"`
	AllowInproc bool              `json:"allow_inproc,omitempty"`
}

// readyMessage is the server's answer to the init line.
type readyMessage struct {
	Ready       bool     `json:"ready"`
	Fatal       string   `json:"fatal"`
	Pid         int      `json:"pid"`
	UID         int      `json:"uid"`
	Python      string   `json:"python"`
	Sympy       string   `json:"sympy"`
	PrivateProc bool     `json:"private_proc"`
	MountError  string   `json:"mount_error"`
	Hidden      []string `json:"hidden"`
	RSSKB       int64    `json:"rss_kb"`
	// RawFork reports that the server forks with the C library's fork().
	RawFork bool `json:"raw_fork"`
	// HugePagesMB is how much of the server's heap is backed by huge pages.
	HugePagesMB int `json:"huge_pages_mb"`
	// ChildHugePages is the start-up calibration of private huge pages in
	// children (costs measured, regions chosen per kind of program).
	ChildHugePages map[string]any `json:"child_huge_pages"`
	Probe          struct {
		UID         int    `json:"uid"`
		GID         int    `json:"gid"`
		SeccompMode int    `json:"seccomp_mode"`
		NoNewPrivs  int    `json:"no_new_privs"`
		Socket      string `json:"socket"`
		RlimitAS    int64  `json:"rlimit_as"`
		RlimitNproc int64  `json:"rlimit_nproc"`
		Env         int    `json:"env"`
		LandlockABI int    `json:"landlock_abi"`
		// LandlockBlocksHome reports that the probe child could not list /home.
		LandlockBlocksHome bool `json:"landlock_blocks_home"`
	} `json:"probe"`
}

// wireRequest is one request line.
type wireRequest struct {
	ID      int64   `json:"id"`
	Op      string  `json:"op"`
	Code    string  `json:"code,omitempty"`
	WallS   float64 `json:"wall_s,omitempty"`
	CPUS    float64 `json:"cpu_s,omitempty"`
	MemMB   int     `json:"mem_mb,omitempty"`
	MaxOut  int     `json:"max_out,omitempty"`
	Analyze bool    `json:"analyze,omitempty"`
}

// wireResponse is one response line.
type wireResponse struct {
	ID *int64 `json:"id"`
	schemas.Execution
	RSSKB int64 `json:"rss_kb,omitempty"`
}

// server is one running fork server process.
type server struct {
	cmd    *exec.Cmd
	pid    int
	stdin  *os.File
	lines  chan []byte
	exited chan struct{}
	quit   chan struct{} // closed by kill: stop delivering lines
	stderr *tailBuffer
	ready  readyMessage
	nextID int64

	killOnce sync.Once
}

// startServer starts a server and waits for its ready line.
func startServer(ctx context.Context, spec serverSpec) (*server, error) {
	inR, inW, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("server stdin pipe: %w", err)
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		inR.Close()
		inW.Close()
		return nil, fmt.Errorf("server stdout pipe: %w", err)
	}
	errR, errW, err := os.Pipe()
	if err != nil {
		inR.Close()
		inW.Close()
		outR.Close()
		outW.Close()
		return nil, fmt.Errorf("server stderr pipe: %w", err)
	}
	cmd := exec.Command(spec.python, "-s", "-B", "-c", serverSource)
	cmd.Env = serverEnv
	cmd.Dir = "/"
	cmd.Stdin, cmd.Stdout, cmd.Stderr = inR, outW, errW
	attr := &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL, Cloneflags: spec.cloneflags}
	if spec.userns {
		attr.UidMappings = []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Geteuid(), Size: 1}}
		attr.GidMappings = []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getegid(), Size: 1}}
		attr.GidMappingsEnableSetgroups = false
	}
	cmd.SysProcAttr = attr

	s := &server{
		cmd:    cmd,
		stdin:  inW,
		lines:  make(chan []byte, 1),
		exited: make(chan struct{}),
		quit:   make(chan struct{}),
		stderr: newTailBuffer(16 << 10),
	}
	// Pdeathsig fires when the OS thread that forked the server exits
	// (golang/go#27505), so fork from a locked thread that lives exactly as
	// long as the server: it waits for the process and only then returns.
	started := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		if err := cmd.Start(); err != nil {
			started <- err
			return
		}
		started <- nil
		_ = cmd.Wait()
		close(s.exited)
	}()
	err = <-started
	inR.Close()
	outW.Close()
	errW.Close()
	if err != nil {
		inW.Close()
		outR.Close()
		errR.Close()
		return nil, fmt.Errorf("start %s: %w", spec.python, err)
	}
	s.pid = cmd.Process.Pid
	go s.readLines(outR)
	go s.stderr.fill(errR)

	fail := func(err error) (*server, error) {
		s.kill()
		if tail := strings.TrimSpace(s.stderr.String()); tail != "" {
			err = fmt.Errorf("%w; server stderr: %s", err, lastLines(tail, 8))
		}
		return nil, err
	}
	line, err := json.Marshal(spec.init)
	if err != nil {
		return fail(fmt.Errorf("encode init message: %w", err))
	}
	if _, err := s.stdin.Write(append(line, '\n')); err != nil {
		return fail(fmt.Errorf("send init message to server: %w", err))
	}
	timer := time.NewTimer(startTimeout)
	defer timer.Stop()
	select {
	case l, ok := <-s.lines:
		if !ok {
			<-s.exited
			return fail(fmt.Errorf("sandbox server exited during start-up (%v)", s.cmd.ProcessState))
		}
		if err := json.Unmarshal(l, &s.ready); err != nil {
			return fail(fmt.Errorf("decode ready line %q: %w", truncate(string(l), 200), err))
		}
		if s.ready.Fatal != "" {
			return fail(fmt.Errorf("sandbox server failed to start: %s", s.ready.Fatal))
		}
		if !s.ready.Ready {
			return fail(fmt.Errorf("unexpected ready line %q", truncate(string(l), 200)))
		}
	case <-timer.C:
		return fail(fmt.Errorf("sandbox server not ready after %v", startTimeout))
	case <-ctx.Done():
		return fail(fmt.Errorf("waiting for sandbox server: %w", ctx.Err()))
	}
	return s, nil
}

// readLines delivers response lines until the server's stdout closes.
func (s *server) readLines(r *os.File) {
	defer close(s.lines)
	defer r.Close()
	br := bufio.NewReaderSize(r, 1<<16)
	for {
		line, err := br.ReadBytes('\n')
		if len(line) > 0 && err == nil {
			select {
			case s.lines <- line:
			case <-s.quit:
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// errServerGone is returned when the server died or stopped answering.
var errServerGone = errors.New("sandbox server died")

// do sends one request and waits for its response, at most timeout.
func (s *server) do(req wireRequest, timeout time.Duration) (wireResponse, error) {
	s.nextID++
	req.ID = s.nextID
	line, err := json.Marshal(req)
	if err != nil {
		return wireResponse{}, fmt.Errorf("encode request: %w", err)
	}
	// A frozen server must not block the worker on a full pipe either.
	_ = s.stdin.SetWriteDeadline(time.Now().Add(timeout))
	if _, err := s.stdin.Write(append(line, '\n')); err != nil {
		return wireResponse{}, fmt.Errorf("%w: write request: %v", errServerGone, err)
	}
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case l, ok := <-s.lines:
		if !ok {
			return wireResponse{}, fmt.Errorf("%w (%s)", errServerGone, s.describeExit())
		}
		var resp wireResponse
		if err := json.Unmarshal(l, &resp); err != nil {
			return wireResponse{}, fmt.Errorf("decode response: %w", err)
		}
		if resp.ID == nil || *resp.ID != req.ID {
			return wireResponse{}, fmt.Errorf("response for the wrong request (want id %d)", req.ID)
		}
		return resp, nil
	case <-timer.C:
		return wireResponse{}, fmt.Errorf("sandbox server did not answer within %v", timeout)
	}
}

// describeExit waits briefly for the exit status and describes it.
func (s *server) describeExit() string {
	select {
	case <-s.exited:
		return fmt.Sprintf("server %s", s.cmd.ProcessState)
	case <-time.After(2 * time.Second):
		return "server closed its output"
	}
}

// kill SIGKILLs the server's process group and waits for it to exit.
func (s *server) kill() {
	s.killOnce.Do(func() {
		close(s.quit)
		_ = syscall.Kill(-s.pid, syscall.SIGKILL)
		_ = syscall.Kill(s.pid, syscall.SIGKILL)
		s.stdin.Close()
	})
	<-s.exited
}

// stop asks the server to exit (stdin EOF) and kills it after grace.
func (s *server) stop(grace time.Duration) {
	s.stdin.Close()
	select {
	case <-s.exited:
	case <-time.After(grace):
	}
	s.kill()
}

// alive reports whether the process is still running.
func (s *server) alive() bool {
	select {
	case <-s.exited:
		return false
	default:
		return true
	}
}

// tailBuffer keeps the last n bytes written to it.
type tailBuffer struct {
	mu  sync.Mutex
	n   int
	buf []byte
}

func newTailBuffer(n int) *tailBuffer { return &tailBuffer{n: n} }

func (t *tailBuffer) fill(f *os.File) {
	defer f.Close()
	b := make([]byte, 4096)
	for {
		k, err := f.Read(b)
		if k > 0 {
			t.mu.Lock()
			t.buf = append(t.buf, b[:k]...)
			if len(t.buf) > t.n {
				t.buf = append([]byte(nil), t.buf[len(t.buf)-t.n:]...)
			}
			t.mu.Unlock()
		}
		if err != nil {
			return
		}
	}
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.buf)
}

func lastLines(s string, n int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, " | ")
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

// encodeFilter renders the filter for the init message.
func encodeFilter(f *filter) (string, []int) {
	if f == nil {
		return "", nil
	}
	return base64.StdEncoding.EncodeToString(f.raw), f.pidOffsets
}
