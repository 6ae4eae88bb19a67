using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using PaxosAkka.Persistence.Journal;
using PaxosAkka.Persistence.Sql;
using PaxosAkka.Persistence.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PaxosAkka.Persistence.Tests.Crash;

/// <summary>
/// Durability under a real crash: a child process persists from several concurrent writers and prints each
/// acknowledged event; it is SIGKILLed at a random moment; recovery in this process must find every
/// acknowledged event, in order and without holes. Iterations: 3 by default, PAXOS_CRASH_ITERATIONS to change.
/// </summary>
public abstract class CrashRecoverySpec(ITestOutputHelper output) : SqlStorageSpec
{
    private const int Writers = 8;
    private static readonly TimeSpan AckDeadline = TimeSpan.FromSeconds(90);

    protected static int Iterations =>
        int.TryParse(Environment.GetEnvironmentVariable("PAXOS_CRASH_ITERATIONS"), CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 3;

    /// <summary>A fresh database (or table) per iteration; returns its connection string.</summary>
    protected abstract string NewDatabase(int iteration);

    /// <summary>What the child persists: "journal" events, or "acceptor" promises and accepted entries.</summary>
    protected virtual string Mode => "journal";

    [Fact]
    public async Task Every_acknowledged_write_survives_SIGKILL_and_replays_in_order()
    {
        // The seed picks the kill moment and the writers' batch sizes; set PAXOS_CRASH_SEED to rerun one.
        var seed = int.TryParse(Environment.GetEnvironmentVariable("PAXOS_CRASH_SEED"), CultureInfo.InvariantCulture, out var s) ? s : Environment.TickCount & 0x7FFF;

        // Printed before the run, so that a failing iteration can be replayed from the test output.
        output.WriteLine($"PAXOS_CRASH_SEED={seed} reproduces this run");
        for (var iteration = 1; iteration <= Iterations; iteration++)
        {
            var random = new Random(seed + iteration);
            var killAfterAcks = random.Next(30, 600);
            var connectionString = NewDatabase(iteration);
            var (acked, ackCount) = await RunAndKillAsync(connectionString, seed + iteration, killAfterAcks);
            var recovered = Mode == "acceptor"
                ? await VerifyAcceptorRecoveryAsync(connectionString, acked)
                : await VerifyRecoveryAsync(connectionString, acked);
            output.WriteLine(
                $"iteration {iteration} (seed {seed + iteration}): SIGKILL once {killAfterAcks} acks were read; {ackCount} acks in total; " +
                $"recovered {recovered} events, all acknowledged ones present and contiguous");
        }
    }

    private async Task<(ConcurrentDictionary<string, long> Acked, int AckCount)> RunAndKillAsync(string connectionString, int seed, int killAfterAcks)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "PaxosAkka.Persistence.CrashWriter.dll"));
        foreach (var argument in new[] { Plugin == PersistencePlugin.PostgreSql ? "postgresql" : "sqlite", connectionString, TableName, $"{Writers}", $"{seed}", Mode })
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the crash writer.");
        try
        {
            return await KillOnceAckedAsync(process, killAfterAcks);
        }
        finally
        {
            // Whatever failed above, never leave a writer running against the next iteration's database.
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private static async Task<(ConcurrentDictionary<string, long> Acked, int AckCount)> KillOnceAckedAsync(Process process, int killAfterAcks)
    {
        // Highest acknowledged sequence number per writer; acks per writer arrive in increasing order.
        var acked = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var ackCount = 0;
        var enoughAcks = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stderr = process.StandardError.ReadToEndAsync();
        var reader = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                var parts = line.Split(' ');
                Assert.True(parts.Length == 3 && parts[0] == "ACK", $"unexpected crash writer output: {line}");
                var sequenceNr = long.Parse(parts[2], CultureInfo.InvariantCulture);
                acked.AddOrUpdate(parts[1], sequenceNr, (_, old) => Math.Max(old, sequenceNr));
                if (Interlocked.Increment(ref ackCount) >= killAfterAcks)
                {
                    enoughAcks.TrySetResult();
                }
            }
        });

        var exitedEarly = process.WaitForExitAsync();
        var first = await Task.WhenAny(enoughAcks.Task, exitedEarly, Task.Delay(AckDeadline));
        if (first != enoughAcks.Task)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException(
                $"The crash writer {(first == exitedEarly ? "exited" : "timed out")} after {ackCount} acks, before {killAfterAcks}: {await stderr}");
        }

        // Process.Kill is SIGKILL on Linux: no finalizers, no flushing, no orderly shutdown of the journal.
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();

        // Lines the child wrote before it died are still in the pipe; they were acknowledged too.
        await reader;
        return (acked, ackCount);
    }

    /// <summary>
    /// The child's acceptor w+1 saved slot s with promise and ballot (s+1, w+1) and acknowledged it as sequence
    /// number s+1: so slots 0..acked-1 must all be there, contiguous, with a promise at least that high.
    /// </summary>
    private async Task<long> VerifyAcceptorRecoveryAsync(string connectionString, ConcurrentDictionary<string, long> acked)
    {
        await using var store = new Persistence.Acceptor.SqlAcceptorStateStore(
            new Persistence.Acceptor.AcceptorStoreSettings { Plugin = Plugin, ConnectionString = connectionString, TableName = TableName });
        long recovered = 0;
        for (var w = 0; w < Writers; w++)
        {
            var acceptorId = w + 1;
            var state = await store.LoadAsync(acceptorId);
            var ackedUpTo = acked.GetValueOrDefault($"crash-{w}");
            Assert.Equal(Enumerable.Range(0, state.Accepted.Count).Select(i => (long)i), state.Accepted.Keys);
            Assert.True(state.Accepted.Count >= ackedUpTo, $"acceptor {acceptorId}: acknowledged {ackedUpTo} slots but only {state.Accepted.Count} recovered");
            Assert.True(state.Promised >= new Consensus.Ballot(ackedUpTo, acceptorId), $"acceptor {acceptorId}: promise {state.Promised} is below the acknowledged one");
            Assert.All(state.Accepted.Values, e => Assert.Equal(new Consensus.Ballot(e.Slot + 1, acceptorId), e.Ballot));
            recovered += state.Accepted.Count;
        }

        return recovered;
    }

    private async Task<long> VerifyRecoveryAsync(string connectionString, ConcurrentDictionary<string, long> acked)
    {
        await using var journal = new SqlJournal(new JournalSettings { Plugin = Plugin, ConnectionString = connectionString, TableName = TableName });
        long recovered = 0;
        for (var w = 0; w < Writers; w++)
        {
            var persistenceId = $"crash-{w}";
            var replayed = new List<PersistentRepr>();
            await journal.ReplayAsync(persistenceId, 1, long.MaxValue, long.MaxValue, replayed.Add);
            var ackedUpTo = acked.GetValueOrDefault(persistenceId);

            // Contiguous 1..n in order; n covers every acknowledged event (unacknowledged ones may or may not be there).
            Assert.Equal(Enumerable.Range(1, replayed.Count).Select(i => (long)i), replayed.Select(r => r.SequenceNr));
            Assert.True(replayed.Count >= ackedUpTo, $"{persistenceId}: acknowledged up to {ackedUpTo} but only {replayed.Count} recovered");
            Assert.Equal(replayed.Count, await journal.ReadHighestSequenceNrAsync(persistenceId));

            // The recovered journal is usable: the stream continues where it stopped.
            await journal.WriteAsync([new PersistentRepr(persistenceId, replayed.Count + 1, "after-crash", [1], DateTimeOffset.UnixEpoch)]);
            recovered += replayed.Count;
        }

        return recovered;
    }
}

