package terms

import (
	"slices"
	"strconv"

	"github.com/sharednews/sharednews/stemmer"
)

// British and American spellings of the same word: the newsletter's
// archive is written in British English, and people search it as they
// learnt to spell ("program", "center", "labor"). The stemmer already
// folds -ise and -ize together; these are the other differences common in
// public-sector news, leaving out pairs whose American spelling is a
// British word of its own ("draft", "check", "story", "curb", "tire").
// Each pair is British, then American. It is never written.
var spellingPairs = [...][2]string{
	{"centre", "center"}, {"theatre", "theater"}, {"fibre", "fiber"}, {"litre", "liter"},
	{"programme", "program"}, {"catalogue", "catalog"}, {"dialogue", "dialog"},
	{"labour", "labor"}, {"neighbour", "neighbor"}, {"neighbourhood", "neighborhood"},
	{"behaviour", "behavior"}, {"favour", "favor"}, {"honour", "honor"}, {"colour", "color"},
	{"harbour", "harbor"}, {"rumour", "rumor"}, {"endeavour", "endeavor"}, {"vigour", "vigor"},
	{"defence", "defense"}, {"licence", "license"}, {"offence", "offense"}, {"pretence", "pretense"},
	{"analyse", "analyze"}, {"paralyse", "paralyze"}, {"ageing", "aging"},
	{"judgement", "judgment"}, {"acknowledgement", "acknowledgment"},
	{"enrol", "enroll"}, {"enrolment", "enrollment"}, {"fulfil", "fulfill"}, {"fulfilment", "fulfillment"},
	{"instalment", "installment"}, {"skilful", "skillful"},
	{"travelled", "traveled"}, {"travelling", "traveling"}, {"cancelled", "canceled"},
	{"cancelling", "canceling"}, {"modelling", "modeling"}, {"counselling", "counseling"},
	{"labelled", "labeled"}, {"fuelled", "fueled"}, {"signalling", "signaling"},
	{"paediatric", "pediatric"}, {"anaesthetic", "anesthetic"}, {"haemorrhage", "hemorrhage"},
	{"orthopaedic", "orthopedic"}, {"oestrogen", "estrogen"}, {"diarrhoea", "diarrhea"},
	{"leukaemia", "leukemia"}, {"anaemia", "anemia"}, {"foetal", "fetal"},
	{"manoeuvre", "maneuver"}, {"grey", "gray"}, {"plough", "plow"}, {"sceptical", "skeptical"}, {"aluminium", "aluminum"},
	{"mould", "mold"}, {"jewellery", "jewelry"},
	{"pyjamas", "pajamas"}, {"sulphur", "sulfur"}, {"aeroplane", "airplane"},
}

// Abbreviations that public-sector news writes as often as the word, each
// pair the word, then its abbreviation ("Cllr Smith", "govt plans", "fire
// HQ"). Left out: those whose word's stem another common word shares
// ("uni": "university" stems as "universal" does, and Universal Credit is
// news; "info": "information" as "informal"), and those that are words of
// their own ("st" for "street" and "saint"; but see saintPairs). "Gov" is
// government in general, as in GOV.UK and "Scot Gov"; "local gov" is
// local government only by being "local" and "gov" in a row.
var abbreviationPairs = [...][2]string{
	{"councillor", "cllr"}, {"government", "govt"}, {"government", "gov"}, {"department", "dept"}, {"headquarters", "hq"},
	{"technology", "tech"}, {"administration", "admin"}, {"executive", "exec"},
}

// Saint and its abbreviation, in place names: "St Helens", "St Albans" and
// "St Edmundsbury" are written so, and people also search for "Saint
// Helens". "Street" is left out: "St" is written for both, so a search for
// "saint" may meet a street's "St" among its partial matches, but a search
// for "street" meets no saint.
var saintPairs = [...][2]string{{"saint", "st"}}

// IsSaint reports whether stem is the stem of "saint" or its abbreviation
// "st": the first word of many place names, which says nothing of which
// place on its own ("St Helens" is no "St Albans").
func IsSaint(stem string) bool {
	for _, p := range saintPairs {
		if stem == p[0] || stem == p[1] { // both are their own stems
			return true
		}
	}
	return false
}

// Counties and the short names officers and local papers write for them,
// as the Post Office shortened them ("Northants", "Herts", "Notts"): a
// story writes one and an officer types the other. Each pair is the name,
// then its short name. Left out are short names that are words of their
// own, or stem as one (wordCountyPairs); "Mancs" and "Brum" are slang,
// not counties.
var countyPairs = [...][2]string{
	{"northamptonshire", "northants"}, {"hertfordshire", "herts"}, {"cambridgeshire", "cambs"},
	{"gloucestershire", "glos"}, {"hampshire", "hants"}, {"lancashire", "lancs"},
	{"leicestershire", "leics"}, {"lincolnshire", "lincs"}, {"nottinghamshire", "notts"},
	{"oxfordshire", "oxon"}, {"worcestershire", "worcs"}, {"warwickshire", "warks"},
}

