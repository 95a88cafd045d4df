package discord

import (
	"bytes"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/config"
)

// sentryVector is the fixed Ed25519 vector from Sentry's Discord tests.
type sentryVector struct {
	PublicKey string `json:"public_key"`
	Headers   struct {
		Signature string `json:"X-Signature-Ed25519"`
		Timestamp string `json:"X-Signature-Timestamp"`
	} `json:"headers"`
	BodyFile      string `json:"body_file"`
	Body          string `json:"body"`
	NegativeCases []struct {
		Why       string `json:"why"`
		Signature string `json:"signature"`
		Body      string `json:"body"`
	} `json:"negative_cases"`
}

func loadSentryVector(t *testing.T) (sentryVector, ed25519.PublicKey, []byte) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(payloadDir, "signing-vector-sentry.json"))
	if err != nil {
		t.Fatal(err)
	}
	var v sentryVector
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	key, err := hex.DecodeString(v.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	body, err := os.ReadFile(filepath.Join(payloadDir, v.BodyFile))
	if err != nil {
		t.Fatal(err)
	}
	if string(body) != v.Body {
		t.Fatalf("%s holds %q, the vector signs %q", v.BodyFile, body, v.Body)
	}
	return v, ed25519.PublicKey(key), body
}

// TestSentryVectorThroughEndpoint sends the vector as Discord would, with
// the clock set to its timestamp: PING is answered with PONG, its
// signature in upper-case hex; the vector's negative cases, and the
// signature under another timestamp, get 401.
func TestSentryVectorThroughEndpoint(t *testing.T) {
	v, _, body := loadSentryVector(t)
	sec, _ := strconv.ParseInt(v.Headers.Timestamp, 10, 64)
	f := newFixture(t, func(cfg *config.Config, o *Options) {
		cfg.Discord.PublicKey = v.PublicKey
		o.Now = func() time.Time { return time.Unix(sec, 0).Add(30 * time.Second) }
	})
	rec := f.post(body, v.Headers.Signature, v.Headers.Timestamp)
	if rec.Code != http.StatusOK || rec.Body.String() != `{"type":1}` {
		t.Fatalf("PING: %d %q", rec.Code, rec.Body.String())
	}
	for _, nc := range v.NegativeCases {
		sig, b := v.Headers.Signature, body
		if nc.Signature != "" {
			sig = nc.Signature
		}
		if nc.Body != "" {
			b = []byte(nc.Body)
		}
		if rec := f.post(b, sig, v.Headers.Timestamp); rec.Code != http.StatusUnauthorized {
			t.Errorf("%s: HTTP %d", nc.Why, rec.Code)
		}
	}
	// A timestamp within the five minutes, but not the one signed.
	if rec := f.post(body, v.Headers.Signature, strconv.FormatInt(sec+1, 10)); rec.Code != http.StatusUnauthorized {
		t.Errorf("a different timestamp: HTTP %d", rec.Code)
	}
	// The same valid request a day later is a replay.
	f.adapter.now = func() time.Time { return time.Unix(sec, 0).Add(24 * time.Hour) }
	if rec := f.post(body, v.Headers.Signature, v.Headers.Timestamp); rec.Code != http.StatusUnauthorized {
		t.Errorf("stale timestamp: HTTP %d", rec.Code)
	}
	if n := f.api.count(); n != 0 {
		t.Errorf("%d REST calls for PINGs and refusals", n)
	}
}

// TestOversizedRequestIsUnauthorized: a body too large to be an
// interaction cannot be verified either; like any request without a valid
// signature it gets 401 and no action (PRODUCT.md §6), not another status.
func TestOversizedRequestIsUnauthorized(t *testing.T) {
	f := newFixture(t, nil)
	body := append(f.slash(editor, "publish"), bytes.Repeat([]byte(" "), maxInteractionBytes)...)
	sig, ts := f.sign(body)
	for name, s := range map[string][2]string{"signed": {sig, ts}, "unsigned": {"", ""}} {
		if rec := f.post(body, s[0], s[1]); rec.Code != http.StatusUnauthorized {
			t.Errorf("%s oversized body: HTTP %d", name, rec.Code)
		}
	}
	if n := f.api.count(); n != 0 {
		t.Errorf("refused requests made %d REST calls", n)
	}
}

// TestReplayedInteractionIsRefused: a signed interaction captured and
// sent again within its five minutes is refused with 401 and does
// nothing, as Slack's commands are; Discord never sends one twice, and
// the same command as a new interaction is answered.
func TestReplayedInteractionIsRefused(t *testing.T) {
	f := newFixture(t, nil)
	body := f.slash(editor, "help")
	sig, ts := f.sign(body)
	if rec := f.post(body, sig, ts); rec.Code != http.StatusOK {
		t.Fatalf("first: HTTP %d %s", rec.Code, rec.Body.String())
	}
	calls := f.api.count()
	for _, s := range []string{sig, strings.ToUpper(sig)} {
		if rec := f.post(body, s, ts); rec.Code != http.StatusUnauthorized {
			t.Errorf("replayed: HTTP %d %s", rec.Code, rec.Body.String())
		}
	}
	if n := f.api.count(); n != calls {
		t.Errorf("a replay made %d REST calls", n-calls)
	}
	if r := f.say(editor, "help"); r.Type != 4 {
		t.Errorf("the same command anew: %s", r.raw)
	}
}
