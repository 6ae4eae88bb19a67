using System.Threading.Channels;
using PaxosAkka.Actors;

namespace PaxosAkka.TestKit.Tests.MultiNode;

/// <summary>An actor that hands every message it gets to the test through a channel.</summary>
internal sealed class Inbox : ReceiveActor
{
    public Inbox(ChannelWriter<object> messages) => ReceiveAny(m => messages.TryWrite(m));

    public static ChannelReader<object> Start(ActorSystem system, string name)
    {
        var channel = Channel.CreateUnbounded<object>();
        system.ActorOf(Props.Create(() => new Inbox(channel.Writer)), name);
        return channel.Reader;
    }

    public static async Task<object> NextAsync(ChannelReader<object> inbox)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await inbox.ReadAsync(deadline.Token);
    }
}
