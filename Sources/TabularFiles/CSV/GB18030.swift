// GB18030 (which covers GBK and GB2312): what spreadsheets on Chinese Windows save CSV as.
//
// A decoder of our own, with its tables in the binary (GB18030Table.swift, generated from Python's
// codec by Scripts/gen-gb18030.py): glibc's iconv loads gconv modules at run time, which README's
// static executable copied elsewhere may not find, and Foundation would cost every command its
// start-up. Sequences: one byte 0x00-0x7F; two bytes, lead 0x81-0xFE and trail 0x40-0x7E or
// 0x80-0xFE (a table); four bytes b1 b2 b3 b4 with b2, b4 in 0x30-0x39 and b3 in 0x81-0xFE: b1
// 0x81-0x84 are the rest of the BMP (the standard's table of ranges), b1 0x90-0xE3 the
// supplementary planes (a formula). Anything else is not GB18030.

package enum GB18030 {
    /// What one step of decoding found at a position.
    package enum Step: Equatable {
        /// A code point and the number of bytes it took.
        case scalar(UInt32, length: Int)
        /// The bytes end inside a sequence that may still be completed by more input.
        case incomplete
        /// Not GB18030; the count of bytes shown in the message.
        case invalid(length: Int)
    }

    /// The two-byte table, UTF-16 units indexed by `(lead - 0x81) * 190 + trail offset`.
    package static let twoByte: [UInt16] = parseHex(twoByteHex)
    /// (first linear code, first code point, count) triples.
    package static let fourByteRanges: [UInt16] = parseHex(fourByteRangesHex)

    private static func parseHex(_ text: StaticString) -> [UInt16] {
        var values: [UInt16] = []
        values.reserveCapacity(text.utf8CodeUnitCount / 4)
        var value: UInt16 = 0
        var digits = 0
        text.withUTF8Buffer { bytes in
            for byte in bytes {
                let digit: UInt16
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt16(byte - UInt8(ascii: "0"))
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt16(byte - UInt8(ascii: "A") + 10)
                default: continue
                }
                value = value << 4 | digit
                digits += 1
                if digits == 4 {
                    values.append(value)
                    value = 0
                    digits = 0
                }
            }
        }
        return values
    }

    /// Decodes the sequence starting at `bytes[0]`; `count` bytes are available (at least 1).
    @inline(__always)
    package static func step(_ bytes: UnsafePointer<UInt8>, count: Int) -> Step {
        let b1 = bytes[0]
        if b1 < 0x80 { return .scalar(UInt32(b1), length: 1) }
        guard b1 != 0x80, b1 != 0xFF else { return .invalid(length: 1) }
        guard count >= 2 else { return .incomplete }
        let b2 = bytes[1]
        if b2 >= 0x40, b2 != 0x7F, b2 != 0xFF {
            let index = Int(b1 - 0x81) * 190 + Int(b2 < 0x7F ? b2 - 0x40 : b2 - 0x41)
            return .scalar(UInt32(twoByte[index]), length: 2)
        }
        guard b2 >= 0x30, b2 <= 0x39 else { return .invalid(length: 2) }
        guard count >= 4 else {
            if count == 3, bytes[2] < 0x81 || bytes[2] == 0xFF { return .invalid(length: 3) }
            return .incomplete
        }
        let b3 = bytes[2]
        let b4 = bytes[3]
        guard b3 >= 0x81, b3 != 0xFF else { return .invalid(length: 3) }
        guard b4 >= 0x30, b4 <= 0x39 else { return .invalid(length: 4) }
        let linear = ((Int(b1) - 0x81) * 10 + Int(b2) - 0x30) * 1260 + (Int(b3) - 0x81) * 10 + Int(b4) - 0x30
        if b1 <= 0x84 {
            guard let point = bmpPoint(linear: linear) else { return .invalid(length: 4) }
            return .scalar(point, length: 4)
        }
        // The supplementary planes start at 0x90308130, linear code 15 * 12600.
        let point = linear - 15 * 12600 + 0x10000
        guard b1 >= 0x90, point <= 0x10FFFF else { return .invalid(length: 4) }
        return .scalar(UInt32(point), length: 4)
    }

    private static func bmpPoint(linear: Int) -> UInt32? {
        let ranges = fourByteRanges
        // The last range whose first linear code is at most `linear`.
        var low = 0
        var high = ranges.count / 3
        while high - low > 1 {
            let middle = (low + high) / 2
            if Int(ranges[3 * middle]) <= linear { low = middle } else { high = middle }
        }
        let first = Int(ranges[3 * low])
        let count = Int(ranges[3 * low + 2])
        guard linear >= first, linear < first + count else { return nil }
        return UInt32(Int(ranges[3 * low + 1]) + linear - first)
    }

    /// Whether `bytes` read as GB18030 from start to end (a sequence cut off at the end counts as
    /// readable when more input may follow), with at least one sequence beyond ASCII: the test
    /// behind the hint on a file that is not UTF-8.
    package static func reads(_ bytes: UnsafeBufferPointer<UInt8>, moreMayFollow: Bool) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        var position = 0
        var multiByte = false
        while position < bytes.count {
            switch step(base + position, count: bytes.count - position) {
            case .scalar(_, let length):
                if length > 1 { multiByte = true }
                position += length
            case .incomplete:
                return moreMayFollow && multiByte
            case .invalid:
                return false
            }
        }
        return multiByte
    }
}
