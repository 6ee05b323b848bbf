// The server's writer hands its checkpoints to a WALCheckpointer: its commits then leave the WAL
// as it is, and the checkpointer copies every committed page back.
import IPRegistry
import SQLiteDB
import Testing

@Suite struct WALCheckpointerTests {
    @Test func aRegistryThatHandsOverCheckpointsLeavesThemToTheCheckpointer() throws {
        func walPagesAfterWrites(handingOver: Bool) throws -> (walPages: Int, copied: Int)? {
            let folder = try TemporaryDirectory()
            let path = folder.path("registry.sqlite")
            let registry = try Registry.open(path: path)
            if handingOver { try registry.handOverCheckpoints() }
            // Past SQLite's automatic checkpoint at 1,000 pages: 3,000 centers with long addresses.
            for batch in 0..<30 {
                try registry.write { db in
                    let centers = try CenterRepository(db)
                    for number in 0..<100 {
                        _ = try centers.insert(
                            Center(
                                code: "W-\(batch)-\(number)", name: "检查点中心\(batch)-\(number)", kind: .tisc,
                                regionCode: "130100", address: String(repeating: "长地址", count: 100)))
                    }
                }
            }
            return WALCheckpointer(path: path).checkpoint()
        }
        let handedOver = try #require(try walPagesAfterWrites(handingOver: true))
        #expect(handedOver.walPages > 1000, "the writes checkpointed by themselves: \(handedOver)")
        #expect(handedOver.copied == handedOver.walPages)
        let automatic = try #require(try walPagesAfterWrites(handingOver: false))
        #expect(automatic.walPages < 1000, "\(automatic)")
    }

    @Test func aCheckpointerOfAFileThatIsNotThereAnswersNil() {
        #expect(WALCheckpointer(path: "/nonexistent/ipreg/registry.sqlite").checkpoint() == nil)
    }
}
