package discord

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/config"
)

// expect checks one interaction response: its type, whether only the
// caller sees it, that it parses no mentions, and what it says.
func expect(t *testing.T, what string, r response, private bool, wants ...string) {
	t.Helper()
	if r.Type != int(discordgo.InteractionResponseChannelMessageWithSource) {
		t.Errorf("%s: response type %d, want 4: %s", what, r.Type, r.raw)
		return
	}
	if got := r.Data.Flags&int(discordgo.MessageFlagsEphemeral) != 0; got != private {
		t.Errorf("%s: ephemeral %v, want %v", what, got, private)
	}
	if r.Data.AllowedMentions == nil || r.Data.AllowedMentions.Parse == nil || len(r.Data.AllowedMentions.Parse) != 0 {
		t.Errorf("%s: allowed_mentions %s", what, r.raw)
	}
	for _, w := range wants {
		if !strings.Contains(r.text(), w) {
			t.Errorf("%s: answer lacks %q:\n%s", what, w, r.text())
		}
	}
}

// TestEveryCommandOverHTTP runs each command of PRODUCT.md section 3 as a
// signed HTTP interaction built from the docs' payload, through the real
// router and store.
func TestEveryCommandOverHTTP(t *testing.T) {
	f := newFixture(t, nil)
	page := pageServer(t, 0, nil)

	r := f.say(member, "help")
	expect(t, "help (member)", r, true, "/shared news [SECTOR] [N]", "/shared submit URL [SECTOR] [NOTE…]")
	if strings.Contains(r.text(), "/shared publish") {
		t.Errorf("a member's help lists editor commands:\n%s", r.text())
	}
	expect(t, "help (editor)", f.say(editor, "help"), true, "**Editors**", "/shared publish")

	expect(t, "news, empty", f.say(member, "news", str("sector", "health"), num("count", 5)), true, "No stories in Health & Social Care yet.")
	expect(t, "sectors", f.say(member, "sectors"), true, "Local Government", "`local-government` — Local Government — 0 stories", "Health & Social Care")
	expect(t, "edition, none", f.say(member, "edition"), true, "No edition has been published yet.")

	r = f.say(member, "submit", str("url", page.URL+"/story?utm_source=x"), str("note", "Health boards merging, worth a look"))
	expect(t, "submit", r, true, "✅", "Queued as #1: “Two NHS trusts agree to share a chief executive” (")
	s, err := f.bot.Story(context.Background(), 1)
	if err != nil || s.SubmitNote != "Health boards merging, worth a look" || s.Submitter.ID != memberID || s.Submitter.Name != "Mason" {
		t.Fatalf("submitted story: %+v, %v (a note starting with a sector's name stays the note)", s, err)
	}
	cards := find(f.api.all(), "POST", "channels/"+reviewChannel+"/messages")
	if len(cards) != 1 || !strings.Contains(string(cards[0].Body), "sharednews:approve:1") {
		t.Fatalf("review card: %+v", cards)
	}

	r = f.say(member, "queue")
	expect(t, "queue (member)", r, true, "⚠️", "Only editors can see the review queue.")
	r = f.say(roleEditor, "queue", num("count", 5))
	expect(t, "queue (editor role)", r, true, "Review queue", "Two NHS trusts agree to share a chief executive", "submitted by @Mason on ")

	expect(t, "edit", f.say(editor, "edit", num("id", 1), str("field", "headline"), str("text", "Two NHS trusts share a chief executive")),
		true, "Updated the headline of #1")
	expect(t, "note", f.say(editor, "note", num("id", 1), str("text", "Another pair takes the plunge.")), true, "Updated the commentary of #1")
	expect(t, "approve", f.say(editor, "approve", num("id", 1), str("sector", "local-government")), true, "Approved #1", "into Local Government")
	expect(t, "intro", f.say(editor, "intro", str("text", "A busy week for shared chief executives.")), true, "intro is set")
	r = f.say(editor, "draft")
	expect(t, "draft", r, true, "DRAFT — not yet published", "A busy week", "Local Government", "Another pair takes the plunge.")

	// Subscribing: a member is refused; one with Manage Channels may; the
	// answer is public.
	expect(t, "subscribe (member)", f.say(member, "subscribe"), true, "Only editors and channel admins can subscribe channels.")
	expect(t, "subscribe (manager)", f.say(manager, "subscribe", str("sector", "local-government"), str("sector2", "health")), false,
		"subscribed to Shared News (Local Government, Health & Social Care)")
	expect(t, "status", f.say(member, "status"), true, "the Local Government and Health & Social Care stories of each edition", "Review queue", "<t:")

	n := f.api.count()
	r = f.say(editor, "publish")
	expect(t, "publish", r, false, "Published edition 1", "delivered to 1 of 1 channels")
	posts := find(f.api.since(n), "POST", "channels/"+newsChannel+"/messages")
	if len(posts) != 1 || !strings.Contains(string(posts[0].Body), "Two NHS trusts share a chief executive") {
		t.Fatalf("edition delivery: %+v", posts)
	}
	expect(t, "edition", f.say(member, "edition", num("number", 1)), true, "Edition 1", "Two NHS trusts share a chief executive")
	expect(t, "edition by date", f.say(member, "edition", str("date", "1999-01-01")), true, "There is no edition dated Friday 1 January 1999; the nearest is edition 1")
	expect(t, "news", f.say(member, "news"), true, "Latest stories", "Two NHS trusts share a chief executive", "edition 1")
	expect(t, "search", f.say(member, "search", str("words", "chief executive")), true, "Search: chief executive", "Two NHS trusts")
	if feeds := f.cfg.Feeds.Sources; len(feeds) > 0 {
		expect(t, "feeds", f.say(editor, "feeds"), true, "Feeds", feeds[0].Name, "Not fetched yet")
	} else {
		expect(t, "feeds", f.say(editor, "feeds"), true, "No feeds are configured.")
	}
	expect(t, "unsubscribe", f.say(manager, "unsubscribe"), false, "will no longer receive Shared News")

	// Rejecting, with a reason the submitter hears in a direct message.
	f.say(member, "submit", str("url", page.URL+"/second"), str("sector", "housing"))
	// A one-word note that is also a sector's name is the note: the sector
	// has an option of its own.
	expect(t, "submit, note only", f.say(member, "submit", str("url", page.URL+"/third"), str("note", "health")), true, "Queued as #3")
	if s, err := f.bot.Story(context.Background(), 3); err != nil || s.SubmitNote != "health" {
		t.Errorf("note-only submission: %+v, %v", s, err)
	}
	n = f.api.count()
	expect(t, "reject", f.say(editor, "reject", num("id", 2), str("reason", "Covered last week")), true, "Rejected #2")
	dms := find(f.api.since(n), "POST", "channels/dm"+memberID+"/messages")
	if len(dms) != 1 || !strings.Contains(string(dms[0].Body), "The editor said: “Covered last week”") {
		t.Fatalf("submitter not told: %+v", f.api.since(n))
	}

	// Every REST call carried the bot token and went to the configured base.
	for _, c := range f.api.all() {
		if c.Auth != "Bot "+botToken {
			t.Errorf("%s %s: Authorization %q", c.Method, c.Path, c.Auth)
		}
	}
}

