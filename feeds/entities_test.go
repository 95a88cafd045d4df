package feeds

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/store/storetest"
)

// TestDTDEntitiesAreNeverHeadlines: the entities of a feed's own DTD are
// never expanded (a "billion laughs" of ten entities of ten references
// each would be 3 GB of "lol"), and stay as written in text; but an
// entry whose headline was nothing but such a reference ("&lol9;") had
// the entity's name for its headline, a word nobody wrote. It is headed
// as an entry without a title is, from its link, and a summary of
// nothing but references is no summary. The poll takes little memory.
func TestDTDEntitiesAreNeverHeadlines(t *testing.T) {
	dtd := `<!DOCTYPE rss [<!ENTITY lol "lol">` + "\n"
	for i := 1; i <= 9; i++ {
		prev := "lol"
		if i > 1 {
			prev = fmt.Sprintf("lol%d", i-1)
		}
		dtd += fmt.Sprintf(`<!ENTITY lol%d "%s">`+"\n", i, strings.Repeat("&"+prev+";", 10))
	}
	dtd += "]>\n"
	body := []byte(`<?xml version="1.0"?>` + dtd + `<rss version="2.0"><channel><title>T</title>` +
		`<item><title>&lol9;</title><link>https://x.example/news/councils-share-a-chief-executive</link><description>&lol9; &lol8;</description></item>` +
		`<item><title> &lol9;&lol9; </title><link>https://x.example/2</link><description>Bins are collected on Thursday.</description></item>` +
		`<item><title>Council &lol; budget</title><link>https://x.example/3</link></item></channel></rss>`)
	fs := newFeedServer(t)
	st := storetest.Open(t, "")
	p := newPoller(t, st, feedsConfig(src(fs.serveBody("/laughs.xml", body))))
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	results, err := p.PollOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	if r := results[0]; r.Status != StatusFetched || r.New != 3 {
		t.Fatalf("%s, %d new (%s)", r.Status, r.New, r.Reason)
	}
	got := map[string]string{}
	for _, s := range allStories(t, st) {
		got[s.URL] = s.Headline + " | " + s.Summary
	}
	for link, want := range map[string]string{
		"https://x.example/news/councils-share-a-chief-executive": "Councils share a chief executive | ",
		"https://x.example/2": "Bins are collected on Thursday. | Bins are collected on Thursday.",
		"https://x.example/3": "Council &lol; budget | ",
	} {
		if got[link] != want {
			t.Errorf("%s: %q, want %q", link, got[link], want)
		}
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 64<<20 {
		t.Errorf("the poll allocated %d MB", alloc>>20)
	}
}
