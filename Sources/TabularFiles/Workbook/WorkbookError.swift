// Why a workbook cannot be read: a damaged or hostile zip, a missing part, XML that is refused.
// Every case ends an import with status 65; the message names the file (and the sheet and cell
// when known) so the sender can be told what to fix.

public struct WorkbookError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    /// `SHEET!CELL` when the problem is in one cell of a worksheet.
    public var cell: String?

    package init(_ message: String, cell: String? = nil) {
        self.message = message
        self.cell = cell
    }

    public var description: String { message }

    package static func damaged(_ detail: String) -> WorkbookError {
        WorkbookError(
            "damaged workbook: \(detail) (open it in a spreadsheet and save it again as .xlsx, or save it as CSV)")
    }
}
