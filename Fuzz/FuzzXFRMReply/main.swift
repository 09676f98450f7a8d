// libFuzzer entry point for the XFRM netlink reply decoder. Build and run as
// Fuzz/README.md describes; libFuzzer supplies `main` in that build.

import FuzzChecks

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzXFRMReply(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    XFRMReplyFuzzCheck.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
