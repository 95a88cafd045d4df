package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/internal/wirelog"
)

func logOf(t *testing.T, recs ...wirelog.Record) string {
	t.Helper()
	var b strings.Builder
	for _, r := range recs {
		line, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(append(line, '\n'))
	}
	return b.String()
}

// A form-encoded Slack call is read back into the JSON values its official
// type describes, and a body sent twice is declared once.
func TestDeclarationsTypeEachBodyOnce(t *testing.T) {
	post := wirelog.Record{Platform: "slack", Method: "POST", Path: "/api/chat.postMessage",
		ContentType: "application/x-www-form-urlencoded",
		Body:        "channel=C1&text=hi&unfurl_links=false&blocks=%5B%7B%22type%22%3A%22divider%22%7D%5D"}
	edit := wirelog.Record{Platform: "discord", Method: "PATCH", Path: "/api/v10/channels/1/messages/2",
		ContentType: "application/json", Body: `{"content":"x","flags":4}`}
	get := wirelog.Record{Platform: "discord", Method: "GET", Path: "/api/v10/gateway"}
	d, err := declarations(strings.NewReader(logOf(t, post, edit, post, get)))
	if err != nil {
		t.Fatal(err)
	}
	if d.count["slack"] != 1 || d.count["discord"] != 1 {
		t.Fatalf("counts %v, want one body each", d.count)
	}
	src := string(d.source())
	for _, want := range []string{
		"import type { RESTPatchAPIChannelMessageJSONBody } from 'discord-api-types/v10';",
		"import type { ChatPostMessageArguments } from '@slack/web-api';",
		": ChatPostMessageArguments = {",
		`"unfurl_links": false`,
		`"type": "divider"`,
		`"flags": 4`,
	} {
		if !strings.Contains(src, want) {
			t.Errorf("declarations lack %q:\n%s", want, src)
		}
	}
}

// A request with a body and no known type is refused, so that a new call
// cannot go unchecked.
func TestDeclarationsRefuseAnUnknownRoute(t *testing.T) {
	for _, rec := range []wirelog.Record{
		{Platform: "discord", Method: "POST", Path: "/api/v10/guilds/1/roles", ContentType: "application/json", Body: `{"name":"x"}`},
		// A Web API method is not a response_url post, whatever its path.
		{Platform: "slack", Method: "POST", Path: "/api/chat.scheduleMessage", ContentType: "application/x-www-form-urlencoded", Body: "channel=C1&post_at=1"},
	} {
		_, err := declarations(strings.NewReader(logOf(t, rec)))
		want := "no official type is known for " + rec.Platform + " POST " + rec.Path
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("err = %v, want the route named", err)
		}
	}
	// A post to a response_url is typed as one.
	d, err := declarations(strings.NewReader(logOf(t, wirelog.Record{Platform: "slack", Method: "POST", Path: "/commands/T1/1/x",
		ContentType: "application/json", Body: `{"text":"hi","response_type":"ephemeral"}`})))
	if err != nil || !strings.Contains(string(d.source()), ": RespondArguments = {") ||
		!strings.Contains(string(d.source()), "import type { RespondArguments } from '@slack/bolt';") {
		t.Fatalf("a response_url post: err %v", err)
	}
}

// The app's answers to the platforms' requests are typed by the path the
// platform posted to; an answer to a path none names is refused, and a
// url_verification's plain-text challenge is the one answer left untyped.
func TestDeclarationsTypeTheAnswers(t *testing.T) {
	answer := func(platform, path, contentType, body string) wirelog.Record {
		return wirelog.Record{Platform: platform, Method: "POST", Path: path, ContentType: contentType, Body: body, Answer: true}
	}
	d, err := declarations(strings.NewReader(logOf(t,
		answer("discord", "/discord/interactions", "application/json", `{"type":1}`),
		answer("slack", "/slack/commands", "application/json", `{"text":"Restarting","response_type":"ephemeral"}`),
		answer("slack", "/slack/interactions", "application/json", `{"response_action":"errors","errors":{"reason":"Too long"}}`),
		answer("slack", "/slack/events", "text/plain; charset=utf-8", "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"))))
	if err != nil {
		t.Fatal(err)
	}
	if d.count["slack"] != 2 || d.count["discord"] != 1 {
		t.Errorf("counts %v, want two Slack answers and one Discord answer typed", d.count)
	}
	src := string(d.source())
	for _, want := range []string{
		"import type { APIInteractionResponse } from 'discord-api-types/v10';",
		"import type { RespondArguments, ViewResponseAction } from '@slack/bolt';",
		"// discord answer to POST /discord/interactions\nexport const body1: APIInteractionResponse = {",
		": RespondArguments = {",
		": ViewResponseAction = {",
	} {
		if !strings.Contains(src, want) {
			t.Errorf("declarations lack %q:\n%s", want, src)
		}
	}
	for _, rec := range []wirelog.Record{
		answer("slack", "/slack/options", "application/json", `{"options":[]}`),
		answer("slack", "/slack/events", "application/json", `{"challenge":"x"}`),
	} {
		if _, err := declarations(strings.NewReader(logOf(t, rec))); err == nil || !strings.Contains(err.Error(), "answer to slack POST "+rec.Path) {
			t.Errorf("%s %s: err = %v, want it refused", rec.Path, rec.ContentType, err)
		}
	}
}
