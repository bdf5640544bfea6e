// Package latex holds small helpers for reading LaTeX text. It is pure Go.
package latex

// Closing returns the index in s of the '}' that closes a brace group
// opened just before start, skipping escaped characters (\{ and \} do not
// count), or -1 when the group is not closed.
func Closing(s string, start int) int {
	depth := 1
	for i := start; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++ // skip an escaped character such as \{ or \}
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}
