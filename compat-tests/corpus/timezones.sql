-- Session time zones and zone ids where Go's tz database and the JDK's (java.time, which
-- Spark uses) differ: the sidecar must use the JVM's rules (sent in the handshake). Go
-- differs from JDK 17's tzdb 2025a in 104 zones: WET until 1995, EET until 1980,
-- Europe/Amsterdam, CET/MET and EST5EDT/PST8PDT before 1967, Asia/Tehran at the end of 1978,
-- Pacific/Saipan and Africa/Accra history; SystemV/* zones exist only in the JDK.
-- The sweeps take an instant about every 11 hours from 1800 to 2400 (lineitem keys); the
-- dense queries take one a minute around a transition. Timestamps are cast to string, date,
-- year, timestamp_ntz and back in the session time zone.
-- native

-- name: sweep_wet
-- conf: spark.sql.session.timeZone=WET
SELECT l_orderkey, l_linenumber, t, CAST(t AS STRING) AS s, CAST(t AS DATE) AS d, year(t) AS y,
       CAST(CAST(t AS STRING) AS TIMESTAMP) AS back, CAST(CAST(t AS DATE) AS TIMESTAMP) AS day_start,
       CAST(t AS TIMESTAMP_NTZ) AS ntz, CAST(CAST(t AS TIMESTAMP_NTZ) AS TIMESTAMP) AS ntz_back
FROM (SELECT l_orderkey, l_linenumber,
        CAST(-5364662400 + (l_orderkey * 8 + l_linenumber) * 40000 AS TIMESTAMP) AS t FROM lineitem)

-- name: sweep_eet
-- conf: spark.sql.session.timeZone=EET
SELECT l_orderkey, l_linenumber, t, CAST(t AS STRING) AS s, CAST(t AS DATE) AS d, year(t) AS y,
       CAST(CAST(t AS STRING) AS TIMESTAMP) AS back, CAST(CAST(t AS DATE) AS TIMESTAMP) AS day_start,
       CAST(t AS TIMESTAMP_NTZ) AS ntz, CAST(CAST(t AS TIMESTAMP_NTZ) AS TIMESTAMP) AS ntz_back
FROM (SELECT l_orderkey, l_linenumber,
        CAST(-5364662400 + (l_orderkey * 8 + l_linenumber) * 40000 AS TIMESTAMP) AS t FROM lineitem)

-- name: sweep_europe_amsterdam
-- conf: spark.sql.session.timeZone=Europe/Amsterdam
SELECT l_orderkey, l_linenumber, t, CAST(t AS STRING) AS s, CAST(t AS DATE) AS d, year(t) AS y,
       CAST(CAST(t AS STRING) AS TIMESTAMP) AS back, CAST(CAST(t AS DATE) AS TIMESTAMP) AS day_start,
       CAST(t AS TIMESTAMP_NTZ) AS ntz, CAST(CAST(t AS TIMESTAMP_NTZ) AS TIMESTAMP) AS ntz_back
FROM (SELECT l_orderkey, l_linenumber,
        CAST(-5364662400 + (l_orderkey * 8 + l_linenumber) * 40000 AS TIMESTAMP) AS t FROM lineitem)

-- name: sweep_est5edt
-- conf: spark.sql.session.timeZone=EST5EDT
SELECT l_orderkey, l_linenumber, t, CAST(t AS STRING) AS s, CAST(t AS DATE) AS d, year(t) AS y,
       CAST(CAST(t AS STRING) AS TIMESTAMP) AS back, CAST(CAST(t AS DATE) AS TIMESTAMP) AS day_start,
       CAST(t AS TIMESTAMP_NTZ) AS ntz, CAST(CAST(t AS TIMESTAMP_NTZ) AS TIMESTAMP) AS ntz_back
FROM (SELECT l_orderkey, l_linenumber,
        CAST(-5364662400 + (l_orderkey * 8 + l_linenumber) * 40000 AS TIMESTAMP) AS t FROM lineitem)

-- name: sweep_pacific_saipan
-- conf: spark.sql.session.timeZone=Pacific/Saipan
SELECT l_orderkey, l_linenumber, t, CAST(t AS STRING) AS s, CAST(t AS DATE) AS d, year(t) AS y,
       CAST(CAST(t AS STRING) AS TIMESTAMP) AS back, CAST(CAST(t AS DATE) AS TIMESTAMP) AS day_start,
       CAST(t AS TIMESTAMP_NTZ) AS ntz, CAST(CAST(t AS TIMESTAMP_NTZ) AS TIMESTAMP) AS ntz_back
FROM (SELECT l_orderkey, l_linenumber,
        CAST(-5364662400 + (l_orderkey * 8 + l_linenumber) * 40000 AS TIMESTAMP) AS t FROM lineitem)

-- name: sweep_africa_accra
-- conf: spark.sql.session.timeZone=Africa/Accra
SELECT l_orderkey, l_linenumber, t, CAST(t AS STRING) AS s, CAST(t AS DATE) AS d, year(t) AS y,
       CAST(CAST(t AS STRING) AS TIMESTAMP) AS back, CAST(CAST(t AS DATE) AS TIMESTAMP) AS day_start,
       CAST(t AS TIMESTAMP_NTZ) AS ntz, CAST(CAST(t AS TIMESTAMP_NTZ) AS TIMESTAMP) AS ntz_back
FROM (SELECT l_orderkey, l_linenumber,
        CAST(-5364662400 + (l_orderkey * 8 + l_linenumber) * 40000 AS TIMESTAMP) AS t FROM lineitem)

-- name: sweep_europe_dublin
-- conf: spark.sql.session.timeZone=Europe/Dublin
SELECT l_orderkey, l_linenumber, t, CAST(t AS STRING) AS s, CAST(t AS DATE) AS d, year(t) AS y,
       CAST(CAST(t AS STRING) AS TIMESTAMP) AS back, CAST(CAST(t AS DATE) AS TIMESTAMP) AS day_start,
       CAST(t AS TIMESTAMP_NTZ) AS ntz, CAST(CAST(t AS TIMESTAMP_NTZ) AS TIMESTAMP) AS ntz_back
FROM (SELECT l_orderkey, l_linenumber,
        CAST(-5364662400 + (l_orderkey * 8 + l_linenumber) * 40000 AS TIMESTAMP) AS t FROM lineitem)

-- name: sweep_africa_casablanca
-- conf: spark.sql.session.timeZone=Africa/Casablanca
SELECT l_orderkey, l_linenumber, t, CAST(t AS STRING) AS s, CAST(t AS DATE) AS d, year(t) AS y,
       CAST(CAST(t AS STRING) AS TIMESTAMP) AS back, CAST(CAST(t AS DATE) AS TIMESTAMP) AS day_start,
       CAST(t AS TIMESTAMP_NTZ) AS ntz, CAST(CAST(t AS TIMESTAMP_NTZ) AS TIMESTAMP) AS ntz_back
FROM (SELECT l_orderkey, l_linenumber,
        CAST(-5364662400 + (l_orderkey * 8 + l_linenumber) * 40000 AS TIMESTAMP) AS t FROM lineitem)

-- name: sweep_pacific_apia
-- conf: spark.sql.session.timeZone=Pacific/Apia
SELECT l_orderkey, l_linenumber, t, CAST(t AS STRING) AS s, CAST(t AS DATE) AS d, year(t) AS y,
       CAST(CAST(t AS STRING) AS TIMESTAMP) AS back, CAST(CAST(t AS DATE) AS TIMESTAMP) AS day_start,
       CAST(t AS TIMESTAMP_NTZ) AS ntz, CAST(CAST(t AS TIMESTAMP_NTZ) AS TIMESTAMP) AS ntz_back
FROM (SELECT l_orderkey, l_linenumber,
        CAST(-5364662400 + (l_orderkey * 8 + l_linenumber) * 40000 AS TIMESTAMP) AS t FROM lineitem)

-- name: sweep_systemv_ast4adt
-- conf: spark.sql.session.timeZone=SystemV/AST4ADT
SELECT l_orderkey, l_linenumber, t, CAST(t AS STRING) AS s, CAST(t AS DATE) AS d, year(t) AS y,
       CAST(CAST(t AS STRING) AS TIMESTAMP) AS back, CAST(CAST(t AS DATE) AS TIMESTAMP) AS day_start,
       CAST(t AS TIMESTAMP_NTZ) AS ntz, CAST(CAST(t AS TIMESTAMP_NTZ) AS TIMESTAMP) AS ntz_back
FROM (SELECT l_orderkey, l_linenumber,
        CAST(-5364662400 + (l_orderkey * 8 + l_linenumber) * 40000 AS TIMESTAMP) AS t FROM lineitem)

-- name: dense_tehran_1978
-- conf: spark.sql.session.timeZone=Asia/Tehran
SELECT id, t, CAST(t AS STRING) AS s, CAST(t AS DATE) AS d, CAST(CAST(t AS STRING) AS TIMESTAMP) AS back,
       CAST(t AS TIMESTAMP_NTZ) AS ntz, CAST(CAST(t AS TIMESTAMP_NTZ) AS TIMESTAMP) AS ntz_back
FROM (SELECT id, CAST(283975200 + id * 60 AS TIMESTAMP) AS t FROM edge)

-- name: dense_wet_1995
-- conf: spark.sql.session.timeZone=WET
SELECT id, t, CAST(t AS STRING) AS s, CAST(t AS DATE) AS d, CAST(CAST(t AS STRING) AS TIMESTAMP) AS back,
       CAST(t AS TIMESTAMP_NTZ) AS ntz, CAST(CAST(t AS TIMESTAMP_NTZ) AS TIMESTAMP) AS ntz_back
FROM (SELECT id, CAST(811900800 + id * 60 AS TIMESTAMP) AS t FROM edge)

-- name: dense_wet_1912
-- conf: spark.sql.session.timeZone=WET
SELECT id, t, CAST(t AS STRING) AS s, CAST(t AS DATE) AS d, CAST(CAST(t AS STRING) AS TIMESTAMP) AS back,
       CAST(t AS TIMESTAMP_NTZ) AS ntz, CAST(CAST(t AS TIMESTAMP_NTZ) AS TIMESTAMP) AS ntz_back
FROM (SELECT id, CAST(-1830391200 + id * 60 AS TIMESTAMP) AS t FROM edge)

-- name: dense_apia_2011_dateline
-- conf: spark.sql.session.timeZone=Pacific/Apia
SELECT id, t, CAST(t AS STRING) AS s, CAST(t AS DATE) AS d, CAST(CAST(t AS STRING) AS TIMESTAMP) AS back,
       CAST(t AS TIMESTAMP_NTZ) AS ntz, CAST(CAST(t AS TIMESTAMP_NTZ) AS TIMESTAMP) AS ntz_back
FROM (SELECT id, CAST(1325116800 + id * 1800 AS TIMESTAMP) AS t FROM edge)

-- name: embedded_zone_ids
-- (local times from the UTC sweep, read in the zone named in the string; SystemV/* ids too)
-- conf: spark.sql.session.timeZone=UTC
SELECT l_orderkey, l_linenumber, x,
       CAST(concat(x, ' WET') AS TIMESTAMP) AS z0,
       CAST(concat(x, ' EET') AS TIMESTAMP) AS z1,
       CAST(concat(x, ' Asia/Tehran') AS TIMESTAMP) AS z2,
       CAST(concat(x, ' Europe/Amsterdam') AS TIMESTAMP) AS z3,
       CAST(concat(x, ' Pacific/Saipan') AS TIMESTAMP) AS z4,
       CAST(concat(x, ' SystemV/EST5EDT') AS TIMESTAMP) AS z5,
       CAST(concat(x, ' SystemV/AST4ADT') AS TIMESTAMP) AS z6,
       CAST(concat(x, ' SystemV/YST9') AS TIMESTAMP) AS z7,
       CAST(concat(x, ' SystemV/PST8PDT') AS TIMESTAMP) AS z8,
       CAST(concat(x, ' Pacific/Apia') AS TIMESTAMP) AS z9,
       CAST(concat(x, ' Europe/Dublin') AS TIMESTAMP) AS z10
FROM (SELECT l_orderkey, l_linenumber,
        CAST(CAST(-5364662400 + (l_orderkey * 8 + l_linenumber) * 40000 AS TIMESTAMP) AS STRING) AS x
      FROM lineitem)

-- name: embedded_zone_ids_dense
-- (a minute apart around Tehran's 1978 change and WET's 1995 change, read in those zones)
-- conf: spark.sql.session.timeZone=UTC
SELECT id, x, CAST(concat(x, ' Asia/Tehran') AS TIMESTAMP) AS tehran, CAST(concat(x, ' WET') AS TIMESTAMP) AS wet,
       CAST(concat(y, ' WET') AS TIMESTAMP) AS wet95, CAST(concat(y, 'SystemV/EST5EDT') AS TIMESTAMP) AS bad_sep
FROM (SELECT id, CAST(CAST(283975200 + id * 60 AS TIMESTAMP) AS STRING) AS x,
             CAST(CAST(811900800 + id * 60 AS TIMESTAMP) AS STRING) AS y FROM edge)
