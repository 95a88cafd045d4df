package digest

import "testing"

// TestCanonicalizeUnwrapsRedirects: a link wrapped by a mail or security
// service that carries the page's link in itself is that page's link, its
// own tracking taken off as any link's is; before, it was stored as the
// wrapper, naming the person the mail was sent to. A click-tracking link
// that does not carry its page, or a wrapper whose carried link is not a
// web page, stays as written.
func TestCanonicalizeUnwrapsRedirects(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"outlook safe links", "https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fwww.bbc.co.uk%2Fnews%2Fuk-wales-28216343%3Futm_source%3Demail&data=02%7C01%7Creader%40council.gov.uk%7C&sdata=abc%3D&reserved=0",
			"https://www.bbc.co.uk/news/uk-wales-28216343"},
		{"safe links, host in capitals", "https://NAM02.SafeLinks.Protection.Outlook.com/?url=https%3A%2F%2Fexample.org%2Fa&data=x", "https://example.org/a"},
		{"google", "https://www.google.co.uk/url?sa=t&rct=j&q=&url=https%3A%2F%2Fwww.localgov.co.uk%2FFresh-plans%2F37811&usg=AOv", "https://www.localgov.co.uk/Fresh-plans/37811"},
		{"google q", "https://www.google.com/url?q=https://example.org/a?id%3D7&sa=D&ust=1", "https://example.org/a?id=7"},
		{"facebook", "https://l.facebook.com/l.php?u=https%3A%2F%2Fexample.org%2Fa%3Ffbclid%3Dx&h=AT0", "https://example.org/a"},
		{"linkedin", "https://www.linkedin.com/redir/redirect?url=https%3A%2F%2Fexample.org%2Fa&urlhash=x", "https://example.org/a"},
		{"proofpoint v2", "https://urldefense.proofpoint.com/v2/url?u=https-3A__www.example.org_news_a-3Fid-3D7&d=DwMF&c=x&r=reader&m=y&s=z&e=", "https://www.example.org/news/a?id=7"},
		{"proofpoint v3", "https://urldefense.com/v3/__https://www.example.org/news/a__;!!ABC!reader$", "https://www.example.org/news/a"},
		{"wrapped twice", "https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fwww.google.com%2Furl%3Fq%3Dhttps%253A%252F%252Fexample.org%252Fa&data=x", "https://example.org/a"},
		// Kept: nothing here says where they lead, or what they carry is not a page.
		{"mailchimp tracking", "https://sharedservice.us1.list-manage.com/track/click?u=8f2e1&id=4d&e=5a3b", "https://sharedservice.us1.list-manage.com/track/click?e=5a3b&id=4d&u=8f2e1"},
		{"safe links to mail", "https://eur01.safelinks.protection.outlook.com/?url=mailto%3Aeditor%40example.org&data=x", "https://eur01.safelinks.protection.outlook.com/?data=x&url=mailto%3Aeditor%40example.org"},
		{"google search page", "https://www.google.com/search?q=shared+services", "https://www.google.com/search?q=shared+services"},
		{"google url without a link", "https://www.google.com/url?q=shared+services", "https://www.google.com/url?q=shared+services"},
	}
	ins := make([]string, len(cases))
	for i, c := range cases {
		ins[i] = c.in
	}
	checkLinkRules(t, ins)
	for _, c := range cases {
		got, err := Canonicalize(c.in)
		if err != nil || got != c.want {
			t.Errorf("%s: Canonicalize(%q) = %q, %v; want %q", c.name, c.in, got, err, c.want)
		}
		if again, _ := Canonicalize(got); again != got {
			t.Errorf("%s: not idempotent: %q then %q", c.name, got, again)
		}
	}
}
