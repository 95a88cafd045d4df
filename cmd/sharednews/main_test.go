package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/store"
)

// writeConfig writes a config file whose database lives in a temp dir. Its
// newswire is off ("source = []" replaces the default feeds, which are on
// the internet), so extra must not open [feeds] again; a test that polls
// feeds writes its own file (see ingest_test.go).
func writeConfig(t *testing.T, extra string) (path, db string) {
	t.Helper()
	return writeConfigFetching(t, false, extra)
}

// writeConfigFetching is writeConfig whose bot may fetch submitted pages
// on loopback and private addresses when private is true (see siteDown).
func writeConfigFetching(t *testing.T, private bool, extra string) (path, db string) {
	t.Helper()
	dir := t.TempDir()
	db = filepath.Join(dir, "news.db")
	path = filepath.Join(dir, "config.toml")
	body := "[bot]\ndatabase = " + quote(db) + "\n[submissions]\nfetch_timeout = \"2s\"\nallow_private_hosts = " +
		strconv.FormatBool(private) + "\n[feeds]\nsource = []\n" + extra
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path, db
}

// siteDown starts a site that is there but cannot be read: it answers
// every request 503 Service Unavailable, so a link to it is queued with
// the link as its headline and its host as its source, as when the bot
// has no network. It returns the site's address, http://127.0.0.1:PORT,
// which a config of writeConfigFetching(t, true, …) lets the bot fetch.
func siteDown(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// openTestApp opens the app of a config with extra appended (see
// writeConfig), with environ as its environment; its store closes when the
// test ends.
func openTestApp(t *testing.T, extra string, environ map[string]string) *app {
	t.Helper()
	path, _ := writeConfig(t, extra)
	a, err := openApp(context.Background(), path, env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard,
		getenv: func(k string) string { return environ[k] }}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.store.Close() })
	return a
}

func quote(s string) string { return `"` + strings.ReplaceAll(s, `\`, `\\`) + `"` }

// wantAll fails the test for each of wants that out lacks, naming what out
// is, and then shows out once.
func wantAll(t *testing.T, what, out string, wants []string) {
	t.Helper()
	missing := false
	for _, want := range wants {
		if !strings.Contains(out, want) {
			t.Errorf("%s lacks %q", what, want)
			missing = true
		}
	}
	if missing {
		t.Logf("%s:\n%s", what, out)
	}
}

func runCLI(t *testing.T, stdin string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	no := false
	err = run(context.Background(), args, env{
		stdin: strings.NewReader(stdin), stdout: &out, stderr: &errOut,
		getenv: func(string) string { return "" }, interactive: &no,
	})
	return out.String(), errOut.String(), err
}

// typedConsole is `sharednews console` on a configuration, running while
// the test types to it a line at a time, as an editor does.
type typedConsole struct {
	t     *testing.T
	typed *io.PipeWriter
	out   *lockedBuffer
	done  chan error
}

func startConsole(t *testing.T, cfg string) *typedConsole {
	t.Helper()
	in, typed := io.Pipe()
	c := &typedConsole{t: t, typed: typed, out: &lockedBuffer{}, done: make(chan error, 1)}
	no := false
	go func() {
		c.done <- run(context.Background(), []string{"--config", cfg, "console"}, env{stdin: in, stdout: c.out, stderr: io.Discard,
			getenv: func(string) string { return "" }, interactive: &no})
	}()
	return c
}

// say types line and waits for want in what the console has written.
func (c *typedConsole) say(line, want string) {
	c.t.Helper()
	if _, err := io.WriteString(c.typed, line+"\n"); err != nil {
		c.t.Fatal(err)
	}
	waitFor(c.t, c.out, want)
}

// quit ends the input and waits for the console to return, and gives
// all it wrote.
func (c *typedConsole) quit() string {
	c.t.Helper()
	c.typed.Close()
	if err := <-c.done; err != nil {
		c.t.Fatal(err)
	}
	return c.out.String()
}

// waitFor waits up to 10 seconds for want to appear in out.
func waitFor(t *testing.T, out *lockedBuffer, want string) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if strings.Contains(out.String(), want) {
			return
		}
	}
	t.Fatalf("no %q in:\n%s", want, out.String())
}

