using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using PaxosAkka.Persistence;
using PaxosAkka.Persistence.Journal;
using PaxosAkka.Persistence.Sql;

namespace PaxosAkka.Benchmarks;

/// <summary>
/// Acknowledged durable persists per second through the group-commit journal, at 1, 16 and 64 concurrent
/// writers (each awaiting its own acknowledgement before the next persist, like a persistent actor).
/// Run with the baseline: <c>dotnet run -c Release --project tests/PaxosAkka.Benchmarks -- --filter '*Persistence*'</c>.
/// </summary>
[Config(typeof(PersistenceBenchmarkConfig))]
public class PersistenceGroupCommitBenchmarks
{
    /// <summary>Persists per measured invocation (divisible by every concurrency level).</summary>
    public const int Persists = 1024;

    private PersistenceBenchDatabase? _database;
    private SqlJournal? _journal;
    private long[] _next = [];

    [Params(PersistencePlugin.Sqlite, PersistencePlugin.PostgreSql)]
    public PersistencePlugin Provider { get; set; }

    [Params(1, 16, 64)]
    public int Concurrency { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _database = new PersistenceBenchDatabase(Provider);
        _journal = new SqlJournal(new JournalSettings { Plugin = Provider, ConnectionString = _database.ConnectionString, TableName = "bench_journal" });
        _next = Enumerable.Repeat(1L, Concurrency).ToArray();
        AcknowledgedDurablePersists().GetAwaiter().GetResult();
    }

    [Benchmark(OperationsPerInvoke = Persists)]
    public Task AcknowledgedDurablePersists() => Task.WhenAll(Enumerable.Range(0, Concurrency).Select(WriterAsync));

    private async Task WriterAsync(int writer)
    {
        var payload = new byte[100];
        for (var i = 0; i < Persists / Concurrency; i++)
        {
            await _journal!.WriteAsync([new PersistentRepr($"writer-{writer}", _next[writer]++, "bench", payload, DateTimeOffset.UnixEpoch)]);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (_journal is not null)
        {
            Console.WriteLine($"// {Provider} c={Concurrency}: {_journal.Statistics}");
            _journal.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        _database?.Dispose();
    }
}

/// <summary>
/// The baseline: a plain loop of single-row INSERT + COMMIT on one connection, same durability settings
/// (SQLite WAL + synchronous=FULL; PostgreSQL synchronous_commit on), no group commit.
/// </summary>
[Config(typeof(PersistenceBenchmarkConfig))]
public class PersistenceBaselineBenchmarks
{
    private PersistenceBenchDatabase? _database;
    private System.Data.Common.DbConnection? _connection;
    private long _next = 1;

    [Params(PersistencePlugin.Sqlite, PersistencePlugin.PostgreSql)]
    public PersistencePlugin Provider { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _database = new PersistenceBenchDatabase(Provider);
        var dialect = SqlDialect.For(Provider);
        _connection = dialect.OpenAsync(_database.ConnectionString, TimeSpan.FromSeconds(30), CancellationToken.None).GetAwaiter().GetResult();
        SqlDialect.ExecuteAsync(_connection, null, dialect.JournalDdl("bench_baseline"), CancellationToken.None).GetAwaiter().GetResult();
    }

    [Benchmark(OperationsPerInvoke = PersistenceGroupCommitBenchmarks.Persists)]
    public async Task PlainInsertCommitLoop()
    {
        var payload = new byte[100];
        for (var i = 0; i < PersistenceGroupCommitBenchmarks.Persists; i++)
        {
            await using var transaction = await _connection!.BeginTransactionAsync();
            await using var insert = SqlDialect.Command(_connection, transaction,
                "INSERT INTO bench_baseline (persistence_id, sequence_nr, manifest, payload, timestamp_ms, checksum) VALUES ('p', @seq, 'bench', @payload, 0, 0)");
            SqlDialect.AddParameter(insert, "@seq", _next++);
            SqlDialect.AddParameter(insert, "@payload", payload);
            await insert.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _connection?.Dispose();
        _database?.Dispose();
    }
}

/// <summary>
/// Few, long iterations (each is 1024 durable commits) and an ops/s column. In-process: the cost measured is
/// fsync and round trips, which a separate benchmark process would not change.
/// </summary>
internal sealed class PersistenceBenchmarkConfig : ManualConfig
{
    public PersistenceBenchmarkConfig()
    {
        AddJob(Job.Default.WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(5).WithInvocationCount(1).WithUnrollFactor(1)
            .WithToolchain(InProcessEmitToolchain.Instance));
        AddColumn(StatisticColumn.OperationsPerSecond);
    }
}