// Counties whose short names are words of their own, or stem as one
// ("Beds", "Staffs", "Bucks", "Berks", "Wilts"; "Yorks" and "Derbys" as
// the cities of York and Derby), each pair the name, then the short name
// as it folds: a query can tell them from the words only by their capital
// (search: a capitalised "Beds" among words in lower case is the county,
// "hospital beds" is not), so they are not among countyPairs, which the
// index's stems answer whatever the case.
var wordCountyPairs = [...][2]string{
	{"bedfordshire", "beds"}, {"staffordshire", "staffs"}, {"buckinghamshire", "bucks"},
	{"berkshire", "berks"}, {"wiltshire", "wilts"}, {"yorkshire", "yorks"}, {"derbyshire", "derbys"},
}

// CountyOfShortName returns, for a folded word that is a county's short
// name and also a word (wordCountyPairs: "beds", "staffs"), the stem of
// the county's name as the index holds it; "" for any other word. Only a
// caller that knows the word was typed as a name should ask.
func CountyOfShortName(word string) string {
	for _, p := range wordCountyPairs {
		if word == p[1] {
			return stemmer.Stem(p[0])
		}
	}
	return ""
}

// Numbers from two to twenty and the tens to ninety, which house styles
// write in words ("three councils") or in figures ("3 councils"), and
// people type either way whatever the story wrote: the past editions
// write "30 days" and "50 of their senior staff" in figures, and a search
// for "thirty days" or "fifty senior staff" missed that word. Not one:
// "one" and "1" stand in too many other places ("one of", "1 April");
// nor a number of two words ("twenty-two"), which is two words here
// (NumberSaid and NumberInWords read and write those).
var numberPairs = [...][2]string{
	{"two", "2"}, {"three", "3"}, {"four", "4"}, {"five", "5"}, {"six", "6"}, {"seven", "7"},
	{"eight", "8"}, {"nine", "9"}, {"ten", "10"}, {"eleven", "11"}, {"twelve", "12"},
	{"thirteen", "13"}, {"fourteen", "14"}, {"fifteen", "15"}, {"sixteen", "16"}, {"seventeen", "17"},
	{"eighteen", "18"}, {"nineteen", "19"}, {"twenty", "20"}, {"thirty", "30"}, {"forty", "40"},
	{"fifty", "50"}, {"sixty", "60"}, {"seventy", "70"}, {"eighty", "80"}, {"ninety", "90"},
}

// tensWords and unitWords say a number from 21 to 99 that is no multiple
// of ten, its tens and then its unit: "twenty two", "twenty-two".
var tensWords, unitWords = [...]string{"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"},
	[...]string{"one", "two", "three", "four", "five", "six", "seven", "eight", "nine"}

// NumberSaid returns, for the folded words of a number from 21 to 99 said
// as its tens and its unit ("twenty", "two"), the number in figures
// ("22"), as stories write it as often; "" for any other words.
func NumberSaid(tens, unit string) string {
	t, u := slices.Index(tensWords[:], tens), slices.Index(unitWords[:], unit)
	if t < 0 || u < 0 {
		return ""
	}
	return strconv.Itoa((t+2)*10 + u + 1)
}

// NumberInWords returns, for a number in figures from 21 to 99 that is no
// multiple of ten ("22"), the stems of its tens and its unit in words
// ("twenty", "two"), as the index holds a story that writes "twenty-two"
// or "twenty two"; nil for anything else.
func NumberInWords(number string) []string {
	n, err := strconv.Atoi(number)
	if err != nil || n < 21 || n > 99 || n%10 == 0 || strconv.Itoa(n) != number {
		return nil
	}
	return []string{stemmer.Stem(tensWords[n/10-2]), stemmer.Stem(unitWords[n%10-1])}
}

// The nations of the United Kingdom (and Britain, and Cornwall) and the
// words news writes for what is theirs: "Welsh councils" are councils in
// Wales, and people search for either ("Wales mergers", "Scottish
// councils") whichever the story wrote. Wales is also Cymru, the name its
// government, its councils' bodies and officers there use in English too
// ("Data Cymru", "Cymru councils"), while the English-language news they
// read writes "Wales" or "Welsh".
var nationPairs = [...][2]string{
	{"wales", "welsh"}, {"scotland", "scottish"}, {"scotland", "scots"}, {"england", "english"},
	{"britain", "british"}, {"ireland", "irish"}, {"cornwall", "cornish"},
	{"wales", "cymru"}, {"welsh", "cymru"},
}

// OtherSpellings returns the stems of the other ways of writing the word
// whose stem is stem: spelt the other way, British or American ("center"
// for "centr", the stem of "centre"), its common abbreviation or the
// word abbreviated ("cllr" for "councillor" and the other way round), a
// number in figures or words ("3" for "three"), or a nation's name or
// the word for what is its own ("welsh" for "wale", the stem of "Wales"),
// a county's short name or its name ("northant" for "Northamptonshire"),
// or "st" for "saint" and the other way round, as the index stems them;
// nil when there is none. The slice is the caller's: the table is
// never written after initialisation.
func OtherSpellings(stem string) []string { return slices.Clone(otherSpellings[stem]) }

// otherSpellings is OtherSpellings's table, read-only after
// initialisation.
var otherSpellings = func() map[string][]string {
	m := map[string][]string{}
	for _, pairs := range [][][2]string{spellingPairs[:], abbreviationPairs[:], numberPairs[:], nationPairs[:], countyPairs[:], saintPairs[:]} {
		for _, p := range pairs {
			a, b := stemmer.Stem(p[0]), stemmer.Stem(p[1])
			if a == b {
				continue // the stemmer already folds them together
			}
			m[a] = append(m[a], b)
			m[b] = append(m[b], a)
		}
	}
	return m
}()
