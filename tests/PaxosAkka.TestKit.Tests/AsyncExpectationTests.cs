using PaxosAkka.Actors;
using Xunit.Sdk;

namespace PaxosAkka.TestKit.Tests;

public sealed class AsyncExpectationTests() : TestKit(new TestKitOptions { Settings = new TestKitSettings { TimeFactor = 1.0 } })
{
    private sealed class Echo : ReceiveActor
    {
        public Echo() => ReceiveAny(m => Sender.Tell(m));
    }

    [Fact]
    public async Task ExpectMsgAsync_returns_the_typed_message_and_records_its_sender()
    {
        var echo = Sys.ActorOf(Props.Create<Echo>());
        echo.Tell("hi", TestActor);
        Assert.Equal("hi", await ExpectMsgAsync<string>());
        Assert.Equal(echo, LastSender);
    }

    [Fact]
    public async Task ExpectMsgAsync_fails_on_timeout_wrong_type_or_predicate()
    {
        var timeout = await Assert.ThrowsAsync<XunitException>(() => ExpectMsgAsync<int>(TimeSpan.FromMilliseconds(50)));
        Assert.Contains("Timeout", timeout.Message);
        TestActor.Tell("text");
        Assert.Contains("String", (await Assert.ThrowsAsync<XunitException>(() => ExpectMsgAsync<int>())).Message);
        TestActor.Tell(41);
        await Assert.ThrowsAsync<XunitException>(() => ExpectMsgAsync<int>(i => i > 41));
    }

    [Fact]
    public async Task ExpectMsgAsync_keeps_arrival_order_with_the_sync_api()
    {
        TestActor.Tell(1);
        TestActor.Tell(2);
        TestActor.Tell(3);
        Assert.Equal(1, await ExpectMsgAsync<int>());
        Assert.Equal(2, ExpectMsg<int>());
        Assert.Equal(3, await ExpectMsgAsync<int>());
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(20));
    }

    [Fact]
    public async Task ExpectNoMsgAsync_fails_when_a_message_arrives()
    {
        TestActor.Tell("late");
        await Assert.ThrowsAsync<XunitException>(() => ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200)));
    }

    [Fact]
    public async Task ReceiveOneAsync_throws_when_the_callers_token_is_cancelled()
    {
        using var cancel = new CancellationTokenSource();
        var receive = ReceiveOneAsync(TimeSpan.FromSeconds(10), cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => receive);
    }

    [Fact]
    public async Task AwaitConditionAsync_fails_at_its_deadline_and_passes_once_the_condition_holds()
    {
        var error = await Assert.ThrowsAsync<XunitException>(() => AwaitConditionAsync(() => false, TimeSpan.FromMilliseconds(50), message: "never"));
        Assert.Contains("never", error.Message);
        var flag = 0;
        TestActor.Tell("go");
        var set = Task.Run(async () =>
        {
            await ExpectMsgAsync<string>();
            Volatile.Write(ref flag, 1);
        });
        await AwaitConditionAsync(() => Volatile.Read(ref flag) == 1);
        await set;
    }

    [Fact]
    public async Task AwaitAssertAsync_retries_until_the_assertion_passes_and_rethrows_the_last_failure()
    {
        var attempts = 0;
        await AwaitAssertAsync(() => Assert.True(++attempts >= 3));
        Assert.Equal(3, attempts);
        await Assert.ThrowsAsync<Xunit.Sdk.TrueException>(() => AwaitAssertAsync(() => Assert.True(false), TimeSpan.FromMilliseconds(50)));
    }

    [Fact]
    public async Task ExpectTerminatedAsync_sees_a_watched_actor_stop()
    {
        var echo = Sys.ActorOf(Props.Create<Echo>());
        Watch(echo);
        Sys.Stop(echo);
        Assert.Equal(echo, (await ExpectTerminatedAsync(echo)).ActorRef);
    }
}
