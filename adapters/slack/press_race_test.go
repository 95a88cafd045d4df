package slack

import (
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/sharednews/sharednews/adapters/internal/adaptertest"
	"github.com/sharednews/sharednews/digest"
)

// TestTwoEditorsPressApproveAtOnce: two editors press Approve on one card
// at the same moment, many times over: the story is approved once, the
// submitter hears once, the card ends saying who approved it, and the
// editor whose press lost is told privately who did.
func TestTwoEditorsPressApproveAtOnce(t *testing.T) {
	f := newFixture(t)
	page := pageServer(t, "Councils merge", "Summary", "LocalGov")
	for round := range 10 {
		id, ref := f.submit(page.URL+"/"+string(rune('a'+round)), "")
		dms := len(f.dmsTo(memberID))
		var (
			wg    sync.WaitGroup
			paths [2]string
		)
		for i, who := range []string{editorID, groupieID} {
			press, path := f.press(who, actionApprove, id, ref, "")
			paths[i] = path
			wg.Add(1)
			go func() {
				defer wg.Done()
				if rec := f.sendSigned("/slack/interactions", formType, interactionForm(t, press)); rec.Code != http.StatusOK {
					t.Errorf("press by %s: %d", who, rec.Code)
				}
			}()
		}
		wg.Wait()
		// The winner's answer is the card; the loser's a private sentence
		// (both come after Slack's acknowledgement).
		adaptertest.WaitFor(t, "an answer", func() bool {
			return len(f.slack.Responses(paths[0]))+len(f.slack.Responses(paths[1])) > 0
		})
		s := f.story(id)
		if s.State != digest.StateApproved {
			t.Fatalf("round %d: story is %s", round, s.State)
		}
		winner := map[string]string{editorID: "@Ed", groupieID: "@Gus"}[s.DecidedBy.ID]
		for i, p := range paths {
			answers := f.slack.Responses(p)
			if []string{editorID, groupieID}[i] == s.DecidedBy.ID {
				if len(answers) != 0 {
					t.Errorf("round %d: the winning press was answered %s", round, allText(answers[0].Body))
				}
				continue
			}
			if len(answers) != 1 || answers[0].Body["response_type"] != "ephemeral" ||
				!strings.Contains(allText(answers[0].Body), "already approved for the next edition by "+winner) {
				t.Errorf("round %d: the losing press is answered %d times: %v", round, len(answers), answers)
			}
		}
		adaptertest.WaitFor(t, "the submitter's message", func() bool { return len(f.dmsTo(memberID)) > dms })
		adaptertest.WaitFor(t, "the card saying "+winner+" approved it", func() bool {
			ups := f.cardUpdates(ref)
			return len(ups) > 0 && strings.Contains(allText(blocksOf(t, ups[len(ups)-1])), "Approved by "+winner)
		})
	}
	if n := len(f.dmsTo(memberID)); n != 10 {
		t.Errorf("the submitter got %d messages for 10 approvals", n)
	}
}
