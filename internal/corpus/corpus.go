// Package corpus reads existing math corpora line by line for `arrows verify`
// and for the seeds pathway: our own JSONL rows (schemas.Record), GSM8K,
// Hendrycks MATH / MATH500 and generic JSONL with a field mapping.
//
// Every physical input line ends up as exactly one Item or one dead letter
// (schemas.DeadLetter): ReadLines delivers every line, including blank and
// oversized ones, and ParseLine either returns an Item or a *ParseError whose
// Reason is a short stable string. Blank lines are NOT skipped: they are
// dead-lettered with reason "empty_line", so that
//
//	input lines = items + dead letters        (Counts.Lines = Items + DeadLetters)
//
// holds for every file, and downstream accepted + rejected = items.
//
// A truncated or corrupt compressed file is read up to the fault: its whole
// lines before the fault are kept and its unreadable remainder (from the
// partial line being read) is one dead letter, reason "truncated_file" or
// "corrupt_file", counted as one line, with the offsets of the fault (see
// CorruptError and FaultDeadLetter). A failure of the storage itself is an
// error, never a dead letter.
//
// Scan ties the pieces together for one reader; PlanRanges and ScanRange
// split a file into ranges of whole lines read in parallel. The package is
// pure Go (no Beam): a pipeline opens its own readers (gs:// through Beam's
// filesystem), wraps them with Decompress (gzip/bzip2 by magic bytes; Open
// does both for local paths) and calls Scan, ScanRange or ReadLines +
// Parser.Parse.
package corpus

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/arrows-math/arrows/schemas"
)

// Format names an input format.
type Format string

// Input formats.
const (
	// FormatArrows is our own JSONL: one schemas.Record per line.
	FormatArrows Format = "arrows"
	// FormatGSM8K is {"question","answer"} with the final answer on a "#### N" line.
	FormatGSM8K Format = "gsm8k"
	// FormatMATH is Hendrycks MATH / MATH500: {"problem","solution","answer"?,
	// "level","type"|"subject","unique_id"?}; without an answer field the answer
	// is the last \boxed{} of the solution.
	FormatMATH Format = "math"
	// FormatJSONL is generic JSONL whose fields are named by a FieldMap.
	FormatJSONL Format = "jsonl"
)

// Formats lists the supported formats.
var Formats = []Format{FormatArrows, FormatGSM8K, FormatMATH, FormatJSONL}

// ParseFormat checks a format name given on the command line.
func ParseFormat(s string) (Format, error) {
	for _, f := range Formats {
		if string(f) == s {
			return f, nil
		}
	}
	return "", fmt.Errorf("unknown corpus format %q (want one of arrows, gsm8k, math, jsonl)", s)
}

// Item is one parsed input line: either a full Record (format arrows) or a
// SourceItem (external formats), with where it came from.
type Item struct {
	// Origin is the input file, 1-based line number and the record's own id
	// ("id" or "unique_id" field, Record.ID for arrows rows) when present.
	Origin schemas.Origin
	// Record is set for format arrows. It is returned as decoded; its own
	// Origin field (if any) is left untouched.
	Record *schemas.Record
	// Source is set for the external formats. Source.Answer holds the
	// normalized final answer (NormalizeAnswer), Source.Solution the solution
	// text verbatim, Source.Origin equals Origin.
	Source *schemas.SourceItem
	// RawAnswer is the final answer as written in the input, before
	// normalization (e.g. "1,000" where Source.Answer is "1000").
	RawAnswer string
	// Meta holds descriptive fields of external rows when present:
	// "level" and "subject" (MATH "type" or MATH500 "subject").
	Meta map[string]string
}

// Parser turns input lines into Items. The zero value of optional fields
// selects the defaults.
type Parser struct {
	Format Format
	// Fields maps the generic jsonl format's fields (see FieldMap).
	Fields FieldMap
	// MaxLineBytes is the longest accepted line; 0 means DefaultMaxLineBytes.
	MaxLineBytes int
	// Benchmark, when set, is copied into SourceItem.Benchmark.
	Benchmark string
}

// ParseLine parses one line with default limits; see Parser.Parse.
func ParseLine(format Format, fm FieldMap, line []byte, origin schemas.Origin) (Item, error) {
	return Parser{Format: format, Fields: fm}.Parse(line, origin)
}

