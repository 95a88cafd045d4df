package digest

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCanonicalize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		// Newswire links as feeds hand them out.
		{"bbc feed tracking", "https://www.bbc.co.uk/news/uk-england-gloucestershire-29988450?at_medium=RSS&at_campaign=KARANGA",
			"https://www.bbc.co.uk/news/uk-england-gloucestershire-29988450"},
		{"bbc at_custom and ptr", "https://www.bbc.co.uk/news/uk-wales-28216343?at_custom1=%5Bpost+type%5D&at_custom4=ABC&at_ptr_name=twitter&at_link_origin=BBCWales",
			"https://www.bbc.co.uk/news/uk-wales-28216343"},
		{"bbc old comscore tags", "http://www.bbc.co.uk/news/business-27373400?ns_mchannel=social&ns_source=twitter&ns_campaign=bbc_news&ns_linkname=news_central",
			"http://www.bbc.co.uk/news/business-27373400"},
		{"guardian share", "https://www.theguardian.com/society/2014/nov/19/councils-shared-services?CMP=share_btn_tw",
			"https://www.theguardian.com/society/2014/nov/19/councils-shared-services"},
		{"guardian utm mixed case", "https://www.theguardian.com/higher-education-network/2014/may/14/shared-services-brave-new-world?UTM_Source=Newsletter&utm_MEDIUM=email&INTCMP=x",
			"https://www.theguardian.com/higher-education-network/2014/may/14/shared-services-brave-new-world"},
		{"gov.uk keeps real params sorted", "https://www.gov.uk/search/news-and-communications?page=2&keywords=shared+services&order=updated-newest",
			"https://www.gov.uk/search/news-and-communications?keywords=shared+services&order=updated-newest&page=2"},
		{"gov.uk fragment", "https://www.gov.uk/government/publications/local-government-transparency-code-2014#full-publication-update-history",
			"https://www.gov.uk/government/publications/local-government-transparency-code-2014"},
		{"facebook and google click ids", "https://www.localgov.co.uk/Fresh-plans-to-merge-council-services/37811?fbclid=IwAR0abc&gclid=Cj0KCQ&gbraid=x&wbraid=y&dclid=z&msclkid=m&yclid=1",
			"https://www.localgov.co.uk/Fresh-plans-to-merge-council-services/37811"},
		{"mailchimp and hubspot", "https://www.nlgn.org.uk/public/2014/right-tier-right-now/?mc_cid=1a2b3c&mc_eid=4d5e6f&_hsenc=p2ANqtz&_hsmi=123",
			"https://www.nlgn.org.uk/public/2014/right-tier-right-now/"},
		{"msn ocid and instagram", "https://www.msn.com/en-gb/news/uknews/story/ar-AA1?ocid=msedgntp&cvid=abc&igshid=MzRl",
			"https://www.msn.com/en-gb/news/uknews/story/ar-AA1"},
		{"google analytics linker", "https://www.hefce.ac.uk/whatwedo/lgm/efficiency/shared/?_ga=2.1.2.3&_gl=1*abc",
			"https://www.hefce.ac.uk/whatwedo/lgm/efficiency/shared/"},
		{"twitter ref_src and cmpid", "https://www.computerweekly.com/news/2240234567/East-Renfrewshire?ref_src=twsrc%5Etfw&cmpid=abc&s_cid=x",
			"https://www.computerweekly.com/news/2240234567/East-Renfrewshire"},
		{"webtrekk campaign code (heise's feeds: rss.ho.beitrag.rdf, .atom, .rss)", "https://www.heise.de/newsticker/meldung/Mega-Deal-IBM-uebernimmt-Red-Hat-4205582.html?wt_mc=rss.ho.beitrag.rdf",
			"https://www.heise.de/newsticker/meldung/Mega-Deal-IBM-uebernimmt-Red-Hat-4205582.html"},
		{"tracking key percent-encoded", "https://example.org/a?utm%5Fsource=x&id=7", "https://example.org/a?id=7"},
		{"tracking only leaves no question mark", "https://example.org/?utm_source=rss", "https://example.org/"},
		// A feed's referrer says how its reader came, not which page.
		{"ref=rss", "https://www.example.org/news/41/?ref=rss", "https://www.example.org/news/41/"},
		{"source=RSS among others", "https://example.org/news?id=41&source=RSS&from=Feed", "https://example.org/news?id=41"},
		{"a referrer that is not a feed stays", "https://example.org/a?ref=12&src=home", "https://example.org/a?ref=12&src=home"},
		{"WordPress's comment feed stays", "https://example.org/?p=45&feed=rss2", "https://example.org/?feed=rss2&p=45"},
		{"empty question mark", "https://example.org/page?", "https://example.org/page"},
		{"empty pairs dropped", "https://example.org/page?&&a=1&&", "https://example.org/page?a=1"},
		{"sort is stable for equal keys", "https://example.org/p?tag=b&id=1&tag=a", "https://example.org/p?id=1&tag=b&tag=a"},
		{"key without value kept", "https://example.org/p?print&a=1", "https://example.org/p?a=1&print"},
		{"plus and %2B differ", "https://example.org/s?q=a+b&r=a%2bb", "https://example.org/s?q=a+b&r=a%2Bb"},
		{"encoded ampersand stays in value", "https://example.org/s?q=fish%26chips", "https://example.org/s?q=fish%26chips"},
		{"bad escape in query encoded", "https://example.org/s?q=100%", "https://example.org/s?q=100%25"},
		{"space and unicode in query", "https://example.org/s?q=café au lait", "https://example.org/s?q=caf%C3%A9%20au%20lait"},

		// Scheme, host and port.
		{"mixed-case scheme and host", "HTTPS://WWW.LocalGov.CO.UK/News", "https://www.localgov.co.uk/News"},
		{"trailing dot of host", "https://www.gov.uk./guidance", "https://www.gov.uk/guidance"},
		{"default http port", "http://www.example.com:80/x", "http://www.example.com/x"},
		{"default https port", "https://www.example.com:443/x", "https://www.example.com/x"},
		{"443 is not default for http", "http://www.example.com:443/x", "http://www.example.com:443/x"},
		{"other port kept", "https://intranet.example.gov.uk:8443/news", "https://intranet.example.gov.uk:8443/news"},
		{"port leading zeros", "http://example.com:0080/", "http://example.com/"},
		{"empty port", "http://example.com:/x", "http://example.com/x"},
		{"ipv6 default port", "http://[::1]:80/", "http://[::1]/"},
		{"ipv6 long form", "http://[2001:DB8:0:0:0:0:0:1]:8080/a", "http://[2001:db8::1]:8080/a"},
		{"ipv4", "http://192.0.2.10:8080/feed", "http://192.0.2.10:8080/feed"},
		// Hosts that end in a number are IPv4 addresses to browsers and
		// getaddrinfo alike (WHATWG URL Standard, IPv4 parser).
		{"ipv4 as one decimal number", "http://2130706433/", "http://127.0.0.1/"},
		{"ipv4 as one octal number", "http://017700000001/", "http://127.0.0.1/"},
		{"ipv4 as one hex number", "http://0x7F000001/", "http://127.0.0.1/"},
		{"ipv4 hex and short", "http://0x7f.1/", "http://127.0.0.1/"},
		{"ipv4 two parts", "http://127.1:8080/", "http://127.0.0.1:8080/"},
		{"ipv4 three parts", "http://10.1.258/", "http://10.1.1.2/"},
		{"ipv4 mixed bases", "http://0300.0xa8.0.01/", "http://192.168.0.1/"},
		{"ipv4 trailing dot", "http://8.8.8.8./", "http://8.8.8.8/"},
		{"ipv4 hex zero", "http://0x.0x.0x.0x/", "http://0.0.0.0/"},
		{"ipv4 full-width digits", "http://１２７.０.０.１/", "http://127.0.0.1/"},
		{"idn host", "https://bücher.example/katalog", "https://xn--bcher-kva.example/katalog"},
		{"idn upper case", "https://BÜCHER.example/", "https://xn--bcher-kva.example/"},
		{"idn welsh", "https://www.llywodraeth.cymru/gwasanaethau-a-rennir", "https://www.llywodraeth.cymru/gwasanaethau-a-rennir"},
		{"idn full-width", "https://ｅｘａｍｐｌｅ.com/", "https://example.com/"},
		{"idn ideographic full stop", "https://例え.テスト/", "https://xn--r8jz45g.xn--zckzah/"},
		{"punycode host passes through", "https://xn--bcher-kva.example/", "https://xn--bcher-kva.example/"},
		{"underscore host", "https://my_service.example.org/", "https://my_service.example.org/"},

		// Paths.
		{"empty path", "https://www.gov.uk", "https://www.gov.uk/"},
		{"empty path with query", "https://example.org?id=3", "https://example.org/?id=3"},
		{"dot segments", "https://example.org/a/b/../c/./d", "https://example.org/a/c/d"},
		{"dot segments past root", "https://example.org/../../a", "https://example.org/a"},
		{"trailing dot segment", "https://example.org/a/b/..", "https://example.org/a/"},
		{"encoded dot segment", "https://example.org/a/%2e%2E/b", "https://example.org/b"},
		{"path case kept", "https://example.org/News/Local-Government", "https://example.org/News/Local-Government"},
		{"trailing slash kept", "https://example.org/news/", "https://example.org/news/"},
		{"double slash kept", "https://example.org//news", "https://example.org//news"},
		{"escape hex upper-cased", "https://example.org/caf%c3%a9", "https://example.org/caf%C3%A9"},
		{"unreserved escapes decoded", "https://example.org/%7Euser/%41bc", "https://example.org/~user/Abc"},
		{"encoded slash kept", "https://example.org/a%2fb", "https://example.org/a%2Fb"},
		{"reserved kept raw", "https://en.wikipedia.org/wiki/Shared_services_(disambiguation)", "https://en.wikipedia.org/wiki/Shared_services_(disambiguation)"},
		{"space and unicode in path", "https://example.org/a b/é", "https://example.org/a%20b/%C3%A9"},
		{"surrounding spaces", "  https://example.org/x \n", "https://example.org/x"},
		{"angle brackets", "<https://example.org/x>", "https://example.org/x"},
		{"angle brackets and spaces", " < https://example.org/x?utm_source=d > ", "https://example.org/x"},
		{"fragment only", "https://example.org/#", "https://example.org/"},
		{"query then fragment", "https://example.org/p?a=1#top", "https://example.org/p?a=1"},
		{"anchor with a slash later", "https://example.org/p#section/2", "https://example.org/p"},
		{"hash-bang kept", "https://x.example/#!/news/41", "https://x.example/#!/news/41"},
		{"hash route kept", "https://x.example/#/news/41", "https://x.example/#/news/41"},
		{"hash-bang parameters kept", "https://x.example/app#!story=41", "https://x.example/app#!story=41"},
		{"hash-bang after query", "https://X.example:443/app?utm_source=x&b=2&a=1#!/news/41", "https://x.example/app?a=1&b=2#!/news/41"},
		{"hash route escapes", "https://x.example/#/news/%7e41%2fb/caf\u00e9", "https://x.example/#/news/~41%2Fb/caf%C3%A9"},
		{"hash-bang root", "https://x.example/#!/", "https://x.example/"},
		{"hash route root", "https://x.example/#/", "https://x.example/"},
		{"bare hash-bang", "https://x.example/#!", "https://x.example/"},
		// Sessions a server keeps in its links for a client without
		// cookies, new at every request.
		{"java session in the path", "https://www.council.example/news/article.do;jsessionid=1A2B3C4D5E?id=5", "https://www.council.example/news/article.do?id=5"},
		{"weblogic session in capitals mid-path", "https://x.example/portal/news;JSESSIONID=abc!-123!456/page", "https://x.example/portal/news/page"},
		{"java session among path parameters", "https://x.example/a;v=1;jsessionid=9F;w=2/b", "https://x.example/a;v=1;w=2/b"},
		{"other path parameters kept", "https://x.example/a;v=1/b", "https://x.example/a;v=1/b"},
		{"php session", "https://x.example/news.php?id=5&PHPSESSID=0123abcd", "https://x.example/news.php?id=5"},
		{"coldfusion session", "https://x.example/news.cfm?CFID=123&CFTOKEN=4f6e&id=7", "https://x.example/news.cfm?id=7"},
		{"java session as a parameter", "https://x.example/news?jsessionid=1A2B&page=2", "https://x.example/news?page=2"},
		{"slashcode story id kept", "https://x.example/article.pl?sid=05/01/01/123", "https://x.example/article.pl?sid=05/01/01/123"},
	}
	ins := make([]string, len(tests))
	for i, tt := range tests {
		ins[i] = tt.in
	}
	checkLinkRules(t, ins)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Canonicalize(tt.in)
			if err != nil {
				t.Fatalf("Canonicalize(%q) error: %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("Canonicalize(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
			again, err := Canonicalize(got)
			if err != nil || again != got {
				t.Errorf("not idempotent: Canonicalize(%q) = %q, %v", got, again, err)
			}
		})
	}
}

