package discord

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sync/atomic"

	"github.com/bwmarrin/discordgo"

	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/internal/redact"
	"github.com/sharednews/sharednews/tasks"
)

// interaction is one interaction from either transport: discordgo's
// decoding, plus what discordgo v0.28 cannot read.
type interaction struct {
	*discordgo.Interaction
	// fields are a submitted modal's values by custom_id (a select's first
	// value), from legacy action rows or Label components alike.
	fields map[string]string
	// channelName and channelType are the channel's when the payload
	// carries it (discordgo v0.28 does not decode it): a thread takes
	// another permission to post in.
	channelName string
	channelType *discordgo.ChannelType
	// perms is app_permissions as sent, nil when left out, which
	// discordgo's int64 cannot tell from "0", no permission at all.
	perms *int64
}

// decodeInteraction reads an interaction's JSON, sent over HTTP or in a
// gateway INTERACTION_CREATE event. discordgo v0.28 refuses modals built
// of Label components (type 18), the shape Discord now recommends: a
// modal's data is read here, every other interaction by discordgo.
func decodeInteraction(raw []byte) (*interaction, error) {
	// fields is discordgo's Interaction without its UnmarshalJSON: the
	// data it would decode is Data here.
	type fields discordgo.Interaction
	var head struct {
		fields
		Channel struct {
			Name string                 `json:"name"`
			Type *discordgo.ChannelType `json:"type"`
		} `json:"channel"`
		Data rawComponent `json:"data"` // a modal's custom_id and components
		// Perms shadows fields' own, to know whether it was sent.
		Perms *int64 `json:"app_permissions,string"`
	}
	if err := json.Unmarshal(raw, &head); err != nil {
		return nil, fmt.Errorf("decode interaction: %w", err)
	}
	if head.Type != discordgo.InteractionPing && (head.ID == "" || head.Token == "") {
		// Nothing could answer it: the answer's route names both (a PING
		// is answered in the HTTP response itself).
		return nil, errors.New("decode interaction: no id or token")
	}
	in := &interaction{Interaction: (*discordgo.Interaction)(&head.fields), perms: head.Perms,
		channelName: head.Channel.Name, channelType: head.Channel.Type}
	if head.Type != discordgo.InteractionModalSubmit {
		if err := json.Unmarshal(raw, in.Interaction); err != nil {
			return nil, fmt.Errorf("decode interaction: %w", err)
		}
		return in, nil
	}
	in.Data = discordgo.ModalSubmitInteractionData{CustomID: head.Data.CustomID}
	in.fields = map[string]string{}
	head.Data.collect(in.fields)
	return in, nil
}

// exchange is one interaction being answered. respond sends the initial
// response, over the HTTP request or the REST callback; it is called once.
// Later messages are edits of the original response and follow-ups.
type exchange struct {
	in      *interaction
	respond func(ctx context.Context, r *interactionResponse) error

	responded atomic.Bool
	// deferred is, once slow work was acknowledged (reply), whether to the
	// channel: the answer then edits the acknowledgement.
	deferred *bool
}

// send sends the initial response, refusing a second one.
func (x *exchange) send(ctx context.Context, r *interactionResponse) error {
	if x.responded.Swap(true) {
		return errors.New("the interaction was already answered")
	}
	return x.respond(ctx, r)
}

// dispatch answers one interaction, from either transport. One left
// unanswered (a failure before any response) gets the bot's failure
// sentence, not Discord's "The application did not respond".
func (a *Adapter) dispatch(ctx context.Context, x *exchange) {
	defer func() {
		if !x.responded.Load() {
			if err := a.refuse(ctx, x, bot.Failed("")); err != nil {
				a.log.WarnContext(ctx, "apology failed", "interaction", x.in.ID, "err", redact.Secrets(err, x.in.Token))
			}
		}
	}()
	// One interaction must not take the whole bot down with it; contained,
	// it is still apologised for (above, deferred first to run last).
	defer tasks.Contain(ctx, a.log, "interaction panicked", "interaction", x.in.ID)
	x.in.AppID = cmp.Or(x.in.AppID, a.cfg.ApplicationID)
	handle := map[discordgo.InteractionType]func(context.Context, *exchange) error{
		discordgo.InteractionApplicationCommand:             a.onCommand,
		discordgo.InteractionApplicationCommandAutocomplete: a.onAutocomplete,
		discordgo.InteractionMessageComponent:               a.onComponent,
		discordgo.InteractionModalSubmit:                    a.onModalSubmit,
	}[x.in.Type]
	err := fmt.Errorf("interaction type %d is not handled", x.in.Type)
	if handle != nil {
		err = handle(ctx, x)
	}
	if err != nil {
		a.log.WarnContext(ctx, "interaction failed", "interaction", x.in.ID, "type", x.in.Type.String(),
			"err", redact.Secrets(err, x.in.Token))
	}
}

