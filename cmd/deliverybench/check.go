package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/sharednews/sharednews/adapters/discord"
	"github.com/sharednews/sharednews/adapters/discord/discordtest"
	"github.com/sharednews/sharednews/adapters/slack"
	"github.com/sharednews/sharednews/adapters/slack/slacktest"
	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/delivery"
	"github.com/sharednews/sharednews/store"
)

// tally is what the channels received compared with what they should have.
type tally struct {
	Channels   int
	Duplicates int // parts received more than once
	Missing    int // parts never received
	Disordered int // channels that received their parts out of order
	Undone     int // deliveries the ledger does not show delivered
	// UndoneLedger says how the ledger left the first few undone
	// deliveries, for the failure message: a count alone does not tell a
	// delivery given up from one nobody came back to.
	UndoneLedger []string
	// SlackParts and DiscordParts are how many messages an edition takes.
	SlackParts, DiscordParts int
}

// check compares every channel's messages in the fakes with the edition
// its delivery should post: each part once, in order.
func check(ctx context.Context, ep endpoints, sl *slacktest.Fake, dc *discordtest.Fake) (tally, error) {
	cfg := benchConfig(ep)
	st, err := store.Open(ctx, cfg.Bot.Database)
	if err != nil {
		return tally{}, err
	}
	defer st.Close()
	// The parts as the adapters post them, the footer naming each
	// platform's command, as run's worker says it.
	subscribe := func(platform string) string { return bot.SubscribeBy(bot.CommandWordIn(cfg, platform)) }
	w, err := delivery.New(delivery.Options{Store: st, Sectors: cfg.DigestSectors(), Subscribe: subscribe})
	if err != nil {
		return tally{}, err
	}
	ds, err := latestLedger(ctx, st)
	if err != nil {
		return tally{}, err
	}
	slackGot, discordGot := sl.Parts(), dc.Nonces()
	var t tally
	for _, d := range ds {
		if d.Platform == store.EmailPlatform {
			continue // checkEmail's
		}
		t.Channels++
		if d.State != store.DeliveryDelivered {
			t.Undone++
			if len(t.UndoneLedger) < 5 {
				t.UndoneLedger = append(t.UndoneLedger, fmt.Sprintf("delivery %d (%s %s): %s, %d parts sent, %d attempts, lease %q until %s, next attempt %s, error %q",
					d.ID, d.Platform, d.ChannelID, d.State, d.PartsSent, d.Attempts, d.LeaseOwner, d.LeaseUntil.Format(time.StampMilli),
					d.NextAttempt.Format(time.StampMilli), d.Error))
			}
		}
		e, err := w.ChannelEdition(ctx, d)
		if err != nil {
			return tally{}, err
		}
		var want int
		var got []int
		switch d.Platform {
		case "slack":
			var msgs []json.RawMessage
			js, err := slack.EditionJSON(e)
			if err == nil {
				err = json.Unmarshal([]byte(js), &msgs)
			}
			if err != nil {
				return tally{}, err
			}
			want, t.SlackParts = len(msgs), len(msgs)
			key := delivery.Key(d)
			for _, p := range slackGot[d.ChannelID] {
				if p.Key == key {
					got = append(got, p.Part)
				} else {
					got = append(got, -1) // a message that is no part of this delivery
				}
			}
		case "discord":
			want = len(discord.EditionPayloads(e))
			t.DiscordParts = want
			for _, n := range discordGot[d.ChannelID] {
				got = append(got, noncePart(n))
			}
		}
		dup, miss, ordered := compare(got, want)
		t.Duplicates += dup
		t.Missing += miss
		if !ordered {
			t.Disordered++
		}
	}
	return t, nil
}

// compare counts duplicated and missing parts in what a channel got, and
// says whether the parts came exactly as 0, 1, …, want-1.
func compare(got []int, want int) (duplicates, missing int, ordered bool) {
	seen := map[int]int{}
	for _, p := range got {
		seen[p]++
	}
	for p, n := range seen {
		if p < 0 || p >= want {
			duplicates += n // anything else is a message too many
		} else if n > 1 {
			duplicates += n - 1
		}
	}
	for p := range want {
		if seen[p] == 0 {
			missing++
		}
	}
	ordered = len(got) == want
	for i, p := range got {
		if p != i {
			ordered = false
		}
	}
	return duplicates, missing, ordered
}

// noncePart reads the part number from a Discord edition nonce ("sn….N").
func noncePart(nonce string) int {
	i := strings.LastIndexByte(nonce, '.')
	if i < 0 {
		return -1
	}
	n, err := strconv.Atoi(nonce[i+1:])
	if err != nil {
		return -1
	}
	return n
}

func (t tally) String() string {
	s := fmt.Sprintf("channels=%d duplicates=%d missing=%d disordered=%d undelivered=%d", t.Channels, t.Duplicates, t.Missing, t.Disordered, t.Undone)
	for _, u := range t.UndoneLedger {
		s += "\n\t" + u
	}
	return s
}

// latestLedger is the deliveries of the newest edition: the one the run
// published.
func latestLedger(ctx context.Context, st *store.Store) ([]store.Delivery, error) {
	latest, err := st.LatestEdition(ctx)
	if err != nil {
		return nil, err
	}
	return st.Deliveries(ctx, latest.Edition.ID)
}
