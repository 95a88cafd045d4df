package main

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/adapters/discord/discordtest"
	"github.com/sharednews/sharednews/adapters/slack/slacktest"
	"github.com/sharednews/sharednews/email/smtptest"
)

// TestRunKeepsSecretsAndAddresses runs `sharednews run` with Slack (HTTP
// mode), Discord (HTTP interactions), the email edition and feeds behind a
// password, each secret and the reader's address a distinctive value, and
// goes through a reader's sign-up, confirmation and unsubscription,
// editors' commands, a publication delivered to a channel and by mail, and
// failures (a feed refusing, a feed unreachable, an answer that cannot be
// posted to its response_url, bad signatures, used and forged links). No
// secret, token or address may appear in the log, in chat or in any page
// (PRODUCT.md sections 6, 7 and 11).
func TestRunKeepsSecretsAndAddresses(t *testing.T) {
	const (
		botToken       = "xoxb-SECRETBOT123"
		appToken       = "xapp-SECRETAPP456"
		signing        = "SECRETSIGNING789"
		discordTok     = "SECRETDISCORDBOT000"
		feedPW         = "s3cret-pw"
		address        = "dpo.test@council.example"
		respSecret     = "SECRETRESPONSEURL"
		interactionTok = "SECRETINTERACTIONTOKEN"
	)
	slackFake := slacktest.New(slacktest.Options{BotToken: botToken, Users: map[string]slacktest.User{"U1": {Name: "Ana Editor"}}})
	slackSrv := httptest.NewServer(slackFake)
	defer slackSrv.Close()
	discordFake := discordtest.New(discordtest.Options{})
	discordSrv := httptest.NewServer(discordFake)
	defer discordSrv.Close()
	pub, priv, _ := ed25519.GenerateKey(nil)
	mail, err := smtptest.Start(smtptest.Options{NoTLS: true})
	if err != nil {
		t.Fatal(err)
	}
	defer mail.Close()

	feedSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, p, ok := r.BasicAuth()
		if !ok || u != "reader" || p != feedPW {
			http.Error(w, "who are you", http.StatusUnauthorized)
			return
		}
		if r.URL.Path == "/broken.xml" {
			http.Error(w, "boom", 500)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		io.WriteString(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Members</title>
<item><title>Two councils share a chief executive</title><link>https://www.example.org/news/shared-chief</link><description>Shared chief executive for two districts.</description></item>
</channel></rss>`)
	}))
	defer feedSrv.Close()
	withPW := func(path string) string {
		return strings.Replace(feedSrv.URL, "http://", "http://reader:"+feedPW+"@", 1) + path
	}

	addr := freeAddr(t)
	base := "http://" + addr
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.toml")
	body := `[bot]
database = ` + quote(filepath.Join(dir, "news.db")) + `
[http]
listen = ` + quote(addr) + `
public_url = ` + quote(base) + `
[editors]
slack = ["U1"]
[slack]
enabled = true
mode = "http"
api_url = ` + quote(slackSrv.URL+"/api/") + `
[discord]
enabled = true
api_url = ` + quote(discordSrv.URL+"/api/v10/") + `
[email]
enabled = true
smtp_url = ` + quote("smtp://127.0.0.1:"+strconv.Itoa(mail.Port())) + `
insecure = true
from = "news@council.example"
per_second = 100
[feeds]
timeout = "5s"
[[feeds.source]]
url = ` + quote(withPW("/feed.xml")) + `
name = "Members"
[[feeds.source]]
url = ` + quote(withPW("/broken.xml")) + `
name = "Broken"
[[feeds.source]]
url = "http://reader:` + feedPW + `@127.0.0.1:1/closed.xml"
name = "Closed"
`
	if err := os.WriteFile(cfg, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	environ := map[string]string{"SLACK_BOT_TOKEN": botToken, "SLACK_APP_TOKEN": appToken, "SLACK_SIGNING_SECRET": signing,
		"DISCORD_BOT_TOKEN": discordTok, "DISCORD_PUBLIC_KEY": hex.EncodeToString(pub), "DISCORD_APPLICATION_ID": "845027738276462632"}
	var stderr, stdout lockedBuffer
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"--config", cfg, "run"}, env{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr,
			getenv: func(k string) string { return environ[k] }})
	}()
	defer func() {
		cancel()
		select {
		case err := <-done:
			t.Logf("run returned %v", err)
		case <-time.After(15 * time.Second):
			t.Error("run did not stop")
		}
	}()
	for i := 0; ; i++ {
		if resp, err := http.Get(base + "/healthz"); err == nil {
			resp.Body.Close()
			break
		}
		if i > 200 {
			t.Fatalf("run never answered:\n%s", stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	var seen strings.Builder // every answer the bot gave on the web
	var chat strings.Builder // and in chat
	httpDo := func(method, path string, form url.Values) string {
		var r io.Reader
		if form != nil {
			r = strings.NewReader(form.Encode())
		}
		req, _ := http.NewRequest(method, base+path, r)
		if form != nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		seen.WriteString(method + " " + path + " " + resp.Status + "\n" + string(b) + "\n")
		return string(b)
	}
	// Slack's commands are answered each on its own after the
	// acknowledgement, in no set order: a fixed pause after each let
	// publish overtake approve 1 under load (answers came 400 ms after
	// their command). Each command has a response_url of its own, and its
	// answer is waited for there; one whose response_url cannot be reached
	// is waited for in the log, where the failure to post it is told.
	commands := 0
	slash := func(text string, reachable bool) {
		commands++
		path := fmt.Sprintf("/commands/T1/%d/%s", commands, respSecret)
		responseURL := slackSrv.URL + path
		if !reachable {
			responseURL = "http://127.0.0.1:1" + path
		}
		form := url.Values{"command": {"/shared"}, "text": {text}, "user_id": {"U1"}, "user_name": {"ana"},
			"channel_id": {"C1"}, "channel_name": {"general"}, "team_id": {"T1"}, "response_url": {responseURL}}
		resp, err := http.DefaultClient.Do(slashCommand(t, base+"/slack/commands", signing, form))
		if err != nil {
			t.Fatal(err)
		}
		rb, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		seen.WriteString("slash " + text + " " + resp.Status + "\n" + string(rb) + "\n")
		answered := func() bool { return len(slackFake.Responses(path)) > 0 }
		if !reachable {
			answered = func() bool { return strings.Contains(stderr.String(), "post to response_url") }
		}
		for deadline := time.Now().Add(10 * time.Second); !answered(); time.Sleep(10 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("/shared %s: no answer (or, its response_url unreachable, no failure logged) in 10 s:\n%s", text, stderr.String())
			}
		}
	}
	// The first poll of the three feeds: Members' story is #1, which
	// approve 1 below needs (a pause of a second stood in for it).
	for deadline := time.Now().Add(10 * time.Second); strings.Count(stderr.String(), `"feed polled"`) < 1 ||
		strings.Count(stderr.String(), `"feed poll failed"`) < 2; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the feeds were not polled in 10 s:\n%s", stderr.String())
		}
	}
	// Sign up by email and confirm.
	httpDo("POST", "/subscribe", url.Values{"address": {address}})
	var confirmToken, confirmMail string
	for i := 0; i < 100 && confirmToken == ""; i++ {
		for _, m := range mail.Messages() {
			data := strings.ReplaceAll(strings.ReplaceAll(string(m.Data), "=\r\n", ""), "=3D", "=")
			if mm := regexp.MustCompile(`confirm\?t=([A-Za-z0-9._-]+)`).FindStringSubmatch(data); mm != nil {
				confirmToken, confirmMail = mm[1], data
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	if confirmToken == "" {
		t.Fatalf("no confirmation mail:\n%s", stderr.String())
	}
	// The link's expiry is stated in bot.timezone (Europe/London by
	// default), as chat states times, not in UTC.
	if !regexp.MustCompile(`until \d+ \w+ \d{4} at \d\d:\d\d (GMT|BST)\.`).MatchString(confirmMail) {
		t.Errorf("the confirmation mail does not state its expiry in Europe/London time:\n%s", confirmMail)
	}
	httpDo("GET", "/subscribe/confirm?t="+confirmToken, nil)
	httpDo("POST", "/subscribe/confirm", url.Values{"t": {confirmToken}})
	httpDo("POST", "/subscribe/confirm", url.Values{"t": {confirmToken}}) // used
	httpDo("GET", "/unsubscribe?t=u.1.garbage", nil)
	// Chat.
	slash("subscribe", true)
	slash("queue", true)
	slash("feeds", true)
	slash("approve 1", true)
	slash("status", true)
	slash("publish", true)
	slash("sectors", false) // the answer cannot be posted
	// A Slack request with a bad signature.
	req, _ := http.NewRequest("POST", base+"/slack/commands", strings.NewReader("text=x"))
	req.Header.Set("X-Slack-Request-Timestamp", strconv.Itoa(int(time.Now().Unix())))
	req.Header.Set("X-Slack-Signature", "v0=00")
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
	}
	// Discord, over HTTP interactions: signed, then with a bad signature.
	interaction := `{"id":"786008729715212345","application_id":"845027738276462632","type":2,"token":"` + interactionTok + `","version":1,
"channel_id":"123456789012345678","guild_id":"290926798626357999","member":{"user":{"id":"111111111111111111","username":"ana"},"roles":[],"permissions":"0"},
"data":{"id":"771825006014889984","name":"shared","type":1,"options":[{"type":1,"name":"sectors","options":[]}]}}`
	for _, good := range []bool{true, false} {
		ts := strconv.Itoa(int(time.Now().Unix()))
		sig := hex.EncodeToString(ed25519.Sign(priv, []byte(ts+interaction)))
		if !good {
			sig = strings.Repeat("0", len(sig))
		}
		req, _ := http.NewRequest("POST", base+"/discord/interactions", strings.NewReader(interaction))
		req.Header.Set("X-Signature-Ed25519", sig)
		req.Header.Set("X-Signature-Timestamp", ts)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		chat.WriteString(string(b) + "\n")
	}
	// The edition by mail, and its unsubscribe link.
	var unsub string
	for i := 0; i < 200 && unsub == ""; i++ {
		for _, m := range mail.Messages() {
			if mm := regexp.MustCompile(`unsubscribe\?t=([A-Za-z0-9._-]+)`).FindStringSubmatch(string(m.Data)); mm != nil {
				unsub = mm[1]
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	if unsub == "" {
		t.Errorf("no edition mail:\n%s", stderr.String())
	} else {
		httpDo("GET", "/unsubscribe?t="+unsub, nil)
		httpDo("POST", "/unsubscribe?t="+unsub, url.Values{"List-Unsubscribe": {"One-Click"}})
	}
	for _, p := range []string{"/", "/editions", "/editions/1", "/feed.atom", "/search?q=chief", "/metrics", "/readyz", "/nope", "/editions/99"} {
		httpDo("GET", p, nil)
	}
	time.Sleep(500 * time.Millisecond)
	if len(slackFake.Calls("chat.postMessage")) == 0 {
		t.Error("the edition was not posted to the Slack channel")
	}
	for _, c := range slackFake.Calls("chat.postMessage") {
		f := url.Values{}
		for k, v := range c.Form {
			if k != "token" {
				f[k] = v
			}
		}
		chat.WriteString(f.Encode() + "\n")
	}
	for _, r := range slackFake.Responses("") {
		chat.WriteString(mustMarshal(t, r.Body) + "\n")
	}
	// What must never show.
	secrets := map[string]string{"bot token": botToken, "app token": appToken, "signing secret": signing, "discord token": discordTok,
		"feed password": feedPW, "address": address, "response_url": respSecret, "confirm token": confirmToken,
		"interaction token": interactionTok}
	if unsub != "" {
		secrets["unsubscribe token"] = unsub
	}
	for name, out := range map[string]string{"log": stderr.String(), "stdout": stdout.String(), "chat": chat.String()} {
		for what, s := range secrets {
			if s == "" || strings.Contains(out, s) {
				t.Errorf("%s in the %s", what, name)
			}
		}
	}
	web := seen.String()
	for _, what := range []string{"bot token", "app token", "signing secret", "discord token", "feed password", "response_url", "address"} {
		if s := secrets[what]; s == "" || strings.Contains(web, s) {
			t.Errorf("%s in the web answers", what)
		}
	}
	if t.Failed() {
		t.Logf("log:\n%s\nweb:\n%s\nchat:\n%s", stderr.String(), web, chat.String())
	}
}
