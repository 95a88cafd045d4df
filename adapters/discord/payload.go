package discord

import (
	"github.com/bwmarrin/discordgo"
)

// Payload is one Discord message as the adapter composes it: the JSON body
// of Create Message, and the message part of interaction responses,
// follow-ups and edits, which are converted from it.
type Payload struct {
	Content         string                            `json:"content,omitempty"`
	Embeds          []*discordgo.MessageEmbed         `json:"embeds,omitempty"`
	Components      []discordgo.MessageComponent      `json:"components,omitempty"`
	AllowedMentions *discordgo.MessageAllowedMentions `json:"allowed_mentions"`
	Flags           discordgo.MessageFlags            `json:"flags,omitempty"`
	// Nonce with EnforceNonce makes Discord create the message at most once
	// for a few minutes, so a retried delivery does not post twice.
	Nonce        string `json:"nonce,omitempty"`
	EnforceNonce bool   `json:"enforce_nonce,omitempty"`
}

// noMentions is allowed_mentions that allows none: Discord parses no
// @everyone, @here, role or user mention in the message, whatever it says.
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

// seal makes p ready to send: every text neutralised (again: builders
// already did, and neutralize is idempotent) and allowed_mentions set to
// parse nothing. Every message the adapter sends goes through it.
func seal(p Payload) Payload {
	p.Content = neutralize(p.Content)
	embeds := make([]*discordgo.MessageEmbed, len(p.Embeds))
	for i, e := range p.Embeds {
		c := *e
		c.Title = neutralize(c.Title)
		c.Description = neutralize(c.Description)
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
		if c.Fields != nil {
			fields := make([]*discordgo.MessageEmbedField, len(c.Fields))
			for j, f := range c.Fields {
				fields[j] = &discordgo.MessageEmbedField{Name: neutralize(f.Name), Value: neutralize(f.Value), Inline: f.Inline}
			}
			c.Fields = fields
		}
		embeds[i] = &c
	}
	if len(embeds) > 0 {
		p.Embeds = embeds
	}
	p.AllowedMentions = noMentions()
	return p
}

// responseData is p as the message of an interaction response.
func (p Payload) responseData(flags discordgo.MessageFlags) *discordgo.InteractionResponseData {
	p = seal(p)
	return &discordgo.InteractionResponseData{
		Content: p.Content, Embeds: p.Embeds, Components: p.Components,
		AllowedMentions: p.AllowedMentions, Flags: flags,
	}
}

// webhookParams is p as an interaction follow-up message.
func (p Payload) webhookParams(flags discordgo.MessageFlags) *discordgo.WebhookParams {
	p = seal(p)
	return &discordgo.WebhookParams{
		Content: p.Content, Embeds: p.Embeds, Components: p.Components,
		AllowedMentions: p.AllowedMentions, Flags: flags,
	}
}

// webhookEdit is p as an edit of an interaction's original response. The
// edit replaces content, embeds and components entirely.
func (p Payload) webhookEdit() *discordgo.WebhookEdit {
	p = seal(p)
	embeds := p.Embeds
	if embeds == nil {
		embeds = []*discordgo.MessageEmbed{}
	}
	components := p.Components
	if components == nil {
		components = []discordgo.MessageComponent{}
	}
	return &discordgo.WebhookEdit{Content: &p.Content, Embeds: &embeds, Components: &components,
		AllowedMentions: p.AllowedMentions}
}

// messageEdit is p as an edit of a channel message. Like webhookEdit it
// replaces content, embeds and components, so a payload without
// components removes a card's buttons.
func (p Payload) messageEdit(channelID, messageID string) *discordgo.MessageEdit {
	p = seal(p)
	embeds := p.Embeds
	if embeds == nil {
		embeds = []*discordgo.MessageEmbed{}
	}
	components := p.Components
	if components == nil {
		components = []discordgo.MessageComponent{}
	}
	return &discordgo.MessageEdit{Channel: channelID, ID: messageID, Content: &p.Content, Embeds: &embeds,
		Components: &components, AllowedMentions: p.AllowedMentions}
}

// ephemeral is the message flag for a reply only its caller sees, unless
// the reply is public.
func ephemeral(public bool) discordgo.MessageFlags {
	if public {
		return 0
	}
	return discordgo.MessageFlagsEphemeral
}
