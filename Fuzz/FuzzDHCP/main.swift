// libFuzzer entry point for the DHCPINFORM responder.
// Build and run as Fuzz/README.md describes.
import FuzzChecks

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDHCP(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    DHCPFuzzCheck.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
