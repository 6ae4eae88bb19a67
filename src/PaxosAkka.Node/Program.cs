using System.Runtime.InteropServices;
using Akka.Actor;
using Akka.Configuration;
using Microsoft.Extensions.Logging;
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
        var log = loggerFactory.CreateLogger("PaxosAkka.Node");
        return await RunAsync(settings, config, loggerFactory, log).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs the node until a signal stops it. When Akka.Cluster downs this node (the split-brain resolver, or an
    /// operator's <c>cluster down</c>), its actor system ends and cannot rejoin: the node then starts a fresh one
    /// in this process, which joins again through the seed nodes once the partition has healed. Everything it
    /// needs is durable (acceptor state) or rebuilt from peers (learned log, stores), as after any restart.
    /// </summary>
    private static async Task<int> RunAsync(NodeSettings settings, Config config, ILoggerFactory loggerFactory, ILogger log)
    {
        using var stop = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx => { ctx.Cancel = true; stop.Cancel(); });
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, ctx => { ctx.Cancel = true; stop.Cancel(); });
        while (true)
        {
            var node = await PaxosNodeRuntime.StartAsync(settings, config, loggerFactory, stop.Token).ConfigureAwait(false);
            await using (node.ConfigureAwait(false))
            {
                string urls = string.Join(",", node.Urls);
                LogInformationStarted(log, settings.Id, urls, settings.Self.RemotePort, settings.DataDirectory);
                await Task.WhenAny(node.System.WhenTerminated, Task.Delay(Timeout.Infinite, stop.Token)).ConfigureAwait(false);
                var reason = CoordinatedShutdown.Get(node.System).ShutdownReason;
                if (stop.IsCancellationRequested || reason is not null && reason is not CoordinatedShutdown.ClusterDowningReason)
                {
                    break;
                }

                string why = reason?.ToString() ?? "actor system ended";
                LogWarningDowned(log, settings.Id, why);
            }
        }

        LogInformationStopped(log, settings.Id);
        return 0;
    }

    [LoggerMessage(EventId = 6900, Level = LogLevel.Information, Message = "Node {Id} started: HTTP {Urls}, remoting port {RemotePort}, data {DataDir}")]
    private static partial void LogInformationStarted(ILogger logger, int id, string urls, int remotePort, string dataDir);

    [LoggerMessage(EventId = 6901, Level = LogLevel.Information, Message = "Node {Id} stopped")]
    private static partial void LogInformationStopped(ILogger logger, int id);

    [LoggerMessage(EventId = 6902, Level = LogLevel.Warning, Message = "Node {Id} was removed from the cluster ({Reason}); starting a fresh actor system to join again")]
    private static partial void LogWarningDowned(ILogger logger, int id, string reason);
}
