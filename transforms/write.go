package transforms

import (
	"bufio"
	"container/heap"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"path"
	"sort"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/log"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/arrows-math/arrows/schemas"
)

func init() {
	register.DoFn3x1[context.Context, schemas.Record, func(int, string), error](&shardKeyFn{})
	register.DoFn3x1[context.Context, schemas.DeadLetter, func(int, string), error](&deadLetterKeyFn{})
	register.Emitter2[int, string]()
	register.DoFn2x0[[]byte, func(int, string)](&shardMarkersFn{})
	register.DoFn4x1[context.Context, int, string, func(int, string), error](&writeRunsFn{})
	register.DoFn4x1[context.Context, int, func(*string) bool, func(string), error](&mergeShardFn{})
	register.DoFn3x1[context.Context, string, func(string), error](&removeRunsFn{})
	register.Iter1[string]()
	register.Emitter1[string]()
}

// DefaultSpillBytes is how many bytes of encoded rows one writer holds in
// memory before it writes them out as sorted runs (see WriteRecords).
const DefaultSpillBytes = 16 << 20

// maxMergeFanIn is the largest number of runs merged in one pass; a shard
// with more runs is merged in several passes through intermediate runs.
const maxMergeFanIn = 128

// runPrefix starts the names of the sorted runs of a shard (followed by the
// shard's file name and a nonce). It matches none of the globs readers use
// for outputs (*.jsonl, part-*), nor the temporary files of
// writeFileAtomic (.tmp-<name>.*).
const runPrefix = ".tmp-run-"

// ShardName is the file name of shard i of n.
func shardName(i, n int) string {
	return fmt.Sprintf("part-%05d-of-%05d.jsonl", i, n)
}

// JoinPath joins an output directory (local path or gs:// URL) and a name.
func JoinPath(dir, name string) string {
	if strings.Contains(dir, "://") {
		return strings.TrimSuffix(dir, "/") + "/" + name
	}
	return path.Join(dir, name)
}

// WriteRecords writes the records of all cols as JSON lines into dir in n
// shards named part-SSSSS-of-NNNNN.jsonl, and returns the shard paths. A
// record's shard is a hash of its id, and lines within a shard are sorted,
// so the same records always give the same bytes whatever the runner,
// bundling or retries.
//
// No step holds more than a bounded part of the rows in memory, on any
// runner: each writer (one per input collection, fused with the stage
// that produces it) sorts at most spillBytes of rows at a time and writes
// them out as sorted runs (.tmp-run-<shard name>.<nonce>, beside the
// shards), and only the run names cross the GroupByKey by shard, where
// each shard's runs are merged as streams (an external merge sort). The
// merged shard is written to a unique temporary name and renamed into
// place, so readers never see partial files and a retried bundle
// overwrites its own shard instead of duplicating rows; the runs are
// removed once the shards are committed. Every shard file is written,
// possibly empty.
func WriteRecords(s beam.Scope, dir string, shards int, cols ...beam.PCollection) beam.PCollection {
	return WriteRecordsSpilling(s, dir, shards, DefaultSpillBytes, cols...)
}

// WriteRecordsSpilling is WriteRecords with the in-memory bound of each
// writer set to spillBytes (<= 0: DefaultSpillBytes).
func WriteRecordsSpilling(s beam.Scope, dir string, shards, spillBytes int, cols ...beam.PCollection) beam.PCollection {
	s = s.Scope("Write")
	keyed := make([]beam.PCollection, len(cols))
	for i, c := range cols {
		keyed[i] = beam.ParDo(s, &shardKeyFn{Shards: shards}, c)
	}
	return writeKeyed(s, dir, shards, spillBytes, keyed)
}

// WriteDeadLetters writes dead letters like WriteRecords.
func WriteDeadLetters(s beam.Scope, dir string, shards int, dls beam.PCollection) beam.PCollection {
	return WriteDeadLettersSpilling(s, dir, shards, DefaultSpillBytes, dls)
}

// WriteDeadLettersSpilling is WriteDeadLetters with the in-memory bound of
// the writer set to spillBytes (<= 0: DefaultSpillBytes).
func WriteDeadLettersSpilling(s beam.Scope, dir string, shards, spillBytes int, dls beam.PCollection) beam.PCollection {
	s = s.Scope("WriteDeadLetters")
	keyed := beam.ParDo(s, &deadLetterKeyFn{Shards: shards}, dls)
	return writeKeyed(s, dir, shards, spillBytes, []beam.PCollection{keyed})
}

