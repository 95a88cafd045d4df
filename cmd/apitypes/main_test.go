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
		{Platform: "slack", Method: "POST", Path: "/api/chat.delete", ContentType: "application/x-www-form-urlencoded", Body: "channel=C1&ts=1.2"},
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
	if err != nil || !strings.Contains(string(d.source()), ": ResponseURLMessage = {") {
		t.Fatalf("a response_url post: err %v", err)
	}
}
