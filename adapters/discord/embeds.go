package discord

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/digest"
)

// listSummaryLength is how much of a summary a story list shows: enough to
// tell stories apart, short enough to skim ten of them.
const listSummaryLength = 300

// renderReply turns a bot reply into the messages that answer it: embeds
// for stories, sectors, editions, status, help and feeds; plain content for
// a sentence. word is the slash command as users type it ("/shared").
func renderReply(r bot.Reply, word string) []Payload {
	var out []Payload
	switch b := r.Body.(type) {
	case bot.Message:
		out = []Payload{messagePayload(b)}
	case bot.StoryList:
		out = storyListPayloads(b)
	case bot.SectorList:
		out = sectorListPayloads(b)
	case bot.EditionView:
		out = EditionPayloads(b.Edition)
	case bot.StatusView:
		out = []Payload{statusPayload(b, word)}
	case bot.HelpView:
		out = helpPayloads(b)
	case bot.FeedList:
		out = feedListPayloads(b)
	default:
		out = []Payload{{Content: fmt.Sprintf("(an answer Discord cannot show: %T)", r.Body)}}
	}
	for i := range out {
		out[i] = seal(out[i])
	}
	return out
}

// toneMarks lead a message of each tone.
var toneMarks = map[bot.Tone]string{bot.Success: "✅ ", bot.Problem: "⚠️ "}

// messagePayload is a sentence from the bot as plain content, marked by its
// tone, with the usage line of a mistyped command under it.
func messagePayload(m bot.Message) Payload {
	var sb strings.Builder
	sb.WriteString(toneMarks[m.Tone])
	sb.WriteString(neutralize(unmask(digest.CleanText(m.Text))))
	if m.Usage != "" {
		sb.WriteString("\nUsage: " + neutralize(unmask(digest.OneLine(m.Usage))))
	}
	return Payload{Content: clip(sb.String(), maxContent)}
}

// storyListPayloads shows news, search results and the queue as one embed
// per story: the headline linking to it, in its sector's colour, the start of
// the summary, and the source in the footer.
func storyListPayloads(l bot.StoryList) []Payload {
	didYouMean := ""
	if l.DidYouMean != "" {
		didYouMean = "\nDid you mean *" + md(digest.OneLine(l.DidYouMean)) + "*?"
	}
	if len(l.Items) == 0 {
		empty := l.Empty
		if empty == "" {
			empty = "Nothing to show."
		}
		return []Payload{{Content: clip(neutralize(unmask(digest.CleanText(empty)))+didYouMean, maxContent)}}
	}
	header := "**" + md(digest.OneLine(l.Title)) + "**"
	if shown := l.Shown(); shown != "" {
		header += " · " + shown
	}
	if l.Note != "" {
		header += "\n" + md(digest.OneLine(l.Note))
	}
	header += didYouMean
	embeds := make([]*discordgo.MessageEmbed, 0, len(l.Items))
	for _, it := range l.Items {
		embeds = append(embeds, storyEmbed(l.Kind, it))
	}
	return packEmbeds(clip(header, maxContent), embeds)
}

// headlineEmbed is an embed titled with a story's name (its headline, or
// its link while it has none), linking to the story, in its sector's colour.
func headlineEmbed(o digest.StoryOutline, sector string) *discordgo.MessageEmbed {
	return &discordgo.MessageEmbed{Title: clip(md(o.Name), maxEmbedTitle), URL: embedURL(o.URL), Color: sectorColour(sector)}
}

// storyEmbed is one story in a list.
func storyEmbed(kind bot.ListKind, it bot.StoryItem) *discordgo.MessageEmbed {
	s := it.Story
	e := headlineEmbed(s.Outline(), s.Sector)
	var desc []string
	if c := it.Commentary(); c != "" && kind != bot.QueueList {
		desc = append(desc, italicLines(clip(md(digest.OneLine(c)), listSummaryLength)))
	}
	if s.Summary != "" {
		desc = append(desc, clip(md(digest.OneLine(s.Summary)), listSummaryLength))
	}
	if kind == bot.QueueList {
		if !s.Submitter.IsZero() {
			when := ""
			if !s.CreatedAt.IsZero() {
				when = " " + discordTime(s.CreatedAt, 'R')
			}
			desc = append(desc, "Submitted by @"+md(s.Submitter.DisplayName())+when)
		} else {
			desc = append(desc, "From the newswire")
		}
		if s.SubmitNote != "" {
			desc = append(desc, "> "+clip(md(digest.OneLine(s.SubmitNote)), listSummaryLength))
		}
	}
	e.Description = clip(strings.Join(desc, "\n"), maxEmbedDescription)
	e.Footer = footer(fmt.Sprintf("#%d", s.ID), plain(s.Source), plain(it.SectorName), it.Standing())
	return e
}

