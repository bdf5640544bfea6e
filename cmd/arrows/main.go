// Command arrows synthesizes verified math-reasoning training data: (problem,
// solution, program) triples made by program-assisted synthesis and kept only
// when bilateral verification holds. See README.md.
//
// Usage:
//
//	arrows generate [flags]   synthesize a corpus (Beam pipeline)
//	arrows verify [flags]     re-run verification over existing corpora (Beam pipeline)
//	arrows plan --n N [flags] project a run's tokens, cost and time from a pilot
//	arrows export [flags]     export a corpus as SFT/RL JSONL or Parquet (Beam pipeline)
//	arrows exec FILE.py...    run programs in the sandbox, one JSON line each
//	arrows topics             the knowledge system (tree, --json)
//	arrows toolkit            the toolkit APIs and the topics using each
//	arrows report --in DIR    write DIR/report.html from DIR/stats.json
//	arrows version            (also arrows --version)
//	arrows help [COMMAND]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"

	"github.com/arrows-math/arrows/internal/version"
	"github.com/arrows-math/arrows/runners"
)

type command struct {
	name, summary string
	// synopsis follows "arrows <name>" in the usage line.
	synopsis string
	// job is set for commands that run a Beam job: their help lists the
	// runner flags.
	job bool
	// files is set for commands whose arguments are files (exec); every
	// other command refuses arguments that are not flags.
	files bool
	// setup registers the command's flags on the global flag set (shared
	// with Beam's runner flags) and returns the function that runs it.
	setup func(fs *flag.FlagSet) func(ctx context.Context, args []string) error
}

func commands() []command {
	return []command{
		{"generate", "synthesize a verified corpus (Beam pipeline)", "[flags]", true, false, generateCmd},
		{"verify", "re-run verification over existing corpora (Beam pipeline)", "--in GLOB --out DIR [flags]", true, false, verifyCmd},
		{"plan", "run a pilot and project tokens, cost and time of a generate run", "--n N [--pilot 50] [generate flags]", true, false, planCmd},
		{"export", "export a corpus for trainers: sft, rl or parquet (Beam pipeline)", "--in DIR --out DIR --format sft|rl|parquet [flags]", true, false, exportCmd},
		{"exec", "run Python programs in the sandbox and print one JSON line each", "FILE.py... [flags]", false, true, execCmd},
		{"topics", "show the knowledge system (stage → subject → topic)", "[--json] [--stage S] [--subject S]", false, false, topicsCmd},
		{"toolkit", "show the toolkit APIs and the topics that use each", "[--json]", false, false, toolkitCmd},
		{"report", "write report.html (and the dataset card if missing) from a run's stats.json", "--in DIR [flags]", false, false, reportCmd},
		{"version", "print the arrows version", "", false, false, versionCmd},
		{"help", "show the commands, or a command's flags: arrows help COMMAND", "[COMMAND]", false, false, nil},
	}
}

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	// A Beam worker process (Dataflow, Flink, PROCESS environments) is started
	// with --worker and no subcommand: hand it to the Beam harness.
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		switch {
		case hasWorkerFlag(args):
			runners.ExitWithParent(context.Background())
			flag.CommandLine.Parse(args)
			beam.Init()
			return 0
		case len(args) > 0 && (args[0] == "--version" || args[0] == "-version"):
			printVersion()
			return 0
		}
		usage()
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "-help") {
			return 0
		}
		return 2
	}
	if args[0] == "help" {
		return help(args[1:])
	}
	c, ok := lookup("arrows", args[0])
	if !ok {
		return 2
	}
	fs := flag.CommandLine
	runFn := setupCommand(fs, c)
	if err := parseFlags(fs, args[1:]); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	if !c.files && fs.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "arrows %s: unexpected argument %q: the command takes flags only (a true/false value goes with its flag: --x=false)\n", c.name, fs.Arg(0))
		return 2
	}
	beam.Init()
	ctx := context.Background()
	if c.job {
		// What killed runs left in the temporary directory goes first.
		removeStaleTempDirs(os.Stderr, os.TempDir())
		// SIGINT and SIGTERM cancel the job and clean up (see interruptible).
		var stop func()
		ctx, stop = interruptible(ctx)
		defer stop()
	}
	if err := runFn(ctx, fs.Args()); err != nil {
		var ie *interruptedError
		if errors.As(err, &ie) {
			fmt.Fprintf(os.Stderr, "arrows %s: %v\n", c.name, err)
			return ie.exitCode()
		}
		if line := causeLine(err); c.job && !isSet(fs, "verbose") && line != err.Error() {
			fmt.Fprintf(os.Stderr, "arrows %s: %s\n(run again with --verbose for the full error)\n", c.name, line)
		} else {
			fmt.Fprintf(os.Stderr, "arrows %s: %v\n", c.name, err)
		}
		return 1
	}
	return 0
}