func TestCommandTextFromOptions(t *testing.T) {
	cmds := newFixture(t, nil).bot.Commands()
	opt := func(name string, typ discordgo.ApplicationCommandOptionType, v any) *discordgo.ApplicationCommandInteractionDataOption {
		return &discordgo.ApplicationCommandInteractionDataOption{Name: name, Type: typ, Value: v}
	}
	sub := func(name string, opts ...*discordgo.ApplicationCommandInteractionDataOption) discordgo.ApplicationCommandInteractionData {
		return discordgo.ApplicationCommandInteractionData{Name: "shared", Options: []*discordgo.ApplicationCommandInteractionDataOption{
			{Name: name, Type: discordgo.ApplicationCommandOptionSubCommand, Options: opts}}}
	}
	const s, i = discordgo.ApplicationCommandOptionString, discordgo.ApplicationCommandOptionInteger
	for _, tc := range []struct {
		data    discordgo.ApplicationCommandInteractionData
		want    string
		literal int // index of the argument marked Literal, -1 for none
	}{
		{sub("news", opt("count", i, 5.0), opt("sector", s, "health")), "news health 5", -1},
		{sub("news"), "news", -1},
		{sub("subscribe", opt("sector", s, "health"), opt("sector2", s, "blue light")), `subscribe health "blue light"`, -1},
		{sub("search", opt("words", s, `shared "chief executive" posts`)), `search shared "chief executive" posts`, -1},
		{sub("submit", opt("url", s, "https://example.org/a"), opt("note", s, "A good one")), "submit https://example.org/a A good one", 1},
		// A note whose first word is a sector is still the note.
		{sub("submit", opt("url", s, "https://example.org/a"), opt("note", s, "health")), "submit https://example.org/a health", 1},
		{sub("submit", opt("url", s, "https://example.org/a"), opt("note", s, "Health boards merge")),
			"submit https://example.org/a Health boards merge", 1},
		{sub("submit", opt("url", s, "https://example.org/a"), opt("sector", s, "blue light"), opt("note", s, "Health boards merge")),
			`submit https://example.org/a "blue light" Health boards merge`, 2},
		{sub("submit", opt("url", s, "https://example.org/a"), opt("note", s, `Helth says "yes"`)),
			`submit https://example.org/a Helth says "yes"`, 1},
		{sub("submit", opt("url", s, "https://example.org/a")), "submit https://example.org/a", -1},
		{sub("reject", opt("id", i, 12.0), opt("reason", s, "It's old news")), "reject 12 It's old news", -1},
		{sub("edit", opt("id", i, 3.0), opt("field", s, "sector"), opt("text", s, "blue light")), "edit 3 sector blue light", -1},
		{sub("approve", opt("id", i, 3.0)), "approve 3", -1},
		{sub("edition", opt("date", s, "2014-12-04")), "edition 2014-12-04", -1},
		{sub("lead", opt("id", s, "12")), "lead 12", -1},
		{sub("order", opt("sector2", s, "health"), opt("sector", s, "housing"), opt("sector3", s, "local-government")),
			"order housing health local-government", -1},
		// A subcommand this version does not know: options in the order given.
		{sub("later", opt("a", s, "x y"), opt("b", s, "z w")), `later "x y" z w`, -1},
	} {
		cmd := commandFor(cmds, tc.data)
		if got := commandLine(cmd); got != tc.want {
			t.Errorf("%+v: got %q, want %q", tc.data.Options[0], got, tc.want)
		}
		for j, a := range cmd.Args {
			if a.Literal != (j == tc.literal) {
				t.Errorf("%q: argument %d (%q) Literal = %v", tc.want, j, a.Text, a.Literal)
			}
		}
	}
}

