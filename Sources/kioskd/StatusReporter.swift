import Foundation
import Kiosk

/// Gathers the figures of the `status` operation.
struct StatusReporter: Sendable {
    let ledger: RelationalLedger
    let desk: RedemptionDesk
    let terminal: SiteCode
    let started: ContinuousClock.Instant
    let camera: CameraService

    /// The report; reads the ledger, so it runs on the desk queue. A figure the ledger cannot
    /// give is named in `problems`, never shown as zero.
    func report() -> StatusView {
        var problems: [String] = []
        func read<T>(_ what: String, _ body: () throws(LedgerError) -> T) -> T? {
            do {
                return try body()
            } catch {
                problems.append("\(what): \(error.message)")
                return nil
            }
        }
        let outboxStatus = read("outbox") { () throws(LedgerError) in try ledger.outboxStatus() }
        let bytes = read("ledger size") { () throws(LedgerError) in try ledger.storageBytes() }
        var registered = false
        do throws(LedgerError) {
            registered = true
            try ledger.checkOpenForSessions(terminal)
        } catch .unknownSite(kind: "terminal", _) {
            registered = false
            problems.append(Self.unregistered(terminal))
        } catch {
            problems.append("terminal \(terminal): \(error.message)")
        }
        let loaded = Set(desk.codec.programs)
        let programs = read("programs") { () throws(LedgerError) in try ledger.programs() } ?? []
        let withoutSecret = programs.map(\.code).filter { !loaded.contains($0) }.map(\.description)
        if !withoutSecret.isEmpty {
            problems.append("no secret loaded for \(withoutSecret.joined(separator: ", ")): their codes are refused (kioskd secret generate, or copy the line, then SIGHUP)")
        }
        let open = desk.openSessions()
        return StatusView(
            protocolVersion: Daemon.protocolVersion,
            uptimeSeconds: (ContinuousClock.now - started).components.seconds,
            terminal: terminal.description,
            openSessions: open.count,
            heldCodes: open.reduce(0) { $0 + $1.lines.count },
            ledgerBackend: ledger.backend,
            ledgerBytes: bytes,
            outboxBacklog: outboxStatus?.pending,
            outboxFailing: outboxStatus?.failing,
            camera: camera.view,
            terminalRegistered: registered,
            programsWithoutSecret: withoutSecret,
            problems: problems,
            timeZone: ledger.timeZone.zone.identifier
        )
    }

    /// What an operator reads when the kiosk's own terminal is not in the ledger.
    static func unregistered(_ terminal: SiteCode) -> String {
        "terminal \(terminal) is not registered in the ledger, so no session can open; register it: "
            + "kioskctl terminal create \(terminal) --store STORE --name NAME (as the program office or the merchant's representative)"
    }
}
