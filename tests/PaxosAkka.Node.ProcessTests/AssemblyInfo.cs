// Each test runs a whole cluster of node processes; on 2 cores two clusters at once would starve each other's
// heartbeats and turn timing into flakiness, so the tests run one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
