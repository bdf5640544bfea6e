// Package knowledge is arrows' three-tier knowledge system (education stage ->
// subject -> topic) and the toolkit of Python/SymPy/NumPy APIs that generated
// programs call, together with a coherent stratified sampler of topic
// combinations (see Sampler).
//
// The data is embedded YAML under data/: stages.yaml, subjects.yaml (with the
// subject compatibility list), toolkit.yaml and one topics_<stage>.yaml per
// stage. Load parses and validates it.
package knowledge

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/arrows-math/arrows/schemas"
)

//go:embed data/*.yaml
var dataFS embed.FS

// Stage is an education stage (tier 1), e.g. "high".
type Stage struct {
	ID          string `yaml:"id" json:"id"`
	Name        string `yaml:"name" json:"name"`
	Order       int    `yaml:"order" json:"order"`
	Description string `yaml:"description" json:"description"`
	// Adjacent lists the stages whose topics may be combined with this
	// stage's in one seed. Empty means the stages whose Order differs by one.
	Adjacent []string `yaml:"adjacent,omitempty" json:"adjacent,omitempty"`
}

// Subject is a mathematical subject (tier 2), e.g. "number_theory". Subject
// ids are shared by all stages; a stratum is a (stage, subject) pair.
type Subject struct {
	ID          string `yaml:"id" json:"id"`
	Name        string `yaml:"name" json:"name"`
	Description string `yaml:"description" json:"description"`
	// CLC is the Chinese Library Classification class the subject follows.
	CLC string `yaml:"clc,omitempty" json:"clc,omitempty"`
}

// Topic is a knowledge point (tier 3). Its ID is "<stage>.<subject>.<slug>".
type Topic struct {
	ID          string `yaml:"id" json:"id"`
	Stage       string `yaml:"stage,omitempty" json:"stage"`
	Subject     string `yaml:"subject,omitempty" json:"subject"`
	Name        string `yaml:"name" json:"name"`
	Description string `yaml:"description" json:"description"`
	// Prerequisites are ids of topics that should be understood first.
	Prerequisites []string `yaml:"prerequisites,omitempty" json:"prerequisites,omitempty"`
	// Tools are qualified toolkit API names a program on this topic uses.
	Tools []string `yaml:"tools" json:"tools"`
}

// Tool is a toolkit API as a program calls it after import resolution, e.g.
// "sympy.factorint" or "sympy.Matrix.eigenvals".
type Tool struct {
	Name      string `yaml:"name" json:"name"`
	Signature string `yaml:"signature" json:"signature"`
	Doc       string `yaml:"doc" json:"doc"`
	// Kind is "" for callables (functions, classes, methods) and
	// ToolConstant for names used without a call (sympy.pi).
	Kind string `yaml:"kind,omitempty" json:"kind,omitempty"`
	// Example is a minimal self-contained program defining solve().
	Example string `yaml:"example" json:"example"`
}

// ToolConstant is the Kind of toolkit names that are constants, not calls.
const ToolConstant = "constant"

// Module is the top-level Python module that provides the tool ("sympy",
// "numpy", "math", ...; "builtins" for unqualified builtins such as pow).
func (t Tool) Module() string {
	if i := strings.IndexByte(t.Name, '.'); i >= 0 {
		return t.Name[:i]
	}
	return "builtins"
}

// SubjectPair is an unordered pair of compatible subject ids.
type SubjectPair [2]string

// KB is the loaded knowledge base. Use Load to build one; the exported slices
// are in file order (stages by Order) and must not be modified after Load.
type KB struct {
	Stages          []Stage       `json:"stages"`
	Subjects        []Subject     `json:"subjects"`
	Topics          []Topic       `json:"topics"`
	Tools           []Tool        `json:"tools"`
	CompatiblePairs []SubjectPair `json:"compatible"`

	stageIdx   map[string]int
	subjectIdx map[string]int
	topicIdx   map[string]int
	toolIdx    map[string]int
	compat     map[SubjectPair]bool
	adjacent   map[[2]string]bool
	usedBy     map[string][]string
}

