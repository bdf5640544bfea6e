package schemas

// Execution statuses. Only StatusOK goes on to translation; every other
// status becomes a rejected row whose reason is the status.
const (
	StatusOK           = "ok"
	StatusError        = "error"        // the program raised; Error holds "Type: message"
	StatusTimeout      = "timeout"      // wall-clock deadline or CPU limit
	StatusMemoryLimit  = "memory_limit" // MemoryError or address-space limit
	StatusOutputLimit  = "output_limit" // stdout/stderr or result over the cap
	StatusCrashed      = "crashed"      // killed by a signal, or exited without a result
	StatusForbidden    = "forbidden"    // a blocked syscall (seccomp EPERM/SIGSYS, file write)
	StatusNoSolve      = "no_solve"     // the program defines no callable solve()
	StatusBadResult    = "bad_result"   // solve() returned no mathematical value (None, NaN, a function, ...); Error names its type
	StatusSandboxError = "sandbox_error"
)

// Execution is the outcome of running one program in the sandbox.
type Execution struct {
	Status string `json:"status"`
	// Error is "ExceptionType: message" for status error, or a description for other failures.
	Error string `json:"error,omitempty"`
	// Result is the value solve() returned (status ok only).
	Result *Value `json:"result,omitempty"`
	// Locals are solve()'s local variables at its return (simple values only), used by translators.
	Locals map[string]Value `json:"locals,omitempty"`
	// Stdout is what the program printed (capped).
	Stdout string `json:"stdout,omitempty"`
	// Literals are the numeric literals of the program source (its givens), as written.
	Literals []string `json:"literals,omitempty"`
	// Calls are the dotted names of the functions the program calls (from its AST), e.g. "sympy.solve".
	Calls []string `json:"calls,omitempty"`
	// Unused are the dotted names (as in Calls) of the calls with a call
	// site whose value reaches neither solve()'s return value nor an assert
	// statement (a labelled check): the program's data flow, from its AST.
	Unused []string `json:"unused_calls,omitempty"`
	// Skeleton is a hash of the program's AST with literals and names abstracted.
	Skeleton   string `json:"skeleton,omitempty"`
	CPUMillis  int64  `json:"cpu_ms"`
	WallMillis int64  `json:"wall_ms"`
	MaxRSSKB   int64  `json:"max_rss_kb,omitempty"`
}

// TopicRef is a knowledge-system topic as carried by a seed.
type TopicRef struct {
	ID string `json:"id"`
	// Path is the tier path: [stage, subject, topic name].
	Path  []string `json:"path"`
	Tools []string `json:"tools"`
}

// Seed is one sampled topic combination (pathway "topics") or one seed
// problem (pathway "seeds").
type Seed struct {
	ID      string     `json:"id"`
	Index   int64      `json:"index"`
	RunSeed int64      `json:"run_seed"`
	Pathway string     `json:"pathway"`
	Topics  []TopicRef `json:"topics"`
	// Source is set for the seeds pathway: the seed problem and where it came from.
	Source *SourceItem `json:"source,omitempty"`
}

// SourceItem is a problem read from an existing corpus.
type SourceItem struct {
	Problem   string `json:"problem"`
	Solution  string `json:"solution,omitempty"`
	Answer    string `json:"answer,omitempty"`
	Program   string `json:"program,omitempty"`
	Origin    Origin `json:"origin"`
	Benchmark string `json:"benchmark,omitempty"`
}

// Origin locates an input record: file, 1-based line number, and the record's own id.
type Origin struct {
	File     string `json:"file"`
	Line     int64  `json:"line"`
	RecordID string `json:"record_id,omitempty"`
}

// Program is a generated program.
type Program struct {
	Source string `json:"source"`
	// Hash is the hex SHA-256 of Source.
	Hash string `json:"hash"`
	// Template identifies what produced it: offline exemplar ids joined with "+", or the prompt id.
	Template string `json:"template,omitempty"`
	// Offline carries the offline generator's translation templates (offline backend only).
	Offline *OfflineText `json:"offline,omitempty"`
	// Evolution records how the program was derived from a parent (seeds pathway).
	Evolution *Evolution `json:"evolution,omitempty"`
}

