package feeds

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/sharednews/sharednews/feeds/feedtest"
)

var jsonSplitSeeds = []string{
	`{}`, ` { } `, `[]`, `[ ]`, `{"a":1}`, `{"a":[1,{"b":"}"}],"c":"x\"y"}`,
	`{"a\"b":true,"\u00e9":null,"é":-1.5e3 , "d" : [ ] }`,
	`{"a":1,"a":2}`, `[1, "two", {"three":[3]}, [4], null, false, -0.5]`,
	`{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"1","tags":["a","b"]},{"id":"2"}]}`,
	`{"k":"\\","l":"\\\""}`, "{\"t\":\t[\r\n1\n]\n}\n",
}

// FuzzJSONSplitAgreesWithDecoder: the members eachJSONMember finds in any
// valid JSON object, and the elements jsonElements finds in any valid
// array, are those encoding/json decodes, in order, as the same bytes.
func FuzzJSONSplitAgreesWithDecoder(f *testing.F) {
	for _, seed := range jsonSplitSeeds {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if !json.Valid(b) {
			return
		}
		switch bytes.TrimLeft(b, " \t\r\n")[0] {
		case '{':
			var want map[string]json.RawMessage
			if err := json.Unmarshal(b, &want); err != nil {
				t.Fatal(err)
			}
			got := map[string]json.RawMessage{}
			eachJSONMember(b, func(name string, value []byte) { got[name] = value })
			if len(got) != len(want) {
				t.Fatalf("%q: %d members, the decoder found %d", b, len(got), len(want))
			}
			for name, v := range want {
				if !bytes.Equal(got[name], v) {
					t.Fatalf("%q: member %q is %q, the decoder's %q", b, name, got[name], v)
				}
			}
		case '[':
			var want []json.RawMessage
			if err := json.Unmarshal(b, &want); err != nil {
				t.Fatal(err)
			}
			got := jsonElements(bytes.TrimSpace(b))
			if len(got) != len(want) {
				t.Fatalf("%q: %d elements, the decoder found %d", b, len(got), len(want))
			}
			for i := range want {
				if !bytes.Equal(got[i], want[i]) {
					t.Fatalf("%q: element %d is %q, the decoder's %q", b, i, got[i], want[i])
				}
			}
		}
	})
}

// TestJSONFeedIsNotCopied: a JSON Feed is read from its bytes, not from
// copies of them: a feed of about 4 MB refused for its values allocates
// a small part of its length. Its items were copied whole twice before
// (once as the top object's member, once into a json.Decoder's buffer,
// grown by doubling), and the one item once more: over 3 times the feed.
func TestJSONFeedIsNotCopied(t *testing.T) {
	for _, a := range []feedtest.Attack{
		feedtest.JSONList("attachments", "{}", false, 4<<20),
		feedtest.JSONList("tags", `"t"`, false, 4<<20),
	} {
		var err error
		n := allocated(func() { _, err = parseFeed(a.Body, "application/feed+json", nil) })
		if err == nil || !bytes.Contains([]byte(err.Error()), []byte("values in its first")) {
			t.Fatalf("%s: %v, want the limit on values", a.Name, err)
		}
		if n > uint64(len(a.Body))/4 {
			t.Errorf("%s: %d bytes allocated reading %d, %.2f times the feed", a.Name, n, len(a.Body), float64(n)/float64(len(a.Body)))
		}
	}
}
