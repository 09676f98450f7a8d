// libFuzzer entry point for the CRL reader (CertificateRevocationList).
// Build and run as Fuzz/README.md describes.
import FuzzChecks

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCRL(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    CRLFuzzCheck.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

/// LeakSanitizer's suppressions (it calls this when the program has it).
/// The harness CA, made once and kept for the run, holds its signature in
/// an enum payload whose pointer Swift packs with tag bits, which
/// LeakSanitizer cannot follow: it would report the certificate as leaked.
/// Only allocations made inside that one-time initializer
/// (`CRLFuzzCheck.authority`, mangled `...CRLFuzzCheckO9authority_WZ`)
/// are exempt.
@_cdecl("__lsan_default_suppressions")
public func leakSanitizerSuppressions() -> UnsafePointer<CChar> {
    UnsafeRawPointer(("leak:CRLFuzzCheckO9authority_WZ\n\0" as StaticString).utf8Start).assumingMemoryBound(to: CChar.self)
}