// TestConsoleSession runs the session the newsroom-core issue names, in
// order, through the real CLI, router, store and renderers. The submitted
// site cannot be read (siteDown), standing in for "no network".
func TestConsoleSession(t *testing.T) {
	cfg, _ := writeConfigFetching(t, true, "")
	site := siteDown(t)
	script := strings.Join([]string{
		"/shared submit " + site + "/news/councils-merge health Two districts share a chief executive",
		"/shared queue",
		"/shared edit 1 headline Two district councils agree to share a chief executive",
		"/shared edit 1 summary The councils expect to save £500k a year.",
		"/shared note 1 Another pair of districts takes the plunge.",
		"/shared approve 1",
		"/shared intro It has been a busy week for shared chief executives.",
		"/shared draft",
		"/shared publish",
		"/shared edition",
		"/shared news health",
		"/shared search chief executive",
		"/shared sectors",
		"/shared status",
		"/shared help",
	}, "\n")
	out, stderr, err := runCLI(t, script, "--config", cfg, "console")
	if err != nil {
		t.Fatalf("console: %v\nstderr: %s", err, stderr)
	}
	if strings.Contains(out, "shared> ") {
		t.Error("a prompt was printed although stdin is not a terminal")
	}
	wantAll(t, "console output", out, []string{
		"Queued as #1. I couldn't read the page",
		"the editor can edit it",
		"Note: Two districts share a chief executive",
		"Updated the headline of #1",
		"Approved #1 “Two district councils agree to share a chief executive” into Health & Social Care",
		"DRAFT",
		"It has been a busy week for shared chief executives.",
		"************\nHealth & Social Care\n\nAnother pair of districts takes the plunge.\n\nTwo district councils agree to share a chief executive\n\nThe councils expect to save £500k a year. Read more >>> " + site + "/news/councils-merge",
		"Published edition 1",
		"Edition 1",
		"Latest in Health & Social Care",
		"Search: chief executive\n  Two district councils agree to share a chief executive\n    The councils expect to save £500k a year.\n    Commentary: Another pair of districts takes the plunge.\n    #1 · ",
		"health           Health & Social Care — 1 story", // padded to the longest slug, local-government
		"Next edition: Thursday",
		"Latest edition: 1",
		"/shared approve ID [SECTOR]",
	})
}

func TestConsoleBadInputChangesNothing(t *testing.T) {
	cfg, _ := writeConfig(t, "")
	script := strings.Join([]string{
		"/shared",
		"/shared frobnicate",
		"/shared submit",
		"/shared submit ftp://example.invalid/file",
		"/shared submit https://example.invalid/" + strings.Repeat("a", 2100),
		"/shared submit https://example.invalid/x helth",
		"/shared submit https://example.invalid/x health " + strings.Repeat("long ", 300),
		"/shared approve",
		"/shared approve 42",
		"/shared approve banana",
		"/shared news 99",
		"/shared news nosuchsector",
		"/shared edition 7",
		"/shared publish",
		"/shared search",
		"/shared queue",
	}, "\n")
	out, stderr, err := runCLI(t, script, "--config", cfg, "console")
	if err != nil {
		t.Fatal(err)
	}
	// Each refusal is answered; the terminal the operator types into gets
	// no log line for it (the console shows only warnings there).
	if stderr != "" {
		t.Errorf("refused commands wrote to the terminal beside their answers:\n%s", stderr)
	}
	wantAll(t, "output", out, []string{
		"Shared News commands",
		"Unknown command `frobnicate`.",
		"✗ Give the link to the story.\n  Usage: /shared submit URL [SECTOR] [NOTE…]",
		"http and https",
		"2,048",
		"Unknown sector `helth`. Did you mean `health`?",
		"A note can be at most 1,000 characters",
		"✗ Give the story's number",
		"There is no story #42.",
		"`banana` is not a story number",
		"N must be between 1 and 20.",
		"Unknown sector `nosuchsector`.",
		"There is no edition 7: no edition has been published yet.",
		"The draft has no stories",
		"Tell me what to search for.",
		"The review queue is empty.",
	})
}

