// Package email is the email edition: readers outside chat sign up on the
// web archive with double opt-in, and each published edition reaches every
// confirmed reader as one text and HTML mail, through the same delivery
// ledger as channels (a Destination of package delivery), over SMTP.
package email

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/idna"

	"github.com/sharednews/sharednews/store"
)

// maxAddressLen is the longest address SMTP can carry (RFC 5321's path
// limit, less the angle brackets).
const maxAddressLen = 254

// maxLocalLen is the longest local part (RFC 5321 4.5.3.1.1), and
// maxLabelLen the longest label of a domain (RFC 1035 2.3.4).
const (
	maxLocalLen = 64
	maxLabelLen = 63
)

// ErrBadAddress says a text is not one email address; its message is a
// sentence for readers and editors.
var ErrBadAddress = errors.New("that is not an email address, such as name@example.org")

// ErrInvisibleCharacter says an address holds a character that shows as
// nothing (a zero-width space, a direction mark, a control character),
// most often pasted with it: the address looks right and is not. It is an
// ErrBadAddress.
var ErrInvisibleCharacter = fmt.Errorf("%w: it has an invisible character in it", ErrBadAddress)

// ParseAddress validates one email address, as a reader types it or an
// import file holds it, and returns it without display name or spaces.
// "Ana <ana@example.org>" gives "ana@example.org".
func ParseAddress(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" || !utf8.ValidString(raw) || strings.ContainsAny(raw, "\r\n\x00") {
		return "", ErrBadAddress
	}
	if strings.ContainsFunc(raw, func(r rune) bool { return r != '\t' && unicode.IsControl(r) }) {
		return "", ErrInvisibleCharacter // a BEL or ESC shows as nothing where it is quoted back
	}
	a, err := mail.ParseAddress(raw)
	if err != nil {
		return "", ErrBadAddress
	}
	addr := a.Address
	at := strings.LastIndexByte(addr, '@')
	// Such a character before the @ made another address that reads the
	// same ("b" with U+200B), refused as one the relay cannot send to, or
	// stored beside the real one for a mailbox that does not exist. In the
	// domain IDNA's mapping removes the ones it may (a soft hyphen), and
	// refuses the rest, below.
	if at > 0 && strings.ContainsFunc(addr[:at], func(r rune) bool { return unicode.In(r, unicode.Cc, unicode.Cf) }) {
		return "", ErrInvisibleCharacter
	}
	// net/mail accepts a domain without a dot ("root@localhost"), which
	// no reader on the public internet has.
	if len(addr) > maxAddressLen || at <= 0 || strings.ContainsAny(addr, " \t\"\\") || !strings.Contains(addr[at+1:], ".") || strings.HasSuffix(addr, ".") {
		return "", ErrBadAddress
	}
	// RFC 5321 4.5.3.1's sizes and 4.1.2's labels, on the form SMTP
	// carries.
	wire, err := asciiDomain(addr)
	if err != nil || len(wire) > maxAddressLen || at > maxLocalLen {
		return "", ErrBadAddress
	}
	// A domain, not an address literal ("a@[127.0.0.1]"): a literal
	// names a machine, and the relay would deliver straight to it (its
	// own loopback, a host inside the network); no reader needs one.
	domain := wire[strings.LastIndexByte(wire, '@')+1:]
	for label := range strings.SplitSeq(domain, ".") {
		if len(label) > maxLabelLen || !isLDH(label) {
			return "", ErrBadAddress
		}
	}
	// Nor a machine's address written bare ("a@127.0.0.1", "a@10.1",
	// "a@0x7f.1"), which a relay that reads it as a literal, or a
	// resolver that takes inet_aton's forms, delivers to as well.
	if atMachine(wire) {
		return "", ErrBadAddress
	}
	addr = addr[:at+1] + canonicalDomain(addr[at+1:], domain)
	// A quoted local part comes back unquoted ("a("@x.example gives
	// a(@x.example), which is no longer an address when written bare in a
	// header: keep only addresses that read back as themselves.
	if again, err := mail.ParseAddress(addr); err != nil || again.Address != addr {
		return "", ErrBadAddress
	}
	return addr, nil
}

// NotMailed says why the email edition skips a reader stored at address,
// which an earlier release's checks let in, or "" when it mails it. The
// sender (PostEdition) skips on it and the ledger records its reason; the
// export notes it on the reader's row, where such a reader read as
// confirmed like any other while no edition reached them. One function
// decides both, so the two cannot disagree.
func NotMailed(address string) string {
	if atMachine(address) {
		return "the address's domain is a machine's IP address, which the bot no longer mails (the sign-up form and " +
			"the import refuse it now): `sharednews subscribers remove` it, and import the reader's real address if they have one"
	}
	return ""
}

// atMachine reports whether address (its domain as typed or in ASCII)
// names a machine by its IP address, as a literal ("a@[127.0.0.1]") or
// bare ("a@10.1", "a@0x7f.1"), rather than a mail domain: no top-level
// domain starts with anything but a letter (RFC 1123 2.1, RFC 3696 2; an
// internationalised one with a letter of its script, or "xn--").
func atMachine(address string) bool {
	domain := address[strings.LastIndexByte(address, '@')+1:]
	if strings.HasPrefix(domain, "[") {
		return true
	}
	first, _ := utf8.DecodeRuneInString(domain[strings.LastIndexByte(domain, '.')+1:])
	return !unicode.IsLetter(first)
}

