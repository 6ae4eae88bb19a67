namespace PaxosAkka.Node.Client;

/// <summary>The tail of the chosen log for the web console (see <see cref="ChosenLogTail"/>).</summary>
public sealed partial class PaxosKvService
{
    /// <summary>The slots this node's store applied lately; the runtime feeds it from the store's apply path.</summary>
    public ChosenLogTail ChosenLog { get; init; } = new();

    /// <inheritdoc />
    public IReadOnlyList<ChosenLogEntry> GetChosenLogTail(int count) => ChosenLog.Latest(count);
}
