// Prepared statements: binding every storage class by index and by name, reading typed
// columns back (NULL included), reuse, and what SQLite says a statement does.
import CSQLite
import SQLiteDB
import Testing

@Suite struct StatementTests {
    /// An in-memory database with one untyped column, so SQLite keeps every value's own type.
    private func database() throws -> Connection {
        let db = try Connection.inMemory()
        try db.execute("CREATE TABLE t (v)")
        return db
    }

    /// Stores `value` through a bound parameter, then reads it back with its SQLite type name.
    private func roundTrip(_ value: SQLiteValue) throws -> (value: SQLiteValue, type: String) {
        let db = try database()
        let insert = try db.prepare("INSERT INTO t (v) VALUES (?)")
        try insert.bind(value, at: 1)
        try insert.execute()
        let select = try db.prepare("SELECT v, typeof(v) FROM t")
        #expect(try select.step())
        return (select.value(0), select.text(1))
    }

    // MARK: Binding by index, every storage class

    @Test func chineseTextReadsBackAsTheSameText() throws {
        let stored = try roundTrip(.text("国家知识产权局专利局专利审查协作北京中心"))
        #expect(stored.value == .text("国家知识产权局专利局专利审查协作北京中心"))
        #expect(stored.type == "text")
    }

    @Test func emptyTextReadsBackAsEmptyTextNotNull() throws {
        let stored = try roundTrip(.text(""))
        #expect(stored.value == .text(""))
        #expect(stored.type == "text")
    }

    @Test func textWithAnEmbeddedZeroByteKeepsEveryByte() throws {
        let stored = try roundTrip(.text("a\u{0}b"))
        #expect(stored.value == .text("a\u{0}b"))
    }

    @Test(arguments: [Int64.min, -1, 0, 1, Int64(Int32.max) + 1, Int64.max])
    func integerReadsBackAsTheSameInteger(_ number: Int64) throws {
        let stored = try roundTrip(.integer(number))
        #expect(stored.value == .integer(number))
        #expect(stored.type == "integer")
    }

    @Test(arguments: [0.1, -2.5e-300, 1.7976931348623157e308, 116.397_128])
    func realReadsBackAsTheSameDouble(_ number: Double) throws {
        let stored = try roundTrip(.real(number))
        #expect(stored.value == .real(number))
        #expect(stored.type == "real")
    }

    @Test func blobReadsBackByteForByteIncludingZeroBytes() throws {
        let bytes: [UInt8] = [0x00, 0x01, 0xFF, 0x00, 0x7F]
        let stored = try roundTrip(.blob(bytes))
        #expect(stored.value == .blob(bytes))
        #expect(stored.type == "blob")
    }

    @Test func emptyBlobReadsBackAsAnEmptyBlobNotNull() throws {
        let stored = try roundTrip(.blob([]))
        #expect(stored.value == .blob([]))
        #expect(stored.type == "blob")
    }

    @Test func nullReadsBackAsNull() throws {
        let stored = try roundTrip(.null)
        #expect(stored.value == .null)
        #expect(stored.type == "null")
    }

    @Test func typedBindingsOfNilBindNull() throws {
        let db = try database()
        let statement = try db.prepare("SELECT typeof(?), typeof(?), typeof(?), typeof(?)")
        try statement.bind(nil as String?, at: 1)
        try statement.bind(nil as Int?, at: 2)
        try statement.bind(nil as Int64?, at: 3)
        try statement.bind(nil as Double?, at: 4)
        #expect(try statement.step())
        #expect(statement.values == [.text("null"), .text("null"), .text("null"), .text("null")])
    }

    @Test func typedBindingsOfValuesBindTheirStorageClass() throws {
        let db = try database()
        let statement = try db.prepare("SELECT ?, ?, ?, ?")
        try statement.bind("北京" as String?, at: 1)
        try statement.bind(42 as Int?, at: 2)
        try statement.bind(Int64.max as Int64?, at: 3)
        try statement.bind(0.5 as Double?, at: 4)
        #expect(try statement.step())
        #expect(statement.string(0) == "北京")
        #expect(statement.int(1) == 42)
        #expect(statement.int64(2) == Int64.max)
        #expect(statement.double(3) == 0.5)
    }