// footer is an embed's footer of facts about a story, those that are not
// empty, joined by " · " within Discord's limit.
func footer(facts ...string) *discordgo.MessageEmbedFooter {
	var shown []string
	for _, f := range facts {
		if f != "" {
			shown = append(shown, f)
		}
	}
	return &discordgo.MessageEmbedFooter{Text: clip(strings.Join(shown, " · "), maxEmbedFooter)}
}

// sectorListPayloads shows the sectors as fields: name, slug, story count
// and aliases, in display order.
func sectorListPayloads(l bot.SectorList) []Payload {
	fields := make([]*discordgo.MessageEmbedField, 0, len(l.Items))
	for _, it := range l.Items {
		value := "`" + strings.ReplaceAll(plain(it.Sector.Slug), "`", "'") + "` · " + it.Count()
		if len(it.Sector.Aliases) > 0 {
			value += "\nalso: " + md(strings.Join(it.Sector.Aliases, ", "))
		}
		fields = append(fields, &discordgo.MessageEmbedField{Name: clip(md(it.Sector.Label()), maxFieldName), Value: clip(value, maxFieldValue)})
	}
	return packEmbeds("", fieldEmbeds("Sectors", fields, brandColour))
}

// fieldEmbeds spreads fields over as many embeds as the limits need (25
// fields and 6,000 characters an embed); the first has the title.
func fieldEmbeds(title string, fields []*discordgo.MessageEmbedField, colour int) []*discordgo.MessageEmbed {
	pager := digest.Pager[*discordgo.MessageEmbedField]{
		Size: func(f *discordgo.MessageEmbedField) digest.Room {
			return digest.Room{Items: 1, Text: length(f.Name) + length(f.Value)}
		},
		First: digest.Room{Items: maxEmbedFields, Text: maxEmbedCharacters - length(title)},
		Later: digest.Room{Items: maxEmbedFields, Text: maxEmbedCharacters},
	}
	out := []*discordgo.MessageEmbed{{Title: title, Color: colour}}
	for i, page := range pager.Pack(fields) {
		if i > 0 {
			out = append(out, &discordgo.MessageEmbed{Color: colour})
		}
		out[i].Fields = page
	}
	return out
}

// statusPayload shows a channel's subscription, the next publication (in
// each reader's own time zone, through a Discord timestamp), the queue and
// draft, and for editors the latest edition's deliveries.
func statusPayload(v bot.StatusView, word string) Payload {
	sub := "Not subscribed. `" + word + " subscribe` sends each edition here."
	switch {
	case v.Subscribed && len(v.Sectors) == 0:
		sub = "Every sector"
	case v.Subscribed:
		names := v.SectorNames()
		for i, n := range names {
			names[i] = md(n)
		}
		sub = strings.Join(names, ", ")
	}
	next := "No publication is scheduled."
	if !v.NextPublication.IsZero() {
		next = discordTime(v.NextPublication, 'F') + " (" + discordTime(v.NextPublication, 'R') + ")"
	}
	fields := []*discordgo.MessageEmbedField{
		{Name: "Subscription", Value: clip(sub, maxFieldValue)},
		{Name: "Next edition", Value: next},
		{Name: "Review queue", Value: v.Queue(), Inline: true},
		{Name: "Draft", Value: v.Draft(), Inline: true},
	}
	if v.LatestEdition > 0 {
		fields = append(fields, &discordgo.MessageEmbedField{Name: "Latest edition", Value: "Edition " + strconv.Itoa(v.LatestEdition), Inline: true})
	}
	if t := v.Delivery; t != nil {
		lines := []string{t.Counts()}
		for _, f := range t.Failures {
			lines = append(lines, "failed: "+md(digest.OneLine(f.Channel+": "+f.Reason)))
		}
		fields = append(fields, &discordgo.MessageEmbedField{
			Name:  fmt.Sprintf("Delivery of edition %d", t.Edition),
			Value: clip(strings.Join(lines, "\n"), maxFieldValue),
		})
	}
	if e := v.Email; e != nil {
		lines := []string{"Readers: " + e.Readers()}
		if e.Edition > 0 {
			lines = append(lines, fmt.Sprintf("Edition %d: %s", e.Edition, e.Mails()))
		}
		fields = append(fields, &discordgo.MessageEmbedField{Name: "Email edition", Value: strings.Join(lines, "\n")})
	}
	return Payload{Embeds: []*discordgo.MessageEmbed{{Title: "Shared News in this channel", Color: brandColour, Fields: fields}}}
}

