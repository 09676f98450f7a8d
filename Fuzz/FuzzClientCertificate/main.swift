// libFuzzer entry point for reading client certificates (CERT payloads)
// and binding IDi to them. Build and run as Fuzz/README.md describes.
import FuzzChecks

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzClientCertificate(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    ClientCertificateFuzzCheck.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
