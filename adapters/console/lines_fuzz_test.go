package console

import (
	"bytes"
	"strings"
	"testing"
)

// FuzzReadLines checks readLines against the plain reading of its input:
// split at "\n", a final "\r" dropped, the first line's byte order mark
// dropped, and a line longer than max reported by its size instead. The
// console reads whatever is piped into it (a script of commands, a
// paste), and its own loop, not bufio.Scanner, decides where lines end,
// including across its 64 KiB buffer: pad puts a long run before the
// input so that lines over the buffer are reached too.
func FuzzReadLines(f *testing.F) {
	f.Add([]byte("/shared queue\n/shared approve 1\n"), uint16(80), uint32(0))
	f.Add([]byte("\ufeffsubmit https://example.org/a\r\nqueue"), uint16(10), uint32(0))
	f.Add([]byte("\n\r\n\r\r\n"), uint16(1), uint32(0))
	f.Add([]byte("\nnext"), uint16(2000), uint32(70000))
	f.Fuzz(func(t *testing.T, in []byte, max16 uint16, pad uint32) {
		max := int(max16)
		in = append(bytes.Repeat([]byte("a"), int(pad%150000)), in...)
		var want []inputLine
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
				want = append(want, inputLine{tooLong: true, size: len(r)})
				continue
			}
			want = append(want, inputLine{text: text})
		}
		var got []inputLine
		if err := readLines(bytes.NewReader(in), max, func(l inputLine) bool {
			got = append(got, l)
			return true
		}); err != nil {
			t.Fatalf("readLines: %v", err)
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
		readLines(bytes.NewReader(in), max, func(inputLine) bool { n++; return false })
		if len(want) > 0 && n != 1 {
			t.Fatalf("emit returned false, yet %d lines were emitted", n)
		}
	})
}
