package sidecar

import (
	"context"
	"log/slog"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/ember-spark/ember/kernels/tz"
	"github.com/ember-spark/ember/native"
	"github.com/ember-spark/ember/native/join"
	"github.com/ember-spark/ember/native/spill"
	sidecarv1 "github.com/ember-spark/ember/proto/gen/ember/sidecar/v1"
	"github.com/ember-spark/ember/sparkplan"
	"github.com/ember-spark/ember/translate"
)

// ProtocolVersion is the wire protocol this build speaks; the JVM plugin must
// send the same number in its Handshake.
const ProtocolVersion = 1

// BuildID identifies this build; set with -ldflags "-X ...sidecar.BuildID=...".
var BuildID = "dev"

// maxMessageBytes bounds one gRPC message (one piece of Arrow input).
const maxMessageBytes = 256 << 20

// windowBytes is the HTTP/2 flow-control window: large, since both ends are
// on one machine and small windows stall batch streaming.
const windowBytes = 16 << 20

// Server implements the SidecarService.
type Server struct {
	sidecarv1.UnimplementedSidecarServiceServer

	log     *slog.Logger
	mem     memory.Allocator
	started time.Time
	// pool is the budget of operator state shared by the running tasks.
	pool *native.MemoryPool
	// spillCodec compresses spill files.
	spillCodec spill.Codec
	// buildCache keeps broadcast joins' build sides for the tasks that
	// share them; its entries count in pool.
	buildCache *join.BuildCache
	// build makes a task's operator tree; translate.Build except in tests.
	build func(*sparkplan.Task, translate.Env) (native.Operator, error)

	mu    sync.Mutex
	tasks map[string]context.CancelCauseFunc

	completed atomic.Int64
	failed    atomic.Int64
}

// NewServer returns a service that allocates from mem, with an unlimited memory
// budget and lz4 spill files until SetMemory says otherwise.
func NewServer(log *slog.Logger, mem memory.Allocator) *Server {
	return &Server{log: log, mem: mem, started: time.Now(), build: translate.Build, tasks: map[string]context.CancelCauseFunc{},
		pool: native.NewMemoryPool(0), spillCodec: spill.LZ4}
}

// SetBroadcastCache keeps up to maxBytes of broadcast build sides (<= 0:
// none); call it after SetMemory, before serving.
func (s *Server) SetBroadcastCache(maxBytes int64) {
	s.buildCache = join.NewBuildCache(s.mem, s.pool, maxBytes)
}

// SetMemory sets the budget of operator state (bytes, <= 0: unlimited) and the
// spill compression; call it before serving.
func (s *Server) SetMemory(budget int64, codec spill.Codec) {
	s.pool = native.NewMemoryPool(budget)
	s.spillCodec = codec
}

// GRPCServer returns a gRPC server with the service registered, every call
// authenticated with token and guarded against panics.
func (s *Server) GRPCServer(token string) *grpc.Server {
	g := grpc.NewServer(
		grpc.ChainUnaryInterceptor(unaryRecover(s.log), unaryAuth(token)),
		grpc.ChainStreamInterceptor(streamRecover(s.log), streamAuth(token)),
		grpc.MaxRecvMsgSize(maxMessageBytes),
		grpc.InitialWindowSize(windowBytes),
		grpc.InitialConnWindowSize(windowBytes),
		grpc.WriteBufferSize(1<<20),
		grpc.ReadBufferSize(1<<20),
	)
	sidecarv1.RegisterSidecarServiceServer(g, s)
	return g
}

