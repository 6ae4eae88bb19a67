// Each spec runs a whole cluster; on 2 cores two at once would starve each other's heartbeats and turn timing into
// flakiness, so the specs run one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
