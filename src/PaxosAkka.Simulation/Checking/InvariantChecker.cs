using PaxosAkka.Consensus;

namespace PaxosAkka.Simulation.Checking;

/// <summary>
/// Checks the safety invariants of issue 2 incrementally, as the simulator reports each event, so a violation
/// is caught at the step that causes it:
/// Agreement — never two values chosen for one slot (acceptor-quorum ground truth, learners and leaders, all time);
/// Validity — only submitted commands or no-ops are chosen;
/// Integrity — each learner delivers the one true log in slot order without gaps or repeats, and no node
/// applies a command twice, and all nodes apply the same command sequence;
/// Durability — a message revealing a promise or vote is sent only after that promise or vote is durable.
/// Independent of the core's own bookkeeping: it sees only what a host sees.
/// </summary>
internal sealed class InvariantChecker
{
    private readonly ChosenOracle _oracle;
    private readonly Dictionary<CommandId, Command> _submitted = [];
    private readonly HashSet<CommandId> _chosenCommands = [];
    private readonly Dictionary<int, long> _nextDeliverySlot = [];
    private readonly Dictionary<int, HashSet<CommandId>> _appliedBy = [];
    private readonly Dictionary<int, int> _appliedCount = [];
    private readonly List<CommandId> _appliedOrder = [];
    private readonly List<InvariantViolation> _violations = [];

    public InvariantChecker(int phase2Size) => _oracle = new ChosenOracle(phase2Size);

    public IReadOnlyList<InvariantViolation> Violations => _violations;

    public ChosenOracle Chosen => _oracle;

    public int SubmittedCount => _submitted.Count;

    public int ChosenCommandCount => _chosenCommands.Count;

    /// <summary>Current simulated tick, stamped on violations.</summary>
    public long Tick { get; set; }

    public bool IsChosen(CommandId id) => _chosenCommands.Contains(id);

    /// <summary>How many slots <paramref name="node"/>'s learner has delivered in its current life.</summary>
    public long DeliveredCount(int node) => _nextDeliverySlot.GetValueOrDefault(node);

    /// <summary>A client issued <paramref name="command"/>; its id must never be reused for other bytes.</summary>
    public void OnSubmitted(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (!_submitted.TryAdd(command.Id, command) && !_submitted[command.Id].Equals(command))
        {
            Report(InvariantKind.Validity, $"client reused command id {command.Id} for different bytes");
        }
    }

    /// <summary>An acceptor made a vote durable (persisted an entry from its Ready, or a broken acceptor's forged vote).</summary>
    public void OnVotePersisted(int acceptor, AcceptedEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var outcome = _oracle.RecordVote(acceptor, entry.Slot, entry.Ballot, entry.Value);
        switch (outcome.Kind)
        {
            case VoteKind.ConflictInBallot:
                Report(InvariantKind.Agreement,
                    $"slot {entry.Slot} ballot {entry.Ballot}: acceptor {acceptor} accepted {entry.Value} but others accepted {outcome.EarlierValue} in the same ballot");
                break;
            case VoteKind.ConflictingChoice:
                Report(InvariantKind.Agreement,
                    $"slot {entry.Slot}: {outcome.EarlierValue} was chosen at ballot {outcome.EarlierBallot}, now a quorum accepted {entry.Value} at ballot {entry.Ballot} (last vote by acceptor {acceptor})");
                break;
            case VoteKind.NewlyChosen:
                OnNewlyChosen(entry.Slot, entry.Value);
                break;
        }
    }