// commandLine is a command's words as the router read them.
func commandLine(cmd bot.Command) string {
	if len(cmd.Args) == 0 {
		return cmd.Name
	}
	return cmd.Name + " " + cmd.RawRest(0)
}

// TestSubcommandGroupPayload reads the disgo payload, whose options nest a
// subcommand group holding a subcommand, as the path of names.
func TestSubcommandGroupPayload(t *testing.T) {
	f := newFixture(t, func(c *config.Config, _ *Options) { c.Bot.Name = "Council Digest" })
	raw := payload(t, "application-command-subcommand-group.json", func(m map[string]any) {
		m["data"].(map[string]any)["name"] = "shared"
	})
	in, err := decodeInteraction(raw)
	if err != nil {
		t.Fatal(err)
	}
	if got := commandLine(commandFor(f.bot.Commands(), in.ApplicationCommandData())); got != "bar baz" {
		t.Errorf("text %q", got)
	}
	r := f.interact(raw)
	expect(t, "unknown subcommand", r, true, "Unknown command `bar`")

	// The docs' own example is another application's command.
	// Each interaction has an ID of its own; one taken is not taken again.
	r = f.interact(payload(t, "application-command-slash-with-option.json", func(m map[string]any) { m["id"] = "786008729715200002" }))
	expect(t, "other command", r, true, "/cardsearch is not a command of Council Digest")
}

