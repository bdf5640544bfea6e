package corpus

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/arrows-math/arrows/schemas"
)

func at(file string, line int64) schemas.Origin { return schemas.Origin{File: file, Line: line} }

func TestParseLineRejectsMalformedLines(t *testing.T) {
	good := `{"question":"What is 2+2?","answer":"2+2=<<2+2=4>>4\n#### 4"}`
	cases := []struct {
		name   string
		format Format
		fm     FieldMap
		line   string
		want   string
	}{
		{"truncated JSON is invalid_json", FormatGSM8K, FieldMap{}, good[:30], ReasonInvalidJSON},
		{"trailing garbage is invalid_json", FormatGSM8K, FieldMap{}, good + " x", ReasonInvalidJSON},
		{"bare words are invalid_json", FormatMATH, FieldMap{}, "hello", ReasonInvalidJSON},
		{"an array is not_object", FormatGSM8K, FieldMap{}, `[` + good + `]`, ReasonNotObject},
		{"a JSON string is not_object", FormatJSONL, FieldMap{}, `"problem"`, ReasonNotObject},
		{"null is not_object", FormatArrows, FieldMap{}, `null`, ReasonNotObject},
		{"non-UTF-8 bytes are invalid_utf8", FormatGSM8K, FieldMap{}, `{"question":"caf` + "\xe9" + `","answer":"#### 1"}`, ReasonInvalidUTF8},
		{"a blank line is empty_line", FormatGSM8K, FieldMap{}, "", ReasonEmptyLine},
		{"a whitespace-only line is empty_line", FormatGSM8K, FieldMap{}, " \t\r", ReasonEmptyLine},
		{"gsm8k without answer is missing_field:answer", FormatGSM8K, FieldMap{}, `{"question":"q"}`, "missing_field:answer"},
		{"gsm8k with null question is missing_field:question", FormatGSM8K, FieldMap{}, `{"question":null,"answer":"#### 1"}`, "missing_field:question"},
		{"gsm8k with a numeric question is invalid_field:question", FormatGSM8K, FieldMap{}, `{"question":5,"answer":"#### 1"}`, "invalid_field:question"},
		{"gsm8k without #### line is no_final_answer", FormatGSM8K, FieldMap{}, `{"question":"q","answer":"it is 4"}`, ReasonNoFinalAnswer},
		{"gsm8k with empty #### line is no_final_answer", FormatGSM8K, FieldMap{}, `{"question":"q","answer":"it is 4\n####  "}`, ReasonNoFinalAnswer},
		{"math without solution is missing_field:solution", FormatMATH, FieldMap{}, `{"problem":"p"}`, "missing_field:solution"},
		{"math without boxed or answer is no_final_answer", FormatMATH, FieldMap{}, `{"problem":"p","solution":"so 4"}`, ReasonNoFinalAnswer},
		{"math with object answer is invalid_field:answer", FormatMATH, FieldMap{}, `{"problem":"p","solution":"s","answer":{"a":1}}`, "invalid_field:answer"},
		{"jsonl without mapped problem key is missing_field:<key>", FormatJSONL, FieldMap{Problem: "input"}, `{"problem":"p"}`, "missing_field:input"},
		{"jsonl with an explicitly mapped answer absent is missing_field:<key>", FormatJSONL, FieldMap{Problem: "input", Answer: "target"}, `{"input":"p"}`, "missing_field:target"},
		{"jsonl with nested path absent is missing_field:<path>", FormatJSONL, FieldMap{Problem: "meta.q"}, `{"meta":{"p":"x"}}`, "missing_field:meta.q"},
		{"arrows row without id is missing_field:id", FormatArrows, FieldMap{}, `{"problem":"p"}`, "missing_field:id"},
		{"arrows row with a wrongly typed field is invalid_field", FormatArrows, FieldMap{}, `{"id":"r1","seed":{"index":"one"}}`, "invalid_field:seed.index"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			it, err := ParseLine(tc.format, tc.fm, []byte(tc.line), at("in.jsonl", 7))
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("got item %+v, err %v; want a *ParseError", it, err)
			}
			if pe.Reason != tc.want || Reason(err) != tc.want {
				t.Errorf("reason %q, want %q (err: %v)", pe.Reason, tc.want, err)
			}
			if it.Origin.Line != 7 || it.Origin.File != "in.jsonl" {
				t.Errorf("origin %+v lost", it.Origin)
			}
		})
	}
}

