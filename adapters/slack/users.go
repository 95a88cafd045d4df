package slack

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"regexp"
	"slices"
	"strings"
	"time"

	slackgo "github.com/slack-go/slack"

	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/internal/lookup"
)

// Cache lifetimes: long enough that a busy channel costs Slack almost no
// lookups, short enough that a new editor or admin is recognised within
// minutes.
const (
	userTTL  = 10 * time.Minute
	groupTTL = 5 * time.Minute
	// lookupTimeout bounds one users.info or usergroups.users.list call, so a
	// slow Slack cannot hold up a command for long.
	lookupTimeout = 2 * time.Second
)

// directory tells the bot who a Slack user is: their display name, whether
// they are a workspace admin or owner (users.info), and whether they are in
// the editors' user group (usergroups.users.list). Both are cached; lookups
// for the same key in flight at once are made once (lookup.Cache).
type directory struct {
	api     *slackgo.Client
	group   string // editors.slack_usergroup; "" for none
	log     *slog.Logger
	users   *lookup.Cache[userFacts]
	members *lookup.Cache[[]string] // the editors' group: a few people, so a list
}

// userFacts is what users.info told us about one user.
type userFacts struct {
	name  string
	admin bool
}

// caller is the bot's view of a Slack user: nameHint (from the payload) is
// used when users.info cannot be reached. Lookups that fail leave the user
// with no extra rights, never with more.
func (d *directory) caller(ctx context.Context, userID, nameHint string) bot.Caller {
	c := bot.Caller{Person: digest.Person{Platform: PlatformName, ID: userID, Name: nameHint}}
	if userID == "" {
		return c
	}
	f, err := d.user(ctx, userID) // nothing, when users.info cannot say
	if err != nil {
		d.log.WarnContext(ctx, "look up slack user", "user", userID, "err", err)
	}
	c.Name = cmp.Or(f.name, nameHint, userID)
	c.ChannelAdmin = f.admin
	if d.group != "" && d.inGroup(ctx, userID) {
		c.Groups = []string{d.group}
	}
	return c
}

// user is what users.info says of a user; nothing when it cannot say.
func (d *directory) user(ctx context.Context, id string) (userFacts, error) {
	f, err := d.users.Get(ctx, id, func(ctx context.Context) (userFacts, error) {
		u, err := d.api.GetUserInfoContext(ctx, id)
		if err != nil {
			return userFacts{}, fmt.Errorf("users.info %s: %w", id, err)
		}
		return userFacts{name: displayName(u), admin: u.IsAdmin || u.IsOwner || u.IsPrimaryOwner}, nil
	})
	if err != nil {
		return userFacts{}, err // a stale admin is not kept: no more rights than Slack says now
	}
	return f, nil
}

// displayName is the name Slack shows for a user.
func displayName(u *slackgo.User) string {
	return cmp.Or(digest.OneLine(u.Profile.DisplayName), digest.OneLine(u.RealName),
		digest.OneLine(u.Profile.RealName), digest.OneLine(u.Name), u.ID)
}

// inGroup reports whether the user is in the editors' user group. When the
// group cannot be read, the last membership read stands; with none, nobody
// is in it.
func (d *directory) inGroup(ctx context.Context, userID string) bool {
	members, err := d.members.Get(ctx, d.group, func(ctx context.Context) ([]string, error) {
		ids, err := d.api.GetUserGroupMembersContext(ctx, d.group)
		if err != nil {
			return nil, fmt.Errorf("usergroups.users.list %s: %w", d.group, err)
		}
		return ids, nil
	})
	if err != nil {
		d.log.WarnContext(ctx, "read the editors' user group", "group", d.group, "err", err)
	}
	return slices.Contains(members, userID)
}

// userMention is a mention of a user as a message event carries it,
// <@U123>, without the name a slash command's escaping would add.
var userMention = regexp.MustCompile(`<@([UW][A-Z0-9]+)>`)

// namedMentions gives each bare user mention in a message's text the
// user's name, <@U123|Ana>, so that commandText writes "@Ana" where the
// message showed it: a note or commentary written in an @bot mention
// ("note 4 thanks to @Ana") otherwise reached cards and editions as
// "@U123". A user who cannot be looked up stays as the ID.
func (d *directory) namedMentions(ctx context.Context, text string) string {
	return userMention.ReplaceAllStringFunc(text, func(m string) string {
		id := m[2 : len(m)-1]
		f, err := d.user(ctx, id)
		name := strings.NewReplacer("<", "", ">", "", "|", "").Replace(f.name)
		if err != nil || name == "" {
			return m
		}
		return "<@" + id + "|" + name + ">"
	})
}
