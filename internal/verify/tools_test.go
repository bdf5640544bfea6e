package verify

import (
	"context"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/arrows-math/arrows/internal/sandbox"
	"github.com/arrows-math/arrows/internal/stats"
	"github.com/arrows-math/arrows/schemas"
)

func TestToolsMatterCheckNameMatchesStats(t *testing.T) {
	if CheckToolsMatter != stats.CheckToolsMatter {
		t.Fatalf("verify names the check %q, stats counts %q", CheckToolsMatter, stats.CheckToolsMatter)
	}
}

func seedWithTools(tools ...string) schemas.Seed {
	return schemas.Seed{Topics: []schemas.TopicRef{{ID: "t.one", Tools: tools}}}
}

func TestToolsMatterJudgesDeclaredToolsOnly(t *testing.T) {
	ok := &schemas.Execution{Status: schemas.StatusOK, Calls: []string{"len", "sympy.divisors", "sympy.totient"}, Unused: []string{"len"}}
	cases := []struct {
		name   string
		seed   schemas.Seed
		ex     *schemas.Execution
		want   string
		reason string
	}{
		{"every declared tool reaches the answer", seedWithTools("sympy.divisors", "sympy.totient"), ok, schemas.ResultPass, "2 topic tools"},
		{"an unused helper that no topic declares does not count", seedWithTools("sympy.divisors"), ok, schemas.ResultPass, "1 topic tools"},
		{"an unused declared tool fails and is named with its topic",
			seedWithTools("sympy.divisors"), &schemas.Execution{Status: schemas.StatusOK, Calls: []string{"sympy.divisors"}, Unused: []string{"sympy.divisors"}},
			schemas.ResultFail, "sympy.divisors (t.one)"},
		{"a failed execution is skipped", seedWithTools("sympy.divisors"), &schemas.Execution{Status: schemas.StatusError}, schemas.ResultSkipped, ""},
		{"an execution without analysis is skipped", seedWithTools("sympy.divisors"), &schemas.Execution{Status: schemas.StatusOK}, schemas.ResultSkipped, ""},
		{"a seed without topics (external corpora) is skipped", schemas.Seed{}, ok, schemas.ResultSkipped, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := ToolsMatter(c.seed, c.ex)
			if got.Name != CheckToolsMatter || got.Result != c.want || !strings.Contains(got.Reason, c.reason) {
				t.Errorf("got %+v, want %s with a reason containing %q", got, c.want, c.reason)
			}
		})
	}
}

