-- Changes other SQLite clients make to published figures are kept in figure_history as kind
-- `external`, as 0005 does for centers (SPEC.md section 1, History; issue 12: "history of figure
-- changes as for centers"). The same marker row of ipreg_writing silences them for ipreg's own
-- writes, which record their history themselves.
--
-- Unlike center_history, figure_history keeps both records of a change. The triggers run AFTER
-- the change, so "after" is the figure as it now is; "before" is the last entry's "after", which
-- is the figure as the previous change (ipreg's or another client's) left it.

-- The figure as history keeps it, one JSON object: what FigureRepository records. One definition
-- for ipreg and the triggers, so that an outside change lists only the fields it changed.
CREATE VIEW figure_snapshots AS
SELECT f.id AS id,
       f.code AS code,
       json_patch('{}', json_object(
           'code', f.code, 'metric', f.metric,
           'regions', json((SELECT json_group_array(region_code) FROM
               (SELECT region_code FROM figure_regions WHERE figure_id = f.id ORDER BY 1))),
           'kinds', json((SELECT CASE WHEN count(*) > 0 THEN json_group_array(kind) END FROM
               (SELECT kind FROM figure_kinds WHERE figure_id = f.id ORDER BY 1))),
           'industries', json((SELECT CASE WHEN count(*) > 0 THEN json_group_array(industry_code) END FROM
               (SELECT industry_code FROM figure_industries WHERE figure_id = f.id ORDER BY 1))),
           'period', f.period, 'value', f.value, 'bound', f.bound, 'source', f.source, 'notes', f.notes)) AS snapshot
FROM figures AS f;

-- figure_history with `external` among its kinds (a CHECK changes only by copying the table).
CREATE TABLE figure_history_0007 (
    id          INTEGER PRIMARY KEY,
    figure_code TEXT NOT NULL COLLATE NOCASE,
    changed_at  TEXT NOT NULL,
    change      TEXT NOT NULL CHECK (change IN ('add', 'update', 'remove', 'import', 'external')),
    before      TEXT,
    after       TEXT,
    CHECK (before IS NOT NULL OR after IS NOT NULL)
);
INSERT INTO figure_history_0007 (id, figure_code, changed_at, change, before, after)
SELECT id, figure_code, changed_at, change, before, after FROM figure_history;
DROP TABLE figure_history;
PRAGMA legacy_alter_table = ON;
ALTER TABLE figure_history_0007 RENAME TO figure_history;
PRAGMA legacy_alter_table = OFF;
CREATE INDEX figure_history_by_code ON figure_history (figure_code, id);

-- What the last entry of a figure says it became: the "before" of the next change.
CREATE VIEW figure_last_recorded AS
SELECT h.figure_code AS code, h.after AS after
FROM figure_history AS h
WHERE h.id = (SELECT max(n.id) FROM figure_history AS n WHERE n.figure_code = h.figure_code);

-- A figure changed by another client: `INSERT INTO figure_changed (figure_id)` records it as it
-- now is, unless that is what the last entry already says (a no-op UPDATE, or a row moved within
-- one figure). One definition for every table the record spans, through this view's trigger.
CREATE VIEW figure_changed AS SELECT NULL AS figure_id WHERE 0;

CREATE TRIGGER figure_changed_record INSTEAD OF INSERT ON figure_changed
BEGIN
    INSERT INTO figure_history (figure_code, changed_at, change, before, after)
    SELECT s.code, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 'external', l.after, s.snapshot
    FROM figure_snapshots AS s LEFT JOIN figure_last_recorded AS l ON l.code = s.code
    WHERE s.id = NEW.figure_id AND s.snapshot IS NOT l.after;
END;

-- A figure that ends (deleted, or given another code) records its last record and nothing after.
CREATE VIEW figure_ended AS SELECT NULL AS code WHERE 0;

CREATE TRIGGER figure_ended_record INSTEAD OF INSERT ON figure_ended
BEGIN
    INSERT INTO figure_history (figure_code, changed_at, change, before, after)
    SELECT NEW.code, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 'external', l.after, NULL
    FROM figure_last_recorded AS l WHERE l.code = NEW.code AND l.after IS NOT NULL;
END;

CREATE TRIGGER figures_external_insert AFTER INSERT ON figures
WHEN NOT EXISTS (SELECT 1 FROM ipreg_writing)
BEGIN
    INSERT INTO figure_changed (figure_id) VALUES (NEW.id);
END;

CREATE TRIGGER figures_external_update AFTER UPDATE ON figures
WHEN NOT EXISTS (SELECT 1 FROM ipreg_writing)
BEGIN
    INSERT INTO figure_ended (code) SELECT OLD.code WHERE NEW.code IS NOT OLD.code COLLATE NOCASE;
    INSERT INTO figure_changed (figure_id) VALUES (NEW.id);
END;

CREATE TRIGGER figures_external_delete AFTER DELETE ON figures
WHEN NOT EXISTS (SELECT 1 FROM ipreg_writing)
BEGIN
    INSERT INTO figure_ended (code) VALUES (OLD.code);
    -- The sqlite3 shell leaves foreign keys off, so ON DELETE CASCADE would leave the figure's
    -- lists behind, pointing nowhere (deleting them records nothing: the figure is gone).
    DELETE FROM figure_regions WHERE figure_id = OLD.id;
    DELETE FROM figure_kinds WHERE figure_id = OLD.id;
    DELETE FROM figure_industries WHERE figure_id = OLD.id;
END;

-- A figure's regions, kinds and industries are part of its record (a row moved from one figure
-- to another changes both).
CREATE TRIGGER figure_regions_external_insert AFTER INSERT ON figure_regions
WHEN NOT EXISTS (SELECT 1 FROM ipreg_writing)
BEGIN
    INSERT INTO figure_changed (figure_id) VALUES (NEW.figure_id);
