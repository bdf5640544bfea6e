package llmtest

import (
	"time"

	"github.com/arrows-math/arrows/internal/llm"
)

// ClientConfig is an llm.Config for this server: every role's model is
// "llmtest", no API key, and short backoffs, timeouts and breaker pauses
// so that fault tests take little time.
func (s *Server) ClientConfig() llm.Config {
	c := llm.DefaultConfig()
	c.BaseURL = s.URL()
	c.APIKeyEnv = ""
	c.Models = map[llm.Role]string{}
	for _, r := range []llm.Role{llm.RoleGenerator, llm.RoleTranslator, llm.RoleSolver, llm.RoleJudge} {
		c.Models[r] = "llmtest"
	}
	c.Concurrency = 8
	c.MaxRetries = 2
	c.InitialBackoff = 5 * time.Millisecond
	c.MaxBackoff = 20 * time.Millisecond
	c.RequestTimeout = 10 * time.Second
	c.BreakerPause = 50 * time.Millisecond
	return c
}
