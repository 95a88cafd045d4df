package email_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/sharednews/sharednews/delivery"
	"github.com/sharednews/sharednews/email"
	"github.com/sharednews/sharednews/email/smtptest"
	"github.com/sharednews/sharednews/store"
	"github.com/sharednews/sharednews/store/storetest"
)

// TestMailAcceptedWhileTheDatabaseIsHeldIsSentOnce: another program holds
// the database's write lock from the moment the mail server accepts a
// mail until a little after SQLite's busy timeout, so that the ledger
// cannot record the mail as sent at first. The record was given up after
// one busy timeout and the try counted as failed, so the mail went out
// again on the next try: twice to the reader. The record is now tried
// again while the database is busy, and the mail goes out once.
func TestMailAcceptedWhileTheDatabaseIsHeldIsSentOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("waits out SQLite's busy timeout")
	}
	path := filepath.Join(t.TempDir(), "news.db")
	st := storetest.Open(t, path)
	other, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Close() })
	var (
		once     sync.Once
		released = make(chan struct{})
	)
	srv, err := smtptest.Start(smtptest.Options{Message: func([]string, int) error {
		once.Do(func() {
			ctx := context.Background()
			conn, err := other.Conn(ctx)
			if err != nil {
				t.Error(err)
				close(released)
				return
			}
			if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
				t.Error(err)
			}
			go func() { // held past one busy timeout (5 s)
				defer close(released)
				time.Sleep(7 * time.Second)
				conn.ExecContext(ctx, "ROLLBACK")
				conn.Close()
			}()
		})
		return nil // accepted
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	f := fixtureOver(t, st)
	f.sendWith(newSender(t, senderTo(srv)), email.Options{From: "news@council.example", PublicURL: "https://news.council.example"},
		delivery.Options{Backoff: time.Millisecond, MaxBackoff: time.Millisecond})
	f.importReaders("ana@example.org")
	pub := f.publish("health")
	<-released
	if n := len(srv.Messages()); n != 1 {
		t.Errorf("the reader got %d mails, want 1", n)
	}
	ds, err := st.Deliveries(context.Background(), pub.Edition.Edition.ID)
	if err != nil || len(ds) != 1 || ds[0].State != store.DeliveryDelivered {
		t.Errorf("deliveries %+v, %v; want the one delivered", ds, err)
	}
}
