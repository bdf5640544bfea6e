package main

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/arrows-math/arrows/internal/decontam"
)

const (
	qwenCommit  = "a45202bd16f1ec06f433442dc1152d0074773465"
	qwenRepo    = "QwenLM/Qwen2.5-Math"
	qwenLicence = "harness MIT; benchmark licence not checked upstream"
)

// row is one decoded JSON object of a source file.
type row map[string]any

func (r row) str(key string) string {
	switch v := r[key].(type) {
	case nil:
		return ""
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case json.Number:
		return v.String()
	case []any:
		parts := make([]string, 0, len(v))
		for _, e := range v {
			parts = append(parts, row{"x": e}.str("x"))
		}
		return strings.Join(parts, ", ")
	default:
		b, _ := json.Marshal(v)
		return string(b)
	}
}

// source describes one benchmark file and how to read its items.
type source struct {
	name     string // benchmark name, e.g. "gsm8k-test"
	file     string // path under the corpora directory
	commit   string
	upstream string // "owner/repo path"
	license  string
	// item extracts (id, problem, answer) from row number line (1-based).
	item func(r row, line int) decontam.Item
}

func lineID(line int) string { return "line:" + strconv.Itoa(line) }

func boxed(s string) string {
	if b, ok := decontam.LastBoxed(s); ok {
		return b
	}
	return ""
}

// qwen describes a Qwen2.5-Math evaluation set.
func qwen(set, licence string, item func(r row, line int) decontam.Item) source {
	if licence == "" {
		licence = qwenLicence
	}
	return source{
		name: set + "-test", file: "qwen25_math_eval/data/" + set + "/test.jsonl", commit: qwenCommit,
		upstream: qwenRepo + " evaluation/data/" + set + "/test.jsonl", license: licence, item: item,
	}
}

// simple builds an item from a problem key, an answer key and an id key
// ("" for the line number).
func simple(problem, answer, id string) func(r row, line int) decontam.Item {
	return func(r row, line int) decontam.Item {
		it := decontam.Item{Problem: r.str(problem), Answer: r.str(answer), ID: lineID(line)}
		if id != "" && r.str(id) != "" {
			it.ID = id + ":" + r.str(id)
		}
		return it
	}
}

// optionAnswer maps a letter answer to its option text when options are a
// list like ["A)5", "B)6"] (AQuA) or a map {"A": "..."} (Gaokao QA).
func optionAnswer(opts any, letter string) string {
	switch o := opts.(type) {
	case []any:
		for _, e := range o {
			s, _ := e.(string)
			if strings.HasPrefix(s, letter+")") {
				return strings.TrimSpace(s[len(letter)+1:])
			}
		}
	case map[string]any:
		if s, ok := o[letter].(string); ok {
			return s
		}
	}
	return letter
}

