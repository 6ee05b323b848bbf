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
#endif
