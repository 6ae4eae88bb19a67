using PaxosAkka.Node.Storage;

namespace PaxosAkka.Node.Tests.Storage;

/// <summary>The acceptor-store contract on a real SQLite file (the default backend).</summary>
public sealed class SqliteAcceptorStoreSpec : AcceptorStoreSpec, IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "paxos-node-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    protected override IAcceptorStore Open() => SqliteAcceptorStore.Open(Path.Combine(_folder, "acceptor.db"));

    protected override IAcceptorStore OpenBroken()
    {
        // A folder where the database file should be: SQLite cannot open it.
        string path = Path.Combine(_folder, "taken");
        Directory.CreateDirectory(path);
        return SqliteAcceptorStore.Open(path);
    }
}
