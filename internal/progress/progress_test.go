package progress

import (
	"testing"
	"time"
)

func TestCountsOnlyRegisteredKeys(t *testing.T) {
	key, unregister := Register()
	other, stop := Register()
	defer stop()
	if key == other {
		t.Fatal("two registrations got the same key")
	}
	before := time.Now()
	Add(key, true)
	first := Of(key).First
	time.Sleep(2 * time.Millisecond)
	Add(key, false)
	Add(key, true)
	Add("run-unknown", true)
	got := Of(key)
	if got.Done != 3 || got.Verified != 2 {
		t.Fatalf("counts %+v, want 3 done, 2 verified", got)
	}
	// First is the first row's time and stays; Last moves with each row.
	if got.First.Before(before) || !got.First.Equal(first) || !got.Last.After(got.First) {
		t.Fatalf("first %v, last %v: want the first row's time (after %v) and a later last", got.First, got.Last, before)
	}
	if got := Of(other); got != (Counts{}) {
		t.Fatalf("another key counted rows: %+v", got)
	}
	unregister()
	Add(key, true)
	if got := Of(key); got != (Counts{}) {
		t.Fatalf("an unregistered key still counts: %+v", got)
	}
}
