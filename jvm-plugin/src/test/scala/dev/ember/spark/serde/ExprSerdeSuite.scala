package dev.ember.spark.serde

import java.math.BigInteger

import scala.collection.JavaConverters._

import dev.ember.proto.plan.v1.{ArithmeticOp, ComparisonOp, EvalMode => PEvalMode, Expr, TypeId}
import org.scalatest.funsuite.AnyFunSuite

import org.apache.spark.sql.catalyst.expressions._
import org.apache.spark.sql.internal.SQLConf
import org.apache.spark.sql.types._
import org.apache.spark.unsafe.types.UTF8String

/** Serde of every supported type and expression, and the reasons for declining the rest. */
class ExprSerdeSuite extends AnyFunSuite {

  private val conf = new SQLConf
  conf.setConfString(SQLConf.SESSION_LOCAL_TIMEZONE.key, "America/Los_Angeles")

  private val i = AttributeReference("i", IntegerType)()
  private val l = AttributeReference("l", LongType, nullable = false)()
  private val x = AttributeReference("x", DoubleType)()
  private val d = AttributeReference("d", DecimalType(12, 2))()
  private val s = AttributeReference("s", StringType)()
  private val arr = AttributeReference("arr", ArrayType(IntegerType))()
  private val input = Seq(i, l, x, d, s, arr)
  private val ctx = ExprContext(input, conf)

  private def convert(e: Expression, c: ExprContext = ctx): Expr =
    ExprSerdes.convert(e, c) match {
      case scala.util.Right(expr) => expr
      case scala.util.Left(reason) => fail(s"expected $e to convert, but: $reason")
    }

  private def decline(e: Expression, c: ExprContext = ctx): String =
    ExprSerdes.convert(e, c) match {
      case scala.util.Right(expr) => fail(s"expected $e to be declined, got $expr")
      case scala.util.Left(reason) => reason
    }

  test("every supported Spark type maps to its proto type") {
    val expected = Seq(
      BooleanType -> TypeId.TYPE_ID_BOOLEAN,
      ByteType -> TypeId.TYPE_ID_BYTE,
      ShortType -> TypeId.TYPE_ID_SHORT,
      IntegerType -> TypeId.TYPE_ID_INT,
      LongType -> TypeId.TYPE_ID_LONG,
      FloatType -> TypeId.TYPE_ID_FLOAT,
      DoubleType -> TypeId.TYPE_ID_DOUBLE,
      DecimalType(38, 10) -> TypeId.TYPE_ID_DECIMAL,
      StringType -> TypeId.TYPE_ID_STRING,
      BinaryType -> TypeId.TYPE_ID_BINARY,
      DateType -> TypeId.TYPE_ID_DATE,
      TimestampType -> TypeId.TYPE_ID_TIMESTAMP,
      TimestampNTZType -> TypeId.TYPE_ID_TIMESTAMP_NTZ)
    expected.foreach { case (sparkType, id) =>
      val proto = DataTypeSerde.toProto(sparkType).fold(r => fail(r), identity)
      assert(proto.getId === id, sparkType)
    }
    val dec = DataTypeSerde.toProto(DecimalType(38, 10)).toOption.get
    assert((dec.getPrecision, dec.getScale) === ((38, 10)))
    assert(DataTypeSerde.toProto(IntegerType).toOption.get.getPrecision === 0)
  }

  test("unsupported types are declined with the type in the reason") {
    val unsupported = Seq(
      ArrayType(IntegerType), MapType(StringType, IntegerType),
      StructType(Seq(StructField("a", IntegerType))), CalendarIntervalType, NullType,
      DayTimeIntervalType(), YearMonthIntervalType())
    unsupported.foreach { t =>
      val reason = DataTypeSerde.toProto(t).left.getOrElse(fail(s"$t should be unsupported"))
      assert(reason.contains(t.catalogString), reason)
    }
    val schema = StructType(Seq(StructField("ok", IntegerType), StructField("bad", ArrayType(LongType))))
    assert(DataTypeSerde.schemaToProto(schema).left.toOption.get.contains("column bad"))
  }

  test("a schema keeps names, types and nullability") {
    val schema = StructType(Seq(StructField("a", IntegerType, nullable = false), StructField("b", StringType)))
    val proto = DataTypeSerde.schemaToProto(schema).toOption.get
    assert(proto.getFieldsList.asScala.map(f => (f.getName, f.getType.getId, f.getNullable)) === Seq(
      ("a", TypeId.TYPE_ID_INT, false), ("b", TypeId.TYPE_ID_STRING, true)))
  }

  test("attribute references bind to the child's output ordinal by expression id") {
    val e = convert(d)
    assert(e.hasColumn)
    assert(e.getColumn.getOrdinal === 3)
    assert(e.getColumn.getName === "d")
    assert(e.getDataType.getId === TypeId.TYPE_ID_DECIMAL)
    assert(e.getNullable)
    assert(!convert(l).getNullable)
    // Same name, different expression id: not the same column.
    val stranger = AttributeReference("i", IntegerType)()
    assert(decline(stranger).contains("not in the child's output"))
  }

