package prompts

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"strings"
	"text/template"

	"github.com/arrows-math/arrows/internal/llm"
)

// Templates are parsed prompt templates: one file per version, named
// <version>.tmpl, defining "system" and "user". A loaded set is never
// modified, so it can be shared.
type Templates struct {
	tmpl   map[string]*template.Template
	hashes map[string]string
}

// LoadTemplates parses every templates/*.tmpl file of fsys. The templates
// may use join (strings.Join) and inc (i+1); a missing key is an error.
func LoadTemplates(fsys fs.FS) (Templates, error) {
	s := Templates{tmpl: map[string]*template.Template{}, hashes: map[string]string{}}
	names, err := fs.Glob(fsys, "templates/*.tmpl")
	if err != nil || len(names) == 0 {
		return s, fmt.Errorf("no templates embedded: %v", err)
	}
	funcs := template.FuncMap{
		"join": strings.Join,
		"inc":  func(i int) int { return i + 1 },
	}
	for _, n := range names {
		b, err := fs.ReadFile(fsys, n)
		if err != nil {
			return s, fmt.Errorf("read %s: %w", n, err)
		}
		id := strings.TrimSuffix(path.Base(n), ".tmpl")
		t, err := template.New(id).Funcs(funcs).Option("missingkey=error").Parse(string(b))
		if err != nil {
			return s, fmt.Errorf("parse %s: %w", n, err)
		}
		if t.Lookup("system") == nil || t.Lookup("user") == nil {
			return s, fmt.Errorf("%s must define \"system\" and \"user\"", n)
		}
		sum := sha256.Sum256(b)
		s.tmpl[id] = t
		s.hashes[id] = hex.EncodeToString(sum[:])
	}
	return s, nil
}

// MustLoadTemplates is LoadTemplates for embedded templates: a broken
// file is a build defect, so it panics, naming owner.
func MustLoadTemplates(owner string, fsys fs.FS) Templates {
	s, err := LoadTemplates(fsys)
	if err != nil {
		panic(owner + ": " + err.Error())
	}
	return s
}

// Versions returns every version id with the sha256 of its file.
func (s Templates) Versions() map[string]string { return maps.Clone(s.hashes) }

// Render executes the version's system and user templates with data (plus
// data["Version"] = version).
func (s Templates) Render(version string, data map[string]any) ([]llm.Message, error) {
	t, ok := s.tmpl[version]
	if !ok {
		return nil, fmt.Errorf("unknown prompt %q", version)
	}
	data["Version"] = version
	var sys, user bytes.Buffer
	if err := t.ExecuteTemplate(&sys, "system", data); err != nil {
		return nil, fmt.Errorf("render %s system: %w", version, err)
	}
	if err := t.ExecuteTemplate(&user, "user", data); err != nil {
		return nil, fmt.Errorf("render %s user: %w", version, err)
	}
	return []llm.Message{
		{Role: llm.SpeakerSystem, Content: strings.TrimSpace(sys.String())},
		{Role: llm.SpeakerUser, Content: strings.TrimSpace(user.String())},
	}, nil
}
