package bot

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/store"
)

// TestStatusNamesAFewFailuresAndCountsTheRest: a revoked token fails every
// channel of an edition; status names the first few and counts the rest
// in one line on every platform, rather than a line a channel (Slack did
// so before the replies shared one outline; the outline listed them all).
func TestStatusNamesAFewFailuresAndCountsTheRest(t *testing.T) {
	for _, n := range []int{1, maxFailuresShown, maxFailuresShown + 1, maxFailuresShown + 2, 1000} {
		tally := &DeliveryTally{Edition: 3, Failed: n}
		for i := range n {
			tally.Failures = append(tally.Failures, DeliveryFailure{Channel: fmt.Sprintf("slack channel C%d", i), Reason: "invalid_auth"})
		}
		o := StatusView{Delivery: tally}.Outline(time.UTC)
		var lines []string
		for _, g := range o.Groups {
			for _, e := range g.Entries {
				if strings.HasPrefix(e.Name, "Delivery of edition") {
					for _, l := range e.Lines {
						lines = append(lines, l.Text())
					}
				}
			}
		}
		named := strings.Count(strings.Join(lines, "\n"), "Failed: ")
		wantNamed, wantMore := n, ""
		if n > maxFailuresShown+1 {
			wantNamed, wantMore = maxFailuresShown, fmt.Sprintf("… and %d more failed", n-maxFailuresShown)
		}
		if named != wantNamed || (wantMore == "") != !strings.Contains(strings.Join(lines, "\n"), "more failed") ||
			wantMore != "" && lines[len(lines)-1] != wantMore {
			t.Errorf("%d failures: %d named, lines %q", n, named, lines)
		}
	}
}

// TestUsageLineIsTheBotsWords: the line under a mistyped command's
// sentence is worded here, once, for Slack, Discord and the console
// (each had its own "Usage: "); a usage pasted over lines is one line, and
// a message without a usage has no line at all.
func TestUsageLineIsTheBotsWords(t *testing.T) {
	for _, c := range []struct{ usage, want string }{
		{"/shared approve ID [SECTOR]", "Usage: /shared approve ID [SECTOR]"},
		{" /shared submit\nURL ", "Usage: /shared submit URL"},
		{"", ""},
		{" \n ", ""},
	} {
		if got := (Message{Tone: Problem, Text: "No.", Usage: c.usage}).UsageLine(); got != c.want {
			t.Errorf("usage %q: line %q, want %q", c.usage, got, c.want)
		}
	}
}

// TestOutlineOfABodyWithoutOne: a reply body that has no outline (a
// Message, an edition, or one added to the bot before its adapters
// learnt to show it) is outlined as one title naming its type, so that
// every platform says the same words for it rather than each its own
// "(a reply Slack cannot show…)".
func TestOutlineOfABodyWithoutOne(t *testing.T) {
	for _, body := range []Body{Message{Text: "Hello."}, EditionView{}} {
		o := Reply{Body: body}.Outline(nil)
		want := fmt.Sprintf("(a reply that cannot be shown here: %T)", body)
		if o.Title != want || len(o.Before)+len(o.Groups)+len(o.After) != 0 {
			t.Errorf("%T: outline %+v, want only the title %q", body, o, want)
		}
	}
	if o := (Reply{Body: SectorList{}}).Outline(nil); strings.Contains(o.Title, "cannot be shown") {
		t.Errorf("a sector list's outline says it cannot be shown: %q", o.Title)
	}
}

