// libFuzzer entry point for ESP decapsulation and the replay window.
// Build and run as Fuzz/README.md describes.
import FuzzChecks

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzESP(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    ESPFuzzCheck.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
