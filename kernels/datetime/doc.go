// Package datetime holds Spark's date kernels over DateType (int32 days since
// 1970-01-01, proleptic Gregorian, as java.time.LocalDate counts them): the
// fields (Year, Month, DayOfMonth, Quarter, DayOfWeek, WeekDay, DayOfYear,
// WeekOfYear), LastDay, DateAdd, DateSub, DateDiff and AddMonths, each in its
// own file named after the Spark class it follows
// (sql/catalyst/.../expressions/datetimeExpressions.scala and
// sql/catalyst/.../util/DateTimeUtils.scala). Every int32 day is a valid
// LocalDate (LocalDate spans years -999999999..999999999), so the fields are
// defined for every input; arithmetic on days wraps as Java int arithmetic
// does, in every eval mode.
package datetime
