package feeds

import (
	"strings"
	"time"
	"unicode"
)

// parseDate reads the dates gofeed gives up on: month names in Portuguese,
// Spanish, French, German, Dutch or Italian ("Seg, 24 Set 2018 19:42:40
// -0300"), twelve-hour clocks ("Sat, Dec 16 2023 02:02:33 PM"), slashes
// ("2020/1/10 14:33:00") and ISO dates without seconds or zone
// ("2018-01-06T08:00"), zone offsets with a colon ("+01:00"), a comment
// after the date ("+0000 (UTC)", which RFC 5322 allows), German days
// ("02. Januar 2006"), French days ("mar., 05 mars 2024") and Drupal's
// long format ("Tuesday, March 5, 2024 - 09:30"). A date without a zone
// is taken as UTC.
func parseDate(s string) (time.Time, bool) {
	s = strings.Join(strings.Fields(s), " ")
	if strings.HasSuffix(s, ")") {
		if i := strings.LastIndexByte(s, '('); i > 0 {
			s = strings.TrimSpace(s[:i])
		}
	}
	if s == "" {
		return time.Time{}, false
	}
	// The day of the week adds nothing and is the part most often
	// misspelt or translated: drop "Seg, ", "mar., " or "Saturday ".
	if i := strings.IndexByte(s, ','); i > 0 && i <= 12 && isLetters(strings.TrimSuffix(s[:i], ".")) {
		s = strings.TrimSpace(s[i+1:])
	}
	words := strings.Fields(s)
	for i, w := range words {
		if m, ok := monthNames[strings.ToLower(strings.TrimSuffix(w, "."))]; ok {
			words[i] = m
		}
	}
	s = strings.Join(words, " ")
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

func isLetters(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return s != ""
}

// dateLayouts are tried in order after month names are made English.
var dateLayouts = []string{
	time.RFC3339,
	"2006-01-02T15:04:05",
	"2 Jan 2006 15:04:05 -0700",
	"2 Jan 2006 15:04:05 -07:00",
	"2 Jan 2006 15:04:05 MST",
	"2 Jan 2006 15:04 -0700",
	"2 Jan 2006 15:04 -07:00",
	"2. Jan 2006 15:04:05",
	"2. Jan 2006 15:04",
	"2. Jan 2006",
	"2 Jan 2006 15:04:05",
	"2 Jan 2006 15:04",
	"2 Jan 2006",
	"Jan 2 2006 03:04:05 PM",
	"Jan 2 2006 03:04 PM",
	"Jan 2, 2006 03:04:05 PM",
	"Jan 2, 2006",
	"Jan 2, 2006 - 15:04",
	"2006/1/2 15:04:05",
	"2006/1/2 15:04",
	"2006/1/2",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"02.01.2006 15:04",
	"02.01.2006",
}

// monthNames maps month names and abbreviations in the languages of
// European feeds to the English abbreviations time.Parse reads.
var monthNames = map[string]string{
	// English, in full.
	"january": "Jan", "february": "Feb", "march": "Mar", "april": "Apr", "june": "Jun", "july": "Jul",
	"august": "Aug", "september": "Sep", "sept": "Sep", "october": "Oct", "november": "Nov", "december": "Dec",
	// Portuguese.
	"janeiro": "Jan", "fev": "Feb", "fevereiro": "Feb", "março": "Mar", "abr": "Apr", "abril": "Apr",
	"mai": "May", "maio": "May", "junho": "Jun", "julho": "Jul", "ago": "Aug", "agosto": "Aug",
	"set": "Sep", "setembro": "Sep", "out": "Oct", "outubro": "Oct", "novembro": "Nov", "dez": "Dec", "dezembro": "Dec",
	// Spanish.
	"ene": "Jan", "enero": "Jan", "febrero": "Feb", "marzo": "Mar", "mayo": "May", "junio": "Jun",
	"julio": "Jul", "septiembre": "Sep", "setiembre": "Sep", "octubre": "Oct", "noviembre": "Nov",
	"dic": "Dec", "diciembre": "Dec",
	// French.
	"janv": "Jan", "janvier": "Jan", "févr": "Feb", "février": "Feb", "mars": "Mar", "avr": "Apr",
	"avril": "Apr", "juin": "Jun", "juil": "Jul", "juillet": "Jul", "août": "Aug", "septembre": "Sep",
	"octobre": "Oct", "novembre": "Nov", "déc": "Dec", "décembre": "Dec",
	// German and Dutch.
	"januar": "Jan", "februar": "Feb", "mär": "Mar", "märz": "Mar", "juni": "Jun", "juli": "Jul",
	"okt": "Oct", "oktober": "Oct", "dezember": "Dec", "januari": "Jan", "februari": "Feb",
	"maart": "Mar", "mrt": "Mar", "mei": "May", "augustus": "Aug",
	// Italian.
	"gen": "Jan", "gennaio": "Jan", "febbraio": "Feb", "aprile": "Apr", "maggio": "May", "mag": "May",
	"giu": "Jun", "giugno": "Jun", "lug": "Jul", "luglio": "Jul", "settembre": "Sep", "ott": "Oct",
	"ottobre": "Oct", "dicembre": "Dec",
}
