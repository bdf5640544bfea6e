package corpus

import (
	"encoding/base64"
	"strconv"
	"strings"
	"testing"

	"github.com/arrows-math/arrows/schemas"
)

func TestParseRefusesAmbiguousAndEmptyRows(t *testing.T) {
	generic := FieldMap{Problem: "q", Answer: "a", Solution: "meta.sol"}
	cases := []struct {
		name       string
		format     Format
		fields     FieldMap
		line       string
		wantReason string // "" = parses
		wantDetail string // a substring of the dead letter's detail
	}{
		// Duplicate keys: decoders keep the last value silently.
		{"a duplicate top-level key is refused", FormatGSM8K, FieldMap{},
			`{"question":"What is 1+1?","answer":"#### 2","question":"What is 2+2?"}`, ReasonDuplicateKey, `"question"`},
		{"a duplicate key in a nested object is refused with its path", FormatMATH, FieldMap{},
			`{"problem":"p","solution":"\\boxed{1}","meta":{"a":1,"b":{"x":1,"x":2}}}`, ReasonDuplicateKey, `"meta.b.x"`},
		{"a duplicate key inside an array element names its index", FormatJSONL, FieldMap{},
			`{"problem":"p","answer":"1","choices":[{"t":1},{"t":2,"t":3}]}`, ReasonDuplicateKey, `"choices.1.t"`},
		{"a key written with an escape is the same key", FormatGSM8K, FieldMap{},
			`{"question":"q","answer":"#### 2","\u0071uestion":"other"}`, ReasonDuplicateKey, `"question"`},
		{"the same key in sibling objects is fine", FormatJSONL, FieldMap{},
			`{"problem":"p","answer":"1","a":{"id":1},"b":{"id":2},"c":[{"id":1},{"id":1}]}`, "", ""},
		{"keys differing only in case are distinct JSON keys", FormatJSONL, FieldMap{},
			`{"problem":"p","Problem":"P","answer":"1"}`, "", ""},
		{"a duplicate key in a line that is not JSON is invalid_json", FormatGSM8K, FieldMap{},
			`{"question":"q","question":"q2","answer":`, ReasonInvalidJSON, ""},
		{"a key repeated in an object of many keys is found", FormatJSONL, FieldMap{},
			`{"problem":"p","answer":"1",` + manyKeys(50) + `,"k7":0}`, ReasonDuplicateKey, `"k7"`},
		{"string values holding quotes and braces do not confuse the scan", FormatGSM8K, FieldMap{},
			`{"question":"say \"question\": {\"a\":1,\"a\":2} \\","answer":"#### 2"}`, "", ""},

		// Empty required fields are missing.
		{"an empty gsm8k question is missing", FormatGSM8K, FieldMap{}, `{"question":"","answer":"#### 2"}`, "missing_field:question", "empty"},
		{"a whitespace-only gsm8k answer is missing", FormatGSM8K, FieldMap{}, `{"question":"q","answer":" \n "}`, "missing_field:answer", "empty"},
		{"an empty math problem is missing", FormatMATH, FieldMap{}, `{"problem":"  ","solution":"\\boxed{1}"}`, "missing_field:problem", "empty"},
		{"an empty math solution is missing", FormatMATH, FieldMap{}, `{"problem":"p","solution":""}`, "missing_field:solution", "empty"},
		{"an empty mapped problem is missing", FormatJSONL, generic, `{"q":"","a":"1","meta":{"sol":"s"}}`, "missing_field:q", "empty"},
		{"an empty mapped answer is missing", FormatJSONL, generic, `{"q":"p","a":"","meta":{"sol":"s"}}`, "missing_field:a", "empty"},
		{"an empty mapped nested solution is missing", FormatJSONL, generic, `{"q":"p","a":"1","meta":{"sol":" "}}`, "missing_field:meta.sol", "empty"},
		{"an empty optional field is simply absent", FormatJSONL, FieldMap{}, `{"problem":"p","solution":"","answer":"1"}`, "", ""},
		{"a mapped numeric answer 0 is not empty", FormatJSONL, generic, `{"q":"p","a":0,"meta":{"sol":"s"}}`, "", ""},

		// GSM8K final answers must be numbers.
		{"a number word after #### is not a number", FormatGSM8K, FieldMap{}, `{"question":"q","answer":"#### five"}`, ReasonNonNumericAnswer, `"five"`},
		{"a number with a unit is not a number", FormatGSM8K, FieldMap{}, `{"question":"q","answer":"#### 18 dollars"}`, ReasonNonNumericAnswer, "18 dollars"},
		{"a fraction is not a gsm8k answer", FormatGSM8K, FieldMap{}, `{"question":"q","answer":"#### 1/2"}`, ReasonNonNumericAnswer, "1/2"},
		{"thousands separators are a number", FormatGSM8K, FieldMap{}, `{"question":"q","answer":"#### 1,000"}`, "", ""},
		{"a currency sign and decimals are a number", FormatGSM8K, FieldMap{}, `{"question":"q","answer":"#### $-2.50"}`, "", ""},
		{"generic rows keep non-numeric answers", FormatJSONL, FieldMap{}, `{"problem":"p","answer":"five"}`, "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parser{Format: tc.format, Fields: tc.fields}.Parse([]byte(tc.line), at("f", 1))
			if got := Reason(err); got != tc.wantReason {
				t.Fatalf("reason %q (%v), want %q", got, err, tc.wantReason)
			}
			if err == nil {
				return
			}
			dl := NewDeadLetter(at("f", 1), []byte(tc.line), err)
			if !strings.Contains(dl.Detail, tc.wantDetail) {
				t.Errorf("detail %q lacks %q", dl.Detail, tc.wantDetail)
			}
			if dl.Line != tc.line || dl.LineBase64 != "" || dl.Truncated {
				t.Errorf("dead letter does not keep the line as is: %+v", dl)
			}
		})
	}
}

