using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using PaxosAkka.Node.Launcher;

namespace PaxosAkka.Node.Bench;

/// <summary>
/// <c>PaxosAkka.Node bench</c>: for each cluster size, starts a fresh local cluster (child node processes over
/// a temporary data folder), warms it up, measures puts and linearizable reads with each client count, then
/// kills the leader repeatedly to time fail-over, and prints markdown tables on the output. Progress goes to
/// the progress writer (stderr). Every child is killed and every folder deleted on the way out, also on
/// Ctrl-C or SIGTERM.
/// </summary>
public static class BenchCommand
{
    /// <summary>Runs the bench; 0 when every measurement completed, 1 when the cluster failed, 2 for bad arguments, 130 on Ctrl-C.</summary>
    /// <param name="args">The arguments after <c>bench</c> (see <see cref="BenchOptions.Usage"/>).</param>
    /// <param name="output">Receives the result tables.</param>
    /// <param name="progress">Receives progress lines.</param>
    /// <param name="cancellationToken">Stops the bench early (the children are still cleaned up).</param>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(progress);
        BenchOptions options;
        string assembly;
        try
        {
            options = BenchOptions.Parse(args);
            assembly = NodeBinary.NodeAssembly();
        }
        catch (Exception e) when (e is ArgumentException or FileNotFoundException)
        {
            await progress.WriteLineAsync($"bench: {e.Message}\n{BenchOptions.Usage}").ConfigureAwait(false);
            return 2;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, ctx => { ctx.Cancel = true; stop.Cancel(); });
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx => { ctx.Cancel = true; stop.Cancel(); });
        var gate = new Lock();
        void Progress(string line)
        {
            lock (gate)
            {
                progress.WriteLine($"[bench] {line}");
                progress.Flush();
            }
        }

        bool debugBuild = typeof(BenchCommand).Assembly.GetCustomAttribute<DebuggableAttribute>()?.IsJITOptimizerDisabled == true;
        if (debugBuild)
        {
            Progress("WARNING: this is a Debug build; run with -c Release for figures worth quoting");
        }

        var load = new List<LoadRow>();
        var failovers = new List<FailoverRow>();
        double loadBefore = BenchReport.LoadAverage();
        try
        {
            foreach (int size in options.ClusterSizes)
            {
                await RunClusterAsync(size, options, assembly, load, failovers, Progress, stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            Progress("stopped; the partial results follow");
            await output.WriteAsync(BenchReport.Render(load, failovers, Header(options, debugBuild, loadBefore))).ConfigureAwait(false);
            return 130;
        }
        catch (TimeoutException e)
        {
            Progress($"the cluster misbehaved: {e.Message}; the partial results follow");
            await output.WriteAsync(BenchReport.Render(load, failovers, Header(options, debugBuild, loadBefore))).ConfigureAwait(false);
            return 1;
        }

        await output.WriteAsync(BenchReport.Render(load, failovers, Header(options, debugBuild, loadBefore))).ConfigureAwait(false);
        await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        return 0;
    }

    private static async Task RunClusterAsync(
        int size, BenchOptions options, string assembly, List<LoadRow> load, List<FailoverRow> failovers, Action<string> progress, CancellationToken cancellationToken)
    {
        var clock = TimeProvider.System;
        progress($"starting a {size}-node cluster");
        await using var cluster = BenchCluster.Start(size, assembly);
        using var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            MaxConnectionsPerServer = int.MaxValue,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(5),
        };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(15) };
        var probe = new FailoverProbe(cluster, http, clock, progress);
        var samples = new List<TimeSpan>();
        try
        {
            await probe.SettleAsync(cancellationToken).ConfigureAwait(false);
            if (options.Warmup > TimeSpan.Zero)
            {
                progress($"{size} nodes: warming up for {options.Warmup.TotalSeconds:0.#} s");
                var warm = new LoadPhase(http, cluster.Nodes, options.Clients.Max(), options.ValueBytes, clock);
                await warm.PutsAsync(options.Warmup, options.MaxOperations, cancellationToken).ConfigureAwait(false);
                await warm.ReadsAsync(options.Warmup / 2, options.MaxOperations, cancellationToken).ConfigureAwait(false);
            }

            foreach (int clients in options.Clients)
            {
                var phase = new LoadPhase(http, cluster.Nodes, clients, options.ValueBytes, clock);
                var puts = await phase.PutsAsync(options.Duration, options.MaxOperations, cancellationToken).ConfigureAwait(false);
                var reads = await phase.ReadsAsync(options.Duration, options.MaxOperations, cancellationToken).ConfigureAwait(false);
                var row = new LoadRow(size, clients, puts, reads, BenchReport.LoadAverage());
                load.Add(row);
                progress(string.Create(CultureInfo.InvariantCulture,
                    $"{size} nodes, {clients} clients: {puts.PerSecond:0} puts/s (p99 {puts.Percentile(99).TotalMilliseconds:0.0} ms, {puts.Failed} failed), " +
                    $"{reads.PerSecond:0} reads/s (p99 {reads.Percentile(99).TotalMilliseconds:0.0} ms, {reads.Failed} failed), load {row.LoadAverage:0.00}"));
            }

            if (options.Failovers > 0)
            {
                progress($"{size} nodes: timing {options.Failovers} leader SIGKILL(s)");
                await probe.MeasureAsync(options.Failovers, samples, cancellationToken).ConfigureAwait(false);
                failovers.Add(new FailoverRow(size, samples, BenchReport.LoadAverage()));
            }
        }
        catch (TimeoutException)
        {
            progress("last output of the nodes:\n" + cluster.Tails());
            if (samples.Count > 0)
            {
                // The kills measured before the cluster stalled are real figures; the table says how many there were.
                failovers.Add(new FailoverRow(size, samples, BenchReport.LoadAverage()));
            }

            throw;
        }

        progress($"{size} nodes: done, stopping the cluster");
    }

    private static string Header(BenchOptions options, bool debugBuild, double loadBefore) => string.Create(CultureInfo.InvariantCulture,
        $"PaxosAkka bench, {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {(debugBuild ? "DEBUG build" : "Release build")}, " +
        $"16-byte keys, {options.ValueBytes}-byte values, {options.Duration.TotalSeconds:0.#} s per phase (at most {options.MaxOperations} ops), " +
        $"closed-loop clients spread over all nodes; load average at start {loadBefore:0.00}");
}
