package discord

import (
	"context"
	"strings"
	"testing"
)

// TestSubmitURLOptionWithMoreWords: members fill the url option as they
// would type after /shared submit, "https://…/story housing" or
// "https://…/story worth a look". The whole value was taken as the link,
// so the story was stored as ".../story%20housing" (a page that does not
// exist, and no duplicate of the bare link) with the sector and note lost.
// The first word is the link; the rest are read as on Slack, before the
// note option, after the sector option.
func TestSubmitURLOptionWithMoreWords(t *testing.T) {
	f := newFixture(t, nil)
	page := pageServer(t, 0, nil)
	cases := []struct {
		opts              []map[string]any
		url, sector, note string
	}{
		{[]map[string]any{str("url", page.URL+"/a housing")}, page.URL + "/a", "housing", ""},
		{[]map[string]any{str("url", page.URL+"/b, worth a look")}, page.URL + "/b", "", "worth a look"},
		{[]map[string]any{str("url", page.URL+"/c worth a look"), str("sector", "housing")}, page.URL + "/c", "housing", "worth a look"},
		{[]map[string]any{str("url", page.URL+"/d worth a look"), str("note", "from the LGA")}, page.URL + "/d", "", "worth a look from the LGA"},
	}
	for i, c := range cases {
		r := f.say(member, "submit", c.opts...)
		if !strings.Contains(r.text(), "Queued as #") {
			t.Fatalf("submit %v: %s", c.opts, r.text())
		}
		s, err := f.bot.Story(context.Background(), int64(i+1))
		if err != nil {
			t.Fatal(err)
		}
		if s.URL != c.url || (c.sector != "" && s.Sector != c.sector) || s.SubmitNote != c.note {
			t.Errorf("submit %v: stored %q in %q with note %q; want %q, %q, %q", c.opts, s.URL, s.Sector, s.SubmitNote, c.url, c.sector, c.note)
		}
	}
	// Words before the link: the answer names the link to put first.
	r := f.say(member, "submit", str("url", "Look at this "+page.URL+"/e"))
	if want := "The link comes first: `/shared submit " + page.URL + "/e`"; !strings.Contains(r.text(), want) {
		t.Errorf("words before the link: %s", r.text())
	}
}
