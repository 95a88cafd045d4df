package lines

import (
	"bytes"
	"strings"
	"testing"
)

// FuzzRead checks Read against the plain reading of its input:
// split at "\n", a final "\r" dropped, the first line's byte order mark
// dropped, and a line longer than max reported by its size instead. The
// console reads whatever is piped into it (a script of commands, a
// paste), and Read's own loop, not bufio.Scanner, decides where lines end,
// including across its 64 KiB buffer: pad puts a long run before the
// input so that lines over the buffer are reached too.
func FuzzRead(f *testing.F) {
	f.Add([]byte("/shared queue\n/shared approve 1\n"), uint16(80), uint32(0))
	f.Add([]byte("\ufeffsubmit https://example.org/a\r\nqueue"), uint16(10), uint32(0))
	f.Add([]byte("\n\r\n\r\r\n"), uint16(1), uint32(0))
	f.Add([]byte("\nnext"), uint16(2000), uint32(70000))
	f.Fuzz(func(t *testing.T, in []byte, max16 uint16, pad uint32) {
		max := int(max16)
		in = append(bytes.Repeat([]byte("a"), int(pad%150000)), in...)
		var want []Line
		raw := strings.SplitAfter(string(in), "\n")
		if raw[len(raw)-1] == "" {
			raw = raw[:len(raw)-1]
		}
		for i, r := range raw {
			text := strings.TrimSuffix(strings.TrimSuffix(r, "\n"), "\r")
			if i == 0 {
				text = strings.TrimPrefix(text, "\ufeff")
			}
			// Beyond max+2 bytes ("\r\n" aside) nothing more is kept, so
			// the byte order mark counts against the limit there.
			if len(r) > max+2 || len(text) > max {
				want = append(want, Line{TooLong: true, Size: len(r)})
				continue
			}
			want = append(want, Line{Text: text})
		}
		var got []Line
		if err := Read(bytes.NewReader(in), max, func(l Line) bool {
			got = append(got, l)
			return true
		}); err != nil {
			t.Fatalf("Read: %v", err)
		}
		if len(got) != len(want) {
			t.Fatalf("%d lines read, want %d", len(got), len(want))
		}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("line %d = %+.80v, want %+.80v", i+1, got[i], want[i])
			}
		}
		// Stopping after the first line reads no further.
		n := 0
		Read(bytes.NewReader(in), max, func(Line) bool { n++; return false })
		if len(want) > 0 && n != 1 {
			t.Fatalf("emit returned false, yet %d lines were emitted", n)
		}
	})
}
