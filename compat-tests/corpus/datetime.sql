-- Dates, timestamps and timestamp_ntz: comparisons with literals and columns across the DST
-- changes of America/Los_Angeles (the session time zone) and Europe/Berlin, before 1970,
-- before 1582, after 2100; literals are interpreted in the session time zone (set per
-- query below).
-- native
-- subset

-- name: dates
SELECT id, dt FROM edge WHERE dt < DATE'1970-01-01'
-- also-on: edge=edge_arrow_plain,edge_spark_plain

-- name: dates_after_2100
SELECT id, dt FROM edge WHERE dt > DATE'2100-01-01' OR dt = DATE'2000-02-29'

-- name: dates_julian_gregorian
SELECT id, dt FROM edge WHERE dt BETWEEN DATE'1000-01-01' AND DATE'1582-10-15'
-- also-on: edge=edge_arrow_dict,edge_spark_plain

-- name: timestamp_spring_forward_la
SELECT id, ts FROM dst WHERE ts >= TIMESTAMP'2023-03-12 01:30:00' AND ts < TIMESTAMP'2023-03-12 03:30:00'

-- name: timestamp_gap_literal_la
SELECT id, ts FROM dst WHERE ts = TIMESTAMP'2023-03-12 02:30:00' OR ts = TIMESTAMP'2023-03-12 03:30:00'

-- name: timestamp_fall_back_la
SELECT id, ts FROM dst WHERE ts >= TIMESTAMP'2023-11-05 01:00:00' AND ts <= TIMESTAMP'2023-11-05 02:00:00'

-- name: timestamp_berlin
-- conf: spark.sql.session.timeZone=Europe/Berlin
SELECT id, ts FROM dst WHERE ts > TIMESTAMP'2023-03-26 01:50:00' AND ts < TIMESTAMP'2023-03-26 03:20:00'

-- name: timestamp_berlin_fall_back
-- conf: spark.sql.session.timeZone=Europe/Berlin
SELECT id, ts, ntz FROM dst WHERE ts BETWEEN TIMESTAMP'2023-10-29 02:00:00' AND TIMESTAMP'2023-10-29 03:00:00'

-- name: timestamp_utc_session
-- conf: spark.sql.session.timeZone=UTC
SELECT id, ts FROM dst WHERE ts < TIMESTAMP'2023-03-12 10:00:00'

-- name: timestamp_kolkata_session
-- conf: spark.sql.session.timeZone=Asia/Kolkata
SELECT id, ts, ntz FROM edge WHERE ts > TIMESTAMP'1900-01-01 05:30:00' AND ts < TIMESTAMP'2100-01-01 00:00:00'

-- name: timestamp_literal_with_offset
SELECT id, ts FROM dst WHERE ts > TIMESTAMP'2023-11-05 09:00:00Z' AND ts < TIMESTAMP'2023-11-05T10:00:00+01:00'

-- name: ntz_is_wall_clock
SELECT id, ntz FROM dst WHERE ntz >= TIMESTAMP_NTZ'2023-03-12 09:00:00' AND ntz < TIMESTAMP_NTZ'2023-03-12 11:00:00'

-- name: ntz_independent_of_session_zone
-- conf: spark.sql.session.timeZone=Asia/Tokyo
SELECT id, ntz FROM dst WHERE ntz >= TIMESTAMP_NTZ'2023-03-12 09:00:00' AND ntz < TIMESTAMP_NTZ'2023-03-12 11:00:00'

-- name: edge_timestamps_before_1970
SELECT id, ts, ntz FROM edge WHERE ts < TIMESTAMP'1970-01-01 00:00:00' OR ntz < TIMESTAMP_NTZ'1970-01-01 00:00:00'
-- also-on: edge=edge_arrow_plain,edge_arrow_delta,edge_spark_plain

-- name: edge_timestamps_microseconds
SELECT id, ts FROM edge WHERE ts = TIMESTAMP'1969-12-31 23:59:59.999999Z' OR ts = TIMESTAMP'1970-01-01 00:00:00.000001Z'

-- name: edge_timestamps_far
SELECT id, ts, ntz FROM edge WHERE ts > TIMESTAMP'9999-01-01 00:00:00' OR ntz < TIMESTAMP_NTZ'1000-01-01 00:00:00'

-- name: timestamp_pairs_in_berlin
-- conf: spark.sql.session.timeZone=Europe/Berlin
SELECT id, a, b, a < b AS lt, a = b AS eq FROM pair_timestamp

-- name: date_columns_compared
SELECT id, a, b FROM pair_date WHERE a <= b AND a >= DATE'1582-10-04'

-- name: project_timestamps_session_zone
-- conf: spark.sql.session.timeZone=Australia/Lord_Howe
SELECT id, ts, ntz, ts > TIMESTAMP'2023-10-01 02:15:00' AS after FROM dst

-- name: int96_timestamps_spark_written
SELECT id, ts FROM edge WHERE ts IS NOT NULL AND ts <> TIMESTAMP'1970-01-01 00:00:00Z'