// TestForgedAndUnsignedRequests: a bad signature gets 401 and no action.
func TestForgedAndUnsignedRequests(t *testing.T) {
	f := newFixture(t, nil)
	body := f.slash(editor, "publish")
	_, otherKey, _ := ed25519.GenerateKey(nil)
	sig, ts := f.sign(body)
	forged := hex.EncodeToString(ed25519.Sign(otherKey, append([]byte(ts), body...)))
	tampered := []byte(strings.Replace(string(body), editorID, memberID, 1))
	for name, tc := range map[string]struct {
		body    []byte
		sig, ts string
	}{
		"forged":            {body, forged, ts},
		"unsigned":          {body, "", ""},
		"no timestamp":      {body, sig, ""},
		"other timestamp":   {body, sig, "1"},
		"tampered body":     {tampered, sig, ts},
		"signature not hex": {body, "zz" + sig[2:], ts},
	} {
		rec := f.post(tc.body, tc.sig, tc.ts)
		if rec.Code != http.StatusUnauthorized {
			t.Errorf("%s: HTTP %d %s", name, rec.Code, rec.Body.String())
		}
	}
	if n := f.api.count(); n != 0 {
		t.Errorf("refused requests made %d REST calls", n)
	}
	if _, err := f.store.LatestEdition(context.Background()); err == nil {
		t.Error("a refused request published an edition")
	}
	if rec := f.post(body, sig, ts); rec.Code != http.StatusOK {
		t.Errorf("the genuine request: HTTP %d", rec.Code)
	}
}

// TestOnlyPostIsMounted: the endpoint Mount serves takes POST alone; the
// mux answers another method with 405 and Allow: POST, and the adapter
// does nothing.
func TestOnlyPostIsMounted(t *testing.T) {
	f := newFixture(t, nil)
	mux := http.NewServeMux()
	f.adapter.Mount(mux)
	for _, method := range []string{http.MethodGet, http.MethodPut} {
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, httptest.NewRequest(method, "/discord/interactions", strings.NewReader(`{"type":1}`)))
		if rec.Code != http.StatusMethodNotAllowed || !strings.Contains(rec.Header().Get("Allow"), http.MethodPost) {
			t.Errorf("%s: HTTP %d, Allow %q", method, rec.Code, rec.Header().Get("Allow"))
		}
	}
	rec := httptest.NewRecorder()
	body := []byte(`{"type":1}`)
	sig, ts := f.sign(body)
	req := httptest.NewRequest(http.MethodPost, "/discord/interactions", bytes.NewReader(body))
	req.Header.Set("X-Signature-Ed25519", sig)
	req.Header.Set("X-Signature-Timestamp", ts)
	mux.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || rec.Body.String() != `{"type":1}` {
		t.Errorf("POST: HTTP %d %s", rec.Code, rec.Body.String())
	}
	if n := f.api.count(); n != 0 {
		t.Errorf("%d REST calls", n)
	}
}

func TestPing(t *testing.T) {
	f := newFixture(t, nil)
	// Real PINGs carry more fields; the answer is the same.
	body := []byte(`{"application_id":"` + appID + `","id":"1","token":"T","type":1,"user":{"id":"1","username":"x"},"version":1}`)
	sig, ts := f.sign(body)
	if rec := f.post(body, sig, ts); rec.Code != http.StatusOK || rec.Body.String() != `{"type":1}` {
		t.Errorf("PING: %d %s", rec.Code, rec.Body.String())
	}
}

// TestSlowSubmissionIsDeferred: a page that takes longer than the deferral
// budget makes the adapter acknowledge first, ephemerally, and answer by
// editing the original response.
func TestSlowSubmissionIsDeferred(t *testing.T) {
	f := newFixture(t, func(_ *config.Config, o *Options) { o.DeferAfter = 50 * time.Millisecond })
	page := pageServer(t, 400*time.Millisecond, nil)
	r := f.interact(f.slash(member, "submit", str("url", page.URL+"/slow")))
	edit := f.deferredAnswer(t, r)
	if !strings.HasSuffix(edit.Path, "/messages/@original") || !strings.Contains(string(edit.Body), "Queued as #1") ||
		!strings.Contains(string(edit.Body), `"allowed_mentions":{"parse":[]`) {
		t.Errorf("edit of the original response: %s %s", edit.Path, edit.Body)
	}
}

