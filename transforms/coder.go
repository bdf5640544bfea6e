package transforms

import (
	"encoding/json"
	"fmt"
	"reflect"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"

	"github.com/arrows-math/arrows/schemas"
)

func init() {
	beam.RegisterCoder(reflect.TypeOf((*schemas.Record)(nil)).Elem(), encodeRecord, decodeRecord)
	beam.RegisterCoder(reflect.TypeOf((*schemas.DeadLetter)(nil)).Elem(), encodeDeadLetter, decodeDeadLetter)
}

// Records travel between stages as JSON: the same encoding as the output
// rows, so what a stage sees is exactly what a user can read.
func encodeRecord(r schemas.Record) ([]byte, error) { return json.Marshal(r) }

func decodeRecord(b []byte) (schemas.Record, error) {
	var r schemas.Record
	if err := json.Unmarshal(b, &r); err != nil {
		return r, fmt.Errorf("decode record: %w", err)
	}
	return r, nil
}

func encodeDeadLetter(d schemas.DeadLetter) ([]byte, error) { return json.Marshal(d) }

func decodeDeadLetter(b []byte) (schemas.DeadLetter, error) {
	var d schemas.DeadLetter
	if err := json.Unmarshal(b, &d); err != nil {
		return d, fmt.Errorf("decode dead letter: %w", err)
	}
	return d, nil
}
