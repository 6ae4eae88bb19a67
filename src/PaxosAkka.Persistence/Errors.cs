namespace PaxosAkka.Persistence;

/// <summary>A stored row failed its checksum, or the stream has a hole: the data must not be used.</summary>
public sealed class PersistenceCorruptionException : Exception
{
    /// <summary>Creates the error for one row.</summary>
    public PersistenceCorruptionException(string persistenceId, long sequenceNr, string reason)
        : base($"Corrupt stored data for persistence id '{persistenceId}' at sequence number {sequenceNr}: {reason}")
    {
        PersistenceId = persistenceId;
        SequenceNr = sequenceNr;
    }

    /// <summary>Whose data is damaged.</summary>
    public string PersistenceId { get; }

    /// <summary>Which event or snapshot is damaged.</summary>
    public long SequenceNr { get; }
}

/// <summary>A write did not continue the stream at highest + 1 (a gap, a duplicate, or another writer got there first).</summary>
public sealed class SequenceConflictException : Exception
{
    /// <summary>Creates the error.</summary>
    public SequenceConflictException(string persistenceId, long expectedSequenceNr, long actualSequenceNr)
        : base($"Sequence conflict for persistence id '{persistenceId}': expected sequence number {expectedSequenceNr}, " +
               $"got {actualSequenceNr}. Each event must be highest + 1; is another writer using the same persistence id?")
    {
        PersistenceId = persistenceId;
        ExpectedSequenceNr = expectedSequenceNr;
        ActualSequenceNr = actualSequenceNr;
    }

    /// <summary>The stream written to.</summary>
    public string PersistenceId { get; }

    /// <summary>The number the journal would have accepted.</summary>
    public long ExpectedSequenceNr { get; }

    /// <summary>The number that was offered.</summary>
    public long ActualSequenceNr { get; }
}

/// <summary>The database was created by a newer (or unknown) schema version, or is not initialized.</summary>
public sealed class SchemaVersionException : Exception
{
    /// <summary>Creates the error.</summary>
    public SchemaVersionException(string message)
        : base(message)
    {
    }
}

/// <summary>The transaction carrying a write failed; nothing of it is visible.</summary>
public sealed class JournalWriteException : Exception
{
    /// <summary>Creates the error.</summary>
    public JournalWriteException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
