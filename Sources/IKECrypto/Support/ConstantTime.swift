/// Compares two byte sequences in time that depends only on their lengths.
///
/// Use it for every MAC, ICV, AEAD tag and authenticator comparison, so that a
/// peer cannot learn how many leading bytes of a guess were right.
@inline(never)
public func constantTimeEquals<A: Collection<UInt8>, B: Collection<UInt8>>(_ a: A, _ b: B) -> Bool {
    guard a.count == b.count else { return false }
    var difference: UInt8 = 0
    for (x, y) in zip(a, b) {
        difference |= x ^ y
    }
    return difference == 0
}
