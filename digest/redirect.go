package digest

import (
	"net/url"
	"regexp"
	"strings"
)

// unwrapRedirect returns the link that u, a mail or security service's
// redirect, carries in itself, and whether it is one: Outlook's Safe Links
// ("https://eur01.safelinks.protection.outlook.com/?url=…&data=…"),
// Google's ("https://www.google.com/url?q=…"), Facebook's and LinkedIn's
// outbound links, and Proofpoint's URL Defense ("v2/url?u=…",
// "v3/__…__;…"). Links copied from a mail or a search result come so
// wrapped; the wrapper is not the page, it names the person it was sent to
// ("data=", "d=") and stops working when the service is changed, so the
// page's own link is what is kept. A click-tracking link that does not
// carry its page (Mailchimp's "list-manage.com/track/click?…", "t.co/…")
// is not one: nothing but following it says where it leads.
func unwrapRedirect(u *url.URL) (string, bool) {
	host := strings.ToLower(u.Hostname())
	q := u.Query()
	var inner string
	switch {
	case strings.HasSuffix(host, ".safelinks.protection.outlook.com"):
		inner = q.Get("url")
	case googleHost.MatchString(host) && u.Path == "/url":
		inner = q.Get("q")
		if inner == "" {
			inner = q.Get("url")
		}
	case (host == "l.facebook.com" || host == "lm.facebook.com") && u.Path == "/l.php":
		inner = q.Get("u")
	case (host == "www.linkedin.com" || host == "linkedin.com") && u.Path == "/redir/redirect":
		inner = q.Get("url")
	case host == "urldefense.proofpoint.com" && u.Path == "/v2/url":
		inner = proofpointV2(q.Get("u"))
	case host == "urldefense.com" && strings.HasPrefix(u.EscapedPath(), "/v3/__"):
		// "/v3/__https://www.example.org/a__;!!…": characters it could
		// not carry are "*" and listed after ";" (not read here).
		inner, _, _ = strings.Cut(strings.TrimPrefix(u.EscapedPath(), "/v3/__"), "__;")
		if strings.Contains(inner, "*") || !strings.Contains(u.EscapedPath(), "__;") {
			inner = ""
		}
		if inner != "" && u.RawQuery != "" && !strings.Contains(inner, "?") {
			inner = "" // the query is the wrapper's, not the page's
		}
	default:
		return "", false
	}
	target, err := url.Parse(inner)
	if inner == "" || err != nil || (target.Scheme != "http" && target.Scheme != "https") || target.Host == "" {
		return "", false
	}
	return inner, true
}

// googleHost is Google's search host in any country ("www.google.co.uk").
var googleHost = regexp.MustCompile(`^(?:www\.)?google\.(?:[a-z]{2,3}|co\.[a-z]{2}|com\.[a-z]{2})$`)

// proofpointV2 decodes URL Defense v2's "u=" value: "_" for "/", and "-"
// and two hex digits for a percent escape ("https-3A__www.example.org_a").
func proofpointV2(s string) string {
	if s == "" {
		return ""
	}
	s = strings.ReplaceAll(s, "_", "/")
	s = proofpointEscape.ReplaceAllString(s, "%$1")
	out, err := url.PathUnescape(s)
	if err != nil {
		return ""
	}
	return out
}

var proofpointEscape = regexp.MustCompile(`-([0-9A-Fa-f]{2})`)
