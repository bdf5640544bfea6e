package prompts

import (
	"fmt"
	"strings"

	"github.com/arrows-math/arrows/internal/knowledge"
	"github.com/arrows-math/arrows/schemas"
)

// TopicsFromKB turns a seed's topics into the generation prompt's form:
// tier path, description and the signature and doc of each tool, from the
// knowledge base. Unknown topics or tools are errors (the seed and the
// knowledge base disagree).
func TopicsFromKB(kb *knowledge.KB, refs []schemas.TopicRef) ([]Topic, error) {
	out := make([]Topic, 0, len(refs))
	for _, r := range refs {
		t, ok := kb.Topic(r.ID)
		if !ok {
			return nil, fmt.Errorf("prompts: topic %q is not in the knowledge base", r.ID)
		}
		pt := Topic{ID: r.ID, Path: r.Path, Description: t.Description}
		if len(pt.Path) == 0 {
			if ref, ok := kb.Ref(r.ID); ok {
				pt.Path = ref.Path
			}
		}
		tools := r.Tools
		if len(tools) == 0 {
			tools = t.Tools
		}
		for _, name := range tools {
			tool, ok := kb.Tool(name)
			if !ok {
				return nil, fmt.Errorf("prompts: tool %q of topic %q is not in the toolkit", name, r.ID)
			}
			pt.Tools = append(pt.Tools, ToolDoc{Name: tool.Name, Signature: tool.Signature, Doc: tool.Doc})
		}
		out = append(out, pt)
	}
	return out, nil
}

// ExemplarsFromKB picks up to n exemplar programs for the generation
// prompt: the toolkit's example programs of the topics' tools, in topic and
// tool order, without repeats.
func ExemplarsFromKB(kb *knowledge.KB, topics []Topic, n int) []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range topics {
		for _, td := range t.Tools {
			if len(out) >= n {
				return out
			}
			tool, ok := kb.Tool(td.Name)
			if !ok {
				continue
			}
			ex := strings.TrimSpace(tool.Example)
			if ex == "" || seen[ex] {
				continue
			}
			seen[ex] = true
			out = append(out, ex)
		}
	}
	return out
}
