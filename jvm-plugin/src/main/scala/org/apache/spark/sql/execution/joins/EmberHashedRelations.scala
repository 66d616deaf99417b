package org.apache.spark.sql.execution.joins

import org.apache.spark.sql.catalyst.InternalRow

/**
 * Reads the rows back out of a broadcast `HashedRelation` (Spark's, private to
 * `org.apache.spark.sql.execution`, hence this package) so a native hash join can build
 * its own table from them. The relation is what `BroadcastExchangeExec` broadcast for a
 * `BroadcastHashJoinExec` (`HashedRelationBroadcastMode`): the build side's rows, those
 * with a NULL key left out (they match nothing), except in a null-aware anti join, where
 * one NULL key makes the whole relation `HashedRelationWithAllNullKeys`; or, for a
 * `BroadcastNestedLoopJoinExec` (`IdentityBroadcastMode`), the array of the build side's rows.
 */
object EmberHashedRelations {

  /**
   * Every row the relation holds, each once, duplicates of a key included (rows are
   * reused between calls of `next`: copy or consume at once). Runs on a read-only copy, as
   * Spark's own tasks do, so tasks of one executor can share the broadcast value.
   */
  def rows(relation: Any): Iterator[InternalRow] = relation match {
    case EmptyHashedRelation | HashedRelationWithAllNullKeys => Iterator.empty
    // A BytesToBytesMap holds one record per row: iterate the records (its key iterator
    // would return a key once per row, and get(key) all of that key's rows each time).
    case u: UnsafeHashedRelation => u.asReadOnlyCopy().valuesWithKeyIndex().map(_.getValue)
    // A LongToUnsafeRowMap lists each key once and chains that key's rows
    // (valuesWithKeyIndex is unsupported there).
    case l: LongHashedRelation =>
      val copy = l.asReadOnlyCopy()
      copy.keys().flatMap(k => copy.get(k))
    // IdentityBroadcastMode (a BroadcastNestedLoopJoinExec's build side): the rows themselves.
    case rows: Array[InternalRow] => rows.iterator
    case other => throw new IllegalArgumentException(
      s"Ember: cannot read the rows of a broadcast ${other.getClass.getName}")
  }

  /** Whether the relation is a null-aware anti join's build side that had a NULL key. */
  def hasNullKeyOnly(relation: Any): Boolean = relation == HashedRelationWithAllNullKeys
}