// manyKeys returns n distinct "kI":I members.
func manyKeys(n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = `"k` + strconv.Itoa(i) + `":` + strconv.Itoa(i)
	}
	return strings.Join(parts, ",")
}

func TestDuplicateKeyScanFollowsJSON(t *testing.T) {
	cases := []struct {
		in       string
		wantPath string // "" = no duplicate reported
	}{
		{`{}`, ""},
		{`{"a":1}`, ""},
		{`{"a":1,"a":1}`, "a"},
		{` { "a" : [ ] , "b" : { } , "a" : null } `, "a"},
		{`[{"a":1},{"a":2}]`, ""},
		{`[1,[2,{"x":{"y":true,"y":false}}]]`, "1.1.x.y"},
		{`{"a\\":1,"a":2}`, ""},            // key `a\` then `a`
		{`{"a\\\"":1,"a\\\"":2}`, `a\"`},   // the key a\" twice
		{`{"\u00e9":1,"é":2}`, "é"},        // one escaped, one literal
		{`{"a":"}","b":"{","a":"x"}`, "a"}, // braces inside strings
		{`{"a":1,"a"`, "a"},                // reported; Parse then checks the line is JSON
		{`{"a":1 "b":2,"b":3}`, ""},        // a missing comma stops the scan
		{strings.Repeat("[", 5000) + `{"a":1,"a":2}` + strings.Repeat("]", 5000), ""}, // too deep: left to the decoder
	}
	for _, tc := range cases {
		path, found := duplicateKey([]byte(tc.in))
		if found != (tc.wantPath != "") || path != tc.wantPath {
			t.Errorf("duplicateKey(%.60s) = %q, %v; want %q", tc.in, path, found, tc.wantPath)
		}
	}
}

func TestDeadLettersCarryDetailAndTheExactBytes(t *testing.T) {
	v, err := schemas.NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	invalid := []byte("{\"question\":\"caf\xe9 \xff\",\"answer\":\"#### 1\"}")
	cases := []struct {
		name          string
		line          []byte
		tooLong       bool
		wantReason    string
		wantDetail    string
		wantBase64    bool
		wantTruncated bool
	}{
		{"a syntax error names the JSON error", []byte(`{"question": "q"`), false, ReasonInvalidJSON, "unexpected end of JSON input", false, false},
		{"a wrongly typed field says what it got", []byte(`{"question": 7, "answer": "#### 1"}`), false, "invalid_field:question", "number", false, false},
		{"invalid UTF-8 keeps its exact bytes in base64", invalid, false, ReasonInvalidUTF8, "", true, false},
		{"an oversized line is marked truncated", []byte(`{"question":"` + strings.Repeat("x", 300)), true, ReasonOversized, "", false, true},
		{"a line over the dead-letter cap is cut and marked", []byte(`{"question":` + strings.Repeat("x", DeadLetterLineBytes)), false, ReasonInvalidJSON, "invalid character", false, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var perr error
			if tc.tooLong {
				perr = &ParseError{Reason: ReasonOversized}
			} else {
				_, perr = ParseLine(FormatGSM8K, FieldMap{}, tc.line, at("f", 9))
			}
			dl := NewDeadLetter(at("f", 9), tc.line, perr)
			if dl.Reason != tc.wantReason || !strings.Contains(dl.Detail, tc.wantDetail) {
				t.Errorf("reason %q detail %q, want %q with %q", dl.Reason, dl.Detail, tc.wantReason, tc.wantDetail)
			}
			if dl.Truncated != tc.wantTruncated {
				t.Errorf("truncated = %v", dl.Truncated)
			}
			if tc.wantBase64 {
				got, err := base64.StdEncoding.DecodeString(dl.LineBase64)
				if err != nil || string(got) != string(tc.line) {
					t.Errorf("line_base64 decodes to %q, want the original %q", got, tc.line)
				}
				if !strings.Contains(dl.Line, "caf\uFFFD") {
					t.Errorf("line %q is not the readable form", dl.Line)
				}
			} else {
				if dl.LineBase64 != "" {
					t.Errorf("line_base64 set for valid UTF-8")
				}
				if !strings.HasPrefix(string(tc.line), dl.Line) || (!tc.wantTruncated && dl.Line != string(tc.line)) {
					t.Errorf("line %.40q is not the original", dl.Line)
				}
			}
			if err := v.ValidateValue(schemas.SchemaDeadLetter, dl); err != nil {
				t.Errorf("dead letter fails its schema: %v", err)
			}
		})
	}
}