END;

CREATE TRIGGER figure_regions_external_update AFTER UPDATE ON figure_regions
WHEN NOT EXISTS (SELECT 1 FROM ipreg_writing)
BEGIN
    INSERT INTO figure_changed (figure_id) SELECT OLD.figure_id WHERE OLD.figure_id <> NEW.figure_id;
    INSERT INTO figure_changed (figure_id) VALUES (NEW.figure_id);
END;

CREATE TRIGGER figure_regions_external_delete AFTER DELETE ON figure_regions
WHEN NOT EXISTS (SELECT 1 FROM ipreg_writing)
BEGIN
    INSERT INTO figure_changed (figure_id) VALUES (OLD.figure_id);
END;

CREATE TRIGGER figure_kinds_external_insert AFTER INSERT ON figure_kinds
WHEN NOT EXISTS (SELECT 1 FROM ipreg_writing)
BEGIN
    INSERT INTO figure_changed (figure_id) VALUES (NEW.figure_id);
END;

CREATE TRIGGER figure_kinds_external_update AFTER UPDATE ON figure_kinds
WHEN NOT EXISTS (SELECT 1 FROM ipreg_writing)
BEGIN
    INSERT INTO figure_changed (figure_id) SELECT OLD.figure_id WHERE OLD.figure_id <> NEW.figure_id;
    INSERT INTO figure_changed (figure_id) VALUES (NEW.figure_id);
END;

CREATE TRIGGER figure_kinds_external_delete AFTER DELETE ON figure_kinds
WHEN NOT EXISTS (SELECT 1 FROM ipreg_writing)
BEGIN
    INSERT INTO figure_changed (figure_id) VALUES (OLD.figure_id);
END;

CREATE TRIGGER figure_industries_external_insert AFTER INSERT ON figure_industries
WHEN NOT EXISTS (SELECT 1 FROM ipreg_writing)
BEGIN
    INSERT INTO figure_changed (figure_id) VALUES (NEW.figure_id);
END;

CREATE TRIGGER figure_industries_external_update AFTER UPDATE ON figure_industries
WHEN NOT EXISTS (SELECT 1 FROM ipreg_writing)
BEGIN
    INSERT INTO figure_changed (figure_id) SELECT OLD.figure_id WHERE OLD.figure_id <> NEW.figure_id;
    INSERT INTO figure_changed (figure_id) VALUES (NEW.figure_id);
END;

CREATE TRIGGER figure_industries_external_delete AFTER DELETE ON figure_industries
WHEN NOT EXISTS (SELECT 1 FROM ipreg_writing)
BEGIN
    INSERT INTO figure_changed (figure_id) VALUES (OLD.figure_id);
END;
