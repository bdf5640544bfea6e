package transforms

import (
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/passert"

	"github.com/arrows-math/arrows/internal/env"
)

// Offline programs are translated by their own templates; a program
// without templates cannot be.
func TestTranslateOffline(t *testing.T) {
	rows := topicSeeds(t, 4, env.BackendOffline)
	bare := executed(t, rows[0], "def solve():\n    return 3\n")
	run(t, func(s beam.Scope) {
		programs, _ := Generate(s, testEnv(), beam.CreateList(s, rows))
		ran, _ := Execute(s, testEnv(), programs)
		translated, rejected := Translate(s, testEnv(), beam.Flatten(s, ran, beam.Create(s, bare)))
		passert.Equals(s, beam.ParDo(s, textOf, translated), "text", "text", "text", "text")
		reasons(s, rejected, "translate/offline_translation")
	})
}
