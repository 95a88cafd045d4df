// Package server is the bot's HTTP server: health and readiness probes,
// Prometheus metrics, and the endpoints adapters mount (Slack and Discord
// webhooks).
package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// ReadyCheck reports whether a dependency can serve; /readyz runs them all.
type ReadyCheck func(ctx context.Context) error

// Server serves HTTP until its context ends.
type Server struct {
	mux    *http.ServeMux
	listen string
	checks map[string]ReadyCheck
	log    *slog.Logger
	// notReady counts /readyz answers that found a check failing, by
	// check; nil until CountNotReady.
	notReady *prometheus.CounterVec
	// publicBase is http.public_url without a trailing "/", or "" when
	// not set: where redirects to a clean path point.
	publicBase string
	// failing holds the checks whose last answer failed, so that a change
	// is logged once, not at every probe.
	failingMu sync.Mutex
	failing   map[string]bool
	// methods are the methods each literal path mounted with one takes,
	// and anyMethod the paths a route answers whatever the method: see
	// onlyMethods. Written by Handle before Run, read while serving.
	methods   map[string][]string
	anyMethod map[string]bool
}

// New makes a server listening on listen (host:port) that exposes the
// metrics in gatherer at /metrics.
func New(listen string, gatherer prometheus.Gatherer, log *slog.Logger) *Server {
	s := &Server{mux: http.NewServeMux(), listen: listen, checks: map[string]ReadyCheck{}, log: log, failing: map[string]bool{},
		methods: map[string][]string{}, anyMethod: map[string]bool{}}
	s.Handle("GET /healthz", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	}))
	s.Handle("GET /readyz", http.HandlerFunc(s.ready))
	s.Handle("GET /metrics", promhttp.HandlerFor(gatherer, promhttp.HandlerOpts{}))
	return s
}

// Handle mounts an adapter's handler (or the web archive's). Call before Run.
func (s *Server) Handle(pattern string, h http.Handler) {
	s.mux.Handle(pattern, h)
	method, path, hasMethod := strings.Cut(pattern, " ")
	switch {
	case !hasMethod:
		s.anyMethod[pattern] = true
	case !strings.Contains(path, "{"):
		s.methods[path] = append(s.methods[path], method)
	}
}

// onlyMethods returns the methods path takes when routes with a method
// are all it has: the mux would send any other method to the web
// archive's catch-all "/", whose 405 names the archive's GET and HEAD
// (a GET of Slack's POST endpoint got the archive's "not found" page).
func (s *Server) onlyMethods(path string) ([]string, bool) {
	methods, ok := s.methods[path]
	if !ok || s.anyMethod[path] {
		return nil, false
	}
	return methods, true
}

// allowMethods answers a method a path does not take with 405 and, in
// Allow, the methods it does take (GET's HEAD too), whatever catch-all
// route the mux has.
func (s *Server) allowMethods(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		methods, ok := s.onlyMethods(r.URL.Path)
		if !ok || takes(methods, r.Method) {
			next.ServeHTTP(w, r)
			return
		}
		var allow []string
		for _, m := range methods {
			allow = append(allow, m)
			if m == http.MethodGet && !slices.Contains(methods, http.MethodHead) {
				allow = append(allow, http.MethodHead)
			}
		}
		w.Header().Set("Allow", strings.Join(allow, ", "))
		http.Error(w, "This address takes "+strings.Join(allow, ", ")+" requests only.", http.StatusMethodNotAllowed)
	})
}

// takes reports whether a route with methods answers method: a GET
// route answers HEAD too, as the mux routes it.
func takes(methods []string, method string) bool {
	return slices.Contains(methods, method) || method == http.MethodHead && slices.Contains(methods, http.MethodGet)
}

// AddReadyCheck adds a named readiness check. Call before Run.
func (s *Server) AddReadyCheck(name string, c ReadyCheck) { s.checks[name] = c }

// CountNotReady registers sharednews_not_ready_total{check} with reg: how
// many /readyz answers found each check failing. Call before Run.
func (s *Server) CountNotReady(reg prometheus.Registerer) error {
	c := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "sharednews_not_ready_total",
		Help: "Readiness probes (/readyz) that found a check failing, by check.",
	}, []string{"check"})
	if err := reg.Register(c); err != nil {
		return fmt.Errorf("register readiness counter: %w", err)
	}
	for name := range s.checks {
		c.WithLabelValues(name) // every check shows, at 0, before it first fails
	}
	s.notReady = c
	return nil
}

// SetPublicURL names the address readers use (http.public_url), so that
// the server's own redirects point under it. Call before Run.
func (s *Server) SetPublicURL(u string) { s.publicBase = strings.TrimRight(u, "/") }

// Handler is the server's routing, as Serve answers with it: panics answered
// 500, unclean paths redirected under the public URL, a method a path does
// not take answered 405 naming those it does, then the routes.
func (s *Server) Handler() http.Handler {
	return s.recoverPanics(s.cleanPaths(s.allowMethods(s.mux)))
}

