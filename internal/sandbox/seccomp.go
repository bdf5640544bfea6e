package sandbox

import (
	"encoding/binary"
	"fmt"

	seccomp "github.com/elastic/go-seccomp-bpf"
	"github.com/elastic/go-seccomp-bpf/arch"
	"golang.org/x/net/bpf"
	"golang.org/x/sys/unix"
)

// pidPlaceholder stands for the child's own pid in the assembled filter: the
// child patches these constants (at filter.pidOffsets) before loading it, so
// kill/tgkill are allowed only towards itself.
const pidPlaceholder = 0x7ffe5eed

// filter is an assembled seccomp program in the kernel's sock_filter layout.
type filter struct {
	// raw holds 8-byte sock_filter records in native byte order.
	raw []byte
	// pidOffsets are byte offsets of 32-bit constants to replace with the pid.
	pidOffsets []int
	// instructions is the program length.
	instructions int
}

// deniedSyscalls fail with EPERM unconditionally. Names missing on the
// running architecture are skipped (e.g. open/fork on arm64).
var deniedSyscalls = []string{
	// other processes
	"tkill", "pidfd_send_signal", "pidfd_open", "pidfd_getfd", "ptrace",
	"process_vm_readv", "process_vm_writev", "process_madvise", "kcmp",
	// new processes and programs
	"fork", "vfork", "execve", "execveat",
	// network and local IPC
	"socket", "socketpair", "connect", "bind", "listen", "accept", "accept4",
	"mq_open", "mq_unlink", "shmget", "shmat", "msgget", "semget",
	// file-system changes
	"creat", "unlink", "unlinkat", "rename", "renameat", "renameat2",
	"chmod", "fchmod", "fchmodat", "fchmodat2", "chown", "fchown", "lchown", "fchownat",
	"link", "linkat", "symlink", "symlinkat", "mkdir", "mkdirat", "rmdir",
	"truncate", "ftruncate", "mknod", "mknodat", "utime", "utimes", "utimensat", "futimesat",
	"setxattr", "lsetxattr", "fsetxattr", "removexattr", "lremovexattr", "fremovexattr",
	"memfd_create", "memfd_secret", "name_to_handle_at", "open_by_handle_at", "fanotify_init",
	// privileges, limits and the sandbox itself
	"prctl", "seccomp", "setrlimit", "unshare", "setns", "mount", "umount2", "pivot_root", "chroot",
	"fsopen", "fsconfig", "fsmount", "fspick", "move_mount", "open_tree", "mount_setattr",
	"bpf", "perf_event_open", "userfaultfd", "io_uring_setup", "io_uring_enter", "io_uring_register",
	"keyctl", "add_key", "request_key", "personality", "quotactl", "acct", "syslog",
	"init_module", "finit_module", "delete_module", "kexec_load", "kexec_file_load", "reboot",
	"swapon", "swapoff", "iopl", "ioperm", "vhangup", "lookup_dcookie",
	"settimeofday", "clock_settime", "clock_adjtime", "adjtimex", "sethostname", "setdomainname",
	"landlock_create_ruleset", "landlock_add_rule", "landlock_restrict_self",
}

// enosysSyscalls fail with ENOSYS so glibc falls back to the older calls the
// filter can inspect (clone3's flags live in memory, out of BPF's reach).
var enosysSyscalls = []string{"clone3", "openat2"}

