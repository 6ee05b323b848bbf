-- History keeps the record before each change, and no longer a copy of the record after it:
-- that is the next change's "before", or the center as it is now (view center_changes).
-- An import of 1M centers wrote 780 MB of "after" copies identical to the rows it had just
-- inserted; now it writes 1M short entries. Old entries keep the "after" they have.
-- The search index gathers more entries in memory before writing them.

-- The center as history keeps it, as one JSON object: the keys of SPEC.md section 4 with the
-- center's statistics, but without absent fields and what can be derived (region_name,
-- updated_at). Every history snapshot comes from this one expression.
-- (json() around a subquery keeps its array JSON: a subquery's result loses its JSON subtype.)
CREATE VIEW center_snapshots AS
SELECT c.id AS id,
       c.code AS code,
       json_patch('{}', json_object(
           'code', c.code, 'name', c.name, 'name_en', c.name_en, 'kind', c.kind, 'status', c.status,
           'region_code', c.region_code, 'address', c.address,
           'industries', json((SELECT json_group_array(industry_code) FROM
               (SELECT industry_code FROM center_industries WHERE center_id = c.id ORDER BY 1))),
           'services', json((SELECT json_group_array(service_code) FROM
               (SELECT service_code FROM center_services WHERE center_id = c.id ORDER BY 1))),
           'approved', c.approved, 'opened', c.opened, 'approval_doc', c.approval_doc, 'host', c.host,
           'latitude', c.latitude, 'longitude', c.longitude, 'website', c.website, 'source', c.source,
           'notes', c.notes, 'created_at', c.created_at,
           'statistics', json((SELECT json_group_array(json_patch('{}', json_object(
                   'period', period, 'pretrial_cases', pretrial_cases, 'protection_cases', protection_cases, 'source', source)))
               FROM (SELECT * FROM case_statistics WHERE center_id = c.id ORDER BY period_start)))
       )) AS snapshot
FROM centers AS c;

-- center_history without the rule that an entry holds "before" or "after": an added center
-- has neither now. (SQLite changes a CHECK only by copying the table.)
CREATE TABLE center_history_0004 (
    id          INTEGER PRIMARY KEY,
    center_code TEXT NOT NULL COLLATE NOCASE,
    changed_at  TEXT NOT NULL,
    change      TEXT NOT NULL CHECK (change IN ('add', 'update', 'remove', 'restore', 'import')),
    before      TEXT, -- the center before the change, NULL when there was none
    after       TEXT  -- written by schema versions 1-3 only; read center_changes.after
);
INSERT INTO center_history_0004 (id, center_code, changed_at, change, before, after)
SELECT id, center_code, changed_at, change, before, after FROM center_history;
DROP TABLE center_history;
-- A view or trigger of the user's that names center_history would make a modern RENAME fail
-- (it checks every view against the schema, where center_history is gone for the moment);
-- the legacy RENAME changes the table's name alone, and those views read the new table.
PRAGMA legacy_alter_table = ON;
ALTER TABLE center_history_0004 RENAME TO center_history;
PRAGMA legacy_alter_table = OFF;
CREATE INDEX center_history_by_code ON center_history (center_code, id);

-- Every change to a center with the record before and after it. "after" is what the entry
-- stored, else nothing for a removal, else the next change's "before", else the center now.
CREATE VIEW center_changes AS
SELECT h.id AS id,
       h.center_code AS center_code,
       h.changed_at AS changed_at,
       h.change AS change,
       h.before AS before,
       CASE
           WHEN h.after IS NOT NULL THEN h.after
           WHEN h.change = 'remove' THEN NULL
           -- A change after one that left the center in place has a "before" (only an add or a
           -- restore has none, and those follow a removal or nothing).
           ELSE coalesce((SELECT n.before FROM center_history AS n
                          WHERE n.center_code = h.center_code AND n.id > h.id ORDER BY n.id LIMIT 1),
                         (SELECT s.snapshot FROM center_snapshots AS s WHERE s.code = h.center_code))
       END AS after
FROM center_history AS h;

-- FTS5 gathers up to 16 MiB of new index entries in memory before it writes a segment (the
-- default is 1 MiB): a bulk load writes and merges far fewer segments (1M centers, built in
-- the sqlite3 shell: 20 s with 1 MiB, 12 s with 32 MiB).
INSERT INTO centers_search (centers_search, rank) VALUES ('hashsize', 16777216);
