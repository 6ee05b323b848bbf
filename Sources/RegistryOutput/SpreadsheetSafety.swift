// CSV and TSV meant for a spreadsheet, where a field that starts with `=`, `+`, `-`, `@`, a tab
// or a carriage return is read as a formula and run (OWASP's "CSV injection": a center named
// `=cmd|' /C calc'!A0`). Such a field gets a `'` before it, which spreadsheets take as "this is
// text". The web view's CSV and `export --spreadsheet-safe` write this way; a plain export keeps
// the data exact, since its round trip through `import` is guaranteed.
import IPRegistry
import TabularFiles

public enum SpreadsheetSafety {
    /// `text`, with a `'` before it when a spreadsheet would take it for a formula.
    ///
    /// A plain decimal number (`-5`, `-33.5`, `-1e-05`) is left as it is, whatever cell it came
    /// from: a spreadsheet reads it as that number, there is nothing in it to run, and a negative
    /// coordinate or count must stay a number. Anything else that starts so (`-2+3`, `-inf`) is text.
    public static func neutralised(_ text: String) -> String {
        guard let first = text.utf8.first, isFormulaStart(first), !isPlainNumber(text) else { return text }
        return "'" + text
    }

    /// `=`, `+`, `-`, `@`, tab, carriage return.
    static func isFormulaStart(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D: return true
        default: return false
        }
    }

    /// `-?digits(.digits)?([eE][+-]?digits)?`: the form NumberText writes.
    static func isPlainNumber(_ text: String) -> Bool {
        var bytes = text.utf8[...]
        if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        func digits() -> Bool {
            let count = bytes.prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }.count
            bytes = bytes.dropFirst(count)
            return count > 0
        }
        guard digits() else { return false }
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            guard digits() else { return false }
        }
        if bytes.first == UInt8(ascii: "e") || bytes.first == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if bytes.first == UInt8(ascii: "+") || bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
            guard digits() else { return false }
        }
        return bytes.isEmpty
    }
}
