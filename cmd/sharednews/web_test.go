package main

import (
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sharednews/sharednews/adapters/slack/slacktest"
	"github.com/sharednews/sharednews/email/smtptest"
)

// startRun runs `sharednews run` with extra configuration on a free
// loopback port and returns its base URL; the run stops when the test ends.
func startRun(t *testing.T, extra func(addr string) string) string {
	t.Helper()
	addr := freeAddr(t)
	cfg, _ := writeConfig(t, extra(addr))
	runInBackground(t, cfg, addr)
	return "http://" + addr
}

// runInBackground runs `sharednews run` with the configuration file cfg,
// whose HTTP server listens on addr, and returns once it answers /healthz.
// stop ends the run and returns what run returned; the run is stopped
// (and its error reported) when the test ends if it was not before.
func runInBackground(t *testing.T, cfg, addr string) (stderr *lockedBuffer, stop func() error) {
	t.Helper()
	return runInBackgroundWith(t, cfg, addr, func(string) string { return "" })
}

// runInBackgroundWith is runInBackground with getenv as the environment.
func runInBackgroundWith(t *testing.T, cfg, addr string, getenv func(string) string) (stderr *lockedBuffer, stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	stderr = new(lockedBuffer)
	go func() {
		done <- run(ctx, []string{"--config", cfg, "run"}, env{stdin: strings.NewReader(""), stdout: io.Discard,
			stderr: stderr, getenv: getenv})
	}()
	var once sync.Once
	var runErr error
	stop = func() error {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					runErr = fmt.Errorf("run returned %w", err)
				}
			case <-time.After(15 * time.Second):
				runErr = errors.New("run did not stop")
			}
		})
		return runErr
	}
	t.Cleanup(func() {
		if err := stop(); err != nil {
			t.Error(err)
		}
	})
	// A minute: a fresh database's migrations under the race detector on
	// a busy 2-core machine took more than the 5 s this waited before.
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); {
		if resp, err := http.Get("http://" + addr + "/healthz"); err == nil {
			resp.Body.Close()
			return stderr, stop
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("run never answered:\n%s", stderr.String())
	return nil, nil
}

func fetch(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func TestRunServesTheWebArchiveAtItsPublicURL(t *testing.T) {
	base := startRun(t, func(addr string) string {
		return "[http]\nlisten = " + quote(addr) + "\npublic_url = \"https://news.council.example/\"\n"
	})
	code, body := fetch(t, base+"/")
	if code != 200 || !strings.Contains(body, "No edition has been published yet.") ||
		!strings.Contains(body, `href="https://news.council.example/feed.atom"`) {
		t.Errorf("/ = %d\n%s", code, body)
	}
	if code, body := fetch(t, base+"/feed.atom"); code != 200 || !strings.Contains(body, `<feed xmlns="http://www.w3.org/2005/Atom">`) {
		t.Errorf("/feed.atom = %d\n%s", code, body)
	}
	if code, _ := fetch(t, base+"/readyz"); code != 200 {
		t.Errorf("/readyz = %d", code)
	}
	// A doubled slash is redirected to the clean address under the
	// public URL, not under the listener's root.
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(base + "/editions//1")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); resp.StatusCode/100 != 3 || loc != "https://news.council.example/editions/1" {
		t.Errorf("/editions//1 = %d to %q, want a redirect to https://news.council.example/editions/1", resp.StatusCode, loc)
	}
}

func TestRunWithoutTheWebArchiveKeepsProbes(t *testing.T) {
	base := startRun(t, func(addr string) string {
		return "[http]\nlisten = " + quote(addr) + "\n[web]\nenabled = false\n"
	})
	for _, p := range []string{"/", "/editions", "/feed.atom", "/search?q=x"} {
		if code, body := fetch(t, base+p); code != 404 || strings.Contains(body, "<html") {
			t.Errorf("%s with the web off = %d\n%s", p, code, body)
		}
	}
	for _, p := range []string{"/healthz", "/readyz", "/metrics"} {
		if code, _ := fetch(t, base+p); code != 200 {
			t.Errorf("%s with the web off = %d", p, code)
		}
	}
}

// Unsubscribe links never expire (README), and mail providers POST them
// whenever a reader presses "Unsubscribe": one in a mail sent while the
// email edition was on must still unsubscribe after email.enabled is
// turned off. It answered 404 and changed nothing, so the reader was
// mailed again when email was turned back on.
func TestUnsubscribeLinkWorksWithEmailTurnedOff(t *testing.T) {
	code, body, base, exported := unsubscribeWhenOff(t, "")
	if code != 200 || !strings.Contains(body, "a***@example.org is unsubscribed") || strings.Contains(body, "/subscribe") {
		t.Errorf("one-click unsubscribe with email off = %d\n%s", code, body)
	}
	if code, _ := fetch(t, base+"/subscribe"); code != 404 {
		t.Errorf("/subscribe with email off = %d, want 404", code)
	}
	if !strings.Contains(exported, "ana@example.org,,unsubscribed,") {
		t.Errorf("after the one-click POST:\n%s", exported)
	}
}

// TestUnsubscribeLinkWorksWithTheWebArchiveTurnedOff: so must it with the
// web archive's pages turned off as well (web.enabled = false), which
// mounted no page at all: the link answered 404, the reader stayed
// subscribed. The archive's pages stay off.
func TestUnsubscribeLinkWorksWithTheWebArchiveTurnedOff(t *testing.T) {
	code, body, base, exported := unsubscribeWhenOff(t, "[web]\nenabled = false\n")
	if code != 200 || !strings.Contains(body, "a***@example.org is unsubscribed") {
		t.Errorf("one-click unsubscribe with the web off = %d\n%s", code, body)
	}
	if !strings.Contains(exported, "ana@example.org,,unsubscribed,") {
		t.Errorf("after the one-click POST:\n%s", exported)
	}
	for _, p := range []string{"/", "/editions/1", "/subscribe"} {
		if code, _ := fetch(t, base+p); code != 404 {
			t.Errorf("%s with the web off = %d, want 404", p, code)
		}
	}
	// The page it answers links to nothing that is off: its header,
	// footer and way back led to the archive's pages, each a 404.
	for _, m := range regexp.MustCompile(`(?:href|action)="([^"]*)"`).FindAllStringSubmatch(body, -1) {
		link := html.UnescapeString(m[1])
		if !strings.HasPrefix(link, base) {
			continue
		}
		if code, _ := fetch(t, link); code == 404 {
			t.Errorf("the unsubscribed page links to %s, which is off (404)", link)
		}
	}
}

// unsubscribeWhenOff mails an edition to one reader, ana@example.org,
// then runs again with the email edition off and more configuration
// (off), and POSTs the mail's one-click unsubscribe link. It returns the
// answer, the run's base URL and the export after it.
func unsubscribeWhenOff(t *testing.T, off string) (code int, body, base, exported string) {
	t.Helper()
	mail, err := smtptest.Start(smtptest.Options{NoTLS: true})
	if err != nil {
		t.Fatal(err)
	}
	defer mail.Close()
	addr := freeAddr(t)
	emailOn := func(on bool) string {
		return "[http]\nlisten = " + quote(addr) + "\npublic_url = " + quote("http://"+addr) + "\n[email]\nenabled = " + strconv.FormatBool(on) +
			"\nsmtp_url = " + quote("smtp://127.0.0.1:"+strconv.Itoa(mail.Port())) + "\ninsecure = true\nfrom = \"news@council.example\"\nper_second = 100\n"
	}
	cfg, db := writeConfigFetching(t, true, emailOn(true))
	if out, _, err := runCLI(t, "", "--config", cfg, "subscribers", "import", writeFile(t, "readers.csv", "ana@example.org\n")); err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	script := "/shared submit " + siteDown(t) + "/news/shared-chief health Two districts share a chief executive\n/shared approve 1\n/shared publish\n"
	if out, _, err := runCLI(t, script, "--config", cfg, "console"); err != nil || !strings.Contains(out, "Published edition 1") {
		t.Fatalf("publish: %v\n%s", err, out)
	}
	_, stop := runInBackground(t, cfg, addr)
	var unsub string
	for i := 0; i < 100 && unsub == ""; i++ {
		if msgs := mail.Messages(); len(msgs) == 1 {
			h, err := msgs[0].Header()
			if err != nil {
				t.Fatal(err)
			}
			unsub = strings.Trim(h.Get("List-Unsubscribe"), "<>")
		}
		time.Sleep(50 * time.Millisecond)
	}
	if unsub == "" {
		t.Fatalf("the edition was not mailed: %d mails", len(mail.Messages()))
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}

	if err := os.WriteFile(cfg, []byte("[bot]\ndatabase = "+quote(db)+"\n[feeds]\nsource = []\n"+emailOn(false)+off), 0o600); err != nil {
		t.Fatal(err)
	}
	runInBackground(t, cfg, addr)
	resp, err := http.Post(unsub, "application/x-www-form-urlencoded", strings.NewReader("List-Unsubscribe=One-Click"))
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	exported, _, err = runCLI(t, "", "--config", cfg, "subscribers", "export")
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(page), "http://" + addr, exported
}

// TestRunAnswersAWrongMethodWithWhatThePathTakes: with the web archive
// on, its catch-all answered every address no route of its own has: a
// GET of Slack's POST endpoint was the archive's "not found" page, and a
// PUT its 405 with "Allow: GET, HEAD", a method the endpoint refuses. A
// path now names the methods it takes, whoever mounted it.
func TestRunAnswersAWrongMethodWithWhatThePathTakes(t *testing.T) {
	_, slackSrv := startSlack(t, slacktest.Options{BotToken: "xoxb-test"})
	addr := freeAddr(t)
	cfg, _ := writeConfig(t, fmt.Sprintf("[http]\nlisten = %q\n[slack]\nenabled = true\nmode = \"http\"\napi_url = %q\n",
		addr, slackSrv.URL+"/api/"))
	environ := map[string]string{"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": "shh"}
	runInBackgroundWith(t, cfg, addr, func(k string) string { return environ[k] })
	for _, tc := range []struct {
		method, path string
		status       int
		allow        string
	}{
		{"GET", "/slack/commands", http.StatusMethodNotAllowed, "POST"},
		{"PUT", "/slack/interactions", http.StatusMethodNotAllowed, "POST"},
		{"HEAD", "/slack/events", http.StatusMethodNotAllowed, "POST"},
		{"POST", "/slack/commands", http.StatusUnauthorized, ""}, // unsigned: the endpoint itself answers
		{"POST", "/healthz", http.StatusMethodNotAllowed, "GET, HEAD"},
		{"HEAD", "/healthz", http.StatusOK, ""},
		{"DELETE", "/editions", http.StatusMethodNotAllowed, "GET, HEAD"}, // the archive's own 405
		{"GET", "/nope", http.StatusNotFound, ""},
	} {
		req, _ := http.NewRequest(tc.method, "http://"+addr+tc.path, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.status || resp.Header.Get("Allow") != tc.allow {
			t.Errorf("%s %s = %d, Allow %q; want %d, Allow %q", tc.method, tc.path, resp.StatusCode, resp.Header.Get("Allow"), tc.status, tc.allow)
		}
	}
}
