package sandbox

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/arrows-math/arrows/schemas"
)

// Pool runs programs on a set of fork servers, one goroutine per server.
// It is safe for concurrent use.
type Pool struct {
	cfg       Config
	spec      serverSpec
	isolation Isolation
	tuning    string // the first server's speed settings, for benchmarks and logs

	jobs   chan *job
	closed chan struct{}
	ctx    context.Context // cancelled by Close: aborts restarts
	cancel context.CancelFunc
	once   sync.Once
	wg     sync.WaitGroup

	healthy atomic.Int64 // workers with a live server

	mu       sync.Mutex
	programs int64
	restarts int64
	byStatus map[string]int64
	servers  map[int]*server // worker index -> current server
}

// job is one request waiting for a worker.
type job struct {
	ctx   context.Context
	req   Request
	op    string
	limit Limits
	done  chan schemas.Execution
}

// namespaceFlags are the namespaces tried for the servers.
var namespaceFlags = []struct {
	flag uintptr
	name string
}{
	{syscall.CLONE_NEWNET, "net"},
	{syscall.CLONE_NEWNS, "mount"},
	{syscall.CLONE_NEWPID, "pid"},
	{syscall.CLONE_NEWIPC, "ipc"},
	{syscall.CLONE_NEWUTS, "uts"},
}

// NewPool starts cfg.Workers servers and waits until all are ready. It fails
// with a clear error when the interpreter, SymPy or a required isolation
// layer (seccomp, when requested) is unavailable.
func NewPool(ctx context.Context, cfg Config) (*Pool, error) {
	cfg = withDefaults(cfg)
	if _, err := os.Stat(cfg.Python); err != nil {
		return nil, fmt.Errorf("sandbox: python interpreter %s: %w", cfg.Python, err)
	}
	if len(serverSource) > 120<<10 {
		return nil, fmt.Errorf("sandbox: embedded server is %d bytes, too long for one argument", len(serverSource))
	}
	p := &Pool{
		cfg:      cfg,
		jobs:     make(chan *job),
		closed:   make(chan struct{}),
		byStatus: map[string]int64{},
		servers:  map[int]*server{},
	}
	root := os.Geteuid() == 0
	init := initMessage{
		Drop:        cfg.DropPrivileges && root,
		Audit:       !cfg.noAuditHook,
		Landlock:    !cfg.noLandlock,
		Modules:     cfg.Modules,
		AllowInproc: cfg.unsafeInproc,
	}
	if cfg.Seccomp {
		f, err := buildFilter()
		if err != nil {
			return nil, fmt.Errorf("sandbox: %w", err)
		}
		init.BPF, init.PidOffsets = encodeFilter(f)
	}
	p.spec = serverSpec{python: cfg.Python, init: init}

	// Probe namespaces with the first server; fall back to none if refused.
	var first *server
	var nsNames []string
	if cfg.Namespaces {
		spec := p.spec
		for _, ns := range namespaceFlags {
			spec.cloneflags |= ns.flag
			nsNames = append(nsNames, ns.name)
		}
		if !root {
			spec.cloneflags |= syscall.CLONE_NEWUSER
			spec.userns = true
			nsNames = append(nsNames, "user")
		}
		spec.init.Mounts = true
		spec.init.Hide = hiddenDirs
		s, err := startServer(ctx, spec)
		if err == nil {
			first = s
			p.spec = spec
		} else if ctx.Err() != nil {
			return nil, fmt.Errorf("sandbox: %w", err)
		} else {
			nsNames = nil
		}
	}
	if first == nil {
		s, err := startServer(ctx, p.spec)
		if err != nil {
			return nil, fmt.Errorf("sandbox: %w", err)
		}
		first = s
	}
	r := first.ready
	p.tuning = fmt.Sprintf("raw_fork=%v server_huge_pages=%dMB child_huge_pages=%v", r.RawFork, r.HugePagesMB, r.ChildHugePages)
	p.isolation = Isolation{
		Namespaces:        nsNames,
		PrivateProc:       r.PrivateProc,
		HiddenPaths:       r.Hidden,
		Seccomp:           r.Probe.SeccompMode == 2,
		Landlock:          r.Probe.LandlockABI > 0 && r.Probe.LandlockBlocksHome,
		LandlockABI:       r.Probe.LandlockABI,
		DroppedPrivileges: r.Probe.UID == 65534 && r.Probe.RlimitNproc == 0,
		Rlimits:           r.Probe.RlimitAS > 0 && r.Probe.RlimitAS < math.MaxInt64,
		AuditHook:         !cfg.noAuditHook,
	}
	if cfg.Seccomp && !p.isolation.Seccomp {
		first.kill()
		return nil, fmt.Errorf("sandbox: seccomp filter requested but not active in the child (mode %d)", r.Probe.SeccompMode)
	}

	// Start the other servers in parallel.
	servers := make([]*server, cfg.Workers)
	servers[0] = first
	errs := make([]error, cfg.Workers)
	var wg sync.WaitGroup
	for i := 1; i < cfg.Workers; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			servers[i], errs[i] = startServer(ctx, p.spec)
		}(i)
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		for _, s := range servers {
			if s != nil {
				s.kill()
			}
		}
		return nil, fmt.Errorf("sandbox: %w", err)
	}
	p.ctx, p.cancel = context.WithCancel(context.Background())
	for i, s := range servers {
		p.servers[i] = s
		p.wg.Add(1)
		go p.worker(i, s)
	}
	return p, nil
}

