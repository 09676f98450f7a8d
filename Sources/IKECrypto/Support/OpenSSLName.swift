/// Algorithm names as NUL-terminated C strings in static memory.
///
/// Some OpenSSL functions keep the name pointer they are given instead of
/// copying it (`EVP_PKEY_CTX_new_from_name` stores its key type in the new
/// context), so a Swift `String`, whose C bridge lives only for the duration of
/// the call, must not be passed to them.
enum OpenSSLName {
    static var ec: UnsafePointer<CChar> { cString("EC\0") }
    static var x25519: UnsafePointer<CChar> { cString("X25519\0") }
    static var rsa: UnsafePointer<CChar> { cString("RSA\0") }
    /// OSSL_PARAM keys: OSSL_PARAM_construct_* stores the key pointer.
    static var n: UnsafePointer<CChar> { cString("n\0") }
    static var e: UnsafePointer<CChar> { cString("e\0") }

    private static func cString(_ literal: StaticString) -> UnsafePointer<CChar> {
        precondition(literal.hasPointerRepresentation && literal.utf8CodeUnitCount > 0
            && literal.utf8Start[literal.utf8CodeUnitCount - 1] == 0, "name must end in NUL")
        return UnsafeRawPointer(literal.utf8Start).assumingMemoryBound(to: CChar.self)
    }
}
