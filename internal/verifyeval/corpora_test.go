package verifyeval

import (
	"encoding/json"
	"testing"
)

func TestAlterationsChangeTheFinalAnswer(t *testing.T) {
	cases := []struct {
		name, line, how, field, want string
	}{
		{"the GSM8K final answer grows by one", `{"question":"q","answer":"2 + 2 = 4\n#### 1,000"}`, AlterGSM8KAnswer, "answer", "2 + 2 = 4\n#### 1001"},
		{"the MATH boxed answer changes its first integer", `{"problem":"p","solution":"so $\\boxed{\\frac{3}{4}}$.","answer":"\\frac{3}{4}"}`, AlterMATHBoxed, "solution", "so $\\boxed{\\frac{4}{4}}$."},
		{"the MATH answer field moves to the next choice", `{"problem":"p","solution":"$\\boxed{\\text{(C)}}$","answer":"\\text{(C)}"}`, AlterMATHAnswer, "answer", `\text{(D)}`},
		{"a text answer is negated", `{"problem":"p","solution":"$\\boxed{\\text{east}}$","answer":"\\text{east}"}`, AlterMATHAnswer, "answer", `\text{not east}`},
		{"an answer without digits gets + 1", `{"problem":"p","solution":"$\\boxed{\\pi}$","answer":"\\pi"}`, AlterMATHAnswer, "answer", `\pi + 1`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, err := alterLine([]byte(c.line), c.how)
			if err != nil {
				t.Fatal(err)
			}
			var row map[string]any
			if err := json.Unmarshal(out, &row); err != nil {
				t.Fatal(err)
			}
			if got := row[c.field]; got != c.want {
				t.Fatalf("%s = %q, want %q", c.field, got, c.want)
			}
		})
	}
	if _, err := alterLine([]byte(`{"answer":"no final line"}`), AlterGSM8KAnswer); err == nil {
		t.Error("a GSM8K row without #### was altered")
	}
}
