package dev.ember.spark.serde

import dev.ember.proto.plan.v1.{DataType => PDataType, Field, Schema, TypeId}

import org.apache.spark.sql.types._

/** Maps Spark SQL data types to the proto `DataType`. */
object DataTypeSerde {

  /** The proto type of `dt`, or the reason Ember does not support it. */
  def toProto(dt: DataType): Either[String, PDataType] = dt match {
    case BooleanType => Right(simple(TypeId.TYPE_ID_BOOLEAN))
    case ByteType => Right(simple(TypeId.TYPE_ID_BYTE))
    case ShortType => Right(simple(TypeId.TYPE_ID_SHORT))
    case IntegerType => Right(simple(TypeId.TYPE_ID_INT))
    case LongType => Right(simple(TypeId.TYPE_ID_LONG))
    case FloatType => Right(simple(TypeId.TYPE_ID_FLOAT))
    case DoubleType => Right(simple(TypeId.TYPE_ID_DOUBLE))
    case d: DecimalType if d.scale < 0 || d.scale > d.precision || d.precision > DecimalType.MAX_PRECISION =>
      Left(s"data type ${d.catalogString} is not supported (negative or oversized scale)")
    case d: DecimalType =>
      Right(PDataType.newBuilder().setId(TypeId.TYPE_ID_DECIMAL)
        .setPrecision(d.precision).setScale(d.scale).build())
    case StringType => Right(simple(TypeId.TYPE_ID_STRING))
    case BinaryType => Right(simple(TypeId.TYPE_ID_BINARY))
    case DateType => Right(simple(TypeId.TYPE_ID_DATE))
    case TimestampType => Right(simple(TypeId.TYPE_ID_TIMESTAMP))
    case TimestampNTZType => Right(simple(TypeId.TYPE_ID_TIMESTAMP_NTZ))
    case other => Left(s"data type ${other.catalogString} is not supported")
  }

  /** Whether Ember supports `dt`. */
  def isSupported(dt: DataType): Boolean = toProto(dt).isRight

  /** The numeric types Ember's arithmetic and numeric casts accept. */
  def isNumeric(dt: DataType): Boolean = dt match {
    case ByteType | ShortType | IntegerType | LongType | FloatType | DoubleType => true
    case _: DecimalType => true
    case _ => false
  }

  /** The proto schema of `schema`, or the reason one of its columns is not supported. */
  def schemaToProto(schema: StructType): Either[String, Schema] = {
    val builder = Schema.newBuilder()
    schema.fields.foreach { f =>
      toProto(f.dataType) match {
        case Right(t) =>
          builder.addFields(Field.newBuilder().setName(f.name).setType(t).setNullable(f.nullable))
        case Left(reason) => return Left(s"column ${f.name}: $reason")
      }
    }
    Right(builder.build())
  }

  private def simple(id: TypeId): PDataType = PDataType.newBuilder().setId(id).build()
}
