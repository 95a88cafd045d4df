// Package lines reads text line by line in bounded memory, however long a
// line is: the console's input (a script of commands, or a paste), where a
// line too long to be a command is reported and skipped, and the lines
// after it still read.
package lines

import (
	"bufio"
	"errors"
	"io"
	"strings"
)

// Line is one line read.
type Line struct {
	Text string
	// TooLong is set for a line over the most Read keeps; Text is then
	// empty and Size is how long the line was, in bytes.
	TooLong bool
	Size    int
}

// Read reads r line by line, calling emit for each until it returns
// false or the input ends. A line ends at "\n", its final "\r" dropped,
// and the first line loses a byte order mark. A line over max bytes is
// read to its end and dropped, keeping no more than max bytes in memory,
// and reported with TooLong: unlike bufio.Scanner, which stops for good at
// such a line, the lines after it are still read.
func Read(r io.Reader, max int, emit func(Line) bool) error {
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
		line := Line{Text: text}
		if over || len(text) > max {
			line = Line{TooLong: true, Size: size}
		}
		if !emit(line) || eof {
			return nil
		}
	}
}
