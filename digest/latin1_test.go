package digest

import (
	"testing"

	"golang.org/x/text/encoding/charmap"
)

// TestRepairUTF8: bytes that are not UTF-8 are read as Windows-1252, the
// feeds' and the archive search's shared reading; valid UTF-8, and the
// valid UTF-8 around a Latin-1 word, stay as they are.
func TestRepairUTF8(t *testing.T) {
	for in, want := range map[string]string{
		"caf\xe9":                  "café",
		"\xe9t\xe9":                "été",
		"\x93Quoted\x94 \x96 dash": "“Quoted” – dash",
		"café and caf\xe9":         "café and café",
		"café":                     "café",
		"":                         "",
	} {
		if got := RepairUTF8(in); got != want {
			t.Errorf("RepairUTF8(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestRepairUTF8Bytes: a feed's body is repaired as bytes, the same way.
func TestRepairUTF8Bytes(t *testing.T) {
	tests := []struct{ in, want string }{
		{"café", "café"},
		{"caf\xe9", "café"},
		{"\x93quoted\x94 caf\xc3\xa9", "\u201cquoted\u201d café"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := string(RepairUTF8Bytes([]byte(tt.in))); got != tt.want {
			t.Errorf("RepairUTF8Bytes(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got := RepairUTF8(tt.in); got != tt.want {
			t.Errorf("RepairUTF8(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestEightBitKeepingUTF8: Windows-1252 with UTF-8 pasted in keeps
// the UTF-8 of three and four bytes, and of two when it is a Latin letter
// or sign whose first byte the text never writes alone.
func TestEightBitKeepingUTF8(t *testing.T) {
	for in, want := range map[string]string{
		"caf\xe9 \xe2\x80\x93 \x96": "café – –",
		"\xc2\xa3 \xc3\xa9":         "£ é",
		"S\xc3O \xc3\xa9 \xc2\xa3":  "SÃO Ã© £",
		"gro\xdf\x85 \xc2\x80":      "groß… Â€",
		"\xf0\x9f\x93\xb0 news\x85": "📰 news…",
		"\xe2\x80":                  "â€",
		"":                          "",
	} {
		if got := string(EightBitKeepingUTF8([]byte(in), charmap.Windows1252)); got != want {
			t.Errorf("EightBitKeepingUTF8(%q, Windows-1252) = %q, want %q", in, got, want)
		}
	}
}
