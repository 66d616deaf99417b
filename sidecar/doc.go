// Package sidecar is the per-executor server that runs native plan fragments
// for Spark tasks: the gRPC service (Handshake, Execute, Cancel, Health) over a
// Unix domain socket, token authentication, the task registry, and the process
// lifecycle (parent-death watch, graceful shutdown on SIGTERM).
//
// One Execute stream is one Spark task. A failure or panic inside a task ends
// that task's stream with an error; it never ends the process.
package sidecar
