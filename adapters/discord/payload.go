package discord

import (
	"slices"

	"github.com/bwmarrin/discordgo"
)

// Payload is one Discord message as the adapter composes it: the JSON body
// of Create Message, and the message part of interaction responses,
// follow-ups and edits, which are converted from it.
type Payload struct {
	Content    string                       `json:"content,omitempty"`
	Embeds     []*discordgo.MessageEmbed    `json:"embeds,omitempty"`
	Components []discordgo.MessageComponent `json:"components,omitempty"`
	// AllowedMentions is set by seal on every message the adapter sends.
	AllowedMentions *discordgo.MessageAllowedMentions `json:"allowed_mentions,omitempty"`
	Flags           discordgo.MessageFlags            `json:"flags,omitempty"`
	// Nonce with EnforceNonce makes Discord create the message at most once
	// for a few minutes, so a retried delivery does not post twice.
	Nonce        string `json:"nonce,omitempty"`
	EnforceNonce bool   `json:"enforce_nonce,omitempty"`
	// Reference makes a new message a reply to another (Create Message
	// only: an answer to a command given in a message).
	Reference *discordgo.MessageReference `json:"message_reference,omitempty"`
}

// seal makes p ready to send, as every message the adapter sends is:
// every text neutralised (again: builders already did, and neutralize is
// idempotent) and allowed_mentions parsing no mention, whatever it says.
func seal(p Payload) Payload {
	p.Content = neutralize(p.Content)
	p.Embeds = slices.Clone(p.Embeds) // the caller's embeds are left as they were
	for i, e := range p.Embeds {
		c := *e
		c.Title, c.Description = neutralize(c.Title), neutralize(c.Description)
		if c.Footer != nil {
			f := *c.Footer
			f.Text = neutralize(f.Text)
			c.Footer = &f
		}
		if c.Author != nil {
			a := *c.Author
			a.Name = neutralize(a.Name)
			c.Author = &a
		}
		c.Fields = slices.Clone(c.Fields)
		for j, f := range c.Fields {
			c.Fields[j] = &discordgo.MessageEmbedField{Name: neutralize(f.Name), Value: neutralize(f.Value), Inline: f.Inline}
		}
		p.Embeds[i] = &c
	}
	p.AllowedMentions = &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
	return p
}

// Outgoing requests are built from the types below, each with only the
// fields Discord documents for its endpoint, not from discordgo's, which
// send null for slices Discord marks optional (components, embeds,
// choices, options, channel_types); but edits (WebhookEdit, see edit).

// interactionResponse is an interaction response (POST /interactions/{id}/{token}/callback).
type interactionResponse struct {
	Type discordgo.InteractionResponseType `json:"type"`
	Data *responseData                     `json:"data,omitempty"`
}

// responseData is a response's data: a message (Payload's fields; it never
// has a nonce), an autocomplete result or a modal, as its Type says.
type responseData struct {
	Payload
	// Choices answer an autocomplete interaction; Discord wants the array
	// even when it is empty.
	Choices *[]*discordgo.ApplicationCommandOptionChoice `json:"choices,omitempty"`
	// CustomID and Title are a modal's.
	CustomID string `json:"custom_id,omitempty"`
	Title    string `json:"title,omitempty"`
}

// followUp is p as an interaction follow-up message (Create Followup
// Message): Create Message's body with the flags that make it ephemeral.
func (p Payload) followUp(flags discordgo.MessageFlags) Payload {
	p = seal(p)
	p.Flags = flags
	return p
}

// edit is p as the body of Edit Message or Edit Original Interaction
// Response, discordgo's WebhookEdit (whose keys both take; its MessageEdit
// would add untagged "ID" and "Channel"), with content, embeds and
// components always sent, so that an edit replaces them (a card without
// components loses its buttons).
func (p Payload) edit() *discordgo.WebhookEdit {
	p = seal(p)
	embeds := append([]*discordgo.MessageEmbed{}, p.Embeds...)
	components := append([]discordgo.MessageComponent{}, p.Components...)
	return &discordgo.WebhookEdit{Content: &p.Content, Embeds: &embeds, Components: &components, AllowedMentions: p.AllowedMentions}
}

// ephemeral is the message flag for a reply only its caller sees, unless
// the reply is public.
func ephemeral(public bool) discordgo.MessageFlags {
	if public {
		return 0
	}
	return discordgo.MessageFlagsEphemeral
}
