package main

import (
	"regexp"
	"strings"
)

// beamFailed marks where Beam's report of a failed job quotes the error of
// the user code that failed: "DoFn[UID:…, PID:…, Name: …] failed:\n<error>".
var beamFailed = regexp.MustCompile(`(?s)^.*\] failed:\s*\n`)

// beamNoise are the prefixes Beam puts before a quoted error.
var beamNoise = regexp.MustCompile(`^(\((time|id)=[^)]*\))+\s*`)

// causeLine is the one line a failed command prints by default: the cause
// of err. A failed Beam job reports the error of the failing DoFn inside
// several layers of runner detail (job and instruction ids, bundle
// descriptors, stack traces); causeLine keeps the first line of the
// innermost quoted error, and says that the job failed. Other errors are
// kept whole but on one line. The full text is printed with --verbose.
func causeLine(err error) string {
	msg := err.Error()
	if loc := beamFailed.FindStringIndex(msg); loc != nil {
		inner := strings.TrimSpace(msg[loc[1]:])
		first, _, _ := strings.Cut(inner, "\n")
		first = strings.TrimSpace(beamNoise.ReplaceAllString(first, ""))
		first = strings.TrimPrefix(first, "panic: ")
		if first != "" {
			return "the job failed: " + first
		}
	}
	if first, rest, ok := strings.Cut(strings.TrimSpace(msg), "\n"); ok {
		// Keep short multi-line errors readable on one line.
		if strings.Count(rest, "\n") < 3 && len(msg) < 400 {
			return strings.Join(strings.Fields(strings.ReplaceAll(msg, "\n", " ")), " ")
		}
		return strings.TrimSpace(first)
	}
	return msg
}
