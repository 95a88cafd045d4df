package email_test

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sharednews/sharednews/delivery"
	"github.com/sharednews/sharednews/email"
	"github.com/sharednews/sharednews/email/smtptest"
	"github.com/sharednews/sharednews/internal/syncbuf"
	"github.com/sharednews/sharednews/store"
	"github.com/sharednews/sharednews/store/storetest"
)

// TestMailAcceptedWhileTheDiskIsFullIsSentOnce: the disk holding the
// database fills at the moment the mail server accepts the first mail, so
// that the ledger cannot record it (nor anything else) until space is
// freed. Each mail the server accepted meanwhile went out again once the
// disk had space, the worker taking its claim for an interrupted try: the
// reader got it twice. The worker now keeps what it sent and could not
// record, and records it, not sends it, when it takes the delivery again;
// and it sends no other mail meanwhile, until the database takes a write:
// the mails it had claimed went out one after another, each unrecorded.
func TestMailAcceptedWhileTheDiskIsFullIsSentOnce(t *testing.T) {
	path := filepath.Join(storetest.SmallDisk(t, "16m"), "news.db")
	filler := path + ".filler"
	st := storetest.Open(t, path)
	var full sync.Once
	srv, err := smtptest.Start(smtptest.Options{Message: func([]string, int) error {
		full.Do(func() {
			storetest.EmptyLog(t, path)
			storetest.Fill(t, filler)
		})
		return nil // accepted
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	f := fixtureOver(t, st)
	var logged syncbuf.Buffer
	o := senderTo(srv)
	o.PerSecond = 5 // a mail's turn every 200 ms: the others wait theirs while the disk is full
	// One connection, so that no second mail is on its way beside the
	// first when the disk fills (two are kept since a stalled mail held
	// the rest back on one): the test is of the mails after it.
	o.Conns = 1
	f.sendWith(newSender(t, o), email.Options{From: "news@council.example", PublicURL: "https://news.council.example"},
		delivery.Options{Backoff: time.Millisecond, MaxBackoff: time.Millisecond, Lease: time.Second,
			Logger: slog.New(slog.NewTextHandler(&logged, nil))})
	readers := []string{"ana@example.org", "bob@example.org", "cy@example.org"}
	f.importReaders(readers...)
	pub := f.publish("health") // stops at the full disk
	if n := len(srv.Messages()); n != 1 {
		t.Errorf("%d mails went out while the ledger could not record them, want only the one whose acceptance filled the disk", n)
	}
	if want := `level=ERROR msg="posted, but the database could not record it`; !strings.Contains(logged.String(), want) ||
		!strings.Contains(logged.String(), "no space left on the device") {
		t.Errorf("the log does not say that a mail went out unrecorded, and why:\n%s", logged.String())
	}
	ctx := context.Background()
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(20 * time.Second); ; {
		f.worker.Deliver(ctx)
		ds, err := st.Deliveries(ctx, pub.Edition.Edition.ID)
		if err != nil {
			t.Fatal(err)
		}
		open := 0
		for _, d := range ds {
			if d.State != store.DeliveryDelivered {
				open++
			}
		}
		if open == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("deliveries %+v: not all delivered after the disk had space again", ds)
		}
	}
	got := map[string]int{}
	for _, m := range srv.Messages() {
		for _, to := range m.To {
			got[to]++
		}
	}
	for _, r := range readers {
		if got[r] != 1 {
			t.Errorf("%s got %d mails, want 1 (all: %v)", r, got[r], got)
		}
	}
}
