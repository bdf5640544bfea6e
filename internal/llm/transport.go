package llm

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"
)

// responseInfo is what the transport saw of one attempt's HTTP response;
// go-openai's errors do not carry response headers, so the client passes a
// responseInfo down in the request context and the transport fills it.
type responseInfo struct {
	status     int
	retryAfter time.Duration
}

type responseInfoKey struct{}

func withResponseInfo(ctx context.Context, info *responseInfo) context.Context {
	return context.WithValue(ctx, responseInfoKey{}, info)
}

// capturingDoer is the go-openai HTTPDoer: it records status and
// Retry-After of each response into the request's responseInfo, and caps
// the response body at maxBody bytes.
type capturingDoer struct {
	client  *http.Client
	maxBody int64
}

// Do implements openai.HTTPDoer.
func (d capturingDoer) Do(req *http.Request) (*http.Response, error) {
	resp, err := d.client.Do(req)
	if info, ok := req.Context().Value(responseInfoKey{}).(*responseInfo); ok && resp != nil {
		info.status = resp.StatusCode
		// Retry-After dates are wall-clock times, so compare with the wall clock.
		info.retryAfter = parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
	}
	if err != nil || resp == nil || d.maxBody <= 0 {
		return resp, err
	}
	if resp.ContentLength > d.maxBody {
		// Announced too large: do not read a byte of it.
		resp.Body.Close()
		return nil, tooLarge(d.maxBody, fmt.Sprintf("Content-Length %d", resp.ContentLength))
	}
	resp.Body = &limitedBody{rc: resp.Body, left: d.maxBody, max: d.maxBody}
	return resp, nil
}

func tooLarge(max int64, what string) error {
	return fmt.Errorf("%w: %s exceeds max_reply_bytes (%d)", ErrReplyTooLarge, what, max)
}

// limitedBody passes at most max bytes of a response body through, and
// fails with ErrReplyTooLarge when the body holds more.
type limitedBody struct {
	rc   io.ReadCloser
	left int64
	max  int64
}

func (b *limitedBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		var one [1]byte
		n, err := b.rc.Read(one[:])
		if n > 0 {
			return 0, tooLarge(b.max, "the reply")
		}
		return 0, err
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.rc.Read(p)
	b.left -= int64(n)
	return n, err
}

func (b *limitedBody) Close() error { return b.rc.Close() }

// newHTTPClient returns an HTTP client whose connection pool holds at least
// `concurrency` idle connections per host (net/http's default of 2 would
// throttle a concurrent client to a few connections and churn the rest).
// Timeouts are per attempt, through the request context.
func newHTTPClient(concurrency int) *http.Client {
	dialer := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}
	tr := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           dialer.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          max(100, 2*concurrency),
		MaxIdleConnsPerHost:   max(concurrency, 2),
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
	return &http.Client{Transport: tr}
}

// secret holds the API key; it formats as [REDACTED] under every verb so a
// stray %v or %+v of the client cannot print it.
type secret struct{ v string }

// Format implements fmt.Formatter.
func (*secret) Format(f fmt.State, _ rune) { io.WriteString(f, "[REDACTED]") }
