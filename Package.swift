// swift-tools-version:6.0
import PackageDescription

let settings: [SwiftSetting] = ["ExistentialAny", "MemberImportVisibility", "InternalImportsByDefault"]
    .map { .enableUpcomingFeature($0) }

let package = Package(
    name: "kioskd",
    targets: [
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .target(name: "Decoder", swiftSettings: settings),
        .target(name: "Kiosk", dependencies: ["CSQLite", "CCrypto"], swiftSettings: settings),
        .executableTarget(name: "ledger-torture", dependencies: ["Kiosk"], swiftSettings: settings),
        .executableTarget(name: "ledger-bench", dependencies: ["Kiosk"], swiftSettings: settings),
        .testTarget(name: "DecoderTests", dependencies: ["Decoder"], swiftSettings: settings),
        .testTarget(name: "KioskTests", dependencies: ["Kiosk"], swiftSettings: settings),
    ]
)