// writeKeyed writes KV<shard, line> collections: sorted runs per bundle,
// run names grouped by shard (with an empty marker per shard so that every
// shard is written), one merge per shard, then, after the merged shards
// are committed (Reshuffle), removal of the runs.
func writeKeyed(s beam.Scope, dir string, shards, spillBytes int, keyed []beam.PCollection) beam.PCollection {
	if spillBytes <= 0 {
		spillBytes = DefaultSpillBytes
	}
	runs := []beam.PCollection{beam.ParDo(s, &shardMarkersFn{Shards: shards}, beam.Impulse(s))}
	for _, k := range keyed {
		runs = append(runs, beam.ParDo(s, &writeRunsFn{Dir: dir, Shards: shards, SpillBytes: spillBytes}, k))
	}
	grouped := beam.GroupByKey(s, beam.Flatten(s, runs...))
	written := beam.ParDo(s, &mergeShardFn{Dir: dir, Shards: shards}, grouped)
	return beam.ParDo(s, &removeRunsFn{}, beam.Reshuffle(s, written))
}

func shardOf(id string, shards int) int {
	h := fnv.New32a()
	h.Write([]byte(id))
	return int(h.Sum32() % uint32(shards))
}

type shardKeyFn struct {
	Shards int `json:"shards"`
}

func (fn *shardKeyFn) ProcessElement(ctx context.Context, rec schemas.Record, emit func(int, string)) error {
	b, err := json.Marshal(rec)
	if err != nil {
		return fmt.Errorf("encode record %s: %w", rec.ID, err)
	}
	emit(shardOf(rec.ID, fn.Shards), string(b))
	return nil
}

type deadLetterKeyFn struct {
	Shards int `json:"shards"`
}

func (fn *deadLetterKeyFn) ProcessElement(ctx context.Context, d schemas.DeadLetter, emit func(int, string)) error {
	b, err := json.Marshal(d)
	if err != nil {
		return fmt.Errorf("encode dead letter: %w", err)
	}
	emit(shardOf(fmt.Sprintf("%s:%d", d.Origin.File, d.Origin.Line), fn.Shards), string(b))
	return nil
}

// shardMarkersFn emits one empty marker per shard so that every shard file
// is written even when no record hashes to it.
type shardMarkersFn struct {
	Shards int `json:"shards"`
}

func (fn *shardMarkersFn) ProcessElement(_ []byte, emit func(int, string)) {
	for i := 0; i < fn.Shards; i++ {
		emit(i, "")
	}
}

// writeRunsFn buffers the lines of a bundle per shard and, whenever they
// reach SpillBytes and at the end of the bundle, writes each shard's lines
// sorted to a new run file and emits (shard, run path). Only runs named
// by committed bundles are merged, so the runs of a failed attempt are
// never read (removeRunsFn deletes them with the others).
type writeRunsFn struct {
	Dir        string `json:"dir"`
	Shards     int    `json:"shards"`
	SpillBytes int    `json:"spill_bytes"`

	lines map[int][]string
	size  int
}

func (fn *writeRunsFn) StartBundle(_ context.Context, _ func(int, string)) {
	fn.lines, fn.size = map[int][]string{}, 0
}

func (fn *writeRunsFn) ProcessElement(ctx context.Context, shard int, line string, emit func(int, string)) error {
	fn.lines[shard] = append(fn.lines[shard], line)
	fn.size += len(line) + 16 // the string header
	if fn.size < fn.SpillBytes {
		return nil
	}
	return fn.spill(ctx, emit)
}

func (fn *writeRunsFn) FinishBundle(ctx context.Context, emit func(int, string)) error {
	return fn.spill(ctx, emit)
}

