// Package llmtest is a real HTTP server speaking the OpenAI chat-completions
// API (POST /v1/chat/completions, GET /v1/models), for tests and benchmarks
// of arrows' LLM backend, and for running arrows end to end without a model.
//
// The server injects faults at configurable rates (429 with Retry-After,
// 500, requests held past the client's timeout, malformed JSON bodies,
// answers cut at max_tokens, refusals, chatter around the answer, code
// without fences, runaway replies of 50 MB streamed without being held),
// can be switched Down (every request 503) or Hang (every request accepted
// and never answered), adds latency,
// and records every request (time, prompt kind, fault, status) and every
// Authorization header it saw, so tests can assert on counts.
//
// The "model" behind it is a Responder. The default one (see
// OfflineResponder) answers each arrows prompt kind with valid content: real
// SymPy programs from the offline generator, their offline translations,
// the matching program for a blind-solve prompt, and programs built from
// GSM8K calculator annotations for the seed-program prompt.
//
// Fault draws are deterministic: each one is a function of Options.Seed,
// the request body and how many times that same body was seen before, so
// the sequence of outcomes does not depend on goroutine scheduling.
package llmtest

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/arrows-math/arrows/internal/llm"
	"github.com/arrows-math/arrows/internal/prompts"
)

// Fault names, as recorded in Entry.Fault and Counts.ByFault.
const (
	FaultRateLimit   = "rate_limit"   // 429 with Retry-After
	FaultServerError = "server_error" // 500
	FaultTimeout     = "timeout"      // held until the client gives up (or HangFor)
	FaultMalformed   = "malformed"    // 200 with a body that is not valid JSON
	FaultTruncated   = "truncated"    // content cut, finish_reason "length"
	FaultRefusal     = "refusal"      // "I'm sorry, but I can't help with that request."
	FaultChatter     = "chatter"      // prose before and after the answer
	FaultUnfenced    = "unfenced"     // code fences stripped
	FaultHuge        = "huge"         // 200 with a valid completion of Options.HugeBytes (a runaway reply)
	FaultDown        = "down"         // the Down switch: 503
	FaultHang        = "hang"         // the Hang switch: accepted, never answered
	FaultAuth        = "auth"         // 401: wrong or missing key (Options.RequireKey)
)

// Faults are per-request probabilities (their sum should be at most 1).
type Faults struct {
	RateLimit   float64 `json:"rate_limit"`
	ServerError float64 `json:"server_error"`
	Timeout     float64 `json:"timeout"`
	Malformed   float64 `json:"malformed"`
	Truncated   float64 `json:"truncated"`
	Refusal     float64 `json:"refusal"`
	Chatter     float64 `json:"chatter"`
	Unfenced    float64 `json:"unfenced"`
	Huge        float64 `json:"huge"`
}

func (f Faults) table() []struct {
	name string
	p    float64
} {
	return []struct {
		name string
		p    float64
	}{
		{FaultRateLimit, f.RateLimit}, {FaultServerError, f.ServerError}, {FaultTimeout, f.Timeout},
		{FaultMalformed, f.Malformed}, {FaultTruncated, f.Truncated}, {FaultRefusal, f.Refusal},
		{FaultChatter, f.Chatter}, {FaultUnfenced, f.Unfenced}, {FaultHuge, f.Huge},
	}
}

// Responder is the model behind the server: it answers one chat request.
// kind is the prompt kind from prompts.Detect ("generate", "translate",
// "solve", "seed-program", "judge") or "unknown". An error becomes an HTTP
// 500 whose message names it.
type Responder interface {
	Respond(kind string, msgs []llm.Message) (string, error)
}

// ResponderFunc adapts a function to Responder.
type ResponderFunc func(kind string, msgs []llm.Message) (string, error)

// Respond implements Responder.
func (f ResponderFunc) Respond(kind string, msgs []llm.Message) (string, error) { return f(kind, msgs) }