// Files of the embedded data set.
type stagesFile struct {
	Stages []Stage `yaml:"stages"`
}

type subjectsFile struct {
	Subjects   []Subject  `yaml:"subjects"`
	Compatible [][]string `yaml:"compatible"`
}

type toolkitFile struct {
	Tools []Tool `yaml:"tools"`
}

type topicsFile struct {
	Topics []Topic `yaml:"topics"`
}

// Load returns the knowledge base of the embedded data, parsed and
// validated once per process, on first use; every caller gets the same
// value. The knowledge base is immutable: callers must not modify it.
// Errors name the file and the offending entry.
func Load() (*KB, error) { return loadEmbedded() }

var loadEmbedded = sync.OnceValues(func() (*KB, error) { return LoadFS(dataFS, "data") })

// LoadFS is Load over another file system: dir must hold stages.yaml,
// subjects.yaml, toolkit.yaml and topics_*.yaml files.
func LoadFS(fsys fs.FS, dir string) (*KB, error) {
	kb := &KB{}
	var sf stagesFile
	if err := decodeFile(fsys, path.Join(dir, "stages.yaml"), &sf); err != nil {
		return nil, err
	}
	kb.Stages = sf.Stages
	var subf subjectsFile
	if err := decodeFile(fsys, path.Join(dir, "subjects.yaml"), &subf); err != nil {
		return nil, err
	}
	kb.Subjects = subf.Subjects
	for i, p := range subf.Compatible {
		if len(p) != 2 {
			return nil, fmt.Errorf("knowledge: subjects.yaml: compatible entry %d %v: want a pair of subject ids", i+1, p)
		}
		kb.CompatiblePairs = append(kb.CompatiblePairs, SubjectPair{p[0], p[1]})
	}
	var tf toolkitFile
	if err := decodeFile(fsys, path.Join(dir, "toolkit.yaml"), &tf); err != nil {
		return nil, err
	}
	kb.Tools = tf.Tools
	topicFiles, err := fs.Glob(fsys, path.Join(dir, "topics_*.yaml"))
	if err != nil {
		return nil, fmt.Errorf("knowledge: listing topic files: %w", err)
	}
	if len(topicFiles) == 0 {
		return nil, fmt.Errorf("knowledge: no topics_*.yaml files in %s", dir)
	}
	sort.Strings(topicFiles)
	for _, name := range topicFiles {
		var tf topicsFile
		if err := decodeFile(fsys, name, &tf); err != nil {
			return nil, err
		}
		for i := range tf.Topics {
			t := &tf.Topics[i]
			if err := fillStageSubject(t); err != nil {
				return nil, fmt.Errorf("knowledge: %s: topic %d: %w", path.Base(name), i+1, err)
			}
		}
		kb.Topics = append(kb.Topics, tf.Topics...)
	}
	sort.SliceStable(kb.Stages, func(i, j int) bool { return kb.Stages[i].Order < kb.Stages[j].Order })
	kb.index()
	if err := kb.Validate(); err != nil {
		return nil, err
	}
	return kb, nil
}

// decodeFile strictly decodes one YAML file (unknown fields are errors).
func decodeFile(fsys fs.FS, name string, into any) error {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return fmt.Errorf("knowledge: reading %s: %w", name, err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(into); err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("knowledge: parsing %s: %w", path.Base(name), err)
	}
	return nil
}

