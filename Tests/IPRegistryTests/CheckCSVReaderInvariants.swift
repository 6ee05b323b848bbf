// What must hold of the CSV reader for any bytes at all. One definition, used twice: the
// libFuzzer target (Fuzz/CSVReaderFuzz.swift, compiled by Scripts/fuzz-csv with -D FUZZING into
// one module with Sources/TabularFiles/CSV) and CheckFuzzCorpusTests, which replays the seed
// corpus and every input the fuzzer ever failed on (Fuzz/regressions).
//
// An input's first byte chooses how the reader is set up (see `Setup`); the rest is the CSV.
#if !FUZZING
import TabularFiles
#endif
#if canImport(Glibc)
import Glibc
#endif

enum CSVReaderInvariants {
    /// Reader settings chosen by one byte, so the fuzzer explores them as it explores the data.
    struct Setup: CustomStringConvertible {
        /// As an import does: the header's field count is expected of every later record.
        let expectsHeaderFieldCount: Bool
        let maxFields: Int
        let maxFieldBytes: Int
        /// The streaming reader's buffer: tiny sizes make records straddle refills.
        let bufferSize: Int

        init(selector: UInt8) {
            expectsHeaderFieldCount = selector & 1 == 1
            maxFields = [4096, 64, 3, 1][Int(selector >> 1) & 3]
            maxFieldBytes = [16 << 20, 100, 8, 1][Int(selector >> 3) & 3]
            bufferSize = [1, 2, 3, 7, 64, 4096, 256 * 1024, 16][Int(selector >> 5) & 7]
        }

        var description: String {
            "expects header count: \(expectsHeaderFieldCount), max fields \(maxFields), max field bytes \(maxFieldBytes), buffer \(bufferSize)"
        }

        func configure(_ reader: CSVReader) {
            reader.maxFields = maxFields
            reader.maxFieldBytes = maxFieldBytes
        }
    }

    /// What one reading produced, for comparing two readings of the same bytes.
    enum Event: Equatable {
        case record(line: Int, fields: [[UInt8]])
        case mismatch(CSVError, fields: [[UInt8]])
        case failure(CSVError)
    }

    /// Inputs larger than this are not read through a pipe (its buffer holds 64 KiB).
    static let pipeLimit = 60_000
    /// No input the fuzzer makes has this many records; more means the reader stopped advancing.
    static let recordLimit = 1_000_000

    /// Nil when every invariant holds; else what broke.
    static func violation(in input: [UInt8]) -> String? {
        guard let selector = input.first else { return nil }
        let setup = Setup(selector: selector)
        let data = Array(input.dropFirst())

        let inMemory = CSVReader(bytes: data)
        let (events, problem) = read(inMemory, setup: setup, size: data.count)
        if let problem { return "\(problem) [\(setup)]" }

        // The same bytes streamed through a small buffer read exactly the same.
        if data.count <= pipeLimit {
            var ends: [Int32] = [0, 0]
            guard pipe(&ends) == 0 else { return nil }
            let written = data.withUnsafeBytes { write(ends[1], $0.baseAddress, $0.count) }
            close(ends[1])
            guard written == data.count else {
                close(ends[0])
                return nil
            }
            let streaming = CSVReader(fileDescriptor: ends[0], closeWhenDone: true, bufferSize: setup.bufferSize)
            let (streamed, streamProblem) = read(streaming, setup: setup, size: data.count)
            if let streamProblem { return "streaming: \(streamProblem) [\(setup)]" }
            if streamed != events {
                let index =
                    zip(events, streamed).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                    ?? min(events.count, streamed.count)
                return "reading from memory and streaming differ at event \(index): "
                    + "\(index < events.count ? "\(events[index])" : "end") vs \(index < streamed.count ? "\(streamed[index])" : "end") [\(setup)]"
            }
        }

        // Every record read whole writes back (CSVEncoding) and reads again as the same fields.
        let records = events.compactMap { event -> [[UInt8]]? in
            // One empty field is a blank line once written, and blank lines are skipped.
            if case .record(_, let fields) = event, fields != [[]] { return fields }
            return nil
        }
        if !records.isEmpty {
            // A leading line break keeps a byte-order mark in the first field from being taken as the file's.
            var encoded: [UInt8] = [0x0A]
            for fields in records {
                CSVEncoding.appendRow(fields.map { String(decoding: $0, as: UTF8.self) }, to: &encoded)
            }
            let again = CSVReader(bytes: encoded)
            again.maxFields = Int.max
            var index = 0
            do {
                while try again.readRecord() {
                    let fields = (0..<again.fieldCount).map { i in again.withFieldBytes(at: i) { Array($0) } }
                    guard index < records.count, fields == records[index] else {
                        return "record \(index) does not read back the same once written: \(fields) [\(setup)]"
                    }
                    index += 1
                }
            } catch {
                return "records written back do not read again: \(error) [\(setup)]"
            }
            if index != records.count { return "\(records.count) records written back, \(index) read again [\(setup)]" }
        }
        return nil
    }