// TestDeferredVisibilityChange: when an answer deferred publicly turns out
// to be for the caller only, the public acknowledgement is deleted and the
// answer sent as an ephemeral follow-up.
func TestDeferredVisibilityChange(t *testing.T) {
	f := newFixture(t, func(_ *config.Config, o *Options) { o.DeferAfter = 10 * time.Millisecond })
	in, err := decodeInteraction(f.slash(editor, "publish"))
	if err != nil {
		t.Fatal(err)
	}
	in.AppID = appID
	var first *interactionResponse
	x := &exchange{in: in, respond: func(_ context.Context, r *interactionResponse) error { first = r; return nil }}
	err = f.adapter.reply(context.Background(), x, true, func(context.Context) bot.Reply {
		time.Sleep(100 * time.Millisecond)
		return bot.Reply{Body: bot.Message{Tone: bot.Problem, Text: "The draft has no stories."}}
	})
	if err != nil {
		t.Fatal(err)
	}
	if first.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource || first.Data.Flags != 0 {
		t.Fatalf("acknowledgement: %+v", first)
	}
	calls := f.api.all()
	if len(calls) != 2 || calls[0].Method != "DELETE" || !strings.HasSuffix(calls[0].Path, "/messages/@original") ||
		calls[1].Method != "POST" || !strings.Contains(string(calls[1].Body), `"flags":64`) ||
		!strings.Contains(string(calls[1].Body), "The draft has no stories.") {
		t.Errorf("calls: %+v", calls)
	}
}

func TestAutocompleteSectors(t *testing.T) {
	f := newFixture(t, func(cfg *config.Config, _ *Options) {
		for i := range 20 {
			cfg.Sectors = append(cfg.Sectors, config.Sector{Slug: "extra-" + string(rune('a'+i)), Name: "Extra " + string(rune('A'+i))})
		}
	})
	cmd := applicationCommand("shared", "Shared News: "+bot.About, f.bot.Commands(), f.bot.Sectors())
	news := cmd.Options[1]
	if news.Name != "news" || !news.Options[0].Autocomplete || news.Options[0].Choices != nil {
		t.Fatalf("with 30 sectors the sector option should autocomplete: %+v", news.Options[0])
	}
	raw := payload(t, "application-command-slash-with-option.json", func(m map[string]any) {
		m["type"] = 4
		m["data"] = map[string]any{"type": 1, "name": "shared", "id": "1", "options": []any{map[string]any{
			"type": 1, "name": "news", "options": []any{map[string]any{"type": 3, "name": "sector", "value": "heal", "focused": true}}}}}
	})
	r := f.interact(raw)
	if r.Type != int(discordgo.InteractionApplicationCommandAutocompleteResult) || len(r.Data.Choices) != 1 ||
		r.Data.Choices[0]["value"] != "health" {
		t.Errorf("autocomplete: %s", r.raw)
	}
	// order's first section takes "reset" too, offered with the sectors.
	raw = payload(t, "application-command-slash-with-option.json", func(m map[string]any) {
		m["type"] = 4
		m["data"] = map[string]any{"type": 1, "name": "shared", "id": "1", "options": []any{map[string]any{
			"type": 1, "name": "order", "options": []any{map[string]any{"type": 3, "name": "sector", "value": "", "focused": true}}}}}
		m["id"] = "786008729715200003" // an interaction of its own
	})
	r = f.interact(raw)
	if len(r.Data.Choices) != 25 || r.Data.Choices[0]["value"] != "reset" {
		t.Errorf("autocomplete of order: %s", r.raw)
	}
}

