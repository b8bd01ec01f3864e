public enum Strategy: String, Sendable, CaseIterable {
    case linear
    case free
}