func TestSubscribedConsoleReceivesEdition(t *testing.T) {
	cfg, _ := writeConfigFetching(t, true, "")
	script := strings.Join([]string{
		"/shared subscribe health",
		"/shared submit " + siteDown(t) + "/a health",
		"/shared approve 1",
		"/shared publish",
		"/shared publish",
		"/shared status",
	}, "\n")
	out, _, err := runCLI(t, script, "--config", cfg, "console")
	if err != nil {
		t.Fatal(err)
	}
	wantAll(t, "output", out, []string{
		"This channel is subscribed to Shared News (Health & Social Care).",
		"[delivered to this console]",
		// The copy's footer, as run's delivery worker fills it in.
		"every week: ask your editor to subscribe your channel with /shared subscribe.",
		"delivered to 1 of 1 channels",
		"Edition 1 was already published",
		"This channel receives the Health & Social Care stories of each edition.",
		"Delivery of edition 1: 1 delivered, 0 pending, 0 failed, 0 skipped",
	})
}

func TestPreviewMigrateBackupVersion(t *testing.T) {
	cfg, db := writeConfigFetching(t, true, "")
	out, _, err := runCLI(t, "", "--config", cfg, "migrate")
	if err != nil || !strings.Contains(out, "applied 0001_init.sql") {
		t.Fatalf("migrate: %v\n%s", err, out)
	}
	out, _, err = runCLI(t, "", "--config", cfg, "migrate")
	if err != nil || !strings.Contains(out, fmt.Sprintf("is up to date at schema version %d", store.LatestSchemaVersion())) {
		t.Fatalf("second migrate: %v\n%s", err, out)
	}
	if _, _, err := runCLI(t, "", "--config", cfg, "preview"); err == nil || !strings.Contains(err.Error(), "no draft") {
		t.Fatalf("preview without a draft: %v", err)
	}
	if _, _, err := runCLI(t, "/shared submit "+siteDown(t)+"/a <b>bold</b>\n/shared approve 1\n/shared edit 1 headline <script>alert(1)</script>\n", "--config", cfg, "console"); err != nil {
		t.Fatal(err)
	}
	for format, want := range map[string]string{
		"text":     "DRAFT",
		"markdown": "# News Summary",
		"html":     "&lt;script&gt;alert(1)&lt;/script&gt;",
	} {
		out, errOut, err := runCLI(t, "", "--config", cfg, "preview", "--format", format)
		if err != nil || !strings.Contains(out, want) {
			t.Errorf("preview --format %s: %v\n%s", format, err, out)
		}
		// When the draft goes out is said apart from the edition, which
		// stdout holds alone, as it will be posted.
		if !strings.HasPrefix(errOut, "Goes out ") || strings.Contains(out, "Goes out ") {
			t.Errorf("preview --format %s: stderr %q, stdout:\n%s", format, errOut, out)
		}
		if format == "html" && strings.Contains(out, "<script>") {
			t.Error("preview --format html let a script tag through")
		}
	}
	var u usageError
	if _, _, err := runCLI(t, "", "--config", cfg, "preview", "--format", "pdf"); !errors.As(err, &u) {
		t.Errorf("preview --format pdf: %v, want a usage error", err)
	}
	if _, _, err := runCLI(t, "", "--config", cfg, "preview", "--edition", "3"); err == nil || !strings.Contains(err.Error(), "no published edition 3") {
		t.Errorf("preview --edition 3: %v", err)
	}

	backup := filepath.Join(t.TempDir(), "copy.db")
	out, _, err = runCLI(t, "", "--config", cfg, "backup", backup)
	if err != nil || !strings.Contains(out, "backed up "+db) {
		t.Fatalf("backup: %v\n%s", err, out)
	}
	if _, _, err := runCLI(t, "", "--config", cfg, "backup", backup); err == nil {
		t.Error("backup over an existing file succeeded")
	}
	if _, _, err := runCLI(t, "", "--config", cfg, "backup"); !errors.As(err, &u) {
		t.Errorf("backup without a file: %v", err)
	}
	out, _, err = runCLI(t, "", "version")
	if err != nil || !strings.HasPrefix(out, "sharednews ") {
		t.Errorf("version: %v %q", err, out)
	}
	if _, _, err := runCLI(t, "", "frobnicate"); !errors.As(err, &u) {
		t.Errorf("unknown command: %v", err)
	}
}

