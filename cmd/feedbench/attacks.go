package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/feeds/feedtest"
)

// attack is one hostile feed and the feeds.max_bytes it is polled with.
type attack struct {
	feedtest.Attack
	maxBytes int64
	// gen, when set, makes the feed just before it is served: scaled to
	// a max_bytes of up to 100 MiB, the feeds would take over a gigabyte
	// of the harness's memory all at once.
	gen func() feedtest.Attack
}

// attacks are the hostile feeds of issue 12, at full size, each small
// enough on the wire to pass feeds.max_bytes; feeds shaped to take the
// most memory the limits allow; and ordinary feeds to compare with.
func attacks() []attack {
	const mib = 1 << 20
	return []attack{
		{Attack: feedtest.Items(1000), maxBytes: 5 * mib},
		{Attack: feedtest.Nested(4_900_000), maxBytes: 5 * mib},
		{Attack: feedtest.Namespaced(850_000), maxBytes: 5 * mib},
		{Attack: feedtest.Attributes(200_000), maxBytes: 5 * mib},
		{Attack: feedtest.Items(40_000), maxBytes: 5 * mib},
		// At the largest feeds.max_bytes the configuration accepts.
		{Attack: feedtest.Nested(16_500_000), maxBytes: config.MaxFeedBytes},
		// The most tree a feed can still make within the limits.
		{Attack: feedtest.Chains(96, 49_000), maxBytes: 5 * mib},
		{Attack: feedtest.Namespaced(49_000), maxBytes: 5 * mib},
		{Attack: feedtest.Attributes(16_000), maxBytes: 5 * mib},
		{Attack: feedtest.Bulky(1000, 5_000_000), maxBytes: 5 * mib},
		// Text the XML check escapes before gofeed reads it.
		{Attack: feedtest.StrayLessThan(5_000_000), maxBytes: 5 * mib},
		// A date as long as the feed, which every layout tried copies.
		{Attack: feedtest.LongDate(5_000_000), maxBytes: 5 * mib},
		// A JSON Feed's values, each a struct to decode for three bytes
		// on the wire: over the limit, and the most within it.
		{Attack: feedtest.JSONList("attachments", "{}", false, 5_000_000), maxBytes: 5 * mib},
		{Attack: feedtest.JSONList("attachments", "{}", false, 49_000*3), maxBytes: 5 * mib},
	}
}

// attacksAt are the hostile feeds polled with feeds.max_bytes at maxBytes:
// each feed whose harm grows with its size made as large as maxBytes
// allows (just under it, so that it is read rather than cut off), and the
// feeds whose harm the element and attribute limits bound, as they are. It
// answers whether a feed within every max_bytes the configuration accepts
// parses in the memory PRODUCT.md promises.
func attacksAt(maxBytes int64) []attack {
	size := int(maxBytes) - 4<<10 // room for the framing a generator adds
	under := func(gen func(n int) feedtest.Attack, perUnit int) attack {
		return attack{maxBytes: maxBytes, gen: func() feedtest.Attack { return fitUnder(maxBytes, gen, size/perUnit) }}
	}
	return []attack{
		{Attack: feedtest.Items(1000), maxBytes: maxBytes},
		under(feedtest.Items, 100),
		under(feedtest.Nested, 1),
		under(feedtest.Namespaced, 6),
		under(feedtest.Attributes, 25),
		{Attack: feedtest.Chains(96, 49_000), maxBytes: maxBytes},
		{Attack: feedtest.Namespaced(49_000), maxBytes: maxBytes},
		{Attack: feedtest.Attributes(16_000), maxBytes: maxBytes},
		under(func(n int) feedtest.Attack { return feedtest.Bulky(1000, n) }, 1),
		under(feedtest.StrayLessThan, 1),
		under(feedtest.LongDate, 1),
		under(func(n int) feedtest.Attack { return feedtest.JSONList("attachments", "{}", false, n) }, 1),
		{Attack: feedtest.JSONList("attachments", "{}", false, 49_000*3), maxBytes: maxBytes},
	}
}

// fitUnder returns gen(n) for the largest n near the one given whose body
// is at most maxBytes: a generator's n is a count of units whose size on
// the wire it only roughly knows.
func fitUnder(maxBytes int64, gen func(n int) feedtest.Attack, n int) feedtest.Attack {
	a := gen(n)
	for int64(len(a.Body)) > maxBytes && n > 1 {
		n = max(1, int(float64(n)*float64(maxBytes)/float64(len(a.Body))*0.999))
		a = gen(n)
	}
	return a
}

