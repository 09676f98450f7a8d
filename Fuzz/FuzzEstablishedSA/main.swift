// libFuzzer entry point for the gateway's handlers of requests on an
// established IKE SA. Build and run as Fuzz/README.md describes.

import FuzzChecks

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEstablishedSA(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    EstablishedSAFuzzCheck.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
