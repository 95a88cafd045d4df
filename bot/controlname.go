package bot

import (
	"strconv"
	"strings"

	"github.com/sharednews/sharednews/digest"
)

// ControlPrefix starts the name of every control and form the bot draws,
// where a platform carries that one string back with a press or a
// submission (Discord's custom_id, Slack's action IDs): "sharednews:approve".
const ControlPrefix = "sharednews:"

// formActions are the words that name each form, the middle word of its
// name (FormName); a card control's is its action (ActionApprove…). They
// are not a control's actions, so that a form's name is never taken for a
// press.
var formActions = map[FormKind]string{EditForm: "editform", RejectForm: "rejectform", IntroForm: "introform", NoteForm: "noteform"}

// Action is the word that names the form in its name (FormName).
func (k FormKind) Action() string { return formActions[k] }

// FormNamed is the form whose Action is action; ok is false for any other
// word (a control's action, or a form this version does not draw).
func FormNamed(action string) (kind FormKind, ok bool) {
	for k, a := range formActions {
		if a == action {
			return k, true
		}
	}
	return EditForm, false
}

// ControlName names a control or form for story id: "sharednews:ACTION:ID".
func ControlName(action string, id int64) string {
	return ControlPrefix + action + ":" + strconv.FormatInt(id, 10)
}

// FormName names a form of kind as it is drawn for story s: the intro
// form is for no story ("sharednews:introform"), the reject form for the
// story ("sharednews:rejectform:ID"), and the edit and commentary forms
// for the story as the form shows it, "sharednews:editform:ID:MARK", MARK
// being FormMark of s: a field submitted as the form showed it is left
// alone, so that saving does not put back what another editor changed
// since (StoryChanges.Drawn).
func FormName(kind FormKind, s digest.Story) string {
	switch kind {
	case IntroForm:
		return ControlPrefix + kind.Action()
	case RejectForm:
		return ControlName(kind.Action(), s.ID)
	}
	return ControlName(kind.Action(), s.ID) + ":" + FormMark(s)
}

// ParseControlName reads what ControlName and FormName write. A form's
// name without a mark (a reject form's, or an edit form's opened before
// forms had one) has mark "". Only the intro form's name names no story.
func ParseControlName(s string) (action string, id int64, mark string, ok bool) {
	rest, found := strings.CutPrefix(s, ControlPrefix)
	parts := strings.Split(rest, ":")
	switch {
	case !found || len(parts) > 3:
		return "", 0, "", false
	case len(parts) == 1:
		return rest, 0, "", rest == IntroForm.Action()
	case len(parts) == 3:
		mark = parts[2]
	}
	id, err := strconv.ParseInt(parts[1], 10, 64)
	return parts[0], id, mark, err == nil && id > 0 && parts[0] != IntroForm.Action()
}