func TestParseLineOversized(t *testing.T) {
	line := []byte(`{"question":"` + strings.Repeat("a", 200) + `","answer":"#### 1"}`)
	p := Parser{Format: FormatGSM8K, MaxLineBytes: 100}
	if _, err := p.Parse(line, at("f", 1)); Reason(err) != ReasonOversized {
		t.Errorf("a %d-byte line with max 100: reason %q, want oversized", len(line), Reason(err))
	}
	p.MaxLineBytes = 0 // default 1 MiB
	if _, err := p.Parse(line, at("f", 1)); err != nil {
		t.Errorf("default max: %v", err)
	}
}

func TestParseLineFormats(t *testing.T) {
	rec := schemas.Record{ID: "abc123", Problem: "P", Solution: `S \boxed{4}`, Provenance: schemas.Provenance{Generator: "offline"}}
	recLine, _ := json.Marshal(rec)
	cases := []struct {
		name       string
		format     Format
		fm         FieldMap
		line       string
		wantID     string
		wantSource *schemas.SourceItem // nil for arrows
		wantRaw    string
		wantMeta   map[string]string
	}{
		{
			name: "gsm8k: final answer after ####, commas removed in the normalized answer", format: FormatGSM8K,
			line:       `{"question":"Q","answer":"80,000+50,000=$<<80000+50000=130000>>130,000\n#### 130,000"}`,
			wantSource: &schemas.SourceItem{Problem: "Q", Solution: "80,000+50,000=$<<80000+50000=130000>>130,000\n#### 130,000", Answer: "130000"},
			wantRaw:    "130,000",
		},
		{
			name: "gsm8k: negative answer and its own id", format: FormatGSM8K,
			line:       `{"id":"g-9","question":"Q","answer":"x\n#### -10"}`,
			wantID:     "g-9",
			wantSource: &schemas.SourceItem{Problem: "Q", Solution: "x\n#### -10", Answer: "-10"},
			wantRaw:    "-10",
		},
		{
			name: "math: answer from the last boxed, unique_id as id, level and type as meta", format: FormatMATH,
			line:       `{"problem":"P","level":"Level 3","type":"Algebra","solution":"First $\\boxed{1}$, then $\\boxed{\\frac{1}{2}}$.","unique_id":"test/algebra/2.json"}`,
			wantID:     "test/algebra/2.json",
			wantSource: &schemas.SourceItem{Problem: "P", Solution: `First $\boxed{1}$, then $\boxed{\frac{1}{2}}$.`, Answer: `\frac{1}{2}`},
			wantRaw:    `\frac{1}{2}`,
			wantMeta:   map[string]string{"level": "Level 3", "subject": "Algebra"},
		},
		{
			name: "math500: the answer field wins, integer level", format: FormatMATH,
			line:       `{"problem":"P","solution":"so $\\boxed{10,\\!000}$","answer":"10,\\!000","subject":"Prealgebra","level":2,"unique_id":"test/prealgebra/1.json"}`,
			wantID:     "test/prealgebra/1.json",
			wantSource: &schemas.SourceItem{Problem: "P", Solution: `so $\boxed{10,\!000}$`, Answer: "10000"},
			wantRaw:    `10,\!000`,
			wantMeta:   map[string]string{"level": "2", "subject": "Prealgebra"},
		},
		{
			name: "jsonl: mapped keys, numeric answer kept as written and normalized", format: FormatJSONL,
			fm:         FieldMap{Problem: "input", Program: "code", Answer: "target"},
			line:       `{"input":"P","code":"def solution(): return 5","target":5.0}`,
			wantSource: &schemas.SourceItem{Problem: "P", Program: "def solution(): return 5", Answer: "5"},
			wantRaw:    "5.0",
		},
		{
			name: "jsonl: nested dotted keys and array indexes", format: FormatJSONL,
			fm:         FieldMap{Problem: "q.text", Answer: "q.answers.1", ID: "meta.id"},
			line:       `{"q":{"text":"P","answers":["no","42"]},"meta":{"id":7}}`,
			wantID:     "7",
			wantSource: &schemas.SourceItem{Problem: "P", Answer: "42"},
			wantRaw:    "42",
		},
		{
			name: "jsonl: an exact key with a dot wins over the path", format: FormatJSONL,
			fm:         FieldMap{Problem: "a.b"},
			line:       `{"a.b":"flat","a":{"b":"nested"}}`,
			wantSource: &schemas.SourceItem{Problem: "flat"},
		},
		{
			name: "jsonl: default keys, answer taken from the solution's boxed", format: FormatJSONL,
			line:       `{"problem":"P","solution":"thus $\\boxed{7}$","id":"x1"}`,
			wantID:     "x1",
			wantSource: &schemas.SourceItem{Problem: "P", Solution: `thus $\boxed{7}$`, Answer: "7"},
			wantRaw:    "7",
		},
		{
			name: "arrows: the record is decoded whole", format: FormatArrows,
			line:   string(recLine),
			wantID: "abc123",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			origin := at("corpus.jsonl", 12)
			it, err := ParseLine(tc.format, tc.fm, []byte(tc.line), origin)
			if err != nil {
				t.Fatalf("ParseLine: %v", err)
			}
			wantOrigin := schemas.Origin{File: "corpus.jsonl", Line: 12, RecordID: tc.wantID}
			if it.Origin != wantOrigin {
				t.Errorf("origin %+v, want %+v", it.Origin, wantOrigin)
			}
			if tc.format == FormatArrows {
				if it.Source != nil || it.Record == nil {
					t.Fatalf("arrows row: got Source=%v Record=%v", it.Source, it.Record)
				}
				got, _ := json.Marshal(it.Record)
				if string(got) != string(recLine) {
					t.Errorf("record round trip:\n got %s\nwant %s", got, recLine)
				}
				return
			}
			if it.Record != nil || it.Source == nil {
				t.Fatalf("external row: got Source=%v Record=%v", it.Source, it.Record)
			}
			want := *tc.wantSource
			want.Origin = wantOrigin
			if *it.Source != want {
				t.Errorf("source\n got %+v\nwant %+v", *it.Source, want)
			}
			if it.RawAnswer != tc.wantRaw {
				t.Errorf("raw answer %q, want %q", it.RawAnswer, tc.wantRaw)
			}
			if len(it.Meta) != len(tc.wantMeta) {
				t.Errorf("meta %v, want %v", it.Meta, tc.wantMeta)
			}
			for k, v := range tc.wantMeta {
				if it.Meta[k] != v {
					t.Errorf("meta[%q] = %q, want %q", k, it.Meta[k], v)
				}
			}
		})
	}
}

