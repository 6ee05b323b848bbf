// Text files in GB18030 or UTF-16, decoded to UTF-8 a chunk at a time for `CSVReader`, so that
// everything after reading (the byte-based scan, validation, the transaction) is the UTF-8 path,
// and memory stays flat whatever the file size.
#if canImport(Glibc)
import Glibc
#endif

/// The encodings `import --encoding` accepts (docs/files.md).
public enum TextEncoding: String, CaseIterable, Sendable {
    case utf8 = "utf-8"
    /// Covers GBK and GB2312.
    case gb18030
    /// Byte order from the byte-order mark; little-endian without one, as Windows writes it.
    case utf16 = "utf-16"
}

/// Reads a file descriptor in one encoding and hands out UTF-8. Decoding stops at the first
/// sequence that is not valid: every byte before it is handed out, then `take` throws, so that the
/// reader names the line and column where the bad bytes are.
package final class TranscodingInput {
    /// Why the input cannot be read on, for `CSVReader` to place.
    package struct Failure: Error {
        let reason: CSVError.Reason
    }

    package enum Source: Equatable {
        case gb18030
        /// `bigEndian` nil: taken from a byte-order mark at the start, little-endian without one.
        case utf16(bigEndian: Bool?)
    }

    private let fileDescriptor: Int32
    private var source: Source
    private static let inputCapacity = 64 * 1024
    /// Raw bytes [inputStart, inputEnd) are read and not yet decoded.
    private let input = UnsafeMutablePointer<UInt8>.allocate(capacity: inputCapacity)
    private var inputStart = 0, inputEnd = 0
    /// UTF-8 bytes [outputStart, outputEnd) are decoded and not yet handed out. A GB18030 or UTF-16
    /// byte becomes at most 1.5 UTF-8 bytes, so twice the input always fits.
    private let output = UnsafeMutablePointer<UInt8>.allocate(capacity: 2 * inputCapacity)
    private var outputStart = 0, outputEnd = 0
    private var atEndOfInput = false
    private var failure: CSVError.Reason?
    /// Raw bytes decoded so far (a byte-order mark included), for progress against the file's size.
    private(set) var bytesDecoded = 0

    /// `prefix`: bytes already read from the descriptor, decoded before anything read after them.
    package init(
        fileDescriptor: Int32, source: Source, prefix: UnsafeBufferPointer<UInt8> = .init(start: nil, count: 0)
    ) {
        self.fileDescriptor = fileDescriptor
        self.source = source
        if let base = prefix.baseAddress, prefix.count > 0 {
            // A prefix comes from the start of a CSVReader's buffer: a few bytes past a byte-order
            // mark, or one whole read. More than fits here is read back in chunks by `decode`.
            let kept = min(prefix.count, Self.inputCapacity)
            input.initialize(from: base, count: kept)
            inputEnd = kept
            if kept < prefix.count { overflow = Array(UnsafeBufferPointer(rebasing: prefix[kept...])) }
        }
    }

    /// Prefix bytes that did not fit in `input`, handed to it before the descriptor is read again.
    private var overflow: [UInt8] = []

    deinit {
        input.deallocate()
        output.deallocate()
    }

    /// Copies up to `count` UTF-8 bytes to `destination`; returns 0 at the end of the input.
    package func take(into destination: UnsafeMutablePointer<UInt8>, count: Int) throws(TranscodingInput.Failure) -> Int
    {
        while outputStart == outputEnd {
            if let failure { throw Failure(reason: failure) }
            if atEndOfInput && inputStart == inputEnd { return 0 }
            try fill()
            decode()
        }
        let taken = min(count, outputEnd - outputStart)
        destination.update(from: output + outputStart, count: taken)
        outputStart += taken
        return taken
    }

    /// Moves undecoded bytes to the front and reads more after them.
    private func fill() throws(TranscodingInput.Failure) {
        if inputStart > 0 {
            let kept = inputEnd - inputStart
            if kept > 0 { memmove(input, input + inputStart, kept) }
            inputStart = 0
            inputEnd = kept
        }
        if atEndOfInput || inputEnd == Self.inputCapacity { return }
        if fileDescriptor < 0 && overflow.isEmpty {
            atEndOfInput = true  // decoding bytes from memory
            return
        }
        if !overflow.isEmpty {
            let taken = min(overflow.count, Self.inputCapacity - inputEnd)
            overflow.withUnsafeBufferPointer { source in
                if let base = source.baseAddress { (input + inputEnd).update(from: base, count: taken) }
            }
            overflow.removeFirst(taken)
            inputEnd += taken
            return
        }
        while true {
            let count = read(fileDescriptor, input + inputEnd, Self.inputCapacity - inputEnd)
            if count > 0 {
                inputEnd += count
                return
            }
            if count == 0 {
                atEndOfInput = true
                return
            }
            let code = errno
            if code == EINTR { continue }
            throw Failure(reason: .unreadable(String(cString: strerror(code))))
        }
    }

    /// Decodes whole sequences from `input` into the empty `output`; stops at a cut-off sequence
    /// (to be completed by the next read) or at a bad one, which becomes `failure`.
    private func decode() {
        outputStart = 0
        outputEnd = 0
        let startBefore = inputStart
        defer { bytesDecoded += inputStart - startBefore }
        switch source {
        case .gb18030:
            // EF BB BF is 锘 and the first byte of another character in GB18030, but at the start
            // of a file it is a UTF-8 byte-order mark: say so, rather than read `锘縞ode` as a column.
            if bytesDecoded == 0, inputStart == 0, inputEnd >= 3 || atEndOfInput {
                if inputEnd >= 3, input[0] == 0xEF, input[1] == 0xBB, input[2] == 0xBF {
                    failure = .utf8ByteOrderMark(declared: "GB18030")
                    return
                }
            } else if bytesDecoded == 0, inputStart == 0 {
                return  // fewer than three bytes yet: read more before deciding
            }
            decodeGB18030()
        case .utf16(let bigEndian):
            guard let bigEndian else {
                guard inputEnd - inputStart >= 2 || atEndOfInput else { return }
                if inputEnd - inputStart >= 2, input[inputStart] == 0xFF, input[inputStart + 1] == 0xFE {
                    source = .utf16(bigEndian: false)
                    inputStart += 2
                } else if inputEnd - inputStart >= 2, input[inputStart] == 0xFE, input[inputStart + 1] == 0xFF {
                    source = .utf16(bigEndian: true)
                    inputStart += 2
                } else {
                    source = .utf16(bigEndian: false)
                }
                return decode()
            }
            decodeUTF16(bigEndian: bigEndian)
        }
    }

    private func decodeGB18030() {
        var i = inputStart
        var o = 0
        let end = inputEnd
        while i < end {
            let byte = input[i]
            if byte < 0x80 {
                output[o] = byte
                o += 1
                i += 1
                continue
            }
            switch GB18030.step(input + i, count: end - i) {
            case .scalar(let point, let length):
                o += Self.appendUTF8(point, to: output + o)
                i += length
            case .incomplete:
                if atEndOfInput { failure = .invalidEncoding("GB18030", bytes: bytesText(i, end - i), truncated: true) }
                inputStart = i
                outputEnd = o
                return
            case .invalid(let length):
                failure = .invalidEncoding("GB18030", bytes: bytesText(i, min(length, end - i)), truncated: false)
                inputStart = i
                outputEnd = o
                return
            }
        }
        inputStart = i
        outputEnd = o
    }

    private func decodeUTF16(bigEndian: Bool) {
        var i = inputStart
        var o = 0
        let end = inputEnd
        func unit(at position: Int) -> UInt32 {
            bigEndian
                ? UInt32(input[position]) << 8 | UInt32(input[position + 1])
                : UInt32(input[position + 1]) << 8 | UInt32(input[position])
        }
        while end - i >= 2 {
            let first = unit(at: i)
            if first < 0xD800 || first > 0xDFFF {
                o += Self.appendUTF8(first, to: output + o)
                i += 2
                continue
            }
            guard first <= 0xDBFF else {
                failure = .invalidEncoding("UTF-16", bytes: bytesText(i, 2), truncated: false)
                break
            }
            guard end - i >= 4 else { break }
            let second = unit(at: i + 2)
            guard second >= 0xDC00, second <= 0xDFFF else {
                failure = .invalidEncoding("UTF-16", bytes: bytesText(i, 4), truncated: false)
                break
            }
            o += Self.appendUTF8(0x10000 + ((first - 0xD800) << 10 | (second - 0xDC00)), to: output + o)
            i += 4
        }
        if failure == nil, atEndOfInput, i < end {
            failure = .invalidEncoding("UTF-16", bytes: bytesText(i, end - i), truncated: true)
        }
        inputStart = i
        outputEnd = o
    }

    private func bytesText(_ from: Int, _ count: Int) -> String {
        (from..<from + count).map { index in
            let hex = String(input[index], radix: 16, uppercase: true)
            return "0x" + (hex.count == 1 ? "0" + hex : hex)
        }.joined(separator: " ")
    }

    @inline(__always)
    private static func appendUTF8(_ point: UInt32, to p: UnsafeMutablePointer<UInt8>) -> Int {
        if point < 0x80 {
            p[0] = UInt8(point)
            return 1
        }
        if point < 0x800 {
            p[0] = UInt8(0xC0 | point >> 6)
            p[1] = UInt8(0x80 | point & 0x3F)
            return 2
        }
        if point < 0x10000 {
            p[0] = UInt8(0xE0 | point >> 12)
            p[1] = UInt8(0x80 | point >> 6 & 0x3F)
            p[2] = UInt8(0x80 | point & 0x3F)
            return 3
        }
        p[0] = UInt8(0xF0 | point >> 18)
        p[1] = UInt8(0x80 | point >> 12 & 0x3F)
        p[2] = UInt8(0x80 | point >> 6 & 0x3F)
        p[3] = UInt8(0x80 | point & 0x3F)
        return 4
    }
}
