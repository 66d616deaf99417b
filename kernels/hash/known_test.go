package hash

import (
	"math"

	"github.com/apache/arrow-go/v18/arrow/decimal128"

	"github.com/ember-spark/ember/sparkplan/types"
)

// sparkKnown are hash(x) and xxhash64(x) as Spark 3.5.9 computes them
// (pyspark, session time zone UTC), one value per case; the comment is Spark's
// cast of the value to string.
var sparkKnown = []struct {
	sql     string
	typ     types.DataType
	val     any
	murmur3 int32
	xxhash  int64
}{
	{"cast(0 as int)", types.IntType, int32(0), 933211791, 3614696996920510707},                                                                         // 0
	{"cast(1 as int)", types.IntType, int32(1), -559580957, -6698625589789238999},                                                                       // 1
	{"cast(-1 as int)", types.IntType, int32(-1), -1604776387, 2017008487422258757},                                                                     // -1
	{"cast(42 as int)", types.IntType, int32(42), 29417773, -387659249110444264},                                                                        // 42
	{"cast(2147483647 as int)", types.IntType, int32(2147483647), 133916647, 1508894993788531228},                                                       // 2147483647
	{"cast(-2147483648 as int)", types.IntType, int32(-2147483648), 723455942, 2073849959933241805},                                                     // -2147483648
	{"cast(123456 as int)", types.IntType, int32(123456), 1905992991, 8591465006815244696},                                                              // 123456
	{"cast(0 as bigint)", types.LongType, int64(0), -1670924195, -5252525462095825812},                                                                  // 0
	{"cast(1 as bigint)", types.LongType, int64(1), -1712319331, -7001672635703045582},                                                                  // 1
	{"cast(-1 as bigint)", types.LongType, int64(-1), -939490007, 3858142552250413010},                                                                  // -1
	{"cast(9223372036854775807 as bigint)", types.LongType, int64(9223372036854775807), -1604625029, -3246596055638297850},                              // 9223372036854775807
	{"cast(-9223372036854775808 as bigint)", types.LongType, int64(-9223372036854775808), -853646085, -8619748838626508300},                             // -9223372036854775808
	{"cast(1234567890123 as bigint)", types.LongType, int64(1234567890123), 1304145252, 1687537368341330389},                                            // 1234567890123
	{"cast(0 as tinyint)", types.ByteType, int8(0), 933211791, 3614696996920510707},                                                                     // 0
	{"cast(1 as tinyint)", types.ByteType, int8(1), -559580957, -6698625589789238999},                                                                   // 1
	{"cast(-1 as tinyint)", types.ByteType, int8(-1), -1604776387, 2017008487422258757},                                                                 // -1
	{"cast(127 as tinyint)", types.ByteType, int8(127), 1135925485, 8632298611707923906},                                                                // 127
	{"cast(-128 as tinyint)", types.ByteType, int8(-128), 1110053733, 4160238337661960656},                                                              // -128
	{"cast(0 as smallint)", types.ShortType, int16(0), 933211791, 3614696996920510707},                                                                  // 0
	{"cast(-32768 as smallint)", types.ShortType, int16(-32768), -1871935946, -904511417458573795},                                                      // -32768
	{"cast(32767 as smallint)", types.ShortType, int16(32767), 1249274084, 8952525448871805501},                                                         // 32767
	{"true", types.BooleanType, true, -559580957, -6698625589789238999},                                                                                 // true
	{"false", types.BooleanType, false, 933211791, 3614696996920510707},                                                                                 // false
	{"cast(0.0 as float)", types.FloatType, float32(0.0), 933211791, 3614696996920510707},                                                               // 0.0
	{"cast(0.0 as double)", types.DoubleType, float64(0.0), -1670924195, -5252525462095825812},                                                          // 0.0
	{"cast(-0.0 as float)", types.FloatType, float32(math.Copysign(0, -1)), 933211791, 3614696996920510707},                                             // 0.0
	{"cast(-0.0 as double)", types.DoubleType, float64(math.Copysign(0, -1)), -1670924195, -5252525462095825812},                                        // 0.0
	{"cast(1.5 as float)", types.FloatType, float32(1.5), -221251528, 6163473420726370430},                                                              // 1.5
	{"cast(1.5 as double)", types.DoubleType, float64(1.5), 1290763749, 7738255526519901366},                                                            // 1.5
	{"cast(-3.25 as float)", types.FloatType, float32(-3.25), 1130243865, -7948929959706909237},                                                         // -3.25
	{"cast(-3.25 as double)", types.DoubleType, float64(-3.25), 82568662, 1707654529322019380},                                                          // -3.25
	{"cast('NaN' as float)", types.FloatType, float32(math.NaN()), -349261430, 2692338816207849720},                                                     // NaN
	{"cast('NaN' as double)", types.DoubleType, float64(math.NaN()), -1281358385, -3127944061524951246},                                                 // NaN
	{"cast('Infinity' as float)", types.FloatType, float32(math.Inf(1)), 2026854605, -5940311692336719973},                                              // Infinity
	{"cast('Infinity' as double)", types.DoubleType, float64(math.Inf(1)), 833680482, 5810986238603807492},                                              // Infinity
	{"cast('-Infinity' as float)", types.FloatType, float32(math.Inf(-1)), 427440766, -7580553461823983095},                                             // -Infinity
	{"cast('-Infinity' as double)", types.DoubleType, float64(math.Inf(-1)), 461104036, 5326262080505358431},                                            // -Infinity
	{"cast(3.4028235E38 as float)", types.FloatType, float32(3.4028235e38), -338752985, -1065250890878313112},                                           // 3.4028235E38
	{"cast(3.4028235E38 as double)", types.DoubleType, float64(3.4028235e38), 182704649, -1139870601271947016},                                          // 3.4028235E38
	{"''", types.StringType, "", 142593372, -7444071767201028348},                                                                                       //
	{"'a'", types.StringType, "a", 1485273170, -8582455328737087284},                                                                                    // a
	{"'ab'", types.StringType, "ab", -97053317, 2710560539726725091},                                                                                    // ab
	{"'abc'", types.StringType, "abc", 1322437556, 1423657621850124518},                                                                                 // abc
	{"'abcd'", types.StringType, "abcd", -396302900, -6810745876291105281},                                                                              // abcd
	{"'abcde'", types.StringType, "abcde", 814637928, -990457398947679591},                                                                              // abcde
	{"'abcdef'", types.StringType, "abcdef", 724255765, 6015085909938183043},                                                                            // abcdef
	{"'abcdefg'", types.StringType, "abcdefg", 2132013596, 3761890393722740389},                                                                         // abcdefg
	{"'abcdefgh'", types.StringType, "abcdefgh", -804741815, 2470326616177429180},                                                                       // abcdefgh
	{"'héllo'", types.StringType, "héllo", 1212979866, 501425390238239234},                                                                              // héllo
	{"'日本語'", types.StringType, "日本語", -1143049834, -619341062884681239},                                                                                // 日本語
	{"'é'", types.StringType, "é", 2119106806, 2065146811275570100},                                                                                     // é
	{"'ñ'", types.StringType, "ñ", -2048832643, 5578796867592790804},                                                                                    // ñ
	{"'ÿþý'", types.StringType, "ÿþý", -1848368187, -4528556485907030006},                                                                               // ÿþý
	{"'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'", types.StringType, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", 2064856624, -1716462135722163746},                        // xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
	{"'yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy'", types.StringType, "yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy", -1058912612, 5202031258905353636},                      // yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy
	{"'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz'", types.StringType, "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz", -993524994, -8411362631970189001},                    // zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz
	{"'0123456789abcdef0123456789abcdef0123456789'", types.StringType, "0123456789abcdef0123456789abcdef0123456789", -2086888906, -1423225805886817256}, // 0123456789abcdef0123456789abcdef0123456789
	{"'Spark'", types.StringType, "Spark", 228093765, -4294468057691064905},                                                                             // Spark
	{"X''", types.BinaryType, hexBytes(""), 142593372, -7444071767201028348},
	{"X'80'", types.BinaryType, hexBytes("80"), 775851899, -7898411661632158123},
	{"X'ff'", types.BinaryType, hexBytes("ff"), 1398487324, -4006032525457443936},
	{"X'80ff'", types.BinaryType, hexBytes("80ff"), 1952144757, 2208782043532569001},
	{"X'fffefd'", types.BinaryType, hexBytes("fffefd"), -1550104651, 6168826025682099047},
	{"X'00010203'", types.BinaryType, hexBytes("00010203"), -1066376783, -6625277557348586272},
	{"X'0001020380'", types.BinaryType, hexBytes("0001020380"), 1826215765, 2655358464042851741},
	{"X'000102038081'", types.BinaryType, hexBytes("000102038081"), 1381742018, 4504206979930477172},
	{"X'00010203808182'", types.BinaryType, hexBytes("00010203808182"), -1776050631, 2269761261095577155},
	{"X'0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20fe'", types.BinaryType, hexBytes("0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20fe"), -1649407123, 5327421094662419801},
	{"cast(123.45 as decimal(5,2))", types.DecimalType(5, 2), decimal128.FromBigInt(bigInt("12345")), 1416086240, 8791244235932249694},                                                                       // 123.45
	{"cast(-123.45 as decimal(5,2))", types.DecimalType(5, 2), decimal128.FromBigInt(bigInt("-12345")), -1959512858, -4814648695243699264},                                                                   // -123.45
	{"cast(0.00 as decimal(5,2))", types.DecimalType(5, 2), decimal128.FromBigInt(bigInt("0")), -1670924195, -5252525462095825812},                                                                           // 0.00
	{"cast(999999999999999999 as decimal(18,0))", types.DecimalType(18, 0), decimal128.FromBigInt(bigInt("999999999999999999")), -1795328666, 2162198894918931945},                                           // 999999999999999999
	{"cast(-999999999999999999 as decimal(18,0))", types.DecimalType(18, 0), decimal128.FromBigInt(bigInt("-999999999999999999")), 1962370902, 4265531446127695490},                                          // -999999999999999999
	{"cast(0 as decimal(19,0))", types.DecimalType(19, 0), decimal128.FromBigInt(bigInt("0")), -783713497, -8959994473701255385},                                                                             // 0
	{"cast(1 as decimal(19,0))", types.DecimalType(19, 0), decimal128.FromBigInt(bigInt("1")), -386724586, 6668291691252061002},                                                                              // 1
	{"cast(-1 as decimal(19,0))", types.DecimalType(19, 0), decimal128.FromBigInt(bigInt("-1")), 1398487324, -4006032525457443936},                                                                           // -1
	{"cast(127 as decimal(19,0))", types.DecimalType(19, 0), decimal128.FromBigInt(bigInt("127")), 1185089389, -5998106174972408993},                                                                         // 127
	{"cast(128 as decimal(19,0))", types.DecimalType(19, 0), decimal128.FromBigInt(bigInt("128")), -544401882, 6715097930120473301},                                                                          // 128
	{"cast(-128 as decimal(19,0))", types.DecimalType(19, 0), decimal128.FromBigInt(bigInt("-128")), 775851899, -7898411661632158123},                                                                        // -128
	{"cast(-129 as decimal(19,0))", types.DecimalType(19, 0), decimal128.FromBigInt(bigInt("-129")), -771458971, -6459515886037897956},                                                                       // -129
	{"cast(255 as decimal(19,0))", types.DecimalType(19, 0), decimal128.FromBigInt(bigInt("255")), 1246198977, 879945414100663330},                                                                           // 255
	{"cast(9999999999999999999 as decimal(19,0))", types.DecimalType(19, 0), decimal128.FromBigInt(bigInt("9999999999999999999")), 584036537, -768917144950141986},                                           // 9999999999999999999
	{"cast(99999999999999999999999999999999999999 as decimal(38,0))", types.DecimalType(38, 0), decimal128.FromBigInt(bigInt("99999999999999999999999999999999999999")), -817514053, -47190729175993179},     // 99999999999999999999999999999999999999
	{"cast(-99999999999999999999999999999999999999 as decimal(38,0))", types.DecimalType(38, 0), decimal128.FromBigInt(bigInt("-99999999999999999999999999999999999999")), 1400911110, -2254039905620870768}, // -99999999999999999999999999999999999999
	{"cast(1.5 as decimal(38,10))", types.DecimalType(38, 10), decimal128.FromBigInt(bigInt("15000000000")), -994477761, -3765538183238091397},                                                               // 1.5000000000
	{"cast(-0.000000000000000001 as decimal(38,18))", types.DecimalType(38, 18), decimal128.FromBigInt(bigInt("-1")), 1398487324, -4006032525457443936},                                                      // -1E-18
	{"cast(-12345678901234567.89 as decimal(20,2))", types.DecimalType(20, 2), decimal128.FromBigInt(bigInt("-1234567890123456789")), -118347807, 5249647118821276611},                                       // -12345678901234567.89
	{"date'1970-01-01'", types.DateType, int32(0), 933211791, 3614696996920510707},                                                                                                                           // 1970-01-01
	{"date'2024-02-29'", types.DateType, int32(19782), 653915859, 4183429117450946631},                                                                                                                       // 2024-02-29
	{"date'1500-01-01'", types.DateType, int32(-171664), -1932749092, -3774845091513058184},                                                                                                                  // 1500-01-01
	{"date'9999-12-31'", types.DateType, int32(2932896), 1135886659, 7061898801283288394},                                                                                                                    // 9999-12-31
	{"timestamp'1970-01-01 00:00:00'", types.TimestampType, int64(0), -1670924195, -5252525462095825812},                                                                                                     // 1970-01-01 00:00:00
	{"timestamp_ntz'1970-01-01 00:00:00'", types.TimestampNTZType, int64(0), -1670924195, -5252525462095825812},                                                                                              // 1970-01-01 00:00:00
	{"timestamp'2024-02-29 12:34:56.789012'", types.TimestampType, int64(1709210096789012), -1367554535, -2021281541725647388},                                                                               // 2024-02-29 12:34:56.789012
	{"timestamp_ntz'2024-02-29 12:34:56.789012'", types.TimestampNTZType, int64(1709210096789012), -1367554535, -2021281541725647388},                                                                        // 2024-02-29 12:34:56.789012
	{"timestamp'1500-01-01 00:00:00'", types.TimestampType, int64(-14831769600000000), 2082725026, -4969761843036871844},                                                                                     // 1500-01-01 00:00:00
	{"timestamp_ntz'1500-01-01 00:00:00'", types.TimestampNTZType, int64(-14831769600000000), 2082725026, -4969761843036871844},                                                                              // 1500-01-01 00:00:00
}
