package report

import (
	"fmt"
	"html"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/arrows-math/arrows/internal/stats"
)

// Chart geometry (SVG user units; the SVG scales to its container).
const (
	chartWidth = 560
	rowHeight  = 22
	// maxLabel is the longest bar label shown, in runes (longer ones are
	// clipped with an ellipsis and shown whole in the tooltip).
	maxLabel = 30
	// Approximate advance widths of the 12px label and 11px value fonts.
	labelCharW = 7.3
	valueCharW = 6.4
)

// Colours.
const (
	colPrimary  = "#3d6fb6"
	colAccepted = "#2e9d5b"
	colRejected = "#d1495b"
	colMuted    = "#d9dee6"
	colText     = "#1f2933"
	colSubtle   = "#616e7c"
)

// stageColours colour rejection reasons by stage.
var stageColours = map[string]string{
	"read": "#8e6c8a", "seed": "#8e6c8a", "generate": "#b07aa1", "execute": "#e15759",
	"translate": "#f28e2b", "verify": "#d4a017", "dedup": "#4e79a7", "decontaminate": "#59a14f",
}

func esc(s string) string { return html.EscapeString(s) }

func maxInt(a, b int) int {
	if a > b {
		return a
	}
	return b
}

// clip shortens s to at most n runes, with an ellipsis.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// bar is one row of a horizontal bar chart.
type bar struct {
	Label string
	// Value is the bar length; Part, when set, is drawn over it (e.g. the
	// accepted part of all rows).
	Value, Part float64
	Colour      string
	// Text is shown right of the bar; Title is the tooltip.
	Text, Title string
}

// svgOpen starts an SVG of the given height.
func svgOpen(b *strings.Builder, height int, label string) {
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="100%%" role="img" aria-label="%s">`, chartWidth, height, esc(label))
}

// hbars renders a horizontal bar chart scaled to the largest Value.
func hbars(label string, bars []bar) string {
	if len(bars) == 0 {
		return emptyChart(label)
	}
	var b strings.Builder
	h := len(bars)*rowHeight + 8
	svgOpen(&b, h, label)
	max := 0.0
	longest, longestText := 0, 0
	for _, x := range bars {
		max = math.Max(max, x.Value)
		longest = maxInt(longest, utf8.RuneCountInString(clip(x.Label, maxLabel)))
		longestText = maxInt(longestText, utf8.RuneCountInString(x.Text))
	}
	labelWidth := int(float64(longest)*labelCharW) + 14
	valueWidth := math.Min(float64(longestText)*valueCharW+12, 220)
	area := float64(chartWidth-labelWidth) - valueWidth
	for i, x := range bars {
		y := 4 + i*rowHeight
		col := x.Colour
		if col == "" {
			col = colPrimary
		}
		w := 0.0
		if max > 0 {
			w = area * x.Value / max
		}
		title := x.Title
		if title == "" {
			title = x.Label + ": " + x.Text
		}
		fmt.Fprintf(&b, `<g><title>%s</title>`, esc(title))
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end" class="lbl">%s</text>`, labelWidth-8, y+15, esc(clip(x.Label, maxLabel)))
		if x.Part > 0 || x.Colour == colMuted {
			fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%.1f" height="%d" rx="2" fill="%s"/>`, labelWidth, y+3, math.Max(w, 1), rowHeight-6, colMuted)
			pw := 0.0
			if max > 0 {
				pw = area * x.Part / max
			}
			if x.Part > 0 {
				fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%.1f" height="%d" rx="2" fill="%s"/>`, labelWidth, y+3, math.Max(pw, 1), rowHeight-6, colAccepted)
			}
		} else {
			fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%.1f" height="%d" rx="2" fill="%s"/>`, labelWidth, y+3, math.Max(w, 1), rowHeight-6, col)
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" class="val">%s</text></g>`, float64(labelWidth)+math.Max(w, 1)+6, y+15, esc(x.Text))
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// emptyChart is a placeholder SVG for a chart without data.
func emptyChart(label string) string {
	var b strings.Builder
	svgOpen(&b, 60, label)
	fmt.Fprintf(&b, `<rect x="0" y="0" width="%d" height="60" rx="6" fill="#f4f6f8"/><text x="%d" y="35" text-anchor="middle" class="note">no data in this run</text></svg>`, chartWidth, chartWidth/2)
	return b.String()
}

// bucketLabels names histogram buckets: "≤5", "6–10", ..., ">200".
func bucketLabels(h stats.Histogram) []string {
	out := make([]string, len(h.Counts))
	for i := range h.Counts {
		switch {
		case i == 0:
			out[i] = "≤" + num(h.Bounds[0])
		case i < len(h.Bounds) && h.Bounds[i] >= 1000:
			out[i] = "≤" + kilo(h.Bounds[i])
		case i < len(h.Bounds):
			lo := h.Bounds[i-1] + 1
			if lo == h.Bounds[i] {
				out[i] = num(lo)
			} else {
				out[i] = num(lo) + "–" + num(h.Bounds[i])
			}
		default:
			out[i] = ">" + kilo(h.Bounds[len(h.Bounds)-1])
		}
	}
	return out
}

// kilo formats round thousands as "2k" and other numbers with separators.
func kilo(n int64) string {
	if n >= 1000 && n%1000 == 0 {
		return num(n/1000) + "k"
	}
	return num(n)
}

// histogram renders a vertical bar chart of a stats.Histogram, trimming
// empty buckets at both ends.
func histogram(label, unit string, h stats.Histogram) string {
	if h.N == 0 || len(h.Counts) == 0 || len(h.Counts) != len(h.Bounds)+1 {
		return emptyChart(label)
	}
	lo, hi := 0, len(h.Counts)-1
	for lo < hi && h.Counts[lo] == 0 {
		lo++
	}
	for hi > lo && h.Counts[hi] == 0 {
		hi--
	}
	labels := bucketLabels(h)
	n := hi - lo + 1
	const top, bottom, left = 18, 44, 10
	height := 210
	plotH := float64(height - top - bottom)
	slot := float64(chartWidth-2*left) / float64(n)
	var max int64
	for i := lo; i <= hi; i++ {
		if h.Counts[i] > max {
			max = h.Counts[i]
		}
	}
	var b strings.Builder
	svgOpen(&b, height, label)
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s"/>`, left, height-bottom, chartWidth-left, height-bottom, colMuted)
	for k := 0; k < n; k++ {
		i := lo + k
		c := h.Counts[i]
		bh := plotH * float64(c) / float64(max)
		x := float64(left) + float64(k)*slot
		y := float64(height-bottom) - bh
		fmt.Fprintf(&b, `<g><title>%s %s: %s rows (%s)</title>`, esc(labels[i]), esc(unit), num(c), pct(ratio(c, h.N)))
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" rx="2" fill="%s"/>`, x+2, y, math.Max(slot-4, 1), math.Max(bh, 0.5), colPrimary)
		if c > 0 {
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="middle" class="val">%s</text>`, x+slot/2, y-4, compact(c))
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle" class="tick">%s</text></g>`, x+slot/2, height-bottom+14, esc(labels[i]))
	}
	fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" class="note">%s — n=%s, mean %.1f, median ≤ %s, p90 ≤ %s</text>`,
		chartWidth/2, height-8, esc(unit), num(h.N), h.Mean, num(h.P50), num(h.P90))
	b.WriteString(`</svg>`)
	return b.String()
}

