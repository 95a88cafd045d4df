package feeds

import (
	"bytes"
	"html"
	"net/url"
	"regexp"
	"strings"
)

// xmlBaseAttribute matches an xml:base attribute and captures its quoted
// value.
var xmlBaseAttribute = regexp.MustCompile(`\bxml:base\s*=\s*("[^"<]*"|'[^'<]*')`)

// fileBasesAsFolders makes every xml:base that names a file (its last
// path segment has a dot: "https://x.example/feed.xml", "index.php") name
// the file's folder instead. RFC 3986 resolves a reference against a
// base's folder, dropping its last segment, but gofeed takes every base
// for a folder ("there's no reason someone would use a path in xml:base
// if they didn't mean for it to be a directory"), and a feed whose
// xml:base is its own address had every relative link resolved under
// the feed file, a page that does not exist. A base without a dot in its
// last segment ("https://x.example/news") is left as gofeed reads it, a
// folder, as its author most likely meant. Only attributes of tags are
// changed (xmlBaseAttributes): the same words in a story's text, in CDATA
// or a comment (a post on how to set xml:base), are its author's and stay
// as written. The body is copied only when a base changes.
func fileBasesAsFolders(body []byte) []byte {
	if !bytes.Contains(body, []byte("xml:base")) {
		return body
	}
	var out []byte // nil until a base changes
	from := 0      // body[:from] is in out, when out is not nil
	for _, m := range xmlBaseAttributes(body) {
		quoted := body[m[2]:m[3]]
		folder, ok := fileFolder(html.UnescapeString(string(quoted[1 : len(quoted)-1])))
		if !ok {
			continue
		}
		if out == nil {
			out = make([]byte, 0, len(body))
		}
		out = append(out, body[from:m[2]+1]...)
		out = append(out, attributeEscaper.Replace(folder)...)
		from = m[3] - 1
	}
	if out == nil {
		return body
	}
	return append(out, body[from:]...)
}

// xmlBaseAttributes returns where the xml:base attributes of body's tags
// are, as xmlBaseAttribute's submatch indexes, in order. It walks the
// markup as an XML parser does, so that text which only looks like an
// attribute is passed over: CDATA sections, comments, processing
// instructions and declarations are skipped whole, and character data
// between tags is never looked in.
func xmlBaseAttributes(body []byte) [][]int {
	var found [][]int
	for i := 0; i < len(body); {
		lt := bytes.IndexByte(body[i:], '<')
		if lt < 0 {
			break
		}
		i += lt
		rest := body[i:]
		var end int // just past the construct that starts at i
		switch {
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			end = closeAfter(rest, "]]>")
		case bytes.HasPrefix(rest, []byte("<!--")):
			end = closeAfter(rest, "-->")
		case bytes.HasPrefix(rest, []byte("<?")):
			end = closeAfter(rest, "?>")
		case bytes.HasPrefix(rest, []byte("<!")):
			end = closeAfter(rest, ">") // a DOCTYPE, or a declaration in its internal subset: no tag
		default:
			end = tagEnd(rest)
			if !bytes.Contains(rest[:end], []byte("xml:base")) {
				break // most tags: no pattern run over them
			}
			for _, m := range xmlBaseAttribute.FindAllSubmatchIndex(rest[:end], -1) {
				for k := range m {
					m[k] += i
				}
				found = append(found, m)
			}
		}
		i += end
	}
	return found
}

// closeAfter returns the length of b up to and including the first
// closing delimiter, or all of b when it is not closed.
func closeAfter(b []byte, delim string) int {
	if j := bytes.Index(b, []byte(delim)); j >= 0 {
		return j + len(delim)
	}
	return len(b)
}

// tagEnd returns the length of the tag at the start of b, up to and
// including its ">", which inside a quoted attribute value does not
// end it; all of b when it is not closed.
func tagEnd(b []byte) int {
	var quote byte
	for j := 1; j < len(b); j++ {
		switch c := b[j]; {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return j + 1
		case c == '<':
			return j // not a tag after all: text starts again here
		}
	}
	return len(b)
}

// attributeEscaper escapes text for a quoted XML attribute value.
var attributeEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", `"`, "&quot;", "'", "&apos;")

// fileFolder returns the folder of the file base names, without its
// query or fragment, and whether base names a file at all.
func fileFolder(base string) (string, bool) {
	u, err := url.Parse(strings.TrimSpace(base))
	if err != nil || u.Opaque != "" {
		return "", false
	}
	slash := strings.LastIndexByte(u.Path, '/')
	if !strings.Contains(u.Path[slash+1:], ".") || u.Path[slash+1:] == "." || u.Path[slash+1:] == ".." {
		return "", false
	}
	u.Path, u.RawPath, u.RawQuery, u.ForceQuery, u.Fragment, u.RawFragment = u.Path[:slash+1], "", "", false, "", ""
	if u.Path == "" && u.Host == "" {
		return "./", true // "feed.xml": the folder of the base in scope
	}
	return u.String(), true
}
