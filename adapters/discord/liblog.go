package discord

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// RouteLibraryLog sends discordgo's own log lines to l, and returns what
// puts its logging back as it was. discordgo offers one hook,
// discordgo.Logger, a variable of its package shared by every session, so
// this is the program's to call once, at start (sharednews run does), not
// each adapter's: no adapter sets state another one would see.
//
// Without it discordgo writes "[DG0] …" lines through the standard log
// package, and one of them for every message of another app it cannot
// decode (layout components it does not know): the adapter reads that
// event's raw JSON itself (onRawEvent) and says so when it cannot, so
// that line is only debug. discordgo's other errors are warnings.
func RouteLibraryLog(l *slog.Logger) (restore func()) {
	prev := discordgo.Logger
	discordgo.Logger = func(msgL, _ int, format string, a ...any) {
		level := slog.LevelDebug
		if msgL <= discordgo.LogWarning && !strings.HasPrefix(format, "error unmarshalling ") {
			level = slog.LevelWarn
		}
		l.Log(context.Background(), level, "discordgo", "message", fmt.Sprintf(format, a...))
	}
	return func() { discordgo.Logger = prev }
}
