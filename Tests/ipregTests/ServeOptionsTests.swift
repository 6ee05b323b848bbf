// `ipreg serve` and `ipreg-serve` take one declaration of the serve options (ServeArguments):
// the same names, defaults and ranges, handed from one to the other as given.
import ArgumentParser
import ServeArguments
import Testing
import WebPages

/// The serve options are one declaration: `ipreg serve` hands them to `ipreg-serve` as they were given.
@Suite struct ServeOptionsTests {
    @Test func theOptionsGoToTheServerAsGivenAndAreCheckedAlike() throws {
        let given = [
            "--host", "::1", "--port", "0", "--sql-time-limit", "250", "--max-rows", "7", "--idle-timeout", "3",
            "--max-connections", "9", "--allowed-host", "a.example", "--allowed-host", "b.example:81",
            "--access-log", "-", "--max-response-bytes", "2048",
        ]
        let options = try ServeOptions.parse(given)
        #expect(options.problem(busyTimeout: 5000) == nil)
        let again = try ServeOptions.parse(options.arguments)
        #expect(again.arguments == options.arguments)
        #expect(Set(options.arguments) == Set(given))
        #expect(again.host == "::1" && again.port == 0 && again.allowedHost == ["a.example", "b.example:81"])

        let defaults = try ServeOptions.parse([])
        #expect(defaults.port == 8080 && defaults.host == "127.0.0.1" && defaults.maxRows == 1000)
        #expect(defaults.idleTimeout == ServeLimits.defaultIdleTimeoutSeconds)
        #expect(defaults.maxResponseBytes == WebApp.defaultMaxResponseBytes)
        #expect(defaults.accessLog == nil && !defaults.arguments.contains("--access-log"))

        #expect(try ServeOptions.parse(["--port", "-1"]).problem(busyTimeout: 0) == "--port must be from 0 to 65535")
        #expect(
            try ServeOptions.parse(["--access-log", ""]).problem(busyTimeout: 0)
                == "--access-log must name a file, or - for standard error")
        #expect(
            try ServeOptions.parse([]).problem(busyTimeout: -1)
                == "--busy-timeout must be from 0 to 2147483647 milliseconds")
    }

    @Test func theSignInOptionsGoToTheServerToo() throws {
        let given = [
            "--tls-cert", "/etc/hosts", "--tls-key", "/etc/hosts", "--trusted-proxy", "::1", "--trusted-proxy",
            "10.0.0.1", "--private",
        ]
        let options = try ServeOptions.parse(given)
        #expect(options.problem(busyTimeout: 5000) == nil)
        #expect(try ServeOptions.parse(options.arguments).arguments == options.arguments)
        #expect(Set(options.arguments).isSuperset(of: Set(given)))
        #expect(options.isPrivate && options.trustedProxy == ["::1", "10.0.0.1"])
        #expect(try ServeOptions.parse(["--host", "0.0.0.0"]).takesSignIn == false)
        #expect(try ServeOptions.parse(["--host", "0.0.0.0", "--trusted-proxy", "10.0.0.1"]).takesSignIn)
        #expect(try ServeOptions.parse(["--host", "localhost"]).takesSignIn)
        #expect(
            try ServeOptions.parse(["--trusted-proxy", "[::1]"]).problem(busyTimeout: 0) == nil,
            "an IPv6 address may be bracketed")
    }

    @Test func theUploadLimitGoesToTheServerWhenGivenAndIsChecked() throws {
        let options = try ServeOptions.parse(["--max-upload-bytes", "1000"])
        #expect(options.problem(busyTimeout: 5000) == nil)
        #expect(try ServeOptions.parse(options.arguments).maxUploadBytes == 1000)
        #expect(try ServeOptions.parse([]).maxUploadBytes == 50_000_000)
        #expect(!(try ServeOptions.parse([]).arguments.contains("--max-upload-bytes")))
        #expect(
            try ServeOptions.parse(["--max-upload-bytes", "0"]).problem(busyTimeout: 0)
                == "--max-upload-bytes must be from 1 to 1073741824 bytes")
    }
}