  test("literals of every supported type") {
    def lit(v: Any, t: DataType) = {
      val e = convert(Literal.create(v, t))
      assert(e.hasLiteral)
      assert(e.getLiteral.getType === e.getDataType)
      e.getLiteral
    }
    assert(lit(true, BooleanType).getBooleanValue)
    assert(lit(-7.toByte, ByteType).getIntValue === -7)
    assert(lit(1234.toShort, ShortType).getIntValue === 1234)
    assert(lit(42, IntegerType).getIntValue === 42)
    assert(lit(1L << 40, LongType).getLongValue === (1L << 40))
    assert(lit(1.5f, FloatType).getFloatValue === 1.5f)
    assert(lit(-2.25, DoubleType).getDoubleValue === -2.25)
    assert(lit("Ünïcødé ✓", StringType).getStringValue === "Ünïcødé ✓")
    assert(lit(Array[Byte](0, -1, 7), BinaryType).getBinaryValue.toByteArray.toSeq === Seq[Byte](0, -1, 7))
    // Dates are days, timestamps microseconds, as Spark keeps them internally.
    val date = Literal(java.sql.Date.valueOf("2024-02-29"))
    assert(convert(date).getLiteral.getIntValue === 19782)
    val ts = Literal(java.sql.Timestamp.from(java.time.Instant.parse("2024-01-01T00:00:00.000001Z")))
    assert(convert(ts).getLiteral.getLongValue === 1704067200000001L)
    assert(convert(ts).getDataType.getId === TypeId.TYPE_ID_TIMESTAMP)
    val ntz = Literal(java.time.LocalDateTime.parse("1970-01-01T00:00:01"))
    assert(convert(ntz).getLiteral.getLongValue === 1000000L)
    assert(convert(ntz).getDataType.getId === TypeId.TYPE_ID_TIMESTAMP_NTZ)
  }

  test("decimal literals carry the unscaled value as big-endian two's complement") {
    val cases = Seq(
      (BigDecimal("-12345.67"), DecimalType(7, 2)),
      (BigDecimal("0.00"), DecimalType(3, 2)),
      (BigDecimal("12345678901234567890123456789.123456789"), DecimalType(38, 9)),
      (BigDecimal("5"), DecimalType(10, 3)))
    cases.foreach { case (v, t) =>
      val e = convert(Literal(Decimal(v), t))
      val unscaled = new BigInteger(e.getLiteral.getDecimalValue.toByteArray)
      assert(unscaled === v.bigDecimal.setScale(t.scale).unscaledValue(), v)
      assert((e.getDataType.getPrecision, e.getDataType.getScale) === ((t.precision, t.scale)))
    }
  }

  test("a string literal that is not valid UTF-8 is declined, wherever it is") {
    val bad = Literal(UTF8String.fromBytes(Array[Byte]('a', 0xff.toByte)), StringType)
    assert(decline(bad).contains("not valid UTF-8"))
    assert(decline(EqualTo(s, bad)).contains("not valid UTF-8"))
    assert(decline(Upper(Concat(Seq(s, bad)))).contains("not valid UTF-8"))
    val surrogate = Literal(UTF8String.fromBytes(Array(0xed, 0xa0, 0x80).map(_.toByte)), StringType)
    assert(decline(surrogate).contains("not valid UTF-8"))
    assert(convert(Literal(UTF8String.fromString("ábc 😀"), StringType)).getLiteral.getStringValue === "ábc 😀")
  }

  test("null literals are typed") {
    val e = convert(Literal(null, DecimalType(5, 1)))
    assert(e.getLiteral.getIsNull)
    assert(e.getLiteral.getValueCase === dev.ember.proto.plan.v1.Literal.ValueCase.VALUE_NOT_SET)
    assert(e.getLiteral.getType.getPrecision === 5)
    assert(e.getNullable)
    assert(decline(Literal(null, NullType)).contains("void"))
  }

