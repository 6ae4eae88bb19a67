using PaxosAkka.Actors;

namespace PaxosAkka.Actors.Tests;

/// <summary>Small actors shared by the tests; each reports what happened to a probe.</summary>
internal static class TestProtocol
{
    public sealed record Fail(string Reason);

    public sealed record Increment;

    public sealed record GetCount;

    public sealed record Count(int Value);

    public sealed record Lifecycle(string Hook, string Path);
}

/// <summary>Echoes every message back to its sender.</summary>
internal sealed class EchoActor : ReceiveActor
{
    public EchoActor() => ReceiveAny(m => Sender.Tell(m));
}

/// <summary>Counts increments, throws on Fail, and reports lifecycle hooks to a probe.</summary>
internal sealed class CounterActor : ReceiveActor
{
    private readonly IActorRef _probe;
    private int _count;

    public CounterActor(IActorRef probe)
    {
        _probe = probe;
        Receive<TestProtocol.Increment>(_ => _count++);
        Receive<TestProtocol.GetCount>(_ => Sender.Tell(new TestProtocol.Count(_count)));
        Receive<TestProtocol.Fail>(f => throw new InvalidOperationException(f.Reason));
        Receive<string>(s => _probe.Tell(s));
    }

    protected override void PreStart() => _probe.Tell(new TestProtocol.Lifecycle("PreStart", Self.Path.ToString()));

    protected override void PostStop() => _probe.Tell(new TestProtocol.Lifecycle("PostStop", Self.Path.ToString()));

    protected override void PreRestart(Exception reason, object? message)
    {
        _probe.Tell(new TestProtocol.Lifecycle("PreRestart", Self.Path.ToString()));
        base.PreRestart(reason, message);
    }

    protected override void PostRestart(Exception reason)
    {
        _probe.Tell(new TestProtocol.Lifecycle("PostRestart", Self.Path.ToString()));
        base.PostRestart(reason);
    }
}

/// <summary>A parent that creates children from props and supervises them with a given strategy.</summary>
internal sealed class SupervisorActor : ReceiveActor
{
    private readonly Supervision.SupervisorStrategy _strategy;

    public SupervisorActor(Supervision.SupervisorStrategy strategy)
    {
        _strategy = strategy;
        Receive<(Props Props, string Name)>(p => Sender.Tell(Context.ActorOf(p.Props, p.Name)));
    }

    protected override Supervision.SupervisorStrategy SupervisorStrategy() => _strategy;
}
