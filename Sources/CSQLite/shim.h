#ifndef IPREG_CSQLITE_SHIM_H
#define IPREG_CSQLITE_SHIM_H
#include <sqlite3.h>

// SQLITE_TRANSIENT is a macro casting -1 to a function pointer, which Swift cannot import.
static inline sqlite3_destructor_type csqlite_transient(void) { return SQLITE_TRANSIENT; }
static inline sqlite3_destructor_type csqlite_static(void) { return SQLITE_STATIC; }

// sqlite3_config is variadic, which Swift cannot call. Without memory statistics SQLite skips a
// global mutex and a counter update on every allocation; nothing here reads them
// (sqlite3_memory_used, soft heap limits). Must run before SQLite initializes: SQLITE_MISUSE after.
static inline int csqlite_disable_memory_statistics(void) { return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); }

// Debian builds SQLite with SQLITE_USE_URI=1: a name starting with `file:` would be read as a URI
// (`?mode=memory`, `?vfs=unix-none`) whatever the open flags say. File names here are plain paths.
static inline int csqlite_disable_uri_file_names(void) { return sqlite3_config(SQLITE_CONFIG_URI, 0); }

// sqlite3_db_config is variadic too. Debian builds SQLite with SQLITE_ENABLE_FTS3_TOKENIZER, which
// lets SQL register a tokenizer by a pointer it passes as a blob (`fts3_tokenizer('x', x'41..')`)
// and so makes any later FTS3 MATCH call an address of the caller's choosing: turn it off.
static inline int csqlite_disable_fts3_tokenizer(sqlite3 *db) {
    return sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_FTS3_TOKENIZER, 0, (int *)0);
}

// SQL may not change the file in ways that corrupt it (writable_schema, sqlite_dbpage writes).
static inline int csqlite_enable_defensive(sqlite3 *db) {
    return sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)0);
}
#endif
