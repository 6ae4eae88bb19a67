using PaxosAkka.Actors;

namespace PaxosAkka.Remote.Tests.Support;

/// <summary>
/// Two remoting-enabled actor systems on loopback, stopped together (ports released) when disposed, also
/// when the second one fails to start, so no test leaves a system and its socket behind.
/// </summary>
public sealed class SystemPair : IAsyncDisposable
{
    private SystemPair(ActorSystem a, ActorSystem b)
    {
        A = a;
        B = b;
    }

    public ActorSystem A { get; }

    public ActorSystem B { get; }

    public static async Task<SystemPair> StartAsync(
        RemoteSettings? aSettings = null, RemoteSettings? bSettings = null, CapturingLoggerFactory? bLogs = null)
    {
        var a = await RemoteSystems.StartAsync(aSettings);
        try
        {
            return new SystemPair(a, await RemoteSystems.StartAsync(bSettings, bLogs));
        }
        catch
        {
            await RemoteSystems.StopAsync(a);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RemoteSystems.StopAsync(A);
        }
        finally
        {
            await RemoteSystems.StopAsync(B);
        }
    }
}
