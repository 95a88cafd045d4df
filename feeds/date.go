package feeds

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/sharednews/sharednews/digest"
)

// maxDateText is the longest text, without the white space around it,
// that is read as a date. The longest form read, a day and a month named
// in full with a zone's name after the offset, is under 100 bytes. Every
// layout time.Parse fails to read a text by copies the whole text into its
// error, and gofeed tries about a hundred layouts on each date, then
// parseDate others: a feed of 4 MiB whose one date was most of it
// allocated 4 GB while it was read, and held 270 MB at once, past the
// 150 MB one feed may take. A longer text is no date, and is not read as
// one (the fetch time stands in, as for any date not read).
const maxDateText = 256

// tooLongDate is what stands, for gofeed, in place of a date's text
// longer than maxDateText (withoutLongDates, boundedJSONDates): a text no
// layout reads, which the log of dates not read shows.
const tooLongDate = "(too long to be a date)"

// isTooLongForADate reports whether s, without the white space around
// it, is longer than any date (maxDateText).
func isTooLongForADate(s string) bool {
	return len(s) > maxDateText && len(strings.TrimSpace(s)) > maxDateText
}

// parseDate reads the dates gofeed gives up on: month names in Portuguese,
// Spanish, French, German, Dutch, Italian, Welsh or Greek ("Seg, 24 Set 2018 19:42:40
// -0300"), twelve-hour clocks ("Sat, Dec 16 2023 02:02:33 PM", "March 5,
// 2024 9:30 am"), slashes
// ("2020/1/10 14:33:00") and ISO dates without seconds or zone
// ("2018-01-06T08:00") or with a space before the offset, zone offsets
// with a colon ("+01:00") or in whole hours ("2024-03-05 10:30:00+01",
// as PostgreSQL writes them), a comment after the date ("+0000 (UTC)", which
// RFC 5322 allows), JavaScript's Date.toString() ("Tue Mar 05 2024
// 10:30:00 GMT+0100 (Central European Standard Time)"), German days
// ("02. Januar 2006"), French days ("mar., 05 mars 2024"), a day's name
// without a comma ("Monday 16th November 2024", "Dydd Llun 16 Tachwedd
// 2024": withoutDayName), Drupal's
// long format ("Tuesday, March 5, 2024 - 09:30"), English months written
// short with a full stop ("Nov. 5, 2024"), days with their ordinal ending
// ("March 5th, 2024"), zones named by a word (zoneOffset), and RFC 3339's
// "t" and "z" in lower case, an offset followed by its zone's name
// ("+0000 GMT"), a month first without a comma ("Mar 05 2024 09:30:00
// GMT"), ISO 8601's basic format ("20240305T093000Z"), a Unix time in
// seconds, and a zone named in brackets after the offset ("+01:00[Europe/Paris]",
// RFC 9557), and dates in figures, day first as British feeds write them
// ("16/11/2026 09:30", "5/11/26": dateInFigures). A date without a zone is taken as UTC. A
// month or a year alone ("March 2024", "2024") is no day: the story is
// dated when it was fetched rather than on a day it was not written, and
// so is one whose text is longer than any date (maxDateText).
func parseDate(s string) (time.Time, bool) {
	if isTooLongForADate(s) {
		return time.Time{}, false
	}
	s = strings.Join(strings.Fields(s), " ")
	if strings.HasSuffix(s, ")") {
		if i := strings.LastIndexByte(s, '('); i > 0 {
			s = strings.TrimSpace(s[:i])
		}
	}
	if strings.HasSuffix(s, "]") {
		// RFC 9557 (and Java's ZonedDateTime) names the zone in brackets
		// after the offset: "2024-03-05T10:30:00+01:00[Europe/Paris]". The
		// offset says the instant; without one the name would have to be
		// looked up, so the date is not read.
		i := strings.IndexByte(s, '[')
		if i <= 0 || !endsInOffset(s[:i]) {
			return time.Time{}, false
		}
		s = s[:i]
	}
	if s == "" {
		return time.Time{}, false
	}
	if digest.AllDigits(s) {
		// A Unix time in seconds, as feeds written straight from a
		// database's integer column give it. Nine or ten figures are
		// 1973 to 2286; fewer are no date ("2024", "20240305": a year or
		// a day without its time).
		if len(s) < 9 || len(s) > 10 {
			return time.Time{}, false
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return time.Time{}, false
		}
		return time.Unix(n, 0).UTC(), true
	}
	if startsISODate(s) || startsISOBasic(s) {
		// RFC 3339 (section 5.6) allows its "T" and "Z" in lower case;
		// time.Parse reads capitals only. An ISO date has no other
		// letters but a zone's name, which is read in any case.
		s = strings.ToUpper(s)
	}
	if i := strings.LastIndexByte(s, ' '); i > 0 {
		if offset, ok := zoneOffset(s[i+1:]); ok {
			if endsInOffset(s[:i]) {
				// "+0000 GMT", "+0100 CET": the offset says it in
				// figures, the name only repeats it.
				s = s[:i]
			} else {
				s = s[:i+1] + offset
			}
		}
	}
	// The day of the week adds nothing and is the part most often
	// misspelt or translated: drop "Seg, ", "mar., " or "Saturday ".
	// Twelve letters, not bytes: "Παρασκευή" is nine letters in 18 bytes.
	if i := strings.IndexByte(s, ','); i > 0 && utf8.RuneCountInString(s[:i]) <= 12 && isLetters(strings.TrimSuffix(s[:i], ".")) {
		s = strings.TrimSpace(s[i+1:])
	}
	words := strings.Fields(s)
	if len(words) > 0 {
		if day, ok := dateInFigures(words[0]); ok {
			words[0] = day
		}
	}
	for i, w := range words {
		w = strings.TrimSuffix(w, ".")
		if m, _ := digest.MonthNamed(w); m != 0 {
			words[i] = m.String()[:3]
		} else if m, ok := monthNames[greekAccents.Replace(strings.ToLower(w))]; ok {
			words[i] = m
		} else if day, comma := ordinalDay(words[i]); day != "" {
			words[i] = day + comma
		} else if half, ok := meridiems[strings.ToLower(words[i])]; ok {
			words[i] = half
		}
	}
	s = strings.Join(words, " ")
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	if rest, ok := withoutDayName(s); ok {
		return parseDate(rest)
	}
	return time.Time{}, false
}