  test("comparisons of every kind, same types on both sides") {
    val ops = Seq[(Expression, ComparisonOp)](
      EqualTo(i, Literal(1)) -> ComparisonOp.COMPARISON_OP_EQUAL,
      EqualNullSafe(s, Literal("a")) -> ComparisonOp.COMPARISON_OP_EQUAL_NULL_SAFE,
      LessThan(x, Literal(1.0)) -> ComparisonOp.COMPARISON_OP_LESS_THAN,
      LessThanOrEqual(l, Literal(2L)) -> ComparisonOp.COMPARISON_OP_LESS_THAN_OR_EQUAL,
      GreaterThan(d, Literal(Decimal(BigDecimal("1.00")), DecimalType(12, 2))) -> ComparisonOp.COMPARISON_OP_GREATER_THAN,
      GreaterThanOrEqual(s, s) -> ComparisonOp.COMPARISON_OP_GREATER_THAN_OR_EQUAL)
    ops.foreach { case (e, op) =>
      val p = convert(e)
      assert(p.getComparison.getOp === op)
      assert(p.getDataType.getId === TypeId.TYPE_ID_BOOLEAN)
      assert(p.getNullable === e.nullable)
    }
    val eq = convert(EqualTo(i, Literal(1))).getComparison
    assert(eq.getLeft.getColumn.getOrdinal === 0)
    assert(eq.getRight.getLiteral.getIntValue === 1)
    assert(!convert(EqualNullSafe(s, Literal("a"))).getNullable)
  }

  test("a comparison of different types is declined") {
    val reason = decline(EqualTo(i, l))
    assert(reason.contains("EqualTo") && reason.contains("different types"), reason)
  }

  test("boolean logic and null tests") {
    val p = GreaterThan(i, Literal(0))
    val q = IsNull(s)
    val and = convert(And(p, q))
    assert(and.hasAnd && and.getAnd.getLeft.hasComparison && and.getAnd.getRight.hasIsNull)
    val or = convert(Or(p, IsNotNull(x)))
    assert(or.hasOr && or.getOr.getRight.hasIsNotNull)
    assert(or.getOr.getRight.getIsNotNull.getChild.getColumn.getOrdinal === 2)
    val not = convert(Not(p))
    assert(not.hasNot && not.getNot.getChild.hasComparison)
    assert(!convert(IsNull(s)).getNullable)
  }

  test("arithmetic in legacy mode, with Spark's result types") {
    val legacy = EvalMode.LEGACY
    val cases = Seq[(BinaryArithmetic, ArithmeticOp)](
      Add(i, Literal(1), legacy) -> ArithmeticOp.ARITHMETIC_OP_ADD,
      Subtract(l, l, legacy) -> ArithmeticOp.ARITHMETIC_OP_SUBTRACT,
      Multiply(x, x, legacy) -> ArithmeticOp.ARITHMETIC_OP_MULTIPLY,
      Divide(x, Literal(3.0), legacy) -> ArithmeticOp.ARITHMETIC_OP_DIVIDE)
    cases.foreach { case (e, op) =>
      val p = convert(e)
      assert(p.getArithmetic.getOp === op)
      assert(p.getArithmetic.getEvalMode === PEvalMode.EVAL_MODE_LEGACY)
      assert(p.getDataType === DataTypeSerde.toProto(e.dataType).toOption.get)
    }
    // Decimal result types come from Spark: decimal(12,2) * decimal(12,2) = decimal(25,4).
    val mul = convert(Multiply(d, d, legacy))
    assert((mul.getDataType.getPrecision, mul.getDataType.getScale) === ((25, 4)))
    val div = convert(Divide(d, d, legacy))
    val expected = Divide(d, d, legacy).dataType.asInstanceOf[DecimalType]
    assert((div.getDataType.getPrecision, div.getDataType.getScale) === ((expected.precision, expected.scale)))
  }

  test("arithmetic and casts run in every eval mode") {
    assert(convert(Add(i, Literal(1), EvalMode.ANSI)).getArithmetic.getEvalMode === PEvalMode.EVAL_MODE_ANSI)
    assert(convert(Divide(x, x, EvalMode.ANSI)).getArithmetic.getEvalMode === PEvalMode.EVAL_MODE_ANSI)
    assert(convert(Multiply(d, d, EvalMode.TRY)).getArithmetic.getEvalMode === PEvalMode.EVAL_MODE_TRY)
    assert(convert(Cast(l, IntegerType, Some("UTC"), EvalMode.ANSI)).getCast.getEvalMode === PEvalMode.EVAL_MODE_ANSI)
  }

  test("interval arithmetic is declined") {
    val interval = AttributeReference("iv", CalendarIntervalType)()
    val reason = decline(Add(interval, interval, EvalMode.LEGACY), ExprContext(Seq(interval), conf))
    assert(reason.contains("Add"), reason)
  }

  test("numeric casts carry eval mode and time zone") {
    val targets = Seq(ByteType, ShortType, IntegerType, LongType, FloatType, DoubleType, DecimalType(10, 3))
    for (child <- Seq[Expression](i, l, x, d); target <- targets
         if !(child.dataType == DoubleType && target.isInstanceOf[DecimalType])) {
      val p = convert(Cast(child, target, Some("Europe/Paris"), EvalMode.LEGACY))
      assert(p.hasCast)
      assert(p.getCast.getEvalMode === PEvalMode.EVAL_MODE_LEGACY)
      assert(p.getCast.getTimeZone === "Europe/Paris")
      assert(p.getDataType === DataTypeSerde.toProto(target).toOption.get)
    }
    // Without a time zone, the session's.
    assert(convert(Cast(i, LongType, None, EvalMode.LEGACY)).getCast.getTimeZone === "America/Los_Angeles")
  }

