package discord

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/sharednews/sharednews/adapters/internal/adaptertest"
	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/digest"
)

// Discord's limits on an embed's fields, which the adapter keeps to by
// what it sends (a card's few fields, their names the bot's) rather than
// by clipping: only the tests check them.
const (
	maxEmbedFields = 25
	maxFieldName   = 256
)

func testSectors() digest.Sectors { return digest.Sectors(config.Default().DigestSectors()) }

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// publishedEdition is edition 42, built from stories of the 20 November
// 2014 newsletter (shared/testdata/digests).
func publishedEdition() digest.Edition {
	stories := []digest.Story{
		{ID: 1, Sector: "local-government", Source: "BBC News",
			URL:        "https://www.bbc.co.uk/news/uk-england-gloucestershire-29988450",
			Headline:   "Gloucester councils propose the sharing of senior staff",
			Summary:    "Local authorities in Gloucester are looking to form a new partnership between city and county councils through senior staff, having shared roles between the two.",
			Commentary: "The Transformation and Innovation Fund money is beginning to kick in for the development of new collaborative working projects. Here are some examples from this week’s media:"},
		{ID: 2, Sector: "local-government", Source: "Worcester News",
			URL:      "https://www.worcesternews.co.uk/news/11611398.fresh-plans-to-merge-council-services-revealed/",
			Headline: "Fresh plans to 'merge' council services revealed",
			Summary:  "Radical plans to merge council services in Malvern and Wychavon can today be revealed - starting with rubbish collections."},
		{ID: 3, Sector: "health",
			URL:        "https://www.hsj.co.uk/finance/without-better-finance-partnership/5077630.article",
			Headline:   "Without better finance partnership, we have no hope of meeting efficiency targets",
			Summary:    "It’s a familiar scene, the accountant waving pages of illegible numbers and complicated graphs at a largely bemused audience.",
			Commentary: "Language is key to effective collaborative working. Councils say “shared services”, universities say “CAMS” and Health talks in terms of “partnerships”.\n\nThese two items came in on the newswires and are worth scanning…"},
		{ID: 5, Sector: "highway-code", Source: "Computer Weekly",
			URL:      "https://www.computerweekly.com/news/2240234567/East-Renfrewshire-uses-Huddle-to-connect-with-neighbouring-councils",
			Headline: "East Renfrewshire uses Huddle to connect with neighbouring councils",
			Summary:  "East Renfrewshire Council in Scotland is using Huddle’s cloud-based software to connect with two other Clyde Valley councils as part of its ICT collaboration programme."},
		{ID: 6, Sector: "health", Source: "Health Service Journal",
			URL:      "https://www.hsj.co.uk/news/800m-cambridge-and-peterborough-ccg-procurement-contract-signed/5077551.article",
			Headline: "£800m Cambridge and Peterborough CCG procurement contract signed",
			Summary:  "Cambridgeshire and Peterborough NHS Foundation Trust with Cambridge University Hospitals NHS Foundation Trust have formed a Limited Liability Partnership."},
	}
	return digest.Edition{
		ID: 42, Number: 42, State: digest.EditionPublished,
		Title: digest.Title("News Summary of Collaboration and Shared Services from {date}", date(2014, time.November, 19)),
		Date:  date(2014, time.November, 20),
		Intro: "How would you like to earn £90,000pa as the Director of a Local Government shared service?\n\n" +
			"With 60% of the cuts yet to come, if you have SSA™ or SS(PRAC)™ on your CV you will certainly be in a better position at interviews.",
		Footer:   "Receive this Shared Service News Summary into your inbox every week. Just register on our website.",
		Sections: digest.Compose(testSectors(), stories),
	}
}

func draftEdition() digest.Edition {
	e := publishedEdition()
	e.ID, e.Number, e.State = 43, 0, digest.EditionDraft
	e.Sections = e.Sections[:1]
	return e
}

func emptyEdition() digest.Edition {
	return digest.Edition{ID: 44, State: digest.EditionDraft, Title: "News Summary", Date: date(2014, time.November, 27),
		Footer: "Register on our website."}
}