// linkRules are, at LinkRulesVersion, the fingerprints (checkLinkRules)
// of the links Canonicalize gives for each test's cases.
var linkRules = map[string]string{
	"TestCanonicalize":                 "cda06f680d2bb0b2",
	"TestCanonicalizeUnwrapsRedirects": "f8f34765c1802c2d",
}

// checkLinkRules fails when the links Canonicalize gives for the test's
// cases (ins) are not those it gave at LinkRulesVersion: a rule changed, or
// a case was added. A link stored before that now canonicalises otherwise
// is found by its new form only once a Store keys the stored links again,
// which it does when the version is raised.
func checkLinkRules(t *testing.T, ins []string) {
	t.Helper()
	h := sha256.New()
	for _, in := range ins {
		out, err := Canonicalize(in)
		fmt.Fprintf(h, "%q %q %v\n", in, out, err)
	}
	if got, want := hex.EncodeToString(h.Sum(nil))[:16], linkRules[t.Name()]; got != want {
		t.Errorf("the links Canonicalize gives for %s's cases are not those of LinkRulesVersion %d (fingerprint %s, want %s): "+
			"when a link stored before may now canonicalise otherwise, raise LinkRulesVersion; then set linkRules[%q] to %q",
			t.Name(), LinkRulesVersion, got, want, t.Name(), got)
	}
}

