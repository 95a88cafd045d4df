package store_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/store"
	"github.com/sharednews/sharednews/store/storetest"
)

func TestSignUpStoresAnAddressOnceWhateverItsCase(t *testing.T) {
	ctx := context.Background()
	st := storetest.Open(t, "")
	in := store.SignUp{Address: "Ana.Smith@Council.example", Window: 24 * time.Hour, PerWindow: 2}
	first, err := st.RecordSignUp(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if !first.Send || first.Subscriber.State != store.SubscriberPending || first.Subscriber.ConfirmNonce == "" {
		t.Fatalf("first sign-up = %+v", first)
	}
	in.Address = "ana.smith@council.EXAMPLE"
	second, err := st.RecordSignUp(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if second.Subscriber.ID != first.Subscriber.ID || second.Subscriber.ConfirmNonce != first.Subscriber.ConfirmNonce {
		t.Errorf("a second sign-up made another row or another link: %+v", second.Subscriber)
	}
	if second.Subscriber.Address != "Ana.Smith@Council.example" {
		t.Errorf("address = %q, want the first spelling kept", second.Subscriber.Address)
	}
	third, err := st.RecordSignUp(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if third.Send {
		t.Error("a third confirmation mail within the window would be sent; the limit is 2")
	}
	all, err := st.Subscribers(ctx)
	if err != nil || len(all) != 1 {
		t.Fatalf("subscribers = %d, %v", len(all), err)
	}
}

func TestConfirmationIsSingleUse(t *testing.T) {
	ctx := context.Background()
	st := storetest.Open(t, "")
	res, err := st.RecordSignUp(ctx, store.SignUp{Address: "reader@example.org", Window: time.Hour, PerWindow: 3})
	if err != nil {
		t.Fatal(err)
	}
	sub, err := st.ConfirmSubscriber(ctx, res.Subscriber.ID, res.Subscriber.ConfirmNonce, []string{"health"})
	if err != nil {
		t.Fatal(err)
	}
	if sub.State != store.SubscriberConfirmed || len(sub.Sectors) != 1 || sub.Sectors[0] != "health" {
		t.Errorf("confirmed = %+v", sub)
	}
	if _, err := st.ConfirmSubscriber(ctx, res.Subscriber.ID, res.Subscriber.ConfirmNonce, nil); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("second use of the link: err = %v, want ErrNotFound", err)
	}
	if _, err := st.ConfirmSubscriber(ctx, res.Subscriber.ID, "", nil); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("empty nonce: err = %v, want ErrNotFound", err)
	}
}

func TestPublishRecordsOneDeliveryPerConfirmedSubscriber(t *testing.T) {
	ctx := context.Background()
	st := storetest.Open(t, "")
	outcomes, err := st.ImportSubscribers(ctx, []store.ImportedSubscriber{
		{Address: "a@example.org"}, {Address: "b@example.org", Sectors: []string{"housing"}}, {Address: "c@example.org", Sectors: []string{"health"}},
	})
	if err != nil || len(outcomes) != 3 || outcomes[0] != store.Imported {
		t.Fatalf("import = %v, %v", outcomes, err)
	}
	if _, err := st.RecordSignUp(ctx, store.SignUp{Address: "pending@example.org", Window: time.Hour, PerWindow: 1}); err != nil {
		t.Fatal(err)
	}
	fillDraft(t, st, 1, 0) // one health story, no channels: the edition's deliveries are all mail
	pub, err := st.Publish(ctx, store.Publication{Title: "T", Email: true})
	if err != nil {
		t.Fatal(err)
	}
	states := map[string]store.DeliveryState{}
	for _, d := range pub.Deliveries {
		if d.Platform != store.EmailPlatform {
			t.Errorf("unexpected delivery %+v", d)
		}
		states[d.ChannelID] = d.State
	}
	if len(states) != 3 {
		t.Fatalf("deliveries = %v, want one per confirmed subscriber", states)
	}
	b, _ := st.SubscriberByAddress(ctx, "B@example.org")
	if states[itoa(b.ID)] != store.DeliverySkipped {
		t.Errorf("a housing-only reader's delivery is %s, want skipped (no housing story)", states[itoa(b.ID)])
	}
}

// TestReadersWhoLeaveGetNoWaitingMail: a reader who unsubscribes, or whose
// address the data owner removes, while the edition's mail to them waits
// its turn is not mailed it: that delivery is skipped, saying why.
func TestReadersWhoLeaveGetNoWaitingMail(t *testing.T) {
	ctx := context.Background()
	st := storetest.Open(t, "")
	if _, err := st.ImportSubscribers(ctx, []store.ImportedSubscriber{
		{Address: "left@example.org"}, {Address: "erased@example.org"}, {Address: "stays@example.org"},
	}); err != nil {
		t.Fatal(err)
	}
	fillDraft(t, st, 1, 0) // one health story, no channels: the edition's deliveries are all mail
	pub, err := st.Publish(ctx, store.Publication{Title: "T", Email: true})
	if err != nil {
		t.Fatal(err)
	}
	left, _ := st.SubscriberByAddress(ctx, "left@example.org")
	erased, _ := st.SubscriberByAddress(ctx, "erased@example.org")
	stays, _ := st.SubscriberByAddress(ctx, "stays@example.org")
	if _, err := st.UnsubscribeSubscriber(ctx, left.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := st.RemoveSubscriber(ctx, "erased@example.org"); err != nil {
		t.Fatal(err)
	}
	ds, err := st.Deliveries(ctx, pub.Edition.Edition.ID)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, d := range ds {
		got[d.ChannelID] = string(d.State) + ": " + d.Error
	}
	for id, want := range map[int64]string{left.ID: "skipped: the reader unsubscribed",
		erased.ID: "skipped: the address was removed", stays.ID: "pending: "} {
		if got[itoa(id)] != want {
			t.Errorf("reader %d's mail is %q, want %q", id, got[itoa(id)], want)
		}
	}
}

func TestBouncesStopMailAfterThreeEditionsInARow(t *testing.T) {
	ctx := context.Background()
	st := storetest.Open(t, "")
	if _, err := st.ImportSubscribers(ctx, []store.ImportedSubscriber{{Address: "gone@example.org"}}); err != nil {
		t.Fatal(err)
	}
	sub, _ := st.SubscriberByAddress(ctx, "gone@example.org")
	for i, c := range []struct {
		edition int64
		stopped bool
	}{{1, false}, {1, false}, {2, false}, {3, true}} {
		stopped, err := st.RecordBounce(ctx, sub.ID, c.edition)
		if err != nil {
			t.Fatal(err)
		}
		if stopped != c.stopped {
			t.Errorf("bounce %d (edition %d): stopped = %v, want %v", i+1, c.edition, stopped, c.stopped)
		}
	}
	again, _ := st.SubscriberByAddress(ctx, "gone@example.org")
	if again.State != store.SubscriberStopped || again.Bounces != 3 {
		t.Errorf("after three editions: %+v", again)
	}
	// A success in between starts the count again.
	if _, err := st.ImportSubscribers(ctx, []store.ImportedSubscriber{{Address: "flaky@example.org"}}); err != nil {
		t.Fatal(err)
	}
	flaky, _ := st.SubscriberByAddress(ctx, "flaky@example.org")
	st.RecordBounce(ctx, flaky.ID, 1)
	st.RecordBounce(ctx, flaky.ID, 2)
	if err := st.ClearBounces(ctx, flaky.ID); err != nil {
		t.Fatal(err)
	}
	if stopped, _ := st.RecordBounce(ctx, flaky.ID, 3); stopped {
		t.Error("stopped after a success broke the run of bounces")
	}
}

func TestImportLeavesOutReadersWhoUnsubscribed(t *testing.T) {
	ctx := context.Background()
	st := storetest.Open(t, "")
	if _, err := st.ImportSubscribers(ctx, []store.ImportedSubscriber{{Address: "left@example.org"}}); err != nil {
		t.Fatal(err)
	}
	sub, _ := st.SubscriberByAddress(ctx, "left@example.org")
	if was, err := st.UnsubscribeSubscriber(ctx, sub.ID); err != nil || !was {
		t.Fatalf("unsubscribe = %v, %v", was, err)
	}
	out, err := st.ImportSubscribers(ctx, []store.ImportedSubscriber{{Address: "LEFT@example.org"}, {Address: "new@example.org"}})
	if err != nil {
		t.Fatal(err)
	}
	if out[0] != store.LeftOutUnsubscribed || out[1] != store.Imported {
		t.Errorf("outcomes = %v", out)
	}
	if _, err := st.RemoveSubscriber(ctx, "Left@Example.org"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.SubscriberByAddress(ctx, "left@example.org"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("after remove: %v, want ErrNotFound", err)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestSubscribersImportLetsOtherWritersIn: a large list imported beside a
// running bot (another process on the file: sign-ups on the web archive,
// deliveries, editors' commands) does not hold the database for the whole
// list. 100,000 rows in one transaction held it beyond the busy timeout,
// and writes beside it failed with "database is locked"; now the other
// writer's rows land between the imported ones, and every row is imported.
func TestSubscribersImportLetsOtherWritersIn(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "news.db")
	importer := storetest.Open(t, path)
	other := storetest.Open(t, path) // its own connections, as another process has
	rows := make([]store.ImportedSubscriber, 3*store.ImportBatch)
	for i := range rows {
		rows[i].Address = fmt.Sprintf("reader%d@council.example", i)
	}
	done := make(chan error, 1)
	var outcomes []store.ImportOutcome
	go func() {
		var err error
		outcomes, err = importer.ImportSubscribers(ctx, rows)
		done <- err
	}()
	signUps := 0
	for finished := false; !finished; {
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
			finished = true
		case <-time.After(10 * time.Millisecond):
			started := time.Now()
			if _, err := other.RecordSignUp(ctx, store.SignUp{Address: fmt.Sprintf("signup%d@example.org", signUps), Window: time.Hour, PerWindow: 1}); err != nil {
				t.Fatalf("a sign-up beside the import, after %v: %v", time.Since(started).Round(time.Millisecond), err)
			}
			signUps++
		}
	}
	for i, o := range outcomes {
		if o != store.Imported {
			t.Fatalf("row %d: outcome %v", i+1, o)
		}
	}
	subs, err := other.Subscribers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(subs) != len(rows)+signUps {
		t.Fatalf("%d subscribers, want %d imported and %d signed up", len(subs), len(rows), signUps)
	}
	// Subscribers come in the order they were added: a sign-up between the
	// first and the last imported reader was written during the import.
	first, last, between := -1, -1, 0
	for i, s := range subs {
		if s.Source == "import" {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	for _, s := range subs[first : last+1] {
		if s.Source != "import" {
			between++
		}
	}
	if between == 0 {
		t.Errorf("no write of another connection got in during the import of %d rows (%d sign-ups before or after it)", len(rows), signUps)
	}
}

// TestSubscribersImportStoppedHalfWaySaysWhatItDid: an import stopped
// after its first batch (the command interrupted) keeps what it wrote and
// says how much that is; the same rows imported again add the rest.
func TestSubscribersImportStoppedHalfWaySaysWhatItDid(t *testing.T) {
	path := filepath.Join(t.TempDir(), "news.db")
	st := storetest.Open(t, path)
	watcher := storetest.Open(t, path)
	rows := make([]store.ImportedSubscriber, store.ImportBatch+5)
	for i := range rows {
		rows[i].Address = fmt.Sprintf("reader%d@council.example", i)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { // interrupted as soon as the first batch is in
		for ctx.Err() == nil {
			if n, err := watcher.SubscriberCounts(ctx); err == nil && n[store.SubscriberConfirmed] > 0 {
				cancel()
			}
			time.Sleep(2 * time.Millisecond)
		}
	}()
	_, err := st.ImportSubscribers(ctx, rows)
	var partial *store.PartialImportError
	if !errors.As(err, &partial) || partial.Done != store.ImportBatch || partial.Total != len(rows) || !errors.Is(err, context.Canceled) {
		t.Fatalf("import stopped after its first batch: %v", err)
	}
	if want := fmt.Sprintf("the first %d of %d rows were imported before it and stay imported; importing the file again adds the rest", store.ImportBatch, len(rows)); !strings.Contains(err.Error(), want) {
		t.Errorf("error %q does not say %q", err, want)
	}
	outcomes, err := st.ImportSubscribers(context.Background(), rows)
	if err != nil {
		t.Fatal(err)
	}
	counts := map[store.ImportOutcome]int{}
	for _, o := range outcomes {
		counts[o]++
	}
	if counts[store.AlreadySubscribed] != store.ImportBatch || counts[store.Imported] != 5 {
		t.Errorf("again: %v, want %d already subscribed and 5 imported", counts, store.ImportBatch)
	}
}
