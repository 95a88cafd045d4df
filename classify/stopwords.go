package classify

import "strings"

// stopWords are English function words, which say nothing about a story's
// sector. The list is the Snowball English stop-word list, with its
// contractions written without apostrophes (the tokeniser removes them;
// those that spell an English word, such as "ill" and "shell", are left out) and
// a few more function words common in news copy (modal verbs, "said",
// "also", "via"). It deliberately holds no topic words: deciding which
// content words matter is the model's job.
var stopWords = func() map[string]bool {
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

// isStopWord reports whether w, lower-cased and without apostrophes, is a
// function word.
func isStopWord(w string) bool { return stopWords[w] }