// Options configure a Server.
type Options struct {
	// Addr is the listen address; default "127.0.0.1:0" (a free port).
	Addr string
	// Latency is added to every request, plus a uniform jitter in [0, Jitter).
	Latency time.Duration
	Jitter  time.Duration
	// Faults are the per-request fault probabilities.
	Faults Faults
	// RetryAfter is the Retry-After header sent with 429s: seconds or an
	// HTTP date; default "1".
	RetryAfter string
	// HangFor bounds how long a timeout fault holds a request whose client
	// stays connected; default 2 minutes.
	HangFor time.Duration
	// Seed makes fault draws and jitter deterministic.
	Seed int64
	// Responder answers requests; default NewOfflineResponder().
	Responder Responder
	// Models are listed by GET /v1/models; default ["llmtest"].
	Models []string
	// HugeBytes is the size of a huge reply's content (default 50 MB): a
	// program whose body repeats one line, streamed in small writes so the
	// server never holds it. HugeDeclareLength sends its Content-Length
	// (default: chunked, so a client learns the size only by reading).
	HugeBytes         int
	HugeDeclareLength bool
	// RequireKey, when set, makes every request without
	// "Authorization: Bearer <RequireKey>" fail with 401; the error message
	// echoes the key the client sent (as some real servers do), so clients
	// can be tested for redaction.
	RequireKey string
}

// Entry records one request.
type Entry struct {
	Time   time.Time `json:"time"`
	Kind   string    `json:"kind"`
	Model  string    `json:"model"`
	Fault  string    `json:"fault,omitempty"`
	Status int       `json:"status"`
	// Written is, for a huge reply, how many body bytes the server managed
	// to write before the client stopped reading (or all of them).
	Written int64 `json:"written,omitempty"`
}

// Counts summarise the recorded requests.
type Counts struct {
	Total    int            `json:"total"`
	ByKind   map[string]int `json:"by_kind"`
	ByFault  map[string]int `json:"by_fault"`
	ByStatus map[int]int    `json:"by_status"`
	ByModel  map[string]int `json:"by_model"`
}

// Server is the OpenAI-compatible test server.
type Server struct {
	opts  Options
	hs    *httptest.Server
	quit  chan struct{}
	once  sync.Once
	conns atomic.Int64

	mu      sync.Mutex
	down    bool
	hang    bool
	faults  Faults
	entries []Entry
	gen     int // bumped by Reset, so in-flight requests do not touch new entries
	auth    map[string]int
	seen    map[[32]byte]uint64
}

// NewServer starts a server; it panics if it cannot listen (like
// httptest.NewServer). Close it when done.
func NewServer(opts Options) *Server {
	if opts.Addr == "" {
		opts.Addr = "127.0.0.1:0"
	}
	if opts.RetryAfter == "" {
		opts.RetryAfter = "1"
	}
	if opts.HangFor <= 0 {
		opts.HangFor = 2 * time.Minute
	}
	if opts.HugeBytes <= 0 {
		opts.HugeBytes = 50 << 20
	}
	if opts.Responder == nil {
		opts.Responder = NewOfflineResponder()
	}
	if len(opts.Models) == 0 {
		opts.Models = []string{"llmtest"}
	}
	s := &Server{opts: opts, faults: opts.Faults, quit: make(chan struct{}), auth: map[string]int{}, seen: map[[32]byte]uint64{}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/chat/completions", s.chat)
	mux.HandleFunc("GET /v1/models", s.models)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "invalid_request_error", fmt.Sprintf("unknown endpoint %s %s", r.Method, r.URL.Path))
	})
	s.hs = httptest.NewUnstartedServer(mux)
	s.hs.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			s.conns.Add(1)
		}
	}
	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		panic(fmt.Sprintf("llmtest: listen on %s: %v", opts.Addr, err))
	}
	s.hs.Listener.Close()
	s.hs.Listener = ln
	s.hs.Start()
	return s
}

// URL returns the API base URL, ending in /v1.
func (s *Server) URL() string { return s.hs.URL + "/v1" }

