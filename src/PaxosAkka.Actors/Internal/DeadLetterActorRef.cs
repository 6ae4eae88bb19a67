using Microsoft.Extensions.Logging;

namespace PaxosAkka.Actors.Internal;

/// <summary>
/// <c>system.DeadLetters</c>: where undeliverable messages go. Each one is counted, published on the event
/// stream as <see cref="DeadLetter"/>, and the first <c>log-dead-letters</c> of them are logged.
/// </summary>
public sealed class DeadLetterActorRef : ActorRefBase
{
    private readonly ActorSystem _system;
    private long _count;

    internal DeadLetterActorRef(ActorSystem system, ActorPath path)
    {
        _system = system;
        Path = path;
    }

    /// <inheritdoc />
    public override ActorPath Path { get; }

    /// <summary>How many dead letters there were since the system started.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <inheritdoc />
    public override void Tell(object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message is DeadLetter letter) Publish(letter);
        else Publish(new DeadLetter(message, sender ?? this, this));
    }

    internal void Publish(DeadLetter letter)
    {
        var n = Interlocked.Increment(ref _count);
        var limit = _system.Settings.LogDeadLetters;
        if (n <= limit && (!_system.IsTerminating || _system.Settings.LogDeadLettersDuringShutdown))
        {
            RuntimeLog.LogInfoDeadLetter(_system.Log, letter.Message.GetType(), letter.Sender.Path,
                letter.Recipient.Path, n, limit);
        }

        _system.EventStream.Publish(letter);
    }
}