// fillStageSubject derives Stage and Subject from the topic id when they are
// omitted in the data, and rejects explicit values that disagree with it.
func fillStageSubject(t *Topic) error {
	parts := strings.Split(t.ID, ".")
	if len(parts) != 3 {
		return fmt.Errorf("id %q: want <stage>.<subject>.<slug>", t.ID)
	}
	if t.Stage == "" {
		t.Stage = parts[0]
	}
	if t.Subject == "" {
		t.Subject = parts[1]
	}
	if t.Stage != parts[0] || t.Subject != parts[1] {
		return fmt.Errorf("id %q: stage %q / subject %q disagree with the id", t.ID, t.Stage, t.Subject)
	}
	return nil
}

// index builds the lookup maps. Duplicate ids keep their first entry;
// Validate reports them.
func (kb *KB) index() {
	kb.stageIdx = make(map[string]int, len(kb.Stages))
	for i, s := range kb.Stages {
		if _, dup := kb.stageIdx[s.ID]; !dup {
			kb.stageIdx[s.ID] = i
		}
	}
	kb.subjectIdx = make(map[string]int, len(kb.Subjects))
	for i, s := range kb.Subjects {
		if _, dup := kb.subjectIdx[s.ID]; !dup {
			kb.subjectIdx[s.ID] = i
		}
	}
	kb.topicIdx = make(map[string]int, len(kb.Topics))
	for i, t := range kb.Topics {
		if _, dup := kb.topicIdx[t.ID]; !dup {
			kb.topicIdx[t.ID] = i
		}
	}
	kb.toolIdx = make(map[string]int, len(kb.Tools))
	for i, t := range kb.Tools {
		if _, dup := kb.toolIdx[t.Name]; !dup {
			kb.toolIdx[t.Name] = i
		}
	}
	kb.compat = make(map[SubjectPair]bool, 2*len(kb.CompatiblePairs))
	for _, p := range kb.CompatiblePairs {
		kb.compat[p] = true
		kb.compat[SubjectPair{p[1], p[0]}] = true
	}
	kb.adjacent = make(map[[2]string]bool)
	for _, a := range kb.Stages {
		if len(a.Adjacent) > 0 {
			for _, b := range a.Adjacent {
				kb.adjacent[[2]string{a.ID, b}] = true
				kb.adjacent[[2]string{b, a.ID}] = true
			}
			continue
		}
		for _, b := range kb.Stages {
			if b.Order == a.Order+1 || b.Order == a.Order-1 {
				if len(b.Adjacent) == 0 {
					kb.adjacent[[2]string{a.ID, b.ID}] = true
					kb.adjacent[[2]string{b.ID, a.ID}] = true
				}
			}
		}
	}
	kb.usedBy = make(map[string][]string)
	for _, t := range kb.Topics {
		for _, name := range t.Tools {
			kb.usedBy[name] = append(kb.usedBy[name], t.ID)
		}
	}
}

// Stage returns the stage with the given id.
func (kb *KB) Stage(id string) (*Stage, bool) {
	i, ok := kb.stageIdx[id]
	if !ok {
		return nil, false
	}
	return &kb.Stages[i], true
}

// Subject returns the subject with the given id.
func (kb *KB) Subject(id string) (*Subject, bool) {
	i, ok := kb.subjectIdx[id]
	if !ok {
		return nil, false
	}
	return &kb.Subjects[i], true
}

// Topic returns the topic with the given id.
func (kb *KB) Topic(id string) (*Topic, bool) {
	i, ok := kb.topicIdx[id]
	if !ok {
		return nil, false
	}
	return &kb.Topics[i], true
}

// Tool returns the toolkit API with the given qualified name.
func (kb *KB) Tool(name string) (*Tool, bool) {
	i, ok := kb.toolIdx[name]
	if !ok {
		return nil, false
	}
	return &kb.Tools[i], true
}

// ToolUsers returns the ids of the topics that use the named tool, in data order.
func (kb *KB) ToolUsers(name string) []string {
	return append([]string(nil), kb.usedBy[name]...)
}