// cleanPaths answers an address with a doubled slash or a dot segment with
// a redirect to its clean form, as ServeMux would, but under the public
// URL: the mux writes a Location from the root of the host, which behind
// a reverse proxy serving the bot under a path (public URL
// "https://council.example/news") leads off the site. Without a public
// URL the mux answers.
func (s *Server) cleanPaths(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.publicBase == "" || r.Method == http.MethodConnect {
			next.ServeHTTP(w, r)
			return
		}
		escaped := r.URL.EscapedPath()
		clean := cleanPath(escaped)
		if clean == escaped {
			next.ServeHTTP(w, r)
			return
		}
		to := s.publicBase + clean
		if r.URL.RawQuery != "" {
			to += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, to, http.StatusTemporaryRedirect)
	})
}

// cleanPath is ServeMux's: path.Clean, keeping a trailing slash.
func cleanPath(p string) string {
	if p == "" {
		return "/"
	}
	if p[0] != '/' {
		p = "/" + p
	}
	np := path.Clean(p)
	if p[len(p)-1] == '/' && np != "/" {
		np += "/"
	}
	return np
}

// recoverPanics answers 500 to a request whose handler panicked and logs
// the panic as one structured line with the path, leaving out the query
// (confirmation and unsubscribe tokens travel there) and the client's
// address: net/http's own recovery prints the client's IP address and the
// stack over many lines to the standard logger, and drops the connection
// without an answer. http.ErrAbortHandler still aborts the response.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			p := recover()
			if p == nil {
				return
			}
			if p == http.ErrAbortHandler {
				panic(p)
			}
			s.log.ErrorContext(r.Context(), "http handler panicked", "method", r.Method, "path", r.URL.Path,
				"panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			http.Error(w, "internal server error", http.StatusInternalServerError)
		}()
		next.ServeHTTP(w, r)
	})
}

func (s *Server) ready(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	names := make([]string, 0, len(s.checks))
	for name := range s.checks {
		names = append(names, name)
	}
	sort.Strings(names)
	var failed []string
	for _, name := range names {
		err := s.checks[name](ctx)
		s.noteReadiness(ctx, name, err)
		if err != nil {
			failed = append(failed, name+": "+err.Error())
			if s.notReady != nil {
				s.notReady.WithLabelValues(name).Inc()
			}
		}
	}
	if len(failed) > 0 {
		w.WriteHeader(http.StatusServiceUnavailable)
		for _, f := range failed {
			fmt.Fprintln(w, f)
		}
		return
	}
	fmt.Fprintln(w, "ready")
}

// noteReadiness logs a check that starts failing, with its reason, and one
// that recovers: the operator whose probe took the bot out of service
// finds why in the log, once, however often the probe asks.
func (s *Server) noteReadiness(ctx context.Context, name string, err error) {
	s.failingMu.Lock()
	was := s.failing[name]
	s.failing[name] = err != nil
	s.failingMu.Unlock()
	switch {
	case err != nil && !was:
		s.log.WarnContext(ctx, "not ready", "check", name, "reason", err.Error())
	case err == nil && was:
		s.log.InfoContext(ctx, "ready again", "check", name)
	}
}

// WriteJSON answers with v as JSON: what the webhook endpoints adapters
// mount answer a platform with (an acknowledgement, an interaction
// response). It reports whether the answer was written.
func WriteJSON(w http.ResponseWriter, v any) bool {
	body, err := json.Marshal(v)
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return false
	}
	w.Header().Set("Content-Type", "application/json")
	_, err = w.Write(body)
	return err == nil
}

// Run listens and serves until ctx is done, then shuts down gracefully,
// giving requests in flight up to ten seconds to finish.
func (s *Server) Run(ctx context.Context) error {
	ln, err := s.Listen()
	if err != nil {
		return err
	}
	return s.Serve(ctx, ln)
}

// Listen takes the server's address, for Serve; a caller that starts
// other work beside the server listens first, so that an address already
// taken stops it before that work begins.
func (s *Server) Listen() (net.Listener, error) {
	ln, err := net.Listen("tcp", s.listen)
	if errors.Is(err, syscall.EADDRINUSE) {
		// The usual Monday cause: an old run still up, or another web
		// server on the port. The bare "bind: address already in use"
		// names neither the setting nor the way out.
		return nil, fmt.Errorf("http server: %s (http.listen) is already in use by another program, perhaps another sharednews run or web server; stop it, or set http.listen to a free port: %w", s.listen, err)
	}
	if err != nil {
		return nil, fmt.Errorf("http server: listen on %s: %w", s.listen, err)
	}
	return ln, nil
}

// Serve is Run on an existing listener.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler: s.Handler(),
		// What net/http itself has to say goes to the structured log too.
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		BaseContext:       func(net.Listener) context.Context { return ctx },
	}
	s.log.Info("http server listening", "addr", ln.Addr().String())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("http server: %w", err)
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("http server shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("http server: %w", err)
	}
	return nil
}
