// swift-tools-version:6.0
import PackageDescription

let settings: [SwiftSetting] = ["ExistentialAny", "MemberImportVisibility", "InternalImportsByDefault"]
    .map { .enableUpcomingFeature($0) }

let package = Package(
    name: "kioskd",
    targets: [
        .target(name: "Decoder", swiftSettings: settings),
        .testTarget(
            name: "DecoderTests",
            dependencies: ["Decoder"],
            exclude: ["Fixtures"],  // read at test time through #filePath
            swiftSettings: settings
        ),
    ]
)
