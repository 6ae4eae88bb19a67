using PaxosAkka.Actors;
using PaxosAkka.Remote.Tests.Support;

namespace PaxosAkka.Remote.Tests;

public sealed class ChildProcessTests
{
    [Fact]
    public async Task Remote_watch_fires_Terminated_when_the_node_process_is_killed_with_SIGKILL()
    {
        var (child, address) = await ChildNode.StartAsync("s3cret");
        ActorSystem? a = null;
        try
        {
            // Started inside the try so that a failure here still kills the child.
            a = await RemoteSystems.StartAsync();
            var probe = new Probe(a, "probe");
            var echo = a.ActorSelection(address.PathOf("/user/echo")).Resolve()!;
            probe.Ref.Tell(new WatchIt(echo));
            probe.Ref.Tell(new SendIt(echo, new Ping(1, "alive?")));
            var reply = await probe.ExpectAsync(TimeSpan.FromSeconds(20));
            Assert.Equal(new Ping(1, "alive?"), reply.Message);
            Assert.Equal(echo, reply.Sender);

            child.Kill(entireProcessTree: true); // SIGKILL: no goodbye, no death watch notice
            await child.WaitForExitAsync();

            var terminated = await probe.ExpectMsgAsync<Terminated>(TimeSpan.FromSeconds(20));
            Assert.Equal(echo, terminated.ActorRef);
            Assert.True(terminated.AddressTerminated);
            Assert.False(terminated.ExistenceConfirmed);
        }
        finally
        {
            if (!child.HasExited)
            {
                child.Kill(entireProcessTree: true);
            }

            child.Dispose();
            if (a is not null)
            {
                await RemoteSystems.StopAsync(a);
            }
        }
    }
}
