package translate

import (
	"errors"

	"github.com/ember-spark/ember/native"
	"github.com/ember-spark/ember/sparkplan"
)

// operatorBuilder builds the native operator for one plan node over its
// already-built children.
type operatorBuilder func(n sparkplan.Node, children []native.Operator, env *Env) (native.Operator, error)

// buildArrowInput: rows from the JVM (sparkplan.ArrowInput).
func buildArrowInput(n sparkplan.Node, _ []native.Operator, env *Env) (native.Operator, error) {
	if env.Input == nil {
		return nil, errors.New("the plan reads an Arrow input but the task has no input stream")
	}
	return native.NewArrowInput(env.Input, n.Output().ArrowSchema(env.SessionTimeZone), n.PlanID()), nil
}
