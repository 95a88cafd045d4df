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
// folder, as its author most likely meant. The body is copied only when
// a base changes.
func fileBasesAsFolders(body []byte) []byte {
	if !bytes.Contains(body, []byte("xml:base")) {
		return body
	}
	return xmlBaseAttribute.ReplaceAllFunc(body, func(attr []byte) []byte {
		m := xmlBaseAttribute.FindSubmatchIndex(attr)
		quoted := attr[m[2]:m[3]]
		folder, ok := fileFolder(html.UnescapeString(string(quoted[1 : len(quoted)-1])))
		if !ok {
			return attr
		}
		out := append([]byte{}, attr[:m[2]]...)
		out = append(out, quoted[0])
		out = append(out, attributeEscaper.Replace(folder)...)
		return append(out, quoted[0])
	})
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
