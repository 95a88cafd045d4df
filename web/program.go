package web

import (
	"crypto/sha256"
	"debug/elf"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"os"
)

// programID identifies the running program's code, so that renderings
// kept in the database by one build are never served by another: the Go
// build ID the linker writes into the executable, which changes with any
// change to the source, its embedded templates, the toolchain or the build
// flags. Where the executable has no such ELF note (other systems, or a
// build with an empty -buildid), it is a hash of the whole executable.
//
// On Linux the executable is read through /proc/self/exe, which is the
// running image even when the file has been replaced by an upgrade since.
func programID() (string, error) {
	path := "/proc/self/exe"
	if _, err := os.Stat(path); err != nil {
		if path, err = os.Executable(); err != nil {
			return "", fmt.Errorf("find the running executable: %w", err)
		}
	}
	if id := goBuildID(path); id != "" {
		return "go-build-id:" + id, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("read the running executable: %w", err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("read the running executable: %w", err)
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil)), nil
}

// goBuildID reads the Go build ID note of an ELF executable: "" when there
// is none.
func goBuildID(path string) string {
	f, err := elf.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	s := f.Section(".note.go.buildid")
	if s == nil {
		return ""
	}
	note, err := s.Data()
	// namesz, descsz, type, then the name "Go\x00\x00" and the ID.
	if err != nil || len(note) < 16 || string(note[12:16]) != "Go\x00\x00" {
		return ""
	}
	order := f.ByteOrder
	if order == nil {
		order = binary.LittleEndian
	}
	size := int(order.Uint32(note[4:8]))
	if size <= 0 || 16+size > len(note) {
		return ""
	}
	return string(note[16 : 16+size])
}
