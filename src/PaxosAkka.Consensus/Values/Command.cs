namespace PaxosAkka.Consensus;

/// <summary>
/// A client command: its identity plus opaque payload bytes the state machine interprets. Equality includes
/// the payload bytes, because the simulator's Validity check and the learner's vote counting compare values,
/// and two commands with the same id but different bytes are different values.
/// </summary>
/// <param name="Id">Who sent it and which request it is.</param>
/// <param name="Payload">Opaque bytes; never mutated after construction by convention.</param>
public sealed record Command(CommandId Id, byte[] Payload)
{
    /// <inheritdoc />
    public bool Equals(Command? other) =>
        other is not null
        && Id.Equals(other.Id)
        && (ReferenceEquals(Payload, other.Payload)
            || (Payload is not null && other.Payload is not null && Payload.AsSpan().SequenceEqual(other.Payload)));

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Id);
        if (Payload is not null)
        {
            hash.AddBytes(Payload);
        }

        return hash.ToHashCode();
    }

    /// <summary>Readable form used in traces (the payload length, not its bytes).</summary>
    public override string ToString() => $"{Id}[{Payload?.Length ?? 0}B]";
}
