// The folders of Sources/IPRegistry depend on each other one way only: Scripts/folder-deps reads
// which folder uses which folder's names and fails on a circle, and this suite runs it, so a new
// circle fails the tests. The script's own reading is pinned on small made-up folders.
import Foundation
import Testing

@Suite struct FolderDependencyTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Runs Scripts/folder-deps on `sources` (default: Sources/IPRegistry).
    static func folderDeps(_ arguments: [String] = []) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", root.appendingPathComponent("Scripts/folder-deps").path] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (
            process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self)
        )
    }

    /// Writes `files` (path under the folder: Swift source) and runs the script on the folder.
    static func folderDeps(of files: [String: String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let directory = try TemporaryDirectory()
        for (path, text) in files {
            let url = directory.url.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return try folderDeps([directory.url.path])
    }

    @Test func theRegistrysFoldersFormNoCircle() throws {
        let result = try Self.folderDeps()
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("Centers -> "), "\(result.stdout)")
        #expect(result.stdout.hasSuffix("no circles\n"), "\(result.stdout)")
    }

    @Test func aCircleOfFoldersFailsNamingTheNamesBehindIt() throws {
        let result = try Self.folderDeps(of: [
            "A/One.swift": "public struct One { let two: Two }\n",
            "B/Two.swift": "struct Two {\n    func one() -> One? { nil }\n}\n",
        ])
        #expect(result.status == 1)
        #expect(result.stdout == "A -> B\nB -> A\n")
        #expect(result.stderr.contains("error: a circle of folders: A, B"), "\(result.stderr)")
        #expect(result.stderr.contains("A -> B (Two)"), "\(result.stderr)")
    }

    @Test func namesInCommentsAndStringsAreNoDependency() throws {
        let result = try Self.folderDeps(of: [
            "A/One.swift": "struct One { let two: Two }\n",
            "B/Two.swift":
                "// One\nstruct Two {\n    /* One */ let text = \"One \\\"One\\\"\"\n    let more = \"\"\"\n        One\n        \"\"\"\n}\n",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "A -> B\nB -> (nothing)\nno circles\n")
    }

    @Test func anInterpolationAndAnExtensionMemberAreDependencies() throws {
        let interpolated = try Self.folderDeps(of: [
            "A/One.swift": "struct One { let two: Two }\n",
            "B/Two.swift": "struct Two { let text = \"count \\(One.self)\" }\n",
        ])
        #expect(interpolated.status == 1)
        let member = try Self.folderDeps(of: [
            "A/Pad.swift": "extension String {\n    func padded() -> String { self + Two.pad }\n}\n",
            "B/Two.swift": "enum Two {\n    static let pad = \" \"\n    static let text = \"x\".padded()\n}\n",
        ])
        #expect(member.status == 1)
        #expect(member.stderr.contains("B -> A (.padded)"), "\(member.stderr)")
    }
}
