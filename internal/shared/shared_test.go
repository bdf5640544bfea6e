package shared

import (
	"context"
	"errors"
	"testing"
)

// conn is a value with an open/close history.
type conn struct {
	cfg    config
	closed int
}

type config struct {
	URL    string            `json:"url"`
	Limit  int               `json:"limit"`
	Models map[string]string `json:"models"`
}

func newTestRegistry(opened *[]*conn, fail *bool) *Registry[config, *conn] {
	return NewRegistry(func(_ context.Context, c config) (*conn, error) {
		if *fail {
			return nil, errors.New("endpoint refused")
		}
		v := &conn{cfg: c}
		*opened = append(*opened, v)
		return v, nil
	}, func(v *conn) { v.closed++ })
}

func TestRegistry(t *testing.T) {
	ctx := context.Background()
	a := config{URL: "http://a", Limit: 1, Models: map[string]string{"generator": "m1", "solver": "m2"}}
	sameAsA := config{URL: "http://a", Limit: 1, Models: map[string]string{"solver": "m2", "generator": "m1"}}
	otherModel := config{URL: "http://a", Limit: 1, Models: map[string]string{"generator": "m1", "solver": "m3"}}

	t.Run("equal configurations share one value", func(t *testing.T) {
		var opened []*conn
		fail := false
		r := newTestRegistry(&opened, &fail)
		v1, rel1, err := r.Acquire(ctx, a)
		if err != nil {
			t.Fatal(err)
		}
		v2, rel2, err := r.Acquire(ctx, sameAsA)
		if err != nil {
			t.Fatal(err)
		}
		if v1 != v2 || len(opened) != 1 {
			t.Fatalf("want one shared value, opened %d", len(opened))
		}
		rel1()
		if v1.closed != 0 || r.Len() != 1 {
			t.Fatalf("closed after the first of two releases (closed %d, open %d)", v1.closed, r.Len())
		}
		rel2()
		if v1.closed != 1 || r.Len() != 0 {
			t.Fatalf("the last release must close the value once: closed %d, open %d", v1.closed, r.Len())
		}
	})

	t.Run("a setting that differs anywhere gives its own value", func(t *testing.T) {
		var opened []*conn
		fail := false
		r := newTestRegistry(&opened, &fail)
		v1, rel1, _ := r.Acquire(ctx, a)
		v2, rel2, _ := r.Acquire(ctx, otherModel)
		defer rel1()
		defer rel2()
		if v1 == v2 || len(opened) != 2 {
			t.Fatalf("configurations differing only in a map value share a value")
		}
		if v2.cfg.Models["solver"] != "m3" {
			t.Fatalf("value built from the wrong configuration: %+v", v2.cfg)
		}
	})

	t.Run("releasing twice releases once", func(t *testing.T) {
		var opened []*conn
		fail := false
		r := newTestRegistry(&opened, &fail)
		v, rel1, _ := r.Acquire(ctx, a)
		_, rel2, _ := r.Acquire(ctx, a)
		rel1()
		rel1()
		if v.closed != 0 {
			t.Fatal("a repeated release dropped another user's reference")
		}
		rel2()
		if v.closed != 1 {
			t.Fatalf("closed %d times", v.closed)
		}
	})

	t.Run("a failed build is retried on the next acquire", func(t *testing.T) {
		var opened []*conn
		fail := true
		r := newTestRegistry(&opened, &fail)
		if _, _, err := r.Acquire(ctx, a); err == nil {
			t.Fatal("want the build error")
		}
		fail = false
		v, rel, err := r.Acquire(ctx, a)
		if err != nil || v == nil {
			t.Fatalf("retry failed: %v", err)
		}
		rel()
	})

	t.Run("a value is rebuilt after the last release", func(t *testing.T) {
		var opened []*conn
		fail := false
		r := newTestRegistry(&opened, &fail)
		v1, rel, _ := r.Acquire(ctx, a)
		rel()
		v2, rel2, _ := r.Acquire(ctx, a)
		defer rel2()
		if v1 == v2 || len(opened) != 2 {
			t.Fatal("a closed value was handed out again")
		}
	})
}

func TestKeyFailsForUnencodableConfig(t *testing.T) {
	if _, err := Key(map[string]any{"f": func() {}}); err == nil {
		t.Fatal("want an error for a configuration JSON cannot encode")
	}
}
