// Package sandbox runs untrusted, LLM-written Python/SymPy programs safely
// and fast, and reports what they returned as schemas.Execution records.
//
// # Model
//
// A Pool owns Config.Workers fork servers. A server is /usr/bin/python3
// running an embedded script (server.py, passed with -c, so the binary needs
// no files on disk). It imports sympy, numpy, fractions, math, itertools and
// decimal once, pre-warms SymPy (solve, nonlinear systems, integrate,
// simplify, factor, limit, series, matrices, number theory, summation,
// printers, ...) and its own program harness on a few trusted programs,
// installs the trusted Config.Modules into sys.modules, freezes its heap
// (gc.freeze) and backs it with huge pages. It then forks one process, the
// zygote, which forks one child per program. Go talks to each server over
// its stdin/stdout with JSON lines. The server parses, analyses and
// compiles each program, hands the code object and the child's pipes to the
// zygote over a socket, watches the pipes and enforces the limits; results
// travel from the child to the server on a separate pipe (fd 3), so a
// program's stdout cannot forge them.
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
//     silently and Isolation says so. After start-up the server clears its
//     own environment and sets RLIMIT_FSIZE=0 and RLIMIT_CORE=0, which the
//     zygote and every child inherit. The zygote dies with the server
//     (parent-death signal, socket EOF, same process group).
//   - Child, in this order: private huge pages for the heap regions its kind
//     of program writes most (see Speed; memory only, no privilege);
//     setsid; stdin from /dev/null, stdout/stderr to capped pipes, results
//     on fd 3, every other fd closed; rlimits (RLIMIT_CPU, RLIMIT_AS = the
//     zygote's size + MemoryMB, NOFILE=32); when root, setgroups([]),
//     uid/gid 65534 and RLIMIT_NPROC=0; parent-death signal; PR_SET_NO_NEW_PRIVS;
//     a Landlock domain when the kernel has it (read-only access to /usr,
//     /lib*, /bin, /sbin, /etc, the interpreter's paths, /dev/null and
//     /dev/urandom, nothing else: no /proc, no writes, exec or TCP; no
//     signals, abstract sockets or ptrace-style access such as
//     /proc/<pid>/environ towards processes outside the sandbox, which
//     keeps the worker's environment closed even where children cannot
//     change uid); then a seccomp filter assembled in Go with
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
//     gives clear classifications and a second line of defence. The
//     Landlock ruleset, the seccomp program, the stream objects and the
//     hook are built once in the server, so a child only makes the system
//     calls.
//   - Server side of each request: a wall-clock deadline (select on the
//     pipes and on the zygote's exit report), output caps, SIGKILL to the
//     child's process group on either, wait4 in the zygote for CPU time and
//     max RSS, a killpg sweep and a reaping loop (no zombies).
//   - Go side: a watchdog per request (wall limit + grace); a server that
//     dies or stops answering is killed with its process group (zygote and
//     children included) and restarted with backoff, and the request
//     returns StatusSandboxError.
//
// Every program runs in a fresh fork of the pre-warmed zygote, so
// monkeypatching (sympy.pi = 3, mpmath.mp.dps, decimal contexts) never
// reaches the next program. Programs start with fixed random seeds
// (random and numpy.random seeded with 0), so a rerun gives the same result.
//
// # Program contract and analysis
//
// A program defines solve() and returns its final answer. The server
// rewrites the top-level def solve so every return also captures solve()'s
// locals (simple values only, names starting with "_" dropped), and the
// child runs the module (with __name__ == "__main__"; if it already called
// solve() itself, that call's result is reused), then calls solve() and
// serializes the result as a schemas.Value. With Request.Analyze the server
// also reports the numeric literals as written, the called functions
// resolved through import aliases ("sympy.solve", "sympy.Matrix.det",
// "numpy.linalg.det"), the calls whose value reaches neither solve()'s
// return value nor an assert (Execution.Unused, from a flow-sensitive
// reaching-definitions analysis of the AST: assignments, mutations, control
// dependences, user functions) and a skeleton hash of the AST with literals
// and names abstracted. The analysis runs in the server before it forks
// (about 0.5 ms of server CPU per program, 0.1 ms of it the data flow),
// resolving names against the modules already loaded (it never loads one)
// with warnings silenced; programs over 256 KiB, and any the server cannot
// parse or compile, are compiled and analysed in the child as before.
//
// Values that are not mathematical are refused with status bad_result and
// their type in Error: None, NaN (float, numpy, Decimal, complex, SymPy nan),
// functions and lambdas, generators, modules, classes, objects whose repr
// shows a memory address or cannot be computed, and containers (tuples,
// lists, sets, dicts, arrays, matrices, intervals) holding any of them, e.g.
// "solve() returned list holding NoneType, which is not a mathematical
// value". Infinity, zoo and booleans are values.
//
// # Status mapping
//
//	ok             solve() returned and its value was serialized
//	error          the program raised ("ExcType: message"), including SyntaxError,
//	               SystemExit, RecursionError and results that cannot be serialized
//	bad_result     solve() returned something that is not a mathematical value
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
//
// # Speed
//
// A child costs what it touches. Measured on the project's machine kind
// (AMD EPYC, Firecracker/PVM guest, Linux 6.18, 2 vCPUs): a copy-on-write
// page fault costs 30-55 µs of CPU, and the first access to any 4 KiB page
// in a new process costs about 6 µs even when it only reads it (the guest's
// page tables are shadowed by the host): reading 4,096 distinct pages took
// a child 25 ms and took the parent 0.7 ms. Python 3.11 writes to every
// object it touches (reference counts, quickened bytecode), so a child pays
// about one fault per page of the server's heap it uses, and fork and exit
// cost in proportion to the pages mapped (about 0.1 ms per MB). The server
// measures the fault cost and the cost of a private huge page at start-up
// (the benchmark prints them, e.g. fault_us=39 collapse_us=382).
//
// Where a child's CPU goes, before (commit e65e127) and after, measured in
// the same run by one A/B driver that alternates the two servers, with
// analysis on as the pipeline requests it; median ms of CPU / page faults
// per phase, load average 8.9-9.8 (other builds on the 2 cores):
//
//	phase                                    trivial before  trivial after  solve before  solve after
//	fork return until the harness runs        15.1 / 283      8.5 / 157      16.7 / 287     8.8 / 156
//	private huge pages (hot regions)             -            2.5 /  28        -            8.2 /  41
//	setsid, descriptors                        2.8 /  56      1.1 /  22       2.8 /  56     1.2 /  22
//	rlimits, uid, parent-death signal,
//	  environment, stdio                       6.4 / 121      4.2 /  81       6.2 / 121     3.7 /  73
//	no_new_privs + Landlock                    4.4 /  73      0.3 /   5       4.4 /  75     0.3 /   5
//	seccomp                                    1.3 /  13      1.2 /  13       1.2 /  12     1.3 /  13
//	audit hook                                 0.6 /  13      0.2 /   4       0.6 /  13     0.2 /   4
//	parse + analysis (now in the server)       8.1 / 160       -             13.2 / 251       -
//	compile (after: unmarshal the code)        2.0 /  37      0.7 /  14       2.6 /  44     1.4 /  27
//	the program (module + solve())             0.1 /   2      1.4 /  26     120.0 /1923    59.0 / 785
//	result + locals serialization              1.7 /  35      1.8 /  38       7.3 / 112     2.4 /  23
//	exit, teardown, rest                      ~7.7           ~5.8            ~9.3          ~10.3
//	child total                               50.0 / 817     27.8 / 441     184.1 /2904    96.8 /1163
//	server (+ zygote) per program             17.8            8.1            18.1          10.3
//
// On the 514 programs of the offline generator (every exemplar and 300
// compositions), alternating old and new servers: child 125.7 -> 81.0 ms,
// server 12.5 -> 8.5 ms, total 138 -> 90 ms of CPU per program (the same
// programs run in-process: 27.7 ms); statuses, results, locals and analysis
// are identical for all 514.
//
// What each change paid (child CPU and faults, trivial program unless
// noted; measured back to back or alternating, so both sides of each
// comparison saw the same load):
//
//   - fork with the C library's fork() (when the server has one thread):
//     CPython's at-fork handlers (threading, random reseeding) touch about
//     100 pages: -95 faults. random and numpy.random are seeded in the
//     server instead.
//   - Landlock ruleset, seccomp program, stdio objects, audit hook and JSON
//     encoder built once in the server; environment, RLIMIT_FSIZE/CORE and
//     the int-digit limit set once in the server: set-up 15.5 ms / 276
//     faults -> 7.0 ms / 125.
//   - parse, analysis and compile in the server: -9 ms (trivial) to -14 ms
//     (solve) of child CPU; output identical on the 514 offline programs.
//   - LD_BIND_NOW in the server's environment: no lazy symbol binding in
//     children (the binder's 13 faults seen in a perf trace of a child).
//   - huge pages for the server's heap (MADV_HUGEPAGE + MADV_COLLAPSE, 46-54
//     MB): fork 5-6 -> 2-4 ms; reads of untouched regions cost children
//     nothing; a child's exit tears down fewer entries.
//   - private huge pages in the child: before running, a child collapses
//     the 2 MiB regions its kind of program (SymPy or not) writes at least
//     collapse_us/fault_us pages in (learned at start-up from trusted
//     programs) into private huge pages, one 2 MiB copy each instead of a
//     fault per page: solve 140 -> 71 ms, integrate 200 -> 110, eigenvals
//     107 -> 62 (back to back, load 16); non-SymPy programs about even.
//   - the zygote: the server no longer forks, so its own work (JSON,
//     compiling, reading pipes) no longer faults on pages each fork
//     write-protected: server 14-20 ms -> 2-3 ms, plus 5 ms in the zygote
//     (its fork and about 90 faults per program).
//   - gc.disable() in the child (after gc.freeze() in the server): no
//     measurable change here (kept: no collection can touch the frozen heap).
//
// Tried and dropped: warming the server with programs like the benchmark's
// (no fewer faults: they are reference-count writes, not first-time work);
// SYMPY_CACHE_SIZE=none (-6% faults, but an unbounded cache per child);
// pre-faulting learned hot pages with MADV_POPULATE_WRITE (cheaper than
// trapped faults, 7 µs a page, but the first-touch cost remains and it
// loses on small programs; collapsing regions wins); pre-forked idle
// children (they move the work off the request's critical path but do not
// remove any CPU, and the benchmark and the pipeline are CPU-bound).
//
// The floor on this machine kind is the fork and exit of a 70 MB process
// (5-6 ms) plus a few hundred pages any Python code touches; on hosts with
// hardware-assisted paging a fault costs about 1 µs, so the same code should
// be several times cheaper there (not measured: no such host was available).
// BenchmarkExecution (make bench) reports programs/s and CPU per program for
// a fresh interpreter per program, the pool and the unsafe in-process loop,
// with the ratios and the machine, kernel and load average.
package sandbox