// Close stops the server, releasing requests held by timeout faults.
func (s *Server) Close() {
	s.once.Do(func() {
		close(s.quit)
		s.hs.CloseClientConnections()
		s.hs.Close()
	})
}

// Connections returns how many TCP connections clients opened so far.
func (s *Server) Connections() int { return int(s.conns.Load()) }

// SetDown switches the Down mode: while on, every request gets 503.
func (s *Server) SetDown(down bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.down = down
}

// SetHang switches the Hang mode: while on, every request is accepted and
// held without an answer until the client gives up or the server closes (a
// dead model server whose socket still accepts connections). Unlike the
// timeout fault it never answers, however long the client waits.
func (s *Server) SetHang(hang bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hang = hang
}

// SetFaults replaces the fault rates.
func (s *Server) SetFaults(f Faults) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = f
}

// Total returns the number of requests received.
func (s *Server) Total() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.entries)
}

// Counts returns request counts by prompt kind, fault and status.
func (s *Server) Counts() Counts {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := Counts{Total: len(s.entries), ByKind: map[string]int{}, ByFault: map[string]int{}, ByStatus: map[int]int{}, ByModel: map[string]int{}}
	for _, e := range s.entries {
		c.ByModel[e.Model]++
		c.ByKind[e.Kind]++
		if e.Fault != "" {
			c.ByFault[e.Fault]++
		}
		c.ByStatus[e.Status]++
	}
	return c
}

// Entries returns a copy of the request log, in arrival order.
func (s *Server) Entries() []Entry {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Entry(nil), s.entries...)
}

// AuthHeaders returns the distinct Authorization header values seen, sorted
// ("" when requests came without one).
func (s *Server) AuthHeaders() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, 0, len(s.auth))
	for a := range s.auth {
		out = append(out, a)
	}
	sort.Strings(out)
	return out
}

// Reset clears the request log, the seen Authorization headers and the
// per-body occurrence counts.
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.entries = nil
	s.gen++
	s.auth = map[string]int{}
	s.seen = map[[32]byte]uint64{}
}

// chatRequest is the part of a chat-completions request the server reads.
type chatRequest struct {
	Model               string        `json:"model"`
	Messages            []llm.Message `json:"messages"`
	MaxTokens           int           `json:"max_tokens"`
	MaxCompletionTokens int           `json:"max_completion_tokens"`
	N                   int           `json:"n"`
}

// admit records the request (so counts include it as soon as it arrived)
// and decides its fate: the Down switch, the key check, the latency and the
// fault, all drawn from a random source seeded by Options.Seed, the body
// and how often that body was seen before.
func (s *Server) admit(r *http.Request, body []byte, req *chatRequest, parseErr error) (gen, idx int, fault string, rng *rand.Rand, delay time.Duration) {
	sum := sha256.Sum256(body)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.auth[r.Header.Get("Authorization")]++
	n := s.seen[sum]
	s.seen[sum] = n + 1
	rng = rand.New(rand.NewPCG(binary.LittleEndian.Uint64(sum[:8])^uint64(s.opts.Seed),
		binary.LittleEndian.Uint64(sum[8:16])+n*0x9e3779b97f4a7c15))
	e := Entry{Time: time.Now(), Kind: "unknown", Model: req.Model}
	if v, ok := prompts.Detect(req.Messages); ok {
		e.Kind = prompts.KindOf(v)
	}
	switch {
	case s.hang:
		e.Fault = FaultHang
	case parseErr != nil || len(req.Messages) == 0 || req.Model == "":
	case s.opts.RequireKey != "" && r.Header.Get("Authorization") != "Bearer "+s.opts.RequireKey:
		e.Fault = FaultAuth
	case s.down:
		e.Fault = FaultDown
	default:
		delay = s.opts.Latency
		if s.opts.Jitter > 0 {
			delay += time.Duration(rng.Int64N(int64(s.opts.Jitter)))
		}
		u := rng.Float64()
		for _, f := range s.faults.table() {
			if u < f.p {
				e.Fault = f.name
				break
			}
			u -= f.p
		}
	}
	s.entries = append(s.entries, e)
	return s.gen, len(s.entries) - 1, e.Fault, rng, delay
}

