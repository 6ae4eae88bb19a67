using PaxosAkka.Actors;
using PaxosAkka.Remote;
using PaxosAkka.TestKit.MultiNode;
using Xunit.Abstractions;
using static PaxosAkka.Cluster.ClusterEvent;
using static PaxosAkka.Cluster.Tests.MultiNode.Specs;

namespace PaxosAkka.Cluster.Tests.MultiNode;

/// <summary>Nodes that crash for real: child processes SIGKILLed by the test conductor.</summary>
[Collection(MultiNodeCollection.Name)]
public class NodeCrashSpecs(ITestOutputHelper output)
{
    [Fact]
    public async Task Killed_node_becomes_unreachable_then_downed_and_removed()
    {
        await using var spec = Create(output);
        await spec.StartAllAsync([First, Second, Third, Fourth]);
        var victim = await spec.StartAsync(Fifth, NodeMode.ChildProcess);
        await spec.JoinAsync([First, Second]);
        await spec.AwaitMembersUpAsync(5);
        var events = EventCollector.Subscribe(spec.InProcess(First), typeof(IMemberEvent), typeof(IReachabilityEvent));

        await spec.Conductor.ExitAsync(Fifth); // SIGKILL

        Assert.True(victim.HasStopped);
        await EventCollector.ExpectAsync<UnreachableMember>(events, e => IsIncarnation(e.Member, victim));
        await EventCollector.ExpectAsync<MemberDowned>(events, e => IsIncarnation(e.Member, victim));
        var removed = await EventCollector.ExpectAsync<MemberRemoved>(events, e => IsIncarnation(e.Member, victim));
        Assert.Equal(MemberStatus.Down, removed.PreviousStatus);
        await spec.AwaitMembersUpAsync(4);
        await spec.AwaitAllReachableAsync();
    }

    [Fact]
    public async Task Restarted_node_rejoins_with_a_new_incarnation()
    {
        await using var spec = Create(output);
        await spec.StartAllAsync([First, Second]);
        var old = await spec.StartAsync(Third, NodeMode.ChildProcess);
        await spec.JoinAsync([First]);
        await spec.AwaitMembersUpAsync(3);

        await spec.Conductor.ExitAsync(Third);

        // Same host and port, new uid: the old incarnation is replaced, not merged with.
        var restarted = await spec.StartAsync(Third, NodeMode.ChildProcess, port: old.Address.Port);
        Assert.Equal(old.Address, restarted.Address);
        Assert.NotEqual(old.Uid, restarted.Uid);
        await restarted.JoinSeedNodesAsync([spec.Node(First)]);

        await spec.AwaitMembersUpAsync(3);
        await spec.AwaitViewsAsync(null, v => v.Member(old.Address)?.Uid == restarted.Uid, "the new incarnation in place of the old");
        await spec.AwaitRemovedAsync(old.Address, old.Uid, [First, Second, Third]);
    }

    [Fact]
    public async Task Remote_watch_fires_when_the_watched_node_is_lost()
    {
        await using var spec = Create(output);
        await spec.StartAllAsync([First, Second]);
        var victim = await spec.StartAsync(Third, NodeMode.ChildProcess);
        await spec.JoinAsync([First]);
        await spec.AwaitMembersUpAsync(3);

        // Watch the victim's cluster daemon from the first node.
        var first = spec.InProcess(First);
        var target = first.System.ActorSelection($"{victim.Address}/system/{ClusterCoreDaemon.Name}").Resolve()!;
        var (collector, events) = EventCollector.Start(first.System, "watch-reports");
        first.System.ActorOf(Props.Create(() => new Watching(target, collector)), "watching");
        await spec.AwaitAsync(() => Task.FromResult(Remoting.Get(first.System).Watcher.WatchCount == 1), "the remote watch to be registered");

        await spec.Conductor.ExitAsync(Third);

        // AddressTerminated: the watch fired because the node is gone, not because the actor was never there.
        var lost = await EventCollector.ExpectAsync<WatchedTerminated>(events, _ => true);
        Assert.Equal(target.Path.ToString(), lost.Terminated.ActorRef.Path.ToString());
        Assert.True(lost.Terminated.AddressTerminated);
        await spec.AwaitRemovedAsync(victim.Address, victim.Uid, [First, Second]);
    }

    private static bool IsIncarnation(Member member, NodeHandle node) =>
        member.Address == node.Address && member.UniqueAddress.Uid == node.Uid;

    /// <summary>
    /// A Terminated passed on to another actor. A bare Terminated would be dropped there: the runtime delivers
    /// Terminated only to an actor that watches its subject (as Akka does).
    /// </summary>
    private sealed record WatchedTerminated(Terminated Terminated);

    /// <summary>Watches <c>target</c> and reports its Terminated to <c>report</c>.</summary>
    private sealed class Watching : ReceiveActor
    {
        private readonly IActorRef _target;

        public Watching(IActorRef target, IActorRef report)
        {
            _target = target;
            Receive<Terminated>(t => report.Tell(new WatchedTerminated(t)));
        }

        protected override void PreStart() => Context.Watch(_target);
    }
}
