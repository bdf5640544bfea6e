package transforms

import (
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/passert"

	"github.com/arrows-math/arrows/internal/env"
	"github.com/arrows-math/arrows/schemas"
)

func TestExecute(t *testing.T) {
	seed := topicSeeds(t, 1, env.BackendOffline)[0]
	programs := []schemas.Record{
		withProgram(seed, "def solve():\n    return 6 * 7\n"),
		withProgram(seed, "def solve():\n    return 1 / 0\n"),
		withProgram(seed, "def solve():\n    open('/tmp/arrows-escape', 'w').write('x')\n    return 1\n"),
	}
	c := run(t, func(s beam.Scope) {
		ok, rejected := Execute(s, testEnv(), beam.CreateList(s, programs))
		passert.Count(s, ok, "executed", 1)
		reasons(s, rejected, "execute/error", "execute/"+schemas.StatusForbidden)
	})
	if c["funnel/executed"] != 1 || c["rejected/execute/error"] != 1 {
		t.Fatalf("counters %v", c)
	}
}
