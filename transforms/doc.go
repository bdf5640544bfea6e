// Package transforms holds the Beam stages of the arrows pipelines, one
// stage per file: seeding, generation, execution, translation,
// verification, evolution, deduplication, decontamination, reading inputs
// and writing outputs.
//
// A stage is a thin adapter, in the manner of Beam's own transforms/stats:
// the logic lives in Beam-free packages (internal/synth, internal/seeds,
// internal/evolve, internal/verify, internal/dedup, …) that are tested on
// their own; a stage builds that logic on the worker and routes its
// outcomes (row.Outcome) to the stage's outputs.
//
// Every stage takes and returns PCollections of schemas.Record. A stage that
// cannot process a record never fails the bundle for it: it emits the record
// on its rejected output with a schemas.Rejection naming the stage and the
// reason, and counts it in the Beam counter "arrows/rejected/<stage>/<reason>".
// Errors are returned only for infrastructure failures (Python missing, the
// LLM endpoint down for good), so that a run never ends "successfully" with
// silently missing rows.
//
// Stages whose work is slow (sandbox runs, LLM calls) share one DoFn,
// asyncFn, which runs a stage's per-row work concurrently within a bundle
// (see stage in async.go); adding such a stage means writing a stage type
// and registering it with registerStage.
//
// Configuration reaches workers only through exported DoFn fields (JSON
// serialized by Beam): the job's env.Env, stated once, and each stage's own
// settings. Go flag variables are never read inside DoFns. Sandbox pools,
// LLM clients and decontamination indexes are shared per worker process
// and configuration (resources.go).
package transforms