// hostileEdition holds what feeds and members could send: mentions,
// markdown, a script link, control characters and a very long story.
func hostileEdition() digest.Edition {
	stories := []digest.Story{
		{ID: 1, Sector: "health", Source: "`Ping` <@&1234>",
			URL:        "javascript:alert(1)",
			Headline:   "@everyone **Free** <@123456789012345678> [click](https://evil.example/)",
			Summary:    "# Not a heading\n> not a quote\n1. not a list\n- nor this\n@here and @EVERYONE\u202e and <@!42> and <t:1:R>",
			Commentary: "||spoiler|| __underline__ ~~strike~~ `code` \\ backslash"},
		{ID: 2, Sector: "health", Source: "Long Source",
			URL:      "https://example.org/a_(b)?q=<x>",
			Headline: strings.Repeat("Very long headline ", 30),
			Summary:  strings.Repeat("A long summary that goes on. ", 300)},
		{ID: 3, Sector: "retired-sector", URL: "https://example.org/c", Headline: "A story whose sector was removed"},
	}
	return digest.Edition{ID: 9, Number: 9, State: digest.EditionPublished, Title: "@everyone read this",
		Date: date(2024, time.March, 7), Intro: "<@1> says hi", Footer: "@here",
		Sections: digest.Compose(testSectors(), stories)}
}

// longEdition needs several messages: forty stories with long summaries
// and commentary across three sectors.
func longEdition() digest.Edition {
	var stories []digest.Story
	for i := 1; i <= 40; i++ {
		stories = append(stories, digest.Story{ID: int64(i), Sector: []string{"local-government", "health", "housing"}[i%3],
			URL:        fmt.Sprintf("https://example.org/news/%d", i),
			Headline:   fmt.Sprintf("Story number %d about councils sharing services", i),
			Summary:    strings.Repeat(fmt.Sprintf("Summary sentence of story %d. ", i), 30),
			Commentary: strings.Repeat("Editor's note. ", 20),
			Source:     "Example News"})
	}
	return digest.Edition{ID: 50, Number: 50, State: digest.EditionPublished, Title: "A long week", Date: date(2024, time.May, 2),
		Intro: strings.Repeat("A long intro paragraph. ", 100), Footer: "The end.",
		Sections: digest.Compose(testSectors(), stories)}
}

// importedEdition is laid out as an edition imported from the newsletter's
// plain text: a lead under the intro, headings as written, commentary of two
// paragraphs, text after a story, a section of text only, no links, and the
// edition's own footer.
func importedEdition() digest.Edition {
	health, _ := testSectors().Lookup("health")
	other, _ := testSectors().Lookup("other")
	return digest.Edition{
		ID: 4, Number: 4, State: digest.EditionPublished, Date: date(2014, time.July, 10),
		Title: "News Summary of Collaboration and Shared Services from 9th July 2014",
		Intro: "Hi everyone,\n\nA short one this week.",
		Lead: []digest.Story{{ID: 20, URL: "urn:sharednews:archive:2014-07-10:aaaaaaaaaaaa", Sector: "local-government",
			Headline: "Council mergers: Poor services 'letting people down'", Summary: "People are being \"let down\" by poor public services."}},
		Sections: []digest.Section{
			{Sector: health, Heading: "Social care", Stories: []digest.Story{{ID: 21, URL: "urn:sharednews:archive:2014-07-10:bbbbbbbbbbbb",
				Sector: "health", Headline: "The social care sector must pull together", Summary: "No-one was surprised.",
				Commentary: "To complement that theme…\n\nIt looks like the hot topic for 2015…", Afterword: "Me? I would invest in prevention."}}},
			{Sector: other, Heading: "Jobs", Text: "Director of Shared Services, £90,000\n\nApply by 1 December."},
		},
		Footer: "Receive this Shared Service News Summary into your inbox every week. Just register on our website.",
	}
}

func TestEditionGolden(t *testing.T) {
	for name, e := range map[string]digest.Edition{
		"published": publishedEdition(), "draft": draftEdition(), "empty": emptyEdition(), "hostile": hostileEdition(),
		"imported": importedEdition(),
	} {
		t.Run(name, func(t *testing.T) {
			got, err := RenderEditionJSON(e)
			if err != nil {
				t.Fatal(err)
			}
			golden(t, filepath.Join("testdata", "golden", "edition-"+name+".json"), got)
			checkPayloads(t, EditionPayloads(e))
		})
	}
}

// golden compares got with a golden file; -update rewrites it.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(got) != string(want) {
		t.Errorf("%s differs (run go test -update if the change is intended):\n%s", path, got)
	}
}

