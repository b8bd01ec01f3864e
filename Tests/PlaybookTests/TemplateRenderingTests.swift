import Testing
import Playbook

@Suite struct TemplateRenderingTests {
    typealias T = TemplateTestSupport

    @Test func plainTextIsUnchanged() throws {
        #expect(try T.render("echo hello") == "echo hello")
        #expect(try Template(T.source("echo hello")).isConstant)
    }

    @Test func rendersEachValueType() throws {
        #expect(try T.render("{{ name }}:{{ port }}") == "web1:8080")
        #expect(try T.render("{{ ratio }} {{ enabled }} [{{ nothing }}]") == "1.5 true []")
        #expect(try T.render("{{ ports }}") == "[80,443]")
        #expect(try T.render("{{ db }}") == #"{"host":"db1","port":5432}"#)
        #expect(try T.render("{{ 2.0 }}") == "2.0")
    }

    @Test func aWholeExpressionKeepsItsType() throws {
        #expect(try T.value("{{ ports }}") == .list([.int(80), .int(443)]))
        #expect(try T.value("{{ port + 1 }}") == .int(8081))
        #expect(try T.value("port {{ port }}") == .string("port 8080"))
        #expect(try T.value("no template") == .string("no template"))
    }

    @Test func literals() throws {
        #expect(try T.value("{{ 'single' }}") == .string("single"))
        #expect(try T.value(#"{{ "dou\"ble" }}"#) == .string("dou\"ble"))
        #expect(try T.value("{{ 42 }}") == .int(42))
        #expect(try T.value("{{ 1_000 }}") == .int(1000))
        #expect(try T.value("{{ 2.5 }}") == .double(2.5))
        #expect(try T.value("{{ 1e3 }}") == .double(1000))
        #expect(try T.value("{{ true }}") == .bool(true))
        #expect(try T.value("{{ False }}") == .bool(false))
        #expect(try T.value("{{ none }}") == .null)
        #expect(try T.value("{{ null }}") == .null)
        #expect(try T.value("{{ [1, 'a', [true]] }}") == .list([.int(1), .string("a"), .list([.bool(true)])]))
        #expect(try T.value("{{ [] }}") == .list([]))
    }

    @Test func dottedAndIndexedAccess() throws {
        #expect(try T.render("{{ db.host }}") == "db1")
        #expect(try T.render("{{ db['port'] }}") == "5432")
        #expect(try T.render("{{ ports[0] }} {{ ports[-1] }} {{ ports.1 }}") == "80 443 443")
        #expect(try T.render("{{ name[0] }}") == "w")
        let nested = Value.OrderedMap([("a", .map(Value.OrderedMap([("b", .list([.string("deep")]))])))])
        #expect(try T.render("{{ a.b[0] }}", in: T.scope(nested)) == "deep")
    }

    @Test func escapingDoubleBraces() throws {
        #expect(try T.render("{{ '{{' }} name }}") == "{{ name }}")
        #expect(try T.render("{% raw %}{{ name }} {% endraw %}={{ name }}") == "{{ name }} =web1")
        #expect(try T.render("printf '{%s}' x") == "printf '{%s}' x")
        #expect(try T.render("echo ${#arr[@]} {{ port }}") == "echo ${#arr[@]} 8080")
    }

    @Test func closingBracesInsideAStringDoNotEndTheExpression() throws {
        #expect(try T.render("{{ '}}' }}!") == "}}!")
    }

    @Test func variablesHoldingTemplatesAreExpandedWhereUsed() throws {
        let values = Value.OrderedMap([
            ("host", .string("db1")),
            ("url", .string("postgres://{{ host }}:{{ port }}")),
            ("port", .int(5432)),
            ("urls", .list([.string("{{ url }}/a")])),
        ])
        #expect(try T.render("{{ url }}", in: T.scope(values)) == "postgres://db1:5432")
        #expect(try T.value("{{ urls }}", in: T.scope(values)) == .list([.string("postgres://db1:5432/a")]))
    }

    @Test func aVariableThatRefersToItselfIsAnError() {
        let values = Value.OrderedMap([("a", .string("{{ b }}")), ("b", .string("x{{ a }}"))])
        #expect(T.renderError("{{ a }}", in: T.scope(values))
            == "play.yml:1:5: error: variable 'a' refers to itself (a -> b -> a)")
    }

    @Test func conditionalExpression() throws {
        #expect(try T.render("{{ 'on' if enabled else 'off' }}") == "on")
        #expect(try T.render("{{ 'big' if port > 9000 else 'small' }}") == "small")
    }

    @Test func aListOfConditionsMeansAllOfThem() throws {
        let scope = T.scope()
        let yes = try Condition(T.source("port == 8080"))
        let no = try Condition(T.source("name == 'web2'"))
        #expect(try Condition.all([yes, yes], in: scope))
        #expect(try !Condition.all([yes, no], in: scope))
        #expect(try Condition.all([], in: scope))
    }
}
