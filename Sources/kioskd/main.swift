import Foundation

let daemonHelp = """
    Usage: kioskd [--config FILE]
           kioskd --check-config FILE
           kioskd demo-setup DIR [--postgresql CONNINFO] [--display ADDRESS]
           kioskd create-account --config FILE NAME ROLE < initial-password
           kioskd unlock-account --config FILE NAME
           kioskd secret generate --config FILE PROGRAM NUMBER

    The QR voucher kiosk daemon: serves redemption sessions over its control socket and records
    payments in its ledger. Logs go to standard error with journal priority prefixes.

      --config FILE        the config file (default \(DaemonConfig.defaultPath))
      --check-config FILE  check a config file and its program secrets file, then exit:
                           0 when both are valid, 1 with the file, line and mistake otherwise
      demo-setup DIR       make a fresh demo kiosk in DIR: config, program secrets, and a ledger
                           with a paper voucher program, an e-ticket program, ten vouchers
                           (listed in DIR/vouchers.txt) and one e-ticket; then run
                           `kioskd --config DIR/kioskd.conf`; with --postgresql, the ledger
                           goes to that (empty) shared PostgreSQL database instead of a file;
                           with --display, its customer display listens on ADDRESS (such as
                           127.0.0.1:8080), with the touch buttons on
      create-account       add an account straight to the ledger of FILE's kiosk (run as the
                           kioskd user or root; for the first program_office account): ROLE is
                           staff, manager, representative or program_office; the initial
                           password is the first line of standard input and must be changed at
                           first login
      unlock-account       lift the lock of account NAME (too many failed logins) straight in the
                           ledger of FILE's kiosk, as root on the kiosk, when no account that
                           could reset its password can log in; recorded in the audit log; the
                           password is unchanged
      secret generate      add a new program's secret (32 random bytes from the OS) to the program
                           secrets file of FILE's kiosk, atomically, keeping its owner and mode
                           0640; refuses a program or number already there; prints no secret.
                           Then SIGHUP (systemctl reload kioskd) loads it without a restart
      -h, --help           show this help
    """

var arguments = Array(CommandLine.arguments.dropFirst())
var configPath = DaemonConfig.defaultPath
var checkOnly = false
while let word = arguments.first {
    arguments.removeFirst()
    switch word {
    case "-h", "--help":
        print(daemonHelp)
        exit(0)
    case "demo-setup":
        var options = arguments
        arguments = []
        var shared: String?
        var display: String?
        var directory: String?
        var valid = true
        while let option = options.first {
            options.removeFirst()
            switch option {
            case "--postgresql" where !options.isEmpty: shared = options.removeFirst()
            case "--display" where !options.isEmpty: display = options.removeFirst()
            case let word where directory == nil && !word.hasPrefix("-"): directory = word
            default: valid = false
            }
        }
        guard let directory, valid, display.map({ DisplaySettings.Address($0) != nil }) ?? true else {
            FileHandle.standardError.write(
                Data("kioskd: usage: kioskd demo-setup DIR [--postgresql CONNINFO] [--display ADDRESS such as 127.0.0.1:8080]\n".utf8))
            exit(2)
        }
        do {
            try DemoSetup.run(directory: directory, postgresql: shared, displayAddress: display)
            print("demo kiosk made in \(directory); start it with: kioskd --config \(directory)/kioskd.conf")
            if let display { print("its customer display: http://\(display)/") }
            exit(0)
        } catch {
            FileHandle.standardError.write(Data("kioskd: demo-setup: \(error)\n".utf8))
            exit(1)
        }
    case "create-account":
        guard arguments.count == 4, arguments[0] == "--config" else {
            FileHandle.standardError.write(Data("kioskd: usage: kioskd create-account --config FILE NAME ROLE\n".utf8))
            exit(2)
        }
        exit(AccountBootstrap.run(configPath: arguments[1], name: arguments[2], roleText: arguments[3]))
    case "secret":
        exit(SecretGenerator.run(arguments))
    case "unlock-account":
        guard arguments.count == 3, arguments[0] == "--config" else {
            FileHandle.standardError.write(Data("kioskd: usage: kioskd unlock-account --config FILE NAME\n".utf8))
            exit(2)
        }
        exit(AccountUnlock.run(configPath: arguments[1], name: arguments[2]))
    case "--config", "--check-config":
        guard let path = arguments.first else {
            FileHandle.standardError.write(Data("kioskd: \(word) needs a file\n".utf8))
            exit(2)
        }
        arguments.removeFirst()
        configPath = path
        checkOnly = word == "--check-config"
    default:
        FileHandle.standardError.write(Data("kioskd: unknown argument '\(word)' (see --help)\n".utf8))
        exit(2)
    }
}

if checkOnly {
    do {
        let config = try DaemonConfig.load(path: configPath)
        let keys = try ProgramKeysFile.load(path: config.programKeysPath)
        print("\(configPath): valid (\(keys.count) program keys in \(config.programKeysPath))")
        exit(0)
    } catch {
        FileHandle.standardError.write(Data("kioskd: \(error)\n".utf8))
        exit(1)
    }
}

do {
    let daemon = try Daemon(config: DaemonConfig.load(path: configPath), path: configPath)
    daemon.run()
} catch {
    Logger().error("kioskd cannot start: \(error)")
    exit(1)
}
