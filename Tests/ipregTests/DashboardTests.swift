// `ipreg dashboard`: the overview as one self-contained HTML file, every registry value escaped.
import Foundation
import Testing

@Suite struct DashboardTests {
    /// The example centers plus two whose names are hostile to HTML.
    static func hostileRegistry() throws -> TestRegistry {
        let registry = try CenterSupport.registry()
        for (code, name) in [("XSS-1", "<script>alert(1)</script>"), ("AMP-1", "Say \"hi\" & <b>bye</b>")] {
            let result = try registry.run(
                CenterSupport.newCenter([("--code", code), ("--name", name), ("--lat", "39.0"), ("--lon", "116.0")]))
            #expect(result.status == 0, "center add failed: \(result.stderr)")
        }
        return registry
    }

    @Test func dashboardEscapesEveryNameAndLoadsNothingFromAnotherHost() throws {
        let registry = try Self.hostileRegistry()
        let output = registry.folder.path("overview.html")
        let result = try registry.run(["dashboard", "--output", output])
        #expect(result.status == 0, "\(result.stderr)")
        let html = try String(contentsOfFile: output, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.contains("<script"), "a center's name became markup")
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("Say &quot;hi&quot; &amp; &lt;b&gt;bye&lt;/b&gt;"))
        #expect(!html.contains("<b>bye"))
        for attribute in ["src=\"http", "href=\"http", "src='http", "href='http", "url(http", "@import"] {
            #expect(!html.contains(attribute), "the page loads \(attribute) from another host")
        }
        #expect(html.contains("Content-Security-Policy"))
    }

    @Test func dashboardCountsCentersByKindAndDrawsTheMap() throws {
        let registry = try Self.hostileRegistry()
        let result = try registry.run(["dashboard"])
        #expect(result.status == 0, "\(result.stderr)")
        let html = result.stdout
        // Seven of the eight are not closed: the example list has one closed center.
        #expect(html.contains("<strong id=\"total-centers\">7</strong>"))
        #expect(html.contains("<svg class=\"map\""))
        #expect(html.contains("<svg class=\"chart\""))
        // Beijing has one center (PC-BJ in 110108); Shijiazhuang the two hostile ones (the closed one does not count)
        // plus OC-HB-PV (130102).
        #expect(html.contains("data-code=\"110000\">1</text>"))
        #expect(html.contains("data-code=\"130100\">3</text>"))
        // Centers with coordinates are dots with their name (escaped) as the title.
        #expect(html.contains("<title>XSS-1 &lt;script&gt;alert(1)&lt;/script&gt;</title></circle>"))
        // Standalone: no links to the server's pages.
        #expect(!html.contains("href=\"/centers"))
    }

    @Test func dashboardOfOneRegionCountsOnlyItsCenters() throws {
        let registry = try Self.hostileRegistry()
        let result = try registry.run(["dashboard", "--region", "120000"])
        #expect(result.status == 0, "\(result.stderr)")
        // PC-TJ operating, TISC-TJU suspended: both not closed.
        #expect(result.stdout.contains("<strong id=\"total-centers\">2</strong>"))
        #expect(result.stdout.contains("天津市"))
    }

    @Test func dashboardRefusesAnUnknownRegionAndWritesNothing() throws {
        let registry = try Self.hostileRegistry()
        let output = registry.folder.path("overview.html")
        let result = try registry.run(["dashboard", "--region", "999999", "--output", output])
        #expect(result.status == 65)
        #expect(result.errorLines.count == 1 && result.stderr.hasPrefix("error: "), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test func dashboardNeverWritesOverTheRegistry() throws {
        let registry = try Self.hostileRegistry()
        let before = try registry.fingerprint()
        let result = try registry.run(["dashboard", "--output", registry.path])
        #expect(result.status == 73)
        #expect(try registry.fingerprint() == before)
    }
}
