package console

import (
	"bufio"
	"errors"
	"io"
	"strings"
)

// MaxLineBytes is the longest line the console runs. A command is far
// shorter (the longest text a command takes is a few thousand characters);
// a longer line is something pasted by mistake, answered and skipped.
const MaxLineBytes = 1 << 20

// inputLine is one line typed or piped into the console.
type inputLine struct {
	text string
	// tooLong is set for a line over MaxLineBytes; text is empty and
	// size is how long it was, in bytes.
	tooLong bool
	size    int
}

// readLines reads r line by line, calling emit for each until it returns
// false or the input ends. A line over max bytes is read to its end and
// dropped, keeping no more than max bytes in memory, and reported with
// tooLong: unlike bufio.Scanner, which stops for good at such a line, the
// lines after it are still read.
func readLines(r io.Reader, max int, emit func(inputLine) bool) error {
	br := bufio.NewReaderSize(r, 64<<10)
	for first := true; ; first = false {
		var (
			buf       []byte
			size      int
			over, eof bool
		)
		for {
			chunk, err := br.ReadSlice('\n')
			size += len(chunk)
			if !over {
				if len(buf)+len(chunk) > max+2 { // room for "\r\n"
					over, buf = true, nil
				} else {
					buf = append(buf, chunk...)
				}
			}
			if errors.Is(err, bufio.ErrBufferFull) {
				continue
			}
			if err == io.EOF {
				eof = true
			} else if err != nil {
				return err
			}
			break
		}
		if eof && size == 0 {
			return nil
		}
		text := strings.TrimSuffix(strings.TrimSuffix(string(buf), "\n"), "\r")
		if first {
			// A file of commands saved by a Windows editor starts with a
			// byte order mark, which would make its first command unknown.
			text = strings.TrimPrefix(text, "\ufeff")
		}
		line := inputLine{text: text}
		if over || len(text) > max {
			line = inputLine{tooLong: true, size: size}
		}
		if !emit(line) || eof {
			return nil
		}
	}
}
