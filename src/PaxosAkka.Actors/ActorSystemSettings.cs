using PaxosAkka.Hocon;

namespace PaxosAkka.Actors;

/// <summary>
/// The typed view of the <c>paxos.actor</c> and <c>paxos.coordinated-shutdown</c> sections, parsed once at
/// system start. Every default is documented in the embedded <c>reference.conf</c>.
/// </summary>
public sealed class ActorSystemSettings
{
    /// <summary>Messages per mailbox turn (default 30).</summary>
    public int Throughput { get; init; } = 30;

    /// <summary>Default timeout of <c>Ask</c> when none is given (default 30 s).</summary>
    public TimeSpan AskTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How many dead letters are logged (default 10); all are counted and published.</summary>
    public int LogDeadLetters { get; init; } = 10;

    /// <summary>Whether dead letters are logged while the system shuts down (default false).</summary>
    public bool LogDeadLettersDuringShutdown { get; init; }

    /// <summary>Timeout of a coordinated-shutdown phase without its own setting (default 5 s).</summary>
    public TimeSpan DefaultPhaseTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Per-phase timeouts from <c>paxos.coordinated-shutdown.phases.&lt;phase&gt;.timeout</c>.</summary>
    public IReadOnlyDictionary<string, TimeSpan> PhaseTimeouts { get; init; } = new Dictionary<string, TimeSpan>();

    /// <summary>The configuration the settings came from (user config over reference.conf).</summary>
    public Config? Config { get; init; }

    /// <summary>The timeout of one shutdown phase.</summary>
    public TimeSpan PhaseTimeout(string phase)
        => PhaseTimeouts.TryGetValue(phase, out var t) ? t : DefaultPhaseTimeout;

    /// <summary>Reads the settings from <paramref name="config"/> (falling back to reference.conf).</summary>
    public static ActorSystemSettings FromConfig(Config? config)
    {
        var reference = ReferenceConfig.Load();
        var effective = config is null ? reference : config.WithFallback(reference);
        try
        {
            var phases = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
            foreach (var phase in CoordinatedShutdown.PhaseOrder)
            {
                var path = $"paxos.coordinated-shutdown.phases.{phase}.timeout";
                if (effective.HasPath(path)) phases[phase] = effective.GetTimeSpan(path);
            }

            var settings = new ActorSystemSettings
            {
                Throughput = effective.GetInt("paxos.actor.default-dispatcher.throughput"),
                AskTimeout = effective.GetTimeSpan("paxos.actor.ask-timeout"),
                LogDeadLetters = effective.GetInt("paxos.actor.log-dead-letters"),
                LogDeadLettersDuringShutdown = effective.GetBoolean("paxos.actor.log-dead-letters-during-shutdown"),
                DefaultPhaseTimeout = effective.GetTimeSpan("paxos.coordinated-shutdown.default-phase-timeout"),
                PhaseTimeouts = phases,
                Config = effective,
            };
            ArgumentOutOfRangeException.ThrowIfLessThan(settings.Throughput, 1, "paxos.actor.default-dispatcher.throughput");
            ArgumentOutOfRangeException.ThrowIfLessThan(settings.LogDeadLetters, 0, "paxos.actor.log-dead-letters");
            return settings;
        }
        catch (Exception e) when (e is not ArgumentOutOfRangeException)
        {
            throw new InvalidOperationException($"Invalid actor system configuration: {e.Message}", e);
        }
    }
}
