package smtptest

import (
	"testing"
	"time"
)

// TestCloseRightAfterStart: a server closed before its goroutine reached
// go-smtp's Serve (a test that starts one and sends no mail) went on
// accepting, and Close waited for it for ever (a CI run timed out in
// TestSignUpRefusesAnUnknownSector's cleanup).
func TestCloseRightAfterStart(t *testing.T) {
	for i := 0; i < 500; i++ {
		s, err := Start(Options{NoTLS: true})
		if err != nil {
			t.Fatal(err)
		}
		closed := make(chan struct{})
		go func() {
			s.Close()
			close(closed)
		}()
		select {
		case <-closed:
		case <-time.After(5 * time.Second):
			t.Fatalf("Close of server %d did not return", i)
		}
	}
}
