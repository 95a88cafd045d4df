package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// secure adds the headers every archive response carries. The pages run no
// script and load nothing but their own stylesheet, and the policy says so
// to the browser: an injected tag could do nothing.
//
// An archive whose public URL is https also has browsers come back over
// https only, for a year (Strict-Transport-Security, which the NCSC asks
// of a public body's sites): a reader's next visit, typed without the
// scheme, then never goes over plain http, where a network in between
// could rewrite a page or the sign-up form. Subdomains are the council's
// other sites, which this one cannot speak for. Over plain http a
// browser ignores the header, and an archive at an http address sends
// none.
func (a *Archive) secure(next http.Handler) http.Handler {
	csp := "default-src 'none'; style-src 'self' " + a.origin + "; img-src 'self'; form-action 'self' " + a.origin +
		"; base-uri 'none'; frame-ancestors 'none'"
	httpsOnly := strings.HasPrefix(a.origin, "https://")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		if httpsOnly {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("X-Frame-Options", "DENY")
		next.ServeHTTP(w, r)
	})
}

// validators are a response's ETag and Last-Modified.
type validators struct {
	etag         string // quoted, strong
	lastModified time.Time
	// changed is when the archive last changed, to the second;
	// lastModified is the second before while that second lasts.
	changed  time.Time
	editions int // published editions, numbered 1 to editions
	// gzip: the reader takes gzip (acceptsGzip), so the page is sent
	// compressed, under gzipTag(etag).
	gzip bool
}

// sentTag is the ETag of the page as v's reader is sent it.
func (v validators) sentTag() string {
	if v.gzip {
		return gzipTag(v.etag)
	}
	return v.etag
}

