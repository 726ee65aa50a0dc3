import CodeCrypto
import CaptureV4L2
import Foundation
import Kiosk

/// Refunds, programs and issuance, audit and outbox, and the camera: the operations beyond sessions.
extension ControlDispatcher {
    /// The chain checked from its start, the money against it, and, when given, the head recorded off the kiosk.
    func auditView(head recorded: AuditCheckpoint?) throws(LedgerError) -> AuditView {
        var chain = try desk.ledger.verifyAudit(from: nil)
        if chain.firstBad == nil, let recorded {
            let since = try desk.ledger.verifyAudit(from: recorded)
            if let bad = since.firstBad {
                chain.firstBad = .init(
                    sequence: bad.sequence,
                    reason: bad.sequence == recorded.sequence
                        ? "entry \(recorded.sequence) is not the one recorded off the kiosk: the chain was rewritten"
                        : bad.reason
                )
            }
        }
        let money = try desk.ledger.verifyMoney()
        if let bad = chain.firstBad { logger.error("audit chain broken at entry \(bad.entryName): \(bad.reason)") }
        for finding in money.findings.prefix(10) { logger.error("money differs from the audit log: \(finding)") }
        return AuditView(
            checked: chain.checked,
            ok: chain.firstBad == nil && money.ok,
            firstBad: chain.firstBad?.sequence,
            // A terminal's chain (a shared ledger's) is named, since `first_bad` counts in it.
            reason: chain.firstBad.map { bad in bad.chain.map { "in \($0)'s chain: \(bad.reason)" } ?? bad.reason }
                ?? money.findings.first?.description,
            money: MoneyView(money),
            head: try desk.ledger.auditHead()?.text
        )
    }

