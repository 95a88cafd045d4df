package pagemeta

import (
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strings"
)

// Sentinel errors, one per kind of refusal, so callers can count or branch
// with errors.Is. Every error returned by Fetch and Extract is a *FetchError
// whose Err chain contains one of these, or an underlying network error.
var (
	// ErrNotHTML: the body is not a web page (PDF, image, binary...).
	ErrNotHTML = errors.New("not an HTML page")
	// ErrBlockedAddress: the host is, or resolves to, an address that is
	// not fetched (loopback, private, link-local, multicast, ...).
	ErrBlockedAddress = errors.New("address not allowed")
	// ErrScheme: the link, or a redirect, is not http or https.
	ErrScheme = errors.New("scheme not allowed")
	// ErrBadURL: the link cannot be parsed or has no host.
	ErrBadURL = errors.New("invalid URL")
	// ErrTooManyRedirects: more redirects than Options.MaxRedirects.
	ErrTooManyRedirects = errors.New("too many redirects")
	// ErrTooLarge: the body is over Options.MaxBytes and its head was not
	// complete within that limit.
	ErrTooLarge = errors.New("page too large")
	// ErrTimeout: the whole fetch took longer than Options.Timeout.
	ErrTimeout = errors.New("fetch timed out")
	// ErrStatus: the site answered with a non-2xx status.
	ErrStatus = errors.New("unexpected HTTP status")
	// ErrNotFound: the page does not exist: its site answered 404 Not
	// Found or 410 Gone (after any redirects). A page that is only hard
	// to read is not this: 401, 403, 429 and 5xx answers (a wall, a bot
	// blocker, a site that is down), a timeout, a refused connection, a
	// name the resolver could not find or look up (no network, an
	// intranet's DNS that knows no outside names, a DNS server failing)
	// are all pages that may well be there.
	ErrNotFound = errors.New("page does not exist")
)

// FetchError is the error type of Fetch and Extract. Reason is one sentence,
// lower-case and without a final full stop, written for the chat user who
// submitted the link (for example "the site answered 404 Not Found"). The
// only parts of it that come from the remote side are an IP address and a
// media type reduced to letters, digits and "/.+-", so it is safe to show
// as it is. Err is the technical cause, for logs and errors.Is.
type FetchError struct {
	// Reason is the user-facing explanation.
	Reason string
	// URL is the address being fetched when the error happened (after any
	// redirects), without user name or password; empty for Extract.
	URL string
	// Status is the HTTP status the site answered with, when that is the
	// error (ErrStatus); 0 otherwise.
	Status int
	// Redirected says that the error came after the link redirected: URL
	// is not the link that was fetched. Callers name the link they were
	// given rather than URL, which the remote site chose.
	Redirected bool
	// Err is the underlying error.
	Err error
}

// Error gives the reason, the URL when known and the underlying error.
func (e *FetchError) Error() string {
	var b strings.Builder
	b.WriteString("pagemeta: ")
	if e.URL != "" {
		b.WriteString("fetch ")
		b.WriteString(e.URL)
		b.WriteString(": ")
	}
	b.WriteString(e.Reason)
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the underlying error.
func (e *FetchError) Unwrap() error { return e.Err }

// notHTMLError builds the error for a body that is not a web page. The
// media type shown is reduced to token characters because it comes from the
// remote server and ends up in a chat message.
func notHTMLError(mediaType string) *FetchError {
	mt := safeMediaType(mediaType)
	return &FetchError{
		Reason: fmt.Sprintf("the link is to %s, not a web page", kindOfFile(mt)),
		Err:    fmt.Errorf("%w: content type %s", ErrNotHTML, mt),
	}
}

// kindOfFile names what a media type is in the words a member would use
// ("a PDF document", "an image"), or as "a file of type X". The reason
// is shown in brackets in the bot's answer, so it has none of its own.
func kindOfFile(mt string) string {
	major, minor, _ := strings.Cut(mt, "/")
	switch {
	case mt == "application/pdf":
		return "a PDF document"
	case major == "image":
		return "an image"
	case major == "video":
		return "a video"
	case major == "audio":
		return "a sound file"
	case mt == "text/plain":
		return "plain text"
	case mt == "application/msword" || strings.Contains(minor, "wordprocessingml") || strings.Contains(minor, "opendocument.text"):
		return "a word-processor document"
	case mt == "application/vnd.ms-excel" || strings.Contains(minor, "spreadsheetml") || strings.Contains(minor, "opendocument.spreadsheet") || mt == "text/csv":
		return "a spreadsheet"
	case mt == "application/vnd.ms-powerpoint" || strings.Contains(minor, "presentationml") || strings.Contains(minor, "opendocument.presentation"):
		return "a presentation"
	case mt == "unknown type":
		return "a file of unknown type"
	}
	return "a file of type " + mt
}

// safeMediaType keeps only the characters a media type can contain, and not
// too many of them.
func safeMediaType(mt string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(mt) {
		if b.Len() >= 64 {
			break
		}
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', strings.ContainsRune("/.+-", r):
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "unknown type"
	}
	return b.String()
}

// statusError builds the error for a non-2xx answer. The reason phrase is
// Go's, not the server's, so a hostile status line cannot reach the chat.
// 404 and 410 are the only answers that say the page is not there (see
// ErrNotFound): 401, 403 and 451 say it is there and kept from us.
func statusError(code int) *FetchError {
	text := http.StatusText(code)
	reason := fmt.Sprintf("the site answered %d %s", code, text)
	if text == "" {
		reason = fmt.Sprintf("the site answered with status %d", code)
	}
	err := fmt.Errorf("%w %d", ErrStatus, code)
	if code == http.StatusNotFound || code == http.StatusGone {
		err = fmt.Errorf("%w %d: %w", ErrStatus, code, ErrNotFound)
	}
	return &FetchError{Reason: reason, Status: code, Err: err}
}

// mediaType returns the lower-case media type of a Content-Type value, or
// "" when there is none. A value with broken parameters still yields its
// type, since servers get the parameters wrong far more often than the type.
func mediaType(contentType string) string {
	if strings.TrimSpace(contentType) == "" {
		return ""
	}
	mt, _, err := mime.ParseMediaType(contentType)
	if err == nil || errors.Is(err, mime.ErrInvalidMediaParameter) {
		return mt
	}
	mt, _, _ = strings.Cut(contentType, ";")
	return strings.ToLower(strings.TrimSpace(mt))
}

// formatBytes renders a byte limit the way people say it: "2 MiB".
func formatBytes(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
