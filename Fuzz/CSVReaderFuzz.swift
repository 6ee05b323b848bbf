// libFuzzer entry point for the CSV reader. Scripts/fuzz-csv compiles this file with
// Sources/IPRegistry/CSV/*.swift and Tests/IPRegistryTests/CheckCSVReaderInvariants.swift into one
// binary (swiftc -sanitize=fuzzer,address -D FUZZING); an input that breaks an invariant stops
// the fuzzer, which saves it to be added to Fuzz/regressions.

@_cdecl("LLVMFuzzerTestOneInput")
public func csvReaderFuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    if let violation = CSVReaderInvariants.violation(in: input) {
        fatalError("CSV reader invariant broken: \(violation)")
    }
    return 0
}
