package feeds

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestDropControlBytes: the controls XML forbids go, and nothing else
// does, whatever the bytes around them (multi-byte characters, invalid
// UTF-8).
func TestDropControlBytes(t *testing.T) {
	ins := []string{"", "plain text", "tab\tnl\ncr\r", "a\x00b\x01c\x1fd", "\x0b<rss>\x0c", "é\x01ü€\x02", "bad\xff\x01\xfe", "\x7f\x80\x9f"}
	// Each byte below 0x21 in every place of longer text, which is
	// looked at eight bytes at a time, with a newline or none before it.
	const text = "<item><title>Council news</title>"
	for c := range 0x21 {
		for p := range 20 {
			ins = append(ins, text[:p]+string(rune(c))+text[p:], text[:p]+"\n"+text[p:p+3]+string(rune(c))+text[p+3:])
		}
	}
	for _, in := range ins {
		var want []byte
		for _, c := range []byte(in) {
			if c >= 0x20 || c == '\t' || c == '\n' || c == '\r' {
				want = append(want, c)
			}
		}
		if got := dropControlBytes([]byte(in)); !bytes.Equal(got, want) {
			t.Errorf("dropControlBytes(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzDropForbiddenCharacters: whatever the text, once the characters XML
// forbids are dropped, encoding/xml (which gofeed reads with) finds no
// illegal character in it, written as itself or as a reference.
func FuzzDropForbiddenCharacters(f *testing.F) {
	for _, s := range []string{"plain", "a\uFFFFb\uFFFE", "&#1;&#x0;&#65535;&#xFFFE;&#xfffe;", "&#55357;&#56832;", "&#xD83D;&#xDE00;&#xD800;",
		"&#9;&#10;&#13;&#32;", "&#X1;&#x;&#;&#1", "&#0000000000000000001;", "&#x110000;&#99999999999999999999;", "\xef\xbf"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) || strings.ContainsAny(s, "<\x00") {
			return
		}
		doc := dropForbiddenCharacters(dropControlBytes([]byte("<a>" + s + "</a>")))
		d := xml.NewDecoder(bytes.NewReader(doc))
		d.Strict = false
		for {
			_, err := d.Token()
			if err == nil {
				continue
			}
			if strings.Contains(err.Error(), "illegal character") {
				t.Fatalf("%q: %v", doc, err)
			}
			return
		}
	})
}
