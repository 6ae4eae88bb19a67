using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using PaxosAkka.Node.Hosting;
using PaxosAkka.Node.Store;

namespace PaxosAkka.Node.Tests.Cmd;

/// <summary>pbm's command endpoint on a real one-node runtime: its routes answer from the actor system, and a taken port never stops the node.</summary>
public sealed class CmdEndpointTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly SingleNode _single = new();

    public void Dispose() => _single.Dispose();

    [Fact]
    public async Task The_routes_show_the_member_the_actor_tree_and_the_chosen_log_of_the_running_node()
    {
        await using var node = await StartAsync(cmdPort: 0);
        Assert.NotNull(node.CmdUrl);
        using var client = new HttpClient { BaseAddress = new Uri(node.CmdUrl!), Timeout = Patience };

        using (var who = JsonDocument.Parse(await client.GetStringAsync("/pbm/node")))
        {
            Assert.Equal(1, who.RootElement.GetProperty("id").GetInt32());
        }

        await Until(async () =>
        {
            using var cluster = JsonDocument.Parse(await client.GetStringAsync("/pbm/cluster"));
            return cluster.RootElement.GetProperty("members").EnumerateArray().Any(m => m.GetProperty("status").GetString() == "Up");
        });

        string tree = await client.GetStringAsync("/pbm/actor/hierarchy?path=/user/node&depth=1");
        Assert.Contains("\"/user/node/acceptor\"", tree, StringComparison.Ordinal);

        await Until(async () => await Task.FromResult(node.Service.GetPaxosStatus().Leader == 1));
        await node.Service.ExecuteAsync(new KvPutCommand("k", Encoding.UTF8.GetBytes("v")), null, CancellationToken.None);
        using var log = JsonDocument.Parse(await client.GetStringAsync("/pbm/paxos/log?from=0&to=10"));
        var put = log.RootElement.GetProperty("entries").EnumerateArray().SelectMany(e => e.GetProperty("commands").EnumerateArray()).Single(c => c.GetProperty("kind").GetString() == "put");
        Assert.Equal(("k", "v"), (put.GetProperty("key").GetString(), put.GetProperty("value").GetString()));

        using var missing = await client.PostAsync("/pbm/cluster/down?address=127.0.0.1:1", content: null);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task A_node_whose_command_port_is_taken_still_starts_and_serves_without_it()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        await using var node = await StartAsync(((IPEndPoint)holder.LocalEndpoint).Port);

        Assert.Null(node.CmdUrl);
        using var client = new HttpClient { BaseAddress = new Uri(node.Urls.Single()), Timeout = Patience };
        using var health = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    private Task<PaxosNodeRuntime> StartAsync(int cmdPort) => _single.StartAsync($"paxos.cmd.port = {cmdPort}");

    private static async Task Until(Func<Task<bool>> condition)
    {
        var deadline = TimeProvider.System.GetUtcNow() + Patience;
        while (!await condition())
        {
            Assert.True(TimeProvider.System.GetUtcNow() < deadline, "the condition did not hold within the deadline");
            await Task.Delay(50);
        }
    }
}
