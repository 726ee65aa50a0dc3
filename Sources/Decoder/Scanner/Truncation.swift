#if arch(x86_64)
internal import _Builtin_intrinsics.intel
#endif

/// Float-to-integer conversions for coordinates already known to be finite and inside a frame.
///
/// `Int(_:)` checks its argument for NaN, infinity and range before it converts, and traps on
/// them; in the per-sample loops of the grid sampler those checks (three compares and branches
/// a conversion, four conversions a bilinear read) were about a fifth of the instructions. The
/// callers here clamp or bound-check the value first, so the checks can never fire; for every
/// such value the result is `Int(value)`'s (truncation toward zero).
enum Truncation {
    /// `Int(value)` for a finite `value` within `Int32`'s range, without the checks.
    @inline(__always)
    static func int(_ value: Float) -> Int {
        #if arch(x86_64)
        return Int(_mm_cvttss_si32(_mm_set_ss(value)))
        #else
        return Int(value)
        #endif
    }

    /// `Int(value)` for a finite `value` within `Int32`'s range, without the checks.
    @inline(__always)
    static func int(_ value: Double) -> Int {
        #if arch(x86_64)
        return Int(_mm_cvttsd_si32(_mm_set_sd(value)))
        #else
        return Int(value)
        #endif
    }
}