// archiveValidators reads the archive's version: every public page is a
// function of the published editions and the fingerprint, so one version
// validates them all, and one small query answers a conditional request.
func (a *Archive) archiveValidators(ctx context.Context) (validators, error) {
	v, err := a.store.ArchiveVersion(ctx)
	if err != nil {
		return validators{}, err
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%d\x00%d\x00%d", a.fingerprint, v.Editions, v.Changes, v.ChangedAt.Unix())
	lm := a.started
	if v.ChangedAt.After(lm) {
		lm = v.ChangedAt
	}
	// An edition dated ahead of the clock (imported so) must not date the
	// pages in the future: RFC 9110 section 8.8.2.1 has the time replaced
	// by the message's own.
	now := a.now()
	if lm.After(now) {
		lm = now
	}
	changed := lm.UTC().Truncate(time.Second)
	// Last-Modified counts whole seconds, so a copy made in the second of
	// the last change would name the same second as a change later in it,
	// and a reader revalidating with If-Modified-Since alone would be told
	// 304 until some other change. Until that second is over, the pages
	// date from the second before: such a copy is sent again in full once
	// it is, and only the copies made after it are answered 304.
	sent := changed
	if now.UTC().Truncate(time.Second).Equal(changed) {
		sent = changed.Add(-time.Second)
	}
	return validators{etag: `"` + hex.EncodeToString(h.Sum(nil)[:12]) + `"`, lastModified: sent, changed: changed,
		editions: v.Editions}, nil
}

// Outcomes of a request's conditions (precondition).
const (
	conditionsPass  = iota // answer in full
	notModified            // 304: the client's copy is current
	conditionFailed        // 412
)

// precondition evaluates r's conditions against v in the order of RFC 9110
// section 13.2.2: If-Match (strong comparison), or without it
// If-Unmodified-Since, fails the request with 412; then If-None-Match
// (weak comparison), or without it If-Modified-Since, answers 304 when the
// client's copy is current. v.lastModified zero means none was sent.
func precondition(r *http.Request, v validators) int {
	if im := fieldList(r.Header, "If-Match"); im != "" {
		if !etagListMatches(im, v.sentTag(), false) {
			return conditionFailed
		}
	} else if ius := r.Header.Get("If-Unmodified-Since"); ius != "" && !v.lastModified.IsZero() {
		if t, err := http.ParseTime(ius); err == nil && v.lastModified.After(t) {
			return conditionFailed
		}
	}
	if inm := fieldList(r.Header, "If-None-Match"); inm != "" {
		if etagListMatches(inm, v.sentTag(), true) {
			return notModified
		}
		return conditionsPass
	}
	if ims := r.Header.Get("If-Modified-Since"); ims != "" && !v.lastModified.IsZero() {
		if t, err := http.ParseTime(ims); err == nil && !v.lastModified.After(t) {
			return notModified
		}
	}
	return conditionsPass
}

// fieldList is the list field name as one comma-separated line. A client
// or proxy may send a list over several field lines, which RFC 9110
// section 5.3 makes the same as one line joined with commas; Header.Get
// would read only the first.
func fieldList(h http.Header, name string) string {
	return strings.Join(h.Values(name), ",")
}

// etagListMatches compares an If-Match or If-None-Match list with etag:
// the weak way for If-None-Match (W/"x" matches "x"), the strong way for
// If-Match (a weak tag matches nothing), as RFC 9110 section 8.8.3.2 says.
func etagListMatches(list, etag string, weak bool) bool {
	for _, candidate := range strings.Split(list, ",") {
		candidate = strings.TrimSpace(candidate)
		if weak {
			candidate = strings.TrimPrefix(candidate, "W/")
		}
		if candidate == "*" || candidate == etag {
			return true
		}
	}
	return false
}

// answerConditions writes the answer r's conditions call for, a 304 or a
// 412, and returns true; or returns false when the request is to be
// answered in full.
func (a *Archive) answerConditions(w http.ResponseWriter, r *http.Request, v validators) bool {
	switch precondition(r, v) {
	case notModified:
		a.writeValidators(w, v)
		w.WriteHeader(http.StatusNotModified)
		return true
	case conditionFailed:
		a.preconditionFailed(w, r)
		return true
	}
	return false
}

func (a *Archive) preconditionFailed(w http.ResponseWriter, r *http.Request) {
	a.errorPage(w, r, http.StatusPreconditionFailed, layout{Site: a.site, Title: "Changed · " + a.name},
		message{Heading: "This page has changed", Text: "The page is no longer the one your request was made for. Load it again.",
			Links: a.wayBack()})
}

// revalidate answers a conditional GET or HEAD: it writes 304 and returns
// done when the client's copy is current, 412 when a condition fails, or
// an error page when the version cannot be read. Otherwise the caller
// renders and passes v to respond.
//
// exists says whether the address names a page in version v (nil: it
// always does); it may say no when unsure, which costs a rendering. An
// address that names none is a 404 whatever the request's conditions:
// RFC 9110 section 13.2.1 has a server ignore them when the answer
// without them would not be a 2xx. A page kept for this version was a
// 200, so it exists.
func (a *Archive) revalidate(w http.ResponseWriter, r *http.Request, exists func(validators) bool) (v validators, done bool) {
	v, err := a.archiveValidators(r.Context())
	if err != nil {
		a.serverError(w, r, "read the archive version", err)
		return validators{}, true
	}
	v.gzip = acceptsGzip(r)
	var kept cachedPage
	var isKept bool
	if key := cacheKey(r); key != "" {
		kept, isKept = a.cache.get(v.etag, key)
	}
	if (isKept || exists == nil || exists(v)) && a.answerConditions(w, r, v) {
		return v, true
	}
	if isKept {
		if v.gzip && kept.gzip == nil {
			// Kept for a reader who did not take gzip: compressed once,
			// for this reader and the next.
			kept.gzip = a.zipper.gzipped(kept.body)
			a.cache.put(v.etag, cacheKey(r), kept)
		}
		a.write200(w, v, kept)
		return v, true
	}
	return v, false
}

func (a *Archive) writeValidators(w http.ResponseWriter, v validators) {
	h := w.Header()
	h.Set("ETag", v.sentTag())
	h.Set("Last-Modified", v.lastModified.Format(http.TimeFormat))
	// A cache between keeps the page as each encoding sends it apart.
	h.Set("Vary", "Accept-Encoding")
	// Caches may keep a page but must ask before using it: a 304 is
	// cheap, and a new edition shows at once.
	h.Set("Cache-Control", "public, no-cache")
}

// respond writes a complete 200 response with its validators, and keeps it
// for the next request of this version when the route allows. HEAD gets the
// same headers and no body (net/http drops it).
func (a *Archive) respond(w http.ResponseWriter, r *http.Request, v validators, contentType string, body []byte) {
	p := cachedPage{contentType: contentType, body: body}
	if v.gzip {
		p.gzip = a.zipper.gzipped(body)
	}
	if key := cacheKey(r); key != "" {
		a.cache.put(v.etag, key, p)
	}
	a.write200(w, v, p)
}

// write200 sends p, gzipped when v says the reader takes gzip (p.gzip is
// then set).
func (a *Archive) write200(w http.ResponseWriter, v validators, p cachedPage) {
	a.writeValidators(w, v)
	h := w.Header()
	h.Set("Content-Type", p.contentType)
	body := p.body
	if v.gzip {
		body = p.gzip
		h.Set("Content-Encoding", "gzip")
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	w.Write(body)
}

// writeError writes a page that is not a 200: never cached, never validated.
func writeError(w http.ResponseWriter, status int, body []byte) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(body)
}

// redirect sends a permanent redirect to the canonical address of a page.
func redirect(w http.ResponseWriter, r *http.Request, to string) {
	w.Header().Set("Cache-Control", "public, max-age=86400")
	http.Redirect(w, r, to, http.StatusMovedPermanently)
}
