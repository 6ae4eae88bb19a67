using System.Globalization;
using System.Text;
using PaxosAkka.Consensus;
using PaxosAkka.Persistence.Acceptor;

namespace PaxosAkka.Persistence.CrashWriter;

/// <summary>
/// Acceptor w (1..writers) saves slot s with promise and ballot (s + 1, w), as a core Ready would ask, and
/// acknowledges it as "ACK crash-(w-1) (s+1)" only after SaveAsync returned, i.e. when it may send Accepted.
/// </summary>
internal static class AcceptorMode
{
    public static async Task<int> RunAsync(string[] args, TimeSpan maxRunTime, int maxWrites, Action<string, IEnumerable<long>> ack)
    {
        var settings = new AcceptorStoreSettings
        {
            Plugin = args[0] == "postgresql" ? PersistencePlugin.PostgreSql : PersistencePlugin.Sqlite,
            ConnectionString = args[1],
            TableName = args[2],
        };
        var writers = int.Parse(args[3], CultureInfo.InvariantCulture);
        using var stop = new CancellationTokenSource(maxRunTime);
        await using var store = new SqlAcceptorStateStore(settings);
        await Task.WhenAll(Enumerable.Range(1, writers).Select(async id =>
        {
            var next = (await store.LoadAsync(id, stop.Token)).Accepted.Count;
            for (var slot = (long)next; slot < next + maxWrites && !stop.IsCancellationRequested; slot++)
            {
                var ballot = new Ballot(slot + 1, id);
                var value = SlotValue.Of(new Command(new CommandId($"client-{id}", slot), Encoding.UTF8.GetBytes($"put k{slot}")));
                await store.SaveAsync(id, ballot, [new AcceptedEntry(slot, ballot, value)], stop.Token);
                ack($"crash-{id - 1}", [slot + 1]);
            }
        }));
        return 0;
    }
}
