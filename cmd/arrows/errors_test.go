package main

import (
	"errors"
	"testing"
)

func TestCauseLineNamesTheCause(t *testing.T) {
	cases := []struct {
		name, err, want string
	}{
		{"a plain error stays whole",
			"--out /proc/x is not writable: create /proc/x/accepted/.tmp-probe.1: mkdir /proc/x: no such file or directory",
			"--out /proc/x is not writable: create /proc/x/accepted/.tmp-probe.1: mkdir /proc/x: no such file or directory"},
		{"a failed Beam job gives its DoFn's error",
			"run on prism: job job-001 failed:\n(time=2026-12-07T12:00:00Z)(id=7)ProcessBundle failed: process bundle failed for instruction inst004 using plan s02 : while executing Process for Plan[s02]:\n2: ParDo[transforms.generateFn] Out:[3]\n3: DataSink[S[ptransform-7@localhost:0]]\n\tcaused by:\nDoFn[UID:2, PID:s02-7, Name: github.com/arrows-math/arrows/transforms.asyncFn] failed:\nllm endpoint http://127.0.0.1:1234/v1 unreachable for 2s (max outage): 5 requests timed out\n\tat exec.callNoPanic\ngoroutine 12 [running]:",
			"the job failed: llm endpoint http://127.0.0.1:1234/v1 unreachable for 2s (max outage): 5 requests timed out"},
		{"a panic is named as the cause",
			"job failed:\nDoFn[UID:1, PID:p, Name: f] failed:\npanic: runtime error: index out of range [3] with length 3\ngoroutine 1 [running]:\nmain.f()",
			"the job failed: runtime error: index out of range [3] with length 3"},
		{"a long multi-line error keeps its first line",
			"first line\n2\n3\n4\n5\n6", "first line"},
		{"a short multi-line error is joined",
			"open x:\n  permission denied", "open x: permission denied"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := causeLine(errors.New(c.err)); got != c.want {
				t.Errorf("causeLine = %q\nwant        %q", got, c.want)
			}
		})
	}
}
