package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/delivery"
	"github.com/sharednews/sharednews/email"
	"github.com/sharednews/sharednews/email/smtptest"
	"github.com/sharednews/sharednews/store"
)

// The email bench: one edition to N readers through a local SMTP server
// (go-smtp in this process, as a relay on loopback), with the real
// delivery worker, email service, SMTP sender and SQLite ledger. Its last
// line is
//
//	readers=N total=…s floor=…s ratio=… duplicates=N missing=N resent=N
//
// where floor is (N-1)/per_second, the time the sending rate alone
// forces; duplicates are readers who received the edition under two
// different Message-IDs (what a reader would see twice), and resent counts
// mails the server accepted again under the same Message-ID: a send cut
// off by SIGKILL between the server's "250 OK" and the ledger's record,
// which mail providers show once.

// emailEnv carries the mail server and rate to the delivering child.
const emailEnv = "DELIVERYBENCH_EMAIL"

func emailConfig(db string) *config.Config {
	cfg := config.Default()
	cfg.Bot.Database = db
	cfg.Email.Enabled = true
	cfg.Email.From = "Shared News <news@bench.example>"
	cfg.Email.Insecure = true
	cfg.HTTP.PublicURL = "https://news.bench.example"
	return cfg
}

func runEmail(ctx context.Context, readers int, perSecond float64, kill bool, kills int, seed uint64, stdout, stderr io.Writer) error {
	dir, err := os.MkdirTemp("", "deliverybench-email")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	srv, err := smtptest.Start(smtptest.Options{NoTLS: true})
	if err != nil {
		return err
	}
	defer srv.Close()
	db := dir + "/bench.db"
	if err := publishEmail(ctx, emailConfig(db), 40, readers); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	opts := delivery.Options{Backoff: 100 * time.Millisecond, MaxBackoff: 2 * time.Second, MaxAttempts: 10, Lease: 5 * time.Second}
	vars := append(childVars(endpoints{DB: db}, opts), mailServer{srv.Host(), srv.Port(), perSecond}.env())
	start := time.Now()
	killed := 0
	if kill {
		exe, err := os.Executable()
		if err != nil {
			return err
		}
		plan := killPlan{Kills: kills, Min: 500 * time.Millisecond, Max: time.Duration(math.Max(1, float64(readers)/perSecond*0.8) * float64(time.Second)),
			Rand: rand.New(rand.NewPCG(seed, 3))}
		if killed, err = runChildren(ctx, exe, nil, vars, plan, stderr); err != nil {
			return err
		}
	} else {
		log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
		if err := deliverEmail(ctx, db, srv.Host(), srv.Port(), perSecond, opts, log); err != nil {
			return err
		}
	}
	total := time.Since(start)
	t, err := checkEmail(ctx, db, srv.Messages())
	if err != nil {
		return err
	}
	floor := time.Duration(float64(readers-1) / perSecond * float64(time.Second))
	fmt.Fprintf(stdout, "email: %d readers at per_second=%g over %d SMTP connections; children killed: %d\n", readers, perSecond, srv.Sessions(), killed)
	fmt.Fprintf(stdout, "check: %s\n", t)
	fmt.Fprintf(stdout, "readers=%d total=%.2fs floor=%.2fs ratio=%.3f duplicates=%d missing=%d resent=%d\n",
		t.Readers, total.Seconds(), floor.Seconds(), total.Seconds()/floor.Seconds(), t.Duplicates, t.Missing, t.Resent)
	if t.Duplicates+t.Missing+t.Undone > 0 {
		return errors.New("some readers did not get the edition exactly once")
	}
	return nil
}

// publishEmail fills a fresh database with a draft of the given number of
// stories and readers confirmed readers, and publishes it.
func publishEmail(ctx context.Context, cfg *config.Config, stories, readers int) error {
	return publishTo(ctx, cfg, stories, func(st *store.Store) error { return importReaders(ctx, st, readers) })
}

// importReaders adds n confirmed readers, reader00000@bench.example on.
func importReaders(ctx context.Context, st *store.Store, n int) error {
	rows := make([]store.ImportedSubscriber, n)
	for i := range rows {
		rows[i] = store.ImportedSubscriber{Address: fmt.Sprintf("reader%05d@bench.example", i)}
	}
	_, err := st.ImportSubscribers(ctx, rows)
	return err
}

