package console

import (
	"strings"
	"testing"
)

// TestSearchConversation: a scripted session submits and approves stories,
// then searches as people type, reading the partial-match note and the
// spelling suggestion and a hyphenated name searched apart as the console
// prints them.
func TestSearchConversation(t *testing.T) {
	got := session(t,
		"/shared submit https://e.org/1 local-government Two councils agree to merge",
		"/shared edit 1 headline Devolution deal for two councils",
		"/shared approve 1",
		"/shared submit https://e.org/2 blue-light Fire chiefs could run police forces",
		"/shared edit 2 headline Fire chiefs could run English police forces",
		"/shared approve 2",
		"/shared search fire and police",
		"/shared search devoluton",
		"/shared search police zebra",
		"/shared search the and of",
		"/shared search fire-police",
	)
	for _, want := range []string{
		"Search: fire and police\n  Fire chiefs could run English police forces\n    #2 · e.org",
		"Search: devoluton\nNothing matches “devoluton”: these are the stories for “devolution”.\nDid you mean “devolution”?\n  Devolution deal for two councils\n",
		"Search: police zebra\nOnly some of your words matched: no story has “zebra”.",
		"✗ “the and of” has only small words",
		"Search: fire police\nNo story has “fire-police” as written, so the words were searched apart.\n  Fire chiefs could run English police forces\n    #2 · e.org",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the session lacks %q:\n%s", want, got)
		}
	}
}