// TestSubscribeWhereTheBotMayNotPost: a channel where Discord says the bot
// may not see or post (the interaction's app_permissions) would never
// receive an edition, so subscribing it is refused with what is missing,
// and nothing is stored; where it may, the channel is subscribed.
func TestSubscribeWhereTheBotMayNotPost(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	withPerms := func(p person, perms string) []byte {
		return reshaped(t, f.slash(p, "subscribe"), func(m map[string]any) { m["app_permissions"] = perms })
	}
	// The docs' example: Embed Links but neither View Channel nor Send Messages.
	r := f.interact(withPerms(editor, "442368"))
	expect(t, "subscribe without Send Messages", r, true, "not subscribed", "View Channel", "Send Messages", "Nothing was changed")
	if strings.Contains(r.text(), "Embed Links") {
		t.Errorf("Embed Links is not missing: %s", r.text())
	}
	if _, err := f.store.Subscription(ctx, PlatformName, newsChannel); err == nil {
		t.Fatal("the channel was subscribed")
	}
	// A member is refused for who they are, first.
	expect(t, "member", f.interact(withPerms(member, "442368")), true, "Only editors and channel admins")
	// An interaction that does not say what its channel is: Send Messages in
	// Threads may be what lets the bot post (TestSendMessagesInThreadsIsNotSendMessages).
	thread := strconv.FormatInt(discordgo.PermissionViewChannel|discordgo.PermissionEmbedLinks|discordgo.PermissionSendMessagesInThreads|
		discordgo.PermissionReadMessageHistory, 10)
	expect(t, "subscribe a thread", f.interact(withPerms(editor, thread)), false, "subscribed to Shared News")
	// A bot invited before it asked for Read Message History (19456) could
	// post, but after a restart mid-delivery it would not see what it had
	// posted and would post it again: refused, saying so.
	r = f.interact(withPerms(editor, "19456"))
	expect(t, "subscribe without Read Message History", r, true, "not subscribed", "Read Message History", "posted twice", "Nothing was changed")
	if strings.Contains(r.text(), "Send Messages") {
		t.Errorf("only Read Message History is missing: %s", r.text())
	}
	// Administrator may do anything.
	expect(t, "administrator", f.interact(withPerms(editor, strconv.FormatInt(discordgo.PermissionAdministrator, 10))), false, "subscribed")
	expect(t, "with the invite's permissions", f.interact(withPerms(editor, strconv.FormatInt(InvitePermissions, 10))), false, "subscribed")
}

// registeredSub is a subcommand of /shared as registered with Discord.
func registeredSub(t *testing.T, f *fixture, name string) *option {
	t.Helper()
	if err := f.adapter.registerCommands(context.Background()); err != nil {
		t.Fatal(err)
	}
	calls := f.api.all()
	var cmds []command
	if err := json.Unmarshal(calls[len(calls)-1].Body, &cmds); err != nil || len(cmds) != 1 {
		t.Fatalf("bulk overwrite: %v", err)
	}
	for _, o := range cmds[0].Options {
		if o.Name == name {
			return o
		}
	}
	t.Fatalf("no subcommand %s", name)
	return nil
}

