package web

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/sharednews/sharednews/digest"
)

// TestEditionPagesReadAsThePlainTextEditions compares each real past
// edition's page with the newsletter's own plain text, line by line and
// in order (PRODUCT.md section 5: date line, title, intro, lead story,
// sections with each story's commentary, headline, summary and source,
// the text after a story, the footer): every line of the original is in
// the page's text after the line before it. TestEditionPageImportsAsTheEdition
// checks the headlines, as a set; this checks the rest and the order.
// The blog's debris under an edition ("No comments:") was never part of
// it (archive), and a past story has no link, so no "Read more >>>".
func TestEditionPagesReadAsThePlainTextEditions(t *testing.T) {
	f := newFixture(t)
	importDigests(t, f)
	files, err := filepath.Glob("../../shared/testdata/digests/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no past editions (%v)", err)
	}
	dateLine := regexp.MustCompile(`^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d+ \w+ \d{4}$`)
	debris := map[string]bool{"No comments:": true, "Post a Comment": true}
	editions := 0
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		var each [][]string // the lines of each edition in the file, its date line first
		for _, line := range strings.Split(string(data), "\n") {
			line = oneLine(line)
			if dateLine.MatchString(line) {
				each = append(each, nil)
			}
			if len(each) > 0 && line != "" && strings.Trim(line, "*") != "" && !debris[line] {
				each[len(each)-1] = append(each[len(each)-1], strings.TrimSuffix(line, " "+digest.ReadMore))
			}
		}
		for _, lines := range each {
			editions++
			date, err := time.Parse("Monday 2 January 2006", lines[0])
			if err != nil {
				t.Fatal(err)
			}
			to := f.get("/editions/" + date.Format("2006-01-02")).header.Get("Location")
			r := f.get(local(to))
			if r.status != 200 {
				t.Fatalf("%s's edition (%s) = %d", lines[0], to, r.status)
			}
			page := pageText(t, r.body, "article")
			at := 0
			for _, line := range lines {
				i := strings.Index(page[at:], line)
				if i < 0 {
					where := "nowhere"
					if strings.Contains(page, line) {
						where = "before the line above it"
					}
					t.Errorf("%s, %s: %q is %s in the page", filepath.Base(name), lines[0], line, where)
					continue
				}
				at += i + len(line)
			}
		}
	}
	if editions != 5 {
		t.Errorf("compared %d editions, want the 5 of testdata/digests", editions)
	}
}

// pageText is the text of the elements named tag in page, its
// spaces collapsed as a browser shows them.
func pageText(t *testing.T, page, tag string) string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	var walk func(n *html.Node, in bool)
	walk = func(n *html.Node, in bool) {
		in = in || n.Type == html.ElementNode && n.Data == tag
		if in && n.Type == html.TextNode {
			b.WriteString(n.Data + " ")
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, in)
		}
	}
	walk(doc, false)
	return oneLine(b.String())
}

// oneLine collapses a text's runs of spaces, no-break ones too, to one.
func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\u00a0", " ")), " ")
}
