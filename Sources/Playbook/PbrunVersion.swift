/// pbrun's own version, recorded in reports and printed by `pbrun --version`.
public let pbrunVersion = "0.1.0"
