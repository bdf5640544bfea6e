package answer

import (
	"testing"
	"unicode/utf8"
)

// FuzzCompareText checks that the Go layer never panics and is
// deterministic on arbitrary input (run: go test -fuzz FuzzCompareText).
func FuzzCompareText(f *testing.F) {
	for _, tc := range fastTextCases {
		f.Add(tc.answer, tc.reference)
	}
	f.Add(`\boxed{\frac{1}{`, `\left(`)
	f.Add(`0.\overline{}`, `\sqrt[`)
	f.Add(`\pm\pm\pm\pm 1`, `\{\}`)
	f.Add(`\begin{pmatrix}1&2\\3\end{pmatrix}`, `(1,2]\cup`)
	f.Fuzz(func(t *testing.T, answer, reference string) {
		if !utf8.ValidString(answer) || !utf8.ValidString(reference) {
			return
		}
		var c Checker
		first := c.CompareText(t.Context(), answer, reference)
		second := c.CompareText(t.Context(), answer, reference)
		if first != second {
			t.Fatalf("non-deterministic: %+v vs %+v", first, second)
		}
		if first.Verdict != Equal && first.Verdict != NotEqual && first.Verdict != Undecided {
			t.Fatalf("bad verdict %+v", first)
		}
		if _, ok := Extract(answer); ok && answer == "" {
			t.Fatal("extracted from empty text")
		}
	})
}
