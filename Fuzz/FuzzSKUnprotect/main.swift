// libFuzzer entry point for opening SK and SKF payloads with fixed keys.
// Build and run as Fuzz/README.md describes.

import FuzzChecks

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSKUnprotect(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    SKUnprotectFuzzCheck.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
