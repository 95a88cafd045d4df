package slacktest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"time"
)

// Signature returns the X-Slack-Request-Timestamp and X-Slack-Signature
// values Slack sends with body at time t, signed with the app's signing
// secret: HMAC-SHA256 over "v0:" + timestamp + ":" + body, as Slack
// documents it. Tests and benchmarks that play Slack's part sign their
// requests with it; it is written apart from the adapter's verifier, so
// that the two check each other (and both are checked against Slack's
// published vectors).
func Signature(secret string, t time.Time, body []byte) (timestamp, signature string) {
	timestamp = strconv.FormatInt(t.Unix(), 10)
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte("v0:" + timestamp + ":"))
	mac.Write(body)
	return timestamp, "v0=" + hex.EncodeToString(mac.Sum(nil))
}
