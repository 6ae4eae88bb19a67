using PaxosAkka.Actors;
using PaxosAkka.Hocon;
using Xunit;
using Xunit.Abstractions;

namespace PaxosAkka.TestKit;

/// <summary>
/// Base class for actor tests under xunit (Akka.TestKit.Xunit2's shape): one actor system per test, created
/// in the constructor and terminated when xunit disposes the test. <see cref="TestActor"/> is a probe whose
/// inbox the Expect* methods read; <see cref="Logs"/> records everything the system logged.
/// </summary>
public abstract class TestKit : IAsyncLifetime
{
    private long _probes;

    /// <summary>Creates the system described by <paramref name="options"/>, logging to <paramref name="output"/> if given.</summary>
    protected TestKit(TestKitOptions? options = null, ITestOutputHelper? output = null)
    {
        options ??= new TestKitOptions();
        Settings = options.Settings;
        Logs = new CapturingLoggerProvider();
        var factory = output is null
            ? new TestLoggerFactory(Logs)
            : new TestLoggerFactory(Logs, new XunitLoggerProvider(output, options.OutputLevel));
        Clock = options.VirtualTime ? new ManualTimeProvider() : null;
        Sys = ActorSystem.Create(options.SystemName, new ActorSystemSetup
        {
            Config = options.Config is null ? null : ConfigurationFactory.ParseString(options.Config),
            LoggerFactory = factory,
            TimeProvider = Clock,
            Dispatcher = options.Dispatcher,
        });
        Probe = CreateTestProbe("testActor");
    }

    /// <summary>Akka-style: default options, logging to xunit's output.</summary>
    protected TestKit(ITestOutputHelper output) : this((TestKitOptions?)null, output) { }

    /// <summary>Akka-style: HOCON <paramref name="config"/> over the runtime's defaults.</summary>
    protected TestKit(string config, ITestOutputHelper? output = null) : this(new TestKitOptions { Config = config }, output) { }

    /// <summary>The system under test.</summary>
    public ActorSystem Sys { get; }

    /// <summary>Timing knobs (dilation).</summary>
    public TestKitSettings Settings { get; }

    /// <summary>Every log event of the system.</summary>
    public CapturingLoggerProvider Logs { get; }

    /// <summary>The virtual clock when <see cref="TestKitOptions.VirtualTime"/> is on; otherwise null.</summary>
    public ManualTimeProvider? Clock { get; }

    /// <summary>The default probe behind <see cref="TestActor"/>.</summary>
    public TestProbe Probe { get; }

    /// <summary>The default probe's ref; the Expect* methods of this class read its inbox.</summary>
    public IActorRef TestActor => Probe.Ref;

    /// <summary>Sender of the last message the test actor received.</summary>
    public IActorRef LastSender => Probe.LastSender;

    /// <summary>A fresh probe.</summary>
    public TestProbe CreateTestProbe(string? name = null)
        => new(Sys, Settings, name ?? $"testProbe-{Interlocked.Increment(ref _probes)}");

    /// <summary>Scales a duration by the dilation factor.</summary>
    public TimeSpan Dilated(TimeSpan duration) => Settings.Dilated(duration);

    /// <summary>Expects a message of type <typeparamref name="T"/> at the test actor.</summary>
    public T ExpectMsg<T>(TimeSpan? timeout = null) => Probe.ExpectMsg<T>(timeout);

    /// <summary>Expects a matching message of type <typeparamref name="T"/>.</summary>
    public T ExpectMsg<T>(Predicate<T> predicate, TimeSpan? timeout = null) => Probe.ExpectMsg(predicate, timeout);

    /// <summary>Expects a message equal to <paramref name="expected"/>.</summary>
    public T ExpectMsg<T>(T expected, TimeSpan? timeout = null) => Probe.ExpectMsg(expected, timeout);

    /// <summary>Asserts that no message arrives within the duration.</summary>
    public void ExpectNoMsg(TimeSpan? duration = null) => Probe.ExpectNoMsg(duration);

    /// <summary>Expects the Terminated of a watched actor.</summary>
    public Terminated ExpectTerminated(IActorRef target, TimeSpan? timeout = null) => Probe.ExpectTerminated(target, timeout);

    /// <summary>Skips messages until one matches.</summary>
    public object FishForMessage(Predicate<object> isMessage, TimeSpan? max = null) => Probe.FishForMessage(isMessage, max);

    /// <summary>Skips messages until one of type <typeparamref name="T"/> matches.</summary>
    public T FishForMessage<T>(Predicate<T> isMessage, TimeSpan? max = null) => Probe.FishForMessage(isMessage, max);

