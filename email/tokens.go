package email

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Links in mails carry signed tokens: HMAC-SHA256 under the secret the
// database keeps (store.EmailSecret), so that nobody can forge one.
//
// A confirmation token names the subscriber, the nonce of its single
// confirmation link (used up when followed), the sectors chosen and when it
// was issued: it is good for ConfirmValidity. An unsubscribe token names the
// subscriber and is signed with the subscriber's own key too; it never
// expires, so the link in a years-old edition still works.

// ConfirmValidity is how long a confirmation link can be used.
const ConfirmValidity = 7 * 24 * time.Hour

// Token errors, for the pages to answer in words.
var (
	ErrBadToken     = errors.New("the link is not one this site made")
	ErrExpiredToken = errors.New("the link has expired")
	// ErrNoReader is an unsubscribe link naming a reader no longer in
	// the database (`subscribers remove`): its key went with the address,
	// so the link cannot be checked, and nothing goes to anyone by it.
	ErrNoReader = errors.New("the link's reader is no longer on the list")
)

type signer struct{ key []byte }

func (s signer) mac(parts ...string) []byte {
	h := hmac.New(sha256.New, s.key)
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return h.Sum(nil)
}

var b64 = base64.RawURLEncoding

// Confirmation is what a confirmation link says.
type Confirmation struct {
	Subscriber int64
	Nonce      string
	Sectors    []string
	Issued     time.Time
}

// confirmToken signs c: "c.PAYLOAD.MAC", URL-safe.
func (s signer) confirmToken(c Confirmation) string {
	payload := strings.Join([]string{strconv.FormatInt(c.Subscriber, 10), c.Nonce, strings.Join(c.Sectors, ","),
		strconv.FormatInt(c.Issued.Unix(), 10)}, "|")
	p := b64.EncodeToString([]byte(payload))
	return "c." + p + "." + b64.EncodeToString(s.mac("confirm", p)[:18])
}

// parseConfirm checks a confirmation token's signature and age.
func (s signer) parseConfirm(token string, now time.Time) (Confirmation, error) {
	rest, ok := strings.CutPrefix(token, "c.")
	if !ok {
		return Confirmation{}, ErrBadToken
	}
	p, sig, ok := strings.Cut(rest, ".")
	if !ok || !s.verify(sig, "confirm", p) {
		return Confirmation{}, ErrBadToken
	}
	raw, err := b64.DecodeString(p)
	if err != nil {
		return Confirmation{}, ErrBadToken
	}
	f := strings.Split(string(raw), "|")
	if len(f) != 4 {
		return Confirmation{}, ErrBadToken
	}
	id, err1 := strconv.ParseInt(f[0], 10, 64)
	issued, err2 := strconv.ParseInt(f[3], 10, 64)
	if err1 != nil || err2 != nil {
		return Confirmation{}, ErrBadToken
	}
	c := Confirmation{Subscriber: id, Nonce: f[1], Issued: time.Unix(issued, 0).UTC()}
	if f[2] != "" {
		c.Sectors = strings.Split(f[2], ",")
	}
	if age := now.Sub(c.Issued); age > ConfirmValidity || age < -time.Hour {
		return c, ErrExpiredToken
	}
	return c, nil
}

// unsubscribeToken is "u.ID.MAC", signed with the subscriber's own key.
func (s signer) unsubscribeToken(id int64, key string) string {
	n := strconv.FormatInt(id, 10)
	return "u." + n + "." + b64.EncodeToString(s.mac("unsubscribe", n, key)[:18])
}

// unsubscribeID reads the subscriber an unsubscribe token names; the
// caller checks it with checkUnsubscribe once it has the subscriber's key.
func unsubscribeID(token string) (int64, string, error) {
	rest, ok := strings.CutPrefix(token, "u.")
	if !ok {
		return 0, "", ErrBadToken
	}
	n, sig, ok := strings.Cut(rest, ".")
	id, err := strconv.ParseInt(n, 10, 64)
	if !ok || err != nil || id <= 0 {
		return 0, "", ErrBadToken
	}
	return id, sig, nil
}

func (s signer) checkUnsubscribe(id int64, key, sig string) bool {
	return s.verify(sig, "unsubscribe", strconv.FormatInt(id, 10), key)
}

func (s signer) verify(sig string, parts ...string) bool {
	got, err := b64.DecodeString(sig)
	return err == nil && hmac.Equal(got, s.mac(parts...)[:18])
}

// messageID is the Message-ID of edition editionID's mail to subscriber
// id: the same on every attempt, so a retry after a crash is recognisable
// as the same message (mail providers show it once), and unguessable.
func (s signer) messageID(editionID, subscriber int64, domain string) string {
	sum := s.mac("message-id", strconv.FormatInt(editionID, 10), strconv.FormatInt(subscriber, 10))
	return fmt.Sprintf("edition-%d.%s@%s", editionID, hex.EncodeToString(sum[:12]), domain)
}