  test("numeric casts in ANSI and TRY modes") {
    // TRY never raises: it runs.
    for (target <- Seq(ByteType, IntegerType, LongType, DecimalType(5, 2))) {
      assert(convert(Cast(d, target, Some("UTC"), EvalMode.TRY)).getCast.getEvalMode === PEvalMode.EVAL_MODE_TRY)
    }
    // ANSI casts that cannot raise run; those that can wait for the error mapping.
    assert(convert(Cast(i, LongType, Some("UTC"), EvalMode.ANSI)).getCast.getEvalMode === PEvalMode.EVAL_MODE_ANSI)
    assert(convert(Cast(d, DecimalType(20, 4), Some("UTC"), EvalMode.ANSI)).hasCast)
    assert(convert(Cast(i, DecimalType(10, 0), Some("UTC"), EvalMode.ANSI)).hasCast)
  }

  test("decimal to integral: scale >= 19 and ANSI/TRY precision > 15 only from a column") {
    val wide = AttributeReference("w", DecimalType(38, 20))()
    val c = ExprContext(input :+ wide, conf)
    assert(convert(Cast(wide, LongType, Some("UTC"), EvalMode.LEGACY), c).hasCast)
    assert(convert(Cast(wide, IntegerType, Some("UTC"), EvalMode.TRY), c).hasCast)
    val computed = Cast(d, DecimalType(19, 19), Some("UTC"), EvalMode.LEGACY)
    assert(decline(Cast(computed, LongType, Some("UTC"), EvalMode.LEGACY)).contains("ArrayIndexOutOfBounds"))
    val computed16 = Cast(d, DecimalType(16, 2), Some("UTC"), EvalMode.LEGACY)
    assert(convert(Cast(computed16, IntegerType, Some("UTC"), EvalMode.LEGACY)).hasCast)
    assert(decline(Cast(computed16, IntegerType, Some("UTC"), EvalMode.TRY)).contains("representation"))
    assert(convert(Cast(computed16, LongType, Some("UTC"), EvalMode.TRY)).hasCast)
  }

  test("float and double to decimal are declined before Java 19") {
    val result = ExprSerdes.convert(Cast(x, DecimalType(10, 3), Some("UTC"), EvalMode.LEGACY), ExprContext(Seq(i, l, x, d, s), conf))
    if (Runtime.version().feature() < 19) {
      assert(result.left.toOption.exists(_.contains("Double.toString")), result)
    } else {
      assert(result.isRight, result)
    }
  }

  test("casts between string, boolean and numeric types") {
    for (mode <- Seq(EvalMode.LEGACY, EvalMode.TRY)) {
      for (t <- Seq(BooleanType, ByteType, IntegerType, LongType, FloatType, DoubleType, DecimalType(10, 2))) {
        assert(convert(Cast(s, t, Some("UTC"), mode)).hasCast)
      }
      for (c <- Seq[Expression](i, l, d)) assert(convert(Cast(c, StringType, Some("UTC"), mode)).hasCast)
    }
    assert(convert(Cast(i, StringType, Some("UTC"), EvalMode.ANSI)).hasCast)
    val floatToString = ExprSerdes.convert(Cast(x, StringType, Some("UTC"), EvalMode.LEGACY), ctx)
    assert(floatToString.isRight === (Runtime.version().feature() >= 19), floatToString)
  }

  test("datetime casts need a session time zone the sidecar shares") {
    val ts = AttributeReference("ts", TimestampType)()
    val dt = AttributeReference("dt", DateType)()
    val c = ExprContext(input ++ Seq(ts, dt), conf)
    assert(convert(Cast(ts, StringType, Some("America/Los_Angeles"), EvalMode.LEGACY), c).getCast.getTimeZone ===
      "America/Los_Angeles")
    assert(convert(Cast(dt, TimestampType, Some("UTC"), EvalMode.TRY), c).hasCast)
    assert(convert(Cast(dt, StringType, Some("+08:00"), EvalMode.LEGACY), c).hasCast) // no zone needed
    assert(decline(Cast(ts, StringType, Some("+08:00"), EvalMode.LEGACY), c).contains("+08:00"))
    assert(decline(Cast(ts, DateType, Some("PST"), EvalMode.LEGACY), c).contains("PST"))
    assert(decline(Cast(ts, DecimalType(10, 2), Some("UTC"), EvalMode.LEGACY), c).contains("not supported"))
  }