// TestEntriesAreListedOneWay: rows are code and what it does; a field of
// one line is "Name: line", inline ones side by side; a longer field is its
// name over its lines, after a blank line; every name is escaped inside
// its strong marks.
func TestEntriesAreListedOneWay(t *testing.T) {
	m := Markup{Escape: func(s string) string { return strings.ReplaceAll(s, "<", "&lt;") }, Strong: [2]string{"*", "*"}, Code: "`"}
	rows := m.Entries(Rows, []Entry{{Name: "news", Lines: []Line{plainLine("the latest")}}})
	if want := []string{"`news` — the latest"}; !slices.Equal(rows, want) {
		t.Errorf("rows: %q, want %q", rows, want)
	}
	fields := m.Entries(Fields, []Entry{
		{Name: "Queue", Lines: []Line{plainLine("3")}, Inline: true},
		{Name: "Draft", Lines: []Line{plainLine("2 stories")}, Inline: true},
		{Name: "A <b>", Lines: []Line{plainLine("x")}},
		{Name: "Editors", Lines: []Line{plainLine("Ana"), plainLine("Bo")}},
	})
	want := []string{"*Queue:* 3 · *Draft:* 2 stories", "*A &lt;b>:* x", "\n*Editors*", "Ana", "Bo"}
	if !slices.Equal(fields, want) {
		t.Errorf("fields: %q, want %q", fields, want)
	}
}

// TestFactLineLeavesOutEmptyFacts: a story's facts on one line, as Slack,
// Discord and the console show them, with no empty fact between two " · ".
func TestFactLineLeavesOutEmptyFacts(t *testing.T) {
	if got := (Entry{Facts: []string{"#12", "", "BBC News", "Health"}}).FactLine(); got != "#12 · BBC News · Health" {
		t.Errorf("FactLine = %q", got)
	}
	if got := (Entry{}).FactLine(); got != "" {
		t.Errorf("FactLine of no facts = %q", got)
	}
}

// TestHelpSaysHowChatAnswers: on Slack and Discord alike the help ends
// with how the bot answers there and that a mention takes the same words,
// naming the bot; the console, where neither holds, has no such line.
func TestHelpSaysHowChatAnswers(t *testing.T) {
	f := newFixture(t, nil)
	for platform, want := range map[string]bool{"slack": true, "discord": true, "console": false} {
		r := f.bot.Handle(context.Background(), Request{Caller: member, Channel: Channel{Platform: platform, ID: "C1"}, Text: "/shared help"})
		var after []string
		for _, l := range r.Outline(nil).After {
			after = append(after, l.Text())
		}
		got := strings.Join(after, "\n")
		if has := strings.Contains(got, "visible only to you") && strings.Contains(got, "@"+f.bot.Name()+" news health"); has != want {
			t.Errorf("%s help ends %q", platform, got)
		}
	}
}

