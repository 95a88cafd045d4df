package search

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store/storetest"
)

// BenchmarkInEditionTexts times what a search that finds no story adds:
// reading the editor's own words of ten years of weekly editions (520,
// each with an intro as long as the real edition of 20 November 2014's,
// 1,100 characters, and words of its own) for the search's words:
//
//	go test -run '^$' -bench InEditionTexts ./search/
func BenchmarkInEditionTexts(b *testing.B) {
	intro, err := os.ReadFile(filepath.Join("..", "..", "shared", "testdata", "digests", "2014-11-20-newsletter.txt"))
	if err != nil {
		b.Skipf("no real edition: %v", err)
	}
	text := string(intro)
	start := strings.Index(text, "How would you like")
	end := strings.Index(text, "************")
	if start < 0 || end < start {
		b.Skip("the real edition has changed")
	}
	st := storetest.Open(b, "")
	ctx := context.Background()
	first := time.Date(2014, 1, 2, 0, 0, 0, 0, time.UTC)
	for i := range 520 {
		e := digest.Edition{Date: first.AddDate(0, 0, 7*i), Title: fmt.Sprintf("Edition of week %d", i),
			Intro: strings.TrimSpace(text[start:end]) + fmt.Sprintf("\n\nThis week's word is word%d.", i)}
		if _, err := st.ImportEdition(ctx, e); err != nil {
			b.Fatal(err)
		}
	}
	s := NewPublished(st)
	for _, q := range []string{"word7 CoSocius", "zzzz nothing here"} {
		b.Run(strings.ReplaceAll(q, " ", "_"), func(b *testing.B) {
			for b.Loop() {
				if _, err := s.InEditionTexts(ctx, Parse(q), 3); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