func TestCanonicalizeSamePage(t *testing.T) {
	// Links a member and the newswire might give for the same article.
	variants := []string{
		"https://www.bbc.co.uk/news/uk-wales-28216343",
		"https://www.bbc.co.uk/news/uk-wales-28216343?at_medium=RSS&at_campaign=KARANGA",
		"HTTPS://WWW.BBC.CO.UK:443/news/uk-wales-28216343#comments",
		"https://www.bbc.co.uk/news/./uk-wales-28216343?utm_source=twitter",
		" https://www.bbc.co.uk./news/uk-wales-28216343? ",
	}
	want, err := Canonicalize(variants[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range variants[1:] {
		if got, err := Canonicalize(v); err != nil || got != want {
			t.Errorf("Canonicalize(%q) = %q, %v; want %q", v, got, err, want)
		}
	}
	a, _ := Canonicalize("https://example.org/s?b=2&a=1&c=3")
	b, _ := Canonicalize("https://example.org/s?c=3&a=1&b=2")
	if a != b {
		t.Errorf("parameter order matters: %q vs %q", a, b)
	}
}

func TestCanonicalizeNumericHosts(t *testing.T) {
	// Hosts ending in a number that are no IPv4 address: browsers refuse
	// them, and no top-level domain is numeric.
	for _, in := range []string{
		"http://example.123/", "http://1.2.3.4.5/", "http://256.1.1.1/", "http://1.2.3.256/",
		"http://1.16777216/", "http://4294967296/", "http://09.1.1.1/", "http://0xg.1/",
		"http://99999999999999999999999/",
	} {
		if got, err := Canonicalize(in); !errors.Is(err, ErrURLInvalidHost) {
			t.Errorf("Canonicalize(%q) = %q, %v; want ErrURLInvalidHost", in, got, err)
		}
	}
	// Names with numbers that are not last, or not numbers, stay names.
	for in, want := range map[string]string{
		"http://123.example/":   "http://123.example/",
		"http://0x7f.example/":  "http://0x7f.example/",
		"http://1.2.3.4a/":      "http://1.2.3.4a/",
		"http://1.0xz/":         "http://1.0xz/",
		"http://www.0xdead.io/": "http://www.0xdead.io/",
	} {
		if got, err := Canonicalize(in); err != nil || got != want {
			t.Errorf("Canonicalize(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

func TestCanonicalizeErrors(t *testing.T) {
	long := "https://example.org/" + strings.Repeat("a", MaxURLLength)
	tests := []struct {
		name, in string
		want     error
	}{
		{"empty", "", ErrURLEmpty},
		{"blank", " \t\n", ErrURLEmpty},
		{"too long", long, ErrURLTooLong},
		{"too long once encoded", "https://example.org/" + strings.Repeat("é", 1000), ErrURLTooLong},
		{"control character", "https://example.org/\x7f", ErrURLInvalid},
		{"space in host", "https://exa mple.org/", ErrURLInvalid},
		{"bad path escape", "https://example.org/100%", ErrURLInvalid},
		{"missing scheme", "www.bbc.co.uk/news", ErrURLScheme},
		{"ftp", "ftp://ftp.example.org/file", ErrURLScheme},
		{"javascript", "javascript:alert(1)", ErrURLScheme},
		{"mailto", "mailto:editor@example.org", ErrURLScheme},
		{"data", "data:text/html,<b>hi</b>", ErrURLScheme},
		{"opaque http", "http:example.org", ErrURLNoHost},
		{"no host", "https:///path", ErrURLNoHost},
		{"only dots", "https://./", ErrURLNoHost},
		{"user and password", "https://admin:secret@example.org/", ErrURLCredentials},
		{"user only", "https://admin@example.org/", ErrURLCredentials},
		{"empty userinfo", "https://@example.org/", ErrURLCredentials},
		{"empty label", "https://www..example.org/", ErrURLInvalidHost},
		{"bad host character", "https://exa!mple.org/", ErrURLInvalidHost},
		{"ipv6 zone", "http://[fe80::1%25en0]/", ErrURLInvalidHost},
		{"ipv4 in brackets", "http://[192.0.2.1]/", ErrURLInvalid},
		{"port too big", "https://example.org:70000/", ErrURLInvalidPort},
		{"port zero", "https://example.org:0/", ErrURLInvalidPort},
		{"port letters", "https://example.org:http/", ErrURLInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Canonicalize(tt.in)
			if !errors.Is(err, tt.want) {
				t.Errorf("Canonicalize(%q) = %q, %v; want error %v", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestCanonicalizeLengthLimit(t *testing.T) {
	// The limit counts characters, not bytes, and applies to the result.
	base := "https://example.org/"
	exact := base + strings.Repeat("a", MaxURLLength-len(base))
	if got, err := Canonicalize(exact); err != nil || got != exact {
		t.Errorf("2,048-character link: %v", err)
	}
	if _, err := Canonicalize(exact + "a"); !errors.Is(err, ErrURLTooLong) {
		t.Errorf("2,049-character link: got %v, want ErrURLTooLong", err)
	}
	// What was typed is measured too, even if tracking parameters would
	// bring the result under the limit: the message quotes what they sent.
	padded := exact + "?utm_source=rss"
	if _, err := Canonicalize(padded); !errors.Is(err, ErrURLTooLong) {
		t.Errorf("over-long input must be refused before canonicalising: %v", err)
	}
	// A link within the limit as typed can exceed it once percent-encoded.
	typed := "https://e.org/?" + strings.Repeat("é", 2000)
	if n := utf8.RuneCountInString(typed); n > MaxURLLength {
		t.Fatalf("test input is %d characters", n)
	}
	if _, err := Canonicalize(typed); !errors.Is(err, ErrURLTooLong) {
		t.Errorf("12,000-byte result: got %v, want ErrURLTooLong", err)
	}
	// Raw "é" is one character typed but six once percent-encoded.
	short := base + strings.Repeat("é", 300)
	if got, err := Canonicalize(short); err != nil || len(got) != len(base)+300*6 {
		t.Errorf("300 é: %q, %v", got, err)
	}
}

// checkCanonical fails t unless out has the properties every canonical URL
// has.
func checkCanonical(t *testing.T, in, out string) {
	t.Helper()
	if len(out) > MaxURLLength {
		t.Fatalf("Canonicalize(%q) is %d bytes long", in, len(out))
	}
	if !isASCII(out) {
		t.Fatalf("Canonicalize(%q) = %q is not ASCII", in, out)
	}
	u, err := url.Parse(out)
	if err != nil {
		t.Fatalf("Canonicalize(%q) = %q does not parse: %v", in, out, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		t.Fatalf("Canonicalize(%q) = %q has scheme %q", in, out, u.Scheme)
	}
	if u.Host == "" || u.User != nil {
		t.Fatalf("Canonicalize(%q) = %q: host %q user %v", in, out, u.Host, u.User)
	}
	// A fragment is kept only where it names the page, a hash-bang or
	// a client-side route with more than the root (pageFragment).
	if _, f, ok := strings.Cut(out, "#"); ok {
		route := strings.TrimPrefix(strings.TrimPrefix(u.Fragment, "!"), "/")
		if f == "" || f[0] != '!' && f[0] != '/' || route == "" {
			t.Fatalf("Canonicalize(%q) = %q keeps a fragment that names no page", in, out)
		}
	}
	again, err := Canonicalize(out)
	if err != nil {
		t.Fatalf("Canonicalize(%q) = %q, which is refused: %v", in, out, err)
	}
	if again != out {
		t.Fatalf("not idempotent:\n in    %q\n once  %q\n twice %q", in, out, again)
	}
}

func FuzzCanonicalize(f *testing.F) {
	for _, s := range []string{
		"https://www.bbc.co.uk/news/uk-england-29988450?at_medium=RSS&at_campaign=KARANGA",
		"HTTP://WWW.Example.COM:80/a/./b/../c?b=2&a=1&utm_source=x#frag",
		"http://[::1]:80/",
		"https://bücher.example./x y/é?q=é &x=%7e%2f",
		"https://example.org/s?q=100%&a=%zz",
		"https://user:pass@example.org/",
		"javascript:alert(1)",
		"https://例え.テスト/%2e%2E/../a",
		"http://example.com:0080/?&&",
		"https://www.gov.uk./",
		"http://0x7f.1:8080/",
		"http://017700000001./",
		"http://１２７.1/",
		"https://example.org:80/a",
		"http://example.org:443/?b=https://x.org:80",
		"https://x.example/#!/news/41?utm_source=x#%21a%2F b",
		"https://x.example/app#/news/%7e41/../42",
		"HTTP://www.X.org/news/41/?ref=rss&id=2",
		"https://www.gov.uk/a//",
		"http://www.local:443/a/",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out, err := Canonicalize(in)
		if err != nil {
			if out != "" {
				t.Fatalf("Canonicalize(%q) returned %q with error %v", in, out, err)
			}
			return
		}
		checkCanonical(t, in, out)
		checkSpellings(t, out)
	})
}

// checkSpellings checks Spellings and LinkKey on a canonical link: the
// link is its first spelling, each spelling is canonical, distinct and
// has the link's key, and has the same spellings; a spelling that
// Spellings left out (the other scheme, "www." added or taken away, a
// last slash added or taken away) is not canonical or has another key.
func checkSpellings(t *testing.T, link string) {
	t.Helper()
	spellings := Spellings(link)
	if spellings[0] != link {
		t.Fatalf("Spellings(%q) = %q: not the link first", link, spellings)
	}
	if !strings.HasPrefix(link, "http") {
		if len(spellings) != 1 || LinkKey(link) != link {
			t.Fatalf("Spellings(%q) = %q, key %q", link, spellings, LinkKey(link))
		}
		return
	}
	seen := map[string]bool{}
	for _, s := range spellings {
		if seen[s] {
			t.Fatalf("Spellings(%q) = %q: %q twice", link, spellings, s)
		}
		seen[s] = true
		if c, err := Canonicalize(s); err != nil || c != s {
			t.Fatalf("Spellings(%q) has %q, which canonicalises to %q (%v)", link, s, c, err)
		}
		if LinkKey(s) != LinkKey(link) {
			t.Fatalf("Spellings(%q) has %q: keys %q, %q", link, s, LinkKey(s), LinkKey(link))
		}
	}
	sorted := slices.Sorted(slices.Values(spellings))
	for _, s := range spellings {
		if again := slices.Sorted(slices.Values(Spellings(s))); !slices.Equal(again, sorted) {
			t.Fatalf("Spellings(%q) = %q, but Spellings(%q) = %q", link, spellings, s, again)
		}
	}
	scheme, rest, _ := strings.Cut(link, "://")
	other := "https"
	if scheme == "https" {
		other = "http"
	}
	l, _ := splitLink("//" + rest)
	for _, s := range []string{other + "://" + rest,
		scheme + "://www." + l.host + l.port + l.path + l.tail,
		scheme + "://" + strings.TrimPrefix(l.host, "www.") + l.port + l.path + l.tail,
		scheme + "://" + l.host + l.port + l.path + "/" + l.tail,
		scheme + "://" + l.host + l.port + strings.TrimSuffix(l.path, "/") + l.tail,
	} {
		if seen[s] {
			continue
		}
		if c, err := Canonicalize(s); err == nil && c == s && LinkKey(s) == LinkKey(link) {
			t.Fatalf("Spellings(%q) = %q leaves out %q, of the same key", link, spellings, s)
		}
	}
}

// TestLinkSpellings: a page's http and https links, with and without
// "www." and with and without a last slash, are one key; a port that is
// the other scheme's default makes another page, and so does another
// query or path.
func TestLinkSpellings(t *testing.T) {
	for _, c := range []struct {
		link, key string
		spellings int
	}{
		{"http://x.org/a?b=1", "//x.org/a?b=1", 8},
		{"https://x.org/", "//x.org/", 4},
		{"https://www.x.org/news/41/", "//x.org/news/41", 8},
		{"https://www.gov.uk/", "//gov.uk/", 4},
		{"https://www.x.org/a/?p=45#!/b/", "//x.org/a?p=45#!/b/", 8},
		{"http://x.org:8080/a", "//x.org:8080/a", 8},
		{"http://[2001:db8::1]:8443/a/", "//[2001:db8::1]:8443/a", 4},
		{"http://192.0.2.1/a", "//192.0.2.1/a", 4},
		{"http://www.local/a", "//www.local/a", 8},
		{"http://localhost/a", "//localhost/a", 4},
		{"http://x.org:443/a", "//x.org:443/a", 4},
		{"https://x.org:80/a", "//x.org:80/a", 4},
		{"https://x.org/a//", "//x.org/a//", 4},
		{"https://x.org/a/http://y.org:443/", "//x.org/a/http://y.org:443", 8},
		{"archive:2014-05-16/3", "archive:2014-05-16/3", 1},
	} {
		if got := LinkKey(c.link); got != c.key {
			t.Errorf("LinkKey(%q) = %q, want %q", c.link, got, c.key)
		}
		if got := Spellings(c.link); len(got) != c.spellings {
			t.Errorf("Spellings(%q) = %q, want %d", c.link, got, c.spellings)
		}
		checkSpellings(t, c.link)
	}
	for _, pair := range [][2]string{
		{"https://x.org/news?id=123", "https://x.org/news?id=124"},
		{"https://x.org/?p=45", "https://x.org/?p=46"},
		{"https://x.org/news/a", "https://x.org/news/a/b"},
		{"https://www2.x.org/a", "https://x.org/a"},
		{"https://x.org/#!/news/41", "https://x.org/#!/news/42"},
	} {
		if LinkKey(pair[0]) == LinkKey(pair[1]) {
			t.Errorf("LinkKey(%q) = LinkKey(%q): two pages taken for one", pair[0], pair[1])
		}
	}
}

func TestTypedLink(t *testing.T) {
	for in, want := range map[string]string{
		"https://x.org/a":                "https://x.org/a",
		"https://x.org/a,":               "https://x.org/a",
		"https://x.org/a.":               "https://x.org/a",
		"https://x.org/a?b=1!?":          "https://x.org/a?b=1",
		"(https://x.org/a)":              "https://x.org/a",
		"(https://x.org/a).":             "https://x.org/a",
		"“https://x.org/a”":              "https://x.org/a",
		"'https://x.org/a';":             "https://x.org/a",
		"https://x.org/wiki/Fire_(UK)":   "https://x.org/wiki/Fire_(UK)",
		"(https://x.org/wiki/Fire_(UK))": "https://x.org/wiki/Fire_(UK)",
		"https://x.org/a[1]":             "https://x.org/a[1]",
		"<https://x.org/a>,":             "<https://x.org/a>",
		"https://x.org/a#frag.":          "https://x.org/a#frag",
		"":                               "",
	} {
		if got := TypedLink(in); got != want {
			t.Errorf("TypedLink(%q) = %q, want %q", in, got, want)
		}
	}
}
