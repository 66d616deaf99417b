package sidecar

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/native/spill"
)

// Config is how the sidecar process was launched.
type Config struct {
	// SocketPath is the Unix domain socket to listen on. Its directory is made
	// private (0700) and the socket is created 0600.
	SocketPath string
	// Token must be presented on every call.
	Token string
	// ParentPID is the executor's pid; the sidecar exits when it is gone. 0 disables the watch.
	ParentPID int
	// ShutdownGrace is how long running tasks may finish after SIGTERM.
	ShutdownGrace time.Duration
	// ParentPollInterval is how often the parent is checked.
	ParentPollInterval time.Duration
	// MemoryBudget is the bytes of operator state the running tasks share
	// (<= 0: unlimited); beyond it, operators spill.
	MemoryBudget int64
	// SpillCodec compresses spill files.
	SpillCodec spill.Codec
	// BroadcastCacheBytes bounds the broadcast build sides kept for the
	// tasks that share them (0: none kept).
	BroadcastCacheBytes int64
}

// Listen creates the private socket directory and the socket.
func Listen(path string) (net.Listener, error) {
	if path == "" {
		return nil, errors.New("no socket path given")
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("creating socket directory: %w", err)
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return nil, fmt.Errorf("making socket directory private: %w", err)
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("removing stale socket: %w", err)
	}
	// The umask makes the socket 0600 from birth, with no window in which
	// another user could connect.
	old := syscall.Umask(0o177)
	ln, err := net.Listen("unix", path)
	syscall.Umask(old)
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(path, 0o600); err != nil {
		ln.Close()
		return nil, err
	}
	return ln, nil
}

// Serve runs the sidecar until ctx is cancelled (SIGTERM) or the parent
// process dies, then stops gracefully: running tasks get cfg.ShutdownGrace to
// finish and are then cancelled.
func Serve(ctx context.Context, cfg Config, log *slog.Logger) error {
	if cfg.Token == "" {
		return errors.New("no token given (set EMBER_SIDECAR_TOKEN)")
	}
	if cfg.ShutdownGrace <= 0 {
		cfg.ShutdownGrace = 10 * time.Second
	}
	if cfg.ParentPollInterval <= 0 {
		cfg.ParentPollInterval = 500 * time.Millisecond
	}
	ln, err := Listen(cfg.SocketPath)
	if err != nil {
		return err
	}
	defer os.Remove(cfg.SocketPath)

	srv := NewServer(log, memory.NewGoAllocator())
	srv.SetMemory(cfg.MemoryBudget, cfg.SpillCodec)
	srv.SetBroadcastCache(cfg.BroadcastCacheBytes)
	g := srv.GRPCServer(cfg.Token)

	ctx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	if cfg.ParentPID > 0 {
		go watchParent(ctx, cfg.ParentPID, cfg.ParentPollInterval, stop)
	}
	served := make(chan error, 1)
	go func() { served <- g.Serve(ln) }()
	log.Info("ember sidecar listening", "socket", cfg.SocketPath, "pid", os.Getpid(), "parent", cfg.ParentPID, "build", BuildID)

	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	log.Info("ember sidecar stopping", "reason", context.Cause(ctx))
	done := make(chan struct{})
	go func() { g.GracefulStop(); close(done) }()
	select {
	case <-done:
	case <-time.After(cfg.ShutdownGrace):
		log.Warn("tasks still running after the grace period; cancelling them")
		srv.CancelAll(errShutdown)
		g.Stop()
		<-done
	}
	log.Info("ember sidecar stopped")
	return nil
}

// errParentGone ends the sidecar when the executor that started it has died.
var errParentGone = errors.New("parent process is gone")

func watchParent(ctx context.Context, pid int, every time.Duration, stop context.CancelCauseFunc) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if !alive(pid) {
				stop(fmt.Errorf("%w (pid %d)", errParentGone, pid))
				return
			}
		}
	}
}

// alive reports whether pid is still our parent. Reparenting (our parent
// died and we were adopted) counts as dead even if the pid was reused.
func alive(pid int) bool {
	if os.Getppid() != pid {
		return false
	}
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
