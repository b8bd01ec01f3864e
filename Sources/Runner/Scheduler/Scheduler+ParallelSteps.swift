import Playbook

/// `parallel_steps: N`: a host runs up to N independent steps at once, each on its own channel of the
/// host's session. `free` runs each host's step graph as fast as it goes; `linear` keeps its barrier,
/// between waves of independent steps instead of between single steps.
extension Scheduler {
    /// Every host of the batch finishes wave k (or is out) before any host starts wave k+1.
    func runLinearWaves(_ batch: BatchContext) async {
        for wave in Self.waves(of: batch.play.steps) {
            // A run_once step goes after the rest of its wave, alone, on the first host still in at
            // that moment: chosen earlier, that host could fail a sibling and leave it run nowhere.
            let runOnce = wave.filter { batch.play.steps[$0].runOnce }
            for part in [wave.filter { !batch.play.steps[$0].runOnce }] + runOnce.map({ [$0] }) where !part.isEmpty {
                if stop.isStopped { return }
                let active = batch.hosts.filter { !ledger.isOut($0) }
                if active.isEmpty { return }
                await forEachHost(active, limit: batch.forks) { host in
                    await self.runSteps(part, on: host, batch, runOnceHost: active.first)
                }
                checkGate(batch)
            }
        }
    }

    /// Each host runs its step graph as fast as it can, up to `parallel_steps` steps at once.
    func runFreeGraph(_ batch: BatchContext) async {
        let active = batch.hosts.filter { !ledger.isOut($0) }
        await forEachHost(active, limit: batch.forks) { host in
            await self.runSteps(Array(batch.play.steps.indices), on: host, batch, runOnceHost: active.first)
        }
        checkGate(batch)
    }

    /// Runs the steps at `indices` of the play on `host`: each once the steps it waits for (among
    /// these) have finished there, in plan order, at most `parallel_steps` at once. A host that is out,
    /// or a stopped run, starts nothing new; what already runs finishes.
    private func runSteps(_ indices: [Int], on host: String, _ batch: BatchContext, runOnceHost: String?) async {
        let steps = batch.play.steps
        let inScope = Set(indices.map { steps[$0].position })
        var finished = Set<Int>()
        var waiting = indices
        await withTaskGroup(of: Int.self) { group in
            var running = 0
            while true {
                var index = 0
                while index < waiting.count, running < batch.play.parallelSteps,
                      !stop.isStopped, !ledger.isOut(host) {
                    let step = steps[waiting[index]]
                    guard step.waitsFor.allSatisfy({ !inScope.contains($0) || finished.contains($0) }) else {
                        index += 1
                        continue
                    }
                    let stepIndex = waiting.remove(at: index)
                    let ref = batch.refs[stepIndex]
                    if step.runOnce, host != runOnceHost {
                        batch.runner.skip(step, ref: ref, on: host, reason: "run_once: ran on \(runOnceHost ?? "")")
                        finished.insert(step.position)
                        index = 0  // a skipped step may release others
                        continue
                    }
                    running += 1
                    group.addTask {
                        _ = await batch.runner.run(step, ref: ref, play: batch.play.position, on: host)
                        return stepIndex
                    }
                }
                guard let done = await group.next() else { return }
                running -= 1
                finished.insert(steps[done].position)
                if ledger.isOut(host), batch.play.gate.anyErrorsFatal { checkGate(batch) }
            }
        }
    }

    /// The indices of `steps` in waves: a step joins the wave after the last of the steps it waits
    /// for, so the steps of one wave are independent; plan order is kept within a wave.
    static func waves(of steps: [PlannedStep]) -> [[Int]] {
        var level: [Int: Int] = [:]  // position → wave
        var waves: [[Int]] = []
        for (index, step) in steps.enumerated() {
            let wave = step.waitsFor.compactMap { level[$0] }.max().map { $0 + 1 } ?? 0
            level[step.position] = wave
            if wave == waves.count { waves.append([]) }
            waves[wave].append(index)
        }
        return waves
    }
}