  test("string to timestamp and timestamp_ntz in every mode; the session zone matters for timestamp only") {
    for (mode <- Seq(EvalMode.LEGACY, EvalMode.ANSI, EvalMode.TRY)) {
      assert(convert(Cast(s, TimestampType, Some("Europe/Berlin"), mode)).getCast.getTimeZone === "Europe/Berlin")
      assert(convert(Cast(s, TimestampNTZType, Some("+08:00"), mode)).hasCast)
    }
    assert(decline(Cast(s, TimestampType, Some("+08:00"), EvalMode.LEGACY)).contains("+08:00"))
  }

  test("the sidecar resolves zone ids in strings against this JVM's java.time region ids") {
    // The JVM sends the sidecar every zone of ZoneId.getAvailableZoneIds (ZoneRulesTZif).
    assert(dev.ember.spark.serde.expressions.CastSerdes.zoneIdsReason === None)
    // Session zones: any region whose rules the sidecar has, not a SHORT_IDS offset.
    import dev.ember.spark.serde.expressions.CastSerdes.zoneReason
    val s = AttributeReference("s", StringType)()
    for (tz <- Seq("WET", "EET", "SystemV/EST5EDT", "Asia/Tehran", "UTC")) assert(zoneReason(s, tz) === None, tz)
    for (tz <- Seq("EST", "MST", "HST", "+08:00", "Mars/Base")) assert(zoneReason(s, tz).isDefined, tz)
  }

  test("boolean, float, double and decimal to timestamp; date to numbers in legacy mode") {
    val b = AttributeReference("b", BooleanType)()
    val dt = AttributeReference("dt", DateType)()
    val w = AttributeReference("w", DecimalType(38, 10))()
    val ts = AttributeReference("ts", TimestampType)()
    val c = ExprContext(input ++ Seq(b, dt, w, ts), conf)
    assert(convert(Cast(b, TimestampType, Some("UTC"), EvalMode.LEGACY), c).hasCast)
    assert(convert(Cast(dt, IntegerType, Some("UTC"), EvalMode.LEGACY), c).hasCast)
    assert(convert(Cast(dt, BooleanType, Some("UTC"), EvalMode.LEGACY), c).hasCast)
    for (mode <- Seq(EvalMode.LEGACY, EvalMode.ANSI, EvalMode.TRY)) {
      assert(convert(Cast(x, TimestampType, Some("UTC"), mode), c).hasCast)
      assert(convert(Cast(d, TimestampType, Some("UTC"), mode), c).hasCast)
    }
    assert(decline(Cast(w, TimestampType, Some("UTC"), EvalMode.LEGACY), c).contains("34 digits"))
    assert(decline(Cast(ts, DecimalType(20, 6), Some("UTC"), EvalMode.LEGACY), c).contains("Double.toString"))
    assert(decline(Cast(b, TimestampType, Some("UTC"), EvalMode.ANSI), c).contains("ANSI"))
  }

  test("other casts are declined") {
    val reason = decline(Cast(s, BinaryType, Some("UTC"), EvalMode.LEGACY))
    assert(reason.contains("Cast") && reason.contains("cast from string to binary"), reason)
    assert(decline(Cast(arr, StringType, Some("UTC"), EvalMode.LEGACY)).contains("array<int>"))
  }

  test("an unsupported expression is declined with its class name, also when nested") {
    assert(decline(InitCap(s)).contains("InitCap"))
    val nested = decline(And(GreaterThan(i, Literal(0)), EqualTo(OctetLength(s), Literal(3))))
    assert(nested.contains("expression OctetLength is not supported"), nested)
    assert(decline(Alias(i, "a")()).contains("Alias"))
  }

  test("an expression on an unsupported type is declined") {
    val reason = decline(IsNull(arr))
    assert(reason.contains("array<int>"), reason)
  }

  test("per-expression switches disable a serde") {
    val off = new SQLConf
    off.setConfString("spark.ember.expression.Add.enabled", "false")
    val reason = decline(Add(i, Literal(1), EvalMode.LEGACY), ExprContext(input, off))
    assert(reason.contains("spark.ember.expression.Add.enabled=false"), reason)
    assert(ExprSerdes.convert(Subtract(i, Literal(1), EvalMode.LEGACY), ExprContext(input, off)).isRight)
  }

  private val dateAndRounding = Set(
    "Year", "Month", "DayOfMonth", "Quarter", "DayOfWeek", "WeekDay", "DayOfYear", "WeekOfYear", "LastDay",
    "DateAdd", "DateSub", "DateDiff", "AddMonths",
    "Round", "BRound", "RoundCeil", "RoundFloor", "Floor", "Ceil")

  private val strings = Set(
    "StartsWith", "EndsWith", "Contains", "Length", "Upper", "Lower", "Substring", "Concat",
    "StringTrim", "StringTrimLeft", "StringTrimRight", "Like")

  private val aggregation = Set("NormalizeNaNAndZero", "KnownFloatingPointNormalized", "UnscaledValue", "MakeDecimal")

  private val hashing = Set("Murmur3Hash", "XxHash64")