// Handshake checks the protocol version and lists what this build runs.
func (s *Server) Handshake(_ context.Context, req *sidecarv1.HandshakeRequest) (*sidecarv1.HandshakeResponse, error) {
	if req.GetProtocolVersion() != ProtocolVersion {
		return nil, status.Errorf(codes.FailedPrecondition,
			"ember sidecar speaks protocol %d but the plugin (%s) speaks %d: use the sidecar shipped in the same jar",
			ProtocolVersion, req.GetClientBuild(), req.GetProtocolVersion())
	}
	if rules := req.GetTzRules(); len(rules) > 0 {
		// The JVM's time-zone rules replace Go's tz database for every zone id.
		if err := tz.Register(req.GetTzdbVersion(), rules); err != nil {
			return nil, status.Errorf(codes.InvalidArgument, "ember sidecar: %v", err)
		}
	}
	s.log.Info("handshake", "client_build", req.GetClientBuild(), "tzdb", req.GetTzdbVersion(), "zones", len(req.GetTzRules()))
	// Capabilities: the operator names, then "function:<name>" for every
	// scalar function (planv1.ScalarFunction.name) this build runs.
	caps := append([]string{}, translate.SupportedOperators()...)
	for _, f := range translate.SupportedFunctions() {
		caps = append(caps, "function:"+f)
	}
	return &sidecarv1.HandshakeResponse{ProtocolVersion: ProtocolVersion, ServerBuild: BuildID, Capabilities: caps}, nil
}

// Cancel stops a running task.
func (s *Server) Cancel(_ context.Context, req *sidecarv1.CancelRequest) (*sidecarv1.CancelResponse, error) {
	s.mu.Lock()
	cancel, ok := s.tasks[req.GetTaskId()]
	s.mu.Unlock()
	if ok {
		cancel(errCancelled)
		s.log.Info("task cancelled", "task", req.GetTaskId())
	}
	return &sidecarv1.CancelResponse{Cancelled: ok}, nil
}

// Health reports liveness and load.
func (s *Server) Health(context.Context, *sidecarv1.HealthRequest) (*sidecarv1.HealthResponse, error) {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	s.mu.Lock()
	running := len(s.tasks)
	s.mu.Unlock()
	var cache join.CacheStats
	if s.buildCache != nil {
		cache = s.buildCache.Stats()
	}
	return &sidecarv1.HealthResponse{
		RunningTasks:            int32(running),
		CompletedTasks:          s.completed.Load(),
		FailedTasks:             s.failed.Load(),
		UptimeSeconds:           int64(time.Since(s.started).Seconds()),
		HeapBytes:               int64(ms.HeapAlloc),
		BroadcastCacheEntries:   int32(cache.Entries),
		BroadcastCacheBytes:     cache.Bytes,
		BroadcastCacheBuilds:    cache.Builds,
		BroadcastCacheHits:      cache.Hits,
		BroadcastCacheEvictions: cache.Evictions,
		BroadcastCacheReleases:  cache.Releases,
	}, nil
}

// ReleaseBroadcast drops the build sides kept of a broadcast that Spark
// removed. Unknown broadcasts drop nothing: the JVM cannot know what a
// restarted sidecar keeps.
func (s *Server) ReleaseBroadcast(_ context.Context, req *sidecarv1.ReleaseBroadcastRequest) (*sidecarv1.ReleaseBroadcastResponse, error) {
	b := req.GetBroadcast()
	if b == nil {
		return nil, status.Error(codes.InvalidArgument, "ember sidecar: ReleaseBroadcast names no broadcast")
	}
	n := 0
	if s.buildCache != nil {
		n = s.buildCache.Release(b.GetApplicationId(), b.GetId())
	}
	if n > 0 {
		s.log.Debug("broadcast released", "application", b.GetApplicationId(), "broadcast", b.GetId(), "entries", n)
	}
	return &sidecarv1.ReleaseBroadcastResponse{Dropped: int32(n)}, nil
}

// register records a running task; false when the id is already running.
func (s *Server) register(id string, cancel context.CancelCauseFunc) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, dup := s.tasks[id]; dup {
		return false
	}
	s.tasks[id] = cancel
	return true
}

func (s *Server) unregister(id string) {
	s.mu.Lock()
	delete(s.tasks, id)
	s.mu.Unlock()
}

// CancelAll cancels every running task, for shutdown.
func (s *Server) CancelAll(cause error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, cancel := range s.tasks {
		cancel(cause)
	}
}
