// Command arrows synthesizes verified math-reasoning training data: (problem,
// solution, program) triples made by program-assisted synthesis and kept only
// when bilateral verification holds. See README.md.
//
// Usage:
//
//	arrows generate [flags]   synthesize a corpus (Beam pipeline)
//	arrows verify [flags]     re-run verification over existing corpora (Beam pipeline)
//	arrows exec FILE.py...    run programs in the sandbox, one JSON line each
//	arrows topics             the knowledge system (tree, --json)
//	arrows toolkit            the toolkit APIs and the topics using each
//	arrows report --in DIR    write DIR/report.html from DIR/stats.json
//	arrows version
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"

	"github.com/arrows-math/arrows/internal/version"
	"github.com/arrows-math/arrows/runners"
)

type command struct {
	name    string
	summary string
	// setup registers the command's flags on the global flag set (shared
	// with Beam's runner flags) and returns the function that runs it.
	setup func(fs *flag.FlagSet) func(ctx context.Context, args []string) error
}

func commands() []command {
	return []command{
		{"generate", "synthesize a verified corpus (Beam pipeline)", generateCmd},
		{"verify", "re-run verification over existing corpora (Beam pipeline)", verifyCmd},
		{"exec", "run Python programs in the sandbox and print one JSON line each", execCmd},
		{"topics", "show the knowledge system (stage → subject → topic)", topicsCmd},
		{"toolkit", "show the toolkit APIs and the topics that use each", toolkitCmd},
		{"report", "write report.html (and README.md if missing) from a run's stats.json", reportCmd},
		{"version", "print the arrows version", versionCmd},
	}
}

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	// A Beam worker process (Dataflow, Flink, PROCESS environments) is started
	// with --worker and no subcommand: hand it to the Beam harness.
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		if hasWorkerFlag(args) {
			runners.ExitWithParent(context.Background())
			flag.CommandLine.Parse(args)
			beam.Init()
			return 0
		}
		usage()
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "-help") {
			return 0
		}
		return 2
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		fs := flag.CommandLine
		fs.Init("arrows "+c.name, flag.ContinueOnError)
		runFn := c.setup(fs)
		if err := fs.Parse(args[1:]); err != nil {
			if err == flag.ErrHelp {
				return 0
			}
			return 2
		}
		beam.Init()
		if err := runFn(context.Background(), fs.Args()); err != nil {
			fmt.Fprintf(os.Stderr, "arrows %s: %v\n", c.name, err)
			return 1
		}
		return 0
	}
	fmt.Fprintf(os.Stderr, "arrows: unknown command %q\n\n", args[0])
	usage()
	return 2
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
	fmt.Fprintf(os.Stderr, "\nRun `arrows COMMAND --help` for a command's flags.\n")
}

func versionCmd(fs *flag.FlagSet) func(context.Context, []string) error {
	return func(context.Context, []string) error {
		fmt.Println("arrows", version.Version)
		return nil
	}
}

// commandUsage prints the command's own flags first and Beam's runner flags
// in a short summary (Beam registers hundreds of flags globally).
func commandUsage(fs *flag.FlagSet, name, synopsis string, own []string) func() {
	return func() {
		out := fs.Output()
		fmt.Fprintf(out, "Usage: arrows %s %s\n\nFlags:\n", name, synopsis)
		ownSet := map[string]bool{}
		for _, n := range own {
			ownSet[n] = true
		}
		fs.VisitAll(func(f *flag.Flag) {
			if !ownSet[f.Name] {
				return
			}
			def := ""
			if f.DefValue != "" && f.DefValue != "false" {
				def = fmt.Sprintf(" (default %s)", f.DefValue)
			}
			fmt.Fprintf(out, "  --%-22s %s%s\n", f.Name, f.Usage, def)
		})
		fmt.Fprint(out, runnerHelp)
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
