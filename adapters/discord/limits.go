package discord

import (
	"github.com/bwmarrin/discordgo"

	"github.com/sharednews/sharednews/digest"
)

// Discord's limits on one message, in characters (see length).
const (
	maxContent          = 2000
	maxEmbedTitle       = 256
	maxEmbedDescription = 4096
	maxFieldValue       = 1024
	maxEmbedFooter      = 2048
	maxEmbedAuthor      = 256
	maxEmbedURL         = 2048 // an embed's url (Discord's OpenAPI spec, RichEmbed.url)
	maxEmbedsPerMessage = 10
	maxEmbedCharacters  = 6000 // across all the embeds of one message
	maxSelectOptions    = 25
	maxChoices          = 25
	maxOptions          = 25 // a subcommand's options
	maxOptionLabel      = 100
	maxChoiceValue      = 100  // a choice's or a select option's value
	maxDescription      = 100  // a command's or option's description
	maxOptionLength     = 6000 // a string option's max_length
	// maxCommandCharacters bounds a command's names, descriptions and
	// choice values, its options' included (see commandCharacters).
	maxCommandCharacters = 8000
)

// embedSize is what an embed counts against the per-message total: its
// title, description, field names and values, footer and author name.
func embedSize(e *discordgo.MessageEmbed) int {
	n := length(e.Title) + length(e.Description)
	for _, f := range e.Fields {
		n += length(f.Name) + length(f.Value)
	}
	if e.Footer != nil {
		n += length(e.Footer.Text)
	}
	if e.Author != nil {
		n += length(e.Author.Name)
	}
	return n
}

// packEmbeds puts embeds, in order, into as few messages as Discord's limits
// allow (ten embeds and 6,000 characters), the first carrying content. Each
// embed must be within one embed's limits, and so fits a message alone. An
// embed marked in joined (a story continued from the embed before it;
// joined may be nil) goes with the embeds before it: such a run starts a
// new message when it does not fit the current one, and only a run too big
// for any message is split.
func packEmbeds(content string, embeds []*discordgo.MessageEmbed, joined []bool) []Payload {
	pager := digest.Pager[*discordgo.MessageEmbed]{
		Size:   func(e *discordgo.MessageEmbed) digest.Room { return digest.Room{Items: 1, Text: embedSize(e)} },
		First:  digest.Room{Items: maxEmbedsPerMessage, Text: maxEmbedCharacters},
		Joined: joined,
	}
	var out []Payload
	for _, page := range pager.Pack(embeds) {
		out = append(out, Payload{Embeds: page})
	}
	if len(out) == 0 && content != "" {
		out = append(out, Payload{})
	}
	if len(out) > 0 {
		out[0].Content = content
	}
	return out
}