// withoutDayName returns s without the name of the day it starts with
// when no comma follows it ("Monday 16th November 2024", "Mon. 16 Nov.
// 2024", Welsh's "Dydd Llun, 16 Tachwedd 2024"): one or two words of
// letters, neither a month, before a day in figures. ok is false when s
// starts otherwise. parseDate tries it last, so that no date it read
// before is read otherwise.
func withoutDayName(s string) (rest string, ok bool) {
	words := strings.Fields(s)
	n := 0
	for n < 2 && n < len(words)-1 && isDayName(words[n]) {
		n++
	}
	if n == 0 || words[n][0] < '0' || words[n][0] > '9' {
		return "", false
	}
	return strings.Join(words[n:], " "), true
}

// isDayName reports whether w, without a full stop or comma after it, may
// be a day's name: letters, twelve at most, and not a month's name.
func isDayName(w string) bool {
	w = strings.TrimRight(w, ".,")
	if !isLetters(w) || utf8.RuneCountInString(w) > 12 {
		return false
	}
	if m, _ := digest.MonthNamed(w); m != 0 {
		return false
	}
	_, month := monthNames[greekAccents.Replace(strings.ToLower(w))]
	return !month
}

// dateInFigures returns a date written in figures, the day first as
// British feeds write it ("16/11/2026", "05/11/2026", "5.11.26",
// "05-11-2026"), as "5 Nov 2026", which the layouts read with any time
// after it. The day comes first unless it cannot: "11/16/2026" is
// November's, as an American feed writes it. A year of two figures is
// this century's before 69, as time.Parse reads one. ok is false for any
// other word (an ISO date, whose year comes first, included).
func dateInFigures(word string) (string, bool) {
	m := figuresDate.FindStringSubmatch(word)
	if m == nil || m[2] != m[4] {
		return "", false
	}
	day, _ := strconv.Atoi(m[1])
	month, _ := strconv.Atoi(m[3])
	year, _ := strconv.Atoi(m[5])
	if month > 12 {
		day, month = month, day
	}
	if day < 1 || day > 31 || month < 1 || month > 12 {
		return "", false
	}
	if len(m[5]) == 2 {
		year += 1900
		if year < 1969 {
			year += 100
		}
	}
	return strconv.Itoa(day) + " " + time.Month(month).String()[:3] + " " + strconv.Itoa(year), true
}

