package a11ytest

import (
	"math"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// WCAG 2's own figures: black on white is 21:1, a colour on itself 1:1,
// and #767676 the lightest grey that reads on white at 4.5:1; a colour
// written otherwise than #rrggbb fails.
func TestContrastRatio(t *testing.T) {
	for _, c := range []struct {
		a, b     string
		min, max float64
	}{
		{"#000000", "#ffffff", 21, 21},
		{"#FFFFFF", "#000000", 21, 21},
		{"#0b57d0", "#0b57d0", 1, 1},
		{"#767676", "#ffffff", 4.5, 4.6},
		{"#777777", "#ffffff", 4.4, 4.5},
		{"#fff", "#000000", math.Inf(-1), 1},
		{"#gggggg", "#000000", math.Inf(-1), 1},
	} {
		if r := ContrastRatio(c.a, c.b); r < c.min-1e-9 || r > c.max+1e-9 {
			t.Errorf("ContrastRatio(%s, %s) = %.3f, want %.1f to %.1f", c.a, c.b, r, c.min, c.max)
		}
	}
}

// The outline is every heading in order with its level, and a heading
// deeper than one below the one before it is named; one that rises any
// number of levels is not.
func TestOutline(t *testing.T) {
	root, err := html.Parse(strings.NewReader(`<h1>Title</h1><p>x</p><section><h2>Health</h2><h3><a href="/1">A <b>story</b></a></h3></section>` +
		`<h1>Again</h1><h3 id="s" class="c">Skipped</h3><h5>Again skipped</h5><h2>Up is fine</h2>`))
	if err != nil {
		t.Fatal(err)
	}
	hs := Headings(root)
	var got []string
	for _, h := range hs {
		got = append(got, string(rune('0'+h.Level))+" "+Text(h.Node))
	}
	want := []string{"1 Title", "2 Health", "3 A story", "1 Again", "3 Skipped", "5 Again skipped", "2 Up is fine"}
	if !slices.Equal(got, want) {
		t.Errorf("Headings = %q, want %q", got, want)
	}
	wantSkips := []string{`<h3> "Skipped" follows <h1>, skipping a level`, `<h5> "Again skipped" follows <h3>, skipping a level`}
	if skips := SkippedLevels(hs); !slices.Equal(skips, wantSkips) {
		t.Errorf("SkippedLevels = %q, want %q", skips, wantSkips)
	}
	if id, none := Attr(hs[4].Node, "id"), Attr(hs[4].Node, "lang"); id != "s" || none != "" {
		t.Errorf("Attr id = %q, lang = %q", id, none)
	}
}
