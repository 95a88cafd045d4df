package store

import (
	"context"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/sharednews/sharednews/digest"
)

// benchReaders is the email list BenchmarkPublishEmail publishes to: a
// large council's residents' newsletter.
const benchReaders = 250_000

// BenchmarkPublishEmail publishes a one-story edition by email to
// benchReaders confirmed readers in a real SQLite file, and reports
// publish-ms, the whole Publish, and wait-ms, how long a member's
// submission started just after it waited for the write lock.
func BenchmarkPublishEmail(b *testing.B) {
	ctx := context.Background()
	var publish, wait time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		s := openTestAt(b, filepath.Join(b.TempDir(), "bench.db"))
		st, err := s.Submit(ctx, Submission{Story: benchStory("https://example.org/one"), Limit: 10})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.Approve(ctx, Decision{StoryID: st.ID, By: ed}); err != nil {
			b.Fatal(err)
		}
		if _, err := s.db.ExecContext(ctx, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
			INSERT INTO subscribers (address, address_key, state, unsubscribe_key, created_at, confirmed_at, updated_at)
			SELECT 'reader' || i || '@bench.example', 'reader' || i || '@bench.example', 'confirmed', 'k' || i, 1, 1, 1 FROM n`,
			benchReaders); err != nil {
			b.Fatal(err)
		}
		waited := make(chan time.Duration, 1)
		b.StartTimer()
		start := time.Now()
		go func() {
			// A member submits while the edition is being published.
			time.Sleep(50 * time.Millisecond)
			at := time.Now()
			_, err := s.Submit(ctx, Submission{Story: benchStory("https://example.org/two-" + strconv.Itoa(i)), Limit: 10})
			if err != nil {
				b.Errorf("a submission during the publication, after %s: %v", time.Since(at).Round(time.Millisecond), err)
			}
			waited <- time.Since(at)
		}()
		pub, err := s.Publish(ctx, Publication{Title: "T", Email: true})
		publish += time.Since(start)
		wait += <-waited
		b.StopTimer()
		if err != nil {
			b.Fatal(err)
		}
		if len(pub.Deliveries) != benchReaders {
			b.Fatalf("%d deliveries, want %d", len(pub.Deliveries), benchReaders)
		}
	}
	b.ReportMetric(float64(publish.Milliseconds())/float64(b.N), "publish-ms")
	b.ReportMetric(float64(wait.Milliseconds())/float64(b.N), "wait-ms")
}

func benchStory(url string) digest.Story {
	return digest.Story{URL: url, Headline: "Headline of " + url, Sector: "health", Submitter: ana}
}