// sources lists every benchmark built into the n-gram data, in a fixed
// order. Qwen2.5-Math's gsm8k set is the same 1,319 questions as
// gsm8k-test and is not repeated; its math500 comes from math500/.
var sources = []source{
	{
		name: "gsm8k-test", file: "gsm8k/test.jsonl", commit: "3101c7d5072418e28b9008a6636bde82a006892c",
		upstream: "openai/grade-school-math grade_school_math/data/test.jsonl", license: "MIT",
		item: func(r row, line int) decontam.Item {
			ans := r.str("answer")
			if i := strings.LastIndex(ans, "####"); i >= 0 {
				ans = strings.TrimSpace(ans[i+4:])
			}
			return decontam.Item{ID: lineID(line), Problem: r.str("question"), Answer: ans}
		},
	},
	{
		name: "math-test", file: "math/test.jsonl.gz", commit: "e8c4e3c2d19739d3dff59e577d1c97090cc15f59",
		upstream: "aiwaves-cn/agents src/agents/datasets/data/math/test/<subject>/<n>.json (hendrycks MATH test)", license: "MIT",
		item: func(r row, line int) decontam.Item {
			return decontam.Item{ID: r.str("unique_id"), Problem: r.str("problem"), Answer: boxed(r.str("solution"))}
		},
	},
	{
		name: "math500-test", file: "math500/test.jsonl", commit: "db77bc6bb2a17c90ed2d63e88ebd8c40a82858c5",
		upstream: "ZubinGou/math-evaluation-harness data/math_oai/test.jsonl (= openai/prm800k math_splits/test.jsonl)", license: "MIT",
		item: func(r row, line int) decontam.Item {
			return decontam.Item{ID: r.str("unique_id"), Problem: r.str("problem"), Answer: r.str("answer")}
		},
	},
	qwen("aime24", "MAA exam material: evaluation/decontamination use only", simple("problem", "answer", "id")),
	qwen("amc23", "MAA exam material: evaluation/decontamination use only", simple("problem", "answer", "id")),
	qwen("aqua", "Apache-2.0", func(r row, line int) decontam.Item {
		var opts any
		if s, ok := r["options"].(string); ok {
			_ = json.Unmarshal([]byte(strings.ReplaceAll(s, "'", `"`)), &opts)
		} else {
			opts = r["options"]
		}
		return decontam.Item{ID: lineID(line), Problem: r.str("question"), Answer: optionAnswer(opts, r.str("correct"))}
	}),
	qwen("asdiv", "CC BY-NC 4.0", func(r row, line int) decontam.Item {
		return decontam.Item{ID: "idx:" + r.str("idx"), Problem: r.str("body") + " " + r.str("question"), Answer: r.str("answer")}
	}),
	qwen("carp_en", "", simple("content", "answer", "")),
	qwen("cmath", "", simple("question", "answer", "")),
	qwen("cn_middle_school", "", simple("question", "answer", "idx")),
	qwen("college_math", "CC textbooks (per-row licence field, mostly CC BY)", func(r row, line int) decontam.Item {
		return decontam.Item{ID: r.str("data_source") + ":" + r.str("question_number"), Problem: r.str("question"), Answer: r.str("answer")}
	}),
	qwen("gaokao2023en", "Gaokao exam material: evaluation/decontamination use only", simple("question", "answer", "source")),
	qwen("gaokao2024_I", "Gaokao exam material: evaluation/decontamination use only", simple("question", "answer", "")),
	qwen("gaokao2024_II", "Gaokao exam material: evaluation/decontamination use only", simple("question", "answer", "")),
	qwen("gaokao2024_mix", "Gaokao exam material: evaluation/decontamination use only", simple("question", "answer", "idx")),
	qwen("gaokao_math_cloze", "Gaokao exam material: evaluation/decontamination use only", simple("question", "answer", "")),
	qwen("gaokao_math_qa", "Gaokao exam material: evaluation/decontamination use only", func(r row, line int) decontam.Item {
		ans := r.str("answer")
		if ans == "" {
			ans = optionAnswer(r["options"], r.str("label"))
		}
		return decontam.Item{ID: lineID(line), Problem: r.str("question"), Answer: ans}
	}),
	qwen("mawps", "", simple("input", "target", "idx")),
	qwen("minerva_math", "MIT OCW material; licence not checked upstream", func(r row, line int) decontam.Item {
		return decontam.Item{ID: "idx:" + r.str("idx"), Problem: r.str("problem"), Answer: boxed(r.str("solution"))}
	}),
	qwen("mmlu_stem", "", func(r row, line int) decontam.Item {
		ans := r.str("answer")
		if choices, ok := r["choices"].([]any); ok {
			if k, err := strconv.Atoi(ans); err == nil && k >= 0 && k < len(choices) {
				ans = row{"x": choices[k]}.str("x")
			}
		}
		return decontam.Item{ID: lineID(line), Problem: r.str("question"), Answer: ans}
	}),
	qwen("olympiadbench", "", func(r row, line int) decontam.Item {
		p := r.str("question")
		if c := r.str("context"); c != "" {
			p = c + "\n" + p
		}
		ans := ""
		if fa, ok := r["final_answer"].([]any); ok && len(fa) > 0 {
			ans = row{"x": fa[0]}.str("x")
		}
		return decontam.Item{ID: "id:" + r.str("id"), Problem: p, Answer: ans}
	}),
	qwen("sat_math", "", simple("question", "Answer", "id")),
	qwen("svamp", "MIT", func(r row, line int) decontam.Item {
		return decontam.Item{ID: "ID:" + r.str("ID"), Problem: r.str("Body") + " " + r.str("Question"), Answer: r.str("Answer")}
	}),
}

// read loads a source's items from the corpora directory.
func (s source) read(corpora string) ([]decontam.Item, error) {
	p := filepath.Join(corpora, s.file)
	f, err := os.Open(p)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", p, err)
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(p, ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			return nil, fmt.Errorf("gunzip %s: %w", p, err)
		}
		defer zr.Close()
		r = zr
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	var items []decontam.Item
	line := 0
	for sc.Scan() {
		line++
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var rw row
		if err := json.Unmarshal(sc.Bytes(), &rw); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", p, line, err)
		}
		it := s.item(rw, line)
		if strings.TrimSpace(it.Problem) == "" {
			return nil, fmt.Errorf("%s:%d: empty problem", p, line)
		}
		items = append(items, it)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", p, err)
	}
	return items, nil
}
