package prompts

import (
	"strings"
	"testing"
)

const solveProg = `import sympy

def solve():
    x = sympy.Symbol('x')
    roots = sympy.solve(x**2 - 5*x + 6, x)
    return sum(roots)`

func TestParseProgram(t *testing.T) {
	tests := []struct {
		name    string
		content string
		want    string // expected program (trimmed); "" when an error is expected
		reason  string
	}{
		{
			name:    "a python fence alone is returned verbatim",
			content: "```python\n" + solveProg + "\n```",
			want:    solveProg,
		},
		{
			name:    "chatter before and after a python fence is dropped",
			content: "Sure! Here is the program you asked for:\n\n```python\n" + solveProg + "\n```\n\nThe function returns 5, the sum of the roots 2 and 3.",
			want:    solveProg,
		},
		{
			name:    "a bare ``` fence holds the program",
			content: "```\n" + solveProg + "\n```",
			want:    solveProg,
		},
		{
			name:    "a ```py fence with trailing spaces and CRLF-free text",
			content: "```py   \n" + solveProg + "\n```   \nDone.",
			want:    solveProg,
		},
		{
			name: "of several blocks the last one defining solve is chosen",
			content: "First attempt:\n```python\ndef solve():\n    return 1/0\n```\n" +
				"Wait, that divides by zero. Corrected version:\n```python\n" + solveProg + "\n```",
			want: solveProg,
		},
		{
			name:    "an output block after the program is ignored",
			content: "```python\n" + solveProg + "\n```\nOutput:\n```text\n5\n```",
			want:    solveProg,
		},
		{
			name: "an import-only block before the solve block is kept",
			content: "Imports:\n```python\nimport sympy\nfrom fractions import Fraction\n```\nThen:\n```python\n" +
				"def solve():\n    return Fraction(1, 2) + sympy.Rational(1, 3)\n```",
			want: "import sympy\nfrom fractions import Fraction\n\ndef solve():\n    return Fraction(1, 2) + sympy.Rational(1, 3)",
		},
		{
			name:    "unfenced code with chatter around it is extracted",
			content: "Here is the program:\n\n" + solveProg + "\n\nThis program returns the sum of the roots.",
			want:    solveProg,
		},
		{
			name:    "unfenced code alone is extracted",
			content: solveProg + "\n",
			want:    solveProg,
		},
		{
			name:    "a <think> block before the answer is ignored",
			content: "<think>\nLet me use def solve(): return 0 maybe...\n</think>\n```python\n" + solveProg + "\n```",
			want:    solveProg,
		},
		{
			name:    "a fence cut off at the end (truncated answer) still yields its code",
			content: "```python\n" + solveProg,
			want:    solveProg,
		},
		{
			name:    "an indented fenced block is dedented",
			content: "1. The program:\n   ```python\n   import math\n\n   def solve():\n       return math.comb(5, 2)\n   ```",
			want:    "import math\n\ndef solve():\n    return math.comb(5, 2)",
		},
		{
			name:    "code without solve is no_solve",
			content: "```python\nimport sympy\nx = sympy.Symbol('x')\nprint(sympy.solve(x - 1, x))\n```",
			reason:  ReasonNoSolve,
		},
		{
			name:    "a solve nested in a class is not top-level: no_solve",
			content: "```python\nclass P:\n    def solve(self):\n        return 1\n```",
			reason:  ReasonNoSolve,
		},
		{
			name:    "prose only is no_code",
			content: "The answer is 42 because the two numbers add up to it.",
			reason:  ReasonNoCode,
		},
		{
			name:    "an apology is a refusal",
			content: "I'm sorry, but I can't help with that request.",
			reason:  ReasonRefusal,
		},
		{
			name:    "a curly-apostrophe refusal is a refusal",
			content: "I\u2019m sorry, I can\u2019t write that program.",
			reason:  ReasonRefusal,
		},
		{
			name:    "an 'as an AI' refusal is a refusal",
			content: "As an AI language model, I cannot assist with generating this content.",
			reason:  ReasonRefusal,
		},
		{
			name:    "blank content is empty",
			content: "  \n\t ",
			reason:  ReasonEmpty,
		},
		{
			name:    "a json block is not code",
			content: "```json\n{\"problem\": \"x\"}\n```",
			reason:  ReasonNoCode,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseProgram(tc.content)
			if tc.reason != "" {
				if Reason(err) != tc.reason {
					t.Fatalf("reason = %q (err %v, code %q), want %q", Reason(err), err, got, tc.reason)
				}
				return
			}
			if err != nil {
				t.Fatalf("unexpected error %v", err)
			}
			if strings.TrimSpace(got) != strings.TrimSpace(tc.want) {
				t.Fatalf("program =\n%s\nwant\n%s", got, tc.want)
			}
			if !strings.HasSuffix(got, "\n") {
				t.Errorf("program does not end with a newline")
			}
		})
	}
}