    /// <summary>Receives exactly <paramref name="count"/> messages.</summary>
    public IReadOnlyList<object> ReceiveN(int count, TimeSpan? max = null) => Probe.ReceiveN(count, max);

    /// <summary>The next message or null.</summary>
    public object? ReceiveOne(TimeSpan? max = null) => Probe.ReceiveOne(max);

    /// <summary>Asserts the block's duration.</summary>
    public void Within(TimeSpan min, TimeSpan max, Action action) => Probe.Within(min, max, action);

    /// <summary>Asserts the block finishes in time.</summary>
    public void Within(TimeSpan max, Action action) => Probe.Within(max, action);

    /// <summary>Retries an assertion until it passes or the deadline passes.</summary>
    public void AwaitAssert(Action assertion, TimeSpan? duration = null, TimeSpan? interval = null)
        => Probe.AwaitAssert(assertion, duration, interval);

    /// <summary>Waits for a condition with a deadline.</summary>
    public void AwaitCondition(Func<bool> condition, TimeSpan? max = null, TimeSpan? interval = null, string? message = null)
        => Probe.AwaitCondition(condition, max, interval, message);

    /// <summary>Expects a message of type <typeparamref name="T"/> at the test actor, without blocking a thread.</summary>
    public Task<T> ExpectMsgAsync<T>(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
        => Probe.ExpectMsgAsync<T>(timeout, cancellationToken);

    /// <summary>Expects a matching message of type <typeparamref name="T"/>, without blocking a thread.</summary>
    public Task<T> ExpectMsgAsync<T>(Predicate<T> predicate, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
        => Probe.ExpectMsgAsync(predicate, timeout, cancellationToken);

    /// <summary>Asserts that no message arrives within the duration, without blocking a thread.</summary>
    public Task ExpectNoMsgAsync(TimeSpan? duration = null, CancellationToken cancellationToken = default)
        => Probe.ExpectNoMsgAsync(duration, cancellationToken);

    /// <summary>Expects the Terminated of a watched actor, without blocking a thread.</summary>
    public Task<Terminated> ExpectTerminatedAsync(IActorRef target, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
        => Probe.ExpectTerminatedAsync(target, timeout, cancellationToken);

    /// <summary>The next message or null, without blocking a thread.</summary>
    public Task<object?> ReceiveOneAsync(TimeSpan? max = null, CancellationToken cancellationToken = default)
        => Probe.ReceiveOneAsync(max, cancellationToken);

    /// <summary>Waits for a condition with a deadline, without blocking a thread.</summary>
    public Task AwaitConditionAsync(Func<bool> condition, TimeSpan? max = null, TimeSpan? interval = null, string? message = null,
        CancellationToken cancellationToken = default)
        => Probe.AwaitConditionAsync(condition, max, interval, message, cancellationToken);

    /// <summary>Retries an assertion until it passes or the deadline passes, without blocking a thread.</summary>
    public Task AwaitAssertAsync(Action assertion, TimeSpan? duration = null, TimeSpan? interval = null, CancellationToken cancellationToken = default)
        => Probe.AwaitAssertAsync(assertion, duration, interval, cancellationToken);

    /// <summary>Waits for a task with a deadline.</summary>
    public T AwaitResult<T>(Task<T> task, TimeSpan? max = null) => Probe.AwaitResult(task, max);

    /// <summary>The test actor watches <paramref name="subject"/>.</summary>
    public IActorRef Watch(IActorRef subject) => Probe.Watch(subject);

    /// <summary>The test actor stops watching <paramref name="subject"/>.</summary>
    public IActorRef Unwatch(IActorRef subject) => Probe.Unwatch(subject);

    /// <summary>Nothing to do: the system starts in the constructor.</summary>
    public virtual Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Terminates the system; fails if it does not stop within 10 s (dilated) — a hang is a bug.</summary>
    public virtual async Task DisposeAsync()
    {
        var limit = Dilated(TimeSpan.FromSeconds(10));
        try
        {
            var terminate = Sys.Terminate();
            // Under a deterministic dispatcher nobody else runs the actors: pump until they have stopped.
            if (Sys.Dispatcher is DeterministicDispatcher deterministic) deterministic.RunUntil(() => terminate.IsCompleted, limit);
            await terminate.WaitAsync(limit).ConfigureAwait(false);
            await Sys.WhenTerminated.WaitAsync(limit).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw TestProbe.Failure($"Actor system {Sys.Name} did not terminate within {limit}.");
        }
    }
}
