using System.Threading.Channels;
using PaxosAkka.Actors;
using PaxosAkka.Actors.Dispatch;

namespace PaxosAkka.TestKit;

/// <summary>The actor behind a <see cref="TestProbe"/>: queues every message (Terminated included) for the test thread.</summary>
internal sealed class ProbeActor(ChannelWriter<Envelope> queue) : ActorBase
{
    internal sealed record WatchRequest(IActorRef Subject, TaskCompletionSource Done);

    internal sealed record UnwatchRequest(IActorRef Subject, TaskCompletionSource Done);

    protected internal override bool Receive(object message)
    {
        switch (message)
        {
            case WatchRequest watch:
                Context.Watch(watch.Subject);
                watch.Done.TrySetResult();
                break;
            case UnwatchRequest unwatch:
                Context.Unwatch(unwatch.Subject);
                unwatch.Done.TrySetResult();
                break;
            default:
                // Unbounded, never completed: the write always succeeds.
                queue.TryWrite(new Envelope(message, Sender));
                break;
        }

        return true;
    }
}
