using PaxosAkka.Actors;
using PaxosAkka.Hocon;
using static PaxosAkka.Actors.Tests.TestProtocol;

namespace PaxosAkka.Actors.Tests;

public sealed class RuntimeContractTests : TestKit.TestKit
{
    [Fact]
    public void Stop_overtakes_queued_user_messages_which_become_dead_letters()
    {
        Sys.EventStream.Subscribe(TestActor, typeof(DeadLetter));
        var gate = new ManualResetEventSlim(false);
        var actor = Sys.ActorOf(Props.Create(() => new LifecycleTests.BlockingActor(gate)));
        actor.Tell("first");
        AwaitCondition(() => LifecycleTests.BlockingActor.Entered(gate));
        for (var i = 0; i < 20; i++) actor.Tell(i);
        Watch(actor);
        Sys.Stop(actor);
        gate.Set();
        var letters = new List<object>();
        var terminated = false;
        while (!terminated || letters.Count < 20)
        {
            switch (ReceiveOne())
            {
                case Terminated: terminated = true; break;
                case DeadLetter d: letters.Add(d.Message); break;
                case null: Assert.Fail($"only {letters.Count} dead letters, terminated={terminated}"); break;
            }
        }

        Assert.Equal(Enumerable.Range(0, 20).Cast<object>(), letters);
        gate.Dispose();
    }

    [Fact]
    public void Asks_leave_no_temporary_refs_behind()
    {
        var echo = Sys.ActorOf(Props.Create<EchoActor>());
        var replies = Enumerable.Range(0, 200).Select(i => echo.Ask<int>(i, TimeSpan.FromSeconds(10))).ToArray();
        AwaitCondition(() => replies.All(r => r.IsCompletedSuccessfully));
        AwaitCondition(() => Sys.TempContainer.Count == 0);
    }

    [Fact]
    public void Props_with_arguments_no_constructor_takes_are_rejected_at_creation()
    {
        var error = Assert.Throws<ArgumentException>(() => Props.Create<CounterActor>("not a ref", 3));
        Assert.Contains("CounterActor", error.Message);
        Assert.Contains("String, Int32", error.Message);
        var props = Props.Create<CounterActor>(TestActor);
        Sys.ActorOf(props);
        ExpectMsg<Lifecycle>(l => l.Hook == "PreStart");
    }

    [Fact]
    public void UntypedActor_handles_messages_in_OnReceive()
    {
        var actor = Sys.ActorOf(Props.Create<Untyped>());
        actor.Tell("hi", TestActor);
        ExpectMsg("untyped hi");
    }

    [Theory]
    [InlineData("paxos://node/user/acceptor", "node", null, null, "/user/acceptor")]
    [InlineData("paxos://node@127.0.0.1:4001/user/a/b", "node", "127.0.0.1", 4001, "/user/a/b")]
    [InlineData("paxos://node/user/a#42", "node", null, null, "/user/a")]
    public void Actor_paths_parse_local_and_remote_forms(string text, string system, string? host, int? port, string elements)
    {
        var path = ActorPath.Parse(text);
        Assert.Equal(system, path.Address.System);
        Assert.Equal(host, path.Address.Host);
        Assert.Equal(port, path.Address.Port);
        Assert.Equal(elements, path.ToStringWithoutAddress());
        Assert.Equal(path, ActorPath.Parse(path.ToString()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("/user/a")]
    [InlineData("paxos://")]
    [InlineData("paxos://node@host/user")]
    [InlineData("paxos://node@host:99999/user")]
    [InlineData("paxos://node/user/a#x")]
    public void Malformed_actor_paths_are_rejected_with_the_expected_form(string text)
    {
        Assert.False(ActorPath.TryParse(text, out _));
        if (text.Length > 0) Assert.Contains("paxos://", Assert.Throws<FormatException>(() => ActorPath.Parse(text)).Message);
    }

    [Fact]
    public void Invalid_system_names_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => ActorSystem.Create("has space"));
        Assert.Throws<ArgumentException>(() => ActorSystem.Create("-dash"));
    }

    [Fact]
    public async Task Settings_come_from_config_over_reference_conf()
    {
        var config = ConfigurationFactory.ParseString("paxos.actor { default-dispatcher.throughput = 5, ask-timeout = 2s }");
        var system = ActorSystem.Create("configured", config);
        try
        {
            Assert.Equal(5, system.Settings.Throughput);
            Assert.Equal(5, system.Dispatcher.Throughput);
            Assert.Equal(TimeSpan.FromSeconds(2), system.Settings.AskTimeout);
            Assert.Equal(10, system.Settings.LogDeadLetters);
            Assert.Equal(TimeSpan.FromSeconds(10), system.Settings.PhaseTimeout(CoordinatedShutdown.PhaseClusterLeave));
            Assert.Equal(TimeSpan.FromSeconds(5), system.Settings.PhaseTimeout(CoordinatedShutdown.PhaseServiceStop));
        }
        finally
        {
            await system.Terminate();
        }
    }

    [Fact]
    public void Bad_settings_fail_system_creation_with_the_setting_named()
    {
        var config = ConfigurationFactory.ParseString("paxos.actor.default-dispatcher.throughput = 0");
        var error = Assert.ThrowsAny<ArgumentException>(() => ActorSystem.Create("bad", config));
        Assert.Contains("throughput", error.Message);
        var typo = ConfigurationFactory.ParseString("paxos.actor.ask-timeout = soon");
        Assert.Contains("ask-timeout", Assert.Throws<InvalidOperationException>(() => ActorSystem.Create("bad2", typo)).Message);
    }

    private sealed class Untyped : UntypedActor
    {
        protected override void OnReceive(object message)
        {
            if (message is string s) Sender.Tell($"untyped {s}");
            else Unhandled(message);
        }
    }
}
