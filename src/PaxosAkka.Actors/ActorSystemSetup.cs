using Microsoft.Extensions.Logging;
using PaxosAkka.Actors.Dispatch;
using PaxosAkka.Hocon;

namespace PaxosAkka.Actors;

/// <summary>
/// Everything injected into an actor system at creation. All fields are optional; defaults are a real clock,
/// no logging, the thread-pool dispatcher, a local address and the embedded <c>reference.conf</c>.
/// </summary>
public sealed record ActorSystemSetup
{
    /// <summary>Configuration; falls back to the embedded <c>reference.conf</c> for anything missing.</summary>
    public Config? Config { get; init; }

    /// <summary>Where the runtime and <c>Context.GetLogger()</c> log; null means no logging.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>The clock for the scheduler, timers, ask timeouts and supervision windows; null means the system clock.</summary>
    public TimeProvider? TimeProvider { get; init; }

    /// <summary>The dispatcher every actor runs on; null means the thread pool with the configured throughput.</summary>
    public MessageDispatcher? Dispatcher { get; init; }

    /// <summary>The system's address; remoting sets host and port here. Null means <c>paxos://name</c>.</summary>
    public Address? Address { get; init; }
}
