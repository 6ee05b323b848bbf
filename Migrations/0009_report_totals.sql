-- Totals the built-in reports and the overview read instead of every row (issue 19, item 9): on
-- 1M centers and 5M statistics rows, industry-coverage, case-totals and top-centers read one to
-- three million rows each (1.1-14 s), past the web view's time limit. These tables hold the same
-- counts and sums per (division, kind, status), per (industry, division, kind), per (division,
-- period start) and per center, kept by the triggers below whoever writes (ipreg, sqlite3,
-- Datasette), so that a report reads a few thousand rows.
--
-- Every trigger is an AFTER trigger, except those that must see a center before its deletion
-- cascades, so a statement that fails or ignores a row leaves the totals as they were. Rows of a
-- total that falls to zero stay (with zeros): the reports add zeros harmlessly, and no trigger
-- has to find out which rows became empty. Each *_expected view computes its table from
-- scratch: `ipreg check` compares the two, and rebuilding is
-- DELETE FROM t; INSERT INTO t SELECT * FROM t_expected.
--
-- Known gap: INSERT OR REPLACE that replaces a center or a statistics row deletes it without
-- firing delete triggers (unless PRAGMA recursive_triggers is on); `ipreg check` reports the
-- difference it leaves.

-- Centers per division, kind and status (centers-by-region, centers-by-kind, the overview's map).
CREATE TABLE report_center_counts (
    region_code TEXT NOT NULL,
    kind        TEXT NOT NULL,
    status      TEXT NOT NULL,
    centers     INTEGER NOT NULL,
    PRIMARY KEY (region_code, kind, status)
) WITHOUT ROWID;

CREATE VIEW report_center_counts_expected AS
SELECT region_code, kind, status, count(*) AS centers FROM centers GROUP BY region_code, kind, status;

INSERT INTO report_center_counts (region_code, kind, status, centers)
SELECT region_code, kind, status, centers FROM report_center_counts_expected;

-- The overview's map shows up to 2,000 centers with coordinates in code order: read from here,
-- not by reading every center to find the few that have them.
CREATE INDEX centers_with_coordinates ON centers (code) WHERE latitude IS NOT NULL AND longitude IS NOT NULL;

-- Centers that are not closed, per industry they serve, division and kind (industry-coverage).
CREATE TABLE report_industry_counts (
    industry_code TEXT NOT NULL,
    region_code   TEXT NOT NULL,
    kind          TEXT NOT NULL,
    centers       INTEGER NOT NULL,
    PRIMARY KEY (industry_code, region_code, kind)
) WITHOUT ROWID;

CREATE VIEW report_industry_counts_expected AS
SELECT ci.industry_code AS industry_code, c.region_code AS region_code, c.kind AS kind, count(*) AS centers
FROM center_industries AS ci JOIN centers AS c ON c.id = ci.center_id
WHERE c.status <> 'closed'
GROUP BY ci.industry_code, c.region_code, c.kind;

INSERT INTO report_industry_counts (industry_code, region_code, kind, centers)
SELECT industry_code, region_code, kind, centers FROM report_industry_counts_expected;

-- Statistics rows whose period lies within one year (those that span years are few and read
-- from case_statistics_spanning_years), per division of their center ('' when the center is
-- missing, as after a DELETE with foreign keys off) and period start (case-totals). `centers`
-- counts the rows that are their center's first of that year: the centers of a year up to a
-- day are the sum of `centers` over the starts up to that day.
CREATE TABLE report_case_totals (
    region_code      TEXT NOT NULL,
    period_start     TEXT NOT NULL,
    row_count        INTEGER NOT NULL,
    pretrial_cases   INTEGER NOT NULL,
    pretrial_rows    INTEGER NOT NULL,
    protection_cases INTEGER NOT NULL,
    protection_rows  INTEGER NOT NULL,
    centers          INTEGER NOT NULL,
    PRIMARY KEY (region_code, period_start)
) WITHOUT ROWID;

CREATE VIEW report_case_totals_expected AS
SELECT coalesce(c.region_code, '') AS region_code, s.period_start AS period_start, count(*) AS row_count,
       coalesce(sum(s.pretrial_cases), 0) AS pretrial_cases, count(s.pretrial_cases) AS pretrial_rows,
       coalesce(sum(s.protection_cases), 0) AS protection_cases, count(s.protection_cases) AS protection_rows,
       count(*) FILTER (WHERE NOT EXISTS (
           SELECT 1 FROM case_statistics AS e
           WHERE e.center_id = s.center_id
             AND e.period_start BETWEEN substr(s.period_start, 1, 4) || '-01-01' AND s.period_start
             AND e.period_start <> s.period_start
             AND substr(e.period_end, 1, 4) = substr(e.period_start, 1, 4))) AS centers
FROM case_statistics AS s LEFT JOIN centers AS c ON c.id = s.center_id
WHERE substr(s.period_end, 1, 4) = substr(s.period_start, 1, 4)
GROUP BY 1, 2;

INSERT INTO report_case_totals
SELECT region_code, period_start, row_count, pretrial_cases, pretrial_rows, protection_cases, protection_rows, centers
FROM report_case_totals_expected;

-- Every statistics row's cases per center (top-centers without a period), and the two rankings
-- top-centers reads in order: the first :limit entries are the answer.
CREATE TABLE report_center_totals (
    center_id        INTEGER PRIMARY KEY,
    pretrial_cases   INTEGER NOT NULL,
    pretrial_rows    INTEGER NOT NULL,
    protection_cases INTEGER NOT NULL,
    protection_rows  INTEGER NOT NULL
);
CREATE INDEX report_center_totals_by_protection
ON report_center_totals (protection_cases DESC, center_id) WHERE protection_rows > 0;
CREATE INDEX report_center_totals_by_pretrial
ON report_center_totals (pretrial_cases DESC, center_id) WHERE pretrial_rows > 0;

CREATE VIEW report_center_totals_expected AS
SELECT center_id, coalesce(sum(pretrial_cases), 0) AS pretrial_cases, count(pretrial_cases) AS pretrial_rows,
       coalesce(sum(protection_cases), 0) AS protection_cases, count(protection_cases) AS protection_rows
FROM case_statistics
GROUP BY center_id;

INSERT INTO report_center_totals
SELECT center_id, pretrial_cases, pretrial_rows, protection_cases, protection_rows
FROM report_center_totals_expected;

CREATE TRIGGER report_center_counts_insert AFTER INSERT ON centers
BEGIN
    INSERT INTO report_center_counts (region_code, kind, status, centers)
    VALUES (NEW.region_code, NEW.kind, NEW.status, 1)
    ON CONFLICT DO UPDATE SET centers = centers + 1;
END;

CREATE TRIGGER report_center_counts_delete AFTER DELETE ON centers
BEGIN
    UPDATE report_center_counts SET centers = centers - 1
    WHERE region_code = OLD.region_code AND kind = OLD.kind AND status = OLD.status;
END;

CREATE TRIGGER report_center_counts_update AFTER UPDATE OF region_code, kind, status ON centers
WHEN OLD.region_code IS NOT NEW.region_code OR OLD.kind IS NOT NEW.kind OR OLD.status IS NOT NEW.status
BEGIN
    UPDATE report_center_counts SET centers = centers - 1
    WHERE region_code = OLD.region_code AND kind = OLD.kind AND status = OLD.status;
    INSERT INTO report_center_counts (region_code, kind, status, centers)
    VALUES (NEW.region_code, NEW.kind, NEW.status, 1)
    ON CONFLICT DO UPDATE SET centers = centers + 1;
END;

-- center_industries: one center's industry more or less. A row whose center is missing counts
-- nowhere (industry-coverage joins the centers).
CREATE TRIGGER report_industry_counts_insert AFTER INSERT ON center_industries
BEGIN
    INSERT INTO report_industry_counts (industry_code, region_code, kind, centers)
    SELECT NEW.industry_code, region_code, kind, 1 FROM centers WHERE id = NEW.center_id AND status <> 'closed'
    ON CONFLICT DO UPDATE SET centers = centers + 1;
END;

CREATE TRIGGER report_industry_counts_delete AFTER DELETE ON center_industries
BEGIN
    UPDATE report_industry_counts SET centers = centers - 1
    WHERE (industry_code, region_code, kind) IN (
        SELECT OLD.industry_code, region_code, kind FROM centers WHERE id = OLD.center_id AND status <> 'closed');
END;

CREATE TRIGGER report_industry_counts_update AFTER UPDATE OF center_id, industry_code ON center_industries
BEGIN
    UPDATE report_industry_counts SET centers = centers - 1
    WHERE (industry_code, region_code, kind) IN (
        SELECT OLD.industry_code, region_code, kind FROM centers WHERE id = OLD.center_id AND status <> 'closed');
    INSERT INTO report_industry_counts (industry_code, region_code, kind, centers)
    SELECT NEW.industry_code, region_code, kind, 1 FROM centers WHERE id = NEW.center_id AND status <> 'closed'
    ON CONFLICT DO UPDATE SET centers = centers + 1;
END;

-- case_statistics: each change is "the row leaves, then comes back", both judged against the
-- other rows of its center. A row is its center's first of the year when no other row of that
-- center and year starts before it (starts are unique per center); when it leaves, the next one
-- becomes the first. The row itself is left out by its id (after an UPDATE it holds NEW's values).
CREATE TRIGGER report_case_totals_insert AFTER INSERT ON case_statistics
BEGIN
    INSERT INTO report_case_totals
    SELECT coalesce((SELECT region_code FROM centers WHERE id = NEW.center_id), ''), NEW.period_start, 1,
           coalesce(NEW.pretrial_cases, 0), NEW.pretrial_cases IS NOT NULL,
           coalesce(NEW.protection_cases, 0), NEW.protection_cases IS NOT NULL,
           coalesce((SELECT min(period_start) FROM case_statistics
                 WHERE center_id = NEW.center_id AND id <> NEW.id
                   AND period_start BETWEEN substr(NEW.period_start, 1, 4) || '-01-01'
                                        AND substr(NEW.period_start, 1, 4) || '-12-31'
                   AND substr(period_end, 1, 4) = substr(period_start, 1, 4)) > NEW.period_start, 1)
    WHERE substr(NEW.period_end, 1, 4) = substr(NEW.period_start, 1, 4)
    ON CONFLICT DO UPDATE SET
        row_count = row_count + 1, pretrial_cases = pretrial_cases + excluded.pretrial_cases,
        pretrial_rows = pretrial_rows + excluded.pretrial_rows,
        protection_cases = protection_cases + excluded.protection_cases,
        protection_rows = protection_rows + excluded.protection_rows, centers = centers + excluded.centers;
    -- The row that was the first of its year is no longer.
    UPDATE report_case_totals SET centers = centers - 1
    WHERE substr(NEW.period_end, 1, 4) = substr(NEW.period_start, 1, 4)
      AND region_code = coalesce((SELECT region_code FROM centers WHERE id = NEW.center_id), '')
      AND period_start = (SELECT min(period_start) FROM case_statistics
                     WHERE center_id = NEW.center_id AND id <> NEW.id
                       AND period_start BETWEEN substr(NEW.period_start, 1, 4) || '-01-01'
                                            AND substr(NEW.period_start, 1, 4) || '-12-31'
                       AND substr(period_end, 1, 4) = substr(period_start, 1, 4))
      AND period_start > NEW.period_start;
    INSERT INTO report_center_totals
    VALUES (NEW.center_id, coalesce(NEW.pretrial_cases, 0), NEW.pretrial_cases IS NOT NULL,
            coalesce(NEW.protection_cases, 0), NEW.protection_cases IS NOT NULL)
    ON CONFLICT DO UPDATE SET
        pretrial_cases = pretrial_cases + excluded.pretrial_cases,
        pretrial_rows = pretrial_rows + excluded.pretrial_rows,
        protection_cases = protection_cases + excluded.protection_cases,
        protection_rows = protection_rows + excluded.protection_rows;
END;

CREATE TRIGGER report_case_totals_delete AFTER DELETE ON case_statistics
BEGIN
    UPDATE report_case_totals SET
        row_count = row_count - 1, pretrial_cases = pretrial_cases - coalesce(OLD.pretrial_cases, 0),
        pretrial_rows = pretrial_rows - (OLD.pretrial_cases IS NOT NULL),
        protection_cases = protection_cases - coalesce(OLD.protection_cases, 0),
        protection_rows = protection_rows - (OLD.protection_cases IS NOT NULL),
        centers = centers - coalesce((SELECT min(period_start) FROM case_statistics
                         WHERE center_id = OLD.center_id AND id <> OLD.id
                           AND period_start BETWEEN substr(OLD.period_start, 1, 4) || '-01-01'
                                                AND substr(OLD.period_start, 1, 4) || '-12-31'
                           AND substr(period_end, 1, 4) = substr(period_start, 1, 4)) > OLD.period_start, 1)
    WHERE substr(OLD.period_end, 1, 4) = substr(OLD.period_start, 1, 4)
      AND region_code = coalesce((SELECT region_code FROM centers WHERE id = OLD.center_id), '')
      AND period_start = OLD.period_start;
    -- The next row of its year becomes the first when this one was.
    UPDATE report_case_totals SET centers = centers + 1
    WHERE substr(OLD.period_end, 1, 4) = substr(OLD.period_start, 1, 4)
      AND region_code = coalesce((SELECT region_code FROM centers WHERE id = OLD.center_id), '')
      AND period_start = (SELECT min(period_start) FROM case_statistics
                     WHERE center_id = OLD.center_id AND id <> OLD.id
                       AND period_start BETWEEN substr(OLD.period_start, 1, 4) || '-01-01'
                                            AND substr(OLD.period_start, 1, 4) || '-12-31'
                       AND substr(period_end, 1, 4) = substr(period_start, 1, 4))
      AND period_start > OLD.period_start;
    UPDATE report_center_totals SET
        pretrial_cases = pretrial_cases - coalesce(OLD.pretrial_cases, 0),
        pretrial_rows = pretrial_rows - (OLD.pretrial_cases IS NOT NULL),
        protection_cases = protection_cases - coalesce(OLD.protection_cases, 0),
        protection_rows = protection_rows - (OLD.protection_cases IS NOT NULL)
    WHERE center_id = OLD.center_id;
END;

CREATE TRIGGER report_case_totals_update
AFTER UPDATE OF id, center_id, period_start, period_end, pretrial_cases, protection_cases ON case_statistics
BEGIN
    UPDATE report_case_totals SET
        row_count = row_count - 1, pretrial_cases = pretrial_cases - coalesce(OLD.pretrial_cases, 0),
        pretrial_rows = pretrial_rows - (OLD.pretrial_cases IS NOT NULL),
        protection_cases = protection_cases - coalesce(OLD.protection_cases, 0),
        protection_rows = protection_rows - (OLD.protection_cases IS NOT NULL),
        centers = centers - coalesce((SELECT min(period_start) FROM case_statistics
                         WHERE center_id = OLD.center_id AND id <> NEW.id
                           AND period_start BETWEEN substr(OLD.period_start, 1, 4) || '-01-01'
                                                AND substr(OLD.period_start, 1, 4) || '-12-31'
                           AND substr(period_end, 1, 4) = substr(period_start, 1, 4)) > OLD.period_start, 1)
    WHERE substr(OLD.period_end, 1, 4) = substr(OLD.period_start, 1, 4)
      AND region_code = coalesce((SELECT region_code FROM centers WHERE id = OLD.center_id), '')
      AND period_start = OLD.period_start;
    -- The next row of its year becomes the first when this one was.
    UPDATE report_case_totals SET centers = centers + 1
    WHERE substr(OLD.period_end, 1, 4) = substr(OLD.period_start, 1, 4)
      AND region_code = coalesce((SELECT region_code FROM centers WHERE id = OLD.center_id), '')
      AND period_start = (SELECT min(period_start) FROM case_statistics
                     WHERE center_id = OLD.center_id AND id <> NEW.id
                       AND period_start BETWEEN substr(OLD.period_start, 1, 4) || '-01-01'
                                            AND substr(OLD.period_start, 1, 4) || '-12-31'
                       AND substr(period_end, 1, 4) = substr(period_start, 1, 4))
      AND period_start > OLD.period_start;
    UPDATE report_center_totals SET
        pretrial_cases = pretrial_cases - coalesce(OLD.pretrial_cases, 0),
        pretrial_rows = pretrial_rows - (OLD.pretrial_cases IS NOT NULL),
        protection_cases = protection_cases - coalesce(OLD.protection_cases, 0),
        protection_rows = protection_rows - (OLD.protection_cases IS NOT NULL)
    WHERE center_id = OLD.center_id;
    INSERT INTO report_case_totals
    SELECT coalesce((SELECT region_code FROM centers WHERE id = NEW.center_id), ''), NEW.period_start, 1,
           coalesce(NEW.pretrial_cases, 0), NEW.pretrial_cases IS NOT NULL,
           coalesce(NEW.protection_cases, 0), NEW.protection_cases IS NOT NULL,
           coalesce((SELECT min(period_start) FROM case_statistics
                 WHERE center_id = NEW.center_id AND id <> NEW.id
                   AND period_start BETWEEN substr(NEW.period_start, 1, 4) || '-01-01'
                                        AND substr(NEW.period_start, 1, 4) || '-12-31'
                   AND substr(period_end, 1, 4) = substr(period_start, 1, 4)) > NEW.period_start, 1)
    WHERE substr(NEW.period_end, 1, 4) = substr(NEW.period_start, 1, 4)
    ON CONFLICT DO UPDATE SET
        row_count = row_count + 1, pretrial_cases = pretrial_cases + excluded.pretrial_cases,
        pretrial_rows = pretrial_rows + excluded.pretrial_rows,
        protection_cases = protection_cases + excluded.protection_cases,
        protection_rows = protection_rows + excluded.protection_rows, centers = centers + excluded.centers;
    -- The row that was the first of its year is no longer.
    UPDATE report_case_totals SET centers = centers - 1
    WHERE substr(NEW.period_end, 1, 4) = substr(NEW.period_start, 1, 4)
      AND region_code = coalesce((SELECT region_code FROM centers WHERE id = NEW.center_id), '')
      AND period_start = (SELECT min(period_start) FROM case_statistics
                     WHERE center_id = NEW.center_id AND id <> NEW.id
                       AND period_start BETWEEN substr(NEW.period_start, 1, 4) || '-01-01'
                                            AND substr(NEW.period_start, 1, 4) || '-12-31'
                       AND substr(period_end, 1, 4) = substr(period_start, 1, 4))
      AND period_start > NEW.period_start;
    INSERT INTO report_center_totals
    VALUES (NEW.center_id, coalesce(NEW.pretrial_cases, 0), NEW.pretrial_cases IS NOT NULL,
            coalesce(NEW.protection_cases, 0), NEW.protection_cases IS NOT NULL)
    ON CONFLICT DO UPDATE SET
        pretrial_cases = pretrial_cases + excluded.pretrial_cases,
        pretrial_rows = pretrial_rows + excluded.pretrial_rows,
        protection_cases = protection_cases + excluded.protection_cases,
        protection_rows = protection_rows + excluded.protection_rows;
END;

-- centers: a center's rows count under its division, kind and status. A deleted center's
-- statistics move to '' before the deletion cascades to them (the cascade finds the center gone);
-- a new center takes over rows already linked to its id (left by a delete with foreign keys off).
CREATE TRIGGER report_totals_center_insert AFTER INSERT ON centers
WHEN EXISTS (SELECT 1 FROM center_industries WHERE center_id = NEW.id)
  OR EXISTS (SELECT 1 FROM case_statistics WHERE center_id = NEW.id)
BEGIN
    INSERT INTO report_industry_counts (industry_code, region_code, kind, centers)
    SELECT industry_code, NEW.region_code, NEW.kind, 1 FROM center_industries
    WHERE center_id = NEW.id AND NEW.status <> 'closed'
    ON CONFLICT DO UPDATE SET centers = centers + 1;
    INSERT INTO report_case_totals
    SELECT '', s.period_start, -1, -coalesce(s.pretrial_cases, 0), -(s.pretrial_cases IS NOT NULL),
           -coalesce(s.protection_cases, 0), -(s.protection_cases IS NOT NULL),
           -(NOT EXISTS (SELECT 1 FROM case_statistics AS e
                 WHERE e.center_id = s.center_id
                   AND e.period_start >= substr(s.period_start, 1, 4) || '-01-01' AND e.period_start < s.period_start
                   AND substr(e.period_end, 1, 4) = substr(e.period_start, 1, 4)))
    FROM case_statistics AS s
    WHERE s.center_id = NEW.id AND substr(s.period_end, 1, 4) = substr(s.period_start, 1, 4)
    ON CONFLICT DO UPDATE SET
        row_count = row_count + excluded.row_count, pretrial_cases = pretrial_cases + excluded.pretrial_cases,
        pretrial_rows = pretrial_rows + excluded.pretrial_rows,
        protection_cases = protection_cases + excluded.protection_cases,
        protection_rows = protection_rows + excluded.protection_rows, centers = centers + excluded.centers;
    INSERT INTO report_case_totals
    SELECT NEW.region_code, s.period_start, 1, coalesce(s.pretrial_cases, 0), (s.pretrial_cases IS NOT NULL),
           coalesce(s.protection_cases, 0), (s.protection_cases IS NOT NULL),
           (NOT EXISTS (SELECT 1 FROM case_statistics AS e
                 WHERE e.center_id = s.center_id
                   AND e.period_start >= substr(s.period_start, 1, 4) || '-01-01' AND e.period_start < s.period_start
                   AND substr(e.period_end, 1, 4) = substr(e.period_start, 1, 4)))
    FROM case_statistics AS s
    WHERE s.center_id = NEW.id AND substr(s.period_end, 1, 4) = substr(s.period_start, 1, 4)
    ON CONFLICT DO UPDATE SET
        row_count = row_count + excluded.row_count, pretrial_cases = pretrial_cases + excluded.pretrial_cases,
        pretrial_rows = pretrial_rows + excluded.pretrial_rows,
        protection_cases = protection_cases + excluded.protection_cases,
        protection_rows = protection_rows + excluded.protection_rows, centers = centers + excluded.centers;
END;

CREATE TRIGGER report_totals_center_delete BEFORE DELETE ON centers
WHEN EXISTS (SELECT 1 FROM center_industries WHERE center_id = OLD.id)
  OR EXISTS (SELECT 1 FROM case_statistics WHERE center_id = OLD.id)
BEGIN
    UPDATE report_industry_counts SET centers = centers - 1
    WHERE OLD.status <> 'closed' AND region_code = OLD.region_code AND kind = OLD.kind
      AND industry_code IN (SELECT industry_code FROM center_industries WHERE center_id = OLD.id);
    INSERT INTO report_case_totals
    SELECT OLD.region_code, s.period_start, -1, -coalesce(s.pretrial_cases, 0), -(s.pretrial_cases IS NOT NULL),
           -coalesce(s.protection_cases, 0), -(s.protection_cases IS NOT NULL),
           -(NOT EXISTS (SELECT 1 FROM case_statistics AS e
                 WHERE e.center_id = s.center_id
                   AND e.period_start >= substr(s.period_start, 1, 4) || '-01-01' AND e.period_start < s.period_start
                   AND substr(e.period_end, 1, 4) = substr(e.period_start, 1, 4)))
    FROM case_statistics AS s
    WHERE s.center_id = OLD.id AND substr(s.period_end, 1, 4) = substr(s.period_start, 1, 4)
    ON CONFLICT DO UPDATE SET
        row_count = row_count + excluded.row_count, pretrial_cases = pretrial_cases + excluded.pretrial_cases,
        pretrial_rows = pretrial_rows + excluded.pretrial_rows,
        protection_cases = protection_cases + excluded.protection_cases,
        protection_rows = protection_rows + excluded.protection_rows, centers = centers + excluded.centers;
    INSERT INTO report_case_totals
    SELECT '', s.period_start, 1, coalesce(s.pretrial_cases, 0), (s.pretrial_cases IS NOT NULL),
           coalesce(s.protection_cases, 0), (s.protection_cases IS NOT NULL),
           (NOT EXISTS (SELECT 1 FROM case_statistics AS e
                 WHERE e.center_id = s.center_id
                   AND e.period_start >= substr(s.period_start, 1, 4) || '-01-01' AND e.period_start < s.period_start
                   AND substr(e.period_end, 1, 4) = substr(e.period_start, 1, 4)))
    FROM case_statistics AS s
    WHERE s.center_id = OLD.id AND substr(s.period_end, 1, 4) = substr(s.period_start, 1, 4)
    ON CONFLICT DO UPDATE SET
        row_count = row_count + excluded.row_count, pretrial_cases = pretrial_cases + excluded.pretrial_cases,
        pretrial_rows = pretrial_rows + excluded.pretrial_rows,
        protection_cases = protection_cases + excluded.protection_cases,
        protection_rows = protection_rows + excluded.protection_rows, centers = centers + excluded.centers;
END;

CREATE TRIGGER report_totals_center_update AFTER UPDATE OF id, kind, status, region_code ON centers
WHEN OLD.id IS NOT NEW.id OR OLD.kind IS NOT NEW.kind OR OLD.status IS NOT NEW.status
  OR OLD.region_code IS NOT NEW.region_code
BEGIN
    UPDATE report_industry_counts SET centers = centers - 1
    WHERE OLD.status <> 'closed' AND region_code = OLD.region_code AND kind = OLD.kind
      AND industry_code IN (SELECT industry_code FROM center_industries WHERE center_id = OLD.id);
    INSERT INTO report_industry_counts (industry_code, region_code, kind, centers)
    SELECT industry_code, NEW.region_code, NEW.kind, 1 FROM center_industries
    WHERE center_id = NEW.id AND NEW.status <> 'closed'
    ON CONFLICT DO UPDATE SET centers = centers + 1;
END;

CREATE TRIGGER report_totals_center_region AFTER UPDATE OF id, region_code ON centers
WHEN OLD.id IS NOT NEW.id OR OLD.region_code IS NOT NEW.region_code
BEGIN
    INSERT INTO report_case_totals
    SELECT OLD.region_code, s.period_start, -1, -coalesce(s.pretrial_cases, 0), -(s.pretrial_cases IS NOT NULL),
           -coalesce(s.protection_cases, 0), -(s.protection_cases IS NOT NULL),
           -(NOT EXISTS (SELECT 1 FROM case_statistics AS e
                 WHERE e.center_id = s.center_id
                   AND e.period_start >= substr(s.period_start, 1, 4) || '-01-01' AND e.period_start < s.period_start
                   AND substr(e.period_end, 1, 4) = substr(e.period_start, 1, 4)))
    FROM case_statistics AS s
    WHERE s.center_id = OLD.id AND substr(s.period_end, 1, 4) = substr(s.period_start, 1, 4)
    ON CONFLICT DO UPDATE SET
        row_count = row_count + excluded.row_count, pretrial_cases = pretrial_cases + excluded.pretrial_cases,
        pretrial_rows = pretrial_rows + excluded.pretrial_rows,
        protection_cases = protection_cases + excluded.protection_cases,
        protection_rows = protection_rows + excluded.protection_rows, centers = centers + excluded.centers;
    INSERT INTO report_case_totals
    SELECT '', s.period_start, 1, coalesce(s.pretrial_cases, 0), (s.pretrial_cases IS NOT NULL),
           coalesce(s.protection_cases, 0), (s.protection_cases IS NOT NULL),
           (NOT EXISTS (SELECT 1 FROM case_statistics AS e
                 WHERE e.center_id = s.center_id
                   AND e.period_start >= substr(s.period_start, 1, 4) || '-01-01' AND e.period_start < s.period_start
                   AND substr(e.period_end, 1, 4) = substr(e.period_start, 1, 4)))
    FROM case_statistics AS s
    WHERE s.center_id = OLD.id AND substr(s.period_end, 1, 4) = substr(s.period_start, 1, 4)
    ON CONFLICT DO UPDATE SET
        row_count = row_count + excluded.row_count, pretrial_cases = pretrial_cases + excluded.pretrial_cases,
        pretrial_rows = pretrial_rows + excluded.pretrial_rows,
        protection_cases = protection_cases + excluded.protection_cases,
        protection_rows = protection_rows + excluded.protection_rows, centers = centers + excluded.centers;
    INSERT INTO report_case_totals
    SELECT '', s.period_start, -1, -coalesce(s.pretrial_cases, 0), -(s.pretrial_cases IS NOT NULL),
           -coalesce(s.protection_cases, 0), -(s.protection_cases IS NOT NULL),
           -(NOT EXISTS (SELECT 1 FROM case_statistics AS e
                 WHERE e.center_id = s.center_id
                   AND e.period_start >= substr(s.period_start, 1, 4) || '-01-01' AND e.period_start < s.period_start
                   AND substr(e.period_end, 1, 4) = substr(e.period_start, 1, 4)))
    FROM case_statistics AS s
    WHERE s.center_id = NEW.id AND substr(s.period_end, 1, 4) = substr(s.period_start, 1, 4)
    ON CONFLICT DO UPDATE SET
        row_count = row_count + excluded.row_count, pretrial_cases = pretrial_cases + excluded.pretrial_cases,
        pretrial_rows = pretrial_rows + excluded.pretrial_rows,
        protection_cases = protection_cases + excluded.protection_cases,
        protection_rows = protection_rows + excluded.protection_rows, centers = centers + excluded.centers;
    INSERT INTO report_case_totals
    SELECT NEW.region_code, s.period_start, 1, coalesce(s.pretrial_cases, 0), (s.pretrial_cases IS NOT NULL),
           coalesce(s.protection_cases, 0), (s.protection_cases IS NOT NULL),
           (NOT EXISTS (SELECT 1 FROM case_statistics AS e
                 WHERE e.center_id = s.center_id
                   AND e.period_start >= substr(s.period_start, 1, 4) || '-01-01' AND e.period_start < s.period_start
                   AND substr(e.period_end, 1, 4) = substr(e.period_start, 1, 4)))
    FROM case_statistics AS s
    WHERE s.center_id = NEW.id AND substr(s.period_end, 1, 4) = substr(s.period_start, 1, 4)
    ON CONFLICT DO UPDATE SET
        row_count = row_count + excluded.row_count, pretrial_cases = pretrial_cases + excluded.pretrial_cases,
        pretrial_rows = pretrial_rows + excluded.pretrial_rows,
        protection_cases = protection_cases + excluded.protection_cases,
        protection_rows = protection_rows + excluded.protection_rows, centers = centers + excluded.centers;
END;
