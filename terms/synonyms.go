package terms

import (
	"slices"
	"strings"
)

// Words and phrases that public-sector news and the people who read it use
// for the same thing, each pair either way round: a council officer types
// "local authorities" for the story headed "Council …", a resident
// "bins" for "rubbish collections", a journalist "job cuts" for
// "redundancies" and "council boss" for "council chief" ("local
// government" is left out: it is also the sector's name, which a search
// reads as the sector). Only everyday
// words of councils' and public services' news are here, never a word one
// story needs: what councils collect ("refuse" is left out, being also
// the verb, and "waste" kept, though also "a waste of money", as the
// commoner service word), the money they have and its cuts ("reductions";
// not "savings", whose stem is also that of "save lives"), the jobs they
// cut, who runs them, their mergers ("amalgamation"), their services put
// online ("digitisation" and "digitalisation") and the police (a
// "constabulary"; "authority" alone is left out, being also a combined,
// fire or health authority, and a council's other name already as "local
// authority"), and the party news calls by its nickname as often as by
// its name ("Tory", though a "conservative estimate" is then found after
// the Tories). A pair is two words or a word and a phrase: a phrase of two
// phrases has no way to be looked up in the query as typed (but see
// wordForWordPairs). It is never written.
var synonymPairs = [...][2]string{
	{"council", "local authority"},
	{"tory", "conservative"},
	{"rubbish", "waste"}, {"rubbish", "bin"}, {"waste", "bin"},
	{"redundancy", "job cut"}, {"redundancy", "job loss"},
	{"money", "funding"}, {"money", "cash"}, {"funding", "cash"},
	{"boss", "chief"},
	{"constabulary", "police force"}, {"constabulary", "police"},
	{"merger", "amalgamation"}, {"merge", "amalgamate"},
	{"cut", "reduction"},
	{"digitise", "digitalise"},
}

// Roles written with -man, -woman, -person or none, each group one role:
// councils and papers write "chair", "chairman" and "chairwoman" for the
// same office, and an officer types whichever they say. Every two words
// of a group are a pair of synonyms. It is never written.
var roleGroups = [...][]string{
	{"chair", "chairman", "chairwoman", "chairperson"},
	{"spokesman", "spokeswoman", "spokesperson"},
}

// roleGroupPairs are every two words of each of roleGroups.
func roleGroupPairs() [][2]string {
	var out [][2]string
	for _, g := range roleGroups {
		for i := range g {
			for _, b := range g[i+1:] {
				out = append(out, [2]string{g[i], b})
			}
		}
	}
	return out
}

// Places with a Welsh and an English name, each pair the English, then
// the Welsh: councils and stories write either ("Isle of Anglesey County
// Council", "Cyngor Sir Ynys Môn") and officers search with either. It
// is never written.
var welshNamePairs = [...][2]string{
	{"anglesey", "ynys môn"},
}

// The devolved parliaments by the name their nations give them, or their
// building's, each with what English-language news writes: officers in
// Cardiff and Edinburgh say "the Senedd" and "Holyrood", and the papers,
// or stories from before the Senedd took that name in 2020, "the Welsh
// Assembly" and "the Scottish Parliament". Holyrood stands for the
// Scottish Government as well as its parliament, as Stormont does for
// Northern Ireland's executive. It is never written.
var parliamentPairs = [...][2]string{
	{"senedd", "Welsh Parliament"}, {"senedd", "Welsh Assembly"}, {"senedd", "National Assembly for Wales"},
	{"holyrood", "Scottish Parliament"}, {"holyrood", "Scottish Government"},
	{"stormont", "Northern Ireland Assembly"}, {"stormont", "Northern Ireland Executive"},
}

// Acronyms whose words stories shorten, each with the words they write:
// "CEO" is a "chief executive officer", and a council's "chief executive"
// is one. One way only: a search for "CEO" finds the chief executives
// (after the stories that write CEO), but "chief executive", among the
// archive's commonest searches, is not made to ask the index for "ceo"
// too.
var shortenedPairs = [...][2]string{
	{"ceo", "chief executive"},
}

// Names that news writes two ways word for word, each pair either way
// round: a party shortened ("Lib Dem", "Liberal Democrat"), and the
// elections of councils, which news calls local ("council elections",
// "local elections"). A word of one stands for the word in its place in
// the other only beside the rest of it: "lib" alone is no liberal, and
// "council" is "local" only before "elections". The two of a pair have
// as many words, small words left out. It is never written.
var wordForWordPairs = [...][2]string{
	{"lib dem", "liberal democrat"},
	{"council election", "local election"},
}

// WordForWord returns, for the stems of a phrase of wordForWordPairs,
// small words left out, the stems of the other, word for word ("liberal
// democrat" for "lib dem"); nil for any other stems. The slice is the
// caller's.
func WordForWord(stems []string) []string {
	return slices.Clone(wordForWord[strings.Join(stems, " ")])
}

// wordForWord is WordForWord's table, read-only after initialisation.
var wordForWord = func() map[string][]string {
	m := map[string][]string{}
	for _, p := range wordForWordPairs {
		a, b := PhraseStems(p[0]), PhraseStems(p[1])
		m[strings.Join(a, " ")], m[strings.Join(b, " ")] = b, a
	}
	return m
}()

// Synonyms returns, for the stem of a word of the pairs above (and of a
// role's groups, of a place's English or Welsh name, and of a devolved
// parliament's name), the stems of
// each word or phrase that means the same ("local authority" for
// "council"; a word is a phrase of one stem), as the index holds them in a
// row; nil for any other stem. The slices are the caller's.
func Synonyms(stem string) [][]string { return clonePhrases(synonyms[stem]) }

// SynonymFor returns the stem of the one word that means what a phrase
// of the pairs above means, given the phrase's stems, small words left out
// ("council" for "local authority"), or "" when there is none.
func SynonymFor(stems []string) string { return synonymWords[strings.Join(stems, " ")] }

// synonyms is Synonyms's table and synonymWords SynonymFor's, read-only
// after initialisation.
var synonyms, synonymWords = func() (map[string][][]string, map[string]string) {
	words, phrases := map[string][][]string{}, map[string]string{}
	for _, p := range slices.Concat(synonymPairs[:], roleGroupPairs(), welshNamePairs[:], parliamentPairs[:]) {
		a, b := PhraseStems(p[0]), PhraseStems(p[1])
		if len(a) == 1 {
			words[a[0]] = append(words[a[0]], b)
		}
		if len(b) == 1 {
			words[b[0]] = append(words[b[0]], a)
		}
		if len(a) == 1 && len(b) > 1 {
			phrases[strings.Join(b, " ")] = a[0]
		}
	}
	for _, p := range shortenedPairs {
		a := PhraseStems(p[0])[0]
		words[a] = append(words[a], PhraseStems(p[1]))
	}
	return words, phrases
}()
