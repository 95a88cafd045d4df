package terms

import (
	"strings"
	"unicode/utf8"
)

// IsSmall reports whether a folded word is a small word: an English
// function word ("the", "and", "of", "will") or a single letter. Search
// leaves small words out of a query unless they are quoted or part of a
// hyphenated name, and the sector model does not count them. The list is
// the Snowball English stop-word list, with its contractions written
// without apostrophes (those that spell an English word, such as "ill"
// and "shell", are left out), and a few more function words common in news
// copy (modal verbs, "said", "also", "via"). It holds no topic words.
func IsSmall(word string) bool {
	if smallWords[word] {
		return true
	}
	r, size := utf8.DecodeRuneInString(word)
	return size == len(word) && !('0' <= r && r <= '9')
}

// smallWords is read-only after initialisation.
var smallWords = func() map[string]bool {
	const list = `
	i me my myself we our ours ourselves you your yours yourself yourselves
	he him his himself she her hers herself it its itself they them their
	theirs themselves what which who whom this that these those am is are was
	were be been being have has had having do does did doing would should
	could ought a an the and but if or because as until while of at by for
	with about against between into through during before after above below
	to from up down in out on off over under again further then once here
	there when where why how all any both each few more most other some such
	no nor not only own same so than too very
	im youre hes shes theyre ive youve weve theyve youd theyd youll theyll
	isnt arent wasnt werent hasnt
	havent hadnt doesnt dont didnt wont wouldnt shant shouldnt cant cannot
	couldnt mustnt lets thats whos whats heres theres whens wheres whys hows
	will can may might must shall also said says say via per upon within
	without yet however whether among amongst across around toward towards
	whose us
	`
	m := map[string]bool{}
	for _, w := range strings.Fields(list) {
		m[w] = true
	}
	return m
}()

// IsAsking reports whether a folded word is one that a question typed as
// a sentence asks with, rather than names what it asks about: "happening"
// in "what is happening with devolution?", "news" in "any news on shared
// services?", "latest" in "what's the latest on the merger?", "mention"
// in "which stories mention Kent?". Search
// leaves them out of a question (StartsQuestion) as it does small words;
// anywhere else they are words like any other ("fake news").
func IsAsking(word string) bool { return askingWords[word] }

// StartsQuestion reports whether a folded word is one a question typed as
// a sentence begins with: a question word, a verb that asks ("is there",
// "has anything"), or "any" ("any news on …").
func StartsQuestion(word string) bool { return questionStarts[word] }

// askingWords and questionStarts are read-only after initialisation.
var askingWords, questionStarts = wordSet(`
	happen happens happened happening going goes gone news latest update updates
	anything something know tell show find hear heard info story stories
	article articles mention mentions mentioned`), wordSet(`
	what whats who whos where wheres when whens why how hows which is are was
	were has have had do does did can could will would should any anything
	tell show`)

// wordSet returns the words of list, split at white space, as a set.
func wordSet(list string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(list) {
		m[w] = true
	}
	return m
}
