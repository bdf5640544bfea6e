// Package runners is the one place that maps arrows' --runner flag to a Beam
// runner, validates the flags each runner needs before anything is
// submitted, and runs a pipeline.
//
//	direct, local, prism, ""  → prism, in-process (Beam's local runner). The
//	                            legacy Go "direct" runner is never used: it
//	                            hides serialization bugs and lacks state.
//	universal, portable        → a Beam job server at --endpoint (the Job API
//	                            path Flink and Spark also use).
//	flink                      → a Beam Flink job server at --endpoint
//	                            (default localhost:8099; not Flink's REST
//	                            port 8081) with --environment_type LOOPBACK
//	                            (local testing), DOCKER, PROCESS or EXTERNAL.
//	dataflow                   → Google Cloud Dataflow (Runner v2) with
//	                            --project, --region, --staging_location,
//	                            --temp_location, --worker_binary,
//	                            --sdk_container_image /
//	                            --worker_harness_container_image,
//	                            --max_num_workers, --dry_run.
//
// Every runner whose workers are other processes (universal and flink with
// DOCKER, PROCESS or EXTERNAL; dataflow unless --dry_run) needs
// --worker_binary, a linux/amd64 build of arrows (`make worker`), so that
// submitting never cross-compiles, and a worker environment with Python and
// SymPy: the arrows worker image (runners/Dockerfile) for DOCKER and
// Dataflow, a boot program for PROCESS, a worker pool for EXTERNAL.
// Configuration reaches those workers only inside the DoFns (exported,
// JSON-serialized fields): Go flag variables keep their defaults there.
package runners

import (
	"context"
	"debug/elf"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"

	// The --runner flag, filesystems and the runners this package selects.
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/core/runtime/exec/optimized"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/gcs"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/dataflow"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/flink"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/universal"
)

// Canonical runner names.
const (
	Prism     = "prism"
	Universal = "universal"
	Flink     = "flink"
	Dataflow  = "dataflow"
)

// DefaultFlinkEndpoint is the Beam Flink job server's default job port.
const DefaultFlinkEndpoint = "localhost:8099"

// Canonical maps a --runner value to the Beam runner arrows uses.
func Canonical(name string) (string, error) {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "", "direct", "directrunner", "local", "prism", "prismrunner":
		return Prism, nil
	case "universal", "portable", "portablerunner":
		return Universal, nil
	case "flink", "flinkrunner":
		return Flink, nil
	case "dataflow", "dataflowrunner":
		return Dataflow, nil
	}
	return "", fmt.Errorf("unknown --runner %q: use prism (also direct/local), universal, flink or dataflow", name)
}

// Flags reads Beam's global flags by name (they are registered by the Beam
// runner packages this package imports).
type Flags interface {
	Lookup(name string) *flag.Flag
}

func get(fs Flags, name string) string {
	if f := fs.Lookup(name); f != nil {
		return f.Value.String()
	}
	return ""
}

func set(fs *flag.FlagSet, name, value string) error {
	if err := fs.Set(name, value); err != nil {
		return fmt.Errorf("set --%s: %w", name, err)
	}
	return nil
}

// IsLocal reports whether the runner executes in this process.
func IsLocal(runner string) bool { return runner == Prism }

// Prepare canonicalizes --runner in fs, fills runner defaults, and checks
// that the flags the runner needs are present. It fails with a message that
// names every missing flag.
func Prepare(fs *flag.FlagSet) (string, error) {
	r, err := Canonical(get(fs, "runner"))
	if err != nil {
		return "", err
	}
	if err := set(fs, "runner", r); err != nil {
		return "", err
	}
	var missing []string
	switch r {
	case Prism:
		if env := get(fs, "environment_type"); env != "" && !strings.EqualFold(env, "loopback") && get(fs, "endpoint") == "" {
			return "", fmt.Errorf("--environment_type=%s needs a job server: use --runner=universal --endpoint=HOST:PORT", env)
		}
	case Universal, Flink:
		if r == Flink && get(fs, "endpoint") == "" {
			if err := set(fs, "endpoint", DefaultFlinkEndpoint); err != nil {
				return "", err
			}
		}
		if get(fs, "endpoint") == "" {
			missing = append(missing, "--endpoint (the job server's host:port)")
		}
		m, err := checkPortableEnvironment(fs)
		if err != nil {
			return "", err
		}
		missing = append(missing, m...)
	case Dataflow:
		for _, name := range []string{"project", "region", "staging_location"} {
			if get(fs, name) == "" {
				missing = append(missing, "--"+name)
			}
		}
		if loc := get(fs, "staging_location"); loc != "" && !strings.HasPrefix(loc, "gs://") {
			return "", fmt.Errorf("--staging_location must be a gs:// path, got %q", loc)
		}
		if loc := get(fs, "temp_location"); loc != "" && !strings.HasPrefix(loc, "gs://") {
			return "", fmt.Errorf("--temp_location must be a gs:// path, got %q", loc)
		}
		dry := get(fs, "dry_run") == "true"
		if get(fs, "worker_binary") == "" && !dry {
			missing = append(missing, "--worker_binary (build it with `make worker`; without it submission cross-compiles for minutes)")
		}
		if get(fs, "sdk_container_image") != "" && get(fs, "worker_harness_container_image") != "" {
			return "", fmt.Errorf("set only one of --sdk_container_image and --worker_harness_container_image")
		}
		if get(fs, "sdk_container_image") == "" && get(fs, "worker_harness_container_image") == "" && !dry {
			missing = append(missing, "--sdk_container_image (the arrows worker image, `make container IMAGE=…`: Beam's default Go image has no Python/SymPy for the sandbox)")
		}
		if env := get(fs, "environment_type"); env != "" && !strings.EqualFold(env, "docker") {
			return "", fmt.Errorf("dataflow only supports --environment_type=DOCKER, got %q", env)
		}
	}
	if len(missing) > 0 {
		return "", fmt.Errorf("--runner=%s needs %s", r, strings.Join(missing, ", "))
	}
	if bin := get(fs, "worker_binary"); bin != "" {
		if err := CheckWorkerBinary(bin); err != nil {
			return "", err
		}
	}
	return r, nil
}

