-- The registry's tables, indexes, search index and history.
-- The database itself refuses bad rows (CHECK, NOT NULL, FOREIGN KEY, UNIQUE);
-- the application validates first so users get precise messages.

PRAGMA application_id = 1230000711; -- 0x49505247, "IPRG": marks the file as an ipreg registry

-- Administrative divisions (GB/T 2260). The parent follows from the code:
-- XXYYZZ is inside XXYY00 when that exists, else inside XX0000.
CREATE TABLE divisions (
    code        TEXT PRIMARY KEY NOT NULL
                CHECK (length(code) = 6 AND code NOT GLOB '*[^0-9]*' AND substr(code, 1, 2) <> '00'),
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    name_en     TEXT CHECK (name_en IS NULL OR length(name_en) BETWEEN 1 AND 200),
    parent_code TEXT REFERENCES divisions (code),
    level       INTEGER NOT NULL CHECK (level IN (1, 2, 3)), -- 1 provincial, 2 prefecture, 3 county
    source      TEXT,
    CHECK ((level = 1) = (parent_code IS NULL))
) WITHOUT ROWID;
CREATE INDEX divisions_by_parent ON divisions (parent_code);

CREATE TABLE industries (
    code    TEXT PRIMARY KEY NOT NULL
            CHECK (length(code) BETWEEN 1 AND 64 AND code NOT GLOB '*[^a-z0-9-]*'),
    name    TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    name_en TEXT CHECK (name_en IS NULL OR length(name_en) BETWEEN 1 AND 200),
    source  TEXT
) WITHOUT ROWID;

CREATE TABLE services (
    code    TEXT PRIMARY KEY NOT NULL
            CHECK (length(code) BETWEEN 1 AND 64 AND code NOT GLOB '*[^a-z0-9-]*'),
    name    TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    name_en TEXT CHECK (name_en IS NULL OR length(name_en) BETWEEN 1 AND 200),
    source  TEXT
) WITHOUT ROWID;