    @Test func positionalValuesBindInOrder() throws {
        let db = try database()
        let statement = try db.prepare("SELECT ?, ?, ?")
        try statement.bind([.integer(1), .text("二"), .real(3.0)])
        #expect(try statement.step())
        #expect(statement.values == [.integer(1), .text("二"), .real(3.0)])
    }

    @Test func bindingPastTheLastParameterIsARangeError() throws {
        let db = try database()
        let statement = try db.prepare("SELECT ?")
        let error = #expect(throws: SQLiteError.self) { try statement.bind(.integer(1), at: 2) }
        #expect(error?.resultCode == .range)
        #expect(error?.sql == "SELECT ?")
    }

    @Test func textBoundInPlaceStoresEachRowsOwnValueWhenTheStatementIsReused() throws {
        let db = try database()
        let insert = try db.prepare("INSERT INTO t (v) VALUES (?)")
        // Shorter, longer (the kept buffer grows), empty, absent, then short again into the grown buffer.
        let texts: [String?] = ["ab", String(repeating: "长", count: 100), "", nil, "z"]
        for text in texts {
            try insert.bindInPlace(text, at: 1)
            try insert.execute()
        }
        let select = try db.prepare("SELECT v FROM t ORDER BY rowid")
        var stored: [SQLiteValue] = []
        while try select.step() { stored.append(select.value(0)) }
        #expect(stored == texts.map { $0.map(SQLiteValue.text) ?? .null })
    }

    @Test func bindingInPlacePastTheLastParameterIsARangeError() throws {
        let db = try database()
        let statement = try db.prepare("SELECT ?")
        let error = #expect(throws: SQLiteError.self) { try statement.bindInPlace("x", at: 2) }
        #expect(error?.resultCode == .range)
    }

    // MARK: Named parameters

    @Test func namedParametersOfEveryPrefixHaveIndexesAndNames() throws {
        let db = try database()
        let statement = try db.prepare("SELECT :colon, @at, $dollar, ?")
        #expect(statement.parameterCount == 4)
        #expect(statement.parameterIndex(":colon") == 1)
        #expect(statement.parameterIndex("@at") == 2)
        #expect(statement.parameterIndex("$dollar") == 3)
        #expect(statement.parameterIndex(":missing") == nil)
        #expect(statement.parameterName(1) == ":colon")
        #expect(statement.parameterName(4) == nil)
    }

    @Test func bindNamedAcceptsNamesWithoutTheirPrefix() throws {
        let db = try database()
        let statement = try db.prepare("SELECT :colon, @at, $dollar")
        try statement.bind(named: ["colon": .text("冀"), "at": .integer(2), "dollar": .real(3.5)])
        #expect(try statement.step())
        #expect(statement.values == [.text("冀"), .integer(2), .real(3.5)])
    }

    @Test func bindNamedAcceptsNamesWithTheirPrefix() throws {
        let db = try database()
        let statement = try db.prepare("SELECT :colon, @at, $dollar")
        try statement.bind(named: [":colon": .text("津"), "@at": .null, "$dollar": .blob([1])])
        #expect(try statement.step())
        #expect(statement.values == [.text("津"), .null, .blob([1])])
    }

    @Test func aNamedParameterUsedTwiceTakesOneValue() throws {
        let db = try database()
        let statement = try db.prepare("SELECT :region = :region, :region")
        try statement.bind(named: ["region": .text("130000")])
        #expect(try statement.step())
        #expect(statement.values == [.integer(1), .text("130000")])
    }

    @Test func aNameWithoutItsPrefixBindsItUnderEveryPrefix() throws {
        let db = try database()
        let statement = try db.prepare("SELECT :region, @region, $region")
        try statement.bind(named: ["region": .text("130000")])
        #expect(try statement.step())
        #expect(statement.values == [.text("130000"), .text("130000"), .text("130000")])
    }