// OfflineText holds the templates the offline translator renders after
// execution. Placeholders {name} refer to solve()'s locals; {answer} is the result.
type OfflineText struct {
	Problem  string   `json:"problem"`
	Steps    []string `json:"steps"`
	Givens   []string `json:"givens,omitempty"`
	AnswerAs string   `json:"answer_as,omitempty"`
}

// Evolution links an evolved program to its parent.
type Evolution struct {
	Operator string `json:"operator"`
	ParentID string `json:"parent_id"`
	RootID   string `json:"root_id"`
	Depth    int    `json:"depth"`
	// Variant numbers the children one operator made of one parent (from
	// 0); with the other fields it tells evolution candidates apart.
	Variant int `json:"variant,omitempty"`
}

// FinalAnswer is the answer extracted from a solution.
type FinalAnswer struct {
	Text string `json:"text"`
	// Method is how it was found (internal/answer): "boxed" (the last
	// \boxed{}/\fbox{}, the contract of generated solutions),
	// "final_answer_phrase" ("The final answer is …", "Answer: …"),
	// "gsm8k_hash" ("#### …"), "choice_letter" (a multiple-choice letter),
	// "whole_text" (the response is a bare answer), "display_math",
	// "inline_math" (the final statement's math) or "last_number" (used only
	// when nothing else is found). Rows written before these names carry
	// "fallback:gsm8k", "fallback:final_answer" or "fallback:the_answer_is".
	Method string `json:"method"`
}

// Check verdicts.
const (
	ResultPass      = "pass"
	ResultFail      = "fail"
	ResultUndecided = "undecided"
	ResultSkipped   = "skipped"
)

// Check is one verification check with its outcome.
type Check struct {
	Name   string `json:"name"`
	Result string `json:"result"`
	Reason string `json:"reason,omitempty"`
	// Layer tells which layer decided (e.g. "go:rational", "sympy:simplify").
	Layer string `json:"layer,omitempty"`
}

// Verdicts.
const (
	VerdictAccepted = "accepted"
	VerdictRejected = "rejected"
)

// Verification is the outcome of bilateral verification.
type Verification struct {
	Checks  []Check  `json:"checks"`
	Verdict string   `json:"verdict"`
	Failed  []string `json:"failed,omitempty"`
	Version string   `json:"verifier_version"`
	// Previous is the verdict stored on the row before it was re-verified
	// by `arrows verify` ("accepted", "rejected", or "none").
	Previous string `json:"previous_verdict,omitempty"`
}

// Provenance says how a row was made.
type Provenance struct {
	Generator     string            `json:"generator"` // "offline" or "llm"
	Models        map[string]string `json:"models"`    // role -> model, "offline" for the offline backend
	PromptVersion string            `json:"prompt_version"`
	ArrowsVersion string            `json:"arrows_version"`
	RunSeed       int64             `json:"run_seed"`
	Pathway       string            `json:"pathway"`
	Evolution     *Evolution        `json:"evolution,omitempty"`
	Decontam      []string          `json:"decontaminated_against,omitempty"`
	// SampleIndex is which of the generator's samples of the seed this row
	// is (0..n-1, with n samples per seed); part of the row id when > 0.
	SampleIndex int `json:"sample_index,omitempty"`
}

// Rejection says where and why a row left the pipeline.
type Rejection struct {
	Stage  string `json:"stage"`
	Reason string `json:"reason"`
	Detail string `json:"detail,omitempty"`
	// Match names the benchmark item a contaminated row matched.
	Match string `json:"match,omitempty"`
}

// Stages, in pipeline order.
const (
	StageSeed      = "seed"
	StageGenerate  = "generate"
	StageExecute   = "execute"
	StageTranslate = "translate"
	StageVerify    = "verify"
	StageDedup     = "dedup"
	StageDecontam  = "decontaminate"
	StageRead      = "read"
	// StageBudget rejects the seeds that could not finish because the run's
	// LLM budget (--max-cost, --max-llm-tokens) was spent: reason
	// "budget_exhausted", the detail naming the call that was not made.
	StageBudget = "budget"
)

