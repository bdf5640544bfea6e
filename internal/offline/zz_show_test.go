package offline

import (
	"fmt"
	"testing"

	"github.com/arrows-math/arrows/schemas"
)

func TestZZShow(t *testing.T) {
	g, _ := newGenerator(mustExemplars(t), nil)
	topics := g.Topics()
	var progs []*schemas.Program
	for i := 0; i < 8; i++ {
		seed := schemas.Seed{Index: int64(i), RunSeed: 99}
		for j := 0; j <= i%3; j++ {
			seed.Topics = append(seed.Topics, schemas.TopicRef{ID: topics[(i*17+j*29)%len(topics)]})
		}
		p, err := g.Generate(seed)
		if err != nil {
			t.Log(err)
			continue
		}
		progs = append(progs, p)
	}
	res := runPrograms(t, progs)
	for i, p := range progs {
		pr, so, err := Translate(p, res[i].execution())
		fmt.Printf("==== %s\n%s\n--- problem:\n%s\n--- solution:\n%s\n%v\n", p.Template, p.Source, pr, so, err)
	}
}