var figuresDate = regexp.MustCompile(`^(\d{1,2})([/.-])(\d{1,2})([/.-])(\d{4}|\d{2}),?$`)

// meridiems are the ways "AM" and "PM" are written after a twelve-hour
// time, which time.Parse reads in capitals only: PHP's date("g:i a") and
// WordPress's default time format write them in lower case, style guides
// with full stops.
var meridiems = map[string]string{"am": "AM", "pm": "PM", "a.m.": "AM", "p.m.": "PM"}

// startsISODate reports whether s starts with an ISO 8601 date and a time
// after it ("2024-03-05T…", "2024-03-05 …").
func startsISODate(s string) bool {
	return len(s) > 10 && digest.AllDigits(s[:4]) && s[4] == '-' && digest.AllDigits(s[5:7]) && s[7] == '-' && digest.AllDigits(s[8:10])
}

// ordinalDay returns, for a day written with its ordinal ending ("5th",
// "1st," before a year), the day in figures and the comma after it; ""
// for any other word, figures alone included (time.Parse reads those, and
// "02.01.2006" needs their zero).
func ordinalDay(word string) (day, comma string) {
	w, found := strings.CutSuffix(word, ",")
	if found {
		comma = ","
	}
	if n, ok := digest.DayOfMonth(w); ok && !digest.AllDigits(w) {
		return strconv.Itoa(n), comma
	}
	return "", ""
}

// startsISOBasic reports whether s starts with ISO 8601's basic format,
// a date and a time without separators ("20240305T093000Z").
func startsISOBasic(s string) bool {
	return len(s) > 9 && digest.AllDigits(s[:8]) && (s[8] == 'T' || s[8] == 't')
}

// endsInOffset reports whether s ends with a zone offset in figures
// ("+01:00", "-0500", "+01") or RFC 3339's "Z" after a time.
func endsInOffset(s string) bool {
	if n := len(s); n >= 2 && (s[n-1] == 'Z' || s[n-1] == 'z') && '0' <= s[n-2] && s[n-2] <= '9' {
		return true
	}
	i := strings.LastIndexAny(s, "+-")
	if i <= 0 || !strings.Contains(s[:i], ":") && !startsISOBasic(s) {
		return false // "2024-03-05": the end of a date, not an offset
	}
	off := strings.Replace(s[i+1:], ":", "", 1)
	return (len(off) == 2 || len(off) == 4) && digest.AllDigits(off)
}

// zoneMisread reports whether gofeed may have misread the date s: it
// gives the zone abbreviations it does not know ("MEST", "AEDT", "GMT+2")
// a zero offset, hours away from the truth without a word, so a date
// ending in a zone word is read again with zoneOffset. A zone at UTC
// ("GMT", "UTC": most RSS dates) cannot have been misread so, and keeps
// gofeed's reading without the cost of a second parse.
func zoneMisread(s string) bool {
	s = strings.TrimRight(s, " \t\r\n")
	i := strings.LastIndexAny(s, " \t\r\n")
	if i < 0 {
		return false
	}
	minutes, ok := zoneMinutes(s[i+1:])
	return ok && minutes != 0
}

