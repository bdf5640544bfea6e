package seedse2e

import (
	"encoding/json"
	"fmt"
	"math/big"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/arrows-math/arrows/internal/evolve"
	"github.com/arrows-math/arrows/internal/llm"
	"github.com/arrows-math/arrows/internal/llmtest"
	"github.com/arrows-math/arrows/internal/prompts"
)

// seedResponder is the model behind the test server for the seeds
// pathway. It wraps llmtest's default responder (which answers the
// seed-program prompt with a program built from the GSM8K calculator
// annotations) and plays the rest of the model's part consistently:
//
//   - it remembers the problem of every program it wrote or saw: the seed
//     problem for a seed program, the extended or inverted problem for an
//     add_step or ask_other program;
//   - add_step: it appends a step with the first listed tool it knows
//     (divmod, math.gcd, ...) and a sentence asking for it; it declines
//     tools it does not know (a refusal, as a model may);
//   - ask_other: it makes the first stated given the unknown, states the
//     original answer instead and solves for the given with sympy.solve;
//   - translate: for a program it knows, the remembered problem; for a
//     program it does not know but whose skeleton (program without its
//     numbers) it does (perturb_givens changed the numbers), the known
//     problem with the numbers mapped literal by literal; the solution walks
//     through the locals and boxes the result. Other programs (topics
//     pathway) go to the wrapped responder;
//   - solve (blind re-solve): the program it translated the problem from.
type seedResponder struct {
	inner *llmtest.OfflineResponder

	mu       sync.Mutex
	problems map[string]string  // normalised program -> problem
	bySkel   map[string][]known // skeleton -> programs
	solvers  map[string]string  // normalised problem -> program
	counts   map[string]int     // what the responder did, by kind/outcome
}

type known struct {
	source, problem string
}

func newSeedResponder() *seedResponder {
	return &seedResponder{
		inner:    llmtest.NewOfflineResponder(),
		problems: map[string]string{},
		bySkel:   map[string][]known{},
		solvers:  map[string]string{},
		counts:   map[string]int{},
	}
}

func (r *seedResponder) count(key string) {
	r.mu.Lock()
	r.counts[key]++
	r.mu.Unlock()
}

func normProgram(src string) string {
	s, err := evolve.StripComments(src)
	if err != nil {
		s = src
	}
	var lines []string
	for _, l := range strings.Split(s, "\n") {
		if t := strings.TrimRight(l, " \t\r"); strings.TrimSpace(t) != "" {
			lines = append(lines, t)
		}
	}
	return strings.Join(lines, "\n")
}

func normText(s string) string { return strings.Join(strings.Fields(s), " ") }

func (r *seedResponder) remember(src, problem string) {
	skel, err := evolve.Skeleton(src)
	if err != nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.problems[normProgram(src)] = problem
	r.bySkel[skel] = append(r.bySkel[skel], known{source: src, problem: problem})
}

func fence(src string) string { return "```python\n" + strings.TrimRight(src, "\n") + "\n```" }

func userOf(msgs []llm.Message) string {
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].Role == llm.SpeakerUser {
			return msgs[i].Content
		}
	}
	return ""
}

// Respond implements llmtest.Responder.
func (r *seedResponder) Respond(kind string, msgs []llm.Message) (string, error) {
	switch kind {
	case prompts.KindSeedProgram:
		out, err := r.inner.Respond(kind, msgs)
		if err != nil {
			return "", err
		}
		if code, perr := prompts.ParseProgram(out); perr == nil {
			_, rest, _ := strings.Cut(userOf(msgs), "Problem:\n")
			problem, _, _ := strings.Cut(rest, "\n\nReference solution:")
			r.remember(code, strings.TrimSpace(problem))
			r.count("seed_program")
		}
		return out, nil
	case evolve.KindAddStep:
		return r.addStep(msgs)
	case evolve.KindAskOther:
		return r.askOther(msgs)
	case prompts.KindTranslate:
		return r.translate(kind, msgs)
	case prompts.KindSolve:
		_, rest, _ := strings.Cut(userOf(msgs), "Problem:\n")
		problem, _, _ := strings.Cut(rest, "\n\nRules:")
		r.mu.Lock()
		src, ok := r.solvers[normText(problem)]
		r.mu.Unlock()
		if ok {
			return fence(src), nil
		}
	}
	return r.inner.Respond(kind, msgs)
}

