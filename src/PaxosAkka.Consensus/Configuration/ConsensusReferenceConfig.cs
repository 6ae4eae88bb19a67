namespace PaxosAkka.Consensus;

/// <summary>
/// The module's commented <c>reference.conf</c>, embedded so hosts can layer their configuration over it and
/// so its documented defaults are checked against <see cref="ProposerOptions"/> and <see cref="LearnerOptions"/>.
/// </summary>
public static class ConsensusReferenceConfig
{
    /// <summary>The path of the consensus section in the cluster configuration.</summary>
    public const string Section = "paxos.consensus";

    /// <summary>The text of the embedded <c>reference.conf</c>.</summary>
    public static string Text { get; } = Load();

    private static string Load()
    {
        using var stream = typeof(ConsensusReferenceConfig).Assembly.GetManifestResourceStream("PaxosAkka.Consensus.reference.conf")
            ?? throw new InvalidOperationException("The embedded reference.conf of PaxosAkka.Consensus is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