// Environment types of the portable runners (--environment_type).
const (
	EnvLoopback = "LOOPBACK"
	EnvDocker   = "DOCKER"
	EnvProcess  = "PROCESS"
	EnvExternal = "EXTERNAL"
)

// EnvironmentType returns the canonical --environment_type: "" and Beam's
// URN forms are mapped to the names above (Beam's default is DOCKER).
func EnvironmentType(value string) (string, error) {
	switch strings.ToLower(strings.TrimSpace(value)) {
	case "", "docker", "beam:env:docker:v1":
		return EnvDocker, nil
	case "loopback":
		return EnvLoopback, nil
	case "process", "beam:env:process:v1":
		return EnvProcess, nil
	case "external", "beam:env:external:v1":
		return EnvExternal, nil
	}
	return "", fmt.Errorf("unknown --environment_type %q: use LOOPBACK, DOCKER, PROCESS or EXTERNAL", value)
}

// checkPortableEnvironment checks the worker environment flags of the
// universal and flink runners and returns the flags that are missing.
func checkPortableEnvironment(fs Flags) ([]string, error) {
	env, err := EnvironmentType(get(fs, "environment_type"))
	if err != nil {
		return nil, err
	}
	cfg := strings.TrimSpace(get(fs, "environment_config"))
	var missing []string
	switch env {
	case EnvLoopback:
		return nil, nil // this process is the worker: nothing is staged
	case EnvDocker:
		if cfg == "" {
			missing = append(missing, "--environment_config=IMAGE (the arrows worker image, `make container IMAGE=…`: Beam's default Go image has no Python/SymPy for the sandbox)")
		}
	case EnvProcess:
		var pc struct {
			Command string            `json:"command"`
			Env     map[string]string `json:"env"`
		}
		if cfg == "" {
			missing = append(missing, `--environment_config={"command":"/opt/apache/beam/boot"} (the Beam boot program on the workers)`)
		} else if err := json.Unmarshal([]byte(cfg), &pc); err != nil || pc.Command == "" {
			return nil, fmt.Errorf(`--environment_type=PROCESS needs --environment_config={"command":"<boot program>","env":{…}}, got %q`, cfg)
		}
	case EnvExternal:
		if cfg == "" {
			missing = append(missing, "--environment_config=HOST:PORT (a Beam worker pool, `boot --worker_pool`, usually port 50000)")
		}
	}
	if get(fs, "worker_binary") == "" {
		missing = append(missing, "--worker_binary (build it with `make worker`; without it submission cross-compiles for minutes)")
	}
	return missing, nil
}

// CheckWorkerBinary checks that path is a Linux executable for amd64 or
// arm64, the only kind a Beam worker (Dataflow, Flink, boot) can run; a
// launcher built for the submitting machine (say, macOS) is refused before
// it is staged.
func CheckWorkerBinary(path string) error {
	f, err := elf.Open(path)
	if err != nil {
		if _, serr := os.Stat(path); serr != nil {
			return fmt.Errorf("--worker_binary %s: %w (build it with `make worker`)", path, serr)
		}
		return fmt.Errorf("--worker_binary %s is not a Linux executable (build it with `make worker`): %w", path, err)
	}
	defer f.Close()
	if f.Type != elf.ET_EXEC && f.Type != elf.ET_DYN {
		return fmt.Errorf("--worker_binary %s is an ELF %v, not an executable", path, f.Type)
	}
	if f.Machine != elf.EM_X86_64 && f.Machine != elf.EM_AARCH64 {
		return fmt.Errorf("--worker_binary %s is built for %v; workers need linux/amd64 (or arm64): build it with `make worker`", path, f.Machine)
	}
	return nil
}

// Run executes p on runner (a canonical name from Prepare). A local
// (prism) job is waited for; when ctx is cancelled meanwhile (an
// interrupt), the job is cancelled and Run returns context.Cause(ctx) once
// it has stopped.
func Run(ctx context.Context, runner string, p *beam.Pipeline) (beam.PipelineResult, error) {
	if runner == Prism {
		return runLocal(ctx, p)
	}
	res, err := beam.Run(ctx, runner, p)
	if err != nil {
		return res, fmt.Errorf("run on %s: %w", runner, err)
	}
	return res, nil
}

// DryRun reports whether the run only translates the job (Dataflow's
// --dry_run): nothing is submitted and outputs are not touched.
func DryRun(fs Flags, runner string) bool {
	return runner == Dataflow && get(fs, "dry_run") == "true"
}
