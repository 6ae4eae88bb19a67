using Microsoft.Extensions.Logging;

namespace PaxosAkka.TestKit.MultiNode;

/// <summary>How a node of a spec runs.</summary>
public enum NodeMode
{
    /// <summary>An actor system in the test process (fast; crash = abrupt network cut, then stop).</summary>
    InProcess,

    /// <summary>The MultiNodeHost console app as a child process (crash = real SIGKILL).</summary>
    ChildProcess,
}

/// <summary>Settings of a <see cref="MultiNodeSpec"/>; every default is stated.</summary>
public sealed record MultiNodeSpecOptions
{
    /// <summary>The host console app next to the tests, copied there by a project reference.</summary>
    public const string DefaultHostAssemblyName = "PaxosAkka.Cluster.MultiNodeHost.dll";

    /// <summary>Actor system name shared by all nodes (default <c>paxos</c>).</summary>
    public string SystemName { get; init; } = "paxos";

    /// <summary>
    /// HOCON given to every node, before the node's own port. Default: loopback, a shared secret, and cluster
    /// timings shortened so failure detection and the split-brain resolver act within seconds
    /// (<see cref="FastClusterConfig"/>).
    /// </summary>
    public string Config { get; init; } = FastClusterConfig;

    /// <summary>Path of the node host assembly for <see cref="NodeMode.ChildProcess"/> (default: next to the test assembly).</summary>
    public string HostAssembly { get; init; } = Path.Combine(AppContext.BaseDirectory, DefaultHostAssemblyName);

    /// <summary>
    /// Deadline of the cluster helpers, barriers and child start-up (default 30 s, times the TestKit dilation).
    /// Generous on purpose: the specs run on 2 shared cores next to other builds; conditions are awaited, so a
    /// fast machine never waits this long.
    /// </summary>
    public TimeSpan Patience { get; init; } = new TestKitSettings().Dilated(TimeSpan.FromSeconds(30));

    /// <summary>Receives progress lines and child processes' stderr (e.g. xunit's output); none by default.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>Loggers of in-process nodes; none by default.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>Spec timings: heartbeat 100 ms, pause 1.5 s, split-brain resolver stable after 1 s, gossip 100 ms.</summary>
    public const string FastClusterConfig = """
        paxos.remote { hostname = "127.0.0.1", secret = "multi-node-spec-secret" }
        paxos.cluster {
          seed-node-timeout = 1s
          retry-unsuccessful-join-after = 1s
          gossip-interval = 100ms
          leader-actions-interval = 100ms
          unreachable-nodes-reaper-interval = 100ms
          failure-detector { heartbeat-interval = 100ms, acceptable-heartbeat-pause = 1500ms, expected-response-after = 300ms }
          split-brain-resolver.stable-after = 1s
        }
        """;
}