// Parse parses one input line (without its line terminator). origin gives the
// file and line number; Parse fills in the record id. Failures are
// *ParseError values whose Reason is, in order of checking: "oversized",
// "invalid_utf8", "empty_line", "invalid_json", "not_object",
// "duplicate_key", then "missing_field:<key>", "invalid_field:<key>",
// "no_final_answer" or "non_numeric_answer".
func (p Parser) Parse(line []byte, origin schemas.Origin) (Item, error) {
	max := p.MaxLineBytes
	if max <= 0 {
		max = DefaultMaxLineBytes
	}
	if len(line) > max {
		return Item{Origin: origin}, parseErr(ReasonOversized, fmt.Errorf("line of %d bytes exceeds %d", len(line), max))
	}
	if !utf8.Valid(line) {
		return Item{Origin: origin}, parseErr(ReasonInvalidUTF8, nil)
	}
	// A UTF-8 byte order mark (first line of some exported files) is not data.
	trimmed := bytes.TrimSpace(bytes.TrimPrefix(line, []byte("\xef\xbb\xbf")))
	if len(trimmed) == 0 {
		return Item{Origin: origin}, parseErr(ReasonEmptyLine, nil)
	}
	if trimmed[0] != '{' {
		if json.Valid(trimmed) {
			return Item{Origin: origin}, parseErr(ReasonNotObject, fmt.Errorf("JSON value starts with %q", trimmed[0]))
		}
		return Item{Origin: origin}, parseErr(ReasonInvalidJSON, syntaxError(trimmed))
	}
	if path, dup := duplicateKey(trimmed); dup && json.Valid(trimmed) {
		return Item{Origin: origin}, parseErr(ReasonDuplicateKey, fmt.Errorf("key %q appears more than once in one object", path))
	}
	switch p.Format {
	case FormatArrows:
		return parseArrows(trimmed, origin)
	case FormatGSM8K, FormatMATH, FormatJSONL:
		var (
			it  Item
			err error
		)
		switch p.Format {
		case FormatGSM8K:
			it, err = parseGSM8K(trimmed, origin)
		case FormatMATH:
			it, err = parseMATH(trimmed, origin)
		default:
			var obj map[string]json.RawMessage
			if err := json.Unmarshal(trimmed, &obj); err != nil {
				return Item{Origin: origin}, parseErr(ReasonInvalidJSON, err)
			}
			it, err = parseGeneric(obj, p.Fields, origin)
		}
		if err != nil {
			return Item{Origin: origin}, err
		}
		it.Source.Benchmark = p.Benchmark
		return it, nil
	default:
		return Item{Origin: origin}, fmt.Errorf("parse line: unknown format %q", p.Format)
	}
}

func syntaxError(b []byte) error {
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	return errors.New("invalid JSON")
}

func parseArrows(line []byte, origin schemas.Origin) (Item, error) {
	var rec schemas.Record
	if err := json.Unmarshal(line, &rec); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return Item{Origin: origin}, invalidField(te.Field, err)
		}
		return Item{Origin: origin}, parseErr(ReasonInvalidJSON, err)
	}
	if rec.ID == "" {
		return Item{Origin: origin}, missingField("id")
	}
	origin.RecordID = rec.ID
	return Item{Origin: origin, Record: &rec}, nil
}

// decodeRow decodes a JSON object into a row struct in one pass, mapping a
// wrongly typed field to "invalid_field:<key>" and anything else to
// "invalid_json". (encoding/json matches keys case-insensitively.)
func decodeRow(line []byte, row any) error {
	err := json.Unmarshal(line, row)
	if err == nil {
		return nil
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return invalidField(te.Field, fmt.Errorf("want a %s, got JSON %s", te.Type, te.Value))
	}
	return parseErr(ReasonInvalidJSON, err)
}

// gsm8kRow is one GSM8K line.
type gsm8kRow struct {
	Question *string         `json:"question"`
	Answer   *string         `json:"answer"`
	ID       json.RawMessage `json:"id"`
}

