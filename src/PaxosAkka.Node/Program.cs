using System.Runtime.InteropServices;
using Akka.Configuration;
using Microsoft.Extensions.Logging;
using PaxosAkka.Node.Configuration;
using PaxosAkka.Node.Hosting;

namespace PaxosAkka.Node;

/// <summary>The node process entry point: <c>--config &lt;file&gt;</c> runs one node until SIGTERM or Ctrl-C.</summary>
public static class Program
{
    /// <summary>Runs the node; exit code 0 after a clean stop, 2 for bad arguments or configuration.</summary>
    public static async Task<int> Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length > 0 && args[0] == "local")
        {
            return await Launcher.LocalLauncher.RunAsync(args[1..], CancellationToken.None).ConfigureAwait(false);
        }

        if (args.Length > 0 && args[0] == "bench")
        {
            return await Bench.BenchCommand.RunAsync(args[1..], Console.Out, Console.Error, CancellationToken.None).ConfigureAwait(false);
        }

        int at = Array.IndexOf(args, "--config");
        if (at < 0 || at + 1 >= args.Length)
        {
            await Console.Error.WriteLineAsync("usage: PaxosAkka.Node --config <node.hocon>").ConfigureAwait(false);
            return 2;
        }

        Config config;
        NodeSettings settings;
        try
        {
            config = NodeConfigFile.Load(args[at + 1]);
            settings = NodeSettings.Create(config, args[at + 1]);
        }
        catch (Exception e) when (e is ConfigurationException or IOException)
        {
            await Console.Error.WriteLineAsync($"paxos-node: bad configuration: {e.Message}").ConfigureAwait(false);
            return 2;
        }

        using var loggerFactory = LoggerFactory.Create(b => b
            .AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; })
            .SetMinimumLevel(LogLevel.Information)
            .AddFilter("Microsoft.AspNetCore", LogLevel.Warning)
            .AddFilter("Microsoft.Hosting", LogLevel.Warning));
        return await RunAsync(settings, config, loggerFactory).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs the node until a signal stops it; a node the cluster downs starts a fresh actor system in this process
    /// (<see cref="NodeRunLoop"/>).
    /// </summary>
    private static async Task<int> RunAsync(NodeSettings settings, Config config, ILoggerFactory loggerFactory)
    {
        using var stop = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx => { ctx.Cancel = true; stop.Cancel(); });
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, ctx => { ctx.Cancel = true; stop.Cancel(); });
        await NodeRunLoop.RunAsync(settings, config, loggerFactory, onStarted: null, stop.Token).ConfigureAwait(false);
        return 0;
    }
}
