using System.Globalization;

namespace PaxosAkka.TestKit;

/// <summary>
/// Timing knobs of the TestKit. The dilation factor stretches every TestKit timeout on slow machines
/// (CI on 2 shared cores): set <c>PAXOS_TESTKIT_DILATION=3</c> to triple them. Never below 1.
/// </summary>
public sealed record TestKitSettings
{
    /// <summary>The environment variable holding the dilation factor.</summary>
    public const string DilationEnvironmentVariable = "PAXOS_TESTKIT_DILATION";

    /// <summary>Multiplier for all TestKit timeouts (default 1, or the environment variable).</summary>
    public double TimeFactor { get; init; } = ReadDilation(Environment.GetEnvironmentVariable(DilationEnvironmentVariable));

    /// <summary>Timeout of ExpectMsg and friends when none is given (default 10 s, dilated; generous because CI runs every test assembly at once on 2 shared cores).</summary>
    public TimeSpan DefaultTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long <c>ExpectNoMsg()</c> waits when no duration is given (default 100 ms, dilated).</summary>
    public TimeSpan DefaultExpectNoMsgDuration { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Scales <paramref name="duration"/> by <see cref="TimeFactor"/>.</summary>
    public TimeSpan Dilated(TimeSpan duration) => duration * TimeFactor;

    /// <summary>Parses a dilation factor; missing, unparsable or below 1 means 1.</summary>
    public static double ReadDilation(string? value)
        => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var factor) && factor >= 1 ? factor : 1.0;
}