// Usage is token usage of LLM calls made for a row, per role.
type Usage struct {
	PromptTokens     int64 `json:"prompt_tokens"`
	CompletionTokens int64 `json:"completion_tokens"`
	Calls            int64 `json:"calls"`
	CacheHits        int64 `json:"cache_hits"`
	// CostUSD is what the calls cost at the configured prices per 1M
	// tokens (0 without prices; cache hits cost nothing).
	CostUSD float64 `json:"cost_usd,omitempty"`
	// CachedPromptTokens and CachedCompletionTokens are the tokens of the
	// cache hits, as reported when those responses were made (they were
	// not spent again): what the calls would have cost without the cache.
	CachedPromptTokens     int64 `json:"cached_prompt_tokens,omitempty"`
	CachedCompletionTokens int64 `json:"cached_completion_tokens,omitempty"`
	// LatencyMillis is the summed endpoint latency of the calls (for a
	// cache hit, the latency when the response was made; 0 if unknown).
	LatencyMillis int64 `json:"latency_ms,omitempty"`
}

// Record is the unit that flows through the generate and verify pipelines.
// Each stage fills its part; a stage that fails sets Rejection and the row
// leaves the main path. Accepted rows are written as triples (the same JSON).
type Record struct {
	ID           string           `json:"id"`
	Seed         Seed             `json:"seed"`
	Program      *Program         `json:"program,omitempty"`
	Execution    *Execution       `json:"execution,omitempty"`
	Problem      string           `json:"problem,omitempty"`
	Solution     string           `json:"solution,omitempty"`
	FinalAnswer  *FinalAnswer     `json:"final_answer,omitempty"`
	Verification *Verification    `json:"verification,omitempty"`
	Provenance   Provenance       `json:"provenance"`
	Usage        map[string]Usage `json:"usage,omitempty"`
	Origin       *Origin          `json:"origin,omitempty"`
	Rejection    *Rejection       `json:"rejection,omitempty"`
}

// DeadLetter is an input line that could not be turned into a record, or
// the unreadable remainder of a truncated or corrupt compressed file.
type DeadLetter struct {
	Origin Origin `json:"origin"`
	Reason string `json:"reason"`
	// Detail says what exactly was wrong: the JSON syntax error, the field
	// and the value it had, the decompression error with its offsets.
	Detail string `json:"detail,omitempty"`
	// Line is the raw input line (its first DeadLetterLineBytes bytes, see
	// Truncated) as text. When the line is not valid UTF-8, invalid bytes
	// are shown as U+FFFD here and the exact bytes are in LineBase64.
	Line string `json:"line"`
	// LineBase64 is set only when the line is not valid UTF-8: the same
	// bytes as Line, unaltered, in standard base64 (RFC 4648 with padding).
	LineBase64 string `json:"line_base64,omitempty"`
	// Truncated reports that Line (and LineBase64) hold only the beginning
	// of the input line, which was longer than the dead-letter cap.
	Truncated bool `json:"truncated,omitempty"`
	// Fault is set for the dead letter of a file whose compressed data is
	// truncated or corrupt: where reading failed. Line then holds the bytes
	// of the last, unterminated line read before the fault.
	Fault *ReadFault `json:"fault,omitempty"`
}

// ReadFault locates where a compressed input file became unreadable.
type ReadFault struct {
	// Compression is the format whose data failed: "gzip" or "bzip2".
	Compression string `json:"compression"`
	// Offset is the number of decompressed bytes read before the fault:
	// everything before it was read (and its whole lines kept).
	Offset int64 `json:"offset"`
	// CompressedOffset is how far into the compressed file the
	// decompressor had read when it failed (accurate to a few bytes), or
	// -1 when unknown.
	CompressedOffset int64 `json:"compressed_offset"`
	// Truncated reports that the file ended before its compressed stream
	// did (reason "truncated_file"); otherwise the data is corrupt
	// (reason "corrupt_file": bad compressed data, a checksum mismatch or
	// trailing bytes that are not a compressed stream).
	Truncated bool `json:"truncated"`
	// Error is the decompressor's error message.
	Error string `json:"error"`
}
