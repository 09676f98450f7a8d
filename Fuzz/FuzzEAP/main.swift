// libFuzzer entry point for the EAP-MSCHAPv2 decoders and authenticator.
// Build and run as Fuzz/README.md describes.
import FuzzChecks

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEAP(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    EAPFuzzCheck.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
