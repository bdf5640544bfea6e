package corpus

import (
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
	// ReasonMissingFieldPrefix + key: a required field is absent or null.
	ReasonMissingFieldPrefix = "missing_field:"
	// ReasonInvalidFieldPrefix + key: a field has the wrong JSON type
	// (e.g. an object where a string is needed).
	ReasonInvalidFieldPrefix = "invalid_field:"
)

// DeadLetterLineBytes caps the raw line kept in a dead letter.
const DeadLetterLineBytes = 4096

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

// NewDeadLetter builds the dead letter for a line that failed with err. The
// raw line is truncated to DeadLetterLineBytes and made valid UTF-8 (invalid
// bytes become U+FFFD).
func NewDeadLetter(origin schemas.Origin, line []byte, err error) schemas.DeadLetter {
	return schemas.DeadLetter{Origin: origin, Reason: Reason(err), Line: truncateValid(line, DeadLetterLineBytes)}
}

func truncateValid(b []byte, max int) string {
	if len(b) > max {
		b = b[:max]
		// Drop a multi-byte rune cut in half by the truncation.
		for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
			if utf8.RuneStart(b[i]) {
				if !utf8.FullRune(b[i:]) {
					b = b[:i]
				}
				break
			}
		}
	}
	return strings.ToValidUTF8(string(b), "\uFFFD")
}
