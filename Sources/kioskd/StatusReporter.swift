import Foundation
import Kiosk

/// Gathers the figures of the `status` operation.
struct StatusReporter: Sendable {
    let ledger: SQLiteLedger
    let desk: RedemptionDesk
    let terminal: SiteCode
    let ledgerPath: String
    let started: ContinuousClock.Instant
    let camera: CameraService

    /// The report; reads the ledger, so it runs on the desk queue.
    func report() -> StatusView {
        let outboxStatus = try? ledger.outboxStatus()
        var size: Int64 = 0
        for suffix in ["", "-wal"] {
            if let attributes = try? FileManager.default.attributesOfItem(atPath: ledgerPath + suffix),
                let bytes = attributes[.size] as? NSNumber
            {
                size += bytes.int64Value
            }
        }
        return StatusView(
            protocolVersion: Daemon.protocolVersion,
            uptimeSeconds: (ContinuousClock.now - started).components.seconds,
            terminal: terminal.description,
            openSessions: desk.openSessions().count,
            heldCodes: (try? ledger.holdCount()) ?? 0,
            ledgerBytes: size,
            outboxBacklog: outboxStatus?.pending ?? 0,
            outboxFailing: outboxStatus?.failing ?? 0,
            camera: camera.view
        )
    }
}