// runAttacks serves each attack on loopback and polls it with a real
// `sharednews ingest` process of its own, and prints the process's peak
// resident memory (getrusage's ru_maxrss of the ingest, read by a small
// feedbench process that starts it, runMeasured; "unavailable" on systems
// that do not report it, such as Windows) and what ingest said.
// bin is the sharednews binary; "" builds ./cmd/sharednews first.
// maxBytes, when not 0, scales the feeds to it (attacksAt).
func runAttacks(ctx context.Context, bin string, maxBytes int64, out io.Writer) error {
	dir, err := os.MkdirTemp("", "feedbench-attacks-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if bin == "" {
		bin = filepath.Join(dir, "sharednews")
		build := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/sharednews")
		build.Stderr = os.Stderr
		if err := build.Run(); err != nil {
			return fmt.Errorf("build sharednews (run from the repository root, or pass -sharednews): %w", err)
		}
	}
	self, err := os.Executable()
	if err != nil {
		return fmt.Errorf("find feedbench's own binary, to measure each ingest under: %w", err)
	}
	list := attacks()
	if maxBytes > 0 {
		list = attacksAt(maxBytes)
	}
	var serving atomic.Pointer[feedtest.Attack] // the one feed being polled
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a := serving.Load()
		if a == nil || r.URL.Path != "/"+a.Name {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		w.Write(a.Body)
	}))
	defer srv.Close()

	fmt.Fprintf(out, "%-22s %9s %9s %8s  %s\n", "feed", "size_mb", "max_mb", "peak_mb", "ingest said")
	worst, measured := 0.0, true
	for i, a := range list {
		if a.gen != nil {
			a.Attack = a.gen()
		}
		serving.Store(&a.Attack)
		cfg := filepath.Join(dir, fmt.Sprintf("attack%d.toml", i))
		toml := fmt.Sprintf("[bot]\ndatabase = %q\n[feeds]\ntimeout = \"60s\"\nmax_bytes = %d\n[[feeds.source]]\nurl = %q\nname = %q\n",
			filepath.Join(dir, fmt.Sprintf("attack%d.db", i)), a.maxBytes, srv.URL+"/"+a.Name, a.Name)
		if err := os.WriteFile(cfg, []byte(toml), 0o600); err != nil {
			return err
		}
		var stdout, stderr bytes.Buffer
		peakFile := filepath.Join(dir, fmt.Sprintf("attack%d.peak", i))
		cmd := measuredCommand(ctx, self, peakFile, bin, "--config", cfg, "ingest")
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		var exit *exec.ExitError
		if err != nil && !errors.As(err, &exit) {
			return fmt.Errorf("run ingest for %s: %w", a.Name, err)
		}
		peak, ok, err := readPeak(peakFile)
		if err != nil {
			return fmt.Errorf("run ingest for %s: %w (%s)", a.Name, err, firstLine(stderr.String()))
		}
		worst, measured = max(worst, peak), measured && ok
		said := firstLine(stdout.String())
		if said == "" {
			said = firstLine(stderr.String())
		}
		fmt.Fprintf(out, "%-22s %9.1f %9.0f %8s  %s\n", a.Name, float64(len(a.Body))/(1<<20), float64(a.maxBytes)/(1<<20), megabytes(peak, ok), said)
	}
	if !measured {
		fmt.Fprintln(out, "peak memory unavailable: this system does not report a child process's peak resident memory")
	}
	fmt.Fprintf(out, "attacks=%d worst_peak_mb=%s limit_mb=150\n", len(list), megabytes(worst, measured))
	return nil
}

// readPeak reads what runMeasured wrote: a peak in KiB, as MB, or
// "unavailable".
func readPeak(path string) (mb float64, ok bool, err error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, false, fmt.Errorf("no peak memory was written: %w", err)
	}
	if string(b) == "unavailable" {
		return 0, false, nil
	}
	kib, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return 0, false, fmt.Errorf("the peak memory written, %q, is not a number", b)
	}
	return kib / 1024, true, nil
}

// megabytes prints a figure in MB, or "unavailable" where none was measured.
func megabytes(mb float64, measured bool) string {
	if !measured {
		return "unavailable"
	}
	return fmt.Sprintf("%.0f", mb)
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

// exitStatus is the exit status of the command -peak-to ran, when it is
// not 0, for feedbench to exit with.
type exitStatus int

func (e exitStatus) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

// measuredCommand is the command that runs bin with args under feedbench
// (self, its binary) -peak-to, which writes bin's peak memory to peakFile.
func measuredCommand(ctx context.Context, self, peakFile, bin string, args ...string) *exec.Cmd {
	return exec.CommandContext(ctx, self, append([]string{"-peak-to", peakFile, bin}, args...)...)
}

// runMeasured runs args as a command with this process's standard streams,
// and writes its peak resident memory in KiB to peakTo ("unavailable"
// where the system does not report it).
//
// runAttacks runs each ingest under it, rather than reading the ingest's
// own rusage, because on Linux a process's ru_maxrss counts the memory of
// the process that started it: Go starts a command with vfork, sharing
// the parent's memory until exec, and exec records that memory's peak as
// the child's (the kernel's setmax_mm_hiwater_rss in exec_mmap). The
// harness, which holds the feeds it serves (hundreds of MB at a large
// -max-bytes), would be counted as the ingest's; this small process is,
// at a few MB, below what any ingest takes.
func runMeasured(ctx context.Context, peakTo string, args []string) error {
	if len(args) == 0 {
		return errors.New("-peak-to needs a command to run after the flags")
	}
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		return fmt.Errorf("run %s: %w", args[0], err)
	}
	peak := "unavailable"
	if mb, ok := childPeakMB(cmd.ProcessState); ok {
		peak = fmt.Sprintf("%.0f", mb*1024)
	}
	if err := os.WriteFile(peakTo, []byte(peak), 0o600); err != nil {
		return fmt.Errorf("write the peak memory: %w", err)
	}
	if code := cmd.ProcessState.ExitCode(); code != 0 {
		return exitStatus(code)
	}
	return nil
}
