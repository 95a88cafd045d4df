package feeds

import (
	"context"
	"slices"
	"sync"
	"testing"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/search"
	"github.com/sharednews/sharednews/store/storetest"
)

func TestFilterQueues(t *testing.T) {
	for _, tc := range []struct {
		name             string
		include, exclude []string
		text             string
		want             bool
	}{
		{"no filters", nil, nil, "anything", true},
		{"include matches", []string{"shared service"}, nil, "Two councils launch a Shared Service for HR", true},
		{"include misses", []string{"shared service"}, nil, "Council tax rises by 5%", false},
		{"whole words only", []string{"NHS"}, nil, "NHSX publishes its plan", false},
		{"punctuation ignored", []string{"NHS"}, nil, "The NHS's new plan", false},
		{"apostrophe joins", []string{"nhss"}, nil, "The NHS's new plan", true},
		{"phrase across punctuation", []string{"joint working"}, nil, "Joint-working between councils", true},
		{"ampersand", []string{"A&E"}, nil, "Waits in a&e grow", true},
		{"exclude wins", []string{"council"}, []string{"job vacancy"}, "Council: job vacancy in finance", false},
		{"exclude alone", nil, []string{"road closure"}, "Road closure on the A21", false},
		{"exclude alone misses", nil, []string{"road closure"}, "Roads reopen", true},
		{"any include", []string{"police", "fire"}, nil, "Fire service merges control rooms", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := newFilter(tc.include, tc.exclude).queues(tc.text); got != tc.want {
				t.Errorf("queues(%q) = %v, want %v", tc.text, got, tc.want)
			}
		})
	}
}

// TestFiltersChooseQueueOrNewswire checks that entries the filters turn
// away are still stored, on the newswire, where search finds them.
func TestFiltersChooseQueueOrNewswire(t *testing.T) {
	fs := newFeedServer(t)
	feed := fs.serveBody("/rss.xml", rssOf(`
<item><title>Councils launch a shared service for revenues</title><link>https://news.example.org/1</link></item>
<item><title>Council advertises a job vacancy in its shared service</title><link>https://news.example.org/2</link></item>
<item><title>Weather: sunny spells across the county</title><link>https://news.example.org/3</link><description>No council news today.</description></item>
<item><title>A quiet week</title><link>https://news.example.org/4</link><description>Partners agree a shared service for legal work.</description></item>`))
	s := src(feed)
	s.Include = []string{"shared service"}
	s.Exclude = []string{"job vacancy"}
	st := storetest.Open(t, "")
	results, err := newPoller(t, st, feedsConfig(s)).PollOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if r := results[0]; r.New != 4 || r.Queued != 2 {
		t.Errorf("%+v", r)
	}
	queue := allStories(t, st)
	if len(queue) != 2 || queue[0].URL != "https://news.example.org/1" || queue[1].URL != "https://news.example.org/4" {
		t.Errorf("queue %v", queue)
	}
	res, err := search.New(st).Search(context.Background(), "sunny spells", 5)
	if err != nil || len(res.Hits) != 1 || res.Hits[0].Story.State != digest.StateNewswire || !res.Hits[0].Story.Submitter.IsZero() {
		t.Errorf("search: %+v, %v", res.Hits, err)
	}
}

// fixedSuggester answers the same slug for every story and remembers what
// it was shown.
type fixedSuggester struct {
	answer string
	saw    []string // Story.Sector, then the context's hint
}

type hintKey struct{}

func (f *fixedSuggester) Suggest(ctx context.Context, s digest.Story) string {
	h, _ := ctx.Value(hintKey{}).(string)
	f.saw = append(f.saw, s.Sector, h)
	return f.answer
}

