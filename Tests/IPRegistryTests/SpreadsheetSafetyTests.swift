// What a spreadsheet would run as a formula gets a `'` first (OWASP); plain numbers stay numbers.
import IPRegistry
import RegistryOutput
import TabularFiles
import Testing

@Suite struct SpreadsheetSafetyTests {
    @Test(arguments: [
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ("+HYPERLINK(\"http://x\")", "'+HYPERLINK(\"http://x\")"),
        ("-2+3", "'-2+3"),
        ("@SUM(1+1)", "'@SUM(1+1)"),
        ("\tx", "'\tx"),
        ("\r=1", "'\r=1"),
        ("-", "'-"),
        ("-inf", "'-inf"),
        ("-5.", "'-5."),
        ("-1e", "'-1e"),
        ("+5", "'+5"),
        ("-5 ", "'-5 "),
    ])
    func aFormulaStartIsNeutralised(text: String, expected: String) {
        #expect(SpreadsheetSafety.neutralised(text) == expected)
    }

    @Test(arguments: ["-5", "-33.5", "-1e-05", "-2E+10", "0", "12", "北京", "a=b", "", " =1", "'=1", "x-1"])
    func plainNumbersAndOrdinaryTextStayAsTheyAre(text: String) {
        #expect(SpreadsheetSafety.neutralised(text) == text)
    }
}
