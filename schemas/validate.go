package schemas

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

//go:embed json/*.schema.json
var schemaFiles embed.FS

// Schema names accepted by Validate.
const (
	SchemaRecord     = "record"
	SchemaTriple     = "triple"
	SchemaRejected   = "rejected"
	SchemaDeadLetter = "deadletter"
)

const schemaBase = "https://arrows-math.github.io/schemas/"

// Validator checks JSON documents against the embedded JSON Schemas.
type Validator struct {
	schemas map[string]*jsonschema.Schema
}

var (
	loadOnce  sync.Once
	validator *Validator
	loadErr   error
)

// SchemaJSON returns the raw JSON Schema document of name.
func SchemaJSON(name string) ([]byte, error) {
	b, err := schemaFiles.ReadFile("json/" + name + ".schema.json")
	if err != nil {
		return nil, fmt.Errorf("schema %q: %w", name, err)
	}
	return b, nil
}

// NewValidator compiles the embedded schemas.
func NewValidator() (*Validator, error) {
	loadOnce.Do(func() {
		c := jsonschema.NewCompiler()
		for _, name := range []string{SchemaRecord, SchemaTriple, SchemaRejected, SchemaDeadLetter} {
			raw, err := SchemaJSON(name)
			if err != nil {
				loadErr = err
				return
			}
			doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
			if err != nil {
				loadErr = fmt.Errorf("parse schema %s: %w", name, err)
				return
			}
			if err := c.AddResource(schemaBase+name+".schema.json", doc); err != nil {
				loadErr = fmt.Errorf("add schema %s: %w", name, err)
				return
			}
		}
		v := &Validator{schemas: map[string]*jsonschema.Schema{}}
		for _, name := range []string{SchemaRecord, SchemaTriple, SchemaRejected, SchemaDeadLetter} {
			s, err := c.Compile(schemaBase + name + ".schema.json")
			if err != nil {
				loadErr = fmt.Errorf("compile schema %s: %w", name, err)
				return
			}
			v.schemas[name] = s
		}
		validator = v
	})
	return validator, loadErr
}

// Validate checks one JSON document (e.g. an output line) against schema name.
func (v *Validator) Validate(name string, line []byte) error {
	s, ok := v.schemas[name]
	if !ok {
		return fmt.Errorf("unknown schema %q", name)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(line))
	if err != nil {
		return fmt.Errorf("not JSON: %w", err)
	}
	if err := s.Validate(doc); err != nil {
		return fmt.Errorf("%s schema: %w", name, err)
	}
	return nil
}

// ValidateValue marshals v and validates it against schema name.
func (v *Validator) ValidateValue(name string, x any) error {
	b, err := json.Marshal(x)
	if err != nil {
		return fmt.Errorf("marshal: %w", err)
	}
	return v.Validate(name, b)
}
