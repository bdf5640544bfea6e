package llm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// ErrEndpointDown is returned (wrapped, naming the base URL, how long it was
// unreachable, how many requests failed and how, and the last error) when
// the endpoint has been unreachable for Config.MaxOutage. From then on every
// call fails fast with it; the pipeline should fail the run.
var ErrEndpointDown = errors.New("llm endpoint down")

// ErrEndpointRefused is returned (wrapped) when the endpoint rejects the
// configuration itself: 401/403 (key) or 404 (unknown model or wrong base
// URL). Every later call would fail the same way, so the run should fail.
var ErrEndpointRefused = errors.New("llm endpoint refuses the configuration")

// ErrReplyTooLarge is returned (wrapped in an *Error of KindTooLarge) when a
// response body is larger than Config.MaxReplyBytes. Only the first
// MaxReplyBytes bytes were read; the call is not retried.
var ErrReplyTooLarge = errors.New("reply too large")

// Fatal reports whether err means the whole run cannot proceed (endpoint
// down or refusing the configuration), as opposed to one failed row.
func Fatal(err error) bool {
	return errors.Is(err, ErrEndpointDown) || errors.Is(err, ErrEndpointRefused)
}

// Error kinds: short stable strings used in Stats and as rejection reasons.
const (
	KindRateLimited = "rate_limited"       // HTTP 429
	KindServer      = "server_error"       // HTTP 5xx
	KindTimeout     = "timeout"            // the attempt exceeded RequestTimeout
	KindConnection  = "connection"         // refused, reset, EOF before a response
	KindMalformed   = "malformed_response" // a 2xx whose body is not a chat completion
	KindEmpty       = "empty_response"     // a completion without choices
	KindTooLarge    = "reply_too_large"    // a response body over MaxReplyBytes (see ErrReplyTooLarge)
	KindClient      = "client_error"       // another 4xx: the request itself is wrong
	KindRefused     = "endpoint_refused"   // 401/403/404 (see ErrEndpointRefused)
	KindDown        = "endpoint_down"      // see ErrEndpointDown
	KindCanceled    = "canceled"           // the caller's context ended
	KindConfig      = "config"             // the request cannot be built from the config
)

// Error is a failed call: Kind is one of the Kind* constants, Attempts
// the number of HTTP attempts made, Status the last HTTP status (0 if none).
type Error struct {
	Kind     string
	Status   int
	Attempts int
	Err      error
}

// Error implements error. An endpoint-down error is its cause's message
// alone, one line that says it all (see ErrEndpointDown).
func (e *Error) Error() string {
	if e.Kind == KindDown && e.Err != nil {
		return e.Err.Error()
	}
	s := "llm " + e.Kind
	if e.Status != 0 {
		s += fmt.Sprintf(" (HTTP %d)", e.Status)
	}
	if e.Attempts > 0 {
		s += fmt.Sprintf(" after %d attempt(s)", e.Attempts)
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// Reason returns a short stable reason for err, usable as a rejection
// reason: the Kind of an *Error, "endpoint_down" for ErrEndpointDown, or
// "llm_error" otherwise.
func Reason(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	switch {
	case errors.Is(err, ErrEndpointDown):
		return KindDown
	case errors.Is(err, ErrEndpointRefused):
		return KindRefused
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return KindCanceled
	}
	return "llm_error"
}

// attemptError is the classified outcome of one failed HTTP attempt.
type attemptError struct {
	kind       string
	status     int
	retryable  bool
	countsDown bool // counts toward opening the breaker
	retryAfter time.Duration
	err        error
}

// classify sorts a failed attempt. parent is the caller's context (its end
// is not the endpoint's fault); hdr carries what the transport saw.
func classify(parent context.Context, err error, hdr *responseInfo) attemptError {
	a := attemptError{err: err}
	if hdr != nil {
		a.status = hdr.status
		a.retryAfter = hdr.retryAfter
	}
	var apiErr *openai.APIError
	var reqErr *openai.RequestError
	switch {
	case errors.As(err, &apiErr):
		a.status = apiErr.HTTPStatusCode
	case errors.As(err, &reqErr):
		a.status = reqErr.HTTPStatusCode
	}
	switch {
	case parent.Err() != nil:
		a.kind = KindCanceled
	case a.status < 400 && errors.Is(err, ErrReplyTooLarge):
		a.kind = KindTooLarge // the endpoint is up; the reply is the problem
	case a.status == http.StatusTooManyRequests:
		a.kind, a.retryable, a.countsDown = KindRateLimited, true, true
	case a.status >= 500:
		a.kind, a.retryable, a.countsDown = KindServer, true, true
	case a.status == http.StatusRequestTimeout:
		a.kind, a.retryable, a.countsDown = KindTimeout, true, true
	case a.status == http.StatusUnauthorized || a.status == http.StatusForbidden || a.status == http.StatusNotFound:
		a.kind = KindRefused
	case a.status >= 400:
		a.kind = KindClient
	case errors.Is(err, context.DeadlineExceeded) || isTimeout(err):
		a.kind, a.retryable, a.countsDown = KindTimeout, true, true
	case errors.Is(err, errEmpty):
		a.kind, a.retryable = KindEmpty, true
	case isMalformed(err):
		a.kind, a.retryable, a.countsDown = KindMalformed, true, true
	case isConnection(err):
		a.kind, a.retryable, a.countsDown = KindConnection, true, true
	default:
		// Unknown transport-level failures are treated as connection trouble.
		a.kind, a.retryable, a.countsDown = KindConnection, true, true
	}
	return a
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

func isMalformed(err error) bool {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	return errors.As(err, &se) || errors.As(err, &te) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, errMalformed)
}

func isConnection(err error) bool {
	var oe *net.OpError
	return errors.As(err, &oe) || errors.Is(err, io.EOF) || errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE)
}

// errMalformed marks a 2xx response that is not a chat completion.
var errMalformed = errors.New("malformed completion")

// errEmpty marks a chat completion without choices.
var errEmpty = errors.New("completion has no choices")

// parseRetryAfter reads a Retry-After header: delay-seconds or an HTTP date.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseFloat(v, 64); err == nil {
		if secs <= 0 {
			return 0
		}
		return time.Duration(secs * float64(time.Second))
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return d
		}
	}
	return 0
}

// redact removes the API key from text that leaves the client.
func (s *secret) redact(text string) string {
	if s == nil || len(s.v) < 4 {
		return text
	}
	return strings.ReplaceAll(text, s.v, "[REDACTED]")
}

// redactedError carries an error whose message had the key removed. It
// deliberately does not unwrap to the original, whose fields hold the key.
type redactedError struct{ msg string }

func (e *redactedError) Error() string { return e.msg }

// redactErr returns err, or a copy of its message without the key.
func (s *secret) redactErr(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	if clean := s.redact(msg); clean != msg {
		return &redactedError{msg: clean}
	}
	return err
}
