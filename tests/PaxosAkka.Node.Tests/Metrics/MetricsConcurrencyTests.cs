using PaxosAkka.Node.Metrics;

namespace PaxosAkka.Node.Tests.Metrics;

/// <summary>Metrics are updated from many request threads while scrapes render: nothing may be lost or torn.</summary>
public sealed class MetricsConcurrencyTests
{
    private const int Writers = 4;
    private const int UpdatesPerWriter = 20_000;

    [Fact]
    public async Task Concurrent_updates_are_all_counted_and_every_concurrent_scrape_is_consistent()
    {
        var registry = new MetricsRegistry();
        var counter = registry.CreateCounter("hits_total", "x", "writer");
        var shared = registry.CreateCounter("shared_total", "x");
        var gauge = registry.CreateGauge("level", "x");
        var histogram = registry.CreateHistogram("obs_seconds", "x", [0.5, 1.5], "kind");

        using var stop = new CancellationTokenSource();
        int scrapes = 0;
        var scraping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var scraper = Task.Run(() =>
        {
            // Each scrape during the storm must parse and have cumulative buckets whose +Inf equals _count.
            do
            {
                var scrape = ExpositionParser.Parse(registry.Export());
                Assert.True(scrape.Samples.Count > 0);
                Interlocked.Increment(ref scrapes);
                scraping.TrySetResult();
            }
            while (!stop.IsCancellationRequested);
        });

        // The writers start once the scraper runs, so scrapes and updates overlap.
        await scraping.Task.WaitAsync(TimeSpan.FromSeconds(60));
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(() =>
        {
            // New label sets appear concurrently too (children are created on first use).
            for (int i = 0; i < UpdatesPerWriter; i++)
            {
                counter.WithLabels($"w{w}").Inc();
                shared.Inc();
                gauge.WithLabels().Add(1);
                histogram.WithLabels(i % 2 == 0 ? "even" : "odd").Observe(i % 3);
            }
        })).ToArray();
        await Task.WhenAll(writers).WaitAsync(TimeSpan.FromSeconds(60));
        await stop.CancelAsync();
        await scraper.WaitAsync(TimeSpan.FromSeconds(60));

        var final = ExpositionParser.Parse(registry.Export());
        Assert.Equal(Writers * UpdatesPerWriter, final.Value("shared_total"));
        Assert.Equal(Writers * UpdatesPerWriter, final.Value("level"));
        for (int w = 0; w < Writers; w++)
        {
            Assert.Equal(UpdatesPerWriter, final.Value("hits_total", ("writer", $"w{w}")));
        }

        double observations = final.Value("obs_seconds_count", ("kind", "even")) + final.Value("obs_seconds_count", ("kind", "odd"));
        Assert.Equal(Writers * UpdatesPerWriter, observations);

        // Values are i % 3 in {0, 1, 2}: the 0.5 bucket holds exactly the zeros.
        int zerosPerWriter = Enumerable.Range(0, UpdatesPerWriter).Count(i => i % 3 == 0);
        double zeros = final.Value("obs_seconds_bucket", ("kind", "even"), ("le", "0.5")) + final.Value("obs_seconds_bucket", ("kind", "odd"), ("le", "0.5"));
        Assert.Equal(Writers * zerosPerWriter, zeros);
        Assert.True(Volatile.Read(ref scrapes) >= 1);
    }
}
