package transforms

import (
	"reflect"
	"testing"

	"github.com/arrows-math/arrows/schemas"
)

// Rows and dead letters travel between stages as their JSON rows.
func TestCodersRoundTrip(t *testing.T) {
	rec := external("a.jsonl", 1, nataliaProblem, nataliaSolution, "72")
	b, err := encodeRecord(rec)
	if err != nil {
		t.Fatal(err)
	}
	got, err := decodeRecord(b)
	if err != nil || !reflect.DeepEqual(got, rec) {
		t.Fatalf("record round trip: %v\n%+v\n%+v", err, got, rec)
	}
	dl := schemas.DeadLetter{Origin: schemas.Origin{File: "a.jsonl", Line: 2}, Reason: "invalid_json", Line: "{"}
	b, err = encodeDeadLetter(dl)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := decodeDeadLetter(b); err != nil || !reflect.DeepEqual(got, dl) {
		t.Fatalf("dead letter round trip: %v %+v", err, got)
	}
	if _, err := decodeRecord([]byte("{")); err == nil {
		t.Fatal("a broken encoding must be an error")
	}
}
