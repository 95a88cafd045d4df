package bot

import (
	"testing"

	"github.com/sharednews/sharednews/digest"
)

// TestControlNames: the names the bot gives the controls and forms it
// draws (Discord's custom_ids) read back as they were written; a name
// that is not one of them, names no story, or names the intro form with
// one, is refused.
func TestControlNames(t *testing.T) {
	s := digest.Story{ID: 4, Headline: "A headline"}
	marked := FormName(EditForm, s)
	if want := "sharednews:editform:4:" + FormMark(s); marked != want {
		t.Errorf("FormName = %q, want %q", marked, want)
	}
	for _, tc := range []struct {
		in, action string
		id         int64
		mark       string
		ok         bool
	}{
		{"sharednews:approve:12", "approve", 12, "", true},
		{"sharednews:editform:3", "editform", 3, "", true}, // opened before forms had a mark
		{marked, "editform", 4, FormMark(s), true},
		{"sharednews:rejectform:4", "rejectform", 4, "", true},
		{"sharednews:introform", "introform", 0, "", true},
		{"sharednews:introform:5", "", 0, "", false},
		{"sharednews:approve:0", "", 0, "", false},
		{"sharednews:approve:x", "", 0, "", false},
		{"sharednews:approve", "", 0, "", false},
		{"sharednews:editform:4:mark:more", "", 0, "", false},
		{"click_one", "", 0, "", false},
	} {
		action, id, mark, ok := ParseControlName(tc.in)
		if ok != tc.ok || (ok && (action != tc.action || id != tc.id || mark != tc.mark)) {
			t.Errorf("ParseControlName(%q) = %q %d %q %v", tc.in, action, id, mark, ok)
		}
	}
	if got := ControlName(ActionReject, 7); got != "sharednews:reject:7" {
		t.Errorf("ControlName: %q", got)
	}
	if got := FormName(IntroForm, digest.Story{}); got != "sharednews:introform" {
		t.Errorf("FormName(IntroForm) = %q", got)
	}
	if got := FormName(RejectForm, s); got != "sharednews:rejectform:4" {
		t.Errorf("FormName(RejectForm) = %q", got)
	}
	for _, k := range []FormKind{EditForm, RejectForm, IntroForm, NoteForm} {
		if got, ok := FormNamed(k.Action()); !ok || got != k {
			t.Errorf("FormNamed(%q) = %v %v, want %v", k.Action(), got, ok, k)
		}
	}
	for _, action := range []string{ActionApprove, ActionEdit, ActionReject, ""} {
		if _, ok := FormNamed(action); ok {
			t.Errorf("FormNamed(%q) names a form", action)
		}
	}
}
