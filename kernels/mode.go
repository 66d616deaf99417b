package kernels

import "fmt"

// EvalMode is Spark's EvalMode (sql/catalyst/.../expressions/EvalMode.scala):
// how arithmetic and casts treat overflow, division by zero and invalid input.
type EvalMode int8

const (
	// Legacy is spark.sql.ansi.enabled=false: integral overflow wraps, x/0 and
	// decimal overflow give NULL.
	Legacy EvalMode = iota + 1
	// ANSI raises Spark's error instead.
	ANSI
	// Try returns NULL where ANSI would raise.
	Try
)

func (m EvalMode) String() string {
	switch m {
	case Legacy:
		return "LEGACY"
	case ANSI:
		return "ANSI"
	case Try:
		return "TRY"
	}
	return fmt.Sprintf("EvalMode(%d)", int8(m))
}

// ClassUnsupported is the class of ErrUnsupported: Ember's own, not Spark's.
const ClassUnsupported = "EMBER_UNSUPPORTED"

// ErrUnsupported builds the error a kernel returns for an input it does not
// handle (a type or eval mode); translate should have declined the plan.
func ErrUnsupported(format string, args ...any) error {
	return &Error{Class: ClassUnsupported, Message: fmt.Sprintf(format, args...)}
}
