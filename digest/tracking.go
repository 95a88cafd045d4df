package digest

import (
	"net/url"
	"slices"
	"strings"
)

// trackingParams are query parameters that say how a reader arrived, not
// which page they read. Keys are compared in lower case.
var trackingParams = map[string]bool{
	// Click identifiers of ad and social platforms.
	"fbclid": true, "gclid": true, "gclsrc": true, "dclid": true, "gbraid": true,
	"wbraid": true, "msclkid": true, "yclid": true, "twclid": true, "ttclid": true,
	"li_fat_id": true, "igshid": true, "igsh": true, "srsltid": true, "epik": true,
	"rb_clickid": true, "s_kwcid": true, "ef_id": true,
	"fb_action_ids": true, "fb_action_types": true, "fb_ref": true, "fb_source": true,
	// Google Analytics cross-domain linking.
	"_ga": true, "_gl": true,
	// Mailchimp, HubSpot, Marketo, Vero, dotdigital and similar mailers.
	"mc_cid": true, "mc_eid": true, "_hsenc": true, "_hsmi": true, "__hstc": true,
	"__hssc": true, "__hsfp": true, "hsctatracking": true, "mkt_tok": true,
	"vero_id": true, "vero_conv": true, "dm_i": true, "oly_anon_id": true,
	"oly_enc_id": true, "_ke": true, "_kx": true, "wickedid": true,
	// BBC (AT Internet and the older comScore tags) as appended by its feeds.
	"at_medium": true, "at_campaign": true, "at_ptr_name": true, "at_link_origin": true,
	"at_link_type": true, "at_link_id": true, "at_format": true, "at_bbc_team": true,
	"at_campaign_type": true, "at_platform": true, "at_creation": true, "at_type": true,
	"at_ptr_type": true, "at_variant": true,
	"ns_mchannel": true, "ns_source": true, "ns_campaign": true, "ns_linkname": true,
	"ns_fee": true,
	// Publishers' campaign codes: Guardian, MSN, NYT, Yahoo, Twitter shares.
	"cmp": true, "intcmp": true, "ocid": true, "cvid": true, "cmpid": true, "icid": true,
	"s_cid": true, "smid": true, "smtyp": true, "ncid": true, "soc_src": true,
	"soc_trk": true, "guccounter": true, "guce_referrer": true, "guce_referrer_sig": true,
	"ref_src": true, "ref_url": true,
	// Piwik/Matomo, Webtrends and Webtrekk (Mapp; German publishers).
	"pk_campaign": true, "pk_kwd": true, "pk_keyword": true, "pk_source": true,
	"pk_medium": true, "pk_content": true, "pk_cid": true, "wt.mc_id": true, "wt_mc": true, "wt_zmc": true,
	"xtor": true, "_openstat": true,
}

// trackingPrefixes are families of tracking parameters, such as utm_source
// and at_custom1 … at_custom4.
var trackingPrefixes = []string{"utm_", "at_custom", "mtm_", "hsa_"}

// sessionParams are query parameters in which a server keeps a visitor's
// session for a client that takes no cookies, as a feed poller is: PHP's
// (session.use_trans_sid), ColdFusion's client variables, Java servlets'
// when written as a parameter, osCommerce's and Zen Cart's. A new one
// comes with every request, so a feed's every link changed at every poll;
// no page is told by one. (Java's usual form is in the path:
// withoutSessionInPath.)
var sessionParams = map[string]bool{"phpsessid": true, "jsessionid": true, "cfid": true, "cftoken": true, "oscsid": true, "zenid": true}

// jsessionid is the path parameter in which Java servlets keep a
// session for a client that takes no cookies ("/news/41;jsessionid=1A2B").
const jsessionid = ";jsessionid="

// withoutSessionInPath removes from a path each jsessionid parameter, up
// to the next "/" or ";", in any case: like sessionParams, it is new at
// every request and tells no page.
func withoutSessionInPath(path string) string {
	for i := 0; i+len(jsessionid) <= len(path); i++ {
		if path[i] != ';' || !strings.EqualFold(path[i:i+len(jsessionid)], jsessionid) {
			continue
		}
		end := i + len(jsessionid)
		for end < len(path) && path[end] != '/' && path[end] != ';' {
			end++
		}
		path = path[:i] + path[end:]
		i--
	}
	return path
}

// paramKey returns a (still encoded) query key as trackingParams and
// sessionParams hold keys: unescaped (as it is when it cannot be) and in
// lower case, so that any case and any percent-encoding of one matches.
func paramKey(rawKey string) string {
	key, err := url.QueryUnescape(rawKey)
	if err != nil {
		key = rawKey
	}
	return strings.ToLower(key)
}

// isTrackingParam reports whether key, as paramKey returns it, is a
// tracking parameter.
func isTrackingParam(key string) bool {
	if trackingParams[key] {
		return true
	}
	for _, p := range trackingPrefixes {
		if strings.HasPrefix(key, p) {
			return true
		}
	}
	return false
}

// referrerParams are query parameters that say where a reader came from,
// and feedReferrers the values by which they say a feed: a feed that adds
// "?ref=rss", "?source=rss" or "?from=feed" to its links says how its
// readers arrive, not which page they read. Other values stay ("?ref=12"
// may be the page's reference), and so do other parameters ("?feed=rss2"
// is WordPress's feed itself). Both are compared in lower case.
var (
	referrerParams = map[string]bool{"ref": true, "source": true, "src": true, "from": true, "via": true,
		"origin": true, "referrer": true, "referer": true, "channel": true, "medium": true}
	feedReferrers = map[string]bool{"rss": true, "rss2": true, "rssfeed": true, "rss_feed": true, "rss-feed": true,
		"feed": true, "feeds": true, "atom": true, "newsfeed": true, "feedburner": true, "feedly": true}
)

// cameFromAFeed reports whether the (still encoded) query pair key=value
// says that its reader came from a feed (referrerParams).
func cameFromAFeed(rawKey, rawValue string) bool {
	key, err := url.QueryUnescape(rawKey)
	if err != nil || !referrerParams[strings.ToLower(key)] {
		return false
	}
	value, err := url.QueryUnescape(rawValue)
	return err == nil && feedReferrers[strings.ToLower(value)]
}

// canonicalQuery drops tracking parameters, sessions (sessionParams),
// those that say a reader came from a feed (cameFromAFeed) and empty pairs from a raw query
// and sorts the rest by key, so the same page with its parameters in
// another order has one canonical URL. Pairs with equal keys keep their
// order, because servers read repeated keys as ordered lists. Values are not
// decoded and re-encoded: "+" and "%2B" stay different, as they may be.
func canonicalQuery(rawQuery string) string {
	if rawQuery == "" {
		return ""
	}
	type pair struct{ key, text string }
	var pairs []pair
	for part := range strings.SplitSeq(rawQuery, "&") {
		if part == "" {
			continue
		}
		part = normalizeEscapes(part, isQueryChar)
		key, value, _ := strings.Cut(part, "=")
		if k := paramKey(key); isTrackingParam(k) || sessionParams[k] || cameFromAFeed(key, value) {
			continue
		}
		pairs = append(pairs, pair{key, part})
	}
	slices.SortStableFunc(pairs, func(a, b pair) int { return strings.Compare(a.key, b.key) })
	texts := make([]string, len(pairs))
	for i, p := range pairs {
		texts[i] = p.text
	}
	return strings.Join(texts, "&")
}