// canonicalDomain is one spelling of an internationalised domain, given
// as typed and as the A-labels SMTP carries (wire): its own script, in
// lower case. "MÜNCHEN.example", "xn--mnchen-3ya.example" and a domain with
// full-width letters or an invisible soft hyphen pasted in name the same
// mailboxes as "münchen.example", and addresses are stored once by their
// text (store.AddressKey): left as typed, one reader would be two rows and
// get every edition twice. An ASCII domain without A-labels is left as
// typed; its case is the key's to fold.
func canonicalDomain(typed, wire string) string {
	idn := false
	for label := range strings.SplitSeq(typed, ".") {
		idn = idn || len(label) >= 4 && strings.EqualFold(label[:4], "xn--")
	}
	for i := 0; i < len(typed) && !idn; i++ {
		idn = typed[i] >= utf8.RuneSelf
	}
	if !idn {
		return typed
	}
	u, err := idna.Lookup.ToUnicode(strings.ToLower(wire))
	if err != nil {
		return typed
	}
	return u
}

// isLDH reports whether label is a domain label SMTP takes (RFC 5321
// 4.1.2): letters, digits and hyphens, a letter or digit at each end.
func isLDH(label string) bool {
	for i := 0; i < len(label); i++ {
		c := label[i]
		alnum := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
		if !alnum && (c != '-' || i == 0 || i == len(label)-1) {
			return false
		}
	}
	return label != ""
}

// asciiDomain returns address with its domain in ASCII: a domain in
// another script (RFC 5890's U-labels, "bücher.example") as its A-labels
// ("xn--bcher-kva.example"), the form SMTP without SMTPUTF8 (RFC 5321) and
// a mail's ASCII header carry. An ASCII domain is left as it is.
func asciiDomain(address string) (string, error) {
	at := strings.LastIndexByte(address, '@')
	domain := address[at+1:]
	for i := 0; i < len(domain); i++ {
		if domain[i] >= utf8.RuneSelf {
			a, err := idna.Lookup.ToASCII(domain)
			if err != nil {
				return "", fmt.Errorf("the domain of %s cannot be written in ASCII: %w", Mask(address), err)
			}
			return address[:at+1] + a, nil
		}
	}
	return address, nil
}

// Mask shortens an address for logs and editors' messages: the first
// character of the local part and the domain, "a***@example.org". An
// address is never logged in full.
func Mask(address string) string {
	at := strings.LastIndexByte(address, '@')
	if at <= 0 {
		return "***"
	}
	first, _ := utf8.DecodeRuneInString(address)
	return string(first) + "***" + address[at:]
}

// scrub replaces address (in any case) in text with its mask, so that a
// mail server's answer quoting it ("550 <ana@example.org>: no such user")
// can be logged and shown to editors. The match is made on text itself:
// lower-casing changes the length of some characters in UTF-8, so
// positions in a lower-cased copy are not positions in text.
func scrub(text, address string) string {
	// Every address has an @, and no other character is its case: a text
	// without one (a refused connection, the sender holding off before
	// dialling again, which fails every mail at once) quotes no address,
	// and needs no pattern compiled.
	if address == "" || strings.Contains(address, "@") && !strings.Contains(text, "@") {
		return text
	}
	text = regexp.MustCompile("(?i)"+regexp.QuoteMeta(address)).ReplaceAllLiteralString(text, Mask(address))
	if a, err := asciiDomain(address); err == nil && a != address {
		text = scrub(text, a) // the form the server was given
	}
	return text
}

// StoredAddress is addr (as ParseAddress gives it) as st holds it: addr
// itself, or, when no reader has it and its domain is internationalised,
// the spelling of the same mailbox with the domain as A-labels
// ("ana@xn--mnchen-3ya.example"), which sign-ups and imports stored as
// typed before ParseAddress wrote one spelling. Sign-ups, imports and
// removals look a reader up by it, so that such a reader is found, not
// stored a second time (and mailed twice) or imported back after they
// unsubscribed. A reader stored under no spelling gets addr.
func StoredAddress(ctx context.Context, st *store.Store, addr string) (string, error) {
	candidates := []string{addr}
	if wire, ok := otherSpelling(addr); ok {
		candidates = append(candidates, wire)
	}
	for _, c := range candidates {
		sub, err := st.SubscriberByAddress(ctx, c)
		if err == nil {
			return sub.Address, nil
		}
		if !errors.Is(err, store.ErrNotFound) {
			return "", fmt.Errorf("look up a reader: %w", err)
		}
	}
	return addr, nil
}

// MaySpellOtherwise reports whether a reader with address addr may be
// stored under another spelling of it (its domain's A-labels), which only
// StoredAddress finds: a store look-up by the address itself (its
// AddressKey) finds any other. An import of many readers asks this first
// and StoredAddress only when it says so: a query a row, before the
// import's first batch, held 30,000 rows for seconds (and, under the race
// detector, minutes).
func MaySpellOtherwise(addr string) bool {
	_, ok := otherSpelling(addr)
	return ok
}

// otherSpelling is addr with its domain in A-labels, when that differs.
func otherSpelling(addr string) (string, bool) {
	wire, err := asciiDomain(addr)
	return wire, err == nil && !strings.EqualFold(wire, addr)
}
