-- String functions over the edge strings (empty, space, tab, NUL, multi-byte of 2, 3 and 4
-- bytes, combining sequences, long values, NULL) and binary values: upper/lower (with
-- special casings and final sigma brought in by concatenation), substr/substring/left with
-- every position and length shape, concat of strings and of binary, trim/ltrim/rtrim with
-- and without trim characters, LIKE with _, % and ESCAPE, and the LIKE forms the optimizer
-- turns into StartsWith / EndsWith / Contains.
-- native

-- name: upper_lower
-- subset
SELECT id, s, upper(s) AS u, lower(s) AS l, ucase(s) AS u2, lcase(s) AS l2 FROM edge
-- also-on: edge=edge_arrow_dict,edge_spark_plain,edge_nulls,edge_empty

-- name: upper_special_casing
SELECT id, upper(s || 'ß') AS a, upper(concat('ŉ', s, 'ΐﬃ')) AS b, upper(concat(s, 'ǅ𐐨')) AS c,
       upper(concat(s, 'straße')) AS d FROM edge

-- name: lower_special_casing
SELECT id, lower(s || 'İ') AS a, lower(concat('ΑΣ', s)) AS b, lower(concat(s, 'ΣΑΣ', s)) AS c,
       lower(concat('ǅ', s, 'Σ.')) AS d, lower(concat(s, 'Σ')) AS e, lower(concat('𐐀', s, 'KÅ')) AS f
FROM edge

-- name: case_pairs
SELECT id, lower(concat(a, 'Σ', b)) AS l, upper(concat(a, b)) AS u FROM pair_string

-- name: case_invalid_utf8
-- native: false
-- (malformed UTF-8 comes only from CAST(binary AS STRING), which stays in Spark; the
-- kernels' malformed-UTF-8 rules are checked against Spark's UTF8String in kernels/str)
SELECT id, upper(CAST(bin AS STRING)) AS u, lower(CAST(bin AS STRING)) AS l,
       upper(concat(CAST(bin AS STRING), 'é')) AS u2, lower(concat('É', CAST(bin AS STRING))) AS l2
FROM edge

-- name: substr_positions
-- subset
SELECT id, s, substr(s, 1) AS a, substr(s, 2) AS b, substr(s, 0) AS c, substr(s, -1) AS d, substr(s, -3) AS e,
       substr(s, 100) AS f, substr(s, -100) AS g, substring(s, 2147483647) AS h, substring(s, -2147483648) AS k
FROM edge
-- also-on: edge=edge_arrow_dict,edge_nulls

-- name: substr_lengths
SELECT id, substr(s, 1, 1) AS a, substr(s, 2, 2) AS b, substr(s, 0, 2) AS c, substr(s, -2, 1) AS d,
       substr(s, 1, 0) AS e, substr(s, 1, -1) AS f, substr(s, -5, 3) AS g, substr(s, 2, 2147483647) AS h,
       substr(s, -2, 2147483647) AS k, substring(s FROM 2 FOR 3) AS m, left(s, 2) AS n, left(s, 0) AS o
FROM edge

-- name: substr_columns
SELECT id, substr(s, i) AS a, substr(s, 2, i) AS b, substr(s, t, sm) AS c, left(s, i) AS d FROM edge

-- name: substr_binary
SELECT id, bin, substr(bin, 1, 1) AS a, substr(bin, -2) AS b, substr(bin, 0, 2) AS c, substr(bin, 3) AS d,
       substr(bin, 2, -1) AS e, substr(bin, -100, 102) AS f, substr(bin, i, 2) AS g, substr(bin, 41) AS h
FROM edge

-- name: concat_strings
-- subset
SELECT id, concat(s, s) AS a, s || 'x' AS b, concat('é', s, '😀', s) AS c, concat(s) AS d FROM edge
-- also-on: edge=edge_nulls,edge_arrow_dict

-- name: concat_pairs
SELECT id, concat(a, b) AS ab, b || a AS ba FROM pair_string

-- name: concat_binary
SELECT id, concat(bin, bin) AS a, concat(bin, X'00FF') AS b, bin || X'' AS c FROM edge

-- name: concat_binary_pairs
SELECT id, concat(a, b) AS ab FROM pair_binary