// TestSectorListsTakeEverySector: /shared subscribe [SECTOR…] and /shared
// order SECTOR…|reset take as many sectors as there are (PRODUCT.md §3),
// not the first three or six, and order can be reset from Discord's list.
func TestSectorListsTakeEverySector(t *testing.T) {
	f := newFixture(t, nil)
	sectors := f.bot.Sectors()
	slugs := make([]string, len(sectors))
	for i, s := range sectors {
		slugs[i] = s.Slug
	}
	for _, sub := range []string{"subscribe", "order"} {
		if got := len(registeredSub(t, f, sub).Options); got != len(sectors) {
			t.Errorf("%s: %d sector options for %d sectors", sub, got, len(sectors))
		}
	}
	first := registeredSub(t, f, "order").Options[0]
	reset := false
	for _, c := range first.Choices {
		reset = reset || c.Value == "reset"
	}
	if !reset || len(first.Choices) > 25 {
		t.Errorf("order's first option: reset offered %v, %d choices", reset, len(first.Choices))
	}

	// Five sectors at once, the options given out of order and with gaps.
	opts := []map[string]any{str("sector", slugs[0]), str("sector9", slugs[8]), str("sector3", slugs[2]), str("sector4", slugs[3]), str("sector7", slugs[6])}
	expect(t, "subscribe to five sectors", f.say(editor, "subscribe", opts...), false,
		"("+f.bot.SectorName(slugs[0])+", "+f.bot.SectorName(slugs[2])+", "+f.bot.SectorName(slugs[3])+", "+
			f.bot.SectorName(slugs[6])+", "+f.bot.SectorName(slugs[8])+")")
	sub, err := f.store.Subscription(context.Background(), PlatformName, newsChannel)
	if err != nil || len(sub.Sectors) != 5 {
		t.Errorf("subscription: %+v (%v)", sub, err)
	}

	// Every section named, last first.
	var all []map[string]any
	for i := range slugs {
		name := "sector"
		if i > 0 {
			name += strconv.Itoa(i + 1)
		}
		all = append(all, str(name, slugs[len(slugs)-1-i]))
	}
	r := f.say(editor, "order", all...)
	expect(t, "order every section", r, true, "now run "+f.bot.SectorName(slugs[len(slugs)-1])+", ")
	if strings.Contains(r.text(), "then") {
		t.Errorf("sections were left out of the order: %s", r.text())
	}
	expect(t, "order reset", f.say(editor, "order", str("sector", "reset")), true, "back in the usual order")
}

// TestModalSubmissionDecodesAsDiscordgo: a modal submission, whose data
// the adapter reads itself (discordgo refuses Label components), keeps
// every other field as discordgo decodes it: the member who sent it, the
// token its answer needs, the server and channel. The documented payload
// uses an action row, which discordgo still reads, so it is the oracle.
func TestModalSubmissionDecodesAsDiscordgo(t *testing.T) {
	raw := payload(t, "modal-submit.json", nil)
	var want discordgo.Interaction
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatal(err)
	}
	got, err := decodeInteraction(raw)
	if err != nil {
		t.Fatal(err)
	}
	if id := got.ModalSubmitData().CustomID; id != "cool_modal" {
		t.Errorf("custom_id %q, want cool_modal", id)
	}
	if got.fields["name"] != "John" || got.channelName != "general" {
		t.Errorf("fields %v, channel %q: want name John in general", got.fields, got.channelName)
	}
	g, w := *got.Interaction, want
	g.Data, w.Data = nil, nil
	gb, _ := json.Marshal(g)
	wb, _ := json.Marshal(w)
	if string(gb) != string(wb) || got.Member == nil || got.Token != "UNIQUE_TOKEN" {
		t.Errorf("decoded as\n%s\nwant\n%s", gb, wb)
	}
}

// TestUnansweredInteractionGetsTheApology: an interaction the adapter
// fails on before answering (here a type it does not handle) is answered
// with the apology, to the caller alone, rather than left to Discord's
// "The application did not respond".
func TestUnansweredInteractionGetsTheApology(t *testing.T) {
	f := newFixture(t, nil)
	body := reshaped(t, f.slash(editor, "news"), func(m map[string]any) { m["type"] = 99 })
	expect(t, "an interaction of an unknown type", f.interact(body), true, "Something went wrong on our side; nothing was changed.")
}

// TestCommandFromNobodyIsRefused: a slash command that names no user nor
// member (Discord always sends one) is refused to the caller alone in the
// words Slack uses for a command that arrived incomplete, and nothing is
// done: "subscribe" subscribes no channel.
func TestCommandFromNobodyIsRefused(t *testing.T) {
	f := newFixture(t, nil)
	var channel string
	body := reshaped(t, f.slash(editor, "subscribe"), func(m map[string]any) {
		channel = m["channel_id"].(string)
		delete(m, "member")
		delete(m, "user")
	})
	expect(t, "a command from nobody", f.interact(body), true, "⚠️ That command arrived incomplete; nothing was done. Please try again.")
	if s, err := f.store.Subscription(context.Background(), PlatformName, channel); err == nil {
		t.Errorf("a command from nobody subscribed the channel: %+v", s)
	}
}