// finish sets the status of entry idx of generation gen.
func (s *Server) finish(gen, idx, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if gen == s.gen && idx < len(s.entries) {
		s.entries[idx].Status = status
	}
}

func (s *Server) chat(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 32<<20))
	if err != nil {
		writeError(w, http.StatusBadRequest, "invalid_request_error", "read body: "+err.Error())
		return
	}
	var req chatRequest
	perr := json.Unmarshal(body, &req)
	gen, idx, fault, rng, delay := s.admit(r, body, &req, perr)
	status := 0
	defer func() { s.finish(gen, idx, status) }()

	switch {
	case fault == FaultHang:
		<-s.held(r)
		status = 499 // client closed the request
		return
	case perr != nil:
		status = http.StatusBadRequest
		writeError(w, status, "invalid_request_error", "request body is not JSON: "+perr.Error())
		return
	case len(req.Messages) == 0 || req.Model == "":
		status = http.StatusBadRequest
		writeError(w, status, "invalid_request_error", "model and messages are required")
		return
	case fault == FaultAuth:
		status = http.StatusUnauthorized
		got := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		writeError(w, status, "invalid_request_error", "Incorrect API key provided: "+got+".")
		return
	case fault == FaultDown:
		status = http.StatusServiceUnavailable
		writeError(w, status, "server_error", "service unavailable (llmtest down switch)")
		return
	}
	if !s.wait(r, delay) {
		status = 499 // client closed the request
		return
	}

	switch fault {
	case FaultRateLimit:
		status = http.StatusTooManyRequests
		w.Header().Set("Retry-After", s.opts.RetryAfter)
		writeError(w, status, "requests", "Rate limit reached for requests (llmtest)")
		return
	case FaultServerError:
		status = http.StatusInternalServerError
		writeError(w, status, "server_error", "The server had an error while processing your request (llmtest)")
		return
	case FaultTimeout:
		if !s.wait(r, s.opts.HangFor) {
			status = 499
			return
		}
		status = http.StatusGatewayTimeout
		writeError(w, status, "timeout", "upstream timed out (llmtest)")
		return
	case FaultMalformed:
		status = http.StatusOK
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		io.WriteString(w, `{"id":"chatcmpl-llmtest","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"def solve():\\n    ret`)
		return
	}

	if fault == FaultHuge {
		status = http.StatusOK
		n := s.writeHuge(w, req.Model)
		s.mu.Lock()
		if gen == s.gen && idx < len(s.entries) {
			s.entries[idx].Written = n
		}
		s.mu.Unlock()
		return
	}
	kind, _ := prompts.Detect(req.Messages)
	kind = prompts.KindOf(kind)
	if kind == "" {
		kind = "unknown"
	}
	content, err := s.opts.Responder.Respond(kind, req.Messages)
	if err != nil {
		status = http.StatusInternalServerError
		writeError(w, status, "server_error", "llmtest responder: "+err.Error())
		return
	}
	finish := llm.FinishStop
	switch fault {
	case FaultRefusal:
		content = "I'm sorry, but I can't help with that request."
	case FaultChatter:
		content = "Sure! Here is what you asked for.\n\n" + content + "\n\nLet me know if you would like any changes."
	case FaultUnfenced:
		content = stripFences(content)
	case FaultTruncated:
		content = cut(content, len(content)/2)
		finish = llm.FinishLength
	}
	maxTok := req.MaxTokens
	if req.MaxCompletionTokens > 0 {
		maxTok = req.MaxCompletionTokens
	}
	if maxTok > 0 && tokens(content) > maxTok {
		content = cut(content, maxTok*4)
		finish = llm.FinishLength
	}
	n := max(req.N, 1)
	choices := make([]map[string]any, n)
	for i := range choices {
		choices[i] = map[string]any{
			"index":         i,
			"message":       map[string]string{"role": "assistant", "content": content},
			"finish_reason": finish,
		}
	}
	prompt := 0
	for _, m := range req.Messages {
		prompt += tokens(m.Content) + 4
	}
	completion := tokens(content) * n
	status = http.StatusOK
	writeJSON(w, http.StatusOK, map[string]any{
		"id":      fmt.Sprintf("chatcmpl-llmtest-%x", rng.Uint64()),
		"object":  "chat.completion",
		"created": time.Now().Unix(),
		"model":   req.Model,
		"choices": choices,
		"usage":   map[string]int{"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion},
	})
}

