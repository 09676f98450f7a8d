/// Shell-style patterns, case-insensitive: `*` any run of characters, `?`
/// one character. Names in certificates compare case-insensitively
/// (RFC 5280 §7), and admins expect `*.corp.example.com` to work.
enum Glob {
    static func matches(_ pattern: String, _ text: String) -> Bool {
        let pattern = Array(pattern.lowercased()), text = Array(text.lowercased())
        // Iterative matching with one backtrack point: linear in practice,
        // and no recursion a long name could exhaust. A `*` in the pattern
        // is always a wildcard, also where the text holds a `*` itself
        // (a wildcard certificate name must not slip past a deny rule).
        var p = 0, t = 0, star: Int?, resume = 0
        while t < text.count {
            if p < pattern.count, pattern[p] == "*" {
                star = p
                resume = t
                p += 1
            } else if p < pattern.count, pattern[p] == "?" || pattern[p] == text[t] {
                p += 1
                t += 1
            } else if let star {
                p = star + 1
                resume += 1
                t = resume
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }
}
