using PaxosAkka.Node.Client;
using PaxosAkka.Node.Prime;
using PaxosAkka.Node.Store;
using PaxosAkka.Node.Tests.Http;

namespace PaxosAkka.Node.Tests.Prime;

public sealed class PrimeCoordinatorTests
{
    private static readonly ClusterStatus ThreeProposers = new(
        [
            new MemberStatus(1, ["proposer", "acceptor", "learner", "store"], "up", true, "http://127.0.0.1:1"),
            new MemberStatus(2, ["proposer", "acceptor", "learner", "store"], "up", true, "http://127.0.0.1:2"),
            new MemberStatus(3, ["proposer", "acceptor", "learner", "store"], "up", true, "http://127.0.0.1:3"),
            new MemberStatus(4, ["acceptor"], "up", true, "http://127.0.0.1:4"),
            new MemberStatus(5, ["proposer"], "unreachable", false, "http://127.0.0.1:5"),
        ],
        1);

    [Theory]
    [InlineData(999_999_999_989, true, null)]
    [InlineData(999_966_000_289, false, 999_983L)]
    [InlineData(561, false, 3L)]
    public async Task Coordinator_splits_among_live_proposers_records_partials_then_the_verdict(long n, bool prime, long? divisor)
    {
        var log = new FakeKvService { Cluster = ThreeProposers };
        var workers = new LocalWorkers(log);
        var coordinator = new PrimeCoordinator(log, workers, 1);

        var decision = await coordinator.DecideAsync(n, CancellationToken.None);

        Assert.Equal(prime, decision.IsPrime);
        Assert.Equal(divisor, decision.Divisor);
        // Node 4 is no proposer and node 5 is unreachable: nodes 1 (itself), 2 and 3 share the range.
        Assert.Equal([1, 2, 3], decision.CheckedBy.ToArray());
        Assert.Equal([2, 3], workers.Asked.Order().ToArray());
        var keys = log.Received.Select(r => r.Command.Key).ToList();
        Assert.Equal(PrimeClaimCodec.VerdictKey(n), keys[^1]);
        Assert.Equal(3, keys.Count(k => k.StartsWith($"prime/{n}/part/", StringComparison.Ordinal)));
        var recorded = Assert.IsType<FinalVerdict>(PrimeClaimCodec.TryParse(keys[^1], ((KvPutCommand)log.Received[^1].Command).Value));
        Assert.Equal((n, prime, divisor), (recorded.N, recorded.IsPrime, recorded.Divisor));
        Assert.Equal(decision.CheckedBy.ToArray(), recorded.CheckedBy.ToArray());
        Assert.True(decision.Revision > 0);
    }

    [Fact]
    public async Task A_worker_that_fails_has_its_range_checked_by_the_coordinator()
    {
        var log = new FakeKvService { Cluster = ThreeProposers };
        var workers = new LocalWorkers(log) { Failing = 3 };
        var decision = await new PrimeCoordinator(log, workers, 1).DecideAsync(1_000_036_000_099, CancellationToken.None);

        Assert.False(decision.IsPrime);
        Assert.Equal(1_000_003, decision.Divisor);
        Assert.Equal([1, 2], decision.CheckedBy.ToArray());
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    [InlineData(3, true)]
    public async Task Numbers_below_four_have_nothing_to_split_and_are_checked_by_the_coordinator(long n, bool prime)
    {
        var log = new FakeKvService { Cluster = ThreeProposers };
        var decision = await new PrimeCoordinator(log, new LocalWorkers(log), 1).DecideAsync(n, CancellationToken.None);
        Assert.Equal(prime, decision.IsPrime);
        Assert.Equal([1], decision.CheckedBy.ToArray());
        Assert.Single(log.Received);
    }

    /// <summary>Workers that run the real partial computation in-process as the named node, over the same log.</summary>
    private sealed class LocalWorkers(IKvService log) : IPrimeWorkers
    {
        private readonly System.Collections.Concurrent.ConcurrentBag<int> _asked = [];

        public int? Failing { get; init; }

        public IReadOnlyCollection<int> Asked => _asked;

        public Task<PartialOutcome> ComputeAsync(MemberStatus worker, long n, DivisorRange range, CancellationToken cancellationToken)
        {
            _asked.Add(worker.Id);
            return worker.Id == Failing
                ? Task.FromException<PartialOutcome>(new HttpRequestException($"node {worker.Id} is down"))
                : new PrimeCoordinator(log, this, worker.Id).ProposePartialAsync(n, range, cancellationToken);
        }
    }
}