    @Test func bindNamedRefusesANameTheStatementDoesNotUse() throws {
        let db = try database()
        let statement = try db.prepare("SELECT :region")
        let error = #expect(throws: SQLiteError.self) { try statement.bind(named: ["regoin": .text("130000")]) }
        #expect(error?.resultCode == .range)
        #expect(error?.message.contains("regoin") == true)
        #expect(error?.sql == "SELECT :region")
    }

    // MARK: Reading columns

    @Test func nullColumnIsNilInOptionalAccessorsAndEmptyInText() throws {
        let db = try database()
        let statement = try db.prepare("SELECT NULL")
        #expect(try statement.step())
        #expect(statement.isNull(0))
        #expect(statement.string(0) == nil)
        #expect(statement.optionalInt(0) == nil)
        #expect(statement.optionalDouble(0) == nil)
        #expect(statement.text(0) == "")
        #expect(statement.value(0) == .null)
    }

    @Test func emptyTextColumnIsNotNil() throws {
        let db = try database()
        let statement = try db.prepare("SELECT ''")
        #expect(try statement.step())
        #expect(!statement.isNull(0))
        #expect(statement.string(0) == "")
    }

    @Test func zeroColumnIsZeroNotNilInOptionalAccessors() throws {
        let db = try database()
        let statement = try db.prepare("SELECT 0, 0.0")
        #expect(try statement.step())
        #expect(statement.optionalInt(0) == 0)
        #expect(statement.optionalDouble(1) == 0.0)
    }

    @Test func columnNamesAreTheResultColumnsNames() throws {
        let db = try database()
        let statement = try db.prepare("SELECT 1 AS code, '河北省' AS name")
        #expect(statement.columnCount == 2)
        #expect(statement.columnNames == ["code", "name"])
    }

    // MARK: Running

    @Test func stepReturnsEachRowThenFalse() throws {
        let db = try database()
        try db.execute("INSERT INTO t (v) VALUES (1), (2), (3)")
        let statement = try db.prepare("SELECT v FROM t ORDER BY v")
        var seen: [Int] = []
        while try statement.step() { seen.append(statement.int(0)) }
        #expect(seen == [1, 2, 3])
    }

    @Test func executeWithValuesRunsTheSameStatementAgain() throws {
        let db = try database()
        let insert = try db.prepare("INSERT INTO t (v) VALUES (?)")
        for number in 1...100 { try insert.execute([.integer(Int64(number))]) }
        #expect(try db.scalarInt("SELECT count(*) FROM t") == 100)
        #expect(try db.scalarInt("SELECT sum(v) FROM t") == 5050)
    }

    @Test func aStatementThatFailedCanRunAgainWithOtherValues() throws {
        let db = try Connection.inMemory()
        try db.execute("CREATE TABLE t (v INTEGER NOT NULL)")
        let insert = try db.prepare("INSERT INTO t (v) VALUES (?)")
        #expect(throws: SQLiteError.self) { try insert.execute([.null]) }
        try insert.execute([.integer(7)])
        #expect(try db.scalarInt("SELECT v FROM t") == 7)
    }

    @Test func selectIsReadOnlyAndInsertIsNot() throws {
        let db = try database()
        #expect(try db.prepare("SELECT v FROM t").isReadOnly)
        #expect(try db.prepare("INSERT INTO t (v) VALUES (1)").isReadOnly == false)
        #expect(try db.prepare("UPDATE t SET v = 2").isReadOnly == false)
        #expect(try db.prepare("DELETE FROM t").isReadOnly == false)
    }

    // MARK: The number of values, and errors that carry them

