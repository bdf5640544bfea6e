package pipebench

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/arrows-math/arrows/internal/stats"
	"github.com/arrows-math/arrows/schemas"
)

func writeRows(t *testing.T, dir string, recs ...schemas.Record) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	for _, r := range recs {
		line, _ := json.Marshal(r)
		b.Write(append(line, '\n'))
	}
	if err := os.WriteFile(filepath.Join(dir, "part-00000-of-00001.jsonl"), b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func prog(src string) schemas.Record {
	return schemas.Record{Program: &schemas.Program{Source: src}, Execution: &schemas.Execution{Status: schemas.StatusOK}}
}

func TestProgramsTakesExecutedProgramsOfBothOutputs(t *testing.T) {
	out := t.TempDir()
	writeRows(t, filepath.Join(out, "accepted"), prog("a"), prog("b"))
	unexecuted := prog("never ran")
	unexecuted.Execution = nil
	writeRows(t, filepath.Join(out, "rejected"), prog("c"), unexecuted, schemas.Record{})
	got, err := Programs(out, 10)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, ",") != "a,b,c" {
		t.Fatalf("programs %v, want a,b,c", got)
	}
	if got, _ := Programs(out, 2); len(got) != 2 {
		t.Fatalf("limit 2 gave %d", len(got))
	}
}

func TestSandboxCeilingRunsEveryProgram(t *testing.T) {
	if _, err := os.Stat("/usr/bin/python3"); err != nil {
		t.Skip("no /usr/bin/python3")
	}
	progs := []string{
		"def solve():\n    return 6 * 7\n",
		"import sympy as sp\ndef solve():\n    x = sp.symbols('x')\n    return sp.solve(x**2 - 9, x)\n",
		"def solve():\n    raise ValueError('no')\n",
	}
	c, err := SandboxCeiling(context.Background(), progs)
	if err != nil {
		t.Fatal(err)
	}
	if c.Programs != 3 || c.Failed != 1 || c.Wall <= 0 || c.Rate() <= 0 || c.Workers < 1 {
		t.Fatalf("ceiling %+v (rate %.2f)", c, c.Rate())
	}
}

func TestReportPrintsTheTargetsFigures(t *testing.T) {
	small, large := stats.New(), stats.New()
	small.Accepted, large.Accepted = 490, 4900
	large.AddStageTime(stats.TimeExecute, 5000, 400_000_000, 300_000_000)
	large.AddStageTime(stats.TimeDedup, 1, 3_000_000, 2_500_000)
	large.JobWallMillis = 100_000
	rep := Report{
		Small:   Run{N: 500, Wall: 20 * time.Second, MaxRSSKB: 300 << 10, Stats: small, LoadBefore: "1.0", LoadAfter: "2.0"},
		Large:   Run{N: 5000, Wall: 100 * time.Second, MaxRSSKB: 360 << 10, Stats: large},
		Ceiling: Ceiling{Programs: 2000, Workers: 2, Wall: 25 * time.Second},
	}
	var b bytes.Buffer
	rep.Print(&b)
	out := b.String()
	for _, want := range []string{
		"machine: ", "cores, Linux ",
		"n=500", "24.50", // accepted/s of the small run
		"peak RSS ratio (n=5000 / n=500): 1.20",
		"= 80.00 programs/s", "50.00 seeds/s = 0.62 of the ceiling",
		"execute", "300.00", "dedup", "none in stats.json",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
}

func TestMachineAndLoad(t *testing.T) {
	if m := Machine(); !strings.Contains(m, "cores") {
		t.Errorf("Machine() = %q", m)
	}
	if Load() == "" {
		t.Error("empty load")
	}
}