    /// Reads to the end or the first error, checking each record on the way.
    private static func read(_ reader: CSVReader, setup: Setup, size: Int) -> ([Event], String?) {
        setup.configure(reader)
        var events: [Event] = []
        var lastLine = 0
        var consumed = 0
        while events.count < recordLimit {
            defer { consumed = reader.bytesConsumed }
            if reader.bytesConsumed < consumed || reader.bytesConsumed > size {
                return (events, "\(reader.bytesConsumed) bytes consumed, after \(consumed), of \(size)")
            }
            do {
                guard try reader.readRecord() else {
                    if reader.bytesConsumed != size {
                        return (events, "at the end, \(reader.bytesConsumed) of \(size) bytes consumed")
                    }
                    // At the end, the end again.
                    do {
                        if try reader.readRecord() { return (events, "a record after the end of input") }
                    } catch {
                        return (events, "an error after the end of input: \(error)")
                    }
                    return (events, nil)
                }
                let fields = fieldsOf(reader)
                if let problem = check(fields, line: reader.recordLine, after: lastLine)
                    ?? accessorProblem(reader, fields)
                {
                    return (events, problem)
                }
                lastLine = reader.recordLine
                events.append(.record(line: reader.recordLine, fields: fields))
                if setup.expectsHeaderFieldCount && reader.expectedFieldCount == nil {
                    reader.expectedFieldCount = reader.fieldCount
                }
            } catch {
                if error.line < 1 || error.column < 1 {
                    return (events, "error at line \(error.line), column \(error.column): \(error)")
                }
                if case .fieldCountMismatch(let expected, let found) = error.reason {
                    // The record is consumed and stays readable; reading goes on.
                    let fields = fieldsOf(reader)
                    if fields.count != found || expected != reader.expectedFieldCount {
                        return (
                            events,
                            "a field count mismatch says \(found) of \(expected), the record has \(fields.count)"
                        )
                    }
                    if let problem = check(fields, line: reader.recordLine, after: lastLine)
                        ?? accessorProblem(reader, fields)
                    {
                        return (events, problem)
                    }
                    lastLine = reader.recordLine
                    events.append(.mismatch(error, fields: fields))
                    continue
                }
                // Any other error sticks: the next call throws it again.
                do {
                    _ = try reader.readRecord()
                    return (events, "reading went on after \(error)")
                } catch let again {
                    if again != error { return (events, "after \(error), the next call threw \(again)") }
                }
                events.append(.failure(error))
                return (events, nil)
            }
        }
        return (events, "more than \(recordLimit) records: the reader stopped advancing")
    }

    private static func fieldsOf(_ reader: CSVReader) -> [[UInt8]] {
        (0..<reader.fieldCount).map { index in reader.withFieldBytes(at: index) { Array($0) } }
    }

    /// The other accessors say the same as the bytes.
    private static func accessorProblem(_ reader: CSVReader, _ fields: [[UInt8]]) -> String? {
        for (index, field) in fields.enumerated() {
            if reader.isEmpty(at: index) != field.isEmpty {
                return "isEmpty(at: \(index)) disagrees with the field's bytes"
            }
            if Array(reader.string(at: index).utf8) != field {
                return "string(at: \(index)) disagrees with the field's bytes"
            }
        }
        if reader.record().map({ Array($0.utf8) }) != fields { return "record() disagrees with the fields' bytes" }
        return nil
    }

    private static func check(_ fields: [[UInt8]], line: Int, after lastLine: Int) -> String? {
        if fields.isEmpty { return "a record without fields at line \(line)" }
        if line <= lastLine { return "record line \(line) after line \(lastLine)" }
        for field in fields {
            if field.contains(0) { return "a NUL byte inside a field at line \(line)" }
            if String(validating: field, as: UTF8.self) == nil {
                return "a field that is not UTF-8 at line \(line): \(field)"
            }
        }
        return nil
    }
}
