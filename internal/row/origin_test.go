package row

import "testing"

func TestOriginNameIsRelativeToTheGlobsDirectory(t *testing.T) {
	cases := []struct {
		name  string
		globs []string
		file  string
		want  string
	}{
		{"gs glob", []string{"gs://b/corpora/gsm8k/*.jsonl"}, "gs://b/corpora/gsm8k/test.jsonl", "test.jsonl"},
		{"local glob", []string{"/data/gsm8k/*.jsonl"}, "/data/gsm8k/test.jsonl", "test.jsonl"},
		{"relative glob with ./ as filepath.Glob returns it", []string{"./in/*.gz"}, "in/x.jsonl.gz", "x.jsonl.gz"},
		{"recursive glob keeps subdirectories", []string{"gs://b/c/**/*.jsonl"}, "gs://b/c/2024/05/a.jsonl", "2024/05/a.jsonl"},
		{"wildcard inside a directory name", []string{"gs://b/run-*/accepted/*.jsonl"}, "gs://b/run-7/accepted/part-00000-of-00001.jsonl", "run-7/accepted/part-00000-of-00001.jsonl"},
		{"a plain file name", []string{"/data/one.jsonl"}, "/data/one.jsonl", "one.jsonl"},
		{"bare pattern", []string{"*.jsonl"}, "a.jsonl", "a.jsonl"},
		{"several globs: relative to their common directory", []string{"gs://b/c/*", "gs://b/c/sub/*"}, "gs://b/c/sub/a.jsonl", "sub/a.jsonl"},
		{"sibling globs keep their directories apart", []string{"/r/accepted/*.jsonl", "/r/rejected/*.jsonl"}, "/r/rejected/part-00000-of-00001.jsonl", "rejected/part-00000-of-00001.jsonl"},
		{"globs in two buckets share no directory", []string{"gs://a/x/*", "gs://b/x/*"}, "gs://b/x/f.jsonl", "gs://b/x/f.jsonl"},
		{"a file under no glob base is kept", []string{"gs://b/c/*"}, "gs://other/a.jsonl", "gs://other/a.jsonl"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := OriginName(c.globs, c.file); got != c.want {
				t.Errorf("OriginName(%v, %q) = %q, want %q", c.globs, c.file, got, c.want)
			}
		})
	}
}