// withDefaults fills zero fields of cfg.
func withDefaults(cfg Config) Config {
	d := DefaultConfig()
	if cfg.Python == "" {
		cfg.Python = d.Python
	}
	if cfg.Workers <= 0 {
		cfg.Workers = d.Workers
	}
	cfg.Limits = mergeLimits(d.Limits, &cfg.Limits)
	return cfg
}

// mergeLimits returns base with the non-zero fields of o applied.
func mergeLimits(base Limits, o *Limits) Limits {
	if o == nil {
		return base
	}
	if o.Wall > 0 {
		base.Wall = o.Wall
	}
	if o.CPU > 0 {
		base.CPU = o.CPU
	}
	if o.MemoryMB > 0 {
		base.MemoryMB = o.MemoryMB
	}
	if o.MaxOutputBytes > 0 {
		base.MaxOutputBytes = o.MaxOutputBytes
	}
	return base
}

// Run runs one program and returns its Execution. Program failures are
// statuses, not errors; infrastructure trouble (a server that died or hung,
// a closed pool, a cancelled ctx) comes back as StatusSandboxError. Run
// never panics.
func (p *Pool) Run(ctx context.Context, req Request) (ex schemas.Execution) {
	return p.submit(ctx, req, "run")
}

func (p *Pool) submit(ctx context.Context, req Request, op string) (ex schemas.Execution) {
	defer func() {
		if r := recover(); r != nil {
			ex = sandboxError(fmt.Sprintf("internal error: %v", r))
		}
	}()
	if ctx == nil {
		ctx = context.Background()
	}
	lim := mergeLimits(p.cfg.Limits, req.Limits)
	if dl, ok := ctx.Deadline(); ok {
		if left := time.Until(dl); left < lim.Wall {
			lim.Wall = max(left, 50*time.Millisecond)
		}
	}
	j := &job{ctx: ctx, req: req, op: op, limit: lim, done: make(chan schemas.Execution, 1)}
	select {
	case <-p.closed:
		return sandboxError("pool is closed")
	default:
	}
	select {
	case p.jobs <- j:
	case <-ctx.Done():
		return sandboxError("not started: " + ctx.Err().Error())
	case <-p.closed:
		return sandboxError("pool is closed")
	}
	select {
	case ex := <-j.done:
		return ex
	case <-ctx.Done():
		// The program keeps running until its own limits; its result is dropped.
		return sandboxError("abandoned: " + ctx.Err().Error())
	}
}

func sandboxError(msg string) schemas.Execution {
	return schemas.Execution{Status: schemas.StatusSandboxError, Error: msg}
}

// worker serves jobs on one server, restarting it with backoff when it
// dies or stops answering.
func (p *Pool) worker(idx int, s *server) {
	defer p.wg.Done()
	failures := 0
	var lastErr error
	p.healthy.Add(1)
	lose := func() {
		s.kill()
		s = nil
		p.healthy.Add(-1)
	}
	defer func() {
		if s != nil {
			p.healthy.Add(-1)
		}
	}()
	for {
		if s == nil {
			p.mu.Lock()
			spec := p.spec
			p.mu.Unlock()
			ns, err := startServer(p.ctx, spec)
			if err != nil {
				failures++
				lastErr = err
				if !p.failJobsFor(backoff(failures), lastErr) {
					return
				}
				continue
			}
			failures = 0
			s = ns
			p.healthy.Add(1)
			p.mu.Lock()
			p.servers[idx] = s
			p.restarts++
			p.mu.Unlock()
		}
		select {
		case <-p.closed:
			s.stop(2 * time.Second)
			return
		case <-s.exited:
			// Died between requests (e.g. killed from outside): restart.
			lose()
		case j := <-p.jobs:
			ex, healthy := p.serve(s, j)
			p.count(ex.Status)
			j.done <- ex
			if !healthy {
				lose()
			}
		}
	}
}

