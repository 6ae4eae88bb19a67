namespace PaxosAkka.Persistence;

/// <summary>Which SQL engine stores the data.</summary>
public enum PersistencePlugin
{
    /// <summary>Embedded SQLite file (the default): WAL, synchronous=FULL.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server through Npgsql.</summary>
    PostgreSql,
}

