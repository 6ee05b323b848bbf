-- Where the centers are, as an R*Tree (SQLite's rtree module), so that `center nearest` and the
-- `--near` filter read the centers in a box around a point instead of every center: one entry
-- per center with coordinates, its box the point itself. Kept by the triggers below whoever
-- writes (ipreg, sqlite3, Datasette); `ipreg check` compares it with the centers.
--
-- The R*Tree keeps 32-bit floats. It rounds a box's lower bounds down and its upper bounds up
-- when it stores them, so a stored box always holds the center's exact point, a little larger:
-- a search box never misses a center inside it, and the exact distance, computed from the
-- center's own coordinates, decides.
--
-- Known gap, as for the report totals (0009): INSERT OR REPLACE that replaces a center under a
-- new id deletes the old row without firing the delete trigger (unless PRAGMA
-- recursive_triggers is on); `ipreg check` reports the entry it leaves.

CREATE VIRTUAL TABLE center_locations USING rtree (
    id, min_latitude, max_latitude, min_longitude, max_longitude
);

INSERT INTO center_locations (id, min_latitude, max_latitude, min_longitude, max_longitude)
SELECT id, latitude, latitude, longitude, longitude FROM centers
WHERE latitude IS NOT NULL AND longitude IS NOT NULL;

-- OR REPLACE: an INSERT OR REPLACE of a center under its own id inserts it again.
CREATE TRIGGER center_locations_insert AFTER INSERT ON centers
WHEN NEW.latitude IS NOT NULL AND NEW.longitude IS NOT NULL
BEGIN
    INSERT OR REPLACE INTO center_locations (id, min_latitude, max_latitude, min_longitude, max_longitude)
    VALUES (NEW.id, NEW.latitude, NEW.latitude, NEW.longitude, NEW.longitude);
END;

CREATE TRIGGER center_locations_update AFTER UPDATE OF id, latitude, longitude ON centers
BEGIN
    DELETE FROM center_locations WHERE id = OLD.id;
    INSERT OR REPLACE INTO center_locations (id, min_latitude, max_latitude, min_longitude, max_longitude)
    SELECT NEW.id, NEW.latitude, NEW.latitude, NEW.longitude, NEW.longitude
    WHERE NEW.latitude IS NOT NULL AND NEW.longitude IS NOT NULL;
END;

CREATE TRIGGER center_locations_delete AFTER DELETE ON centers
BEGIN
    DELETE FROM center_locations WHERE id = OLD.id;
END;

-- `center nearest` says how many of the centers it was asked about have no coordinates. Asked
-- about every center, it reads the count kept here (counting even 20,000 index entries took a
-- few milliseconds, more than the rest of the query); with a filter it counts from the index
-- below, which holds those centers only (a registry has few, or should).
CREATE TABLE center_locations_missing (
    id      INTEGER PRIMARY KEY CHECK (id = 1), -- one row
    centers INTEGER NOT NULL                    -- centers whose latitude is NULL
);
INSERT INTO center_locations_missing (id, centers) SELECT 1, count(*) FROM centers WHERE latitude IS NULL;

CREATE INDEX centers_without_coordinates ON centers (kind, status) WHERE latitude IS NULL;

CREATE TRIGGER center_locations_missing_insert AFTER INSERT ON centers WHEN NEW.latitude IS NULL
BEGIN
    UPDATE center_locations_missing SET centers = centers + 1 WHERE id = 1;
END;

CREATE TRIGGER center_locations_missing_delete AFTER DELETE ON centers WHEN OLD.latitude IS NULL
BEGIN
    UPDATE center_locations_missing SET centers = centers - 1 WHERE id = 1;
END;

CREATE TRIGGER center_locations_missing_update AFTER UPDATE OF latitude ON centers
WHEN (OLD.latitude IS NULL) <> (NEW.latitude IS NULL)
BEGIN
    UPDATE center_locations_missing SET centers = centers + (CASE WHEN NEW.latitude IS NULL THEN 1 ELSE -1 END)
    WHERE id = 1;
END;
