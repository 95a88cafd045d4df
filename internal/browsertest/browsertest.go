// Package browsertest starts headless Chromium for the tests that load
// what readers see (the web archive's pages, an edition mail's HTML) as a
// real browser shows it.
//
// The environment (README, "Run the tests"): NoBrowserEnv skips those
// tests on a machine without Chromium, and CI never sets it, so there a
// browser that cannot start fails them; ChromiumEnv names the binary,
// Debian's chromium by default.
package browsertest

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

const (
	// NoBrowserEnv, set to anything, skips the browser tests.
	NoBrowserEnv = "SHAREDNEWS_NO_BROWSER"
	// ChromiumEnv names the browser binary.
	ChromiumEnv = "SHAREDNEWS_CHROMIUM"
)

// Start skips t under -short or NoBrowserEnv; otherwise it starts headless
// Chromium, with a profile of its own in t's temporary folder, for at most
// timeout, and returns the browser's context, closed when t ends. extra
// adds to or overrides the allocator's options (a window size). A browser
// that does not start fails t, saying how to install or skip it.
func Start(t *testing.T, timeout time.Duration, extra ...chromedp.ExecAllocatorOption) context.Context {
	t.Helper()
	if testing.Short() {
		t.Skip("the browser test is not short")
	}
	if os.Getenv(NoBrowserEnv) != "" {
		t.Skipf("%s is set", NoBrowserEnv)
	}
	chromium := os.Getenv(ChromiumEnv)
	if chromium == "" {
		chromium = "/usr/bin/chromium"
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	t.Cleanup(cancel)
	opts := append([]chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		// Nothing but the test's own loopback server is to be asked.
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
	}, extra...)
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelAlloc)
	browser, cancelBrowser := chromedp.NewContext(alloc)
	t.Cleanup(cancelBrowser)
	if err := chromedp.Do(browser); err != nil {
		t.Fatalf("Chromium (%s) did not start: %v\nInstall Debian's chromium package, name another binary in %s, or set %s=1 to skip this test locally.",
			chromium, err, ChromiumEnv, NoBrowserEnv)
	}
	return browser
}
