package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
)

//go:embed templates/*.html.tmpl static/style.css
var files embed.FS

// pageTemplates holds one template set per kind of page, each the shared
// layout with that page's "main". They are parsed once and only executed
// afterwards, which html/template allows from many goroutines.
type pageTemplates struct {
	edition, editions, stories, message *template.Template
	subscribe, action                   *template.Template
}

func parsePageTemplates() (*pageTemplates, error) {
	parse := func(page string) (*template.Template, error) {
		t, err := template.ParseFS(files, "templates/layout.html.tmpl", "templates/edition_list.html.tmpl", "templates/"+page)
		if err != nil {
			return nil, fmt.Errorf("parse page template %s: %w", page, err)
		}
		return t, nil
	}
	var p pageTemplates
	var err error
	for _, t := range []struct {
		dst  **template.Template
		name string
	}{
		{&p.edition, "edition.html.tmpl"},
		{&p.editions, "editions.html.tmpl"},
		{&p.stories, "stories.html.tmpl"},
		{&p.message, "message.html.tmpl"},
		{&p.subscribe, "subscribe.html.tmpl"},
		{&p.action, "action.html.tmpl"},
	} {
		if *t.dst, err = parse(t.name); err != nil {
			return nil, err
		}
	}
	return &p, nil
}

// execute renders a page with the layout, into a buffer sized for it at
// once: an edition's page is as long as the edition.
func (p *pageTemplates) execute(t *template.Template, data layout) ([]byte, error) {
	size := 16 << 10 // the layout, with room to spare
	if page, ok := data.Main.(editionPage); ok {
		if body, ok := page.Body.(template.HTML); ok {
			size += len(body)
		}
	}
	var b bytes.Buffer
	b.Grow(size)
	if err := t.ExecuteTemplate(&b, "layout.html.tmpl", data); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// stylesheetPath is where the one stylesheet is served; pages link it with
// its hash in the query, so browsers may keep it for a year.
const stylesheetPath = "/style.css"

type stylesheet struct {
	body []byte
	hash string
	// gzip is body gzipped, for readers who take it.
	gzip []byte
}

func newStylesheet() stylesheet {
	body, err := files.ReadFile("static/style.css")
	if err != nil {
		panic(err) // embedded at build time: cannot be missing
	}
	sum := sha256.Sum256(body)
	var z gzipper
	return stylesheet{body: body, hash: hex.EncodeToString(sum[:8]), gzip: z.gzipped(body)}
}

func (a *Archive) stylesheet(w http.ResponseWriter, r *http.Request) {
	v := validators{etag: `"` + a.style.hash + `"`, gzip: acceptsGzip(r)}
	h := w.Header()
	h.Set("ETag", v.sentTag())
	h.Set("Vary", "Accept-Encoding")
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	switch precondition(r, v) {
	case notModified:
		w.WriteHeader(http.StatusNotModified)
		return
	case conditionFailed:
		a.preconditionFailed(w, r)
		return
	}
	h.Set("Content-Type", "text/css; charset=utf-8")
	body := a.style.body
	if v.gzip {
		body = a.style.gzip
		h.Set("Content-Encoding", "gzip")
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.Write(body)
}
