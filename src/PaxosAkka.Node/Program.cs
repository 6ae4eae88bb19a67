using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using PaxosAkka.Actors;
using PaxosAkka.Hocon;
using PaxosAkka.Node.Configuration;
using PaxosAkka.Node.Hosting;

namespace PaxosAkka.Node;

/// <summary>The node process entry point: <c>--config &lt;file&gt;</c> runs one node until SIGTERM or Ctrl-C.</summary>
public static partial class Program
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
            config = ConfigurationFactory.ParseFile(args[at + 1]);
            settings = NodeSettings.Create(config);
        }
        catch (Exception e) when (e is ConfigException or IOException)
        {
            await Console.Error.WriteLineAsync($"paxos-node: bad configuration: {e.Message}").ConfigureAwait(false);
            return 2;
        }

        using var loggerFactory = LoggerFactory.Create(b => b
            .AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; })
            .SetMinimumLevel(LogLevel.Information)
            .AddFilter("Microsoft.AspNetCore", LogLevel.Warning));
        var log = loggerFactory.CreateLogger("PaxosAkka.Node");
        return await RunAsync(settings, config, loggerFactory, log).ConfigureAwait(false);
    }

    private static async Task<int> RunAsync(NodeSettings settings, Config config, ILoggerFactory loggerFactory, ILogger log)
    {
        await using var node = await PaxosNodeRuntime.StartAsync(settings, config, loggerFactory, CancellationToken.None).ConfigureAwait(false);
        var shutdown = CoordinatedShutdown.Get(node.System);
        var http = await NodeHost.StartAsync(node, loggerFactory, CancellationToken.None).ConfigureAwait(false);

        // Stop taking client requests first, then let the actors and remoting stop in their phases.
        shutdown.AddTask(CoordinatedShutdown.PhaseServiceUnbind, "http", async _ => await http.DisposeAsync().ConfigureAwait(false));
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx => { ctx.Cancel = true; _ = node.System.Terminate(); });
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, ctx => { ctx.Cancel = true; _ = node.System.Terminate(); });
        string urls = string.Join(",", http.Urls);
        LogInformationStarted(log, settings.Id, urls, settings.Self.RemotePort, settings.DataDirectory);
        await node.System.WhenTerminated.ConfigureAwait(false);
        LogInformationStopped(log, settings.Id);
        return 0;
    }

    [LoggerMessage(EventId = 6900, Level = LogLevel.Information, Message = "Node {Id} started: HTTP {Urls}, remoting port {RemotePort}, data {DataDir}")]
    private static partial void LogInformationStarted(ILogger logger, int id, string urls, int remotePort, string dataDir);

    [LoggerMessage(EventId = 6901, Level = LogLevel.Information, Message = "Node {Id} stopped")]
    private static partial void LogInformationStopped(ILogger logger, int id);
}
