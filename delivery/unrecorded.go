package delivery

import (
	"fmt"
	"sync"
)

// unrecorded keeps, for each delivery, the parts a worker posted whose
// record the ledger refused for a reason waiting does not cure within the
// lease (a full disk, a database made read-only): the parts are out (a
// mail the server accepted cannot be taken back), and posting them again
// when the delivery is next claimed would send a second copy. A chat
// platform can be asked what is in its channel (PostedPartsFinder); a
// mail server cannot, so without this the reader got every mail sent
// while the database could not be written twice. It lives as long as the
// worker: a process stopped before the database can be written again
// forgets it, and the next worker sends those mails again (the README's
// "Exactly once, and its limit").
type unrecorded struct {
	mu    sync.Mutex
	parts map[int64]postedParts
	// fault is the last record's failure, until the ledger takes a write
	// again: meanwhile nothing more is posted (recordable).
	fault error
}

// postedParts is how many leading parts of a delivery are posted, and the
// first one's reference.
type postedParts struct {
	n   int
	ref string
}

func newUnrecorded() *unrecorded { return &unrecorded{parts: map[int64]postedParts{}} }

// keep remembers that the first n parts of delivery id are posted, their
// record having failed with err.
func (u *unrecorded) keep(id int64, n int, ref string, err error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.fault = err
	if n > u.parts[id].n {
		u.parts[id] = postedParts{n: n, ref: ref}
	}
}

// of returns the parts of delivery id posted and not yet recorded.
func (u *unrecorded) of(id int64) (postedParts, bool) {
	u.mu.Lock()
	defer u.mu.Unlock()
	p, ok := u.parts[id]
	return p, ok
}

// recorded forgets delivery id's parts: the ledger has them.
func (u *unrecorded) recorded(id int64) {
	u.mu.Lock()
	defer u.mu.Unlock()
	delete(u.parts, id)
}

// written says the ledger took a write: parts may be posted again.
func (u *unrecorded) written() {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.fault = nil
}

// recordable is Post.Recordable: an error while the ledger's last record
// of a part posted failed and it has taken no write since.
func (u *unrecorded) recordable() error {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.fault == nil {
		return nil
	}
	return &TransientError{Reason: "nothing was posted while the bot's database could not record it (the log has the full error)",
		Err: fmt.Errorf("a part posted could not be recorded: %w", u.fault)}
}
