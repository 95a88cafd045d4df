package digest

import (
	"testing"
	"time"
)

func TestMonthNamed(t *testing.T) {
	for _, c := range []struct {
		word  string
		month time.Month
		short bool
	}{
		{"January", time.January, false}, {"jan", time.January, true}, {"JAN", time.January, true},
		{"may", time.May, false}, {"MAY", time.May, false}, {"June", time.June, false}, {"Jun", time.June, true},
		{"september", time.September, false}, {"Sep", time.September, true}, {"Sept", time.September, true},
		{"SEPT", time.September, true}, {"dec", time.December, true},
		{"Ja", 0, false}, {"Janu", 0, false}, {"Septem", 0, false}, {"Mayo", 0, false}, {"mars", 0, false},
		{"Nov.", time.November, true}, {"sept.", time.September, true}, {"May.", 0, false}, {"June.", 0, false},
		{"Nov..", 0, false}, {".", 0, false}, {"", 0, false}, {"Septembers", 0, false},
	} {
		if m, short := MonthNamed(c.word); m != c.month || short != c.short {
			t.Errorf("MonthNamed(%q) = %v, %v; want %v, %v", c.word, m, short, c.month, c.short)
		}
	}
}

func TestDayOfMonth(t *testing.T) {
	for _, c := range []struct {
		word string
		day  int
		ok   bool
	}{
		{"7", 7, true}, {"07", 7, true}, {"30", 30, true}, {"1st", 1, true}, {"2nd", 2, true}, {"3rd", 3, true},
		{"4th", 4, true}, {"11th", 11, true}, {"12th", 12, true}, {"13th", 13, true}, {"21st", 21, true},
		{"22ND", 22, true}, {"23Rd", 23, true}, {"31st", 31, true}, {"0", 0, true}, {"32", 32, true},
		{"2th", 0, false}, {"11st", 0, false}, {"30rd", 0, false}, {"1s", 0, false}, {"1sts", 0, false},
		{"123", 0, false}, {"", 0, false}, {"th", 0, false}, {"x1", 0, false}, {"1x", 0, false}, {"-1", 0, false},
		{"3 rd", 0, false}, {"١٢", 0, false},
	} {
		if day, ok := DayOfMonth(c.word); day != c.day || ok != c.ok {
			t.Errorf("DayOfMonth(%q) = %d, %v; want %d, %v", c.word, day, ok, c.day, c.ok)
		}
	}
}
