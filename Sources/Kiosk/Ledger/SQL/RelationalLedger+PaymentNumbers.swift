import Synchronization

extension RelationalLedger {
    /// How many payment numbers a kiosk takes from a shared ledger at a time.
    static let paymentNumbersPerReservation = 10

    /// The next payment number this ledger reserved on a shared ledger, for a confirm that must
    /// know its number before it sends its statements (``confirm(_:)`` in one round trip).
    ///
    /// Numbers come from the payments' own sequence, ten at a time (one statement every ten
    /// confirms, sent with the confirm's first): no other kiosk is ever given one of them, and
    /// payments that use no reserved number take theirs from the same sequence. So numbers stay
    /// unique; across kiosks they follow the reservations, not the second each payment was made
    /// (lists of payments are ordered by time). A number not used (the kiosk stopped, a confirm
    /// failed) is a gap, as a rolled-back confirm's always was.
    ///
    /// A kiosk's own payments therefore take numbers in order: every confirm on a shared ledger
    /// takes its number here, and gives it back (``returnPaymentID(_:)``) when it is certain no
    /// row took it.
    func reservedPaymentID(_ db: any SQLDatabase) throws(LedgerError) -> Int64 {
        if let id = reservedPaymentIDs.withLock({ $0.popLast() }) { return id }
        var ids = try db.all(
            "SELECT nextval(pg_get_serial_sequence('payments', 'id')) FROM generate_series(1, ?)",
            [.integer(Int64(Self.paymentNumbersPerReservation))]
        ) { $0.int(0) }
        ids.sort(by: >)  // the smallest last, to be used first
        guard let id = ids.popLast() else { throw .corrupt(reason: "the payments' sequence gave no number") }
        reservedPaymentIDs.withLock { $0 = ids }
        return id
    }

    /// Gives back a reserved number no payment took (a repeated confirm, or one the server refused
    /// and rolled back), to be the next one used.
    func returnPaymentID(_ id: Int64) {
        reservedPaymentIDs.withLock { ids in
            ids.append(id)
            ids.sort(by: >)
        }
    }
}
