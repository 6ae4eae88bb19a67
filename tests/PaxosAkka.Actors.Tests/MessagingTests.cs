using PaxosAkka.Actors;

namespace PaxosAkka.Actors.Tests;

public sealed class MessagingTests : TestKit.TestKit
{
    [Fact]
    public void Messages_from_one_sender_arrive_in_send_order()
    {
        var echo = Sys.ActorOf(Props.Create<EchoActor>(), "echo");
        const int n = 2_000;
        for (var i = 0; i < n; i++) echo.Tell(i, TestActor);
        var received = ReceiveN(n);
        Assert.Equal(Enumerable.Range(0, n).Cast<object>(), received);
    }

    [Fact]
    public void Ordering_holds_per_sender_when_several_senders_interleave()
    {
        var collector = CreateTestProbe();
        var echo = Sys.ActorOf(Props.Create(() => new ForwardingActor(collector.Ref)));
        var senders = Enumerable.Range(0, 4).Select(_ => CreateTestProbe()).ToList();
        Parallel.ForEach(senders, s =>
        {
            for (var i = 0; i < 500; i++) echo.Tell(i, s.Ref);
        });
        var bySender = new Dictionary<IActorRef, List<int>>();
        for (var k = 0; k < 2_000; k++)
        {
            var (sender, value) = collector.ExpectMsg<(IActorRef, int)>();
            if (!bySender.TryGetValue(sender, out var list)) bySender[sender] = list = [];
            list.Add(value);
        }

        Assert.Equal(4, bySender.Count);
        Assert.All(bySender.Values, list => Assert.Equal(Enumerable.Range(0, 500), list));
    }

    [Fact]
    public async Task Ask_returns_the_reply()
    {
        var echo = Sys.ActorOf(Props.Create<EchoActor>());
        var reply = await echo.Ask<string>("ping", TimeSpan.FromSeconds(10));
        Assert.Equal("ping", reply);
    }

    [Fact]
    public async Task Ask_times_out_with_an_exception_naming_target_and_timeout()
    {
        var silent = Sys.ActorOf(Props.Create(() => new CounterActor(ActorRefs.Nobody)), "silent");
        var error = await Assert.ThrowsAsync<AskTimeoutException>(() => silent.Ask<string>(new TestProtocol.Increment(), TimeSpan.FromMilliseconds(100)));
        Assert.Contains("/user/silent", error.Message);
        Assert.Contains("100 ms", error.Message);
        Assert.Contains(nameof(TestProtocol.Increment), error.Message);
        Assert.Equal(TimeSpan.FromMilliseconds(100), error.Timeout);
    }

    [Fact]
    public async Task Ask_rethrows_the_cause_of_a_status_failure_reply()
    {
        var failing = Sys.ActorOf(Props.Create(() => new StatusFailureActor()));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => failing.Ask<string>("x", TimeSpan.FromSeconds(10)));
        Assert.Equal("no", error.Message);
    }

    [Fact]
    public async Task Ask_is_cancelled_by_its_token()
    {
        var silent = Sys.ActorOf(Props.Create(() => new CounterActor(ActorRefs.Nobody)));
        using var cts = new CancellationTokenSource();
        var ask = silent.Ask<string>(new TestProtocol.Increment(), TimeSpan.FromSeconds(30), cts.Token);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ask);
    }

    [Fact]
    public void Forward_keeps_the_original_sender()
    {
        var echo = Sys.ActorOf(Props.Create<EchoActor>());
        var forwarder = Sys.ActorOf(Props.Create(() => new ForwardTo(echo)));
        forwarder.Tell("hello", TestActor);
        ExpectMsg("hello");
        Assert.Equal(echo, LastSender);
    }

    [Fact]
    public async Task Actor_selection_finds_actors_by_absolute_full_and_relative_path()
    {
        var echo = Sys.ActorOf(Props.Create<EchoActor>(), "acceptor");
        Assert.Equal("paxos://test/user/acceptor", echo.Path.ToString());
        Sys.ActorSelection("/user/acceptor").Tell("a", TestActor);
        ExpectMsg("a");
        Sys.ActorSelection("paxos://test/user/acceptor").Tell("b", TestActor);
        ExpectMsg("b");
        Assert.Equal(echo, await Sys.ActorSelection("/user/acceptor").ResolveOne(TimeSpan.FromSeconds(10)));
        var error = await Assert.ThrowsAsync<ActorNotFoundException>(() => Sys.ActorSelection("/user/nobody").ResolveOne(TimeSpan.FromSeconds(1)));
        Assert.Contains("/user/nobody", error.Message);
    }

    [Fact]
    public void Become_and_unbecome_switch_behaviour()
    {
        var actor = Sys.ActorOf(Props.Create<SwitchingActor>());
        actor.Tell("who", TestActor);
        ExpectMsg("first");
        actor.Tell("switch", TestActor);
        actor.Tell("who", TestActor);
        ExpectMsg("second");
        actor.Tell("back", TestActor);
        actor.Tell("who", TestActor);
        ExpectMsg("first");
    }

    [Fact]
    public void Unhandled_messages_are_published_on_the_event_stream()
    {
        Sys.EventStream.Subscribe(TestActor, typeof(UnhandledMessage));
        var actor = Sys.ActorOf(Props.Create(() => new CounterActor(ActorRefs.Nobody)));
        actor.Tell(42, TestActor);
        var unhandled = ExpectMsg<UnhandledMessage>();
        Assert.Equal(42, unhandled.Message);
        Assert.Equal(actor, unhandled.Recipient);
    }

    [Fact]
    public void Identify_replies_with_the_actor_identity()
    {
        var echo = Sys.ActorOf(Props.Create<EchoActor>(), "who");
        Sys.ActorSelection("/user/who").Tell(new Identify(7), TestActor);
        var identity = ExpectMsg<ActorIdentity>();
        Assert.Equal(7, identity.MessageId);
        Assert.Equal(echo, identity.Subject);
    }

    [Fact]
    public void Duplicate_child_names_are_rejected_with_a_clear_error()
    {
        Sys.ActorOf(Props.Create<EchoActor>(), "dup");
        var error = Assert.Throws<InvalidActorNameException>(() => Sys.ActorOf(Props.Create<EchoActor>(), "dup"));
        Assert.Contains("dup", error.Message);
        Assert.Throws<InvalidActorNameException>(() => Sys.ActorOf(Props.Create<EchoActor>(), "a/b"));
    }

    [Fact]
    public void Constructing_an_actor_with_new_is_refused()
    {
        Assert.Throws<ActorInitializationException>(() => new EchoActor());
    }

    private sealed class ForwardingActor(IActorRef collector) : ReceiveActor
    {
        protected override void PreStart() => Become(m =>
        {
            collector.Tell((Sender, (int)m));
            return true;
        });
    }

    private sealed class ForwardTo : ReceiveActor
    {
        public ForwardTo(IActorRef target) => ReceiveAny(m => target.Forward(m));
    }

    private sealed class StatusFailureActor : ReceiveActor
    {
        public StatusFailureActor() => ReceiveAny(_ => Sender.Tell(new Status.Failure(new InvalidOperationException("no"))));
    }

    private sealed class SwitchingActor : ReceiveActor
    {
        public SwitchingActor() => First();

        private void First()
        {
            Receive<string>(s => s == "who", _ => Sender.Tell("first"));
            Receive<string>(s => s == "switch", _ => BecomeStacked(Second));
        }

        private void Second()
        {
            Receive<string>(s => s == "who", _ => Sender.Tell("second"));
            Receive<string>(s => s == "back", _ => UnbecomeStacked());
        }
    }
}
