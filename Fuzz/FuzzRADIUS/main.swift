// libFuzzer entry point for the RADIUS codec and its authenticators.
// Build and run as Fuzz/README.md describes.
import FuzzChecks

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRADIUS(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    RADIUSFuzzCheck.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
