import Foundation
import Testing

// The workbook fuzzer's seeds (Fuzz/corpus-xlsx) and every input it ever failed on
// (Fuzz/regressions-xlsx) through the workbook reader: the valid workbooks give their rows, the
// quirky ones other writers make (`quirk-`, from Scripts/xlsx-quirks) give theirs too, the
// hostile ones a WorkbookError, none a crash.
@testable import IPRegistry
@testable import RegistryOutput
@testable import TabularFiles

@Suite struct CheckWorkbookCorpusTests {
    static func inputs(_ folder: String) -> [URL] {
        let url = CheckFuzzCorpusTests.fuzzFolder.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return names.filter { !$0.hasPrefix(".") && $0 != "README.md" }.sorted().map { url.appendingPathComponent($0) }
    }

    /// The rows of every worksheet (chart sheets hold none), or the error that refused the workbook.
    static func read(_ file: URL) throws -> Result<Int, WorkbookError> {
        let descriptor = open(file.path, O_RDONLY)
        #expect(descriptor >= 0)
        defer { close(descriptor) }
        let size = Int(try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int ?? 0)
        do throws(WorkbookError) {
            let workbook = try Workbook(fileDescriptor: descriptor, size: size)
            var rows = 0
            for sheet in workbook.sheets where sheet.isWorksheet {
                let reader = try WorksheetReader(workbook: workbook, sheet: sheet.name)
                while try reader.nextRow() { rows += 1 }
            }
            return .success(rows)
        } catch {
            return .failure(error)
        }
    }

    @Test func theSeedCorpusIsThere() {
        #expect(Self.inputs("corpus-xlsx").count >= 10)
    }

    @Test(arguments: inputs("corpus-xlsx") + inputs("regressions-xlsx"))
    func everyInputGivesRowsOrAWorkbookError(_ file: URL) throws {
        let result = try Self.read(file)
        if file.lastPathComponent.hasPrefix("valid-") {
            #expect(try result.get() == 7, "\(file.lastPathComponent)")
        } else if file.lastPathComponent.hasPrefix("quirk-") {
            #expect(try result.get() == 2, "\(file.lastPathComponent): the header and one center")
        } else if case .success = result, file.lastPathComponent != "cell-xfd1048576.xlsx" {
            Issue.record("\(file.lastPathComponent): a hostile workbook was read without an error")
        }
    }
}
