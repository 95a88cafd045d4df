package archive

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkParse parses the longest real digest file, three editions.
func BenchmarkParse(b *testing.B) {
	data, err := os.ReadFile(filepath.Join(realDigests, "2014-05-newsletter.txt"))
	if err != nil {
		b.Skip(err)
	}
	p := Parser{Sectors: shippedSectors(b)}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := p.Parse("2014-05-newsletter.txt", bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}
