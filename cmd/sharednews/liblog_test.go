package main

import (
	"context"
	"encoding/json"
	"io"
	"log"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestRunLogsLibraryLinesStructured: a library writing through the
// standard log package (discordgo's "[DG0] …" gateway errors) during `run`
// comes out as one JSON line of the structured log, not a bare line among
// them; the standard logger is given back when run ends.
func TestRunLogsLibraryLinesStructured(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cfg, _ := writeConfig(t, "[http]\nlisten = "+quote(addr)+"\n")
	before := log.Writer()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	var stderr lockedBuffer
	go func() {
		done <- run(ctx, []string{"--config", cfg, "run"}, env{stdin: strings.NewReader(""), stdout: io.Discard,
			stderr: &stderr, getenv: func(string) string { return "" }})
	}()
	for i := 0; ; i++ {
		if resp, err := http.Get("http://" + addr + "/healthz"); err == nil {
			resp.Body.Close()
			break
		}
		if i == 200 {
			t.Fatalf("run did not start:\n%s", stderr.String())
		}
		time.Sleep(25 * time.Millisecond)
	}
	log.Printf("[DG0] wsapi.go:123:listen() error reading from gateway websocket")
	cancel()
	if err := <-done; err != nil {
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
