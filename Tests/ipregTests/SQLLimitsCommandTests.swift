// `ipreg sql` and saved reports under the limits of user SQL: functions off the allowed list and
// values past the length limit end in one `error:` line and status 65, not a crash or an abort.
import Foundation
import Testing

@Suite struct SQLLimitsCommandTests {
    @Test(arguments: [
        ("SELECT fts3_tokenizer('simple')", "fts3_tokenizer() is not one of the functions queries may call"),
        ("SELECT load_extension('/tmp/evil.so')", "load_extension() is not one of the functions queries may call"),
        ("SELECT zeroblob(300000000)", "string or blob too big"),
        ("SELECT length(randomblob(1e9))", "string or blob too big"),
        ("SELECT printf('%!.20000000000c', 'x')", "is over the limit of 10000000 bytes"),
        ("SELECT zeroblob(6000000), zeroblob(6000000)", "a row of its result holds more than 10000000 bytes"),
    ])
    func refusedWithOneLineAndStatus65(sql: String, message: String) throws {
        let registry = try TestRegistry()
        for format in ["csv", "table"] {
            let result = try registry.run(["sql", sql, "--format", format])
            #expect(result.status == 65, "\(sql) --format \(format): \(result.status) \(result.stderr)")
            #expect(result.stderr.hasPrefix("error: ") && result.stderr.contains(message), "\(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1)
        }
    }

    @Test func aSavedReportIsHeldToTheSameList() throws {
        let registry = try TestRegistry()
        let saved = try registry.run(["report", "save", "leak", "--sql", "SELECT fts3_tokenizer('simple') AS p"])
        #expect(saved.status == 65, "saving must refuse it as running it would: \(saved.stderr)")
        #expect(saved.stderr.contains("fts3_tokenizer()"))
    }

    @Test func blobsAreWrittenAsSQLHexLiterals() throws {
        let registry = try TestRegistry()
        let result = try registry.run(["sql", "SELECT x'00ff10' AS b, zeroblob(2) AS z", "--format", "csv"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "b,z\r\nx'00ff10',x'0000'\r\n" || result.stdout == "b,z\nx'00ff10',x'0000'\n")
    }
}