    @Test(arguments: [[SQLiteValue](), [.integer(1)], [.integer(1), .integer(2), .integer(3)]])
    func positionalValuesMustMatchTheParametersInNumber(values: [SQLiteValue]) throws {
        let db = try database()
        let statement = try db.prepare("SELECT ?, ?")
        let error = #expect(throws: SQLiteError.self) { try statement.bind(values) }
        #expect(error?.fault == .argumentCount(expected: 2, given: values.count))
        #expect(error?.resultCode == .range)
        #expect(error?.arguments == values)
    }

    @Test func executeWithTooFewValuesNeverRunsWithTheLastRowsValues() throws {
        let db = try database()
        let insert = try db.prepare("INSERT INTO t (v) VALUES (?)")
        try insert.execute([.integer(1)])
        #expect(throws: SQLiteError.self) { try insert.execute([]) }
        #expect(try db.scalarInt("SELECT count(*) FROM t") == 1)
    }

    @Test func aFailedStatementsErrorCarriesItsSQLAndValues() throws {
        let db = try Connection.inMemory()
        try db.execute("CREATE TABLE t (v INTEGER UNIQUE)")
        try db.execute("INSERT INTO t (v) VALUES (?)", [.integer(7)])
        let error = #expect(throws: SQLiteError.self) { try db.execute("INSERT INTO t (v) VALUES (?)", [.integer(7)]) }
        #expect(error?.sql == "INSERT INTO t (v) VALUES (?)")
        #expect(error?.arguments == [.integer(7)])
        #expect(error?.extendedResultCode == .constraintUnique)
    }

    @Test func aStepThatFailsAfterBindingCarriesItsSQLAndTheValuesBound() throws {
        let db = try Connection.inMemory()
        try db.execute("CREATE TABLE t (k TEXT UNIQUE, n INTEGER, r REAL, o)")
        try db.execute("INSERT INTO t (k) VALUES ('天津')")
        let insert = try db.prepare("INSERT INTO t (k, n, r, o) VALUES (?, ?, ?, ?)")
        try insert.bindInPlace("天津", at: 1)
        try insert.bind(Int64(7), at: 2)
        try insert.bind(2.5, at: 3)
        let error = #expect(throws: SQLiteError.self) { try insert.step() }
        #expect(error?.sql == "INSERT INTO t (k, n, r, o) VALUES (?, ?, ?, ?)")
        #expect(error?.arguments == [.text("天津"), .integer(7), .real(2.5), .null])
        #expect(error?.extendedResultCode == .constraintUnique)
        // Cleared and bound again, by every kind of binding: the error names the values of this run.
        insert.clearBindings()
        try insert.bind("天津" as String?, at: 1)
        try insert.bind(nil as Int?, at: 2)
        try insert.bind(.text("x"), at: 4)
        let again = #expect(throws: SQLiteError.self) { try insert.execute() }
        #expect(again?.arguments == [.text("天津"), .null, .null, .text("x")])
        #expect(try db.scalarInt("SELECT count(*) FROM t") == 1)
    }

    @Test func aStepThatFailsWithNothingBoundCarriesNoValues() throws {
        let db = try Connection.inMemory()
        try db.execute("CREATE TABLE t (v INTEGER NOT NULL)")
        let error = #expect(throws: SQLiteError.self) { try db.prepare("INSERT INTO t (v) VALUES (NULL)").step() }
        #expect(error?.sql == "INSERT INTO t (v) VALUES (NULL)")
        #expect(error?.arguments == nil)
    }

    @Test func aPrimaryResultCodeMatchesItsExtendedCodesAndAnExtendedCodeOnlyItself() {
        #expect(ResultCode.constraint ~= .constraintUnique)
        #expect(ResultCode.constraint ~= .constraint)
        #expect(!(ResultCode.constraintUnique ~= .constraintCheck))
        #expect(!(ResultCode.busy ~= .constraintUnique))
        #expect(ResultCode.busySnapshot.primaryResultCode == .busy)
        switch ResultCode.readOnlyDatabaseMoved {
        case .readOnly: break
        default: Issue.record("an extended code did not match its primary code")
        }
    }
}