func TestParseLineIgnoresByteOrderMark(t *testing.T) {
	it, err := ParseLine(FormatGSM8K, FieldMap{}, []byte("\xef\xbb\xbf"+`{"question":"q","answer":"#### 1"}`), at("f", 1))
	if err != nil || it.Source.Problem != "q" {
		t.Fatalf("got %+v, %v", it.Source, err)
	}
}

func TestParserSetsBenchmark(t *testing.T) {
	p := Parser{Format: FormatGSM8K, Benchmark: "gsm8k"}
	it, err := p.Parse([]byte(`{"question":"q","answer":"#### 1"}`), at("f", 1))
	if err != nil || it.Source.Benchmark != "gsm8k" {
		t.Fatalf("got %+v, %v", it.Source, err)
	}
}

func TestParseFormat(t *testing.T) {
	for _, f := range Formats {
		if got, err := ParseFormat(string(f)); err != nil || got != f {
			t.Errorf("ParseFormat(%q) = %q, %v", f, got, err)
		}
	}
	if _, err := ParseFormat("csv"); err == nil {
		t.Error("ParseFormat(csv) succeeded")
	}
}

func TestFieldMapAsFlag(t *testing.T) {
	var fm FieldMap
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	fs.Var(&fm, "field", "field mapping")
	err := fs.Parse([]string{"--field", "problem=question", "--field", "answer=meta.answer,id=uid"})
	if err != nil {
		t.Fatal(err)
	}
	want := FieldMap{Problem: "question", Answer: "meta.answer", ID: "uid"}
	if fm != want {
		t.Errorf("got %+v, want %+v", fm, want)
	}
	if s := fm.String(); s != "problem=question,answer=meta.answer,id=uid" {
		t.Errorf("String() = %q", s)
	}
	for _, bad := range []string{"problem", "problem=", "question=problem"} {
		if _, err := ParseFieldMap(bad); err == nil {
			t.Errorf("ParseFieldMap(%q) succeeded", bad)
		}
	}
}

