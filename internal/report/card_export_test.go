package report

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/arrows-math/arrows/internal/costplan"
	"github.com/arrows-math/arrows/internal/llm"
	"github.com/arrows-math/arrows/internal/stats"
	"github.com/arrows-math/arrows/internal/stats/statstest"
	"github.com/arrows-math/arrows/schemas"
)

type cardHeader struct {
	Configs []struct {
		ConfigName string `yaml:"config_name"`
		DataFiles  []struct {
			Split string `yaml:"split"`
			Path  string `yaml:"path"`
		} `yaml:"data_files"`
	} `yaml:"configs"`
}

func header(t *testing.T, card string) (cardHeader, string) {
	t.Helper()
	parts := strings.SplitN(card, "---\n", 3)
	if len(parts) != 3 {
		t.Fatalf("no YAML header:\n%.300s", card)
	}
	var h cardHeader
	if err := yaml.Unmarshal([]byte(parts[1]), &h); err != nil {
		t.Fatalf("YAML header does not parse: %v\n%s", err, parts[1])
	}
	return h, parts[2]
}

func TestCardOfAnExportListsItsSplitFilesAndColumns(t *testing.T) {
	st := sampleStats(t)
	meta := sampleMeta()
	meta.Configs = []DataConfig{{Name: "default", Files: []DataFile{
		{Split: "train", Path: "data/train-*.parquet"}, {Split: "test", Path: "data/test-*.parquet"}}}}
	meta.Fields = [][2]string{{"id", "row id"}, {"answer", "reference answer"}}
	meta.FieldsOf = "data/*.parquet"
	h, body := header(t, DatasetCard(st, meta))
	if len(h.Configs) != 1 || h.Configs[0].ConfigName != "default" || len(h.Configs[0].DataFiles) != 2 ||
		h.Configs[0].DataFiles[0].Split != "train" || h.Configs[0].DataFiles[0].Path != "data/train-*.parquet" ||
		h.Configs[0].DataFiles[1].Split != "test" || h.Configs[0].DataFiles[1].Path != "data/test-*.parquet" {
		t.Errorf("configs = %+v", h.Configs)
	}
	for _, want := range []string{"Each row of `data/*.parquet` has these columns", "- `answer`: reference answer"} {
		if !strings.Contains(body, want) {
			t.Errorf("card lacks %q", want)
		}
	}
	if strings.Contains(body, "`schemas.Record`") {
		t.Error("an export's card documents the triple's fields instead of its columns")
	}
}

func TestCardShowsThePlanNextToTheSpend(t *testing.T) {
	// The pilot is the first 100 seeds of the run; the plan is made for
	// 8,000 seeds and the run had 800: the card compares at 800.
	rows := statstest.Records(800, 5)
	pst := stats.New()
	for _, r := range rows[:100] {
		pst.Add(r)
	}
	pst.Finalize()
	prices := map[string]llm.Price{"qwen2.5-coder-32b": {Prompt: 0.2, Completion: 0.6}, "qwen2.5-72b-instruct": {Prompt: 0.4, Completion: 1.2}}
	pl, err := costplan.New(costplan.PilotFromStats(pst, 100, time.Minute), costplan.Settings{Prices: prices}, 8000)
	if err != nil {
		t.Fatal(err)
	}
	st := sampleStats(t)
	st.JobWallMillis = 120000
	meta := sampleMeta()
	meta.Plan = &pl
	c := PlanComparison(st, meta)
	if c == nil || c.Seeds != 800 || len(c.Roles) == 0 {
		t.Fatalf("comparison %+v: want one at the run's 800 seeds, with roles", c)
	}
	card := DatasetCard(st, meta)
	for _, want := range []string{"## Cost: plan and spend", "a pilot of 100 seeds", "a run of 8,000 seeds", "for the run's 800 seeds",
		"| tokens |", "| spent (cache hits free) |", "| wall time |", "| acceptance rate | " + pct(pl.AcceptanceRate) + " | " + pct(st.AcceptanceRate) + " |",
		"| role | model | tokens planned |"} {
		if !strings.Contains(card, want) {
			t.Errorf("card lacks %q", want)
		}
	}
	for _, r := range c.Roles {
		want := fmt.Sprintf("| %s | %s | %d | %d | %s |", r.Role, r.Model, int64(r.Tokens.Planned), int64(r.Tokens.Actual), r.Tokens.ErrorText())
		if !strings.Contains(card, want) {
			t.Errorf("card lacks the %s row %q", r.Role, want)
		}
		if r.Tokens.Actual == 0 || r.Tokens.Planned == 0 || r.Cost.Actual == 0 || r.Spent.Planned == 0 {
			t.Errorf("role %s: %+v: want tokens planned and used, a priced cost and a planned spend", r.Role, r)
		}
	}
	page, err := HTML(st, meta)
	if err != nil {
		t.Fatal(err)
	}
	sec := section(string(page), ChartPlan)
	for _, want := range []string{"tokens (plan)", "tokens (run)", "acceptance rate (run)", c.Roles[0].Role + " spent (run)", "plan off by"} {
		if !strings.Contains(sec, want) {
			t.Errorf("report's plan chart lacks %q:\n%.500s", want, sec)
		}
	}
	noPlan, err := HTML(st, sampleMeta())
	if err != nil {
		t.Fatal(err)
	}
	if sec := section(string(noPlan), ChartPlan); !strings.Contains(sec, "no data") {
		t.Errorf("a run without a plan does not show the placeholder:\n%.300s", sec)
	}
	if strings.Contains(DatasetCard(st, sampleMeta()), "## Cost: plan and spend") {
		t.Error("a card without a plan has a plan section")
	}
}

func TestCardSaysWhenTheBudgetWasReached(t *testing.T) {
	cases := []struct {
		name     string
		rejected int
		meta     CardMeta
		want     []string
		absent   string
	}{
		{"no cap, nothing said", 0, CardMeta{}, nil, "## LLM budget"},
		{"a cap not reached", 0, CardMeta{MaxCostUSD: 5}, []string{"## LLM budget", "at most 5 USD", "The cap was not reached"}, "**The cap was reached**"},
		{"a cap reached", 3, CardMeta{MaxCostUSD: 0.5, MaxLLMTokens: 10000}, []string{"at most 0.5 USD and at most 10,000 tokens", "**The cap was reached**: 3 seeds", "stage `budget`"}, "not reached"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st := stats.New()
			st.Add(&schemas.Record{ID: "ok"})
			for i := 0; i < c.rejected; i++ {
				st.Add(&schemas.Record{ID: "b", Rejection: &schemas.Rejection{Stage: schemas.StageBudget, Reason: llm.KindBudget}})
			}
			st.Finalize()
			card := DatasetCard(st, c.meta)
			for _, w := range c.want {
				if !strings.Contains(card, w) {
					t.Errorf("card lacks %q", w)
				}
			}
			if c.absent != "" && strings.Contains(card, c.absent) {
				t.Errorf("card has %q", c.absent)
			}
			if c.rejected > 0 && !strings.Contains(card, "| budget | budget_exhausted | 3 |") {
				t.Error("the rejection table lacks the budget row")
			}
		})
	}
}
