package digest

import "testing"

// TestSectorColour: the example configuration's sectors keep their own
// colours, no sector is the brand's, and a sector an operator adds gets
// one of the palette, the same every time.
func TestSectorColour(t *testing.T) {
	if SectorColour("health") != 0x00A499 || SectorColour("") != BrandColour {
		t.Errorf("health %#x, no sector %#x", SectorColour("health"), SectorColour(""))
	}
	added := SectorColour("regional-partnerships")
	if added != SectorColour("regional-partnerships") || added == BrandColour || added == 0 {
		t.Errorf("an added sector's colour %#x", added)
	}
}
