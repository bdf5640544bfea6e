package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"

	"github.com/arrows-math/arrows/internal/progress"
	"github.com/arrows-math/arrows/runners"
)

// progressMode is the --progress flag: unset means "when stderr is a
// terminal"; --progress or --progress=true forces the line on,
// --progress=false turns it off.
type progressMode struct {
	set, on bool
}

func (m *progressMode) String() string {
	if m == nil || !m.set {
		return "auto"
	}
	return strconv.FormatBool(m.on)
}

func (m *progressMode) Set(v string) error {
	if v == "auto" {
		*m = progressMode{}
		return nil
	}
	on, err := strconv.ParseBool(v)
	if err != nil {
		return fmt.Errorf("--progress takes true, false or auto")
	}
	*m = progressMode{set: true, on: on}
	return nil
}

func (m *progressMode) IsBoolFlag() bool { return true }

// Keywords are the values of --progress besides true and false.
func (m *progressMode) Keywords() []string { return []string{"auto"} }

func progressFlag(fs *flag.FlagSet) *progressMode {
	m := &progressMode{}
	fs.Var(m, "progress", "live progress line on stderr for local runs: auto (when stderr is a terminal), true or false")
	return m
}

// enabled reports whether the line should be drawn on w.
func (m *progressMode) enabled(w *os.File) bool {
	if m.set {
		return m.on
	}
	return isTerminal(w)
}

// isTerminal reports whether f is a terminal that can redraw a line (not
// TERM=dumb).
func isTerminal(f *os.File) bool {
	return term.IsTerminal(int(f.Fd())) && os.Getenv("TERM") != "dumb"
}

// progressInterval is how often the line is redrawn (at most 2×/s).
const progressInterval = 500 * time.Millisecond

// startProgress counts the rows of a local run as they reach their
// verdicts: it registers a progress key (to put in the job's
// configuration) and returns it with the function that stops counting and
// returns the last counts. When the line is on (mode, w), it also draws
// the live line until then, ends it and restores logging. On remote
// runners it returns "" and zero counts: the job then has no progress taps
// at all. The counts' first and last verdict times go into stats.json
// (the job's timing, which arrows plan projects).
func startProgress(mode *progressMode, runner string, w *os.File, total int64, unit string) (key string, stop func() progress.Counts) {
	if !runners.IsLocal(runner) {
		return "", func() progress.Counts { return progress.Counts{} }
	}
	key, unregister := progress.Register()
	read := func() progress.Counts { return progress.Of(key) }
	if !mode.enabled(w) {
		return key, func() progress.Counts {
			c := read()
			unregister()
			return c
		}
	}
	p := &progressLine{w: w, total: total, unit: unit, start: time.Now(), read: read}
	// Log lines (prism's, the SDK's) clear the progress line first and
	// redraw it after, instead of being glued to it.
	prev := slog.Default()
	slog.SetDefault(slog.New(&clearingHandler{inner: prev.Handler(), p: p}))
	quit, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(progressInterval)
		defer t.Stop()
		for {
			select {
			case <-quit:
				return
			case <-t.C:
				p.draw()
			}
		}
	}()
	return key, func() progress.Counts {
		close(quit)
		<-done
		p.finish()
		slog.SetDefault(prev)
		c := read()
		unregister()
		return c
	}
}

// progressLine draws "seeds 120/200 (60%) · verified 98 · 12.3 seeds/s ·
// ETA 7s" with a carriage return, over the previous line.
type progressLine struct {
	mu    sync.Mutex
	w     io.Writer
	total int64 // 0 when unknown (verify)
	unit  string
	start time.Time
	read  func() progress.Counts

	first time.Time // when the first row was counted
	drawn int       // width of the line on screen, 0 if none
}

func (p *progressLine) draw() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.render(time.Now())
}

// render must be called with p.mu held.
func (p *progressLine) render(now time.Time) {
	msg := p.format(p.read(), now)
	pad := ""
	if n := len([]rune(msg)); n < p.drawn {
		pad = strings.Repeat(" ", p.drawn-n)
	}
	fmt.Fprint(p.w, "\r"+msg+pad)
	p.drawn = len([]rune(msg))
}

// clear erases the line (p.mu held).
func (p *progressLine) clear() {
	if p.drawn > 0 {
		fmt.Fprint(p.w, "\r"+strings.Repeat(" ", p.drawn)+"\r")
		p.drawn = 0
	}
}

// finish draws the final state and ends the line.
func (p *progressLine) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.render(time.Now())
	fmt.Fprintln(p.w)
	p.drawn = 0
}

func (p *progressLine) format(c progress.Counts, now time.Time) string {
	if c.Done > 0 && p.first.IsZero() {
		p.first = now
	}
	var b strings.Builder
	if p.total > 0 {
		fmt.Fprintf(&b, "%s %d/%d (%.0f%%)", p.unit, c.Done, p.total, 100*float64(c.Done)/float64(p.total))
	} else {
		fmt.Fprintf(&b, "%s %d", p.unit, c.Done)
	}
	fmt.Fprintf(&b, " · verified %d", c.Verified)
	switch {
	case c.Done == 0:
		fmt.Fprintf(&b, " · starting (%s)", now.Sub(p.start).Round(time.Second))
	case p.total > 0 && c.Done >= p.total:
		fmt.Fprintf(&b, " · dedup, decontamination, writing (%s)", now.Sub(p.start).Round(time.Second))
	default:
		// The rate counts from the first row: the sandbox start-up before
		// it says nothing about throughput.
		el := now.Sub(p.first).Seconds()
		if el < 1 {
			el = 1
		}
		rate := float64(c.Done) / el
		fmt.Fprintf(&b, " · %.1f %s/s", rate, p.unit)
		if p.total > 0 && rate > 0 {
			eta := time.Duration(float64(p.total-c.Done) / rate * float64(time.Second))
			fmt.Fprintf(&b, " · ETA %s", eta.Round(time.Second))
		}
	}
	return b.String()
}

// clearingHandler is a slog.Handler that erases the progress line before a
// log record and redraws it after.
type clearingHandler struct {
	inner slog.Handler
	p     *progressLine
}

func (h *clearingHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return h.inner.Enabled(ctx, l)
}

func (h *clearingHandler) Handle(ctx context.Context, r slog.Record) error {
	h.p.mu.Lock()
	defer h.p.mu.Unlock()
	redraw := h.p.drawn > 0
	h.p.clear()
	err := h.inner.Handle(ctx, r)
	if redraw {
		h.p.render(time.Now())
	}
	return err
}

func (h *clearingHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return &clearingHandler{inner: h.inner.WithAttrs(as), p: h.p}
}

func (h *clearingHandler) WithGroup(name string) slog.Handler {
	return &clearingHandler{inner: h.inner.WithGroup(name), p: h.p}
}