// TestDataFlowInTheSandbox runs small programs in the real sandbox (with
// analysis) and checks Execution.Unused, the calls whose value reaches
// neither solve()'s return value nor an assert, for each data-flow
// construct, and the tools_matter verdict on them.
func TestDataFlowInTheSandbox(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a sandbox pool")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	pool, err := sandbox.NewPool(ctx, sandbox.DefaultConfig())
	if err != nil {
		t.Skipf("sandbox pool unavailable: %v", err)
	}
	defer pool.Close()
	cases := []struct {
		name   string
		src    string
		tools  []string // declared by the seed's topic
		unused []string
	}{
		{"an assigned value that is never used",
			"import sympy\ndef solve():\n    fam = sympy.divisors(12)\n    return sympy.totient(9)\n",
			[]string{"sympy.divisors", "sympy.totient"}, []string{"sympy.divisors"}},
		{"an augmented assignment carries the value",
			"import math\ndef solve():\n    t = 0\n    t += math.comb(5, 2)\n    return t\n",
			[]string{"math.comb"}, nil},
		{"a value inside a container reaches the answer",
			"import math\ndef solve():\n    xs = [math.gcd(4, 6), 3]\n    return sum(xs)\n",
			[]string{"math.gcd"}, nil},
		{"a method call that mutates a container carries its argument",
			"import math\ndef solve():\n    xs = []\n    xs.append(math.lcm(4, 6))\n    return len(xs)\n",
			[]string{"math.lcm"}, nil},
		{"a method result that is never used",
			"import sympy\ndef solve():\n    x = sympy.Symbol('x')\n    p = sympy.Poly(x**2 - 1, x)\n    c = p.all_coeffs()\n    return p.degree()\n",
			[]string{"sympy.Poly", "sympy.Poly.all_coeffs"}, []string{"sympy.Poly.all_coeffs"}},
		{"an f-string uses the value",
			"import math\ndef solve():\n    g = math.gcd(4, 6)\n    return f'{g}'\n",
			[]string{"math.gcd"}, nil},
		{"a function argument reaches through the helper's return",
			"import math\ndef h(a):\n    return a + 1\ndef solve():\n    return h(math.factorial(4))\n",
			[]string{"math.factorial"}, nil},
		{"a value computed inside a helper but not returned",
			"import math\ndef h(a):\n    u = math.factorial(a)\n    return a + 1\ndef solve():\n    return h(3)\n",
			[]string{"math.factorial"}, []string{"math.factorial"}},
		{"a loop bound controls the result",
			"import math\ndef solve():\n    s = 0\n    for k in range(math.isqrt(50)):\n        s += k\n    return s\n",
			[]string{"math.isqrt"}, nil},
		{"a comprehension filter uses the tool",
			"import sympy\ndef solve():\n    return sum(1 for p in range(20) if sympy.isprime(p))\n",
			[]string{"sympy.isprime"}, nil},
		{"an assert is a labelled check",
			"import sympy\ndef solve():\n    a = 7\n    check = sympy.isprime(a)\n    assert check\n    return a\n",
			[]string{"sympy.isprime"}, nil},
		{"an overwritten value never reaches the answer",
			"import math\ndef solve():\n    v = math.gcd(4, 6)\n    v = 3\n    return v\n",
			[]string{"math.gcd"}, []string{"math.gcd"}},
		{"an if condition decides the result",
			"import math\ndef solve():\n    if math.gcd(4, 6) > 1:\n        r = 1\n    else:\n        r = 2\n    return r\n",
			[]string{"math.gcd"}, nil},
		{"a while condition decides the result",
			"import math\ndef solve():\n    n, k = 100, 0\n    while n > math.isqrt(10):\n        n //= 2\n        k += 1\n    return k\n",
			[]string{"math.isqrt"}, nil},
		{"a walrus assignment inside a condition",
			"import math\ndef solve():\n    if (g := math.gcd(8, 12)) > 2:\n        return g\n    return 0\n",
			[]string{"math.gcd"}, nil},
		{"an item store carries the value",
			"import math\ndef solve():\n    d = {}\n    d['a'] = math.lcm(4, 6)\n    return d['a']\n",
			[]string{"math.lcm"}, nil},
		{"a bare call statement is unused",
			"import sympy\ndef solve():\n    sympy.factorint(12)\n    return 3\n",
			[]string{"sympy.factorint"}, []string{"sympy.factorint"}},
		{"a module-level constant that solve() reads",
			"import math\nN = math.comb(6, 3)\ndef solve():\n    return N\n",
			[]string{"math.comb"}, nil},
		{"a tool called outside solve() does not reach its answer",
			"import math\ndef solve():\n    return math.comb(6, 3)\nif __name__ == '__main__':\n    print(math.factorial(5))\n",
			[]string{"math.comb", "math.factorial"}, []string{"math.factorial", "print"}},
	}
	execs := make([]schemas.Execution, len(cases))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 2)
	for i, c := range cases {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			execs[i] = pool.Run(ctx, sandbox.Request{Code: c.src, Analyze: true})
		}()
	}
	wg.Wait()
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ex := execs[i]
			if ex.Status != schemas.StatusOK {
				t.Fatalf("status %s: %s", ex.Status, ex.Error)
			}
			got := append([]string(nil), ex.Unused...)
			sort.Strings(got)
			if !reflect.DeepEqual(got, c.unused) && !(len(got) == 0 && len(c.unused) == 0) {
				t.Errorf("unused calls %v, want %v (calls %v)", got, c.unused, ex.Calls)
			}
			check := ToolsMatter(seedWithTools(c.tools...), &ex)
			want := schemas.ResultPass
			if len(c.unused) > 0 {
				want = schemas.ResultFail
			}
			if check.Result != want {
				t.Errorf("tools_matter %s (%s), want %s", check.Result, check.Reason, want)
			}
			for _, n := range c.unused {
				if declared := strings.Contains(" "+strings.Join(c.tools, " ")+" ", " "+n+" "); declared && !strings.Contains(check.Reason, n) {
					t.Errorf("reason %q does not name %s", check.Reason, n)
				}
			}
		})
	}
}