func TestNewDeadLetter(t *testing.T) {
	long := bytes.Repeat([]byte("é"), DeadLetterLineBytes) // 2 bytes per rune
	cases := []struct {
		name     string
		line     []byte
		wantLine string
	}{
		{"invalid bytes become U+FFFD", []byte("a\xffb"), "a\uFFFDb"},
		{"long lines are cut at a rune boundary", long, strings.Repeat("é", DeadLetterLineBytes/2)},
		{"a rune cut in half is dropped", append([]byte("x"), long...), "x" + strings.Repeat("é", DeadLetterLineBytes/2-1)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseLine(FormatGSM8K, FieldMap{}, tc.line, at("f", 3))
			dl := NewDeadLetter(at("f", 3), tc.line, err)
			if dl.Line != tc.wantLine {
				t.Errorf("line %.40q..., want %.40q...", dl.Line, tc.wantLine)
			}
			if dl.Reason == "" || dl.Origin.Line != 3 {
				t.Errorf("dead letter %+v lacks reason or origin", dl)
			}
		})
	}
}

func TestScanAccountsForEveryLine(t *testing.T) {
	input := strings.Join([]string{
		`{"question":"q1","answer":"#### 1"}`,
		``,
		`{"question":"q3","answer":"#### 3"`,
		`[1,2]`,
		`{"question":"q5","answer":"#### 5"}`,
		"{\"question\":\"\xff\",\"answer\":\"#### 6\"}",
		`{"question":"` + strings.Repeat("x", 300) + `","answer":"#### 7"}`,
		`{"answer":"#### 8"}`,
		`{"question":"q9","answer":"#### 9"}`,
	}, "\n")
	p := Parser{Format: FormatGSM8K, MaxLineBytes: 200}
	var items []int64
	var dead []schemas.DeadLetter
	c, err := Scan(strings.NewReader(input), "mixed.jsonl", p,
		func(it Item) error { items = append(items, it.Origin.Line); return nil },
		func(dl schemas.DeadLetter) error { dead = append(dead, dl); return nil })
	if err != nil {
		t.Fatal(err)
	}
	if c.Lines != 9 || c.Items != 3 || c.DeadLetters != 6 || c.Lines != c.Items+c.DeadLetters {
		t.Errorf("counts %+v, want 9 lines = 3 items + 6 dead letters", c)
	}
	wantDead := map[int64]string{2: ReasonEmptyLine, 3: ReasonInvalidJSON, 4: ReasonNotObject, 6: ReasonInvalidUTF8, 7: ReasonOversized, 8: "missing_field:question"}
	for _, dl := range dead {
		if wantDead[dl.Origin.Line] != dl.Reason || dl.Origin.File != "mixed.jsonl" {
			t.Errorf("dead letter line %d reason %q, want %q", dl.Origin.Line, dl.Reason, wantDead[dl.Origin.Line])
		}
	}
	if len(dead) != len(wantDead) {
		t.Errorf("%d dead letters, want %d", len(dead), len(wantDead))
	}
	if len(items) != 3 || items[0] != 1 || items[1] != 5 || items[2] != 9 {
		t.Errorf("items at lines %v, want [1 5 9]", items)
	}
	if _, err := Scan(strings.NewReader(""), "f", Parser{Format: "csv"}, nil, nil); err == nil {
		t.Error("Scan with an unknown format succeeded")
	}
}

