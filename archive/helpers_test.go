package archive

import (
	"testing"

	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/digest"
)

// shippedSectors are the sectors of the built-in configuration, the same as
// config.example.toml: the newsletter's own sections.
func shippedSectors(t testing.TB) digest.Sectors {
	t.Helper()
	cfg, err := config.Load("", func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	return cfg.DigestSectors()
}