func TestParseTranslation(t *testing.T) {
	tests := []struct {
		name     string
		content  string
		problem  string
		solution string
		reason   string
	}{
		{
			name:     "well-formed json with escaped backslashes",
			content:  `{"problem": "Find $\\frac{1}{2} + \\frac{1}{3}$.", "solution": "Add: $\\frac{5}{6}$.\nSo $\\boxed{\\frac{5}{6}}$."}`,
			problem:  `Find $\frac{1}{2} + \frac{1}{3}$.`,
			solution: "Add: $\\frac{5}{6}$.\nSo $\\boxed{\\frac{5}{6}}$.",
		},
		{
			name:     "json in a ```json fence with chatter around",
			content:  "Here you go:\n```json\n{\"problem\": \"What is $2+3$?\", \"solution\": \"$2+3=5$, so $\\\\boxed{5}$.\"}\n```\nLet me know if you need changes!",
			problem:  "What is $2+3$?",
			solution: `$2+3=5$, so $\boxed{5}$.`,
		},
		{
			name:     "chatter around unfenced json",
			content:  "Sure! {\"problem\": \"Compute $7 \\\\cdot 6$.\", \"solution\": \"$7 \\\\cdot 6 = 42$, so $\\\\boxed{42}$.\"} Hope this helps.",
			problem:  `Compute $7 \cdot 6$.`,
			solution: `$7 \cdot 6 = 42$, so $\boxed{42}$.`,
		},
		{
			name:     "unescaped LaTeX backslashes that collide with JSON escapes are repaired",
			content:  `{"problem": "Evaluate $\frac{3}{4} \times 8$ and $\tan\theta$ where $\theta = 0$, with $a \neq b$ and $\left(\right)$.", "solution": "We get $\boxed{6}$ and $\sqrt{4}=2$, \(x\)."}`,
			problem:  `Evaluate $\frac{3}{4} \times 8$ and $\tan\theta$ where $\theta = 0$, with $a \neq b$ and $\left(\right)$.`,
			solution: `We get $\boxed{6}$ and $\sqrt{4}=2$, \(x\).`,
		},
		{
			name:     "real escapes next to unescaped LaTeX keep their meaning",
			content:  `{"problem": "Line one\nLine two with $\frac{1}{2}$\tand a tab.", "solution": "Step 1\nStep 2: $\boxed{1}$"}`,
			problem:  "Line one\nLine two with $\\frac{1}{2}$\tand a tab.",
			solution: "Step 1\nStep 2: $\\boxed{1}$",
		},
		{
			name:     "trailing commas are removed",
			content:  "```json\n{\n  \"problem\": \"Find $x$ with $x+1=3$.\",\n  \"solution\": \"$x=2$, so $\\\\boxed{2}$.\",\n}\n```",
			problem:  "Find $x$ with $x+1=3$.",
			solution: `$x=2$, so $\boxed{2}$.`,
		},
		{
			name:     "raw newlines inside strings are accepted",
			content:  "{\"problem\": \"Find the sum.\nUse $1+2$.\", \"solution\": \"Step 1: add.\nStep 2: $\\\\boxed{3}$\"}",
			problem:  "Find the sum.\nUse $1+2$.",
			solution: "Step 1: add.\nStep 2: $\\boxed{3}$",
		},
		{
			name:     "keys are matched case-insensitively",
			content:  `{"Problem": "P?", "Solution": "S \\boxed{1}"}`,
			problem:  "P?",
			solution: `S \boxed{1}`,
		},
		{
			name:    "a missing solution is missing_solution",
			content: `{"problem": "What is $1+1$?"}`,
			reason:  ReasonMissingSolution,
		},
		{
			name:    "an empty problem is missing_problem",
			content: `{"problem": "  ", "solution": "\\boxed{2}"}`,
			reason:  ReasonMissingProblem,
		},
		{
			name:    "no json at all is no_json",
			content: "The problem asks for the sum, which is 5.",
			reason:  ReasonNoJSON,
		},
		{
			name:    "a refusal is a refusal",
			content: "I'm sorry, but I cannot help with this.",
			reason:  ReasonRefusal,
		},
		{
			name:    "json cut off mid-string is bad_json",
			content: `{"problem": "Find the value of $x$ such that`,
			reason:  ReasonBadJSON,
		},
		{
			name:    "blank is empty",
			content: "",
			reason:  ReasonEmpty,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, s, err := ParseTranslation(tc.content)
			if tc.reason != "" {
				if Reason(err) != tc.reason {
					t.Fatalf("reason = %q (err %v), want %q", Reason(err), err, tc.reason)
				}
				return
			}
			if err != nil {
				t.Fatalf("unexpected error %v", err)
			}
			if p != tc.problem {
				t.Errorf("problem = %q, want %q", p, tc.problem)
			}
			if s != tc.solution {
				t.Errorf("solution = %q, want %q", s, tc.solution)
			}
		})
	}
}

