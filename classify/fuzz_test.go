package classify

import (
	"context"
	"math"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/sharednews/sharednews/digest"
)

// FuzzTokens checks that any text tokenises into clean words and
// classifies to a configured sector with a sane confidence. The seed
// corpus is in testdata/fuzz/FuzzTokens; run more with
//
//	go test ./classify -run '^$' -fuzz FuzzTokens -fuzztime 30s
func FuzzTokens(f *testing.F) {
	for _, s := range []string{
		"", "Councils share services", "A&E waiting lists at NHS trusts",
		"Fire and rescue: police-led review", "we won't be sharing",
		"پاکستان میں پولیس", "Die Polizei und die Feuerwehr", "ＮＨＳ", "nhs\xff\xfetrust",
	} {
		f.Add(s)
	}
	m := New(defaultSectors())
	f.Fuzz(func(t *testing.T, text string) {
		for _, tok := range Tokens(text) {
			if tok == "" || !utf8.ValidString(tok) {
				t.Fatalf("bad token %q from %q", tok, text)
			}
			if strings.IndexFunc(tok, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsUpper(r) }) >= 0 {
				t.Fatalf("token %q from %q has a space or capital", tok, text)
			}
			if utf8.RuneCountInString(tok) < 2 || len(tok) > maxWordBytes {
				t.Fatalf("token %q from %q is too short or too long", tok, text)
			}
		}
		r := m.Classify(Input{Headline: text, Summary: text, Hint: text})
		if r.Sector == "" || math.IsNaN(r.Confidence) || r.Confidence <= 0 || r.Confidence > 1+1e-12 {
			t.Fatalf("Classify(%q) = %+v", text, r)
		}
		if got := m.Suggest(WithHint(context.Background(), text), digest.Story{Headline: text, Summary: text}); got != r.Sector {
			t.Fatalf("Suggest(%q) = %s, Classify says %s", text, got, r.Sector)
		}
		for _, w := range r.Words {
			if !(w.Weight > 0) || math.IsInf(w.Weight, 0) {
				t.Fatalf("Classify(%q) word %+v", text, w)
			}
		}
	})
}
