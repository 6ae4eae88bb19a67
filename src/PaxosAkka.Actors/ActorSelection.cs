using PaxosAkka.Actors.Internal;

namespace PaxosAkka.Actors;

/// <summary>
/// A lookup by path, resolved when used: <c>system.ActorSelection("/user/acceptor").Tell(msg)</c>. Paths are
/// absolute (<c>/user/a</c>), full (<c>paxos://sys/user/a</c>, possibly remote) or relative to the creating
/// actor (<c>../sibling</c>, <c>child/grandchild</c>). A message to nobody goes to dead letters.
/// </summary>
public sealed class ActorSelection
{
    private readonly ActorSystem _system;
    private readonly ActorPath? _remotePath;
    private readonly IReadOnlyList<string> _elements;

    private ActorSelection(ActorSystem system, string pathString, IReadOnlyList<string> elements, ActorPath? remotePath)
    {
        _system = system;
        PathString = pathString;
        _elements = elements;
        _remotePath = remotePath;
    }

    /// <summary>The path as given.</summary>
    public string PathString { get; }

    internal static ActorSelection Create(ActorSystem system, IInternalActorRef anchor, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (path.Contains("://", StringComparison.Ordinal))
        {
            var full = ActorPath.Parse(path);
            var isLocal = full.Address.Equals(system.Address) || (full.Address.HasLocalScope && full.Address.System == system.Name);
            return new ActorSelection(system, path, [.. full.Elements], isLocal ? null : full);
        }

        var elements = path.StartsWith('/') ? new List<string>() : [.. anchor.Path.Elements];
        foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment == ".") continue;
            if (segment == "..")
            {
                if (elements.Count > 0) elements.RemoveAt(elements.Count - 1);
                continue;
            }

            elements.Add(segment);
        }

        return new ActorSelection(system, path, elements, null);
    }

    /// <summary>The actor currently at the path, or null.</summary>
    public IActorRef? Resolve()
        => _remotePath is { } remote ? _system.RemoteRefResolver?.Invoke(remote) : _system.ResolveLocal(_elements);

    /// <summary>Sends to the actor at the path (dead letters when none).</summary>
    public void Tell(object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(message);
        var target = Resolve();
        if (target is null)
        {
            _system.DeadLetterRef.Publish(new DeadLetter(message, sender ?? _system.DeadLetters, _system.DeadLetters));
            return;
        }

        target.Tell(message, sender);
    }

    /// <summary>Sends with the current actor (if any) as sender.</summary>
    public void Tell(object message) => Tell(message, ActorCell.Current?.Self);

    /// <summary>Resolves to a ref or throws <see cref="ActorNotFoundException"/>.</summary>
    public Task<IActorRef> ResolveOne(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        cancellationToken.ThrowIfCancellationRequested();
        var target = Resolve();
        return target is not null
            ? Task.FromResult(target)
            : Task.FromException<IActorRef>(new ActorNotFoundException($"No actor found at [{PathString}] in system [{_system.Name}]."));
    }

    /// <inheritdoc />
    public override string ToString() => $"ActorSelection[{PathString}]";
}
