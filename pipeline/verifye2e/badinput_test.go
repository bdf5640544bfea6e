package verifye2e

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/arrows-math/arrows/internal/corpus"
	"github.com/arrows-math/arrows/internal/e2etest"
	"github.com/arrows-math/arrows/schemas"
)

// badLine is one input line and what must become of it.
type badLine struct {
	text string
	// outcome is "accepted", "rejected" or the dead-letter reason.
	outcome string
	// id is the record's own id, expected in its origin.
	id string
}

const (
	outAccepted = "accepted"
	outRejected = "rejected"
)

// gsm8kLine encodes a GSM8K row (with an id when id is not empty).
func gsm8kLine(t *testing.T, question, answer, id string) string {
	t.Helper()
	row := map[string]any{"question": question, "answer": answer}
	if id != "" {
		row["id"] = id
	}
	b, err := json.Marshal(row)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestBadInputNeverStopsTheJob feeds the verify job a file that mixes good
// rows with every kind of bad line, and a multi-member .gz file: the job
// completes, every input line ends in exactly one of accepted/, rejected/
// and deadletter/ (counted from the files and from stats.json), dead letters
// carry their origin and reason, and every row its origin.
func TestBadInputNeverStopsTheJob(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	files := writeBadInput(t, in)

	out := filepath.Join(dir, "out")
	cfg := verifyConfig([]string{filepath.Join(in, "*")}, corpus.FormatGSM8K, out)
	cfg.Read.MaxLineBytes = badInputMaxLine
	runVerify(t, cfg)
	o := e2etest.ReadOutput(t, out)
	checkBadInputOutput(t, files, o)
}

// badInputMaxLine is the --max-line-bytes of the bad-input corpus.
const badInputMaxLine = 4096

// writeBadInput writes the bad-input corpus into the directory in: a file
// that mixes good rows with every kind of bad line, and a multi-member .gz
// file. It returns each file's lines and what must become of them.
func writeBadInput(t *testing.T, in string) map[string][]badLine {
	t.Helper()
	const maxLine = badInputMaxLine
	good := func(id string) badLine {
		return badLine{gsm8kLine(t, "Ann has 3 boxes of 4 pens. How many pens does she have?",
			"She has 3*4=<<3*4=12>>12 pens.\n#### 12", id), outAccepted, id}
	}
	mixed := []badLine{
		good("row-1"),
		{gsm8kLine(t, "Ann has 3 boxes of 4 pens. How many pens does she have?", "She has 3*4=<<3*4=12>>12 pens.\n#### 13", "row-2"), outRejected, "row-2"},
		{gsm8kLine(t, "Tom buys 5 apples at 2 dollars each. What does he pay?", "He pays 5*2=11 dollars.\n#### 11", ""), outRejected, ""},
		{`{"question": "What is 2+2?", "answer": "2+2=4\n#### 4"`, corpus.ReasonInvalidJSON, ""},
		{`this is not json at all`, corpus.ReasonInvalidJSON, ""},
		{`{"question": "What is 2+2?"}`, corpus.ReasonMissingFieldPrefix + "answer", ""},
		{`{"answer": "2+2=4\n#### 4", "id": "no-question"}`, corpus.ReasonMissingFieldPrefix + "question", ""},
		{`{"question": 7, "answer": "#### 4"}`, corpus.ReasonInvalidFieldPrefix + "question", ""},
		{`{"question": "What is 2+2?", "answer": "It is 4."}`, corpus.ReasonNoFinalAnswer, ""},
		{"{\"question\": \"caf\xe9 \xff\xfe?\", \"answer\": \"#### 1\"}", corpus.ReasonInvalidUTF8, ""},
		{gsm8kLine(t, strings.Repeat("How many? ", maxLine/5), "#### 1", "huge"), corpus.ReasonOversized, ""},
		{"", corpus.ReasonEmptyLine, ""},
		{"   \t ", corpus.ReasonEmptyLine, ""},
		{`[1, 2, 3]`, corpus.ReasonNotObject, ""},
		{`null`, corpus.ReasonNotObject, ""},
		good(""),
		good("row-last-crlf"),
	}
	var gz []badLine
	for i := 0; i < 150; i++ {
		gz = append(gz, good("gz-"+strconv.Itoa(i)))
	}
	gz = append(gz, badLine{`{"question": "broken`, corpus.ReasonInvalidJSON, ""})
	for i := 150; i < 300; i++ {
		gz = append(gz, good("gz-"+strconv.Itoa(i)))
	}

	if err := os.MkdirAll(in, 0o755); err != nil {
		t.Fatal(err)
	}
	// mixed.jsonl: "\n" line ends, one "\r\n", and no newline after the last line.
	var b bytes.Buffer
	for i, l := range mixed {
		b.WriteString(l.text)
		switch {
		case i == len(mixed)-2:
			b.WriteString("\r\n")
		case i < len(mixed)-1:
			b.WriteString("\n")
		}
	}
	if err := os.WriteFile(filepath.Join(in, "mixed.jsonl"), b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	// more.jsonl.gz: two gzip members (as `cat a.gz b.gz` makes), split mid-file.
	var z bytes.Buffer
	for _, part := range [][]badLine{gz[:100], gz[100:]} {
		w := gzip.NewWriter(&z)
		for _, l := range part {
			w.Write([]byte(l.text + "\n"))
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(in, "more.jsonl.gz"), z.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	files := map[string][]badLine{"mixed.jsonl": mixed, "more.jsonl.gz": gz}
	for name, lines := range files {
		if n := countLines(t, filepath.Join(in, name)); n != int64(len(lines)) {
			t.Fatalf("%s has %d lines, built %d", name, n, len(lines))
		}
	}
	return files
}

// checkBadInputOutput checks where each line of the bad-input corpus went.
func checkBadInputOutput(t *testing.T, files map[string][]badLine, o e2etest.Output) {
	t.Helper()
	// Where did each line go? Each (file, line) exactly once.
	got := map[string]map[int64]string{}
	put := func(o schemas.Origin, outcome string) {
		name := filepath.Base(o.File)
		if _, ok := files[name]; !ok || o.Line < 1 {
			t.Fatalf("output with a bad origin %+v (%s)", o, outcome)
		}
		if got[name] == nil {
			got[name] = map[int64]string{}
		}
		if prev, dup := got[name][o.Line]; dup {
			t.Fatalf("%s:%d came out twice (%s and %s)", name, o.Line, prev, outcome)
		}
		got[name][o.Line] = outcome
	}
	for _, r := range o.Accepted {
		put(originOf(t, r), outAccepted)
	}
	for _, r := range o.Rejected {
		put(originOf(t, r), outRejected)
	}
	for _, d := range o.Dead {
		if d.Reason == "" {
			t.Errorf("dead letter without a reason: %+v", d)
		}
		put(d.Origin, d.Reason)
	}
	total := 0
	for name, lines := range files {
		total += len(lines)
		for i, l := range lines {
			if g := got[name][int64(i+1)]; g != l.outcome {
				t.Errorf("%s:%d went to %q, want %q (line %q)", name, i+1, g, l.outcome, e2etest.Clip(l.text, 80))
			}
		}
		if len(got[name]) != len(lines) {
			t.Errorf("%s: %d lines came out, want %d", name, len(got[name]), len(lines))
		}
	}

	// Every row carries its origin with its own id; dead letters keep the line.
	ids := map[string]bool{}
	for _, r := range append(append([]schemas.Record{}, o.Accepted...), o.Rejected...) {
		org := originOf(t, r)
		want := files[filepath.Base(org.File)][org.Line-1].id
		if org.RecordID != want {
			t.Errorf("%s:%d origin record id %q, want %q", org.File, org.Line, org.RecordID, want)
		}
		if ids[r.ID] {
			t.Errorf("row id %s appears twice", r.ID)
		}
		ids[r.ID] = true
	}
	for _, d := range o.Dead {
		src := files[filepath.Base(d.Origin.File)][d.Origin.Line-1].text
		var ok bool
		if d.Reason == corpus.ReasonOversized {
			ok = len(d.Line) > 0 && len(d.Line) <= corpus.DeadLetterLineBytes && strings.HasPrefix(src, d.Line)
		} else {
			ok = d.Line == strings.ToValidUTF8(src, "\uFFFD")
		}
		if !ok {
			t.Errorf("%s:%d dead letter keeps %q, input was %q", d.Origin.File, d.Origin.Line, e2etest.Clip(d.Line, 80), e2etest.Clip(src, 80))
		}
	}

	// input lines = accepted + rejected + dead-lettered, from the files and from stats.json.
	if n := len(o.Accepted) + len(o.Rejected) + len(o.Dead); n != total {
		t.Errorf("files: %d accepted + %d rejected + %d dead = %d, want %d input lines", len(o.Accepted), len(o.Rejected), len(o.Dead), n, total)
	}
	st := o.Stats
	if st.Accepted != int64(len(o.Accepted)) || st.Rejected != int64(len(o.Rejected)) || st.DeadLettered != int64(len(o.Dead)) {
		t.Errorf("stats.json accepted=%d rejected=%d dead_lettered=%d; files %d/%d/%d", st.Accepted, st.Rejected, st.DeadLettered, len(o.Accepted), len(o.Rejected), len(o.Dead))
	}
	if st.Rows+st.DeadLettered != int64(total) {
		t.Errorf("stats.json rows %d + dead_lettered %d != %d input lines", st.Rows, st.DeadLettered, total)
	}
	wantReasons := map[string]int64{}
	for _, lines := range files {
		for _, l := range lines {
			if l.outcome != outAccepted && l.outcome != outRejected {
				wantReasons[l.outcome]++
			}
		}
	}
	for reason, n := range wantReasons {
		if st.DeadLetterReasons[reason] != n {
			t.Errorf("stats.json dead_letter_reasons[%s] = %d, want %d (all: %v)", reason, st.DeadLetterReasons[reason], n, st.DeadLetterReasons)
		}
	}
	if len(st.DeadLetterReasons) != len(wantReasons) {
		t.Errorf("stats.json dead_letter_reasons = %v, want %v", st.DeadLetterReasons, wantReasons)
	}
	t.Logf("%d input lines: %d accepted, %d rejected (%s), %d dead-lettered %v", total, len(o.Accepted), len(o.Rejected), failedReasons(o.Rejected), len(o.Dead), st.DeadLetterReasons)
}
