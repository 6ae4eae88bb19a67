namespace PaxosAkka.Actors.Event;

/// <summary>
/// The system's publish/subscribe bus (dead letters, unhandled messages, user events). A subscriber gets
/// every published event assignable to the type it subscribed to.
/// </summary>
public sealed class EventStream
{
    private readonly Lock _gate = new();
    private (IActorRef Subscriber, Type Channel)[] _subscriptions = [];

    /// <summary>Subscribes <paramref name="subscriber"/> to events of <paramref name="channel"/> (and subtypes).</summary>
    public bool Subscribe(IActorRef subscriber, Type channel)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(channel);
        lock (_gate)
        {
            if (_subscriptions.Any(s => s.Subscriber.Equals(subscriber) && s.Channel == channel)) return false;
            _subscriptions = [.. _subscriptions, (subscriber, channel)];
            return true;
        }
    }

    /// <summary>Removes one subscription.</summary>
    public bool Unsubscribe(IActorRef subscriber, Type channel)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(channel);
        lock (_gate)
        {
            var before = _subscriptions.Length;
            _subscriptions = [.. _subscriptions.Where(s => !(s.Subscriber.Equals(subscriber) && s.Channel == channel))];
            return _subscriptions.Length != before;
        }
    }

    /// <summary>Removes all subscriptions of <paramref name="subscriber"/>.</summary>
    public void Unsubscribe(IActorRef subscriber)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        lock (_gate) _subscriptions = [.. _subscriptions.Where(s => !s.Subscriber.Equals(subscriber))];
    }

    /// <summary>Delivers <paramref name="event"/> to every matching subscriber.</summary>
    public void Publish(object @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
        var type = @event.GetType();
        foreach (var (subscriber, channel) in Volatile.Read(ref _subscriptions))
        {
            // Never publish a dead letter about delivering a dead letter to a dead subscriber: it would loop.
            if (channel.IsAssignableFrom(type)) subscriber.Tell(@event, ActorRefs.NoSender);
        }
    }
}
