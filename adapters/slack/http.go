package slack

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strings"

	slackgo "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/sharednews/sharednews/server"
)

// maxBodyBytes bounds a request body from Slack; real ones are a few KiB
// (an interaction carries its whole message, still well under this).
const maxBodyBytes = 1 << 20

// readSigned reads the body and checks its signature, leaving the body in
// r for slack-go's form parsers; failing, it answers (401, 413) and returns
// false. With once, a signature seen before is a replay: Slack never
// retries a command or an interaction (Events API callbacks it does).
func (a *Adapter) readSigned(w http.ResponseWriter, r *http.Request, once bool) ([]byte, bool) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
		} else {
			http.Error(w, "cannot read request body", http.StatusBadRequest)
		}
		return nil, false
	}
	refused := ""
	if err := verify([]byte(a.cfg.SigningSecret), a.now(), r.Header, body); err != nil {
		refused = err.Error()
	} else if once && !a.bot.FirstSight(r.Context(), PlatformName, "signature "+strings.ToLower(r.Header.Get("X-Slack-Signature"))) {
		// Keyed by the valid signature, in either case the same request;
		// recorded on the database (as events are), so that a replay
		// within its five minutes after a restart is refused too.
		refused = "replayed: already taken"
	}
	if refused != "" {
		a.log.WarnContext(r.Context(), "slack request refused", "path", r.URL.Path, "reason", refused, "remote", r.RemoteAddr)
		http.Error(w, "invalid or expired Slack signature", http.StatusUnauthorized)
		return nil, false
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	// Commands and interactions are forms, which slack-go parses only when
	// the header says so (an event's JSON is read from body).
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return body, true
}

// serveCommand is POST /slack/commands: a slash command, acknowledged at
// once and answered through its response_url.
func (a *Adapter) serveCommand(w http.ResponseWriter, r *http.Request) {
	if _, ok := a.readSigned(w, r, true); !ok {
		return
	}
	sc, err := slackgo.SlashCommandParse(r) // parses the form into r.PostForm
	switch {
	case err == nil && r.PostForm.Get("ssl_check") == "1":
		// Slack checking the Request URL's certificate: it documents that
		// the app answers 200 and does nothing else.
		w.WriteHeader(http.StatusOK)
	case err != nil || !completeCommand(sc):
		http.Error(w, "not a slash command", http.StatusBadRequest)
	default:
		writeAck(w, a.slashCommand(sc))
	}
}

// serveInteraction is POST /slack/interactions: button presses, selects and
// form submissions, form-encoded JSON in the "payload" field.
func (a *Adapter) serveInteraction(w http.ResponseWriter, r *http.Request) {
	if _, ok := a.readSigned(w, r, true); !ok {
		return
	}
	cb, err := slackgo.InteractionCallbackParse(r)
	if err != nil {
		http.Error(w, "no interaction payload, or a malformed one", http.StatusBadRequest)
		return
	}
	writeAck(w, a.interaction(r.Context(), &cb))
}

// serveEvent is POST /slack/events: the Events API's url_verification
// handshake answered with its challenge, and callbacks.
func (a *Adapter) serveEvent(w http.ResponseWriter, r *http.Request) {
	body, ok := a.readSigned(w, r, false)
	if !ok {
		return
	}
	ev, err := slackevents.ParseEvent(body, slackevents.OptionNoVerifyToken())
	// slack-go decodes a url_verification as such, and any outer type it
	// does not know the same way: the type decides.
	v, verification := ev.Data.(*slackevents.EventsAPIURLVerificationEvent)
	switch {
	case err != nil:
		// Signed by Slack but of a kind slack-go cannot read: acknowledge it,
		// or Slack retries it and in the end turns the app's events off.
		a.log.InfoContext(r.Context(), "slack event not understood", "err", err)
	case verification && ev.Type == slackevents.URLVerification:
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, v.Challenge)
		return
	case ev.Type == slackevents.CallbackEvent:
		a.event(r.Context(), ev)
	}
	w.WriteHeader(http.StatusOK)
}

// writeAck answers Slack's request: an empty 200, or the acknowledgement as
// JSON (a refusal, form errors).
func writeAck(w http.ResponseWriter, ack any) {
	if ack == nil {
		w.WriteHeader(http.StatusOK)
		return
	}
	server.WriteJSON(w, ack)
}
