// Transactions commit when their body returns (or says `.commit`) and leave nothing when it
// throws (or says `.rollback`); a transaction inside another is refused, savepoints nest and an
// inner failure undoes only the inner work.
import CSQLite
import SQLiteDB
import Testing

@Suite struct TransactionTests {
    private struct Abandoned: Error {}

    private func database() throws -> Connection {
        let db = try Connection.inMemory()
        try db.execute("CREATE TABLE t (v TEXT NOT NULL UNIQUE)")
        return db
    }

    private func insert(_ value: String, into db: Connection) throws {
        try db.execute("INSERT INTO t (v) VALUES (?)", [.text(value)])
    }

    private func rows(_ db: Connection) throws -> [String] {
        let statement = try db.prepare("SELECT v FROM t ORDER BY v")
        var values: [String] = []
        while try statement.step() { values.append(statement.text(0)) }
        return values
    }

    @Test func transactionCommitsWhenItsBodyReturns() throws {
        let db = try database()
        let result = try db.transaction {
            try insert("a", into: db)
            try insert("b", into: db)
            return "done"
        }
        #expect(result == "done")
        #expect(try rows(db) == ["a", "b"])
        #expect(!db.isInTransaction)
    }

    @Test func transactionLeavesNothingWhenItsBodyThrows() throws {
        let db = try database()
        #expect(throws: Abandoned.self) {
            try db.transaction {
                try insert("a", into: db)
                try insert("b", into: db)
                throw Abandoned()
            }
        }
        #expect(try rows(db) == [])
        #expect(!db.isInTransaction)
    }

    @Test func transactionLeavesNothingWhenAStatementFailsAndRethrowsTheSQLiteError() throws {
        let db = try database()
        let error = #expect(throws: SQLiteError.self) {
            try db.transaction {
                try insert("a", into: db)
                try insert("a", into: db)
            }
        }
        #expect(error?.extendedResultCode == .constraintUnique)
        #expect(try rows(db) == [])
        #expect(!db.isInTransaction)
    }

    @Test func transactionRolledBackOnAFileLeavesNothingForAnotherConnection() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("rollback.sqlite")
        let db = try Connection(path: path)
        try db.execute("CREATE TABLE t (v TEXT NOT NULL UNIQUE)")
        #expect(throws: Abandoned.self) {
            try db.transaction {
                try insert("a", into: db)
                throw Abandoned()
            }
        }
        let other = try Connection(path: path, mode: .readOnly)
        #expect(try other.scalarInt("SELECT count(*) FROM t") == 0)
    }

    @Test func innerSavepointFailureIsRolledBackAndTheOuterCommits() throws {
        let db = try database()
        try db.transaction {
            try insert("outer-before", into: db)
            #expect(throws: Abandoned.self) {
                try db.savepoint {
                    try insert("inner", into: db)
                    throw Abandoned()
                }
            }
            #expect(db.isInTransaction)
            try insert("outer-after", into: db)
        }
        #expect(try rows(db) == ["outer-after", "outer-before"])
    }

    @Test func innerWorkThatSucceededIsUndoneWhenTheOuterFails() throws {
        let db = try database()
        #expect(throws: Abandoned.self) {
            try db.transaction {
                try insert("outer", into: db)
                try db.savepoint { try insert("inner", into: db) }
                throw Abandoned()
            }
        }
        #expect(try rows(db) == [])
    }

    @Test func savepointsNestThreeDeepAndOnlyTheFailingLevelIsUndone() throws {
        let db = try database()
        try db.transaction {
            try insert("level-1", into: db)
            try db.savepoint {
                try insert("level-2", into: db)
                _ = try? db.savepoint {
                    try insert("level-3", into: db)
                    try insert("level-3", into: db)
                }
                try insert("level-2-after", into: db)
            }
        }
        #expect(try rows(db) == ["level-1", "level-2", "level-2-after"])
    }

    @Test func aFailedInnerSavepointCanBeFollowedByAnotherOne() throws {
        let db = try database()
        try db.transaction {
            _ = try? db.savepoint {
                try insert("first", into: db)
                throw Abandoned()
            }
            try db.savepoint { try insert("second", into: db) }
        }
        #expect(try rows(db) == ["second"])
    }

    @Test func savepointOutsideATransactionCommitsOnItsOwn() throws {
        let db = try database()
        try db.savepoint { try insert("alone", into: db) }
        #expect(!db.isInTransaction)
        #expect(try rows(db) == ["alone"])
    }

    @Test func aConnectionIsUsableAfterARolledBackTransaction() throws {
        let db = try database()
        #expect(throws: Abandoned.self) {
            try db.transaction {
                try insert("a", into: db)
                throw Abandoned()
            }
        }
        try db.transaction { try insert("b", into: db) }
        #expect(try rows(db) == ["b"])
    }

    @Test func aTransactionInsideAnotherIsRefusedAndTheOuterGoesOn() throws {
        let db = try database()
        try db.transaction {
            try insert("outer", into: db)
            let error = #expect(throws: SQLiteError.self) { try db.transaction { try insert("inner", into: db) } }
            #expect(error?.fault == .transactionAlreadyOpen)
            #expect(error?.resultCode == .misuse)
            #expect(db.isInTransaction)
        }
        #expect(try rows(db) == ["outer"])
    }

    @Test func aTransactionEndsAsItsBodySays() throws {
        let db = try database()
        try db.inTransaction {
            try insert("kept", into: db)
            return .commit
        }
        try db.inTransaction(.immediate) {
            try insert("undone", into: db)
            return .rollback
        }
        #expect(!db.isInTransaction)
        #expect(try rows(db) == ["kept"])
    }

    @Test func aSavepointEndsAsItsBodySays() throws {
        let db = try database()
        try db.transaction {
            try db.inSavepoint {
                try insert("undone", into: db)
                return .rollback
            }
            try db.inSavepoint {
                try insert("kept", into: db)
                return .commit
            }
            #expect(db.isInTransaction)
        }
        #expect(try rows(db) == ["kept"])
    }
}
