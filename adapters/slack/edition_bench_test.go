package slack

import "testing"

// BenchmarkEditionMessages renders an edition of 150 stories as the Slack
// messages that post it: what every delivery to a Slack channel and every
// `preview --format slack` does.
//
//	go test -run '^$' -bench EditionMessages ./adapters/slack/
func BenchmarkEditionMessages(b *testing.B) {
	e := bigEdition(150)
	for b.Loop() {
		if msgs := editionMessages(e); len(msgs) == 0 {
			b.Fatal("no messages")
		}
	}
}
