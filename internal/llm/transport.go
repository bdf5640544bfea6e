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
// Retry-After of each response into the request's responseInfo.
type capturingDoer struct{ client *http.Client }

// Do implements openai.HTTPDoer.
func (d capturingDoer) Do(req *http.Request) (*http.Response, error) {
	resp, err := d.client.Do(req)
	if info, ok := req.Context().Value(responseInfoKey{}).(*responseInfo); ok && resp != nil {
		info.status = resp.StatusCode
		// Retry-After dates are wall-clock times, so compare with the wall clock.
		info.retryAfter = parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
	}
	return resp, err
}

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
