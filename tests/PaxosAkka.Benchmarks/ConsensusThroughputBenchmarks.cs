using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using PaxosAkka.Consensus;

namespace PaxosAkka.Benchmarks;

/// <summary>
/// Commands chosen per second through an in-memory 5-node Multi-Paxos core (no I/O): propose
/// <see cref="Commands"/> at the leader, pump the in-memory network until every learner has delivered
/// all of them. With MaxBatchSize 128 (batching on) and 1 (off). One operation is one chosen command,
/// so BenchmarkDotNet's Op/s column is the throughput.
/// Run: dotnet run -c Release --project tests/PaxosAkka.Benchmarks -- --filter '*ConsensusThroughput*'
/// </summary>
[Config(typeof(ConsensusBenchmarkConfig))]
public class ConsensusThroughputBenchmarks
{
    /// <summary>Commands per benchmark invocation.</summary>
    public const int Commands = 10_000;

    private const int Nodes = 5;
    private ImmutableArray<Command> _commands;

    /// <summary>Commands packed into one slot: 128 = batching on, 1 = batching off.</summary>
    [Params(1, 128)]
    public int MaxBatchSize { get; set; }

    /// <summary>Commands are built once; the benchmark measures consensus, not payload allocation.</summary>
    [GlobalSetup]
    public void Setup() => _commands = ConsensusInMemoryCluster.Commands(Commands);

    /// <summary>A fresh cluster per invocation, so the log (and memory) starts empty every time.</summary>
    [Benchmark(OperationsPerInvoke = Commands)]
    public long ChooseCommands()
    {
        var options = new ProposerOptions { MaxBatchSize = MaxBatchSize, MaxPendingCommands = Commands };
        var cluster = new ConsensusInMemoryCluster(Nodes, options);
        cluster.ElectLeader();
        foreach (var command in _commands)
        {
            cluster.Leader.Propose(command);
        }

        cluster.Pump();

        // A benchmark of a broken core would measure nothing: every learner must hold every command.
        foreach (var applied in cluster.Applied)
        {
            if (applied != Commands)
            {
                throw new InvalidOperationException($"a learner delivered {applied} of {Commands} commands");
            }
        }

        return cluster.Applied[0];
    }
}

/// <summary>
/// A short run (3 warm-ups, 3 measured iterations), in-process. In-process because the default
/// out-of-process toolchain rebuilds this project and everything it references, which takes longer than
/// BenchmarkDotNet's 2-minute build timeout on a shared 2-core machine; the core has no static state, so
/// running in the host process measures the same code.
/// </summary>
public sealed class ConsensusBenchmarkConfig : ManualConfig
{
    /// <summary>Creates the config.</summary>
    public ConsensusBenchmarkConfig()
    {
        AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}
