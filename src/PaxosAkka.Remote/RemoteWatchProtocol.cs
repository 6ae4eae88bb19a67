namespace PaxosAkka.Remote;

/// <summary>
/// Death watch across nodes, as wire messages between the remoting layers (never seen by actors).
/// Paths are full remote paths except <see cref="WatchRemote.Watchee"/>/<see cref="UnwatchRemote.Watchee"/>,
/// which are local to the receiving node.
/// </summary>
public static class RemoteWatchProtocol
{
    /// <summary>The recipient path the watch messages are addressed to on the watchee's node.</summary>
    public const string RecipientPath = "/system/remote-watcher";

    /// <summary>The watcher (full path) wants to know when the watchee (path on the receiving node) stops.</summary>
    public sealed record WatchRemote(string Watchee, string Watcher);

    /// <summary>Cancels a <see cref="WatchRemote"/>.</summary>
    public sealed record UnwatchRemote(string Watchee, string Watcher);

    /// <summary>Sent to the watcher: the actor (full path) has stopped, or never existed.</summary>
    public sealed record DeathWatchNotice(string Actor, bool ExistenceConfirmed);
}
