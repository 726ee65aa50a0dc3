// swift-tools-version:6.0
import PackageDescription

let settings: [SwiftSetting] = ["ExistentialAny", "MemberImportVisibility", "InternalImportsByDefault"]
    .map { .enableUpcomingFeature($0) }

let package = Package(
    name: "kioskd",
    targets: [
        .target(
            name: "CV4L2Shim",
            cSettings: [.define("_GNU_SOURCE")],
            linkerSettings: [.linkedLibrary("v4l2")]
        ),
        .target(name: "Decoder", swiftSettings: settings),
        .target(name: "CaptureV4L2", dependencies: ["CV4L2Shim"], swiftSettings: settings),
        // Fakes shared by test targets (a manual clock); never linked into a product.
        .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: settings),
        // Runs inside the v4l2-vm guest against the vivid driver: scripts/vivid-test.sh.
        .executableTarget(
            name: "vivid-capture-test",
            dependencies: ["CaptureV4L2", "CV4L2Shim"],
            path: "Tests/Integration/vivid-capture-test",
            swiftSettings: settings
        ),
        .testTarget(name: "DecoderTests", dependencies: ["Decoder"], swiftSettings: settings),
        .testTarget(
            name: "CaptureV4L2Tests",
            dependencies: ["CaptureV4L2", "TestSupport"],
            swiftSettings: settings
        ),
    ]
)
