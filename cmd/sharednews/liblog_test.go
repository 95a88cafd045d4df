package main

import (
	"encoding/json"
	"log"
	"strings"
	"testing"
)

// TestRunLogsLibraryLinesStructured: a library writing through the
// standard log package (discordgo's "[DG0] …" gateway errors) during `run`
// comes out as one JSON line of the structured log, not a bare line among
// them; the standard logger is given back when run ends.
func TestRunLogsLibraryLinesStructured(t *testing.T) {
	addr := freeAddr(t)
	cfg, _ := writeConfig(t, "[http]\nlisten = "+quote(addr)+"\n")
	before := log.Writer()
	stderr, stop := runInBackground(t, cfg, addr)
	log.Printf("[DG0] wsapi.go:123:listen() error reading from gateway websocket")
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if log.Writer() != before {
		t.Error("the standard logger was not given back")
	}
	found := false
	for line := range strings.Lines(stderr.String()) {
		var rec struct{ Msg, Message string }
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Errorf("not a JSON line: %q", line)
			continue
		}
		found = found || rec.Msg == "library" && strings.HasPrefix(rec.Message, "[DG0] wsapi.go")
	}
	if !found {
		t.Errorf("the library's line is not in the structured log:\n%s", stderr.String())
	}
}