func parseGSM8K(line []byte, origin schemas.Origin) (Item, error) {
	var row gsm8kRow
	if err := decodeRow(line, &row); err != nil {
		return Item{}, err
	}
	if err := requireText(row.Question, "question"); err != nil {
		return Item{}, err
	}
	if err := requireText(row.Answer, "answer"); err != nil {
		return Item{}, err
	}
	raw, ok := GSM8KAnswer(*row.Answer)
	if !ok {
		return Item{}, parseErr(ReasonNoFinalAnswer, errors.New(`no "#### <answer>" line`))
	}
	if _, ok := canonicalNumber(raw); !ok {
		return Item{}, parseErr(ReasonNonNumericAnswer, fmt.Errorf("final answer %q after \"####\" is not a number", raw))
	}
	id, err := rawScalar(row.ID, "id", false, false)
	if err != nil {
		return Item{}, err
	}
	origin.RecordID = id
	return Item{
		Origin:    origin,
		Source:    &schemas.SourceItem{Problem: *row.Question, Solution: *row.Answer, Answer: NormalizeAnswer(raw), Origin: origin},
		RawAnswer: raw,
	}, nil
}

// mathRow is one MATH or MATH500 line.
type mathRow struct {
	Problem  *string         `json:"problem"`
	Solution *string         `json:"solution"`
	Answer   json.RawMessage `json:"answer"`
	UniqueID json.RawMessage `json:"unique_id"`
	ID       json.RawMessage `json:"id"`
	Level    json.RawMessage `json:"level"`
	Type     json.RawMessage `json:"type"`
	Subject  json.RawMessage `json:"subject"`
}

func parseMATH(line []byte, origin schemas.Origin) (Item, error) {
	var row mathRow
	if err := decodeRow(line, &row); err != nil {
		return Item{}, err
	}
	if err := requireText(row.Problem, "problem"); err != nil {
		return Item{}, err
	}
	if err := requireText(row.Solution, "solution"); err != nil {
		return Item{}, err
	}
	raw, err := rawScalar(row.Answer, "answer", false, false)
	if err != nil {
		return Item{}, err
	}
	if raw == "" {
		boxed, ok := LastBoxed(*row.Solution)
		if !ok {
			return Item{}, parseErr(ReasonNoFinalAnswer, errors.New(`no answer field and no \boxed{} in the solution`))
		}
		if boxed == "" {
			return Item{}, parseErr(ReasonNoFinalAnswer, errors.New(`the solution's last \boxed{} is empty`))
		}
		raw = boxed
	}
	id, err := rawScalar(row.UniqueID, "unique_id", false, false)
	if err != nil {
		return Item{}, err
	}
	if id == "" {
		if id, err = rawScalar(row.ID, "id", false, false); err != nil {
			return Item{}, err
		}
	}
	origin.RecordID = id
	meta := map[string]string{}
	if lv, err := rawScalar(row.Level, "level", false, false); err == nil && lv != "" {
		meta["level"] = lv
	}
	for _, r := range []json.RawMessage{row.Type, row.Subject} {
		if s, err := rawScalar(r, "type", false, false); err == nil && s != "" {
			meta["subject"] = s
			break
		}
	}
	if len(meta) == 0 {
		meta = nil
	}
	return Item{
		Origin:    origin,
		Source:    &schemas.SourceItem{Problem: *row.Problem, Solution: *row.Solution, Answer: NormalizeAnswer(raw), Origin: origin},
		RawAnswer: raw,
		Meta:      meta,
	}, nil
}

func parseGeneric(obj map[string]json.RawMessage, fm FieldMap, origin schemas.Origin) (Item, error) {
	key := func(set, def string) (string, bool) {
		if set != "" {
			return set, true
		}
		return def, false
	}
	pk, _ := key(fm.Problem, "problem")
	problem, err := lookupString(obj, pk, true)
	if err != nil {
		return Item{}, err
	}
	sk, req := key(fm.Solution, "solution")
	solution, err := lookupString(obj, sk, req)
	if err != nil {
		return Item{}, err
	}
	prk, req := key(fm.Program, "program")
	program, err := lookupString(obj, prk, req)
	if err != nil {
		return Item{}, err
	}
	ak, req := key(fm.Answer, "answer")
	raw, err := lookupScalar(obj, ak, req, true)
	if err != nil {
		return Item{}, err
	}
	if raw == "" && !req && solution != "" {
		// No answer field: take the solution's own final answer if it marks one.
		if b, ok := LastBoxed(solution); ok {
			raw = b
		} else if g, ok := GSM8KAnswer(solution); ok {
			raw = g
		}
	}
	ik, req := key(fm.ID, "id")
	id, err := lookupScalar(obj, ik, req, false)
	if err != nil {
		return Item{}, err
	}
	origin.RecordID = id
	return Item{
		Origin:    origin,
		Source:    &schemas.SourceItem{Problem: problem, Solution: solution, Answer: NormalizeAnswer(raw), Program: program, Origin: origin},
		RawAnswer: raw,
	}, nil
}

