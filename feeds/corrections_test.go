package feeds

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
	"github.com/sharednews/sharednews/store/storetest"
)

// correctionItems are a feed's six entries, numbered, headed and
// summarised by the given version ("" or "corrected"); the third has no
// GUID and is known by its link alone.
func correctionItems(version string) string {
	var sb strings.Builder
	for i := 1; i <= 6; i++ {
		guid := fmt.Sprintf("<guid>story-%d</guid>", i)
		if i == 3 {
			guid = ""
		}
		fmt.Fprintf(&sb, `<item><title>Councils share service number %d %s</title><link>https://news.example.org/s%d</link>%s
<description>Summary of the shared service %d %s.</description></item>`, i, version, i, guid, i, version)
	}
	return sb.String()
}

// planningEntry is a publisher's entry for a planning story, as first
// published (version "") or as corrected (version " (corrected)", added
// to its headline and summary).
func planningEntry(version string) string {
	return `<item><title>Two councils share a planning team` + version + `</title><link>https://news.example.org/planning</link>
<guid>p-1</guid><description>The districts expect savings` + version + `.</description></item>`
}

// TestPublishersCorrectionsReachWaitingStoriesOnly: a feed's publisher
// corrects the headline and summary of every entry, under the same GUIDs
// and links. The stories still waiting in the queue, untouched, take the
// corrected text (one known by its GUID, one by its link only) in their
// place in the queue, and are handed to OnCorrected; a story an editor
// edited (in the very second it was stored), approved or rejected keeps
// its text; another feed that carries the same link corrects nothing.
// The feed polled again unchanged is answered 304 and changes nothing.
func TestPublishersCorrectionsReachWaitingStoriesOnly(t *testing.T) {
	ctx := context.Background()
	feeds := newFeedServer(t)
	feedURL := feeds.serveBody("/feed.xml", rssOf(correctionItems("")))
	st := storetest.Open(t, "")
	otherURL := feeds.serveBody("/other.xml", rssOf(`<item><title>Another feed's headline for number 6</title><link>https://news.example.org/s6</link><guid>o-6</guid></item>`))
	otherPoller := newPoller(t, st, feedsConfig(src(otherURL)))
	var corrected handedCorrections
	p := newPoller(t, st, feedsConfig(src(feedURL)), corrected.onCorrected)
	if _, err := p.PollOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := otherPoller.PollOnce(ctx); err != nil {
		t.Fatal(err)
	}
	before := allStories(t, st)
	if len(before) != 6 {
		t.Fatalf("%d stories queued: %v", len(before), before)
	}
	id := map[int]int64{}
	for _, s := range before {
		var n int
		fmt.Sscanf(s.URL, "https://news.example.org/s%d", &n)
		id[n] = s.ID
	}
	edited := "Two councils share a service (the editor's words)"
	if _, err := st.EditStory(ctx, id[4], store.StoryEdit{Headline: &edited}); err != nil {
		t.Fatal(err)
	}
	ed := digest.Person{Platform: "slack", ID: "UED", Name: "ed"}
	if _, err := st.Approve(ctx, store.Decision{StoryID: id[5], By: ed}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Reject(ctx, store.Decision{StoryID: id[2], By: ed}); err != nil {
		t.Fatal(err)
	}

	feeds.serveBody("/feed.xml", rssOf(correctionItems("corrected")))
	results, err := p.PollOnce(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if r := results[0]; r.Status != StatusFetched || r.New != 0 || r.Corrected != 3 || r.Duplicates != 6 {
		t.Errorf("the corrected feed's poll: %+v", r)
	}
	want := map[int]string{
		1: "Councils share service number 1 corrected", // known by GUID
		3: "Councils share service number 3 corrected", // known by link
		2: "Councils share service number 2",           // rejected
		4: edited,
		5: "Councils share service number 5", // approved
		6: "Councils share service number 6 corrected",
	}
	for n, headline := range want {
		s, err := st.Story(ctx, id[n])
		if err != nil {
			t.Fatal(err)
		}
		if s.Headline != headline {
			t.Errorf("story %d is headed %q, want %q", n, s.Headline, headline)
		}
		if corrected := strings.HasSuffix(headline, "corrected"); corrected != (s.Summary == fmt.Sprintf("Summary of the shared service %d corrected.", n)) {
			t.Errorf("story %d's summary is %q", n, s.Summary)
		}
	}
	handed := corrected.handed()
	var got []int64
	for _, s := range handed {
		got = append(got, s.ID)
		if !strings.HasSuffix(s.Headline, "corrected") {
			t.Errorf("OnCorrected was handed #%d as %q", s.ID, s.Headline)
		}
	}
	if fmt.Sprint(got) != fmt.Sprint([]int64{id[1], id[3], id[6]}) {
		t.Errorf("OnCorrected was handed %v, want %v", got, []int64{id[1], id[3], id[6]})
	}
	// Corrected in place: the queue's order, and each story's time in it, stand.
	after := allStories(t, st)
	var was, is []string
	for _, s := range before {
		if s.ID != id[2] && s.ID != id[5] {
			was = append(was, fmt.Sprintf("#%d %d", s.ID, s.CreatedAt.Unix()))
		}
	}
	for _, s := range after {
		is = append(is, fmt.Sprintf("#%d %d", s.ID, s.CreatedAt.Unix()))
	}
	if strings.Join(was, ", ") != strings.Join(is, ", ") {
		t.Errorf("the queue was %s, is %s", was, is)
	}

	// Another feed that carries the same link under its own headline,
	// read in full again, is not the story's publisher: nothing changes.
	feeds.serveBody("/other.xml", rssOf(`<item><title>Another feed's new headline for number 6</title><link>https://news.example.org/s6</link><guid>o-6</guid></item>`))
	if results, err := otherPoller.PollOnce(ctx); err != nil || results[0].Status != StatusFetched || results[0].Corrected != 0 {
		t.Errorf("the other feed: %+v, %v", results, err)
	}
	if s, err := st.Story(ctx, id[6]); err != nil || s.Headline != want[6] {
		t.Errorf("story 6 after the other feed: %q, %v", s.Headline, err)
	}

	// The corrected headline is the story's key too: another publisher's
	// entry under it is held back as the same story.
	wireURL := feeds.serveBody("/wire.xml", rssOf(`<item><title>Councils share service number 1 corrected</title><link>https://wire.example/s1</link><guid>w-1</guid></item>`))
	if results, err := newPoller(t, st, feedsConfig(src(wireURL))).PollOnce(ctx); err != nil ||
		len(results[0].HeldBack) != 1 || results[0].HeldBack[0].Of.ID != id[1] {
		t.Errorf("the wire's entry under the corrected headline: %+v, %v", results, err)
	}

	// The same feed again: 304, nothing read, nothing changed.
	full := feeds.fullCount("/feed.xml")
	results, err = p.PollOnce(ctx)
	if err != nil || results[0].Status != StatusNotModified || results[0].Corrected != 0 || feeds.fullCount("/feed.xml") != full {
		t.Errorf("the unchanged feed: %+v, %v", results, err)
	}
}

// TestCorrectionReachesAStoryAnotherFeedQueued: a publisher's feed, whose
// filter keeps its entry on the newswire, brings a story first; another
// feed, unfiltered, carries the same link and so queues it for review.
// Nobody has touched it, so when its publisher corrects the headline and
// summary the waiting story takes them and is handed to OnCorrected, as
// one its own feed queued would be; its place in the queue stands.
func TestCorrectionReachesAStoryAnotherFeedQueued(t *testing.T) {
	ctx := context.Background()
	st := storetest.Open(t, "")
	feeds := newFeedServer(t)
	filtered := src(feeds.serveBody("/publisher.xml", rssOf(planningEntry(""))))
	filtered.Include = []string{"fire"} // keeps the planning story on the newswire
	var corrected handedCorrections
	p := newPoller(t, st, feedsConfig(filtered), func(o *Options) {
		// The publisher's feed was read an hour before the wire's.
		o.Now = func() time.Time { return time.Now().Add(-time.Hour) }
	}, corrected.onCorrected)
	if results, err := p.PollOnce(ctx); err != nil || results[0].New != 1 || results[0].Queued != 0 {
		t.Fatalf("the publisher's first poll: %+v, %v", results, err)
	}
	wireURL := feeds.serveBody("/wire.xml", rssOf(`<item><title>Planning team shared by two councils</title><link>https://news.example.org/planning</link><guid>w-1</guid></item>`))
	if results, err := newPoller(t, st, feedsConfig(src(wireURL))).PollOnce(ctx); err != nil || results[0].Queued != 1 {
		t.Fatalf("the wire's poll: %+v, %v", results, err)
	}
	queued := allStories(t, st)
	if len(queued) != 1 || queued[0].Headline != "Two councils share a planning team" {
		t.Fatalf("the queue: %+v", queued)
	}

	feeds.serveBody("/publisher.xml", rssOf(planningEntry(" (corrected)")))
	results, err := p.PollOnce(ctx)
	if err != nil || results[0].Corrected != 1 {
		t.Errorf("the publisher's correcting poll: %+v, %v", results, err)
	}
	s, err := st.Story(ctx, queued[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if s.Headline != "Two councils share a planning team (corrected)" || s.Summary != "The districts expect savings (corrected)." {
		t.Errorf("the waiting story reads %q: %q", s.Headline, s.Summary)
	}
	if s.State != digest.StateQueued || !s.CreatedAt.Equal(queued[0].CreatedAt) {
		t.Errorf("the story is %s since %v, was queued since %v", s.State, s.CreatedAt, queued[0].CreatedAt)
	}
	handed := corrected.handed()
	if len(handed) != 1 || handed[0].ID != s.ID {
		t.Errorf("OnCorrected was handed %+v", handed)
	}
}

// TestAnEditedStoryAMemberSubmitsKeepsTheEditorsText: a publisher's feed,
// whose filter keeps its entry on the newswire, brings a story; an editor
// who found it (search shows newswire stories) rewrites its headline; a
// member then submits its link, which queues that story, submitted now.
// It is still the editor's text: when the publisher corrects the entry,
// the queued story keeps the editor's headline and nothing is handed to
// OnCorrected.
func TestAnEditedStoryAMemberSubmitsKeepsTheEditorsText(t *testing.T) {
	ctx := context.Background()
	st := storetest.Open(t, "")
	publisher := newFeedServer(t)
	filtered := src(publisher.serveBody("/publisher.xml", rssOf(planningEntry(""))))
	filtered.Include = []string{"fire"} // keeps the planning story on the newswire
	var corrected handedCorrections
	p := newPoller(t, st, feedsConfig(filtered), corrected.onCorrected)
	if results, err := p.PollOnce(ctx); err != nil || results[0].New != 1 || results[0].Queued != 0 {
		t.Fatalf("the publisher's first poll: %+v, %v", results, err)
	}
	wire, err := st.StoryByURL(ctx, "https://news.example.org/planning")
	if err != nil || wire.State != digest.StateNewswire {
		t.Fatalf("the newswire story: %+v, %v", wire, err)
	}
	edited := "Planning team shared by Malvern and Wychavon (the editor's words)"
	if _, err := st.EditStory(ctx, wire.ID, store.StoryEdit{Headline: &edited}); err != nil {
		t.Fatal(err)
	}
	member := digest.Person{Platform: "slack", ID: "UMEM", Name: "mem"}
	sub, err := st.Submit(ctx, store.Submission{Story: digest.Story{URL: "https://news.example.org/planning",
		Headline: "Two councils share a planning team", Submitter: member}, Unlimited: true})
	if err != nil || sub.ID != wire.ID || sub.State != digest.StateQueued || sub.Headline != edited {
		t.Fatalf("the member's submission: %+v, %v", sub, err)
	}

	publisher.serveBody("/publisher.xml", rssOf(planningEntry(" (corrected)")))
	results, err := p.PollOnce(ctx)
	if err != nil || results[0].Status != StatusFetched || results[0].Corrected != 0 {
		t.Errorf("the publisher's correcting poll: %+v, %v", results, err)
	}
	s, err := st.Story(ctx, wire.ID)
	if err != nil {
		t.Fatal(err)
	}
	if s.Headline != edited || s.Summary != "The districts expect savings." {
		t.Errorf("the editor's story reads %q: %q, want the editor's headline and the summary as it was", s.Headline, s.Summary)
	}
	handed := corrected.handed()
	if len(handed) != 0 {
		t.Errorf("OnCorrected was handed %+v", handed)
	}
}

// TestACorrectionSparesAHeadlineTheReleaseBeforeUnmarked: under the
// release before, an editor rewrote the headline of a newswire story and
// a member then submitted its link, which queued it with updated_at =
// created_at, the mark of a story nobody changed. The council upgrades;
// the publisher corrects the entry. The editor's headline is no feed's
// (no headline key of it was ever recorded), so the story keeps it and
// nothing is handed to OnCorrected; an untouched story the same release
// queued the same way takes its correction.
func TestACorrectionSparesAHeadlineTheReleaseBeforeUnmarked(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "news.db")
	st := storetest.Open(t, path)
	publisher := newFeedServer(t)
	entries := func(version string) string {
		return planningEntry(version) + `
<item><title>Three districts merge their waste collection` + version + `</title><link>https://news.example.org/waste</link>
<guid>p-2</guid><description>One crew for three districts` + version + `.</description></item>`
	}
	filtered := src(publisher.serveBody("/publisher.xml", rssOf(entries(""))))
	filtered.Include = []string{"fire"} // keeps both stories on the newswire
	var corrected handedCorrections
	p := newPoller(t, st, feedsConfig(filtered), corrected.onCorrected)
	if results, err := p.PollOnce(ctx); err != nil || results[0].New != 2 {
		t.Fatalf("the publisher's first poll: %+v, %v", results, err)
	}
	planning, err := st.StoryByURL(ctx, "https://news.example.org/planning")
	if err != nil {
		t.Fatal(err)
	}
	waste, err := st.StoryByURL(ctx, "https://news.example.org/waste")
	if err != nil {
		t.Fatal(err)
	}
	edited := "Planning team shared by Malvern and Wychavon (the editor's words)"
	if _, err := st.EditStory(ctx, planning.ID, store.StoryEdit{Headline: &edited}); err != nil {
		t.Fatal(err)
	}
	// The member's submissions, queued as the release before queued a
	// newswire story: submitted now, updated_at with it.
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	submitted := time.Now().Unix() + 5
	for _, id := range []int64{planning.ID, waste.ID} {
		if _, err := raw.ExecContext(ctx, `UPDATE stories SET state = 'queued', submitter_platform = 'slack',
			submitter_id = 'UMEM', submitter_name = 'mem', created_at = ?, updated_at = ? WHERE id = ?`, submitted, submitted, id); err != nil {
			t.Fatal(err)
		}
	}

	publisher.serveBody("/publisher.xml", rssOf(entries(" (corrected)")))
	results, err := p.PollOnce(ctx)
	if err != nil || results[0].Status != StatusFetched || results[0].Corrected != 1 {
		t.Errorf("the publisher's correcting poll: %+v, %v", results, err)
	}
	s, err := st.Story(ctx, planning.ID)
	if err != nil {
		t.Fatal(err)
	}
	if s.Headline != edited || s.Summary != "The districts expect savings." {
		t.Errorf("the editor's story reads %q: %q, want the editor's headline and the summary as it was", s.Headline, s.Summary)
	}
	if s, err := st.Story(ctx, waste.ID); err != nil || s.Headline != "Three districts merge their waste collection (corrected)" ||
		s.Summary != "One crew for three districts (corrected)." {
		t.Errorf("the untouched story reads %q: %q (%v), want the publisher's correction", s.Headline, s.Summary, err)
	}
	handed := corrected.handed()
	if len(handed) != 1 || handed[0].ID != waste.ID {
		t.Errorf("OnCorrected was handed %+v, want the untouched story #%d alone", handed, waste.ID)
	}
}
