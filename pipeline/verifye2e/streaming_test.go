package verifye2e

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/fileio"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/arrows-math/arrows/internal/corpus"
	"github.com/arrows-math/arrows/pipeline"
	"github.com/arrows-math/arrows/schemas"
	"github.com/arrows-math/arrows/transforms"
)

// This file is a measuring prototype, not a proposal of code: the verify
// graph rebuilt without its two materialization points on prism (the
// Reshuffle after reading and the GroupByKey of the sharded writer), so
// that the benchmark can show how much of the job's peak RSS they account
// for. Rows are written per bundle, unsorted, to local files named
// part-<random>-of-stream.jsonl.

func init() {
	register.DoFn4x1[context.Context, fileio.FileMetadata, func(schemas.Record), func(schemas.DeadLetter), error](&protoReadFn{})
	register.DoFn3x1[context.Context, schemas.Record, func(string), error](&protoWriteFn{})
	register.DoFn3x1[context.Context, schemas.DeadLetter, func(string), error](&protoWriteDeadFn{})
}

// verifyStreaming builds the prototype graph for cfg.
func verifyStreaming(s beam.Scope, cfg pipeline.VerifyJobConfig) {
	cfg.Verify.Sandbox = cfg.Sandbox
	files := fileio.MatchFiles(s, cfg.Read.Globs[0], fileio.MatchEmptyDisallow())
	records, dead := beam.ParDo2(s, &protoReadFn{Cfg: cfg.Read}, files)
	withProgram, without := transforms.SplitPrograms(s, records)
	executed, rejExec := transforms.Execute(s, cfg.Sandbox, withProgram)
	verifiedProg, rejProg := transforms.Verify(s, cfg.Verify, executed)
	verifiedRef, rejRef := transforms.VerifyReferences(s, cfg.Verify, without)
	accepted := beam.Flatten(s, verifiedProg, verifiedRef)
	rejected := beam.Flatten(s, rejExec, rejProg, rejRef)
	beam.ParDo(s, &protoWriteFn{Dir: filepath.Join(cfg.Out, "accepted")}, accepted)
	beam.ParDo(s, &protoWriteFn{Dir: filepath.Join(cfg.Out, "rejected")}, rejected)
	beam.ParDo(s, &protoWriteDeadFn{Dir: filepath.Join(cfg.Out, "deadletter")}, dead)
	st := transforms.Stats(s, beam.Flatten(s, accepted, rejected))
	transforms.WriteStats(s, cfg.Out, st, dead)
}

// protoReadFn reads whole files like transforms.ReadCorpus, without the
// Reshuffle of the records that follows it there.
type protoReadFn struct {
	Cfg transforms.ReadConfig `json:"cfg"`
}

func (fn *protoReadFn) ProcessElement(ctx context.Context, f fileio.FileMetadata, emit func(schemas.Record), dead func(schemas.DeadLetter)) error {
	fs, err := filesystem.New(ctx, f.Path)
	if err != nil {
		return fmt.Errorf("open filesystem for %s: %w", f.Path, err)
	}
	defer fs.Close()
	rc, err := fs.OpenRead(ctx, f.Path)
	if err != nil {
		return fmt.Errorf("open %s: %w", f.Path, err)
	}
	defer rc.Close()
	r, err := corpus.Decompress(rc, f.Path)
	if err != nil {
		return err
	}
	p := corpus.Parser{Format: corpus.Format(fn.Cfg.Format), Fields: fn.Cfg.Fields, MaxLineBytes: fn.Cfg.MaxLineBytes}
	_, err = corpus.Scan(r, filepath.Base(f.Path), p, func(it corpus.Item) error {
		emit(transforms.ItemRecord(it, fn.Cfg.Pathway))
		return nil
	}, func(dl schemas.DeadLetter) error {
		dead(dl)
		return nil
	})
	return err
}

// bundleFile is a local JSONL file written line by line during one bundle.
type bundleFile struct {
	f *os.File
	w *bufio.Writer
}

func (b *bundleFile) write(dir string, v any) error {
	if b.f == nil {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		var nonce [8]byte
		if _, err := rand.Read(nonce[:]); err != nil {
			return err
		}
		f, err := os.Create(filepath.Join(dir, "part-"+hex.EncodeToString(nonce[:])+"-of-stream.jsonl"))
		if err != nil {
			return err
		}
		b.f, b.w = f, bufio.NewWriterSize(f, 1<<16)
	}
	line, err := json.Marshal(v)
	if err != nil {
		return err
	}
	b.w.Write(line)
	return b.w.WriteByte('\n')
}

func (b *bundleFile) close(emit func(string)) error {
	if b.f == nil {
		return nil
	}
	if err := b.w.Flush(); err != nil {
		return err
	}
	name := b.f.Name()
	err := b.f.Close()
	b.f, b.w = nil, nil
	emit(name)
	return err
}

// protoWriteFn writes records as they arrive, one file per bundle.
type protoWriteFn struct {
	Dir string `json:"dir"`
	out bundleFile
}

func (fn *protoWriteFn) ProcessElement(_ context.Context, rec schemas.Record, _ func(string)) error {
	return fn.out.write(fn.Dir, rec)
}

func (fn *protoWriteFn) FinishBundle(_ context.Context, emit func(string)) error {
	return fn.out.close(emit)
}

// protoWriteDeadFn writes dead letters as they arrive, one file per bundle.
type protoWriteDeadFn struct {
	Dir string `json:"dir"`
	out bundleFile
}

func (fn *protoWriteDeadFn) ProcessElement(_ context.Context, d schemas.DeadLetter, _ func(string)) error {
	return fn.out.write(fn.Dir, d)
}

func (fn *protoWriteDeadFn) FinishBundle(_ context.Context, emit func(string)) error {
	return fn.out.close(emit)
}