// TestStatusSaysWhyPendingDeliveriesWait: during a delivery, an editor's
// status said "1 delivered, 4 pending" and never why the pending ones
// waited or when they would be tried again. It now reads the ledger as the
// delivery worker leaves it: the earliest next try, the most common reason
// of those put back (a 429 keeps no error, a failed try keeps its reason),
// and those another worker holds the claim of. The email edition's mails,
// in the same ledger, say the same.
func TestStatusSaysWhyPendingDeliveriesWait(t *testing.T) {
	f := newFixture(t, func(c *config.Config) {
		c.Email.Enabled = true
		c.Email.From = "Shared News <news@council.example>"
	})
	ctx := context.Background()
	if _, err := f.store.ImportSubscribers(ctx, []store.ImportedSubscriber{{Address: "a@example.org"}, {Address: "b@example.org"}}); err != nil {
		t.Fatal(err)
	}
	page := pageServer(t)
	f.bot.DeliverWith(nil) // the run's worker is elsewhere: publish leaves them pending
	for _, ch := range []string{"C1", "C2", "C3", "C4"} {
		if r := f.bot.Handle(ctx, Request{Caller: editor, Channel: Channel{Platform: "slack", ID: ch}, Text: "subscribe"}); tone(r) != Success {
			t.Fatal(text(r))
		}
	}
	f.say(member, "submit "+page.URL+"/a health")
	f.say(editor, "approve 1")
	f.say(editor, "publish")
	latest, err := f.store.LatestEdition(ctx)
	if err != nil {
		t.Fatal(err)
	}
	all, err := f.store.Deliveries(ctx, latest.Edition.ID)
	if err != nil {
		t.Fatal(err)
	}
	var ds, mails []store.Delivery
	for _, d := range all {
		if d.Platform == store.EmailPlatform {
			mails = append(mails, d)
		} else {
			ds = append(ds, d)
		}
	}
	if len(ds) != 4 || len(mails) != 2 {
		t.Fatalf("deliveries %+v", all)
	}
	now := time.Now()
	claim := func(d store.Delivery) {
		t.Helper()
		if _, ok, err := f.store.ClaimDelivery(ctx, d.ID, "other-process", now, time.Minute); err != nil || !ok {
			t.Fatalf("claim %d: %v %v", d.ID, ok, err)
		}
	}
	// Two answered 429 (put back, their error kept empty), one failed with
	// a server error and is retried after a backoff, one is being sent.
	for i, at := range []time.Duration{5 * time.Minute, 3 * time.Minute} {
		claim(ds[i])
		if err := f.store.RetryDelivery(ctx, ds[i].ID, "other-process", now.Add(at), "", store.RetryRateLimited); err != nil {
			t.Fatal(err)
		}
	}
	claim(ds[2])
	if err := f.store.RetryDelivery(ctx, ds[2].ID, "other-process", now.Add(2*time.Minute), "Slack had a server error (HTTP 500)", store.RetryFailed); err != nil {
		t.Fatal(err)
	}
	claim(ds[3])
	claim(mails[0])
	const busy = "the mail server turned the mail away for now (421 4.7.0 try again later)"
	if err := f.store.RetryDelivery(ctx, mails[0].ID, "other-process", now.Add(4*time.Minute), busy, store.RetryFailed); err != nil {
		t.Fatal(err)
	}

	v, ok := f.say(editor, "status").Body.(StatusView)
	if !ok || v.Delivery == nil {
		t.Fatalf("status: %+v", v)
	}
	entry := func(prefix string) []string {
		var lines []string
		for _, g := range v.Outline(time.UTC).Groups {
			for _, e := range g.Entries {
				if strings.HasPrefix(e.Name, prefix) {
					for _, l := range e.Lines {
						lines = append(lines, l.Text())
					}
				}
			}
		}
		return lines
	}
	lines := entry("Delivery of edition")
	want := []string{"0 delivered, 4 pending, 0 failed, 0 skipped",
		"4 pending: 3 waiting, next try at " + now.Add(2*time.Minute).UTC().Format("15:04") +
			" (Slack asked the bot to wait: rate limited (HTTP 429)); 1 being sent now"}
	if !slices.Equal(lines, want) {
		t.Errorf("status's delivery lines:\n%q\nwant\n%q", lines, want)
	}
	lines = entry("Email of edition")
	want = []string{"0 delivered, 2 pending, 0 failed, 0 skipped",
		"2 pending: 1 waiting, next try at " + now.Add(4*time.Minute).UTC().Format("15:04") +
			" (last try: " + busy + "); 1 due now, waiting for the delivery worker"}
	if !slices.Equal(lines, want) {
		t.Errorf("status's email lines:\n%q\nwant\n%q", lines, want)
	}
}

// Status names a channel's sectors in a sentence: before, it read "This
// channel receives each edition's Health & Social Care, Housing, Further/
// Higher Education.", a possessive and a bare comma list; now the list is
// joined as every list in a sentence is.
func TestStatusNamesTheChannelsSectorsInASentence(t *testing.T) {
	f := newFixture(t, nil)
	for _, c := range []struct{ cmd, want string }{
		{"subscribe health", "This channel receives the Health & Social Care stories of each edition."},
		{"subscribe health housing education",
			"This channel receives the Health & Social Care, Housing and Further/Higher Education stories of each edition."},
		{"subscribe", "This channel receives each edition, every sector."},
	} {
		if r := f.say(editor, c.cmd); tone(r) != Success {
			t.Fatalf("%s: %q", c.cmd, text(r))
		}
		o := f.say(member, "status").Body.(StatusView).Outline(time.UTC)
		var got string
		for _, l := range o.Before {
			got += l.Text() + "\n"
		}
		if !strings.Contains(got, c.want) {
			t.Errorf("after %s, status:\n%s\nwant %q", c.cmd, got, c.want)
		}
	}
}
