package llm

import "github.com/arrows-math/arrows/schemas"

// Chat message speakers (the OpenAI "role" field of a message).
const (
	SpeakerSystem    = "system"
	SpeakerUser      = "user"
	SpeakerAssistant = "assistant"
)

// Message is one chat message. Role is the speaker ("system", "user",
// "assistant"), not the pipeline Role of the call.
type Message struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

// Request is one chat completion to make.
type Request struct {
	// Role selects the model and sampling parameters.
	Role Role `json:"role"`
	// PromptVersion is the id of the prompt that built Messages (e.g.
	// "generate-v1"); it is part of the cache key.
	PromptVersion string    `json:"prompt_version"`
	Messages      []Message `json:"messages"`
	// SampleIndex distinguishes repeated samples of the same prompt; each
	// index is cached on its own.
	SampleIndex int `json:"sample_index"`
	// Item identifies the work item the call is for (arrows passes the seed
	// id for program generation). It is part of the cache key, so two items
	// whose prompts happen to be identical (e.g. two seeds drawing the same
	// topics) get independent samples instead of sharing one cached answer.
	// Leave it empty to share answers between identical prompts.
	Item string `json:"item,omitempty"`
}

// Usage is the token usage of one completion as reported by the endpoint.
type Usage struct {
	PromptTokens     int `json:"prompt_tokens"`
	CompletionTokens int `json:"completion_tokens"`
}

// Finish reasons worth testing for.
const (
	FinishStop   = "stop"
	FinishLength = "length" // the completion hit max_tokens: content is cut
)

// Response is the outcome of one successful call.
type Response struct {
	Content string `json:"content"`
	// FinishReason is the endpoint's finish_reason; "length" means the
	// content was cut (see Truncated) and callers should reject it.
	FinishReason string `json:"finish_reason"`
	// Usage is the usage reported when the completion was made (for a cached
	// response, the original call's usage; it was not spent again).
	Usage Usage `json:"usage"`
	// Cached reports that the response came from the cache.
	Cached bool `json:"cached"`
	// Model is the model name the endpoint reported.
	Model string `json:"model"`
	// LatencyMillis is how long the successful HTTP attempt took (for a
	// cached response, when it was made; 0 in caches written before it
	// was recorded).
	LatencyMillis int64 `json:"latency_ms,omitempty"`
}

// Truncated reports whether the completion was cut at max_tokens.
func (r Response) Truncated() bool { return r.FinishReason == FinishLength }

// RecordUsage converts the response's usage to the per-row schema form
// (one call; a cache hit counts as a hit with no new tokens spent, its
// original tokens in the Cached* fields).
func (r Response) RecordUsage() schemas.Usage {
	if r.Cached {
		return schemas.Usage{
			Calls: 1, CacheHits: 1,
			CachedPromptTokens:     int64(r.Usage.PromptTokens),
			CachedCompletionTokens: int64(r.Usage.CompletionTokens),
			LatencyMillis:          r.LatencyMillis,
		}
	}
	return schemas.Usage{
		PromptTokens:     int64(r.Usage.PromptTokens),
		CompletionTokens: int64(r.Usage.CompletionTokens),
		Calls:            1,
		LatencyMillis:    r.LatencyMillis,
	}
}
