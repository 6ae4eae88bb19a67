using System.Diagnostics;
using System.Threading.Channels;
using PaxosAkka.Actors;
using PaxosAkka.Actors.Dispatch;
using Xunit;

namespace PaxosAkka.TestKit;

/// <summary>
/// Akka's TestProbe: a real actor whose inbox the test reads synchronously with deadlines
/// (<c>ExpectMsg</c>, <c>ExpectNoMsg</c>, <c>FishForMessage</c>...). Timeouts are dilated by
/// <see cref="TestKitSettings.TimeFactor"/>; inside <see cref="Within(TimeSpan, TimeSpan, Action)"/> the default
/// timeout is what remains of the block.
/// </summary>
public sealed partial class TestProbe
{
    // A channel rather than a BlockingCollection: the sync API blocks on a wait handle, the async API awaits
    // without holding a thread-pool thread that the actors under test need.
    private readonly Channel<Envelope> _queue = Channel.CreateUnbounded<Envelope>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly TestKitSettings _settings;
    // Monotonic Stopwatch timestamp of the enclosing Within block's end (wall clocks can jump).
    private long? _withinEnd;

    internal TestProbe(ActorSystem system, TestKitSettings settings, string name)
    {
        System = system;
        _settings = settings;
        ThreadPoolFloor.Ensure();
        Ref = system.SystemActorOf(Props.Create(() => new ProbeActor(_queue.Writer)), name);
    }

    /// <summary>The probe's actor ref: give it to the actors under test.</summary>
    public IActorRef Ref { get; }

    /// <summary>The system the probe lives in.</summary>
    public ActorSystem System { get; }

    /// <summary>Sender of the last received message.</summary>
    public IActorRef LastSender { get; private set; } = ActorRefs.Nobody;

    /// <summary>The last received message.</summary>
    public object? LastMessage { get; private set; }

    /// <summary>Messages waiting in the probe.</summary>
    public int MessageCount => _queue.Reader.Count;

    /// <summary>Sends <paramref name="message"/> to <paramref name="target"/> with this probe as sender.</summary>
    public void Send(IActorRef target, object message)
    {
        ArgumentNullException.ThrowIfNull(target);
        target.Tell(message, Ref);
    }

    /// <summary>Replies to the sender of the last message.</summary>
    public void Reply(object message) => LastSender.Tell(message, Ref);

    /// <summary>Forwards the last message to <paramref name="target"/>, keeping its sender.</summary>
    public void Forward(IActorRef target)
    {
        ArgumentNullException.ThrowIfNull(target);
        target.Tell(LastMessage ?? throw new InvalidOperationException("Nothing received yet."), LastSender);
    }

