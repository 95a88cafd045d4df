package terms

import (
	"slices"
	"strings"
)

// Acronyms of British public life, with what they stand for: news writes
// either ("the LGA", "the Local Government Association") and people search
// with either. Those that stand for several things in this field are left
// out, and so are those that are also common words ("BID"; "NICE" and
// "SEND" are wordAcronymPairs)
// and those of consonants ending in s that the stemmer reads as the
// plural of another ("VCS" as VCs, "CPS" as CPs, "FRS" as Frs, "GDS");
// one that is also a small word ("IT", "HE") is searched for only when
// typed in capitals, as every small word is. An acronym may stand for two
// names ("DCMS", renamed). It is never written.
var acronymPairs = [...][2]string{
	{"LGA", "Local Government Association"}, {"NLGN", "New Local Government Network"},
	{"NHS", "National Health Service"}, {"CCG", "clinical commissioning group"},
	{"CQC", "Care Quality Commission"}, {"ONS", "Office for National Statistics"},
	{"NAO", "National Audit Office"}, {"DCLG", "Department for Communities and Local Government"},
	{"MHCLG", "Ministry of Housing, Communities and Local Government"},
	{"DWP", "Department for Work and Pensions"}, {"HMRC", "HM Revenue and Customs"},
	{"MoJ", "Ministry of Justice"}, {"MoD", "Ministry of Defence"}, {"DfE", "Department for Education"},
	{"DHSC", "Department of Health and Social Care"}, {"HEFCE", "Higher Education Funding Council for England"},
	{"PSN", "Public Services Network"}, {"LEP", "local enterprise partnership"},
	{"CIPFA", "Chartered Institute of Public Finance and Accountancy"},
	{"SOLACE", "Society of Local Authority Chief Executives"}, {"PFI", "private finance initiative"},
	{"PCC", "police and crime commissioner"}, {"A&E", "accident and emergency"},
	{"HE", "higher education"}, {"FE", "further education"}, {"IT", "information technology"},
	{"ICT", "information and communications technology"},
	{"EU", "European Union"}, {"UK", "United Kingdom"}, {"MP", "member of parliament"},
	{"MSP", "member of the Scottish Parliament"}, {"GP", "general practitioner"},
	{"CEO", "chief executive officer"}, {"CFO", "chief finance officer"},
	{"PHE", "Public Health England"}, {"HSE", "Health and Safety Executive"},
	{"OBR", "Office for Budget Responsibility"}, {"DfT", "Department for Transport"},
	{"DoH", "Department of Health"}, {"DEFRA", "Department for Environment, Food and Rural Affairs"},
	{"DCMS", "Department for Culture, Media and Sport"}, {"DCMS", "Department for Digital, Culture, Media and Sport"},
	{"BEIS", "Department for Business, Energy and Industrial Strategy"},
	{"DLUHC", "Department for Levelling Up, Housing and Communities"},
	{"FOI", "freedom of information"},
	{"GDPR", "General Data Protection Regulation"}, {"ASBO", "anti-social behaviour order"},
	{"PCT", "primary care trust"}, {"CSU", "commissioning support unit"},
	{"ICS", "integrated care system"}, {"ICB", "integrated care board"},
	{"SEN", "special educational needs"}, {"SME", "small and medium-sized enterprise"},
	{"LGPS", "Local Government Pension Scheme"},
	{"GLA", "Greater London Authority"}, {"TfL", "Transport for London"},
	{"GMCA", "Greater Manchester Combined Authority"}, {"WMCA", "West Midlands Combined Authority"},
	{"WLGA", "Welsh Local Government Association"}, {"COSLA", "Convention of Scottish Local Authorities"},
	{"ACPO", "Association of Chief Police Officers"},
	{"NPCC", "National Police Chiefs' Council"}, {"ACC", "assistant chief constable"},
	{"LFB", "London Fire Brigade"},
	{"US", "United States"}, {"WHO", "World Health Organization"},
	{"UUK", "Universities UK"}, {"NHSE", "NHS England"}, {"CCN", "County Councils Network"},
	{"DCN", "District Councils' Network"}, {"NFCC", "National Fire Chiefs Council"},
	{"CFOA", "Chief Fire Officers Association"}, {"ADASS", "Association of Directors of Adult Social Services"},
	{"LGiU", "Local Government Information Unit"}, {"ICO", "Information Commissioner's Office"},
	{"C4", "Channel 4"},
	// The forms a shared service or a council's company takes.
	{"LLP", "limited liability partnership"}, {"JV", "joint venture"}, {"SPV", "special purpose vehicle"},
	{"CIC", "community interest company"}, {"ALMO", "arm's-length management organisation"},
}

// sameThing are acronyms that name one thing two ways: British public
// bodies say "ICT" where others say "IT". Each stands for the other and
// for what the other stands for, except that no acronym stands for one
// that is also a small word: a story with "ICT" is about IT, but one
// with "it" is not about ICT.
var sameThing = [...][2]string{{"IT", "ICT"}}

// Expansions returns, for the stem of one of the acronyms above or of its
// plural ("lga", "ae" and "aes" for "A&E" and "A&Es"), the stems of each
// phrase it stands for, as the index holds them in a row ("local govern
// associ"), and for one of sameThing, the other and its phrases; nil for
// any other stem. The slices are the caller's.
func Expansions(stem string) [][]string { return clonePhrases(expansions[stem]) }