// corporaDir finds the shared corpora: $ARROWS_CORPORA when set (only
// there), else shared/corpora beside the repository.
func corporaDir(t testing.TB) string {
	t.Helper()
	candidates := []string{filepath.Join("..", "..", "..", "shared", "corpora")}
	if env, ok := os.LookupEnv("ARROWS_CORPORA"); ok {
		candidates = []string{env}
	}
	for _, c := range candidates {
		if st, err := os.Stat(filepath.Join(c, "gsm8k")); err == nil && st.IsDir() {
			return c
		}
	}
	t.Skip("shared corpora not found (set ARROWS_CORPORA); the testdata subsets still cover the formats")
	return ""
}

// scanFile scans one file with p and returns the counts and items.
func scanFile(t testing.TB, path string, p Parser) (Counts, []Item, []schemas.DeadLetter) {
	t.Helper()
	rc, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	var items []Item
	var dead []schemas.DeadLetter
	c, err := Scan(rc, path, p,
		func(it Item) error { items = append(items, it); return nil },
		func(dl schemas.DeadLetter) error { dead = append(dead, dl); return nil })
	if err != nil {
		t.Fatalf("scan %s: %v", path, err)
	}
	return c, items, dead
}

func TestTestdataSubsetsParse(t *testing.T) {
	cases := []struct {
		file   string
		format Format
	}{
		{"testdata/gsm8k/test_head300.jsonl", FormatGSM8K},
		{"testdata/math500/test_head300.jsonl", FormatMATH},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			c, items, dead := scanFile(t, tc.file, Parser{Format: tc.format})
			if c.Lines != 300 || c.Items != 300 || len(dead) != 0 {
				t.Fatalf("counts %+v, dead letters %v", c, dead)
			}
			for _, it := range items {
				if it.Source.Problem == "" || it.Source.Solution == "" || it.Source.Answer == "" {
					t.Errorf("line %d: empty problem, solution or answer", it.Origin.Line)
				}
			}
		})
	}
}