/// <summary>
/// The acceptor's durable state under SIGKILL (Paxos Made Simple §2.3): every acknowledged promise and accepted
/// entry must be there after restart, or an acceptor could break a promise it already sent.
/// </summary>
public sealed class SqliteAcceptorCrashRecoverySpec(ITestOutputHelper output) : CrashRecoverySpec(output)
{
    private TempSqliteDatabase? _database;

    protected override PersistencePlugin Plugin => PersistencePlugin.Sqlite;

    protected override string ConnectionString => _database?.ConnectionString ?? throw new InvalidOperationException("no database yet");

    protected override string Mode => "acceptor";

    protected override string NewDatabase(int iteration)
    {
        _database = OwnTempSqliteDatabase();
        return _database.ConnectionString;
    }
}

/// <summary>Crash recovery on a real SQLite file (WAL, synchronous=FULL).</summary>
public sealed class SqliteCrashRecoverySpec(ITestOutputHelper output) : CrashRecoverySpec(output)
{
    private TempSqliteDatabase? _database;

    protected override PersistencePlugin Plugin => PersistencePlugin.Sqlite;

    protected override string ConnectionString => _database?.ConnectionString ?? throw new InvalidOperationException("no database yet");

    protected override string NewDatabase(int iteration)
    {
        _database = OwnTempSqliteDatabase();
        return _database.ConnectionString;
    }
}

/// <summary>
/// Crash recovery on a real throwaway PostgreSQL server (the client process is killed, the server survives).
/// Iterations share one table, so each run also recovers and continues what earlier crashed runs left.
/// </summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlCrashRecoverySpec(PostgreSqlServerFixture server, ITestOutputHelper output) : CrashRecoverySpec(output)
{
    protected override PersistencePlugin Plugin => PersistencePlugin.PostgreSql;

    protected override string ConnectionString => server.ConnectionString;

    protected override string NewDatabase(int iteration) => ConnectionString;
}
