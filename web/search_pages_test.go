package web

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// publishMergers publishes n stories that say "merger", an edition each,
// a week apart.
func (f *fixture) publishMergers(n int) {
	f.t.Helper()
	for i := range n {
		st := f.story(fmt.Sprintf("District councils agree merger %d", i+1), "local-government",
			fmt.Sprintf("https://news.example/merger-%d", i+1), "The districts share a chief executive.")
		f.publish(dateAfter("2026-10-01", 7*i), "", st)
	}
}

var (
	storyHeadlines = regexp.MustCompile(`<h2><a href="[^"]*">([^<]*)</a></h2>`)
	pagerLinks     = regexp.MustCompile(`<li class="(older|newer)"><a href="([^"]*)">([^<]*)</a></li>`)
)

// pagerLink is the href of the pager's link of class older or newer, its
// entities read, or "".
func pagerLink(body, class string) (href, text string) {
	for _, m := range pagerLinks.FindAllStringSubmatch(body, -1) {
		if m[1] == class {
			return strings.ReplaceAll(m[2], "&amp;", "&"), m[3]
		}
	}
	return "", ""
}

func TestSearchPagesShowTheRestOfTheResults(t *testing.T) {
	f := newFixture(t)
	f.publishMergers(13)
	first := f.get("/search?q=merger")
	if first.status != 200 {
		t.Fatalf("/search?q=merger = %d", first.status)
	}
	next, text := pagerLink(first.body, "newer")
	if next != publicURL+"/search?page=2&q=merger" || text != "More results →" {
		t.Fatalf("the first page's next link is %q %q\n%s", next, text, first.body)
	}
	if prev, _ := pagerLink(first.body, "older"); prev != "" {
		t.Errorf("the first page links a previous page: %q", prev)
	}
	if !strings.Contains(first.body, `<link rel="next" href="`+publicURL+`/search?page=2&amp;q=merger">`) ||
		!strings.Contains(first.body, "Page 1 of 2") {
		t.Errorf("the first page lacks rel=next or its position:\n%s", first.body)
	}
	second := f.get(local(next))
	if second.status != 200 {
		t.Fatalf("%s = %d", next, second.status)
	}
	if prev, text := pagerLink(second.body, "older"); prev != publicURL+"/search?q=merger" || text != "← Previous results" {
		t.Errorf("the second page's previous link is %q %q", prev, text)
	}
	if more, _ := pagerLink(second.body, "newer"); more != "" || !strings.Contains(second.body, "Page 2 of 2") {
		t.Errorf("the last page links %q onward, or lacks its position", more)
	}
	if !strings.Contains(second.body, "<title>Search: merger · page 2 · ") {
		t.Errorf("the second page's title does not say which page it is")
	}
	var shown []string
	for _, body := range []string{first.body, second.body} {
		for _, m := range storyHeadlines.FindAllStringSubmatch(body, -1) {
			shown = append(shown, m[1])
		}
	}
	if n := strings.Count(first.body, `<article class="story">`); n != 10 {
		t.Errorf("the first page shows %d stories, want 10", n)
	}
	if len(shown) != 13 {
		t.Fatalf("the two pages show %d stories, want 13: %q", len(shown), shown)
	}
	slices.Sort(shown)
	if len(slices.Compact(shown)) != 13 {
		t.Errorf("a story is on both pages: %q", shown)
	}
}

func TestSearchOfExactlyOnePageHasNoPager(t *testing.T) {
	f := newFixture(t)
	f.publishMergers(10)
	r := f.get("/search?q=merger")
	if r.status != 200 || strings.Count(r.body, `<article class="story">`) != 10 {
		t.Fatalf("/search?q=merger = %d with %d stories", r.status, strings.Count(r.body, `<article class="story">`))
	}
	if strings.Contains(r.body, `class="pager"`) || strings.Contains(r.body, `rel="next"`) {
		t.Errorf("one page of results links another:\n%s", r.body)
	}
}

