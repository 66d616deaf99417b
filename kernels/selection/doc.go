// Package selection holds the row selection kernels behind Filter: turning a
// boolean condition into the positions of the rows it keeps, and gathering
// those rows from an array of any primitive type.
package selection
