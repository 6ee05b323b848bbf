-- Changes other SQLite clients make (sqlite3, sqlite-utils, Datasette) are kept in the history
-- as kind `external`, by triggers, whoever writes (SPEC.md section 1, History).
--
-- ipreg writes history itself, so the triggers must not fire for its writes. Every ipreg write
-- transaction puts a row into ipreg_writing first and deletes it before it commits
-- (Registry.write). That row is never committed, and SQLite lets one connection write at a time:
-- a client that knows nothing of ipreg never sees it, so its writes are recorded. A process
-- killed mid-write rolls the row back with everything else. A row left there by hand would stop
-- the recording: `ipreg check` reports it. (A later migration that changes centers' data writes
-- the row itself, as ipreg does.)
--
-- Each trigger writes, like ipreg, the record BEFORE the change (center_snapshots): the "after"
-- is the next entry's "before" or the center now (center_changes), so the ipreg change before an
-- outside one keeps its own "after". The triggers use only SQL every SQLite client has.

CREATE TABLE ipreg_writing (
    writer INTEGER PRIMARY KEY CHECK (writer = 1) -- at most one row, only inside an ipreg write
);

-- center_history with `external` among its kinds (SQLite changes a CHECK only by copying the
-- table, as 0004 did, and for the same reasons with the legacy RENAME).
CREATE TABLE center_history_0005 (
    id          INTEGER PRIMARY KEY,
    center_code TEXT NOT NULL COLLATE NOCASE,
    changed_at  TEXT NOT NULL,
    change      TEXT NOT NULL CHECK (change IN ('add', 'update', 'remove', 'restore', 'import', 'external')),
    before      TEXT, -- the center before the change, NULL when there was none
    after       TEXT  -- written by schema versions 1-3 only; read center_changes.after
);
INSERT INTO center_history_0005 (id, center_code, changed_at, change, before, after)
SELECT id, center_code, changed_at, change, before, after FROM center_history;
DROP TABLE center_history;
PRAGMA legacy_alter_table = ON;
ALTER TABLE center_history_0005 RENAME TO center_history;
PRAGMA legacy_alter_table = OFF;
CREATE INDEX center_history_by_code ON center_history (center_code, id);

-- As in 0004, except that a next entry without a "before" (an outside DELETE left nothing for
-- the next change to start from) makes this change's "after" nothing, not the center now.
-- One look-up of the next entry: '' stands for "there is one, without a before".
DROP VIEW center_changes;
CREATE VIEW center_changes AS
SELECT h.id AS id,
       h.center_code AS center_code,
       h.changed_at AS changed_at,
       h.change AS change,
       h.before AS before,
       CASE
           WHEN h.after IS NOT NULL THEN h.after
           WHEN h.change = 'remove' THEN NULL
           ELSE nullif(coalesce((SELECT coalesce(n.before, '') FROM center_history AS n
                                 WHERE n.center_code = h.center_code AND n.id > h.id ORDER BY n.id LIMIT 1),
                                (SELECT s.snapshot FROM center_snapshots AS s WHERE s.code = h.center_code)), '')
       END AS after
FROM center_history AS h;

-- Centers. An INSERT records the center its code or id would replace (INSERT OR REPLACE), else
-- a new center with nothing before. An UPDATE that changes the code records the new code too.
CREATE TRIGGER centers_external_insert BEFORE INSERT ON centers
WHEN NOT EXISTS (SELECT 1 FROM ipreg_writing)
BEGIN
    INSERT INTO center_history (center_code, changed_at, change, before)
    SELECT code, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 'external', snapshot FROM center_snapshots
    WHERE code = NEW.code OR id = NEW.id
    UNION ALL
    SELECT NEW.code, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 'external', NULL
    WHERE NOT EXISTS (SELECT 1 FROM centers WHERE code = NEW.code);
END;

CREATE TRIGGER centers_external_update BEFORE UPDATE ON centers
WHEN NOT EXISTS (SELECT 1 FROM ipreg_writing)
BEGIN
    INSERT INTO center_history (center_code, changed_at, change, before)
    SELECT OLD.code, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 'external', snapshot FROM center_snapshots WHERE id = OLD.id
    UNION ALL
    SELECT NEW.code, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 'external', NULL
    WHERE NEW.code IS NOT OLD.code COLLATE NOCASE;
END;

