// Command ember-sidecar is Ember's per-executor native engine. The JVM plugin
// starts it as
//
//	EMBER_SIDECAR_TOKEN=<hex> ember-sidecar --socket <path> --parent-pid <pid>
//
// and talks gRPC to it over the Unix socket. It logs to stderr, exits when its
// parent dies, and stops gracefully on SIGTERM.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/ember-spark/ember/native/spill"
	"github.com/ember-spark/ember/sidecar"
)

// TokenEnv carries the per-launch token; argv would show it in ps.
const TokenEnv = "EMBER_SIDECAR_TOKEN"

func main() {
	var (
		socket   = flag.String("socket", "", "Unix domain socket path to listen on (required)")
		parent   = flag.Int("parent-pid", 0, "pid of the executor; exit when it is gone (0: no watch)")
		grace    = flag.Duration("shutdown-grace", 10*time.Second, "how long running tasks may finish after SIGTERM")
		logLevel = flag.String("log-level", "info", "debug, info, warn or error")
		version  = flag.Bool("version", false, "print the build id and exit")
		budget   = flag.Int64("memory-budget", 0, "bytes of operator state the running tasks share before they spill (0: unlimited)")
		codec    = flag.String("spill-compression", "lz4", "compression of spill files: lz4, zstd or none")
		bcache   = flag.Int64("broadcast-cache-bytes", 0, "bytes of broadcast join build sides kept for the tasks that share them (0: none)")
		profile  = flag.String("cpu-profile", "", "write a CPU profile (pprof) of the process to this file until it stops")
	)
	flag.Parse()
	if *version {
		fmt.Println(sidecar.BuildID)
		return
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fmt.Fprintf(os.Stderr, "ember-sidecar: bad --log-level: %v\n", err)
		os.Exit(2)
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	spillCodec, err := spill.ParseCodec(*codec)
	if err != nil {
		fmt.Fprintf(os.Stderr, "ember-sidecar: %v\n", err)
		os.Exit(2)
	}
	setHeapLimits(*budget)
	stopProfile, err := startCPUProfile(*profile)
	if err != nil {
		fmt.Fprintf(os.Stderr, "ember-sidecar: %v\n", err)
		os.Exit(2)
	}
	token := os.Getenv(TokenEnv)
	os.Unsetenv(TokenEnv)

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	cfg := sidecar.Config{SocketPath: *socket, Token: token, ParentPID: *parent, ShutdownGrace: *grace,
		MemoryBudget: *budget, SpillCodec: spillCodec, BroadcastCacheBytes: *bcache}
	err = sidecar.Serve(ctx, cfg, log)
	stopProfile()
	if err != nil {
		log.Error("ember sidecar failed", "error", err)
		os.Exit(1)
	}
}
