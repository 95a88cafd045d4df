package discord

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/config"
)

func TestRegisterCommands(t *testing.T) {
	t.Run("globally", func(t *testing.T) {
		f := newFixture(t, nil)
		if err := f.adapter.registerCommands(context.Background()); err != nil {
			t.Fatal(err)
		}
		calls := f.api.all()
		if len(calls) != 1 || calls[0].Method != http.MethodPut || calls[0].Path != "applications/"+appID+"/commands" {
			t.Fatalf("calls: %+v", calls)
		}
		var cmds []*discordgo.ApplicationCommand
		if err := json.Unmarshal(calls[0].Body, &cmds); err != nil || len(cmds) != 1 || cmds[0].Name != "shared" {
			t.Fatalf("bulk overwrite body: %s (%v)", calls[0].Body, err)
		}
		var pretty bytes.Buffer
		json.Indent(&pretty, calls[0].Body, "", "  ")
		pretty.WriteByte('\n')
		golden(t, filepath.Join("testdata", "golden", "command.json"), pretty.Bytes())
	})
	t.Run("described as the bot describes itself", func(t *testing.T) {
		// One description of the newsletter (bot.About), with the
		// configured name while the two fit in Discord's 100 characters.
		for name, want := range map[string]string{
			"Council Digest":        "Council Digest: " + bot.About,
			strings.Repeat("N", 30): "A weekly digest of collaboration and shared-services news for the public sector",
		} {
			f := newFixture(t, func(cfg *config.Config, _ *Options) { cfg.Bot.Name = name })
			if err := f.adapter.registerCommands(context.Background()); err != nil {
				t.Fatal(err)
			}
			var cmds []*discordgo.ApplicationCommand
			if err := json.Unmarshal(f.api.all()[0].Body, &cmds); err != nil || len(cmds) != 1 {
				t.Fatalf("bulk overwrite body: %s (%v)", f.api.all()[0].Body, err)
			}
			if cmds[0].Description != want {
				t.Errorf("named %q, the command is described as %q, want %q", name, cmds[0].Description, want)
			}
		}
	})
	t.Run("per guild", func(t *testing.T) {
		f := newFixture(t, func(cfg *config.Config, _ *Options) {
			cfg.Discord.GuildIDs = []string{"290926798626357999", "772904309264089089"}
			cfg.Discord.Command = "news"
		})
		if err := f.adapter.registerCommands(context.Background()); err != nil {
			t.Fatal(err)
		}
		var paths []string
		for _, c := range f.api.all() {
			paths = append(paths, c.Method+" "+c.Path)
			if !strings.Contains(string(c.Body), `"name":"news"`) {
				t.Errorf("command name: %.100s", c.Body)
			}
		}
		want := "PUT applications/" + appID + "/guilds/290926798626357999/commands PUT applications/" + appID + "/guilds/772904309264089089/commands"
		if strings.Join(paths, " ") != want {
			t.Errorf("calls: %v", paths)
		}
	})
	t.Run("refused", func(t *testing.T) {
		f := newFixture(t, func(cfg *config.Config, _ *Options) { cfg.Discord.APIURL = "http://127.0.0.1:1/api/v10/" })
		err := f.adapter.registerCommands(context.Background())
		if err == nil || !strings.Contains(err.Error(), "register /shared globally") {
			t.Errorf("error: %v", err)
		}
	})
}

