namespace PaxosAkka.Node.Store;

/// <summary>
/// A key-value command as it travels in the replicated log (inside a consensus <c>Command</c>'s payload).
/// Every replica applies the same commands in slot order, so these must be deterministic.
/// </summary>
public abstract record KvCommand(string Key);

/// <summary>Sets <see cref="KvCommand.Key"/> to <paramref name="Value"/>.</summary>
public sealed record KvPutCommand(string Key, byte[] Value) : KvCommand(Key);

/// <summary>Removes <see cref="KvCommand.Key"/>.</summary>
public sealed record KvDeleteCommand(string Key) : KvCommand(Key);

/// <summary>Sets the key to <paramref name="Value"/> only if its current value is <paramref name="Expected"/> (null: absent).</summary>
public sealed record KvCasCommand(string Key, byte[]? Expected, byte[] Value) : KvCommand(Key);

/// <summary>
/// A read ordered through the log: applying it changes nothing but answers with the value as of its slot,
/// which is what makes the read linearizable.
/// </summary>
public sealed record KvReadCommand(string Key) : KvCommand(Key);

/// <summary>
/// A linearizable listing ordered through the log, like <see cref="KvReadCommand"/>: up to <paramref name="Limit"/>
/// keys that start with <see cref="KvCommand.Key"/> (the prefix; empty lists every key), in ordinal order, strictly
/// after <paramref name="After"/> (null: from the first). Applying it changes nothing; its answer is a
/// <see cref="KvListing"/> as of its slot.
/// </summary>
public sealed record KvListCommand(string Prefix, string? After, int Limit) : KvCommand(Prefix)
{
    /// <summary>The most keys one listing may ask for: its answer is remembered for retries like any other.</summary>
    public const int MaxLimit = 1000;
}
