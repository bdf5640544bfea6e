package corpus

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
)

// maxScanDepth bounds the nesting the duplicate-key scan follows; deeper
// input is left to the JSON decoder (which refuses nesting past 10000).
const maxScanDepth = 1000

// duplicateKey reports the first key that appears twice in one object of
// the JSON text b, as a dotted path ("question", "seed.id", "choices.0.text"),
// and whether there is one. JSON decoders keep the last of duplicate keys
// silently, so such a row is ambiguous. b is expected to be a valid JSON
// value; on anything else duplicateKey reports no duplicate and leaves the
// syntax error to the decoder. It makes one pass without allocating unless a
// key holds an escape or an object has many keys.
func duplicateKey(b []byte) (string, bool) {
	s := dupScanner{b: b}
	s.space()
	path, found := s.value(0)
	if !found {
		return "", false
	}
	// path holds the segments innermost first.
	for i, j := 0, len(path)-1; i < j; i, j = i+1, j-1 {
		path[i], path[j] = path[j], path[i]
	}
	return strings.Join(path, "."), true
}

type dupScanner struct {
	b   []byte
	i   int
	bad bool // the text is not what was expected: stop, report nothing
}

func (s *dupScanner) space() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// str skips a string starting at s.i (a quote) and returns its raw content
// (between the quotes, escapes as written) and whether it holds an escape.
func (s *dupScanner) str() (raw []byte, escaped bool) {
	start := s.i + 1
	j := start
	for {
		k := bytes.IndexByte(s.b[j:], '"')
		if k < 0 {
			s.bad = true
			return nil, false
		}
		q := j + k
		n := 0
		for p := q - 1; p >= start && s.b[p] == '\\'; p-- {
			n++
		}
		if n%2 == 0 {
			s.i = q + 1
			raw = s.b[start:q]
			return raw, bytes.IndexByte(raw, '\\') >= 0
		}
		j = q + 1
	}
}

// value skips the value at s.i; for a duplicate key below it, it returns the
// path to it, innermost segment first.
func (s *dupScanner) value(depth int) ([]string, bool) {
	if s.i >= len(s.b) || depth > maxScanDepth {
		s.bad = true
		return nil, false
	}
	switch s.b[s.i] {
	case '{':
		return s.object(depth)
	case '[':
		return s.array(depth)
	case '"':
		s.str()
		return nil, false
	default: // number, true, false, null
		for s.i < len(s.b) {
			switch s.b[s.i] {
			case ',', ']', '}', ' ', '\t', '\n', '\r':
				return nil, false
			}
			s.i++
		}
		return nil, false
	}
}

func (s *dupScanner) object(depth int) ([]string, bool) {
	s.i++ // {
	var small [16][]byte
	keys := small[:0]
	var many map[string]bool
	for {
		s.space()
		if s.i >= len(s.b) {
			s.bad = true
			return nil, false
		}
		if s.b[s.i] == '}' {
			s.i++
			return nil, false
		}
		if s.b[s.i] != '"' {
			s.bad = true
			return nil, false
		}
		key, escaped := s.str()
		if s.bad {
			return nil, false
		}
		if escaped {
			var k string
			if json.Unmarshal(s.b[s.i-len(key)-2:s.i], &k) != nil {
				s.bad = true
				return nil, false
			}
			key = []byte(k)
		}
		if many != nil {
			if many[string(key)] {
				return []string{string(key)}, true
			}
			many[string(key)] = true
		} else {
			for _, k := range keys {
				if bytes.Equal(k, key) {
					return []string{string(key)}, true
				}
			}
			keys = append(keys, key)
			if len(keys) > 32 {
				many = make(map[string]bool, 2*len(keys))
				for _, k := range keys {
					many[string(k)] = true
				}
			}
		}
		s.space()
		if s.i >= len(s.b) || s.b[s.i] != ':' {
			s.bad = true
			return nil, false
		}
		s.i++
		s.space()
		if path, found := s.value(depth + 1); found {
			return append(path, string(key)), true
		}
		if s.bad || !s.more('}') {
			return nil, false
		}
	}
}

func (s *dupScanner) array(depth int) ([]string, bool) {
	s.i++ // [
	for idx := 0; ; idx++ {
		s.space()
		if s.i < len(s.b) && s.b[s.i] == ']' && idx == 0 {
			s.i++
			return nil, false
		}
		if path, found := s.value(depth + 1); found {
			return append(path, strconv.Itoa(idx)), true
		}
		if s.bad || !s.more(']') {
			return nil, false
		}
	}
}

// more steps over what follows a member or an element: it reports true after
// a comma, false after closer, and otherwise marks the scanner bad.
func (s *dupScanner) more(closer byte) bool {
	s.space()
	if s.i < len(s.b) && s.b[s.i] == ',' {
		s.i++
		return true
	}
	if s.i < len(s.b) && s.b[s.i] == closer {
		s.i++
		return false
	}
	s.bad = true
	return false
}
