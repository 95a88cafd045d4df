package bot

import "strings"

// parse reads a command line as typed on platform, whose command word is
// word ("/shared"). Where no slash is needed (after a mention, in a
// direct message, on the console) people type the command all the same,
// and often without its slash, as "shared news health": the word's name
// alone leads the line as the word would, and the command runs. It does
// not when it names one of the commands itself (a command configured as
// /news): "news health" then asks for the news, as it always did.
func (b *Bot) parse(text, word string) Command {
	cmd := ParseCommand(text, word)
	name := bareWord(word)
	if _, isCommand := b.commands[name]; cmd.Name != name || isCommand {
		return cmd
	}
	return ParseCommand(cmd.RawRest(0), word)
}

// bareWord is a command word's name: without its slash, lower-cased as
// a parsed command's name is.
func bareWord(word string) string {
	return strings.ToLower(strings.TrimPrefix(word, "/"))
}

// commandWordSlip returns the line cmd as it should have been typed when
// its first word, unknown as a command, is a slip for the command word
// word ("/share news", "shraed news"), and "" when it is not. A slip
// typed with its slash is meant as the command word whatever follows, so
// a slip in the command after it is put right too ("/share nws" is
// "/shared news"), and a command past guessing leaves only the word,
// which lists the commands. Without its slash a word near the command
// word is only taken for it before a command typed right: "share it
// with Ana" in a direct message is no slip of "/shared it".
func (b *Bot) commandWordSlip(cmd Command, word string) string {
	typed, slashed := strings.CutPrefix(cmd.Name, "/")
	if _, isCommand := b.commands[typed]; isCommand || typed == bareWord(word) ||
		nearestWord(typed, []string{bareWord(word)}) == "" {
		return "" // "/note" under a command /notes is the command note, typed with a slash
	}
	rest := ParseCommand(cmd.RawRest(0), "")
	if _, known := b.commands[rest.Name]; known {
		return word + " " + cmd.RawRest(0)
	}
	if !slashed {
		return ""
	}
	if near := b.nearestCommand(rest.Name); rest.Name != "" && near != "" {
		return strings.TrimSpace(word + " " + near + " " + rest.RawRest(0))
	}
	return word
}