// lookup finds the command called name; for another name it prints an
// error (prefixed by who asks) and the usage.
func lookup(who, name string) (command, bool) {
	for _, c := range commands() {
		if c.name == name && c.setup != nil {
			return c, true
		}
	}
	fmt.Fprintf(os.Stderr, "%s: unknown command %q\n\n", who, name)
	usage()
	return command{}, false
}

// setupCommand registers c's flags on fs (the global flag set, which
// already holds Beam's) and its usage, which lists them: the flags c
// registered, and for a job the runner flags.
func setupCommand(fs *flag.FlagSet, c command) func(context.Context, []string) error {
	fs.Init("arrows "+c.name, flag.ContinueOnError)
	before := map[string]bool{}
	fs.VisitAll(func(f *flag.Flag) { before[f.Name] = true })
	runFn := c.setup(fs)
	if c.job {
		fs.Bool("verbose", false, "print the full error of a failed job (the runner's detail) instead of its one-line cause")
	}
	fs.Usage = func() {
		out := fs.Output()
		fmt.Fprintf(out, "Usage: arrows %s %s\n\nFlags:\n", c.name, c.synopsis)
		fs.VisitAll(func(f *flag.Flag) {
			if before[f.Name] {
				return
			}
			def := ""
			if f.DefValue != "" && f.DefValue != "false" {
				def = fmt.Sprintf(" (default %s)", f.DefValue)
			}
			fmt.Fprintf(out, "  --%-22s %s%s\n", f.Name, f.Usage, def)
		})
		if c.job {
			fmt.Fprint(out, runnerHelp)
		}
	}
	return runFn
}

// help is `arrows help [COMMAND]`.
func help(args []string) int {
	switch len(args) {
	case 0:
		usage()
		return 0
	case 1:
		c, ok := lookup("arrows help", args[0])
		if !ok {
			return 2
		}
		fs := flag.CommandLine
		setupCommand(fs, c)
		fs.SetOutput(os.Stdout)
		fs.Usage()
		return 0
	}
	fmt.Fprintln(os.Stderr, "usage: arrows help [COMMAND]")
	return 2
}

// isSet reports whether the boolean flag name is true.
func isSet(fs *flag.FlagSet, name string) bool {
	f := fs.Lookup(name)
	return f != nil && f.Value.String() == "true"
}

func hasWorkerFlag(args []string) bool {
	for _, a := range args {
		if a == "--worker" || a == "-worker" || strings.HasPrefix(a, "--worker=") || strings.HasPrefix(a, "-worker=") {
			return true
		}
	}
	return false
}

func usage() {
	fmt.Fprintf(os.Stderr, "arrows %s: verified math-reasoning data synthesis\n\nUsage: arrows COMMAND [flags]\n\nCommands:\n", version.Version)
	for _, c := range commands() {
		fmt.Fprintf(os.Stderr, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(os.Stderr, "\nRun `arrows help COMMAND` or `arrows COMMAND --help` for a command's flags; `arrows --version` prints the version.\n")
}

func printVersion() { fmt.Println("arrows", version.Version) }

func versionCmd(*flag.FlagSet) func(context.Context, []string) error {
	return func(context.Context, []string) error {
		printVersion()
		return nil
	}
}

const runnerHelp = `
Runner flags (Beam):
  --runner=prism            local, in-process (default). --runner=direct and --runner=local
                            also run on prism: the legacy Go direct runner is never used.
  --runner=universal        a Beam job server: --endpoint=HOST:PORT [--environment_type=LOOPBACK|DOCKER|PROCESS|EXTERNAL]
  --runner=flink            a Beam Flink job server: --endpoint (default localhost:8099)
                            --environment_type=LOOPBACK (local testing) | DOCKER | EXTERNAL --environment_config=HOST:50000 | PROCESS
  --runner=dataflow         --project --region --staging_location=gs://… [--temp_location=gs://…]
                            --worker_binary=bin/arrows-worker-linux-amd64 (make worker)
                            [--sdk_container_image=IMAGE] [--max_num_workers=N] [--dry_run]
`