-- name: trim_spaces
-- subset
SELECT id, s, trim(s) AS a, ltrim(s) AS b, rtrim(s) AS c, trim(BOTH FROM s) AS d, trim(LEADING FROM s) AS e,
       trim(TRAILING FROM s) AS f, trim(concat('  ', s, ' ')) AS g, btrim(s) AS h
FROM edge

-- name: trim_characters
SELECT id, trim(BOTH 'a' FROM s) AS a, trim(LEADING 'ab' FROM s) AS b, trim(TRAILING 'c ' FROM s) AS c,
       trim('日語' FROM s) AS d, ltrim(s, 'Z') AS e, rtrim(s, ' 0-') AS f, btrim(s, 'aé') AS g,
       trim(BOTH s FROM 'abcba') AS h, trim(TRAILING '' FROM s) AS k
FROM edge

-- name: trim_characters_pairs
SELECT id, trim(BOTH b FROM a) AS t, ltrim(a, b) AS l, rtrim(a, b) AS r FROM pair_string

-- name: trim_bytes
-- native: false
-- (a string literal of malformed UTF-8 and CAST(binary AS STRING) stay in Spark)
SELECT id, trim(BOTH CAST(X'A9' AS STRING) FROM concat(s, 'é')) AS a, ltrim(CAST(bin AS STRING), 'a') AS b
FROM edge

-- name: like_optimized
-- subset
SELECT id, s, s LIKE 'a%' AS p, s LIKE '%c' AS sfx, s LIKE '%b%' AS c, s LIKE '%日%' AS m, s LIKE 'abc' AS eq,
       s LIKE 'a%c' AS pc, s LIKE '%' AS any_, s LIKE '' AS empty
FROM edge
-- also-on: edge=edge_arrow_dict,edge_nulls

-- name: like_filter
SELECT id, s FROM edge WHERE s LIKE '%b%' OR s LIKE 'Z%' OR s LIKE '%語'

-- name: like_patterns
-- subset
SELECT id, s, s LIKE 'a_c' AS a, s LIKE '_' AS b, s LIKE '__' AS c, s LIKE '%_%' AS d, s LIKE '_%b%' AS e,
       s LIKE '%a%b%' AS f, s LIKE 'a__' AS g, s LIKE '%\_%' AS h, s LIKE '%\%%' AS k, s LIKE '_bc%' AS m,
       s LIKE '%_語' AS n, s LIKE '😀%_' AS o, s LIKE 'e_' AS p, s LIKE 'a_b' AS q, s NOT LIKE 'a%_' AS r
FROM edge
-- also-on: edge=edge_arrow_dict,edge_nulls

-- name: like_escape
SELECT id, s LIKE 'a#_%' ESCAPE '#' AS a, s LIKE '%##%' ESCAPE '#' AS b, (s || '_%') LIKE '%#_#%' ESCAPE '#' AS c,
       s LIKE '%a/%' ESCAPE '/' AS d, s LIKE 'a%' ESCAPE 'a' AS e
FROM edge

-- name: like_invalid_utf8
-- native: false
SELECT id, CAST(bin AS STRING) LIKE '_' AS a, CAST(bin AS STRING) LIKE '%_%_%' AS b,
       CAST(bin AS STRING) LIKE '%\uFFFD%' AS c, CAST(bin AS STRING) LIKE 'abc_' AS d
FROM edge

-- name: like_pairs
SELECT id, a, a LIKE '%a_%' AS x, concat(a, b) LIKE '_%_' AS y FROM pair_string

-- name: string_predicates
SELECT id, startswith(s, 'a') AS a, endswith(s, ' ') AS b, contains(s, '日本') AS c, contains(s, '') AS d,
       startswith(s, s) AS e, contains(s, 'é') AS f
FROM edge

-- name: string_predicate_pairs
SELECT id, startswith(a, b) AS sw, endswith(a, b) AS ew, contains(a, b) AS c FROM pair_string

-- name: length_strings_binary
SELECT id, length(s) AS a, char_length(s) AS b, character_length(s) AS c, length(bin) AS d FROM edge
-- also-on: edge=edge_nulls,edge_arrow_plain

-- name: string_functions_nested
SELECT id, upper(substr(trim(s), 1, 2)) AS a, length(concat(s, lower(s))) AS b,
       lower(s) LIKE '%b%' AS c, substr(concat(s, s), -3, 2) AS d
FROM edge WHERE upper(s) LIKE 'A%' OR length(s) > 3
