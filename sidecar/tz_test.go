package sidecar

import (
	"bytes"
	"encoding/binary"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	sidecarv1 "github.com/ember-spark/ember/proto/gen/ember/sidecar/v1"
)

// fixedTZif is a TZif (version 2) file of one fixed offset, as ZoneRulesTZif writes
// for a zone without transitions.
func fixedTZif(off int32, footer string) []byte {
	var b bytes.Buffer
	header := func(typecnt, charcnt uint32) {
		b.WriteString("TZif2")
		b.Write(make([]byte, 15))
		for _, n := range []uint32{0, 0, 0, 0, typecnt, charcnt} {
			binary.Write(&b, binary.BigEndian, n)
		}
	}
	header(1, 1)
	b.Write([]byte{0, 0, 0, 0, 0, 0, 0})
	header(1, 4)
	binary.Write(&b, binary.BigEndian, off)
	b.Write([]byte{0, 0})
	b.WriteString("+01\x00")
	b.WriteString("\n" + footer + "\n")
	return b.Bytes()
}

// The Handshake carries the JVM's zone rules; a task naming another tzdb version
// than the sidecar has fails before it runs, a malformed rule set fails the
// handshake.
func TestHandshakeTimeZoneRules(t *testing.T) {
	p := startSidecar(t)
	c := dial(t, p.socket)
	_, err := c.Handshake(authed(t), &sidecarv1.HandshakeRequest{ProtocolVersion: ProtocolVersion,
		TzdbVersion: "bad", TzRules: map[string][]byte{"Test/Bad": []byte("not tzif")}})
	if status.Code(err) != codes.InvalidArgument {
		t.Fatalf("malformed rules: %v", err)
	}
	if _, err := c.Handshake(authed(t), &sidecarv1.HandshakeRequest{ProtocolVersion: ProtocolVersion,
		TzdbVersion: "2099z", TzRules: map[string][]byte{"Test/Plus1": fixedTZif(3600, "<+01>-1")}}); err != nil {
		t.Fatal(err)
	}
	plan := arrowInputPlan("tz-other-version")
	plan.TzdbVersion = "1999a"
	if _, _, err := execute(authed(t), c, plan, nil); status.Code(err) != codes.FailedPrecondition {
		t.Fatalf("other tzdb version: %v", err)
	}
	plan = arrowInputPlan("tz-same-version")
	plan.TzdbVersion = "2099z"
	// (No input: the task fails reading it, past the version check.)
	if _, _, err := execute(authed(t), c, plan, nil); status.Code(err) == codes.FailedPrecondition {
		t.Fatalf("same tzdb version: %v", err)
	}
}
