using System.Globalization;
using System.Text;
using PaxosAkka.Persistence;
using PaxosAkka.Persistence.Journal;

namespace PaxosAkka.Persistence.CrashWriter;

/// <summary>
/// Persists events from several concurrent writers and prints <c>ACK &lt;persistence-id&gt; &lt;sequence-nr&gt;</c>
/// for each event only after its WriteAsync returned (i.e. after the commit). The crash test SIGKILLs this
/// process at a random moment and then checks that every printed event is in the journal.
/// Usage: CrashWriter &lt;sqlite|postgresql&gt; &lt;connection-string&gt; &lt;table&gt; &lt;writers&gt; &lt;seed&gt; [journal|acceptor].
/// In acceptor mode each writer is an acceptor saving one promise + accepted slot per step (see AcceptorMode).
/// </summary>
internal static class Program
{
    // Bounds so a child that is never killed still ends by itself.
    private const int MaxWritesPerWriter = 20_000;
    private static readonly TimeSpan MaxRunTime = TimeSpan.FromMinutes(2);
    private static readonly Lock ConsoleLock = new();

    public static async Task<int> Main(string[] args)
    {
        if (args.Length is not (5 or 6))
        {
            await Console.Error.WriteLineAsync("usage: CrashWriter <sqlite|postgresql> <connection-string> <table> <writers> <seed> [journal|acceptor]");
            return 2;
        }

        if (args.Length == 6 && args[5] == "acceptor")
        {
            return await AcceptorMode.RunAsync(args, MaxRunTime, MaxWritesPerWriter, Ack);
        }

        var settings = new JournalSettings
        {
            Plugin = args[0] == "postgresql" ? PersistencePlugin.PostgreSql : PersistencePlugin.Sqlite,
            ConnectionString = args[1],
            TableName = args[2],
        };
        var writers = int.Parse(args[3], CultureInfo.InvariantCulture);
        var seed = int.Parse(args[4], CultureInfo.InvariantCulture);
        using var stop = new CancellationTokenSource(MaxRunTime);
        await using var journal = SqlPersistence.CreateJournal(settings);
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => RunWriterAsync(journal, $"crash-{w}", new Random(seed * 1000 + w), stop.Token)));
        return 0;
    }

    /// <summary>Prints acknowledgements; called only after the write they name has committed.</summary>
    private static void Ack(string writer, IEnumerable<long> sequenceNrs)
    {
        lock (ConsoleLock)
        {
            foreach (var sequenceNr in sequenceNrs)
            {
                Console.Out.WriteLine($"ACK {writer} {sequenceNr}");
            }

            Console.Out.Flush();
        }
    }

    private static async Task RunWriterAsync(IJournal journal, string persistenceId, Random random, CancellationToken stop)
    {
        var next = await journal.ReadHighestSequenceNrAsync(persistenceId, stop) + 1;
        for (var written = 0; written < MaxWritesPerWriter && !stop.IsCancellationRequested;)
        {
            // Mix single events and small atomic batches, as Persist and PersistAll would.
            var count = random.Next(1, 4);
            var batch = Enumerable.Range(0, count)
                .Select(i => new PersistentRepr(persistenceId, next + i, "crash-event", Encoding.UTF8.GetBytes($"{persistenceId}:{next + i}"), DateTimeOffset.UnixEpoch))
                .ToArray();
            await journal.WriteAsync(batch, stop);
            Ack(persistenceId, batch.Select(e => e.SequenceNr));

            next += count;
            written += count;
        }
    }
}