// checkLimits returns the first of Discord's message limits p breaks, or
// nil: an oracle written from Discord's documented limits, apart from the
// packing code it checks.
func checkLimits(p Payload) error {
	if n := length(p.Content); n > maxContent {
		return fmt.Errorf("content has %d characters, more than %d", n, maxContent)
	}
	if p.Content == "" && len(p.Embeds) == 0 {
		return fmt.Errorf("message has neither content nor embeds")
	}
	if len(p.Embeds) > maxEmbedsPerMessage {
		return fmt.Errorf("message has %d embeds, more than %d", len(p.Embeds), maxEmbedsPerMessage)
	}
	total := 0
	for i, e := range p.Embeds {
		switch {
		case length(e.Title) > maxEmbedTitle:
			return fmt.Errorf("embed %d: title has %d characters, more than %d", i, length(e.Title), maxEmbedTitle)
		case length(e.Description) > maxEmbedDescription:
			return fmt.Errorf("embed %d: description has %d characters, more than %d", i, length(e.Description), maxEmbedDescription)
		case len(e.Fields) > maxEmbedFields:
			return fmt.Errorf("embed %d: %d fields, more than %d", i, len(e.Fields), maxEmbedFields)
		case e.Footer != nil && length(e.Footer.Text) > maxEmbedFooter:
			return fmt.Errorf("embed %d: footer has %d characters, more than %d", i, length(e.Footer.Text), maxEmbedFooter)
		case e.Author != nil && length(e.Author.Name) > maxEmbedAuthor:
			return fmt.Errorf("embed %d: author has %d characters, more than %d", i, length(e.Author.Name), maxEmbedAuthor)
		case length(e.URL) > maxEmbedURL:
			return fmt.Errorf("embed %d: url has %d characters, more than %d", i, length(e.URL), maxEmbedURL)
		}
		for j, f := range e.Fields {
			if length(f.Name) > maxFieldName || length(f.Value) > maxFieldValue || f.Name == "" || f.Value == "" {
				return fmt.Errorf("embed %d field %d: name %d and value %d characters (1 to %d and %d allowed)",
					i, j, length(f.Name), length(f.Value), maxFieldName, maxFieldValue)
			}
		}
		total += embedSize(e)
	}
	if total > maxEmbedCharacters {
		return fmt.Errorf("embeds have %d characters in all, more than %d", total, maxEmbedCharacters)
	}
	return nil
}

// rawMention finds what could still mention someone.
var rawMention = regexp.MustCompile(`(?i)@(everyone|here)|<@`)

// checkPayloads checks what every message must satisfy: Discord's limits,
// allowed_mentions parsing nothing, and no text that mentions anyone.
func checkPayloads(t *testing.T, ps []Payload) {
	t.Helper()
	if len(ps) == 0 {
		t.Fatal("no messages")
	}
	for i, p := range ps {
		if err := checkLimits(p); err != nil {
			t.Errorf("message %d: %v", i, err)
		}
		if p.AllowedMentions == nil || p.AllowedMentions.Parse == nil || len(p.AllowedMentions.Parse) != 0 {
			t.Errorf("message %d: allowed_mentions %+v", i, p.AllowedMentions)
		}
		for _, s := range payloadTexts(p) {
			if rawMention.MatchString(s) {
				t.Errorf("message %d: a mention survives in %q", i, s)
			}
		}
	}
}

func payloadTexts(p Payload) []string {
	out := []string{p.Content}
	for _, e := range p.Embeds {
		if e.Author != nil {
			out = append(out, e.Author.Name)
		}
		out = append(out, e.Title, e.Description)
		for _, f := range e.Fields {
			out = append(out, f.Name, f.Value)
		}
		if e.Footer != nil {
			out = append(out, e.Footer.Text)
		}
	}
	return out
}

// TestEditionNeedsSeveralMessages: a long edition continues in further
// messages, in order, each within the limits, and no story is split.
func TestEditionNeedsSeveralMessages(t *testing.T) {
	e := longEdition()
	ps := EditionPayloads(e)
	if len(ps) < 3 {
		t.Fatalf("%d messages for a long edition", len(ps))
	}
	checkPayloads(t, ps)
	var order []string
	sectionTitles := map[string]int{}
	for _, p := range ps {
		for _, em := range p.Embeds {
			sectionTitles[em.Title]++
			for _, block := range strings.Split(em.Description, "\n\n") {
				if m := regexp.MustCompile(`\*\*\[Story number (\d+) `).FindStringSubmatch(block); m != nil {
					order = append(order, m[1])
					if !strings.Contains(block, "Summary sentence of story "+m[1]+". ") || !strings.HasSuffix(block, "Source: Example News") {
						t.Errorf("story %s is not whole in one embed: %q", m[1], block)
					}
				}
			}
		}
	}
	var want []string
	for _, sec := range e.Sections {
		for _, s := range sec.Stories {
			want = append(want, fmt.Sprint(s.ID))
		}
	}
	if strings.Join(order, ",") != strings.Join(want, ",") {
		t.Errorf("stories out of order or missing:\n got %v\nwant %v", order, want)
	}
	if sectionTitles["Housing (continued)"] == 0 {
		t.Errorf("no sector continued: %v", sectionTitles)
	}
	if !strings.Contains(ps[len(ps)-1].Embeds[len(ps[len(ps)-1].Embeds)-1].Description, "The end.") {
		t.Error("the footer is not last")
	}
}

