package knowledge

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// WriteTopicsTree writes the topics passing filter as a tree, stage ->
// subject -> topic, one topic per line with its id, name and tools.
func WriteTopicsTree(w io.Writer, kb *KB, filter Filter) error {
	topics, err := kb.FilterTopics(filter)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	for _, g := range groupTopics(kb, topics) {
		fmt.Fprintf(bw, "%s  %s (%d topics)\n", g.stage.ID, g.stage.Name, g.count())
		for _, sg := range g.subjects {
			fmt.Fprintf(bw, "  %s  %s (%d topics)\n", sg.subject.ID, sg.subject.Name, len(sg.topics))
			for _, t := range sg.topics {
				fmt.Fprintf(bw, "    %s  %s  [%s]\n", t.ID, t.Name, strings.Join(t.Tools, ", "))
			}
		}
	}
	fmt.Fprintf(bw, "%d topics\n", len(topics))
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("knowledge: writing topics tree: %w", err)
	}
	return nil
}

// TopicJSON is a topic as WriteTopicsJSON writes it, with stage and subject names.
type TopicJSON struct {
	ID            string   `json:"id"`
	Stage         string   `json:"stage"`
	StageName     string   `json:"stage_name"`
	Subject       string   `json:"subject"`
	SubjectName   string   `json:"subject_name"`
	Name          string   `json:"name"`
	Description   string   `json:"description"`
	Prerequisites []string `json:"prerequisites"`
	Tools         []string `json:"tools"`
}

// WriteTopicsJSON writes the topics passing filter as an indented JSON array
// of TopicJSON, in stage, subject, data order.
func WriteTopicsJSON(w io.Writer, kb *KB, filter Filter) error {
	topics, err := kb.FilterTopics(filter)
	if err != nil {
		return err
	}
	out := []TopicJSON{}
	for _, g := range groupTopics(kb, topics) {
		for _, sg := range g.subjects {
			for _, t := range sg.topics {
				out = append(out, TopicJSON{
					ID: t.ID, Stage: t.Stage, StageName: g.stage.Name,
					Subject: t.Subject, SubjectName: sg.subject.Name,
					Name: t.Name, Description: t.Description,
					Prerequisites: append([]string{}, t.Prerequisites...),
					Tools:         append([]string{}, t.Tools...),
				})
			}
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("knowledge: writing topics JSON: %w", err)
	}
	return nil
}

// ToolJSON is a toolkit API as WriteToolkit writes it in JSON.
type ToolJSON struct {
	Name      string   `json:"name"`
	Module    string   `json:"module"`
	Signature string   `json:"signature"`
	Doc       string   `json:"doc"`
	Example   string   `json:"example"`
	UsedBy    []string `json:"used_by"`
}

// WriteToolkit writes every toolkit API with its signature, doc and the
// topics that use it: as text, or as an indented JSON array of ToolJSON.
func WriteToolkit(w io.Writer, kb *KB, jsonOut bool) error {
	if jsonOut {
		out := make([]ToolJSON, 0, len(kb.Tools))
		for _, t := range kb.Tools {
			out = append(out, ToolJSON{
				Name: t.Name, Module: t.Module(), Signature: t.Signature, Doc: t.Doc,
				Example: t.Example, UsedBy: append([]string{}, kb.usedBy[t.Name]...),
			})
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			return fmt.Errorf("knowledge: writing toolkit JSON: %w", err)
		}
		return nil
	}
	bw := bufio.NewWriter(w)
	module := ""
	for _, t := range kb.Tools {
		if m := t.Module(); m != module {
			module = m
			fmt.Fprintf(bw, "# %s\n", module)
		}
		users := kb.usedBy[t.Name]
		fmt.Fprintf(bw, "%s\n    %s\n    %s\n    used by %d topics: %s\n",
			t.Name, t.Signature, t.Doc, len(users), strings.Join(users, ", "))
	}
	fmt.Fprintf(bw, "%d tools\n", len(kb.Tools))
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("knowledge: writing toolkit: %w", err)
	}
	return nil
}

type subjectGroup struct {
	subject *Subject
	topics  []*Topic
}

type stageGroup struct {
	stage    *Stage
	subjects []*subjectGroup
}

func (g *stageGroup) count() int {
	n := 0
	for _, sg := range g.subjects {
		n += len(sg.topics)
	}
	return n
}

// groupTopics groups topics by stage (in stage order) and subject (in order
// of first appearance), keeping data order within a subject.
func groupTopics(kb *KB, topics []*Topic) []*stageGroup {
	var out []*stageGroup
	for i := range kb.Stages {
		st := &kb.Stages[i]
		g := &stageGroup{stage: st}
		bySubject := map[string]*subjectGroup{}
		for _, t := range topics {
			if t.Stage != st.ID {
				continue
			}
			sg, ok := bySubject[t.Subject]
			if !ok {
				subj, _ := kb.Subject(t.Subject)
				sg = &subjectGroup{subject: subj}
				bySubject[t.Subject] = sg
				g.subjects = append(g.subjects, sg)
			}
			sg.topics = append(sg.topics, t)
		}
		if len(g.subjects) > 0 {
			out = append(out, g)
		}
	}
	return out
}
