package llmtest

import (
	"strings"
	"testing"
)

func TestCalculatorProgram(t *testing.T) {
	tests := []struct {
		name     string
		solution string
		want     string   // repr of solve()'s result
		contains []string // parts the program must have
	}{
		{
			name:     "steps chain through earlier results and the last one is returned",
			solution: "Natalia sold 48/2 = <<48/2=24>>24 clips in May.\nNatalia sold 48+24 = <<48+24=72>>72 clips altogether.\n#### 72",
			want:     "72",
			contains: []string{"step1 = Fraction('48') / Fraction('2')", "step2 = Fraction('48') + step1", "return int(step2)"},
		},
		{
			name:     "decimals, percentages and parentheses are exact",
			solution: "Weng earns 12/60 = $<<12/60=0.2>>0.2 per minute.\nFor 50 minutes she earned 0.2 x 50 = $<<0.2*50=10>>10.\nThe tip is 10% of that: <<10*10%=1>>1.\nTotal (10+1) = <<(10+1)=11>>11\n#### 11",
			want:     "11",
			contains: []string{"step2 = step1 * Fraction('50')", "Fraction('10') / 100", "return int(step4)"},
		},
		{
			name:     "a final answer that no step computes is returned as given",
			solution: "Betty has 100/2 = <<100/2=50>>50 dollars.\nShe needs 5 more.\n#### 5",
			want:     "5",
			contains: []string{"answer = Fraction(5)", "return int(answer)"},
		},
		{
			name:     "thousands separators are read",
			solution: "Total is 1,200*3 = <<1,200*3=3,600>>3,600\n#### 3,600",
			want:     "3600",
			contains: []string{"Fraction('1200') * Fraction('3')"},
		},
		{
			name:     "a fractional final answer is returned as a Fraction",
			solution: "Each gets 7/2 = <<7/2=3.5>>3.5 pies.\n#### 3.5",
			want:     "7/2",
			contains: []string{"return step1"},
		},
	}
	var progs []string
	for _, tc := range tests {
		prog, err := CalculatorProgram(tc.solution)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		for _, c := range tc.contains {
			if !strings.Contains(prog, c) {
				t.Errorf("%s: program lacks %q:\n%s", tc.name, c, prog)
			}
		}
		progs = append(progs, prog)
	}
	runs := runPython(t, progs...)
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if runs[i].Status != "ok" || runs[i].Result.Repr != tc.want {
				t.Fatalf("run = %+v, want %s\n%s", runs[i], tc.want, progs[i])
			}
		})
	}
}

func TestCalculatorProgramNeedsAFinalAnswer(t *testing.T) {
	if _, err := CalculatorProgram("She sold <<2*3=6>>6 apples."); err == nil {
		t.Fatal("no error for a solution without #### N")
	}
}