// helpPayloads lists the commands the caller may use, everyone's first.
func helpPayloads(h bot.HelpView) []Payload {
	var blocks []string
	editors := false
	blocks = append(blocks, "**Everyone**")
	for _, e := range h.Entries {
		if e.EditorOnly && !editors {
			blocks = append(blocks, "\n**Editors**")
			editors = true
		}
		blocks = append(blocks, "`"+strings.ReplaceAll(digest.OneLine(e.Usage), "`", "'")+"` — "+md(digest.OneLine(e.Summary)))
	}
	return packEmbeds("", textEmbeds("Shared News commands", digest.JoinWithin(blocks, "\n", maxEmbedDescription), brandColour))
}

// feedListPayloads shows each feed's health as a field.
func feedListPayloads(l bot.FeedList) []Payload {
	fields := make([]*discordgo.MessageEmbedField, 0, len(l.Items))
	for _, f := range l.Items {
		lines := []string{plain(f.URL)}
		if f.Sector != "" {
			lines = append(lines, "Sector: "+md(digest.OneLine(f.Sector)))
		}
		h := f.Health
		if h.LastFetchAt.IsZero() {
			lines = append(lines, "Not fetched yet")
		} else {
			last := fmt.Sprintf("Last fetch %s (%s), %s", discordTime(h.LastFetchAt, 'R'),
				md(digest.OneLine(h.LastStatus)), digest.Plural(h.LastNewStories, "new story", "new stories"))
			if h.LastHeldBack > 0 {
				last += fmt.Sprintf(", %d held back", h.LastHeldBack)
			}
			lines = append(lines, last)
		}
		if h.LastError != "" {
			lines = append(lines, fmt.Sprintf("⚠️ %s (%d in a row)", clip(md(digest.OneLine(h.LastError)), 300), h.ConsecutiveFailures))
		}
		if !h.NextPollAt.IsZero() {
			lines = append(lines, "Next poll "+discordTime(h.NextPollAt, 'R'))
		}
		if moved := f.Moved(); moved != "" {
			lines = append(lines, "➡️ "+clip(plain(moved), 300))
		}
		if h.HeldBackTotal > 0 {
			lines = append(lines, fmt.Sprintf("%s, not kept (to keep one: `%s submit URL`):",
				f.HeldBack(), plain(l.Command)))
			for _, hb := range h.HeldBack {
				lines = append(lines, fmt.Sprintf("• %s <%s> looks like #%d “%s”", md(digest.Shorten(digest.OneLine(hb.Entry.Headline), 80)),
					plain(hb.Entry.URL), hb.Of.ID, md(digest.Shorten(digest.OneLine(hb.Of.Headline), 80))))
			}
		}
		name := md(digest.OneLine(f.Name))
		if name == "" {
			name = "(unnamed feed)"
		}
		fields = append(fields, &discordgo.MessageEmbedField{Name: clip(name, maxFieldName), Value: clip(strings.Join(lines, "\n"), maxFieldValue)})
	}
	return packEmbeds("", fieldEmbeds("Feeds", fields, brandColour))
}

// discordTime is a Discord timestamp, which each reader's client shows in
// their own time zone and language; style 'F' is a full date and time, 'R'
// relative ("in 3 days").
func discordTime(t time.Time, style byte) string {
	return fmt.Sprintf("<t:%d:%c>", t.Unix(), style)
}
