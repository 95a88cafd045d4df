package digest

// FilterSectors returns the edition with only the sections, and lead
// stories, whose sector slug is in slugs; an empty slugs keeps everything.
// A channel subscribed to some sectors receives this.
func FilterSectors(e Edition, slugs []string) Edition {
	if len(slugs) == 0 {
		return e
	}
	keep := make(map[string]bool, len(slugs))
	for _, s := range slugs {
		keep[s] = true
	}
	var lead []Story
	for _, st := range e.Lead {
		if keep[st.Sector] {
			lead = append(lead, st)
		}
	}
	e.Lead = lead
	var sections []Section
	for _, sec := range e.Sections {
		if keep[sec.Sector.Slug] {
			sections = append(sections, sec)
		}
	}
	e.Sections = sections
	return e
}