func TestSuggestedSector(t *testing.T) {
	fs := newFeedServer(t)
	feed := fs.serveBody("/rss.xml", rssOf(`<item><title>A story about nothing in particular</title><link>https://news.example.org/1</link></item>`))
	withHint := func(ctx context.Context, sector string) context.Context {
		return context.WithValue(ctx, hintKey{}, sector)
	}
	for _, tc := range []struct {
		name      string
		hint      string
		suggester *fixedSuggester
		want      string
	}{
		{"the suggester decides", "NHS", &fixedSuggester{answer: "housing"}, "housing"},
		{"no opinion: the feed's hint", "Health & Social Care", &fixedSuggester{}, "health"},
		{"no suggester: the hint", "blue light", nil, "blue-light"},
		{"nothing: other", "", &fixedSuggester{}, "other"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := src(feed)
			s.Sector = tc.hint
			st := storetest.Open(t, "")
			p := newPoller(t, st, feedsConfig(s), func(o *Options) {
				if tc.suggester != nil {
					o.Suggester = tc.suggester
				}
				o.WithHint = withHint
			})
			if _, err := p.PollOnce(context.Background()); err != nil {
				t.Fatal(err)
			}
			q := allStories(t, st)
			if len(q) != 1 || q[0].Sector != tc.want || q[0].SuggestedSector != tc.want {
				t.Fatalf("stories %+v", q)
			}
			if tc.suggester != nil {
				hint := hintSlug(testSectors(), tc.hint)
				if len(tc.suggester.saw) != 2 || tc.suggester.saw[0] != hint || tc.suggester.saw[1] != hint {
					t.Errorf("the suggester saw %q, want the hint %q twice", tc.suggester.saw, hint)
				}
			}
		})
	}
}

func TestFallbackSector(t *testing.T) {
	sectors := testSectors()
	if got := fallbackSector(sectors); got != "other" {
		t.Errorf("fallback %q", got)
	}
	if got := fallbackSector(sectors[:3]); got != sectors[2].Slug {
		t.Errorf("fallback without other: %q", got)
	}
	if got := hintSlug(sectors, "nosuch"); got != "" {
		t.Errorf("unknown hint resolved to %q", got)
	}
}

// slotSuggester notes, for each story it is shown, how many feeds hold a
// place among those parsed at once (Poller.cpu) and among those prepared
// at once (Poller.prep).
type slotSuggester struct {
	p          *Poller
	mu         sync.Mutex
	parsing    []int
	preparing  []int
	suggestion string
}

func (s *slotSuggester) Suggest(ctx context.Context, st digest.Story) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.parsing = append(s.parsing, len(s.p.cpu))
	s.preparing = append(s.preparing, len(s.p.prep))
	return s.suggestion
}

// TestSuggestingLeavesTheParsingPlace: a feed's stories are given their
// sectors after the feed is parsed and its place among the feeds parsed at
// once is given back (in a place among the feeds prepared at once), so
// that the next feed is parsed meanwhile: on two processors, one parses,
// and one writes to the database, and suggesting was a third of the
// parser's time.
func TestSuggestingLeavesTheParsingPlace(t *testing.T) {
	fs := newFeedServer(t)
	feed := fs.serveBody("/rss.xml", rssOf(`<item><title>A story about nothing in particular</title><link>https://news.example.org/1</link></item>
<item><title>Another story about nothing at all</title><link>https://news.example.org/2</link></item>`))
	st := storetest.Open(t, "")
	sugg := &slotSuggester{suggestion: "housing"}
	p := newPoller(t, st, feedsConfig(src(feed)), func(o *Options) { o.Suggester = sugg })
	sugg.p = p
	if _, err := p.PollOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(sugg.parsing, []int{0, 0}) || !slices.Equal(sugg.preparing, []int{1, 1}) {
		t.Errorf("feeds parsing %v and preparing %v while each story was suggested a sector, want none and one", sugg.parsing, sugg.preparing)
	}
	if q := allStories(t, st); len(q) != 2 || q[0].SuggestedSector != "housing" || q[1].SuggestedSector != "housing" {
		t.Errorf("stories %+v", q)
	}
}
