package feeds

import (
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// decoderCounts reads doc with encoding/xml as gofeed configures it
// (non-strict) and returns the deepest nesting and the elements and
// attributes it saw up to the end of the root element, and whether it
// read that far.
func decoderCounts(doc []byte) (depth, elements, attributes int, ok bool) {
	d := xml.NewDecoder(bytes.NewReader(doc))
	d.Strict = false
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	open := 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return depth, elements, attributes, open == 0
		}
		if err != nil {
			return depth, elements, attributes, false
		}
		switch t := tok.(type) {
		case xml.StartElement:
			open++
			depth = max(depth, open)
			elements++
			attributes += len(t.Attr)
		case xml.EndElement:
			open--
			if open == 0 {
				// The root element's end, where checkXML stops: what
				// follows is not the feed's. A mismatched end tag the
				// decoder closed the root for fails at the next token.
				_, err := d.Token()
				return depth, elements, attributes, err == nil || err == io.EOF
			}
		}
	}
}

// FuzzCheckXMLAgreesWithDecoder: wherever encoding/xml reads a document to
// its end without an error, checkXML counts the same elements and
// attributes and refuses it exactly when a limit is passed; its outline is
// what gofeed will read. The corpus is the shared test feeds and the seeds
// in testdata/fuzz/FuzzCheckXMLAgreesWithDecoder.
func FuzzCheckXMLAgreesWithDecoder(f *testing.F) {
	entries, _ := os.ReadDir(testdataDir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".xml") || strings.HasSuffix(e.Name(), ".rdf") {
			if b, err := os.ReadFile(filepath.Join(testdataDir, e.Name())); err == nil {
				f.Add(b)
			}
		}
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		doc = toUTF8(doc, "")
		depth, elements, attributes, ok := decoderCounts(doc)
		if !ok || bytes.Count(doc, []byte("<item"))+bytes.Count(doc, []byte("<entry")) > MaxEntries {
			return // unreadable, or more entries than are read
		}
		out, err := checkXML(doc)
		over := depth > maxDepth || elements > maxElements || attributes > maxAttributes
		if over != (err != nil) {
			t.Fatalf("decoder: depth %d, %d elements, %d attributes; checkXML: %v", depth, elements, attributes, err)
		}
		if err != nil || !bytes.Equal(out.body, doc) {
			return // refused, or cut after MaxEntries entries
		}
		// Within the limits, the counts are the same.
		var sc xmlScan
		sc.b = doc
		var o xmlOutline
		if err := sc.run(&o); err != nil {
			t.Fatalf("a document the decoder reads: %v", err)
		}
		if sc.elements != elements || sc.attributes != attributes {
			t.Fatalf("decoder: %d elements, %d attributes; checkXML: %d, %d", elements, attributes, sc.elements, sc.attributes)
		}
	})
}

func TestCheckXMLCountsAsTheDecoder(t *testing.T) {
	for _, doc := range []string{
		`<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "<b>"> <!-- <c> -->]><rss a=b c><channel/><x:y z='>'/></rss>`,
		`<rss><![CDATA[<not><elements>]]><!-- <nor> --><?pi <these> ?><a b="1" c = '2'>text &amp; &nbsp;</a></rss>`,
		`<feed><entry><title type="html">x</title></entry><entry/></feed>`,
		`<rss><p>unclosed <br> inside</p></rss>`,
		// The byte after "<!" belongs to the directive before quotes
		// and brackets count: neither opens a quote nor nests here.
		`<!"><rss><a b="1"/></rss>`,
		`<!'x><rss><a/></rss>`,
		`<!><a>><rss><a/></rss>`,
	} {
		depth, elements, attributes, ok := decoderCounts([]byte(doc))
		var sc xmlScan
		sc.b = []byte(doc)
		var o xmlOutline
		err := sc.run(&o)
		if !ok || err != nil || sc.elements != elements || sc.attributes != attributes || depth > maxDepth {
			t.Errorf("%s: decoder %d elements %d attributes (ok %v); scan %d, %d, %v", doc, elements, attributes, ok, sc.elements, sc.attributes, err)
		}
	}
}

// TestStrayLessThanIsBounded: a few "<"s a feed forgot to escape are
// escaped; a document of them, which escaping would make four times
// longer, is left for the parser to refuse with its reason.
func TestStrayLessThanIsBounded(t *testing.T) {
	doc := func(n int) []byte {
		return []byte(`<rss version="2.0"><channel><item><title>` + strings.Repeat("< ", n) + `</title><link>https://x.example/1</link></item></channel></rss>`)
	}
	out, err := checkXML(doc(maxStray))
	if err != nil || !bytes.Contains(out.body, []byte("&lt; &lt;")) || bytes.Contains(out.body, []byte("< <")) {
		t.Errorf("%d stray '<': %v, escaped %v", maxStray, err, bytes.Contains(out.body, []byte("&lt;")))
	}
	over := doc(maxStray + 1)
	out, err = checkXML(over)
	if err != nil || !bytes.Equal(out.body, over) {
		t.Errorf("%d stray '<': %v, the document changed: %v", maxStray+1, err, !bytes.Equal(out.body, over))
	}
	if _, err := parseFeed(over, "", nil); err == nil || !strings.Contains(err.Error(), "invalid XML") {
		t.Errorf("%d stray '<' read: %v", maxStray+1, err)
	}
}
