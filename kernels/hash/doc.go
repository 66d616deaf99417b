// Package hash holds Spark's hash functions, bit-exact: Murmur3 (Spark's
// Murmur3_x86_32, what hash() and HashPartitioning use) and XXH64 (xxhash64()).
//
// A kernel updates a running hash per row from one column: Spark hashes
// several columns by feeding each column's hash in as the seed of the next,
// and a NULL leaves the running hash unchanged, so hashing a row of keys is a
// loop over the columns with the hashes initialised to the seed (42).
//
// The per-type rules are InterpretedHashFunction.hash and HashExpression's
// generated code in sql/catalyst/src/main/scala/org/apache/spark/sql/catalyst/
// expressions/hash.scala: boolean, byte, short, int and date hash as an int
// (true is 1); long, timestamp and timestamp_ntz as a long; a float as the int
// Float.floatToIntBits (so every NaN is 0x7fc00000) except that -0.0 and 0.0
// hash as the int 0; a double likewise as a long (NaN 0x7ff8000000000000); a
// decimal of precision <= 18 as the long of its unscaled value, a wider one as
// the bytes of BigInteger.toByteArray of its unscaled value (big-endian, the
// shortest two's complement form); strings (their UTF-8 bytes) and binary with
// hashUnsafeBytes.
package hash
