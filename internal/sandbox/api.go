package sandbox

import (
	"fmt"
	"runtime"
	"strings"
	"time"
)

// Limits bound one program run. Zero fields mean "use the pool default".
type Limits struct {
	// Wall is the wall-clock deadline of one program.
	Wall time.Duration
	// CPU is the CPU-time limit (RLIMIT_CPU, rounded up to whole seconds).
	CPU time.Duration
	// MemoryMB is the address-space budget on top of the server's own size.
	MemoryMB int
	// MaxOutputBytes caps stdout+stderr and, separately, the serialized result.
	MaxOutputBytes int
}

// DefaultLimits returns 10 s wall, 5 s CPU, 1024 MB, 1 MiB of output.
func DefaultLimits() Limits {
	return Limits{Wall: 10 * time.Second, CPU: 5 * time.Second, MemoryMB: 1024, MaxOutputBytes: 1 << 20}
}

// Config configures a Pool.
type Config struct {
	// Python is the interpreter; default "/usr/bin/python3".
	Python string
	// Workers is the number of fork servers; default runtime.NumCPU().
	Workers int
	// Limits are the default limits of every request.
	Limits Limits
	// Modules are extra trusted Python modules (name -> source) installed into
	// sys.modules of every server before it forks, so programs can import them.
	Modules map[string]string
	// Namespaces asks for new net/pid/mount/ipc/uts namespaces for the servers;
	// when the kernel refuses, the pool falls back silently (see Isolation).
	Namespaces bool
	// Seccomp loads the syscall filter in every child.
	Seccomp bool
	// DropPrivileges makes children of a root server drop to uid/gid 65534
	// with RLIMIT_NPROC=0.
	DropPrivileges bool

	// unsafeInproc lets the benchmark run programs inside the server process
	// (no fork, no isolation) to measure the ceiling. Never set in production.
	unsafeInproc bool
	// noAuditHook turns the Python audit hook off so tests can check that
	// the kernel layers (seccomp, uid, rlimits) contain programs on their own.
	noAuditHook bool
	// noLandlock turns Landlock off (tests: control runs).
	noLandlock bool
	// watchdogGrace overrides the default grace added to a request's wall
	// limit before the server is declared hung (tests).
	watchdogGrace time.Duration
}

// DefaultConfig returns the configuration with every isolation layer on.
func DefaultConfig() Config {
	return Config{
		Python:         "/usr/bin/python3",
		Workers:        runtime.NumCPU(),
		Limits:         DefaultLimits(),
		Namespaces:     true,
		Seccomp:        true,
		DropPrivileges: true,
	}
}

// Request is one program to run.
type Request struct {
	// Code is the program source. Contract: it defines solve() returning the final answer.
	Code string
	// Limits optionally overrides the pool's limits (zero fields keep the default).
	Limits *Limits
	// Analyze also fills Literals, Calls, Unused and Skeleton of the Execution.
	Analyze bool
}

// Isolation reports which isolation layers are active.
type Isolation struct {
	// Namespaces lists the namespaces the servers run in ("net", "mount", "pid", "ipc", "uts", "user").
	Namespaces []string
	// PrivateProc reports that /proc was remounted inside the pid namespace.
	PrivateProc bool
	// HiddenPaths are directories covered by empty read-only mounts in the
	// servers' mount namespace (e.g. /home, /root, /tmp).
	HiddenPaths []string
	// Seccomp reports that children load the syscall filter.
	Seccomp bool
	// Landlock reports that children run under a Landlock domain (kernel
	// >= 5.13, ABI LandlockABI): read-only access to the system directories
	// and nothing else, no writes, no exec, no TCP, and no ptrace-style access
	// (e.g. /proc/<pid>/environ) to processes outside the sandbox.
	Landlock bool
	// LandlockABI is the kernel's Landlock ABI version (0: unsupported).
	LandlockABI int
	// DroppedPrivileges reports that children run as uid/gid 65534 with RLIMIT_NPROC=0.
	DroppedPrivileges bool
	// Rlimits reports that CPU, address-space, file-size, fd and core limits are set.
	Rlimits bool
	// AuditHook reports that children run with the Python audit hook that refuses
	// process, network, file-write and ctypes operations.
	AuditHook bool
}

// String renders the layers for logs, e.g. "namespaces=net,mount,pid seccomp=on ...".
func (i Isolation) String() string {
	ns := "none"
	if len(i.Namespaces) > 0 {
		ns = strings.Join(i.Namespaces, ",")
	}
	onoff := func(b bool) string {
		if b {
			return "on"
		}
		return "off"
	}
	hidden := "none"
	if len(i.HiddenPaths) > 0 {
		hidden = strings.Join(i.HiddenPaths, ",")
	}
	landlock := "off"
	if i.Landlock {
		landlock = fmt.Sprintf("abi%d", i.LandlockABI)
	}
	return fmt.Sprintf("namespaces=%s private_proc=%s hidden=%s seccomp=%s landlock=%s drop_privileges=%s rlimits=%s audit_hook=%s",
		ns, onoff(i.PrivateProc), hidden, onoff(i.Seccomp), landlock, onoff(i.DroppedPrivileges), onoff(i.Rlimits), onoff(i.AuditHook))
}

// PoolStats counts what a pool did.
type PoolStats struct {
	// Programs is the number of programs run (all statuses).
	Programs int64
	// Restarts is the number of server restarts after a crash or a hang.
	Restarts int64
	// ByStatus counts programs per Execution status.
	ByStatus map[string]int64
	// Servers is the number of configured servers.
	Servers int
}