// zoneOffset returns the offset ("+0200") a zone written as a word stands
// for (zoneMinutes).
func zoneOffset(word string) (string, bool) {
	minutes, ok := zoneMinutes(word)
	if !ok {
		return "", false
	}
	return formatOffset(minutes), true
}

// zoneMinutes returns the minutes east of UTC a zone written as a word
// stands for: an abbreviation of zoneOffsets, or GMT or UTC with hours
// after it ("GMT+2", "UTC-03:30", meaning east and west of Greenwich as
// people write them, not POSIX's reversed "Etc/GMT+2").
func zoneMinutes(word string) (int, bool) {
	word = strings.ToUpper(word)
	if minutes, ok := zoneOffsets[word]; ok {
		return minutes, true
	}
	m := gmtOffset.FindStringSubmatch(word)
	if m == nil {
		return 0, false
	}
	hours, _ := strconv.Atoi(m[2])
	minutes, _ := strconv.Atoi(m[3])
	if hours > 14 || minutes > 59 {
		return 0, false
	}
	total := hours*60 + minutes
	if m[1] == "-" {
		total = -total
	}
	return total, true
}

var gmtOffset = regexp.MustCompile(`^(?:GMT|UTC|UT)([+-])(\d{1,2})(?::?(\d{2}))?$`)

func formatOffset(minutes int) string {
	sign := '+'
	if minutes < 0 {
		sign, minutes = '-', -minutes
	}
	return fmt.Sprintf("%c%02d%02d", sign, minutes/60, minutes%60)
}

// zoneOffsets are the zone abbreviations feeds write, in minutes east of
// UTC: RFC 822's, and those of the regions whose publishers use them. An
// ambiguous one has its most common reading in feeds (AST: Atlantic, as
// feedparser reads it); IST (India, Ireland or Israel) is left out.
var zoneOffsets = map[string]int{
	"UT": 0, "UTC": 0, "GMT": 0, "Z": 0, "WET": 0,
	// North America; ET, CT, MT and PT as some US publishers write them.
	"EST": -300, "EDT": -240, "CST": -360, "CDT": -300, "MST": -420, "MDT": -360, "PST": -480, "PDT": -420,
	"AST": -240, "ADT": -180, "NST": -210, "NDT": -150, "AKST": -540, "AKDT": -480, "HST": -600,
	"ET": -300, "CT": -360, "MT": -420, "PT": -480, "AT": -240,
	// Europe and Africa; MET and MEST are older names for CET and CEST,
	// MEZ and MESZ the German ones.
	"BST": 60, "WEST": 60, "CET": 60, "MET": 60, "MEZ": 60, "CEST": 120, "MEST": 120, "MESZ": 120, "EET": 120, "EEST": 180,
	"MSK": 180, "SAST": 120, "WAT": 60, "EAT": 180,
	// Asia and Oceania.
	"PKT": 300, "HKT": 480, "SGT": 480, "AWST": 480, "JST": 540, "KST": 540,
	"ACST": 570, "ACDT": 630, "AEST": 600, "AEDT": 660, "NZST": 720, "NZDT": 780,
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
	// Twelve-hour clocks: "3" reads "9" and "09" alike.
	"Jan 2 2006 3:04:05 PM",
	"Jan 2 2006 3:04 PM",
	"Jan 2, 2006 3:04:05 PM",
	"Jan 2, 2006 3:04 PM",
	"Jan 2, 2006, 3:04 PM",
	"2 Jan 2006 3:04:05 PM",
	"2 Jan 2006 3:04 PM",
	"Jan 2, 2006",
	"Jan 2, 2006 - 15:04",
	// JavaScript's Date.prototype.toString(), its zone name in
	// parentheses dropped and "GMT+0100" read as an offset.
	"Mon Jan 2 2006 15:04:05 -0700",
	// The month first without a comma, as JavaScript's toString() without
	// the day's name ("Mar 05 2024 09:30:00 GMT").
	"Jan 2 2006 15:04:05 -0700",
	"Jan 2 2006 15:04 -0700",
	"Jan 2 2006 15:04:05",
	"Jan 2 2006 15:04",
	// ISO 8601's basic format, without separators ("20240305T093000Z").
	"20060102T150405Z0700",
	"20060102T1504Z0700",
	"20060102T150405",
	"20060102T1504",
	"2006/1/2 15:04:05",
	"2006/1/2 15:04",
	"2006/1/2",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05 -07:00",
	// PostgreSQL's text for a timestamp with time zone, which feeds
	// built straight from a database carry: the offset in whole hours
	// ("2024-03-05 10:30:00.123456+01"), or with its minutes.
	"2006-01-02 15:04:05-07",
	"2006-01-02 15:04:05-07:00",
	"2006-01-02T15:04:05-07",
	"2006-01-02T15:04-07",
	"2006-01-02T15:04:05 -07:00",
	"2006-01-02T15:04:05 -0700", // also a zone word, made an offset
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"02.01.2006 15:04",
	"02.01.2006",
}

