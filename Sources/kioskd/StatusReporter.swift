import Foundation
import Kiosk

/// Gathers the figures of the `status` operation.
struct StatusReporter: Sendable {
    let ledger: RelationalLedger
    let desk: RedemptionDesk
    let terminal: SiteCode
    let started: ContinuousClock.Instant
    let camera: CameraService

    /// The report; reads the ledger, so it runs on the desk queue.
    func report() -> StatusView {
        let outboxStatus = try? ledger.outboxStatus()
        return StatusView(
            protocolVersion: Daemon.protocolVersion,
            uptimeSeconds: (ContinuousClock.now - started).components.seconds,
            terminal: terminal.description,
            openSessions: desk.openSessions().count,
            heldCodes: desk.openSessions().reduce(0) { $0 + $1.lines.count },
            ledgerBackend: ledger.backend,
            ledgerBytes: (try? ledger.storageBytes()) ?? 0,
            outboxBacklog: outboxStatus?.pending ?? 0,
            outboxFailing: outboxStatus?.failing ?? 0,
            camera: camera.view
        )
    }
}