func TestCheckConfigListsEveryProblem(t *testing.T) {
	cfg, _ := writeConfig(t, "[slack]\nmode = \"sockets\"\n[digest]\nschedule = \"every thursday\"\n")
	out, _, err := runCLI(t, "", "--config", cfg, "check-config")
	if err == nil {
		t.Fatal("check-config passed a bad file")
	}
	wantAll(t, "check-config output", out, []string{"slack.mode", "digest.schedule"})
	good, _ := writeConfig(t, "")
	out, _, err = runCLI(t, "", "--config", good, "check-config")
	if err != nil || !strings.Contains(out, "configuration is valid") {
		t.Errorf("check-config on a good file: %v\n%s", err, out)
	}
	// The console refuses to start on a bad configuration and touches no database.
	if _, _, err := runCLI(t, "", "--config", cfg, "console"); err == nil {
		t.Error("console started with a bad configuration")
	}
	if _, _, err := runCLI(t, "", "--config", filepath.Join(t.TempDir(), "missing.toml"), "check-config"); err == nil {
		t.Error("check-config passed a missing file")
	}
}

func TestRunServesProbesAndStopsCleanly(t *testing.T) {
	addr := freeAddr(t)
	cfg, _ := writeConfig(t, "[http]\nlisten = "+quote(addr)+"\n")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	var stderr bytes.Buffer
	go func() {
		done <- run(ctx, []string{"--config", cfg, "run"}, env{stdin: strings.NewReader(""), stdout: io.Discard,
			stderr: &stderr, getenv: func(string) string { return "" }})
	}()
	var resp *http.Response
	var err error
	for i := 0; i < 100; i++ {
		if resp, err = http.Get("http://" + addr + "/readyz"); err == nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("run never answered /readyz: %v\n%s", err, stderr.String())
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("/readyz = %d", resp.StatusCode)
	}
	resp, err = http.Get("http://" + addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), "go_goroutines") {
		t.Errorf("/metrics lacks the Go collector")
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run returned %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("run did not stop after its context ended")
	}
	for _, want := range []string{"no chat platform is enabled", `"msg":"stopped"`} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, stderr.String())
		}
	}
	// Said once, with how to configure a platform: two warnings of one
	// event, one of them only half the advice, read as two problems.
	if n := strings.Count(stderr.String(), "no chat platform"); n != 1 {
		t.Errorf("the log says %d times that no chat platform is configured:\n%s", n, stderr.String())
	}
	for _, want := range []string{"SLACK_BOT_TOKEN", "DISCORD_BOT_TOKEN", "sharednews console"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("the log does not say how to configure a platform (%s):\n%s", want, stderr.String())
		}
	}
	if strings.Contains(stderr.String(), "xoxb") {
		t.Error("a token appeared in the log")
	}
}

func TestCheckConfigPrintsWarnings(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "config.toml")
	body := "[bot]\ndatabase = " + quote(filepath.Join(t.TempDir(), "w.db")) + "\n[submissions]\nallow_private_hosts = true\n[feeds]\nsource = []\n"
	if err := os.WriteFile(cfg, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	out, _, err := runCLI(t, "", "--config", cfg, "check-config")
	if err != nil {
		t.Fatalf("warnings must not fail check-config: %v\n%s", err, out)
	}
	wantAll(t, "check-config output", out, []string{"warning: ", "submissions.allow_private_hosts", "no chat platform is enabled", "configuration is valid"})
}

