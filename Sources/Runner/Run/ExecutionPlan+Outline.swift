import Playbook
import Report

extension ExecutionPlan {
    /// The plays, their hosts and their steps, as the reports list them.
    var outline: [PlayPlan] {
        plays.map { play in
            let ref = PlayRef(position: play.position, name: play.name, location: play.location)
            let steps = (play.steps.sorted { $0.position < $1.position } + play.handlers).map { step in
                StepRef(play: ref, position: step.position, id: step.id, name: step.name, location: step.location,
                        isHandler: step.isHandler)
            }
            return PlayPlan(play: ref, hosts: play.batches.flatMap { $0 }, steps: steps, strategy: play.strategy,
                            parallelSteps: play.parallelSteps)
        }
    }
}