// TestPostEditionInSeveralMessages posts a long edition through the real
// client: every part in order, each with its nonce. (A rate limit is
// handed to the worker: TestRateLimitedEditionIsLeftToTheLedger.)
func TestPostEditionInSeveralMessages(t *testing.T) {
	f := newFixture(t, nil)
	e := longEdition()
	ref, err := postAll(context.Background(), f.adapter, newsChannel, e)
	if err != nil {
		t.Fatal(err)
	}
	posts := find(f.api.all(), "POST", "channels/"+newsChannel+"/messages")
	if len(posts) != len(EditionPayloads(e)) {
		t.Fatalf("%d messages posted, want %d", len(posts), len(EditionPayloads(e)))
	}
	if ref != newsChannel+":"+messageIDForCall(0) {
		t.Errorf("ref %q", ref)
	}
	nonces := map[string]bool{}
	for i, c := range posts {
		var p Payload
		if err := json.Unmarshal(c.Body, &p); err != nil {
			t.Fatal(err)
		}
		if !p.EnforceNonce || len(p.Nonce) > 25 || nonces[p.Nonce] {
			t.Errorf("message %d: nonce %q enforce %v", i, p.Nonce, p.EnforceNonce)
		}
		nonces[p.Nonce] = true
		checkPayloads(t, []Payload{p})
	}
}

// TestDraftAnswerInSeveralMessages: /shared draft of a long edition answers
// with the first message and sends the rest as ephemeral follow-ups.
func TestDraftAnswerInSeveralMessages(t *testing.T) {
	f := newFixture(t, nil)
	want := longDraft(t, f)
	r := f.say(editor, "draft")
	expect(t, "draft", r, true, "DRAFT — not yet published")
	// Follow-ups go out once the HTTP response has been written.
	var followUps []call
	adaptertest.WaitFor(t, "follow-ups", func() bool {
		followUps = find(f.api.all(), "POST", "webhooks/"+appID+"/")
		return len(followUps) >= want
	})
	if len(followUps) != want {
		t.Errorf("%d follow-ups, want %d", len(followUps), want)
	}
	for _, c := range followUps {
		var p Payload
		json.Unmarshal(c.Body, &p)
		if p.Flags != discordgo.MessageFlagsEphemeral {
			t.Errorf("follow-up flags %d", p.Flags)
		}
		checkPayloads(t, []Payload{p})
	}
}

// A story at the longest link the bot accepts (2,048 characters) cannot
// link both its headline and its "Read more >>>" within one embed's 4,096
// characters; it keeps the "Read more >>>" link the product asks of every
// format wherever a story has a link, and shows its headline unlinked.
func TestLongestLinkKeepsReadMore(t *testing.T) {
	link := "https://example.org/" + strings.Repeat("a", digest.MaxURLLength-len("https://example.org/"))
	if c, err := digest.Canonicalize(link); err != nil || c != link {
		t.Fatalf("not a canonical link at the limit: %v", err)
	}
	st := digest.Story{Headline: "Councils share a chief executive", URL: link, Summary: "Two districts agree.", Source: "Example"}
	blocks := storyBlocks(st.Outline(), maxEmbedDescription)
	if len(blocks) != 1 || length(blocks[0]) > maxEmbedDescription {
		t.Fatalf("%d blocks, the first of %d characters", len(blocks), length(blocks[0]))
	}
	got := blocks[0]
	if want := "Two districts agree. [" + md(digest.ReadMore) + "](" + link + ")"; !strings.Contains(got, want) {
		t.Errorf("the summary does not end in a linked %q: %.120q…", digest.ReadMore, got)
	}
	if !strings.HasPrefix(got, "**Councils share a chief executive**") {
		t.Errorf("headline: %.80q", got)
	}
	// Texts longer than an embed with an ordinary link continue in a
	// second block, whole, and keep both links.
	st = digest.Story{Headline: "H", URL: "https://example.org/a", Summary: "S", Commentary: strings.Repeat("c ", 3000)}
	blocks = storyBlocks(st.Outline(), maxEmbedDescription)
	got = strings.Join(blocks, "\n")
	if len(blocks) != 2 || length(blocks[0]) > maxEmbedDescription || length(blocks[1]) > maxEmbedDescription ||
		strings.Count(got, "c") != 3000 || !strings.Contains(got, "\n**[H](https://example.org/a)**\nS [") || !strings.HasSuffix(got, "(https://example.org/a)") {
		t.Errorf("a long commentary with an ordinary link: %d blocks, …%q", len(blocks), got[max(0, len(got)-120):])
	}
}

// storyBlocks is a story in boxes of at most max, as an edition lays it out.
func storyBlocks(st digest.StoryOutline, max int) []string {
	m := chatMarkup
	m.Max = max
	return m.Story(st)
}
