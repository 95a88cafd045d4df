package slack

import (
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/sharednews/sharednews/adapters/slack/slacktest"
)

// signingVector is one of the testdata/slack/signing-vector-*.json files.
type signingVector struct {
	Secret    string            `json:"signing_secret"`
	Headers   map[string]string `json:"headers"`
	BodyFile  string            `json:"body_file"`
	Body      string            `json:"body"`
	Expected  string            `json:"expected_signature"`
	Negatives []struct {
		Why       string  `json:"why"`
		Secret    string  `json:"signing_secret"`
		Body      string  `json:"body"`
		Signature *string `json:"signature"`
	} `json:"negative_cases"`
}

func loadVector(t *testing.T, name string) (signingVector, []byte, time.Time) {
	t.Helper()
	var v signingVector
	raw, err := os.ReadFile(filepath.Join(testdata, name))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	body, err := os.ReadFile(filepath.Join(testdata, v.BodyFile))
	if err != nil {
		t.Fatal(err)
	}
	if string(body) != v.Body {
		t.Fatalf("%s: body file differs from the vector's body", name)
	}
	sec, err := strconv.ParseInt(v.Headers["X-Slack-Request-Timestamp"], 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v, body, time.Unix(sec, 0)
}

func TestSignatureVectors(t *testing.T) {
	for _, name := range []string{"signing-vector-slack-docs.json", "signing-vector-slack-go.json"} {
		t.Run(name, func(t *testing.T) {
			v, body, at := loadVector(t, name)
			header := http.Header{}
			for k, val := range v.Headers {
				header.Set(k, val)
			}
			secret, now := []byte(v.Secret), at.Add(30*time.Second)
			if err := verify(secret, now, header, body); err != nil {
				t.Fatalf("the documented signature is refused: %v", err)
			}
			if _, sig := slacktest.Signature(v.Secret, at, body); sig != v.Expected {
				t.Errorf("slacktest.Signature = %s, want %s", sig, v.Expected)
			}

			for _, neg := range v.Negatives {
				h := header.Clone()
				secret, b := v.Secret, body
				if neg.Secret != "" {
					secret = neg.Secret
				}
				if neg.Body != "" {
					b = []byte(neg.Body)
				}
				if neg.Signature != nil {
					h.Set("X-Slack-Signature", *neg.Signature)
				}
				if err := verify([]byte(secret), now, h, b); err == nil {
					t.Errorf("%s: accepted", neg.Why)
				}
			}

			for _, c := range []struct {
				name string
				now  time.Time
				want error
			}{
				{"replayed six minutes later", at.Add(6 * time.Minute), errStale},
				{"from six minutes in the future", at.Add(-6 * time.Minute), errStale},
				{"at the edge of the window", at.Add(5 * time.Minute), nil},
			} {
				if err := verify(secret, c.now, header, body); !errors.Is(err, c.want) && !(c.want == nil && err == nil) {
					t.Errorf("%s: err = %v, want %v", c.name, err, c.want)
				}
			}

			h := header.Clone()
			h.Del("X-Slack-Request-Timestamp")
			if err := verify(secret, now, h, body); !errors.Is(err, errMissingHeader) {
				t.Errorf("no timestamp: err = %v", err)
			}
			h = header.Clone()
			h.Set("X-Slack-Signature", "v1="+v.Expected[3:])
			if err := verify(secret, now, h, body); !errors.Is(err, errBadSignature) {
				t.Errorf("wrong version: err = %v", err)
			}
			if err := verify(nil, now, header, body); !errors.Is(err, errNoSecret) {
				t.Errorf("no secret configured: err = %v", err)
			}
		})
	}
}
