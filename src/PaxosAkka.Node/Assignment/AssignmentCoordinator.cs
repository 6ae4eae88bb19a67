using PaxosAkka.Node.Client;
using PaxosAkka.Node.Configuration;
using PaxosAkka.Node.Store;

namespace PaxosAkka.Node.Assignment;

/// <summary>
/// The leader's side of role assignment (system 000), over the replicated log: it reads the assignment in force
/// (a linearizable read), computes the next one with <see cref="RoleAssignmentPolicy"/> from the election's view
/// of who is alive, and writes it with compare-and-set against what it read, so a leader that lost the lead in
/// between can never overwrite a newer assignment. Only the node that leads assigns; the others do nothing.
/// After every round the leader announces the assignment in force (as read from, or written to, the log) to the
/// auto nodes, which start or stop their roles from it (<see cref="AutoRoleState"/>).
/// </summary>
public sealed class AssignmentCoordinator
{
    private readonly IKvService _kv;
    private readonly AssignmentTargets _targets;
    private readonly Action<RoleAssignment>? _announce;

    /// <summary>Creates the coordinator over <paramref name="kv"/>.</summary>
    /// <param name="kv">The node's client service: the assignment is read and written through the log.</param>
    /// <param name="targets">How many replicas the leader wants.</param>
    /// <param name="announce">Called with the assignment in force after each round this node led.</param>
    public AssignmentCoordinator(IKvService kv, AssignmentTargets targets, Action<RoleAssignment>? announce = null)
    {
        ArgumentNullException.ThrowIfNull(kv);
        ArgumentNullException.ThrowIfNull(targets);
        _kv = kv;
        _targets = targets;
        _announce = announce;
    }

    /// <summary>The members whose config says <c>auto</c>.</summary>
    public IReadOnlyList<int> AutoNodes() =>
        [.. _kv.GetClusterStatus().Members.Where(m => m.Roles.Contains(NodeRoles.Auto)).Select(m => m.Id).Order()];

    /// <summary>The assignment in force, read through the log (<see cref="RoleAssignment.Empty"/> before the first).</summary>
    /// <exception cref="InvalidDataException">The key holds something that is not an assignment.</exception>
    public async Task<(RoleAssignment Assignment, byte[]? Raw)> ReadAsync(CancellationToken cancellationToken)
    {
        var result = await _kv.ExecuteAsync(new KvReadCommand(RoleAssignmentCodec.Key), null, cancellationToken).ConfigureAwait(false);
        return result switch
        {
            KvValue value => (RoleAssignmentCodec.TryDecode(value.Value) ?? throw new InvalidDataException($"{RoleAssignmentCodec.Key} holds no role assignment"), value.Value),
            KvNotFound => (RoleAssignment.Empty, null),
            _ => throw new InvalidOperationException($"reading {RoleAssignmentCodec.Key} answered {result}"),
        };
    }

    /// <summary>
    /// One round: when this node leads and auto nodes exist, records the next assignment if it differs from the
    /// one in force. Returns the assignment in force afterwards, or null when this node did not assign (not the
    /// leader, no auto nodes, or another writer got there first: the next round reads again).
    /// </summary>
    public async Task<RoleAssignment?> RunOnceAsync(CancellationToken cancellationToken)
    {
        var status = _kv.GetPaxosStatus();
        var auto = AutoNodes();
        if (status.Leader != status.Self || auto.Count == 0)
        {
            return null;
        }

        var alive = _kv.GetClusterStatus().Members.Where(m => m.Reachable || m.Id == status.Self).Select(m => m.Id).ToHashSet();
        var (current, raw) = await ReadAsync(cancellationToken).ConfigureAwait(false);
        var next = RoleAssignmentPolicy.Next(current, auto, alive, _targets, auto.Contains(status.Self) ? status.Self : null);
        if (!ReferenceEquals(next, current))
        {
            var written = await _kv.ExecuteAsync(
                new KvCasCommand(RoleAssignmentCodec.Key, raw, RoleAssignmentCodec.Encode(next)), null, cancellationToken).ConfigureAwait(false);
            if (written is not KvWritten)
            {
                return null;
            }
        }

        // Announced every round, changed or not: an auto node that missed one (or restarted) learns it within a round.
        _announce?.Invoke(next);
        return next;
    }

    /// <summary>
    /// Runs <see cref="RunOnceAsync"/> every <paramref name="interval"/> until <paramref name="stopping"/>, so a
    /// new leader assigns and a dead holder is replaced within a round of the failure detector noticing. A round
    /// that fails (no quorum, leader change) is simply retried at the next one.
    /// </summary>
    public async Task RunAsync(TimeSpan interval, TimeProvider clock, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(clock);
        using var timer = new PeriodicTimer(interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
            {
                try
                {
                    await RunOnceAsync(stopping).ConfigureAwait(false);
                }
                catch (Exception e) when (e is OutcomeUnknownException or InvalidOperationException or InvalidDataException)
                {
                    // Retried next round; the assignment in force stays until a round succeeds.
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The node stops.
        }
    }
}
