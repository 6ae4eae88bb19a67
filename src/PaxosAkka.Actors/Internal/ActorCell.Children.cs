using System.Collections.Concurrent;
using PaxosAkka.Actors.Dispatch;

namespace PaxosAkka.Actors.Internal;

/// <summary>Children: creation, lookup, stopping, and the bookkeeping that lets stop and restart wait for them.</summary>
internal sealed partial class ActorCell
{
    // Concurrent because ActorOf on a guardian and path lookups come from any thread.
    private readonly ConcurrentDictionary<string, LocalActorRef> _children = new(StringComparer.Ordinal);
    private readonly HashSet<IActorRef> _stoppingChildren = [];
    private long _nextChildName;

    internal int ChildCount => _children.Count;

    public IActorRef ActorOf(Props props, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(props);
        if (name is null) name = ActorPathValidation.GeneratedName(Interlocked.Increment(ref _nextChildName) - 1);
        else ActorPathValidation.Validate(name);

        var uid = System.NextUid();
        var mailbox = new Mailbox(System.Dispatcher, props.MailboxCapacity);
        var childRef = new LocalActorRef(System, Self.Path.Child(name).WithUid(uid));
        var childCell = new ActorCell(System, childRef, props, SelfRef, mailbox);
        childRef.SetCell(childCell);
        if (!_children.TryAdd(name, childRef))
        {
            throw new InvalidActorNameException($"Actor name [{name}] is not unique: {Self.Path}/{name} already exists.");
        }

        childCell.Start();
        if (_terminating) childRef.SendSystemMessage(new Terminate());
        return childRef;
    }

    /// <summary>Registers a guardian under the root without the usual name rules ('user', 'system').</summary>
    internal void AdoptGuardian(string name, LocalActorRef guardian) => _children.TryAdd(name, guardian);

    public IActorRef Child(string name)
        => _children.TryGetValue(name, out var child) ? child : ActorRefs.Nobody;

    internal LocalActorRef? GetChild(string name) => _children.TryGetValue(name, out var child) ? child : null;

    public IReadOnlyCollection<IActorRef> GetChildren() => [.. OrderedChildren()];

    /// <summary>
    /// Children in creation order. The concurrent dictionary enumerates in hash order, and string hashes are
    /// randomized per process: sorting by uid keeps stop/suspend fan-out reproducible under a seeded dispatcher.
    /// </summary>
    internal List<LocalActorRef> OrderedChildren()
    {
        var children = _children.Values.ToList();
        children.Sort(static (a, b) => a.Path.Uid.CompareTo(b.Path.Uid));
        return children;
    }

    public void Stop(IActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (ReferenceEquals(actor, SelfRef))
        {
            SendSystemMessage(new Terminate());
            return;
        }

        if (actor is LocalActorRef local && _children.TryGetValue(local.Path.Name, out var child) && ReferenceEquals(child, local))
        {
            _stoppingChildren.Add(local);
        }

        if (actor is IInternalActorRef internalRef) internalRef.SendSystemMessage(new Terminate());
    }

    private void StopAllChildren()
    {
        foreach (var child in OrderedChildren())
        {
            _stoppingChildren.Add(child);
            child.SendSystemMessage(new Terminate());
        }
    }

    private void SendToChildren(SystemMessage message)
    {
        foreach (var child in OrderedChildren()) child.SendSystemMessage(message);
    }

    /// <summary>A child died: free its name and finish a stop or restart that was waiting for it.</summary>
    private void HandleChildTerminated(IActorRef child)
    {
        var name = child.Path.Name;
        if (_children.TryGetValue(name, out var existing) && ReferenceEquals(existing, child))
        {
            _children.TryRemove(new KeyValuePair<string, LocalActorRef>(name, existing));
        }

        _stoppingChildren.Remove(child);
        if (_terminating)
        {
            if (_children.IsEmpty && !_terminated) FinishTerminate();
        }
        else if (_pendingRecreateCause is { } cause && _stoppingChildren.Count == 0)
        {
            _pendingRecreateCause = null;
            FinishRecreate(cause);
        }
    }

    public ActorSelection ActorSelection(string path) => Actors.ActorSelection.Create(System, SelfRef, path);
}
