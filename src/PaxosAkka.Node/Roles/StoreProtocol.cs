using System.Collections.Immutable;
using PaxosAkka.Consensus;

namespace PaxosAkka.Node.Roles;

/// <summary>Messages of the store actor.</summary>
public static class StoreProtocol
{
    /// <summary>Chosen slots from the learner, in slot order (duplicates of applied slots are ignored).</summary>
    public sealed record Deliver(ImmutableArray<ChosenEntry> Entries);
}
