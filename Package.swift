// swift-tools-version:6.0
import PackageDescription

let settings: [SwiftSetting] = ["ExistentialAny", "MemberImportVisibility", "InternalImportsByDefault"]
    .map { .enableUpcomingFeature($0) }

let package = Package(
    name: "kioskd",
    products: [
        .executable(name: "kioskd", targets: ["kioskd"]),
        .executable(name: "kioskctl", targets: ["kioskctl"]),
        .executable(name: "codec-bench", targets: ["codec-bench"]),
        .executable(name: "qrbench", targets: ["qrbench"]),
        .executable(name: "pipeline-bench", targets: ["pipeline-bench"]),
    ],
    targets: [
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        // libjpeg-turbo's TurboJPEG API: decodes MJPEG camera frames to luma only (docs/architecture.md).
        .systemLibrary(name: "CTurboJPEG", pkgConfig: "libturbojpeg", providers: [.apt(["libturbojpeg0-dev"])]),
        // libv4l2's format conversion, timed by pipeline-bench beside our MJPEG decode; not in kioskd.
        .systemLibrary(name: "CV4LConvert", pkgConfig: "libv4lconvert", providers: [.apt(["libv4l-dev"])]),
        .target(name: "CSocketShim", cSettings: [.define("_GNU_SOURCE")]),
        // A SQLite VFS that writes a transaction's WAL frames in one system call.
        .target(name: "CSQLiteWAL", linkerSettings: [.linkedLibrary("sqlite3")]),
        .target(
            name: "CV4L2Shim",
            cSettings: [.define("_GNU_SOURCE")],
            linkerSettings: [.linkedLibrary("v4l2")]
        ),
        .target(name: "CCryptShim", cSettings: [.define("_GNU_SOURCE")], linkerSettings: [.linkedLibrary("crypt")]),
        // posix_spawn with a clean signal mask in a process group of its own (notification commands).
        .target(name: "CSpawnShim", cSettings: [.define("_GNU_SOURCE")]),
        // The customer display's HTTP server: libmicrohttpd's variadic start call and its cast macros.
        .target(name: "CMicroHTTPD", linkerSettings: [.linkedLibrary("microhttpd")]),
        .target(name: "Decoder", swiftSettings: settings),
        // The keyed checks of voucher and e-ticket codes (HMAC-SHA256 by libcrypto, base32, Damm) and
        // the e-ticket's rotating code: shared by the kiosk and kioskctl's reference code maker.
        .target(name: "CodeCrypto", dependencies: ["CCrypto"], swiftSettings: settings),
        .target(name: "CaptureV4L2", dependencies: ["CV4L2Shim", "CTurboJPEG", "Decoder"], swiftSettings: settings),
        // The control protocol's requests, replies, events and errors as Codable values: Foundation only,
        // so kioskctl and the benchmarks speak it without linking the ledger's C libraries.
        .target(name: "KioskProtocol", swiftSettings: settings),
        .target(name: "Kiosk", dependencies: ["KioskProtocol", "CodeCrypto", "CSQLite", "CSQLiteWAL", "CLibPQ", "CCrypto", "CCryptShim", "CSpawnShim"], swiftSettings: settings),
        .executableTarget(name: "kioskd", dependencies: ["Kiosk", "CodeCrypto", "CaptureV4L2", "Decoder", "CSocketShim", "CMicroHTTPD"], swiftSettings: settings),
        .executableTarget(name: "kioskctl", dependencies: ["KioskProtocol", "CodeCrypto", "Decoder", "CaptureV4L2"], swiftSettings: settings),
        .executableTarget(name: "codec-bench", dependencies: ["Decoder"], path: "Benchmarks/codec-bench", swiftSettings: settings),
        .executableTarget(
            name: "pipeline-bench", dependencies: ["CaptureV4L2", "CV4L2Shim", "CV4LConvert"], path: "Benchmarks/pipeline-bench",
            swiftSettings: settings),
        // Crash safety: SIGKILLs a child mid-payment and checks the ledger after each kill (scripts/test.sh).
        .executableTarget(
            name: "ledger-torture", dependencies: ["Kiosk", "TestSupport"], path: "Tests/Integration/ledger-torture", swiftSettings: settings),
        .executableTarget(name: "ledger-bench", dependencies: ["Kiosk"], path: "Benchmarks/ledger-bench", swiftSettings: settings),
        // Kiosk processes racing for one voucher pool on a throwaway PostgreSQL cluster (a benchmark).
        .executableTarget(
            name: "shared-ledger-bench", dependencies: ["Kiosk"], path: "Benchmarks/shared-ledger-bench", swiftSettings: settings),
        // 50 clients on a running kioskd's control socket: latency per operation (a benchmark).
        .executableTarget(
            name: "control-bench", dependencies: ["KioskProtocol"], path: "Benchmarks/control-bench", swiftSettings: settings),
        // Helpers shared by test targets (a manual clock, a seeded generator, a private PostgreSQL cluster); never
        // linked into a product.
        .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: settings),
        // Runs inside the v4l2-vm guest against the vivid driver: scripts/vivid-test.sh.
        .executableTarget(
            name: "vivid-capture-test",
            dependencies: ["CaptureV4L2", "CV4L2Shim", "Decoder"],
            path: "Tests/Integration/vivid-capture-test",
            swiftSettings: settings
        ),
        // Runs inside the v4l2-vm guest against uvcvideo and a software UVC camera: scripts/uvc-test.sh.
        .executableTarget(
            name: "uvc-capture-test",
            dependencies: ["CaptureV4L2", "Decoder"],
            path: "Tests/Integration/uvc-capture-test",
            swiftSettings: settings
        ),
        // The software UVC camera (gadgetfs on dummy_hcd) that uvc-capture-test streams from.
        .executableTarget(
            name: "uvc-gadget-feeder",
            path: "Tests/Integration/uvc-gadget-feeder",
            cSettings: [.define("_GNU_SOURCE")],
            linkerSettings: [.linkedLibrary("pthread")]
        ),
        .executableTarget(name: "qrbench", dependencies: ["Decoder"], path: "Benchmarks/qrbench", swiftSettings: settings),
        .testTarget(
            name: "DecoderTests",
            dependencies: ["Decoder", "TestSupport"],
            exclude: ["Fixtures"],  // read at test time through #filePath
            swiftSettings: settings
        ),
        .testTarget(
            name: "CaptureV4L2Tests",
            dependencies: ["CaptureV4L2", "Decoder", "TestSupport"],
            swiftSettings: settings
        ),
        // Round trips through JSON of every request, reply and event, and the protocol's documentation.
        .testTarget(name: "KioskProtocolTests", dependencies: ["KioskProtocol"], swiftSettings: settings),
        .testTarget(name: "KioskTests", dependencies: ["Kiosk", "KioskProtocol", "CodeCrypto", "TestSupport"], swiftSettings: settings),
        .testTarget(name: "kioskdTests", dependencies: ["kioskd", "Kiosk", "Decoder", "TestSupport"], swiftSettings: settings),
    ]
)
