// Package decimal holds the exact decimal arithmetic the kernels share:
// unsigned 128- and 256-bit integers, powers of ten, Spark's HALF_UP rescaling
// with overflow detection (Decimal.changePrecision / toPrecision), exact
// decimal-to-float conversion and the decimal digits of a double.
//
// Values are Spark decimals held as arrow decimal128.Num unscaled integers;
// the helpers work on sign and magnitude so HALF_UP (round half away from
// zero) is rounding of the magnitude.
package decimal
