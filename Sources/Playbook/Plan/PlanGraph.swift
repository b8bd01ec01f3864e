extension PlanPrinter {
    /// The step graph of every play in Graphviz DOT: one cluster per play, an arrow from each step to
    /// the steps that wait for it, dashed arrows to the handlers a step notifies. Render it with
    /// `dot -Tsvg`.
    public func dot() -> String {
        var out = "digraph plan {\n  rankdir=TB;\n  node [shape=box];\n"
        for play in plan.plays {
            out += "  subgraph cluster_play\(play.position) {\n"
            out += "    label=\(Self.dotString("play \(play.position): \(masked(play.name))"));\n"
            for step in play.steps {
                out += "    \(node(play, step)) [label=\(Self.dotString(label(step, play: play)))"
                out += plan.runTimeReason(play: play.position, step: step) != nil ? ", style=dashed];\n" : "];\n"
            }
            for handler in play.handlers {
                let text = Self.dotString(label(handler, play: play))
                out += "    \(node(play, handler)) [label=\(text), shape=ellipse];\n"
            }
            for (from, to, notify) in edges(play) {
                out += "    \(node(play, from)) -> \(node(play, to))"
                out += notify ? " [style=dashed, label=\"notify\"];\n" : ";\n"
            }
            out += "  }\n"
        }
        return out + "}\n"
    }

    /// The same graph as a Mermaid flowchart (renders in GitHub Markdown): one subgraph per play,
    /// `-->` for "waits for", `-.->|notify|` for handlers.
    public func mermaid() -> String {
        var out = "flowchart TD\n"
        for play in plan.plays {
            let title = Self.mermaidString("play \(play.position): \(masked(play.name))")
            out += "  subgraph play\(play.position)[\(title)]\n"
            for step in play.steps {
                out += "    \(node(play, step))[\(Self.mermaidString(label(step, play: play)))]\n"
            }
            for handler in play.handlers {
                out += "    \(node(play, handler))([\(Self.mermaidString(label(handler, play: play)))])\n"
            }
            for (from, to, notify) in edges(play) {
                out += "    \(node(play, from)) " + (notify ? "-.->|notify| " : "--> ") + node(play, to) + "\n"
            }
            out += "  end\n"
        }
        return out
    }

    /// Dependencies first (in step order), then notifications.
    private func edges(_ play: PlannedPlay) -> [(PlannedStep, PlannedStep, Bool)] {
        let byPosition = Dictionary(play.steps.map { ($0.position, $0) }, uniquingKeysWith: { first, _ in first })
        let handlers = Dictionary(play.handlers.map { ($0.position, $0) }, uniquingKeysWith: { first, _ in first })
        let dependencies = plan.dependencies(play: play.position)
        var edges: [(PlannedStep, PlannedStep, Bool)] = []
        for step in play.steps {
            for position in dependencies[step.position] ?? [] {
                if let from = byPosition[position] { edges.append((from, step, false)) }
            }
        }
        for step in play.steps {
            for position in step.notifies {
                if let handler = handlers[position] { edges.append((step, handler, true)) }
            }
        }
        let handlerNotifications = plan.handlerNotifications(play: play.position)
        for handler in play.handlers {
            for position in handlerNotifications[handler.position] ?? [] {
                if let target = handlers[position] { edges.append((handler, target, true)) }
            }
        }
        return edges
    }

    private func node(_ play: PlannedPlay, _ step: PlannedStep) -> String {
        "p\(play.position)\(step.isHandler ? "h" : "s")\(step.position)"
    }

    private func label(_ step: PlannedStep, play: PlannedPlay) -> String {
        let prefix = step.isHandler ? "handler: " : "\(step.position). "
        let runTime = plan.runTimeReason(play: play.position, step: step) != nil ? " (decided at run time)" : ""
        return prefix + masked(step.name) + runTime
    }

    /// A DOT string literal.
    static func dotString(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n") + "\""
    }

    /// A quoted Mermaid label; quotes become `#quot;`, Mermaid's entity for them.
    static func mermaidString(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\"", with: "#quot;").replacingOccurrences(of: "\n", with: " ") + "\""
    }
}
