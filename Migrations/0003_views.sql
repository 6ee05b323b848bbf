-- Views for people who query the registry with SQL (`ipreg sql`, saved reports, the sqlite3
-- shell, Datasette): centers and statistics with names instead of ids and codes alone.
-- The built-in reports use region_names. Views hold no data: they cost nothing until read.
-- Then the indexes the built-in reports need.

-- Every division with its province and its full name, e.g. 130102:
-- province 河北省, region_name 'Hebei Province / Shijiazhuang / 长安区' (each part in English
-- where the registry has an English name, as `center show --format json` shows it),
-- region_name_zh '河北省 / 石家庄市 / 长安区'.
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
       coalesce(coalesce(g.name_en, g.name) || ' / ', '') || coalesce(coalesce(p.name_en, p.name) || ' / ', '')
           || coalesce(d.name_en, d.name) AS region_name,
       coalesce(g.name || ' / ', '') || coalesce(p.name || ' / ', '') || d.name AS region_name_zh
FROM divisions AS d
LEFT JOIN divisions AS p ON p.code = d.parent_code
LEFT JOIN divisions AS g ON g.code = p.parent_code;

-- One row per center: its fields, where it is, and its industries and services as
-- `;`-separated codes (the CSV form).
CREATE VIEW center_overview AS
SELECT c.code AS code,
       c.name AS name,
       c.name_en AS name_en,
       c.kind AS kind,
       c.status AS status,
       c.region_code AS region_code,
       r.region_name AS region_name,
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

-- One row per center and period, with the center's code, name, kind, status and region.
CREATE VIEW case_statistics_overview AS
SELECT c.code AS center_code,
       c.name AS center_name,
       c.kind AS kind,
       c.status AS status,
       c.region_code AS region_code,
       s.period AS period,
       s.period_start AS period_start,
       s.period_end AS period_end,
       CAST(substr(s.period_start, 1, 4) AS INTEGER) AS year,
       s.pretrial_cases AS pretrial_cases,
       s.protection_cases AS protection_cases,
       s.source AS source
FROM case_statistics AS s
JOIN centers AS c ON c.id = s.center_id;
