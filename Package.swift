// swift-tools-version:6.0
import PackageDescription

let settings: [SwiftSetting] = ["ExistentialAny", "MemberImportVisibility", "InternalImportsByDefault"]
    .map { .enableUpcomingFeature($0) }

let package = Package(
    name: "kioskd",
    products: [
        .executable(name: "qrbench", targets: ["qrbench"])
    ],
    targets: [
        .target(name: "Decoder", swiftSettings: settings),
        .executableTarget(name: "qrbench", dependencies: ["Decoder"], swiftSettings: settings),
        .testTarget(
            name: "DecoderTests",
            dependencies: ["Decoder"],
            exclude: ["Fixtures"],  // read at test time through #filePath
            swiftSettings: settings
        ),
    ]
)
