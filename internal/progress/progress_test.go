package progress

import "testing"

func TestCountsOnlyRegisteredKeys(t *testing.T) {
	key, unregister := Register()
	other, stop := Register()
	defer stop()
	if key == other {
		t.Fatal("two registrations got the same key")
	}
	Add(key, true)
	Add(key, false)
	Add(key, true)
	Add("run-unknown", true)
	if got := Of(key); got != (Counts{Done: 3, Verified: 2}) {
		t.Fatalf("counts %+v, want 3 done, 2 verified", got)
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
