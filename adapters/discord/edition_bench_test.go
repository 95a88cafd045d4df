package discord

import "testing"

// BenchmarkEditionPayloads renders an edition of forty long stories as the
// Discord messages that post it: what every delivery to a Discord channel
// and every `preview --format discord` does.
//
//	go test -run '^$' -bench EditionPayloads ./adapters/discord/
func BenchmarkEditionPayloads(b *testing.B) {
	e := longEdition()
	for b.Loop() {
		if ps := EditionPayloads(e); len(ps) == 0 {
			b.Fatal("no payloads")
		}
	}
}
