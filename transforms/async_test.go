package transforms

import (
	"sync/atomic"
	"testing"
	"time"
)

func TestInflightBoundsTheWindowAndEmitsEveryResult(t *testing.T) {
	const window, jobs = 3, 20
	f := newInflight[int](window)
	var running, most atomic.Int32
	var emitted []int
	emit := func(r int) { emitted = append(emitted, r) } // the DoFn's goroutine only
	for i := range jobs {
		f.Go(func() int {
			n := running.Add(1)
			for {
				m := most.Load()
				if n <= m || most.CompareAndSwap(m, n) {
					break
				}
			}
			time.Sleep(2 * time.Millisecond)
			running.Add(-1)
			return i
		}, emit)
	}
	f.Flush(emit)
	if len(emitted) != jobs {
		t.Fatalf("%d results emitted, want %d", len(emitted), jobs)
	}
	seen := map[int]bool{}
	for _, r := range emitted {
		seen[r] = true
	}
	if len(seen) != jobs {
		t.Fatalf("results lost or doubled: %v", emitted)
	}
	if m := most.Load(); m > window || m < 2 {
		t.Fatalf("%d in flight at most, want 2..%d", m, window)
	}
}