// requireText checks a required string field of a row struct: absent, null,
// empty or only whitespace is "missing_field:<key>".
func requireText(v *string, key string) error {
	if v == nil {
		return missingField(key)
	}
	if strings.TrimSpace(*v) == "" {
		return emptyField(key)
	}
	return nil
}

// rawString reads a JSON string value. A missing, null, empty or
// whitespace-only value is an error only when required; a value of another
// type is always an error.
func rawString(raw json.RawMessage, key string, required bool) (string, error) {
	if isAbsent(raw) {
		if required {
			return "", missingField(key)
		}
		return "", nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", invalidField(key, fmt.Errorf("want a string, got %s", kindOf(raw)))
	}
	if required && strings.TrimSpace(s) == "" {
		return "", emptyField(key)
	}
	return s, nil
}

// rawScalar returns strings as is and numbers/booleans as written. With
// allowComposite, arrays and objects are returned as compact JSON text. A
// missing, null, empty or whitespace-only string is an error only when
// required.
func rawScalar(raw json.RawMessage, key string, required, allowComposite bool) (string, error) {
	if isAbsent(raw) {
		if required {
			return "", missingField(key)
		}
		return "", nil
	}
	raw = bytes.TrimSpace(raw)
	switch raw[0] {
	case '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", invalidField(key, err)
		}
		if required && strings.TrimSpace(s) == "" {
			return "", emptyField(key)
		}
		return s, nil
	case '[', '{':
		if !allowComposite {
			return "", invalidField(key, fmt.Errorf("want a scalar, got %s", kindOf(raw)))
		}
		var buf bytes.Buffer
		if err := json.Compact(&buf, raw); err != nil {
			return "", invalidField(key, err)
		}
		return buf.String(), nil
	default: // number, true, false
		return string(raw), nil
	}
}

func isAbsent(raw json.RawMessage) bool {
	t := bytes.TrimSpace(raw)
	return len(t) == 0 || string(t) == "null"
}

func kindOf(raw json.RawMessage) string {
	t := bytes.TrimSpace(raw)
	if len(t) == 0 {
		return "nothing"
	}
	switch t[0] {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	default:
		return "a number"
	}
}

// lookup finds a possibly dotted key ("meta.id", "choices.0.text"). An exact
// top-level key wins over the dotted path.
func lookup(obj map[string]json.RawMessage, key string) json.RawMessage {
	if v, ok := obj[key]; ok {
		return v
	}
	head, rest, dotted := strings.Cut(key, ".")
	if !dotted {
		return nil
	}
	v, ok := obj[head]
	if !ok {
		return nil
	}
	for {
		t := bytes.TrimSpace(v)
		if len(t) == 0 {
			return nil
		}
		var next json.RawMessage
		switch t[0] {
		case '{':
			var m map[string]json.RawMessage
			if json.Unmarshal(t, &m) != nil {
				return nil
			}
			return lookup(m, rest)
		case '[':
			seg, more, _ := strings.Cut(rest, ".")
			idx, err := strconv.Atoi(seg)
			if err != nil || idx < 0 {
				return nil
			}
			var a []json.RawMessage
			if json.Unmarshal(t, &a) != nil || idx >= len(a) {
				return nil
			}
			next = a[idx]
			if more == "" {
				return next
			}
			v, rest = next, more
		default:
			return nil
		}
	}
}

func lookupString(obj map[string]json.RawMessage, key string, required bool) (string, error) {
	return rawString(lookup(obj, key), key, required)
}

func lookupScalar(obj map[string]json.RawMessage, key string, required, allowComposite bool) (string, error) {
	return rawScalar(lookup(obj, key), key, required, allowComposite)
}
