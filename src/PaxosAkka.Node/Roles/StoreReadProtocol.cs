namespace PaxosAkka.Node.Roles;

/// <summary>Read-index reads served by the local <see cref="StoreActor"/> (see <c>StoreActor.ReadIndex.cs</c>).</summary>
public static class StoreReadProtocol
{
    /// <summary>
    /// Answer the sender with the value of <paramref name="Key"/> (a <c>KvValue</c> or <c>KvNotFound</c>) once every
    /// slot up to <paramref name="ReadIndex"/> is applied. Local only: the proposer sends it after the leader
    /// confirmed the read index.
    /// </summary>
    public sealed record ServeRead(string Key, long ReadIndex);
}
