using System.Collections.Concurrent;
using System.Collections.Immutable;
using Akka.Actor;
using PaxosAkka.Consensus;
using PaxosAkka.Node.Roles;
using PaxosAkka.Node.Storage;

namespace PaxosAkka.Node.Tests;

/// <summary>A routed message as a role actor sent it.</summary>
internal sealed record Routed(int Node, string Role, object Message);

/// <summary>Records what role actors send, and optionally delivers it to real actors by (node, role).</summary>
internal sealed class RecordingRouter : IRoleRouter
{
    public ConcurrentQueue<Routed> Sent { get; } = new();

    public ConcurrentDictionary<(int, string), IActorRef> Targets { get; } = new();

    /// <summary>Runs when a message is routed, before it is recorded (tests check invariants at send time).</summary>
    public Action<Routed>? OnSend { get; set; }

    public void Tell(int node, string role, object message, IActorRef? sender)
    {
        var routed = new Routed(node, role, message);
        OnSend?.Invoke(routed);
        Sent.Enqueue(routed);
        if (Targets.TryGetValue((node, role), out var target))
        {
            target.Tell(message, sender);
        }
    }

    public IReadOnlyList<T> SentOf<T>() => [.. Sent.Select(r => r.Message).OfType<T>()];
}

/// <summary>
/// An acceptor "disk" that outlives the store objects opened on it (as a file outlives a process), with a switch
/// that makes the next writes fail.
/// </summary>
internal sealed class MemoryDisk
{
    private readonly Lock _gate = new();
    private AcceptorDurableState _state = AcceptorDurableState.Empty;

    public int FailuresToInject { get; set; }

    public int Loads { get; private set; }

    public AcceptorDurableState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    public IAcceptorStore Open() => new Store(this);

    private sealed class Store(MemoryDisk disk) : IAcceptorStore
    {
        public AcceptorDurableState Load()
        {
            lock (disk._gate)
            {
                disk.Loads++;
                return disk._state;
            }
        }

        public void Persist(Ballot? promise, ImmutableArray<AcceptedEntry> entries)
        {
            lock (disk._gate)
            {
                if (disk.FailuresToInject > 0)
                {
                    disk.FailuresToInject--;
                    throw new AcceptorStorageException("injected disk failure");
                }

                disk._state = disk._state.Apply(new Ready(promise, entries, [], [], []));
            }
        }

        public void Dispose()
        {
        }
    }
}
