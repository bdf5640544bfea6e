package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// interruptedError is the cause of a run's context when a signal stopped
// the run.
type interruptedError struct{ sig syscall.Signal }

func (e *interruptedError) Error() string { return "interrupted by " + signalName(e.sig) }

// exitCode is the exit status of a run a signal stopped: 128 + the
// signal's number, as shells report it (130 for SIGINT, 143 for SIGTERM).
func (e *interruptedError) exitCode() int { return 128 + int(e.sig) }

func signalName(s syscall.Signal) string {
	switch s {
	case syscall.SIGINT:
		return "SIGINT"
	case syscall.SIGTERM:
		return "SIGTERM"
	}
	return s.String()
}

// interruption is the signal that stopped the run of ctx, nil when none
// did.
func interruption(ctx context.Context) *interruptedError {
	var ie *interruptedError
	if errors.As(context.Cause(ctx), &ie) {
		return ie
	}
	return nil
}

// interruptible returns a context that a SIGINT or SIGTERM cancels, with
// an *interruptedError as its cause: the job is then cancelled, its
// temporary files removed and the manifest marked interrupted, and the
// command exits with the signal's code. A second signal ends the process
// at once (the private temporary directory it then leaves is removed by
// the next run: see removeStaleTempDirs). stop ends the handling.
func interruptible(parent context.Context) (ctx context.Context, stop func()) {
	ctx, cancel := context.WithCancelCause(parent)
	ch := make(chan os.Signal, 2)
	signal.Notify(ch, syscall.SIGINT, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case <-done:
			return
		case s := <-ch:
			cancel(&interruptedError{s.(syscall.Signal)})
		}
		select {
		case <-done:
		case s := <-ch:
			os.Exit(128 + int(s.(syscall.Signal)))
		}
	}()
	return ctx, func() {
		signal.Stop(ch)
		close(done)
		cancel(nil)
	}
}

// tempDirPrefix starts the names of the private temporary directories of
// local runs (see privateTempDir): arrows-run-<pid>-<random>.
const tempDirPrefix = "arrows-run-"

// removeStaleTempDirs removes from dir the private temporary directories
// of arrows processes that are gone (killed: a process that ends by itself
// removes its own), and tells w about each. A directory whose process
// still runs, or whose name carries no process id, is left alone.
func removeStaleTempDirs(w io.Writer, dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		pid, ok := tempDirPID(e.Name())
		if !ok || !e.IsDir() || pid == os.Getpid() || !processGone(pid) {
			continue
		}
		p := filepath.Join(dir, e.Name())
		if err := os.RemoveAll(p); err == nil {
			fmt.Fprintf(w, "removed %s, the temporary directory of an arrows run (pid %d) that did not end by itself\n", p, pid)
		}
	}
}

// tempDirPID is the process id in the name of a private temporary
// directory.
func tempDirPID(name string) (int, bool) {
	rest, ok := strings.CutPrefix(name, tempDirPrefix)
	if !ok {
		return 0, false
	}
	digits, _, ok := strings.Cut(rest, "-")
	if !ok {
		return 0, false
	}
	pid, err := strconv.Atoi(digits)
	return pid, err == nil && pid > 0
}

// processGone reports whether no process pid exists on this machine.
func processGone(pid int) bool {
	return errors.Is(syscall.Kill(pid, 0), syscall.ESRCH)
}

// thisHost is the machine's host name, "" when unknown.
func thisHost() string {
	h, _ := os.Hostname()
	return h
}
