package web

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// acceptsGzip reports whether r's Accept-Encoding takes gzip: named (or its
// old name x-gzip), or covered by "*" without being named, with a weight
// above 0 (RFC 9110 section 12.5.3). A weight that cannot be read takes
// nothing, so a mistaken header is answered with the page as it is, which
// every client reads.
func acceptsGzip(r *http.Request) bool {
	named, star := false, false
	var gzipQ, starQ bool
	for _, field := range r.Header.Values("Accept-Encoding") {
		for item := range strings.SplitSeq(field, ",") {
			coding, params, _ := strings.Cut(item, ";")
			coding = strings.ToLower(strings.TrimSpace(coding))
			switch coding {
			case "gzip", "x-gzip":
				named, gzipQ = true, gzipQ || weighted(params)
			case "*":
				star, starQ = true, starQ || weighted(params)
			}
		}
	}
	if named {
		return gzipQ
	}
	return star && starQ
}

// weighted reports whether a coding's parameters give it a weight above 0:
// none means 1.
func weighted(params string) bool {
	for p := range strings.SplitSeq(params, ";") {
		name, value, _ := strings.Cut(p, "=")
		if !strings.EqualFold(strings.TrimSpace(name), "q") {
			continue
		}
		q, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
		return err == nil && q > 0 && q <= 1
	}
	return true
}

// gzipTag is the ETag of the gzipped page whose plain page has etag: a
// strong ETag names one sequence of bytes, and the two are different ones.
func gzipTag(etag string) string {
	return strings.TrimSuffix(etag, `"`) + `-gzip"`
}

// gzipper compresses pages, reusing its writers: each holds some 800 KB
// of compressor state, which a search's page (compressed for every reader,
// as it is not kept) would otherwise allocate every time.
type gzipper struct{ writers sync.Pool }

// gzipped compresses a page. The output has no name or time in its header,
// so a page compresses to the same bytes every time, as its strong ETag
// promises.
func (z *gzipper) gzipped(body []byte) []byte {
	var b bytes.Buffer
	b.Grow(len(body) / 3)
	zw, _ := z.writers.Get().(*gzip.Writer)
	if zw == nil {
		zw = gzip.NewWriter(&b)
	} else {
		zw.Reset(&b)
	}
	// Writing to memory cannot fail.
	zw.Write(body)
	zw.Close()
	z.writers.Put(zw)
	return b.Bytes()
}
