// The pages' markup type: what is interpolated into an `HTML` value is escaped unless it is
// `HTML` itself, so a value from the registry is text wherever it lands.
import Testing
import WebPages

/// HTML values escape what is interpolated into them unless it is HTML itself.
@Suite struct HTMLValueTests {
    @Test func interpolatedTextIsEscapedAndMarkupIsNot() {
        let name = "<b>\"Tom\" & 'Jerry'</b>"
        let inner: HTML = "<em>\(name)</em>"
        let page: HTML = "<p title=\"\(name)\">\(inner) \(42) \(1.5)</p>"
        let escaped = "&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;"
        #expect(inner.markup == "<em>\(escaped)</em>")
        #expect(page.markup == "<p title=\"\(escaped)\"><em>\(escaped)</em> 42 1.5</p>")
        #expect(HTML(text: name).markup == escaped)
        #expect(HTML(trustedMarkup: "<path d=\"M1 2\"/>").markup == "<path d=\"M1 2\"/>")
        #expect((inner + "<br>").markup == "<em>\(escaped)</em><br>")
        #expect([inner, "<br>"].joined().markup == "<em>\(escaped)</em><br>")
        // Text without the five characters comes through as it is, whatever its script.
        let plain: HTML = "<td>\("石家庄市 TISC-1")</td>"
        #expect(plain.markup == "<td>石家庄市 TISC-1</td>")
    }

    @Test func pagesEscapeValuesFromTheRegistry() {
        let page = Layout.errorPage(status: 404, message: "center <script>: no such center")
        #expect(page.markup.contains("<p class=\"error\">center &lt;script&gt;: no such center</p>"))
        #expect(!page.markup.contains("<script>"))
        let chart = SVGChart.bars(title: "a<b", labels: ["x\"y"], values: [1])
        #expect(chart.markup.contains("aria-label=\"a&lt;b\"") && chart.markup.contains(">x&quot;y</text>"))
    }
}
