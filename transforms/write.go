package transforms

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash/fnv"
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
	register.DoFn4x1[context.Context, int, func(*string) bool, func(string), error](&writeShardFn{})
	register.Iter1[string]()
	register.Emitter1[string]()
}

// ShardName is the file name of shard i of n.
func ShardName(i, n int) string {
	return fmt.Sprintf("part-%05d-of-%05d.jsonl", i, n)
}

// JoinPath joins an output directory (local path or gs:// URL) and a name.
func JoinPath(dir, name string) string {
	if strings.Contains(dir, "://") {
		return strings.TrimSuffix(dir, "/") + "/" + name
	}
	return path.Join(dir, name)
}

// WriteRecords writes records as JSON lines into dir in n shards named
// part-SSSSS-of-NNNNN.jsonl. A record's shard is a hash of its id, and lines
// within a shard are sorted by id, so the same records always give the same
// bytes whatever the runner, bundling or retries. Every shard file is written
// (possibly empty) to a unique temporary name first and then renamed into
// place, so readers never see partial files and a retried bundle overwrites
// its own shard instead of duplicating rows.
func WriteRecords(s beam.Scope, dir string, shards int, recs beam.PCollection) beam.PCollection {
	s = s.Scope("Write")
	keyed := beam.ParDo(s, &shardKeyFn{Shards: shards}, recs)
	return writeKeyed(s, dir, shards, keyed)
}

// WriteDeadLetters writes dead letters like WriteRecords.
func WriteDeadLetters(s beam.Scope, dir string, shards int, dls beam.PCollection) beam.PCollection {
	s = s.Scope("WriteDeadLetters")
	keyed := beam.ParDo(s, &deadLetterKeyFn{Shards: shards}, dls)
	return writeKeyed(s, dir, shards, keyed)
}

func writeKeyed(s beam.Scope, dir string, shards int, keyed beam.PCollection) beam.PCollection {
	markers := beam.ParDo(s, &shardMarkersFn{Shards: shards}, beam.Impulse(s))
	grouped := beam.GroupByKey(s, beam.Flatten(s, keyed, markers))
	return beam.ParDo(s, &writeShardFn{Dir: dir, Shards: shards}, grouped)
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

type writeShardFn struct {
	Dir    string `json:"dir"`
	Shards int    `json:"shards"`
}

func (fn *writeShardFn) ProcessElement(ctx context.Context, shard int, lines func(*string) bool, emit func(string)) error {
	var all []string
	var line string
	for lines(&line) {
		if line != "" {
			all = append(all, line)
		}
	}
	sort.Strings(all)
	var buf bytes.Buffer
	for _, l := range all {
		buf.WriteString(l)
		buf.WriteByte('\n')
	}
	final := JoinPath(fn.Dir, ShardName(shard, fn.Shards))
	if err := WriteFileAtomic(ctx, final, buf.Bytes()); err != nil {
		return err
	}
	log.Debugf(ctx, "wrote %d rows to %s", len(all), final)
	emit(final)
	return nil
}

// WriteFileAtomic writes data to a unique temporary file beside final and
// renames it into place (local files, gs:// and any Beam filesystem). The
// temporary name, .tmp-<name>.<nonce>, matches none of the globs readers use
// for outputs (*.jsonl, part-*), and after the rename any temporary files an
// earlier, failed attempt left for the same final name are removed, so a
// retried bundle neither duplicates rows nor leaves a second copy behind.
func WriteFileAtomic(ctx context.Context, final string, data []byte) error {
	fs, err := filesystem.New(ctx, final)
	if err != nil {
		return fmt.Errorf("open filesystem for %s: %w", final, err)
	}
	defer fs.Close()
	var nonce [8]byte
	if _, err := rand.Read(nonce[:]); err != nil {
		return fmt.Errorf("temp name: %w", err)
	}
	dir, name := splitPath(final)
	tmp := JoinPath(dir, ".tmp-"+name+"."+hex.EncodeToString(nonce[:]))
	if err := filesystem.Write(ctx, fs, tmp, data); err != nil {
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

func splitPath(p string) (dir, name string) {
	i := strings.LastIndex(p, "/")
	if i < 0 {
		return ".", p
	}
	return p[:i], p[i+1:]
}