// deliverEmail is the delivering process: the real worker, email service
// and SMTP sender.
func deliverEmail(ctx context.Context, db, host string, port int, perSecond float64, opts delivery.Options, log *slog.Logger) error {
	cfg := emailConfig(db)
	st, err := store.Open(ctx, db)
	if err != nil {
		return err
	}
	defer st.Close()
	svc, closeSender, err := emailService(ctx, st, cfg, mailServer{host, port, perSecond}, log)
	if err != nil {
		return err
	}
	defer closeSender()
	opts.Store, opts.Sectors, opts.Logger = st, cfg.DigestSectors(), log
	w, err := delivery.New(opts)
	if err != nil {
		return err
	}
	w.Add(svc)
	w.Deliver(ctx)
	return ctx.Err()
}

// mailServer is where and how fast a delivering process mails.
type mailServer struct {
	Host      string
	Port      int
	PerSecond float64
}

// env is m as emailEnv carries it to a child.
func (m mailServer) env() string {
	return fmt.Sprintf("%s=%s|%d|%g", emailEnv, m.Host, m.Port, m.PerSecond)
}

// mailServerFrom reads emailEnv's value.
func mailServerFrom(v string) (mailServer, error) {
	f := strings.Split(v, "|")
	if len(f) != 3 {
		return mailServer{}, errors.New("deliverybench child: " + emailEnv + " is not host|port|rate")
	}
	port, err1 := strconv.Atoi(f[1])
	rate, err2 := strconv.ParseFloat(f[2], 64)
	if err1 != nil || err2 != nil {
		return mailServer{}, errors.New("deliverybench child: bad " + emailEnv)
	}
	return mailServer{f[0], port, rate}, nil
}

// emailService is the email edition over st mailing through m with the
// real SMTP sender, and how to close that sender.
func emailService(ctx context.Context, st *store.Store, cfg *config.Config, m mailServer, log *slog.Logger) (*email.Service, func(), error) {
	sender, err := email.NewSMTP(email.SMTPOptions{Host: m.Host, Port: m.Port, Insecure: true, PerSecond: m.PerSecond})
	if err != nil {
		return nil, nil, err
	}
	svc, err := email.New(ctx, email.Options{Store: st, Sender: sender, Sectors: cfg.DigestSectors(), SiteName: cfg.Bot.Name,
		From: emailConfig("").Email.From, PublicURL: emailConfig("").HTTP.PublicURL, Logger: log, Location: cfg.Location()})
	if err != nil {
		sender.Close()
		return nil, nil, err
	}
	return svc, func() { sender.Close() }, nil
}

// runEmailChild delivers as the child process, from its environment.
func runEmailChild(ctx context.Context, getenv func(string) string, opts delivery.Options, db string, stderr io.Writer) error {
	m, err := mailServerFrom(getenv(emailEnv))
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	return deliverEmail(ctx, db, m.Host, m.Port, m.PerSecond, opts, log)
}

// emailTally is what the readers received compared with the ledger.
type emailTally struct {
	Readers    int
	Duplicates int // readers who got the edition under more than one Message-ID, counted once per extra ID
	Missing    int // readers who got nothing
	Resent     int // extra copies under the same Message-ID
	Undone     int // deliveries the ledger does not show delivered
}

func (t emailTally) String() string {
	return fmt.Sprintf("readers=%d duplicates=%d missing=%d resent=%d undelivered=%d", t.Readers, t.Duplicates, t.Missing, t.Resent, t.Undone)
}

// checkEmail compares the mails the server accepted with the ledger of
// the latest edition: every reader once.
func checkEmail(ctx context.Context, db string, msgs []smtptest.Message) (emailTally, error) {
	st, err := store.Open(ctx, db)
	if err != nil {
		return emailTally{}, err
	}
	defer st.Close()
	ds, err := latestLedger(ctx, st)
	if err != nil {
		return emailTally{}, err
	}
	got := map[string]map[string]int{} // address → Message-ID → copies
	for _, m := range msgs {
		h, err := m.Header()
		if err != nil {
			return emailTally{}, err
		}
		for _, to := range m.To {
			if got[to] == nil {
				got[to] = map[string]int{}
			}
			got[to][h.Get("Message-ID")]++
		}
	}
	var t emailTally
	for _, d := range ds {
		if d.Platform != store.EmailPlatform {
			continue
		}
		t.Readers++
		if d.State != store.DeliveryDelivered {
			t.Undone++
		}
		id, _ := strconv.ParseInt(d.ChannelID, 10, 64)
		sub, err := st.Subscriber(ctx, id)
		if err != nil {
			return emailTally{}, err
		}
		ids := got[sub.Address]
		if len(ids) == 0 {
			t.Missing++
		}
		if len(ids) > 1 {
			t.Duplicates += len(ids) - 1
		}
		for _, n := range ids {
			t.Resent += n - 1
		}
	}
	return t, nil
}
