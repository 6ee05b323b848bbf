// What SQL from a user (`ipreg sql`, `/sql`, saved reports) may call, and how big a value it may
// make. An allow-list rather than a deny-list: Debian's libsqlite3 carries functions that hand
// out or take pointers (`fts3_tokenizer`, `fts5(?)`), load code (`load_extension`) or check
// internal structures from a blob (`rtreenode`), and a newer build may add more.
import CSQLite

public enum UserSQLFunctions {
    /// Core scalar, aggregate and window functions, date and time, math, JSON (with its `->`
    /// operators), and the auxiliary functions of FTS5 and FTS3/4 full-text queries.
    public static let allowed: Set<String> = [
        // Scalar
        "abs", "changes", "char", "coalesce", "concat", "concat_ws", "format", "glob", "hex", "ifnull", "iif", "if",
        "instr", "last_insert_rowid", "length", "like", "likelihood", "likely", "lower", "ltrim", "max", "min",
        "nullif", "octet_length", "printf", "quote", "random", "randomblob", "replace", "round", "rtrim", "sign",
        "soundex", "sqlite_compileoption_get", "sqlite_compileoption_used", "sqlite_offset", "sqlite_source_id",
        "sqlite_version", "substr", "substring", "total_changes", "trim", "typeof", "unhex", "unicode", "unistr",
        "unistr_quote", "unlikely", "upper", "zeroblob",
        // Aggregate
        "avg", "count", "group_concat", "string_agg", "sum", "total", "median", "percentile", "percentile_cont",
        "percentile_disc",
        // Window
        "row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile", "lag", "lead", "first_value",
        "last_value", "nth_value",
        // Date and time
        "date", "time", "datetime", "julianday", "unixepoch", "strftime", "timediff", "current_date",
        "current_time", "current_timestamp",
        // Math
        "acos", "acosh", "asin", "asinh", "atan", "atan2", "atanh", "ceil", "ceiling", "cos", "cosh", "degrees",
        "exp", "floor", "ln", "log", "log10", "log2", "mod", "pi", "pow", "power", "radians", "sin", "sinh", "sqrt",
        "tan", "tanh", "trunc",
        // JSON
        "json", "jsonb", "json_array", "jsonb_array", "json_array_length", "json_error_position", "json_extract",
        "jsonb_extract", "->", "->>", "json_insert", "jsonb_insert", "json_object", "jsonb_object", "json_patch",
        "jsonb_patch", "json_pretty", "json_remove", "jsonb_remove", "json_replace", "jsonb_replace", "json_set",
        "jsonb_set", "json_type", "json_valid", "json_quote", "json_group_array", "jsonb_group_array",
        "json_group_object", "jsonb_group_object",
        // Full-text search: MATCH and the auxiliary functions (FTS5; FTS3/4's read-only ones)
        "match", "bm25", "highlight", "snippet", "snippets", "matchinfo", "offsets",
    ]

    /// The longest string or blob user SQL may make or read (SQLITE_LIMIT_LENGTH): a value past
    /// it fails at once ("string or blob too big") instead of taking the machine's memory.
    public static let maxValueBytes: Int32 = 10_000_000
}

extension Connection {
    /// Runs `body` with strings and blobs capped at `bytes` (SQLITE_LIMIT_LENGTH), then puts the
    /// connection's own limit back. SQLite checks the limit while a statement runs, so it holds for
    /// statements compiled before as well.
    public func withValueLengthLimit<Result>(_ bytes: Int32, _ body: () throws -> Result) rethrows -> Result {
        let previous = sqlite3_limit(handle, SQLITE_LIMIT_LENGTH, bytes)
        defer { sqlite3_limit(handle, SQLITE_LIMIT_LENGTH, previous) }
        return try body()
    }
}

extension Statement {
    /// How many bytes column `column` of the current row holds as text or a blob, read without
    /// copying the value (a `zeroblob(N)` is not expanded): for a size check before reading it.
    public func byteCount(_ column: Int32) -> Int {
        switch sqlite3_column_type(handle, column) {
        case SQLITE_TEXT, SQLITE_BLOB: return Int(sqlite3_column_bytes(handle, column))
        default: return 8
        }
    }
}
