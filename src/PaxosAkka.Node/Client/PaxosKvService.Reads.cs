using Akka.Actor;
using PaxosAkka.Node.Configuration;
using PaxosAkka.Node.Roles;
using PaxosAkka.Node.Store;

namespace PaxosAkka.Node.Client;

/// <summary>
/// Linearizable reads without a log slot (read index: Consensus <c>ReadIndexProtocol</c> has the argument). The
/// read goes to the local proposer with a waiter as its sender; the leader confirms its ballot with a quorum after
/// the read arrived, and this node's store answers the waiter once it applied the confirmed index. A refusal or no
/// answer within <see cref="ReadIndexTimeout"/> falls back to ordering the read through the log, which is always
/// correct: never a possibly stale value.
/// </summary>
public sealed partial class PaxosKvService
{
    private long _readsServedByIndex;

    /// <summary>
    /// Serve reads by read index (default true). Only where this node's own store applies the log (every learner with
    /// a store beside it); in the two-phase-commit topology (stores on other nodes) reads still take a log slot.
    /// </summary>
    public bool ReadIndexReads { get; init; } = true;

    /// <summary>How long a read waits for its read index before it falls back to the log (default 500 ms).</summary>
    public TimeSpan ReadIndexTimeout { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Reads answered by read index so far (the rest of the reads went through the log).</summary>
    public long ReadsServedByIndex => Interlocked.Read(ref _readsServedByIndex);

    private bool ReadsByIndex => ReadIndexReads && !_twoPhaseCommit && _settings.Has(NodeRoles.Store) && _settings.Has(NodeRoles.Proposer);

    /// <summary>
    /// The value read by read index, or null when the read must go through the log. <paramref name="applied"/> is the
    /// log's answer for this read's command id: an earlier attempt with the same Idempotency-Key may have put it in a
    /// slot, and when that slot is applied first its answer is as good (and the waiting client must get it).
    /// </summary>
    /// <remarks>
    /// Every way the wait ends completes the one waiter task (its answer, the give-up timer, the log's answer, the
    /// request's cancellation) instead of racing several tasks.
    /// </remarks>
    private async Task<KvResult?> ReadByIndexAsync(string key, Task<KvResult> applied, CancellationToken cancellationToken)
    {
        var waiter = new ReadWaiter();
        using var giveUp = _clock.CreateTimer(static w => ((ReadWaiter)w!).GiveUp(), waiter, ReadIndexTimeout, Timeout.InfiniteTimeSpan);
        await using var cancel = cancellationToken.Register(static w => ((ReadWaiter)w!).Cancel(), waiter).ConfigureAwait(false);
        _ = applied.ContinueWith(static (t, w) => ((ReadWaiter)w!).Tell(t.Result, null), waiter, CancellationToken.None,
            TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        _router.Tell(_settings.Id, RoleNames.Proposer, new ProposerProtocol.ReadIndex(key), waiter);
        var answer = await waiter.Answer.ConfigureAwait(false); // throws when the request was cancelled or timed out
        if (answer is not null)
        {
            Interlocked.Increment(ref _readsServedByIndex);
        }

        return answer;
    }

    /// <summary>
    /// The sender of a read-index read: a ref that completes a task instead of queueing in a mailbox. It only ever
    /// travels inside this node (a follower's proposer keeps it while the leader answers by read id).
    /// </summary>
    private sealed class ReadWaiter : ActorRefBase
    {
        private static readonly ActorPath WaiterPath = new RootActorPath(new Address("akka", "read-index")) / "waiter";

        // Continuations run on the thread pool: never on the store actor's thread, which must not write HTTP responses.
        private readonly TaskCompletionSource<KvResult?> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<KvResult?> Answer => _answer.Task;

        public override ActorPath Path => WaiterPath;

        public void GiveUp() => _answer.TrySetResult(null);

        public void Cancel() => _answer.TrySetCanceled();

        // A value or not-found; ReadRefused (or anything else) means the log.
        protected override void TellInternal(object message, IActorRef sender) => _answer.TrySetResult(message as KvResult);
    }
}
