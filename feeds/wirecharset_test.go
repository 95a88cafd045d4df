package feeds

import (
	"testing"
	"unicode/utf16"
)

// utf16Bytes is s in UTF-16, big-endian or not, with a byte order mark
// or not.
func utf16Bytes(s string, bigEndian, mark bool) []byte {
	units := utf16.Encode([]rune(s))
	if mark {
		units = append([]uint16{0xFEFF}, units...)
	}
	out := make([]byte, 0, 2*len(units))
	for _, u := range units {
		if bigEndian {
			out = append(out, byte(u>>8), byte(u))
		} else {
			out = append(out, byte(u), byte(u>>8))
		}
	}
	return out
}

// TestCharsetsCouncilsSend serves feeds in the charsets, and with the
// labels, that councils' content management systems send, and reads
// the headline each story was stored with.
func TestCharsetsCouncilsSend(t *testing.T) {
	item := func(title string) string {
		return `<item><title>` + title + `</title><link>https://www.council.example/news/1</link></item>`
	}
	for _, c := range []struct {
		name, contentType string
		body              []byte
		want              string
	}{
		// RFC 7303 section 3.2: the charset of the Content-Type wins over
		// the XML declaration, for text/xml and application/xml alike.
		{"header ISO-8859-15 over a declared ISO-8859-1", "application/xml; charset=ISO-8859-15",
			rssWith("ISO-8859-1", item("Budget of \xa4200,000 agreed")), "Budget of €200,000 agreed"},
		{"text/xml header windows-1250 over a declared UTF-8", "text/xml; charset=windows-1250",
			rssWith("UTF-8", item("Dvo\xf8\xe1k Street car park reopens")), "Dvořák Street car park reopens"},
		{"no charset in the header: the declaration's ISO-8859-2", "text/xml",
			rssWith("ISO-8859-2", item("\xa3\xf3d\xbc twinning visit")), "Łódź twinning visit"},
		{"no header at all: the declaration's windows-1250", "",
			rssWith("windows-1250", item("Ma\xb3gorzata \x8cwi\xeatek joins the cabinet")), "Małgorzata Świętek joins the cabinet"},
		{"ISO-8859-15 declared, euro sign", "application/rss+xml",
			rssWith("ISO-8859-15", item("\xa45m for libraries")), "€5m for libraries"},
		{"UTF-16LE with a mark, header says ISO-8859-1", "application/xml; charset=ISO-8859-1",
			utf16Bytes(string(rssWith("UTF-16", item("Łódź and Ely share a service"))), false, true), "Łódź and Ely share a service"},
		{"UTF-16BE without a mark", "application/xml",
			utf16Bytes(string(rssWith("UTF-16BE", item("Łódź and Ely share a service"))), true, false), "Łódź and Ely share a service"},
		{"UTF-16LE without a mark, header says UTF-16LE", "application/xml; charset=utf-16le",
			utf16Bytes(string(rssWith("", item("Łódź and Ely share a service"))), false, false), "Łódź and Ely share a service"},
		{"a UTF-8 mark before a Latin-1 declaration", "application/xml",
			append([]byte("\xef\xbb\xbf"), rssWith("ISO-8859-1", item("Café culture on the high street"))...), "Café culture on the high street"},
		{"unknown label latin-9 with declared ISO-8859-15", "application/xml; charset=latin-9",
			rssWith("ISO-8859-15", item("\xa4200 grant")), "€200 grant"},
		{"label utf8 over Latin-1 bytes", "application/xml; charset=utf8",
			rssWith("", item("Caf\xe9 grant")), "Café grant"},
		{"label UTF_8 over Latin-1 bytes", "application/xml; charset=UTF_8",
			rssWith("", item("Caf\xe9 grant")), "Café grant"},
		{"ISO-8859-2 with a pasted UTF-8 en dash", "application/xml",
			rssWith("ISO-8859-2", item("\xa3\xf3d\xbc \xe2\x80\x93 a twinning visit")), "Łódź – a twinning visit"},
		{"header's server default ISO-8859-1 under a declared ISO-8859-2", "text/xml; charset=ISO-8859-1",
			rssWith("ISO-8859-2", item("\xa3\xf3d\xbc twinning visit")), "Łódź twinning visit"},
		{"IANA's name Latin-9 and no declaration", "application/xml; charset=Latin-9",
			rssWith("", item("\xa4200 grant")), "€200 grant"},
		{"declared ISO-8859-2, written in windows-1250", "application/xml",
			rssWith("ISO-8859-2", item("Ma\xb3gorzata \x8cwi\xeatek joins the cabinet")), "Małgorzata Świętek joins the cabinet"},
		// A letter of two bytes of UTF-8 pasted into an 8-bit feed reads
		// in the feed's charset as a capital and a symbol ("Ã©"), which
		// may be the feed's own text: the whole feed decides.
		{"Latin-1 with a UTF-8 letter pasted in", "application/xml",
			rssWith("ISO-8859-1", item("Caf\xe9 owner Ren\xc3\xa9e Ko\xc5\x82odziej wins \xc2\xa3500")), "Café owner Renée Kołodziej wins £500"},
		{"Latin-1, more of it than of the UTF-8 letter pasted in", "application/xml",
			rssWith("ISO-8859-1", item("Caf\xe9 cr\xe8me br\xfbl\xe9e prize for Ren\xc3\xa9e")), "Café crème brûlée prize for Renée"},
		{"Latin-1 that writes the capital alone", "application/xml",
			rssWith("ISO-8859-1", item("S\xc3O PAULO: Ren\xc3\xa9e")), "SÃO PAULO: RenÃ©e"},
		{"Latin-1 German with ß before an ellipsis", "application/xml",
			rssWith("ISO-8859-1", item("Ein gro\xdf\x85 Gru\xdf")), "Ein groß… Gruß"},
		{"ISO-8859-2 with a UTF-8 letter pasted in", "application/xml",
			rssWith("ISO-8859-2", item("\xa3\xf3d\xbc mayor Wi\xc5\x9bniewski")), "Łódź mayor Wiśniewski"},
		{"windows-1250 with a pasted UTF-8 curly quote", "text/xml; charset=windows-1250",
			rssWith("", item("Dvo\xf8\xe1k\xe2\x80\x99s car park")), "Dvořák’s car park"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := oneStory(t, "/feed.xml", c.body, c.contentType)
			if s.Headline != c.want {
				t.Errorf("headline %q, want %q", s.Headline, c.want)
			}
		})
	}
}
