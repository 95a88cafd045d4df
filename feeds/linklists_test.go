package feeds

import (
	"context"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/store/storetest"
)

func TestSummaryTextWithoutLinkLists(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		// The Guardian's navigation: a list of links between the standfirst
		// and the story.
		{`<p>Ukrainian president addresses security council</p><ul><li><a href="https://x.example/live">Russia-Ukraine war: latest updates</a></li></ul><p>Ukraine’s president has given an account.</p> <a href="https://x.example/1">Continue reading...</a>`,
			"Ukrainian president addresses security council. Ukraine’s president has given an account."},
		{`<UL><LI><A HREF="/a">One</A></LI><li> <a href="/b">Two</a> <a href="/c">Three</a> </li></UL><p>The story.</p>`,
			"The story."},
		// Nested lists of links are one list.
		{`<ul><li><a href="/a">One</a><ul><li><a href="/b">Two</a></li></ul></li></ul>The story.`, "The story."},
		// Lists that say something besides their links are kept.
		{`<p>Three councils agree:</p><ul><li>to share a chief executive</li><li>to merge <a href="/w">waste</a> services</li></ul>`,
			"Three councils agree: to share a chief executive to merge waste services"},
		{`<ul><li><a href="/a">Report</a> (PDF, 2 MB)</li></ul><p>The story.</p>`, "Report (PDF, 2 MB). The story."},
		{`<ul><li><img src="/a.png"></li></ul><p>The story.</p>`, "The story."},
		{`<ul><li><a href="/a"><img src="/a.png"></a></li></ul><p>The story.</p>`, "The story."},
		// Links are all there is: kept.
		{`<ul><li><a href="/a">Council budget approved</a></li><li><a href="/b">Library hours</a></li></ul>`,
			"Council budget approved. Library hours"},
		{`<ul><li><a href="/a">Council budget approved</a></li></ul><a href="/more">Continue reading...</a>`, "Council budget approved."},
		// A list never closed is not taken for navigation.
		{`<ul><li><a href="/a">One</a></li>The story.`, "One. The story."},
		{`<p>a <ol start="2"><li><a href="/x">x</a></li></ol> b</p>`, "a b"},
	} {
		if got := summaryText(tc.in); got != tc.want {
			t.Errorf("summaryText(%q)\n = %q\nwant %q", tc.in, got, tc.want)
		}
	}
}

func TestWithoutLinkListsLeavesOtherTextAlone(t *testing.T) {
	for _, in := range []string{"", "plain", "Less &lt;ul&gt;&lt;li&gt;&lt;a&gt;x&lt;/a&gt;", "<p>a <a href=/x>b</a></p>", "<ul><li>point</li></ul>",
		"<u>l</u> <ol>", "<ul><li><a>x</a>", "a < ul"} {
		if got := withoutLinkLists(in); got != in {
			t.Errorf("withoutLinkLists(%q) = %q", in, got)
		}
	}
}

// TestGuardianNavigationNotInSummaries polls the Guardian's real feed,
// whose descriptions carry lists of related links ("Russia-Ukraine war:
// latest updates", "See all our coronavirus coverage"), and checks that
// no summary has them run into its sentences.
func TestGuardianNavigationNotInSummaries(t *testing.T) {
	fs := newFeedServer(t)
	st := storetest.Open(t, "")
	p := newPoller(t, st, feedsConfig(src(fs.serveFile(t, "rss2-guardian-uk.xml"))))
	if _, err := p.PollOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	stories := allStories(t, st)
	if len(stories) < 100 {
		t.Fatalf("%d stories from the Guardian's feed", len(stories))
	}
	found := false
	for _, s := range stories {
		for _, nav := range []string{"latest updates", "See all our coronavirus coverage", "Ukraine president gives powerful speech at UN"} {
			if strings.Contains(s.Summary, nav) {
				t.Errorf("%q: summary has the navigation %q: %q", s.Headline, nav, s.Summary)
			}
		}
		if strings.HasPrefix(s.Summary, "Ukrainian president addresses security council after apparently deliberate civilian killings come to light. Ukraine’s president, Volodymyr Zelenskiy, has given") {
			found = true
		}
	}
	if !found {
		t.Error("the security council story's summary is not its standfirst and first paragraph")
	}
}

// FuzzWithoutLinkLists checks that taking lists of links out of HTML only
// ever takes text out: the words left are the input's, in order, but for
// the full stop joinParagraphs puts after a word that ends a paragraph
// before one that starts a sentence, which may come or go with what is
// taken out ("0<ul><li><a>1</ul><p>A" is "0 1. A", and "0. A" without its
// list).
func FuzzWithoutLinkLists(f *testing.F) {
	for _, s := range []string{
		`<p>Standfirst</p><ul><li><a href="/a">Latest updates</a></li></ul><p>Story.</p>`,
		`<ul><li><a>x</a><ul><li><a>y</a></li></ul></li></ul>z`, `<ol><li>point</li></ol>`, `<ul><li><a>x</a>`,
		`</ul><ul/><li><a>x</a></li>`, `<ul><a>x</a></ul>`, `<UL><LI><A>x</A> y</LI></UL>`, `<ul><li><a>x</a></li></ul></a>y`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := withoutLinkLists(s)
		if !containsListTag(s) && out != s {
			t.Fatalf("withoutLinkLists(%q) = %q without a list", s, out)
		}
		in, left := strings.Fields(plainText(s)), strings.Fields(plainText(out))
		i := 0
		for _, w := range left {
			for i < len(in) && strings.TrimSuffix(in[i], ".") != strings.TrimSuffix(w, ".") {
				i++
			}
			if i == len(in) {
				t.Fatalf("withoutLinkLists(%q) = %q: plain text %q is not words of %q", s, out, left, in)
			}
			i++
		}
	})
}
