using Akka.Actor;
using Akka.Configuration;
using Microsoft.Extensions.Logging;
using PaxosAkka.Node.Configuration;

namespace PaxosAkka.Node.Hosting;

/// <summary>
/// Runs one node until it is told to stop. When Akka.Cluster downs the node (the split-brain resolver, or an
/// operator's <c>cluster down</c>), its actor system ends and can never rejoin under the same identity: the loop then
/// starts a fresh runtime in this process, which joins again through the seed nodes once the partition has healed.
/// Everything the node needs is durable (acceptor state) or rebuilt from peers (learned log, stores), as after any
/// restart. The process entry point runs nodes through it, and so do in-process multi-node specs, so the restart they
/// exercise is the product's.
/// </summary>
public static partial class NodeRunLoop
{
    /// <summary>Runs the node until <paramref name="stop"/> is cancelled or its actor system ends for another reason.</summary>
    /// <param name="settings">The node's settings.</param>
    /// <param name="config">The node's whole config.</param>
    /// <param name="loggerFactory">Where the node logs.</param>
    /// <param name="onStarted">Called with each runtime once it serves (the first, and each fresh one after a downing).</param>
    /// <param name="stop">Ends the loop: the current runtime shuts down cleanly.</param>
    public static async Task RunAsync(NodeSettings settings, Config config, ILoggerFactory loggerFactory, Action<PaxosNodeRuntime>? onStarted, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var log = loggerFactory.CreateLogger("PaxosAkka.Node");
        while (!stop.IsCancellationRequested)
        {
            var node = await PaxosNodeRuntime.StartAsync(settings, config, loggerFactory, stop).ConfigureAwait(false);
            await using (node.ConfigureAwait(false))
            {
                string urls = string.Join(",", node.Urls);
                LogInformationStarted(log, settings.Id, urls, settings.Self.RemotePort, settings.DataDirectory);
                onStarted?.Invoke(node);
                await Task.WhenAny(node.System.WhenTerminated, Task.Delay(Timeout.Infinite, stop)).ConfigureAwait(false);
                var reason = CoordinatedShutdown.Get(node.System).ShutdownReason;
                if (stop.IsCancellationRequested || !MustRestart(reason))
                {
                    break;
                }

                LogWarningDowned(log, settings.Id, reason?.ToString() ?? "actor system ended");
            }
        }

        LogInformationStopped(log, settings.Id);
    }

    /// <summary>
    /// True when an actor system that ended for <paramref name="reason"/> should be replaced by a fresh one: it was
    /// downed by the cluster, or it ended without a coordinated shutdown (no reason).
    /// </summary>
    internal static bool MustRestart(CoordinatedShutdown.Reason? reason) => reason is null or CoordinatedShutdown.ClusterDowningReason;

    [LoggerMessage(EventId = 6900, Level = LogLevel.Information, Message = "Node {Id} started: HTTP {Urls}, remoting port {RemotePort}, data {DataDir}")]
    private static partial void LogInformationStarted(ILogger logger, int id, string urls, int remotePort, string dataDir);

    [LoggerMessage(EventId = 6901, Level = LogLevel.Information, Message = "Node {Id} stopped")]
    private static partial void LogInformationStopped(ILogger logger, int id);

    [LoggerMessage(EventId = 6902, Level = LogLevel.Warning, Message = "Node {Id} was removed from the cluster ({Reason}); starting a fresh actor system to join again")]
    private static partial void LogWarningDowned(ILogger logger, int id, string reason);
}