// held returns a channel closed when the client goes away or the server closes.
func (s *Server) held(r *http.Request) <-chan struct{} {
	ch := make(chan struct{})
	go func() {
		defer close(ch)
		select {
		case <-r.Context().Done():
		case <-s.quit:
		}
	}()
	return ch
}

// hugeLine is the program line a huge reply repeats (JSON-escaped).
const hugeLine = `    x += 1\n`

// writeHuge streams a valid chat completion whose content is a program of
// about Options.HugeBytes bytes, from one small buffer, and returns how many
// body bytes were written before the client stopped reading.
func (s *Server) writeHuge(w http.ResponseWriter, model string) int64 {
	head := `{"id":"chatcmpl-llmtest-huge","object":"chat.completion","model":` + strconv.Quote(model) +
		`,"choices":[{"index":0,"message":{"role":"assistant","content":"` + "```python\\ndef solve():\\n    x = 0\\n"
	tail := "    return x\\n```" + `"},"finish_reason":"stop"}],"usage":{"prompt_tokens":10,"completion_tokens":` +
		strconv.Itoa(s.opts.HugeBytes/4) + `,"total_tokens":` + strconv.Itoa(s.opts.HugeBytes/4+10) + `}}`
	lineLen := len(hugeLine) - 1 // the escape \n is two bytes in JSON for one in the content
	reps := max(1, s.opts.HugeBytes/lineLen)
	w.Header().Set("Content-Type", "application/json")
	if s.opts.HugeDeclareLength {
		w.Header().Set("Content-Length", strconv.Itoa(len(head)+reps*len(hugeLine)+len(tail)))
	}
	w.WriteHeader(http.StatusOK)
	var written int64
	put := func(b []byte) bool {
		n, err := w.Write(b)
		written += int64(n)
		return err == nil
	}
	if !put([]byte(head)) {
		return written
	}
	chunk := []byte(strings.Repeat(hugeLine, 32<<10/len(hugeLine)))
	per := len(chunk) / len(hugeLine)
	for left := reps; left > 0; left -= per {
		if !put(chunk[:min(left, per)*len(hugeLine)]) {
			return written
		}
	}
	put([]byte(tail))
	return written
}

// wait sleeps d unless the client goes away or the server closes; it
// reports whether the request is still wanted.
func (s *Server) wait(r *http.Request, d time.Duration) bool {
	if d <= 0 {
		return r.Context().Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	case <-s.quit:
		return false
	}
}

func (s *Server) models(w http.ResponseWriter, _ *http.Request) {
	data := make([]map[string]any, len(s.opts.Models))
	for i, m := range s.opts.Models {
		data[i] = map[string]any{"id": m, "object": "model", "created": 0, "owned_by": "llmtest"}
	}
	writeJSON(w, http.StatusOK, map[string]any{"object": "list", "data": data})
}

// tokens estimates a token count as characters / 4 (at least 1).
func tokens(s string) int { return len(s)/4 + 1 }

// cut returns the first n bytes of s, backed off to a rune boundary.
func cut(s string, n int) string {
	if n >= len(s) {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// stripFences removes Markdown fence lines (``` and ~~~, with info strings).
func stripFences(s string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			continue
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

func writeError(w http.ResponseWriter, status int, typ, msg string) {
	writeJSON(w, status, map[string]any{"error": map[string]any{"message": msg, "type": typ, "code": nil}})
}
