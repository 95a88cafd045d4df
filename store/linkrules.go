package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/sharednews/sharednews/digest"
)

// keyStoredLinks records, once the link rules (digest.LinkRulesVersion)
// are newer than those the database's stored links were last keyed under
// (migration 0039), the link that each stored link canonicalises to now,
// where it is another, as a URL key of its story: a story stored as
// "https://eur01.safelinks.protection.outlook.com/?url=…" or
// "https://x.gov.uk/a?ref=rss" by a release before is then found by
// "https://x.gov.uk/a", by the newswire, a member's submission and a
// search alike, and still shows the link it was stored with. The URL keys
// story_keys holds (other links of a story, and those of stories deleted)
// are keyed so too. A link that is already a story's own, or already a
// key, keeps leading where it led; of two stored links with one form now,
// the older story's is the key. The entries still held back take today's
// form of their link. It returns how many keys it recorded.
//
// Keying the stored links once beats canonicalising them at every
// look-up: SQL finds a link in the indexes of stories.url and story_keys
// only under the form it is stored in. Each link is canonicalised once
// (MATERIALIZED: SQLite would otherwise call the function again wherever
// the column is named). Once done, a call costs one read.
func (s *Store) keyStoredLinks(ctx context.Context) (int, error) {
	var version int
	if err := s.db.QueryRowContext(ctx, `SELECT version FROM link_rules`).Scan(&version); err != nil {
		return 0, fmt.Errorf("read the link rules' version: %w", err)
	}
	if version == digest.LinkRulesVersion {
		return 0, nil
	}
	var added []keyPair
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		added = nil
		// Again, under the write lock: another process may have done it.
		if err := tx.QueryRowContext(ctx, `SELECT version FROM link_rules`).Scan(&version); err != nil {
			return fmt.Errorf("read the link rules' version: %w", err)
		}
		if version == digest.LinkRulesVersion {
			return nil
		}
		err := eachRow(ctx, tx, func(r *sql.Rows) error {
			p := keyPair{kind: keyURL}
			if err := r.Scan(&p.key); err != nil {
				return err
			}
			added = append(added, p)
			return nil
		}, `WITH today AS MATERIALIZED (
				SELECT `+canonicalLinkFunc+`(url) AS link, url AS stored, id AS story_id FROM stories
				UNION ALL
				SELECT `+canonicalLinkFunc+`(key), key, story_id FROM story_keys WHERE kind = 'url')
			INSERT INTO story_keys (kind, key, story_id)
			SELECT 'url', link, story_id FROM today
			WHERE link <> stored AND NOT EXISTS (SELECT 1 FROM stories WHERE url = link)
			ORDER BY link, story_id
			ON CONFLICT (kind, key) DO NOTHING RETURNING key`)
		if err != nil {
			return fmt.Errorf("key stored links under today's rules: %w", err)
		}
		// A held-back entry is no story: its link is what finds it (a
		// member keeping it, the feed giving it again), so an entry still
		// held back takes today's form; one whose new form the feed
		// already held back under the same GUID stays as it was.
		if _, err := tx.ExecContext(ctx, `UPDATE OR IGNORE held_back SET url = `+canonicalLinkFunc+`(url)
			WHERE released_story_id IS NULL AND `+canonicalLinkFunc+`(url) <> url`); err != nil {
			return fmt.Errorf("hold back entries under today's links: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE link_rules SET version = ?`, digest.LinkRulesVersion); err != nil {
			return fmt.Errorf("record the link rules' version: %w", err)
		}
		if len(added) == 0 {
			return nil
		}
		return s.keysChanged(ctx, tx, func(yield func(keyPair) bool) {
			for _, p := range added {
				if !yield(p) {
					return
				}
			}
		})
	})
	if err != nil {
		return 0, err
	}
	return len(added), nil
}