  test("the registry covers exactly the documented expressions") {
    val names = ExprSerdes.all.map(_.name).toSet
    assert(names === Set(
      "AttributeReference", "Literal",
      "EqualTo", "EqualNullSafe", "LessThan", "LessThanOrEqual", "GreaterThan", "GreaterThanOrEqual",
      "And", "Or", "Not", "IsNull", "IsNotNull",
      "Add", "Subtract", "Multiply", "Divide",
      "UnaryMinus", "Abs", "Remainder", "Pmod", "IntegralDivide",
      "CaseWhen", "If", "Coalesce", "Greatest", "Least", "In", "InSet",
      "Cast", "ScalarSubquery") ++ dateAndRounding ++ strings ++ aggregation ++ hashing)
    assert(ExprSerdes.functionNames === Set(
      "UnaryMinus", "Abs", "Remainder", "Pmod", "IntegralDivide",
      "CaseWhen", "If", "Coalesce", "Greatest", "Least", "In", "InSet") ++ dateAndRounding ++ strings ++
      (aggregation - "KnownFloatingPointNormalized") ++ hashing)
  }

  private def function(e: Expression): dev.ember.proto.plan.v1.ScalarFunction = {
    val p = convert(e)
    assert(p.hasScalarFunction, p)
    assert(p.getDataType === DataTypeSerde.toProto(e.dataType).toOption.get, e)
    assert(p.getNullable === e.nullable, e)
    p.getScalarFunction
  }

  test("CASE WHEN sends [cond, value, ..., else], a missing ELSE as a typed NULL") {
    val withElse = function(CaseWhen(Seq(GreaterThan(i, Literal(0)) -> Literal(1L), IsNull(i) -> l), Some(Literal(0L))))
    assert(withElse.getName === "CaseWhen")
    assert(withElse.getArgsCount === 5)
    assert(withElse.getArgs(0).hasComparison && withElse.getArgs(3).getColumn.getOrdinal === 1)
    assert(withElse.getArgs(4).getLiteral.getLongValue === 0L)
    assert(withElse.getEvalMode === PEvalMode.EVAL_MODE_LEGACY)
    val noElse = function(CaseWhen(Seq(GreaterThan(i, Literal(0)) -> s)))
    assert(noElse.getArgsCount === 3)
    assert(noElse.getArgs(2).getLiteral.getIsNull)
    assert(noElse.getArgs(2).getDataType.getId === TypeId.TYPE_ID_STRING)
    assert(convert(CaseWhen(Seq(GreaterThan(i, Literal(0)) -> s))).getNullable)
  }

  test("If, Coalesce, Greatest and Least keep Spark's argument order") {
    val f = function(If(IsNull(x), Literal(0.0), x))
    assert(f.getName === "If" && f.getArgsCount === 3 && f.getArgs(0).hasIsNull && f.getArgs(2).getColumn.getOrdinal === 2)
    val c = function(Coalesce(Seq(i, Literal(7))))
    assert(c.getName === "Coalesce" && c.getArgsCount === 2 && c.getArgs(1).getLiteral.getIntValue === 7)
    assert(!convert(Coalesce(Seq(i, Literal(7)))).getNullable)
    val g = function(Greatest(Seq(x, Literal(1.0), x)))
    assert(g.getName === "Greatest" && g.getArgsCount === 3)
    assert(function(Least(Seq(s, Literal("b")))).getName === "Least")
  }

  test("NULLIF and NVL2 arrive as If, NVL as Coalesce") {
    // NULLIF's replacement holds a TypedNullLiteral, which constant folding turns into a
    // Literal before the physical plan; the serde sees If(i = 1, NULL, i).
    assert(new NullIf(i, Literal(1)).replacement.isInstanceOf[If])
    assert(function(If(EqualTo(i, Literal(1)), Literal(null, IntegerType), i)).getName === "If")
    assert(function(new Nvl2(i, Literal(1), Literal(2)).replacement).getName === "If")
    assert(function(new Nvl(i, Literal(1)).replacement).getName === "Coalesce")
  }

  test("IN and InSet send the value first, then the list; a NULL member as a NULL literal") {
    val in = function(In(i, Seq(Literal(1), Literal(null, IntegerType), Literal(3))))
    assert(in.getName === "In" && in.getArgsCount === 4 && in.getArgs(2).getLiteral.getIsNull)
    val set = function(InSet(s, Set(UTF8String.fromString("a"), null)))
    assert(set.getName === "InSet" && set.getArgsCount === 3 && set.getArgs(0).getColumn.getOrdinal === 4)
    val members = (1 to 2).map(set.getArgs(_).getLiteral)
    assert(members.count(_.getIsNull) === 1 && members.exists(_.getStringValue == "a"))
    assert(decline(In(i, Nil)).contains("empty list"))
    assert(decline(In(i, Seq(Literal(1L)))).contains("list item"))
  }

