// Package exporttest reads Parquet files back with an independent reader,
// npm's hyparquet (a JavaScript implementation that shares no code with
// the Go writer), for the export tests.
package exporttest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// HyparquetVersion is the hyparquet release the tests use.
const HyparquetVersion = "1.31.5"

// EnvDir names the environment variable that may point at a directory
// whose node_modules holds hyparquet (CI installs it there:
// npm install --prefix "$DIR" hyparquet@1.31.5).
const EnvDir = "ARROWS_HYPARQUET_DIR"

// Reader runs hyparquet under node.
type Reader struct {
	dir string // holds node_modules/hyparquet
}

// Column describes one leaf or group of a file's schema as hyparquet
// reports it.
type Column struct {
	Name           string `json:"name"`
	Type           string `json:"type,omitempty"`
	RepetitionType string `json:"repetition_type,omitempty"`
	ConvertedType  string `json:"converted_type,omitempty"`
	LogicalType    string `json:"logical_type,omitempty"`
	NumChildren    int    `json:"num_children,omitempty"`
}

// File is what hyparquet read from one file.
type File struct {
	Path      string            `json:"path"`
	NumRows   int64             `json:"num_rows"`
	Schema    []Column          `json:"schema"`
	Metadata  map[string]string `json:"metadata"`
	CreatedBy string            `json:"created_by"`
	Rows      []map[string]any  `json:"rows"`
}

// New returns a reader, installing hyparquet with npm into a temporary
// directory unless ARROWS_HYPARQUET_DIR names one that has it. The test is
// skipped, with the reason, only when node or npm is missing or the
// install fails and ARROWS_HYPARQUET_DIR is unset; with the variable set,
// a missing module fails the test.
func New(t testing.TB) *Reader {
	t.Helper()
	if _, err := exec.LookPath("node"); err != nil {
		t.Skipf("independent Parquet reader unavailable: node is not installed (apt-get install nodejs npm; then npm install hyparquet@%s): %v", HyparquetVersion, err)
	}
	if dir := os.Getenv(EnvDir); dir != "" {
		if _, err := os.Stat(filepath.Join(dir, "node_modules", "hyparquet", "package.json")); err != nil {
			t.Fatalf("%s=%s but hyparquet is not installed there: %v", EnvDir, dir, err)
		}
		return &Reader{dir: dir}
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		t.Skipf("independent Parquet reader unavailable: npm is not installed and %s is unset: %v", EnvDir, err)
	}
	dir := t.TempDir()
	cmd := exec.Command(npm, "install", "--prefix", dir, "--no-audit", "--no-fund", "--loglevel=error", "hyparquet@"+HyparquetVersion)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Skipf("independent Parquet reader unavailable: npm install hyparquet@%s failed (set %s to a directory where it is installed): %v\n%s", HyparquetVersion, EnvDir, err, out)
	}
	return &Reader{dir: dir}
}

// script reads the files named by its arguments and prints one JSON
// object per file: rows, schema, key-value metadata.
const script = `
import { asyncBufferFromFile, parquetReadObjects, parquetMetadataAsync } from 'hyparquet'
const out = []
for (const path of process.argv.slice(2)) {
  const file = await asyncBufferFromFile(path)
  const meta = await parquetMetadataAsync(file)
  const rows = await parquetReadObjects({ file })
  const metadata = {}
  for (const kv of meta.key_value_metadata || []) metadata[kv.key] = kv.value
  const schema = meta.schema.map(s => ({
    name: s.name, type: s.type, repetition_type: s.repetition_type, converted_type: s.converted_type,
    logical_type: s.logical_type ? s.logical_type.type : undefined, num_children: s.num_children,
  }))
  out.push({ path, num_rows: Number(meta.num_rows), schema, metadata, created_by: meta.created_by || '', rows })
}
process.stdout.write(JSON.stringify(out, (k, v) => typeof v === 'bigint' ? Number(v) : v))
`

// Read reads the files with hyparquet.
func (r *Reader) Read(paths ...string) ([]File, error) {
	js := filepath.Join(r.dir, "read-parquet.mjs")
	if err := os.WriteFile(js, []byte(script), 0o644); err != nil {
		return nil, fmt.Errorf("write reader script: %w", err)
	}
	abs := make([]string, len(paths))
	for i, p := range paths {
		a, err := filepath.Abs(p)
		if err != nil {
			return nil, err
		}
		abs[i] = a
	}
	cmd := exec.Command("node", append([]string{js}, abs...)...)
	cmd.Dir = r.dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("hyparquet: %v: %s", err, stderr.String())
	}
	var files []File
	if err := json.Unmarshal(stdout.Bytes(), &files); err != nil {
		return nil, fmt.Errorf("hyparquet output: %w", err)
	}
	return files, nil
}
