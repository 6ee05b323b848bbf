// JSON values as every command and the web view write them: an infinite REAL is a string, not
// the `null` of NULL.
import IPRegistry
import RegistryOutput
import TabularFiles
import Testing

@Suite struct JSONTextTests {
    @Test func infinityIsAStringInJSONAndNullStaysNull() {
        var buffer: [UInt8] = []
        JSONText.appendObject(
            keys: ["big", "small", "none", "number"],
            values: [.real(.infinity), .real(-.infinity), .null, .real(-1.5)],
            to: &buffer)
        #expect(
            String(decoding: buffer, as: UTF8.self)
                == #"{"big":"Infinity","small":"-Infinity","none":null,"number":-1.5}"#)
    }
}
