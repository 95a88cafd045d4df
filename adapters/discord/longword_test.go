package discord

import (
	"strings"
	"testing"
)

// TestEditionKeepsALinkInALongSummaryWhole: a link pasted into a summary
// too long for one embed, up to half an embed long, is shown whole in one
// description, where Discord links it, not cut between two parts, as on
// Slack (digest.ChatMarkup.Story).
func TestEditionKeepsALinkInALongSummaryWhole(t *testing.T) {
	e := importedEdition()
	st := &e.Sections[0].Stories[0]
	word := "https://track.example.org/c?" + strings.Repeat("id=1&", 150) + "end"
	filler := strings.TrimSpace(strings.Repeat("An imported summary with no limit at all. ", 60))
	st.Summary = filler + " " + word + " " + filler
	ps := EditionPayloads(e)
	checkPayloads(t, ps)
	for _, p := range ps {
		for _, em := range p.Embeds {
			if strings.Contains(em.Description, md(word)) {
				return
			}
		}
	}
	t.Errorf("no description holds the %d-character link whole", length(md(word)))
}