// monthNames maps month names and abbreviations in the other languages of
// European feeds to the English abbreviations time.Parse reads; English
// names are digest.MonthNamed's, as the archive's date lines read them.
var monthNames = map[string]string{
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
	// Welsh, as the Welsh Government's and Welsh councils' Welsh-language
	// feeds write them ("Mai" is Portuguese's too).
	"ion": "Jan", "ionawr": "Jan", "chwef": "Feb", "chwefror": "Feb", "maw": "Mar", "mawrth": "Mar",
	"ebr": "Apr", "ebrill": "Apr", "meh": "Jun", "mehefin": "Jun", "gorff": "Jul", "gorffennaf": "Jul",
	"awst": "Aug", "medi": "Sep", "hyd": "Oct", "hydref": "Oct", "tach": "Nov", "tachwedd": "Nov",
	"rhag": "Dec", "rhagfyr": "Dec",
	// Greek, without accents (greekAccents): abbreviations, and the
	// genitive a date writes in full ("5 Μαρτίου 2024"), formal or spoken
	// ("Ιούνη").
	"ιαν": "Jan", "ιανουαριου": "Jan", "φεβ": "Feb", "φεβρ": "Feb", "φεβρουαριου": "Feb",
	"μαρ": "Mar", "μαρτιου": "Mar", "απρ": "Apr", "απριλιου": "Apr", "μαι": "May", "μαιου": "May", "μαη": "May",
	"ιουν": "Jun", "ιουνιου": "Jun", "ιουνη": "Jun", "ιουλ": "Jul", "ιουλιου": "Jul", "ιουλη": "Jul",
	"αυγ": "Aug", "αυγουστου": "Aug", "σεπ": "Sep", "σεπτ": "Sep", "σεπτεμβριου": "Sep",
	"οκτ": "Oct", "οκτωβριου": "Oct", "νοε": "Nov", "νοεμβριου": "Nov", "δεκ": "Dec", "δεκεμβριου": "Dec",
}

// greekAccents takes the accents off Greek letters before a month name is
// looked up: capitals are written without them ("8 ΜΑΡΤΙΟΥ 2024"), and
// feeds write "Μάι", "Μαΐ" and "Μαι" alike.
var greekAccents = strings.NewReplacer("ά", "α", "έ", "ε", "ή", "η", "ί", "ι", "ό", "ο", "ύ", "υ", "ώ", "ω",
	"ΐ", "ι", "ϊ", "ι", "ΰ", "υ", "ϋ", "υ")
