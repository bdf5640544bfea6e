package latex

import "testing"

func TestClosing(t *testing.T) {
	for _, tc := range []struct {
		name, s string
		start   int
		want    int
	}{
		{"a flat group", `\boxed{42} rest`, 7, 9},
		{"nested groups", `{\frac{1}{2}}`, 1, 12},
		{"escaped braces do not count", `{a\}b}`, 1, 5},
		{"an unclosed group", `{\frac{1}{2}`, 1, -1},
		{"an empty group", `{}`, 1, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Closing(tc.s, tc.start); got != tc.want {
				t.Fatalf("Closing(%q, %d) = %d, want %d", tc.s, tc.start, got, tc.want)
			}
		})
	}
}
