// Package transforms holds the Beam stages of the arrows pipelines, one stage
// per file: seeding, generation, execution, translation, verification,
// deduplication, decontamination, reading inputs and writing outputs.
//
// Every stage takes and returns PCollections of schemas.Record. A stage that
// cannot process a record never fails the bundle for it: it emits the record
// on its rejected output with a schemas.Rejection naming the stage and the
// reason, and counts it in the Beam counter "arrows/rejected/<stage>/<reason>".
// Errors are returned only for infrastructure failures (Python missing, the
// LLM endpoint down for good), so that a run never ends "successfully" with
// silently missing rows.
//
// Configuration reaches workers only through exported DoFn fields (JSON
// serialized by Beam); Go flag variables are never read inside DoFns.
package transforms
