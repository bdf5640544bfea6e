// Package extsort sorts and merges (key, value) records that do not fit in
// memory: records are buffered up to a byte budget, written out as sorted
// runs, and the runs are merged as streams (k-way, with a bounded fan-in),
// so memory stays bounded whatever the number of records.
//
// Runs live in a Storage: a small interface over files named by path, with
// a local implementation here (Local) and one over Beam's filesystems
// (local and gs://) in the pipeline's adapters. Records are ordered by key
// bytes, then by value bytes, so the order of a merged stream depends only
// on the multiset of records, never on how they were split into runs.
package extsort

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Storage creates, opens and removes files by path (a local path or a URL
// such as gs://bucket/prefix/name, as the implementation understands).
type Storage interface {
	// Create creates or truncates the file p, creating parent directories
	// as needed.
	Create(ctx context.Context, p string) (io.WriteCloser, error)
	// Open opens the file p for reading.
	Open(ctx context.Context, p string) (io.ReadCloser, error)
	// Remove deletes the file p; removing a missing file is not an error.
	Remove(ctx context.Context, p string) error
}

// Join joins a directory (local path or URL) and a name.
func Join(dir, name string) string {
	if strings.Contains(dir, "://") {
		return strings.TrimSuffix(dir, "/") + "/" + name
	}
	return path.Join(dir, name)
}

// Local is the Storage of the local filesystem.
type Local struct{}

// Create implements Storage.
func (Local) Create(_ context.Context, p string) (io.WriteCloser, error) {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return nil, fmt.Errorf("create directory for %s: %w", p, err)
	}
	return os.Create(p)
}

// Open implements Storage.
func (Local) Open(_ context.Context, p string) (io.ReadCloser, error) {
	return os.Open(p)
}

// Remove implements Storage.
func (Local) Remove(_ context.Context, p string) error {
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}