CREATE TABLE centers (
    id           INTEGER PRIMARY KEY,
    code         TEXT NOT NULL UNIQUE COLLATE NOCASE
                 CHECK (length(code) BETWEEN 1 AND 64 AND code NOT GLOB '*[^A-Za-z0-9._-]*'),
    name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    name_en      TEXT CHECK (name_en IS NULL OR length(name_en) BETWEEN 1 AND 200),
    kind         TEXT NOT NULL CHECK (kind IN ('protection', 'rapid-protection', 'operation', 'tisc')),
    status       TEXT NOT NULL DEFAULT 'operating'
                 CHECK (status IN ('preparing', 'operating', 'suspended', 'closed')),
    region_code  TEXT NOT NULL REFERENCES divisions (code),
    address      TEXT CHECK (address IS NULL OR length(address) BETWEEN 1 AND 500),
    approved     TEXT CHECK (approved IS NULL OR approved GLOB '[0-9][0-9][0-9][0-9]'
                     OR approved GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'
                     OR approved GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    opened       TEXT CHECK (opened IS NULL OR opened GLOB '[0-9][0-9][0-9][0-9]'
                     OR opened GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'
                     OR opened GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    approval_doc TEXT CHECK (approval_doc IS NULL OR length(approval_doc) BETWEEN 1 AND 200),
    host         TEXT CHECK (host IS NULL OR length(host) BETWEEN 1 AND 200),
    latitude     REAL CHECK (latitude IS NULL OR latitude BETWEEN -90 AND 90),
    longitude    REAL CHECK (longitude IS NULL OR longitude BETWEEN -180 AND 180),
    website      TEXT CHECK (website IS NULL OR website GLOB 'http://?*' OR website GLOB 'https://?*'),
    source       TEXT CHECK (source IS NULL OR length(source) BETWEEN 1 AND 2000),
    notes        TEXT CHECK (notes IS NULL OR length(notes) BETWEEN 1 AND 2000),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    CHECK ((latitude IS NULL) = (longitude IS NULL)),
    CHECK (opened IS NULL OR approved IS NULL OR substr(opened, 1, length(approved)) >= substr(approved, 1, length(opened)))
);
-- Region, kind and status in one index: centers-by-region and centers-by-kind read every center
-- of a region range from it, never the table (1M centers: 3.8 s without, 0.4 s with; Scripts/bench-reports).
CREATE INDEX centers_by_region ON centers (region_code, kind, status);
CREATE INDEX centers_by_kind ON centers (kind, region_code);
CREATE INDEX centers_by_status ON centers (status, region_code);

CREATE TABLE center_industries (
    center_id     INTEGER NOT NULL REFERENCES centers (id) ON DELETE CASCADE,
    industry_code TEXT NOT NULL REFERENCES industries (code),
    PRIMARY KEY (center_id, industry_code)
) WITHOUT ROWID;
CREATE INDEX center_industries_by_industry ON center_industries (industry_code, center_id);

CREATE TABLE center_services (
    center_id    INTEGER NOT NULL REFERENCES centers (id) ON DELETE CASCADE,
    service_code TEXT NOT NULL REFERENCES services (code),
    PRIMARY KEY (center_id, service_code)
) WITHOUT ROWID;
CREATE INDEX center_services_by_service ON center_services (service_code, center_id);

-- Case statistics: one row per center and period; a period is kept as written
-- (2023, 2023-Q2, 2023-05, 2023-01..2023-10) and as its first and last day.
CREATE TABLE case_statistics (
    id               INTEGER PRIMARY KEY,
    center_id        INTEGER NOT NULL REFERENCES centers (id) ON DELETE CASCADE,
    period           TEXT NOT NULL CHECK (length(period) BETWEEN 4 AND 16),
    period_start     TEXT NOT NULL CHECK (period_start GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    period_end       TEXT NOT NULL CHECK (period_end GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    pretrial_cases   INTEGER CHECK (pretrial_cases IS NULL OR (typeof(pretrial_cases) = 'integer' AND pretrial_cases >= 0)),
    protection_cases INTEGER CHECK (protection_cases IS NULL OR (typeof(protection_cases) = 'integer' AND protection_cases >= 0)),
    source           TEXT CHECK (source IS NULL OR length(source) BETWEEN 1 AND 2000),
    CHECK (period_start <= period_end),
    CHECK (pretrial_cases IS NOT NULL OR protection_cases IS NOT NULL),
    UNIQUE (center_id, period_start)
);
-- case-totals and top-centers with a period range read this index in period order, never the
-- table, and group by period start without sorting (5M rows: case-totals 4.2 s without, 1.5 s with).
CREATE INDEX case_statistics_by_start ON case_statistics (period_start, center_id, pretrial_cases, protection_cases);

-- Two periods of one center may not overlap, so totals never count a case twice.
CREATE TRIGGER case_statistics_no_overlap_insert
BEFORE INSERT ON case_statistics
WHEN EXISTS (SELECT 1 FROM case_statistics
             WHERE center_id = NEW.center_id
               AND period_start <= NEW.period_end AND NEW.period_start <= period_end)
BEGIN
    SELECT RAISE(ABORT, 'case statistics periods overlap');
END;

CREATE TRIGGER case_statistics_no_overlap_update
BEFORE UPDATE OF center_id, period_start, period_end ON case_statistics
WHEN EXISTS (SELECT 1 FROM case_statistics
             WHERE center_id = NEW.center_id AND id <> OLD.id
               AND period_start <= NEW.period_end AND NEW.period_start <= period_end)
BEGIN
    SELECT RAISE(ABORT, 'case statistics periods overlap');
END;

-- Every change to a center: the record before and after, as JSON objects
-- (the center with its industries, services and statistics).
CREATE TABLE center_history (
    id          INTEGER PRIMARY KEY,
    center_code TEXT NOT NULL COLLATE NOCASE,
    changed_at  TEXT NOT NULL,
    change      TEXT NOT NULL CHECK (change IN ('add', 'update', 'remove', 'restore', 'import')),
    before      TEXT,
    after       TEXT,
    CHECK (before IS NOT NULL OR after IS NOT NULL)
);
CREATE INDEX center_history_by_code ON center_history (center_code, id);

CREATE TABLE saved_reports (
    name        TEXT PRIMARY KEY NOT NULL
                CHECK (length(name) BETWEEN 1 AND 64 AND name NOT GLOB '*[^a-z0-9-]*'),
    sql         TEXT NOT NULL CHECK (length(sql) >= 1),
    description TEXT,
    created_at  TEXT NOT NULL
) WITHOUT ROWID;

-- Full-text search over names, host and address. The trigram tokenizer matches any
-- substring of three or more characters in any script, case-insensitively.
CREATE VIRTUAL TABLE centers_search USING fts5 (
    name, name_en, host, address,
    content = 'centers', content_rowid = 'id', tokenize = 'trigram'
);

CREATE TRIGGER centers_search_after_insert AFTER INSERT ON centers BEGIN
    INSERT INTO centers_search (rowid, name, name_en, host, address)
    VALUES (NEW.id, NEW.name, NEW.name_en, NEW.host, NEW.address);
END;

CREATE TRIGGER centers_search_after_delete AFTER DELETE ON centers BEGIN
    INSERT INTO centers_search (centers_search, rowid, name, name_en, host, address)
    VALUES ('delete', OLD.id, OLD.name, OLD.name_en, OLD.host, OLD.address);
END;

CREATE TRIGGER centers_search_after_update AFTER UPDATE OF name, name_en, host, address ON centers BEGIN
    INSERT INTO centers_search (centers_search, rowid, name, name_en, host, address)
    VALUES ('delete', OLD.id, OLD.name, OLD.name_en, OLD.host, OLD.address);
    INSERT INTO centers_search (rowid, name, name_en, host, address)
    VALUES (NEW.id, NEW.name, NEW.name_en, NEW.host, NEW.address);
END;
