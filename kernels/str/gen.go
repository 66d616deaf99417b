package str

// casetables_gen.go and testdata/oracle.tsv.gz come from Spark's own
// UTF8String and the JDK (testdata/Oracle.java); SPARK_UNSAFE_CP is the class
// path of spark-unsafe_2.12-3.5.x.jar and kryo-shaded (its UTF8String
// implements KryoSerializable), e.g. from ~/.m2. Run with JDK 17 and an
// English default locale.
//go:generate sh -c "java -cp $SPARK_UNSAFE_CP testdata/Oracle.java tables > casetables_gen.go"
//go:generate sh -c "java -cp $SPARK_UNSAFE_CP testdata/Oracle.java cases | gzip -9n > testdata/oracle.tsv.gz"
//go:generate gofmt -w casetables_gen.go
