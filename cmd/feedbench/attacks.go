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
	"strings"

	"github.com/sharednews/sharednews/feeds/feedtest"
)

// attack is one hostile feed and the feeds.max_bytes it is polled with.
type attack struct {
	feedtest.Attack
	maxBytes int64
}

// attacks are the hostile feeds of issue 12, at full size, each small
// enough on the wire to pass feeds.max_bytes; feeds shaped to take the
// most memory the limits allow; and ordinary feeds to compare with.
func attacks() []attack {
	const mib = 1 << 20
	return []attack{
		{feedtest.Items(1000), 5 * mib},
		{feedtest.Nested(4_900_000), 5 * mib},
		{feedtest.Namespaced(850_000), 5 * mib},
		{feedtest.Attributes(200_000), 5 * mib},
		{feedtest.Items(40_000), 5 * mib},
		{feedtest.Nested(16_500_000), 20 * mib},
		// The most tree a feed can still make within the limits.
		{feedtest.Chains(96, 49_000), 5 * mib},
		{feedtest.Namespaced(49_000), 5 * mib},
		{feedtest.Attributes(16_000), 5 * mib},
		{feedtest.Bulky(1000, 5_000_000), 5 * mib},
		// Text the XML check escapes before gofeed reads it.
		{feedtest.StrayLessThan(5_000_000), 5 * mib},
		// A JSON Feed's values, each a struct to decode for three bytes
		// on the wire: over the limit, and the most within it.
		{feedtest.JSONList("attachments", "{}", false, 5_000_000), 5 * mib},
		{feedtest.JSONList("attachments", "{}", false, 49_000*3), 5 * mib},
	}
}

// runAttacks serves each attack on loopback and polls it with a real
// `sharednews ingest` process of its own, and prints the process's peak
// resident memory (getrusage's ru_maxrss of the child; "unavailable" on
// systems that do not report it, such as Windows) and what ingest said.
// bin is the sharednews binary; "" builds ./cmd/sharednews first.
func runAttacks(ctx context.Context, bin string, out io.Writer) error {
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
	list := attacks()
	bodies := map[string][]byte{}
	for _, a := range list {
		bodies["/"+a.Name] = a.Body
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := bodies[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		w.Write(body)
	}))
	defer srv.Close()

	fmt.Fprintf(out, "%-22s %9s %9s %8s  %s\n", "feed", "size_mb", "max_mb", "peak_mb", "ingest said")
	worst, measured := 0.0, true
	for i, a := range list {
		cfg := filepath.Join(dir, fmt.Sprintf("attack%d.toml", i))
		toml := fmt.Sprintf("[bot]\ndatabase = %q\n[feeds]\ntimeout = \"60s\"\nmax_bytes = %d\n[[feeds.source]]\nurl = %q\nname = %q\n",
			filepath.Join(dir, fmt.Sprintf("attack%d.db", i)), a.maxBytes, srv.URL+"/"+a.Name, a.Name)
		if err := os.WriteFile(cfg, []byte(toml), 0o600); err != nil {
			return err
		}
		var stdout, stderr bytes.Buffer
		cmd := exec.CommandContext(ctx, bin, "--config", cfg, "ingest")
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		var exit *exec.ExitError
		if err != nil && !errors.As(err, &exit) {
			return fmt.Errorf("run ingest for %s: %w", a.Name, err)
		}
		peak, ok := childPeakMB(cmd.ProcessState)
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
