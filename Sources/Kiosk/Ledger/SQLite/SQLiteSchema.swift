/// The ledger's SQLite schema as a list of migrations.
///
/// Migration `n` takes `user_version` from `n - 1` to `n`. Append, never edit a released one.
enum SQLiteSchema {
    static let migrations: [String] = [
        // 1: the ledger core.
        """
        CREATE TABLE programs (
            code TEXT PRIMARY KEY CHECK (length(code) BETWEEN 1 AND 12),
            number INTEGER NOT NULL UNIQUE CHECK (number BETWEEN 1 AND 999),
            name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
            kind TEXT NOT NULL CHECK (kind IN ('paper', 'eticket')),
            unit INTEGER NOT NULL CHECK (unit > 0),
            face_value INTEGER NOT NULL CHECK (face_value > 0),
            max_per_transaction INTEGER NOT NULL CHECK (max_per_transaction >= unit AND max_per_transaction % unit = 0),
            valid_from INTEGER NOT NULL,
            valid_until INTEGER NOT NULL,
            redemption_deadline INTEGER NOT NULL,
            refund_hours INTEGER CHECK (refund_hours IS NULL OR refund_hours BETWEEN 1 AND 8760),
            calendar TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            CHECK (valid_from < valid_until AND redemption_deadline >= valid_until)
        ) STRICT;
        CREATE TABLE merchants (
            code TEXT PRIMARY KEY, name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100)
        ) STRICT;
        CREATE TABLE stores (
            code TEXT PRIMARY KEY, merchant TEXT NOT NULL REFERENCES merchants (code),
            name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100)
        ) STRICT;
        CREATE TABLE terminals (
            code TEXT PRIMARY KEY, store TEXT NOT NULL REFERENCES stores (code),
            name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100)
        ) STRICT;
        CREATE TABLE payments (
            id INTEGER PRIMARY KEY,
            at INTEGER NOT NULL,
            program TEXT NOT NULL REFERENCES programs (code),
            store TEXT NOT NULL REFERENCES stores (code),
            terminal TEXT NOT NULL REFERENCES terminals (code),
            operator TEXT NOT NULL,
            requested INTEGER NOT NULL CHECK (requested > 0),
            amount INTEGER NOT NULL CHECK (amount > 0 AND amount <= requested),
            session INTEGER NOT NULL,
            idempotency_key TEXT NOT NULL UNIQUE
        ) STRICT;
        CREATE INDEX payments_at ON payments (at);
        CREATE INDEX payments_amount ON payments (amount, at);
        CREATE TABLE payment_lines (
            payment INTEGER NOT NULL REFERENCES payments (id),
            position INTEGER NOT NULL CHECK (position >= 0),
            kind TEXT NOT NULL CHECK (kind IN ('voucher', 'eticket')),
            program TEXT NOT NULL,
            number INTEGER NOT NULL,
            amount INTEGER NOT NULL CHECK (amount > 0),
            balance_after INTEGER NOT NULL CHECK (balance_after >= 0),
            PRIMARY KEY (payment, position)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX payment_lines_code ON payment_lines (program, kind, number);
        CREATE TABLE vouchers (
            program TEXT NOT NULL REFERENCES programs (code),
            serial INTEGER NOT NULL CHECK (serial BETWEEN 1 AND 99999999),
            face_value INTEGER NOT NULL CHECK (face_value > 0),
            state TEXT NOT NULL CHECK (state IN ('unspent', 'spent')),
            payment INTEGER REFERENCES payments (id),
            issued_at INTEGER NOT NULL,
            PRIMARY KEY (program, serial),
            CHECK ((state = 'spent') = (payment IS NOT NULL))
        ) STRICT, WITHOUT ROWID;
        CREATE TABLE etickets (
            program TEXT NOT NULL REFERENCES programs (code),
            id INTEGER NOT NULL CHECK (id BETWEEN 1 AND 99999999),
            issued_balance INTEGER NOT NULL CHECK (issued_balance > 0),
            balance INTEGER NOT NULL CHECK (balance >= 0 AND balance <= issued_balance),
            expiry INTEGER NOT NULL,
            issued_at INTEGER NOT NULL,
            PRIMARY KEY (program, id)
        ) STRICT, WITHOUT ROWID;
        CREATE TABLE holds (
            program TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('voucher', 'eticket')),
            number INTEGER NOT NULL,
            session INTEGER NOT NULL,
            terminal TEXT NOT NULL,
            amount INTEGER NOT NULL CHECK (amount > 0),
            held_at INTEGER NOT NULL,
            PRIMARY KEY (program, kind, number)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX holds_session ON holds (session);
        CREATE TABLE refunds (
            id INTEGER PRIMARY KEY,
            payment INTEGER NOT NULL UNIQUE REFERENCES payments (id),
            at INTEGER NOT NULL,
            amount INTEGER NOT NULL CHECK (amount > 0),
            memo TEXT NOT NULL CHECK (length(memo) <= 200),
            operator TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('staff', 'manager', 'representative', 'program_office')),
            idempotency_key TEXT NOT NULL UNIQUE
        ) STRICT;
        CREATE INDEX refunds_at ON refunds (at);
        CREATE TABLE audit (
            seq INTEGER PRIMARY KEY CHECK (seq >= 1),
            at INTEGER NOT NULL,
            actor TEXT NOT NULL,
            role TEXT NOT NULL,
            peer_uid INTEGER,
            terminal TEXT,
            action TEXT NOT NULL,
            subject TEXT NOT NULL,
            detail TEXT NOT NULL,
            prev_hash BLOB NOT NULL CHECK (length(prev_hash) = 32),
            hash BLOB NOT NULL CHECK (length(hash) = 32)
        ) STRICT;
        CREATE TABLE audit_head (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            seq INTEGER NOT NULL,
            hash BLOB NOT NULL CHECK (length(hash) = 32)
        ) STRICT;
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY,
            created_at INTEGER NOT NULL,
            kind TEXT NOT NULL,
            payload TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
            next_attempt_at INTEGER NOT NULL,
            delivered_at INTEGER,
            last_error TEXT
        ) STRICT;
        CREATE INDEX outbox_pending ON outbox (next_attempt_at) WHERE delivered_at IS NULL;
        """,
        // 2: holds are few (open sessions only), so releasing a session's holds scans the table;
        // dropping the index saves a page write in every hold and every confirm.
        """
        DROP INDEX holds_session;
        """,
        // 3: operator accounts. Only yescrypt hashes are stored; the lockout state is JSON
        // (recent failure times and the lock's end) because only the account desk reads it.
        """
        CREATE TABLE accounts (
            name TEXT PRIMARY KEY CHECK (length(name) BETWEEN 2 AND 32),
            role TEXT NOT NULL CHECK (role IN ('staff', 'manager', 'representative', 'program_office')),
            password_hash TEXT NOT NULL CHECK (password_hash LIKE '$%'),
            must_change INTEGER NOT NULL CHECK (must_change IN (0, 1)),
            lockout TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            password_set_at INTEGER NOT NULL
        ) STRICT;
        CREATE TABLE password_history (
            seq INTEGER PRIMARY KEY,
            account TEXT NOT NULL REFERENCES accounts (name),
            set_at INTEGER NOT NULL,
            password_hash TEXT NOT NULL
        ) STRICT;
        CREATE INDEX password_history_account ON password_history (account, seq);
        """,
        // 4: reports. Payments, refunds and refunded payments summed per UTC quarter-hour, program,
        // store and terminal, kept in the confirm and refund transactions, so totals, the sales
        // summary and the settlement list read a few thousand rows instead of every payment. A
        // quarter-hour divides every zone's local midnight, so the sums serve any configured zone.
        // Filled here from the rows already present.
        """
        CREATE TABLE report_totals (
            bucket INTEGER NOT NULL,
            program TEXT NOT NULL,
            store TEXT NOT NULL,
            terminal TEXT NOT NULL,
            paid_count INTEGER NOT NULL DEFAULT 0 CHECK (paid_count >= 0),
            paid_amount INTEGER NOT NULL DEFAULT 0 CHECK (paid_amount >= 0),
            voided_count INTEGER NOT NULL DEFAULT 0 CHECK (voided_count >= 0),
            voided_amount INTEGER NOT NULL DEFAULT 0 CHECK (voided_amount >= 0),
            refund_count INTEGER NOT NULL DEFAULT 0 CHECK (refund_count >= 0),
            refund_amount INTEGER NOT NULL DEFAULT 0 CHECK (refund_amount >= 0),
            PRIMARY KEY (bucket, program, store, terminal)
        ) STRICT, WITHOUT ROWID;
        \(ReportTotalsBackfill.sql)
        """,
        // 5: the terminal whose payment an outbox event is about, so that on a shared ledger each
        // kiosk delivers its own terminal's events (NULL: older events, any kiosk).
        """
        ALTER TABLE outbox ADD COLUMN terminal TEXT;
        """,
        // 6: holds leave the file. They belong to the kiosk's open sessions, which never survive
        // its process, so each connection keeps them in a table of its own in memory
        // (`SQLiteLedger.holdsTable`), and a redemption no longer writes a hold to the log.
        """
        DROP TABLE IF EXISTS main.holds;
        """,
        // 7: wrong typed codes, kept so that the typed-code limit survives a restart (a guesser
        // must not reset it by restarting kioskd) and follows a login. Rows older than a month go.
        """
        CREATE TABLE typed_code_failures (
            seq INTEGER PRIMARY KEY,
            at INTEGER NOT NULL,
            terminal TEXT NOT NULL CHECK (length(terminal) BETWEEN 1 AND 32),
            login TEXT NOT NULL CHECK (length(login) BETWEEN 1 AND 64)
        ) STRICT;
        CREATE INDEX typed_code_failures_terminal ON typed_code_failures (terminal, at);
        CREATE INDEX typed_code_failures_login ON typed_code_failures (login, at);
        """,
        // 8: sites are managed, not only created: a merchant's representative (the account that
        // manages its stores and terminals) and contact, and the instant a site was disabled (a
        // disabled store or terminal takes no new session; its history stays).
        """
        ALTER TABLE merchants ADD COLUMN representative TEXT NOT NULL DEFAULT '' CHECK (length(representative) <= 32);
        ALTER TABLE merchants ADD COLUMN contact TEXT NOT NULL DEFAULT '' CHECK (length(contact) <= 200);
        ALTER TABLE merchants ADD COLUMN disabled_at INTEGER;
        ALTER TABLE stores ADD COLUMN disabled_at INTEGER;
        ALTER TABLE terminals ADD COLUMN disabled_at INTEGER;
        ALTER TABLE accounts ADD COLUMN disabled_at INTEGER;
        """,
        // 9: audit chains. Each entry names its chain ('' for the ledger's own; a shared ledger
        // also keeps one per terminal, so kiosks confirm in parallel) and its place in that chain
        // (`chain_seq`, hashed); `seq` stays the order of the whole log. `audit_heads` keeps each
        // chain's last entry, `audit_anchored` where each terminal chain was last anchored. A
        // kiosk's file has the one chain '', so here nothing else changes.
        """
        ALTER TABLE audit ADD COLUMN chain TEXT NOT NULL DEFAULT '';
        ALTER TABLE audit ADD COLUMN chain_seq INTEGER NOT NULL DEFAULT 0;
        UPDATE audit SET chain_seq = seq;
        CREATE UNIQUE INDEX audit_chain_seq ON audit (chain, chain_seq);
        CREATE TABLE audit_heads (
            chain TEXT PRIMARY KEY,
            seq INTEGER NOT NULL CHECK (seq >= 0),
            hash BLOB NOT NULL CHECK (length(hash) = 32)
        ) STRICT, WITHOUT ROWID;
        INSERT INTO audit_heads (chain, seq, hash) SELECT '', seq, hash FROM audit_head;
        DROP TABLE audit_head;
        CREATE TABLE audit_anchored (chain TEXT PRIMARY KEY, seq INTEGER NOT NULL) STRICT, WITHOUT ROWID;
        """,
        // 10: a shared ledger's confirm checks on the server what it spent (a function); a
        // kiosk's file confirms where it is, with nothing to send. A statement that changes
        // nothing keeps the numbering equal.
        """
        SELECT 1;
        """,
        // 11: a shared ledger's rules of one column become column types, which PostgreSQL checks
        // without reading them again at every statement; SQLite's compiled statements carry
        // their CHECKs already. A statement that changes nothing keeps the numbering equal.
        """
        SELECT 1;
        """,
        // 12: a payment's store is its terminal's store (a shared ledger makes it one foreign key
        // to the terminal's code and store); SQLite cannot change a table's keys in place, so a
        // trigger refuses a payment whose store is not its terminal's, as a foreign key would
        // (IF NOT EXISTS: a file taken back to an older version for a test migrates forward again).
        """
        CREATE TRIGGER IF NOT EXISTS payments_store_is_the_terminals BEFORE INSERT ON payments
        WHEN NEW.store IS NOT (SELECT store FROM terminals WHERE code = NEW.terminal)
        BEGIN SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: a payment''s store is its terminal''s'); END;
        CREATE TRIGGER IF NOT EXISTS payments_store_stays_the_terminals BEFORE UPDATE OF store, terminal ON payments
        WHEN NEW.store IS NOT (SELECT store FROM terminals WHERE code = NEW.terminal)
        BEGIN SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: a payment''s store is its terminal''s'); END;
        """,
    ]
}