var returnRe = regexp.MustCompile(`(?m)^    return (.+)$`)

// stepTool is one extension the responder can write: a Python tail using
// previous (the parent's result) and the question it asks.
type stepTool struct {
	code     func(k int) string
	question func(k int) string
	ks       []int // constants to choose from (the first one not in the text)
}

var stepTools = map[string]stepTool{
	"divmod": {
		code: func(k int) string {
			return fmt.Sprintf("quotient, remainder = divmod(int(previous), %d)\n    return remainder", k)
		},
		question: func(k int) string { return fmt.Sprintf("What is the remainder when M is divided by %d?", k) },
		ks:       []int{7, 11, 13, 17},
	},
	"math.gcd": {
		code:     func(k int) string { return fmt.Sprintf("return math.gcd(int(previous), %d)", k) },
		question: func(k int) string { return fmt.Sprintf("What is the greatest common divisor of M and %d?", k) },
		ks:       []int{84, 90, 126, 150},
	},
	"math.floor": {
		code:     func(k int) string { return fmt.Sprintf("return math.floor(previous / %d)", k) },
		question: func(k int) string { return fmt.Sprintf("How many full groups of %d can be made from M items?", k) },
		ks:       []int{7, 9, 11, 13},
	},
	"math.ceil": {
		code: func(k int) string { return fmt.Sprintf("return math.ceil(previous / %d)", k) },
		question: func(k int) string {
			return fmt.Sprintf("How many boxes holding %d items each are needed for M items?", k)
		},
		ks: []int{7, 9, 11, 13},
	},
	"pow": {
		code:     func(k int) string { return fmt.Sprintf("return pow(previous, %d)", k) },
		question: func(k int) string { return fmt.Sprintf("What is M raised to the power %d?", k) },
		ks:       []int{2, 3},
	},
	"math.isqrt": {
		code:     func(int) string { return "return math.isqrt(int(previous))" },
		question: func(int) string { return "What is the largest whole number whose square does not exceed M?" },
		ks:       []int{0},
	},
	"math.comb": {
		code:     func(k int) string { return fmt.Sprintf("return math.comb(int(previous), %d)", k) },
		question: func(k int) string { return fmt.Sprintf("In how many ways can %d of M different items be chosen?", k) },
		ks:       []int{2, 3},
	},
	"sympy.Rational": {
		code:     func(k int) string { return fmt.Sprintf("return sympy.Rational(int(previous), %d)", k) },
		question: func(k int) string { return fmt.Sprintf("What is M divided by %d, as a fraction in lowest terms?", k) },
		ks:       []int{8, 12, 14, 18},
	},
	"fractions.Fraction": {
		code:     func(k int) string { return fmt.Sprintf("return fractions.Fraction(int(previous), %d)", k) },
		question: func(k int) string { return fmt.Sprintf("What is M divided by %d, as a fraction in lowest terms?", k) },
		ks:       []int{8, 12, 14, 18},
	},
	"decimal.Decimal": {
		code: func(k int) string {
			return fmt.Sprintf("return decimal.Decimal(int(previous)) / decimal.Decimal(%d)", k)
		},
		question: func(k int) string { return fmt.Sprintf("What is M divided by %d, written as a decimal?", k) },
		ks:       []int{8, 16, 20, 25},
	},
	"sympy.solve": {
		code: func(k int) string {
			return fmt.Sprintf("x = sympy.Symbol('x')\n    return sympy.solve(sympy.Eq(%d*x + 5, previous), x)[0]", k)
		},
		question: func(k int) string { return fmt.Sprintf("If $%dx + 5 = M$, what is $x$?", k) },
		ks:       []int{3, 4, 6, 7},
	},
	"sympy.divisors": {
		code:     func(int) string { return "return len(sympy.divisors(int(previous)))" },
		question: func(int) string { return "How many positive divisors does M have?" },
		ks:       []int{0},
	},
}