func (fn *writeRunsFn) spill(ctx context.Context, emit func(int, string)) error {
	if len(fn.lines) == 0 {
		return nil
	}
	fs, err := filesystem.New(ctx, fn.Dir)
	if err != nil {
		return fmt.Errorf("open filesystem for %s: %w", fn.Dir, err)
	}
	defer fs.Close()
	shards := make([]int, 0, len(fn.lines))
	for sh := range fn.lines {
		shards = append(shards, sh)
	}
	sort.Ints(shards)
	for _, sh := range shards {
		lines := fn.lines[sh]
		sort.Strings(lines)
		run, err := newRunName(fn.Dir, shardName(sh, fn.Shards))
		if err != nil {
			return err
		}
		if err := writeStream(ctx, fs, run, func(w *bufio.Writer) error {
			for _, l := range lines {
				w.WriteString(l)
				if err := w.WriteByte('\n'); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			return fmt.Errorf("write sorted run %s: %w", run, err)
		}
		count(ctx, "write_runs")
		emit(sh, run)
	}
	fn.lines, fn.size = map[int][]string{}, 0
	return nil
}

// newRunName is a fresh run path for the shard file name in dir.
func newRunName(dir, name string) (string, error) {
	nonce, err := newNonce()
	if err != nil {
		return "", err
	}
	return JoinPath(dir, runPrefix+name+"."+nonce), nil
}

func newNonce() (string, error) {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("temp name: %w", err)
	}
	return hex.EncodeToString(b[:]), nil
}

// mergeShardFn merges the sorted runs of one shard into the shard file,
// written atomically (writeFileAtomic's temporary name, then rename). It
// reads the runs as streams, at most maxMergeFanIn at once (more are first
// merged into intermediate runs), so it holds a bounded amount of data
// whatever the size of the shard. It leaves the runs in place: a retry of
// this bundle must find them (removeRunsFn deletes them later).
type mergeShardFn struct {
	Dir    string `json:"dir"`
	Shards int    `json:"shards"`
}

func (fn *mergeShardFn) ProcessElement(ctx context.Context, shard int, names func(*string) bool, emit func(string)) error {
	var runs []string
	var name string
	for names(&name) {
		if name != "" {
			runs = append(runs, name)
		}
	}
	sort.Strings(runs)
	fs, err := filesystem.New(ctx, fn.Dir)
	if err != nil {
		return fmt.Errorf("open filesystem for %s: %w", fn.Dir, err)
	}
	defer fs.Close()
	file := shardName(shard, fn.Shards)
	for len(runs) > maxMergeFanIn {
		var next []string
		for i := 0; i < len(runs); i += maxMergeFanIn {
			part := runs[i:min(i+maxMergeFanIn, len(runs))]
			run, err := newRunName(fn.Dir, file)
			if err != nil {
				return err
			}
			if err := writeStream(ctx, fs, run, func(w *bufio.Writer) error { return mergeRuns(ctx, fs, part, w) }); err != nil {
				return fmt.Errorf("merge runs of %s: %w", file, err)
			}
			next = append(next, run)
		}
		runs = next
	}
	final := JoinPath(fn.Dir, file)
	if err := writeAtomic(ctx, fs, final, func(w *bufio.Writer) error { return mergeRuns(ctx, fs, runs, w) }); err != nil {
		return err
	}
	log.Debugf(ctx, "merged %d runs into %s", len(runs), final)
	emit(final)
	return nil
}

// mergeRuns writes the lines of the sorted runs to w in sorted order.
func mergeRuns(ctx context.Context, fs filesystem.Interface, runs []string, w *bufio.Writer) error {
	h := &runHeap{}
	for _, r := range runs {
		rc, err := fs.OpenRead(ctx, r)
		if err != nil {
			return fmt.Errorf("open run %s: %w", r, err)
		}
		defer rc.Close()
		c := &runCursor{name: r, r: bufio.NewReaderSize(rc, 64<<10)}
		ok, err := c.next()
		if err != nil {
			return err
		}
		if ok {
			heap.Push(h, c)
		}
	}
	for h.Len() > 0 {
		c := (*h)[0]
		w.WriteString(c.line)
		if err := w.WriteByte('\n'); err != nil {
			return err
		}
		ok, err := c.next()
		if err != nil {
			return err
		}
		if ok {
			heap.Fix(h, 0)
		} else {
			heap.Pop(h)
		}
	}
	return nil
}

// runCursor is the current line of an open run.
type runCursor struct {
	name string
	r    *bufio.Reader
	line string
}

func (c *runCursor) next() (bool, error) {
	l, err := c.r.ReadString('\n')
	switch {
	case err == nil:
		c.line = l[:len(l)-1]
		return true, nil
	case errors.Is(err, io.EOF):
		if l != "" {
			return false, fmt.Errorf("run %s: last line has no newline", c.name)
		}
		return false, nil
	default:
		return false, fmt.Errorf("read run %s: %w", c.name, err)
	}
}

// runHeap orders run cursors by their current line.
type runHeap []*runCursor

func (h runHeap) Len() int           { return len(h) }
func (h runHeap) Less(i, j int) bool { return h[i].line < h[j].line }
func (h runHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *runHeap) Push(x any)        { *h = append(*h, x.(*runCursor)) }
func (h *runHeap) Pop() any {
	old := *h
	c := old[len(old)-1]
	*h = old[:len(old)-1]
	return c
}

// removeRunsFn deletes the runs of a committed shard (all of them,
// including those of failed attempts and intermediate merges) and passes
// the shard path on.
type removeRunsFn struct{}

func (fn *removeRunsFn) ProcessElement(ctx context.Context, final string, emit func(string)) error {
	dir, name := splitPath(final)
	fs, err := filesystem.New(ctx, final)
	if err != nil {
		return fmt.Errorf("open filesystem for %s: %w", final, err)
	}
	defer fs.Close()
	runs, err := fs.List(ctx, JoinPath(dir, runPrefix+name+".*"))
	if err != nil {
		return fmt.Errorf("list runs of %s: %w", final, err)
	}
	if rm, ok := fs.(filesystem.Remover); ok {
		for _, r := range runs {
			if err := rm.Remove(ctx, r); err != nil {
				log.Warnf(ctx, "remove sorted run %s: %v", r, err)
			}
		}
	}
	emit(final)
	return nil
}

// writeFileAtomic writes data to a unique temporary file beside final and
// renames it into place (local files, gs:// and any Beam filesystem). The
// temporary name, .tmp-<name>.<nonce>, matches none of the globs readers use
// for outputs (*.jsonl, part-*), and after the rename any temporary files an
// earlier, failed attempt left for the same final name are removed, so a
// retried bundle neither duplicates rows nor leaves a second copy behind.
func writeFileAtomic(ctx context.Context, final string, data []byte) error {
	fs, err := filesystem.New(ctx, final)
	if err != nil {
		return fmt.Errorf("open filesystem for %s: %w", final, err)
	}
	defer fs.Close()
	return writeAtomic(ctx, fs, final, func(w *bufio.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// writeAtomic is writeFileAtomic with the content streamed by fill.
func writeAtomic(ctx context.Context, fs filesystem.Interface, final string, fill func(*bufio.Writer) error) error {
	nonce, err := newNonce()
	if err != nil {
		return err
	}
	dir, name := splitPath(final)
	tmp := JoinPath(dir, ".tmp-"+name+"."+nonce)
	if err := writeStream(ctx, fs, tmp, fill); err != nil {
		return fmt.Errorf("write %s: %w", tmp, err)
	}
	if err := filesystem.Rename(ctx, fs, tmp, final); err != nil {
		return fmt.Errorf("rename %s to %s: %w", tmp, final, err)
	}
	// Best effort: a leftover only costs space, readers never match it.
	if stale, err := fs.List(ctx, JoinPath(dir, ".tmp-"+name+".*")); err == nil {
		if rm, ok := fs.(filesystem.Remover); ok {
			for _, f := range stale {
				if err := rm.Remove(ctx, f); err != nil {
					log.Warnf(ctx, "remove stale temporary file %s: %v", f, err)
				}
			}
		}
	}
	return nil
}

// writeStream creates (or replaces) the file p with what fill writes
// through a buffered writer.
func writeStream(ctx context.Context, fs filesystem.Interface, p string, fill func(*bufio.Writer) error) error {
	wc, err := fs.OpenWrite(ctx, p)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(wc, 1<<20)
	if err := fill(w); err != nil {
		wc.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		wc.Close()
		return err
	}
	return wc.Close()
}

func splitPath(p string) (dir, name string) {
	i := strings.LastIndex(p, "/")
	if i < 0 {
		return ".", p
	}
	return p[:i], p[i+1:]
}