  test("math functions carry the eval mode and Spark's result types") {
    val legacy = EvalMode.LEGACY
    assert(function(UnaryMinus(i, failOnError = false)).getName === "UnaryMinus")
    assert(function(Abs(d, failOnError = false)).getArgs(0).getDataType.getPrecision === 12)
    Seq[Expression](Remainder(i, Literal(3), legacy), Pmod(x, x, legacy), IntegralDivide(l, l, legacy),
      Remainder(d, Literal(Decimal(BigDecimal("1.5")), DecimalType(2, 1)), legacy)).foreach { e =>
      val f = function(e)
      assert(f.getName === e.getClass.getSimpleName && f.getArgsCount === 2)
      assert(f.getEvalMode === PEvalMode.EVAL_MODE_LEGACY)
    }
    assert(convert(IntegralDivide(d, d, legacy)).getDataType.getId === TypeId.TYPE_ID_LONG)
    val rem = convert(Remainder(d, Literal(Decimal(BigDecimal("1.5")), DecimalType(2, 1)), legacy)).getDataType
    assert((rem.getPrecision, rem.getScale) === ((3, 2)))
  }

  test("math functions run in ANSI mode, decimals included; %, pmod and div in TRY mode too") {
    Seq(UnaryMinus(i, failOnError = true), Abs(l, failOnError = true), Remainder(i, i, EvalMode.ANSI),
      Pmod(x, x, EvalMode.ANSI), IntegralDivide(l, l, EvalMode.ANSI), UnaryMinus(d, failOnError = true),
      Abs(d, failOnError = true), Remainder(d, d, EvalMode.ANSI), Pmod(d, d, EvalMode.ANSI),
      IntegralDivide(d, d, EvalMode.ANSI)).foreach { e =>
      assert(convert(e).getScalarFunction.getEvalMode === PEvalMode.EVAL_MODE_ANSI, e)
    }
    Seq(Remainder(i, i, EvalMode.TRY), Pmod(d, d, EvalMode.TRY), IntegralDivide(d, d, EvalMode.TRY)).foreach { e =>
      assert(convert(e).getScalarFunction.getEvalMode === PEvalMode.EVAL_MODE_TRY, e)
    }
    // p1 - s1 + s2 > 38: Spark's 38-digit divideToIntegralValue can fail with "Division impossible".
    val w1 = AttributeReference("w1", DecimalType(38, 0))()
    val w2 = AttributeReference("w2", DecimalType(38, 10))()
    val c = ExprContext(input ++ Seq(w1, w2), conf)
    Seq(Remainder(w1, w2, EvalMode.LEGACY), Pmod(w1, w2, EvalMode.ANSI), IntegralDivide(w1, w2, EvalMode.TRY))
      .foreach(e => assert(decline(e, c).contains("Division impossible"), e))
    assert(convert(Remainder(w2, w1, EvalMode.LEGACY), c).hasScalarFunction)
  }

  test("date functions send their date arguments; a non-date argument is declined") {
    val dt = AttributeReference("dt", DateType)()
    val t = AttributeReference("t", ByteType)()
    val c = ExprContext(input ++ Seq(dt, t), conf)
    Seq[Expression](Year(dt), Month(dt), DayOfMonth(dt), Quarter(dt), DayOfWeek(dt), WeekDay(dt), DayOfYear(dt),
      WeekOfYear(dt), LastDay(dt), DateAdd(dt, t), DateSub(dt, i), DateDiff(dt, dt), AddMonths(dt, i)).foreach { e =>
      val p = convert(e, c)
      assert(p.getScalarFunction.getName === e.getClass.getSimpleName, e)
      assert(p.getScalarFunction.getArgsCount === e.children.size, e)
    }
    assert(convert(Year(Cast(s, DateType, Some("UTC"))), ExprContext(input ++ Seq(dt, t), conf)).getScalarFunction.getName === "Year")
  }

  test("rounding sends the scale as an int literal and keeps Spark's result types") {
    val r = convert(Round(d, Literal(1)))
    assert(r.getScalarFunction.getName === "Round" && r.getScalarFunction.getArgs(1).getLiteral.getIntValue === 1)
    assert((r.getDataType.getPrecision, r.getDataType.getScale) === ((12, 1)))
    val neg = convert(BRound(d, Literal(-2)))
    assert((neg.getDataType.getPrecision, neg.getDataType.getScale) === ((11, 0)))
    assert(convert(RoundCeil(d, Literal(0))).getScalarFunction.getName === "RoundCeil")
    assert(convert(RoundFloor(d, Add(Literal(1), Literal(1)))).getScalarFunction.getArgs(1).getLiteral.getIntValue === 2)
    assert(convert(Round(i, Literal(-1), ansiEnabled = false)).getDataType.getId === TypeId.TYPE_ID_INT)
    assert(convert(Floor(x)).getDataType.getId === TypeId.TYPE_ID_LONG)
    val fl = convert(Ceil(d)).getDataType
    assert((fl.getPrecision, fl.getScale) === ((11, 0)))
  }

