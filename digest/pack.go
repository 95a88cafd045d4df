package digest

// Room is what a chat message holds, or what a part of one takes of it:
// Items as the platform counts its parts (Slack's blocks, Discord's
// embeds or an embed's fields) and Text as it counts characters.
type Room struct {
	Items, Text int
}

// Plus is r and o together.
func (r Room) Plus(o Room) Room { return Room{Items: r.Items + o.Items, Text: r.Text + o.Text} }

// Within reports whether r fits in limit.
func (r Room) Within(limit Room) bool { return r.Items <= limit.Items && r.Text <= limit.Text }

// Pager packs the parts of a long answer into messages within a
// platform's limits. The algorithm is the same for every platform; what
// differs is said by the fields: how a part is measured, what each message
// holds, which parts stay together and what a continued message repeats.
type Pager[T any] struct {
	// Size is what a part takes of a message.
	Size func(T) Room
	// First is what the first message holds, and Later what each message
	// after it holds (it may keep room for a "continued" line); a zero
	// Later is the same as First.
	First, Later Room
	// Joined marks the parts that stay in one message with the part before
	// them (a story continued over several embeds), by index; parts past
	// its end are not joined.
	Joined []bool
	// Head is what a part brings to the top of a message it opens after
	// the first (a section's heading, repeated); nil for nothing.
	Head func(T) Room
}

// Pack lays parts out, in order, in as few messages as the limits allow. A
// run of joined parts starts a new message when it does not fit what is
// left of the current one; only a run too big for a message of its own is
// split, each part going where it still fits. A part too big for any
// message has one to itself: a renderer keeps every part within a
// message's limits.
func (p Pager[T]) Pack(parts []T) [][]T {
	sizes := make([]Room, len(parts))
	for i, part := range parts {
		sizes[i] = p.Size(part)
	}
	var pages [][]T
	var used Room
	open := func(first T) {
		used = Room{}
		if len(pages) > 0 && p.Head != nil {
			used = p.Head(first)
		}
		pages = append(pages, nil)
	}
	fits := func(n Room) bool { return used.Plus(n).Within(p.limit(len(pages) - 1)) }
	for i := 0; i < len(parts); {
		j, run := i+1, sizes[i]
		for ; j < len(parts) && j < len(p.Joined) && p.Joined[j]; j++ {
			run = run.Plus(sizes[j])
		}
		if len(pages) > 0 && !fits(run) && p.alone(parts[i], run) {
			open(parts[i])
		}
		for k := i; k < j; k++ {
			if len(pages) == 0 || len(pages[len(pages)-1]) > 0 && !fits(sizes[k]) {
				open(parts[k])
			}
			pages[len(pages)-1] = append(pages[len(pages)-1], parts[k])
			used = used.Plus(sizes[k])
		}
		i = j
	}
	return pages
}

// limit is what the message numbered page (0 for the first) holds.
func (p Pager[T]) limit(page int) Room {
	if page == 0 || p.Later == (Room{}) {
		return p.First
	}
	return p.Later
}

// alone reports whether a run of parts, starting with first, fits a
// message after the first with its head.
func (p Pager[T]) alone(first T, run Room) bool {
	if p.Head != nil {
		run = run.Plus(p.Head(first))
	}
	return run.Within(p.limit(1))
}
