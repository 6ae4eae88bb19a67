using System.Collections.Immutable;
using PaxosAkka.Consensus;
using PaxosAkka.Node.Client;
using PaxosAkka.Node.Store;

namespace PaxosAkka.Node.Tests.Http;

/// <summary>
/// A deterministic, in-process <see cref="IKvService"/>: every command becomes the next slot of a one-node "log"
/// applied by the real <see cref="KvStateMachine"/>, with the command ids the real service derives from the
/// Idempotency-Key. Tests can make it answer 503-style (<see cref="FailWith"/>), hang until cancelled, or
/// answer a fixed result, and see every command that reached it.
/// </summary>
internal sealed class FakeKvService : IKvService
{
    private readonly Lock _gate = new();
    private readonly KvStateMachine _store = new();
    private readonly ChosenLogTail _chosen = new();
    private readonly List<(KvCommand Command, string? IdempotencyKey)> _received = [];
    private long _nextSlot;
    private long _sequence;

    /// <summary>Thrown by <see cref="ExecuteAsync"/> instead of applying (e.g. an <see cref="OutcomeUnknownException"/>).</summary>
    public Exception? FailWith { get; set; }

    /// <summary>When set, <see cref="ExecuteAsync"/> waits until its token is cancelled.</summary>
    public bool Hang { get; set; }

    /// <summary>When set, answers this instead of applying.</summary>
    public KvResult? Answer { get; set; }

    /// <summary>What <see cref="ServingPeer"/> answers: set, this node serves no key-value requests itself.</summary>
    public Uri? Peer { get; set; }

    /// <summary>When set, <see cref="GetPaxosStatus"/> throws it.</summary>
    public Exception? StatusFailure { get; set; }

    /// <summary>What <see cref="GetPaxosStatus"/> reports (roles hold an anonymous object, as the real service's do).</summary>
    public PaxosStatus Status { get; set; } = new(
        2,
        2,
        "(3.2)",
        7,
        6,
        new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["proposer"] = new { state = "leading", ballot = "(3.2)", firstUnchosenSlot = 7L },
            ["store"] = new { lastAppliedSlot = 6L, revision = 4L, keys = 2 },
        });

    /// <summary>What <see cref="GetClusterStatus"/> reports.</summary>
    public ClusterStatus Cluster { get; set; } = new(
        [
            new MemberStatus(1, ["proposer", "acceptor"], "up", true, "http://127.0.0.1:8081"),
            new MemberStatus(2, ["proposer", "acceptor", "learner", "store"], "up", true, "http://127.0.0.1:8082"),
            new MemberStatus(3, ["acceptor"], "unreachable", false, "http://127.0.0.1:8083"),
        ],
        2);

    /// <summary>Every command that reached the service, in order.</summary>
    public IReadOnlyList<(KvCommand Command, string? IdempotencyKey)> Received
    {
        get
        {
            lock (_gate)
            {
                return [.. _received];
            }
        }
    }

    public async Task<KvResult> ExecuteAsync(KvCommand command, string? idempotencyKey, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _received.Add((command, idempotencyKey));
        }

        if (Hang)
        {
            var never = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await using (cancellationToken.Register(() => never.TrySetCanceled(cancellationToken)))
            {
                await never.Task;
            }
        }

        if (FailWith is { } failure)
        {
            throw failure;
        }

        if (Answer is { } answer)
        {
            return answer;
        }

        lock (_gate)
        {
            var id = idempotencyKey is null ? new CommandId("fake", ++_sequence) : IdempotencyKeys.CommandIdFor(idempotencyKey, command);
            var entry = new ChosenEntry(_nextSlot++, new SlotValue([new Command(id, KvCommandCodec.Encode(command))]));
            _chosen.Record(entry);
            return _store.Apply(entry)[0].Result;
        }
    }

    public PaxosStatus GetPaxosStatus() => StatusFailure is { } e ? throw e : Status;

    public ClusterStatus GetClusterStatus() => Cluster;

    public Uri? ServingPeer() => Peer;

    public IReadOnlyList<ChosenLogEntry> GetChosenLogTail(int count) => _chosen.Latest(count);
}
