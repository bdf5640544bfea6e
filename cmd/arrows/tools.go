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

func execCmd(fs *flag.FlagSet) func(context.Context, []string) error {
	var (
		timeout = fs.Duration("timeout", sandbox.DefaultLimits().Wall, "wall-clock limit per program")
		cpu     = fs.Duration("cpu", sandbox.DefaultLimits().CPU, "CPU-time limit per program")
		mem     = fs.Int("memory-mb", sandbox.DefaultLimits().MemoryMB, "memory budget per program (MiB)")
		workers = fs.Int("workers", 1, "fork servers in the pool (programs still run in the order given)")
		noNS    = fs.Bool("no-namespaces", false, "do not try Linux namespaces")
	)
	return func(ctx context.Context, files []string) error {
		if len(files) == 0 {
			return fmt.Errorf("give one or more Python files (each defines solve())")
		}
		cfg := sandbox.DefaultConfig()
		cfg.Workers = *workers
		cfg.Limits.Wall = *timeout
		cfg.Limits.CPU = *cpu
		cfg.Limits.MemoryMB = *mem
		cfg.Namespaces = !*noNS
		startCtx, cancel := context.WithTimeout(ctx, 2*time.Minute)
		defer cancel()
		pool, err := sandbox.NewPool(startCtx, cfg)
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