// buildFilter assembles the child's seccomp policy for the running
// architecture. The default action is allow; the deny list covers process
// creation, exec, sockets, writable opens, file-system changes, signals to
// other processes, tracing, limits, namespaces and kernel interfaces that
// can escape a seccomp filter (io_uring). Foreign ABIs (i386 on x86-64) kill
// the process.
func buildFilter() (*filter, error) {
	info, err := arch.GetInfo("")
	if err != nil {
		return nil, fmt.Errorf("seccomp arch: %w", err)
	}
	has := func(name string) bool { _, ok := info.SyscallNames[name]; return ok }
	existing := func(names []string) []string {
		var out []string
		for _, n := range names {
			if has(n) {
				out = append(out, n)
			}
		}
		return out
	}
	cond := func(name string, conds ...seccomp.Condition) []seccomp.NameWithConditions {
		if !has(name) {
			return nil
		}
		return []seccomp.NameWithConditions{{Name: name, Conditions: conds}}
	}
	eq := func(arg uint32, v uint64) seccomp.Condition {
		return seccomp.Condition{Argument: arg, Operation: seccomp.Equal, Value: v}
	}
	const writeFlags = unix.O_WRONLY | unix.O_RDWR | unix.O_CREAT | unix.O_TRUNC | unix.O_APPEND

	// Group 1: signals to itself are fine (raise(), os.kill(os.getpid(), ...)).
	var allowSelf []seccomp.NameWithConditions
	allowSelf = append(allowSelf, cond("kill", eq(0, pidPlaceholder))...)
	allowSelf = append(allowSelf, cond("kill", eq(0, 0))...)
	allowSelf = append(allowSelf, cond("tgkill", eq(0, pidPlaceholder))...)
	allowSelf = append(allowSelf, cond("rt_sigqueueinfo", eq(0, pidPlaceholder))...)
	allowSelf = append(allowSelf, cond("rt_tgsigqueueinfo", eq(0, pidPlaceholder))...)

	// Group 3: argument-dependent denials.
	var denyIf []seccomp.NameWithConditions
	denyIf = append(denyIf, cond("clone", seccomp.Condition{Argument: 0, Operation: seccomp.BitsNotSet, Value: unix.CLONE_THREAD})...)
	denyIf = append(denyIf, cond("open", seccomp.Condition{Argument: 1, Operation: seccomp.BitsSet, Value: writeFlags})...)
	denyIf = append(denyIf, cond("openat", seccomp.Condition{Argument: 2, Operation: seccomp.BitsSet, Value: writeFlags})...)
	denyIf = append(denyIf, cond("prlimit64", seccomp.Condition{Argument: 2, Operation: seccomp.NotEqual, Value: 0})...)
	denyIf = append(denyIf, cond("ioctl", eq(1, unix.TIOCSTI))...)
	denyIf = append(denyIf, cond("ioctl", eq(1, unix.TIOCLINUX))...)

	policy := seccomp.Policy{
		DefaultAction: seccomp.ActionAllow,
		Syscalls: []seccomp.SyscallGroup{
			{Action: seccomp.ActionAllow, NamesWithCondtions: allowSelf},
			{Action: seccomp.ActionErrno | seccomp.Action(unix.ENOSYS), Names: existing(enosysSyscalls)},
			{Action: seccomp.ActionErrno, NamesWithCondtions: denyIf},
			{Action: seccomp.ActionErrno, Names: existing(append([]string{"kill", "tgkill", "rt_sigqueueinfo", "rt_tgsigqueueinfo"}, deniedSyscalls...))},
		},
	}
	body, err := policy.Assemble()
	if err != nil {
		return nil, fmt.Errorf("assemble seccomp policy: %w", err)
	}
	// The library sends foreign architectures to its final "default action"
	// (allow); an i386 int 0x80 would bypass every rule. Kill those first.
	prog := append([]bpf.Instruction{
		bpf.LoadAbsolute{Off: 4, Size: 4},
		bpf.JumpIf{Cond: bpf.JumpEqual, Val: uint32(info.ID), SkipTrue: 1},
		bpf.RetConstant{Val: uint32(seccomp.ActionKillProcess)},
	}, body...)
	raws, err := bpf.Assemble(prog)
	if err != nil {
		return nil, fmt.Errorf("assemble bpf: %w", err)
	}
	if len(raws) > 4096 {
		return nil, fmt.Errorf("seccomp program too long: %d instructions", len(raws))
	}
	f := &filter{raw: make([]byte, 0, 8*len(raws)), instructions: len(raws)}
	var rec [8]byte
	for i, r := range raws {
		binary.NativeEndian.PutUint16(rec[0:2], r.Op)
		rec[2], rec[3] = r.Jt, r.Jf
		binary.NativeEndian.PutUint32(rec[4:8], r.K)
		f.raw = append(f.raw, rec[:]...)
		// Only comparisons carry the placeholder (loads use small offsets).
		if r.K == pidPlaceholder && r.Op&0x07 == unix.BPF_JMP {
			f.pidOffsets = append(f.pidOffsets, 8*i+4)
		}
	}
	if len(f.pidOffsets) == 0 {
		return nil, fmt.Errorf("seccomp program lost its pid checks")
	}
	return f, nil
}