// compact formats counts for tight labels: 950, 1.2k, 34k, 1.5M.
func compact(n int64) string {
	switch {
	case n < 1000:
		return fmt.Sprint(n)
	case n < 10_000:
		return fmt.Sprintf("%.1fk", float64(n)/1e3)
	case n < 1_000_000:
		return fmt.Sprintf("%.0fk", float64(n)/1e3)
	default:
		return fmt.Sprintf("%.1fM", float64(n)/1e6)
	}
}

// heatCell is one cell of a heatmap.
type heatCell struct {
	Value float64
	Title string
}

// heatmap renders a square matrix with row and column labels; colour is
// the log-scaled value relative to the largest.
func heatmap(label string, labels []string, cell func(i, j int) (heatCell, bool)) string {
	n := len(labels)
	if n == 0 {
		return emptyChart(label)
	}
	const top = 110
	longest := 0
	for _, l := range labels {
		longest = maxInt(longest, utf8.RuneCountInString(clip(l, 26)))
	}
	left := int(float64(longest)*11*0.64) + 12
	size := float64(chartWidth-left-56) / float64(n) // room for the rotated column labels
	if size > 34 {
		size = 34
	}
	height := top + int(size*float64(n)) + 34
	max := 0.0
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if c, ok := cell(i, j); ok && c.Value > max {
				max = c.Value
			}
		}
	}
	var b strings.Builder
	svgOpen(&b, height, label)
	font := math.Min(11, size*0.8)
	for i, l := range labels {
		y := float64(top) + size*float64(i) + size/2 + font/3
		fmt.Fprintf(&b, `<text x="%d" y="%.1f" text-anchor="end" class="tick" style="font-size:%.1fpx">%s</text>`, left-6, y, font, esc(clip(l, 26)))
		x := float64(left) + size*float64(i) + size/2 + font/3
		fmt.Fprintf(&b, `<text transform="translate(%.1f %d) rotate(-55)" class="tick" style="font-size:%.1fpx">%s</text>`, x, top-6, font, esc(clip(l, 20)))
	}
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			x := float64(left) + size*float64(j)
			y := float64(top) + size*float64(i)
			c, ok := cell(i, j)
			if !ok || c.Value == 0 {
				fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="#f4f6f8" stroke="#fff"/>`, x, y, size, size)
				continue
			}
			t := math.Log1p(c.Value) / math.Log1p(max)
			fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s" stroke="#fff"><title>%s</title></rect>`, x, y, size, size, blue(t), esc(c.Title))
		}
	}
	// Legend.
	ly := float64(height - 18)
	for k := 0; k <= 10; k++ {
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="14" height="10" fill="%s"/>`, float64(left)+float64(k)*14, ly, blue(float64(k)/10))
	}
	fmt.Fprintf(&b, `<text x="%d" y="%.1f" text-anchor="end" class="tick">1</text><text x="%d" y="%.1f" class="tick">%s rows (log scale)</text>`,
		left-4, ly+9, left+11*14+6, ly+9, num(int64(max)))
	b.WriteString(`</svg>`)
	return b.String()
}

// blue interpolates from a pale to a deep blue for t in [0, 1].
func blue(t float64) string {
	t = math.Max(0, math.Min(1, t))
	r := 225 + (23-225)*t
	g := 236 + (75-236)*t
	bl := 248 + (140-248)*t
	return fmt.Sprintf("#%02x%02x%02x", int(r), int(g), int(bl))
}
