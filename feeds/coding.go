package feeds

import (
	"bufio"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"strings"
)

// acceptCodings are the content codings (RFC 9110 section 8.4.1) a feed
// request asks for: the ones contentDecoder reads. Asking ourselves, rather
// than leaving it to net/http (which asks for gzip alone), lets a server's
// deflate be read too.
const acceptCodings = "gzip, deflate"

// codingError says a server applied a content coding that cannot be read.
type codingError struct{ coding string }

func (e *codingError) Error() string {
	return fmt.Sprintf("the server compressed the feed as %q, which was not asked for and cannot be read", e.coding)
}

// maxCodings is how many decoders a response may stack: each costs a
// buffer and a level of recursion at the first Read, and a header of
// "gzip, gzip, …" can name hundreds of thousands (curl refuses more than
// five, after CVE-2022-32206). Servers apply one.
const maxCodings = 5

// tooManyCodingsError says a response names more codings than are read.
type tooManyCodingsError struct{ n int }

func (e *tooManyCodingsError) Error() string {
	return fmt.Sprintf("the server compressed the feed %d times over, which cannot be read", e.n)
}

// damagedError says a compressed body does not decompress.
type damagedError struct {
	coding string
	err    error
}

func (e *damagedError) Error() string { return e.coding + ": " + e.err.Error() }
func (e *damagedError) Unwrap() error { return e.err }

// contentDecoder returns body with the codings listed in a Content-Encoding
// header undone, the last applied first. "identity" and x-gzip (gzip's old
// name) are understood; deflate is read in the zlib form RFC 9110 names
// and in the raw form some servers send instead. A registered coding that
// is not read (IANA's HTTP Content Coding Registry) is an error; any other
// word is no coding at all. More than maxCodings codings is an error.
func contentDecoder(body io.Reader, contentEncoding string) (io.Reader, error) {
	codings := strings.Split(contentEncoding, ",")
	if applied := compressions(contentEncoding); applied > maxCodings {
		return nil, &tooManyCodingsError{n: applied}
	}
	for i := len(codings) - 1; i >= 0; i-- {
		coding := strings.ToLower(strings.TrimSpace(codings[i]))
		switch coding {
		case "", "identity":
		case "gzip", "x-gzip":
			body = gunzipped(body)
		case "deflate":
			body = &lazyDecoder{coding: "deflate", src: body, open: openDeflate}
		case "aes128gcm", "br", "compress", "x-compress", "dcb", "dcz", "exi", "pack200-gzip", "zstd":
			return nil, &codingError{coding: coding}
		default:
			// Not a coding (servers send "none", "utf-8", "binary"):
			// read as sent, as browsers do.
		}
	}
	return body, nil
}

// compressions counts the codings in a Content-Encoding header that
// contentDecoder undoes.
func compressions(contentEncoding string) int {
	applied := 0
	for c := range strings.SplitSeq(contentEncoding, ",") {
		switch strings.ToLower(strings.TrimSpace(c)) {
		case "gzip", "x-gzip", "deflate":
			applied++
		}
	}
	return applied
}

// gunzipped returns body read as gzip data, marked damaged where it is
// not.
func gunzipped(body io.Reader) io.Reader {
	return &lazyDecoder{coding: "gzip", src: body, open: func(r io.Reader) (io.Reader, error) { return gzip.NewReader(r) }}
}

// isGzipData reports whether b starts as gzip data does (RFC 1952: the
// bytes 1F 8B, then 8 for deflate, the one method defined).
func isGzipData(b []byte) bool {
	return len(b) >= 3 && b[0] == 0x1f && b[1] == 0x8b && b[2] == 8
}

// openDeflate reads deflate data with or without its zlib wrapper, told
// apart by the zlib header (RFC 1950: method 8, and a check value that
// makes the first two bytes a multiple of 31).
func openDeflate(r io.Reader) (io.Reader, error) {
	br := bufio.NewReader(r)
	head, err := br.Peek(2)
	if err != nil && len(head) < 2 {
		if errors.Is(err, io.EOF) && len(head) == 0 {
			return br, nil // nothing at all
		}
		return nil, err
	}
	if head[0]&0x0f == 8 && (uint16(head[0])<<8|uint16(head[1]))%31 == 0 {
		return zlib.NewReader(br)
	}
	return flate.NewReader(br), nil
}

// lazyDecoder opens its decoder at the first Read, so that reading the
// header is bounded by the same deadline and limits as the rest of the
// body, and marks data that does not decompress as damaged.
type lazyDecoder struct {
	coding string
	src    io.Reader
	open   func(io.Reader) (io.Reader, error)
	r      io.Reader
	in     *endReader
}

func (d *lazyDecoder) Read(p []byte) (int, error) {
	if d.r == nil {
		d.in = &endReader{r: d.src}
		r, err := d.open(d.in)
		if errors.Is(err, io.EOF) {
			return 0, io.EOF // an empty body, compressed or not
		}
		if err != nil {
			return 0, d.damaged(err)
		}
		d.r = r
	}
	n, err := d.r.Read(p)
	return n, d.damaged(err)
}

// damaged marks err as damaged compressed data when it is the decoder's
// complaint, not the connection's.
func (d *lazyDecoder) damaged(err error) error {
	var corrupt flate.CorruptInputError
	switch {
	case errors.Is(err, gzip.ErrHeader), errors.Is(err, gzip.ErrChecksum),
		errors.Is(err, zlib.ErrHeader), errors.Is(err, zlib.ErrChecksum), errors.Is(err, zlib.ErrDictionary),
		errors.As(err, &corrupt):
		return &damagedError{coding: d.coding, err: err}
	case errors.Is(err, io.ErrUnexpectedEOF) && d.in != nil && d.in.ended:
		// The decoder wanted more, but the body it reads ended as it
		// should (a whole Content-Length, a chunked body's last chunk):
		// the server compressed a feed cut short, and "closed the
		// connection" would send the operator to look at the network. A
		// connection that did close early ends the body with
		// io.ErrUnexpectedEOF, not io.EOF, and stays the connection's.
		return &damagedError{coding: d.coding, err: err}
	}
	return err
}

// endReader tells whether the reader under a decoder ended cleanly, with
// io.EOF, rather than with an error of its own.
type endReader struct {
	r     io.Reader
	ended bool
}

func (e *endReader) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	if err == io.EOF { // exactly io.EOF, as io.Reader's contract says
		e.ended = true
	}
	return n, err
}