  test("rounding declines what Spark raises on or what depends on the JVM") {
    assert(convert(Round(i, Literal(-1), ansiEnabled = true)).getScalarFunction.getEvalMode === PEvalMode.EVAL_MODE_ANSI)
    assert(decline(Round(d, Literal(null, IntegerType))).contains("NULL"))
    val big = AttributeReference("big", DecimalType(38, 0))()
    assert(decline(Round(big, Literal(-1)), ExprContext(input :+ big, conf)).contains("DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION"))
    assert(decline(RoundCeil(d, Literal(-38))).contains("more than 38 digits"))
    if (Runtime.version().feature() < 19) {
      assert(decline(Round(x, Literal(2))).contains("allowIncompatible"))
    } else {
      assert(convert(Round(x, Literal(2))).getScalarFunction.getName === "Round")
    }
  }

  test("string functions send Spark's arguments; left() is Substring(str, 1, n)") {
    val b = AttributeReference("b", BinaryType)()
    val c = ExprContext(input :+ b, conf)
    def fn(e: Expression, cx: ExprContext = ctx) = {
      val p = convert(e, cx)
      assert(p.hasScalarFunction, p)
      assert(p.getNullable === e.nullable, e)
      p.getScalarFunction
    }
    Seq[Expression](StartsWith(s, Literal("a")), EndsWith(s, s), Contains(s, Literal("")), Length(s), Upper(s), Lower(s))
      .foreach(e => assert(fn(e).getName === e.getClass.getSimpleName))
    val sub = fn(new Substring(s, Literal(2)))
    assert(sub.getName === "Substring" && sub.getArgsCount === 3 && sub.getArgs(2).getLiteral.getIntValue === Int.MaxValue)
    val left = fn(new Left(s, Literal(3)).replacement)
    assert(left.getName === "Substring" && left.getArgs(1).getLiteral.getIntValue === 1)
    assert(convert(Substring(b, Literal(1), i), c).getDataType.getId === TypeId.TYPE_ID_BINARY)
    assert(fn(Concat(Seq(s, Literal("x"), s))).getArgsCount === 3)
    assert(fn(Concat(Seq(b, b)), c).getName === "Concat")
    assert(fn(StringTrim(s)).getArgsCount === 1)
    assert(fn(StringTrimLeft(s, Literal("xy"))).getArgsCount === 2)
    assert(fn(StringTrimRight(s, s)).getArgs(1).getColumn.getOrdinal === 4)
    val like = fn(Like(s, Literal("a_%"), '#'))
    assert(like.getArgsCount === 3 && like.getArgs(1).getLiteral.getStringValue === "a_%" &&
      like.getArgs(2).getLiteral.getStringValue === "#")
  }

  test("string functions decline what the sidecar cannot run exactly") {
    assert(decline(Like(s, s, '\\')).contains("constant pattern"))
    assert(decline(Like(s, Literal("a\\"), '\\')).contains("Spark rejects the pattern"))
    assert(decline(Like(s, Literal("a\\b"), '\\')).contains("Spark rejects the pattern"))
    assert(decline(Concat(Seq(arr, arr))).contains("array"))
    assert(decline(Concat(Nil)).contains("without arguments"))
    val invalid = Literal.create(UTF8String.fromBytes(Array[Byte](0x61, 0xff.toByte)), StringType)
    assert(decline(Contains(s, invalid)).contains("not valid UTF-8"))
    val saved = java.util.Locale.getDefault
    try {
      java.util.Locale.setDefault(new java.util.Locale("tr", "TR"))
      assert(decline(Upper(s)).contains("locale"))
    } finally java.util.Locale.setDefault(saved)
  }

  test("hash and xxhash64 send their typed arguments; other seeds and complex types stay in Spark") {
    val h = function(new Murmur3Hash(Seq(i, s, Literal(null, NullType), x)))
    assert(h.getName === "Murmur3Hash" && h.getArgsCount === 3 && h.getArgs(1).getColumn.getOrdinal === 4)
    val xx = function(new XxHash64(Seq(l, d)))
    assert(xx.getName === "XxHash64" && xx.getArgsCount === 2)
    assert(decline(Murmur3Hash(Seq(i), 7)).contains("seed other than 42"))
    assert(decline(new XxHash64(Seq(i, arr))).contains("array"))
    assert(decline(new Murmur3Hash(Seq(Literal(null, NullType)))).contains("no argument"))
    val invalid = Literal.create(UTF8String.fromBytes(Array[Byte](0x61, 0xff.toByte)), StringType)
    assert(decline(new Murmur3Hash(Seq(i, invalid))).contains("not valid UTF-8"))
  }
}
