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

-- Date functions (datetimeExpressions.scala) over the edge dates: before 1582, year 1, 1970,
-- leap days, after 2100, 9999-12-31 and NULL; shifted dates reach month ends, year 0 and the
-- ends of the int day range (date_add wraps as Java int arithmetic). Shifted dates are shown
-- through int functions because PySpark cannot hold years outside 1..9999.

-- name: date_fields
SELECT id, dt, year(dt) AS y, month(dt) AS m, day(dt) AS d_, dayofmonth(dt) AS dm, quarter(dt) AS q,
       dayofweek(dt) AS dow, weekday(dt) AS wd, dayofyear(dt) AS doy, weekofyear(dt) AS w, last_day(dt) AS ld
FROM edge
-- also-on: edge=edge_arrow_plain,edge_spark_plain,edge_nulls,edge_empty

-- name: date_extract_and_date_part
SELECT id, extract(YEAR FROM dt) AS y, date_part('month', dt) AS m, extract(DAY FROM dt) AS d_,
       extract(DOW FROM dt) AS dow, extract(DAYOFWEEK_ISO FROM dt) AS dwi, extract(DOY FROM dt) AS doy,
       extract(WEEK FROM dt) AS w, extract(QUARTER FROM dt) AS q, date_part('YEAR', dt) AS y2
FROM edge

-- name: date_fields_of_shifted_dates
SELECT id, i, year(x) AS y, month(x) AS m, dayofmonth(x) AS d_, quarter(x) AS q, dayofweek(x) AS dow,
       weekday(x) AS wd, dayofyear(x) AS doy, weekofyear(x) AS w, datediff(last_day(x), x) AS to_month_end
FROM (SELECT id, i, date_add(dt, i) AS x FROM edge) s

-- name: date_fields_every_day_of_the_pairs
SELECT id, datediff(a, b) AS dd, year(date_add(a, id)) AS y, month(date_sub(b, id)) AS m,
       dayofmonth(date_add(a, id * 7)) AS d_, weekofyear(date_add(b, id * 3)) AS w, dayofyear(date_sub(a, id * 11)) AS doy,
       datediff(last_day(date_add(a, id * 29)), DATE'1970-01-01') AS ld
FROM pair_date

-- name: date_add_sub_types
SELECT id, datediff(date_add(dt, t), dt) AS a1, datediff(date_add(dt, sm), DATE'1970-01-01') AS a2,
       datediff(date_add(dt, i), DATE'1970-01-01') AS a3, datediff(date_sub(dt, t), DATE'1970-01-01') AS s1,
       datediff(date_sub(dt, sm), DATE'1970-01-01') AS s2, datediff(date_sub(dt, i), DATE'1970-01-01') AS s3,
       datediff(dt + 1, dt - 1) AS plus_minus
FROM edge

-- name: date_add_sub_shown
SELECT id, dt, date_add(dt, 1) AS next_day, date_sub(dt, 1) AS prev_day, dt + 365 AS year_later, dt - t AS minus_t
FROM edge WHERE dt > DATE'0002-01-01' AND dt < DATE'9998-01-01'

-- name: datediff_pairs
SELECT id, a, b, datediff(a, b) AS dd, date_diff(b, a) AS dd2 FROM pair_date

-- name: add_months_month_ends
SELECT id, dt, t, datediff(add_months(dt, t), DATE'1970-01-01') AS am,
       datediff(add_months(last_day(dt), t), DATE'1970-01-01') AS am_end,
       datediff(add_months(date_sub(last_day(dt), 1), 1), DATE'1970-01-01') AS am_before_end,
       datediff(add_months(dt, sm), DATE'1970-01-01') AS am_sm, day(add_months(last_day(dt), 1)) AS d_end
FROM edge

-- name: add_months_shown
SELECT id, dt, add_months(dt, 1) AS next_month, add_months(dt, -12) AS last_year, add_months(last_day(dt), 1) AS end_next
FROM edge WHERE dt > DATE'0002-01-01' AND dt < DATE'9998-01-01'

-- name: date_functions_in_filter
SELECT id, dt FROM edge WHERE year(dt) < 1582 OR (month(dt) = 2 AND dayofmonth(dt) = 29) OR weekday(dt) = 6

-- name: date_functions_ansi_mode
-- conf: spark.sql.ansi.enabled=true
SELECT id, year(dt) AS y, weekofyear(dt) AS w, datediff(date_add(dt, i), dt) AS a, datediff(date_sub(dt, sm), DATE'1970-01-01') AS s,
       datediff(add_months(dt, id), dt) AS am, last_day(dt) AS ld
FROM edge

-- name: date_functions_on_timestamps
-- native: false
SELECT id, ts, year(ts) AS y, month(ts) AS m, dayofmonth(ts) AS d_, dayofweek(ts) AS dow, weekofyear(ts) AS w,
       quarter(ts) AS q, dayofyear(ts) AS doy, datediff(ts, DATE'1970-01-01') AS dd, datediff(date_add(ts, 1), ts) AS one,
       datediff(last_day(ts), DATE'1970-01-01') AS ld, datediff(add_months(ts, 1), DATE'1970-01-01') AS am
FROM edge
-- also-on: edge=dst

-- name: date_functions_on_timestamps_berlin
-- conf: spark.sql.session.timeZone=Europe/Berlin
-- native: false
SELECT id, ts, ntz, dayofmonth(ts) AS d_, dayofmonth(ntz) AS dn, weekday(ts) AS wd, datediff(ts, ntz) AS dd FROM dst

-- name: add_months_beyond_the_day_range
-- expect-error: ARITHMETIC_OVERFLOW
SELECT id, datediff(add_months(dt, i), dt) AS am FROM edge
