package feeds

import (
	"bytes"
	"testing"
)

// TestDropControlBytes: the controls XML forbids go, and nothing else
// does, whatever the bytes around them (multi-byte characters, invalid
// UTF-8).
func TestDropControlBytes(t *testing.T) {
	for _, in := range []string{"", "plain text", "tab\tnl\ncr\r", "a\x00b\x01c\x1fd", "\x0b<rss>\x0c", "é\x01ü€\x02", "bad\xff\x01\xfe", "\x7f\x80\x9f"} {
		var want []byte
		for _, c := range []byte(in) {
			if c >= 0x20 || c == '\t' || c == '\n' || c == '\r' {
				want = append(want, c)
			}
		}
		if got := dropControlBytes([]byte(in)); !bytes.Equal(got, want) {
			t.Errorf("dropControlBytes(%q) = %q, want %q", in, got, want)
		}
	}
}
