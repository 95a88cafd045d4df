package web

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// acceptsGzip reports whether r's Accept-Encoding (RFC 9110 section
// 12.5.3) takes gzip: named (or as x-gzip) with a weight above zero, or
// not named and "*" is. Without the field, a client gets the page as it is.
func acceptsGzip(r *http.Request) bool {
	gzipQ, anyQ := -1.0, -1.0
	for _, item := range strings.Split(fieldList(r.Header, "Accept-Encoding"), ",") {
		coding, params, _ := strings.Cut(item, ";")
		q := 1.0
		for _, p := range strings.Split(params, ";") {
			if k, v, ok := strings.Cut(strings.TrimSpace(p), "="); ok && strings.EqualFold(strings.TrimSpace(k), "q") {
				if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
					q = f
				} else {
					q = 0 // a weight that cannot be read refuses nothing by mistake
				}
			}
		}
		switch strings.ToLower(strings.TrimSpace(coding)) {
		case "gzip", "x-gzip":
			gzipQ = q
		case "*":
			anyQ = q
		}
	}
	if gzipQ >= 0 {
		return gzipQ > 0
	}
	return anyQ > 0
}

// gzipper compresses responses, keeping its writers for the next: each
// holds some hundreds of kilobytes of state, too much to make per page.
type gzipper struct {
	writers sync.Pool // of *gzip.Writer
}

// compress is body gzip'd, at the default level: a page is compressed once
// per archive version (pageCache keeps it), so the smaller the better.
func (g *gzipper) compress(body []byte) []byte {
	var b bytes.Buffer
	b.Grow(len(body)/4 + 64)
	zw, _ := g.writers.Get().(*gzip.Writer)
	if zw == nil {
		zw = gzip.NewWriter(&b)
	} else {
		zw.Reset(&b)
	}
	// Writes to a bytes.Buffer do not fail.
	zw.Write(body)
	zw.Close()
	g.writers.Put(zw)
	return b.Bytes()
}

// varyOnEncoding adds Accept-Encoding to h's Vary: a page's bytes depend on
// it, and a shared cache must not give a gzip'd copy to a client that did
// not ask for one, or the reverse.
func varyOnEncoding(h http.Header) {
	for _, v := range h.Values("Vary") {
		for _, f := range strings.Split(v, ",") {
			if strings.EqualFold(strings.TrimSpace(f), "Accept-Encoding") {
				return
			}
		}
	}
	h.Add("Vary", "Accept-Encoding")
}

// representationETag is the ETag of the page sent to r: etag (strong,
// quoted) for the page as it is, and the same made weak for it gzip'd,
// whose bytes differ (RFC 9110 section 8.8.1). If-None-Match compares
// weakly, so either revalidates; If-Match compares strongly, so a weak
// one never passes it, as it should not for other bytes.
func representationETag(r *http.Request, etag string) string {
	if acceptsGzip(r) {
		return "W/" + etag
	}
	return etag
}
