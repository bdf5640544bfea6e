package prompts

import (
	"slices"
	"strings"
)

// JoinVersions appends prompt version b to the "+"-joined versions a
// (provenance.prompt_version of a row that several prompts worked on),
// unless it is already there.
func JoinVersions(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "" || slices.Contains(strings.Split(a, "+"), b):
		return a
	}
	return a + "+" + b
}
