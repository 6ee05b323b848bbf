// swift-tools-version:6.0
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6)
]

let package = Package(
    name: "ipreg",
    // Linux only: the C library is reached through Glibc (file system, terminals, signals), and
    // the code is built and tested on Debian alone. No Apple platform is claimed.
    products: [
        .executable(name: "ipreg", targets: ["ipreg"]),
        // The web server is its own executable so the command line never links it (docs/architecture.md).
        .executable(name: "ipreg-serve", targets: ["ipreg-serve"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.0.0"),
        // Accounts: bcrypt for passwords (its product links only its own C target, no server) and
        // SHA-256 for tokens (docs/web-security.md).
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
    ],
    targets: [
        // The system libsqlite3 (Debian: libsqlite3-dev); nothing of SQLite is vendored.
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]
        ),
        // The system zlib (Debian: zlib1g-dev): inflate and deflate for Excel workbooks, which are zips.
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]
        ),
        // Connection, statements, errors, transactions, migrator: knows SQLite, not centers.
        .target(
            name: "SQLiteDB",
            dependencies: ["CSQLite"],
            swiftSettings: strictSettings
        ),
        // Files of rows, knowing nothing of the registry or SQLite: CSV reading and writing, text
        // encodings (GB18030, UTF-16, byte-order marks), Excel workbooks (zip, XML), buffered
        // output and files replaced whole.
        .target(
            name: "TabularFiles",
            dependencies: ["CZlib"],
            swiftSettings: strictSettings
        ),
        // The registry, grouped by entity: centers, statistics, figures, reference data, reports,
        // import (Transfer), maintenance, and the door every command opens it by (Store).
        .target(
            name: "IPRegistry",
            dependencies: [
                "SQLiteDB", "TabularFiles",
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings,
            plugins: ["EmbedMigrations"]
        ),
        // What people read: rows as terminal tables, CSV, TSV, JSON, NDJSON, Markdown; bar charts;
        // exports; control characters and spreadsheet formulas made harmless.
        .target(
            name: "RegistryOutput",
            dependencies: ["IPRegistry", "TabularFiles"],
            swiftSettings: strictSettings
        ),
        // The web view's pages, charts, map and data: plain Swift, no server and no SQLite (the
        // registry's door is IPRegistry), so `ipreg dashboard` and the server draw the overview
        // with the same code.
        .target(
            name: "WebPages",
            dependencies: ["IPRegistry", "RegistryOutput", "TabularFiles"],
            swiftSettings: strictSettings
        ),
        // The options of `ipreg serve` and `ipreg-serve`, declared once; linked by both, so it
        // holds no server (the command line never links Hummingbird or NIO).
        .target(
            name: "ServeArguments",
            dependencies: [
                "WebPages",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        // The server: `buildApplication` (Hummingbird router, request context, middleware,
        // reader scheduler, the guarded HTTP/1 channel).
        .target(
            name: "WebServer",
            dependencies: [
                "WebPages",
                "IPRegistry",
                "TabularFiles",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                // HTTPS for `--tls-cert`/`--tls-key` (swift-nio-ssl); the server's alone, never ipreg's.
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        // `ipreg serve` execs this: parses the options, runs WebServer's application.
        .executableTarget(
            name: "ipreg-serve",
            dependencies: [
                "WebServer",
                "WebPages",
                "ServeArguments",
                "IPRegistry",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        // The command-line tool: one type per command, no SQL and no server (it starts fast).
        .executableTarget(
            name: "ipreg",
            dependencies: [
                "IPRegistry",
                "RegistryOutput",
                "TabularFiles",
                "WebPages",
                "ServeArguments",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings,
            // Swift's static standard library links executables with --export-dynamic, which puts
            // every public symbol of our objects (BoringSSL's 3,000 among them, through swift-crypto)
            // into the dynamic symbol table that the loader and the runtime's dladdr walk at every
            // start. Nothing loads ipreg as a library, so it exports nothing (docs/performance.md).
            linkerSettings: [.unsafeFlags(["-Xlinker", "--no-export-dynamic"])]
        ),
        // Build-time tool: turns Migrations/*.sql into Swift source so the binary carries them.
        .executableTarget(
            name: "EmbedMigrationsTool",
            swiftSettings: strictSettings
        ),
        .plugin(
            name: "EmbedMigrations",
            capability: .buildTool(),
            dependencies: ["EmbedMigrationsTool"]
        ),
        .testTarget(
            name: "SQLiteDBTests",
            dependencies: ["SQLiteDB", "CSQLite"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "IPRegistryTests",
            dependencies: ["IPRegistry", "RegistryOutput", "TabularFiles", "SQLiteDB"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ipregTests",
            dependencies: [
                "ipreg", "ipreg-serve", "IPRegistry", "RegistryOutput", "TabularFiles", "SQLiteDB", "CSQLite",
                "WebPages", "WebServer", "ServeArguments",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
    ]
)
