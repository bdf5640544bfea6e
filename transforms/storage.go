package transforms

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
)

// beamStorage is the extsort.Storage of Beam's filesystems (local paths,
// gs:// and any registered scheme): what stages use to keep sorted runs
// where every worker reaches them.
type beamStorage struct{}

func (beamStorage) Create(ctx context.Context, p string) (io.WriteCloser, error) {
	f, err := filesystem.New(ctx, p)
	if err != nil {
		return nil, fmt.Errorf("open filesystem for %s: %w", p, err)
	}
	wc, err := f.OpenWrite(ctx, p)
	if err != nil {
		f.Close()
		return nil, err
	}
	return closeBoth{wc, f}, nil
}

func (beamStorage) Open(ctx context.Context, p string) (io.ReadCloser, error) {
	f, err := filesystem.New(ctx, p)
	if err != nil {
		return nil, fmt.Errorf("open filesystem for %s: %w", p, err)
	}
	rc, err := f.OpenRead(ctx, p)
	if err != nil {
		f.Close()
		return nil, err
	}
	return readCloseBoth{rc, f}, nil
}

func (beamStorage) Remove(ctx context.Context, p string) error {
	f, err := filesystem.New(ctx, p)
	if err != nil {
		return fmt.Errorf("open filesystem for %s: %w", p, err)
	}
	defer f.Close()
	rm, ok := f.(filesystem.Remover)
	if !ok {
		return fmt.Errorf("the filesystem of %s cannot remove files", p)
	}
	if err := rm.Remove(ctx, p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

func (beamStorage) list(ctx context.Context, glob string) ([]string, error) {
	f, err := filesystem.New(ctx, glob)
	if err != nil {
		return nil, fmt.Errorf("open filesystem for %s: %w", glob, err)
	}
	defer f.Close()
	return f.List(ctx, glob)
}

type closeBoth struct {
	io.WriteCloser
	fs filesystem.Interface
}

func (c closeBoth) Close() error { return errors.Join(c.WriteCloser.Close(), c.fs.Close()) }

type readCloseBoth struct {
	io.ReadCloser
	fs filesystem.Interface
}

func (c readCloseBoth) Close() error { return errors.Join(c.ReadCloser.Close(), c.fs.Close()) }

// WriteFileAtomic writes data to final (local path or gs://) through a
// temporary file renamed into place, so readers never see a partial file.
func WriteFileAtomic(ctx context.Context, final string, data []byte) error {
	return writeFileAtomic(ctx, final, data)
}
