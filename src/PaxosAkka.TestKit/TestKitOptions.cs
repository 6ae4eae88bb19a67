using Microsoft.Extensions.Logging;
using PaxosAkka.Actors.Dispatch;

namespace PaxosAkka.TestKit;

/// <summary>How a <see cref="TestKit"/> builds its actor system.</summary>
public sealed record TestKitOptions
{
    /// <summary>System name (default "test").</summary>
    public string SystemName { get; init; } = "test";

    /// <summary>HOCON overriding the runtime's reference.conf; null for defaults.</summary>
    public string? Config { get; init; }

    /// <summary>Run the system on a <see cref="ManualTimeProvider"/> (exposed as <see cref="TestKit.Clock"/>).</summary>
    public bool VirtualTime { get; init; }

    /// <summary>A dispatcher to inject (e.g. a deterministic one); null for the thread pool.</summary>
    public MessageDispatcher? Dispatcher { get; init; }

    /// <summary>Minimum level written to the xunit output (all levels are captured in <see cref="TestKit.Logs"/>).</summary>
    public LogLevel OutputLevel { get; init; } = LogLevel.Information;

    /// <summary>Timing knobs.</summary>
    public TestKitSettings Settings { get; init; } = new();
}
