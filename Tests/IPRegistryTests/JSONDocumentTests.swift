// The strict JSON reader under the GeoJSON import: RFC 8259's grammar, UTF-8 only, escapes and
// surrogate pairs decoded, and hostile nesting refused rather than followed down the stack.
import Testing

@testable import IPRegistry

@Suite struct JSONDocumentTests {
    static func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue {
        try JSONDocument.parse(Array(text.utf8))
    }

    @Test func readsEveryKindOfValueAndDecodesEscapes() throws {
        let value = try Self.parse(
            "\u{FEFF}" + #" {"a": [1, -2.5e3, true, false, null], "s": "\u00e9\ud83d\ude00\n\"\\\/ 中", "o": {}} "#)
        guard case .array(let items) = value["a"] ?? .null, items.count == 5 else {
            Issue.record("a: \(String(describing: value["a"]))")
            return
        }
        if case .number(let number, let text) = items[1] {
            #expect(number == -2500 && text == "-2.5e3")
        } else {
            Issue.record("\(items[1])")
        }
        if case .string(let text) = value["s"] ?? .null {
            #expect(text == "é😀\n\"\\/ 中")
        } else {
            Issue.record("s")
        }
        if case .object(let members) = value["o"] ?? .null { #expect(members.isEmpty) } else { Issue.record("o") }
        #expect(value["missing"] == nil)
    }

    @Test func refusesWhatIsNotJSONSayingWhere() {
        let refused = [
            "", "[1,]", "{\"a\":1,}", "01", "1.", "-", ".5", "[1 2]", "{'a':1}", "NaN", "[1]x", "\"\\ud800\"",
            "\"\\udc00\"", "\"a\u{01}\"", "\"\\x\"", "tru", "{\"a\"}", "[\"abc", "1e", "1e999",
        ]
        for text in refused {
            #expect(throws: JSONSyntaxError.self, "\(text)") { try Self.parse(text) }
        }
        #expect(throws: JSONSyntaxError.self) { try JSONDocument.parse([0x22, 0xFF, 0x22]) }
        do {
            _ = try Self.parse("{\n  \"a\": [1,\n  2,]\n}")
            Issue.record("accepted a trailing comma")
        } catch {
            #expect(error.line == 3 && error.column == 5, "\(error)")
        }
    }

    @Test func deepNestingIsRefusedNotFollowed() {
        let deep = String(repeating: "[", count: 200_000) + String(repeating: "]", count: 200_000)
        do {
            _ = try Self.parse(deep)
            Issue.record("accepted 200,000 levels")
        } catch {
            #expect(error.message.contains("nested more than \(JSONDocument.maximumDepth)"))
        }
        let allowed =
            String(repeating: "[", count: JSONDocument.maximumDepth)
            + String(repeating: "]", count: JSONDocument.maximumDepth)
        #expect(throws: Never.self) { try Self.parse(allowed) }
    }
}
