package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/arrows-math/arrows/internal/knowledge"
	"github.com/arrows-math/arrows/internal/sandbox"
)

// execCmd runs Python files in the sandbox. Its flags are generate's
// sandbox flags (--exec-*); the older spellings --timeout, --cpu,
// --memory-mb, --workers and --no-namespaces are still accepted for one
// release (a flag given in both spellings must agree).
func execCmd(fs *flag.FlagSet) func(context.Context, []string) error {
	sb := sandboxFlags(fs)
	var (
		timeout = fs.Duration("timeout", 0, "deprecated spelling of --exec-timeout-ms (a duration, e.g. 10s)")
		cpu     = fs.Duration("cpu", 0, "deprecated spelling of --exec-cpu-ms (a duration, e.g. 5s)")
		mem     = fs.Int("memory-mb", 0, "deprecated spelling of --exec-memory-mb")
		workers = fs.Int("workers", 0, "deprecated spelling of --exec-workers")
		noNS    = fs.Bool("no-namespaces", false, "deprecated spelling of --exec-no-namespaces")
	)
	return func(ctx context.Context, files []string) error {
		if len(files) == 0 {
			return fmt.Errorf("give one or more Python files (each defines solve())")
		}
		for _, f := range files {
			st, err := os.Stat(f)
			if err != nil {
				return fmt.Errorf("program file: %w", err)
			}
			if st.IsDir() {
				return fmt.Errorf("program file %s is a directory", f)
			}
		}
		set := map[string]bool{}
		fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
		c := sb.config()
		if c.Workers == 0 {
			c.Workers = 1 // programs run in the order given; one server unless asked
		}
		for _, alias := range []struct {
			old, new string
			apply    func()
		}{
			{"timeout", "exec-timeout-ms", func() { c.WallMillis = int(timeout.Milliseconds()) }},
			{"cpu", "exec-cpu-ms", func() { c.CPUMillis = int(cpu.Milliseconds()) }},
			{"memory-mb", "exec-memory-mb", func() { c.MemoryMB = *mem }},
			{"workers", "exec-workers", func() { c.Workers = *workers }},
			{"no-namespaces", "exec-no-namespaces", func() { c.NoNamespaces = *noNS }},
		} {
			if !set[alias.old] {
				continue
			}
			if set[alias.new] {
				return fmt.Errorf("--%s and --%s are the same setting: give only --%s", alias.old, alias.new, alias.new)
			}
			alias.apply()
			fmt.Fprintf(os.Stderr, "arrows exec: --%s is deprecated, use --%s\n", alias.old, alias.new)
		}
		if c.WallMillis <= 0 || c.CPUMillis <= 0 || c.MemoryMB <= 0 || c.Workers < 1 {
			return fmt.Errorf("sandbox limits must be positive (--exec-timeout-ms %d, --exec-cpu-ms %d, --exec-memory-mb %d, --exec-workers %d)",
				c.WallMillis, c.CPUMillis, c.MemoryMB, c.Workers)
		}
		startCtx, cancel := context.WithTimeout(ctx, 2*time.Minute)
		defer cancel()
		pool, err := sandbox.NewPool(startCtx, c.Config())
		if err != nil {
			return err
		}
		defer pool.Close()
		fmt.Fprintf(os.Stderr, "sandbox: %v\n", pool.Isolation())
		return sandbox.RunFiles(ctx, pool, files, os.Stdout)
	}
}

func topicsCmd(fs *flag.FlagSet) func(context.Context, []string) error {
	var (
		asJSON  = fs.Bool("json", false, "machine-readable JSON")
		stage   = fs.String("stage", "", "only this stage (primary, middle, high, college, olympiad)")
		subject = fs.String("subject", "", "only this subject (e.g. algebra, number_theory)")
	)
	return func(context.Context, []string) error {
		kb, err := knowledge.Load()
		if err != nil {
			return err
		}
		f := knowledge.Filter{Stage: *stage, Subject: *subject}
		if *asJSON {
			return knowledge.WriteTopicsJSON(os.Stdout, kb, f)
		}
		return knowledge.WriteTopicsTree(os.Stdout, kb, f)
	}
}

func toolkitCmd(fs *flag.FlagSet) func(context.Context, []string) error {
	asJSON := fs.Bool("json", false, "machine-readable JSON")
	return func(context.Context, []string) error {
		kb, err := knowledge.Load()
		if err != nil {
			return err
		}
		return knowledge.WriteToolkit(os.Stdout, kb, *asJSON)
	}
}
