// The server's writer does not checkpoint inside its writes; its checkpoint thread copies the WAL
// back (WALCheckpointer.swift). Observed in the registry's -shm file, where SQLite keeps the WAL's
// last committed frame (mxFrame, bytes 16-19 of the WAL-index header) and how many frames are
// already copied back (nBackfill, bytes 96-99), both in the machine's byte order.
import Foundation
import IPRegistry
import Testing

@testable import WebServer

@Suite struct RegistryWriterCheckpointTests {
    @Test func theWritersWALIsCheckpointedOffItsWrites() async throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("registry.sqlite")
        _ = try Registry.open(path: path)
        let writer = RegistryWriter(path: path)
        for batch in 0..<30 {
            try await writer.write(actor: "web:tester") { db in
                let centers = try CenterRepository(db)
                for number in 0..<100 {
                    _ = try centers.insert(
                        Center(
                            code: "W-\(batch)-\(number)", name: "写入中心\(batch)-\(number)", kind: .tisc,
                            regionCode: "130100", address: String(repeating: "长地址", count: 100)))
                }
            }
        }
        let written = try Self.walIndex(path)
        #expect(written.lastFrame > 1000, "the writer checkpointed by itself: \(written)")
        #expect(written.backfilled < written.lastFrame)

        writer.checkpoint()
        var copied = written
        for _ in 0..<100 where copied.backfilled < copied.lastFrame {
            try await Task.sleep(for: .milliseconds(20))
            copied = try Self.walIndex(path)
        }
        #expect(copied.lastFrame == written.lastFrame)
        #expect(copied.backfilled == copied.lastFrame, "\(copied)")
    }

    private static func walIndex(_ path: String) throws -> (lastFrame: UInt32, backfilled: UInt32) {
        let shm = try Data(contentsOf: URL(fileURLWithPath: path + "-shm"))
        func word(_ offset: Int) -> UInt32 {
            shm[offset..<offset + 4].withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }
        }
        return (word(16), word(96))
    }
}
