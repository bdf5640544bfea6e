// Package outdir knows which files of an output directory are arrows
// outputs: the files a run lists in its manifest (ManifestFile), and the
// names only arrows writes (shards, temporary files, stats.json,
// report.html). `--overwrite` removes those and nothing else; every other
// file (a user's README.md, accepted/mine.txt) is foreign and left alone.
// The package works on paths relative to the output directory, so it serves
// local directories and gs:// prefixes alike.
package outdir

import (
	"encoding/json"
	"fmt"
	"path"
	"slices"
	"sort"
	"strings"
)

// ManifestFile is the name of the manifest arrows writes into an output
// directory.
const ManifestFile = "_arrows_manifest.json"

// Names of the report files of a run.
const (
	// CardFile is the dataset card's name.
	CardFile = "README.md"
	// AltCardFile is the dataset card's name when the directory already
	// holds a README.md that arrows did not write.
	AltCardFile = "DATASET_CARD.md"
	// StatsFile is the run statistics.
	StatsFile = "stats.json"
	// ReportFile is the HTML report.
	ReportFile = "report.html"
)

// Dirs are the subdirectories runs write their shards into.
var Dirs = []string{"accepted", "rejected", "deadletter", "seeds"}

// DataDir is the directory an export (`arrows export`) writes its data
// files into: data/{split}-{i:05d}-of-{n:05d}.{jsonl|parquet}.
const DataDir = "data"

// ownPatterns are the names (path.Match patterns, relative to the output
// directory) only arrows writes: shards and the sorted runs and temporary
// files of its writers (.tmp-*, and the files of .tmp-* directories such
// as dedup's staging directory), an export's data files, stats.json and
// report.html, and the manifest. README.md is not among them: it is
// arrows' only if a manifest lists it.
var ownPatterns = func() []string {
	p := []string{ManifestFile, StatsFile, ReportFile, ".tmp-*", ".tmp-*/*"}
	for _, d := range Dirs {
		p = append(p, d+"/part-[0-9][0-9][0-9][0-9][0-9]-of-[0-9][0-9][0-9][0-9][0-9].jsonl", d+"/.tmp-*")
	}
	for _, ext := range []string{"jsonl", "parquet"} {
		p = append(p, DataDir+"/*-[0-9][0-9][0-9][0-9][0-9]-of-[0-9][0-9][0-9][0-9][0-9]."+ext)
	}
	return append(p, DataDir+"/.tmp-*")
}()

// Manifest lists the files of a run, relative to its output directory.
type Manifest struct {
	// Tool is always "arrows".
	Tool    string `json:"tool"`
	Version string `json:"version"`
	// Command is the command that wrote the directory (generate, verify).
	Command string `json:"command"`
	// Complete is false while the job runs (Files then lists the files it
	// will write besides its shards) and true once it finished and Files
	// lists what it wrote.
	Complete bool `json:"complete"`
	// State is how the run ended (StateComplete, StateFailed,
	// StateInterrupted), or StateRunning while it runs. Manifests of older
	// versions have none.
	State string `json:"state,omitempty"`
	// Reason says why a run that did not complete stopped: its error, or
	// the signal that interrupted it ("interrupted by SIGINT").
	Reason string `json:"reason,omitempty"`
	// PID and Host identify the process of a running run, so that a later
	// run can tell a run that was killed from one that still runs.
	PID  int    `json:"pid,omitempty"`
	Host string `json:"host,omitempty"`
	// Files are paths relative to the output directory, sorted.
	Files []string `json:"files"`
}

// States of a run, as its manifest records them (Manifest.State).
const (
	// StateRunning is written before the job starts. A manifest still in
	// this state after the run's process is gone means that the process
	// was killed (SIGKILL, out of memory, the machine went down).
	StateRunning = "running"
	// StateComplete: the job succeeded and Files lists what it wrote.
	StateComplete = "complete"
	// StateFailed: the job failed; Reason is its error.
	StateFailed = "failed"
	// StateInterrupted: the run was stopped by a signal (SIGINT, SIGTERM)
	// and its job cancelled; Reason names the signal.
	StateInterrupted = "interrupted"
)

// NewManifest is the manifest of a run of command writing files: complete
// (StateComplete) or running (StateRunning).
func NewManifest(version, command string, complete bool, files []string) Manifest {
	fs := append([]string{}, files...)
	sort.Strings(fs)
	state := StateRunning
	if complete {
		state = StateComplete
	}
	return Manifest{Tool: "arrows", Version: version, Command: command, Complete: complete, State: state, Files: fs}
}

