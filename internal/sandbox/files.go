package sandbox

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sync"

	"github.com/arrows-math/arrows/schemas"
)

// FileResult is one line written by RunFiles: the file name followed by the
// fields of its Execution.
type FileResult struct {
	File string `json:"file"`
	schemas.Execution
}

// RunFiles runs the programs in paths on pool (with analysis on) and writes
// one JSON line per file to w, in the order of paths. Programs run
// concurrently on the pool's servers. A file that cannot be read yields a
// line with status sandbox_error; RunFiles returns an error only when w fails
// or ctx is cancelled.
func RunFiles(ctx context.Context, pool *Pool, paths []string, w io.Writer) error {
	results := make([]chan schemas.Execution, len(paths))
	sem := make(chan struct{}, max(1, pool.cfg.Workers))
	var wg sync.WaitGroup
	for i, path := range paths {
		results[i] = make(chan schemas.Execution, 1)
		wg.Add(1)
		go func(i int, path string) {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				results[i] <- schemas.Execution{Status: schemas.StatusSandboxError, Error: ctx.Err().Error()}
				return
			}
			defer func() { <-sem }()
			src, err := os.ReadFile(path)
			if err != nil {
				results[i] <- schemas.Execution{Status: schemas.StatusSandboxError, Error: fmt.Sprintf("read program: %v", err)}
				return
			}
			results[i] <- pool.Run(ctx, Request{Code: string(src), Analyze: true})
		}(i, path)
	}
	defer wg.Wait()
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for i, path := range paths {
		ex := <-results[i]
		if err := enc.Encode(FileResult{File: path, Execution: ex}); err != nil {
			return fmt.Errorf("write result of %s: %w", path, err)
		}
	}
	return ctx.Err()
}
