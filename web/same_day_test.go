package web

import (
	"strings"
	"testing"
)

// TestAnEditionNamesTheOthersOfItsDay: /editions/2026-10-15 leads to the
// first edition of that day, as chat's `/shared edition 2026-10-15` shows
// it; chat adds that edition 4 is dated that day too, and the page said
// nothing of it, so a reader never found the second. Now every edition's
// page names and links the others of its date, in a note before it; an
// edition alone on its day has none.
func TestAnEditionNamesTheOthersOfItsDay(t *testing.T) {
	f := newFixture(t)
	f.newsroom()
	second := f.story("Two fire services agree to merge", "blue-light", "https://www.fire.example/merge", "The services merge.")
	if n := f.publish("2026-10-15", "A second edition the same day.", second).Edition.Number; n != 4 {
		t.Fatalf("the second edition of 15 October is edition %d, want 4", n)
	}
	if r := f.get("/editions/2026-10-15"); r.status != 302 || r.header.Get("Location") != publicURL+"/editions/3" {
		t.Fatalf("/editions/2026-10-15 = %d → %s, want a 302 to edition 3", r.status, r.header.Get("Location"))
	}
	// A page kept before the third edition of the day is not served after it.
	if r := f.get("/editions/3"); !strings.Contains(r.body, `Also dated Thursday 15 October 2026: <a href="`+publicURL+`/editions/4">Edition 4</a>.</p>`) {
		t.Errorf("edition 3 does not name edition 4 alone:\n%s", r.body)
	}
	third := f.story("Three police forces share a control room", "blue-light", "https://www.police.example/room", "One room.")
	f.publish("2026-10-15", "", third)
	for _, tc := range []struct {
		path string
		note string // "" for none
	}{
		{"/editions/3", `<p class="note">Also dated Thursday 15 October 2026: <a href="` + publicURL + `/editions/4">Edition 4</a> and <a href="` + publicURL + `/editions/5">Edition 5</a>.</p>`},
		{"/editions/4", `<p class="note">Also dated Thursday 15 October 2026: <a href="` + publicURL + `/editions/3">Edition 3</a> and <a href="` + publicURL + `/editions/5">Edition 5</a>.</p>`},
		{"/", `<p class="note">Also dated Thursday 15 October 2026: <a href="` + publicURL + `/editions/3">Edition 3</a> and <a href="` + publicURL + `/editions/4">Edition 4</a>.</p>`},
		{"/editions/2", ""},
	} {
		r := f.get(tc.path)
		if r.status != 200 {
			t.Errorf("GET %s = %d", tc.path, r.status)
			continue
		}
		switch {
		case tc.note == "" && strings.Contains(r.body, "Also dated"):
			t.Errorf("GET %s names other editions of its day; it has none:\n%s", tc.path, r.body)
		case tc.note != "" && !strings.Contains(r.body, tc.note):
			t.Errorf("GET %s lacks\n%s\n%s", tc.path, tc.note, r.body)
		}
		for _, problem := range structureProblems(r.body) {
			t.Errorf("GET %s: %s", tc.path, problem)
		}
	}
}