// TestCommandDefinitionWithinDiscordRules checks the registered command
// against Discord's rules for names, descriptions and counts.
func TestCommandDefinitionWithinDiscordRules(t *testing.T) {
	cmd := applicationCommand("shared", "Shared News: "+bot.About, newFixture(t, nil).bot.Commands(), testSectors())
	name := regexp.MustCompile(`^[-_\p{Ll}\p{N}]{1,32}$`)
	var check func(where string, opts []*option)
	check = func(where string, opts []*option) {
		if len(opts) > 25 {
			t.Errorf("%s: %d options", where, len(opts))
		}
		seen := map[string]bool{}
		requiredDone := false
		for _, o := range opts {
			w := where + " " + o.Name
			if !name.MatchString(o.Name) || seen[o.Name] {
				t.Errorf("%s: bad or repeated name", w)
			}
			seen[o.Name] = true
			if n := length(o.Description); n < 1 || n > 100 {
				t.Errorf("%s: description has %d characters", w, n)
			}
			if len(o.Choices) > 25 || (o.Autocomplete && len(o.Choices) > 0) {
				t.Errorf("%s: %d choices, autocomplete %v", w, len(o.Choices), o.Autocomplete)
			}
			if o.Required && requiredDone {
				t.Errorf("%s: a required option after an optional one", w)
			}
			if !o.Required && o.Type != discordgo.ApplicationCommandOptionSubCommand {
				requiredDone = true
			}
			check(w, o.Options)
		}
	}
	if length(cmd.Description) > 100 {
		t.Errorf("command description has %d characters", length(cmd.Description))
	}
	check("/shared", cmd.Options)
	var subs []string
	for _, o := range cmd.Options {
		subs = append(subs, o.Name)
	}
	want := "help news sectors search edition submit subscribe unsubscribe status queue approve reject note edit intro lead order draft publish feeds"
	if strings.Join(subs, " ") != want {
		t.Errorf("subcommands: %v", subs)
	}
}

