package dedup

import (
	"encoding/binary"
	"fmt"
	"math"
)

// Key is what the deduplication engine (Engine) needs of a row: a compact
// record (about 1.1 KB with the default 120 permutations) made once where
// the row is produced, so that the rows themselves never have to be
// brought together.
type Key struct {
	// Round orders rows before their ids: the rows of earlier rounds come
	// first (see Engine). A run without rounds uses 0 throughout.
	Round int
	// ID is the row id.
	ID string
	// Exact is ExactKey of the problem text.
	Exact string
	// Signature is the MinHash signature of the problem text.
	Signature []uint64
	// Structure is StructureKey of the program skeleton and topic set, or
	// "" for rows that are never grouped by structure.
	Structure string
}

// NewKey computes the key of a row: its problem text, the sandbox's
// skeleton of its program ("" when it has none, and then
// SkeletonFromSource of the program source is used, "" for no program)
// and the topic ids of its seed.
func NewKey(m MinHash, round int, id, problem, skeleton, source string, topicIDs []string) Key {
	if skeleton == "" && source != "" {
		skeleton = SkeletonFromSource(source)
	}
	return Key{
		Round:     round,
		ID:        id,
		Exact:     ExactKey(problem),
		Signature: m.Signature(problem),
		Structure: StructureKey(skeleton, topicIDs),
	}
}

// OrderKey is the byte string the engine sorts rows by: the round (4
// bytes, big-endian), then the id. Byte order of OrderKeys is (round, id)
// order.
func OrderKey(round int, id string) []byte {
	b := make([]byte, 4, 4+len(id))
	binary.BigEndian.PutUint32(b, uint32(round))
	return append(b, id...)
}

// ParseOrderKey splits an OrderKey into round and id.
func ParseOrderKey(b []byte) (round int, id string, err error) {
	if len(b) < 4 {
		return 0, "", fmt.Errorf("order key of %d bytes", len(b))
	}
	return int(binary.BigEndian.Uint32(b)), string(b[4:]), nil
}

// Encode appends the binary encoding of k (without its order key) to b.
func (k *Key) Encode(b []byte) []byte {
	b = appendString(b, k.Exact)
	b = appendString(b, k.Structure)
	b = binary.AppendUvarint(b, uint64(len(k.Signature)))
	for _, h := range k.Signature {
		b = binary.LittleEndian.AppendUint64(b, h)
	}
	return b
}

// DecodeKey decodes a key from its order key and Encode's bytes.
func DecodeKey(order, b []byte) (Key, error) {
	var k Key
	var err error
	if k.Round, k.ID, err = ParseOrderKey(order); err != nil {
		return k, err
	}
	d := decoder{b: b}
	k.Exact = d.str()
	k.Structure = d.str()
	n := d.uvarint()
	if d.err == nil && n*8 != uint64(len(d.b)) {
		d.err = fmt.Errorf("signature of %d hashes in %d bytes", n, len(d.b))
	}
	if d.err != nil {
		return k, fmt.Errorf("decode dedup key of %q: %w", k.ID, d.err)
	}
	k.Signature = make([]uint64, n)
	for i := range k.Signature {
		k.Signature[i] = binary.LittleEndian.Uint64(d.b[8*i:])
	}
	return k, nil
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// decoder reads Encode's fields, keeping the first error.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.err = fmt.Errorf("bad length")
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) str() string {
	n := d.uvarint()
	if d.err != nil {
		return ""
	}
	if n > uint64(len(d.b)) {
		d.err = fmt.Errorf("string of %d bytes with %d left", n, len(d.b))
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

func (d *decoder) float() float64 {
	if d.err != nil {
		return 0
	}
	if len(d.b) < 8 {
		d.err = fmt.Errorf("float with %d bytes left", len(d.b))
		return 0
	}
	v := math.Float64frombits(binary.LittleEndian.Uint64(d.b))
	d.b = d.b[8:]
	return v
}

func (d *decoder) byte1() byte {
	if d.err != nil {
		return 0
	}
	if len(d.b) < 1 {
		d.err = fmt.Errorf("byte with none left")
		return 0
	}
	v := d.b[0]
	d.b = d.b[1:]
	return v
}
