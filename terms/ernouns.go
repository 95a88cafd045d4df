package terms

// IsOwnErNoun reports whether a stem in -er is a word of its own rather than
// the one who does, or the thing that does, the word without -er: an
// officer does not office, nor a tender tend. Search reads "leader" and
// "lead", "worker" and "work", "merger" and "merge" as the same word
// written two ways, and no rule of spelling tells those from these, which
// the stemmer (lighter than Porter's) keeps as they are: asking for
// "officer" brought the back-office stories, and "former chief executive"
// brought every application form.
//
// The list holds the words a council officer reads in public-sector news;
// each was checked against the stemmer, which gives the stem here for the
// word and its plural, and the shorter stem for the other word ("office":
// "offic"). Words in -er whose shorter form no one types, or that the
// stemmer already keeps apart, are not here: "member" (cut, "memb"),
// "order" and "paper" (too short to be cut; "ord" and "pap" are no
// words), "planner" ("plann", not "plan").
func IsOwnErNoun(stem string) bool { return ownErNouns[stem] }

// ownErNouns is read-only after initialisation: each stem with the word
// it must not be read as.
var ownErNouns = map[string]bool{
	"officer":  true, // office
	"tender":   true, // tend ("tendering" is "tender" too)
	"number":   true, // numb
	"former":   true, // form
	"counter":  true, // count: counter-fraud is no counting
	"corner":   true, // corn
	"header":   true, // head
	"master":   true, // mast: phone masts
	"matter":   true, // Matt
	"quarter":  true, // quart
	"customer": true, // custom
	"charter":  true, // chart
	"layer":    true, // lay: lay members
	"liver":    true, // live: liver services
	"center":   true, // cent: the American "centre" is no "per cent"
}
