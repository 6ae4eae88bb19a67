using Microsoft.Extensions.Logging;
using PaxosAkka.Actors;
using Xunit.Sdk;

namespace PaxosAkka.TestKit.Tests;

public sealed class TestProbeTests() : TestKit(new TestKitOptions { Settings = new TestKitSettings { TimeFactor = 1.0 } })
{
    private sealed class Echo : ReceiveActor
    {
        public Echo() => ReceiveAny(m => Sender.Tell(m));
    }

    [Fact]
    public void ExpectMsg_returns_the_typed_message_and_records_its_sender()
    {
        var echo = Sys.ActorOf(Props.Create<Echo>());
        echo.Tell("hi", TestActor);
        Assert.Equal("hi", ExpectMsg<string>());
        Assert.Equal(echo, LastSender);
    }

    [Fact]
    public void ExpectMsg_fails_on_timeout_naming_the_expected_type()
    {
        var error = Assert.Throws<XunitException>(() => ExpectMsg<int>(TimeSpan.FromMilliseconds(50)));
        Assert.Contains("Timeout", error.Message);
        Assert.Contains("Int32", error.Message);
    }

    [Fact]
    public void ExpectMsg_fails_on_a_message_of_another_type_or_value()
    {
        TestActor.Tell("text");
        Assert.Contains("String", Assert.Throws<XunitException>(() => ExpectMsg<int>()).Message);
        TestActor.Tell(41);
        Assert.Throws<XunitException>(() => ExpectMsg(42));
        TestActor.Tell(41);
        Assert.Throws<XunitException>(() => ExpectMsg<int>(i => i > 41));
    }

    [Fact]
    public void ExpectNoMsg_fails_when_a_message_arrives()
    {
        TestActor.Tell("surprise");
        Assert.Contains("surprise", Assert.Throws<XunitException>(() => ExpectNoMsg(TimeSpan.FromSeconds(3))).Message);
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void FishForMessage_skips_until_a_match_and_ReceiveN_keeps_order()
    {
        foreach (var i in Enumerable.Range(1, 6)) TestActor.Tell(i);
        Assert.Equal(3, FishForMessage<int>(i => i == 3));
        Assert.Equal(new object[] { 4, 5, 6 }, ReceiveN(3));
        Assert.Throws<XunitException>(() => ReceiveN(1, TimeSpan.FromMilliseconds(50)));
    }

    [Fact]
    public void Within_fails_a_block_faster_than_its_minimum_and_bounds_inner_expectations()
    {
        Assert.Throws<XunitException>(() => Within(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), () => { }));
        var error = Assert.Throws<XunitException>(() => Within(TimeSpan.FromMilliseconds(100), () => ExpectMsg<string>()));
        Assert.Contains("Timeout", error.Message);
    }

    [Fact]
    public void AwaitCondition_fails_at_its_deadline_with_the_message()
    {
        var error = Assert.Throws<XunitException>(() => AwaitCondition(() => false, TimeSpan.FromMilliseconds(50), message: "never true"));
        Assert.Contains("never true", error.Message);
    }

    [Fact]
    public void AwaitAssert_retries_until_the_assertion_passes()
    {
        var echo = Sys.ActorOf(Props.Create<Echo>());
        var attempts = 0;
        AwaitAssert(() =>
        {
            attempts++;
            Assert.True(attempts >= 3);
        });
        Assert.Equal(3, attempts);
        Assert.ThrowsAny<XunitException>(() => AwaitAssert(() => Assert.Fail("always"), TimeSpan.FromMilliseconds(50)));
        Assert.NotNull(echo);
    }

    [Fact]
    public void Probes_watch_and_expect_terminated()
    {
        var probe = CreateTestProbe();
        var echo = Sys.ActorOf(Props.Create<Echo>());
        probe.ExpectStopped(ActorRefs.Nobody);
        probe.Watch(echo);
        echo.Tell(PoisonPill.Instance);
        Assert.True(probe.ExpectTerminated(echo).ExistenceConfirmed);
    }

    [Fact]
    public void Probe_reply_goes_to_the_last_sender()
    {
        var probe = CreateTestProbe();
        probe.Ref.Tell("question", TestActor);
        probe.ExpectMsg("question");
        probe.Reply("answer");
        ExpectMsg("answer");
        Assert.Equal(probe.Ref, LastSender);
    }

    [Fact]
    public void Log_capture_records_runtime_warnings_and_errors()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Thrower()), "thrower");
        actor.Tell("boom");
        AwaitCondition(() => Logs.AtLeast(LogLevel.Error).Any(e => e.Exception?.Message == "boom"));
        var entry = Logs.AtLeast(LogLevel.Error).First(e => e.Exception?.Message == "boom");
        Assert.Contains("/user/thrower", entry.Message);
    }

    private sealed class Thrower : ReceiveActor
    {
        public Thrower() => Receive<string>(s => throw new InvalidOperationException(s));
    }
}

public sealed class AkkaStyleConstructorTests(Xunit.Abstractions.ITestOutputHelper output)
    : TestKit("paxos.actor.ask-timeout = 7s", output)
{
    [Fact]
    public void Config_string_constructor_configures_the_system()
        => Assert.Equal(TimeSpan.FromSeconds(7), Sys.Settings.AskTimeout);
}
