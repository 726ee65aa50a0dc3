extension CommandHelp {
    private static let managers = "a manager, a representative or the program office"
    private static let representatives = "a representative or the program office"
    private static let office = "the program office"

    private static let passwordFD = Option.value(
        "password-fd",
        "N",
        "read the passwords from file descriptor N, one a line in the order asked (for scripts), instead of typing them with echo off"
    )
    private static let store = Option.value("store", "CODE", "only what was paid at store CODE")
    private static let terminal = Option.value("terminal", "CODE", "only what was paid at terminal CODE")
    private static let siteRefused = "refused by kioskd: an unknown or duplicate code, a malformed code or name"

    /// Every daemon command, in the order the index lists them.
    static let all: [CommandHelp] =
        accountCommands + sessionCommands + refundCommands + programCommands + siteCommands + checkCommands
        + reportCommands

    private static let accountCommands: [CommandHelp] = [
        CommandHelp(
            words: ["login"],
            usage: ["login NAME [--password-fd N]"],
            summary: "log in; the token is kept for later calls",
            description:
                "Asks NAME's password and logs in. The token kioskd returns is kept in $XDG_RUNTIME_DIR/kioskctl/ "
                + "(mode 0600) for the commands that follow, until logout, a restart of kioskd or the idle timeout. "
                + "After an initial password (a new or reset account), change it with `kioskctl password change` "
                + "before anything else.",
            options: [passwordFD],
            example: "login kaga-clerk",
            access: .anyone,
            refused: "refused by kioskd: a wrong name or password, a locked or disabled account",
            ledger: true
        ),
        CommandHelp(
            words: ["logout"],
            usage: ["logout"],
            summary: "end the login",
            description: "Ends the login on kioskd and forgets the token kept for it.",
            options: [],
            example: "logout",
            access: .loggedIn,
            refused: "refused by kioskd",
            ledger: false
        ),
        CommandHelp(
            words: ["password", "change"],
            usage: ["password change [--password-fd N]"],
            summary: "change your own password",
            description:
                "Changes the password of the account logged in: asks the current password, then the new one "
                + "twice (once with --password-fd). Needed after the first login with an initial password.",
            options: [passwordFD],
            example: "password change",
            access: .loggedIn,
            refused:
                "refused by kioskd: the current password is wrong, or the new one too weak; or the two new ones differ",
            ledger: true
        ),
        CommandHelp(
            words: ["account", "list"],
            usage: ["account list"],
            summary: "every account: role, initial password, lock",
            description:
                "Lists every account with its role, whether its password is still an initial one, whether it is "
                + "disabled and whether failed logins have locked it (and until when).",
            options: [],
            example: "account list",
            access: .roles(managers),
            refused: "refused by kioskd",
            ledger: true
        ),
        CommandHelp(
            words: ["account", "create"],
            usage: ["account create NAME --role ROLE [--password-fd N]"],
            summary: "a new account of a lower role, with an initial password",
            description:
                "Creates the account NAME of a role below your own (the program office may create any role), "
                + "asking its initial password; its holder must change it at the first login.",
            options: [
                .value("role", "ROLE", required: true, "staff, manager, representative or program_office"), passwordFD,
            ],
            example: "account create kaga-clerk --role staff",
            access: .roles(managers + ", for a role below their own"),
            refused: "refused by kioskd: the name exists or is malformed, the password is too weak; an unknown role",
            ledger: true
        ),
        CommandHelp(
            words: ["account", "reset"],
            usage: ["account reset NAME [--password-fd N]"],
            summary: "a new initial password; lifts a lockout, ends its logins",
            description:
                "Gives the account NAME of a lower role a new initial password (asked), lifts a lockout and ends "
                + "every login of the account; its holder must change the password at the next login.",
            options: [passwordFD],
            example: "account reset kaga-clerk",
            access: .roles(managers + ", for a role below their own"),
            refused: "refused by kioskd: no such account, the password is too weak",
            ledger: true
        ),
        CommandHelp(
            words: ["account", "disable"],
            usage: ["account disable NAME"],
            summary: "an account whose holder left: no login, its logins end",
            description:
                "Disables the account NAME of a lower role: it cannot log in and its logins end. "
                + "`kioskctl account enable NAME` undoes it.",
            options: [],
            example: "account disable kaga-clerk",
            access: .roles(managers + ", for a role below their own"),
            refused: "refused by kioskd: no such account",
            ledger: true
        ),
        CommandHelp(
            words: ["account", "enable"],
            usage: ["account enable NAME"],
            summary: "undo account disable",
            description: "Enables the disabled account NAME of a lower role again; its password is unchanged.",
            options: [],
            example: "account enable kaga-clerk",
            access: .roles(managers + ", for a role below their own"),
            refused: "refused by kioskd: no such account",
            ledger: true
        ),
        CommandHelp(
            words: ["status"],
            usage: ["status"],
            summary: "the daemon's state: sessions, held codes, ledger, outbox",
            description:
                "Shows kioskd's state without a login: the terminal and whether it is registered, open sessions, "
                + "codes held, the ledger, the notification outbox, the camera and the kiosk's time zone.",
            options: [],
            example: "status",
            access: .anyone,
            refused: "refused by kioskd",
            ledger: false
        ),
    ]

    private static let sessionCommands: [CommandHelp] = [
        CommandHelp(
            words: ["session", "open"],
            usage: ["session open --program CODE --amount N"],
            summary: "open a redemption session for N yen",
            description:
                "Opens a redemption session at this terminal for a purchase of N yen paid with program CODE's "
                + "vouchers or e-tickets, and prints the session id the other session commands take. Codes "
                + "scanned by the camera, or given with `session present`, go to it.",
            options: [
                .value("program", "CODE", required: true, "the program whose codes pay (see `kioskctl program list`)"),
                .value("amount", "N", required: true, "the amount to pay, in whole yen"),
            ],
            example: "session open --program KOMATSU27 --amount 2000",
            access: .loggedIn,
            refused:
                "refused by kioskd: an unknown or closed program, an amount not a multiple of its unit or above its "
                + "maximum, an unregistered terminal; a malformed program code",
            ledger: true
        ),
        CommandHelp(
            words: ["session", "present"],
            usage: ["session present SESSION CODE [--typed]"],
            summary: "present a scanned payload, or typed digits with --typed",
            description:
                "Presents a code to the open session SESSION as if the camera had read it: the payload of a "
                + "voucher's or e-ticket's QR code, or with --typed the digits printed under it. Prints the session "
                + "with the code's line.",
            options: [.flag("typed", "CODE is the typed digits (spaces and hyphens allowed), not a QR payload")],
            example: "session present 0123456789abcdef 1234-5678-9012-3456-789 --typed",
            access: .loggedIn,
            refused: "refused by kioskd: no such session, a code unknown, spent, expired, of another program or "
                + "already read, a wrong check digit, too many wrong typed codes; a malformed session id",
            ledger: true
        ),
        CommandHelp(
            words: ["session", "status"],
            usage: ["session status SESSION"],
            summary: "the session: amount, lines read, total, missing",
            description:
                "Shows the session SESSION: its program and amount, each code read with its amount, the total and "
                + "what is still missing, its state and when it expires.",
            options: [],
            example: "session status 0123456789abcdef",
            access: .loggedIn,
            refused: "refused by kioskd: no such session (or it ended); a malformed session id",
            ledger: true
        ),
        CommandHelp(
            words: ["session", "list"],
            usage: ["session list"],
            summary: "the sessions open now",
            description:
                "Lists the sessions open now with their ids, programs, amounts and totals, so a point of sale that "
                + "lost its session id can find it.",
            options: [],
            example: "session list",
            access: .loggedIn,
            refused: "refused by kioskd",
            ledger: true
        ),
        CommandHelp(
            words: ["session", "settle"],
            usage: ["session settle SESSION"],
            summary: "settle what was read (complete below the amount)",
            description:
                "Completes the session SESSION with what was read so far, below its amount: the rest is paid "
                + "otherwise. Confirm it afterwards with `session confirm`.",
            options: [],
            example: "session settle 0123456789abcdef",
            access: .loggedIn,
            refused: "refused by kioskd: no such session, nothing read yet; a malformed session id",
            ledger: true
        ),
        CommandHelp(
            words: ["session", "confirm"],
            usage: ["session confirm SESSION [--key KEY]"],
            summary: "confirm as a payment; a repeat never pays twice",
            description:
                "Confirms the complete session SESSION as a payment: its codes are spent and the payment id is "
                + "printed. Repeating it with the same KEY, or without --key (the session's own key), returns the "
                + "same payment instead of paying twice.",
            options: [
                .value(
                    "key",
                    "KEY",
                    "the idempotency key (1 to 100 printable ASCII characters, no spaces); default the session's own"
                )
            ],
            example: "session confirm 0123456789abcdef",
            access: .loggedIn,
            refused: "refused by kioskd: no such session, not complete, aborted or expired; a malformed id or key",
            ledger: true
        ),
        CommandHelp(
            words: ["session", "abort"],
            usage: ["session abort SESSION"],
            summary: "abort and release every code read",
            description:
                "Aborts the session SESSION: nothing is paid and every code it read is released for another use.",
            options: [],
            example: "session abort 0123456789abcdef",
            access: .loggedIn,
            refused: "refused by kioskd: no such session, already confirmed; a malformed session id",
            ledger: true
        ),
        CommandHelp(
            words: ["balance"],
            usage: ["balance CODE [--typed]"],
            summary: "a code's balance and state, without holding it",
            description:
                "Shows a voucher's or e-ticket's balance, state (unused, spent, expired), expiry, the payment that "
                + "spent it and whether a session holds it, without holding it. CODE is a QR payload, or the 19 "
                + "typed digits (read as typed even without --typed).",
            options: [.flag("typed", "CODE is the typed digits (spaces and hyphens allowed), not a QR payload")],
            example: "balance 1234-5678-9012-3456-789",
            access: .loggedIn,
            refused: "refused by kioskd: an unknown code, a wrong check digit, too many wrong typed codes",
            ledger: true
        ),
        CommandHelp(
            words: ["watch"],
            usage: ["watch"],
            summary: "print live events (sessions, payments) until interrupted",
            description:
                "Prints kioskd's live events as they happen, one a line: codes read, sessions opened, completed and "
                + "aborted, payments, refunds, the camera. Runs until interrupted, or until kioskd stops, which it "
                + "says on its last line.",
            options: [],
            example: "watch --json",
            access: .loggedIn,
            refused: "refused by kioskd",
            ledger: false
        ),
    ]

    private static let refundCommands: [CommandHelp] = [
        CommandHelp(
            words: ["refund", "search"],
            usage: ["refund search [--payment P] [--date YYYY-MM-DD] [--amount N] [--exclude-refunded]"],
            summary: "find payments to refund, newest first",
            description:
                "Finds payments to refund, newest first, with their amounts, times and memos; the options narrow "
                + "the search and may be combined.",
            options: [
                .value("payment", "P", "only the payment with id P (such as P000000000042)"),
                .value("date", "YYYY-MM-DD", "only payments made that day, in the kiosk's time zone"),
                .value("amount", "N", "only payments of N yen"),
                .flag("exclude-refunded", "leave out payments already refunded"),
            ],
            example: "refund search --amount 2000 --date 2026-12-05",
            access: .roles(managers),
            refused: "nothing found; refused by kioskd; a malformed payment id or day",
            ledger: true
        ),
        CommandHelp(
            words: ["refund", "preview"],
            usage: ["refund preview PAYMENT"],
            summary: "what a refund would return, and whether you may do it",
            description:
                "Shows what refunding the payment PAYMENT would return (each code and amount) and whether the "
                + "account logged in may do it now (the program's refund window), without refunding.",
            options: [],
            example: "refund preview P000000000042",
            access: .roles(managers),
            refused: "refused by kioskd: no such payment, already refunded; a malformed payment id",
            ledger: true
        ),
        CommandHelp(
            words: ["refund", "confirm"],
            usage: ["refund confirm PAYMENT [--key KEY] [--memo TEXT]"],
            summary: "refund the whole payment (irreversible)",
            description:
                "Refunds the whole payment PAYMENT: its codes get their balances back. It cannot be undone. "
                + "Repeating it with the same KEY never refunds twice. Past the program's refund window only the "
                + "program office may refund.",
            options: [
                .value(
                    "key",
                    "KEY",
                    "the idempotency key (1 to 100 printable ASCII characters, no spaces); default a new one"
                ),
                .value("memo", "TEXT", "why, kept with the refund (shown by refund search and report usage)"),
            ],
            example: "refund confirm P000000000042 --memo \"お客様都合\"",
            access: .roles(managers + "; past the refund window only the program office"),
            refused: "refused by kioskd: no such payment, already refunded; a malformed payment id or key",
            ledger: true
        ),
    ]

    private static let programCommands: [CommandHelp] = [
        CommandHelp(
            words: ["program", "list"],
            usage: ["program list"],
            summary: "every program and its terms",
            description:
                "Lists every program with its code, number, name, kind, unit, face value, maximum per payment, "
                + "validity, redemption deadline and refund window; a clerk needs the code to open a session.",
            options: [],
            example: "program list",
            access: .loggedIn,
            refused: "refused by kioskd",
            ledger: true
        ),
        CommandHelp(
            words: ["program", "create"],
            usage: [
                "program create CODE --number N --name NAME --kind paper|eticket --unit YEN --face-value YEN",
                "    --maximum YEN --from D --until D --deadline D [--refund-hours H] [--payout-delay DAYS | --schedule FILE]",
            ],
            summary: "a new program and its terms",
            description:
                "Creates the program CODE. Refunds are possible until the closing unless --refund-hours. Its "
                + "closings fall on the 15th and the month's end and are paid DAYS later (10), or on FILE's lines "
                + "'CLOSING PAYOUT' (two days as YYYY-MM-DD). The program's secret goes in kioskd's secrets file.",
            options: [
                .value("number", "N", required: true, "the program's number, printed in its codes"),
                .value("name", "NAME", required: true, "the name printed on vouchers and shown to customers"),
                .value("kind", "paper|eticket", required: true, "paper vouchers or e-tickets"),
                .value("unit", "YEN", required: true, "the amounts a code pays are multiples of YEN"),
                .value("face-value", "YEN", required: true, "a voucher's value"),
                .value("maximum", "YEN", required: true, "the most one payment may take"),
                .value("from", "D", required: true, "the first day codes are valid (YYYY-MM-DD)"),
                .value("until", "D", required: true, "the last day codes are valid (YYYY-MM-DD)"),
                .value("deadline", "D", required: true, "the last day merchants may redeem (YYYY-MM-DD)"),
                .value("refund-hours", "H", "refunds only within H hours of a payment (default: until its closing)"),
                .value("payout-delay", "DAYS", "a closing is paid DAYS days later (default 10)"),
                .value("schedule", "FILE", "the closings and payout days from FILE instead (not with --payout-delay)"),
            ],
            example:
                "program create KOMATSU27 --number 27 --name \"こまつプレミアム商品券\" --kind paper --unit 500 "
                + "--face-value 1000 --maximum 50000 --from 2026-01-01 --until 2030-06-30 --deadline 2030-07-15",
            access: .roles(office),
            refused: "refused by kioskd: the code or number exists, inconsistent terms, no secret for it; a malformed "
                + "code, kind or day, an unreadable schedule",
            ledger: true
        ),
        CommandHelp(
            words: ["issue", "vouchers"],
            usage: ["issue vouchers PROGRAM --count N"],
            summary: "issue N paper vouchers; prints their sheet's receipt",
            description:
                "Issues N paper vouchers of program PROGRAM and prints the receipt of their printable sheet "
                + "(PROGRAM:FIRST-LAST), which `kioskctl issue sheet` takes.",
            options: [.value("count", "N", required: true, "how many vouchers")],
            example: "issue vouchers KOMATSU27 --count 30",
            access: .roles(office),
            refused:
                "refused by kioskd: an unknown or e-ticket program, a count out of range; a malformed program code",
            ledger: true
        ),
        CommandHelp(
            words: ["issue", "sheet"],
            usage: ["issue sheet RECEIPT --output DIR"],
            summary: "save a voucher sheet's A4 pages (SVG) in DIR",
            description:
                "Saves the voucher sheet RECEIPT (from `issue vouchers`) as A4 SVG pages in DIR, 15 vouchers a "
                + "page with cut marks, named PROGRAM-FIRST-LAST-pN.svg. It can be saved again as often as needed.",
            options: [.value("output", "DIR", required: true, "the directory to save the pages in (it must exist)")],
            example: "issue sheet KOMATSU27:1-30 --output sheets",
            access: .roles(office),
            refused: "refused by kioskd: vouchers not issued; a malformed receipt, a page that cannot be written",
            ledger: true
        ),
        CommandHelp(
            words: ["issue", "eticket"],
            usage: ["issue eticket PROGRAM --balance N --days D"],
            summary: "issue one e-ticket of N yen valid for D days",
            description:
                "Issues one e-ticket of program PROGRAM with a balance of N yen, valid for D days, and shows its "
                + "ticket key once, for the holder's phone app (`kioskctl eticket code` draws its codes).",
            options: [
                .value("balance", "N", required: true, "the e-ticket's balance in whole yen"),
                .value("days", "D", required: true, "how many days it is valid"),
            ],
            example: "issue eticket KOMATSU27E --balance 10000 --days 90",
            access: .roles(office),
            refused: "refused by kioskd: an unknown or paper program, a balance or validity out of range; a malformed "
                + "program code",
            ledger: true
        ),
    ]

    private static let siteCommands: [CommandHelp] =
        [
            CommandHelp(
                words: ["merchant", "create"],
                usage: ["merchant create CODE --name NAME [--representative ACCOUNT] [--contact TEXT]"],
                summary: "register a merchant",
                description:
                    "Registers the merchant CODE (加盟店). Its representative account manages its stores and terminals.",
                options: [
                    .value("name", "NAME", required: true, "the merchant's name"),
                    .value("representative", "ACCOUNT", "the representative account that manages its stores"),
                    .value("contact", "TEXT", "how to reach the merchant"),
                ],
                example: "merchant create M-KAGA --name \"加賀商店\" --representative kaga-rep --contact \"0761-00-0000\"",
                access: .roles(office),
                refused: siteRefused,
                ledger: true
            ),
            CommandHelp(
                words: ["merchant", "list"],
                usage: ["merchant list"],
                summary: "every merchant",
                description: "Lists every merchant with its name, representative, contact and whether it is disabled.",
                options: [],
                example: "merchant list",
                access: .roles(representatives),
                refused: "refused by kioskd",
                ledger: true
            ),
            CommandHelp(
                words: ["merchant", "change"],
                usage: ["merchant change CODE [--name NAME] [--representative ACCOUNT] [--contact TEXT]"],
                summary: "change a merchant's name, representative or contact",
                description: "Changes what is given of the merchant CODE; at least one option.",
                options: [
                    .value("name", "NAME", "the new name"),
                    .value("representative", "ACCOUNT", "the new representative account"),
                    .value("contact", "TEXT", "the new contact"),
                ],
                example: "merchant change M-KAGA --contact \"0761-11-1111\"",
                access: .roles(office),
                refused: siteRefused,
                ledger: true
            ),
        ] + disableEnable("merchant", example: "M-KAGA", access: .roles(office), what: "its terminals open no session")
        + [
            CommandHelp(
                words: ["store", "create"],
                usage: ["store create CODE --merchant M --name NAME"],
                summary: "register a store of merchant M",
                description: "Registers the store CODE of the merchant M.",
                options: [
                    .value("merchant", "M", required: true, "the store's merchant"),
                    .value("name", "NAME", required: true, "the store's name"),
                ],
                example: "store create S-KAGA-1 --merchant M-KAGA --name \"加賀商店 駅前店\"",
                access: .roles(representatives + " (a representative: of its own merchants)"),
                refused: siteRefused,
                ledger: true
            ),
            CommandHelp(
                words: ["store", "list"],
                usage: ["store list [--merchant M]"],
                summary: "the stores, or merchant M's",
                description: "Lists the stores (a representative's: of its merchants) with their merchants and names.",
                options: [.value("merchant", "M", "only merchant M's stores")],
                example: "store list --merchant M-KAGA",
                access: .roles(representatives),
                refused: "refused by kioskd; a malformed merchant code",
                ledger: true
            ),
            CommandHelp(
                words: ["store", "change"],
                usage: ["store change CODE --name NAME"],
                summary: "rename a store",
                description: "Renames the store CODE.",
                options: [.value("name", "NAME", required: true, "the new name")],
                example: "store change S-KAGA-1 --name \"加賀商店 本店\"",
                access: .roles(representatives + " (a representative: of its own merchants)"),
                refused: siteRefused,
                ledger: true
            ),
        ]
        + disableEnable(
            "store",
            example: "S-KAGA-1",
            access: .roles(representatives + " (a representative: of its own merchants)"),
            what: "its terminals open no session"
        )
        + [
            CommandHelp(
                words: ["terminal", "create"],
                usage: ["terminal create CODE --store S --name NAME"],
                summary: "register a kiosk terminal in store S",
                description:
                    "Registers the terminal CODE in the store S. A kiosk takes sessions only when the terminal of "
                    + "its config's [kiosk] section is registered.",
                options: [
                    .value("store", "S", required: true, "the terminal's store"),
                    .value("name", "NAME", required: true, "the terminal's name"),
                ],
                example: "terminal create T-0001 --store S-KAGA-1 --name \"レジ横 1\"",
                access: .roles(representatives + " (a representative: of its own merchants)"),
                refused: siteRefused,
                ledger: true
            ),
            CommandHelp(
                words: ["terminal", "list"],
                usage: ["terminal list [--store S]"],
                summary: "the terminals, or store S's",
                description: "Lists the terminals (a representative's: of its merchants) with their stores and names.",
                options: [.value("store", "S", "only store S's terminals")],
                example: "terminal list --store S-KAGA-1",
                access: .roles(representatives),
                refused: "refused by kioskd; a malformed store code",
                ledger: true
            ),
            CommandHelp(
                words: ["terminal", "change"],
                usage: ["terminal change CODE --name NAME"],
                summary: "rename a terminal",
                description: "Renames the terminal CODE.",
                options: [.value("name", "NAME", required: true, "the new name")],
                example: "terminal change T-0001 --name \"レジ横 2\"",
                access: .roles(representatives + " (a representative: of its own merchants)"),
                refused: siteRefused,
                ledger: true
            ),
        ]
        + disableEnable(
            "terminal",
            example: "T-0001",
            access: .roles(representatives + " (a representative: of its own merchants)"),
            what: "it opens no session"
        )

    /// `KIND disable CODE` and `KIND enable CODE`.
    private static func disableEnable(_ kind: String, example: String, access: Access, what: String) -> [CommandHelp] {
        [
            CommandHelp(
                words: [kind, "disable"],
                usage: ["\(kind) disable CODE"],
                summary: "disable a \(kind): \(what)",
                description: "Disables the \(kind) CODE: \(what). `kioskctl \(kind) enable CODE` undoes it.",
                options: [],
                example: "\(kind) disable \(example)",
                access: access,
                refused: siteRefused,
                ledger: true
            ),
            CommandHelp(
                words: [kind, "enable"],
                usage: ["\(kind) enable CODE"],
                summary: "undo \(kind) disable",
                description: "Enables the disabled \(kind) CODE again.",
                options: [],
                example: "\(kind) enable \(example)",
                access: access,
                refused: siteRefused,
                ledger: true
            ),
        ]
    }

    private static let checkCommands: [CommandHelp] = [
        CommandHelp(
            words: ["audit", "verify"],
            usage: ["audit verify [--head SEQ:HASH]"],
            summary: "check the audit chain, and every payment and code against it",
            description:
                "Checks the audit log's hash chain and every payment, refund, voucher and e-ticket against it. "
                + "With a head recorded earlier (`kioskctl audit head`, kept off the kiosk), also checks that the "
                + "chain up to it was not rewritten.",
            options: [.value("head", "SEQ:HASH", "the head recorded earlier (its sequence and 64 hex digits)")],
            example: "audit verify --head 1042:" + String(repeating: "3f", count: 32),
            access: .roles(managers),
            refused: "the check found a problem (it says which); refused by kioskd; a malformed head",
            ledger: true
        ),
        CommandHelp(
            words: ["audit", "head"],
            usage: ["audit head"],
            summary: "the chain's last entry (SEQ:HASH), to record off the kiosk",
            description:
                "Prints the audit chain's last entry as SEQ:HASH, to record off the kiosk and give "
                + "`kioskctl audit verify --head` later.",
            options: [],
            example: "audit head",
            access: .roles(managers),
            refused: "refused by kioskd",
            ledger: true
        ),
        CommandHelp(
            words: ["ledger", "check"],
            usage: ["ledger check"],
            summary: "the whole ledger: integrity, money invariants, audit chain",
            description:
                "Checks the whole ledger: the database file's integrity, the money invariants (balances, payments, "
                + "refunds), the audit chain and the money against it.",
            options: [],
            example: "ledger check",
            access: .roles(managers),
            refused: "the check found a problem (it says which); refused by kioskd",
            ledger: true
        ),
        CommandHelp(
            words: ["outbox", "status"],
            usage: ["outbox status"],
            summary: "notifications pending, failing and delivered",
            description:
                "Shows the notification outbox: how many payment and refund notifications are pending, failing "
                + "(with their last error) and delivered.",
            options: [],
            example: "outbox status",
            access: .roles(managers),
            refused: "refused by kioskd",
            ledger: true
        ),
        CommandHelp(
            words: ["camera", "list"],
            usage: ["camera list"],
            summary: "the capture devices kioskd can see",
            description:
                "Lists the capture devices kioskd can see, with their formats and sizes (what `kioskctl cameras` "
                + "shows offline, seen by kioskd).",
            options: [],
            example: "camera list",
            access: .loggedIn,
            refused: "refused by kioskd",
            ledger: false
        ),
        CommandHelp(
            words: ["camera", "status"],
            usage: ["camera status"],
            summary: "the camera and scanner figures",
            description:
                "Shows the camera's state (and why, when it is not scanning), its format, size and rate, and the "
                + "scanner's figures: frames, codes read, frames it could not scan.",
            options: [],
            example: "camera status",
            access: .loggedIn,
            refused: "refused by kioskd",
            ledger: false
        ),
        CommandHelp(
            words: ["camera", "restart"],
            usage: ["camera restart"],
            summary: "stop and restart the capture pipeline",
            description: "Stops the capture pipeline and starts it again, reopening the camera.",
            options: [],
            example: "camera restart",
            access: .loggedIn,
            refused: "refused by kioskd: no camera configured",
            ledger: false
        ),
    ]

    private static let reportCommands: [CommandHelp] = [
        CommandHelp(
            words: ["report", "sales"],
            usage: ["report sales [--from D --to D] [--store CODE] [--terminal CODE]"],
            summary: "the sales summary (default: the last 7 days)",
            description:
                "Shows the sales summary (売上照会): payments, refunds and their totals per program, for the days "
                + "from D to D in the kiosk's time zone (both or neither; default the last 7 days).",
            options: [
                .value("from", "D", "the first day (YYYY-MM-DD); with --to"),
                .value("to", "D", "the last day (YYYY-MM-DD); with --from"),
                store, terminal,
            ],
            example: "report sales --from 2026-12-01 --to 2026-12-05",
            access: .loggedIn,
            refused: "refused by kioskd: a range in the wrong order or too long; a malformed day or code",
            ledger: true
        ),
        CommandHelp(
            words: ["report", "usage"],
            usage: [
                "report usage [--from D --to D] [--program CODE] [--payment P] [--amount N] [--exclude-refunded]",
                "    [--page N] [--page-size N] [--store CODE] [--terminal CODE]",
            ],
            summary: "the usage list, 25 rows a page (default today)",
            description:
                "Lists each payment and refund with its codes, amounts, times and memo, for the days from D to D "
                + "(both or neither; at most 3 months; default today), a page at a time.",
            options: [
                .value("from", "D", "the first day (YYYY-MM-DD); with --to"),
                .value("to", "D", "the last day (YYYY-MM-DD); with --from"),
                .value("program", "CODE", "only program CODE's payments"),
                .value("payment", "P", "only the payment with id P"),
                .value("amount", "N", "only payments of N yen"),
                .flag("exclude-refunded", "leave out payments refunded"),
                .value("page", "N", "the page to show (default 1)"),
                .value("page-size", "N", "rows a page (default 25)"),
                store, terminal,
            ],
            example: "report usage --from 2026-12-01 --to 2026-12-05 --program KOMATSU27 --page 2",
            access: .roles(managers),
            refused: "nothing found (no payment matches, or the page is past the last); refused by kioskd: a page or "
                + "page size out of range, a range in the wrong order or too long; a malformed day, code or payment id",
            ledger: true
        ),
        CommandHelp(
            words: ["report", "daily"],
            usage: ["report daily [--from D --to D] [--store CODE] [--terminal CODE]"],
            summary: "totals per day and program (default the last 31 days)",
            description:
                "Shows the totals per day and program for the days from D to D (both or neither; at most 31 days; "
                + "default the last 31 days).",
            options: [
                .value("from", "D", "the first day (YYYY-MM-DD); with --to"),
                .value("to", "D", "the last day (YYYY-MM-DD); with --from"),
                store, terminal,
            ],
            example: "report daily --from 2026-11-01 --to 2026-11-30",
            access: .roles(managers),
            refused: "refused by kioskd: a range in the wrong order or too long; a malformed day or code",
            ledger: true
        ),
        CommandHelp(
            words: ["report", "monthly"],
            usage: ["report monthly [--from YYYY-MM --to YYYY-MM] [--store CODE] [--terminal CODE]"],
            summary: "totals per month and program (default the last 3 months)",
            description:
                "Shows the totals per month and program for the months from --from to --to (both or neither; at "
                + "most 3 months; default the last 3 months).",
            options: [
                .value("from", "YYYY-MM", "the first month; with --to"),
                .value("to", "YYYY-MM", "the last month; with --from"),
                store, terminal,
            ],
            example: "report monthly --from 2026-10 --to 2026-12",
            access: .roles(managers),
            refused: "refused by kioskd: a range in the wrong order or too long; a malformed month or code",
            ledger: true
        ),
        CommandHelp(
            words: ["report", "settlement"],
            usage: ["report settlement --program CODE [--year YYYY] [--store CODE] [--terminal CODE]"],
            summary: "each closing period, its payout date and what is due",
            description:
                "Lists program CODE's closing periods (those closing in YYYY, default every one) with their payout "
                + "dates and the amounts due to the merchants.",
            options: [
                .value("program", "CODE", required: true, "the program"),
                .value("year", "YYYY", "only the periods closing in year YYYY"),
                store, terminal,
            ],
            example: "report settlement --program KOMATSU27 --year 2026",
            access: .roles(managers),
            refused: "refused by kioskd: an unknown program; a malformed program or site code",
            ledger: true
        ),
        CommandHelp(
            words: ["export", "request"],
            usage: ["export request --from D --to D [--encoding utf-8|shift_jis|windows-31j] [--store CODE]"],
            summary: "start a payment data CSV export; prints its receipt",
            description:
                "Starts an export of the payment data (決済データ) of the days from D to D as CSV, and prints its "
                + "receipt number; `kioskctl export status` follows it and `kioskctl export fetch` saves it.",
            options: [
                .value("from", "D", required: true, "the first day (YYYY-MM-DD)"),
                .value("to", "D", required: true, "the last day (YYYY-MM-DD)"),
                .value("encoding", "ENCODING", "utf-8 (default), shift_jis or windows-31j"),
                .value("store", "CODE", "only what was paid at store CODE"),
            ],
            example: "export request --from 2026-11-01 --to 2026-11-30 --encoding shift_jis",
            access: .roles(managers),
            refused: "refused by kioskd: a range in the wrong order or too long, too many exports; a malformed day, "
                + "encoding or store code",
            ledger: true
        ),
        CommandHelp(
            words: ["export", "status"],
            usage: ["export status [RECEIPT]"],
            summary: "an export's progress (every export without RECEIPT)",
            description: "Shows the export RECEIPT's progress, or every export's without RECEIPT.",
            options: [],
            example: "export status 0000-0000-0012",
            access: .roles(managers),
            refused: "refused by kioskd: no such export; a malformed receipt",
            ledger: true
        ),
        CommandHelp(
            words: ["export", "fetch"],
            usage: ["export fetch RECEIPT --output FILE"],
            summary: "save a finished export",
            description: "Saves the finished export RECEIPT in FILE and prints its name and size.",
            options: [.value("output", "FILE", required: true, "the file to save it in")],
            example: "export fetch 0000-0000-0012 --output payments-2026-11.csv",
            access: .roles(managers),
            refused:
                "refused by kioskd: no such export, not finished; a malformed receipt, a file that cannot be written",
            ledger: true
        ),
    ]
}
