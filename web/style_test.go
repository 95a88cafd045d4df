package web

import (
	"regexp"
	"strings"
	"testing"
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
