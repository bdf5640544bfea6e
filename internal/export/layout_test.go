package export

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/arrows-math/arrows/internal/env"
	"github.com/arrows-math/arrows/internal/report"
)

// Validate names the field at fault (the command line maps fields to
// flags), never a flag.
func TestOptionsValidate(t *testing.T) {
	cases := []struct {
		name   string
		opts   Options
		field  string
		errHas string
	}{
		{"sft with a target", Options{Format: FormatSFT, Chat: ChatOptions{Target: TargetProgram}}, "", ""},
		{"rl", Options{Format: FormatRL}, "", ""},
		{"parquet", Options{Format: FormatParquet, Splits: []Split{{"train", 0.5}, {"test", 0.5}}}, "", ""},
		{"an unknown format", Options{Format: "csv"}, "Format", "must be one of sft, rl, parquet"},
		{"a negative shard size", Options{Format: FormatRL, RowsPerShard: -1}, "RowsPerShard", "must be ≥ 0"},
		{"chat options do not apply to parquet", Options{Format: FormatParquet, Chat: ChatOptions{System: "x"}}, "Chat", "not parquet"},
		{"split fractions must sum to 1", Options{Format: FormatRL, Splits: []Split{{"train", 0.5}}}, "Splits", "sum to"},
		{"an unknown target", Options{Format: FormatSFT, Chat: ChatOptions{Target: "answer"}}, "Chat.Target", "must be one of"},
		{"a bad template", Options{Format: FormatSFT, Chat: ChatOptions{Template: "{{"}}, "Chat.Template", "does not parse"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.opts.Validate()
			if c.errHas == "" {
				if err != nil {
					t.Errorf("Validate = %v, want nil", err)
				}
				return
			}
			var fe *env.FieldError
			if !errors.As(err, &fe) || fe.Field != c.field || !strings.Contains(fe.Err.Error(), c.errHas) {
				t.Fatalf("Validate = %v, want a field error of %s containing %q", err, c.field, c.errHas)
			}
			if strings.Contains(err.Error(), "--") {
				t.Errorf("Validate = %q names a flag", err)
			}
		})
	}
}

func TestShardsAndFiles(t *testing.T) {
	o := Options{Format: FormatParquet, RowsPerShard: 100}
	for _, c := range []struct {
		rows int64
		want int
	}{{0, 0}, {1, 1}, {100, 1}, {101, 2}, {1000, 10}} {
		if got := o.Shards(c.rows); got != c.want {
			t.Errorf("Shards(%d) = %d, want %d", c.rows, got, c.want)
		}
	}
	a := Assignment{Splits: []Split{{"train", 0.9}, {"validation", 0.05}, {"test", 0.05}}, Rows: []int64{250, 0, 20}, Units: []int64{200, 0, 18}}
	files := o.Files(a)
	want := []SplitFiles{
		{Name: "train", Rows: 250, Units: 200, Files: []string{"data/train-00000-of-00003.parquet", "data/train-00001-of-00003.parquet", "data/train-00002-of-00003.parquet"}},
		{Name: "validation", Rows: 0, Units: 0},
		{Name: "test", Rows: 20, Units: 18, Files: []string{"data/test-00000-of-00001.parquet"}},
	}
	if !reflect.DeepEqual(files, want) {
		t.Errorf("Files:\n got %+v\nwant %+v", files, want)
	}
	cfg := o.CardConfigs(files)
	wantCfg := []report.DataConfig{{Name: "default", Files: []report.DataFile{{Split: "train", Path: "data/train-*.parquet"}, {Split: "test", Path: "data/test-*.parquet"}}}}
	if !reflect.DeepEqual(cfg, wantCfg) {
		t.Errorf("CardConfigs = %+v, want %+v (an empty split is left out)", cfg, wantCfg)
	}
	if got := (Options{Format: FormatSFT}).CardConfigs(files)[0].Files[0].Path; got != "data/train-*.jsonl" {
		t.Errorf("sft glob %s", got)
	}
}

func TestShardOfSpreadsRows(t *testing.T) {
	counts := make([]int, 4)
	for i := 0; i < 4000; i++ {
		k := ShardOf(fmt.Sprintf("%032x", i*7919), 4)
		counts[k]++
	}
	for k, n := range counts {
		if n < 850 || n > 1150 {
			t.Errorf("shard %d has %d of 4000 rows", k, n)
		}
	}
	if ShardOf("x", 1) != 0 || ShardOf("x", 0) != 0 {
		t.Error("one shard must be shard 0")
	}
}

func TestJSONLineKeepsTextAsWritten(t *testing.T) {
	e, err := NewExporter(ChatOptions{})
	if err != nil {
		t.Fatal(err)
	}
	rec := triple("r1", []string{"high.algebra.inequalities"}, "sk")
	rec.Problem = "Find x with x < 3 && x > 1."
	for _, format := range []string{FormatSFT, FormatRL} {
		line, err := e.JSONLine(format, rec)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(line), "x < 3 && x > 1") || strings.Contains(string(line), "\n") {
			t.Errorf("%s line escapes HTML or spans lines: %s", format, line)
		}
		var m map[string]any
		if err := json.Unmarshal(line, &m); err != nil {
			t.Fatalf("%s line is not JSON: %v", format, err)
		}
		var cols []string
		for _, f := range (Options{Format: format}).Fields() {
			cols = append(cols, f[0])
			if _, ok := m[f[0]]; !ok {
				t.Errorf("%s line lacks documented column %s", format, f[0])
			}
		}
		if len(m) != len(cols) {
			t.Errorf("%s line has %d columns, %d documented", format, len(m), len(cols))
		}
	}
	if _, err := e.JSONLine(FormatParquet, rec); err == nil {
		t.Error("parquet is not a JSONL format")
	}
}