// failJobsFor waits d (the restart backoff). While no worker at all has a
// live server it answers jobs with sandbox_error, so callers do not hang;
// otherwise it leaves them to the healthy workers. It returns false when the
// pool was closed.
func (p *Pool) failJobsFor(d time.Duration, err error) bool {
	deadline := time.Now().Add(d)
	for {
		left := time.Until(deadline)
		if left <= 0 {
			return true
		}
		var jobs chan *job // nil: never ready
		if p.healthy.Load() == 0 {
			jobs = p.jobs
		}
		t := time.NewTimer(min(left, 100*time.Millisecond))
		select {
		case <-p.closed:
			t.Stop()
			return false
		case <-t.C:
		case j := <-jobs:
			t.Stop()
			ex := sandboxError(fmt.Sprintf("no sandbox server available: %v", err))
			p.count(ex.Status)
			j.done <- ex
		}
	}
}

func backoff(failures int) time.Duration {
	d := 100 * time.Millisecond << min(failures-1, 7)
	return min(d, 10*time.Second)
}

// serve runs one job on s. healthy=false means s must be replaced.
func (p *Pool) serve(s *server, j *job) (schemas.Execution, bool) {
	if err := j.ctx.Err(); err != nil {
		return sandboxError("not started: " + err.Error()), true
	}
	lim := j.limit
	req := wireRequest{
		Op:      j.op,
		Code:    j.req.Code,
		WallS:   lim.Wall.Seconds(),
		CPUS:    math.Ceil(lim.CPU.Seconds()),
		MemMB:   lim.MemoryMB,
		MaxOut:  lim.MaxOutputBytes,
		Analyze: j.req.Analyze,
	}
	grace := watchdogGrace
	if p.cfg.watchdogGrace > 0 {
		grace = p.cfg.watchdogGrace
	}
	resp, err := s.do(req, lim.Wall+grace)
	if err != nil {
		return sandboxError(err.Error()), false
	}
	ex := resp.Execution
	switch ex.Status {
	case schemas.StatusOK, schemas.StatusError, schemas.StatusTimeout, schemas.StatusMemoryLimit,
		schemas.StatusOutputLimit, schemas.StatusCrashed, schemas.StatusForbidden, schemas.StatusNoSolve,
		schemas.StatusBadResult, schemas.StatusSandboxError:
	default:
		return sandboxError(fmt.Sprintf("server returned unknown status %q", ex.Status)), false
	}
	if ex.Status != schemas.StatusOK {
		ex.Result, ex.Locals = nil, nil
	} else if ex.Result == nil {
		return sandboxError("server returned status ok without a result"), true
	}
	return ex, true
}

func (p *Pool) count(status string) {
	p.mu.Lock()
	p.programs++
	p.byStatus[status]++
	p.mu.Unlock()
}

// Isolation reports the isolation layers that are active, as observed by a
// probe child of the first server.
func (p *Pool) Isolation() Isolation {
	iso := p.isolation
	iso.Namespaces = append([]string(nil), iso.Namespaces...)
	iso.HiddenPaths = append([]string(nil), iso.HiddenPaths...)
	return iso
}

// Stats returns counters of what the pool did so far.
func (p *Pool) Stats() PoolStats {
	p.mu.Lock()
	defer p.mu.Unlock()
	st := PoolStats{Programs: p.programs, Restarts: p.restarts, Servers: p.cfg.Workers, ByStatus: map[string]int64{}}
	for k, v := range p.byStatus {
		st.ByStatus[k] = v
	}
	return st
}

// serverPids returns the pids of the current servers (for tests).
func (p *Pool) serverPids() []int {
	p.mu.Lock()
	defer p.mu.Unlock()
	var pids []int
	for _, s := range p.servers {
		if s != nil && s.alive() {
			pids = append(pids, s.pid)
		}
	}
	return pids
}

// Close stops every server (stdin EOF, then SIGKILL after a grace period)
// and waits for them and their children to exit. Calls after the first are
// no-ops.
func (p *Pool) Close() error {
	p.once.Do(func() {
		close(p.closed)
		p.cancel()
		p.mu.Lock()
		servers := make([]*server, 0, len(p.servers))
		for _, s := range p.servers {
			servers = append(servers, s)
		}
		p.mu.Unlock()
		var wg sync.WaitGroup
		for _, s := range servers {
			wg.Add(1)
			go func(s *server) {
				defer wg.Done()
				s.stop(2 * time.Second)
			}(s)
		}
		wg.Wait()
		p.wg.Wait()
	})
	return nil
}
