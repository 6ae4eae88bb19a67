using System.Net;
using System.Text.Json;
using Akka.Actor;
using PaxosAkka.Node.Hosting;

namespace PaxosAkka.Node.Tests.Http;

/// <summary><c>GET /healthz</c> of a real node: 200 while it serves, 503 with a JSON reason once its coordinated shutdown runs.</summary>
public sealed class HealthDuringShutdownTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly SingleNode _single = new();

    public void Dispose() => _single.Dispose();

    [Fact]
    public async Task Healthz_answers_503_stopping_while_the_node_runs_its_coordinated_shutdown()
    {
        var node = await _single.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(node.Urls.Single()), Timeout = Patience };
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            using (var serving = await client.GetAsync("/healthz"))
            {
                Assert.Equal(HttpStatusCode.OK, serving.StatusCode);
                Assert.False(node.IsTerminating);
            }

            // Hold the shutdown in its first phase, before the HTTP front would be unbound, as a slow drain would.
            var shutdown = CoordinatedShutdown.Get(node.System);
            shutdown.AddTask(CoordinatedShutdown.PhaseBeforeServiceUnbind, "hold-for-test", async () =>
            {
                await release.Task;
                return Akka.Done.Instance;
            });
            var terminating = node.System.Terminate();

            using var stopping = await client.GetAsync("/healthz");
            Assert.True(node.IsTerminating);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, stopping.StatusCode);
            using var body = JsonDocument.Parse(await stopping.Content.ReadAsStringAsync());
            Assert.Equal("stopping", body.RootElement.GetProperty("status").GetString());
            Assert.Contains("shutting down", body.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);

            release.SetResult();
            await terminating.WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            release.TrySetResult();
            await node.DisposeAsync();
        }
    }
}
