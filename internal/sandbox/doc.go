// Package sandbox runs untrusted, LLM-written Python/SymPy programs safely
// and fast, and reports what they returned as schemas.Execution records.
//
// # Model
//
// A Pool owns Config.Workers fork servers. A server is /usr/bin/python3
// running an embedded script (server.py, passed with -c, so the binary needs
// no files on disk). It imports sympy, numpy, fractions, math, itertools and
// decimal once, pre-warms SymPy (solve, integrate, simplify, factor, limit,
// series, Matrix.inv, nsimplify, factorint, summation, apart, latex, N),
// installs the trusted Config.Modules into sys.modules, calls gc.freeze(),
// and then forks one child per program. Go talks to each server over its
// stdin/stdout with JSON lines; results travel from the child to the server
// on a separate pipe (fd 3), so a program's stdout cannot forge them.
//
// # Isolation layers
//
// Outside in (Pool.Isolation reports which are active):
//
//   - Server process: explicit minimal environment (nothing inherited from
//     the Go process, so API keys are not readable), Setpgid, Pdeathsig
//     SIGKILL from a locked OS thread that lives as long as the server
//     (golang/go#27505), exit on stdin EOF. When the kernel allows it, new
//     net, mount, pid, ipc and uts namespaces (plus a user namespace when not
//     root); inside, /proc is remounted and /home, /root, /work, /tmp, /var,
//     ... are covered with empty read-only tmpfs. If namespaces are refused
//     (e.g. under Docker's default seccomp profile) the pool falls back
//     silently and Isolation says so.
//   - Child, in this order: setsid; stdin from /dev/null, stdout/stderr to
//     capped pipes, results on fd 3, every other fd closed; rlimits
//     (RLIMIT_CPU, RLIMIT_AS = the server's size + MemoryMB, FSIZE=0,
//     NOFILE=32, CORE=0); when root, setgroups([]), uid/gid 65534 and
//     RLIMIT_NPROC=0; parent-death signal; empty environment;
//     PR_SET_NO_NEW_PRIVS; a Landlock domain when the kernel has it (read-only
//     access to /usr, /lib*, /bin, /sbin, /etc, the interpreter's paths,
//     /dev/null and /dev/urandom and its own /proc entry, nothing else; no
//     writes, exec or TCP; no signals, abstract sockets or ptrace-style access
//     such as /proc/<pid>/environ towards processes outside the sandbox, which
//     keeps the worker's environment closed even where children cannot change
//     uid); then a seccomp filter assembled in Go with
//     github.com/elastic/go-seccomp-bpf (default allow; EPERM for sockets,
//     exec, fork/vfork/clone without CLONE_THREAD, writable open/openat,
//     creat, unlink/rename/chmod/chown/link/mkdir/rmdir/truncate,
//     kill/tgkill to any other process, ptrace, process_vm_*, prctl,
//     seccomp, setrlimit and raising prlimit, unshare/setns/mount, bpf,
//     io_uring, keyctl, TIOCSTI, ...; ENOSYS for clone3/openat2 so glibc
//     falls back to inspectable calls; foreign ABIs such as i386 int 0x80
//     kill the process); finally a Python audit hook that refuses process,
//     network, file-write, rlimit and ctypes operations and reports each
//     attempt to the server. The kernel layers are the boundary; the hook
//     gives clear classifications and a second line of defence.
//   - Server side of each request: a wall-clock deadline (select on the
//     pipes and a pidfd), output caps, SIGKILL to the child's process group
//     on either, wait4 for CPU time and max RSS, a killpg sweep and a
//     reaping loop (no zombies).
//   - Go side: a watchdog per request (wall limit + grace); a server that
//     dies or stops answering is killed and restarted with backoff, and the
//     request returns StatusSandboxError.
//
// Every program runs in a fresh fork of the pre-warmed server, so
// monkeypatching (sympy.pi = 3, mpmath.mp.dps, decimal contexts) never
// reaches the next program.
//
// # Program contract and analysis
//
// A program defines solve() and returns its final answer. The server
// rewrites the top-level def solve so every return also captures solve()'s
// locals (simple values only, names starting with "_" dropped), runs the
// module (with __name__ == "__main__"; if it already called solve() itself,
// that call's result is reused), then calls solve() and serializes the
// result as a schemas.Value. With Request.Analyze the child also reports the
// numeric literals as written, the called functions resolved through import
// aliases ("sympy.solve", "sympy.Matrix.det", "numpy.linalg.det") and a
// skeleton hash of the AST with literals and names abstracted.
//
// # Status mapping
//
//	ok             solve() returned and its value was serialized
//	error          the program raised ("ExcType: message"), including SyntaxError,
//	               SystemExit, RecursionError and results that cannot be serialized
//	timeout        wall-clock deadline, or the CPU limit (SIGXCPU, or SIGKILL at
//	               the hard limit when SIGXCPU is ignored)
//	memory_limit   MemoryError (the address-space limit), or death after one
//	output_limit   stdout+stderr over MaxOutputBytes, or a result over the cap
//	crashed        killed by another signal, or exited without a result (os._exit)
//	forbidden      any attempt refused by the audit hook (even if the program
//	               caught the PermissionError), an EPERM/EACCES OSError escaping
//	               solve() (a seccomp or permission denial), SIGSYS or SIGXFSZ
//	no_solve       the module ran but defines no callable solve()
//	sandbox_error  infrastructure trouble: a server died or hung, the pool is
//	               closed, or the caller's context ended
package sandbox