func TestRealCorporaParse(t *testing.T) {
	dir := corporaDir(t)
	cases := []struct {
		name      string
		file      string
		parser    Parser
		lines     int64
		dead      map[int64]string // expected dead letters by line
		numeric   bool             // every normalized answer is a plain decimal number
		hasIDs    bool
		checkItem func(t *testing.T, it Item)
	}{
		{"gsm8k test", "gsm8k/test.jsonl", Parser{Format: FormatGSM8K}, 1319, nil, true, false, checkGSM8K},
		{"gsm8k train (gzip)", "gsm8k/train.jsonl.gz", Parser{Format: FormatGSM8K}, 7473, nil, true, false, checkGSM8K},
		{"gsm8k socratic test", "gsm8k/test_socratic.jsonl", Parser{Format: FormatGSM8K}, 1319, nil, true, false, checkGSM8K},
		{"math500 test", "math500/test.jsonl", Parser{Format: FormatMATH}, 500, nil, false, true, checkMATH500},
		{"MATH test (gzip)", "math/test.jsonl.gz", Parser{Format: FormatMATH}, 5000, nil, false, true, checkMATH},
		// Two MATH train solutions end in an empty \boxed{} (number_theory/7115 and 7117).
		{"MATH train (gzip)", "math/train.jsonl.gz", Parser{Format: FormatMATH}, 7500,
			map[int64]string{5530: ReasonNoFinalAnswer, 5532: ReasonNoFinalAnswer}, false, true, checkMATH},
		{"gsm-hard as generic jsonl", "gsm_hard/gsmhardv2.jsonl",
			Parser{Format: FormatJSONL, Fields: FieldMap{Problem: "input", Program: "code", Answer: "target"}}, 1319, nil, true, false, nil},
		{"mathqa as generic jsonl", "mathqa/test.jsonl",
			Parser{Format: FormatJSONL, Fields: FieldMap{Problem: "problem", Solution: "rationale", Answer: "correct"}}, 1000, nil, false, false, nil},
		{"aqua-rat test as generic jsonl", "aqua_rat/test.json",
			Parser{Format: FormatJSONL, Fields: FieldMap{Problem: "question", Solution: "rationale", Answer: "correct"}}, 254, nil, false, false, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, items, dead := scanFile(t, filepath.Join(dir, tc.file), tc.parser)
			wantItems := tc.lines - int64(len(tc.dead))
			if c.Lines != tc.lines || c.Items != wantItems || c.DeadLetters != int64(len(tc.dead)) {
				t.Fatalf("counts %+v, want %d lines = %d items + %d dead letters (got dead: %v)", c, tc.lines, wantItems, len(tc.dead), dead[:min(3, len(dead))])
			}
			for _, dl := range dead {
				if tc.dead[dl.Origin.Line] != dl.Reason {
					t.Errorf("dead letter at line %d: %q, want %q", dl.Origin.Line, dl.Reason, tc.dead[dl.Origin.Line])
				}
			}
			next := int64(1)
			for _, it := range items {
				for tc.dead[next] != "" {
					next++
				}
				if it.Origin.Line != next {
					t.Fatalf("item has line %d, want %d", it.Origin.Line, next)
				}
				next++
				s := it.Source
				if s.Problem == "" || s.Answer == "" {
					t.Errorf("line %d: empty problem or answer", it.Origin.Line)
				}
				if tc.numeric {
					if _, ok := canonicalNumber(s.Answer); !ok || strings.Contains(s.Answer, ",") {
						t.Errorf("line %d: answer %q (raw %q) is not a plain number", it.Origin.Line, s.Answer, it.RawAnswer)
					}
				}
				if tc.hasIDs && it.Origin.RecordID == "" {
					t.Errorf("line %d: no record id", it.Origin.Line)
				}
				if tc.checkItem != nil {
					tc.checkItem(t, it)
				}
			}
		})
	}
}

func checkGSM8K(t *testing.T, it Item) {
	raw, _ := GSM8KAnswer(it.Source.Solution)
	if raw != it.RawAnswer || it.Source.Answer != strings.ReplaceAll(raw, ",", "") {
		t.Errorf("line %d: raw %q normalized %q", it.Origin.Line, it.RawAnswer, it.Source.Answer)
	}
}

func checkMATH500(t *testing.T, it Item) {
	// MATH500's answer field is the last boxed of its solution, for all 500.
	boxed, ok := LastBoxed(it.Source.Solution)
	if !ok || boxed != it.RawAnswer {
		t.Errorf("line %d: answer field %q, last boxed %q", it.Origin.Line, it.RawAnswer, boxed)
	}
	checkMATH(t, it)
}

func checkMATH(t *testing.T, it Item) {
	if !strings.HasPrefix(it.Origin.RecordID, "test/") && !strings.HasPrefix(it.Origin.RecordID, "train/") {
		t.Errorf("line %d: unique_id %q", it.Origin.Line, it.Origin.RecordID)
	}
	if it.Meta["level"] == "" || it.Meta["subject"] == "" {
		t.Errorf("line %d: meta %v", it.Origin.Line, it.Meta)
	}
}
