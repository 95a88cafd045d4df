package store

import "hash/maphash"

// stemSet tells apart the stems of one story's text as termsOf meets
// them, in order: a table of slots by the stem's hash, each the place of
// a stem in stems. It replaced a map[string]struct{}, whose hashing,
// look-up and insert cost about three times as much for the 60 tokens and
// 30 distinct stems of a news story; the newswire indexes every story it
// reads. The zero value is ready; reset empties it, keeping its memory.
//
// Its hash is seeded afresh for each set (maphash, the runtime's own map
// hash): the stems come from feeds anyone can write, and with a fixed hash
// a feed of words made to collide would have every look-up probe through
// all the others, a quadratic cost for one hostile feed.
type stemSet struct {
	slots []int32 // 1 + the stem's place in stems; 0 for none
	stems []string
	seed  maphash.Seed
	// seeded is set once seed is made: the zero Seed is not one.
	seeded bool
}

// reset empties the set for a text of about size bytes.
func (s *stemSet) reset(size int) {
	// A stem is two bytes of text or more with the space after it, and
	// the table is kept at most half full.
	n := 64
	for n < size {
		n <<= 1
	}
	if len(s.slots) < n {
		s.slots = make([]int32, n)
	} else {
		clear(s.slots)
	}
	s.stems = s.stems[:0]
}

// add adds stem to the set and reports whether it was not there.
func (s *stemSet) add(stem string) bool {
	_, added := s.place(stem)
	return added
}

// place adds stem to the set if it is not there, and returns its place in
// s.stems and whether it was added.
func (s *stemSet) place(stem string) (int, bool) {
	if 2*(len(s.stems)+1) > len(s.slots) {
		s.grow()
	}
	mask := uint64(len(s.slots) - 1)
	for i := s.hash(stem) & mask; ; i = (i + 1) & mask {
		k := s.slots[i]
		if k == 0 {
			s.stems = append(s.stems, stem)
			s.slots[i] = int32(len(s.stems))
			return len(s.stems) - 1, true
		}
		if s.stems[k-1] == stem {
			return int(k - 1), false
		}
	}
}

// grow doubles the table and places the stems again.
func (s *stemSet) grow() {
	s.slots = make([]int32, 2*max(len(s.slots), 32))
	mask := uint64(len(s.slots) - 1)
	for k, stem := range s.stems {
		i := s.hash(stem) & mask
		for s.slots[i] != 0 {
			i = (i + 1) & mask
		}
		s.slots[i] = int32(k + 1)
	}
}

// hash is the stem's hash under the set's own seed.
func (s *stemSet) hash(stem string) uint64 {
	if !s.seeded {
		s.seed, s.seeded = maphash.MakeSeed(), true
	}
	return maphash.String(s.seed, stem)
}
