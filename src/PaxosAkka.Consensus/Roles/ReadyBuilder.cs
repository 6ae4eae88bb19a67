using System.Collections.Immutable;

namespace PaxosAkka.Consensus;

/// <summary>
/// Accumulates a role's outputs between two <c>GetReady</c> calls. Entries are kept per slot so that a slot
/// accepted twice before the host persisted is written once, with the latest ballot.
/// </summary>
internal sealed class ReadyBuilder
{
    private readonly SortedDictionary<long, AcceptedEntry> _entries = [];
    private readonly List<PaxosMessage> _messages = [];
    private readonly List<ChosenEntry> _committed = [];
    private readonly List<ProposerEvent> _events = [];
    private Ballot? _promise;

    public bool HasAny => _promise is not null || _entries.Count > 0 || _messages.Count > 0 || _committed.Count > 0 || _events.Count > 0;

    public void Persist(Ballot promise) => _promise = _promise is { } p ? Ballot.Max(p, promise) : promise;

    public void Persist(AcceptedEntry entry) => _entries[entry.Slot] = entry;

    public void Send(PaxosMessage message) => _messages.Add(message);

    public void Commit(ChosenEntry entry) => _committed.Add(entry);

    public void Report(ProposerEvent e) => _events.Add(e);

    /// <summary>Merges another Ready into this one (used by <see cref="PaxosNode"/> to combine its roles).</summary>
    public void Add(Ready ready) => Add(ready, includeMessages: true);

    /// <summary>Merges another Ready's state, commits and events, and its messages when asked to.</summary>
    public void Add(Ready ready, bool includeMessages)
    {
        if (ready.PromiseToPersist is { } promise)
        {
            Persist(promise);
        }

        foreach (var entry in ready.EntriesToPersist)
        {
            Persist(entry);
        }

        if (includeMessages)
        {
            _messages.AddRange(ready.Messages);
        }

        _committed.AddRange(ready.CommittedEntries);
        _events.AddRange(ready.Events);
    }

    public Ready Drain()
    {
        if (!HasAny)
        {
            return Ready.Empty;
        }

        var ready = new Ready(_promise, [.. _entries.Values], [.. _messages], [.. _committed], [.. _events]);
        _promise = null;
        _entries.Clear();
        _messages.Clear();
        _committed.Clear();
        _events.Clear();
        return ready;
    }
}