func TestSearchRefusesBadPages(t *testing.T) {
	f := newFixture(t)
	f.publishMergers(13)
	for _, tc := range []struct {
		path   string
		status int
		says   string
	}{
		{"/search?q=merger&page=0", 400, "“0” is not a page number: pages are numbered from 1."},
		{"/search?q=merger&page=-1", 400, "“-1” is not a page number"},
		{"/search?q=merger&page=two", 400, "“two” is not a page number"},
		{"/search?q=merger&page=", 400, "The address gives page= without a number"},
		{"/search?q=merger&page=99999999999999999999", 404, "There is no page 99999999999999999999: there are 2 pages."},
		{"/search?q=merger&page=100000000", 404, "There is no page 100000000: there are 2 pages."},
		{"/search?q=merger&page=0002", 200, ""},
		{"/search?q=merger&page=2&page=2", 400, "Give one page number, not several."},
		{"/search?q=merger&page=%zz", 400, "cannot be read"},
		{"/search?page=0", 400, "is not a page number"},
		{"/search?q=merger&page=3", 404, "There is no page 3: there are 2 pages."},
		{"/search?q=merger&page=1000000", 404, "There is no page 1000000: there are 2 pages."},
		{"/search?q=zzyzx&page=2", 404, "There is no page 2: there is only one page."},
		{"/search?page=2", 404, "There is no page 2: there is only one page."},
		{"/search?q=+&page=3", 404, "There is no page 3: there is only one page."},
	} {
		r := f.get(tc.path)
		if r.status != tc.status || !strings.Contains(r.body, htmlEscape(tc.says)) {
			t.Errorf("%s = %d, want %d saying %q:\n%s", tc.path, r.status, tc.status, tc.says, r.body)
		}
		// The first page of the search asked, or the search page itself
		// when nothing was searched.
		first := `href="` + publicURL + `/search?q=`
		if u, _ := url.Parse(tc.path); strings.TrimSpace(u.Query().Get("q")) == "" {
			first = `href="` + publicURL + `/search"`
		}
		if tc.status == 404 && !strings.Contains(r.body, first) {
			t.Errorf("%s does not link the first page of the search", tc.path)
		}
	}
	if r := f.get("/search?q=merger&page=1"); r.status != 200 || strings.Count(r.body, `<article class="story">`) != 10 {
		t.Errorf("page=1 = %d, not the first page", r.status)
	}
}

// When more stories have every word than a page shows, the first page
// does not count those with only some of the words: it says which page it
// is, without "of", and still links the next, which counts them all.
func TestSearchPagerOfUncountedResults(t *testing.T) {
	f := newFixture(t)
	f.publishMergers(12)
	for i := range 3 {
		st := f.story(fmt.Sprintf("District budget %d agreed", i+1), "local-government",
			fmt.Sprintf("https://news.example/budget-%d", i+1), "The districts share a chief executive.")
		f.publish(fmt.Sprintf("2026-11-%02d", i+1), "", st)
	}
	first := f.get("/search?q=merger+districts")
	if first.status != 200 || strings.Count(first.body, `<article class="story">`) != 10 {
		t.Fatalf("/search?q=merger+districts = %d with %d stories", first.status, strings.Count(first.body, `<article class="story">`))
	}
	if !strings.Contains(first.body, "Page 1</") || strings.Contains(first.body, "Page 1 of") {
		t.Errorf("the first page should say \"Page 1\" alone:\n%s", first.body)
	}
	next, _ := pagerLink(first.body, "newer")
	next = strings.ReplaceAll(next, "&#43;", "+") // html/template writes a "+" so
	if next != publicURL+"/search?page=2&q=merger+districts" {
		t.Fatalf("the first page's next link is %q", next)
	}
	second := f.get(local(next))
	if second.status != 200 || strings.Count(second.body, `<article class="story">`) != 5 ||
		!strings.Contains(second.body, "Page 2 of 2") {
		t.Errorf("%s = %d with %d stories, want 5 on \"Page 2 of 2\":\n%s", next, second.status,
			strings.Count(second.body, `<article class="story">`), second.body)
	}
	if !strings.Contains(second.body, "District budget 3 agreed") {
		t.Errorf("the second page lacks the stories with one of the words")
	}
}

// TestSearchPageCountsTheStoriesFound: the page showed ten stories and a
// pager, and no count, which chat's answer and other search pages give; it
// says how many stories the search found, on every page, and more than
// those counted when the rest are not (Uncounted).
func TestSearchPageCountsTheStoriesFound(t *testing.T) {
	f := newFixture(t)
	f.publishMergers(13)
	st := f.story("District budget agreed", "local-government", "https://news.example/budget", "The districts share a chief executive.")
	f.publish("2026-12-30", "", st)
	lede := regexp.MustCompile(`<p class="lede">([^<]*)</p>`)
	for query, want := range map[string]string{
		"/search?q=merger":           "13 stories found.",
		"/search?q=merger&page=2":    "13 stories found.",
		"/search?q=budget":           "1 story found.",
		"/search?q=merger+districts": "More than 13 stories found.",
	} {
		res := f.get(query)
		m := lede.FindStringSubmatch(res.body)
		if res.status != 200 || m == nil || !strings.HasPrefix(m[1], want) {
			t.Errorf("%s = %d, lede %q, want it to begin %q", query, res.status, m, want)
		}
	}
	if res := f.get("/search?q=zebra"); strings.Contains(res.body, "found.") {
		t.Errorf("a search that found nothing counts: %s", res.body)
	}
}
