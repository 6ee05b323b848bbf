// SQLite's extended result codes, which sqlite3.h defines as expressions Swift does not import.
import CSQLite

let SQLITE_CONSTRAINT_CHECK = SQLITE_CONSTRAINT | (1 << 8)
let SQLITE_CONSTRAINT_FOREIGNKEY = SQLITE_CONSTRAINT | (3 << 8)
let SQLITE_CONSTRAINT_NOTNULL = SQLITE_CONSTRAINT | (5 << 8)
let SQLITE_CONSTRAINT_UNIQUE = SQLITE_CONSTRAINT | (8 << 8)