// clonePhrases copies phrases of stems out of a read-only table, so that
// callers may change what they are given.
func clonePhrases(phrases [][]string) [][]string {
	var out [][]string
	for _, p := range phrases {
		out = append(out, slices.Clone(p))
	}
	return out
}

// Acronyms that are also common words: a story that writes "send" or
// "nice" in lower case is about neither. Search reads them as acronyms
// only when typed in capitals (CapitalsExpansions), as it does a small
// word ("IT"), and a story then has the acronym only where it writes it
// in capitals, or the words it stands for; AcronymFor never gives them.
// So are the short forms officers type that are also a word or a name in
// other news ("la" in French and Spanish, and Los Angeles; "Ni no Kuni";
// the maker LG and a genome's linkage groups), and so stand for several
// things ("NI", Northern Ireland or National Insurance: a story with
// either has it, and the query's other words tell them apart). It is
// never written.
var wordAcronymPairs = [...][2]string{
	{"SEND", "special educational needs and disabilities"},
	{"NICE", "National Institute for Health and Care Excellence"},
	{"NI", "Northern Ireland"}, {"NI", "National Insurance"},
	{"LG", "local government"}, {"LA", "local authority"},
}

// CapitalsExpansions returns, for the stem of an acronym that is also a
// common word ("send" for "SEND"), the stems of the phrase it stands for,
// in a row as the index holds them, when typed in capitals; nil for any
// other stem. The slices are the caller's.
func CapitalsExpansions(stem string) [][]string { return clonePhrases(wordAcronyms[stem]) }

// wordAcronyms is CapitalsExpansions's table, read-only after
// initialisation.
var wordAcronyms = func() map[string][][]string {
	m := map[string][][]string{}
	for _, p := range wordAcronymPairs {
		var stems []string
		Each(p[1], func(w Word) { stems = append(stems, Stem(w.Text)) })
		m[Stem(Fold(p[0]))] = append(m[Stem(Fold(p[0]))], stems)
	}
	return m
}()

// AcronymFor returns the stem of the acronym that stands for words whose
// stems, small words left out, are stems ("clinic commiss group" for
// "clinical commissioning group" gives "ccg"), or "" when none does. An
// acronym that is also a small word ("IT", "HE") is not given: stories
// have "it" and "he" everywhere.
func AcronymFor(stems []string) string { return acronyms[strings.Join(stems, " ")] }

// MostExpansionWords is how many words, small words left out, the longest
// phrase AcronymFor knows has.
func MostExpansionWords() int { return mostExpansionWords }

var mostExpansionWords = func() int {
	most := 0
	for stems := range acronyms {
		most = max(most, len(strings.Fields(stems)))
	}
	return most
}()

// acronyms is AcronymFor's table, read-only after initialisation.
var acronyms = func() map[string]string {
	m := map[string]string{}
	for _, p := range acronymPairs {
		acronym := Fold(p[0])
		if IsSmall(acronym) {
			continue
		}
		for _, words := range wordings(p[1]) {
			m[strings.Join(PhraseStems(words), " ")] = Stem(acronym)
		}
	}
	return m
}()

// wordings returns the ways stories write what an acronym stands for:
// as the table has it, and, when a word of it is hyphenated, written as
// one word too ("antisocial behaviour order" for "anti-social behaviour
// order"), which the index holds as one stem. (A story that writes it
// hyphenated or apart has its words in a row, as the table's words are.)
func wordings(words string) []string {
	joined := strings.ReplaceAll(words, "-", "")
	if joined == words {
		return []string{words}
	}
	return []string{words, joined}
}

// PhraseStems returns the stems of text's words, small words left out, as
// AcronymFor and SynonymFor look a phrase up, and as a search matches a
// sector's name typed whole.
func PhraseStems(text string) []string {
	var stems []string
	Each(text, func(w Word) {
		if !IsSmall(w.Text) {
			stems = append(stems, Stem(w.Text))
		}
	})
	return stems
}

// expansions is Expansions's table, read-only after initialisation.
var expansions = func() map[string][][]string {
	m := map[string][][]string{}
	for _, p := range acronymPairs {
		for _, words := range wordings(p[1]) {
			var stems []string
			Each(words, func(w Word) { stems = append(stems, Stem(w.Text)) })
			// The plural too, where the stemmer leaves it apart (a word
			// of three letters: "A&Es" is "aes").
			one, many := Stem(Fold(p[0])), Stem(Fold(p[0])+"s")
			m[one] = append(m[one], stems)
			if many != one {
				m[many] = append(m[many], stems)
			}
		}
	}
	own := make(map[string][][]string, len(m))
	for stem, phrases := range m {
		own[stem] = slices.Clone(phrases)
	}
	for _, pair := range sameThing {
		for _, ab := range [...][2]string{pair, {pair[1], pair[0]}} {
			a, b := Fold(ab[0]), Fold(ab[1])
			if !IsSmall(b) {
				m[Stem(a)] = append(m[Stem(a)], []string{Stem(b)})
			}
			m[Stem(a)] = append(m[Stem(a)], own[Stem(b)]...)
		}
	}
	return m
}()