// Unfinished describes how the run of an incomplete manifest ended, for a
// later run that finds it ("it was interrupted by SIGINT"); "" when the
// manifest is complete. A manifest still running names the process that
// wrote it: whether that process still runs is for the caller to check.
func (m Manifest) Unfinished() string {
	if m.Complete {
		return ""
	}
	switch m.State {
	case StateInterrupted:
		if m.Reason != "" {
			return "it was " + m.Reason
		}
		return "it was interrupted"
	case StateFailed:
		if m.Reason != "" {
			return "it failed: " + m.Reason
		}
		return "it failed"
	}
	who := ""
	if m.PID > 0 {
		who = fmt.Sprintf(" (pid %d", m.PID)
		if m.Host != "" {
			who += " on " + m.Host
		}
		who += ")"
	}
	return "its process" + who + " ended without recording how the run ended: it was killed or crashed"
}

// Encode is the manifest's JSON, indented.
func (m Manifest) Encode() []byte {
	b, _ := json.MarshalIndent(m, "", "  ")
	return append(b, '\n')
}

// ParseManifest decodes a manifest. Entries that are not clean relative
// paths inside the directory (absolute, "..", empty) are refused, so that
// an edited manifest cannot make --overwrite remove files elsewhere.
func ParseManifest(b []byte) (Manifest, error) {
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return m, fmt.Errorf("%s: %w", ManifestFile, err)
	}
	if m.Tool != "arrows" {
		return m, fmt.Errorf("%s: tool is %q, not arrows", ManifestFile, m.Tool)
	}
	for _, f := range m.Files {
		if !clean(f) {
			return m, fmt.Errorf("%s: %q is not a path inside the output directory", ManifestFile, f)
		}
	}
	return m, nil
}

// clean reports whether rel is a clean relative path without "..".
func clean(rel string) bool {
	return rel != "" && !strings.HasPrefix(rel, "/") && path.Clean(rel) == rel &&
		rel != ".." && !strings.HasPrefix(rel, "../") && !strings.Contains(rel, "://")
}

// Own reports whether rel (a path relative to the output directory) is an
// arrows output: listed by the previous manifest prev (nil when there is
// none) or named as only arrows names its files.
func Own(rel string, prev *Manifest) bool {
	if prev != nil {
		for _, f := range prev.Files {
			if f == rel {
				return true
			}
		}
	}
	for _, p := range ownPatterns {
		if ok, _ := path.Match(p, rel); ok {
			return true
		}
	}
	return false
}

// Split sorts the files of an output directory (relative paths) into
// arrows outputs and foreign files, each sorted.
func Split(files []string, prev *Manifest) (own, foreign []string) {
	for _, f := range files {
		if Own(f, prev) {
			own = append(own, f)
		} else {
			foreign = append(foreign, f)
		}
	}
	sort.Strings(own)
	sort.Strings(foreign)
	return own, foreign
}

// CardName is the name the dataset card is written under: README.md,
// unless the directory holds a foreign README.md, which the card must not
// replace; then AltCardFile. It fails when both names are foreign files.
func CardName(foreign []string) (string, error) {
	has := map[string]bool{}
	for _, f := range foreign {
		has[f] = true
	}
	switch {
	case !has[CardFile]:
		return CardFile, nil
	case !has[AltCardFile]:
		return AltCardFile, nil
	}
	return "", fmt.Errorf("the output directory holds a %s and a %s that arrows did not write: the dataset card would replace one of them; choose another --out", CardFile, AltCardFile)
}

// Planned lists the files a run will write besides its shards, as the
// manifest names them before the job: stats.json and report.html. The card
// is listed only once written (Outputs): a README.md a user puts in the
// directory after an interrupted run must not count as arrows'.
func Planned() []string {
	return []string{StatsFile, ReportFile}
}

// Outputs keeps the paths of files (relative) that a finished run wrote:
// its shards, stats.json, report.html, the card (named card) and the files
// it writes under the fixed names named (an export's export.json), and not
// the temporary files, the manifest, nor foreign files (listed in foreign,
// as found before the run).
func Outputs(files []string, card string, foreign []string, named ...string) []string {
	skip := map[string]bool{ManifestFile: true}
	for _, f := range foreign {
		skip[f] = true
	}
	var out []string
	for _, f := range files {
		if skip[f] || strings.HasPrefix(path.Base(f), ".tmp-") {
			continue
		}
		if f == card || Own(f, nil) || slices.Contains(named, f) {
			out = append(out, f)
		}
	}
	sort.Strings(out)
	return out
}

// Temporary reports whether rel is one of arrows' temporary files (or
// directories): its name, or the name of its top directory, starts with
// ".tmp-". A finished run leaves none; an interrupted one may.
func Temporary(rel string) bool {
	top, _, _ := strings.Cut(rel, "/")
	return strings.HasPrefix(path.Base(rel), ".tmp-") || strings.HasPrefix(top, ".tmp-")
}

// Shard reports whether rel is a shard of one of the output directories
// (accepted/part-00000-of-00004.jsonl).
func Shard(rel string) bool {
	for _, d := range Dirs {
		if ok, _ := path.Match(d+"/part-[0-9][0-9][0-9][0-9][0-9]-of-[0-9][0-9][0-9][0-9][0-9].jsonl", rel); ok {
			return true
		}
	}
	return false
}
