namespace PaxosAkka.Consensus;

/// <summary>Tuning for acceptors. Every default is stated.</summary>
public sealed record AcceptorOptions
{
    private readonly int _maxPromiseEntries = 1024;
    private readonly long _maxPromiseBytes = 1024 * 1024;

    /// <summary>The defaults below.</summary>
    public static AcceptorOptions Default { get; } = new();

    /// <summary>
    /// Maximum accepted entries reported in one <see cref="PaxosProtocol.Promise"/> (default 1,024). A Promise
    /// that would report more stops early and says where (<see cref="PaxosProtocol.Promise.ReportedBelow"/>); the
    /// proposer asks again from there under the same ballot.
    /// </summary>
    public int MaxPromiseEntries
    {
        get => _maxPromiseEntries;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _maxPromiseEntries = value;
        }
    }

    /// <summary>
    /// Approximate bytes of values reported in one <see cref="PaxosProtocol.Promise"/> (default 1 MiB). Remoting
    /// drops frames over 4 MiB, and a Promise carrying a long log would then never arrive and stall every
    /// election of a leader that is behind. The entry that crosses the budget is still sent, so a single value
    /// larger than the budget makes progress.
    /// </summary>
    public long MaxPromiseBytes
    {
        get => _maxPromiseBytes;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _maxPromiseBytes = value;
        }
    }
}
