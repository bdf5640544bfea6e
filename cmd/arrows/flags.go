package main

import (
	"flag"
	"strings"
)

// parseFlags parses a command's arguments with one rule for every true/false
// flag, arrows' own and Beam's: --x and --x=true set it, --x=false clears
// it, and --x true / --x false (a separate word) mean the same as
// --x=true / --x=false, where Go's flag package would take the word for
// the first argument and stop parsing at it.
func parseFlags(fs *flag.FlagSet, args []string) error {
	return fs.Parse(joinBoolValues(fs, args))
}

// keywords is a true/false flag that also takes other words as its value
// (--progress auto).
type keywords interface {
	Keywords() []string
}

// joinBoolValues rewrites "--x" "false" as "--x=false" for every true/false
// flag x of fs. It skips the value of flags that take one, and stops at
// "--" and at the first argument that is not a flag, as flag.Parse does.
func joinBoolValues(fs *flag.FlagSet, args []string) []string {
	out := make([]string, 0, len(args))
	for i := 0; i < len(args); i++ {
		a := args[i]
		out = append(out, a)
		if a == "--" || !strings.HasPrefix(a, "-") || a == "-" {
			return append(out, args[i+1:]...)
		}
		name := strings.TrimLeft(a, "-")
		if strings.Contains(name, "=") {
			continue
		}
		f := fs.Lookup(name)
		if f == nil || i+1 >= len(args) {
			continue
		}
		if !isBool(f) {
			out = append(out, args[i+1]) // the flag's value, whatever it looks like
			i++
			continue
		}
		if next := args[i+1]; boolWord(f, next) {
			out[len(out)-1] = a + "=" + next
			i++
		}
	}
	return out
}

func isBool(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// boolWord reports whether w is a value of the true/false flag f.
func boolWord(f *flag.Flag, w string) bool {
	switch strings.ToLower(w) {
	case "true", "false":
		return true
	}
	if k, ok := f.Value.(keywords); ok {
		for _, kw := range k.Keywords() {
			if w == kw {
				return true
			}
		}
	}
	return false
}
