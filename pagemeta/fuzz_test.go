package pagemeta

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/sharednews/sharednews/digest"
)

func FuzzExtract(f *testing.F) {
	f.Add([]byte(`<html><head><title>Hello</title><meta property="og:title" content="OG"></head></html>`), "text/html; charset=utf-8")
	f.Add([]byte("<title>Caf\xe9</title>"), "text/html; charset=utf-8")
	f.Add([]byte{0xFF, 0xFE, '<', 0, 't', 0}, "")
	f.Add([]byte("\x89PNG\r\n\x1a\n"), "text/html")
	page := mustURL(f, "https://example.org/a/b")
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		// A hang is a bug too, but the fuzzer only records inputs that
		// crash its worker: turn a stuck Extract into a crash.
		watchdog := time.AfterFunc(5*time.Second, func() { panic("Extract took more than 5s") })
		defer watchdog.Stop()
		m, headDone, err := extract(body, contentType, page)
		if err != nil {
			var fe *FetchError
			if !errors.As(err, &fe) || !errors.Is(err, ErrNotHTML) || fe.Reason == "" {
				t.Fatalf("unexpected error %#v", err)
			}
			if m != (Meta{}) || headDone {
				t.Fatalf("error with a result: %+v", m)
			}
			return
		}
		for _, field := range []struct {
			name, value string
			max         int
		}{
			{"Title", m.Title, MaxTitleRunes},
			{"Description", m.Description, MaxDescriptionRunes},
			{"SiteName", m.SiteName, MaxSiteNameRunes},
			{"Canonical", m.Canonical, maxCanonicalBytes},
		} {
			v := field.value
			if !utf8.ValidString(v) {
				t.Fatalf("%s is not UTF-8: %q", field.name, v)
			}
			if n := utf8.RuneCountInString(v); n > field.max {
				t.Fatalf("%s has %d runes, cap %d", field.name, n, field.max)
			}
			if field.name == "Canonical" {
				if v != "" && !strings.HasPrefix(v, "http://") && !strings.HasPrefix(v, "https://") {
					t.Fatalf("Canonical %q is not http(s)", v)
				}
				continue
			}
			if v != strings.TrimSpace(v) || strings.Contains(v, "  ") {
				t.Fatalf("%s has unfolded whitespace: %q", field.name, v)
			}
			for i, r := range v {
				if r == utf8.RuneError || r < 0x20 || r == 0x7F || (r >= 0x80 && r < 0xA0) || (r != ' ' && strings.ContainsRune("\t\n\r\f\v\u0085\u00a0\u2028\u2029", r)) {
					t.Fatalf("%s has character %U at %d: %q", field.name, r, i, v)
				}
				if r == '<' && i+1 < len(v) && digest.StartsTag(rune(v[i+1])) {
					t.Fatalf("%s has a tag start at %d: %q", field.name, i, v)
				}
			}
		}
	})
}
