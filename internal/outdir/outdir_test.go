package outdir

import (
	"reflect"
	"strings"
	"testing"
)

func TestSplitKeepsForeignFilesAtEveryLevel(t *testing.T) {
	prev := NewManifest("0.1.0", "verify", true, []string{"README.md", "stats.json", "accepted/part-00000-of-00001.jsonl"})
	files := []string{
		"README.md", "stats.json", "report.html", ManifestFile, ".tmp-stats.json.ab12",
		"accepted/part-00000-of-00001.jsonl", "accepted/part-00003-of-00004.jsonl", "accepted/.tmp-run-part-00000-of-00001.jsonl.x",
		"rejected/part-00000-of-00001.jsonl", "deadletter/part-00000-of-00001.jsonl", "seeds/part-00001-of-00002.jsonl",
		// foreign
		"notes.txt", "accepted/mine.txt", "accepted/part-1.jsonl", "accepted/sub/part-00000-of-00001.jsonl",
		"other/part-00000-of-00001.jsonl", "DATASET_CARD.md",
	}
	own, foreign := Split(files, &prev)
	wantForeign := []string{"DATASET_CARD.md", "accepted/mine.txt", "accepted/part-1.jsonl", "accepted/sub/part-00000-of-00001.jsonl", "notes.txt", "other/part-00000-of-00001.jsonl"}
	if !reflect.DeepEqual(foreign, wantForeign) {
		t.Errorf("foreign = %q\nwant      %q", foreign, wantForeign)
	}
	if len(own)+len(foreign) != len(files) {
		t.Errorf("%d own + %d foreign != %d files", len(own), len(foreign), len(files))
	}
}

func TestAnExportsDataFilesAreOwnAndItsOtherFilesForeign(t *testing.T) {
	files := []string{
		"data/train-00000-of-00002.parquet", "data/test-00000-of-00001.jsonl", "data/.tmp-train-00001-of-00002.parquet.ab12",
		"deadletter/part-00000-of-00001.jsonl",
		// foreign: other names in data/, and export.json and README.md without a manifest listing them
		"data/mine.csv", "data/train.parquet", "data/sub/train-00000-of-00001.parquet", "export.json", "README.md",
	}
	own, foreign := Split(files, nil)
	want := []string{"README.md", "data/mine.csv", "data/sub/train-00000-of-00001.parquet", "data/train.parquet", "export.json"}
	if !reflect.DeepEqual(foreign, want) {
		t.Errorf("foreign = %q\nwant      %q", foreign, want)
	}
	m := NewManifest("0.1.0", "export", true, Outputs(files, CardFile, foreign[1:4], "export.json"))
	wantListed := []string{"README.md", "data/test-00000-of-00001.jsonl", "data/train-00000-of-00002.parquet", "deadletter/part-00000-of-00001.jsonl", "export.json"}
	if !reflect.DeepEqual(m.Files, wantListed) {
		t.Errorf("an export's manifest lists %q\nwant %q", m.Files, wantListed)
	}
	if !Own("export.json", &m) || !Own(CardFile, &m) || len(own) != 4 {
		t.Errorf("export.json and the card listed in the manifest must be arrows' (own %q)", own)
	}
}

func TestREADMEIsOwnOnlyWhenAManifestListsIt(t *testing.T) {
	if Own(CardFile, nil) {
		t.Error("README.md without a manifest counts as an arrows output")
	}
	m := NewManifest("0.1.0", "generate", true, []string{CardFile})
	if !Own(CardFile, &m) {
		t.Error("README.md listed in the manifest is not an arrows output")
	}
	alt := NewManifest("0.1.0", "generate", true, []string{AltCardFile})
	if Own(CardFile, &alt) || !Own(AltCardFile, &alt) {
		t.Error("a card written as DATASET_CARD.md must make only that name arrows'")
	}
}

func TestCardName(t *testing.T) {
	cases := []struct {
		name    string
		foreign []string
		want    string
		wantErr bool
	}{
		{"no README: the card is README.md", nil, CardFile, false},
		{"a foreign README moves the card aside", []string{"README.md"}, AltCardFile, false},
		{"both names foreign: refused", []string{"README.md", "DATASET_CARD.md"}, "", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := CardName(c.foreign)
			if (err != nil) != c.wantErr || got != c.want {
				t.Errorf("CardName(%q) = %q, %v; want %q (error %v)", c.foreign, got, err, c.want, c.wantErr)
			}
		})
	}
}

