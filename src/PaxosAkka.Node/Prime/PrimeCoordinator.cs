using System.Collections.Immutable;
using PaxosAkka.Node.Client;
using PaxosAkka.Node.Configuration;
using PaxosAkka.Node.Store;

namespace PaxosAkka.Node.Prime;

/// <summary>A partial verdict and the store revision at which the log recorded it.</summary>
public sealed record PartialOutcome(PartialVerdict Verdict, long Revision);

/// <summary>The decision on <paramref name="N"/> as recorded in the store at <paramref name="Revision"/>.</summary>
public sealed record PrimeDecision(long N, bool IsPrime, long? Divisor, long Revision, ImmutableArray<int> CheckedBy);

/// <summary>Asks another proposer node to compute and propose its partial verdict (over HTTP in the node).</summary>
public interface IPrimeWorkers
{
    /// <summary>Node <paramref name="worker"/> checks <paramref name="range"/> of <paramref name="n"/> and proposes its verdict.</summary>
    /// <exception cref="PrimeWorkerException">The worker answered with an error or something malformed.</exception>
    Task<PartialOutcome> ComputeAsync(MemberStatus worker, long n, DivisorRange range, CancellationToken cancellationToken);
}

/// <summary>A worker node did not deliver its partial verdict.</summary>
public sealed class PrimeWorkerException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PrimeWorkerException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public PrimeWorkerException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Creates the exception.</summary>
    public PrimeWorkerException()
    {
    }
}

/// <summary>
/// The prime use case (system 000) on one node. As coordinator (the node the client asked, normally the leader)
/// it splits [2, floor(sqrt(n))] among the live proposer nodes; each computes the smallest wheel divisor in its
/// range and proposes that partial verdict through the log, where acceptors verify it; once every partial is
/// chosen the coordinator writes the final verdict under <c>prime/{n}</c>. A worker that fails or times out has
/// its range checked by the coordinator itself, so one dead node never fails the request.
/// </summary>
public sealed class PrimeCoordinator
{
    private readonly IKvService _kv;
    private readonly IPrimeWorkers _workers;
    private readonly int _self;

    /// <summary>Creates the coordinator of node <paramref name="self"/>.</summary>
    public PrimeCoordinator(IKvService kv, IPrimeWorkers workers, int self)
    {
        ArgumentNullException.ThrowIfNull(kv);
        ArgumentNullException.ThrowIfNull(workers);
        _kv = kv;
        _workers = workers;
        _self = self;
    }

    /// <summary>The proposer nodes that share the work: every reachable member with the proposer role, and this node.</summary>
    public IReadOnlyList<MemberStatus> LiveProposers()
    {
        var members = _kv.GetClusterStatus().Members;
        return [.. members.Where(m => m.Id == _self || (m.Reachable && m.Roles.Contains(NodeRoles.Proposer))).OrderBy(m => m.Id)];
    }

    /// <summary>Decides whether <paramref name="n"/> is prime and records the verdict through the log.</summary>
    /// <exception cref="OutcomeUnknownException">A write got no answer in time.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public async Task<PrimeDecision> DecideAsync(long n, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        var workers = LiveProposers();
        var ranges = PrimeMath.Split(n, workers.Count);
        var parts = await Task.WhenAll(ranges.Select((range, i) => PartAsync(workers[i % workers.Count], n, range, cancellationToken))).ConfigureAwait(false);
        var final = Combine(n, parts.Select(p => p.Verdict).ToList(), _self);
        var result = await _kv.ExecuteAsync(PrimeClaimCodec.ToCommand(final), null, cancellationToken).ConfigureAwait(false);
        return new PrimeDecision(n, final.IsPrime, final.Divisor, RevisionOf(result), final.CheckedBy);
    }

    /// <summary>
    /// This node's share: finds the smallest wheel divisor in <paramref name="range"/>, checks the claim as an
    /// acceptor would (so an honest claim never stalls a slot), and proposes it.
    /// </summary>
    public async Task<PartialOutcome> ProposePartialAsync(long n, DivisorRange range, CancellationToken cancellationToken)
    {
        long? divisor = await Task.Run(() => PrimeMath.SmallestWheelDivisor(n, range, cancellationToken), cancellationToken).ConfigureAwait(false);
        var claim = new PartialVerdict(n, range, divisor, _self);
        if (!PrimeVerifier.Verify(claim, PrimeVerifier.Seed(claim, _self)))
        {
            throw new InvalidOperationException($"partial verdict {claim} fails its own verification; not proposed");
        }

        var result = await _kv.ExecuteAsync(PrimeClaimCodec.ToCommand(claim), null, cancellationToken).ConfigureAwait(false);
        return new PartialOutcome(claim, RevisionOf(result));
    }

    /// <summary>
    /// The final verdict from the partials: composite with the smallest divisor any partial found, else prime
    /// (n &gt;= 2). Checked by the partials' nodes; by <paramref name="self"/> alone when there was nothing to split.
    /// </summary>
    public static FinalVerdict Combine(long n, IReadOnlyList<PartialVerdict> parts, int self)
    {
        ArgumentNullException.ThrowIfNull(parts);
        long? divisor = parts.Where(p => p.Divisor is not null).Select(p => p.Divisor).Min();
        ImmutableArray<int> checkedBy = parts.Count == 0 ? [self] : [.. parts.Select(p => p.CheckedBy).Distinct().Order()];
        return new FinalVerdict(n, n >= 2 && divisor is null, divisor, checkedBy);
    }

    private async Task<PartialOutcome> PartAsync(MemberStatus worker, long n, DivisorRange range, CancellationToken cancellationToken)
    {
        if (worker.Id == _self)
        {
            return await ProposePartialAsync(n, range, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            var outcome = await _workers.ComputeAsync(worker, n, range, cancellationToken).ConfigureAwait(false);
            return outcome.Verdict.N == n && outcome.Verdict.Range == range
                ? outcome
                : throw new PrimeWorkerException($"node {worker.Id} answered for {outcome.Verdict.N} {outcome.Verdict.Range}, not {n} {range}");
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested
            && e is PrimeWorkerException or HttpRequestException or OperationCanceledException or OutcomeUnknownException)
        {
            // The worker died, timed out or could not propose: check its range here rather than fail the request.
            return await ProposePartialAsync(n, range, cancellationToken).ConfigureAwait(false);
        }
    }

    private static long RevisionOf(KvResult result) => result switch
    {
        KvWritten written => written.Revision,
        _ => throw new InvalidOperationException($"the store answered {result} to a prime record; expected a write"),
    };
}