// onCommand runs a slash command through the shared router.
func (a *Adapter) onCommand(ctx context.Context, x *exchange) error {
	data := x.in.ApplicationCommandData()
	caller, ok := callerOf(x.in.User, x.in.Member)
	if !ok {
		return a.refuse(ctx, x, bot.Incomplete)
	}
	if data.Name != a.cfg.Command {
		return a.answer(ctx, x, bot.Reply{Body: a.bot.NotOurCommand(data.Name, a.bot.CommandWord(PlatformName))})
	}
	caller = a.withServerRoles(ctx, caller, x.in.Member != nil)
	cmd := commandFor(a.bot.Commands(), data)
	// A slash command's string option is one line, so the intro's and a
	// commentary's, which take paragraphs, are optional on Discord
	// (bot.CommandSpec.Options): left out, the text is asked for in a form
	// (bot.FormFor), which takes line breaks and shows the text as it
	// stands, or refused (one longer than an input holds among them).
	switch form, refused, opens := a.bot.FormFor(ctx, caller, cmd, maxTextInputLength); {
	case opens && form == nil:
		return a.answer(ctx, x, refused)
	case opens:
		return x.send(ctx, modal(bot.FormName(form.Kind(), form.Story), form.Outline(), nil, formInput))
	}
	channel := bot.Channel{Platform: PlatformName, ID: x.in.ChannelID, Name: x.in.channelName}
	channel.Lacks, channel.LacksHistory = channelLacks(x.in)
	req := bot.Request{Caller: caller, Channel: channel, Command: &cmd}
	spec, _ := a.bot.Command(cmd.Name)
	return a.reply(ctx, x, spec.Public, func(ctx context.Context) bot.Reply { return a.bot.Handle(ctx, req) })
}

// onAutocomplete offers bot.Completions for what a member has typed into
// a sector option (autocompleted past 25 sectors), the first 25.
func (a *Adapter) onAutocomplete(ctx context.Context, x *exchange) error {
	path, opts := subcommandPath(x.in.ApplicationCommandData().Options)
	sub, param, typed := "", "", ""
	if i := slices.IndexFunc(opts, func(o *discordgo.ApplicationCommandInteractionDataOption) bool { return o.Focused }); i >= 0 {
		param = opts[i].Name
		typed, _ = opts[i].Value.(string)
		if len(path) > 0 {
			sub = path[len(path)-1]
		}
	}
	words, sectors := a.bot.Completions(sub, param, typed)
	offered := choices(words, sectors)
	return x.send(ctx, &interactionResponse{
		Type: discordgo.InteractionApplicationCommandAutocompleteResult,
		Data: &responseData{Choices: &offered},
	})
}

// reply answers with work's reply, ephemeral unless public. Work that
// outlasts the deferral budget (Discord allows three seconds for the first
// response) is acknowledged first, to the channel when public says so, and
// its answer replaces the acknowledgement.
func (a *Adapter) reply(ctx context.Context, x *exchange, public bool, work func(context.Context) bot.Reply) error {
	r, deferred, err := tasks.Soon(ctx, a.deferAfter, work, func() error {
		return x.send(ctx, &interactionResponse{
			Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
			Data: &responseData{Payload: Payload{Flags: ephemeral(public)}},
		})
	})
	if err != nil {
		return fmt.Errorf("defer the answer: %w", err) // the work completed; only its answer is lost
	}
	if deferred {
		x.deferred = &public
	}
	return a.answer(ctx, x, r)
}

