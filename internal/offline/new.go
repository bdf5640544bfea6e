package offline

import (
	"errors"
	"fmt"

	"github.com/arrows-math/arrows/internal/knowledge"
)

// New loads the embedded exemplars and checks them against the knowledge
// base: every exemplar's topic must exist in kb.
func New(kb *knowledge.KB) (*Generator, error) {
	if kb == nil {
		return nil, errors.New("offline: nil knowledge base")
	}
	exs, err := loadExemplars(exemplarFS)
	if err != nil {
		return nil, fmt.Errorf("offline: %w", err)
	}
	g, err := newGenerator(exs, func(ex *exemplar) error {
		if _, ok := kb.Topic(ex.Topic); !ok {
			return fmt.Errorf("unknown topic %q", ex.Topic)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("offline: %w", err)
	}
	return g, nil
}
