package answer

import (
	"context"
	"regexp"
	"strings"

	"github.com/arrows-math/arrows/schemas"
)

// Key is the reference a response is graded against.
type Key struct {
	// Answer is the reference answer as text ("72", "\frac{1}{2}", "B").
	Answer string
	// Problem is the problem text, if known; the options of a
	// multiple-choice problem are read from it (ParseChoices).
	Problem string
	// Choices are the options, when known; they take precedence over the
	// options read from Problem.
	Choices []Choice
}

// Graded is a response graded against a key.
type Graded struct {
	// Answer is the final answer read from the response (with its
	// extraction method); meaningful only when Found.
	Answer schemas.FinalAnswer
	// Found says whether a final answer was found.
	Found bool
	// Outcome is the comparison of the answer with the key (not_equal with
	// layer "extract:none" when no answer was found).
	Outcome Outcome
}

// LayerNoAnswer is the layer of the outcome of a response without a final answer.
const LayerNoAnswer = "extract:none"

// choicesOf returns the key's options: its Choices, else those of its Problem.
func (k Key) choicesOf() []Choice {
	if len(k.Choices) > 0 {
		return k.Choices
	}
	return ParseChoices(k.Problem)
}

// HintsFor returns the extraction hints a key implies: the number of parts
// of a list, tuple or set answer, and whether it is a choice letter.
func HintsFor(k Key) Hints {
	choices := k.choicesOf()
	_, letter := keyLetter(k.Answer, choices)
	return Hints{Parts: partsOf(k.Answer), Letter: letter, Choices: choices}
}

// partsOf is the number of elements of a reference that is a list, tuple or
// set (1 for a single value or an interval).
func partsOf(ref string) int {
	n := Normalize(ref)
	if n == "" {
		return 0
	}
	st := interpret(n, isEquationText(n))
	switch st.kind {
	case nTuple:
		if intervalLike(st) {
			return 1
		}
		return len(st.elems)
	case nBag, nSet:
		return len(st.elems)
	}
	return 1
}

// keyLetter reports a key that is a multiple-choice letter ("B", "(B)",
// "\text{(B)}"); with known options the letter must be one of them.
func keyLetter(answer string, choices []Choice) (string, bool) {
	t := strings.TrimSpace(Normalize(answer))
	if len(t) == 3 && t[0] == '(' && t[2] == ')' {
		t = t[1:2]
	}
	if len(t) != 1 || t[0] < 'A' || t[0] > 'H' {
		return "", false
	}
	if len(choices) > 0 && optionText(choices, t) == nil {
		return "", false
	}
	return t, true
}

func optionText(choices []Choice, letter string) *string {
	for i := range choices {
		if choices[i].Letter == letter {
			return &choices[i].Text
		}
	}
	return nil
}

// Grade reads the final answer of a response (ExtractWith, with the hints
// the key implies) and compares it with the key (CompareText). Multiple
// choice: when the key is a letter, a letter answer is compared as a
// letter and any other answer with the text of the key's option; when the
// key is a value and the answer a letter, the letter's option is compared
// with the key. A letter key whose options are unknown cannot grade a value
// answer (undecided).
func (c *Checker) Grade(ctx context.Context, response string, k Key) Graded {
	choices := k.choicesOf()
	goldLetter, isLetter := keyLetter(k.Answer, choices)
	h := Hints{Parts: partsOf(k.Answer), Letter: isLetter, Choices: choices}
	fa, found := ExtractWith(response, h)
	g := Graded{Answer: fa, Found: found}
	if !found {
		g.Outcome = notEqual(LayerNoAnswer, "no final answer in the response")
		return g
	}
	if c != nil && c.Percent == PercentAsFraction && mentionsPercent(fa.Text) && asksForPercent(k.Problem) {
		cc := *c
		cc.Percent = PercentGoldInPercent // the key of a "what percent" question is in percent
		c = &cc
	}
	g.Outcome = c.compareKey(ctx, fa.Text, k.Answer, goldLetter, isLetter, choices)
	return g
}

var percentQuestionRe = regexp.MustCompile(`(?i)\b(?:what|which|how\s+many)\s+(?:per\s*cent|percent(?:age)?)\b|\b(?:as|in|into)\s+(?:a\s+)?(?:per\s*cent|percent(?:age)?)\b|\bpercent(?:age)?\s+(?:increase|decrease|change|loss|gain|error|profit|discount)\b|\bby\s+what\s+percent`)

// mentionsPercent reports an answer that states a percentage, the only
// case the percent-question rule changes.
func mentionsPercent(a string) bool {
	l := strings.ToLower(a)
	return strings.Contains(a, "%") || strings.Contains(l, "per") || strings.Contains(l, "pct")
}

// asksForPercent reports a problem whose question asks for a percentage
// ("What percent of ...", "... as a percent", "percent increase"): its key
// is then in percent units (PercentGoldInPercent), so "20\%" equals a key
// "20".
func asksForPercent(problem string) bool {
	return problem != "" && percentQuestionRe.MatchString(problem)
}

func (c *Checker) compareKey(ctx context.Context, text, key, goldLetter string, isLetter bool, choices []Choice) Outcome {
	letter, answerIsLetter := choiceLetterOf(text, true)
	switch {
	case isLetter && answerIsLetter:
		if letter == goldLetter {
			return equal("go:choice", "choice %s", letter)
		}
		return notEqual("go:choice", "choice %s, the key is %s", letter, goldLetter)
	case isLetter:
		opt := optionText(choices, goldLetter)
		if opt == nil {
			return undecided("go:choice", "the key is the choice %s, the options are unknown and the answer %q is not a letter", goldLetter, short(text))
		}
		o := c.CompareText(ctx, text, *opt)
		o.Reason = "against option " + goldLetter + " (" + short(*opt) + "): " + o.Reason
		return o
	case answerIsLetter && len(choices) > 0:
		if opt := optionText(choices, letter); opt != nil {
			o := c.CompareText(ctx, *opt, key)
			o.Reason = "option " + letter + " (" + short(*opt) + "): " + o.Reason
			return o
		}
	}
	return c.CompareText(ctx, text, key)
}
