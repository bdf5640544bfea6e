package llm

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
)

// WithLogFunc sends the client's log records to fn, each as one line (the
// message, then its attributes as key=value) with its level; records below
// INFO are dropped. It is the way to log through a logger that is not slog,
// such as Beam's log package on a worker (LevelWarn and up to log.Warn or
// log.Error, the rest to log.Info). It replaces WithLogger.
func WithLogFunc(fn func(level slog.Level, line string)) Option {
	return WithLogger(slog.New(&funcHandler{fn: fn}))
}

// funcHandler is a slog.Handler that formats each record as one line.
type funcHandler struct {
	fn    func(slog.Level, string)
	attrs []slog.Attr
	group string
}

func (h *funcHandler) Enabled(_ context.Context, l slog.Level) bool { return l >= slog.LevelInfo }

func (h *funcHandler) Handle(_ context.Context, r slog.Record) error {
	var b strings.Builder
	b.WriteString(r.Message)
	for _, a := range h.attrs {
		fmt.Fprintf(&b, " %s=%v", a.Key, a.Value.Resolve())
	}
	r.Attrs(func(a slog.Attr) bool {
		if !a.Equal(slog.Attr{}) {
			fmt.Fprintf(&b, " %s=%v", h.key(a.Key), a.Value.Resolve())
		}
		return true
	})
	h.fn(r.Level, b.String())
	return nil
}

// key qualifies an attribute key with the handler's group.
func (h *funcHandler) key(k string) string {
	if h.group == "" {
		return k
	}
	return h.group + "." + k
}

func (h *funcHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	all := append([]slog.Attr(nil), h.attrs...)
	for _, a := range attrs {
		all = append(all, slog.Attr{Key: h.key(a.Key), Value: a.Value})
	}
	return &funcHandler{fn: h.fn, attrs: all, group: h.group}
}

func (h *funcHandler) WithGroup(name string) slog.Handler {
	g := name
	if h.group != "" {
		g = h.group + "." + name
	}
	return &funcHandler{fn: h.fn, attrs: h.attrs, group: g}
}
