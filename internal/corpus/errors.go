package corpus

import (
	"encoding/base64"
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/arrows-math/arrows/schemas"
)

// Dead-letter reasons: short, stable strings used as schemas.DeadLetter.Reason.
// Reasons for a missing or badly typed field are a prefix followed by the
// input key, e.g. "missing_field:question".
const (
	// ReasonInvalidJSON: the line is not valid JSON (truncated, garbage).
	ReasonInvalidJSON = "invalid_json"
	// ReasonNotObject: the line is valid JSON but not an object (array, string, null...).
	ReasonNotObject = "not_object"
	// ReasonInvalidUTF8: the line holds bytes that are not valid UTF-8.
	ReasonInvalidUTF8 = "invalid_utf8"
	// ReasonOversized: the line is longer than the configured maximum.
	ReasonOversized = "oversized"
	// ReasonEmptyLine: the line is empty or only whitespace. Such lines are
	// dead-lettered, not skipped, so that every physical input line is
	// accounted for: input lines = items + dead letters.
	ReasonEmptyLine = "empty_line"
	// ReasonNoFinalAnswer: a gsm8k row without a "#### <answer>" line, or a
	// math row with neither an answer field nor a non-empty \boxed{} in its
	// solution (two MATH train rows end in an empty \boxed{}).
	ReasonNoFinalAnswer = "no_final_answer"
	// ReasonDuplicateKey: a JSON object of the line holds the same key twice
	// (at any depth; the detail names its path). Decoders silently keep the
	// last value, so the row is ambiguous and refused.
	ReasonDuplicateKey = "duplicate_key"
	// ReasonNonNumericAnswer: a gsm8k row whose final answer (after "####")
	// is not a decimal number. GSM8K answers are numbers: digits with an
	// optional sign, decimal point, thousands separators ("1,000") and
	// currency sign ("$5"), see NormalizeAnswer. Number words ("five"),
	// fractions, units and expressions are not accepted, since comparing
	// them with a program's result would need guessing.
	ReasonNonNumericAnswer = "non_numeric_answer"
	// ReasonMissingFieldPrefix + key: a required field is absent, null, an
	// empty string or only whitespace.
	ReasonMissingFieldPrefix = "missing_field:"
	// ReasonInvalidFieldPrefix + key: a field has the wrong JSON type
	// (e.g. an object where a string is needed).
	ReasonInvalidFieldPrefix = "invalid_field:"
)

// DeadLetterLineBytes caps the raw line kept in a dead letter: a longer line
// keeps its first DeadLetterLineBytes bytes (cut at a rune boundary when it
// is valid UTF-8) and is marked Truncated. Lines up to this size are kept
// exactly, so they can be recovered from the dead letter.
const DeadLetterLineBytes = 64 << 10

// ParseError is the error ParseLine returns for a line that cannot become an
// Item. Reason is one of the Reason* values (with the key for field reasons).
type ParseError struct {
	Reason string
	// Err is the underlying cause, if any (e.g. the JSON syntax error).
	Err error
}

// Error implements error.
func (e *ParseError) Error() string {
	if e.Err != nil {
		return e.Reason + ": " + e.Err.Error()
	}
	return e.Reason
}

// Unwrap returns the underlying cause.
func (e *ParseError) Unwrap() error { return e.Err }

func parseErr(reason string, err error) *ParseError {
	return &ParseError{Reason: reason, Err: err}
}

func missingField(key string) *ParseError {
	return &ParseError{Reason: ReasonMissingFieldPrefix + key}
}

func emptyField(key string) *ParseError {
	return &ParseError{Reason: ReasonMissingFieldPrefix + key, Err: errors.New("the value is empty")}
}

func invalidField(key string, err error) *ParseError {
	return &ParseError{Reason: ReasonInvalidFieldPrefix + key, Err: err}
}

// Reason returns the dead-letter reason of err: the ParseError reason when
// err is (or wraps) a *ParseError, "" for nil, and "error" otherwise.
func Reason(err error) string {
	if err == nil {
		return ""
	}
	var pe *ParseError
	if errors.As(err, &pe) {
		return pe.Reason
	}
	return "error"
}

// NewDeadLetter builds the dead letter for a line that failed with err: the
// reason, its detail (the underlying error's message) and the raw line, cut
// to DeadLetterLineBytes. A line that is valid UTF-8 is kept as is in Line;
// otherwise Line shows invalid bytes as U+FFFD and LineBase64 holds the exact
// bytes. An "oversized" line is always marked Truncated (ReadLines delivers
// only its first bytes).
func NewDeadLetter(origin schemas.Origin, line []byte, err error) schemas.DeadLetter {
	dl := newDeadLetter(origin, line, Reason(err))
	var pe *ParseError
	switch {
	case errors.As(err, &pe):
		if pe.Err != nil {
			dl.Detail = pe.Err.Error()
		}
	case err != nil:
		dl.Detail = err.Error()
	}
	if dl.Reason == ReasonOversized {
		dl.Truncated = true
	}
	return dl
}

// newDeadLetter keeps line (cut to DeadLetterLineBytes) in a dead letter.
func newDeadLetter(origin schemas.Origin, line []byte, reason string) schemas.DeadLetter {
	dl := schemas.DeadLetter{Origin: origin, Reason: reason}
	if len(line) > DeadLetterLineBytes {
		dl.Truncated = true
		line = line[:DeadLetterLineBytes]
		if t := trimCutRune(line); utf8.Valid(t) {
			line = t // a valid line cut inside a rune stays valid text
		}
	}
	if utf8.Valid(line) {
		dl.Line = string(line)
		return dl
	}
	dl.Line = strings.ToValidUTF8(string(line), "\uFFFD")
	dl.LineBase64 = base64.StdEncoding.EncodeToString(line)
	return dl
}

// trimCutRune drops a multi-byte rune cut in half at the end of b.
func trimCutRune(b []byte) []byte {
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			if !utf8.FullRune(b[i:]) {
				return b[:i]
			}
			break
		}
	}
	return b
}
