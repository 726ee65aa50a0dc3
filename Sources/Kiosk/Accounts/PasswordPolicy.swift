/// What a new password must look like, with the two seed manuals' rules as presets.
///
/// The policy sees the password only to check it; it is never stored or logged in clear.
public struct PasswordPolicy: Hashable, Sendable {
    /// The shortest password accepted, in characters.
    public var minimumLength: Int
    /// The longest password accepted, in characters.
    public var maximumLength: Int
    /// How many of the four classes (digits, upper case, lower case, symbols) must appear.
    public var requiredClasses: Int
    /// Classes that must each appear, whatever `requiredClasses` says.
    public var mandatoryClasses: Set<CharacterClass>
    /// The symbols allowed; any other character outside letters and digits is refused.
    public var symbols: Set<Character>
    /// How many of the most recent passwords (the current one included) may not be reused.
    public var historyDepth: Int

    /// The four kinds of characters a policy counts.
    public enum CharacterClass: String, Hashable, Sendable, CaseIterable, Comparable {
        /// 0-9.
        case digit
        /// A-Z.
        case upper
        /// a-z.
        case lower
        /// One of the policy's symbols.
        case symbol

        /// Orders classes as the manuals list them.
        public static func < (lhs: Self, rhs: Self) -> Bool {
            allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
        }
    }

    /// Creates a policy.
    public init(
        minimumLength: Int,
        maximumLength: Int,
        requiredClasses: Int,
        mandatoryClasses: Set<CharacterClass> = [],
        symbols: Set<Character>,
        historyDepth: Int
    ) {
        self.minimumLength = minimumLength
        self.maximumLength = maximumLength
        self.requiredClasses = requiredClasses
        self.mandatoryClasses = mandatoryClasses
        self.symbols = symbols
        self.historyDepth = historyDepth
    }

    /// Manual 002 (the merchant site): 10 to 16 characters, at least 3 of digits, upper case,
    /// lower case and symbols, symbols from `#$%&@()^*_+=-`, none of the last 2 passwords again.
    public static let seed002 = PasswordPolicy(
        minimumLength: 10,
        maximumLength: 16,
        requiredClasses: 3,
        symbols: Set("#$%&@()^*_+=-"),
        historyDepth: 2
    )

    /// Manual 000 (the shop app): at least 8 characters with a digit, an upper-case and a
    /// lower-case letter.
    public static let seed000 = PasswordPolicy(
        minimumLength: 8,
        maximumLength: 128,
        requiredClasses: 3,
        mandatoryClasses: [.digit, .upper, .lower],
        symbols: Set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"),
        historyDepth: 1
    )

    /// The preset with this name ("002" or "000"), as the config file names it.
    public static func preset(named name: String) -> PasswordPolicy? {
        switch name {
        case "002": .seed002
        case "000": .seed000
        default: nil
        }
    }

    /// The class of one character under this policy, or `nil` when the policy refuses it.
    public func characterClass(of character: Character) -> CharacterClass? {
        guard character.isASCII else { return nil }
        if character.isNumber { return .digit }
        if character.isUppercase { return .upper }
        if character.isLowercase { return .lower }
        return symbols.contains(character) ? .symbol : nil
    }

    /// The first rule `password` breaks, in words an operator understands, or `nil` when it is acceptable.
    public func violation(in password: String) -> String? {
        let count = password.count
        if count < minimumLength || count > maximumLength {
            return "a password has \(minimumLength) to \(maximumLength) characters; this one has \(count)"
        }
        var present: Set<CharacterClass> = []
        for character in password {
            guard let kind = characterClass(of: character) else {
                let allowed = String(symbols.sorted())
                return "a password may hold only letters A-Z and a-z, digits and the symbols \(allowed)"
            }
            present.insert(kind)
        }
        let missing = mandatoryClasses.subtracting(present)
        if !missing.isEmpty {
            let names = missing.sorted().map(\.rawValue).joined(separator: ", ")
            return "a password must contain at least one of each: \(names)"
        }
        if present.count < requiredClasses {
            return
                "a password must mix at least \(requiredClasses) of: digits, upper case, lower case, symbols; this one has \(present.count)"
        }
        return nil
    }
}
