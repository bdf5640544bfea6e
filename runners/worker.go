package runners

import (
	"context"
	"fmt"
	"os"
	"time"
)

// parentPollInterval is how often a worker process checks its parent.
const parentPollInterval = time.Second

// ExitWithParent ends a worker process when the process that started it
// (Beam's boot program in PROCESS and container environments) is gone.
// A runner that kills the environment process kills boot, not boot's
// child; without this the worker, its Python sandbox servers and their
// pipes would live on as orphans. Reparenting is detected by polling
// getppid: portable, and free of Pdeathsig's thread pitfall
// (golang/go#27505).
func ExitWithParent(ctx context.Context) {
	parent := os.Getppid()
	go func() {
		t := time.NewTicker(parentPollInterval)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if p := os.Getppid(); p != parent {
					fmt.Fprintf(os.Stderr, "arrows worker: parent process %d exited (now %d): stopping\n", parent, p)
					os.Exit(1)
				}
			}
		}
	}()
}
