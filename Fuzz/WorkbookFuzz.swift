// libFuzzer entry point for the workbook reader (zip, XML tokenizer, worksheet). Scripts/fuzz-xlsx
// compiles this file with Sources/IPRegistry/Workbook's readers into one binary; any input must
// end in rows or a WorkbookError, never a crash, a hang or unbounded memory.
#if canImport(Glibc)
import Glibc
#endif

@_cdecl("LLVMFuzzerTestOneInput")
public func workbookFuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    // The reader reads a file descriptor with pread: the input becomes an anonymous file.
    let descriptor = memfd_create("workbook", 0)
    guard descriptor >= 0 else { return 0 }
    defer { close(descriptor) }
    if let data, size > 0, write(descriptor, data, size) != size { return 0 }
    do {
        let workbook = try Workbook(fileDescriptor: descriptor, size: size)
        for sheet in workbook.sheets where sheet.isWorksheet {
            let reader = try WorksheetReader(workbook: workbook, sheet: sheet.name)
            var rows = 0
            while try reader.nextRow() {
                rows += 1
                for cell in reader.cells where cell.start > cell.end || cell.end > reader.bytes.count {
                    fatalError("cell \(cell) outside the row's \(reader.bytes.count) bytes")
                }
            }
            _ = rows
        }
    } catch {
        // Refused: what hostile input must get.
    }
    return 0
}
