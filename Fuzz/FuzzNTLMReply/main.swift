// libFuzzer entry point for the ntlm_auth helper protocol (replies and requests).
// Build and run as Fuzz/README.md describes.
import FuzzChecks

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNTLMReply(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    NTLMReplyFuzzCheck.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
