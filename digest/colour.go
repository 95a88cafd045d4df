package digest

import "hash/fnv"

// BrandColour marks what belongs to no one sector, where a format colours
// what it shows (Discord's embeds): help, status, lists across sectors, an
// edition's header and footer.
const BrandColour = 0x3D4F7C

// SectorColour is a sector's colour, by slug, where a format colours what
// it shows. The sectors the example configuration ships have a colour
// each, chosen to be told apart at a glance; a sector an operator adds
// gets one from a small palette by a hash of its slug. It is a pure
// function of the slug, so previews and posts agree without configuration
// and across restarts.
func SectorColour(slug string) int {
	if c, ok := sectorColours[slug]; ok {
		return c
	}
	palette := [...]int{0x2B8CC4, 0xD53880, 0x4C2C92, 0x28A197, 0xB10E1E, 0x5694CA, 0x8D6E63, 0x3F7F3F}
	h := fnv.New32a()
	h.Write([]byte(slug))
	return palette[h.Sum32()%uint32(len(palette))]
}

// sectorColours are the colours of the example configuration's sectors,
// and of no sector.
var sectorColours = map[string]int{
	"":                 BrandColour,
	"local-government": 0x1D70B8,
	"health":           0x00A499,
	"education":        0x6F3C97,
	"blue-light":       0xC8102E,
	"housing":          0xF47738,
	"private-sector":   0x85994B,
	"leadership":       0xB58840,
	"highway-code":     0x005A30,
	"international":    0x912B88,
	"other":            0x626A6E,
}