    /// <summary>A node sent a message; checks that whatever it reveals is already durable on that node.</summary>
    public void OnMessageSent(PaxosMessage message, AcceptorDurableState senderDisk)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(senderDisk);
        switch (message)
        {
            case PaxosProtocol.Promise promise when promise.Ballot > senderDisk.Promised:
                Report(InvariantKind.Durability,
                    $"node {promise.From} sent Promise {promise.Ballot} but has only {senderDisk.Promised} durable");
                break;
            case PaxosProtocol.Accepted accepted:
                if (!senderDisk.Accepted.TryGetValue(accepted.Slot, out var vote)
                    || vote.Ballot != accepted.Ballot || !vote.Value.Equals(accepted.Value))
                {
                    Report(InvariantKind.Durability,
                        $"node {accepted.From} sent Accepted slot {accepted.Slot} {accepted.Ballot} {accepted.Value} without that vote durable");
                }

                break;
            case PaxosProtocol.Chosen chosen:
                CheckAgainstTruth(chosen.Slot, chosen.Value, $"node {chosen.From} announced Chosen");
                break;
        }
    }

    /// <summary>A node's learner delivered a committed entry (Ready.CommittedEntries).</summary>
    public void OnDelivered(int node, ChosenEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var expected = _nextDeliverySlot.GetValueOrDefault(node);
        if (entry.Slot != expected)
        {
            Report(InvariantKind.Integrity, $"node {node} delivered slot {entry.Slot} but the next slot in order is {expected}");
        }

        _nextDeliverySlot[node] = Math.Max(expected, entry.Slot + 1);
        CheckAgainstTruth(entry.Slot, entry.Value, $"node {node} delivered");
    }

    /// <summary>
    /// A node applied a command through its SessionTable (TryApply returned true). Every node must apply
    /// each command at most once, and all nodes must apply the same sequence (state machine replication).
    /// </summary>
    public void OnApplied(int node, CommandId id)
    {
        if (!_appliedBy.TryGetValue(node, out var applied))
        {
            applied = [];
            _appliedBy[node] = applied;
        }

        if (!applied.Add(id))
        {
            Report(InvariantKind.Integrity, $"node {node} applied {id} twice");
            return;
        }

        var index = _appliedCount.GetValueOrDefault(node);
        _appliedCount[node] = index + 1;
        if (index == _appliedOrder.Count)
        {
            _appliedOrder.Add(id);
        }
        else if (_appliedOrder[index] != id)
        {
            Report(InvariantKind.Integrity, $"node {node} applied {id} as command #{index}, other replicas applied {_appliedOrder[index]}");
        }
    }

    /// <summary>
    /// A node restarted: its learner and state machine start over from its snapshot (slot
    /// <paramref name="fromSlot"/>, with <paramref name="applied"/> already applied), or from slot 0.
    /// </summary>
    public void OnRestarted(int node, long fromSlot = 0, IReadOnlyList<CommandId>? applied = null)
    {
        _nextDeliverySlot[node] = fromSlot;
        _appliedBy[node] = applied is null ? [] : [.. applied];
        _appliedCount[node] = applied?.Count ?? 0;
        if (applied is not null && applied.Count > _appliedOrder.Count)
        {
            Report(InvariantKind.Integrity, $"node {node} restored a snapshot with {applied.Count} applied commands, more than were ever applied");
        }
    }

    /// <summary>
    /// A node replaced its state machine with a peer's snapshot: what it had applied must be a prefix of the
    /// snapshot's commands (both are prefixes of the one applied order), and delivery resumes at
    /// <paramref name="belowSlot"/>.
    /// </summary>
    public void OnSnapshotInstalled(int node, IReadOnlyList<CommandId> appliedBefore, long belowSlot, IReadOnlyList<CommandId> snapshotApplied)
    {
        ArgumentNullException.ThrowIfNull(appliedBefore);
        ArgumentNullException.ThrowIfNull(snapshotApplied);
        var isPrefix = appliedBefore.Count <= snapshotApplied.Count
            && Enumerable.Range(0, appliedBefore.Count).All(i => appliedBefore[i] == snapshotApplied[i]);
        if (!isPrefix)
        {
            Report(InvariantKind.Integrity, $"node {node} installed a snapshot whose commands do not extend what it had applied");
        }

        OnRestarted(node, belowSlot, snapshotApplied);
    }

    /// <summary>Records a violation found by the simulator itself (liveness, host contract).</summary>
    public void Report(InvariantKind kind, string description) =>
        _violations.Add(new InvariantViolation(kind, Tick, description));

    private void OnNewlyChosen(long slot, SlotValue value)
    {
        if (value.IsNoOp)
        {
            return;
        }

        foreach (var command in value.Commands)
        {
            if (!_submitted.TryGetValue(command.Id, out var submitted) || !submitted.Equals(command))
            {
                Report(InvariantKind.Validity, $"slot {slot} chose {command} which no client submitted");
            }

            _chosenCommands.Add(command.Id);
        }
    }

    private void CheckAgainstTruth(long slot, SlotValue value, string who)
    {
        if (!_oracle.TryGetChosen(slot, out var truth))
        {
            Report(InvariantKind.Integrity, $"{who} slot {slot} = {value}, but no acceptor quorum accepted any value there");
        }
        else if (!truth.Equals(value))
        {
            Report(InvariantKind.Agreement, $"{who} slot {slot} = {value}, but {truth} is chosen there");
        }
    }
}