func TestParseJudge(t *testing.T) {
	tests := []struct {
		name       string
		content    string
		consistent bool
		reason     string
		failReason string
	}{
		{"a boolean verdict", `{"consistent": true, "reason": "All givens match."}`, true, "All givens match.", ""},
		{"a false verdict in a fence", "```json\n{\"consistent\": false, \"reason\": \"The problem omits b = 3.\"}\n```", false, "The problem omits b = 3.", ""},
		{"a string verdict", `Verdict: {"consistent": "yes", "reason": "ok",}`, true, "ok", ""},
		{"no verdict is missing_verdict", `{"reason": "hmm"}`, false, "hmm", ReasonMissingVerdict},
		{"prose is no_json", "It looks consistent to me.", false, "", ReasonNoJSON},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, r, err := ParseJudge(tc.content)
			if tc.failReason != "" {
				if Reason(err) != tc.failReason {
					t.Fatalf("reason = %q (err %v), want %q", Reason(err), err, tc.failReason)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c != tc.consistent || r != tc.reason {
				t.Fatalf("got (%v, %q), want (%v, %q)", c, r, tc.consistent, tc.reason)
			}
		})
	}
}

func TestIsRefusal(t *testing.T) {
	for _, s := range []string{
		"I'm sorry, I can't do that.",
		"I cannot help with that.",
		"Unfortunately, I am unable to comply.",
		"Sorry, but I won't write that.",
	} {
		if !IsRefusal(s) {
			t.Errorf("IsRefusal(%q) = false", s)
		}
	}
	for _, s := range []string{
		"Sure! Here is the program.",
		"The sorry state of the equation: x = 2.",
		"```python\ndef solve():\n    return 1\n```",
	} {
		if IsRefusal(s) {
			t.Errorf("IsRefusal(%q) = true", s)
		}
	}
}

func TestParseProgramRefusesRunawayPrograms(t *testing.T) {
	// Programs just under and just over the limit, and one of 1 MB (a
	// runaway reply; the LLM client caps replies at 256 KiB by default).
	body := func(n int) string {
		var b strings.Builder
		b.WriteString("def solve():\n    x = 0\n")
		for b.Len() < n-len("    return x\n") {
			b.WriteString("    x += 1\n")
		}
		b.WriteString("    return x\n")
		return b.String()
	}
	tests := []struct {
		name   string
		code   string
		limit  int
		reason string
	}{
		{"a program at the default limit parses", body(MaxProgramBytes - 20), 0, ""},
		{"a program over the default limit is program_too_large", body(MaxProgramBytes + 20), 0, ReasonProgramTooLarge},
		{"a 1 MB program is program_too_large", body(1 << 20), 0, ReasonProgramTooLarge},
		{"a smaller explicit limit applies", body(2000), 1000, ReasonProgramTooLarge},
		{"a program within an explicit limit parses", body(900), 1000, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			prog, err := ParseProgramLimit("Here you go:\n```python\n"+tc.code+"```\n", tc.limit)
			if Reason(err) != tc.reason {
				t.Fatalf("reason %q (%v), want %q", Reason(err), err, tc.reason)
			}
			if tc.reason == "" && strings.TrimSpace(prog) != strings.TrimSpace(tc.code) {
				t.Fatalf("program of %d bytes differs from the %d sent", len(prog), len(tc.code))
			}
			if tc.reason != "" && (prog != "" || !strings.Contains(err.Error(), "exceeds the limit")) {
				t.Errorf("program %d bytes, error %v", len(prog), err)
			}
			if tc.limit == 0 {
				p2, err2 := ParseProgram("```python\n" + tc.code + "```")
				if Reason(err2) != tc.reason || len(p2) != len(prog) {
					t.Errorf("ParseProgram disagrees with ParseProgramLimit(0): %v", err2)
				}
			}
		})
	}
}
