using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace PaxosAkka.Persistence.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL server on 127.0.0.1, started by the tests themselves: initdb into a temp folder,
/// pg_ctl start on a free port, stop and delete at the end. PostgreSQL refuses to run as root, so as root the
/// folder is given to the <c>postgres</c> user and the tools run through <c>runuser</c>. Missing binaries are
/// installed once with apt-get; if that fails too, every PostgreSQL test fails saying why (never skipped).
/// </summary>
public sealed class PostgreSqlServerFixture : IAsyncLifetime
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);
    private string? _root;
    private string? _binDirectory;

    /// <summary>Connection string of the running server (database <c>postgres</c>, trust auth).</summary>
    public string ConnectionString { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        _binDirectory = FindBinDirectory();
        if (_binDirectory is null)
        {
            await ChildProcess.RunAsync("apt-get", ["install", "-y", "-qq", "postgresql"], TimeSpan.FromMinutes(5), throwOnFailure: false);
            _binDirectory = FindBinDirectory() ?? throw new InvalidOperationException(
                "PostgreSQL server binaries (initdb, pg_ctl) were not found in PATH or /usr/lib/postgresql/*/bin, and " +
                "'apt-get install -y postgresql' did not provide them. Install PostgreSQL to run the PostgreSQL persistence tests.");
        }

        _root = Path.Combine(Path.GetTempPath(), "paxos-pg-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_root);
        var data = Path.Combine(_root, "data");
        if (IsRoot)
        {
            await ChildProcess.RunAsync("chown", ["-R", "postgres:postgres", _root], CommandTimeout);
        }

        await RunPgToolAsync("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"]);

        // A port picked by the OS can be taken again before the server binds it; try a few.
        for (var attempt = 1; ; attempt++)
        {
            var port = FreeLoopbackPort();
            try
            {
                await RunPgToolAsync("pg_ctl", [
                    "-D", data, "-w", "-t", "60", "-l", Path.Combine(_root, "server.log"),
                    "-o", $"-p {port} -k {_root} -c listen_addresses=127.0.0.1 -c max_connections=200", "start"]);
                ConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Timeout=30;Command Timeout=60";
                break;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
            }
        }

        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_root is null)
        {
            return;
        }

        try
        {
            // Stop whenever a postmaster may be running, not only when start reported success: a `pg_ctl -w start`
            // that timed out on a loaded machine can still leave a server behind, holding a port and the folder.
            var data = Path.Combine(_root, "data");
            if (File.Exists(Path.Combine(data, "postmaster.pid")))
            {
                await RunPgToolAsync("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
            }
        }
        finally
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static bool IsRoot => Environment.UserName == "root";

    private Task<string> RunPgToolAsync(string tool, string[] arguments)
    {
        var path = Path.Combine(_binDirectory!, tool);
        return IsRoot
            ? ChildProcess.RunAsync("runuser", ["-u", "postgres", "--", path, .. arguments], CommandTimeout)
            : ChildProcess.RunAsync(path, arguments, CommandTimeout);
    }

    private static string? FindBinDirectory()
    {
        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .ToList();
        if (Directory.Exists("/usr/lib/postgresql"))
        {
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(d => Path.Combine(d, "bin")));
        }

        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>All PostgreSQL test classes share one server (started once per test run).</summary>
[CollectionDefinition(Name)]
public sealed class PostgreSqlCollection : ICollectionFixture<PostgreSqlServerFixture>
{
    public const string Name = "PostgreSQL server";
}
