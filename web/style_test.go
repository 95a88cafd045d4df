package web

import (
	"regexp"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/internal/a11ytest"
)

// An imported edition's lead stories (before its first section) have h2
// headlines, so that no heading level is skipped under the title; on the
// page they must look like every other story's h3, not like a section's
// heading or the page's other h2s.
func TestLeadHeadlineIsStyledAsAStorysHeadline(t *testing.T) {
	css, err := files.ReadFile("static/style.css")
	if err != nil {
		t.Fatal(err)
	}
	rules := topLevelRules(string(css))
	lead, story := rules[".edition .lead h2"], rules["h3"]
	if story == "" {
		t.Fatalf("the stylesheet has no rule for h3:\n%s", css)
	}
	if lead != story {
		t.Errorf("a lead story's headline is styled %q, a story's h3 %q", lead, story)
	}
}

var cssComment = regexp.MustCompile(`(?s)/\*.*?\*/`)

// topLevelRules reads a stylesheet's rules outside at-rules: for each
// selector, the declarations of every rule naming it, in order.
func topLevelRules(css string) map[string]string {
	css = cssComment.ReplaceAllString(css, "")
	out := map[string]string{}
	depth, start := 0, 0
	var selectors string
	for i, c := range css {
		switch c {
		case '{':
			if depth == 0 {
				selectors, start = css[start:i], i+1
			}
			depth++
		case '}':
			depth--
			if depth == 0 {
				if !strings.HasPrefix(strings.TrimSpace(selectors), "@") {
					decl := strings.TrimSpace(css[start:i])
					for s := range strings.SplitSeq(selectors, ",") {
						s = strings.Join(strings.Fields(s), " ")
						out[s] = strings.TrimSpace(out[s] + " " + decl)
					}
				}
				start = i + 1
			}
		}
	}
	return out
}

// Every colour the stylesheet writes text in (text, meta lines, links,
// visited links, the accent of headings) is readable on both backgrounds
// text stands on (the page and the panel of notes and messages), and the
// buttons' text on their link-coloured face, at WCAG AA's 4.5:1, in the
// light scheme and the dark one. The browser test measures the light
// scheme's rendered text; the dark scheme only this checks. Focus
// outlines and input borders (link and meta colours) need 3:1 against
// the page (WCAG 1.4.11), which 4.5:1 covers.
func TestColoursContrastInBothSchemes(t *testing.T) {
	css, err := files.ReadFile("static/style.css")
	if err != nil {
		t.Fatal(err)
	}
	text := cssComment.ReplaceAllString(string(css), "")
	light, rest, ok := strings.Cut(text, "@media (prefers-color-scheme: dark)")
	if !ok {
		t.Fatal("the stylesheet has no dark scheme")
	}
	for name, block := range map[string]string{"light": light, "dark": rest} {
		vars := map[string]string{}
		_, root, _ := strings.Cut(block, ":root")
		root, _, _ = strings.Cut(root, "}")
		for _, m := range cssVariable.FindAllStringSubmatch(root, -1) {
			vars[m[1]] = m[2]
		}
		pairs := [][2]string{{"bg", "link"}} // a button's text on its face
		for _, fg := range []string{"text", "meta", "link", "visited", "accent"} {
			pairs = append(pairs, [2]string{fg, "bg"}, [2]string{fg, "panel"})
		}
		for _, p := range pairs {
			fg, bg := vars[p[0]], vars[p[1]]
			if fg == "" || bg == "" {
				t.Errorf("%s scheme: no --%s or --%s in\n%s", name, p[0], p[1], root)
				continue
			}
			if r := a11ytest.ContrastRatio(fg, bg); r < 4.5 {
				t.Errorf("%s scheme: --%s %s on --%s %s has a contrast of %.2f:1, under 4.5:1", name, p[0], fg, p[1], bg, r)
			}
		}
	}
}

var cssVariable = regexp.MustCompile(`--([a-z]+):\s*(#[0-9a-fA-F]{6})\s*;`)
