package slack

import (
	"context"

	"github.com/slack-go/slack/slackevents"
)

// event takes one Events API callback (an app_mention; others are
// ignored). Slack resends one it thinks unacknowledged, perhaps to a process
// restarted since: each event ID is acted on once (bot.FirstSight, on disk).
func (a *Adapter) event(ctx context.Context, ev slackevents.EventsAPIEvent) {
	cb, _ := ev.Data.(*slackevents.EventsAPICallbackEvent)
	if cb != nil && cb.EventID != "" && !a.bot.FirstSight(ctx, PlatformName, cb.EventID) {
		a.log.DebugContext(ctx, "duplicate slack event ignored", "event_id", cb.EventID)
		return
	}
	mention, ok := ev.InnerEvent.Data.(*slackevents.AppMentionEvent)
	if !ok {
		a.log.Debug("slack event ignored", "type", ev.InnerEvent.Type)
		return
	}
	// The bot's own user IDs as the event names them, so that its mention
	// can be told apart from the others in a message.
	var botIDs []string
	if cb != nil {
		for _, au := range cb.Authorizations {
			if au.IsBot && au.UserID != "" {
				botIDs = append(botIDs, au.UserID)
			}
		}
		botIDs = append(botIDs, cb.AuthedUsers...)
	}
	a.mention(mention, botIDs)
}