// answer sends a reply as the initial response or an edit of the
// acknowledgement, with follow-ups for the messages after the first. A
// reply whose visibility is not the acknowledgement's is sent as
// follow-ups, the acknowledgement deleted.
func (a *Adapter) answer(ctx context.Context, x *exchange, r bot.Reply) error {
	payloads, flags := renderReply(r), ephemeral(r.Public)
	switch {
	case x.deferred == nil:
		// An interaction response's message is made as a follow-up's.
		first := &interactionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource,
			Data: &responseData{Payload: payloads[0].followUp(flags)}}
		if err := x.send(ctx, first); err != nil {
			return fmt.Errorf("answer: %w", err)
		}
		payloads = payloads[1:]
	case *x.deferred != r.Public:
		// Idempotent, so tried again on any failure, or "thinking…" stays
		// beside the answer (in the channel for a private one); a 404
		// after a try that may have deleted it is what was wanted.
		tried := false
		if err := a.again(ctx, "replace the acknowledgement", anyFailedRequest, func() error {
			err := a.session.InteractionResponseDelete(x.in.Interaction, within(ctx)...)
			if resp := restResponse(err); tried && resp != nil && resp.StatusCode == http.StatusNotFound {
				err = nil
			}
			tried = true
			return redact.Secrets(err, x.in.Token)
		}); err != nil {
			return fmt.Errorf("replace the acknowledgement: %w", err)
		}
	default:
		// Idempotent, so tried again on any failure, or the member is left
		// with "thinking…" though the command was done.
		if err := a.again(ctx, "complete the deferred answer", anyFailedRequest, func() error {
			_, err := a.session.InteractionResponseEdit(x.in.Interaction, payloads[0].edit(), within(ctx)...)
			return redact.Secrets(err, x.in.Token) // a failed connection's error names the URL, token and all
		}); err != nil {
			return fmt.Errorf("complete the deferred answer: %w", err)
		}
		payloads = payloads[1:]
	}
	followUps := discordgo.EndpointWebhookToken(x.in.AppID, x.in.Token) + "?wait=true"
	for i, p := range payloads {
		// A webhook post takes no nonce (enforce_nonce): only a follow-up
		// that cannot have been posted is sent again.
		what := fmt.Sprintf("follow-up %d of %d", i+1, len(payloads))
		if err := a.again(ctx, what, tasks.NeverSent, func() error {
			_, err := a.session.RequestWithBucketID("POST", followUps, p.followUp(flags), followUps, within(ctx)...)
			return redact.Secrets(err, x.in.Token)
		}); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
	}
	return nil
}

// again makes request, and again a few times while it fails with a 5xx
// (discordgo itself retries a 502) or, as failed says, on its connection;
// a nil failed, for a request not to be made twice, tries nothing again
// but a 429, which made nothing. Other 4xx are final. A 429 is waited out
// when its Retry-After fits in ctx, else given up at once, saying so (the
// task would still wait when its time ran out, and a shutdown wait for it).
// request takes within(ctx)'s options, so that a 429 comes back here, not
// slept out by discordgo, and hides its errors' secrets, logged as they
// are (redact.Secrets).
func (a *Adapter) again(ctx context.Context, what string, failed func(error) bool, request func() error) error {
	return tasks.Tries(ctx, a.log, what+": trying again", bot.AnswerTries, bot.AnswerRetryWait, func() (bool, error) {
		err := a.rest.named(request())
		var limited *discordgo.RateLimitError
		switch {
		case err == nil || ctx.Err() != nil:
			return false, err
		case errors.As(err, &limited):
			return tasks.WaitOut(ctx, limited.RetryAfter, err)
		case failed == nil:
			return false, err
		case restResponse(err) != nil:
			return restResponse(err).StatusCode >= 500, err
		}
		return failed(err), err
	})
}

// anyFailedRequest tries an idempotent request again whatever failed on
// its connection: the same edit made twice is made once.
func anyFailedRequest(error) bool { return true }

// refuse answers the caller alone with a problem.
func (a *Adapter) refuse(ctx context.Context, x *exchange, text string) error {
	return a.answer(ctx, x, bot.Reply{Body: bot.Message{Tone: bot.Problem, Text: text}})
}

// callerOf is who wrote a command, as Discord vouches: the user, or in a
// server the member with their roles (for the editor role) and whether
// they may manage the channel (channelAdmin), which an interaction's
// member carries and a message's does not (withChannelAdmin looks it up).
// Named as Discord shows them: nickname, else display name, else user
// name. A DM has no member, so neither.
func callerOf(u *discordgo.User, m *discordgo.Member) (bot.Caller, bool) {
	var c bot.Caller
	nick := ""
	if m != nil {
		if m.User != nil {
			u = m.User
		}
		nick, c.Groups = m.Nick, m.Roles
		c.ChannelAdmin = m.Permissions&channelAdmin != 0
	}
	if u == nil || u.ID == "" {
		return bot.Caller{}, false
	}
	c.Person = digest.Person{Platform: PlatformName, ID: u.ID, Name: digest.OneLine(cmp.Or(nick, u.GlobalName, u.Username))}
	return c, true
}

// channelAdmin are the permissions that make a member a channel admin,
// who may subscribe the channel.
const channelAdmin = discordgo.PermissionManageChannels | discordgo.PermissionAdministrator
