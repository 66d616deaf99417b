-- Regions above a shuffle exchange: the exchange's rows (made by Spark or by another Ember
-- region) are converted to Arrow on the task thread and streamed to the sidecar. Every type
-- crosses the boundary, with nulls, NaN, -0.0, extreme decimals and timestamps, and empty
-- inputs; AQE on and off. A Project/Filter-only region over an exchange is native only with
-- spark.ember.exchangeInput.projectFilter.enabled (off by default, as it rarely pays).
-- native
-- conf: spark.ember.exchangeInput.projectFilter.enabled=true

-- name: every_type_crosses_exchange
-- subset
SELECT * FROM (SELECT * FROM edge DISTRIBUTE BY id)
-- also-on: edge=edge_nulls,edge_empty,edge_arrow_dict

-- name: every_type_crosses_exchange_no_aqe
-- conf: spark.sql.adaptive.enabled=false
SELECT * FROM (SELECT * FROM edge DISTRIBUTE BY i)
-- also-on: edge=edge_nulls,edge_empty

-- name: project_filter_over_exchange
-- subset
SELECT id, i + 1 AS i1, l * 2 AS l2, d / 3 AS d3, upper(s) AS us, dt, ts, ntz, dec_38_10, bin
FROM (SELECT * FROM edge DISTRIBUTE BY s) WHERE i IS NULL OR i > 0

-- name: filter_over_exchange_empty_result
SELECT id, s FROM (SELECT * FROM edge DISTRIBUTE BY id) WHERE id < 0

-- name: project_over_round_robin_exchange
SELECT id, coalesce(f, -1.0) AS f, cast(i AS string) AS istr FROM (SELECT /*+ REPARTITION(3) */ * FROM edge)