    /// <summary>Watches <paramref name="subject"/>; its <see cref="Terminated"/> arrives in this probe.</summary>
    public IActorRef Watch(IActorRef subject)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Ref.Tell(new ProbeActor.WatchRequest(subject, done), ActorRefs.NoSender);
        // The watch must be in place before the test goes on, or a quick Stop could race it.
        if (!done.Task.Wait(Remaining(null))) throw Failure($"Probe {Ref.Path} could not watch {subject} in time.");
        return subject;
    }

    /// <summary>Stops watching <paramref name="subject"/>.</summary>
    public IActorRef Unwatch(IActorRef subject)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Ref.Tell(new ProbeActor.UnwatchRequest(subject, done), ActorRefs.NoSender);
        if (!done.Task.Wait(Remaining(null))) throw Failure($"Probe {Ref.Path} could not unwatch {subject} in time.");
        return subject;
    }

    /// <summary>The next message within the timeout, or null.</summary>
    public object? ReceiveOne(TimeSpan? max = null)
    {
        var deadline = DeadlineAfter(Remaining(max));
        Envelope envelope;
        while (!_queue.Reader.TryRead(out envelope))
        {
            var left = Left(deadline);
            if (left <= TimeSpan.Zero || !WaitForMessage(left)) return null;
        }

        return Take(envelope);
    }

    // Blocks the calling thread on the channel's wait task (a wait handle: no spinning, no sleeping) until a
    // message is readable or the timeout passes; the waiter is cancelled so it does not linger in the channel.
    private bool WaitForMessage(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource();
        var ready = _queue.Reader.WaitToReadAsync(cancel.Token).AsTask();
        var arrived = ready.Wait(timeout);
        cancel.Cancel();
        return arrived;
    }

    private object Take(Envelope envelope)
    {
        LastMessage = envelope.Message;
        LastSender = envelope.Sender;
        return envelope.Message;
    }

    /// <summary>Expects a message of type <typeparamref name="T"/>.</summary>
    public T ExpectMsg<T>(TimeSpan? timeout = null) => ExpectMsg<T>(static _ => true, timeout, "any");

    /// <summary>Expects a message of type <typeparamref name="T"/> matching <paramref name="predicate"/>.</summary>
    public T ExpectMsg<T>(Predicate<T> predicate, TimeSpan? timeout = null) => ExpectMsg(predicate, timeout, "the predicate");

    /// <summary>Expects a message equal to <paramref name="expected"/>.</summary>
    public T ExpectMsg<T>(T expected, TimeSpan? timeout = null)
        => ExpectMsg<T>(m => EqualityComparer<T>.Default.Equals(m, expected), timeout, $"equal to {expected}");

    private T ExpectMsg<T>(Predicate<T> predicate, TimeSpan? timeout, string what)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var max = Remaining(timeout);
        return Check(ReceiveOne(max), predicate, max, what);
    }

    private T Check<T>(object? message, Predicate<T> predicate, TimeSpan max, string what)
    {
        if (message is null) throw Failure($"Timeout ({max}) while waiting for a message of type {typeof(T).Name} ({what}) at {Ref.Path}.");
        if (message is not T typed) throw Failure($"Expected a message of type {typeof(T).Name} ({what}) but got {Describe(message)}.");
        if (!predicate(typed)) throw Failure($"Message {Describe(message)} did not match {what}.");
        return typed;
    }

    /// <summary>Asserts that no message arrives within <paramref name="duration"/>.</summary>
    public void ExpectNoMsg(TimeSpan? duration = null)
    {
        var wait = NoMsgWindow(duration);
        var message = ReceiveOne(wait);
        if (message is not null) throw Failure($"Expected no message within {wait} but got {Describe(message)}.");
    }

    private TimeSpan NoMsgWindow(TimeSpan? duration)
        => duration is { } d ? _settings.Dilated(d) : _settings.Dilated(_settings.DefaultExpectNoMsgDuration);

    /// <summary>Expects the <see cref="Terminated"/> of <paramref name="target"/> (watch it first).</summary>
    public Terminated ExpectTerminated(IActorRef target, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        return ExpectMsg<Terminated>(t => t.ActorRef.Equals(target), timeout, $"Terminated of {target}");
    }

    /// <summary>Skips messages until one matches <paramref name="isMessage"/>; fails at the deadline.</summary>
    public object FishForMessage(Predicate<object> isMessage, TimeSpan? max = null)
    {
        ArgumentNullException.ThrowIfNull(isMessage);
        var deadline = Deadline(max);
        while (true)
        {
            var left = Left(deadline);
            var message = left > TimeSpan.Zero ? ReceiveOne(left) : null;
            if (message is null) throw Failure($"Timeout while fishing for a message at {Ref.Path}.");
            if (isMessage(message)) return message;
        }
    }

    /// <summary>Skips messages until one of type <typeparamref name="T"/> matches <paramref name="isMessage"/>.</summary>
    public T FishForMessage<T>(Predicate<T> isMessage, TimeSpan? max = null)
    {
        ArgumentNullException.ThrowIfNull(isMessage);
        return (T)FishForMessage(m => m is T t && isMessage(t), max);
    }

    /// <summary>Receives exactly <paramref name="count"/> messages within the timeout, in order.</summary>
    public IReadOnlyList<object> ReceiveN(int count, TimeSpan? max = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var deadline = Deadline(max);
        var result = new List<object>(count);
        while (result.Count < count)
        {
            var left = Left(deadline);
            var message = left > TimeSpan.Zero ? ReceiveOne(left) : null;
            if (message is null) throw Failure($"Timeout: received only {result.Count} of {count} messages at {Ref.Path}.");
            result.Add(message);
        }

        return result;
    }

    /// <summary>Runs <paramref name="action"/> and asserts it took between <paramref name="min"/> and <paramref name="max"/> (max dilated).</summary>
    public void Within(TimeSpan min, TimeSpan max, Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        Within(min, max, () =>
        {
            action();
            return true;
        });
    }

    /// <summary>Runs <paramref name="action"/> and asserts it finished within <paramref name="max"/> (dilated).</summary>
    public void Within(TimeSpan max, Action action) => Within(TimeSpan.Zero, max, action);

    /// <summary>Like <see cref="Within(TimeSpan, TimeSpan, Action)"/>, returning the block's value.</summary>
    public T Within<T>(TimeSpan min, TimeSpan max, Func<T> func)
    {
        ArgumentNullException.ThrowIfNull(func);
        var dilatedMax = _settings.Dilated(max);
        var started = Stopwatch.GetTimestamp();
        var outer = _withinEnd;
        _withinEnd = DeadlineAfter(dilatedMax);
        try
        {
            var result = func();
            var took = Stopwatch.GetElapsedTime(started);
            if (took < min) throw Failure($"Block finished in {took}, earlier than the minimum {min}.");
            if (took > dilatedMax) throw Failure($"Block took {took}, longer than the maximum {dilatedMax}.");
            return result;
        }
        finally
        {
            _withinEnd = outer;
        }
    }

    /// <summary>Timeout to use now: explicit (dilated), what remains of an enclosing Within, or the default (dilated).</summary>
    public TimeSpan Remaining(TimeSpan? explicitTimeout)
    {
        if (explicitTimeout is { } t) return _settings.Dilated(t);
        if (_withinEnd is { } end) return Left(end);
        return _settings.Dilated(_settings.DefaultTimeout);
    }

    // Deadlines are Stopwatch timestamps: monotonic, unlike DateTime.UtcNow which NTP or the admin can move.
    private long Deadline(TimeSpan? max) => DeadlineAfter(Remaining(max));

    internal static long DeadlineAfter(TimeSpan duration)
        => Stopwatch.GetTimestamp() + (long)(Math.Max(duration.Ticks, 0) * ((double)Stopwatch.Frequency / TimeSpan.TicksPerSecond));

    /// <summary>Time left until a <see cref="DeadlineAfter"/> timestamp (negative once passed).</summary>
    internal static TimeSpan Left(long deadline) => -Stopwatch.GetElapsedTime(deadline);

    internal static Xunit.Sdk.XunitException Failure(string message) => new(message);

    private static string Describe(object? message) => message is null ? "nothing" : $"{message.GetType().Name} [{message}]";

    internal TestKitSettings Settings => _settings;
}