func TestParseManifestRefusesPathsOutsideTheDirectory(t *testing.T) {
	for _, bad := range []string{"../x", "/etc/passwd", "a/../../b", "", "gs://b/x", "./a"} {
		m := NewManifest("0.1.0", "verify", true, []string{bad})
		if _, err := ParseManifest(m.Encode()); err == nil {
			t.Errorf("manifest listing %q accepted", bad)
		}
	}
	m := NewManifest("0.1.0", "verify", true, []string{"stats.json", "accepted/part-00000-of-00001.jsonl"})
	got, err := ParseManifest(m.Encode())
	if err != nil || !reflect.DeepEqual(got, m) {
		t.Errorf("round trip: %+v, %v; want %+v", got, err, m)
	}
	if _, err := ParseManifest([]byte(`{"tool": "other", "files": []}`)); err == nil || !strings.Contains(err.Error(), "not arrows") {
		t.Errorf("a manifest of another tool: %v", err)
	}
}

func TestOutputsListWhatTheRunWrote(t *testing.T) {
	files := []string{"README.md", "DATASET_CARD.md", "stats.json", "report.html", ManifestFile, ".tmp-report.html.x",
		"accepted/part-00000-of-00001.jsonl", "accepted/.tmp-run-y", "accepted/mine.txt"}
	got := Outputs(files, AltCardFile, []string{"README.md", "accepted/mine.txt"})
	want := []string{"DATASET_CARD.md", "accepted/part-00000-of-00001.jsonl", "report.html", "stats.json"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Outputs = %q, want %q", got, want)
	}
}

func TestUnfinishedSaysHowTheRunEnded(t *testing.T) {
	running := NewManifest("0.1.0", "generate", false, nil)
	withPID := running
	withPID.PID, withPID.Host = 4242, "box"
	interrupted := running
	interrupted.State, interrupted.Reason = StateInterrupted, "interrupted by SIGINT"
	failed := running
	failed.State, failed.Reason = StateFailed, "the job failed: llm endpoint down"
	old := running
	old.State = "" // a manifest of an older version
	cases := []struct {
		name string
		m    Manifest
		want string
	}{
		{"a complete run is not unfinished", NewManifest("0.1.0", "verify", true, nil), ""},
		{"an interrupted run names the signal", interrupted, "it was interrupted by SIGINT"},
		{"a failed run gives its cause", failed, "it failed: the job failed: llm endpoint down"},
		{"a run still marked running was killed, and its process is named", withPID,
			"its process (pid 4242 on box) ended without recording how the run ended: it was killed or crashed"},
		{"a manifest of an older version without a state reads as killed", old,
			"its process ended without recording how the run ended: it was killed or crashed"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := ParseManifest(c.m.Encode())
			if err != nil {
				t.Fatal(err)
			}
			if s := got.Unfinished(); s != c.want {
				t.Errorf("Unfinished() = %q, want %q", s, c.want)
			}
		})
	}
}

func TestManifestRecordsTheStateAndAnEmptyFileList(t *testing.T) {
	m := NewManifest("0.1.0", "generate", false, nil)
	if !strings.Contains(string(m.Encode()), `"files": []`) || m.State != StateRunning {
		t.Errorf("a running manifest without files: %s", m.Encode())
	}
	if c := NewManifest("0.1.0", "generate", true, nil); c.State != StateComplete {
		t.Errorf("a complete manifest has state %q", c.State)
	}
}

func TestTemporaryFilesAndShardsAreNamedAsArrowsNamesThem(t *testing.T) {
	cases := []struct {
		rel              string
		temporary, shard bool
	}{
		{".tmp-stats.json.ab12", true, false},
		{".tmp-dedup/rows-00001.run", true, false},
		{"accepted/.tmp-run-part-00000-of-00001.jsonl.x", true, false},
		{"accepted/part-00000-of-00001.jsonl", false, true},
		{"deadletter/part-00003-of-00004.jsonl", false, true},
		{"seeds/part-00000-of-00001.jsonl", false, true},
		{"accepted/part-1.jsonl", false, false},
		{"other/part-00000-of-00001.jsonl", false, false},
		{"notes/tmp-file", false, false},
		{"README.md", false, false},
	}
	for _, c := range cases {
		if got := Temporary(c.rel); got != c.temporary {
			t.Errorf("Temporary(%q) = %v, want %v", c.rel, got, c.temporary)
		}
		if got := Shard(c.rel); got != c.shard {
			t.Errorf("Shard(%q) = %v, want %v", c.rel, got, c.shard)
		}
		if (c.temporary || c.shard) && !Own(c.rel, nil) {
			t.Errorf("%q is not an arrows output", c.rel)
		}
	}
}
