package discord

import (
	"crypto/ed25519"
	"encoding/hex"
	"strconv"
	"time"
)

// maxSignatureAge bounds how far a request's signed timestamp may be from
// the bot's clock, so that a captured request cannot be replayed later.
const maxSignatureAge = 5 * time.Minute

// verifySignature reports whether sigHex (X-Signature-Ed25519, hex in
// either case) is key's Ed25519 signature of timestamp
// (X-Signature-Timestamp) followed by the raw body, exactly as received.
func verifySignature(key ed25519.PublicKey, sigHex, timestamp string, body []byte) bool {
	if len(key) != ed25519.PublicKeySize || timestamp == "" {
		return false
	}
	sig, err := hex.DecodeString(sigHex)
	if err != nil || len(sig) != ed25519.SignatureSize {
		return false
	}
	msg := make([]byte, 0, len(timestamp)+len(body))
	msg = append(msg, timestamp...)
	msg = append(msg, body...)
	return ed25519.Verify(key, msg, sig)
}

// freshTimestamp reports whether a signed timestamp (Unix seconds) is
// within maxSignatureAge of now, either way.
func freshTimestamp(timestamp string, now time.Time) bool {
	sec, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil {
		return false
	}
	d := now.Sub(time.Unix(sec, 0))
	return d <= maxSignatureAge && d >= -maxSignatureAge
}
