-- Published figures (SPEC.md section 1): what an administration publishes about a whole region
-- ("19 TISCs up to now"), kept as published with its source, never split across centers. The
-- registry's own value for each figure is computed by the view figure_reconciliation, never stored.
-- Region names: region_name is the official Chinese path, region_name_en the English path or NULL;
-- one value never mixes the two (schema versions 3-5 mixed them in region_name).

CREATE TABLE figures (
    id           INTEGER PRIMARY KEY,
    code         TEXT NOT NULL UNIQUE COLLATE NOCASE
                 CHECK (length(code) BETWEEN 1 AND 64 AND code NOT GLOB '*[^A-Za-z0-9._-]*'),
    metric       TEXT NOT NULL CHECK (metric IN ('centers', 'centers-set-up', 'pretrial-cases', 'protection-cases')),
    period       TEXT NOT NULL CHECK (length(period) BETWEEN 4 AND 16),
    period_start TEXT NOT NULL CHECK (period_start GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    period_end   TEXT NOT NULL CHECK (period_end GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    value        INTEGER NOT NULL CHECK (typeof(value) = 'integer' AND value >= 0),
    bound        TEXT NOT NULL DEFAULT 'exact' CHECK (bound IN ('exact', 'at-least', 'about')),
    source       TEXT NOT NULL CHECK (length(source) BETWEEN 1 AND 2000),
    notes        TEXT CHECK (notes IS NULL OR length(notes) BETWEEN 1 AND 2000),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    CHECK (period_start <= period_end)
);

-- A figure covers every division inside its regions (at least one, which the application checks).
CREATE TABLE figure_regions (
    figure_id   INTEGER NOT NULL REFERENCES figures (id) ON DELETE CASCADE,
    region_code TEXT NOT NULL REFERENCES divisions (code),
    PRIMARY KEY (figure_id, region_code)
) WITHOUT ROWID;

-- No kinds: the figure counts centers of every kind.
CREATE TABLE figure_kinds (
    figure_id INTEGER NOT NULL REFERENCES figures (id) ON DELETE CASCADE,
    kind      TEXT NOT NULL CHECK (kind IN ('protection', 'rapid-protection', 'operation', 'tisc')),
    PRIMARY KEY (figure_id, kind)
) WITHOUT ROWID;

-- The industries a figure names ("involving photovoltaics, ..."): reported when no counted center serves one.
CREATE TABLE figure_industries (
    figure_id     INTEGER NOT NULL REFERENCES figures (id) ON DELETE CASCADE,
    industry_code TEXT NOT NULL REFERENCES industries (code),
    PRIMARY KEY (figure_id, industry_code)
) WITHOUT ROWID;

-- Every change to a figure, as for centers: the figure before and after, as JSON objects
-- (figures are few and small, so both are kept).
CREATE TABLE figure_history (
    id          INTEGER PRIMARY KEY,
    figure_code TEXT NOT NULL COLLATE NOCASE,
    changed_at  TEXT NOT NULL,
    change      TEXT NOT NULL CHECK (change IN ('add', 'update', 'remove', 'import')),
    before      TEXT,
    after       TEXT,
    CHECK (before IS NOT NULL OR after IS NOT NULL)
);
CREATE INDEX figure_history_by_code ON figure_history (figure_code, id);

-- case-totals gives a period that spans years (2019-04..2022-12) a row of its own. Such rows are
-- few; this index holds them alone, so the report tells them apart without reading the table.
CREATE INDEX case_statistics_spanning_years
ON case_statistics (center_id, period_start, period, pretrial_cases, protection_cases)
WHERE substr(period_end, 1, 4) <> substr(period_start, 1, 4);

-- Region names, one language per value. region_name_zh stays for queries written against
-- schema versions 3-5 (it equals region_name now).
DROP VIEW center_overview;
DROP VIEW region_names;
CREATE VIEW region_names AS
SELECT d.code AS code,
       d.name AS name,
       d.name_en AS name_en,
       d.level AS level,
       d.parent_code AS parent_code,
       -- CAST gives the computed code TEXT affinity, as a column has: `province_code = :p`
       -- then matches when `--param p=130000` binds the number 130000.
       CAST(coalesce(g.code, p.code, d.code) AS TEXT) AS province_code,
       coalesce(g.name, p.name, d.name) AS province,
       coalesce(g.name || ' / ', '') || coalesce(p.name || ' / ', '') || d.name AS region_name,
       -- NULL as soon as one level has no English name: the concatenation of a NULL is NULL.
       CASE WHEN (g.code IS NULL OR g.name_en IS NOT NULL) AND (p.code IS NULL OR p.name_en IS NOT NULL)
            THEN coalesce(g.name_en || ' / ', '') || coalesce(p.name_en || ' / ', '') || d.name_en END AS region_name_en,
       coalesce(g.name || ' / ', '') || coalesce(p.name || ' / ', '') || d.name AS region_name_zh
FROM divisions AS d
LEFT JOIN divisions AS p ON p.code = d.parent_code
LEFT JOIN divisions AS g ON g.code = p.parent_code;

CREATE VIEW center_overview AS
SELECT c.code AS code,
       c.name AS name,
       c.name_en AS name_en,
       c.kind AS kind,
       c.status AS status,
       c.region_code AS region_code,
       r.region_name AS region_name,
       r.region_name_en AS region_name_en,
       r.region_name_zh AS region_name_zh,
       r.province_code AS province_code,
       r.province AS province,
       c.address AS address,
       (SELECT group_concat(industry_code, ';')
        FROM (SELECT industry_code FROM center_industries WHERE center_id = c.id ORDER BY industry_code)) AS industries,
       (SELECT group_concat(service_code, ';')
        FROM (SELECT service_code FROM center_services WHERE center_id = c.id ORDER BY service_code)) AS services,
       c.approved AS approved,
       c.opened AS opened,
       c.approval_doc AS approval_doc,
       c.host AS host,
       c.latitude AS latitude,
       c.longitude AS longitude,
       c.website AS website,
       c.source AS source,
       c.notes AS notes,
       c.created_at AS created_at,
       c.updated_at AS updated_at
FROM centers AS c
JOIN region_names AS r ON r.code = c.region_code;

-- One row per figure with its lists as `;`-separated codes (the CSV form).
CREATE VIEW figure_overview AS
SELECT f.id AS id,
       f.code AS code,
       f.metric AS metric,
       (SELECT group_concat(region_code, ';') FROM
           (SELECT region_code FROM figure_regions WHERE figure_id = f.id ORDER BY 1)) AS regions,
       (SELECT group_concat(kind, ';') FROM
           (SELECT kind FROM figure_kinds WHERE figure_id = f.id ORDER BY 1)) AS kinds,
       (SELECT group_concat(industry_code, ';') FROM
           (SELECT industry_code FROM figure_industries WHERE figure_id = f.id ORDER BY 1)) AS industries,
       f.period AS period,
       f.period_start AS period_start,
       f.period_end AS period_end,
       f.value AS value,
       f.bound AS bound,
       f.source AS source,
       f.notes AS notes,
       f.created_at AS created_at,
       f.updated_at AS updated_at
FROM figures AS f;

-- The centers each figure is about: of its kinds (any, when it names none), inside one of its
-- regions, with the first and last day of the approval date (else the opening date) when known.
-- A date written as a year or a month spans all of it.
CREATE VIEW figure_centers AS
SELECT f.id AS figure_id,
       c.id AS center_id,
       c.status AS status,
       CASE length(coalesce(c.approved, c.opened))
           WHEN 4 THEN coalesce(c.approved, c.opened) || '-01-01'
           WHEN 7 THEN coalesce(c.approved, c.opened) || '-01'
           ELSE coalesce(c.approved, c.opened) END AS date_first,
       CASE length(coalesce(c.approved, c.opened))
           WHEN 4 THEN coalesce(c.approved, c.opened) || '-12-31'
           WHEN 7 THEN date(coalesce(c.approved, c.opened) || '-01', '+1 month', '-1 day')
           ELSE coalesce(c.approved, c.opened) END AS date_last
FROM figures AS f
JOIN figure_regions AS r ON r.figure_id = f.id
-- A region's range of codes, read through the centers_by_region index.
JOIN centers AS c
  ON c.region_code BETWEEN r.region_code
     AND CASE WHEN substr(r.region_code, 3) = '0000' THEN substr(r.region_code, 1, 2) || '9999'
              WHEN substr(r.region_code, 5) = '00' THEN substr(r.region_code, 1, 4) || '99'
              ELSE r.region_code END
WHERE (NOT EXISTS (SELECT 1 FROM figure_kinds AS k WHERE k.figure_id = f.id)
       OR EXISTS (SELECT 1 FROM figure_kinds AS k WHERE k.figure_id = f.id AND k.kind = c.kind))
  -- A center inside two of the figure's regions (110000 and 110101) is the figure's once:
  -- through the first of them.
  AND NOT EXISTS (SELECT 1 FROM figure_regions AS o
                  WHERE o.figure_id = f.id AND o.region_code < r.region_code
                    AND c.region_code BETWEEN o.region_code
                        AND CASE WHEN substr(o.region_code, 3) = '0000' THEN substr(o.region_code, 1, 2) || '9999'
                                 WHEN substr(o.region_code, 5) = '00' THEN substr(o.region_code, 1, 4) || '99'
                                 ELSE o.region_code END);

-- The centers a figure counts, by its metric (SPEC.md section 1):
-- centers: not closed, dated on or before the period's last day (all of the date), or undated;
-- centers-set-up: not closed, dated wholly within the period;
-- cases: centers with a statistics row wholly within the period, whatever their status.
CREATE VIEW figure_counted_centers AS
SELECT fc.figure_id AS figure_id,
       fc.center_id AS center_id,
       fc.date_first IS NULL AS undated
FROM figure_centers AS fc
JOIN figures AS f ON f.id = fc.figure_id
WHERE (f.metric = 'centers' AND fc.status <> 'closed'
       AND (fc.date_first IS NULL OR fc.date_last <= f.period_end))
   OR (f.metric = 'centers-set-up' AND fc.status <> 'closed'
       AND fc.date_first >= f.period_start AND fc.date_last <= f.period_end)
   OR (f.metric IN ('pretrial-cases', 'protection-cases')
       AND EXISTS (SELECT 1 FROM case_statistics AS s
                   WHERE s.center_id = fc.center_id AND s.period_start >= f.period_start AND s.period_end <= f.period_end
                     AND (CASE f.metric WHEN 'pretrial-cases' THEN s.pretrial_cases ELSE s.protection_cases END) IS NOT NULL));

-- Each published figure beside the registry's own value: the columns of `report run reconcile`.
CREATE VIEW figure_reconciliation AS
WITH valued AS (
    SELECT f.id AS id,
           f.code AS code,
           f.metric AS metric,
           f.period AS period,
           f.period_start AS period_start,
           f.period_end AS period_end,
           f.value AS published,
           f.bound AS bound,
           CASE WHEN f.metric IN ('centers', 'centers-set-up')
                THEN (SELECT count(*) FROM figure_counted_centers AS cc WHERE cc.figure_id = f.id)
                ELSE coalesce((SELECT sum(CASE f.metric WHEN 'pretrial-cases' THEN s.pretrial_cases ELSE s.protection_cases END)
                               FROM figure_centers AS fc
                               JOIN case_statistics AS s ON s.center_id = fc.center_id
                               WHERE fc.figure_id = f.id
                                 AND s.period_start >= f.period_start AND s.period_end <= f.period_end), 0)
           END AS registry,
           CASE WHEN f.metric IN ('pretrial-cases', 'protection-cases')
                THEN (SELECT count(*) FROM figure_centers AS fc
                      JOIN case_statistics AS s ON s.center_id = fc.center_id
                      WHERE fc.figure_id = f.id
                        AND s.period_start <= f.period_end AND f.period_start <= s.period_end
                        AND NOT (s.period_start >= f.period_start AND s.period_end <= f.period_end)
                        AND (CASE f.metric WHEN 'pretrial-cases' THEN s.pretrial_cases ELSE s.protection_cases END) IS NOT NULL)
                ELSE 0 END AS partial,
           (SELECT count(*) FROM figure_counted_centers AS cc WHERE cc.figure_id = f.id AND cc.undated) AS undated
    FROM figures AS f)
SELECT v.code AS code,
       v.metric AS metric,
       (SELECT group_concat(region_code, ';') FROM
           (SELECT region_code FROM figure_regions WHERE figure_id = v.id ORDER BY 1)) AS regions,
       (SELECT group_concat(kind, ';') FROM
           (SELECT kind FROM figure_kinds WHERE figure_id = v.id ORDER BY 1)) AS kinds,
       v.period AS period,
       v.published AS published,
       v.bound AS bound,
       v.registry AS registry,
       v.registry - v.published AS difference,
       CASE
           WHEN v.registry = v.published THEN 'matches'
           WHEN v.bound = 'at-least' AND v.registry > v.published THEN 'matches'
           WHEN v.bound = 'about' AND abs(v.registry - v.published) * 20 <= v.published THEN 'matches'
           WHEN v.registry < v.published THEN 'short'
           ELSE 'over'
       END AS status,
       v.partial AS partial,
       v.undated AS undated,
       (SELECT group_concat(industry_code, ';') FROM
           (SELECT fi.industry_code FROM figure_industries AS fi
            WHERE fi.figure_id = v.id
              AND NOT EXISTS (SELECT 1 FROM figure_counted_centers AS cc
                              JOIN center_industries AS ci ON ci.center_id = cc.center_id
                              WHERE cc.figure_id = v.id AND ci.industry_code = fi.industry_code)
            ORDER BY 1)) AS missing_industries
FROM valued AS v;
