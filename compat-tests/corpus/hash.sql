-- Spark's hash() (Murmur3, seed 42) and xxhash64() (XXH64, seed 42) over every edge column
-- type: booleans and integrals as int/long, float and double with NaN (payloads and sign),
-- -0.0 and 0.0, ±Inf; decimals of every precision in the edge tables (<= 18 by the
-- unscaled long, wider by the BigInteger bytes); empty, multi-byte and long strings with
-- every tail length (1..7 bytes after the 4- and 8-byte words, 32-byte XXH64 stripes);
-- binary; dates, timestamps, timestamp_ntz; NULLs (which leave the hash unchanged),
-- several columns chained through the seed, and HashPartitioning's pmod(hash(x), n).
-- native

-- name: hash_each_type
-- subset
SELECT id, hash(b) AS b, hash(t) AS t, hash(sm) AS sm, hash(i) AS i, hash(l) AS l, hash(f) AS f, hash(d) AS d,
       hash(s) AS s, hash(bin) AS bin, hash(dt) AS dt, hash(ts) AS ts, hash(ntz) AS ntz
FROM edge
-- also-on: edge=edge_arrow_dict,edge_arrow_delta,edge_nulls,edge_empty

-- name: xxhash64_each_type
-- subset
SELECT id, xxhash64(b) AS b, xxhash64(t) AS t, xxhash64(sm) AS sm, xxhash64(i) AS i, xxhash64(l) AS l,
       xxhash64(f) AS f, xxhash64(d) AS d, xxhash64(s) AS s, xxhash64(bin) AS bin, xxhash64(dt) AS dt,
       xxhash64(ts) AS ts, xxhash64(ntz) AS ntz
FROM edge
-- also-on: edge=edge_arrow_dict,edge_arrow_delta,edge_nulls,edge_empty

-- name: hash_decimals
SELECT id, hash(dec_1_0) AS a, hash(dec_5_2) AS b, hash(dec_9_4) AS c, hash(dec_10_0) AS d, hash(dec_18_6) AS e,
       hash(dec_19_0) AS f, hash(dec_28_10) AS g, hash(dec_38_0) AS h, hash(dec_38_10) AS k, hash(dec_38_38) AS m
FROM edge
-- also-on: edge=edge_arrow_dict,edge_spark_plain

-- name: xxhash64_decimals
SELECT id, xxhash64(dec_1_0) AS a, xxhash64(dec_5_2) AS b, xxhash64(dec_9_4) AS c, xxhash64(dec_10_0) AS d,
       xxhash64(dec_18_6) AS e, xxhash64(dec_19_0) AS f, xxhash64(dec_28_10) AS g, xxhash64(dec_38_0) AS h,
       xxhash64(dec_38_10) AS k, xxhash64(dec_38_38) AS m
FROM edge
-- also-on: edge=edge_arrow_dict,edge_spark_plain

-- name: hash_string_tails
SELECT id, s, hash(concat(s, 'a')) AS a, hash(concat(s, 'ab')) AS b, hash(concat(s, 'abc')) AS c,
       hash(concat(s, 'abcd')) AS d, hash(concat(s, 'abcde')) AS e, hash(concat(s, 'abcdef')) AS f,
       hash(concat(s, 'abcdefg')) AS g, hash(concat(s, 'é')) AS h, hash(concat(s, s, s)) AS k
FROM edge

-- name: xxhash64_string_tails
SELECT id, s, xxhash64(concat(s, 'a')) AS a, xxhash64(concat(s, 'ab')) AS b, xxhash64(concat(s, 'abc')) AS c,
       xxhash64(concat(s, 'abcd')) AS d, xxhash64(concat(s, 'abcde')) AS e, xxhash64(concat(s, 'abcdef')) AS f,
       xxhash64(concat(s, 'abcdefg')) AS g, xxhash64(concat(s, 'é')) AS h, xxhash64(concat(s, s, s)) AS k
FROM edge

-- name: hash_binary_tails
SELECT id, hash(concat(bin, bin)) AS a, hash(concat(bin, X'80')) AS b, hash(concat(bin, X'FF80')) AS c,
       hash(concat(bin, X'8081FE')) AS d, xxhash64(concat(bin, bin)) AS e, xxhash64(concat(bin, X'80')) AS f,
       xxhash64(concat(bin, X'FF8081FE8C')) AS g, xxhash64(concat(bin, bin, bin)) AS h
FROM edge

-- name: hash_multi_column
-- subset
SELECT id, hash(i, s) AS a, hash(b, t, sm, i, l) AS b, hash(f, d, dec_5_2, dec_38_10) AS c,
       hash(s, bin, dt, ts, ntz) AS d, hash(i, NULL, s) AS e, hash(l, 'x', 1, 2.5D) AS g,
       hash(b, t, sm, i, l, f, d, dec_1_0, dec_19_0, dec_38_38, s, bin, dt, ts, ntz) AS h
FROM edge
-- also-on: edge=edge_nulls,edge_arrow_dict

-- name: xxhash64_multi_column
-- subset
SELECT id, xxhash64(i, s) AS a, xxhash64(b, t, sm, i, l) AS b, xxhash64(f, d, dec_5_2, dec_38_10) AS c,
       xxhash64(s, bin, dt, ts, ntz) AS d, xxhash64(i, NULL, s) AS e, xxhash64(l, 'x', 1, 2.5D) AS g,
       xxhash64(b, t, sm, i, l, f, d, dec_1_0, dec_19_0, dec_38_38, s, bin, dt, ts, ntz) AS h
FROM edge
-- also-on: edge=edge_nulls

-- name: hash_pairs_float
SELECT id, hash(a, b) AS h, xxhash64(a, b) AS x FROM pair_float
-- also-on: pair_float=pair_double,pair_string,pair_dec_38_10,pair_timestamp

-- name: hash_pmod
-- subset
SELECT id, pmod(hash(i), 7) AS a, pmod(hash(s), 7) AS b, pmod(hash(i, s, d), 200) AS c, pmod(hash(l), 1) AS d,
       pmod(hash(dec_38_0, ts), 13) AS e
FROM edge

-- name: hash_in_filter
SELECT id, s FROM edge WHERE pmod(hash(s, i), 4) = 1 AND xxhash64(l) > 0
