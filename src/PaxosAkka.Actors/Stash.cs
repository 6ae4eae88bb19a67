using PaxosAkka.Actors.Dispatch;
using PaxosAkka.Actors.Internal;

namespace PaxosAkka.Actors;

/// <summary>Akka's stash: set messages aside and put them back in front of the mailbox later, in order.</summary>
public interface IStash
{
    /// <summary>Stashes the message being processed.</summary>
    void Stash();

    /// <summary>Puts the oldest stashed message back in front of the mailbox.</summary>
    void Unstash();

    /// <summary>Puts all stashed messages back in front of the mailbox, oldest first.</summary>
    void UnstashAll();

    /// <summary>Puts back the stashed messages matching <paramref name="predicate"/>, oldest first; drops nothing.</summary>
    void UnstashAll(Func<Envelope, bool> predicate);

    /// <summary>Discards the stash and returns what it held.</summary>
    IReadOnlyList<Envelope> ClearStash();

    /// <summary>How many messages are stashed.</summary>
    int Count { get; }
}

/// <summary>Implement to get a stash injected right after construction.</summary>
public interface IWithStash
{
    /// <summary>The actor's stash; set by the runtime.</summary>
    IStash Stash { get; set; }
}

/// <summary>Akka's name for an unbounded stash; the same as <see cref="IWithStash"/>.</summary>
public interface IWithUnboundedStash : IWithStash
{
}

/// <summary>
/// The stash. On restart the stash goes back to the mailbox (nothing is lost); on stop it goes to dead letters.
/// </summary>
internal sealed class StashImpl(ActorCell cell) : IStash
{
    private readonly LinkedList<Envelope> _stashed = new();

    public int Count => _stashed.Count;

    public void Stash()
    {
        var current = cell.CurrentEnvelope;
        if (current.Message is null) throw new IllegalActorStateException("Stash can only be called while processing a message.");
        if (_stashed.Last is { } last && ReferenceEquals(last.Value.Message, current.Message) && ReferenceEquals(last.Value.Sender, current.Sender))
        {
            throw new IllegalActorStateException($"Cannot stash the same message twice: {current.Message.GetType().Name}.");
        }

        _stashed.AddLast(current);
    }

    public void Unstash()
    {
        if (_stashed.First is not { } first) return;
        _stashed.RemoveFirst();
        cell.PrependToMailbox([first.Value]);
    }

    public void UnstashAll() => UnstashAll(_ => true);

    public void UnstashAll(Func<Envelope, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        if (_stashed.Count == 0) return;
        var selected = _stashed.Where(predicate).ToList();
        foreach (var envelope in selected) _stashed.Remove(envelope);
        cell.PrependToMailbox(selected);
    }

    public IReadOnlyList<Envelope> ClearStash() => Drain();

    internal IReadOnlyList<Envelope> Drain()
    {
        var all = _stashed.ToList();
        _stashed.Clear();
        return all;
    }
}
