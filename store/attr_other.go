//go:build !linux

package store

// attribute is "" where files have no chattr attributes.
func attribute(string) string { return "" }
