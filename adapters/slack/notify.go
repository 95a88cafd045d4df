package slack

import (
	"context"
	"fmt"

	slackgo "github.com/slack-go/slack"

	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/digest"
)

// Notify implements bot.Platform: a direct message from the app to one
// person, such as a submitter whose story was approved.
func (a *Adapter) Notify(ctx context.Context, user digest.Person, msg bot.Message) error {
	if user.Platform != PlatformName || user.ID == "" {
		return fmt.Errorf("notify %s/%s: not a Slack user", user.Platform, user.ID)
	}
	ch, err := a.openIM(ctx, user.ID)
	if err == nil {
		err = a.answerInChannel(ctx, ch, "", "", bot.Reply{Public: true, Body: msg})
	}
	if err != nil {
		return fmt.Errorf("notify %s: %w", user.ID, err)
	}
	return nil
}

// openIM opens (or finds) the app's direct message with user: its channel.
func (a *Adapter) openIM(ctx context.Context, user string) (string, error) {
	ch, _, _, err := a.api.OpenConversationContext(ctx, &slackgo.OpenConversationParameters{Users: []string{user}, ReturnIM: true})
	if err != nil {
		return "", fmt.Errorf("open a direct message: %w", err)
	}
	return ch.ID, nil
}
