using System.Threading.Channels;
using PaxosAkka.Actors;
using PaxosAkka.TestKit.MultiNode;
using Xunit.Abstractions;

namespace PaxosAkka.Cluster.Tests.MultiNode;

/// <summary>
/// Multi-node specs run one at a time: several five-node clusters at once on two shared cores starve the
/// heartbeats and turn the shortened failure-detector timings into false suspicions.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MultiNodeCollection
{
    public const string Name = "multi-node";
}

/// <summary>Roles and spec construction shared by the multi-node specs.</summary>
internal static class Specs
{
    public static readonly RoleName First = new("first");
    public static readonly RoleName Second = new("second");
    public static readonly RoleName Third = new("third");
    public static readonly RoleName Fourth = new("fourth");
    public static readonly RoleName Fifth = new("fifth");
    public static readonly RoleName[] Five = [First, Second, Third, Fourth, Fifth];

    /// <summary>A spec whose progress lines and child-process stderr go to the test output.</summary>
    public static MultiNodeSpec Create(ITestOutputHelper output, MultiNodeSpecOptions? options = null) =>
        new((options ?? new MultiNodeSpecOptions()) with { Log = line => Write(output, line) });

    private static void Write(ITestOutputHelper output, string line)
    {
        try
        {
            output.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // A child process may still print after the test ended; xunit refuses output then.
        }
    }
}

/// <summary>Collects the cluster events an actor receives, for tests to await.</summary>
internal sealed class EventCollector : ReceiveActor
{
    private static readonly TimeSpan Patience = new MultiNodeSpecOptions().Patience;

    public EventCollector(ChannelWriter<object> events) => ReceiveAny(e => events.TryWrite(e));

    public static (IActorRef Ref, ChannelReader<object> Events) Start(ActorSystem system, string name)
    {
        var channel = Channel.CreateUnbounded<object>();
        var actor = system.ActorOf(Props.Create(() => new EventCollector(channel.Writer)), name);
        return (actor, channel.Reader);
    }

    /// <summary>Subscribes a new collector to <paramref name="node"/>'s cluster events of the given types (current state as events first).</summary>
    public static ChannelReader<object> Subscribe(InProcessNode node, params Type[] eventTypes)
    {
        var (collector, events) = Start(node.System, "events");
        node.Cluster.Subscribe(collector, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, eventTypes);
        return events;
    }

    /// <summary>Reads events until one of type <typeparamref name="T"/> matching <paramref name="match"/> arrives.</summary>
    public static async Task<T> ExpectAsync<T>(ChannelReader<object> events, Func<T, bool> match, TimeSpan? within = null)
    {
        using var deadline = new CancellationTokenSource(within ?? Patience);
        try
        {
            while (true)
            {
                if (await events.ReadAsync(deadline.Token) is T e && match(e))
                {
                    return e;
                }
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"Timed out waiting for {typeof(T).Name}");
            throw;
        }
    }
}
