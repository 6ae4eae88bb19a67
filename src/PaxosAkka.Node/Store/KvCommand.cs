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
