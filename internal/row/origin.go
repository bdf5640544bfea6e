package row

import (
	"path"
	"strings"
)

// OriginName is the file name recorded in origins (and hashed into the ids
// of external rows) for a file the globs matched: its path relative to the
// common base directory of the globs, a glob's base being the part before
// the segment holding its first wildcard. With --in
// gs://bucket/gsm8k/*.jsonl and --in ./gsm8k/*.jsonl the file test.jsonl is
// recorded as "test.jsonl" both times, so a corpus copied from a laptop to a
// bucket keeps its record ids and its verified outputs are byte for byte
// the same; with --in run/accepted/*.jsonl,run/rejected/*.jsonl the files
// are "accepted/part-…" and "rejected/part-…", never two files under one
// name. A path under no common base is kept as it is.
func OriginName(globs []string, file string) string {
	norm := normPath(file)
	base, found := "", false
	for _, g := range globs {
		b := globBase(g)
		if !found {
			base, found = b, true
			continue
		}
		base = commonDir(base, b)
	}
	if !found || norm == base || !strings.HasPrefix(norm, base) {
		return file
	}
	return strings.TrimPrefix(norm, base)
}

// commonDir is the longest common prefix of two directory paths that ends
// in "/" ("" when they share no directory).
func commonDir(a, b string) string {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	if n == len(a) && n == len(b) {
		return a
	}
	if i := strings.LastIndex(a[:n], "/"); i >= 0 {
		d := a[:i+1]
		if strings.HasSuffix(d, "://") || strings.HasSuffix(d, ":/") {
			return "" // only the scheme in common
		}
		return d
	}
	return ""
}

// globBase is the directory part of glob before its first wildcard, ending
// in "/" ("" for a bare pattern such as *.jsonl).
func globBase(glob string) string {
	g := normPath(glob)
	if i := strings.IndexAny(g, "*?["); i >= 0 {
		g = g[:i]
	}
	i := strings.LastIndex(g, "/")
	if i < 0 {
		return ""
	}
	return g[:i+1]
}

// normPath cleans local paths the way filepath.Glob returns them
// ("./in//a.jsonl" is "in/a.jsonl"); URLs (gs://…) are left alone.
func normPath(p string) string {
	if strings.Contains(p, "://") {
		return p
	}
	return path.Clean(p)
}
