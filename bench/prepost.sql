-- The ±12-month pre/post table (docs/methods.md#prepost) in DuckDB SQL, straight
-- from the two CSV exports: the peer `npm run bench` times ipvi against.
-- {{incidents}} and {{notifications}} are replaced with the file paths.
-- t0 = each person's earliest notification; eligible when t0 − 12 months ≥ the
-- first incident date and t0 + 12 months ≤ the last; pre: t0 − 12 months ≤ date
-- ≤ t0; post: t0 < date ≤ t0 + 12 months (DuckDB's month arithmetic clamps to
-- the month's end, as ipvi's does).
WITH inc AS (
  SELECT suspect_id AS person, CAST(incident_date AS DATE) AS d
  FROM read_csv('{{incidents}}', header = true, all_varchar = true)
),
coverage AS (SELECT min(d) AS lo, max(d) AS hi FROM inc),
notified AS (
  SELECT person_id AS person, min(CAST(notification_date AS DATE)) AS t0
  FROM read_csv('{{notifications}}', header = true, all_varchar = true)
  GROUP BY person_id
),
eligible AS (
  SELECT n.person, n.t0
  FROM notified n, coverage c
  WHERE n.t0 - INTERVAL 12 MONTH >= c.lo AND n.t0 + INTERVAL 12 MONTH <= c.hi
),
counts AS (
  SELECT e.person,
    count(i.d) FILTER (WHERE i.d >= e.t0 - INTERVAL 12 MONTH AND i.d <= e.t0) AS pre,
    count(i.d) FILTER (WHERE i.d > e.t0 AND i.d <= e.t0 + INTERVAL 12 MONTH) AS post
  FROM eligible e LEFT JOIN inc i ON i.person = e.person
  GROUP BY e.person
)
SELECT count(*) AS offenders,
  sum(pre) AS pre_incidents,
  sum(post) AS post_incidents,
  sum(pre) / count(*) AS pre_rate,
  sum(post) / count(*) AS post_rate,
  sum(post) / sum(pre) AS rate_ratio
FROM counts;
