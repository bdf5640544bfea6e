package main

import (
	"bytes"
	"encoding/json"
	"sort"
	"strings"
	"testing"

	"github.com/fsouza/fake-gcs-server/fakestorage"

	"github.com/arrows-math/arrows/internal/export"
	"github.com/arrows-math/arrows/internal/outdir"
	"github.com/arrows-math/arrows/schemas"
	"github.com/arrows-math/arrows/transforms"
)

// arrows export on gs:// (fake-gcs-server), end to end through the CLI: it
// reads a run's accepted rows from a bucket and writes a Parquet export
// beside it whose rows are the run's accepted rows; a second export into
// the same prefix is refused without --overwrite; with it, an SFT export
// replaces the Parquet one, removing only arrows' files (the earlier data
// files, export.json, the card) while a user's files in the prefix stay
// and are named in a warning; the manifest lists what the export wrote.
func TestExportOnGCS(t *testing.T) {
	if testing.Short() {
		t.Skip("runs four pipelines")
	}
	const bucket = "arrows-export"
	srv, host := startGCS(t, bucket)
	env := []string{"STORAGE_EMULATOR_HOST=" + host}
	gen, exp := "gs://"+bucket+"/gen", "gs://"+bucket+"/exp"
	if r := arrows(t, env, "generate", "--n=24", "--seed=4", "--shards=2", "--out="+gen); r.code != 0 {
		t.Fatalf("generate to gs:// failed (exit %d):\n%s", r.code, clip(r.stderr, 4000))
	}
	var accepted []string
	run := objects(t, srv, bucket, "gen/")
	for name, body := range run {
		if strings.HasPrefix(name, "accepted/part-") {
			for _, line := range strings.Split(strings.TrimSpace(body), "\n") {
				if line == "" {
					continue
				}
				var rec schemas.Record
				if err := json.Unmarshal([]byte(line), &rec); err != nil {
					t.Fatalf("accepted row of the run: %v", err)
				}
				accepted = append(accepted, rec.ID)
			}
		}
	}
	sort.Strings(accepted)
	if len(accepted) == 0 {
		t.Fatalf("the run accepted no rows: %v", keys(run))
	}

	r := arrows(t, env, "export", "--in="+gen, "--out="+exp, "--format=parquet", "--split=train=0.75,test=0.25")
	if r.code != 0 {
		t.Fatalf("export to gs:// failed (exit %d):\n%s", r.code, clip(r.stderr, 4000))
	}
	first := objects(t, srv, bucket, "exp/")
	m := exportManifest(t, first)
	if m.Rows != int64(len(accepted)) || m.Exported != int64(len(accepted)) {
		t.Errorf("export.json: %d rows, %d exported; the run accepted %d", m.Rows, m.Exported, len(accepted))
	}
	var ids []string
	for _, s := range m.Splits {
		for _, f := range s.Files {
			body, ok := first[f]
			if !ok {
				t.Fatalf("export.json lists %s, not in the bucket: %v", f, keys(first))
			}
			rows, err := export.ReadParquet(bytes.NewReader([]byte(body)), int64(len(body)))
			if err != nil {
				t.Fatalf("read %s back: %v", f, err)
			}
			for _, row := range rows {
				ids = append(ids, row.ID)
			}
		}
	}
	sort.Strings(ids)
	if strings.Join(ids, ",") != strings.Join(accepted, ",") {
		t.Errorf("the Parquet files hold rows %v, the run accepted %v", ids, accepted)
	}
	if !strings.Contains(first[transforms.CardFile], "data/train-*.parquet") {
		t.Errorf("the card's configs do not point at the Parquet files:\n%.600s", first[transforms.CardFile])
	}
	listed := manifestFiles(t, first)
	for f := range first {
		if f != outdir.ManifestFile && !listed[f] {
			t.Errorf("the output manifest does not list %s (lists %v)", f, listed)
		}
	}

	// A user's files in the export's prefix.
	mine := []string{"exp/notes.txt", "exp/data/mine.csv"}
	for _, name := range mine {
		srv.CreateObject(fakestorage.Object{ObjectAttrs: fakestorage.ObjectAttrs{BucketName: bucket, Name: name}, Content: []byte("mine\n")})
	}
	r = arrows(t, env, "export", "--in="+gen, "--out="+exp, "--format=sft")
	if r.code == 0 || !strings.Contains(r.stderr, "--overwrite") {
		t.Fatalf("a second export into %s was not refused (exit %d):\n%s", exp, r.code, clip(r.stderr, 2000))
	}
	r = arrows(t, env, "export", "--in="+gen, "--out="+exp, "--format=sft", "--overwrite")
	if r.code != 0 {
		t.Fatalf("export --overwrite failed (exit %d):\n%s", r.code, clip(r.stderr, 4000))
	}
	if !strings.Contains(r.stderr, "2 files that arrows did not write") || !strings.Contains(r.stderr, "data/mine.csv") || !strings.Contains(r.stderr, "notes.txt") {
		t.Errorf("the warning does not name the user's files:\n%s", clip(r.stderr, 2000))
	}
	second := objects(t, srv, bucket, "exp/")
	want := []string{"README.md", outdir.ManifestFile, "data/mine.csv", "data/train-00000-of-00001.jsonl", "deadletter/part-00000-of-00001.jsonl", "export.json", "notes.txt"}
	if got := keys(second); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("after export --overwrite the prefix holds %v, want %v", got, want)
	}
	if second["notes.txt"] != "mine\n" || second["data/mine.csv"] != "mine\n" {
		t.Error("the user's files were changed")
	}
	if n := strings.Count(second["data/train-00000-of-00001.jsonl"], "\n"); n != len(accepted) {
		t.Errorf("the SFT file has %d conversations, the run accepted %d", n, len(accepted))
	}
	if l := manifestFiles(t, second); l["notes.txt"] || l["data/mine.csv"] || !l["export.json"] || !l["data/train-00000-of-00001.jsonl"] {
		t.Errorf("the output manifest lists %v: want the export's files and not the user's", l)
	}
}

func exportManifest(t *testing.T, files map[string]string) export.Manifest {
	t.Helper()
	var m export.Manifest
	if err := json.Unmarshal([]byte(files[transforms.ManifestFile]), &m); err != nil {
		t.Fatalf("export.json: %v (files %v)", err, keys(files))
	}
	return m
}

func manifestFiles(t *testing.T, files map[string]string) map[string]bool {
	t.Helper()
	m, err := outdir.ParseManifest([]byte(files[outdir.ManifestFile]))
	if err != nil {
		t.Fatalf("%s: %v", outdir.ManifestFile, err)
	}
	if !m.Complete || m.Command != "export" {
		t.Errorf("manifest %+v: want a complete export", m)
	}
	out := map[string]bool{}
	for _, f := range m.Files {
		out[f] = true
	}
	return out
}
