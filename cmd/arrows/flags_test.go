package main

import (
	"flag"
	"io"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// commandFlags registers a command's own flags on a fresh flag set.
func commandFlags(c command) *flag.FlagSet {
	fs := flag.NewFlagSet("arrows "+c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	c.setup(fs)
	return fs
}

// boolFlags lists the true/false flags of fs.
func boolFlags(fs *flag.FlagSet) []string {
	var names []string
	fs.VisitAll(func(f *flag.Flag) {
		if isBool(f) {
			names = append(names, f.Name)
		}
	})
	sort.Strings(names)
	return names
}

// Every true/false flag of every command takes --x, --x=true|false and
// --x true|false, and the flags after it are still parsed.
func TestEveryBooleanFlagTakesTrueAndFalse(t *testing.T) {
	forms := []struct {
		name string
		args []string
		want string
	}{
		{"alone it means true", []string{"--%s"}, "true"},
		{"=true", []string{"--%s=true"}, "true"},
		{"=false", []string{"--%s=false"}, "false"},
		{"a separate false means false", []string{"--%s", "false"}, "false"},
		{"a separate true means true", []string{"--%s", "true"}, "true"},
		{"one dash and FALSE", []string{"-%s", "FALSE"}, "false"},
	}
	checked := 0
	for _, c := range commands() {
		if c.setup == nil {
			continue
		}
		for _, name := range boolFlags(commandFlags(c)) {
			for _, form := range forms {
				t.Run(c.name+"/"+name+"/"+form.name, func(t *testing.T) {
					fs := commandFlags(c)
					var args []string
					for _, a := range form.args {
						args = append(args, strings.Replace(a, "%s", name, 1))
					}
					if err := parseFlags(fs, args); err != nil {
						t.Fatalf("parse %v: %v", args, err)
					}
					if got := fs.Lookup(name).Value.String(); got != form.want {
						t.Fatalf("%v: --%s is %s, want %s", args, name, got, form.want)
					}
					if fs.NArg() != 0 {
						t.Fatalf("%v left arguments %v", args, fs.Args())
					}
				})
			}
			checked++
		}
	}
	if checked < 15 {
		t.Fatalf("only %d true/false flags found", checked)
	}
}

// The run of issue 16: a separate false no longer ends flag parsing.
func TestFlagsAfterASeparateFalseCount(t *testing.T) {
	gen, _ := lookup("test", "generate")
	fs := commandFlags(gen)
	args := []string{"--out", "DIR", "--progress", "false", "--n", "7", "--overwrite", "false", "--seed", "3", "--dedup", "true"}
	if err := parseFlags(fs, args); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, n := range []string{"out", "progress", "n", "overwrite", "seed", "dedup"} {
		got[n] = fs.Lookup(n).Value.String()
	}
	want := map[string]string{"out": "DIR", "progress": "false", "n": "7", "overwrite": "false", "seed": "3", "dedup": "true"}
	if !reflect.DeepEqual(got, want) || fs.NArg() != 0 {
		t.Fatalf("parsed %v (arguments left %v), want %v", got, fs.Args(), want)
	}
	fs = commandFlags(gen)
	if err := parseFlags(fs, []string{"--progress", "auto", "--license", "false"}); err != nil {
		t.Fatal(err)
	}
	if fs.Lookup("progress").Value.String() != "auto" || fs.Lookup("license").Value.String() != "false" {
		t.Fatal("--progress auto, or a string flag whose value is \"false\", was misread")
	}
}

// Beam's true/false flags (on the global flag set) follow the same rule.
func TestBeamBooleanFlagsFollowTheRule(t *testing.T) {
	names := boolFlags(flag.CommandLine)
	if len(names) == 0 {
		t.Fatal("no Beam true/false flags registered")
	}
	for _, name := range names {
		got := joinBoolValues(flag.CommandLine, []string{"--" + name, "false", "--runner", "true"})
		if want := []string{"--" + name + "=false", "--runner", "true"}; !reflect.DeepEqual(got, want) {
			t.Errorf("--%s false: rewritten %v, want %v", name, got, want)
		}
	}
}

func TestJoinBoolValuesStopsWhereParsingStops(t *testing.T) {
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	fs.Bool("json", false, "")
	for _, c := range []struct{ in, want []string }{
		{[]string{"a.py", "--json", "false"}, []string{"a.py", "--json", "false"}},
		{[]string{"--", "--json", "false"}, []string{"--", "--json", "false"}},
		{[]string{"--json", "maybe"}, []string{"--json", "maybe"}},
	} {
		if got := joinBoolValues(fs, c.in); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%v: got %v, want %v", c.in, got, c.want)
		}
	}
}

func TestCommandLineArguments(t *testing.T) {
	cases := []struct {
		name   string
		args   []string
		code   int
		want   []string // in stdout+stderr
		absent []string
	}{
		{"a stray argument is refused", []string{"generate", "--out", "/tmp/arrows-never", "extra"}, 2,
			[]string{`unexpected argument "extra"`}, nil},
		{"verify refuses one too", []string{"verify", "--in", "x", "--out", "y", "false"}, 2, []string{`unexpected argument "false"`}, nil},
		{"--version", []string{"--version"}, 0, []string{"arrows 0."}, nil},
		{"help lists the commands", []string{"help"}, 0, []string{"generate", "verify", "exec", "help"}, nil},
		{"help COMMAND shows its flags and the runner flags of a job", []string{"help", "generate"}, 0,
			[]string{"Usage: arrows generate", "--n ", "--llm-base-url", "Runner flags"}, nil},
		{"exec's help has no runner flags", []string{"exec", "--help"}, 0, []string{"--timeout", "--workers"}, []string{"Runner flags", "--runner"}},
		{"help exec neither", []string{"help", "exec"}, 0, []string{"Usage: arrows exec FILE.py..."}, []string{"Runner flags"}},
		{"help of an unknown command", []string{"help", "dream"}, 2, []string{`unknown command "dream"`}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := arrows(t, nil, c.args...)
			all := r.stdout + r.stderr
			if r.code != c.code {
				t.Fatalf("exit %d, want %d:\n%s", r.code, c.code, clip(all, 2000))
			}
			for _, w := range c.want {
				if !strings.Contains(all, w) {
					t.Errorf("output lacks %q:\n%s", w, clip(all, 2000))
				}
			}
			for _, a := range c.absent {
				if strings.Contains(all, a) {
					t.Errorf("output has %q:\n%s", a, clip(all, 2000))
				}
			}
		})
	}
}
