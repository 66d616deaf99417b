package sidecar

import (
	"errors"
	"fmt"
	"testing"

	"google.golang.org/grpc/codes"

	"github.com/ember-spark/ember/kernels"
	sidecarv1 "github.com/ember-spark/ember/proto/gen/ember/sidecar/v1"
)

func TestSparkErrorStatusCarriesClassAndParameters(t *testing.T) {
	err := fmt.Errorf("filter: %w", kernels.ErrDivideByZero())
	st := sparkErrorStatus("t1", err)
	if st == nil {
		t.Fatal("a wrapped kernels.Error must give a status")
	}
	if st.Code() != codes.FailedPrecondition {
		t.Fatalf("code %v, want FailedPrecondition", st.Code())
	}
	details := st.Details()
	if len(details) != 1 {
		t.Fatalf("got %d details, want 1", len(details))
	}
	se, ok := details[0].(*sidecarv1.SparkError)
	if !ok {
		t.Fatalf("detail is %T, want *SparkError", details[0])
	}
	if se.GetErrorClass() != "DIVIDE_BY_ZERO" || se.GetMessageParameters()["config"] != `"spark.sql.ansi.enabled"` {
		t.Fatalf("detail %v", se)
	}
}

func TestSparkErrorStatusIgnoresOtherErrors(t *testing.T) {
	if st := sparkErrorStatus("t1", errors.New("disk full")); st != nil {
		t.Fatalf("plain error gave %v", st)
	}
	if st := sparkErrorStatus("t1", kernels.ErrUnsupported("x")); st != nil {
		t.Fatalf("Ember's own unsupported error gave %v", st)
	}
}