func TestPreviewForChatPlatformsPrintsJSON(t *testing.T) {
	cfg, _ := writeConfigFetching(t, true, "")
	site := siteDown(t)
	if _, _, err := runCLI(t, "/shared submit "+site+"/a health\n/shared approve 1\n", "--config", cfg, "console"); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"slack", "discord"} {
		out, _, err := runCLI(t, "", "--config", cfg, "preview", "--format", format)
		if err != nil || !strings.Contains(out, strings.TrimPrefix(site, "http://")) {
			t.Errorf("preview --format %s: %v\n%s", format, err, out)
		}
		dec := json.NewDecoder(strings.NewReader(out))
		for dec.More() {
			var v any
			if err := dec.Decode(&v); err != nil {
				t.Errorf("preview --format %s is not JSON: %v", format, err)
				break
			}
		}
	}
}

// TestRunOnABusyAddressStopsBeforeStarting: with http.listen taken by
// another program, run failed only once the scheduler, the poller and the
// worker had started, so a missed edition could be published by a run
// that was never up, and its stop was logged as errors ("catch up a
// missed publication: … context canceled"). It now says so before
// starting anything.
func TestRunOnABusyAddressStopsBeforeStarting(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	cfg, _ := writeConfig(t, "[http]\nlisten = "+quote(ln.Addr().String())+"\n")
	_, stderr, err := runCLI(t, "", "--config", cfg, "run")
	if err == nil || !strings.Contains(err.Error(), "address already in use") {
		t.Fatalf("run on a busy address: %v", err)
	}
	for _, never := range []string{`"level":"ERROR"`, "next scheduled publication", "catch up"} {
		if strings.Contains(stderr, never) {
			t.Errorf("run logged %q before finding its address taken:\n%s", never, stderr)
		}
	}
}

// TestConsoleRefusesAPageThatDoesNotExist: on the console, as in chat, a
// link whose page the site says is not there (404) is refused with the
// reason, and nothing joins the queue.
func TestConsoleRefusesAPageThatDoesNotExist(t *testing.T) {
	cfg, _ := writeConfigFetching(t, true, "")
	site := httptest.NewServer(http.HandlerFunc(http.NotFound))
	t.Cleanup(site.Close)
	out, stderr, err := runCLI(t, "/shared submit "+site.URL+"/nwes/1 health\n/shared queue\n", "--config", cfg, "console")
	if err != nil {
		t.Fatalf("console: %v\n%s", err, stderr)
	}
	wantAll(t, "console output", out, []string{
		"I couldn't find that page (" + site.URL + "/nwes/1 answered 404 Not Found). Check the link and submit it again.",
		"The review queue is empty.",
	})
}

// TestCheckConfigWarningsNameTheirLines: a warning of a setting the file
// makes names the file and the line, as a problem does, so that the
// operator finds the schedule and the time zone it is about.
func TestCheckConfigWarningsNameTheirLines(t *testing.T) {
	cfg, _ := writeConfig(t, "[digest]\nschedule = \"0 9 1-7 * 4\"\n")
	body, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	// bot.timezone on the line after [bot], the schedule on the file's last.
	lines := strings.Split(strings.TrimSuffix(string(body), "\n"), "\n")
	body = []byte(strings.Replace(string(body), "[bot]\n", "[bot]\ntimezone = \"GMT\"\n", 1))
	if err := os.WriteFile(cfg, body, 0o600); err != nil {
		t.Fatal(err)
	}
	out, _, err := runCLI(t, "", "--config", cfg, "check-config")
	if err != nil {
		t.Fatalf("warnings must not fail check-config: %v\n%s", err, out)
	}
	wantAll(t, "check-config output", out, []string{
		fmt.Sprintf("warning: %s:2: bot.timezone: \"GMT\" keeps one offset all year", cfg),
		fmt.Sprintf("warning: %s:%d: digest.schedule: \"0 9 1-7 * 4\" names both", cfg, len(lines)+1),
	})
}
