using Akka.Actor;
using Akka.Configuration;
using Microsoft.Extensions.Logging;
using PaxosAkka.Node.Configuration;
using PaxosAkka.Node.Hosting;

namespace PaxosAkka.MultiNode.Kit;

/// <summary>
/// A node in the test process: a full <see cref="PaxosNodeRuntime"/> run by the product's <see cref="NodeRunLoop"/>,
/// so a node the split-brain resolver downs starts a fresh actor system exactly as the node process does.
/// <see cref="RuntimeStarted"/> tells the conductor about each fresh runtime so its link settings apply to it too.
/// </summary>
public sealed class InProcessNodeHost : NodeHost
{
    private readonly string _hocon;
    private readonly ILoggerFactory _loggers;
    private CancellationTokenSource? _stop;
    private Task _loop = Task.CompletedTask;
    private PaxosNodeRuntime? _current;
    private int _starts;

    internal InProcessNodeHost(SpecNode node, string hocon, SpecLog log)
        : base(node, log)
    {
        _hocon = hocon;
        _loggers = log.For(node.Role);
    }

    /// <summary>Raised with each runtime once it serves: the first and every fresh one after a downing.</summary>
    public event Action<InProcessNodeHost, PaxosNodeRuntime>? RuntimeStarted;

    /// <summary>The node's current runtime.</summary>
    /// <exception cref="InvalidOperationException">The node is not running.</exception>
    public PaxosNodeRuntime Runtime => Volatile.Read(ref _current) ?? throw new InvalidOperationException($"{Role} is not running");

    /// <summary>The current runtime's actor system.</summary>
    public ActorSystem System => Runtime.System;

    /// <summary>How often the node started a fresh actor system after its first (each one a downing it survived).</summary>
    public int Restarts => Math.Max(0, Volatile.Read(ref _starts) - 1);

    /// <inheritdoc />
    public override bool IsRunning => !_loop.IsCompleted;

    /// <inheritdoc />
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (IsRunning)
        {
            throw new InvalidOperationException($"{Role} already runs");
        }

        var config = ConfigurationFactory.ParseString(_hocon);
        var settings = NodeSettings.Create(config, $"the spec config of {Role}");
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _stop = new CancellationTokenSource();
        var stop = _stop.Token;
        _loop = Task.Run(
            () => NodeRunLoop.RunAsync(settings, config, _loggers, runtime =>
            {
                Volatile.Write(ref _current, runtime);
                int starts = Interlocked.Increment(ref _starts);
                if (starts > 1)
                {
                    Log.Write(Role, $"fresh actor system #{starts} after a downing");
                }

                RuntimeStarted?.Invoke(this, runtime);
                started.TrySetResult();
            }, stop),
            CancellationToken.None);
        _ = _loop.ContinueWith(
            t =>
            {
                var last = Interlocked.Exchange(ref _current, null);
                if (!stop.IsCancellationRequested && last is not null)
                {
                    // The node ended by itself (not a downing, which the loop survives): say why.
                    var reason = CoordinatedShutdown.Get(last.System).ShutdownReason;
                    Log.Write(Role, $"run loop ended by itself: actor system terminated ({reason?.GetType().Name ?? "no coordinated shutdown"})");
                }

                if (t.Exception is { } e)
                {
                    Log.Write(Role, $"run loop failed: {e.GetBaseException()}");
                    started.TrySetException(e.GetBaseException());
                }
                else
                {
                    started.TrySetCanceled(CancellationToken.None);
                }
            },
            TaskScheduler.Default);
        await started.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task StopAsync()
    {
        if (_stop is null)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not TimeoutException)
        {
            // A failed loop was logged when it failed; stopping is done either way.
        }
    }

    private protected override async ValueTask DisposeCoreAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stop?.Dispose();
        _loggers.Dispose();
    }
}
