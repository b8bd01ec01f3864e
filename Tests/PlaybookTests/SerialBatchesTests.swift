import Testing
import Playbook

@Suite struct SerialBatchesTests {
    @Test func noSerialIsOneBatch() {
        #expect(SerialBatches.split(Array(1...5), sizes: []) == [[1, 2, 3, 4, 5]])
    }

    @Test func canaryThenPercentagesThenTheRest() {
        let hosts = Array(1...20)
        let batches = SerialBatches.split(hosts, sizes: [.count(1), .percent(10), .percent(100)])
        #expect(batches.map(\.count) == [1, 2, 17])
        #expect(batches.flatMap { $0 } == hosts)
    }

    @Test func lastSizeRepeats() {
        #expect(SerialBatches.split(Array(1...7), sizes: [.count(1), .count(3)]).map(\.count) == [1, 3, 3])
    }

    @Test func percentageRoundsDownButNeverToZero() {
        #expect(BatchSize.percent(10).hosts(outOf: 5) == 1)
        #expect(BatchSize.percent(50).hosts(outOf: 5) == 2)
        #expect(BatchSize.count(0).hosts(outOf: 5) == 1)
    }

    @Test func maxFailPercentageStopsOnlyWhenExceeded() {
        let gate = FailureGate(maxFailPercentage: 50)
        #expect(gate.decision(failed: 2, batchSize: 4) == nil)  // exactly at: tolerated
        let over = gate.decision(failed: 3, batchSize: 4)
        #expect(over?.rule == .maxFailPercentage)
        #expect(over?.description
            == "max_fail_percentage: 3 of 4 host(s) in the batch failed (75% > 50%); stopping the run")
        #expect(FailureGate(maxFailPercentage: 0).decision(failed: 1, batchSize: 10)?.rule == .maxFailPercentage)
        #expect(FailureGate().decision(failed: 4, batchSize: 4) == nil)
    }

    @Test func anyErrorsFatalStopsOnOneFailure() {
        let decision = FailureGate(anyErrorsFatal: true).decision(failed: 1, batchSize: 10)
        #expect(decision?.rule == .anyErrorsFatal)
        #expect(FailureGate(anyErrorsFatal: true).decision(failed: 0, batchSize: 10) == nil)
    }
}
