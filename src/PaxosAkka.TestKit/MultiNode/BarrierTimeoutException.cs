namespace PaxosAkka.TestKit.MultiNode;

/// <summary>A barrier was not reached by every node in time; the message names the nodes that never arrived.</summary>
public sealed class BarrierTimeoutException : TimeoutException
{
    public BarrierTimeoutException()
    {
    }

    public BarrierTimeoutException(string message) : base(message)
    {
    }

    public BarrierTimeoutException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public BarrierTimeoutException(string barrier, IReadOnlyCollection<RoleName> missing, IReadOnlyCollection<RoleName> arrived, TimeSpan timeout)
        : base($"barrier '{barrier}' timed out after {timeout.TotalSeconds:F1} s: "
            + $"[{string.Join(", ", missing)}] did not arrive (arrived: [{string.Join(", ", arrived)}])")
    {
        Barrier = barrier;
        Missing = missing;
    }

    public string Barrier { get; } = "";

    /// <summary>The roles that never entered the barrier.</summary>
    public IReadOnlyCollection<RoleName> Missing { get; } = [];
}
