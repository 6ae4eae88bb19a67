using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;
using PaxosAkka.Persistence;

namespace PaxosAkka.Benchmarks;

/// <summary>
/// A throwaway database for the persistence benchmarks: a SQLite file on disk, or a PostgreSQL server started
/// with initdb/pg_ctl on a loopback port (as the <c>postgres</c> user when running as root). fsync stays on in
/// both, so the numbers are durable commits.
/// </summary>
internal sealed class PersistenceBenchDatabase : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "paxos-bench-" + Guid.NewGuid().ToString("N"));
    private readonly string? _pgBin;

    public PersistenceBenchDatabase(PersistencePlugin plugin)
    {
        Plugin = plugin;
        Directory.CreateDirectory(_root);
        if (plugin == PersistencePlugin.Sqlite)
        {
            ConnectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(_root, "bench.db") }.ToString();
            return;
        }

        _pgBin = FindPgBin() ?? throw new InvalidOperationException("PostgreSQL binaries (initdb, pg_ctl) not found; apt-get install -y postgresql");
        if (IsRoot)
        {
            Run("chown", "-R", "postgres:postgres", _root);
        }

        var data = Path.Combine(_root, "data");
        RunPg("initdb", "-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8");
        var port = FreePort();
        RunPg("pg_ctl", "-D", data, "-w", "-t", "60", "-l", Path.Combine(_root, "server.log"),
            "-o", $"-p {port} -k {_root} -c listen_addresses=127.0.0.1 -c max_connections=200", "start");
        ConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Timeout=30;Command Timeout=120";
    }

    public PersistencePlugin Plugin { get; }

    public string ConnectionString { get; }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
        if (_pgBin is not null)
        {
            RunPg("pg_ctl", "-D", Path.Combine(_root, "data"), "-m", "fast", "-w", "stop");
        }

        Directory.Delete(_root, recursive: true);
    }

    private static bool IsRoot => Environment.UserName == "root";

    private void RunPg(string tool, params string[] arguments)
    {
        var path = Path.Combine(_pgBin!, tool);
        if (IsRoot)
        {
            Run("runuser", ["-u", "postgres", "--", path, .. arguments]);
        }
        else
        {
            Run(path, arguments);
        }
    }

    private static void Run(string fileName, params string[] arguments)
    {
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)) || process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} failed: {stdout.Result}{stderr.Result}");
        }
    }

    private static string? FindPgBin()
    {
        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (Directory.Exists("/usr/lib/postgresql"))
        {
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")));
        }

        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