CREATE TRIGGER centers_external_delete BEFORE DELETE ON centers
WHEN NOT EXISTS (SELECT 1 FROM ipreg_writing)
BEGIN
    INSERT INTO center_history (center_code, changed_at, change, before)
    SELECT OLD.code, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 'external', snapshot FROM center_snapshots WHERE id = OLD.id;
END;

-- The sqlite3 shell leaves foreign keys off, so ON DELETE CASCADE would leave a deleted center's
-- links and statistics behind, pointing nowhere; history holds them (the entry above).
CREATE TRIGGER centers_external_delete_parts AFTER DELETE ON centers
WHEN NOT EXISTS (SELECT 1 FROM ipreg_writing)
BEGIN
    DELETE FROM center_industries WHERE center_id = OLD.id;
    DELETE FROM center_services WHERE center_id = OLD.id;
    DELETE FROM case_statistics WHERE center_id = OLD.id;
END;

-- A center's industries, services and statistics are part of its record: a change to them is a
-- change to the center (or to both centers, when a row moves from one to another). Rows of a
-- center that no longer exists (the deletion above) record nothing.
CREATE TRIGGER center_industries_external_insert BEFORE INSERT ON center_industries
WHEN NOT EXISTS (SELECT 1 FROM ipreg_writing)
BEGIN
    INSERT INTO center_history (center_code, changed_at, change, before)
    SELECT code, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 'external', snapshot FROM center_snapshots WHERE id = NEW.center_id;
END;

CREATE TRIGGER center_industries_external_update BEFORE UPDATE ON center_industries
WHEN NOT EXISTS (SELECT 1 FROM ipreg_writing)
BEGIN
    INSERT INTO center_history (center_code, changed_at, change, before)
    SELECT code, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 'external', snapshot FROM center_snapshots
    WHERE id IN (OLD.center_id, NEW.center_id);
END;

CREATE TRIGGER center_industries_external_delete BEFORE DELETE ON center_industries
WHEN NOT EXISTS (SELECT 1 FROM ipreg_writing)
BEGIN
    INSERT INTO center_history (center_code, changed_at, change, before)
    SELECT code, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 'external', snapshot FROM center_snapshots WHERE id = OLD.center_id;
END;

CREATE TRIGGER center_services_external_insert BEFORE INSERT ON center_services
WHEN NOT EXISTS (SELECT 1 FROM ipreg_writing)
BEGIN
    INSERT INTO center_history (center_code, changed_at, change, before)
    SELECT code, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 'external', snapshot FROM center_snapshots WHERE id = NEW.center_id;
END;

CREATE TRIGGER center_services_external_update BEFORE UPDATE ON center_services
WHEN NOT EXISTS (SELECT 1 FROM ipreg_writing)
BEGIN
    INSERT INTO center_history (center_code, changed_at, change, before)
    SELECT code, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 'external', snapshot FROM center_snapshots
    WHERE id IN (OLD.center_id, NEW.center_id);
END;

CREATE TRIGGER center_services_external_delete BEFORE DELETE ON center_services
WHEN NOT EXISTS (SELECT 1 FROM ipreg_writing)
BEGIN
    INSERT INTO center_history (center_code, changed_at, change, before)
    SELECT code, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 'external', snapshot FROM center_snapshots WHERE id = OLD.center_id;
END;

CREATE TRIGGER case_statistics_external_insert BEFORE INSERT ON case_statistics
WHEN NOT EXISTS (SELECT 1 FROM ipreg_writing)
BEGIN
    INSERT INTO center_history (center_code, changed_at, change, before)
    SELECT code, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 'external', snapshot FROM center_snapshots WHERE id = NEW.center_id;
END;

CREATE TRIGGER case_statistics_external_update BEFORE UPDATE ON case_statistics
WHEN NOT EXISTS (SELECT 1 FROM ipreg_writing)
BEGIN
    INSERT INTO center_history (center_code, changed_at, change, before)
    SELECT code, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 'external', snapshot FROM center_snapshots
    WHERE id IN (OLD.center_id, NEW.center_id);
END;

CREATE TRIGGER case_statistics_external_delete BEFORE DELETE ON case_statistics
WHEN NOT EXISTS (SELECT 1 FROM ipreg_writing)
BEGIN
    INSERT INTO center_history (center_code, changed_at, change, before)
    SELECT code, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 'external', snapshot FROM center_snapshots WHERE id = OLD.center_id;
END;
