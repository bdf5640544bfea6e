package evolve

import (
	"testing"

	"github.com/arrows-math/arrows/schemas"
)

func intValue(s string) schemas.Value {
	return schemas.Value{Kind: schemas.KindInteger, Type: "int", Repr: s, Latex: s, Exact: s}
}

func ratValue(p, q string) schemas.Value {
	return schemas.Value{Kind: schemas.KindRational, Type: "Fraction", Repr: p + "/" + q, Latex: `\frac{` + p + "}{" + q + "}", Exact: p + "/" + q}
}

func tupleValue(elems ...schemas.Value) schemas.Value {
	return schemas.Value{Kind: schemas.KindTuple, Type: "list", Elements: elems, Latex: "list"}
}

func exec(result schemas.Value, locals map[string]schemas.Value) *schemas.Execution {
	return &schemas.Execution{Status: schemas.StatusOK, Result: &result, Locals: locals}
}

func TestCheckPerturbed(t *testing.T) {
	parent := exec(intValue("72"), map[string]schemas.Value{"step1": intValue("24"), "roots": tupleValue(intValue("2"), intValue("-3"))})
	cases := []struct {
		name   string
		child  *schemas.Execution
		reason string
	}{
		{"a new answer with the same structure is valid",
			exec(intValue("93"), map[string]schemas.Value{"step1": intValue("31"), "roots": tupleValue(intValue("5"), intValue("-1"))}), ""},
		{"the same answer is rejected",
			exec(intValue("72"), map[string]schemas.Value{"step1": intValue("24"), "roots": tupleValue(intValue("2"), intValue("-3"))}), ReasonAnswerUnchanged},
		{"an integer answer that became a fraction is rejected",
			exec(ratValue("111", "2"), map[string]schemas.Value{"step1": ratValue("37", "2"), "roots": tupleValue(intValue("2"), intValue("-3"))}), ReasonAnswerTypeChanged},
		{"an intermediate that stopped being whole is rejected",
			exec(intValue("55"), map[string]schemas.Value{"step1": ratValue("37", "2"), "roots": tupleValue(intValue("2"), intValue("-3"))}), ReasonStructureChanged},
		{"a count that went negative is rejected",
			exec(intValue("-12"), map[string]schemas.Value{"step1": intValue("24"), "roots": tupleValue(intValue("2"), intValue("-3"))}), ReasonStructureChanged},
		{"a list of roots that lost a root is rejected",
			exec(intValue("80"), map[string]schemas.Value{"step1": intValue("24"), "roots": tupleValue(intValue("2"))}), ReasonStructureChanged},
		{"a local that disappeared is rejected",
			exec(intValue("80"), map[string]schemas.Value{"step1": intValue("24")}), ReasonStructureChanged},
		{"no result is rejected",
			&schemas.Execution{Status: schemas.StatusOK}, ReasonNoResult},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			reason, detail := CheckPerturbed(parent, c.child)
			if reason != c.reason {
				t.Errorf("CheckPerturbed = %q (%s), want %q", reason, detail, c.reason)
			}
		})
	}
}

func TestCheckVariant(t *testing.T) {
	parent := exec(intValue("72"), nil)
	gcd := exec(intValue("12"), nil)
	gcd.Calls = []string{"math.gcd", "int"}
	det := exec(intValue("5"), nil)
	det.Calls = []string{"sympy.matrices.dense.MutableDenseMatrix.det"}
	cases := []struct {
		name   string
		child  *schemas.Execution
		tools  []string
		reason string
	}{
		{"a new answer that uses one of the tools is valid", gcd, []string{"divmod", "math.gcd"}, ""},
		{"ask_other needs no tool", gcd, nil, ""},
		{"a program that skips the tools is rejected", gcd, []string{"divmod", "math.floor"}, ReasonToolUnused},
		{"methods match on any receiver", det, []string{"sympy.Matrix.det"}, ""},
		{"the same answer is rejected", exec(intValue("72"), nil), nil, ReasonAnswerUnchanged},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if reason, detail := CheckVariant(parent, c.child, c.tools...); reason != c.reason {
				t.Errorf("CheckVariant = %q (%s), want %q", reason, detail, c.reason)
			}
		})
	}
}

func TestSameValueComparesExactValues(t *testing.T) {
	if !SameValue(intValue("10"), schemas.Value{Kind: schemas.KindInteger, Exact: "10", Latex: "10.0"}) {
		t.Error("equal exact values with different LaTeX are the same value")
	}
	if SameValue(intValue("10"), intValue("11")) {
		t.Error("10 and 11 are different")
	}
	if !SameValue(ratValue("1", "2"), schemas.Value{Kind: schemas.KindRational, Exact: "2/4"}) {
		t.Error("1/2 and 2/4 are the same value")
	}
}

func TestParseOperators(t *testing.T) {
	cases := []struct {
		spec    string
		llm     bool
		want    string
		wantErr bool
	}{
		{"", true, "perturb_givens,add_step,ask_other", false},
		{"", false, "perturb_givens", false},
		{"all", true, "perturb_givens,add_step,ask_other", false},
		{"ask_other, perturb_givens,ask_other", true, "ask_other,perturb_givens", false},
		{"add_step", false, "", true},
		{"all", false, "", true},
		{"mutate", true, "", true},
	}
	for _, c := range cases {
		got, err := ParseOperators(c.spec, c.llm)
		if (err != nil) != c.wantErr {
			t.Errorf("ParseOperators(%q, llm=%v) error = %v, want error %v", c.spec, c.llm, err, c.wantErr)
			continue
		}
		if err == nil && joinOps(got) != c.want {
			t.Errorf("ParseOperators(%q, llm=%v) = %v, want %s", c.spec, c.llm, got, c.want)
		}
	}
}

func joinOps(ops []string) string {
	s := ""
	for i, o := range ops {
		if i > 0 {
			s += ","
		}
		s += o
	}
	return s
}
