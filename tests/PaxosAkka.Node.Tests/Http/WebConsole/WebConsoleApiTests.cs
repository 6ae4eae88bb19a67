using System.Diagnostics;
using System.Net;
using System.Text.Json;
using PaxosAkka.Node.Http;
using PaxosAkka.Node.Tests.Http;

namespace PaxosAkka.Node.Tests.Http.WebConsole;

/// <summary>The web console's page, assets and event stream over real Kestrel on loopback.</summary>
public sealed class WebConsoleApiTests
{
    [Theory]
    [InlineData("/")]
    [InlineData("/ui")]
    public async Task Page_is_html_that_loads_only_its_own_script_and_stylesheet(string path)
    {
        await using var host = await ApiHost.StartAsync();
        var response = await host.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        string policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self'", policy, StringComparison.Ordinal);
        string html = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("<!doctype html>", html, StringComparison.Ordinal);
        Assert.Contains("src=\"/console/console.js\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/console/console.css\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Script_uses_the_event_stream_and_the_api_routes_and_nothing_off_the_node()
    {
        await using var host = await ApiHost.StartAsync();
        var script = await host.Client.GetAsync("/console/console.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        string js = await script.Content.ReadAsStringAsync();
        foreach (var route in new[] { "\"/events\"", "\"/kv/\"", "\"/kv?\"", "\"/files/\"", "\"/prime/\"" })
        {
            Assert.Contains(route, js, StringComparison.Ordinal);
        }

        // No CDN or other remote asset (nodes run without internet); the one URL is the SVG namespace, never fetched.
        foreach (var name in new[] { "/", "/console/console.js", "/console/console.css" })
        {
            string text = (await host.Client.GetStringAsync(name)).Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal);
            Assert.DoesNotContain("http://", text, StringComparison.Ordinal);
            Assert.DoesNotContain("https://", text, StringComparison.Ordinal);
            Assert.DoesNotContain("innerHTML", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_unknown_console_file_is_404()
    {
        await using var host = await ApiHost.StartAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync("/console/secrets.txt")).StatusCode);
    }

    [Fact]
    public async Task Event_stream_sends_status_at_once_then_only_new_progress_every_interval()
    {
        var clock = new ManualTimeProvider();
        await using var host = await ApiHost.StartAsync(options: new PaxosApiOptions { Clock = clock, ConsoleInterval = TimeSpan.FromMilliseconds(500) });
        await host.Client.PutAsync("/kv/k", new StringContent("v"));
        using var response = await host.Client.GetAsync("/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var events = new EventReader(await response.Content.ReadAsStreamAsync());

        var first = await events.NextAsync();
        Assert.True(first.GetProperty("full").GetBoolean());
        Assert.True(first.GetProperty("servesKv").GetBoolean());
        Assert.Equal(2, first.GetProperty("self").GetInt32());
        Assert.Equal(2, first.GetProperty("cluster").GetProperty("leader").GetInt32());
        Assert.Equal(3, first.GetProperty("cluster").GetProperty("members").GetArrayLength());
        Assert.Equal("leading", first.GetProperty("paxos").GetProperty("roles").GetProperty("proposer").GetProperty("state").GetString());
        Assert.Equal(1, first.GetProperty("progress").GetArrayLength());
        var log = Assert.Single(first.GetProperty("log").EnumerateArray().ToList());
        Assert.Equal("put", log.GetProperty("commands")[0].GetProperty("kind").GetString());
        Assert.Equal("k", log.GetProperty("commands")[0].GetProperty("key").GetString());

        // One interval later: a new sample only, taken by the shared sampler on the same clock.
        host.Service.Status = host.Service.Status with { FirstUnchosenSlot = 17, Leader = 1 };
        await OneIntervalAsync(clock);
        var second = await events.NextAsync();
        Assert.False(second.GetProperty("full").GetBoolean());
        var sample = Assert.Single(second.GetProperty("progress").EnumerateArray().ToList());
        Assert.Equal(1, sample.GetProperty("leader").GetInt32());
        Assert.Equal(20, sample.GetProperty("slotsPerSecond").GetDouble());
        Assert.Equal(1, second.GetProperty("paxos").GetProperty("leader").GetInt32());
    }

    [Fact]
    public async Task Event_stream_reports_a_status_that_cannot_be_read_and_keeps_streaming()
    {
        var clock = new ManualTimeProvider();
        await using var host = await ApiHost.StartAsync(options: new PaxosApiOptions { Clock = clock });
        host.Service.StatusFailure = new InvalidOperationException("board not published yet");
        using var response = await host.Client.GetAsync("/events", HttpCompletionOption.ResponseHeadersRead);
        using var events = new EventReader(await response.Content.ReadAsStreamAsync());
        var failed = await events.NextAsync();
        Assert.Equal("status unavailable: board not published yet", failed.GetProperty("error").GetString());

        host.Service.StatusFailure = null;
        await OneIntervalAsync(clock);
        var recovered = await events.NextAsync();
        Assert.Equal(JsonValueKind.Null, recovered.GetProperty("error").ValueKind);
        Assert.True(recovered.GetProperty("full").GetBoolean());
    }

    [Fact]
    public async Task An_open_event_stream_ends_when_the_node_stops_instead_of_holding_up_its_shutdown()
    {
        var host = await ApiHost.StartAsync();
        using var response = await host.Client.GetAsync("/events", HttpCompletionOption.ResponseHeadersRead);
        var stream = await response.Content.ReadAsStreamAsync();
        using var events = new EventReader(stream);
        await events.NextAsync();

        var stopwatch = Stopwatch.StartNew();
        await host.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"stopping took {stopwatch.Elapsed.TotalSeconds:0.0} s with a console open");
    }

    /// <summary>
    /// Moves the clock on by one interval once the stream waits on it (the sampler's timer and the stream's delay are
    /// both armed), so exactly one sample and one event follow.
    /// </summary>
    private static async Task OneIntervalAsync(ManualTimeProvider clock)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(20);
        while (clock.ActiveTimerCount < 2)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "the event stream never waited on the clock");
            await Task.Delay(10);
        }

        clock.Advance(TimeSpan.FromMilliseconds(500));
    }

    /// <summary>Reads <c>event: status</c> / <c>data: {...}</c> pairs off a server-sent event stream.</summary>
    private sealed class EventReader(Stream stream) : IDisposable
    {
        private readonly StreamReader _reader = new(stream);

        /// <summary>The next event's JSON.</summary>
        public async Task<JsonElement> NextAsync()
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            while (true)
            {
                string? text = await _reader.ReadLineAsync(deadline.Token);
                Assert.NotNull(text);
                if (text.StartsWith("data: ", StringComparison.Ordinal))
                {
                    return JsonDocument.Parse(text["data: ".Length..]).RootElement.Clone();
                }
            }
        }

        public void Dispose() => _reader.Dispose();
    }
}
