package decontam

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/arrows-math/arrows/internal/dedup"
)

// FormatName identifies the n-gram file format written by Encode.
const FormatName = "arrows-decontam-ngrams/1"

// HashName identifies the n-gram hash: dedup.HashTokens over the N
// normalised tokens.
const HashName = "dedup.HashTokens/v1"

// Item is one benchmark test problem as read from its source.
type Item struct {
	// ID identifies the item inside its benchmark (e.g. "test/algebra/1.json"
	// for MATH, "line:17" for files without ids).
	ID      string
	Problem string
	Answer  string
}

// Benchmark is a named, versioned benchmark test set.
type Benchmark struct {
	// Name is the benchmark and split, e.g. "gsm8k-test".
	Name string
	// Version is the full commit of the source repository.
	Version string
	// Source is "owner/repo path" of the file the items come from.
	Source  string
	License string
	Items   []Item
}

// BuildOptions control Encode.
type BuildOptions struct {
	// N is the n-gram length in tokens (13 if zero).
	N int
	// CommonMinItems drops n-grams that occur in at least this many
	// different items of the benchmark (shared instructions and
	// boilerplate, which would flag unrelated problems); 0 keeps all.
	// In small benchmarks an n-gram shared by at least 3 items and by at
	// least CommonMinFraction of the items is dropped too.
	CommonMinItems int
	// CommonMinFraction: see CommonMinItems (0 disables).
	CommonMinFraction float64
	// ShortMaxTokens: items with fewer tokens are "short": their
	// answer-and-overlap matches are of kind short_exact rather than
	// answer_overlap (2N if zero).
	ShortMaxTokens int
}

func (o BuildOptions) withDefaults() BuildOptions {
	if o.N == 0 {
		o.N = 13
	}
	if o.ShortMaxTokens == 0 {
		o.ShortMaxTokens = 2 * o.N
	}
	return o
}

// TextItem is a benchmark problem with an answer, kept in normalised form
// for answer-and-overlap matching.
type TextItem struct {
	// Item indexes Header.ItemIDs.
	Item int `json:"i"`
	// Text is dedup.NormalizeText of the problem.
	Text string `json:"text"`
	// Answer is NormalizeAnswer of the answer.
	Answer string `json:"answer"`
}

// Header is the JSON first line of an n-gram file; the binary n-gram
// section follows it.
type Header struct {
	Format     string `json:"format"`
	Benchmark  string `json:"benchmark"`
	Version    string `json:"version"`
	Source     string `json:"source"`
	License    string `json:"license"`
	N          int    `json:"n"`
	Normalizer string `json:"normalizer"`
	Hash       string `json:"hash"`
	Items      int    `json:"items"`
	// NGrams is the number of distinct n-grams stored.
	NGrams int `json:"ngrams"`
	// CommonDropped is the number of distinct n-grams dropped because they
	// occur in CommonMinItems or more items.
	CommonDropped     int     `json:"common_dropped"`
	CommonMinItems    int     `json:"common_min_items"`
	CommonMinFraction float64 `json:"common_min_fraction"`
	ShortMaxTokens    int     `json:"short_max_tokens"`
	// ItemIDs are the item ids in source order.
	ItemIDs []string `json:"item_ids"`
	// ItemNGrams is the number of distinct n-grams of each item.
	ItemNGrams []int `json:"item_ngrams"`
	// Texts holds every item with a non-empty normalised answer.
	Texts []TextItem `json:"texts"`
}

// NGrams returns the distinct hashes of the n-token windows of toks, in
// order of first appearance.
func NGrams(toks []string, n int) []uint64 {
	if n <= 0 || len(toks) < n {
		return nil
	}
	seen := make(map[uint64]bool, len(toks)-n+1)
	out := make([]uint64, 0, len(toks)-n+1)
	for i := 0; i+n <= len(toks); i++ {
		h := dedup.HashTokens(toks[i : i+n])
		if !seen[h] {
			seen[h] = true
			out = append(out, h)
		}
	}
	return out
}

