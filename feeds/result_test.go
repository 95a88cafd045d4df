package feeds

import (
	"context"
	"fmt"
	"net"
	"testing"
)

// TestResultUnreachable: a feed whose host was not found, or to which no
// connection was made, was not reached; one that answered, whatever it
// answered and however late, was.
func TestResultUnreachable(t *testing.T) {
	for _, tc := range []struct {
		name string
		r    Result
		want bool
	}{
		{"host not found", Result{Status: StatusFailed, Err: &FetchError{Reason: "the host x was not found", Err: &net.DNSError{Name: "x", IsNotFound: true}}}, true},
		{"no connection", Result{Status: StatusFailed, Err: &FetchError{Err: fmt.Errorf("get: %w", &net.OpError{Op: "dial", Net: "tcp"})}}, true},
		{"no connection in time", Result{Status: StatusFailed, Err: &FetchError{Err: &net.OpError{Op: "dial", Net: "tcp", Err: context.DeadlineExceeded}}}, true},
		{"no answer in time", Result{Status: StatusFailed, Err: &FetchError{Err: fmt.Errorf("read the feed: %w", context.DeadlineExceeded)}}, false},
		{"connection reset while reading", Result{Status: StatusFailed, Err: &FetchError{Err: &net.OpError{Op: "read", Net: "tcp"}}}, false},
		{"answered 404", Result{Status: StatusFailed, Err: &FetchError{Reason: "the server answered HTTP 404 Not Found"}}, false},
		{"fetched", Result{Status: StatusFetched}, false},
	} {
		if got := tc.r.Unreachable(); got != tc.want {
			t.Errorf("%s: Unreachable() = %v, want %v", tc.name, got, tc.want)
		}
	}
}
