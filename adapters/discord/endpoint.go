package discord

import (
	"context"
	"errors"
	"io"
	"net/http"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/sharednews/sharednews/internal/replay"
	"github.com/sharednews/sharednews/server"
)

// maxInteractionBytes bounds an interaction request body; Discord's are a
// few kilobytes.
const maxInteractionBytes = 1 << 20

// ServeHTTP answers POST /discord/interactions, Discord's HTTP
// interactions when the application's Interactions Endpoint URL points
// here. A request without a valid Ed25519 signature by the application's
// public key over its timestamp and raw body, its timestamp within five
// minutes, or one already taken (sent again) gets 401 and no action. PING
// gets PONG; the rest goes through dispatch as gateway interactions do,
// the first response in this request's. Mount routes POST alone here: the
// mux answers other methods with 405, or as another route answers every
// path (the web archive's 404 for GET).
func (a *Adapter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// A body too large to be an interaction, or cut short, cannot carry a
	// valid signature: it is refused as unsigned. discordgo checks the
	// signature and puts the body back.
	r.Body = http.MaxBytesReader(w, r.Body, maxInteractionBytes)
	signed := a.publicKey != nil && discordgo.VerifyInteraction(r, a.publicKey)
	body, err := io.ReadAll(r.Body)
	if !signed || err != nil || !replay.Fresh(r.Header.Get("X-Signature-Timestamp"), a.now(), maxSignatureAge) {
		a.log.InfoContext(r.Context(), "discord interaction refused: bad signature", "remote", r.RemoteAddr)
		http.Error(w, "invalid request signature", http.StatusUnauthorized)
		return
	}
	in, err := decodeInteraction(body)
	if err != nil {
		a.log.WarnContext(r.Context(), "discord interaction not understood", "err", err)
		http.Error(w, "invalid interaction", http.StatusBadRequest)
		return
	}
	if in.Type == discordgo.InteractionPing {
		server.WriteJSON(w, &interactionResponse{Type: discordgo.InteractionResponsePong})
		return
	}
	// Recorded on the database (as Slack's signatures are), so that a
	// replay still within its five minutes after a restart is refused too.
	if !a.bot.FirstSight(r.Context(), PlatformName, "interaction "+in.ID) {
		a.log.WarnContext(r.Context(), "discord interaction refused: replayed, already taken", "interaction", in.ID, "remote", r.RemoteAddr)
		http.Error(w, "invalid request signature", http.StatusUnauthorized)
		return
	}
	// The dispatch hands its first response to this request and waits
	// until it is written (or the request has gone), to know it arrived.
	first, written := make(chan *interactionResponse, 1), make(chan bool, 1)
	x := &exchange{in: in, respond: func(ctx context.Context, res *interactionResponse) error {
		first <- res // buffered, and exchange.send calls this once
		select {
		case ok := <-written:
			if !ok {
				return errors.New("the interaction's HTTP request ended before its response was written")
			}
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}}
	if !a.tasks.Go("interaction", func(ctx context.Context) { a.dispatch(ctx, x) }) {
		// Shutting down: the member is told so in this request's response,
		// as over the gateway (refuseDuringShutdown); an autocomplete cannot
		// take a message, and Discord shows no choices.
		if in.Type == discordgo.InteractionApplicationCommandAutocomplete {
			http.Error(w, "shutting down", http.StatusServiceUnavailable)
			return
		}
		go a.refuseDuringShutdown(x)
	}
	select {
	case res := <-first:
		written <- server.WriteJSON(w, res)
	case <-r.Context().Done():
		written <- false // buffered: a dispatch that never answers leaves it unread
	}
}

// maxSignatureAge bounds how far a request's signed timestamp may be from
// the bot's clock, so that a captured request cannot be replayed later.
const maxSignatureAge = 5 * time.Minute