    /// Runs a ledger operation other than a session step; `nil` when `request` is not one.
    func performLedger(
        _ request: ControlRequest,
        id: RequestID?,
        principal: Principal,
        now: Timestamp
    ) throws(LedgerError) -> ControlReply? {
        switch request {
        case .findPayments(let query):
            // A refunded payment shows its refund's memo: why it was refunded.
            var views: [PaymentView] = []
            for payment in try desk.ledger.findPayments(query) {
                let memo = payment.refund == nil ? nil : try desk.ledger.refund(of: payment.id)?.memo
                views.append(PaymentView(payment, refundMemo: memo))
            }
            return .success(id: id, .payments(views))
        case .refundPreview(let payment):
            return .success(id: id, .refund(RefundView(try desk.ledger.refundPreview(payment, for: principal, now: now))))
        case .refund(let payment, let key, let memo):
            let request = RefundRequest(payment: payment, idempotencyKey: key, memo: memo, principal: principal, now: now)
            let refund = try desk.ledger.refund(request)
            let view = RefundView(refund, of: try desk.ledger.payment(payment))
            logger.notice("payment \(payment) refunded (\(refund.id), \(refund.amount)) by \(principal.name) (uid \(principal.peerUID.map(String.init) ?? "?"))")
            events.publish(.refund(view))
            return .success(id: id, .refund(view))
        case .listPrograms:
            return .success(id: id, .programs(try desk.ledger.programs().map(ProgramView.init)))
        case .createProgram(let draft):
            let program = draft.program(in: desk.ledger.timeZone)
            try desk.ledger.createProgram(program, by: principal, now: now)
            logger.notice("program \(program.code) created by \(principal.name)")
            return .success(id: id, .program(ProgramView(program)))
        case .issueVouchers(let program, let count):
            let serials = try desk.ledger.issueVouchers(program: program, count: count, by: principal, now: now)
            logger.notice("\(count) vouchers of \(program) issued by \(principal.name)")
            let receipt = SheetReceipt(program: program, serials: serials)
            return .success(
                id: id,
                .issuedVouchers(
                    IssuedVouchersView(
                        program: program.rawValue, first: serials.lowerBound, last: serials.upperBound,
                        count: Int64(serials.count), sheet: receipt?.description, pages: receipt?.pages
                    )
                )
            )
        case .voucherSheet(let receipt, let page):
            let program = try desk.ledger.program(receipt.program)
            guard program.kind == .paper else {
                throw .invalidIssuance(reason: "program \(program.code) has no paper vouchers")
            }
            do {
                _ = try desk.ledger.balance(of: .voucher(program: program.code, serial: receipt.serials.upperBound))
            } catch .unknownCode {
                throw .invalidIssuance(reason: "voucher \(receipt.serials.upperBound) of \(program.code) has not been issued")
            }
            let svg = try VoucherSheetPrinter(program: program, codec: desk.codec, timeZone: desk.ledger.timeZone)
                .page(page, of: receipt.serials)
            return .success(
                id: id,
                .sheetPage(SheetPageView(sheet: receipt.description, page: page, pages: receipt.pages, svg: svg))
            )
        case .issueETicket(let program, let balance, let days):
            let expiry = now.adding(seconds: Int64(days) * 86_400)
            let ticket = try desk.ledger.issueETicket(program: program, balance: balance, expiry: expiry, by: principal, now: now)
            logger.notice("e-ticket \(ticket) of \(program) issued with \(balance) by \(principal.name)")
            return .success(
                id: id,
                .issuedETicket(
                    IssuedETicketView(
                        program: program.rawValue, eticket: ticket, balance: balance, expiry: expiry.description,
                        key: try desk.codec.eTicketKeyText(program: program, id: ticket)
                    )
                )
            )
        case .verifyAudit(let head):
            return .success(id: id, .audit(try auditView(head: head)))
        case .auditHead:
            // On a shared ledger the head recorded should cover every terminal's chain too.
            try desk.ledger.anchorAuditChains(now: now)
            guard let head = try desk.ledger.auditHead() else { return .success(id: id, .auditHead(AuditHeadView(sequence: 0, hash: "", head: ""))) }
            return .success(id: id, .auditHead(AuditHeadView(sequence: head.sequence, hash: Hex.encode(head.hash), head: head.text)))
        case .checkLedger:
            let consistency = try desk.ledger.consistency()
            let audit = try auditView(head: nil)
            for violation in consistency.violations { logger.error("ledger check: \(violation)") }
            return .success(
                id: id,
                .ledgerCheck(
                    LedgerCheckView(
                        ok: consistency.ok && audit.ok,
                        integrity: consistency.integrity,
                        violations: consistency.violations,
                        payments: consistency.payments,
                        refunds: consistency.refunds,
                        audit: audit
                    )
                )
            )
        case .outboxStatus:
            let status = try desk.ledger.outboxStatus()
            return .success(
                id: id,
                .outbox(
                    OutboxView(
                        pending: status.pending,
                        failing: status.failing,
                        delivered: status.delivered,
                        oldestPending: status.oldestPending?.description
                    )
                )
            )
        case .cameraStatus:
            return .success(id: id, .camera(camera.view))
        case .cameraList:
            let inventory = CaptureDeviceInfo.enumerate()
            let configured: String? = if case .device(let path) = camera.settings.source { path } else { nil }
            return .success(
                id: id,
                .cameraList(
                    CameraListView(
                        devices: inventory.devices.map {
                            CameraListView.Device(
                                path: $0.path, node: $0.node, driver: $0.driver, card: $0.card, bus: $0.busInfo,
                                formats: $0.formats.map(\.description), configured: $0.path == configured || $0.node == configured
                            )
                        },
                        failures: inventory.failures.map(\.message)
                    )
                )
            )
        case .cameraRestart:
            camera.stop()
            camera.start()
            logger.notice("camera restarted by \(principal.name)")
            let view = camera.view
            events.publish(.camera(CameraStateView(source: view.source, state: view.state)))
            return .success(id: id, .camera(view))
        case .usageReport(let query):
            return .success(id: id, .usage(ReportViews.Usage(try desk.ledger.usage(query))))
        case .dailyTotals(let query):
            return .success(id: id, .totals(ReportViews.Totals(try desk.ledger.dailyTotals(query))))
        case .monthlyTotals(let query):
            return .success(id: id, .totals(ReportViews.Totals(try desk.ledger.monthlyTotals(query))))
        case .salesSummary(let query):
            return .success(id: id, .sales(ReportViews.Sales(try desk.ledger.salesSummary(query, now: now))))
        case .settlementList(let query):
            return .success(id: id, .settlement(ReportViews.Settlement(try desk.ledger.settlementList(query))))
        case .exportRequest(let days, let store, let encoding):
            let receipt = try exports.request(
                ExportRequest(days: days, store: store, encoding: encoding, requestedBy: principal.name)
            )
            logger.notice("export \(receipt) of \(days) requested by \(principal.name)")
            return .success(id: id, .export(ReportViews.Export(try exports.status(receipt))))
        case .exportStatus(let receipt):
            if let receipt { return .success(id: id, .export(ReportViews.Export(try exports.status(receipt)))) }
            return .success(id: id, .exports(exports.list().map(ReportViews.Export.init)))
        case .exportFetch(let receipt, let offset):
            return .success(id: id, .exportChunk(try chunk(of: try exports.fetch(receipt), from: offset)))
        default:
            return nil
        }
    }

    static let chunkBytes = 512 * 1024

    func chunk(of file: ExportFile, from offset: Int) throws(LedgerError) -> ExportChunkView {
        guard let handle = FileHandle(forReadingAtPath: file.path) else {
            throw .exportFile(path: file.path, reason: "the file cannot be opened")
        }
        defer { try? handle.close() }
        let data: Data
        do {
            let size = Int(try handle.seekToEnd())
            guard offset <= size else { throw LedgerError.invalidQuery(reason: "the offset \(offset) is past the file's end (\(size) bytes)") }
            try handle.seek(toOffset: UInt64(offset))
            data = try handle.read(upToCount: Self.chunkBytes) ?? Data()
            let next = offset + data.count
            return ExportChunkView(
                receipt: file.status.receipt.description,
                name: file.suggestedName,
                size: size,
                offset: offset,
                data: data.base64EncodedString(),
                nextOffset: next < size ? next : nil
            )
        } catch let error as LedgerError {
            throw error
        } catch {
            throw .exportFile(path: file.path, reason: "\(error)")
        }
    }
}
