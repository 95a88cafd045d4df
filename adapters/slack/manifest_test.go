package slack

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/adapters/internal/adaptertest"
	"github.com/sharednews/sharednews/bot"
)

// methodScopes are the bot scopes each Web API method the adapter calls needs.
var methodScopes = map[string][]string{
	"chat.postMessage":      {"chat:write"},
	"chat.postEphemeral":    {"chat:write"},
	"chat.update":           {"chat:write"},
	"conversations.open":    {"im:write"},
	"users.info":            {"users:read"},
	"usergroups.users.list": {"usergroups:read"},
	"views.open":            nil, // needs a trigger, no scope
	"auth.test":             nil,
	// Finding the parts of an edition already posted, in public and
	// private channels, after a restart.
	"conversations.history": {"channels:history", "groups:history"},
	"conversations.replies": {"channels:history", "groups:history"},
}

// TestManifestsDeclareWhatTheAdapterUses: both manifests register /shared,
// interactivity and app_mention, and exactly the scopes the adapter's calls
// need (plus commands and app_mentions:read); Socket Mode is on in the
// default one.
func TestManifestsDeclareWhatTheAdapterUses(t *testing.T) {
	want := []string{"app_mentions:read", "commands"}
	for _, scopes := range methodScopes {
		for _, s := range scopes {
			if !slices.Contains(want, s) {
				want = append(want, s)
			}
		}
	}
	slices.Sort(want)
	for file, socket := range map[string]bool{"manifest.yaml": true, "manifest-http.yaml": false} {
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		m := string(raw)
		scopeBlock := m[strings.Index(m, "    bot:\n"):strings.Index(m, "settings:")]
		got := regexp.MustCompile(`(?m)^\s+- ([a-z_.:]+)`).FindAllStringSubmatch(scopeBlock, -1)
		var scopes []string
		for _, g := range got {
			scopes = append(scopes, g[1])
		}
		slices.Sort(scopes)
		if !slices.Equal(scopes, want) {
			t.Errorf("%s scopes = %v, want %v", file, scopes, want)
		}
		for _, need := range []string{"command: /shared", "should_escape: false", "- app_mention\n", "is_enabled: true",
			"messages_tab_enabled: true"} {
			if !strings.Contains(m, need) {
				t.Errorf("%s lacks %q", file, need)
			}
		}
		if strings.Contains(m, "socket_mode_enabled: true") != socket {
			t.Errorf("%s: socket_mode_enabled should be %v", file, socket)
		}
		if !socket {
			for _, path := range []string{"/slack/commands", "/slack/events", "/slack/interactions"} {
				if !strings.Contains(m, path) {
					t.Errorf("%s lacks the request URL %s", file, path)
				}
			}
		}
	}
}

// TestAdapterCallsOnlyDeclaredMethods runs a review round trip and checks
// that every Web API method called has its scope in the table above.
func TestAdapterCallsOnlyDeclaredMethods(t *testing.T) {
	f := newFixture(t)
	page := pageServer(t, "A story", "Summary", "Site")
	id, ref := f.submit(page.URL+"/a", "")
	press, _ := f.press(editorID, actionApprove, id, ref, "")
	f.sendSigned("/slack/interactions", formType, interactionForm(t, press))
	adaptertest.WaitFor(t, "the message to the submitter", func() bool { return len(f.dmsTo(memberID)) == 1 })
	for _, c := range f.slack.Calls("") {
		if _, ok := methodScopes[c.Method]; !ok {
			t.Errorf("the adapter called %s, which has no scope in the manifest table", c.Method)
		}
	}
}

// TestManifestsDescribeTheAppAsTheBotDoes: the app's description in both
// manifests is the one description of the newsletter (bot.About), which
// Discord's command and the web archive's footer give too.
func TestManifestsDescribeTheAppAsTheBotDoes(t *testing.T) {
	want := "description: " + strings.ToUpper(bot.About[:1]) + bot.About[1:] + ".\n"
	for _, file := range []string{"manifest.yaml", "manifest-http.yaml"} {
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		display := string(raw)[strings.Index(string(raw), "display_information:"):strings.Index(string(raw), "features:")]
		if !strings.Contains(display, "\n  "+want) {
			t.Errorf("%s describes the app otherwise than %q:\n%s", file, want, display)
		}
	}
}