func (r *seedResponder) addStep(msgs []llm.Message) (string, error) {
	problem, program, ok := evolve.PromptParent(msgs)
	if !ok {
		return "", fmt.Errorf("add_step prompt without problem and program")
	}
	var tool string
	var st stepTool
	for _, name := range evolve.ToolsOf(msgs) {
		if s, known := stepTools[name]; known {
			tool, st = name, s
			break
		}
	}
	if tool == "" {
		r.count("add_step_declined")
		return "I'm sorry, I can't write a program with these tools.", nil
	}
	used := map[string]bool{}
	for _, tn := range evolve.TextNumbers(problem) {
		used[tn.Value.RatString()] = true
	}
	k := st.ks[0]
	for _, c := range st.ks {
		if !used[fmt.Sprint(c)] {
			k = c
			break
		}
	}
	m := returnRe.FindAllStringSubmatchIndex(program, -1)
	if m == nil {
		return "I'm sorry, I can't find what this program returns.", nil
	}
	last := m[len(m)-1]
	expr := program[last[2]:last[3]]
	src := "import decimal\nimport math\nimport fractions\nimport sympy\n" + program[:last[0]] + "    previous = " + expr + "\n    " + st.code(k) + "\n"
	newProblem := problem + " Let M be the answer to this question. " + st.question(k)
	r.remember(src, newProblem)
	r.count("add_step/" + tool)
	return fence(src) + "\nNew problem: " + newProblem, nil
}

func (r *seedResponder) askOther(msgs []llm.Message) (string, error) {
	problem, program, ok := evolve.PromptParent(msgs)
	if !ok {
		return "", fmt.Errorf("ask_other prompt without problem and program")
	}
	res := regexp.MustCompile(`(?m)^Result \(LaTeX\): (-?[0-9]+)$`).FindStringSubmatch(userOf(msgs))
	givens, err := evolve.Givens(evolve.Parent{Source: program, Problem: problem})
	if err != nil || len(givens) == 0 || res == nil {
		r.count("ask_other_declined")
		return "I'm sorry, I can't find another quantity to ask for here.", nil
	}
	g := givens[0].Value
	lits, err := evolve.Literals(program)
	if err != nil {
		return "", err
	}
	// The given becomes the unknown wherever the program writes it.
	var b strings.Builder
	last := 0
	for _, l := range lits {
		v := l.Value()
		if v == nil || v.Cmp(g) != 0 {
			continue
		}
		start, end := l.Start, l.End
		if l.InString { // Fraction('48') -> unknown
			open := strings.LastIndex(program[:start], "Fraction(")
			close := strings.Index(program[end:], ")")
			if open < 0 || close < 0 {
				continue
			}
			start, end = open, end+close+1
		}
		b.WriteString(program[last:start])
		b.WriteString("unknown")
		last = end
	}
	b.WriteString(program[last:])
	body := b.String()
	m := returnRe.FindAllStringSubmatchIndex(body, -1)
	if m == nil {
		return "I'm sorry, I can't find what this program returns.", nil
	}
	lastRet := m[len(m)-1]
	expr := body[lastRet[2]:lastRet[3]]
	if strings.HasPrefix(expr, "int(") && strings.HasSuffix(expr, ")") {
		expr = expr[len("int(") : len(expr)-1]
	}
	def := strings.Index(body, "def solve():\n")
	if def < 0 {
		return "I'm sorry, this program has no solve().", nil
	}
	src := "import sympy\n" + body[:def] + "def solve():\n    unknown = sympy.Symbol('unknown', positive=True)\n" +
		body[def+len("def solve():\n"):lastRet[0]] +
		"    final = " + expr + "\n" +
		"    answer = sympy.solve(sympy.Eq(final, " + res[1] + "), unknown)[0]\n    return answer\n"
	// The problem: the given replaced by N, the old answer stated.
	var pb strings.Builder
	last = 0
	for _, tn := range evolve.TextNumbers(problem) {
		if tn.Attached || tn.Value.Cmp(g) != 0 {
			continue
		}
		pb.WriteString(problem[last:tn.Start])
		pb.WriteString("N")
		last = tn.End
	}
	pb.WriteString(problem[last:])
	newProblem := pb.String() + " The answer to this question is " + res[1] + ". What is N?"
	r.remember(src, newProblem)
	r.count("ask_other")
	return fence(src) + "\nNew problem: " + newProblem, nil
}

