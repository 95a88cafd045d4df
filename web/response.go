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
func (a *Archive) secure(next http.Handler) http.Handler {
	csp := "default-src 'none'; style-src 'self' " + a.origin + "; img-src 'self'; form-action 'self' " + a.origin +
		"; base-uri 'none'; frame-ancestors 'none'"
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
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
	editions     int // published editions, numbered 1 to editions
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
	return validators{etag: `"` + hex.EncodeToString(h.Sum(nil)[:12]) + `"`, lastModified: lm.UTC().Truncate(time.Second),
		editions: v.Editions}, nil
}

// notModified reports whether r's conditions say the client's copy is
// current (RFC 9110 section 13.2.2: If-None-Match, when present, decides;
// If-Modified-Since only without it).
func notModified(r *http.Request, v validators) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		return etagListMatches(inm, v.etag)
	}
	if ims := r.Header.Get("If-Modified-Since"); ims != "" {
		t, err := http.ParseTime(ims)
		return err == nil && !v.lastModified.After(t)
	}
	return false
}

// etagListMatches compares an If-None-Match list with etag the weak way,
// as RFC 9110 asks for If-None-Match: W/"x" matches "x".
func etagListMatches(list, etag string) bool {
	for _, candidate := range strings.Split(list, ",") {
		candidate = strings.TrimSpace(candidate)
		if candidate == "*" || strings.TrimPrefix(candidate, "W/") == etag {
			return true
		}
	}
	return false
}

// revalidate answers a conditional GET or HEAD: it writes 304 and returns
// done when the client's copy is current, or an error page when the version
// cannot be read. Otherwise the caller renders and passes v to respond.
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
	var kept cachedPage
	var isKept bool
	if key := cacheKey(r); key != "" {
		kept, isKept = a.cache.get(v.etag, key)
	}
	if (isKept || exists == nil || exists(v)) && notModified(r, v) {
		a.writeValidators(w, v)
		w.WriteHeader(http.StatusNotModified)
		return v, true
	}
	if isKept {
		a.write200(w, v, kept.contentType, kept.body)
		return v, true
	}
	return v, false
}

func (a *Archive) writeValidators(w http.ResponseWriter, v validators) {
	h := w.Header()
	h.Set("ETag", v.etag)
	h.Set("Last-Modified", v.lastModified.Format(http.TimeFormat))
	// Caches may keep a page but must ask before using it: a 304 is
	// cheap, and a new edition shows at once.
	h.Set("Cache-Control", "public, no-cache")
}

// respond writes a complete 200 response with its validators, and keeps it
// for the next request of this version when the route allows. HEAD gets the
// same headers and no body (net/http drops it).
func (a *Archive) respond(w http.ResponseWriter, r *http.Request, v validators, contentType string, body []byte) {
	if key := cacheKey(r); key != "" {
		a.cache.put(v.etag, key, cachedPage{contentType: contentType, body: body})
	}
	a.write200(w, v, contentType, body)
}

func (a *Archive) write200(w http.ResponseWriter, v validators, contentType string, body []byte) {
	a.writeValidators(w, v)
	h := w.Header()
	h.Set("Content-Type", contentType)
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