// Encode writes the benchmark's n-gram file (gzip of the JSON header line
// and the binary section) and returns its header. The binary section is:
// uvarint count, then count sorted hashes as uvarint deltas, then count
// uvarint item indexes (the first item, in source order, containing each
// n-gram).
func Encode(w io.Writer, b Benchmark, opt BuildOptions) (Header, error) {
	opt = opt.withDefaults()
	h := Header{
		Format: FormatName, Benchmark: b.Name, Version: b.Version, Source: b.Source,
		License: b.License, N: opt.N, Normalizer: dedup.NormalizerVersion, Hash: HashName,
		Items: len(b.Items), CommonMinItems: opt.CommonMinItems, CommonMinFraction: opt.CommonMinFraction, ShortMaxTokens: opt.ShortMaxTokens,
	}
	owner := map[uint64]int{}
	itemsPer := map[uint64]int{}
	for i, it := range b.Items {
		h.ItemIDs = append(h.ItemIDs, it.ID)
		toks := dedup.Tokens(it.Problem)
		grams := NGrams(toks, opt.N)
		h.ItemNGrams = append(h.ItemNGrams, len(grams))
		for _, g := range grams {
			if _, ok := owner[g]; !ok {
				owner[g] = i
			}
			itemsPer[g]++
		}
		if ans := NormalizeAnswer(it.Answer); ans != "" && len(toks) > 0 {
			h.Texts = append(h.Texts, TextItem{Item: i, Text: strings.Join(toks, " "), Answer: ans})
		}
	}
	hashes := make([]uint64, 0, len(owner))
	for g := range owner {
		c := itemsPer[g]
		if opt.CommonMinItems > 0 && c >= opt.CommonMinItems ||
			opt.CommonMinFraction > 0 && c >= 3 && float64(c) >= opt.CommonMinFraction*float64(len(b.Items)) {
			h.CommonDropped++
			continue
		}
		hashes = append(hashes, g)
	}
	sort.Slice(hashes, func(i, j int) bool { return hashes[i] < hashes[j] })
	h.NGrams = len(hashes)

	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return h, fmt.Errorf("encode %s: %w", b.Name, err)
	}
	hdr, err := json.Marshal(h)
	if err != nil {
		return h, fmt.Errorf("encode %s header: %w", b.Name, err)
	}
	bw := bufio.NewWriter(zw)
	bw.Write(hdr)
	bw.WriteByte('\n')
	var buf [binary.MaxVarintLen64]byte
	put := func(v uint64) { bw.Write(buf[:binary.PutUvarint(buf[:], v)]) }
	put(uint64(len(hashes)))
	prev := uint64(0)
	for _, g := range hashes {
		put(g - prev)
		prev = g
	}
	for _, g := range hashes {
		put(uint64(owner[g]))
	}
	if err := bw.Flush(); err != nil {
		return h, fmt.Errorf("encode %s: %w", b.Name, err)
	}
	if err := zw.Close(); err != nil {
		return h, fmt.Errorf("encode %s: %w", b.Name, err)
	}
	return h, nil
}

// decoded is one benchmark file read back.
type decoded struct {
	Header
	hashes []uint64
	owners []uint32
}

// ReadHeader reads only the JSON header of an n-gram file.
func ReadHeader(r io.Reader) (Header, error) {
	d, err := decode(r, false)
	return d.Header, err
}

func decode(r io.Reader, body bool) (decoded, error) {
	var d decoded
	zr, err := gzip.NewReader(r)
	if err != nil {
		return d, fmt.Errorf("gunzip: %w", err)
	}
	defer zr.Close()
	br := bufio.NewReaderSize(zr, 1<<16)
	line, err := br.ReadBytes('\n')
	if err != nil {
		return d, fmt.Errorf("read header: %w", err)
	}
	if err := json.Unmarshal(line, &d.Header); err != nil {
		return d, fmt.Errorf("parse header: %w", err)
	}
	if d.Format != FormatName {
		return d, fmt.Errorf("unsupported format %q (want %q)", d.Format, FormatName)
	}
	if len(d.ItemIDs) != d.Items || len(d.ItemNGrams) != d.Items {
		return d, fmt.Errorf("header of %s: %d items but %d ids and %d n-gram counts", d.Benchmark, d.Items, len(d.ItemIDs), len(d.ItemNGrams))
	}
	if !body {
		return d, nil
	}
	count, err := binary.ReadUvarint(br)
	if err != nil {
		return d, fmt.Errorf("read n-gram count: %w", err)
	}
	if count != uint64(d.NGrams) {
		return d, fmt.Errorf("%s: body has %d n-grams, header says %d", d.Benchmark, count, d.NGrams)
	}
	d.hashes = make([]uint64, count)
	prev := uint64(0)
	for i := range d.hashes {
		delta, err := binary.ReadUvarint(br)
		if err != nil {
			return d, fmt.Errorf("read n-gram %d: %w", i, err)
		}
		prev += delta
		d.hashes[i] = prev
	}
	d.owners = make([]uint32, count)
	for i := range d.owners {
		o, err := binary.ReadUvarint(br)
		if err != nil {
			return d, fmt.Errorf("read owner %d: %w", i, err)
		}
		if o >= uint64(d.Items) {
			return d, fmt.Errorf("%s: owner %d out of range", d.Benchmark, o)
		}
		d.owners[i] = uint32(o)
	}
	if _, err := br.ReadByte(); !errors.Is(err, io.EOF) {
		return d, fmt.Errorf("%s: trailing data after n-grams", d.Benchmark)
	}
	return d, nil
}