var (
	translateProgramRe = regexp.MustCompile("(?s)```python\\n(.*?)\\n```")
	resultLatexRe      = regexp.MustCompile(`(?m)^Result \(LaTeX\): (.*)$`)
	localRe            = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_]*) = (.*)$`)
)

// lookup finds the problem of a program: known exactly, or by skeleton
// with its numbers mapped from the closest known program.
func (r *seedResponder) lookup(src string) (string, string, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if p, ok := r.problems[normProgram(src)]; ok {
		return p, "known", true
	}
	skel, err := evolve.Skeleton(src)
	if err != nil {
		return "", "", false
	}
	lits, err := evolve.Literals(src)
	if err != nil {
		return "", "", false
	}
	best, bestDiff := known{}, -1
	for _, k := range r.bySkel[skel] {
		kl, err := evolve.Literals(k.source)
		if err != nil || len(kl) != len(lits) {
			continue
		}
		diff := 0
		for i := range kl {
			if kl[i].Text != lits[i].Text {
				diff++
			}
		}
		if bestDiff < 0 || diff < bestDiff {
			best, bestDiff = k, diff
		}
	}
	if bestDiff < 0 {
		return "", "", false
	}
	kl, _ := evolve.Literals(best.source)
	mapping := map[string]*big.Rat{}
	for i := range kl {
		from, to := kl[i].Value(), lits[i].Value()
		if from != nil && to != nil && from.Cmp(to) != 0 {
			mapping[from.RatString()] = to
		}
	}
	return evolve.ReplaceNumbers(best.problem, mapping), "perturbed", true
}

func (r *seedResponder) translate(kind string, msgs []llm.Message) (string, error) {
	user := userOf(msgs)
	pm := translateProgramRe.FindStringSubmatch(user)
	rm := resultLatexRe.FindStringSubmatch(user)
	if pm == nil || rm == nil {
		return r.inner.Respond(kind, msgs)
	}
	src := pm[1] + "\n"
	problem, how, ok := r.lookup(src)
	if !ok {
		return r.inner.Respond(kind, msgs) // a topics-pathway program
	}
	r.count("translate_" + how)
	_, rest, _ := strings.Cut(user, "Local variables of solve() (name = LaTeX):\n")
	block, _, _ := strings.Cut(rest, "\n\n")
	type local struct{ name, latex string }
	var locals []local
	for _, line := range strings.Split(block, "\n") {
		if m := localRe.FindStringSubmatch(line); m != nil && m[1] != "unknown" && m[1] != "final" {
			locals = append(locals, local{m[1], m[2]})
		}
	}
	sort.SliceStable(locals, func(i, j int) bool { return naturalLess(locals[i].name, locals[j].name) })
	var steps []string
	for _, l := range locals {
		steps = append(steps, "$"+l.latex+"$")
	}
	solution := "We work out the quantities in turn"
	if len(steps) > 0 {
		solution += ": " + strings.Join(steps, ", then ")
	}
	solution += ".\n\nThe answer is $\\boxed{" + rm[1] + "}$."
	r.mu.Lock()
	r.solvers[normText(problem)] = src
	r.mu.Unlock()
	out, err := json.Marshal(map[string]string{"problem": problem, "solution": solution})
	if err != nil {
		return "", err
	}
	return string(out), nil
}

// naturalLess orders step2 before step10.
func naturalLess(a, b string) bool {
	ta, na := splitNum(a)
	tb, nb := splitNum(b)
	if ta != tb {
		return ta < tb
	}
	return na < nb
}

func splitNum(s string) (string, int) {
	i := len(s)
	for i > 0 && s[i-1] >= '0' && s[i-1] <= '9' {
		i--
	}
	n := 0
	fmt.Sscan(s[i:], &n)
	return s[:i], n
}
