package knowledge

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

func TestWriteTopicsTree(t *testing.T) {
	kb := mustLoad(t)
	t.Run("filtered to one stratum lists exactly its topics with tools", func(t *testing.T) {
		var buf bytes.Buffer
		if err := WriteTopicsTree(&buf, kb, Filter{Stage: "middle", Subject: "number_theory"}); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		want, _ := kb.FilterTopics(Filter{Stage: "middle", Subject: "number_theory"})
		if !strings.HasPrefix(out, fmt.Sprintf("middle  Middle school (%d topics)\n  number_theory  Number theory (%d topics)\n", len(want), len(want))) {
			t.Errorf("unexpected header:\n%s", out)
		}
		for _, topic := range want {
			line := fmt.Sprintf("    %s  %s  [%s]\n", topic.ID, topic.Name, strings.Join(topic.Tools, ", "))
			if !strings.Contains(out, line) {
				t.Errorf("missing line %q", line)
			}
		}
		if strings.Count(out, "\n    ") != len(want) {
			t.Errorf("%d topic lines, want %d:\n%s", strings.Count(out, "\n    "), len(want), out)
		}
		if !strings.HasSuffix(out, fmt.Sprintf("\n%d topics\n", len(want))) {
			t.Errorf("missing total line:\n%s", out)
		}
	})
	t.Run("unfiltered tree lists every stage in order", func(t *testing.T) {
		var buf bytes.Buffer
		if err := WriteTopicsTree(&buf, kb, Filter{}); err != nil {
			t.Fatal(err)
		}
		last := -1
		for _, st := range kb.Stages {
			i := strings.Index(buf.String(), "\n"+st.ID+"  ")
			if st.ID == kb.Stages[0].ID {
				i = strings.Index(buf.String(), st.ID+"  ")
			}
			if i <= last {
				t.Errorf("stage %s at %d, after %d", st.ID, i, last)
			}
			last = i
		}
		if !strings.HasSuffix(buf.String(), fmt.Sprintf("%d topics\n", len(kb.Topics))) {
			t.Error("total line does not count all topics")
		}
	})
	t.Run("unknown stage is an error", func(t *testing.T) {
		err := WriteTopicsTree(&bytes.Buffer{}, kb, Filter{Stage: "kindergarten"})
		if err == nil || !strings.Contains(err.Error(), `unknown stage "kindergarten"`) {
			t.Fatalf("error = %v", err)
		}
	})
}

func TestWriteTopicsJSON(t *testing.T) {
	kb := mustLoad(t)
	var buf bytes.Buffer
	if err := WriteTopicsJSON(&buf, kb, Filter{Subject: "linear_algebra"}); err != nil {
		t.Fatal(err)
	}
	var got []TopicJSON
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	want, _ := kb.FilterTopics(Filter{Subject: "linear_algebra"})
	if len(got) != len(want) || len(got) == 0 {
		t.Fatalf("%d topics in JSON, want %d", len(got), len(want))
	}
	for _, g := range got {
		topic, ok := kb.Topic(g.ID)
		if !ok || g.Subject != "linear_algebra" || g.SubjectName != "Linear algebra" || g.StageName == "" ||
			g.Name != topic.Name || strings.Join(g.Tools, ",") != strings.Join(topic.Tools, ",") {
			t.Errorf("bad entry %+v", g)
		}
	}
	if err := WriteTopicsJSON(&bytes.Buffer{}, kb, Filter{Subject: "alchemy"}); err == nil {
		t.Error("unknown subject accepted")
	}
}

func TestWriteToolkit(t *testing.T) {
	kb := mustLoad(t)
	t.Run("text lists every tool with signature, doc and users", func(t *testing.T) {
		var buf bytes.Buffer
		if err := WriteToolkit(&buf, kb, false); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		for _, tool := range kb.Tools {
			users := kb.ToolUsers(tool.Name)
			entry := fmt.Sprintf("%s\n    %s\n    %s\n    used by %d topics: %s\n", tool.Name, tool.Signature, tool.Doc, len(users), strings.Join(users, ", "))
			if !strings.Contains(out, entry) {
				t.Errorf("missing entry for %s", tool.Name)
			}
		}
		if !strings.Contains(out, "# sympy\n") || !strings.Contains(out, "# numpy\n") {
			t.Error("missing module headings")
		}
	})
	t.Run("json carries examples and users", func(t *testing.T) {
		var buf bytes.Buffer
		if err := WriteToolkit(&buf, kb, true); err != nil {
			t.Fatal(err)
		}
		var got []ToolJSON
		if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
			t.Fatal(err)
		}
		if len(got) != len(kb.Tools) {
			t.Fatalf("%d tools in JSON, want %d", len(got), len(kb.Tools))
		}
		for i, g := range got {
			tool := kb.Tools[i]
			if g.Name != tool.Name || g.Example != tool.Example || g.Module != tool.Module() ||
				strings.Join(g.UsedBy, ",") != strings.Join(kb.ToolUsers(tool.Name), ",") || len(g.UsedBy) == 0 {
				t.Errorf("bad entry %+v", g)
			}
		}
	})
}