// Ref returns the topic as a seed carries it: Path is [stage name, subject
// name, topic name] and Tools the topic's toolkit APIs.
func (kb *KB) Ref(id string) (schemas.TopicRef, bool) {
	t, ok := kb.Topic(id)
	if !ok {
		return schemas.TopicRef{}, false
	}
	stage, subject := t.Stage, t.Subject
	if s, ok := kb.Stage(t.Stage); ok {
		stage = s.Name
	}
	if s, ok := kb.Subject(t.Subject); ok {
		subject = s.Name
	}
	return schemas.TopicRef{
		ID:    t.ID,
		Path:  []string{stage, subject, t.Name},
		Tools: append([]string(nil), t.Tools...),
	}, true
}

// Compatible reports whether topics of the two subjects may be combined in
// one seed. A subject is always compatible with itself.
func (kb *KB) Compatible(subjA, subjB string) bool {
	if subjA == subjB {
		_, ok := kb.subjectIdx[subjA]
		return ok
	}
	return kb.compat[SubjectPair{subjA, subjB}]
}

// Adjacent reports whether topics of the two stages may be combined in one
// seed: the same stage, or stages next to each other.
func (kb *KB) Adjacent(stageA, stageB string) bool {
	if stageA == stageB {
		_, ok := kb.stageIdx[stageA]
		return ok
	}
	return kb.adjacent[[2]string{stageA, stageB}]
}

// Coherent reports whether the topics may form one seed: one to three
// distinct known topics whose stages are pairwise the same or adjacent and
// whose subjects are pairwise compatible. The error says why not.
func (kb *KB) Coherent(ids ...string) error {
	if len(ids) < 1 || len(ids) > 3 {
		return fmt.Errorf("%d topics, want 1 to 3", len(ids))
	}
	ts := make([]*Topic, len(ids))
	for i, id := range ids {
		t, ok := kb.Topic(id)
		if !ok {
			return fmt.Errorf("unknown topic %q", id)
		}
		ts[i] = t
	}
	for i := range ts {
		for j := i + 1; j < len(ts); j++ {
			a, b := ts[i], ts[j]
			switch {
			case a.ID == b.ID:
				return fmt.Errorf("topic %s appears twice", a.ID)
			case !kb.Adjacent(a.Stage, b.Stage):
				return fmt.Errorf("stages %s and %s of %s and %s are not adjacent", a.Stage, b.Stage, a.ID, b.ID)
			case !kb.Compatible(a.Subject, b.Subject):
				return fmt.Errorf("subjects %s and %s of %s and %s are not compatible", a.Subject, b.Subject, a.ID, b.ID)
			}
		}
	}
	return nil
}

// Filter restricts listings to one stage and/or subject; empty fields match all.
type Filter struct {
	Stage   string
	Subject string
}

// Match reports whether the topic passes the filter.
func (f Filter) Match(t *Topic) bool {
	return (f.Stage == "" || f.Stage == t.Stage) && (f.Subject == "" || f.Subject == t.Subject)
}

// FilterTopics returns the topics passing the filter in data order, or an
// error when the filter names an unknown stage or subject.
func (kb *KB) FilterTopics(f Filter) ([]*Topic, error) {
	if f.Stage != "" {
		if _, ok := kb.Stage(f.Stage); !ok {
			return nil, fmt.Errorf("knowledge: unknown stage %q (known: %s)", f.Stage, strings.Join(kb.stageIDs(), ", "))
		}
	}
	if f.Subject != "" {
		if _, ok := kb.Subject(f.Subject); !ok {
			return nil, fmt.Errorf("knowledge: unknown subject %q", f.Subject)
		}
	}
	var out []*Topic
	for i := range kb.Topics {
		if f.Match(&kb.Topics[i]) {
			out = append(out, &kb.Topics[i])
		}
	}
	return out, nil
}

func (kb *KB) stageIDs() []string {
	ids := make([]string, len(kb.Stages))
	for i, s := range kb.Stages {
		ids[i] = s.ID
	}
	return ids
}
