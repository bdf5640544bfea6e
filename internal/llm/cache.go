package llm

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"cloud.google.com/go/storage"
)

// cacheKeyVersion changes when the key derivation or the stored form changes.
const cacheKeyVersion = "arrows-llm-cache-v1"

// cacheKey is the sha256 (hex) of everything that determines a response:
// model, role, prompt version, messages, sampling parameters, sample index
// and item. The endpoint URL and the key are deliberately not part of it.
func cacheKey(model string, req Request, s Sampling) string {
	payload := struct {
		V           string    `json:"v"`
		Model       string    `json:"model"`
		Role        Role      `json:"role"`
		Prompt      string    `json:"prompt_version"`
		Messages    []Message `json:"messages"`
		Temperature float32   `json:"temperature"`
		TopP        float32   `json:"top_p"`
		MaxTokens   int       `json:"max_tokens"`
		SampleIndex int       `json:"sample_index"`
		Item        string    `json:"item,omitempty"` // omitted when empty: keys of item-less requests are unchanged
	}{cacheKeyVersion, model, req.Role, req.PromptVersion, req.Messages, s.Temperature, s.TopP, s.MaxTokens, req.SampleIndex, req.Item}
	b, err := json.Marshal(payload)
	if err != nil { // cannot happen: every field is marshalable
		panic(fmt.Sprintf("llm: marshal cache key: %v", err))
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// cacheEntry is what the cache stores per key.
type cacheEntry struct {
	Key           string   `json:"key"`
	Role          Role     `json:"role"`
	PromptVersion string   `json:"prompt_version"`
	Response      Response `json:"response"`
}

// errCacheMiss reports that the key is not in the cache.
var errCacheMiss = errors.New("cache miss")

// cache stores responses by key. Get returns errCacheMiss when absent.
type cache interface {
	get(ctx context.Context, key string) ([]byte, error)
	put(ctx context.Context, key string, value []byte) error
	close() error
}

// openCache opens the cache at loc: "" (none), gs://bucket/prefix, or a directory.
func openCache(ctx context.Context, loc string) (cache, error) {
	switch {
	case loc == "":
		return nil, nil
	case strings.HasPrefix(loc, "gs://"):
		return openGCSCache(ctx, loc)
	default:
		return openDirCache(loc)
	}
}

// shard is the relative object path of a key: two-level fan-out by prefix.
func shard(key string) string {
	return key[:2] + "/" + key[2:4] + "/" + key + ".json"
}

// dirCache is a cache in a local directory, written atomically (temp file + rename).
type dirCache struct{ root string }

func openDirCache(root string) (*dirCache, error) {
	if err := os.MkdirAll(root, 0o755); err != nil {
		return nil, fmt.Errorf("llm cache: create %s: %w", root, err)
	}
	return &dirCache{root: root}, nil
}

func (d *dirCache) path(key string) string {
	return filepath.Join(d.root, filepath.FromSlash(shard(key)))
}

func (d *dirCache) get(_ context.Context, key string) ([]byte, error) {
	b, err := os.ReadFile(d.path(key))
	if errors.Is(err, os.ErrNotExist) {
		return nil, errCacheMiss
	}
	if err != nil {
		return nil, fmt.Errorf("llm cache: read: %w", err)
	}
	return b, nil
}

func (d *dirCache) put(_ context.Context, key string, value []byte) error {
	p := d.path(key)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return fmt.Errorf("llm cache: mkdir: %w", err)
	}
	f, err := os.CreateTemp(filepath.Dir(p), ".tmp-"+key[:8]+"-*")
	if err != nil {
		return fmt.Errorf("llm cache: temp file: %w", err)
	}
	tmp := f.Name()
	_, werr := f.Write(value)
	cerr := f.Close()
	if werr != nil || cerr != nil {
		os.Remove(tmp)
		return fmt.Errorf("llm cache: write %s: %w", tmp, errors.Join(werr, cerr))
	}
	if err := os.Rename(tmp, p); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("llm cache: rename: %w", err)
	}
	return nil
}

func (d *dirCache) close() error { return nil }

// gcsCache is a cache in a Cloud Storage bucket. The storage client honours
// STORAGE_EMULATOR_HOST, so tests run it against fake-gcs-server.
type gcsCache struct {
	client *storage.Client
	bucket *storage.BucketHandle
	prefix string
}

func openGCSCache(ctx context.Context, loc string) (*gcsCache, error) {
	rest := strings.TrimPrefix(loc, "gs://")
	bucket, prefix, _ := strings.Cut(rest, "/")
	if bucket == "" {
		return nil, fmt.Errorf("llm cache: %q names no bucket", loc)
	}
	prefix = strings.Trim(prefix, "/")
	if prefix != "" {
		prefix += "/"
	}
	client, err := storage.NewClient(ctx)
	if err != nil {
		return nil, fmt.Errorf("llm cache: storage client for %s: %w", loc, err)
	}
	return &gcsCache{client: client, bucket: client.Bucket(bucket), prefix: prefix}, nil
}

func (g *gcsCache) get(ctx context.Context, key string) ([]byte, error) {
	r, err := g.bucket.Object(g.prefix + shard(key)).NewReader(ctx)
	if errors.Is(err, storage.ErrObjectNotExist) {
		return nil, errCacheMiss
	}
	if err != nil {
		return nil, fmt.Errorf("llm cache: open gcs object: %w", err)
	}
	defer r.Close()
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("llm cache: read gcs object: %w", err)
	}
	return b, nil
}

// put writes the object; a GCS object appears atomically when the writer closes.
func (g *gcsCache) put(ctx context.Context, key string, value []byte) error {
	w := g.bucket.Object(g.prefix + shard(key)).NewWriter(ctx)
	w.ContentType = "application/json"
	w.ChunkSize = 0 // one-shot upload: entries are small
	if _, err := io.Copy(w, bytes.NewReader(value)); err != nil {
		w.Close()
		return fmt.Errorf("llm cache: write gcs object: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("llm cache: close gcs object: %w", err)
	}
	return nil
}

func (g *gcsCache) close() error { return g.client.Close() }