func TestAPIRewriter(t *testing.T) {
	var seen []string
	next := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		seen = append(seen, r.Method+" "+r.URL.String()+" host="+r.Host)
		return &http.Response{StatusCode: 204, Body: http.NoBody, Request: r}, nil
	})
	base, _ := url.Parse("http://127.0.0.1:9/prefix/api") // no trailing slash
	client := &http.Client{Transport: &apiRewriter{base: base, next: next}}
	// Each REST URL's path after "/api/" and the version goes under the
	// base; any other URL is left as it is.
	for _, u := range []string{"https://discord.com/api/v9/users/@me/channels?x=1", "https://example.org/other",
		"https://discord.com/api/v9/channels/1/messages", "https://discord.com/api/v10/webhooks/2/T/messages/@original",
		"https://discord.com/api/gateway", "https://cdn.discordapp.com/avatars/1/a.png", "https://discord.com/channels/1"} {
		resp, err := client.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	want := []string{"GET http://127.0.0.1:9/prefix/api/users/@me/channels?x=1 host=127.0.0.1:9", "GET https://example.org/other host=example.org",
		"GET http://127.0.0.1:9/prefix/api/channels/1/messages host=127.0.0.1:9",
		"GET http://127.0.0.1:9/prefix/api/webhooks/2/T/messages/@original host=127.0.0.1:9",
		"GET http://127.0.0.1:9/prefix/api/gateway host=127.0.0.1:9",
		"GET https://cdn.discordapp.com/avatars/1/a.png host=cdn.discordapp.com", "GET https://discord.com/channels/1 host=discord.com"}
	if strings.Join(seen, "\n") != strings.Join(want, "\n") {
		t.Errorf("requests:\n%s", strings.Join(seen, "\n"))
	}
	// The adapter never changes discordgo's package-level endpoints.
	newFixture(t, nil)
	if discordgo.EndpointAPI != "https://discord.com/api/v"+discordgo.APIVersion+"/" {
		t.Errorf("discordgo.EndpointAPI changed: %s", discordgo.EndpointAPI)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestInviteURL(t *testing.T) {
	want := "https://discord.com/oauth2/authorize?client_id=845027738276462632&permissions=84992&scope=bot+applications.commands"
	if got := InviteURL(appID); got != want {
		t.Errorf("InviteURL = %s", got)
	}
}

// With as many sectors as fit a choice list (25 at most), listing them in
// each of the dozen sector options would take the command past Discord's
// 8,000 characters, and Discord would refuse to register it: /shared would
// not appear, or keep its old sectors. The sector options then autocomplete.
func TestCommandWithinDiscordsSizeWithManySectors(t *testing.T) {
	for _, n := range []int{0, 5, 10, 15} { // 10 to 25 sectors in all
		f := newFixture(t, func(cfg *config.Config, _ *Options) {
			for i := range n {
				cfg.Sectors = append(cfg.Sectors, config.Sector{Slug: fmt.Sprintf("regional-partnership-%d", i),
					Name: fmt.Sprintf("Regional Partnership %d", i)})
			}
		})
		if err := f.adapter.registerCommands(context.Background()); err != nil {
			t.Fatal(err)
		}
		var cmds []command
		if err := json.Unmarshal(f.api.all()[0].Body, &cmds); err != nil || len(cmds) != 1 {
			t.Fatalf("bulk overwrite body: %.200s (%v)", f.api.all()[0].Body, err)
		}
		if size := commandCharacters(&cmds[0].option); size > 8000 { // as registered, decoded from the wire
			t.Errorf("%d more sectors: the command has %d characters, more than Discord's 8,000", n, size)
		}
		sectorOptions, offered := 0, 0
		for _, sub := range cmds[0].Options {
			for _, o := range sub.Options {
				if strings.HasPrefix(o.Name, "sector") {
					sectorOptions++
					if o.Autocomplete || len(o.Choices) >= len(f.bot.Sectors()) {
						offered++
					}
				}
			}
		}
		if sectorOptions == 0 || offered != sectorOptions {
			t.Errorf("%d more sectors: %d of %d sector options list or autocomplete the sectors", n, offered, sectorOptions)
		}
	}
}

// failingPuts answers the first n PUTs with status (503, as Discord does
// in an outage, when 0), and passes every other request on.
type failingPuts struct {
	mu     sync.Mutex
	n      int
	status int
	next   http.RoundTripper
}

func (f *failingPuts) RoundTrip(r *http.Request) (*http.Response, error) {
	f.mu.Lock()
	fail := r.Method == http.MethodPut && f.n > 0
	if fail {
		f.n--
	}
	f.mu.Unlock()
	if fail {
		status := cmp.Or(f.status, http.StatusServiceUnavailable)
		return &http.Response{StatusCode: status, Status: fmt.Sprintf("%d %s", status, http.StatusText(status)),
			Header: http.Header{"Content-Type": {"application/json"}}, Request: r, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
			Body: io.NopCloser(strings.NewReader(`{"message": "upstream unavailable", "code": 0}`))}, nil
	}
	return f.next.RoundTrip(r)
}

// TestRegistrationWaitsOutAnOutage: a start while Discord answers 5xx
// registers the command once Discord is back, rather than ending the run
// (and Slack's part of it); a refusal (4xx) ends it at once. A 502, which
// discordgo sends again a few times itself and then reports in an error of
// its own, is waited out too: it ended the run.
func TestRegistrationWaitsOutAnOutage(t *testing.T) {
	for _, status := range []int{http.StatusServiceUnavailable, http.StatusBadGateway} {
		outage := &failingPuts{status: status, next: http.DefaultTransport}
		f := newFixture(t, func(_ *config.Config, o *Options) { o.Transport = outage })
		outage.n = 1
		if status == http.StatusBadGateway {
			// One more than discordgo sends the request, its own retries
			// of a 502 included: the first attempt fails whole.
			outage.n = f.adapter.session.MaxRestRetries + 2
		}
		if err := f.adapter.register(context.Background()); err != nil {
			t.Fatalf("register after an outage answering %d: %v", status, err)
		}
		if puts := find(f.api.all(), "PUT", "applications/"+appID+"/commands"); len(puts) != 1 {
			t.Errorf("registered %d times after %d", len(puts), status)
		}
	}
	refused := newFixture(t, func(_ *config.Config, o *Options) {
		o.Transport = &failingPuts{n: 100, status: http.StatusUnauthorized, next: http.DefaultTransport}
	})
	done := make(chan error, 1)
	go func() { done <- refused.adapter.register(context.Background()) }()
	select {
	case err := <-done:
		if err == nil {
			t.Error("a refused registration succeeded")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a refused registration was retried")
	}
}
